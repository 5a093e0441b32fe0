// SPDX-License-Identifier: GPL-2.0
/*
 * A bounded, not unrolled loop over up to 64 frame bytes computing an FNV-1a
 * hash (64-bit multiply), then a second loop with a data-dependent exit.
 * The verdict is the hash modulo 4; hash buckets are counted.
 */
#include "corpus.h"

#define FNV_OFFSET	0xcbf29ce484222325ULL
#define FNV_PRIME	0x100000001b3ULL

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} hash_buckets SEC(".maps");

SEC("xdp")
int xdp_loop_hash(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 h = FNV_OFFSET, *v;
	__u32 i, k, zeros = 0;

#pragma clang loop unroll(disable)
	for (i = 0; i < 64; i++) {
		if ((void *)(data + i + 1) > end)
			break;
		h ^= data[i];
		h *= FNV_PRIME;
	}
	/* count leading zero bytes after the MACs: an early, data-driven exit */
#pragma clang loop unroll(disable)
	for (i = 12; i < 40; i++) {
		if ((void *)(data + i + 1) > end || data[i])
			break;
		zeros++;
	}
	k = (h >> 60) ^ zeros;
	k &= 15;
	v = bpf_map_lookup_elem(&hash_buckets, &k);
	if (v)
		*v += 1;
	return h % 4;
}

CORPUS_LICENSE;
