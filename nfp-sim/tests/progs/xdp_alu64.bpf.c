// SPDX-License-Identifier: GPL-2.0
/*
 * 64-bit arithmetic on frame data: multiply, unsigned divide and modulo by
 * registers that may be zero (eBPF: x / 0 = 0, x % 0 = x), shifts by
 * data-dependent amounts, arithmetic right shift, negation and signed
 * compares. All results land in one map value; the verdict comes from
 * signed comparisons.
 */
#include "corpus.h"

struct alu_out {
	__u64 mul;
	__u64 div;
	__u64 mod;
	__u64 lsh;
	__u64 rsh;
	__s64 arsh;
	__s64 neg;
	__u64 acc;	/* running combination over all frames */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct alu_out);
} alu64_out SEC(".maps");

SEC("xdp")
int xdp_alu64(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct alu_out *o;
	__u64 a, b, d;
	__s64 sa, sb;
	__u32 zero = 0, sh;

	if (data + 30 > end)
		return XDP_ABORTED;
	o = bpf_map_lookup_elem(&alu64_out, &zero);
	if (!o)
		return XDP_ABORTED;
	a = *(__u64 *)(data + 14);	/* unaligned loads of whatever follows */
	b = *(__u64 *)(data + 22);
	d = ((__u8 *)data)[29] & 7 ? b >> (((__u8 *)data)[28] & 63) : 0;
	sh = ((__u8 *)data)[15] & 63;

	o->mul = a * b;
	o->div = a / d;
	o->mod = a % d;
	o->lsh = a << sh;
	o->rsh = b >> (63 - sh);
	sa = (__s64)a;
	sb = (__s64)b;
	o->arsh = sa >> sh;
	o->neg = -sb;
	o->acc = (o->acc ^ o->mul) + o->div + (o->mod << 1) + o->lsh - o->rsh + o->arsh;

	if (sa < sb)
		return sa < -1000000 ? XDP_DROP : XDP_PASS;
	if ((__s64)(a * 3) > (__s64)(b - 7))
		return XDP_TX;
	return sb >= 0 ? XDP_PASS : XDP_DROP;
}

CORPUS_LICENSE;
