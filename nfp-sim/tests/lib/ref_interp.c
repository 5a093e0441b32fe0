// SPDX-License-Identifier: GPL-2.0
/* Reference eBPF interpreter (see ref_interp.h). */
#include <stdint.h>
#include <string.h>
#include "ref_interp.h"

#define STACK_FRAMES	8
#define FRAME		512

struct ref_state {
	struct ref_ctx *c;
	u64 r[11];
	u8 stack[STACK_FRAMES * FRAME];
	u8 ctxmem[256];
	int depth;
	struct { u32 ret; u64 saved[5]; } frames[STACK_FRAMES];
};

/* Bytes of a BPF_SIZE() (BPF_W, BPF_H, BPF_B, BPF_DW), indexed by BPF_SIZE() >> 3. */
static const int ref_sizes[] = { 4, 2, 1, 8 };

static int in_range(uintptr_t a, u64 size, const void *base, u64 len)
{
	uintptr_t b = (uintptr_t)base;

	return a >= b && a - b <= len && size <= len - (a - b);
}

/* host pointer check: stack, packet [meta, end), map values */
static u8 *ref_ptr(struct ref_state *s, u64 addr, u64 size)
{
	struct ref_ctx *c = s->c;
	uintptr_t a = (uintptr_t)addr;
	u32 i;

	if (in_range(a, size, s->stack, sizeof(s->stack)))
		return (u8 *)a;
	if (in_range(a, size, c->pkt + c->meta, c->end - c->meta))
		return (u8 *)a;
	for (i = 0; i < c->nr_maps; i++) {
		u32 len;
		u8 *b;

		if (!c->maps[i].map)
			continue;
		b = nfps_map_region(c->maps[i].map, &len);
		if (in_range(a, size, b, len))
			return (u8 *)a;
	}
	return NULL;
}

static int ref_ctx_load(struct ref_state *s, s32 off, u64 *v)
{
	struct ref_ctx *c = s->c;
	struct nfps_run *in = &c->ctxin;

	if (c->type == NFPS_PROG_XDP) {
		switch (off) {
		case 0:
			*v = (uintptr_t)(c->pkt + c->data);
			return 0;
		case 4:
			*v = (uintptr_t)(c->pkt + c->end);
			return 0;
		case 8:
			*v = (uintptr_t)(c->pkt + c->meta);
			return 0;
		case 12:
			*v = in->ingress_ifindex;
			return 0;
		case 16:
			*v = in->rx_queue_index;
			return 0;
		}
		return -1;
	}
	switch (off) {
	case offsetof(struct __sk_buff, len):
		*v = c->end - c->data;
		return 0;
	case offsetof(struct __sk_buff, mark):
		*v = in->mark;
		return 0;
	case offsetof(struct __sk_buff, queue_mapping):
		*v = in->queue_mapping;
		return 0;
	case offsetof(struct __sk_buff, protocol):
		*v = in->protocol;
		return 0;
	case offsetof(struct __sk_buff, priority):
		*v = in->priority;
		return 0;
	case offsetof(struct __sk_buff, ingress_ifindex):
		*v = in->ingress_ifindex;
		return 0;
	case offsetof(struct __sk_buff, ifindex):
		*v = in->ifindex;
		return 0;
	case offsetof(struct __sk_buff, hash):
		*v = in->hash;
		return 0;
	case offsetof(struct __sk_buff, data):
		*v = (uintptr_t)(c->pkt + c->data);
		return 0;
	case offsetof(struct __sk_buff, data_end):
		*v = (uintptr_t)(c->pkt + c->end);
		return 0;
	case offsetof(struct __sk_buff, data_meta):
		*v = (uintptr_t)(c->pkt + c->meta);
		return 0;
	}
	return -1;
}

/* Linux 6.1-6.12: csum_partial() over the scratch buffer ~from[], to[] */
static u64 ref_csum(const u8 *from, u32 fs, const u8 *to, u32 ts, u32 seed)
{
	u64 sum = seed;
	u32 w, i;

	for (i = 0; i < fs; i += 4) {
		memcpy(&w, from + i, 4);
		sum += (u32)~w;
	}
	for (i = 0; i < ts; i += 4) {
		memcpy(&w, to + i, 4);
		sum += w;
	}
	while (sum >> 32)
		sum = (sum & 0xffffffffULL) + (sum >> 32);
	return sum;
}

/*
 * Linux 6.1-6.12 with CONFIG_GENERIC_CSUM: lib/checksum.c as written there,
 * do_csum() over the scratch buffer then the seed added in csum_partial().
 */
static u32 ref_from32to16(u32 x)
{
	x = (x & 0xffff) + (x >> 16);
	x = (x & 0xffff) + (x >> 16);
	return x;
}

static u64 ref_csum_generic(const u8 *from, u32 fs, const u8 *to, u32 ts, u32 seed)
{
	static u32 buf[128];	/* struct bpf_scratchpad: 512 bytes, aligned */
	u32 i, j = 0, result = 0, carry = 0, w;
	const u8 *p = (const u8 *)buf;
	u32 len = fs + ts;

	for (i = 0; i < fs; i += 4, j++) {
		memcpy(&w, from + i, 4);
		buf[j] = ~w;
	}
	for (i = 0; i < ts; i += 4, j++)
		memcpy(&buf[j], to + i, 4);
	/* do_csum(): aligned, a multiple of 4 bytes: the 4-byte loop only */
	for (i = 0; i < len; i += 4) {
		memcpy(&w, p + i, 4);
		result += carry;
		result += w;
		carry = w > result;
	}
	result += carry;
	result = ref_from32to16(result);
	/* csum_partial(): add in the old sum, and carry */
	result += seed;
	if (seed > result)
		result += 1;
	return result;
}

/* x86 "adcq": @acc += @v + *@cf, *@cf the carry out */
static u64 ref_adc(u64 acc, u64 v, int *cf)
{
	unsigned __int128 t = (unsigned __int128)acc + v + *cf;

	*cf = (int)(t >> 64);
	return (u64)t;
}

/* an "addq; adcq...; adcq $0" chain over @n bytes at @p */
static u64 ref_adc_chain(u64 acc, const u8 *p, u32 n)
{
	int cf = 0;
	u32 k;
	u64 m;

	for (k = 0; k < n; k += 8) {
		memcpy(&m, p + k, 8);
		acc = ref_adc(acc, m, &cf);
	}
	return ref_adc(acc, 0, &cf);
}

/*
 * arch/x86/lib/csum-partial_64.c of Linux 6.13+, step by step: 80-byte
 * blocks in two adc chains, then 40, 32, 16 and 8 bytes, then the tail as
 * a zero-padded little-endian 8-byte load; carries exactly where the
 * assembly has them.
 */
static u32 ref_csum_partial(const u8 *p, u32 len, u32 seed)
{
	u64 acc = seed, acc2 = 0, m;
	int cf = 0;

	if (len >= 80) {
		do {
			acc = ref_adc_chain(acc, p, 40);
			acc2 = ref_adc_chain(acc2, p + 40, 40);
			p += 80;
			len -= 80;
		} while (len >= 80);
		acc = ref_adc(acc, acc2, &cf);
		acc = ref_adc(acc, 0, &cf);
	}
	if (len >= 40) {
		acc = ref_adc_chain(acc, p, 40);
		p += 40;
		len -= 40;
	}
	if (len & 32) {
		acc = ref_adc_chain(acc, p, 32);
		p += 32;
	}
	if (len & 16) {
		acc = ref_adc_chain(acc, p, 16);
		p += 16;
	}
	if (len & 8) {
		acc = ref_adc_chain(acc, p, 8);
		p += 8;
	}
	if (len & 7) {
		m = 0;
		memcpy(&m, p, len & 7);
		acc = ref_adc_chain(acc, (const u8 *)&m, 8);
	}
	/* csum_finalize_sum(): the high half of acc + ror64(acc, 32) */
	return (acc + ((acc >> 32) | (acc << 32))) >> 32;
}

/* Linux 6.13+ net/core/filter.c */
static u64 ref_csum_613(const u8 *from, u32 fs, const u8 *to, u32 ts, u32 seed)
{
	u32 ret = seed, a, b;

	if (fs && ts) {
		a = ref_csum_partial(to, ts, ret);
		b = ~ref_csum_partial(from, fs, 0);
		ret = a + b;
		ret += ret < b;			/* csum_sub() */
	} else if (ts) {
		ret = ref_csum_partial(to, ts, ret);
	} else if (fs) {
		ret = ~ref_csum_partial(from, fs, ~ret);
	}
	ret += (ret >> 16) | (ret << 16);	/* csum_from32to16() */
	return (u16)(ret >> 16);
}

static int ref_helper(struct ref_state *s, s32 id)
{
	struct ref_ctx *c = s->c;
	u64 *r = s->r;
	const struct nfps_map_ref *m = NULL;
	u8 *k, *v;
	s64 off;

	if (id >= 1 && id <= 3) {
		if ((r[1] >> 32) != 0xfeed || (u32)r[1] >= c->nr_maps)
			return REF_ERR_CALL;
		m = &c->maps[(u32)r[1]];
		k = ref_ptr(s, r[2], m->def.key_size);
		if (!k)
			return REF_ERR_MEM;
		if (id == 1) {
			u32 len;

			off = nfps_map_dp_lookup(m->map, k);
			r[0] = off < 0 ? 0 : (uintptr_t)(nfps_map_region(m->map, &len) + off);
		} else if (id == 3) {
			r[0] = (s64)nfps_map_delete(m->map, k);
		} else {
			v = ref_ptr(s, r[3], m->def.value_size);
			if (!v)
				return REF_ERR_MEM;
			r[0] = (s64)nfps_map_update(m->map, k, v, r[4]);
		}
		return 0;
	}
	switch (id) {
	case BPF_FUNC_ktime_get_ns:
		r[0] = 0;
		return 0;
	case BPF_FUNC_get_smp_processor_id:
		r[0] = 0;
		return 0;
	case BPF_FUNC_csum_diff: {
		u32 fs = r[2], ts = r[4];
		bool v613 = c->caps & NFPS_CAP_HELPERS_613;
		u8 *f = NULL, *t = NULL;

		if (!v613 && (((fs | ts) & 3) || fs + (u64)ts > 512)) {
			r[0] = (u64)(s64)-EINVAL;
			return 0;
		}
		if (fs) {
			f = ref_ptr(s, r[1], fs);
			if (!f)
				return REF_ERR_MEM;
		}
		if (ts) {
			t = ref_ptr(s, r[3], ts);
			if (!t)
				return REF_ERR_MEM;
		}
		if (v613)
			r[0] = ref_csum_613(f, fs, t, ts, r[5]);
		else if (c->caps & NFPS_CAP_CSUM_GENERIC)
			r[0] = ref_csum_generic(f, fs, t, ts, r[5]);
		else
			r[0] = ref_csum(f, fs, t, ts, r[5]);
		return 0;
	}
	case BPF_FUNC_xdp_adjust_head: {
		s64 d = (s32)r[2], nd = (s64)c->data + d, ml = c->data - c->meta;

		if (nd < 40 + ml || nd > (s64)c->end - 14) {
			r[0] = (u64)(s64)-EINVAL;
			return 0;
		}
		memmove(c->pkt + c->meta + d, c->pkt + c->meta, ml);
		c->meta += d;
		c->data = nd;
		r[0] = 0;
		return 0;
	}
	case BPF_FUNC_xdp_adjust_meta: {
		s64 nm = (s64)c->meta + (s32)r[2];

		if (nm < 40 || nm > c->data)
			r[0] = (u64)(s64)-EINVAL;
		else if (((c->data - nm) & 3) || c->data - nm > 32)
			r[0] = (u64)(s64)-EACCES;
		else {
			c->meta = nm;
			r[0] = 0;
		}
		return 0;
	}
	case BPF_FUNC_xdp_load_bytes:
	case BPF_FUNC_xdp_store_bytes: {
		u32 off = (u32)r[2], len = (u32)r[4];
		u8 *buf;

		if (off > 0xffff || len > 0xffff) {
			r[0] = (u64)(s64)-EFAULT;
			return 0;
		}
		if (off + len > c->end - c->data) {
			r[0] = (u64)(s64)-EINVAL;
			return 0;
		}
		buf = len ? ref_ptr(s, r[3], len) : NULL;
		if (len && !buf)
			return REF_ERR_MEM;
		if (len && id == BPF_FUNC_xdp_load_bytes)
			memmove(buf, c->pkt + c->data + off, len);
		else if (len)
			memmove(c->pkt + c->data + off, buf, len);
		r[0] = 0;
		return 0;
	}
	case BPF_FUNC_xdp_get_buff_len:	/* linear frames: no frags */
		r[0] = c->end - c->data;
		return 0;
	case BPF_FUNC_xdp_adjust_tail: {
		s64 d = (s32)r[2], ne = (s64)c->end + d;

		if (ne > c->hard_end || ne < (s64)c->data + 14) {
			r[0] = (u64)(s64)-EINVAL;
			return 0;
		}
		if (d > 0)
			memset(c->pkt + c->end, 0, d);
		c->end = ne;
		r[0] = 0;
		return 0;
	}
	}
	return REF_ERR_CALL;
}

static u64 ref_div(u64 a, u64 b, int sgn, int mod, int is64)
{
	if (!is64) {
		a = (u32)a;
		b = (u32)b;
	}
	if (!b)
		return mod ? a : 0;
	if (!sgn)
		return mod ? a % b : a / b;
	if (is64) {
		s64 x = a, y = b;

		if (x == INT64_MIN && y == -1)
			return mod ? 0 : a;
		return mod ? (u64)(x % y) : (u64)(x / y);
	}
	{
		s32 x = a, y = b;

		if (x == INT32_MIN && y == -1)
			return mod ? 0 : (u32)x;
		return (u32)(mod ? x % y : x / y);
	}
}

static u64 ref_alu(const struct bpf_insn *in, u64 d, u64 sv, int is64)
{
	u8 op = BPF_OP(in->code);
	u32 sh;

	switch (op) {
	case BPF_ADD:
		d += sv;
		break;
	case BPF_SUB:
		d -= sv;
		break;
	case BPF_MUL:
		d = is64 ? d * sv : (u64)((u32)d * (u32)sv);
		break;
	case BPF_DIV:
		d = ref_div(d, sv, in->off == 1, 0, is64);
		break;
	case BPF_MOD:
		d = ref_div(d, sv, in->off == 1, 1, is64);
		break;
	case BPF_OR:
		d |= sv;
		break;
	case BPF_AND:
		d &= sv;
		break;
	case BPF_XOR:
		d ^= sv;
		break;
	case BPF_LSH:
		sh = sv & (is64 ? 63 : 31);
		d = is64 ? d << sh : (u64)((u32)d << sh);
		break;
	case BPF_RSH:
		sh = sv & (is64 ? 63 : 31);
		d = is64 ? d >> sh : (u64)((u32)d >> sh);
		break;
	case BPF_ARSH:
		sh = sv & (is64 ? 63 : 31);
		d = is64 ? (u64)((s64)d >> sh) : (u64)(u32)((s32)d >> sh);
		break;
	case BPF_NEG:
		d = -d;
		break;
	case BPF_MOV:
		if (in->off == 8)
			d = (s64)(s8)sv;
		else if (in->off == 16)
			d = (s64)(s16)sv;
		else if (in->off == 32)
			d = (s64)(s32)sv;
		else
			d = sv;
		break;
	}
	return is64 ? d : (u32)d;
}

static u64 ref_end(const struct bpf_insn *in, u64 d)
{
	int swap = BPF_SRC(in->code) == BPF_TO_BE || BPF_CLASS(in->code) == BPF_ALU64;

	switch (in->imm) {
	case 16:
		return swap ? __builtin_bswap16(d) : (u16)d;
	case 32:
		return swap ? __builtin_bswap32(d) : (u32)d;
	default:
		return swap ? __builtin_bswap64(d) : d;
	}
}

static int ref_cond(u8 op, u64 a, u64 b, int is32)
{
	s64 sa = a, sb = b;

	if (is32) {
		a = (u32)a;
		b = (u32)b;
		sa = (s32)a;
		sb = (s32)b;
	}
	switch (op) {
	case BPF_JEQ:
		return a == b;
	case BPF_JNE:
		return a != b;
	case BPF_JGT:
		return a > b;
	case BPF_JGE:
		return a >= b;
	case BPF_JLT:
		return a < b;
	case BPF_JLE:
		return a <= b;
	case BPF_JSGT:
		return sa > sb;
	case BPF_JSGE:
		return sa >= sb;
	case BPF_JSLT:
		return sa < sb;
	case BPF_JSLE:
		return sa <= sb;
	case BPF_JSET:
		return !!(a & b);
	}
	return -1;
}

static u64 ld_sz(const u8 *p, int sz)
{
	u8 b; u16 h; u32 w; u64 q;

	switch (sz) {
	case 1:
		b = *p;
		return b;
	case 2:
		memcpy(&h, p, 2);
		return h;
	case 4:
		memcpy(&w, p, 4);
		return w;
	default:
		memcpy(&q, p, 8);
		return q;
	}
}

static int ref_atomic(struct ref_state *s, const struct bpf_insn *in, u8 *p, int sz)
{
	u64 *r = s->r, old = ld_sz(p, sz), v = r[in->src_reg], n;

	if (sz == 4)
		v = (u32)v;
	switch (in->imm & ~BPF_FETCH) {
	case BPF_ADD:
		n = old + v;
		break;
	case BPF_AND:
		n = old & v;
		break;
	case BPF_OR:
		n = old | v;
		break;
	case BPF_XOR:
		n = old ^ v;
		break;
	case BPF_XCHG & ~BPF_FETCH:
		n = v;
		break;
	case BPF_CMPXCHG & ~BPF_FETCH:
		n = old == (sz == 4 ? (u32)r[0] : r[0]) ? v : old;
		memcpy(p, &n, sz);
		r[0] = old;
		return 0;
	default:
		return REF_ERR_INSN;
	}
	memcpy(p, &n, sz);
	if (in->imm & BPF_FETCH)
		r[in->src_reg] = old;
	return 0;
}

static int ref_exec(struct ref_state *s)
{
	struct ref_ctx *c = s->c;
	u64 *r = s->r, limit = c->limit ? c->limit : 1000000, sv, v;
	u32 pc = 0;
	u8 *p;

	for (;;) {
		const struct bpf_insn *in;
		u8 cls, op;
		int sz, is64;

		if (pc >= c->len)
			return REF_ERR_INSN;
		if (++c->executed > limit)
			return REF_ERR_LIMIT;
		in = &c->insns[pc];
		cls = BPF_CLASS(in->code);
		op = BPF_OP(in->code);
		if (in->dst_reg > 10 || in->src_reg > 10)
			return REF_ERR_INSN;
		sz = ref_sizes[BPF_SIZE(in->code) >> 3];
		switch (cls) {
		case BPF_ALU:
		case BPF_ALU64:
			is64 = cls == BPF_ALU64;
			if (in->dst_reg == 10)
				return REF_ERR_INSN;
			if (op == BPF_END) {
				r[in->dst_reg] = ref_end(in, r[in->dst_reg]);
				break;
			}
			sv = BPF_SRC(in->code) == BPF_X ? r[in->src_reg] : (u64)(s64)in->imm;
			if (!is64 && BPF_SRC(in->code) == BPF_X && op != BPF_MOV)
				sv = (u32)sv;
			if (!is64 && op == BPF_MOV)
				sv = in->off ? (u64)(u32)ref_alu(in, 0, (u32)sv, 1) : (u32)sv;
			r[in->dst_reg] = ref_alu(in, r[in->dst_reg], sv, is64);
			break;
		case BPF_LD:
			if (in->code != (BPF_LD | BPF_IMM | BPF_DW) || pc + 1 >= c->len)
				return REF_ERR_INSN;
			v = (u32)in->imm | ((u64)(u32)in[1].imm << 32);
			if (in->src_reg == BPF_PSEUDO_MAP_FD || in->src_reg == BPF_PSEUDO_MAP_IDX) {
				v = (u64)0xfeed << 32 | (u32)in->imm;
			} else if (in->src_reg) {
				u32 key = 0, len;
				s64 o;

				if ((u32)in->imm >= c->nr_maps || !c->maps[in->imm].map)
					return REF_ERR_INSN;
				o = nfps_map_dp_lookup(c->maps[in->imm].map, &key);
				v = (uintptr_t)(nfps_map_region(c->maps[in->imm].map, &len) + o +
						(u32)in[1].imm);
			}
			r[in->dst_reg] = v;
			pc++;
			break;
		case BPF_LDX:
			if (c->type != NFPS_PROG_RAW &&
			    (uintptr_t)r[in->src_reg] == (uintptr_t)s->ctxmem) {
				/* narrow loads: the bytes of the 4-byte field at off */
				if (((in->off & 3) && sz >= 4) || ref_ctx_load(s, in->off & ~3, &v))
					return REF_ERR_MEM;
				if (sz < 4)
					v = (v >> (in->off & 3) * 8) & ((1ULL << sz * 8) - 1);
			} else {
				p = ref_ptr(s, r[in->src_reg] + in->off, sz);
				if (!p)
					return REF_ERR_MEM;
				v = ld_sz(p, sz);
			}
			if (BPF_MODE(in->code) == 0x80)	/* BPF_MEMSX, RFC 9669 */
				v = sz == 1 ? (u64)(s8)v : sz == 2 ? (u64)(s16)v : (u64)(s32)v;
			r[in->dst_reg] = v;
			break;
		case BPF_ST:
		case BPF_STX:
			v = cls == BPF_ST ? (u64)(s64)in->imm : r[in->src_reg];
			if (c->type != NFPS_PROG_RAW &&
			    (uintptr_t)r[in->dst_reg] == (uintptr_t)s->ctxmem) {
				if (in->off == offsetof(struct __sk_buff, mark) && c->type == NFPS_PROG_TC)
					c->ctxin.mark = v;
				else if (in->off == offsetof(struct __sk_buff, priority) &&
					 c->type == NFPS_PROG_TC)
					c->ctxin.priority = v;
				else
					return REF_ERR_MEM;
				break;
			}
			p = ref_ptr(s, r[in->dst_reg] + in->off, sz);
			if (!p)
				return REF_ERR_MEM;
			if (BPF_MODE(in->code) == BPF_ATOMIC) {
				int e;

				if (cls != BPF_STX || sz < 4 || ((uintptr_t)p & (sz - 1)))
					return REF_ERR_MEM;
				e = ref_atomic(s, in, p, sz);
				if (e)
					return e;
				break;
			}
			memcpy(p, &v, sz);
			break;
		case BPF_JMP:
		case BPF_JMP32:
			if (op == BPF_EXIT) {
				if (!s->depth) {
					c->r0 = r[0];
					return REF_OK;
				}
				s->depth--;
				memcpy(&r[6], s->frames[s->depth].saved, sizeof(u64) * 5);
				pc = s->frames[s->depth].ret;
				continue;
			}
			if (op == BPF_CALL) {
				if (in->src_reg == BPF_PSEUDO_CALL) {
					if (s->depth + 1 >= STACK_FRAMES)
						return REF_ERR_CALL;
					s->frames[s->depth].ret = pc + 1;
					memcpy(s->frames[s->depth].saved, &r[6], sizeof(u64) * 5);
					s->depth++;
					memset(s->stack + s->depth * FRAME, 0, FRAME);
					r[10] = (uintptr_t)(s->stack + (s->depth + 1) * FRAME);
					pc = pc + 1 + in->imm;
					continue;
				}
				if (in->src_reg)
					return REF_ERR_CALL;
				/*
				 * callx (RAW): the helper whose id is in dst; the
				 * NIC reaches its argument-free ones only.
				 */
				if (BPF_SRC(in->code) == BPF_X &&
				    r[in->dst_reg] != BPF_FUNC_ktime_get_ns &&
				    r[in->dst_reg] != BPF_FUNC_get_prandom_u32 &&
				    r[in->dst_reg] != BPF_FUNC_get_smp_processor_id)
					return REF_ERR_CALL;
				{
					int e = ref_helper(s, BPF_SRC(in->code) == BPF_X ?
							   (s32)r[in->dst_reg] : in->imm);

					if (e)
						return e;
				}
				break;
			}
			if (op == BPF_JA) {
				pc += 1 + (cls == BPF_JMP32 ? in->imm : in->off);
				continue;
			}
			sv = BPF_SRC(in->code) == BPF_X ? r[in->src_reg] : (u64)(s64)in->imm;
			{
				int t = ref_cond(op, r[in->dst_reg], sv, cls == BPF_JMP32);

				if (t < 0)
					return REF_ERR_INSN;
				if (t) {
					pc += 1 + in->off;
					continue;
				}
			}
			break;
		default:
			return REF_ERR_INSN;
		}
		pc++;
	}
}

void ref_load_pkt(struct ref_ctx *c, const void *p, u32 len)
{
	c->meta = c->data = NFPS_PKT_HEADROOM;
	memset(c->pkt, 0, NFPS_PKT_HEADROOM);	/* as BPF_PROG_TEST_RUN's */
	memcpy(c->pkt + c->data, p, len);
	c->end = c->data + len;
	c->hard_end = c->end + NFPS_PKT_TAILROOM;
}

/**
 * ref_run() - run c->insns on the loaded packet
 * Return: REF_OK (result in c->r0) or an enum ref_err.
 */
int ref_run(struct ref_ctx *c)
{
	struct ref_state *s = calloc(1, sizeof(*s));

	if (!s)
		return REF_ERR_MEM;
	s->c = c;
	c->executed = 0;
	if (c->type == NFPS_PROG_RAW) {
		s->r[1] = (uintptr_t)(c->pkt + c->data);
		s->r[2] = c->end - c->data;
	} else {
		s->r[1] = (uintptr_t)s->ctxmem;
	}
	s->r[10] = (uintptr_t)(s->stack + FRAME);
	c->err = ref_exec(s);
	free(s);
	return c->err;
}
