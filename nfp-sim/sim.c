// SPDX-License-Identifier: GPL-2.0
/*
 * The microengine simulator: pre-decoding at load, then threaded dispatch
 * (computed goto through a table generated from isa_ops.h) with per-class
 * cycle accounting and a watchdog. No allocation, printing or locking here;
 * all mutable state is in struct nfps_cpu.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "sim.h"
#include "cfg.h"

#ifndef __annotate_jump_table
#define __annotate_jump_table
#endif

/* the sentinel after the last word: falling off the code is a fault */
#define NFPS_OP_END	NFPS_OP_MAX

/**
 * nfps_predecode() - decode the program's words once for the simulator
 * @prog: program with @words filled
 * @why: on -EINVAL, what is wrong with the word (a static string)
 * @at: on -EINVAL, the word index
 *
 * The caller words the diagnostic, so the simulator reports through nothing.
 *
 * Return: 0, -ENOMEM, or -EINVAL for a word the simulator cannot run.
 */
int nfps_predecode(struct nfps_prog *prog, const char **why, u32 *at)
{
	struct nfps_uinsn u;
	u32 i;

	prog->dec = nfps_vzalloc(sizeof(*prog->dec) * (prog->nr_words + 1));
	if (!prog->dec)
		return -ENOMEM;
	for (i = 0; i < prog->nr_words; i++) {
		struct nfps_dinsn *d = &prog->dec[i];

		*at = i;
		if (nfps_decode(prog->words[i], &u)) {
			*why = "bad microcode word";
			return -EINVAL;
		}
		if (nfps_ucode_has_target(u.op) && u.tgt >= prog->nr_words) {
			*why = "branch out of code at";
			return -EINVAL;
		}
		if (u.d == NFPS_GPR_ZERO && nfps_op_info[u.op].fmt != FMT_NONE) {
			*why = "write to zero at";
			return -EINVAL;
		}
		d->op = u.op;
		d->d = u.d;
		d->a = u.a;
		d->b = u.b;
		d->x = u.x;
		d->imm = u.imm;
		d->tgt = u.tgt;
		d->cost = nfps_cost_cycles[nfps_op_info[u.op].cost];
	}
	prog->dec[i].op = NFPS_OP_END;
	return 0;
}

/**
 * nfps_cpu_create() - allocate a microengine context
 * @ops: environment callbacks (may be NULL)
 * @priv: their cookie
 *
 * Return: the context or NULL.
 */
struct nfps_cpu *nfps_cpu_create(const struct nfps_env_ops *ops, void *priv)
{
	struct nfps_cpu *cpu = nfps_vzalloc(sizeof(*cpu));

	if (!cpu)
		return NULL;
	cpu->ops = ops;
	cpu->priv = priv;
	cpu->rnd = 0x9e3779b97f4a7c15ULL;
	cpu->data_meta = NFPS_PKT_HEADROOM;
	cpu->data = NFPS_PKT_HEADROOM;
	cpu->data_end = NFPS_PKT_HEADROOM;
	cpu->hard_end = NFPS_PKT_HEADROOM + NFPS_PKT_TAILROOM;
	return cpu;
}

void nfps_cpu_destroy(struct nfps_cpu *cpu)
{
	nfps_vfree(cpu);
}

/**
 * nfps_cpu_load_pkt() - put a frame into the packet buffer (CTM)
 * @cpu: context
 * @frame: bytes
 * @len: length, at most NFPS_PKT_MAX
 *
 * The headroom before the frame is cleared.
 *
 * Return: 0 or -EINVAL.
 */
int nfps_cpu_load_pkt(struct nfps_cpu *cpu, const void *frame, u32 len)
{
	if (len > NFPS_PKT_MAX)
		return -EINVAL;
	/*
	 * The headroom starts zeroed, as the kernel's test run allocates it:
	 * a frame that grows with adjust_head/adjust_meta and does not write
	 * every byte must not see (nor send out) the previous packet's bytes.
	 */
	memset(cpu->pkt, 0, NFPS_PKT_HEADROOM);
	if (len)
		memcpy(cpu->pkt + NFPS_PKT_HEADROOM, frame, len);
	cpu->data_meta = NFPS_PKT_HEADROOM;
	cpu->data = NFPS_PKT_HEADROOM;
	cpu->data_end = NFPS_PKT_HEADROOM + len;
	cpu->hard_end = cpu->data_end + NFPS_PKT_TAILROOM;
	return 0;
}

u8 *nfps_cpu_pkt(struct nfps_cpu *cpu, u32 *len, u32 *meta_len)
{
	*len = cpu->data_end - cpu->data;
	if (meta_len)
		*meta_len = cpu->data - cpu->data_meta;
	return cpu->pkt + cpu->data;
}

static const char * const nfps_fault_names[NFPS_FAULT_MAX] = {
	[NFPS_FAULT_NONE] = "none", [NFPS_FAULT_MEM] = "memory",
	[NFPS_FAULT_ALIGN] = "alignment", [NFPS_FAULT_WATCHDOG] = "watchdog",
	[NFPS_FAULT_ILLEGAL] = "illegal", [NFPS_FAULT_STACK] = "call-depth",
	[NFPS_FAULT_MAP] = "map",
};

const char *nfps_fault_name(enum nfps_fault f)
{
	return f < NFPS_FAULT_MAX ? nfps_fault_names[f] : "?";
}

static inline bool nfps_cond(const struct nfps_cpu *c, u8 cc)
{
	switch (cc) {
	case NFPS_CC_EQ:
		return c->fz;
	case NFPS_CC_NE:
		return !c->fz;
	case NFPS_CC_LO:
		return c->fc;
	case NFPS_CC_HS:
		return !c->fc;
	case NFPS_CC_HI:
		return !c->fc && !c->fz;
	case NFPS_CC_LS:
		return c->fc || c->fz;
	case NFPS_CC_LT:
		return c->fn != c->fv;
	case NFPS_CC_GE:
		return c->fn == c->fv;
	case NFPS_CC_GT:
		return !c->fz && c->fn == c->fv;
	default:
		return c->fz || c->fn != c->fv;
	}
}

static inline void nfps_flags_sub(struct nfps_cpu *c, u32 a, u32 b, u32 cin, bool chain)
{
	u32 r = a - b - cin;

	c->fz = chain ? (c->fz && !r) : !r;
	c->fc = (u64)a < (u64)b + cin;
	c->fn = r >> 31;
	c->fv = ((a ^ b) & (a ^ r)) >> 31;
}

static u64 nfps_udiv64(u64 a, u64 b, bool mod)
{
	u64 q;

	if (!b)
		return mod ? a : 0;
	q = nfps_div64_u64(a, b);
	return mod ? a - q * b : q;
}

static u64 nfps_sdiv64(u64 a, u64 b, bool mod)
{
	bool na = (s64)a < 0, nb = (s64)b < 0;
	u64 r;

	if (!b)
		return mod ? a : 0;
	r = nfps_udiv64(na ? -a : a, nb ? -b : b, mod);
	if (mod)
		return na ? -r : r;
	return na != nb ? -r : r;
}

static u32 nfps_div32(u32 a, u32 b, bool sgn, bool mod)
{
	bool na, nb;
	u32 r;

	if (!b)
		return mod ? a : 0;
	if (!sgn)
		return mod ? a % b : a / b;
	na = (s32)a < 0;
	nb = (s32)b < 0;
	a = na ? -a : a;
	b = nb ? -b : b;
	r = mod ? a % b : a / b;
	if (mod)
		return na ? -r : r;
	return na != nb ? -r : r;
}

static inline u32 nfps_ld(const u8 *p, u32 size)
{
	u8 b;
	u16 h;
	u32 w;

	switch (size) {
	case 1:
		b = *p;
		return b;
	case 2:
		memcpy(&h, p, 2);
		return h;
	default:
		memcpy(&w, p, 4);
		return w;
	}
}

/*
 * nfps_step() - the instructions with more than one line of semantics:
 * memory commands, atomics, dividers, CSRs, command units, call and return.
 * The interpreter expands it per label with a constant @op; the native tier
 * (userspace) reaches it through nfps_exec_one(), so both tiers share one
 * definition. The caller has charged the word's base cost; extra cycles
 * (memory latency, command units) are added to @cyc here. @next receives
 * the word to continue at for CALL and RET.
 * Return: enum nfps_fault.
 */
static __always_inline u32 nfps_step(const struct nfps_prog *prog, struct nfps_cpu *cpu,
				     const struct nfps_dinsn *pc, u8 op, u32 idx, u64 *cyc,
				     u32 *next)
{
	u32 *r = cpu->r, lat, t;
	struct nfps_run *run = cpu->run;
	u64 v;
	u8 *p;

	switch (op) {
	case NFPS_OP_LD8:
	case NFPS_OP_LD16:
	case NFPS_OP_LD32:
		t = 1 << (op - NFPS_OP_LD8);
		p = nfps_mem(prog, cpu, nfps_pair(cpu, pc->a), (s16)pc->imm, t, &lat);
		if (unlikely(!p))
			return NFPS_FAULT_MEM;
		r[pc->d] = nfps_ld(p, t);
		*cyc += lat;
		return 0;
	case NFPS_OP_LD64:
		p = nfps_mem(prog, cpu, nfps_pair(cpu, pc->a), (s16)pc->imm, 8, &lat);
		if (unlikely(!p))
			return NFPS_FAULT_MEM;
		memcpy(&v, p, 8);
		nfps_set_pair(cpu, pc->d, v);
		*cyc += lat;
		return 0;
	case NFPS_OP_ST8:
	case NFPS_OP_ST16:
	case NFPS_OP_ST32:
		t = 1 << (op - NFPS_OP_ST8);
		p = nfps_mem(prog, cpu, nfps_pair(cpu, pc->a), (s16)pc->imm, t, &lat);
		if (unlikely(!p))
			return NFPS_FAULT_MEM;
		memcpy(p, &r[pc->b], t);	/* little-endian host, like the NFP driver requires */
		*cyc += lat;
		return 0;
	case NFPS_OP_ST64:
		p = nfps_mem(prog, cpu, nfps_pair(cpu, pc->a), (s16)pc->imm, 8, &lat);
		if (unlikely(!p))
			return NFPS_FAULT_MEM;
		v = nfps_pair(cpu, pc->b);
		memcpy(p, &v, 8);
		*cyc += lat;
		return 0;
	case NFPS_OP_AADD:
	case NFPS_OP_AAND:
	case NFPS_OP_AOR:
	case NFPS_OP_AXOR:
	case NFPS_OP_AXCHG:
	case NFPS_OP_ACMPXCHG:
		t = pc->x & NFPS_ATOM_64 ? 8 : 4;
		p = nfps_mem(prog, cpu, nfps_pair(cpu, pc->a), (s16)pc->imm, t, &lat);
		if (unlikely(!p))
			return NFPS_FAULT_MEM;
		if (unlikely((unsigned long)p & (t - 1)))
			return NFPS_FAULT_ALIGN;
		nfps_atomic(cpu, p, op, pc->x, pc->d, pc->b);
		*cyc += lat;
		return 0;
	case NFPS_OP_DIVU32:
	case NFPS_OP_MODU32:
	case NFPS_OP_DIVS32:
	case NFPS_OP_MODS32:
		r[pc->d] = nfps_div32(r[pc->a], r[pc->b],
				      op == NFPS_OP_DIVS32 || op == NFPS_OP_MODS32,
				      op == NFPS_OP_MODU32 || op == NFPS_OP_MODS32);
		return 0;
	case NFPS_OP_DIVU64:
	case NFPS_OP_MODU64:
		nfps_set_pair(cpu, pc->d, nfps_udiv64(nfps_pair(cpu, pc->a), nfps_pair(cpu, pc->b),
						      op == NFPS_OP_MODU64));
		return 0;
	case NFPS_OP_DIVS64:
	case NFPS_OP_MODS64:
		nfps_set_pair(cpu, pc->d, nfps_sdiv64(nfps_pair(cpu, pc->a), nfps_pair(cpu, pc->b),
						      op == NFPS_OP_MODS64));
		return 0;
	case NFPS_OP_CSRR:
		r[pc->d] = nfps_csr_read(cpu, pc->imm);
		return 0;
	case NFPS_OP_CSRW:
		if (pc->imm == NFPS_CSR_MARK)
			run->mark = r[pc->a];
		else if (pc->imm == NFPS_CSR_PRIORITY)
			run->priority = r[pc->a];
		else
			return NFPS_FAULT_ILLEGAL;
		return 0;
	case NFPS_OP_MLOOKUP:
	case NFPS_OP_MUPDATE:
	case NFPS_OP_MDELETE:
		return nfps_cmd_map(prog, cpu, op, cyc);
	case NFPS_OP_CSUM:
		return nfps_cmd_csum(prog, cpu, cyc);
	case NFPS_OP_ADJHEAD:
	case NFPS_OP_ADJTAIL:
	case NFPS_OP_ADJMETA:
		nfps_cmd_adjust(prog, cpu, op);
		return 0;
	case NFPS_OP_PERFOUT:
		return nfps_cmd_perf(prog, cpu, cyc);
	case NFPS_OP_PKTLD:
	case NFPS_OP_PKTST:
		return nfps_cmd_pkt_copy(prog, cpu, op, cyc);
	case NFPS_OP_CALL:
		if (cpu->depth + 1 >= NFPS_MAX_FRAMES)
			return NFPS_FAULT_STACK;
		cpu->calls[cpu->depth].ret = idx + 1;
		memcpy(cpu->calls[cpu->depth].regs, &r[NFPS_GPR_LO(6)], sizeof(u32) * 10);
		cpu->depth++;
		memset(cpu->lm + cpu->depth * NFPS_STACK_SIZE, 0, NFPS_STACK_SIZE);
		r[NFPS_GPR_LO(10)] = (cpu->depth + 1) * NFPS_STACK_SIZE;
		*cyc += NFPS_LAT_LM;
		*next = pc->tgt;
		return 0;
	case NFPS_OP_RET:	/* depth > 0: the caller handles the outermost return */
		cpu->depth--;
		memcpy(&r[NFPS_GPR_LO(6)], cpu->calls[cpu->depth].regs, sizeof(u32) * 10);
		*cyc += NFPS_LAT_LM;
		*next = cpu->calls[cpu->depth].ret;
		return 0;
	default:
		return NFPS_FAULT_ILLEGAL;
	}
}

/**
 * nfps_exec_one() - execute one complex word (see nfps_step()) for the
 * native tier, whose generated code has charged the word's base cost
 * @prog: program
 * @cpu: context, registers in memory
 * @idx: word index
 * @cyc: cycle counter
 * @next: continuation word for CALL and RET
 *
 * Return: enum nfps_fault.
 */
u32 nfps_exec_one(const struct nfps_prog *prog, struct nfps_cpu *cpu, u32 idx, u64 *cyc,
		  u32 *next)
{
	const struct nfps_dinsn *pc = &prog->dec[idx];

	if (pc->op == NFPS_OP_RET && !cpu->depth)
		return NFPS_FAULT_ILLEGAL;
	return nfps_step(prog, cpu, pc, pc->op, idx, cyc, next);
}

/*
 * The interpreter. @start, @cyc0 and @nexec0 let it continue a run the
 * native tier handed back (watchdog near); a fresh run passes zeros.
 */
static int nfps_exec(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		     u64 *profile, u64 budget, u32 start, u64 cyc0, u64 nexec0)
{
	static const void * const labels[NFPS_OP_MAX + 1] __annotate_jump_table = {
#define NFPS_X_LABEL(n, m, f, c, k)	[NFPS_OP_##n] = &&L_##n,
		NFPS_OPS(NFPS_X_LABEL)
#undef NFPS_X_LABEL
		[NFPS_OP_END] = &&L_END,
	};
	const struct nfps_dinsn *base = prog->dec, *pc = base + start;
	u32 *r = cpu->r, fault = NFPS_FAULT_NONE, t;
	u64 cyc = cyc0, nexec = nexec0, v;

#define DISPATCH do {							\
		if (unlikely(cyc > budget))				\
			goto watchdog;					\
		if (profile)						\
			profile[pc - base]++;				\
		nexec++;						\
		cyc += pc->cost;					\
		goto *labels[pc->op];					\
	} while (0)
#define NEXT do { pc++; DISPATCH; } while (0)
#define JUMP(t) do { cyc += NFPS_BR_TAKEN_PENALTY; pc = base + (t); DISPATCH; } while (0)
#define FAULT(f) do { fault = (f); goto out_fault; } while (0)
#define STEP(op) do {							\
		fault = nfps_step(prog, cpu, pc, NFPS_OP_##op, pc - base, &cyc, &t); \
		if (unlikely(fault))					\
			goto out_fault;					\
	} while (0)
#define D r[pc->d]
#define A r[pc->a]
#define B r[pc->b]
#define SH (pc->imm & 31)

	DISPATCH;

L_NOP:		NEXT;
L_MOV:		D = A; NEXT;
L_IMMED:	D = pc->imm; NEXT;
L_IMMEDS:	D = (s32)(s16)pc->imm; NEXT;
L_IMMEDHI:	D = (D & 0xffff) | (u32)pc->imm << 16; NEXT;
L_ADD:		t = A; D = t + B; cpu->fc = D < t; NEXT;
L_ADDC:		v = (u64)A + B + cpu->fc; D = v; cpu->fc = v >> 32; NEXT;
L_SUB:		t = A; cpu->fc = t < B; D = t - B; NEXT;
L_SUBC:		v = (u64)A - B - cpu->fc; D = v; cpu->fc = (v >> 32) & 1; NEXT;
L_AND:		D = A & B; NEXT;
L_OR:		D = A | B; NEXT;
L_XOR:		D = A ^ B; NEXT;
L_ADDI:		t = A; D = t + pc->imm; cpu->fc = D < t; NEXT;
L_ADDCI:	v = (u64)A + pc->imm + cpu->fc; D = v; cpu->fc = v >> 32; NEXT;
L_SUBI:		t = A; cpu->fc = t < pc->imm; D = t - pc->imm; NEXT;
L_SUBCI:	v = (u64)A - pc->imm - cpu->fc; D = v; cpu->fc = (v >> 32) & 1; NEXT;
L_ANDI:		D = A & pc->imm; NEXT;
L_ORI:		D = A | pc->imm; NEXT;
L_XORI:		D = A ^ pc->imm; NEXT;
L_SHL:		D = A << (B & 31); NEXT;
L_SHR:		D = A >> (B & 31); NEXT;
L_ASR:		D = (s32)A >> (B & 31); NEXT;
L_SHLI:		D = A << SH; NEXT;
L_SHRI:		D = A >> SH; NEXT;
L_ASRI:		D = (s32)A >> SH; NEXT;
L_DSHL:		t = r[pc->x] & 31; D = t ? (A << t) | (B >> (32 - t)) : A; NEXT;
L_DSHR:		t = r[pc->x] & 31; D = t ? (A >> t) | (B << (32 - t)) : A; NEXT;
L_DSHLI:	t = SH; D = t ? (A << t) | (B >> (32 - t)) : A; NEXT;
L_DSHRI:	t = SH; D = t ? (A >> t) | (B << (32 - t)) : A; NEXT;
L_BSWAP16:	D = swab16((u16)A); NEXT;
L_BSWAP32:	D = swab32(A); NEXT;
L_SEXT8:	D = (s32)(s8)A; NEXT;
L_SEXT16:	D = (s32)(s16)A; NEXT;
L_MUL:		D = A * B; NEXT;
L_MULHU:	D = ((u64)A * B) >> 32; NEXT;
L_DIVU32:	STEP(DIVU32); NEXT;
L_MODU32:	STEP(MODU32); NEXT;
L_DIVS32:	STEP(DIVS32); NEXT;
L_MODS32:	STEP(MODS32); NEXT;
L_DIVU64:	STEP(DIVU64); NEXT;
L_MODU64:	STEP(MODU64); NEXT;
L_DIVS64:	STEP(DIVS64); NEXT;
L_MODS64:	STEP(MODS64); NEXT;
L_CMP:		nfps_flags_sub(cpu, A, B, 0, false); NEXT;
L_CMPC:		nfps_flags_sub(cpu, A, B, cpu->fc, true); NEXT;
L_CMPI:		nfps_flags_sub(cpu, A, pc->imm, 0, false); NEXT;
L_CMPCI:	nfps_flags_sub(cpu, A, pc->imm, cpu->fc, true); NEXT;
L_TST:		cpu->fz = !(A & B); NEXT;
L_TSTC:		cpu->fz = cpu->fz && !(A & B); NEXT;
L_TSTI:		cpu->fz = !(A & pc->imm); NEXT;
L_BR:		JUMP(pc->tgt);
L_BCC:		if (nfps_cond(cpu, pc->x))
			JUMP(pc->tgt);
		NEXT;
L_BBS:		if (A & (1U << pc->x))
			JUMP(pc->tgt);
		NEXT;
L_BBC:		if (!(A & (1U << pc->x)))
			JUMP(pc->tgt);
		NEXT;
L_CALL:		STEP(CALL); JUMP(t);
L_RET:		if (!cpu->depth)
			goto out;
		STEP(RET);
		JUMP(t);
L_LD8:		STEP(LD8); NEXT;
L_LD16:		STEP(LD16); NEXT;
L_LD32:		STEP(LD32); NEXT;
L_LD64:		STEP(LD64); NEXT;
L_ST8:		STEP(ST8); NEXT;
L_ST16:		STEP(ST16); NEXT;
L_ST32:		STEP(ST32); NEXT;
L_ST64:		STEP(ST64); NEXT;
L_AADD:		STEP(AADD); NEXT;
L_AAND:		STEP(AAND); NEXT;
L_AOR:		STEP(AOR); NEXT;
L_AXOR:		STEP(AXOR); NEXT;
L_AXCHG:	STEP(AXCHG); NEXT;
L_ACMPXCHG:	STEP(ACMPXCHG); NEXT;
L_CSRR:		STEP(CSRR); NEXT;
L_CSRW:		STEP(CSRW); NEXT;
L_MLOOKUP:	STEP(MLOOKUP); NEXT;
L_MUPDATE:	STEP(MUPDATE); NEXT;
L_MDELETE:	STEP(MDELETE); NEXT;
L_CSUM:		STEP(CSUM); NEXT;
L_ADJHEAD:	STEP(ADJHEAD); NEXT;
L_ADJTAIL:	STEP(ADJTAIL); NEXT;
L_ADJMETA:	STEP(ADJMETA); NEXT;
L_PERFOUT:	STEP(PERFOUT); NEXT;
L_PKTLD:	STEP(PKTLD); NEXT;
L_PKTST:	STEP(PKTST); NEXT;
L_END:
	FAULT(NFPS_FAULT_ILLEGAL);

watchdog:
	fault = NFPS_FAULT_WATCHDOG;
out_fault:
	run->fault = fault;
	run->fault_pc = pc - base;
out:
	run->cycles = cyc;
	run->ucode_executed = nexec;
	run->retval = nfps_pair(cpu, NFPS_R0L);
	return 0;
#undef DISPATCH
#undef NEXT
#undef JUMP
#undef FAULT
#undef STEP
#undef D
#undef A
#undef B
#undef SH
}

/**
 * nfps_exec_resume() - continue a run in the interpreter (native tier)
 * @prog: program
 * @cpu: context, registers in memory
 * @run: the run
 * @budget: watchdog
 * @pc: word to continue at
 * @cyc: cycles so far
 * @nexec: words executed so far
 *
 * Return: 0.
 */
int nfps_exec_resume(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		     u64 budget, u32 pc, u64 cyc, u64 nexec)
{
	return nfps_exec(prog, cpu, run, NULL, budget, pc, cyc, nexec);
}

/**
 * nfps_run() - run a program on the loaded packet
 * @prog: translated program
 * @cpu: microengine context with the packet loaded
 * @run: context fields in, results out
 * @profile: per-word execution counters (may be NULL)
 * @cycle_budget: watchdog, 0 for NFPS_CYCLE_BUDGET_DEFAULT
 *
 * Return: 0 (faults are reported in @run) or -EINVAL.
 */
int nfps_run(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
	     u64 *profile, u32 cycle_budget)
{
	u32 *r = cpu->r;
	u64 budget;

	if (!prog || !cpu || !run || !prog->nr_words)
		return -EINVAL;
	cpu->fz = 0;
	cpu->fc = 0;
	cpu->fn = 0;
	cpu->fv = 0;
	cpu->depth = 0;
	cpu->run = run;
	/*
	 * The stack starts zeroed (deterministic runs). Only the bytes the
	 * program can reach (analysis.c: lowest frame offset of any access)
	 * need it; clearing all 512 cost more than a small program's run.
	 */
	memset(cpu->lm + NFPS_STACK_SIZE - prog->stack_clear, 0, prog->stack_clear);
	run->fault = NFPS_FAULT_NONE;
	run->fault_pc = 0;
	budget = cycle_budget ? cycle_budget : NFPS_CYCLE_BUDGET_DEFAULT;
	/* the native tier sets the registers its program uses as below */
	if (prog->native && !profile)
		return prog->native->run(prog, cpu, run, budget);
	memset(r, 0, sizeof(cpu->r));
	if (prog->type == NFPS_PROG_RAW) {
		r[NFPS_GPR_LO(1)] = cpu->data;
		r[NFPS_GPR_HI(1)] = NFPS_RGN_PKT;
		r[NFPS_GPR_LO(2)] = cpu->data_end - cpu->data;
	} else {
		r[NFPS_GPR_HI(1)] = NFPS_RGN_CTX;
	}
	r[NFPS_GPR_LO(10)] = NFPS_STACK_SIZE;
	r[NFPS_GPR_HI(10)] = NFPS_RGN_STACK;
	return nfps_exec(prog, cpu, run, profile, budget, 0, 0, 0);
}
