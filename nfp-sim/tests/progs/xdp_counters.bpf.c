// SPDX-License-Identifier: GPL-2.0
/*
 * Per-protocol packet and byte counters in an ARRAY of structs, updated
 * with atomic adds (64-bit and 32-bit XADD), plus a plain 32-bit length
 * histogram. Verdict alternates with the frame length parity.
 */
#include "corpus.h"

enum { P_TCP, P_UDP, P_ICMP, P_OTHER4, P_IPV6, P_NONIP, P_MAX };

struct proto_cnt {
	__u64 packets;
	__u64 bytes;
	__u32 min_len;	/* 32-bit atomic add target below */
	__u32 small;	/* frames < 128 bytes (32-bit XADD) */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, P_MAX);
	__type(key, __u32);
	__type(value, struct proto_cnt);
} proto_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);	/* length / 128, clamped */
	__type(key, __u32);
	__type(value, __u32);
} len_hist SEC(".maps");

SEC("xdp")
int xdp_counters(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 len = end - data, k, bucket;
	struct ethhdr *eth = data;
	struct proto_cnt *pc;
	__u32 *h;

	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);

		if ((void *)(ip + 1) > end)
			k = P_OTHER4;
		else if (ip->protocol == IPPROTO_TCP)
			k = P_TCP;
		else if (ip->protocol == IPPROTO_UDP)
			k = P_UDP;
		else if (ip->protocol == IPPROTO_ICMP)
			k = P_ICMP;
		else
			k = P_OTHER4;
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		k = P_IPV6;
	} else {
		k = P_NONIP;
	}
	pc = bpf_map_lookup_elem(&proto_cnt, &k);
	if (!pc)
		return XDP_ABORTED;
	__sync_fetch_and_add(&pc->packets, 1);
	__sync_fetch_and_add(&pc->bytes, len);
	if (len < 128)
		__sync_fetch_and_add(&pc->small, 1);
	if (!pc->min_len || len < pc->min_len)
		pc->min_len = len;

	bucket = len / 128;
	if (bucket > 15)
		bucket = 15;
	h = bpf_map_lookup_elem(&len_hist, &bucket);
	if (h)
		*h += 1;
	return len & 1 ? XDP_DROP : XDP_PASS;
}

CORPUS_LICENSE;
