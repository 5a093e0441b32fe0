// SPDX-License-Identifier: GPL-2.0
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int ret_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("tc")
int tc_ok(struct __sk_buff *skb)
{
	return 0;
}

char _license[] SEC("license") = "GPL";
