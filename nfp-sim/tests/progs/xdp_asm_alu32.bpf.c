// SPDX-License-Identifier: GPL-2.0
/*
 * ALU32, JMP32 and byte swap instructions that clang's default CPU (v1)
 * never emits, written as inline assembly over frame data: 32-bit add,
 * sub, mul, div and mod (by zero too: the divisor's low word is cleared for
 * half the frames; a 32-bit mod by zero must still zero-extend the
 * destination), shifts, neg, be16/32/64 and le16/32/64, and JMP32
 * conditions including JSET. Operands have non-zero upper halves so that
 * 32-bit semantics are visible; be64 of a zero-extended 32-bit value checks
 * that the byte swap fills the upper half. LLVM 14's assembler lacks "%=" and
 * 32-bit JSET, so those two are encoded with .quad.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64[8]);
} asm32_out SEC(".maps");

SEC("xdp")
int xdp_asm_alu32(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 a, b, flags, *o;
	__u32 k;

	if (data + 30 > end)
		return XDP_ABORTED;
	a = *(__u64 *)(data + 14);
	b = *(__u64 *)(data + 22);
	if (((__u8 *)data)[13] & 1)
		b &= 0xffffffff00000000ULL;
	k = a & 1;
	o = bpf_map_lookup_elem(&asm32_out, &k);
	if (!o)
		return XDP_ABORTED;

	asm volatile(
		"r2 = %[a]\n\t"
		"r3 = %[b]\n\t"
		"r4 = 0\n\t"
		"w5 = w2\n\t"
		"w5 += w3\n\t"
		"*(u64 *)(%[o] + 0) = r5\n\t"
		"w5 = w2\n\t"
		"w5 *= w3\n\t"
		"w5 -= 7\n\t"
		"*(u64 *)(%[o] + 8) = r5\n\t"
		"w1 = w3\n\t"
		"w1 &= 31\n\t"
		"w5 = w2\n\t"
		"w5 <<= w1\n\t"
		"w5 s>>= 3\n\t"
		"r5 ^= r2\n\t"
		"*(u64 *)(%[o] + 16) = r5\n\t"
		"w5 = w2\n\t"
		"w5 s>>= w1\n\t"
		"w5 = -w5\n\t"
		"*(u64 *)(%[o] + 24) = r5\n\t"
		"r5 = r2\n\t"
		"w5 /= w3\n\t"
		"*(u64 *)(%[o] + 32) = r5\n\t"
		"r5 = r2\n\t"
		".quad 0x000000000000359c\n\t"	/* w5 %= w3 */
		"*(u64 *)(%[o] + 40) = r5\n\t"
		"r5 = r2\n\t"
		"r5 = be16 r5\n\t"
		"r1 = r2\n\t"
		"r1 = be32 r1\n\t"
		"r5 += r1\n\t"
		"r1 = r2\n\t"
		"r1 = be64 r1\n\t"
		"r5 ^= r1\n\t"
		"r1 = r2\n\t"
		"r1 = le16 r1\n\t"
		"r5 += r1\n\t"
		"r1 = r2\n\t"
		"r1 = le32 r1\n\t"
		"r5 ^= r1\n\t"
		"r1 = r2\n\t"
		"r1 = le64 r1\n\t"
		"r5 -= r1\n\t"
		"w1 = w2\n\t"		/* upper half zero, then be64 fills it */
		"r1 = be64 r1\n\t"
		"r1 >>= 40\n\t"
		"r5 += r1\n\t"
		"*(u64 *)(%[o] + 48) = r5\n\t"
		"if w2 s< w3 goto +1\n\t"
		"r4 |= 1\n\t"
		"if w2 > w3 goto +1\n\t"
		"r4 |= 2\n\t"
		"if w2 s>= 100 goto +1\n\t"
		"r4 |= 4\n\t"
		".quad 0x0000001000010246\n\t"	/* if w2 & 0x10 goto +1 */
		"r4 |= 8\n\t"
		"if w3 == 0 goto +1\n\t"
		"r4 |= 16\n\t"
		"if w2 <= w3 goto +1\n\t"
		"r4 |= 32\n\t"
		"if w2 s<= -5 goto +1\n\t"
		"r4 |= 64\n\t"
		"if w2 != w3 goto +1\n\t"
		"r4 |= 128\n\t"
		"*(u64 *)(%[o] + 56) = r4\n\t"
		"%[f] = r4\n\t"
		: [f] "=&r"(flags)
		: [a] "r"(a), [b] "r"(b), [o] "r"(o)
		: "r1", "r2", "r3", "r4", "r5", "memory");

	return flags & 3;
}

CORPUS_LICENSE;
