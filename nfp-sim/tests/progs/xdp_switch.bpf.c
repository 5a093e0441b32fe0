// SPDX-License-Identifier: GPL-2.0
/*
 * Small switch statements (kept sparse so clang emits compare chains, not
 * jump tables) on the IP protocol, ICMP type and a port class, and the
 * equivalent if-chain for the ethertype. Class counters per case.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 12);
	__type(key, __u32);
	__type(value, __u64);
} case_cnt SEC(".maps");

static __always_inline int port_class(__u16 port)
{
	switch (port) {
	case 22:
		return 1;
	case 53:
		return 2;
	case 80:
	case 8080:
		return 3;
	case 443:
		return 4;
	default:
		return port < 1024 ? 5 : 6;
	}
}

SEC("xdp")
int xdp_switch(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	__u32 k;
	__u64 *v;
	int depth, verdict;
	__be16 et;

	cursor_init_xdp(&c, ctx);
	et = parse_eth(&c, &eth, &depth);
	if (et != bpf_htons(ETH_P_IP) && et != bpf_htons(ETH_P_ARP) &&
	    et != bpf_htons(ETH_P_IPV6))
		return XDP_DROP;
	if (et == bpf_htons(ETH_P_ARP)) {
		k = 10;
		goto out;
	}
	if (et == bpf_htons(ETH_P_IPV6)) {
		k = 11;
		goto out;
	}
	ip = parse_ipv4(&c);
	if (!ip)
		return XDP_ABORTED;
	switch (ip->protocol) {
	case IPPROTO_TCP:
	case IPPROTO_UDP: {
		__be16 *ports = c.pos;

		if ((void *)(ports + 2) > c.end)
			return XDP_ABORTED;
		k = port_class(bpf_ntohs(ports[1]));
		break;
	}
	case IPPROTO_ICMP: {
		__u8 *type = c.pos;

		if ((void *)(type + 1) > c.end)
			return XDP_ABORTED;
		switch (*type) {
		case 0:
			k = 7;
			break;
		case 8:
			k = 8;
			break;
		default:
			k = 9;
		}
		break;
	}
	default:
		k = 0;
	}
out:
	v = bpf_map_lookup_elem(&case_cnt, &k);
	if (v)
		*v += 1;
	switch (k) {
	case 1:
	case 9:
		verdict = XDP_DROP;
		break;
	case 3:
	case 8:
	case 10:
		verdict = XDP_TX;
		break;
	default:
		verdict = XDP_PASS;
	}
	return verdict;
}

CORPUS_LICENSE;
