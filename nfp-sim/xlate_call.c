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

/**
 * nfps_x_call() - BPF-to-BPF call or helper call
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0.
 */
int nfps_x_call(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	const struct nfps_helper *h;
	u32 w;

	if (insn->src_reg == BPF_PSEUDO_CALL) {
		w = nfps_emit_br(x, NFPS_OP_CALL, 0, 0, 0);
		nfps_add_fixup(x, w, nfps_ebpf_target(insn, x->idx));
		return 0;
	}
	h = nfps_helper(insn->imm);
	if (h->op != NFPS_OP_CSRR) {
		nfps_emit(x, h->op, 0, 0, 0, 0, 0);
		return 0;
	}
	nfps_emit(x, NFPS_OP_CSRR, NFPS_LO(BPF_REG_0), 0, 0, 0, h->csr);
	if (h->csr == NFPS_CSR_TS_LO)	/* reading TS_LO latched the 64-bit clock */
		nfps_emit(x, NFPS_OP_CSRR, NFPS_HI(BPF_REG_0), 0, 0, 0, NFPS_CSR_TS_HI);
	else
		nfps_emit(x, NFPS_OP_MOV, NFPS_HI(BPF_REG_0), NFPS_Z, 0, 0, 0);
	return 0;
}
