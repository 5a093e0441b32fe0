// SPDX-License-Identifier: GPL-2.0
/*
 * Calls: BPF-to-BPF calls use the sequencer's call/rtn (which saves the
 * callee-saved registers and opens a new local-memory frame); helpers
 * become command-unit instructions or CSR reads.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "xlate.h"
#include "cfg.h"
#include "caps.h"

int nfps_c_call(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		struct nfps_diag *diag)
{
	const struct bpf_insn *insn = &insns[idx];
	s64 tgt;

	if (BPF_SRC(insn->code) == BPF_X) {
		if (type != NFPS_PROG_RAW)
			return nfps_fail(diag, idx, -EOPNOTSUPP,
					 "indirect call (callx) not supported by the NIC for XDP/tc: Linux's verifier refuses it, call the helper by its id");
		if (insn->src_reg || insn->off || insn->imm)
			return nfps_fail(diag, idx, -EINVAL,
					 "callx with reserved fields set (src %u off %d imm %d): the helper id is in the dst register",
					 insn->src_reg, insn->off, insn->imm);
		return 0;
	}
	if (insn->src_reg == BPF_PSEUDO_CALL) {
		tgt = nfps_ebpf_target(insn, idx);
		if (tgt < 0 || tgt >= len)
			return nfps_fail(diag, idx, -EINVAL,
					 "call to insn %lld outside the program (%u insns)", (long long)tgt, len);
		return 0;
	}
	if (insn->src_reg)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "kernel function call (kfunc %d) not supported by the NIC: kfuncs run in the host kernel only",
				 insn->imm);
	if (!nfps_helper_supported(type, insn->imm))
		return nfps_helper_reject(idx, insn->imm, diag);
	return 0;
}

static void nfps_x_helper(struct nfps_xctx *x, const struct nfps_helper *h)
{
	if (h->op != NFPS_OP_CSRR) {
		nfps_emit(x, h->op, 0, 0, 0, 0, 0);
		return;
	}
	nfps_emit(x, NFPS_OP_CSRR, NFPS_LO(BPF_REG_0), 0, 0, 0, h->csr);
	if (h->csr == NFPS_CSR_TS_LO)	/* reading TS_LO latched the 64-bit clock */
		nfps_emit(x, NFPS_OP_CSRR, NFPS_HI(BPF_REG_0), 0, 0, 0, NFPS_CSR_TS_HI);
	else
		nfps_emit(x, NFPS_OP_MOV, NFPS_HI(BPF_REG_0), NFPS_Z, 0, 0, 0);
}

/*
 * callx (RAW programs): the helper id is a run-time value in dst. The
 * sequencer has no indirect branch into the command units, so the id is
 * compared with each helper the NIC answers without arguments (CSR reads:
 * ktime_get_ns, get_prandom_u32, get_smp_processor_id); any other id, or a
 * non-zero upper half, writes a read-only CSR: an "illegal" hardware fault.
 */
static void nfps_x_callx(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	static const s32 ids[] = {
		BPF_FUNC_ktime_get_ns, BPF_FUNC_get_prandom_u32, BPF_FUNC_get_smp_processor_id,
	};
	u8 lo = NFPS_LO(insn->dst_reg), hi = NFPS_HI(insn->dst_reg);
	u32 bad, next, done[ARRAY_SIZE(ids)], i;

	nfps_emit(x, NFPS_OP_CMPI, 0, hi, 0, 0, 0);
	bad = nfps_emit_br(x, NFPS_OP_BCC, 0, NFPS_CC_NE, 0);
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		nfps_emit(x, NFPS_OP_CMPI, 0, lo, 0, 0, ids[i]);
		next = nfps_emit_br(x, NFPS_OP_BCC, 0, NFPS_CC_NE, 0);
		nfps_x_helper(x, nfps_helper(ids[i]));
		done[i] = nfps_emit_br(x, NFPS_OP_BR, 0, 0, 0);
		nfps_patch_tgt(x, next, x->n);
	}
	nfps_patch_tgt(x, bad, x->n);
	nfps_emit(x, NFPS_OP_CSRW, 0, NFPS_Z, 0, 0, NFPS_CSR_TS_LO);
	for (i = 0; i < ARRAY_SIZE(ids); i++)
		nfps_patch_tgt(x, done[i], x->n);
}

/**
 * nfps_x_call() - BPF-to-BPF call, helper call or callx
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0.
 */
int nfps_x_call(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	u32 w;

	if (BPF_SRC(insn->code) == BPF_X) {
		nfps_x_callx(x, insn);
		return 0;
	}
	if (insn->src_reg == BPF_PSEUDO_CALL) {
		w = nfps_emit_br(x, NFPS_OP_CALL, 0, 0, 0);
		nfps_add_fixup(x, w, nfps_ebpf_target(insn, x->idx));
		return 0;
	}
	nfps_x_helper(x, nfps_helper(insn->imm));
	return 0;
}
