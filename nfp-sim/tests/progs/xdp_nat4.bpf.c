// SPDX-License-Identifier: GPL-2.0
/*
 * Source NAT for IPv4 TCP/UDP from 10.0.0.0/8: the source address becomes
 * 203.0.113.1 and the source port one allocated per (address, port) from a
 * counter; IP and L4 checksums are updated incrementally (RFC 1624), a zero
 * UDP checksum stays zero. Rewritten frames are bounced (XDP_TX).
 */
#include "corpus.h"

#define NAT_ADDR	IP4(203, 0, 113, 1)
#define NAT_PORT_BASE	20000

struct nat_key {
	__be32 addr;
	__be16 port;
	__u8 proto;
	__u8 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct nat_key);
	__type(value, __u16);
} nat_ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);	/* 32-bit fetch-add needs -mcpu=v3 */
} nat_next SEC(".maps");

static __always_inline int nat_port(struct nat_key *k, __u16 *port)
{
	__u32 zero = 0;
	__u64 *next;
	__u16 *p;

	p = bpf_map_lookup_elem(&nat_ports, k);
	if (p) {
		*port = *p;
		return 0;
	}
	next = bpf_map_lookup_elem(&nat_next, &zero);
	if (!next)
		return -1;
	*port = NAT_PORT_BASE + __sync_fetch_and_add(next, 1) % 1000;
	return bpf_map_update_elem(&nat_ports, k, port, BPF_NOEXIST);
}

SEC("xdp")
int xdp_nat4(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct nat_key k = {};
	__be16 *sport;
	__sum16 *l4sum;
	__be32 new_addr = bpf_htonl(NAT_ADDR);
	__u16 port;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || (bpf_ntohl(ip->saddr) & 0xff000000) != NET10)
		return XDP_PASS;
	if (ip->frag_off & bpf_htons(0x1fff))
		return XDP_DROP;	/* no L4 header to translate */
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *th = c.pos;

		if ((void *)(th + 1) > c.end)
			return XDP_DROP;
		sport = &th->source;
		l4sum = &th->check;
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *uh = c.pos;

		if ((void *)(uh + 1) > c.end)
			return XDP_DROP;
		sport = &uh->source;
		l4sum = &uh->check;
	} else {
		return XDP_PASS;
	}
	k.addr = ip->saddr;
	k.port = *sport;
	k.proto = ip->protocol;
	if (nat_port(&k, &port))
		return XDP_ABORTED;

	if (ip->protocol == IPPROTO_TCP || *l4sum) {
		csum_replace4(l4sum, ip->saddr, new_addr);
		csum_replace2(l4sum, *sport, bpf_htons(port));
		if (ip->protocol == IPPROTO_UDP && !*l4sum)
			*l4sum = 0xffff;
	}
	csum_replace4(&ip->check, ip->saddr, new_addr);
	ip->saddr = new_addr;
	*sport = bpf_htons(port);
	return XDP_TX;
}

CORPUS_LICENSE;
