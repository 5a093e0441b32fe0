// SPDX-License-Identifier: GPL-2.0
/* A program of several thousand microcode words (more than 4096). */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int big(struct xdp_md *ctx)
{
	__u64 a = ctx->data_end - ctx->data, b = ctx->rx_queue_index + 7;

#pragma unroll
	for (int i = 0; i < 420; i++) {
		a = a * 31 + (b ^ i);
		b += a >> 3;
	}
	return (a & 1) ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
