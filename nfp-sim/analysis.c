// SPDX-License-Identifier: GPL-2.0
/*
 * Portable forward analysis: abstract interpretation over the eBPF CFG to a
 * fixpoint. Per register it tracks the set of possible pointer kinds (and a
 * constant frame offset for stack pointers, so spills and fills of pointers
 * through the stack are followed) and whether the upper 32 bits are known
 * zero. It fills struct nfps_insn_fact without a verifier.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "analysis.h"
#include "caps.h"
#include "cfg.h"

#define K_UNINIT	BIT(0)
#define K_SCALAR	BIT(1)
#define K_CTX		BIT(2)
#define K_PKT		BIT(3)
#define K_META		BIT(4)
#define K_END		BIT(5)
#define K_STACK		BIT(6)
#define K_MAPV		BIT(7)
#define K_MAPP		BIT(8)
#define K_MEM		BIT(9)
#define K_PTRS		(K_CTX | K_PKT | K_META | K_END | K_STACK | K_MAPV | K_MAPP | K_MEM)

#define NR_SLOTS	(NFPS_STACK_SIZE / 8)

struct nfps_areg {
	u16 k;
	s16 off;	/* stack pointers: offset from the frame top, if offk */
	u8 offk;
};

struct nfps_ast {
	struct nfps_areg r[MAX_BPF_REG];
	u16 hz;
	u16 slot[NR_SLOTS];	/* kinds spilled in 8-byte stack slots, 0 = none */
};

struct nfps_actx {
	enum nfps_prog_type type;
	u32 caps;		/* NFPS_CAP_*: what the helpers return */
	const struct bpf_insn *insns;
	u32 len;
	struct nfps_ast *in;
	const u16 *live_out;	/* upper halves read later, or NULL (all) */
	u8 *seen;
	u32 *queue;
	u8 *queued;
	u32 head, count;
	struct nfps_ast cur;
	struct nfps_ast tmp;
	s32 stack_lo;		/* lowest frame offset any access may touch */
};

static bool nfps_join(struct nfps_ast *dst, const struct nfps_ast *src)
{
	bool changed = false;
	u32 i;
	u16 v;

	for (i = 0; i < MAX_BPF_REG; i++) {
		struct nfps_areg *d = &dst->r[i];
		const struct nfps_areg *s = &src->r[i];

		if ((d->k | s->k) != d->k) {
			d->k |= s->k;
			changed = true;
		}
		if (d->offk && (!s->offk || s->off != d->off)) {
			d->offk = 0;
			changed = true;
		}
	}
	if ((dst->hz & src->hz) != dst->hz) {
		dst->hz &= src->hz;
		changed = true;
	}
	for (i = 0; i < NR_SLOTS; i++) {
		v = dst->slot[i] | src->slot[i];
		if (v != dst->slot[i]) {
			dst->slot[i] = v;
			changed = true;
		}
	}
	return changed;
}

static void nfps_push(struct nfps_actx *a, u32 i, const struct nfps_ast *s)
{
	bool changed;

	if (i >= a->len)
		return;
	if (!a->seen[i]) {
		a->in[i] = *s;
		a->seen[i] = 1;
		changed = true;
	} else {
		changed = nfps_join(&a->in[i], s);
	}
	if (changed && !a->queued[i]) {
		a->queue[(a->head + a->count) % a->len] = i;
		a->count++;
		a->queued[i] = 1;
	}
}

static void nfps_set(struct nfps_ast *s, u8 r, u16 k, bool hz)
{
	s->r[r].k = k;
	s->r[r].offk = 0;
	s->r[r].off = 0;
	if (hz)
		s->hz |= BIT(r);
	else
		s->hz &= ~BIT(r);
}

static bool nfps_hz(const struct nfps_ast *s, u8 r)
{
	return s->hz & BIT(r);
}

static void nfps_a_alu(struct nfps_ast *s, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64, x = BPF_SRC(insn->code) == BPF_X;
	u8 op = BPF_OP(insn->code), d = insn->dst_reg, sr = insn->src_reg;
	struct nfps_areg *dr = &s->r[d];
	s32 imm = insn->imm;
	bool hz = false;

	if (!is64) {
		/* END to_le 64 is a no-op, to_be 64 fills the upper half */
		if (op == BPF_END && imm == 64)
			hz = BPF_SRC(insn->code) == BPF_TO_LE && nfps_hz(s, d);
		else
			hz = true;
		nfps_set(s, d, K_SCALAR, hz);
		return;
	}
	switch (op) {
	case BPF_MOV:
		if (x && !insn->off) {
			hz = nfps_hz(s, sr);
			*dr = s->r[sr];
			s->hz = hz ? s->hz | BIT(d) : s->hz & ~BIT(d);
			return;
		}
		hz = !x && imm >= 0;
		break;
	case BPF_ADD:
	case BPF_SUB:
		if ((dr->k & K_PTRS) && !(x && (s->r[sr].k & K_PTRS))) {
			if (!x && dr->offk)
				dr->off += op == BPF_ADD ? imm : -imm;
			else
				dr->offk = 0;
			s->hz &= ~BIT(d);
			return;
		}
		if (dr->k & K_PTRS)
			break;	/* ptr - ptr: scalar */
		if (x && op == BPF_ADD && (s->r[sr].k & K_PTRS)) {
			nfps_set(s, d, s->r[sr].k, false);
			return;
		}
		break;
	case BPF_AND:
		hz = x ? nfps_hz(s, d) || nfps_hz(s, sr) : imm >= 0 || nfps_hz(s, d);
		break;
	case BPF_OR:
	case BPF_XOR:
		hz = nfps_hz(s, d) && (x ? nfps_hz(s, sr) : imm >= 0);
		break;
	case BPF_RSH:
		hz = (!x && imm >= 32) || nfps_hz(s, d);
		break;
	case BPF_DIV:
	case BPF_MOD:
		hz = !insn->off && nfps_hz(s, d);
		break;
	case BPF_END:
		hz = imm != 64;
		break;
	}
	nfps_set(s, d, K_SCALAR, hz);
}

static u16 nfps_ctx_kind(enum nfps_prog_type type, s16 off)
{
	const struct nfps_ctx_field *f = nfps_ctx_field(type, off);

	if (!f || !f->ptr)
		return K_SCALAR;
	if (f->csr == NFPS_CSR_PKT_END)
		return K_END;
	return f->ptr == NFPS_PTR_PKT_META ? K_META : K_PKT;
}

static int nfps_slot(const struct nfps_areg *base, s16 off)
{
	s32 o = base->off + off;

	if (!base->offk || o < -NFPS_STACK_SIZE || o >= 0)
		return -1;
	return (o + NFPS_STACK_SIZE) / 8;
}

/* an access through stack pointer @p + @off may touch [off, 0) of the frame */
static void nfps_a_stack_use(struct nfps_actx *a, const struct nfps_areg *p, s16 off)
{
	s32 o = p->offk ? p->off + off : -NFPS_STACK_SIZE;

	if (!(p->k & K_STACK))
		return;
	a->stack_lo = min_t(s32, a->stack_lo, max_t(s32, o, -NFPS_STACK_SIZE));
}

/*
 * The kinds a register used as a memory base can hold. A verified (XDP/tc)
 * program never dereferences a scalar, so a scalar among pointer kinds is
 * this analysis' imprecision, not a path the program takes: a pointer
 * spilled to a slot that a variable-offset store might have hit (the
 * verifier knows the offset's range, we do not) fills as pointer|scalar.
 * Unverified (raw) programs keep every kind.
 */
static u16 nfps_base_kinds(const struct nfps_actx *a, u16 k)
{
	u16 ptrs = k & K_PTRS;

	return a->type != NFPS_PROG_RAW && ptrs ? ptrs : k;
}

static void nfps_a_mem(struct nfps_actx *a, struct nfps_ast *s, const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), size = BPF_SIZE(insn->code);
	bool dw = size == BPF_DW;
	const struct nfps_areg *base;
	int slot;
	u16 bk;
	u32 i;

	if (cls == BPF_LDX) {
		base = &s->r[insn->src_reg];
		nfps_a_stack_use(a, base, insn->off);
		bk = nfps_base_kinds(a, base->k);
		if (bk == K_CTX) {
			u16 k = nfps_ctx_kind(a->type, insn->off);

			/* a sign-extended field fills the upper half with its sign */
			nfps_set(s, insn->dst_reg, k,
				 k == K_SCALAR && BPF_MODE(insn->code) != BPF_MEMSX);
			return;
		}
		slot = bk == K_STACK ? nfps_slot(base, insn->off) : -1;
		if (slot >= 0 && dw && !((base->off + insn->off) & 7) && s->slot[slot]) {
			nfps_set(s, insn->dst_reg, s->slot[slot], false);
			return;
		}
		nfps_set(s, insn->dst_reg, K_SCALAR, !dw && BPF_MODE(insn->code) != BPF_MEMSX);
		return;
	}
	base = &s->r[insn->dst_reg];
	nfps_a_stack_use(a, base, insn->off);
	if (cls == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC) {
		if (insn->imm == BPF_CMPXCHG)
			nfps_set(s, BPF_REG_0, K_SCALAR, !dw);
		else if (insn->imm & BPF_FETCH)
			nfps_set(s, insn->src_reg, K_SCALAR, !dw);
		return;
	}
	if (!(base->k & K_STACK))
		return;
	slot = nfps_slot(base, insn->off);
	if (slot < 0) {		/* unknown offset: any slot may now hold anything */
		for (i = 0; i < NR_SLOTS; i++)
			s->slot[i] |= K_SCALAR | (cls == BPF_STX ? s->r[insn->src_reg].k : 0);
		return;
	}
	if (cls == BPF_STX && dw && !((base->off + insn->off) & 7))
		s->slot[slot] = s->r[insn->src_reg].k;
	else
		s->slot[slot] = K_SCALAR;
	/* an unaligned or wide store may touch the next slot too */
	if (((base->off + insn->off) & 7) && slot + 1 < NR_SLOTS)
		s->slot[slot + 1] = K_SCALAR;
}

static void nfps_a_call(struct nfps_actx *a, struct nfps_ast *s, const struct bpf_insn *insn,
			u32 idx)
{
	u32 i;

	if (insn->src_reg != BPF_PSEUDO_CALL) {	/* helpers read/write from the pointer up */
		for (i = BPF_REG_1; i <= BPF_REG_5; i++)
			nfps_a_stack_use(a, &s->r[i], 0);
	}
	if (insn->src_reg == BPF_PSEUDO_CALL) {
		struct nfps_ast *c = &a->tmp;

		a->stack_lo = -NFPS_STACK_SIZE;	/* callees may use the caller's frame */

		*c = *s;
		for (i = 0; i < MAX_BPF_REG; i++)
			c->r[i].offk = 0;
		c->r[BPF_REG_10].k = K_STACK;
		c->r[BPF_REG_10].offk = 1;
		c->r[BPF_REG_10].off = 0;
		memset(c->slot, 0, sizeof(c->slot));
		nfps_push(a, nfps_ebpf_target(insn, idx), c);
		for (i = BPF_REG_1; i <= BPF_REG_5; i++)
			nfps_set(s, i, K_SCALAR, false);
		nfps_set(s, BPF_REG_0, K_SCALAR, false);
		return;
	}
	/* the one helper that writes the stack: what was spilled may be data now */
	if (insn->imm == BPF_FUNC_xdp_load_bytes && (s->r[BPF_REG_3].k & K_STACK))
		for (i = 0; i < NR_SLOTS; i++)
			s->slot[i] |= s->slot[i] ? K_SCALAR : 0;
	if (insn->imm == BPF_FUNC_map_lookup_elem)
		nfps_set(s, BPF_REG_0, K_MAPV, false);
	else
		nfps_set(s, BPF_REG_0, K_SCALAR, nfps_helper_ret_hizero(insn->imm, a->caps));
}

/*
 * Does the translator emit "clear the upper half" for @insn (which it
 * elides when the upper half is dead)? ALU32 ops, narrow loads, and the
 * 16/32-bit byte swaps (ALU64 END, RFC 9669), which zero-extend like ALU32.
 */
static bool nfps_zext_insn(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code);

	if (cls == BPF_ALU || (cls == BPF_ALU64 && BPF_OP(insn->code) == BPF_END))
		return !(BPF_OP(insn->code) == BPF_END && insn->imm == 64);
	return cls == BPF_LDX && BPF_MODE(insn->code) == BPF_MEM &&
	       BPF_SIZE(insn->code) != BPF_DW;
}

/* physical view: an elided zero-extension leaves the old upper half */
static void nfps_a_elided(struct nfps_actx *a, u32 i, struct nfps_ast *s)
{
	const struct bpf_insn *insn = &a->insns[i];
	u8 d = insn->dst_reg;

	if (!a->live_out || (a->live_out[i] & BIT(d)) || !nfps_zext_insn(insn) ||
	    !(s->hz & BIT(d)))
		return;
	if (a->in[i].hz & BIT(d))
		s->hz |= BIT(d);
	else
		s->hz &= ~BIT(d);
}

/* upper halves @insn reads (use) and writes (def), eBPF semantics */
static void nfps_hi_use_def(const struct bpf_insn *insn, u16 *use, u16 *def)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code), mode = BPF_MODE(insn->code);
	u16 d = BIT(insn->dst_reg), sr = BIT(insn->src_reg);
	bool x = BPF_SRC(insn->code) == BPF_X, dw = BPF_SIZE(insn->code) == BPF_DW;

	*use = 0;
	*def = 0;
	switch (cls) {
	case BPF_ALU64:
		*def = d;
		if (op == BPF_MOV)
			*use = x && !insn->off ? sr : 0;
		else if (op == BPF_END)
			*use = insn->imm == 64 ? d : 0;
		else if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH || op == BPF_NEG || !x)
			*use = d;
		else
			*use = d | sr;
		break;
	case BPF_ALU:
		*def = d;
		if (op == BPF_END && insn->imm == 64)
			*use = d;
		break;
	case BPF_LDX:
		*use = sr;
		*def = d;
		break;
	case BPF_ST:
		*use = d;
		break;
	case BPF_STX:
		*use = d | (dw ? sr : 0);
		if (mode == BPF_ATOMIC) {
			if (insn->imm == BPF_CMPXCHG) {
				*use |= dw ? BIT(0) : 0;
				*def = BIT(0);
			} else if (insn->imm & BPF_FETCH) {
				*def = sr;
			}
		}
		break;
	case BPF_LD:
		*def = d;
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT) {
			*use = BIT(0);
		} else if (op == BPF_CALL) {
			*use = insn->src_reg == BPF_PSEUDO_CALL ? 0x3ff : 0x3e | (x ? d : 0);
			*def = BIT(0);
		} else if (op != BPF_JA && cls == BPF_JMP) {
			*use = d | (x ? sr : 0);
		}
		break;
	}
}

/**
 * nfps_hi_liveness() - which upper halves are read after each insn
 * @insns: program
 * @len: its length
 * @live_out: @len entries, filled; bit n = Rn's upper half may be read later
 *
 * Backward dataflow to a fixpoint. The translator skips zero-extensions of
 * upper halves nobody reads (like the verifier's zext_dst marking).
 */
void nfps_hi_liveness(const struct bpf_insn *insns, u32 len, u16 *live_out)
{
	bool changed = true;
	u32 i, k, n, succ[2], rounds = 0;
	u16 use, def, out, in;

	memset(live_out, 0, sizeof(u16) * len);
	while (changed && rounds++ < 64) {
		changed = false;
		for (i = len; i-- > 0;) {
			out = 0;
			n = nfps_ebpf_succ(insns, i, succ);
			for (k = 0; k < n; k++) {
				if (succ[k] >= len)
					continue;
				nfps_hi_use_def(&insns[succ[k]], &use, &def);
				in = (live_out[succ[k]] & ~def) | use;
				out |= in;
			}
			if (out != live_out[i]) {
				live_out[i] |= out;
				changed = true;
			}
		}
	}
	if (changed)	/* did not converge: assume everything is read */
		memset(live_out, 0xff, sizeof(u16) * len);
}

/* Transfer one instruction; push successors. */
static void nfps_a_step(struct nfps_actx *a, u32 i)
{
	const struct bpf_insn *insn = &a->insns[i];
	struct nfps_ast *s = &a->cur;
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	s64 t;

	*s = a->in[i];
	switch (cls) {
	case BPF_ALU:
	case BPF_ALU64:
		nfps_a_alu(s, insn);
		nfps_a_elided(a, i, s);
		break;
	case BPF_LDX:
		nfps_a_mem(a, s, insn);
		nfps_a_elided(a, i, s);
		break;
	case BPF_STX:
	case BPF_ST:
		nfps_a_mem(a, s, insn);
		break;
	case BPF_LD:
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < a->len) {
			u16 k = K_SCALAR;

			if (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX)
				k = K_MAPP;
			else if (insn->src_reg)
				k = K_MAPV;
			nfps_set(s, insn->dst_reg, k, k == K_SCALAR && !insn[1].imm);
			nfps_push(a, i + 2, s);
		}
		return;
	case BPF_JMP:
	case BPF_JMP32:
		if (op == BPF_EXIT)
			return;
		if (op == BPF_CALL) {
			nfps_a_call(a, s, insn, i);
			break;
		}
		t = nfps_ebpf_target(insn, i);
		if (t >= 0)
			nfps_push(a, t, s);
		if (op == BPF_JA)
			return;
		break;
	}
	nfps_push(a, i + 1, s);
}

static void nfps_a_entry(struct nfps_actx *a, struct nfps_ast *s)
{
	u32 i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < MAX_BPF_REG; i++)
		s->r[i].k = K_UNINIT;
	s->hz = (u16)(BIT(MAX_BPF_REG) - 1) & ~(BIT(1) | BIT(10));
	s->r[1].k = a->type == NFPS_PROG_RAW ? K_MEM : K_CTX;
	if (a->type == NFPS_PROG_RAW)
		s->r[2].k = K_SCALAR;
	s->r[10].k = K_STACK;
	s->r[10].offk = 1;
}

static u8 nfps_fact_ptr(u16 k)
{
	k &= ~K_UNINIT;
	switch (k) {
	case K_CTX: return NFPS_PTR_CTX;
	case K_PKT: return NFPS_PTR_PKT;
	case K_META: return NFPS_PTR_PKT_META;
	case K_STACK: return NFPS_PTR_STACK;
	case K_MAPV: return NFPS_PTR_MAP_VALUE;
	case K_MEM: return NFPS_PTR_MEM;
	}
	return NFPS_PTR_UNKNOWN;
}

/* registers that can only be packet pointers (verified XDP/tc programs) */
static u16 nfps_pkt_mask(const struct nfps_ast *s)
{
	u16 m = 0;
	u32 i;

	for (i = 0; i < MAX_BPF_REG; i++)
		if (s->r[i].k && !(s->r[i].k & ~(K_PKT | K_META | K_END)))
			m |= BIT(i);
	return m;
}

static void nfps_a_facts(struct nfps_actx *a, struct nfps_insn_fact *facts, u32 *hz_in)
{
	u32 i;

	for (i = 0; i < a->len; i++) {
		const struct bpf_insn *insn = &a->insns[i];
		u8 cls = BPF_CLASS(insn->code);

		facts[i].ptr = NFPS_PTR_NONE;
		facts[i].flags = 0;
		if (hz_in)
			hz_in[i] = a->seen[i] ? a->in[i].hz | nfps_pkt_mask(&a->in[i]) << 16 : 0;
		if (!a->seen[i]) {
			facts[i].flags = NFPS_FACT_DEAD;
			continue;
		}
		if (cls == BPF_LDX)
			facts[i].ptr = nfps_fact_ptr(nfps_base_kinds(a, a->in[i].r[insn->src_reg].k));
		else if (cls == BPF_STX || cls == BPF_ST)
			facts[i].ptr = nfps_fact_ptr(nfps_base_kinds(a, a->in[i].r[insn->dst_reg].k));
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < a->len) {
			i++;
			facts[i].ptr = NFPS_PTR_NONE;
			facts[i].flags = 0;
			if (hz_in)
				hz_in[i] = 0;
		}
	}
}

static void nfps_actx_free(struct nfps_actx *a)
{
	nfps_vfree(a->in);
	nfps_vfree(a->seen);
	nfps_vfree(a->queue);
	nfps_vfree(a->queued);
	nfps_free(a);
}

/**
 * nfps_analyze_full() - facts plus per-insn upper-half-zero masks on entry
 * @type: program type
 * @caps: NFPS_CAP_* of the verifier and helpers the program runs with
 * @insns: program
 * @len: its length
 * @facts: @len entries, filled
 * @hz_in: @len entries or NULL; bit n set = Rn's upper half is zero on entry,
 *	   bit 16 + n = Rn is a packet pointer (upper half = the CTM region)
 * @live_out: from nfps_hi_liveness() when the translator elides dead
 *	      zero-extensions (then @hz_in describes the physical registers), or NULL
 * @stack_used: bytes below the frame top any access may touch (rounded up
 *		to 16; NFPS_STACK_SIZE when unknown), or NULL
 * @diag: reason on failure
 *
 * Return: 0 or a negative errno.
 */
int nfps_analyze_full(enum nfps_prog_type type, u32 caps, const struct bpf_insn *insns,
		      u32 len, struct nfps_insn_fact *facts, u32 *hz_in, const u16 *live_out,
		      u32 *stack_used, struct nfps_diag *diag)
{
	struct nfps_actx *a;
	u32 i, steps = 0;

	if (!insns || !len)
		return nfps_fail(diag, -1, -EINVAL, "empty program");
	for (i = 0; i < len; i++)
		if (insns[i].dst_reg >= MAX_BPF_REG || insns[i].src_reg >= MAX_BPF_REG)
			return nfps_fail(diag, i, -EINVAL, "register r%u does not exist",
					 max_t(u32, insns[i].dst_reg, insns[i].src_reg));
	a = nfps_zalloc(sizeof(*a));
	if (!a)
		return -ENOMEM;
	a->type = type;
	a->caps = caps;
	a->insns = insns;
	a->len = len;
	a->live_out = live_out;
	a->in = nfps_vzalloc(sizeof(*a->in) * len);
	a->seen = nfps_vzalloc(len);
	a->queue = nfps_vzalloc(sizeof(u32) * len);
	a->queued = nfps_vzalloc(len);
	if (!a->in || !a->seen || !a->queue || !a->queued) {
		nfps_actx_free(a);
		return nfps_fail(diag, -1, -ENOMEM, "out of memory analysing %u insns", len);
	}
	nfps_a_entry(a, &a->tmp);
	nfps_push(a, 0, &a->tmp);
	while (a->count) {
		i = a->queue[a->head];
		a->head = (a->head + 1) % len;
		a->count--;
		a->queued[i] = 0;
		nfps_a_step(a, i);
		if (++steps > 64 * len + 100000)	/* lattice height bounds this */
			break;
	}
	nfps_a_facts(a, facts, hz_in);
	if (stack_used)		/* a cut-short analysis proves nothing */
		*stack_used = a->count ? NFPS_STACK_SIZE : (-a->stack_lo + 15) & ~15;
	nfps_actx_free(a);
	return 0;
}

/**
 * nfps_analyze() - compute per-instruction facts without a verifier
 * @type: program type
 * @insns: program
 * @len: its length
 * @maps: maps the program references
 * @nr_maps: their number
 * @facts: @len entries, filled
 * @diag: reason on failure
 *
 * Return: 0 or a negative errno with @diag filled.
 */
int nfps_analyze(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len,
		 const struct nfps_map_ref *maps, u32 nr_maps,
		 struct nfps_insn_fact *facts, struct nfps_diag *diag)
{
	/* the facts do not depend on the helpers' results: any caps will do */
	return nfps_analyze_full(type, 0, insns, len, facts, NULL, NULL, NULL, diag);
}
