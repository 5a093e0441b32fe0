// SPDX-License-Identifier: GPL-2.0
/*
 * IPv6 extension header walk: a bounded loop (at most 6 headers) over
 * hop-by-hop, routing, fragment and destination options to the upper layer
 * protocol. TCP/UDP pass, ICMPv6 is bounced, chains that are too long, or
 * non-first fragments, are dropped. The number of headers walked is counted.
 */
#include "corpus.h"

#define MAX_EXT 6

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_EXT + 2);
	__type(key, __u32);
	__type(value, __u64);
} ext_hist SEC(".maps");

struct ext_hdr {
	__u8 nexthdr;
	__u8 hdrlen;
	__be16 frag_off;	/* fragment header only */
};

SEC("xdp")
int xdp_ipv6_ext(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct ipv6hdr *ip6;
	__u32 n = 0;
	__u8 nh;
	__u64 *h;
	int depth, i, frag_later = 0;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IPV6))
		return XDP_PASS;
	ip6 = c.pos;
	if ((void *)(ip6 + 1) > c.end)
		return XDP_DROP;
	c.pos = ip6 + 1;
	nh = ip6->nexthdr;
	for (i = 0; i < MAX_EXT; i++) {
		struct ext_hdr *e = c.pos;

		if (nh != IPPROTO_HOPOPTS && nh != IPPROTO_ROUTING &&
		    nh != IPPROTO_FRAGMENT && nh != IPPROTO_DSTOPTS)
			break;
		if ((void *)(e + 1) > c.end)
			return XDP_ABORTED;
		n++;
		if (nh == IPPROTO_FRAGMENT) {
			if (bpf_ntohs(e->frag_off) & 0xfff8)
				frag_later = 1;
			c.pos += 8;
		} else {
			c.pos += (e->hdrlen + 1) * 8;
		}
		nh = e->nexthdr;
	}
	if (i == MAX_EXT)
		n = MAX_EXT + 1;
	h = bpf_map_lookup_elem(&ext_hist, &n);
	if (h)
		__sync_fetch_and_add(h, 1);
	if (n > MAX_EXT || frag_later)
		return XDP_DROP;
	if (nh == IPPROTO_TCP || nh == IPPROTO_UDP) {
		/* the upper layer header must be present too */
		if (c.pos + 8 > c.end)
			return XDP_ABORTED;
		return XDP_PASS;
	}
	if (nh == IPPROTO_ICMPV6)
		return XDP_TX;
	return XDP_DROP;
}

CORPUS_LICENSE;
