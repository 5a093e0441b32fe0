// SPDX-License-Identifier: GPL-2.0
/* Benchmark: the cheapest program, XDP_DROP (selftests/bench_datapath.sh). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int dp_bench_drop(struct xdp_md *ctx)
{
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
