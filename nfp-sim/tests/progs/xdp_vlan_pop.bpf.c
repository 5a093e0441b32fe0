// SPDX-License-Identifier: GPL-2.0
/*
 * VLAN decapsulation with bpf_xdp_adjust_head(): move the MAC addresses 4
 * bytes up and drop the outer tag; QinQ frames lose both tags one by one.
 */
#include "corpus.h"

static __always_inline int pop_tag(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlanhdr *v = (void *)(eth + 1);
	__u8 macs[12];

	if ((void *)(v + 1) > end)
		return -1;
	if (eth->h_proto != bpf_htons(ETH_P_8021Q) && eth->h_proto != bpf_htons(ETH_P_8021AD))
		return 0;
	__builtin_memcpy(macs, eth, 12);
	if (bpf_xdp_adjust_head(ctx, (int)sizeof(*v)))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 12 > end)
		return -1;
	__builtin_memcpy(data, macs, 12);
	return 1;
}

SEC("xdp")
int xdp_vlan_pop(struct xdp_md *ctx)
{
	int a, b;

	a = pop_tag(ctx);
	if (a < 0)
		return XDP_ABORTED;
	if (!a)
		return XDP_PASS;
	b = pop_tag(ctx);
	if (b < 0)
		return XDP_DROP;
	return b ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
