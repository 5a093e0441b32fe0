// SPDX-License-Identifier: GPL-2.0
/*
 * Decapsulation with bpf_xdp_adjust_head(+n): IPv4 frames carrying GRE (47)
 * or IPIP (4) lose their outer IP header (options included); the Ethernet
 * header moves up and its type follows the GRE protocol field or becomes
 * IPv4. A removal that would leave less than an Ethernet header fails in
 * the helper and is reported as XDP_ABORTED.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} decap_cnt SEC(".maps");

SEC("xdp")
int xdp_decap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data, copy;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 hlen, k;
	__be16 inner = bpf_htons(ETH_P_IP);
	__u64 *cnt;
	int pop;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->protocol != IPPROTO_GRE && ip->protocol != IPPROTO_IPIP)
		return XDP_PASS;
	hlen = ip->ihl * 4;
	if (hlen < sizeof(*ip))
		return XDP_DROP;
	pop = hlen;
	if (ip->protocol == IPPROTO_GRE) {
		__be16 *gre = (void *)ip + (hlen & 0x3c);

		if ((void *)(gre + 2) > end)
			return XDP_DROP;
		inner = gre[1];
		pop += 4;
	}
	copy = *eth;
	copy.h_proto = inner;
	k = ip->protocol == IPPROTO_GRE;
	if (bpf_xdp_adjust_head(ctx, pop)) {
		k = 2;
		cnt = bpf_map_lookup_elem(&decap_cnt, &k);
		if (cnt)
			*cnt += 1;
		return XDP_ABORTED;
	}
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	*eth = copy;
	cnt = bpf_map_lookup_elem(&decap_cnt, &k);
	if (cnt)
		*cnt += 1;
	return XDP_PASS;
}

CORPUS_LICENSE;
