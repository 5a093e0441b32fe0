// SPDX-License-Identifier: GPL-2.0
/*
 * Atomics on HASH values: per-source statistics (IPv4 source address or
 * the last word of the IPv6 one), inserted with BPF_NOEXIST on first sight,
 * then updated with fetch-add, or, xchg and cmpxchg. The verdict follows
 * the fetched packet count.
 */
#include "corpus.h"

struct src_stat {
	__u64 packets;
	__u64 bytes;
	__u64 protos;		/* or of 1 << (l4 proto & 63) */
	__u64 last_len;		/* xchg */
	__u64 first_len;	/* cmpxchg from 0 */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __be32);
	__type(value, struct src_stat);
} src_stats SEC(".maps");

SEC("xdp")
int xdp_atomics_hash(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct src_stat *s, init = {};
	__u64 len = ctx->data_end - ctx->data, n;
	__be32 key;
	__u8 proto;
	int depth;
	__be16 et;

	cursor_init_xdp(&c, ctx);
	et = parse_eth(&c, &eth, &depth);
	if (et == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = c.pos;

		if ((void *)(ip + 1) > c.end)
			return XDP_DROP;
		key = ip->saddr;
		proto = ip->protocol;
	} else if (et == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = c.pos;

		if ((void *)(ip6 + 1) > c.end)
			return XDP_DROP;
		key = ip6->saddr.in6_u.u6_addr32[3];
		proto = ip6->nexthdr;
	} else {
		return XDP_PASS;
	}
	s = bpf_map_lookup_elem(&src_stats, &key);
	if (!s) {
		if (bpf_map_update_elem(&src_stats, &key, &init, BPF_NOEXIST))
			return XDP_ABORTED;	/* table full */
		s = bpf_map_lookup_elem(&src_stats, &key);
		if (!s)
			return XDP_ABORTED;
	}
	n = __sync_fetch_and_add(&s->packets, 1);
	__sync_fetch_and_add(&s->bytes, len);
	__sync_fetch_and_or(&s->protos, 1ULL << (proto & 63));
	__sync_lock_test_and_set(&s->last_len, len);
	__sync_val_compare_and_swap(&s->first_len, 0, len);
	if (n == 0)
		return XDP_PASS;
	return n & 1 ? XDP_TX : XDP_DROP;
}

CORPUS_LICENSE;
