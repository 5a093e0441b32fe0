// SPDX-License-Identifier: GPL-2.0
/*
 * tc flow policer: a HASH table keyed by the IPv4 5-tuple counts frames and
 * bytes per flow; a flow's fifth and later frames are shot, skb->mark gets
 * the flow's frame count and skb->priority its byte count / 256.
 */
#include "corpus.h"

#define FLOW_BUDGET 4

struct flow_key {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u32 proto;
};

struct flow_val {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} police SEC(".maps");

SEC("tc")
int tc_flow_police(struct __sk_buff *skb)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct flow_key k = {};
	struct flow_val *f, nf;
	int depth;

	cursor_init_skb(&c, skb);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return TC_ACT_OK;
	ip = parse_ipv4(&c);
	if (!ip)
		return TC_ACT_SHOT;
	k.saddr = ip->saddr;
	k.daddr = ip->daddr;
	k.proto = ip->protocol;
	if (ip->protocol == IPPROTO_TCP || ip->protocol == IPPROTO_UDP) {
		__be16 *ports = c.pos;

		if ((void *)(ports + 2) > c.end)
			return TC_ACT_SHOT;
		k.sport = ports[0];
		k.dport = ports[1];
	}
	f = bpf_map_lookup_elem(&police, &k);
	if (!f) {
		nf.packets = 1;
		nf.bytes = skb->len;
		bpf_map_update_elem(&police, &k, &nf, BPF_NOEXIST);
		skb->mark = 1;
		skb->priority = skb->len >> 8;
		return TC_ACT_OK;
	}
	f->packets++;
	f->bytes += skb->len;
	skb->mark = f->packets;
	skb->priority = f->bytes >> 8;
	return f->packets > FLOW_BUDGET ? TC_ACT_SHOT : TC_ACT_OK;
}

CORPUS_LICENSE;
