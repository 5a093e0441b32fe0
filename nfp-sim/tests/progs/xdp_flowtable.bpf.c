// SPDX-License-Identifier: GPL-2.0
/*
 * TCP/IPv4 connection table keyed by the 5-tuple: a SYN inserts the flow
 * with BPF_NOEXIST (a duplicate SYN is counted), other segments of a known
 * flow update it, FIN or RST deletes it, segments of unknown flows are
 * dropped.
 */
#include "corpus.h"

struct flow_key {
	__be32 saddr;
	__be32 daddr;
	__be16 sport;
	__be16 dport;
	__u8 proto;
	__u8 pad[3];
};

struct flow {
	__u64 packets;
	__u64 bytes;
	__u32 first_seq;
	__u8 flags_seen;
	__u8 pad[3];
};

enum { S_NEW, S_DUP_SYN, S_HIT, S_MISS, S_CLOSED, S_FULL, S_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, struct flow_key);
	__type(value, struct flow);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, S_MAX);
	__type(key, __u32);
	__type(value, __u64);
} flow_stats SEC(".maps");

static __always_inline void stat(__u32 k)
{
	__u64 *v = bpf_map_lookup_elem(&flow_stats, &k);

	if (v)
		__sync_fetch_and_add(v, 1);
}

SEC("xdp")
int xdp_flowtable(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct tcphdr *th;
	struct flow_key k = {};
	struct flow *f, nf = {};
	__u8 flags;
	int depth, err;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	th = c.pos;
	if ((void *)(th + 1) > c.end)
		return XDP_DROP;
	k.saddr = ip->saddr;
	k.daddr = ip->daddr;
	k.sport = th->source;
	k.dport = th->dest;
	k.proto = IPPROTO_TCP;
	flags = ((__u8 *)th)[13];

	if (th->syn && !th->ack && !th->rst && !th->fin) {
		nf.packets = 1;
		nf.bytes = ctx->data_end - ctx->data;
		nf.first_seq = bpf_ntohl(th->seq);
		nf.flags_seen = flags;
		err = bpf_map_update_elem(&flows, &k, &nf, BPF_NOEXIST);
		if (!err) {
			stat(S_NEW);
			return XDP_PASS;
		}
		stat(err == -17 /* EEXIST */ ? S_DUP_SYN : S_FULL);
		return XDP_DROP;
	}
	f = bpf_map_lookup_elem(&flows, &k);
	if (!f) {
		stat(S_MISS);
		return XDP_DROP;
	}
	stat(S_HIT);
	f->packets++;
	f->bytes += ctx->data_end - ctx->data;
	f->flags_seen |= flags;
	if (th->fin || th->rst) {
		bpf_map_delete_elem(&flows, &k);
		stat(S_CLOSED);
		return XDP_TX;
	}
	return XDP_PASS;
}

CORPUS_LICENSE;
