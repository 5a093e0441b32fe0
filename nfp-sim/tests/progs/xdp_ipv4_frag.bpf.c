// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 fragments: first fragments pass, later fragments are dropped, DF
 * frames bounced, with a per-class counter and the highest offset seen.
 */
#include "corpus.h"

enum { F_WHOLE, F_FIRST, F_MIDDLE, F_LAST, F_DF, F_BAD, F_MAXOFF, F_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, F_MAX);
	__type(key, __u32);
	__type(value, __u32);
} frag_stats SEC(".maps");

SEC("xdp")
int xdp_ipv4_frag(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	__u32 cls, k = F_MAXOFF, *v;
	__u16 fo, off;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip)
		return XDP_DROP;
	fo = bpf_ntohs(ip->frag_off);
	off = fo & 0x1fff;
	if (fo & 0x8000)
		cls = F_BAD;
	else if (fo & 0x4000)
		cls = off ? F_BAD : F_DF;
	else if (fo & 0x2000)
		cls = off ? F_MIDDLE : F_FIRST;
	else
		cls = off ? F_LAST : F_WHOLE;
	v = bpf_map_lookup_elem(&frag_stats, &cls);
	if (v)
		__sync_fetch_and_add(v, 1);
	v = bpf_map_lookup_elem(&frag_stats, &k);
	if (v && off > *v)
		*v = off;
	switch (cls) {
	case F_WHOLE:
	case F_FIRST:
		return XDP_PASS;
	case F_DF:
		return XDP_TX;
	default:
		return XDP_DROP;
	}
}

CORPUS_LICENSE;
