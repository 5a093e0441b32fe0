// SPDX-License-Identifier: GPL-2.0
/* A helper the NIC does not have: bpf_fib_lookup (69). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int bad_helper(struct xdp_md *ctx)
{
	struct bpf_fib_lookup p = {};

	p.family = 2;
	p.ifindex = ctx->ingress_ifindex;
	if (bpf_fib_lookup(ctx, &p, sizeof(p), 0) == 0)
		return XDP_TX;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
