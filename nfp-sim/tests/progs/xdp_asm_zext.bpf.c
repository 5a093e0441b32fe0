// SPDX-License-Identifier: GPL-2.0
/*
 * Upper-half edge cases for the translator's zero-extension tracking and
 * immediate folding, in inline assembly over frame data: narrow loads
 * (known-zero upper half) followed by 64-bit ops that fill the upper half
 * (neg, add/or/xor/mul with sign-extended negative immediates, sub with a
 * borrow, be64, shifts by 32 and more, arsh after lsh), 32-bit ops that
 * clear it again, 64-bit immediates, and signed 64-bit compares of
 * zero-extended values. Sixteen results go to the map; the verdict mixes
 * the compare outcomes. (LLVM 14 cannot assemble "%=", hence a .quad.)
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64[16]);
} zext_out SEC(".maps");

SEC("xdp")
int xdp_asm_zext(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 flags, *o;
	__u32 k;

	if (data + 30 > end)
		return XDP_ABORTED;
	k = ((__u8 *)data)[15] & 3;
	o = bpf_map_lookup_elem(&zext_out, &k);
	if (!o)
		return XDP_ABORTED;

	asm volatile(
		"r4 = 0\n\t"
		"r1 = *(u8 *)(%[p] + 14)\n\t"
		"r1 = -r1\n\t"
		"*(u64 *)(%[o] + 0) = r1\n\t"
		"r1 = *(u16 *)(%[p] + 16)\n\t"
		"r1 s>>= 8\n\t"
		"r2 = *(u32 *)(%[p] + 18)\n\t"
		"r2 <<= 32\n\t"
		"r2 s>>= 40\n\t"
		"r1 += r2\n\t"
		"*(u64 *)(%[o] + 8) = r1\n\t"
		"r1 = *(u32 *)(%[p] + 22)\n\t"
		"r1 += -1\n\t"
		"*(u64 *)(%[o] + 16) = r1\n\t"
		"r1 = *(u32 *)(%[p] + 22)\n\t"
		"r1 &= -256\n\t"
		"r2 = *(u16 *)(%[p] + 20)\n\t"
		"r2 |= -256\n\t"
		"r1 ^= r2\n\t"
		"*(u64 *)(%[o] + 24) = r1\n\t"
		"r1 = *(u16 *)(%[p] + 14)\n\t"
		"r2 = *(u32 *)(%[p] + 18)\n\t"
		"r1 -= r2\n\t"
		"*(u64 *)(%[o] + 32) = r1\n\t"
		"r1 = *(u32 *)(%[p] + 18)\n\t"
		"r1 *= -3\n\t"
		"*(u64 *)(%[o] + 40) = r1\n\t"
		"r1 = *(u32 *)(%[p] + 14)\n\t"
		"r1 ^= -1\n\t"
		"w2 = w1\n\t"
		"r2 += r1\n\t"
		"*(u64 *)(%[o] + 48) = r2\n\t"
		"r1 = *(u16 *)(%[p] + 24)\n\t"
		"r1 = be64 r1\n\t"
		"r2 = r1\n\t"
		"r2 >>= 32\n\t"
		"r1 s>>= 48\n\t"
		"r1 += r2\n\t"
		"*(u64 *)(%[o] + 56) = r1\n\t"
		"r1 = *(u16 *)(%[p] + 24)\n\t"
		"r1 = le16 r1\n\t"
		"r2 = *(u64 *)(%[p] + 14)\n\t"
		"r2 = le32 r2\n\t"
		"r1 += r2\n\t"
		"*(u64 *)(%[o] + 64) = r1\n\t"
		"r1 = -1\n\t"
		"w2 = -1\n\t"
		"r1 += r2\n\t"
		"r2 = 0x8000000000000001 ll\n\t"
		"r1 ^= r2\n\t"
		"r3 = *(u8 *)(%[p] + 26)\n\t"
		"r3 &= 63\n\t"
		"r2 >>= r3\n\t"
		"r1 += r2\n\t"
		"*(u64 *)(%[o] + 72) = r1\n\t"
		"r1 = *(u32 *)(%[p] + 14)\n\t"
		"r1 <<= 33\n\t"
		"r1 >>= 33\n\t"
		"r2 = *(u64 *)(%[p] + 18)\n\t"
		"w2 s>>= 31\n\t"
		"r1 += r2\n\t"
		"*(u64 *)(%[o] + 80) = r1\n\t"
		"r1 = *(u64 *)(%[p] + 14)\n\t"
		"r2 = *(u8 *)(%[p] + 27)\n\t"
		"r1 /= r2\n\t"
		"r3 = *(u64 *)(%[p] + 14)\n\t"
		".quad 0x000000000000239f\n\t"	/* r3 %= r2 */
		"r1 ^= r3\n\t"
		"*(u64 *)(%[o] + 88) = r1\n\t"
		"r1 = *(u32 *)(%[p] + 14)\n\t"
		"if r1 s> -5 goto +1\n\t"
		"r4 |= 1\n\t"
		"r1 = -r1\n\t"
		"if r1 s< 0 goto +1\n\t"
		"r4 |= 2\n\t"
		"r2 = *(u32 *)(%[p] + 18)\n\t"
		"r2 += -2147483648\n\t"
		"if r2 s>= 0 goto +1\n\t"
		"r4 |= 4\n\t"
		"if r2 > r1 goto +1\n\t"
		"r4 |= 8\n\t"
		"w2 = w2\n\t"
		"if r2 == 0 goto +1\n\t"
		"r4 |= 16\n\t"
		"*(u64 *)(%[o] + 96) = r4\n\t"
		"r1 = *(u64 *)(%[o] + 104)\n\t"
		"r1 += r4\n\t"
		"*(u64 *)(%[o] + 104) = r1\n\t"
		"%[f] = r4\n\t"
		: [f] "=&r"(flags)
		: [p] "r"(data), [o] "r"(o)
		: "r1", "r2", "r3", "r4", "r5", "memory");

	return (flags ^ flags >> 2) & 3;
}

CORPUS_LICENSE;
