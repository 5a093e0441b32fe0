// SPDX-License-Identifier: GPL-2.0
/*
 * What the native tier works out about a program before it emits code:
 * which microengine registers live in host registers, where basic blocks
 * start, where the watchdog is checked (and the worst-case cycles to the
 * next check), and which flags a later word reads.
 */
#include "x86.h"
#include "cfg.h"

static const u8 jit_hregs[] = { RSI, RDI, R8, R9, R10, R11, RBP, R12 };
#define JIT_NR_HREGS	ARRAY_SIZE(jit_hregs)

static const u8 jit_cc_reads[NFPS_CC_MAX] = {
	[NFPS_CC_EQ] = JF_Z, [NFPS_CC_NE] = JF_Z, [NFPS_CC_LO] = JF_C, [NFPS_CC_HS] = JF_C,
	[NFPS_CC_HI] = JF_Z | JF_C, [NFPS_CC_LS] = JF_Z | JF_C, [NFPS_CC_LT] = JF_N | JF_V,
	[NFPS_CC_GE] = JF_N | JF_V, [NFPS_CC_GT] = JF_Z | JF_N | JF_V,
	[NFPS_CC_LE] = JF_Z | JF_N | JF_V,
};
/* worst-case cycles a word adds beyond its base cost (within a block) */
static u32 jit_max_extra(u8 op)
{
	return nfps_op_info[op].flags & NFPS_OPF_MEM ? NFPS_LAT_EMEM : 0;
}

static bool jit_ends_block(u8 op)
{
	return nfps_op_info[op].flags & NFPS_OPF_ENDS;
}

void nfps_jit_alloc_regs(struct jit *j)
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

/* leaves the carry in the host's CF (word.c): ADD..SUBC, ADDI..SUBCI (isa.h asserts) */
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
	u16 f = nfps_op_info[d->op].flags;

	/* the op's columns, shifted onto JF_* (asserted below the JF_* bits) */
	*wr = (f >> 12) & JF_ALL;
	*rd = (f >> 8) & (JF_Z | JF_C);
	if ((f & NFPS_OPF_RD_C) && jit_carry_producer(prev))
		*rd &= ~JF_C;
	if (!(f & NFPS_OPF_RD_CC))
		return;
	if (prev == NFPS_OP_CMP || prev == NFPS_OP_CMPI)
		return;
	if ((prev == NFPS_OP_TST || prev == NFPS_OP_TSTI) &&
	    (d->x == NFPS_CC_EQ || d->x == NFPS_CC_NE))
		return;
	*rd = jit_cc_reads[d->x];
}

/*
 * Backward liveness of the four flags over the microcode CFG (a return
 * goes to every word after a call, or ends the run). A flag no path reads
 * before redefining it is not stored: neither tier can observe it.
 */
int nfps_jit_flag_liveness(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 n = prog->nr_words, i, r, nr_ret = 0, *rets, succ[2];
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

			/* across calls: into the callee, and from rtn to every return point */
			out = 0;
			if (d->op == NFPS_OP_CALL) {
				out = in[d->tgt];
			} else if (d->op == NFPS_OP_RET) {
				for (r = 0; r < nr_ret; r++)
					out |= in[rets[r]];
			} else {
				for (r = nfps_ucode_succ(d->op, d->tgt, i, succ); r-- > 0;)
					out |= in[succ[r]];
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
void nfps_jit_checkpoints(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 n = prog->nr_words, i, k, a, succ[2];

	j->ckpt[0] = 1;
	j->ckpt[n] = 1;
	for (i = 0; i < n; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];

		if (nfps_ucode_has_target(d->op) && (d->tgt <= i || d->op == NFPS_OP_CALL))
			j->ckpt[d->tgt] = 1;
		/* after a call, and after command units with data-dependent cycles */
		if (d->op == NFPS_OP_CALL ||
		    ((nfps_op_info[d->op].flags & NFPS_OPF_CMD) && jit_ends_block(d->op)))
			j->ckpt[i + 1] = 1;
	}
	for (i = n; i-- > 0;) {
		const struct nfps_dinsn *d = &prog->dec[i];

		/* a call or rtn leads to a check point: nothing more to add */
		a = 0;
		if (d->op != NFPS_OP_CALL && d->op != NFPS_OP_RET) {
			for (k = nfps_ucode_succ(d->op, d->tgt, i, succ); k-- > 0;)
				a = max(a, j->ckpt[succ[k]] ? 0 : j->ahead[succ[k]]);
		}
		j->ahead[i] = d->cost + jit_max_extra(d->op) + NFPS_BR_TAKEN_PENALTY + a;
	}
}

void nfps_jit_mark_leaders(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	u32 i;

	j->leader[0] = 1;
	j->leader[prog->nr_words] = 1;		/* the END sentinel */
	j->leader[prog->nr_words + 1] = 1;	/* stops the block scan */
	for (i = 0; i < prog->nr_words; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];

		if (nfps_ucode_has_target(d->op))
			j->leader[d->tgt] = 1;
		if (jit_ends_block(d->op))
			j->leader[i + 1] = 1;
	}
}
