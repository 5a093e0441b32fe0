/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The portable forward analysis (analysis.c): per-instruction facts without
 * a verifier, plus what the translator's zero-extension elision needs.
 */
#ifndef NFPS_ANALYSIS_H
#define NFPS_ANALYSIS_H

#include "compat.h"
#include "nfps.h"

int nfps_analyze_full(enum nfps_prog_type type, u32 caps, const struct bpf_insn *insns, u32 len,
		      struct nfps_insn_fact *facts, u32 *hz_in, const u16 *live_out,
		      u32 *stack_used, struct nfps_diag *diag);
void nfps_hi_liveness(const struct bpf_insn *insns, u32 len, u16 *live_out);

#endif /* NFPS_ANALYSIS_H */
