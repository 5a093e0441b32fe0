// SPDX-License-Identifier: GPL-2.0
/*
 * tc classifier writing skb->mark and skb->priority: mark = DSCP << 8 |
 * L4 protocol (IPv4 and IPv6, behind up to two VLAN tags), priority = the
 * outer VLAN PCP or DSCP >> 3. Truncated IP headers are shot. A HASH map
 * counts frames per mark value.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} mark_cnt SEC(".maps");

SEC("tc")
int tc_mark(struct __sk_buff *skb)
{
	struct cursor c;
	struct ethhdr *eth;
	__u32 dscp, proto, pcp = 0, mark;
	__u64 one = 1;
	__u64 *v;
	int depth;
	__be16 et;

	cursor_init_skb(&c, skb);
	et = parse_eth(&c, &eth, &depth);
	if (depth) {
		struct vlanhdr *outer = (void *)(eth + 1);

		if ((void *)(outer + 1) > c.end)
			return TC_ACT_SHOT;
		pcp = bpf_ntohs(outer->tci) >> 13;
	}
	if (et == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = parse_ipv4(&c);

		if (!ip)
			return TC_ACT_SHOT;
		dscp = ip->tos >> 2;
		proto = ip->protocol;
	} else if (et == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = c.pos;

		if ((void *)(ip6 + 1) > c.end)
			return TC_ACT_SHOT;
		dscp = (bpf_ntohs(*(__be16 *)ip6) >> 6) & 0x3f;
		proto = ip6->nexthdr;
	} else {
		return TC_ACT_OK;
	}
	mark = dscp << 8 | proto;
	skb->mark = mark;
	skb->priority = pcp ? pcp : dscp >> 3;
	v = bpf_map_lookup_elem(&mark_cnt, &mark);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&mark_cnt, &mark, &one, BPF_NOEXIST);
	return TC_ACT_OK;
}

CORPUS_LICENSE;
