// SPDX-License-Identifier: GPL-2.0
/*
 * 802.1Q and QinQ parser: verdict from the tag depth and the inner VLAN id
 * (odd ids dropped, id 0 passed, others bounced), per-depth counters.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} vlan_depth SEC(".maps");

SEC("xdp")
int xdp_vlan(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlanhdr *v;
	__u32 depth = 0;
	__u16 vid = 0;
	__be16 proto;
	__u64 *cnt;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	proto = eth->h_proto;
	v = (void *)(eth + 1);
	if (proto == bpf_htons(ETH_P_8021AD) || proto == bpf_htons(ETH_P_8021Q)) {
		if ((void *)(v + 1) > end)
			return XDP_ABORTED;
		vid = bpf_ntohs(v->tci) & 0xfff;
		proto = v->proto;
		depth = 1;
		v++;
		if (proto == bpf_htons(ETH_P_8021Q)) {
			if ((void *)(v + 1) > end)
				return XDP_ABORTED;
			vid = bpf_ntohs(v->tci) & 0xfff;
			proto = v->proto;
			depth = 2;
		}
	}
	cnt = bpf_map_lookup_elem(&vlan_depth, &depth);
	if (cnt)
		*cnt += 1;	/* plain read-modify-write, not atomic */
	if (!depth || !vid)
		return XDP_PASS;
	if (vid & 1)
		return XDP_DROP;
	return depth == 2 ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
