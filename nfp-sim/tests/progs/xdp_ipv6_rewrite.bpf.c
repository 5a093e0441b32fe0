// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 reflector: frames to 2001:db8::/32 get source and destination
 * addresses swapped (16-byte moves through a stack copy), the hop limit
 * decremented and the MACs swapped, then are bounced; the address swap
 * leaves the L4 checksums valid. Hop limits of 1 or less are dropped and
 * the last swapped address pair is recorded.
 */
#include "corpus.h"

struct addr_pair {
	struct in6_addr src;
	struct in6_addr dst;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct addr_pair);
} last_pair SEC(".maps");

SEC("xdp")
int xdp_ipv6_rewrite(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct ipv6hdr *ip6;
	struct in6_addr tmp;
	struct addr_pair *p;
	__u8 mac[ETH_ALEN];
	__u32 zero = 0;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6 = c.pos;
	if ((void *)(ip6 + 1) > c.end)
		return XDP_ABORTED;
	if (ip6->daddr.in6_u.u6_addr16[0] != bpf_htons(0x2001) ||
	    ip6->daddr.in6_u.u6_addr16[1] != bpf_htons(0x0db8))
		return XDP_PASS;
	if (ip6->hop_limit <= 1)
		return XDP_DROP;
	ip6->hop_limit--;
	tmp = ip6->saddr;
	ip6->saddr = ip6->daddr;
	ip6->daddr = tmp;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	p = bpf_map_lookup_elem(&last_pair, &zero);
	if (p) {
		p->src = ip6->saddr;
		p->dst = ip6->daddr;
	}
	return XDP_TX;
}

CORPUS_LICENSE;
