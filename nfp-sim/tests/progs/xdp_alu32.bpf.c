// SPDX-License-Identifier: GPL-2.0
/*
 * 32-bit arithmetic on frame data: wrap-around add/sub/mul, unsigned
 * divide and modulo by values that are often zero, shifts, signed 32-bit
 * compares, and the zero extension of 32-bit results into 64-bit map
 * values. The verdict is derived from the results.
 */
#include "corpus.h"

struct alu32_out {
	__u64 sum;	/* 32-bit wrapped values stored zero-extended */
	__u64 diff;
	__u64 prod;
	__u64 quot;
	__u64 rem;
	__u64 shl;
	__u64 shr;
	__s64 sar;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct alu32_out);
} alu32_out SEC(".maps");

SEC("xdp")
int xdp_alu32(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct alu32_out *o;
	__u32 a, b, d, k, sh;
	__s32 sa, sb;

	if (data + 26 > end)
		return XDP_ABORTED;
	a = *(__u32 *)(data + 14);
	b = *(__u32 *)(data + 18);
	d = *(__u16 *)(data + 22) & 0x0f0f;	/* zero about 1 in 256 */
	if (((__u8 *)data)[24] & 1)
		d = 0;
	sh = ((__u8 *)data)[25] & 31;
	k = a > b;
	o = bpf_map_lookup_elem(&alu32_out, &k);
	if (!o)
		return XDP_ABORTED;
	o->sum = a + b;
	o->diff = a - b;
	o->prod = a * b;
	o->quot = a / d;
	o->rem = b % d;
	o->shl = a << sh;
	o->shr = b >> sh;
	sa = (__s32)a;
	sb = (__s32)b;
	o->sar = sa >> sh;

	if (sa < sb)
		return (a + b) < a ? XDP_TX : XDP_PASS;	/* unsigned overflow */
	if (sa == sb)
		return XDP_ABORTED;
	return (a - b) & 0x80000000 ? XDP_DROP : XDP_PASS;
}

CORPUS_LICENSE;
