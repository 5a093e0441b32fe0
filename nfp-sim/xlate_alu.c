// SPDX-License-Identifier: GPL-2.0
/*
 * ALU and ALU64 lowering onto the 32-bit datapath: 64-bit values in
 * register pairs, carry/borrow chains, funnel shifts, the 32x32 multiplier
 * and the divide unit.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "xlate.h"

int nfps_c_alu(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
	       struct nfps_diag *diag)
{
	const struct bpf_insn *insn = &insns[idx];
	u8 op = BPF_OP(insn->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;

	if (insn->dst_reg == BPF_REG_10)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "write to r10 not supported by the NIC: r10 is the read-only frame pointer");
	if (op == BPF_END) {
		if (insn->imm != 16 && insn->imm != 32 && insn->imm != 64)
			return nfps_fail(diag, idx, -EOPNOTSUPP,
					 "byte swap of width %d not supported by the NIC: use 16, 32 or 64",
					 insn->imm);
		return 0;
	}
	if (op == BPF_MOV && insn->off) {
		if (BPF_SRC(insn->code) == BPF_K)
			return nfps_fail(diag, idx, -EOPNOTSUPP,
					 "sign-extending move of an immediate not supported by the NIC: RFC 9669 defines it for a register source only");
		if (insn->off != 8 && insn->off != 16 && !(is64 && insn->off == 32))
			return nfps_fail(diag, idx, -EOPNOTSUPP,
					 "sign-extending move from %d bits not supported by the NIC: use 8, 16 or 32",
					 insn->off);
		return 0;
	}
	if ((op == BPF_DIV || op == BPF_MOD) && insn->off && insn->off != 1)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "division with off %d not supported by the NIC: off must be 0 (unsigned) or 1 (signed)",
				 insn->off);
	if (op != BPF_DIV && op != BPF_MOD && insn->off)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "ALU instruction with non-zero off %d not supported by the NIC: clear the off field",
				 insn->off);
	if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && BPF_SRC(insn->code) == BPF_K &&
	    (insn->imm < 0 || insn->imm >= (is64 ? 64 : 32)))
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "shift by %d not supported by the NIC: shift amounts are 0..%d",
				 insn->imm, is64 ? 63 : 31);
	return 0;
}

/* 32-bit constant operand as a register, materialised in scratch @t. */
static u8 nfps_const_reg(struct nfps_xctx *x, u32 v, u8 t)
{
	if (v == 0 && nfps_opt(x, NFPS_OPT_IMM))
		return NFPS_Z;
	nfps_emit_imm32(x, t, v);
	return t;
}

/*
 * d = d OP c on one 32-bit half, for the bitwise ops, with identity
 * elision (peephole) and 16-bit immediate forms (immediate folding).
 */
static void nfps_bitop_const(struct nfps_xctx *x, u8 op, u8 d, u32 c, u8 t)
{
	u8 opi = op == NFPS_OP_AND ? NFPS_OP_ANDI : op == NFPS_OP_OR ? NFPS_OP_ORI : NFPS_OP_XORI;

	if (nfps_opt(x, NFPS_OPT_PEEPHOLE)) {
		if ((op == NFPS_OP_AND && c == ~0U) || (op != NFPS_OP_AND && c == 0))
			return;
		if (op == NFPS_OP_AND && c == 0) {
			nfps_emit(x, NFPS_OP_MOV, d, NFPS_Z, 0, 0, 0);
			return;
		}
		if (op == NFPS_OP_OR && c == ~0U) {
			nfps_emit(x, NFPS_OP_IMMEDS, d, 0, 0, 0, 0xffff);
			return;
		}
	}
	if (nfps_opt(x, NFPS_OPT_IMM) && c <= 0xffff) {
		nfps_emit(x, opi, d, d, 0, 0, c);
		return;
	}
	nfps_emit(x, op, d, d, nfps_const_reg(x, c, t), 0, 0);
}

static u8 nfps_bitop(u8 bpf_op)
{
	return bpf_op == BPF_AND ? NFPS_OP_AND : bpf_op == BPF_OR ? NFPS_OP_OR : NFPS_OP_XOR;
}

/* add/sub of a (sign-extended) immediate; @sub selects subtraction */
static void nfps_addsub_imm(struct nfps_xctx *x, u8 dst, s32 imm, bool sub, bool is64)
{
	u8 lo = NFPS_LO(dst), hi = NFPS_HI(dst);
	s64 v = sub ? -(s64)imm : imm;

	if (nfps_opt(x, NFPS_OPT_PEEPHOLE) && imm == 0)
		goto out;
	if (nfps_opt(x, NFPS_OPT_IMM) && v >= -0xffff && v <= 0xffff) {
		if (v >= 0) {
			nfps_emit(x, NFPS_OP_ADDI, lo, lo, 0, 0, v);
			if (is64)
				nfps_emit(x, NFPS_OP_ADDCI, hi, hi, 0, 0, 0);
		} else {
			nfps_emit(x, NFPS_OP_SUBI, lo, lo, 0, 0, -v);
			if (is64)
				nfps_emit(x, NFPS_OP_SUBCI, hi, hi, 0, 0, 0);
		}
		goto out;
	}
	nfps_emit_imm32(x, NFPS_T(0), imm);
	if (is64 && imm < 0)
		nfps_emit(x, NFPS_OP_IMMEDS, NFPS_T(0) + 1, 0, 0, 0, 0xffff);
	nfps_emit(x, sub ? NFPS_OP_SUB : NFPS_OP_ADD, lo, lo, NFPS_T(0), 0, 0);
	if (is64)
		nfps_emit(x, sub ? NFPS_OP_SUBC : NFPS_OP_ADDC, hi, hi,
			  imm < 0 ? NFPS_T(0) + 1 : NFPS_Z, 0, 0);
out:
	if (!is64)
		nfps_emit_zext(x, dst);
}

/* 64-bit product lo/hi of (al,ah) * (bl,bh) into dst */
static void nfps_mul64(struct nfps_xctx *x, u8 dst, u8 bl, u8 bh, bool bh_zero)
{
	u8 dl = NFPS_LO(dst), dh = NFPS_HI(dst);
	u8 t0 = NFPS_T(2), t1 = t0 + 1, t2 = NFPS_T(3);

	nfps_emit(x, NFPS_OP_MULHU, t1, dl, bl, 0, 0);
	if (!bh_zero) {
		nfps_emit(x, NFPS_OP_MUL, t2, dl, bh, 0, 0);
		nfps_emit(x, NFPS_OP_ADD, t1, t1, t2, 0, 0);
	}
	nfps_emit(x, NFPS_OP_MUL, t2, dh, bl, 0, 0);
	nfps_emit(x, NFPS_OP_ADD, t1, t1, t2, 0, 0);
	nfps_emit(x, NFPS_OP_MUL, t0, dl, bl, 0, 0);
	nfps_emit(x, NFPS_OP_MOV, dl, t0, 0, 0, 0);
	nfps_emit(x, NFPS_OP_MOV, dh, t1, 0, 0, 0);
}

static void nfps_shift_imm(struct nfps_xctx *x, u8 op, u8 dst, u32 n, bool is64)
{
	u8 lo = NFPS_LO(dst), hi = NFPS_HI(dst);

	if (!is64) {
		u8 o = op == BPF_LSH ? NFPS_OP_SHLI : op == BPF_RSH ? NFPS_OP_SHRI : NFPS_OP_ASRI;

		if (n || !nfps_opt(x, NFPS_OPT_PEEPHOLE))
			nfps_emit(x, o, lo, lo, 0, 0, n);
		nfps_emit_zext(x, dst);
		return;
	}
	if (n == 0 && nfps_opt(x, NFPS_OPT_PEEPHOLE))
		return;
	if (op == BPF_LSH) {
		if (n < 32) {
			nfps_emit(x, NFPS_OP_DSHLI, hi, hi, lo, 0, n);
			nfps_emit(x, NFPS_OP_SHLI, lo, lo, 0, 0, n);
		} else {
			nfps_emit(x, NFPS_OP_SHLI, hi, lo, 0, 0, n - 32);
			nfps_emit(x, NFPS_OP_MOV, lo, NFPS_Z, 0, 0, 0);
		}
	} else if (op == BPF_RSH) {
		if (n < 32) {
			nfps_emit(x, NFPS_OP_DSHRI, lo, lo, hi, 0, n);
			nfps_emit(x, NFPS_OP_SHRI, hi, hi, 0, 0, n);
		} else {
			nfps_emit(x, NFPS_OP_SHRI, lo, hi, 0, 0, n - 32);
			nfps_emit(x, NFPS_OP_MOV, hi, NFPS_Z, 0, 0, 0);
		}
	} else {
		if (n < 32) {
			nfps_emit(x, NFPS_OP_DSHRI, lo, lo, hi, 0, n);
			nfps_emit(x, NFPS_OP_ASRI, hi, hi, 0, 0, n);
		} else {
			nfps_emit(x, NFPS_OP_ASRI, lo, hi, 0, 0, n - 32);
			nfps_emit(x, NFPS_OP_ASRI, hi, hi, 0, 0, 31);
		}
	}
}

/* 64-bit shift by register: branch on bit 5 of the amount (like NFP). */
static void nfps_shift_reg64(struct nfps_xctx *x, u8 op, u8 dst, u8 s)
{
	u8 lo = NFPS_LO(dst), hi = NFPS_HI(dst);
	u32 b_big, b_end;

	if (s == lo || s == hi) {
		nfps_emit(x, NFPS_OP_MOV, NFPS_T(0), s, 0, 0, 0);
		s = NFPS_T(0);
	}
	b_big = nfps_emit_br(x, NFPS_OP_BBS, s, 5, 0);
	if (op == BPF_LSH) {
		nfps_emit(x, NFPS_OP_DSHL, hi, hi, lo, s, 0);
		nfps_emit(x, NFPS_OP_SHL, lo, lo, s, 0, 0);
	} else {
		nfps_emit(x, NFPS_OP_DSHR, lo, lo, hi, s, 0);
		nfps_emit(x, op == BPF_RSH ? NFPS_OP_SHR : NFPS_OP_ASR, hi, hi, s, 0, 0);
	}
	b_end = nfps_emit_br(x, NFPS_OP_BR, 0, 0, 0);
	nfps_patch_tgt(x, b_big, x->n);
	if (op == BPF_LSH) {
		nfps_emit(x, NFPS_OP_SHL, hi, lo, s, 0, 0);
		nfps_emit(x, NFPS_OP_MOV, lo, NFPS_Z, 0, 0, 0);
	} else if (op == BPF_RSH) {
		nfps_emit(x, NFPS_OP_SHR, lo, hi, s, 0, 0);
		nfps_emit(x, NFPS_OP_MOV, hi, NFPS_Z, 0, 0, 0);
	} else {
		nfps_emit(x, NFPS_OP_ASR, lo, hi, s, 0, 0);
		nfps_emit(x, NFPS_OP_ASRI, hi, hi, 0, 0, 31);
	}
	nfps_patch_tgt(x, b_end, x->n);
}

static void nfps_xlate_end(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	u8 dst = insn->dst_reg, lo = NFPS_LO(dst), hi = NFPS_HI(dst);
	bool swap = BPF_SRC(insn->code) == BPF_TO_BE || BPF_CLASS(insn->code) == BPF_ALU64;

	switch (insn->imm) {
	case 16:
		nfps_emit(x, swap ? NFPS_OP_BSWAP16 : NFPS_OP_ANDI, lo, lo, 0, 0, swap ? 0 : 0xffff);
		nfps_emit_zext(x, dst);
		break;
	case 32:
		if (swap)
			nfps_emit(x, NFPS_OP_BSWAP32, lo, lo, 0, 0, 0);
		nfps_emit_zext(x, dst);
		break;
	default:
		if (!swap)
			break;
		nfps_emit(x, NFPS_OP_BSWAP32, NFPS_T(0), lo, 0, 0, 0);
		nfps_emit(x, NFPS_OP_BSWAP32, lo, hi, 0, 0, 0);
		nfps_emit(x, NFPS_OP_MOV, hi, NFPS_T(0), 0, 0, 0);
		break;
	}
}

static void nfps_xlate_movsx(struct nfps_xctx *x, const struct bpf_insn *insn, bool is64)
{
	u8 lo = NFPS_LO(insn->dst_reg), hi = NFPS_HI(insn->dst_reg);
	u8 s = NFPS_LO(insn->src_reg);

	if (insn->off == 8)
		nfps_emit(x, NFPS_OP_SEXT8, lo, s, 0, 0, 0);
	else if (insn->off == 16)
		nfps_emit(x, NFPS_OP_SEXT16, lo, s, 0, 0, 0);
	else
		nfps_emit(x, NFPS_OP_MOV, lo, s, 0, 0, 0);
	if (is64)
		nfps_emit(x, NFPS_OP_ASRI, hi, lo, 0, 0, 31);
	else
		nfps_emit_zext(x, insn->dst_reg);
}

static void nfps_xlate_div(struct nfps_xctx *x, const struct bpf_insn *insn, bool is64,
			   u8 bl)
{
	static const u8 ops[2][2][2] = {	/* [is64][signed][mod] */
		{ { NFPS_OP_DIVU32, NFPS_OP_MODU32 }, { NFPS_OP_DIVS32, NFPS_OP_MODS32 } },
		{ { NFPS_OP_DIVU64, NFPS_OP_MODU64 }, { NFPS_OP_DIVS64, NFPS_OP_MODS64 } },
	};
	u8 op = ops[is64][insn->off == 1][BPF_OP(insn->code) == BPF_MOD];
	u8 lo = NFPS_LO(insn->dst_reg);

	nfps_emit(x, op, lo, lo, bl, 0, 0);
	if (!is64)
		nfps_emit_zext(x, insn->dst_reg);
}

/* and/or/xor of two values with zero upper halves leave the upper half zero */
static bool nfps_hi_stays_zero(struct nfps_xctx *x, u8 op, u8 dst, bool bh_zero)
{
	bool dz = x->hz_in && (x->hz_in[x->idx] & BIT(dst));

	if (!nfps_opt(x, NFPS_OPT_PEEPHOLE) || !dz)
		return false;
	return op == BPF_AND || ((op == BPF_OR || op == BPF_XOR) && bh_zero);
}

/* register-register add/sub/and/or/xor: low word op, high word op (carry) */
static const u8 nfps_lo_op[16] = {
	[BPF_ADD >> 4] = NFPS_OP_ADD, [BPF_SUB >> 4] = NFPS_OP_SUB,
	[BPF_AND >> 4] = NFPS_OP_AND, [BPF_OR >> 4] = NFPS_OP_OR,
	[BPF_XOR >> 4] = NFPS_OP_XOR,
};
static const u8 nfps_hi_op[16] = {
	[BPF_ADD >> 4] = NFPS_OP_ADDC, [BPF_SUB >> 4] = NFPS_OP_SUBC,
	[BPF_AND >> 4] = NFPS_OP_AND, [BPF_OR >> 4] = NFPS_OP_OR,
	[BPF_XOR >> 4] = NFPS_OP_XOR,
};

/* ALU ops with both operands in registers (bl/bh = source halves) */
static void nfps_xlate_alu_rr(struct nfps_xctx *x, const struct bpf_insn *insn, bool is64,
			      u8 bl, u8 bh, bool bh_zero)
{
	u8 dst = insn->dst_reg, lo = NFPS_LO(dst), hi = NFPS_HI(dst);
	u8 op = BPF_OP(insn->code);

	switch (op) {
	case BPF_MOV:
		if (lo != bl || !nfps_opt(x, NFPS_OPT_PEEPHOLE))
			nfps_emit(x, NFPS_OP_MOV, lo, bl, 0, 0, 0);
		if (is64 && (hi != bh || !nfps_opt(x, NFPS_OPT_PEEPHOLE)))
			nfps_emit(x, NFPS_OP_MOV, hi, bh, 0, 0, 0);
		break;
	case BPF_ADD:
	case BPF_SUB:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		nfps_emit(x, nfps_lo_op[op >> 4], lo, lo, bl, 0, 0);
		if (is64 && !nfps_hi_stays_zero(x, op, dst, bh_zero))
			nfps_emit(x, nfps_hi_op[op >> 4], hi, hi, bh, 0, 0);
		break;
	case BPF_MUL:
		if (is64)
			nfps_mul64(x, dst, bl, bh, bh_zero);
		else
			nfps_emit(x, NFPS_OP_MUL, lo, lo, bl, 0, 0);
		break;
	case BPF_DIV:
	case BPF_MOD:
		nfps_xlate_div(x, insn, is64, bl);
		return;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (is64) {
			nfps_shift_reg64(x, op, dst, bl);
		} else {
			nfps_emit(x, op == BPF_LSH ? NFPS_OP_SHL : op == BPF_RSH ?
				  NFPS_OP_SHR : NFPS_OP_ASR, lo, lo, bl, 0, 0);
		}
		break;
	}
	if (!is64)
		nfps_emit_zext(x, dst);
}

static void nfps_xlate_alu_imm(struct nfps_xctx *x, const struct bpf_insn *insn, bool is64)
{
	u8 dst = insn->dst_reg, op = BPF_OP(insn->code);
	s32 imm = insn->imm;
	u32 hi_c = imm < 0 ? ~0U : 0;

	switch (op) {
	case BPF_MOV:
		if (is64 && imm >= 0 && nfps_hi_stays_zero(x, BPF_AND, dst, true)) {
			nfps_emit_imm32(x, NFPS_LO(dst), imm);	/* upper half already zero */
		} else if (is64) {
			nfps_emit_imm64(x, NFPS_LO(dst), NFPS_HI(dst), (s64)imm);
		} else {
			nfps_emit_imm32(x, NFPS_LO(dst), imm);
			nfps_emit_zext(x, dst);
		}
		return;
	case BPF_ADD:
	case BPF_SUB:
		nfps_addsub_imm(x, dst, imm, op == BPF_SUB, is64);
		return;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		nfps_bitop_const(x, nfps_bitop(op), NFPS_LO(dst), imm, NFPS_T(0));
		if (is64 && !nfps_hi_stays_zero(x, op, dst, !hi_c))
			nfps_bitop_const(x, nfps_bitop(op), NFPS_HI(dst), hi_c, NFPS_T(0) + 1);
		else
			nfps_emit_zext(x, dst);
		return;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		if (is64 && op != BPF_LSH && imm && nfps_hi_stays_zero(x, BPF_AND, dst, true)) {
			/* upper half zero: a 32-bit shift of the low word */
			nfps_emit(x, NFPS_OP_SHRI, NFPS_LO(dst), NFPS_LO(dst), 0, 0, imm & 31);
			if (imm >= 32)
				nfps_emit(x, NFPS_OP_MOV, NFPS_LO(dst), NFPS_Z, 0, 0, 0);
			return;
		}
		nfps_shift_imm(x, op, dst, imm, is64);
		return;
	default:	/* MUL, DIV, MOD: constant into a scratch pair */
		if (op == BPF_MUL && imm == 1 && nfps_opt(x, NFPS_OPT_PEEPHOLE)) {
			if (!is64)
				nfps_emit_zext(x, dst);
			return;
		}
		if (is64)
			nfps_emit_imm64(x, NFPS_T(1), NFPS_T(1) + 1, (s64)imm);
		else
			nfps_emit_imm32(x, NFPS_T(1), imm);
		nfps_xlate_alu_rr(x, insn, is64, NFPS_T(1), NFPS_T(1) + 1, imm >= 0);
		return;
	}
}

/*
 * "rD = rS; rD op= imm" in one 3-operand step per half (pointer arithmetic
 * and masking idioms). Returns true when it translated both insns.
 */
static bool nfps_fuse_mov(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	const struct bpf_insn *n = insn + 1;
	u8 d = insn->dst_reg, s = insn->src_reg, op = BPF_OP(n->code);
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	s64 v = n->imm;

	if (!nfps_opt(x, NFPS_OPT_PEEPHOLE) || !nfps_opt(x, NFPS_OPT_IMM) ||
	    x->idx + 1 >= x->len || x->jmp_tgt[x->idx + 1] || insn->off || d == s ||
	    n->dst_reg != d || (x->facts[x->idx + 1].flags & NFPS_FACT_DEAD))
		return false;
	if (n->code == (BPF_CLASS(insn->code) | op | BPF_X) && n->src_reg != d &&
	    (op == BPF_ADD || op == BPF_SUB || op == BPF_AND || op == BPF_OR || op == BPF_XOR)) {
		nfps_emit(x, nfps_lo_op[op >> 4], NFPS_LO(d), NFPS_LO(s), NFPS_LO(n->src_reg), 0, 0);
		if (is64)
			nfps_emit(x, nfps_hi_op[op >> 4], NFPS_HI(d), NFPS_HI(s), NFPS_HI(n->src_reg),
				  0, 0);
		else
			nfps_emit(x, NFPS_OP_MOV, NFPS_HI(d), NFPS_Z, 0, 0, 0);
		return true;
	}
	if (n->code != (BPF_CLASS(insn->code) | op | BPF_K) ||
	    (op != BPF_ADD && op != BPF_SUB && op != BPF_AND))
		return false;
	if (op == BPF_SUB)
		v = -v;
	if (op == BPF_AND) {
		if (v < 0 || v > 0xffff)
			return false;
		nfps_emit(x, NFPS_OP_ANDI, NFPS_LO(d), NFPS_LO(s), 0, 0, v);
		nfps_emit(x, NFPS_OP_MOV, NFPS_HI(d), NFPS_Z, 0, 0, 0);
		return true;
	}
	if (v < -0xffff || v > 0xffff)
		return false;
	nfps_emit(x, v < 0 ? NFPS_OP_SUBI : NFPS_OP_ADDI, NFPS_LO(d), NFPS_LO(s), 0, 0,
		  v < 0 ? -v : v);
	if (is64)
		nfps_emit(x, v < 0 ? NFPS_OP_SUBCI : NFPS_OP_ADDCI, NFPS_HI(d), NFPS_HI(s), 0, 0, 0);
	else
		nfps_emit(x, NFPS_OP_MOV, NFPS_HI(d), NFPS_Z, 0, 0, 0);
	return true;
}

/**
 * nfps_x_alu() - translate one ALU or ALU64 instruction
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0 (emitter errors are sticky in @x).
 */
int nfps_x_alu(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	bool is64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u8 op = BPF_OP(insn->code), dst = insn->dst_reg, src = insn->src_reg;

	if (op == BPF_END) {
		nfps_xlate_end(x, insn);
	} else if (op == BPF_NEG) {
		nfps_emit(x, NFPS_OP_SUB, NFPS_LO(dst), NFPS_Z, NFPS_LO(dst), 0, 0);
		if (is64)
			nfps_emit(x, NFPS_OP_SUBC, NFPS_HI(dst), NFPS_Z, NFPS_HI(dst), 0, 0);
		else
			nfps_emit_zext(x, dst);
	} else if (op == BPF_MOV && insn->off) {
		nfps_xlate_movsx(x, insn, is64);
	} else if (op == BPF_MOV && BPF_SRC(insn->code) == BPF_X && nfps_fuse_mov(x, insn)) {
		x->fused = 1;
	} else if (BPF_SRC(insn->code) == BPF_X) {
		bool hz = x->hz_in && (x->hz_in[x->idx] & BIT(src)) &&
			  nfps_opt(x, NFPS_OPT_ZEXT);

		nfps_xlate_alu_rr(x, insn, is64, NFPS_LO(src), NFPS_HI(src), hz);
	} else {
		nfps_xlate_alu_imm(x, insn, is64);
	}
	return 0;
}
