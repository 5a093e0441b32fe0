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

/* helpers: id, name, XDP only, emitted op (or CSR read), R0 upper half zero */
struct nfps_helper {
	s32 id;
	const char *name;
	u8 xdp_only;
	u8 op;
	s8 csr;
	u8 hizero;
};

static const struct nfps_helper nfps_helpers[] = {
	{ BPF_FUNC_map_lookup_elem, "map_lookup_elem", 0, NFPS_OP_MLOOKUP, -1, 0 },
	{ BPF_FUNC_map_update_elem, "map_update_elem", 0, NFPS_OP_MUPDATE, -1, 0 },
	{ BPF_FUNC_map_delete_elem, "map_delete_elem", 0, NFPS_OP_MDELETE, -1, 0 },
	{ BPF_FUNC_ktime_get_ns, "ktime_get_ns", 0, NFPS_OP_CSRR, NFPS_CSR_TS_LO, 0 },
	{ BPF_FUNC_get_prandom_u32, "get_prandom_u32", 0, NFPS_OP_CSRR, NFPS_CSR_RANDOM, 1 },
	{ BPF_FUNC_get_smp_processor_id, "get_smp_processor_id", 0, NFPS_OP_CSRR,
	  NFPS_CSR_ME_ID, 1 },
	{ BPF_FUNC_perf_event_output, "perf_event_output", 0, NFPS_OP_PERFOUT, -1, 0 },
	{ BPF_FUNC_csum_diff, "csum_diff", 0, NFPS_OP_CSUM, -1, 1 },
	{ BPF_FUNC_xdp_adjust_head, "xdp_adjust_head", 1, NFPS_OP_ADJHEAD, -1, 0 },
	{ BPF_FUNC_xdp_adjust_meta, "xdp_adjust_meta", 1, NFPS_OP_ADJMETA, -1, 0 },
	{ BPF_FUNC_xdp_adjust_tail, "xdp_adjust_tail", 1, NFPS_OP_ADJTAIL, -1, 0 },
};

static const struct nfps_helper *nfps_helper(s32 id)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(nfps_helpers); i++)
		if (nfps_helpers[i].id == id)
			return &nfps_helpers[i];
	return NULL;
}

bool nfps_helper_supported(enum nfps_prog_type type, s32 id)
{
	const struct nfps_helper *h = nfps_helper(id);

	return h && (!h->xdp_only || type == NFPS_PROG_XDP);
}

bool nfps_helper_ret_hizero(s32 id)
{
	const struct nfps_helper *h = nfps_helper(id);

	return h && h->hizero;
}

/* well-known names of helpers users try, for the rejection message */
static const char *nfps_helper_name(s32 id)
{
	static const struct { s32 id; const char *name; } names[] = {
		{ 12, "tail_call" }, { 23, "redirect" }, { 51, "redirect_map" },
		{ 69, "fib_lookup" }, { 181, "loop" }, { 10, "csum_replace..." },
		{ 6, "trace_printk" }, { 130, "ringbuf_output" }, { 131, "ringbuf_reserve" },
	};
	const struct nfps_helper *h = nfps_helper(id);
	u32 i;

	if (h)
		return h->name;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].id == id)
			return names[i].name;
	return "?";
}

int nfps_c_call(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		struct nfps_diag *diag)
{
	const struct bpf_insn *insn = &insns[idx];
	s64 tgt;

	if (insn->src_reg == BPF_PSEUDO_CALL) {
		tgt = (s64)idx + 1 + insn->imm;
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
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "helper bpf_%s (%d) not supported by the NIC: supported helpers are map_lookup_elem, map_update_elem, map_delete_elem, ktime_get_ns, get_prandom_u32, get_smp_processor_id, csum_diff, perf_event_output and (XDP) xdp_adjust_head/tail/meta",
				 nfps_helper_name(insn->imm), insn->imm);
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
		if (!x->err && x->nr_fix < x->cap_fix) {
			x->fix[x->nr_fix].word = w;
			x->fix[x->nr_fix].insn = x->idx + 1 + insn->imm;
			x->nr_fix++;
		}
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
