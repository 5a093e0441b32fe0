/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Internals of the native tier (x86-64 code for microcode), shared by
 * jit.c (compile driver, entry/exit, run), flow.c (blocks, watchdog check
 * points, flag liveness, register allocation) and word.c (the code of one
 * microcode word): the generator's state, and the x86 encoder as inline
 * helpers. See jit.c for the design.
 */
#ifndef NFPS_NATIVE_X86_H
#define NFPS_NATIVE_X86_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"
#include "sim.h"

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* x86 condition codes */
enum { X_O, X_NO, X_B, X_AE, X_E, X_NE, X_BE, X_A, X_S, X_NS, X_P, X_NP, X_L, X_GE, X_LE, X_G };

/* run state shared with the generated code (r14) */
struct jit_state {
	u64 cyc;
	u64 nexec;
	u64 budget;
	u32 pc;
	u32 fault;
	u32 next;
};

enum { JIT_DONE, JIT_FAULT, JIT_BAIL };

#define OFF_CYC		offsetof(struct jit_state, cyc)
#define OFF_NEXEC	offsetof(struct jit_state, nexec)
#define OFF_BUDGET	offsetof(struct jit_state, budget)
#define OFF_PC		offsetof(struct jit_state, pc)
#define OFF_FAULT	offsetof(struct jit_state, fault)
#define OFF_NEXT	offsetof(struct jit_state, next)
#define OFF_R(u)	((s32)(offsetof(struct nfps_cpu, r) + 4 * (u)))
#define OFF_FZ		((s32)offsetof(struct nfps_cpu, fz))
#define OFF_FC		((s32)offsetof(struct nfps_cpu, fc))
#define OFF_FN		((s32)offsetof(struct nfps_cpu, fn))
#define OFF_FV		((s32)offsetof(struct nfps_cpu, fv))
#define OFF_DEPTH	((s32)offsetof(struct nfps_cpu, depth))
#define OFF_DMETA	((s32)offsetof(struct nfps_cpu, data_meta))
#define OFF_DATA	((s32)offsetof(struct nfps_cpu, data))
#define OFF_DEND	((s32)offsetof(struct nfps_cpu, data_end))
#define OFF_LM		((s32)offsetof(struct nfps_cpu, lm))
#define OFF_PKT		((s32)offsetof(struct nfps_cpu, pkt))
#define OFF_RUN		((s32)offsetof(struct nfps_cpu, run))

typedef u32 (*jit_fn)(struct nfps_cpu *cpu, struct jit_state *st);

struct jit_native {
	struct nfps_native native;	/* first: prog->native points here */
	jit_fn fn;
	void *mem;
	size_t mem_len;
	void **table;			/* word index -> host address (leaders) */
};

/* An operand: a host register, [base + disp] or [base + index + disp]. */
struct jop {
	u8 kind;	/* JOP_REG, JOP_MEM, JOP_MEMX */
	u8 reg, index;
	s32 disp;
};

enum { JOP_REG, JOP_MEM, JOP_MEMX };

struct jit_fix {
	u32 at;		/* rel32 field */
	u32 word;	/* target word (block leader) */
};

/*
 * Out-of-line code, emitted after all blocks: fault and bail exits, the
 * taken path of forward branches (usually not taken: bounds checks), and
 * the less likely regions of a memory command.
 */
struct jit_stub {
	u8 kind;	/* JS_* */
	u8 fault;	/* JS_EXIT: 0 = code in eax, 0xff = bail, else the fault */
	u8 hot;		/* JS_MEM: the region handled inline (0 packet, 1 stack) */
	u32 at;		/* rel32 of the jcc to patch */
	u32 at2;	/* JS_MEM: second entry (carry out of the offset), or 0 */
	u32 pc;		/* word (JS_TAKEN: the branch target) */
	u32 cyc_sub;	/* JS_EXIT: cycles and words of the block not run */
	u32 nexec_sub;
	u32 be;		/* JS_MEM: last word of the block */
	u32 resume;	/* JS_MEM: where the hot path continues */
};

enum { JS_EXIT, JS_TAKEN, JS_MEM };

#define JIT_STUB_EAX	0
#define JIT_STUB_BAIL	0xff

struct jit {
	const struct nfps_prog *prog;
	u8 *buf;
	u32 len, cap;
	bool oom;
	s8 map[NFPS_NR_GPR];		/* microengine register -> host register */
	u8 *leader;
	u8 *live;			/* flags read later (JF_*), per word */
	u32 *ahead;			/* check points: worst-case cycles ahead */
	u8 *ckpt;
	u32 *blk_off;			/* code offset of each leader */
	struct jit_fix *fix;
	u32 nr_fix, cap_fix;
	struct jit_stub *stub;
	u32 nr_stub, cap_stub;
	/* block being emitted */
	u32 bs, be;			/* first and last word */
	/* what the host flags hold after the previous word of this block */
	bool cf_ok;			/* CF == fc */
	u8 fl;				/* JIT_FL_* */
	u32 exit_off, done_off, illegal_off;
};

enum { JIT_FL_NONE, JIT_FL_CMP, JIT_FL_TST };

/* flag bits for the liveness pass */
#define JF_Z	BIT(0)
#define JF_C	BIT(1)
#define JF_N	BIT(2)
#define JF_V	BIT(3)
#define JF_ALL	(JF_Z | JF_C | JF_N | JF_V)
_Static_assert(NFPS_OPF_WR_Z >> 12 == JF_Z && NFPS_OPF_WR_C >> 12 == JF_C &&
	       NFPS_OPF_WR_N >> 12 == JF_N && NFPS_OPF_WR_V >> 12 == JF_V &&
	       NFPS_OPF_RD_Z >> 8 == JF_Z && NFPS_OPF_RD_C >> 8 == JF_C,
	       "the flag columns of NFPS_OPS shift onto JF_*");


/* ---- byte emission ---------------------------------------------------- */

static inline void jb(struct jit *j, u8 b)
{
	if (j->len == j->cap) {
		u32 cap = j->cap ? 2 * j->cap : 65536;
		u8 *n = realloc(j->buf, cap);

		if (!n) {
			j->oom = true;
			j->len = 0;
			return;
		}
		j->buf = n;
		j->cap = cap;
	}
	j->buf[j->len++] = b;
}

static inline void jb4(struct jit *j, u32 v)
{
	jb(j, v);
	jb(j, v >> 8);
	jb(j, v >> 16);
	jb(j, v >> 24);
}

static inline void jb8(struct jit *j, u64 v)
{
	jb4(j, v);
	jb4(j, v >> 32);
}

static inline void jpatch(struct jit *j, u32 at, u32 target)
{
	u32 rel = target - (at + 4);

	if (j->oom)
		return;
	memcpy(j->buf + at, &rel, 4);
}

static inline void *jgrow(void *p, u32 *cap, u32 nr, size_t sz, bool *oom)
{
	void *n;

	if (nr < *cap)
		return p;
	*cap = *cap ? 2 * *cap : 256;
	n = realloc(p, *cap * sz);
	if (!n) {
		*oom = true;
		free(p);
		*cap = 0;
	}
	return n;
}

/* ---- instruction encoding --------------------------------------------- */

static inline struct jop jreg(u8 r)
{
	return (struct jop){ .kind = JOP_REG, .reg = r };
}

static inline struct jop jmem(u8 base, s32 disp)
{
	return (struct jop){ .kind = JOP_MEM, .reg = base, .disp = disp };
}

static inline struct jop jmemx(u8 base, u8 index, s32 disp)
{
	return (struct jop){ .kind = JOP_MEMX, .reg = base, .index = index, .disp = disp };
}

/*
 * [66] [REX] opcode(s) modrm [sib] [disp]: @reg is the modrm reg field
 * (a register or an opcode extension), @m the r/m operand.
 */
static inline void jins(struct jit *j, bool w, bool p66, const u8 *op, int oplen, u8 reg,
		 struct jop m)
{
	u8 rex = 0x40 | (w ? 8 : 0) | ((reg & 8) ? 4 : 0) | ((m.reg & 8) ? 1 : 0);
	u8 mod;
	int i;

	if (m.kind == JOP_MEMX && (m.index & 8))
		rex |= 2;
	if (p66)
		jb(j, 0x66);
	if (rex != 0x40)
		jb(j, rex);
	for (i = 0; i < oplen; i++)
		jb(j, op[i]);
	if (m.kind == JOP_REG) {
		jb(j, 0xc0 | (reg & 7) << 3 | (m.reg & 7));
		return;
	}
	mod = m.disp >= -128 && m.disp <= 127 ? 0x40 : 0x80;
	if (m.kind == JOP_MEMX) {
		jb(j, mod | (reg & 7) << 3 | 4);
		jb(j, (m.index & 7) << 3 | (m.reg & 7));
	} else {
		jb(j, mod | (reg & 7) << 3 | (m.reg & 7));
		if ((m.reg & 7) == RSP)
			jb(j, 0x24);
	}
	if (mod == 0x40)
		jb(j, (u8)m.disp);
	else
		jb4(j, m.disp);
}

#define JOP1(o)		((const u8[]){ o }), 1
#define JOP2(a, b)	((const u8[]){ a, b }), 2

/* 32-bit "op reg, r/m" (add 03, or 0b, adc 13, sbb 1b, and 23, sub 2b,
 * xor 33, cmp 3b, test 85, mov 8b) and "mov r/m, reg" (89)
 */
static inline void jrm(struct jit *j, u8 opc, u8 reg, struct jop m)
{
	jins(j, false, false, JOP1(opc), reg, m);
}

/* group-1 ALU with imm32: add 0, or 1, adc 2, sbb 3, and 4, sub 5, xor 6, cmp 7 */
static inline void jalu_imm(struct jit *j, bool w, u8 ext, struct jop m, u32 imm)
{
	if ((s32)imm >= -128 && (s32)imm <= 127) {
		jins(j, w, false, JOP1(0x83), ext, m);
		jb(j, imm);
	} else {
		jins(j, w, false, JOP1(0x81), ext, m);
		jb4(j, imm);
	}
}

static inline void jmov_imm(struct jit *j, u8 r, u32 imm)
{
	if (r & 8)
		jb(j, 0x41);
	jb(j, 0xb8 | (r & 7));
	jb4(j, imm);
}

static inline void jmovabs(struct jit *j, u8 r, u64 imm)
{
	jb(j, 0x48 | ((r & 8) ? 1 : 0));
	jb(j, 0xb8 | (r & 7));
	jb8(j, imm);
}

static inline void jsetcc(struct jit *j, u8 cc, struct jop m)
{
	jins(j, false, false, JOP2(0x0f, 0x90 | cc), 0, m);
}

/* jcc/jmp rel32 to be patched; returns the rel32 offset */
static inline u32 jjcc(struct jit *j, u8 cc)
{
	jb(j, 0x0f);
	jb(j, 0x80 | cc);
	jb4(j, 0);
	return j->len - 4;
}

static inline u32 jjmp(struct jit *j)
{
	jb(j, 0xe9);
	jb4(j, 0);
	return j->len - 4;
}

static inline void jcyc_add(struct jit *j, u32 n)
{
	if (n)
		jalu_imm(j, true, 0, jreg(R15), n);
}

/* ---- microengine operands --------------------------------------------- */

static inline struct jop jur(const struct jit *j, u8 u)
{
	return j->map[u] >= 0 ? jreg(j->map[u]) : jmem(RBX, OFF_R(u));
}

static inline bool jmapped(const struct jit *j, u8 u)
{
	return j->map[u] >= 0;
}

/* host reg <- microengine reg */
static inline void jld(struct jit *j, u8 h, u8 u)
{
	if (jmapped(j, u) && j->map[u] == h)
		return;
	jrm(j, 0x8b, h, jur(j, u));
}

/* microengine reg <- host reg */
static inline void jst(struct jit *j, u8 u, u8 h)
{
	if (jmapped(j, u)) {
		if (j->map[u] != h)
			jrm(j, 0x8b, j->map[u], jreg(h));
		return;
	}
	jrm(j, 0x89, h, jmem(RBX, OFF_R(u)));
}

/* the host register to compute D in: D's own unless it is also @b */
static inline u8 jdst(const struct jit *j, u8 d, int b)
{
	return jmapped(j, d) && d != b ? j->map[d] : RAX;
}

static inline void jsync(struct jit *j, bool out)
{
	unsigned int u;

	for (u = 0; u < NFPS_NR_GPR; u++) {
		if (!jmapped(j, u))
			continue;
		if (out)
			jrm(j, 0x89, j->map[u], jmem(RBX, OFF_R(u)));
		else
			jrm(j, 0x8b, j->map[u], jmem(RBX, OFF_R(u)));
	}
}

/* ---- blocks, stubs, fix-ups -------------------------------------------- */

static inline void jfix(struct jit *j, u32 at, u32 word)
{
	j->fix = jgrow(j->fix, &j->cap_fix, j->nr_fix, sizeof(*j->fix), &j->oom);
	if (j->oom)
		return;
	j->fix[j->nr_fix++] = (struct jit_fix){ at, word };
}

/* cycles and words of the current block after word @k (not executed) */
static inline void jstub(struct jit *j, u32 at, u32 k, u8 fault)
{
	const struct nfps_dinsn *dec = j->prog->dec;
	u32 i, cyc = 0;

	for (i = k + 1; i <= j->be; i++)
		cyc += dec[i].cost;
	j->stub = jgrow(j->stub, &j->cap_stub, j->nr_stub, sizeof(*j->stub), &j->oom);
	if (j->oom)
		return;
	j->stub[j->nr_stub++] = (struct jit_stub){
		.kind = JS_EXIT, .fault = fault, .at = at, .pc = k, .cyc_sub = cyc,
		.nexec_sub = j->be - k,
	};
}

static inline struct jit_stub *jstub_new(struct jit *j, u8 kind, u32 at, u32 pc)
{
	j->stub = jgrow(j->stub, &j->cap_stub, j->nr_stub, sizeof(*j->stub), &j->oom);
	if (j->oom)
		return NULL;
	j->stub[j->nr_stub] = (struct jit_stub){ .kind = kind, .at = at, .pc = pc, .be = j->be };
	return &j->stub[j->nr_stub++];
}


/* taken branch: penalty, then to the target block */
static inline void jtaken(struct jit *j, u32 tgt)
{
	jcyc_add(j, NFPS_BR_TAKEN_PENALTY);
	jfix(j, jjmp(j), tgt);
}

/*
 * Conditional branch of word @k: to @tgt when host condition @xcc holds.
 * Forward branches keep the fall-through path straight (the taken path,
 * penalty then jump, is a stub); loop branches keep the taken path inline.
 */

/* word.c */
void nfps_jit_word(struct jit *j, u32 k);
void nfps_jit_mem_cold(struct jit *j, const struct jit_stub *s);

/* flow.c */
void nfps_jit_alloc_regs(struct jit *j);
void nfps_jit_mark_leaders(struct jit *j);
void nfps_jit_checkpoints(struct jit *j);
int nfps_jit_flag_liveness(struct jit *j);

#endif /* NFPS_NATIVE_X86_H */
