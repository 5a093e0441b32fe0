// SPDX-License-Identifier: GPL-2.0
/*
 * RFC 9669 "cpu=v4" instructions on frame data, built with -mcpu=v4 (the
 * only corpus program that is; user.mk has the rule): sign-extending loads
 * (ldsx) from the packet, the stack and a map value, sign-extending moves
 * (movsx) in 32 and 64 bits, signed division and modulo (sdiv/smod, with
 * the edge cases INT_MIN / -1 and division by zero picked by frame bytes),
 * unconditional byte swaps (bswap16/32/64) and a gotol. Results go to the
 * map and into the frame; the verdict comes from their signs.
 *
 * Linux 6.6 and later verify these; on 6.1 the load (and the offload)
 * must fail, see selftests/nfpsim_offload.sh.
 */
#include "corpus.h"

struct v4out {
	__s64 ld8, ld16, ld32;		/* ldsx from the packet */
	__s64 st8, st16;		/* ldsx from the stack */
	__s64 mv8, mv16, mv32;		/* movsx64 */
	__s64 q64, r64;			/* sdiv/smod 64 */
	__s32 q32, r32;			/* sdiv/smod 32 */
	__s64 mapsx;			/* ldsx from this map value */
	__u64 sw64;
	__u32 sw32, mv32x;		/* bswap32, movsx32 */
	__u16 sw16;
	__u16 runs;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, struct v4out);
} v4_out SEC(".maps");

/* the edge cases of signed division, chosen by the bits of @sel */
static __always_inline __s64 dividend(__u8 sel, __s64 v)
{
	return sel & 1 ? (__s64)0x8000000000000000ULL : v;
}

SEC("xdp")
int xdp_cpuv4(struct xdp_md *ctx)
{
	__u8 *b = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	volatile __s8 st[8];
	struct v4out *o;
	__s64 q, r, d, sum;
	__s32 q32, r32, d32;
	__u32 key, x32;
	__u64 x;
	int i;

	if ((void *)(b + 48) > end)
		return XDP_PASS;
	key = b[13] & 7;
	o = bpf_map_lookup_elem(&v4_out, &key);
	if (!o)
		return XDP_ABORTED;

	/* ldsx from the packet: signed fields of the frame */
	o->ld8 = *(volatile __s8 *)(b + 14);
	o->ld16 = *(volatile __s16 *)(b + 16);
	o->ld32 = *(volatile __s32 *)(b + 20);

	/* ldsx from the stack */
#pragma unroll
	for (i = 0; i < 8; i++)
		st[i] = b[24 + i];
	o->st8 = st[b[15] & 7];
	o->st16 = *(volatile __s16 *)&st[2];

	/* movsx: sign-extend values computed in registers */
	x = *(__u64 *)(b + 24) + *(__u64 *)(b + 32);
	o->mv8 = (__s8)x;
	o->mv16 = (__s16)(x >> 8);
	o->mv32 = (__s32)(x >> 16);
	x32 = *(__u32 *)(b + 36) ^ (__u32)x;
	o->mv32x = (__u32)(__s32)(__s8)x32;

	/*
	 * sdiv/smod: the divisor is a frame byte shifted arithmetically, so
	 * 0 or -1 for most frames, the dividend INT_MIN when a bit says so.
	 */
	q = dividend(b[40], o->ld32 * 977);
	d = (__s8)b[41] >> (b[42] & 7);
	r = q;
	asm volatile("%[q] s/= %[d]" : [q]"+r"(q) : [d]"r"(d));
	asm volatile("%[r] s%%= %[d]" : [r]"+r"(r) : [d]"r"(d));
	o->q64 = q;
	o->r64 = r;
	q32 = b[43] & 2 ? (__s32)0x80000000 : (__s32)o->ld16 * 31;
	d32 = (__s8)b[44] >> (b[45] & 7);
	r32 = q32;
	asm volatile("%[q] s/= %[d]" : [q]"+w"(q32) : [d]"w"(d32));
	asm volatile("%[r] s%%= %[d]" : [r]"+w"(r32) : [d]"w"(d32));
	o->q32 = q32;
	o->r32 = r32;
	/* and one the compiler picks itself, divisor never zero */
	sum = o->ld8 + o->ld32 / (o->ld16 | 1);

	/* ldsx from the map value: its low bytes read back signed */
	o->mapsx = *(volatile __s8 *)&o->q64 + *(volatile __s32 *)&o->r64;

	/* bswap: unconditional byte swaps of frame fields */
	o->sw64 = __builtin_bswap64(*(__u64 *)(b + 0));
	o->sw32 = __builtin_bswap32(*(__u32 *)(b + 26));
	o->sw16 = __builtin_bswap16(*(__u16 *)(b + 12));
	o->runs++;

	/*
	 * gotol: a 32-bit offset jump over one instruction, which a frame
	 * bit makes reachable (the verifier refuses unreachable code).
	 */
	asm volatile("if %[c] == 0 goto 2f\n\t"
		     "gotol 1f\n"
		     "2:\n\t"
		     "%[s] = 0\n"
		     "1:"
		     : [s]"+r"(sum) : [c]"r"(b[46] & 1));

	/* results into the frame, so the output bytes are compared too */
	*(__s64 *)(b + 0) = o->q64 ^ o->r64;
	*(__s32 *)(b + 8) = o->q32 ^ o->r32;
	*(__u16 *)(b + 12) = o->sw16;

	if (sum < 0)
		return XDP_DROP;
	return o->mv16 < 0 ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
