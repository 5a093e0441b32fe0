// SPDX-License-Identifier: GPL-2.0
/*
 * JMP/JMP32 lowering: a compare (cmp, cmpc for the high word) sets the
 * condition codes, one conditional branch consumes them. EXIT is rtn.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "xlate.h"
#include "cfg.h"

static const u8 nfps_jmp_cc[16] = {
	[BPF_JEQ >> 4] = NFPS_CC_EQ, [BPF_JNE >> 4] = NFPS_CC_NE,
	[BPF_JGT >> 4] = NFPS_CC_HI, [BPF_JGE >> 4] = NFPS_CC_HS,
	[BPF_JLT >> 4] = NFPS_CC_LO, [BPF_JLE >> 4] = NFPS_CC_LS,
	[BPF_JSGT >> 4] = NFPS_CC_GT, [BPF_JSGE >> 4] = NFPS_CC_GE,
	[BPF_JSLT >> 4] = NFPS_CC_LT, [BPF_JSLE >> 4] = NFPS_CC_LE,
	[BPF_JSET >> 4] = NFPS_CC_NE,
};

int nfps_c_jmp(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
	       struct nfps_diag *diag)
{
	s64 tgt = nfps_ebpf_target(&insns[idx], idx);

	if (tgt < 0 || tgt >= len)
		return nfps_fail(diag, idx, -EINVAL,
				 "jump to insn %lld out of the program (%u insns)", (long long)tgt, len);
	/* the verifier's rule; the two tiers ran such a half differently */
	if (tgt > 0 && insns[tgt - 1].code == (BPF_LD | BPF_IMM | BPF_DW))
		return nfps_fail(diag, idx, -EINVAL,
				 "jump into the middle of the 64-bit immediate load at insn %lld",
				 (long long)tgt - 1);
	return 0;
}

static bool nfps_jmp_unsigned(u8 op)
{
	return op == BPF_JEQ || op == BPF_JNE || op == BPF_JGT || op == BPF_JGE ||
	       op == BPF_JLT || op == BPF_JLE || op == BPF_JSET;
}

/* compare operand b of one half: a register, or a constant */
static void nfps_cmp_half(struct nfps_xctx *x, bool first, bool tst, u8 a, u32 c, u8 t)
{
	u8 opr = tst ? (first ? NFPS_OP_TST : NFPS_OP_TSTC) : (first ? NFPS_OP_CMP : NFPS_OP_CMPC);
	u8 opi = tst ? NFPS_OP_TSTI : (first ? NFPS_OP_CMPI : NFPS_OP_CMPCI);

	if (nfps_opt(x, NFPS_OPT_IMM) && c <= 0xffff && (first || !tst)) {
		nfps_emit(x, opi, 0, a, 0, 0, c);
		return;
	}
	if (c == 0) {
		nfps_emit(x, opr, 0, a, NFPS_Z, 0, 0);
		return;
	}
	nfps_emit_imm32(x, t, c);
	nfps_emit(x, opr, 0, a, t, 0, 0);
}

/**
 * nfps_x_jmp() - translate JA and conditional jumps (JMP and JMP32)
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0.
 */
int nfps_x_jmp(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	u32 tgt = nfps_ebpf_target(insn, x->idx);
	bool is32 = BPF_CLASS(insn->code) == BPF_JMP32;
	u8 op = BPF_OP(insn->code), d = insn->dst_reg;
	bool tst = op == BPF_JSET;

	if (op == BPF_JA) {
		if (tgt == x->idx + 1 && nfps_opt(x, NFPS_OPT_PEEPHOLE))
			return 0;
		nfps_emit_jmp(x, NFPS_CC_MAX, tgt);
		return 0;
	}
	/*
	 * Equal upper halves (both known zero, or both packet pointers, which
	 * share the CTM region id): unsigned/equality compares need only the
	 * low word.
	 */
	if (!is32 && nfps_opt(x, NFPS_OPT_PEEPHOLE) && x->hz_in && nfps_jmp_unsigned(op)) {
		u32 f = x->hz_in[x->idx];

		if (BPF_SRC(insn->code) == BPF_K)
			is32 = (f & BIT(d)) && insn->imm >= 0;
		else
			is32 = ((f & BIT(d)) && (f & BIT(insn->src_reg))) ||
			       (x->in->type != NFPS_PROG_RAW && (f & BIT(16 + d)) &&
				(f & BIT(16 + insn->src_reg)));
	}
	if (BPF_SRC(insn->code) == BPF_X) {
		u8 s = insn->src_reg;

		nfps_emit(x, tst ? NFPS_OP_TST : NFPS_OP_CMP, 0, NFPS_LO(d), NFPS_LO(s), 0, 0);
		if (!is32)
			nfps_emit(x, tst ? NFPS_OP_TSTC : NFPS_OP_CMPC, 0, NFPS_HI(d), NFPS_HI(s),
				  0, 0);
	} else {
		u32 hi = insn->imm < 0 ? ~0U : 0;

		nfps_cmp_half(x, true, tst, NFPS_LO(d), insn->imm, NFPS_T(0));
		/* a zero mask on the high word cannot set a bit: skip it */
		if (!is32 && !(tst && hi == 0 && nfps_opt(x, NFPS_OPT_PEEPHOLE)))
			nfps_cmp_half(x, false, tst, NFPS_HI(d), hi, NFPS_T(0) + 1);
	}
	nfps_emit_jmp(x, nfps_jmp_cc[op >> 4], tgt);
	return 0;
}

/**
 * nfps_x_exit() - EXIT: return to the caller frame, or end the program
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0.
 */
int nfps_x_exit(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	nfps_emit(x, NFPS_OP_RET, 0, 0, 0, 0, 0);
	return 0;
}
