// SPDX-License-Identifier: GPL-2.0
/*
 * Fully unrolled loops (#pragma unroll) over fixed header bytes: a 16-bit
 * ones' complement sum and a byte-wise xor over the first 32 bytes and a
 * rotate-and-add over the MAC addresses. Short frames are dropped; the
 * verdict is a function of the three results, which are kept per frame
 * class.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} unroll_acc SEC(".maps");

SEC("xdp")
int xdp_loop_unroll(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 sum = 0, k;
	__u8 x = 0;
	__u64 rot = 0, *v;
	int i;

	if ((void *)(data + 32) > end)
		return XDP_DROP;
#pragma unroll
	for (i = 0; i < 16; i++)
		sum += ((__u16 *)data)[i];
#pragma unroll
	for (i = 0; i < 32; i++)
		x ^= data[i];
#pragma unroll
	for (i = 0; i < 12; i++)
		rot = (rot << 5 | rot >> 59) + data[i];

	k = x & 3;
	v = bpf_map_lookup_elem(&unroll_acc, &k);
	if (v)
		*v += rot ^ csum_fold32(sum);
	if (csum_fold32(sum) & 1)
		return XDP_PASS;
	return x & 1 ? XDP_TX : XDP_DROP;
}

CORPUS_LICENSE;
