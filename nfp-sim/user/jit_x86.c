// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator's native tier: microcode compiled to x86-64 host code.
 *
 * The interpreter (sim.c) is the definition of the microengine; this tier
 * must give bit-identical results: registers, flags, memory, retval,
 * cycles, words executed, fault code and fault word. It is tested against
 * the interpreter on the corpus, the translate+simulate table and the
 * fuzzer (tests/test_jit.c, fuzz_xlate.c). It exists because the issue's
 * speed target (simulator within 4x of the host's eBPF JIT per packet) is
 * out of reach of any interpreter; the kernel module keeps the interpreter
 * (a 6.1 module cannot allocate executable memory).
 *
 * Design (the same split the kernel's eBPF JITs use, scaled down):
 *  - basic blocks: a block ends after every branch, call, return and
 *    command unit with data-dependent cycles; its static cycles and word
 *    count are charged once at entry;
 *  - watchdog: checked at check points only (entry, loop heads, call
 *    targets, return points, after command units with data-dependent
 *    cycles), which every cycle of the CFG passes. At a check point, if
 *    the interpreter's per-word check could fire before the next one
 *    (cycles + the worst path to it > budget), the state goes back to the
 *    interpreter, which finishes the run word by word: exact fault word
 *    and cycle count without a per-word check;
 *  - registers: the 8 most used microengine registers live in host
 *    registers, the others in the context (cpu->r); all are written back
 *    before any call into C and on exit;
 *  - flags: kept in cpu->fz/fc/fn/fv as the interpreter does, but only
 *    those a later word reads (backward liveness over the microcode CFG);
 *    a branch right after its compare uses the host flags, carry chains
 *    (add/addc, cmp/cmpc) inside a block keep the carry in the host's CF;
 *  - memory commands and atomics: the likely region (packet buffer, or
 *    local memory for frame-pointer addresses) inline with the bounds
 *    checks of nfps_mem(), the other one and map values out of line, the
 *    rest (a carry into the region word, unknown regions) through the
 *    interpreter's own nfps_exec_one(), as are dividers, fetching
 *    and/or/xor, the rarer CSRs, command units, call and return;
 *  - cold code (exits, other regions, the taken path of forward
 *    branches) is emitted after all blocks, so straight-line code stays
 *    straight.
 * Host registers: rbx = context, r14 = run state, r15 = cycles, r13 =
 * words executed, rax/rcx/rdx scratch; rsi, rdi, r8-r12, rbp hold
 * microengine registers.
 */
#include <errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "sim.h"
#include "jit.h"

#if defined(__x86_64__)

enum { RAX, RCX, RDX, RBX, RSP, RBP, RSI, RDI, R8, R9, R10, R11, R12, R13, R14, R15 };

/* x86 condition codes */
enum { X_O, X_NO, X_B, X_AE, X_E, X_NE, X_BE, X_A, X_S, X_NS, X_P, X_NP, X_L, X_GE, X_LE, X_G };

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

static const u8 jit_hregs[] = { RSI, RDI, R8, R9, R10, R11, RBP, R12 };
#define JIT_NR_HREGS	ARRAY_SIZE(jit_hregs)

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

static const u8 jit_cc_reads[NFPS_CC_MAX] = {
	[NFPS_CC_EQ] = JF_Z, [NFPS_CC_NE] = JF_Z, [NFPS_CC_LO] = JF_C, [NFPS_CC_HS] = JF_C,
	[NFPS_CC_HI] = JF_Z | JF_C, [NFPS_CC_LS] = JF_Z | JF_C, [NFPS_CC_LT] = JF_N | JF_V,
	[NFPS_CC_GE] = JF_N | JF_V, [NFPS_CC_GT] = JF_Z | JF_N | JF_V,
	[NFPS_CC_LE] = JF_Z | JF_N | JF_V,
};

/* ---- byte emission ---------------------------------------------------- */

static void jb(struct jit *j, u8 b)
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

static void jb4(struct jit *j, u32 v)
{
	jb(j, v);
	jb(j, v >> 8);
	jb(j, v >> 16);
	jb(j, v >> 24);
}

static void jb8(struct jit *j, u64 v)
{
	jb4(j, v);
	jb4(j, v >> 32);
}

static void jpatch(struct jit *j, u32 at, u32 target)
{
	u32 rel = target - (at + 4);

	if (j->oom)
		return;
	memcpy(j->buf + at, &rel, 4);
}

static void *jgrow(void *p, u32 *cap, u32 nr, size_t sz, bool *oom)
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

static struct jop jreg(u8 r)
{
	return (struct jop){ .kind = JOP_REG, .reg = r };
}

static struct jop jmem(u8 base, s32 disp)
{
	return (struct jop){ .kind = JOP_MEM, .reg = base, .disp = disp };
}

static struct jop jmemx(u8 base, u8 index, s32 disp)
{
	return (struct jop){ .kind = JOP_MEMX, .reg = base, .index = index, .disp = disp };
}

/*
 * [66] [REX] opcode(s) modrm [sib] [disp]: @reg is the modrm reg field
 * (a register or an opcode extension), @m the r/m operand.
 */
static void jins(struct jit *j, bool w, bool p66, const u8 *op, int oplen, u8 reg,
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
static void jrm(struct jit *j, u8 opc, u8 reg, struct jop m)
{
	jins(j, false, false, JOP1(opc), reg, m);
}

/* group-1 ALU with imm32: add 0, or 1, adc 2, sbb 3, and 4, sub 5, xor 6, cmp 7 */
static void jalu_imm(struct jit *j, bool w, u8 ext, struct jop m, u32 imm)
{
	if ((s32)imm >= -128 && (s32)imm <= 127) {
		jins(j, w, false, JOP1(0x83), ext, m);
		jb(j, imm);
	} else {
		jins(j, w, false, JOP1(0x81), ext, m);
		jb4(j, imm);
	}
}

static void jmov_imm(struct jit *j, u8 r, u32 imm)
{
	if (r & 8)
		jb(j, 0x41);
	jb(j, 0xb8 | (r & 7));
	jb4(j, imm);
}

static void jmovabs(struct jit *j, u8 r, u64 imm)
{
	jb(j, 0x48 | ((r & 8) ? 1 : 0));
	jb(j, 0xb8 | (r & 7));
	jb8(j, imm);
}

static void jsetcc(struct jit *j, u8 cc, struct jop m)
{
	jins(j, false, false, JOP2(0x0f, 0x90 | cc), 0, m);
}

/* jcc/jmp rel32 to be patched; returns the rel32 offset */
static u32 jjcc(struct jit *j, u8 cc)
{
	jb(j, 0x0f);
	jb(j, 0x80 | cc);
	jb4(j, 0);
	return j->len - 4;
}

static u32 jjmp(struct jit *j)
{
	jb(j, 0xe9);
	jb4(j, 0);
	return j->len - 4;
}

static void jcyc_add(struct jit *j, u32 n)
{
	if (n)
		jalu_imm(j, true, 0, jreg(R15), n);
}

/* ---- microengine operands --------------------------------------------- */

static struct jop jur(const struct jit *j, u8 u)
{
	return j->map[u] >= 0 ? jreg(j->map[u]) : jmem(RBX, OFF_R(u));
}

static bool jmapped(const struct jit *j, u8 u)
{
	return j->map[u] >= 0;
}

/* host reg <- microengine reg */
static void jld(struct jit *j, u8 h, u8 u)
{
	if (jmapped(j, u) && j->map[u] == h)
		return;
	jrm(j, 0x8b, h, jur(j, u));
}

/* microengine reg <- host reg */
static void jst(struct jit *j, u8 u, u8 h)
{
	if (jmapped(j, u)) {
		if (j->map[u] != h)
			jrm(j, 0x8b, j->map[u], jreg(h));
		return;
	}
	jrm(j, 0x89, h, jmem(RBX, OFF_R(u)));
}

/* the host register to compute D in: D's own unless it is also @b */
static u8 jdst(const struct jit *j, u8 d, int b)
{
	return jmapped(j, d) && d != b ? j->map[d] : RAX;
}

static void jsync(struct jit *j, bool out)
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

static void jfix(struct jit *j, u32 at, u32 word)
{
	j->fix = jgrow(j->fix, &j->cap_fix, j->nr_fix, sizeof(*j->fix), &j->oom);
	if (j->oom)
		return;
	j->fix[j->nr_fix++] = (struct jit_fix){ at, word };
}

/* cycles and words of the current block after word @k (not executed) */
static void jstub(struct jit *j, u32 at, u32 k, u8 fault)
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

static struct jit_stub *jstub_new(struct jit *j, u8 kind, u32 at, u32 pc)
{
	j->stub = jgrow(j->stub, &j->cap_stub, j->nr_stub, sizeof(*j->stub), &j->oom);
	if (j->oom)
		return NULL;
	j->stub[j->nr_stub] = (struct jit_stub){ .kind = kind, .at = at, .pc = pc, .be = j->be };
	return &j->stub[j->nr_stub++];
}

static bool jit_ends_block(u8 op)
{
	switch (op) {
	case NFPS_OP_BR:
	case NFPS_OP_BCC:
	case NFPS_OP_BBS:
	case NFPS_OP_BBC:
	case NFPS_OP_CALL:
	case NFPS_OP_RET:
	case NFPS_OP_MLOOKUP:
	case NFPS_OP_MUPDATE:
	case NFPS_OP_MDELETE:
	case NFPS_OP_CSUM:
	case NFPS_OP_PERFOUT:
		return true;
	default:
		return false;
	}
}

static bool jit_is_branch(u8 op)
{
	return op == NFPS_OP_BR || op == NFPS_OP_BCC || op == NFPS_OP_BBS ||
	       op == NFPS_OP_BBC || op == NFPS_OP_CALL;
}

/* worst-case cycles a word adds beyond its base cost (within a block) */
static u32 jit_max_extra(u8 op)
{
	switch (nfps_op_info[op].cost) {
	case NFPS_C_MEM:
	case NFPS_C_ATOMIC:
		return NFPS_LAT_EMEM;
	default:
		return 0;
	}
}

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

/* taken branch: penalty, then to the target block */
static void jtaken(struct jit *j, u32 tgt)
{
	jcyc_add(j, NFPS_BR_TAKEN_PENALTY);
	jfix(j, jjmp(j), tgt);
}

/*
 * Conditional branch of word @k: to @tgt when host condition @xcc holds.
 * Forward branches keep the fall-through path straight (the taken path,
 * penalty then jump, is a stub); loop branches keep the taken path inline.
 */
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
static void jmem_cold(struct jit *j, const struct jit_stub *s)
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

static void jword(struct jit *j, u32 k)
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

/* ---- program ------------------------------------------------------------ */

static void jit_alloc_regs(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 uses[NFPS_NR_GPR] = {}, i, n;

	for (i = 0; i < prog->nr_words; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];
		u8 fmt = nfps_op_info[d->op].fmt;

		switch (fmt) {
		case FMT_LD:
			uses[d->d]++;
			uses[d->a] += 2;
			uses[d->a + 1] += 2;
			break;
		case FMT_ST:
			uses[d->b]++;
			uses[d->a] += 2;
			uses[d->a + 1] += 2;
			break;
		case FMT_RR: case FMT_RRR: case FMT_RRI: case FMT_RRS: case FMT_RRRR:
		case FMT_RRRS: case FMT_RI: case FMT_CSRR:
			uses[d->d]++;
			if (fmt != FMT_RI && fmt != FMT_CSRR)
				uses[d->a]++;
			if (fmt == FMT_RRR || fmt == FMT_RRRR || fmt == FMT_RRRS)
				uses[d->b]++;
			break;
		case FMT_AB: case FMT_AI: case FMT_ABT:
			uses[d->a]++;
			if (fmt == FMT_AB)
				uses[d->b]++;
			break;
		default:
			break;
		}
	}
	memset(j->map, -1, sizeof(j->map));
	for (n = 0; n < JIT_NR_HREGS; n++) {
		u32 best = 0, u;

		for (u = 1; u < NFPS_NR_GPR; u++)
			if (uses[u] > uses[best])
				best = u;
		if (!uses[best])
			break;
		j->map[best] = jit_hregs[n];
		uses[best] = 0;
	}
}

/*
 * Registers at entry, as nfps_run() sets them for the interpreter: zero,
 * but r1 (context or memory), r2 (RAW: length) and r10 (frame pointer).
 * Only the registers the program can touch are written: every register a
 * word names (and its pair partner), and all eBPF register pairs (command
 * units, calls and the result use them implicitly). The others are never
 * read: not by this code, nor by the interpreter after a watchdog hand-over.
 */
static void jinit_regs(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	bool raw = prog->type == NFPS_PROG_RAW;
	u8 used[NFPS_NR_GPR + 1] = {};
	u32 i, v;

	for (i = 0; i < NFPS_GPR_T0; i++)
		used[i] = 1;
	for (i = 0; i < prog->nr_words; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];

		used[d->d] = used[d->d + 1] = used[d->a] = used[d->a + 1] = 1;
		used[d->b] = used[d->b + 1] = used[d->x & 63] = used[(d->x & 63) + 1] = 1;
	}
	for (i = 0; i < NFPS_NR_GPR; i++) {
		if (!used[i])
			continue;
		if (raw && (i == NFPS_GPR_LO(1) || i == NFPS_GPR_LO(2))) {
			u8 h = jmapped(j, i) ? j->map[i] : RAX;

			jrm(j, 0x8b, h, jmem(RBX, i == NFPS_GPR_LO(1) ? OFF_DATA : OFF_DEND));
			if (i == NFPS_GPR_LO(2))
				jrm(j, 0x2b, h, jmem(RBX, OFF_DATA));
			jst(j, i, h);
			continue;
		}
		v = i == NFPS_GPR_HI(1) ? (raw ? NFPS_RGN_PKT : NFPS_RGN_CTX) :
		    i == NFPS_GPR_LO(10) ? NFPS_STACK_SIZE :
		    i == NFPS_GPR_HI(10) ? NFPS_RGN_STACK : 0;
		if (jmapped(j, i)) {
			if (v)
				jmov_imm(j, j->map[i], v);
			else
				jrm(j, 0x33, j->map[i], jreg(j->map[i]));	/* xor */
		} else if (!(i & 1) && !v && used[i + 1] && !jmapped(j, i + 1) &&
			   i + 1 != NFPS_GPR_HI(1) && i + 1 != NFPS_GPR_HI(10)) {
			jins(j, true, false, JOP1(0xc7), 0, jmem(RBX, OFF_R(i)));	/* both */
			jb4(j, 0);
			i++;
		} else {
			jins(j, false, false, JOP1(0xc7), 0, jmem(RBX, OFF_R(i)));
			jb4(j, v);
		}
	}
}

static void jprologue(struct jit *j)
{
	static const u8 push[] = { 0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57 };
	u32 i;

	for (i = 0; i < sizeof(push); i++)		/* push rbx rbp r12-r15 */
		jb(j, push[i]);
	jb(j, 0x48); jb(j, 0x83); jb(j, 0xec); jb(j, 8);	/* sub rsp, 8 */
	jb(j, 0x48); jb(j, 0x89); jb(j, 0xfb);		/* mov rbx, rdi */
	jb(j, 0x49); jb(j, 0x89); jb(j, 0xf6);		/* mov r14, rsi */
	jins(j, true, false, JOP1(0x8b), R15, jmem(R14, OFF_CYC));
	jins(j, true, false, JOP1(0x8b), R13, jmem(R14, OFF_NEXEC));
	jinit_regs(j);
}

/* done (eax = 0), fault (1) and bail (2) all leave through here */
static void jepilogue(struct jit *j)
{
	static const u8 pop[] = { 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b };
	u32 i;

	j->done_off = j->len;
	jb(j, 0x31); jb(j, 0xc0);			/* xor eax, eax */
	j->exit_off = j->len;
	jsync(j, true);
	jins(j, true, false, JOP1(0x89), R15, jmem(R14, OFF_CYC));
	jins(j, true, false, JOP1(0x89), R13, jmem(R14, OFF_NEXEC));
	jb(j, 0x48); jb(j, 0x83); jb(j, 0xc4); jb(j, 8);	/* add rsp, 8 */
	for (i = 0; i < sizeof(pop); i++)
		jb(j, pop[i]);
	jb(j, 0xc3);
}

static void jstubs(struct jit *j)
{
	u32 i;

	for (i = 0; i < j->nr_stub && !j->oom; i++) {
		const struct jit_stub st = j->stub[i], *s = &st;	/* stubs may add stubs */

		jpatch(j, s->at, j->len);
		if (s->kind == JS_TAKEN) {
			jtaken(j, s->pc);
			continue;
		}
		if (s->kind == JS_MEM) {
			jmem_cold(j, s);
			continue;
		}
		if (s->cyc_sub)
			jalu_imm(j, true, 5, jreg(R15), s->cyc_sub);
		if (s->nexec_sub)
			jalu_imm(j, true, 5, jreg(R13), s->nexec_sub);
		jins(j, false, false, JOP1(0xc7), 0, jmem(R14, OFF_PC));
		jb4(j, s->pc);
		if (s->fault == JIT_STUB_BAIL) {
			jmov_imm(j, RAX, JIT_BAIL);
		} else {
			if (s->fault == JIT_STUB_EAX) {
				jrm(j, 0x89, RAX, jmem(R14, OFF_FAULT));
			} else {
				jins(j, false, false, JOP1(0xc7), 0, jmem(R14, OFF_FAULT));
				jb4(j, s->fault);
			}
			jmov_imm(j, RAX, JIT_FAULT);
		}
		jpatch(j, jjmp(j), j->exit_off);
	}
}

/* block entry: watchdog look-ahead, then the block's cycles and words */
static void jblock_entry(struct jit *j)
{
	const struct nfps_dinsn *dec = j->prog->dec;
	u32 i, cost = 0;

	for (j->be = j->bs; j->be < j->prog->nr_words && !j->leader[j->be + 1]; j->be++)
		;
	for (i = j->bs; i <= j->be; i++)
		cost += dec[i].cost;
	j->cf_ok = false;
	j->fl = JIT_FL_NONE;
	if (j->ckpt[j->bs]) {
		jins(j, true, false, JOP1(0x8d), RAX, jmem(R15, j->ahead[j->bs]));
		jins(j, true, false, JOP1(0x3b), RAX, jmem(R14, OFF_BUDGET));
		jstub(j, jjcc(j, X_A), j->bs, JIT_STUB_BAIL);
		if (!j->oom) {	/* a bail charges nothing of this block */
			j->stub[j->nr_stub - 1].nexec_sub = 0;
			j->stub[j->nr_stub - 1].cyc_sub = 0;
		}
	}
	jcyc_add(j, cost);
	jalu_imm(j, true, 0, jreg(R13), j->be - j->bs + 1);
}

static bool jit_carry_producer(u8 op)
{
	return (op >= NFPS_OP_ADD && op <= NFPS_OP_SUBC) ||
	       (op >= NFPS_OP_ADDI && op <= NFPS_OP_SUBCI) ||
	       op == NFPS_OP_CMP || op == NFPS_OP_CMPI;
}

/*
 * Flags word @i reads from memory and writes. Reads jword() serves from
 * the host flags (a branch right after its compare, a carry chain inside
 * a block) do not count: the producer need not store them.
 */
static void jit_flag_rw(const struct jit *j, u32 i, u8 *rd, u8 *wr)
{
	const struct nfps_dinsn *d = &j->prog->dec[i];
	u8 prev = i && !j->leader[i] ? j->prog->dec[i - 1].op : NFPS_OP_MAX;
	bool carry_host = jit_carry_producer(prev);

	*rd = 0;
	*wr = 0;
	switch (d->op) {
	case NFPS_OP_CMP:
	case NFPS_OP_CMPI:
		*wr = JF_ALL;
		break;
	case NFPS_OP_CMPC:
	case NFPS_OP_CMPCI:
		*wr = JF_ALL;
		*rd = JF_Z | (carry_host ? 0 : JF_C);
		break;
	case NFPS_OP_TST:
	case NFPS_OP_TSTI:
		*wr = JF_Z;
		break;
	case NFPS_OP_TSTC:
		*wr = JF_Z;
		*rd = JF_Z;
		break;
	case NFPS_OP_ADD:
	case NFPS_OP_SUB:
	case NFPS_OP_ADDI:
	case NFPS_OP_SUBI:
		*wr = JF_C;
		break;
	case NFPS_OP_ADDC:
	case NFPS_OP_SUBC:
	case NFPS_OP_ADDCI:
	case NFPS_OP_SUBCI:
		*wr = JF_C;
		*rd = carry_host ? 0 : JF_C;
		break;
	case NFPS_OP_BCC:
		if (prev == NFPS_OP_CMP || prev == NFPS_OP_CMPI)
			break;
		if ((prev == NFPS_OP_TST || prev == NFPS_OP_TSTI) &&
		    (d->x == NFPS_CC_EQ || d->x == NFPS_CC_NE))
			break;
		*rd = jit_cc_reads[d->x];
		break;
	default:
		break;
	}
}

/*
 * Backward liveness of the four flags over the microcode CFG (a return
 * goes to every word after a call, or ends the run). A flag no path reads
 * before redefining it is not stored: neither tier can observe it.
 */
static int jit_flag_liveness(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 n = prog->nr_words, i, r, nr_ret = 0, *rets;
	u8 *in = calloc(n + 1, 1), rd, wr, out;
	bool changed = true;

	rets = calloc(n + 1, sizeof(*rets));
	if (!in || !rets) {
		free(in);
		free(rets);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		if (prog->dec[i].op == NFPS_OP_CALL)
			rets[nr_ret++] = i + 1;
	while (changed) {
		changed = false;
		for (i = n; i-- > 0;) {
			const struct nfps_dinsn *d = &prog->dec[i];

			switch (d->op) {
			case NFPS_OP_BR:
			case NFPS_OP_CALL:
				out = in[d->tgt];
				break;
			case NFPS_OP_BCC:
			case NFPS_OP_BBS:
			case NFPS_OP_BBC:
				out = in[d->tgt] | in[i + 1];
				break;
			case NFPS_OP_RET:
				for (out = 0, r = 0; r < nr_ret; r++)
					out |= in[rets[r]];
				break;
			default:
				out = in[i + 1];
				break;
			}
			jit_flag_rw(j, i, &rd, &wr);
			if (out != j->live[i] || (rd | (out & ~wr)) != in[i]) {
				j->live[i] = out;
				in[i] = rd | (out & ~wr);
				changed = true;
			}
		}
	}
	free(in);
	free(rets);
	return 0;
}

/*
 * Watchdog check points and, for each, an upper bound of the cycles the
 * run can add before it reaches the next check point or ends: every word's
 * base cost, worst memory latency and taken-branch penalty on the longest
 * path. Backward branches, calls and returns lead to check points, so the
 * region between check points is acyclic and a reverse sweep computes it.
 */
static void jit_checkpoints(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 n = prog->nr_words, i, a, b;

	j->ckpt[0] = 1;
	j->ckpt[n] = 1;
	for (i = 0; i < n; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];

		if (jit_is_branch(d->op) && (d->tgt <= i || d->op == NFPS_OP_CALL))
			j->ckpt[d->tgt] = 1;
		if (d->op == NFPS_OP_CALL || (jit_ends_block(d->op) && !jit_is_branch(d->op) &&
					      d->op != NFPS_OP_RET))
			j->ckpt[i + 1] = 1;
	}
	for (i = n; i-- > 0;) {
		const struct nfps_dinsn *d = &prog->dec[i];

		a = j->ckpt[i + 1] ? 0 : j->ahead[i + 1];
		b = 0;
		switch (d->op) {
		case NFPS_OP_BR:
			a = j->ckpt[d->tgt] ? 0 : j->ahead[d->tgt];
			break;
		case NFPS_OP_BCC:
		case NFPS_OP_BBS:
		case NFPS_OP_BBC:
			b = j->ckpt[d->tgt] ? 0 : j->ahead[d->tgt];
			break;
		case NFPS_OP_CALL:
		case NFPS_OP_RET:
			a = 0;
			break;
		default:
			break;
		}
		j->ahead[i] = d->cost + jit_max_extra(d->op) + NFPS_BR_TAKEN_PENALTY + max(a, b);
	}
}

static void jit_mark_leaders(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 i;

	j->leader[0] = 1;
	j->leader[prog->nr_words] = 1;		/* the END sentinel */
	j->leader[prog->nr_words + 1] = 1;	/* stops the block scan */
	for (i = 0; i < prog->nr_words; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];

		if (jit_is_branch(d->op))
			j->leader[d->tgt] = 1;
		if (jit_ends_block(d->op))
			j->leader[i + 1] = 1;
	}
}

static int jit_run(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		   u64 budget);

static void jit_free(struct nfps_native *native)
{
	struct jit_native *jn = (struct jit_native *)native;

	if (jn->mem)
		munmap(jn->mem, jn->mem_len);
	free(jn->table);
	free(jn);
}


/*
 * NFPSIM_JIT_DUMP=FILE: write the host code of each compiled program (the
 * last one wins), for "objdump -D -b binary -mi386:x86-64 FILE".
 */
static void jit_dump(const struct jit *j)
{
	const char *path = getenv("NFPSIM_JIT_DUMP");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (!f)
		return;
	if (fwrite(j->buf, 1, j->len, f) != j->len)
		fprintf(stderr, "nfpsim: writing %s failed\n", path);
	fclose(f);
}

static struct jit_native *jit_compile(const struct nfps_prog *prog)
{
	u32 n = prog->nr_words, i, ret_fix = 0, *ret_at = NULL;
	struct jit_native *jn = NULL;
	struct jit j = { .prog = prog };
	bool ok = false;
	u8 *mem;

	j.leader = calloc(n + 2, 1);
	j.live = calloc(n + 1, 1);
	j.ckpt = calloc(n + 2, 1);
	j.ahead = calloc(n + 2, sizeof(*j.ahead));
	j.blk_off = calloc(n + 1, sizeof(*j.blk_off));
	ret_at = calloc(n + 1, sizeof(*ret_at));
	jn = calloc(1, sizeof(*jn));
	if (!j.leader || !j.live || !j.ckpt || !j.ahead || !j.blk_off || !ret_at || !jn)
		goto fail;
	jn->table = calloc(n + 1, sizeof(*jn->table));
	if (!jn->table)
		goto fail;
	jit_alloc_regs(&j);
	jit_mark_leaders(&j);
	jit_checkpoints(&j);
	if (jit_flag_liveness(&j))
		goto fail;
	jprologue(&j);
	jfix(&j, jjmp(&j), 0);
	jepilogue(&j);
	for (j.bs = 0; j.bs <= n; j.bs = j.be + 1) {
		j.blk_off[j.bs] = j.len;
		jblock_entry(&j);
		for (i = j.bs; i <= j.be; i++) {
			jword(&j, i);
			if (prog->dec[i].op == NFPS_OP_RET)
				ret_at[ret_fix++] = j.len - 3 - 8;	/* movabs imm64 */
		}
	}
	j.illegal_off = j.len;
	j.be = n;
	jstub(&j, jjmp(&j), n, NFPS_FAULT_ILLEGAL);
	if (!j.oom)
		jstubs(&j);
	if (j.oom)
		goto fail;
	for (i = 0; i < j.nr_fix; i++)
		jpatch(&j, j.fix[i].at, j.blk_off[j.fix[i].word]);

	jn->mem_len = (j.len + 4095) & ~4095UL;
	mem = mmap(NULL, jn->mem_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		goto fail;
	jn->mem = mem;
	for (i = 0; i < ret_fix; i++)
		memcpy(j.buf + ret_at[i], &jn->table, 8);
	memcpy(mem, j.buf, j.len);
	jit_dump(&j);
	for (i = 0; i <= n; i++)
		jn->table[i] = mem + (j.leader[i] ? j.blk_off[i] : j.illegal_off);
	if (mprotect(mem, jn->mem_len, PROT_READ | PROT_EXEC))
		goto fail;
	jn->fn = (jit_fn)(uintptr_t)mem;
	jn->native.run = jit_run;
	jn->native.free = jit_free;
	ok = true;
fail:
	free(j.buf);
	free(j.live);
	free(j.ckpt);
	free(j.ahead);
	free(j.leader);
	free(j.blk_off);
	free(j.fix);
	free(j.stub);
	free(ret_at);
	if (ok)
		return jn;
	if (jn)
		jit_free(&jn->native);
	return NULL;
}

/* nfps_native.run: the compiled code, then the interpreter after a hand-over */
static int jit_run(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		   u64 budget)
{
	const struct jit_native *jn = (const struct jit_native *)prog->native;
	struct jit_state st = { .budget = budget };
	u32 status = jn->fn(cpu, &st);

	if (status == JIT_BAIL)
		return nfps_exec_resume(prog, cpu, run, budget, st.pc, st.cyc, st.nexec);
	if (status == JIT_FAULT) {
		run->fault = st.fault;
		run->fault_pc = st.pc;
	}
	/* one load per field: a merged 16-byte load would miss store forwarding */
	run->cycles = READ_ONCE(st.cyc);
	run->ucode_executed = READ_ONCE(st.nexec);
	run->retval = READ_ONCE(cpu->r[NFPS_R0L]) | (u64)READ_ONCE(cpu->r[NFPS_R0L + 1]) << 32;
	return 0;
}

bool nfps_jit_enabled(void)
{
	const char *e = getenv("NFPSIM_JIT");

	return !e || strcmp(e, "0");
}

int nfps_jit_attach(struct nfps_prog *prog, struct nfps_diag *diag)
{
	struct jit_native *jn;

	if (!prog || prog->native || !prog->nr_words || !nfps_jit_enabled())
		return 0;
	jn = jit_compile(prog);
	if (!jn)
		return nfps_fail(diag, -1, -ENOMEM,
				 "native tier: no memory (or no executable mapping) for the code");
	prog->native = &jn->native;
	return 0;
}

#else /* !__x86_64__ */

bool nfps_jit_enabled(void)
{
	return false;
}

int nfps_jit_attach(struct nfps_prog *prog, struct nfps_diag *diag)
{
	return 0;
}

#endif

void nfps_jit_detach(struct nfps_prog *prog)
{
	if (prog && prog->native) {
		prog->native->free(prog->native);
		prog->native = NULL;
	}
}
