// SPDX-License-Identifier: GPL-2.0
/*
 * tc forwarding step with direct packet writes: IPv4 TTL and IPv6 hop limit
 * are decremented (IPv4 checksum updated incrementally); frames that would
 * reach zero are shot. skb->mark carries the new TTL.
 */
#include "corpus.h"

SEC("tc")
int tc_ttl(struct __sk_buff *skb)
{
	struct cursor c;
	struct ethhdr *eth;
	int depth;
	__be16 et;

	cursor_init_skb(&c, skb);
	et = parse_eth(&c, &eth, &depth);
	if (et == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = parse_ipv4(&c);
		__be16 old;

		if (!ip)
			return TC_ACT_SHOT;
		if (ip->ttl <= 1)
			return TC_ACT_SHOT;
		old = *(__be16 *)&ip->ttl;
		ip->ttl--;
		csum_replace2(&ip->check, old, *(__be16 *)&ip->ttl);
		skb->mark = ip->ttl;
	} else if (et == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = c.pos;

		if ((void *)(ip6 + 1) > c.end)
			return TC_ACT_SHOT;
		if (ip6->hop_limit <= 1)
			return TC_ACT_SHOT;
		ip6->hop_limit--;
		skb->mark = ip6->hop_limit;
	}
	return TC_ACT_OK;
}

CORPUS_LICENSE;
