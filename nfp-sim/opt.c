// SPDX-License-Identifier: GPL-2.0
/*
 * Post-emission microcode passes. The other optimisations happen while
 * emitting (xlate_*.c: immediate folding, identity peepholes, zero-extension
 * elision from the analysis, dead code from the analysis).
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "xlate.h"

static bool nfps_is_branch(const struct nfps_uinsn *u)
{
	u8 fmt = nfps_op_info[u->op].fmt;

	return (fmt == FMT_T || fmt == FMT_CT || fmt == FMT_ABT) && u->op != NFPS_OP_CALL;
}

/**
 * nfps_opt_jumps() - jump threading
 * @x: translation with branches fixed up
 *
 * A branch whose target is an unconditional branch goes straight to the
 * final target (chains of eBPF JA, loop latches, if/else joins).
 */
void nfps_opt_jumps(struct nfps_xctx *x)
{
	struct nfps_uinsn u, t;
	u32 i, hops, tgt;

	for (i = 0; i < x->n; i++) {
		if (nfps_decode(x->words[i], &u) || !nfps_is_branch(&u))
			continue;
		tgt = u.tgt;
		for (hops = 0; hops < 8 && tgt < x->n; hops++) {
			if (nfps_decode(x->words[tgt], &t) || t.op != NFPS_OP_BR || t.tgt == tgt)
				break;
			tgt = t.tgt;
		}
		if (tgt != u.tgt)
			nfps_patch_tgt(x, i, tgt);
	}
}
