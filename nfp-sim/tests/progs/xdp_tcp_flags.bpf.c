// SPDX-License-Identifier: GPL-2.0
/*
 * TCP over IPv4 and IPv6: verdicts from the flag combination (SYN+FIN and
 * null scans dropped, RST bounced, SYN to port 22 dropped) and a counter
 * per flag bit.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} flag_cnt SEC(".maps");

static __always_inline struct tcphdr *find_tcp(struct cursor *c)
{
	struct ethhdr *eth;
	struct iphdr *ip;
	struct ipv6hdr *ip6;
	__be16 proto;
	int depth;

	proto = parse_eth(c, &eth, &depth);
	if (proto == bpf_htons(ETH_P_IP)) {
		ip = parse_ipv4(c);
		if (!ip || ip->protocol != IPPROTO_TCP || (ip->frag_off & bpf_htons(0x1fff)))
			return 0;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		ip6 = c->pos;
		if ((void *)(ip6 + 1) > c->end || ip6->nexthdr != IPPROTO_TCP)
			return 0;
		c->pos = ip6 + 1;
	} else {
		return 0;
	}
	if (c->pos + sizeof(struct tcphdr) > c->end)
		return 0;
	return c->pos;
}

SEC("xdp")
int xdp_tcp_flags(struct xdp_md *ctx)
{
	struct cursor c;
	struct tcphdr *th;
	__u8 flags;
	__u32 bit;

	cursor_init_xdp(&c, ctx);
	th = find_tcp(&c);
	if (!th)
		return XDP_PASS;
	flags = ((__u8 *)th)[13];
#pragma unroll
	for (bit = 0; bit < 8; bit++) {
		__u32 k = bit;
		__u64 *v;

		if (!(flags & (1 << bit)))
			continue;
		v = bpf_map_lookup_elem(&flag_cnt, &k);
		if (v)
			__sync_fetch_and_add(v, 1);
	}
	if (!flags || (th->syn && th->fin))
		return XDP_DROP;
	if (th->rst)
		return XDP_TX;
	if (th->syn && !th->ack && th->dest == bpf_htons(22))
		return XDP_DROP;
	return XDP_PASS;
}

CORPUS_LICENSE;
