// SPDX-License-Identifier: GPL-2.0
/*
 * The native tier's code for one microcode word: ALU words on host
 * registers, compares and branches on the host flags where the next word
 * reads them, memory commands with the likely region inline, and
 * nfps_exec_one() (the interpreter's own semantics) for the rest.
 */
#include "x86.h"

/* microengine condition -> host condition after a cmp (same Z/C/N/V) */
static const u8 jit_cc_cmp[NFPS_CC_MAX] = {
	[NFPS_CC_EQ] = X_E, [NFPS_CC_NE] = X_NE, [NFPS_CC_LO] = X_B, [NFPS_CC_HS] = X_AE,
	[NFPS_CC_HI] = X_A, [NFPS_CC_LS] = X_BE, [NFPS_CC_LT] = X_L, [NFPS_CC_GE] = X_GE,
	[NFPS_CC_GT] = X_G, [NFPS_CC_LE] = X_LE,
};

/*
 * The 3-operand ALU words: the host's "op r32, r/m32" opcode, or for the
 * immediate forms the group-1 extension (81 /ext); whether the word takes
 * the carry in (addc/subc) and produces it (add/sub family).
 */
static const struct jit_alu {
	bool ok, imm, cin, cout;
	u8 host;
} jit_alu[NFPS_OP_MAX + 1] = {
	[NFPS_OP_ADD] = { true, false, false, true, 0x03 },
	[NFPS_OP_ADDC] = { true, false, true, true, 0x13 },
	[NFPS_OP_SUB] = { true, false, false, true, 0x2b },
	[NFPS_OP_SUBC] = { true, false, true, true, 0x1b },
	[NFPS_OP_AND] = { true, false, false, false, 0x23 },
	[NFPS_OP_OR] = { true, false, false, false, 0x0b },
	[NFPS_OP_XOR] = { true, false, false, false, 0x33 },
	[NFPS_OP_ADDI] = { true, true, false, true, 0 },
	[NFPS_OP_ADDCI] = { true, true, true, true, 2 },
	[NFPS_OP_SUBI] = { true, true, false, true, 5 },
	[NFPS_OP_SUBCI] = { true, true, true, true, 3 },
	[NFPS_OP_ANDI] = { true, true, false, false, 4 },
	[NFPS_OP_ORI] = { true, true, false, false, 1 },
	[NFPS_OP_XORI] = { true, true, false, false, 6 },
};
/* CSRs that are fields of struct nfps_run (nfps_csr_read() in sim_cmd.c) */
#define JIT_CSR(f)	{ true, offsetof(struct nfps_run, f) }
static const struct { bool run; u8 off; } jit_csr_run[NFPS_CSR_MAX] = {
	[NFPS_CSR_IN_IFINDEX] = JIT_CSR(ingress_ifindex),
	[NFPS_CSR_RXQ] = JIT_CSR(rx_queue_index),
	[NFPS_CSR_MARK] = JIT_CSR(mark),
	[NFPS_CSR_PRIORITY] = JIT_CSR(priority),
	[NFPS_CSR_PROTOCOL] = JIT_CSR(protocol),
	[NFPS_CSR_QMAP] = JIT_CSR(queue_mapping),
	[NFPS_CSR_IFINDEX] = JIT_CSR(ifindex),
	[NFPS_CSR_HASH] = JIT_CSR(hash),
};
/* ---- code for one word ------------------------------------------------ */

/* the interpreter's nfps_exec_one() for word @k; faults leave via a stub */
static void jcall_step(struct jit *j, u32 k)
{
	jsync(j, true);
	jins(j, true, false, JOP1(0x89), R15, jmem(R14, OFF_CYC));
	jmovabs(j, RDI, (uintptr_t)j->prog);
	jins(j, true, false, JOP1(0x89), RBX, jreg(RSI));
	jmov_imm(j, RDX, k);
	jins(j, true, false, JOP1(0x8d), RCX, jmem(R14, OFF_CYC));
	jins(j, true, false, JOP1(0x8d), R8, jmem(R14, OFF_NEXT));
	jmovabs(j, RAX, (uintptr_t)nfps_exec_one);
	jb(j, 0xff);
	jb(j, 0xd0);					/* call rax */
	jins(j, true, false, JOP1(0x8b), R15, jmem(R14, OFF_CYC));
	jsync(j, false);
	jrm(j, 0x85, RAX, jreg(RAX));			/* test eax, eax */
	jstub(j, jjcc(j, X_NE), k, JIT_STUB_EAX);
}

static void jbranch_if(struct jit *j, u8 xcc, u32 tgt, u32 k)
{
	u32 skip;

	if (tgt > k) {
		jstub_new(j, JS_TAKEN, jjcc(j, xcc), tgt);
		return;
	}
	jb(j, 0x70 | (xcc ^ 1));			/* jncc over the taken path */
	jb(j, 0);
	skip = j->len;
	jtaken(j, tgt);
	if (!j->oom)
		j->buf[skip - 1] = j->len - skip;
}

/* host condition for @cc from the flags in memory */
static u8 jcond_mem(struct jit *j, u8 cc)
{
	switch (cc) {
	case NFPS_CC_EQ:
	case NFPS_CC_NE:
		jins(j, false, false, JOP1(0x80), 7, jmem(RBX, OFF_FZ));
		jb(j, 0);
		return cc == NFPS_CC_EQ ? X_NE : X_E;
	case NFPS_CC_LO:
	case NFPS_CC_HS:
		jins(j, false, false, JOP1(0x80), 7, jmem(RBX, OFF_FC));
		jb(j, 0);
		return cc == NFPS_CC_LO ? X_NE : X_E;
	case NFPS_CC_HI:
	case NFPS_CC_LS:				/* fz | fc (bytes 0/1) */
		jins(j, false, false, JOP2(0x0f, 0xb7), RAX, jmem(RBX, OFF_FZ));
		jrm(j, 0x85, RAX, jreg(RAX));
		return cc == NFPS_CC_HI ? X_E : X_NE;
	case NFPS_CC_LT:
	case NFPS_CC_GE:				/* fn != fv */
		jins(j, false, false, JOP1(0x8a), RAX, jmem(RBX, OFF_FN));
		jins(j, false, false, JOP1(0x3a), RAX, jmem(RBX, OFF_FV));
		return cc == NFPS_CC_LT ? X_NE : X_E;
	default:					/* GT / LE: fz | (fn ^ fv) */
		jins(j, false, false, JOP1(0x8a), RAX, jmem(RBX, OFF_FN));
		jins(j, false, false, JOP1(0x32), RAX, jmem(RBX, OFF_FV));
		jins(j, false, false, JOP1(0x0a), RAX, jmem(RBX, OFF_FZ));
		return cc == NFPS_CC_GT ? X_E : X_NE;
	}
}

/* CF = fc, unless the host carry already is fc */
static void jload_cf(struct jit *j)
{
	if (j->cf_ok)
		return;
	jins(j, false, false, JOP2(0x0f, 0xba), 4, jmem(RBX, OFF_FZ));	/* bt [fz], 8 */
	jb(j, (OFF_FC - OFF_FZ) * 8);
}

/* flags of a subtraction that are read later: fz (or chained), fc, fn, fv */
static void jflags_sub(struct jit *j, bool chain, u8 live)
{
	if (live & JF_C)
		jsetcc(j, X_B, jmem(RBX, OFF_FC));
	if (live & JF_N)
		jsetcc(j, X_S, jmem(RBX, OFF_FN));
	if (live & JF_V)
		jsetcc(j, X_O, jmem(RBX, OFF_FV));
	if (!(live & JF_Z))
		return;
	if (!chain) {
		jsetcc(j, X_E, jmem(RBX, OFF_FZ));
		return;
	}
	jsetcc(j, X_E, jreg(RDX));
	jins(j, false, false, JOP1(0x20), RDX, jmem(RBX, OFF_FZ));	/* and [fz], dl */
}

/* fc after an add/sub family word, if read later */
static void jstore_fc(struct jit *j, u8 live)
{
	if (live & JF_C)
		jsetcc(j, X_B, jmem(RBX, OFF_FC));
}

/* D = op A (unary on eax; op bytes given) */
static void junary(struct jit *j, const struct nfps_dinsn *pc, const u8 *op, int len)
{
	jld(j, RAX, pc->a);
	jins(j, false, false, op, len, RAX, jreg(RAX));
	jst(j, pc->d, RAX);
}

_Static_assert(sizeof(struct nfps_map_rgn) == 16 && offsetof(struct nfps_map_rgn, size) == 8,
	       "jmem_op() indexes prog->rgn[] as 16-byte entries");

/* the access itself, through the host pointer in rdx */
/* rcx = value pair @b (64-bit) or its low word */
static void jld_val(struct jit *j, u8 b, bool w64)
{
	jld(j, RCX, b);
	if (!w64)
		return;
	jld(j, RAX, b + 1);
	jb(j, 0x48); jb(j, 0xc1); jb(j, 0xe0); jb(j, 32);	/* shl rax, 32 */
	jb(j, 0x48); jb(j, 0x09); jb(j, 0xc1);			/* or rcx, rax */
}

/* pair @d = @h (64-bit) or its low word zero-extended */
static void jst_pair(struct jit *j, u8 d, u8 h, bool w64)
{
	jst(j, d, h);
	if (w64) {
		jins(j, true, false, JOP1(0xc1), 5, jreg(h));	/* shr h, 32 */
		jb(j, 32);
		jst(j, d + 1, h);
	} else if (jmapped(j, d + 1)) {
		jmov_imm(j, j->map[d + 1], 0);
	} else {
		jins(j, false, false, JOP1(0xc7), 0, jmem(RBX, OFF_R(d + 1)));
		jb4(j, 0);
	}
}

/* the atomic engine (nfps_atomic() in sim_cmd.c) on host pointer rdx */
static void jatomic(struct jit *j, const struct nfps_dinsn *pc, u32 k)
{
	bool w64 = pc->x & NFPS_ATOM_64, fetch = pc->x & NFPS_ATOM_FETCH;
	struct jop m = jmem(RDX, 0);

	jb(j, 0xf6); jb(j, 0xc2); jb(j, w64 ? 7 : 3);		/* test dl, size-1 */
	jstub(j, jjcc(j, X_NE), k, NFPS_FAULT_ALIGN);
	jld_val(j, pc->b, w64);
	switch (pc->op) {
	case NFPS_OP_AADD:
		jb(j, 0xf0);					/* lock */
		if (fetch)
			jins(j, w64, false, JOP2(0x0f, 0xc1), RCX, m);	/* xadd */
		else
			jins(j, w64, false, JOP1(0x01), RCX, m);
		break;
	case NFPS_OP_AAND:
		jb(j, 0xf0);
		jins(j, w64, false, JOP1(0x21), RCX, m);
		break;
	case NFPS_OP_AOR:
		jb(j, 0xf0);
		jins(j, w64, false, JOP1(0x09), RCX, m);
		break;
	case NFPS_OP_AXOR:
		jb(j, 0xf0);
		jins(j, w64, false, JOP1(0x31), RCX, m);
		break;
	case NFPS_OP_AXCHG:
		jins(j, w64, false, JOP1(0x87), RCX, m);	/* xchg: locked */
		fetch = true;
		break;
	default:					/* ACMPXCHG: rax = comparand */
		if (w64) {		/* the pair from memory, mapped halves first */
			if (jmapped(j, pc->d))
				jrm(j, 0x89, j->map[pc->d], jmem(RBX, OFF_R(pc->d)));
			if (jmapped(j, pc->d + 1))
				jrm(j, 0x89, j->map[pc->d + 1], jmem(RBX, OFF_R(pc->d + 1)));
			jins(j, true, false, JOP1(0x8b), RAX, jmem(RBX, OFF_R(pc->d)));
		} else {
			jld(j, RAX, pc->d);
		}
		jb(j, 0xf0);
		jins(j, w64, false, JOP2(0x0f, 0xb1), RCX, m);	/* cmpxchg */
		jst_pair(j, pc->d, RAX, w64);
		return;
	}
	if (fetch)
		jst_pair(j, pc->d, RCX, w64);
}

static void jmem_access(struct jit *j, const struct nfps_dinsn *pc, u32 k)
{
	struct jop m = jmem(RDX, 0);

	if (pc->op >= NFPS_OP_AADD && pc->op <= NFPS_OP_ACMPXCHG) {
		jatomic(j, pc, k);
		return;
	}
	switch (pc->op) {
	case NFPS_OP_LD8:
		jins(j, false, false, JOP2(0x0f, 0xb6), RDX, m);
		jst(j, pc->d, RDX);
		break;
	case NFPS_OP_LD16:
		jins(j, false, false, JOP2(0x0f, 0xb7), RDX, m);
		jst(j, pc->d, RDX);
		break;
	case NFPS_OP_LD32:
		jrm(j, 0x8b, RDX, m);
		jst(j, pc->d, RDX);
		break;
	case NFPS_OP_LD64:
		jins(j, true, false, JOP1(0x8b), RDX, m);
		jst(j, pc->d, RDX);
		jb(j, 0x48); jb(j, 0xc1); jb(j, 0xea); jb(j, 32);	/* shr rdx, 32 */
		jst(j, pc->d + 1, RDX);
		break;
	case NFPS_OP_ST8:
		jld(j, RCX, pc->b);
		jins(j, false, false, JOP1(0x88), RCX, m);
		break;
	case NFPS_OP_ST16:
		jld(j, RCX, pc->b);
		jins(j, false, true, JOP1(0x89), RCX, m);
		break;
	case NFPS_OP_ST32:
		jld(j, RCX, pc->b);
		jrm(j, 0x89, RCX, m);
		break;
	default:					/* ST64 */
		jld_val(j, pc->b, true);
		jins(j, true, false, JOP1(0x89), RCX, m);
		break;
	}
}

static const u8 jit_rgn_id[2] = { NFPS_RGN_PKT, NFPS_RGN_STACK };
static const u8 jit_rgn_lat[2] = { NFPS_LAT_CTM, NFPS_LAT_LM };
static const s32 jit_rgn_base[2] = { OFF_PKT, OFF_LM };

static u32 jmem_size(const struct nfps_dinsn *pc)
{
	bool st = pc->op >= NFPS_OP_ST8 && pc->op <= NFPS_OP_ST64;

	if (pc->op >= NFPS_OP_AADD && pc->op <= NFPS_OP_ACMPXCHG)
		return pc->x & NFPS_ATOM_64 ? 8 : 4;

	return 1 << (pc->op - (st ? NFPS_OP_ST8 : NFPS_OP_LD8));
}

/*
 * Region @r (0 packet, 1 local memory) of a memory command: bounds check
 * (the checks of nfps_mem() in sim.h), rdx = host pointer, latency. eax
 * holds the offset. Return: the rel32 of the jump taken for another region.
 */
static u32 jmem_region(struct jit *j, const struct nfps_dinsn *pc, u32 k, int r)
{
	u32 other;

	jalu_imm(j, false, 7, jur(j, pc->a + 1), jit_rgn_id[r]);
	other = jjcc(j, X_NE);
	jins(j, true, false, JOP1(0x8d), RDX, jmem(RAX, jmem_size(pc)));	/* lea rdx, [rax+n] */
	if (r == 0) {
		jrm(j, 0x8b, RCX, jmem(RBX, OFF_DEND));
		jins(j, true, false, JOP1(0x39), RCX, jreg(RDX));	/* cmp rdx, rcx */
	} else {
		jalu_imm(j, true, 7, jreg(RDX), NFPS_LM_SIZE);
	}
	jstub(j, jjcc(j, X_A), k, NFPS_FAULT_MEM);
	jins(j, true, false, JOP1(0x8d), RDX, jmemx(RBX, RAX, jit_rgn_base[r]));
	jcyc_add(j, jit_rgn_lat[r]);
	return other;
}

/*
 * Memory command. The likely region inline (local memory when the address
 * is R10's frame pointer pair, else the packet); the other one, map values
 * and the rest (nfps_exec_one()) out of line in a JS_MEM stub.
 */
static void jmem_op(struct jit *j, const struct nfps_dinsn *pc, u32 k)
{
	int hot = pc->a == NFPS_GPR_LO(10);
	struct jit_stub *st;
	u32 carry = 0, other;

	/*
	 * eax = offset (a 32-bit op zero-extends rax). A carry or borrow out
	 * of the low word changes the region: the slow path handles it.
	 */
	jld(j, RAX, pc->a);
	if (pc->imm) {
		jalu_imm(j, false, 0, jreg(RAX), (u32)(s32)(s16)pc->imm);
		carry = jjcc(j, (s16)pc->imm < 0 ? X_AE : X_B);
	}
	other = jmem_region(j, pc, k, hot);
	jmem_access(j, pc, k);
	st = jstub_new(j, JS_MEM, other, k);
	if (st) {
		st->at2 = carry;
		st->resume = j->len;
		st->hot = hot;
	}
}

/* the JS_MEM stub: the other region, map values, then the slow path */
void nfps_jit_mem_cold(struct jit *j, const struct jit_stub *s)
{
	const struct nfps_dinsn *pc = &j->prog->dec[s->pc];
	u32 slow[3] = { 0, 0, 0 }, i;

	j->be = s->be;
	slow[0] = jmem_region(j, pc, s->pc, !s->hot);
	jmem_access(j, pc, s->pc);
	jpatch(j, jjmp(j), s->resume);
	/* map i's value region: NFPS_RGN_MAP0 + i, i < nr_maps, base set */
	if (j->prog->nr_maps) {
		jpatch(j, slow[0], j->len);
		jld(j, RDX, pc->a + 1);
		jalu_imm(j, false, 5, jreg(RDX), NFPS_RGN_MAP0);
		jalu_imm(j, false, 7, jreg(RDX), j->prog->nr_maps);
		slow[1] = jjcc(j, X_AE);
		jb(j, 0xc1); jb(j, 0xe2); jb(j, 4);		/* shl edx, 4 */
		jmovabs(j, RCX, (uintptr_t)j->prog->rgn);
		jb(j, 0x48); jb(j, 0x01); jb(j, 0xd1);		/* add rcx, rdx */
		jb(j, 0x48); jb(j, 0x8b); jb(j, 0x11);		/* mov rdx, [rcx] */
		jb(j, 0x48); jb(j, 0x85); jb(j, 0xd2);		/* test rdx, rdx */
		slow[2] = jjcc(j, X_E);
		jrm(j, 0x8b, RCX, jmem(RCX, 8));		/* ecx = size */
		jb(j, 0x48); jb(j, 0x01); jb(j, 0xc2);		/* add rdx, rax */
		jins(j, true, false, JOP1(0x8d), RAX, jmem(RAX, jmem_size(pc)));
		jins(j, true, false, JOP1(0x39), RCX, jreg(RAX));	/* cmp rax, rcx */
		jstub(j, jjcc(j, X_A), s->pc, NFPS_FAULT_MEM);
		jcyc_add(j, NFPS_LAT_EMEM);
		jmem_access(j, pc, s->pc);
		jpatch(j, jjmp(j), s->resume);
		slow[0] = 0;
	}
	for (i = 0; i < 3; i++)
		if (slow[i])
			jpatch(j, slow[i], j->len);
	if (s->at2)
		jpatch(j, s->at2, j->len);
	jcall_step(j, s->pc);
	jpatch(j, jjmp(j), s->resume);
}

void nfps_jit_word(struct jit *j, u32 k)
{
	const struct nfps_dinsn *pc = &j->prog->dec[k];
	u8 fl = JIT_FL_NONE, h, xcc, live = j->live[k];
	bool cf_ok = false;

	if (jit_alu[pc->op].ok) {
		const struct jit_alu *t = &jit_alu[pc->op];
		u8 h = jdst(j, pc->d, t->imm ? -1 : pc->b);

		if (t->cin)
			jload_cf(j);
		jld(j, h, pc->a);
		if (t->imm)
			jalu_imm(j, false, t->host, jreg(h), pc->imm);
		else
			jrm(j, t->host, h, jur(j, pc->b));
		jst(j, pc->d, h);
		if (t->cout)
			jstore_fc(j, live);
		j->cf_ok = t->cout;
		j->fl = JIT_FL_NONE;
		return;
	}
	switch (pc->op) {
	case NFPS_OP_NOP:
		cf_ok = j->cf_ok;
		fl = j->fl;
		break;
	case NFPS_OP_MOV:
		h = jdst(j, pc->d, -1);
		jld(j, h, pc->a);
		jst(j, pc->d, h);
		cf_ok = j->cf_ok;
		fl = j->fl;
		break;
	case NFPS_OP_IMMED:
	case NFPS_OP_IMMEDS: {
		u32 v = pc->op == NFPS_OP_IMMED ? pc->imm : (u32)(s32)(s16)pc->imm;

		if (jmapped(j, pc->d)) {
			jmov_imm(j, j->map[pc->d], v);
		} else {
			jins(j, false, false, JOP1(0xc7), 0, jmem(RBX, OFF_R(pc->d)));
			jb4(j, v);
		}
		cf_ok = j->cf_ok;
		fl = j->fl;
		break;
	}
	case NFPS_OP_IMMEDHI:
		h = jdst(j, pc->d, -1);
		jld(j, h, pc->d);
		jins(j, false, false, JOP2(0x0f, 0xb7), h, jreg(h));	/* movzx h, h16 */
		if (pc->imm)
			jalu_imm(j, false, 1, jreg(h), (u32)pc->imm << 16);
		jst(j, pc->d, h);
		break;
	case NFPS_OP_SHL:
	case NFPS_OP_SHR:
	case NFPS_OP_ASR: {
		static const u8 ext[] = { 4, 5, 7 };

		jld(j, RCX, pc->b);
		jld(j, RAX, pc->a);
		jins(j, false, false, JOP1(0xd3), ext[pc->op - NFPS_OP_SHL], jreg(RAX));
		jst(j, pc->d, RAX);
		break;
	}
	case NFPS_OP_SHLI:
	case NFPS_OP_SHRI:
	case NFPS_OP_ASRI: {
		static const u8 ext[] = { 4, 5, 7 };

		h = jdst(j, pc->d, -1);
		jld(j, h, pc->a);
		if (pc->imm & 31) {
			jins(j, false, false, JOP1(0xc1), ext[pc->op - NFPS_OP_SHLI], jreg(h));
			jb(j, pc->imm & 31);
		}
		jst(j, pc->d, h);
		break;
	}
	case NFPS_OP_DSHL:
	case NFPS_OP_DSHR:
		jld(j, RCX, pc->x);
		jld(j, RAX, pc->a);
		jld(j, RDX, pc->b);
		jins(j, false, false, JOP2(0x0f, pc->op == NFPS_OP_DSHL ? 0xa5 : 0xad), RDX,
		     jreg(RAX));
		jst(j, pc->d, RAX);
		break;
	case NFPS_OP_DSHLI:
	case NFPS_OP_DSHRI:
		jld(j, RAX, pc->a);
		if (pc->imm & 31) {
			jld(j, RDX, pc->b);
			jins(j, false, false, JOP2(0x0f, pc->op == NFPS_OP_DSHLI ? 0xa4 : 0xac),
			     RDX, jreg(RAX));
			jb(j, pc->imm & 31);
		}
		jst(j, pc->d, RAX);
		break;
	case NFPS_OP_BSWAP16:
		jld(j, RAX, pc->a);
		jb(j, 0x66); jb(j, 0xc1); jb(j, 0xc0); jb(j, 8);	/* rol ax, 8 */
		jb(j, 0x0f); jb(j, 0xb7); jb(j, 0xc0);		/* movzx eax, ax */
		jst(j, pc->d, RAX);
		break;
	case NFPS_OP_BSWAP32:
		jld(j, RAX, pc->a);
		jb(j, 0x0f); jb(j, 0xc8);			/* bswap eax */
		jst(j, pc->d, RAX);
		break;
	case NFPS_OP_SEXT8:
		junary(j, pc, JOP2(0x0f, 0xbe));
		break;
	case NFPS_OP_SEXT16:
		junary(j, pc, JOP2(0x0f, 0xbf));
		break;
	case NFPS_OP_MUL:
		h = jdst(j, pc->d, pc->b);
		jld(j, h, pc->a);
		jins(j, false, false, JOP2(0x0f, 0xaf), h, jur(j, pc->b));
		jst(j, pc->d, h);
		break;
	case NFPS_OP_MULHU:
		jld(j, RAX, pc->a);
		jins(j, false, false, JOP1(0xf7), 4, jur(j, pc->b));	/* mul */
		jst(j, pc->d, RDX);
		break;
	case NFPS_OP_CMP:
	case NFPS_OP_CMPI:
		jld(j, RAX, pc->a);
		if (pc->op == NFPS_OP_CMP)
			jrm(j, 0x3b, RAX, jur(j, pc->b));
		else
			jalu_imm(j, false, 7, jreg(RAX), pc->imm);
		jflags_sub(j, false, live);
		cf_ok = true;
		fl = JIT_FL_CMP;
		break;
	case NFPS_OP_CMPC:
	case NFPS_OP_CMPCI:
		jload_cf(j);
		jld(j, RAX, pc->a);
		if (pc->op == NFPS_OP_CMPC)
			jrm(j, 0x1b, RAX, jur(j, pc->b));
		else
			jalu_imm(j, false, 3, jreg(RAX), pc->imm);
		jflags_sub(j, true, live);
		break;
	case NFPS_OP_TST:
	case NFPS_OP_TSTC:
	case NFPS_OP_TSTI:
		jld(j, RAX, pc->a);
		if (pc->op == NFPS_OP_TSTI) {
			jb(j, 0xa9);
			jb4(j, pc->imm);
		} else {
			jrm(j, 0x85, RAX, jur(j, pc->b));
		}
		if (pc->op == NFPS_OP_TSTC) {
			if (live & JF_Z) {
				jsetcc(j, X_E, jreg(RDX));
				jins(j, false, false, JOP1(0x20), RDX, jmem(RBX, OFF_FZ));
			}
		} else {
			if (live & JF_Z)
				jsetcc(j, X_E, jmem(RBX, OFF_FZ));
			fl = JIT_FL_TST;
		}
		break;
	case NFPS_OP_BR:
		jtaken(j, pc->tgt);
		break;
	case NFPS_OP_BCC:
		if (j->fl == JIT_FL_CMP)
			xcc = jit_cc_cmp[pc->x];
		else if (j->fl == JIT_FL_TST && (pc->x == NFPS_CC_EQ || pc->x == NFPS_CC_NE))
			xcc = pc->x == NFPS_CC_EQ ? X_E : X_NE;
		else
			xcc = jcond_mem(j, pc->x);
		jbranch_if(j, xcc, pc->tgt, k);
		break;
	case NFPS_OP_BBS:
	case NFPS_OP_BBC:
		jld(j, RAX, pc->a);
		jb(j, 0xa9);
		jb4(j, 1U << (pc->x & 31));
		jbranch_if(j, pc->op == NFPS_OP_BBS ? X_NE : X_E, pc->tgt, k);
		break;
	case NFPS_OP_CALL:
		jcall_step(j, k);
		jtaken(j, pc->tgt);
		break;
	case NFPS_OP_RET:
		jins(j, false, false, JOP1(0x83), 7, jmem(RBX, OFF_DEPTH));
		jb(j, 0);
		jpatch(j, jjcc(j, X_E), j->done_off);
		jcall_step(j, k);
		jcyc_add(j, NFPS_BR_TAKEN_PENALTY);
		jrm(j, 0x8b, RAX, jmem(R14, OFF_NEXT));
		jmovabs(j, RCX, 0);	/* table address, patched by the caller */
		jb(j, 0xff); jb(j, 0x24); jb(j, 0xc1);		/* jmp [rcx + rax*8] */
		break;
	case NFPS_OP_LD8:
	case NFPS_OP_LD16:
	case NFPS_OP_LD32:
	case NFPS_OP_LD64:
	case NFPS_OP_ST8:
	case NFPS_OP_ST16:
	case NFPS_OP_ST32:
	case NFPS_OP_ST64:
		jmem_op(j, pc, k);
		break;
	case NFPS_OP_CSRR:
		if (pc->imm == NFPS_CSR_PKT_DATA || pc->imm == NFPS_CSR_PKT_END ||
		    pc->imm == NFPS_CSR_PKT_META) {
			s32 off = pc->imm == NFPS_CSR_PKT_DATA ? OFF_DATA :
				  pc->imm == NFPS_CSR_PKT_END ? OFF_DEND : OFF_DMETA;

			h = jdst(j, pc->d, -1);
			jrm(j, 0x8b, h, jmem(RBX, off));
			jst(j, pc->d, h);
			cf_ok = j->cf_ok;
			fl = j->fl;
			break;
		}
		if (pc->imm < NFPS_CSR_MAX && jit_csr_run[pc->imm].run) {
			jins(j, true, false, JOP1(0x8b), RCX, jmem(RBX, OFF_RUN));
			jrm(j, 0x8b, RAX, jmem(RCX, jit_csr_run[pc->imm].off));
			jst(j, pc->d, RAX);
			break;
		}
		if (pc->imm == NFPS_CSR_PKT_LEN) {
			jrm(j, 0x8b, RAX, jmem(RBX, OFF_DEND));
			jrm(j, 0x2b, RAX, jmem(RBX, OFF_DATA));
			jst(j, pc->d, RAX);
			break;
		}
		jcall_step(j, k);
		break;
	case NFPS_OP_CSRW:
		if (pc->imm == NFPS_CSR_MARK || pc->imm == NFPS_CSR_PRIORITY) {
			jins(j, true, false, JOP1(0x8b), RCX, jmem(RBX, OFF_RUN));
			jld(j, RAX, pc->a);
			jrm(j, 0x89, RAX, jmem(RCX, jit_csr_run[pc->imm].off));
			break;
		}
		jcall_step(j, k);
		break;
	case NFPS_OP_AADD:
	case NFPS_OP_AXCHG:
	case NFPS_OP_ACMPXCHG:
		jmem_op(j, pc, k);
		break;
	case NFPS_OP_AAND:
	case NFPS_OP_AOR:
	case NFPS_OP_AXOR:	/* fetch variants need a cmpxchg loop: not inline */
		if (pc->x & NFPS_ATOM_FETCH)
			jcall_step(j, k);
		else
			jmem_op(j, pc, k);
		break;
	case NFPS_OP_MAX:	/* the sentinel after the last word */
		jstub(j, jjmp(j), k, NFPS_FAULT_ILLEGAL);
		break;
	default:	/* dividers, atomics, CSR writes, command units */
		jcall_step(j, k);
		break;
	}
	j->cf_ok = cf_ok;
	j->fl = fl;
}
