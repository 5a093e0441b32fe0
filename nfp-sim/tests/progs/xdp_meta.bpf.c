// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_meta(): reserve 8 bytes of metadata before the frame,
 * write a classification into it, read it back through data_meta (bounds
 * checked against data) to choose the verdict, then release the metadata so
 * the output frame is the input frame.
 */
#include "corpus.h"

struct meta {
	__u32 cls;
	__u32 len;
};

SEC("xdp")
int xdp_meta(struct xdp_md *ctx)
{
	void *data, *data_meta;
	struct ethhdr *eth;
	struct meta *m;
	__u32 cls, len;

	if (bpf_xdp_adjust_meta(ctx, -(int)sizeof(*m)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	data_meta = (void *)(long)ctx->data_meta;
	m = data_meta;
	if ((void *)(m + 1) > data)
		return XDP_ABORTED;
	eth = data;
	if ((void *)(eth + 1) > (void *)(long)ctx->data_end)
		return XDP_ABORTED;
	m->cls = eth->h_proto == bpf_htons(ETH_P_IP) ? 1 :
		 eth->h_proto == bpf_htons(ETH_P_IPV6) ? 2 : 3;
	m->len = ctx->data_end - ctx->data;

	/* read back through a fresh pointer */
	data = (void *)(long)ctx->data;
	m = (void *)(long)ctx->data_meta;
	if ((void *)(m + 1) > data)
		return XDP_ABORTED;
	cls = m->cls;
	len = m->len;
	if (bpf_xdp_adjust_meta(ctx, (int)sizeof(*m)))
		return XDP_ABORTED;
	if (cls == 3)
		return XDP_DROP;
	return len > 200 ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
