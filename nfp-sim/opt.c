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
#include "cfg.h"

static u8 *nfps_branch_targets(struct nfps_xctx *x)
{
	struct nfps_uinsn u;
	u8 *t = nfps_vzalloc(x->n + 1);
	u32 i;

	if (!t)
		return NULL;
	for (i = 0; i < x->n; i++)
		if (!nfps_decode(x->words[i], &u) &&
		    nfps_ucode_has_target(u.op) && u.tgt <= x->n)
			t[u.tgt] = 1;
	return t;
}

/*
 * Drop the words marked in @del, remapping every branch target and offset
 * through @map (x->n + 1 entries, the caller's: a pass that rewrites words
 * before compacting must not find out afterwards that it cannot compact).
 */
static void nfps_opt_compact(struct nfps_xctx *x, const u8 *del, u32 *map)
{
	struct nfps_uinsn u;
	u32 i, n = 0;

	for (i = 0; i <= x->n; i++) {
		map[i] = n;
		if (i < x->n && !del[i])
			n++;
	}
	for (i = 0, n = 0; i < x->n; i++) {
		if (del[i])
			continue;
		x->words[n] = x->words[i];
		if (!nfps_decode(x->words[n], &u) && nfps_ucode_has_target(u.op))
			x->words[n] = (x->words[n] & ~(0xffffULL << NFPS_W_T_SHIFT)) |
				      (u64)map[u.tgt] << NFPS_W_T_SHIFT;
		n++;
	}
	for (i = 0; i <= x->len; i++)
		x->insn_off[i] = map[x->insn_off[i]];
	for (i = 0; i < x->nr_relos; i++)
		x->relos[i].word = map[x->relos[i].word];
	x->n = n;
}

static void nfps_opt_branch_over(struct nfps_xctx *x)
{
	struct nfps_uinsn u, v;
	u8 *tgt = nfps_branch_targets(x), *del = nfps_vzalloc(x->n + 1);
	u32 *map = nfps_vzalloc(sizeof(u32) * (x->n + 1));
	u32 i;

	/* all or nothing: without memory the pass is skipped whole */
	if (!tgt || !del || !map)
		goto out;
	for (i = 0; i < x->n; i++) {
		if (nfps_decode(x->words[i], &u))
			continue;
		if (u.op == NFPS_OP_BR && u.tgt == i + 1) {
			del[i] = 1;
			continue;
		}
		if (u.op != NFPS_OP_BCC || u.tgt != i + 2 || i + 1 >= x->n || tgt[i + 1] ||
		    del[i] || nfps_decode(x->words[i + 1], &v) || v.op != NFPS_OP_BR)
			continue;
		u.x ^= 1;	/* the condition list pairs each code with its inverse */
		u.tgt = v.tgt;
		x->words[i] = nfps_encode(&u);
		del[i + 1] = 1;
	}
	nfps_opt_compact(x, del, map);
out:
	nfps_vfree(tgt);
	nfps_vfree(del);
	nfps_vfree(map);
}

/**
 * nfps_opt_jumps() - jump threading
 * @x: translation with branches fixed up
 *
 * A branch whose target is an unconditional branch goes straight to the
 * final target (chains of eBPF JA, loop latches, if/else joins). Then
 * "br.cc L; br M; L:" becomes "br.!cc M", and branches to the next word
 * disappear (nfps_opt_compact()).
 */
void nfps_opt_jumps(struct nfps_xctx *x)
{
	struct nfps_uinsn u, t;
	u32 i, hops, tgt;

	for (i = 0; i < x->n; i++) {
		if (nfps_decode(x->words[i], &u) || !nfps_ucode_jumps(u.op))
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
	nfps_opt_branch_over(x);
}
