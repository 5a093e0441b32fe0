// SPDX-License-Identifier: GPL-2.0
/*
 * ICMP echo responder: an IPv4 echo request (type 8) becomes an echo reply
 * in place: MACs and addresses swapped, type 0, ICMP checksum updated
 * incrementally, TTL reset to 64 with the IP checksum fixed, XDP_TX.
 */
#include "corpus.h"

SEC("xdp")
int xdp_icmp_echo(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct icmphdr_c *ic;
	__u8 mac[ETH_ALEN];
	__be32 addr;
	__be16 old;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || ip->protocol != IPPROTO_ICMP)
		return XDP_PASS;
	ic = c.pos;
	if ((void *)(ic + 1) > c.end)
		return XDP_DROP;
	if (ic->type != 8)
		return ic->type == 0 ? XDP_DROP : XDP_PASS;

	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	addr = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = addr;
	old = *(__be16 *)&ip->ttl;
	ip->ttl = 64;
	csum_replace2(&ip->check, old, *(__be16 *)&ip->ttl);
	old = *(__be16 *)ic;
	ic->type = 0;
	csum_replace2(&ic->checksum, old, *(__be16 *)ic);
	return XDP_TX;
}

CORPUS_LICENSE;
