// SPDX-License-Identifier: GPL-2.0
/*
 * Byte order conversions: bpf_ntohs, bpf_ntohl, bpf_be64_to_cpu and the
 * reverse directions on frame fields, stored in a map and compared with
 * hand-made shifts. Verdict from the converted ethertype and address.
 */
#include "corpus.h"

struct swaps {
	__u64 be64;	/* bytes 0..7 read as big endian */
	__u64 back64;	/* bpf_cpu_to_be64 of be64 (== raw) */
	__u32 be32;
	__u32 back32;
	__u16 be16;
	__u16 back16;
	__u32 mismatches;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct swaps);
} swaps SEC(".maps");

SEC("xdp")
int xdp_bswap(struct xdp_md *ctx)
{
	__u8 *b = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct swaps *s;
	__u64 raw64, manual64 = 0;
	__u32 raw32, zero = 0;
	__u16 raw16;
	int i;

	if ((void *)(b + 20) > end)
		return XDP_ABORTED;
	s = bpf_map_lookup_elem(&swaps, &zero);
	if (!s)
		return XDP_ABORTED;
	raw64 = *(__u64 *)b;
	raw32 = *(__u32 *)(b + 14);
	raw16 = *(__u16 *)(b + 12);
#pragma unroll
	for (i = 0; i < 8; i++)
		manual64 = manual64 << 8 | b[i];

	s->be64 = bpf_be64_to_cpu(raw64);
	s->back64 = bpf_cpu_to_be64(s->be64);
	s->be32 = bpf_ntohl(raw32);
	s->back32 = bpf_htonl(s->be32);
	s->be16 = bpf_ntohs(raw16);
	s->back16 = bpf_htons(s->be16);
	if (s->be64 != manual64 || s->back64 != raw64 || s->back32 != raw32 ||
	    s->be16 != ((__u16)b[12] << 8 | b[13]))
		s->mismatches++;

	if (s->be16 == ETH_P_IPV6)
		return XDP_TX;
	if (s->be16 == ETH_P_IP)
		return (s->be32 >> 28) == 4 ? XDP_PASS : XDP_DROP;
	return s->be64 & 1 ? XDP_DROP : XDP_PASS;
}

CORPUS_LICENSE;
