// SPDX-License-Identifier: GPL-2.0
/*
 * tc destination NAT with bpf_csum_diff() and direct packet writes: UDP
 * and TCP to 192.168.1.10 are sent to 192.168.1.20 with the destination
 * port +1; IP and L4 checksums follow from folded csum_diff deltas. The
 * rewritten frames get mark 0x4e4154 ("NAT") and TC_ACT_OK; frames whose
 * L4 header is cut short are shot.
 */
#include "corpus.h"

#define FROM_ADDR	IP4(192, 168, 1, 10)
#define TO_ADDR		IP4(192, 168, 1, 20)

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dnat_hits SEC(".maps");

SEC("tc")
int tc_dnat_csum(struct __sk_buff *skb)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	__be32 from[2], to[2];
	__be16 *ports;
	__sum16 *l4sum;
	__u32 zero = 0;
	__u64 *hits;
	__s64 d;
	int depth;

	cursor_init_skb(&c, skb);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ip = parse_ipv4(&c);
	if (!ip || ip->daddr != bpf_htonl(FROM_ADDR) || (ip->frag_off & bpf_htons(0x1fff)))
		return TC_ACT_OK;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *th = c.pos;

		if ((void *)(th + 1) > c.end)
			return TC_ACT_SHOT;
		ports = &th->source;
		l4sum = &th->check;
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *uh = c.pos;

		if ((void *)(uh + 1) > c.end)
			return TC_ACT_SHOT;
		ports = &uh->source;
		l4sum = &uh->check;
	} else {
		return TC_ACT_OK;
	}
	from[0] = ip->daddr;
	from[1] = *(__be32 *)ports;
	to[0] = bpf_htonl(TO_ADDR);
	to[1] = from[1];
	((__be16 *)&to[1])[1] = bpf_htons(bpf_ntohs(ports[1]) + 1);

	d = bpf_csum_diff(from, 4, to, 4, (__u16)~ip->check);
	ip->check = csum_fold32((__u32)d);
	if (ip->protocol == IPPROTO_TCP || *l4sum) {
		d = bpf_csum_diff(from, 8, to, 8, (__u16)~*l4sum);
		*l4sum = csum_fold32((__u32)d);
		if (ip->protocol == IPPROTO_UDP && !*l4sum)
			*l4sum = 0xffff;
	}
	ip->daddr = to[0];
	*(__be32 *)ports = to[1];
	skb->mark = 0x4e4154;
	hits = bpf_map_lookup_elem(&dnat_hits, &zero);
	if (hits)
		__sync_fetch_and_add(hits, 1);
	return TC_ACT_OK;
}

CORPUS_LICENSE;
