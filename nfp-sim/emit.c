// SPDX-License-Identifier: GPL-2.0
/*
 * The translator's emitter: microcode words, branch fix-ups and map
 * relocations appended to the program being built, each table bounded and
 * its overflow the sticky -ENOSPC the driver loop checks once per eBPF
 * instruction (like nfp's nfp_prog_push()).
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "xlate.h"

/**
 * nfps_emit() - append one instruction word (sticky -ENOSPC on overflow)
 * @x: translation
 * @op: opcode
 * @d: destination register
 * @a: first source register
 * @b: second source register
 * @xf: x field (cc, bit, 4th register, atomic flags)
 * @imm: 16-bit immediate
 *
 * Return: the word index.
 */
u32 nfps_emit(struct nfps_xctx *x, u8 op, u8 d, u8 a, u8 b, u8 xf, u16 imm)
{
	struct nfps_uinsn u = { .op = op, .d = d, .a = a, .b = b, .x = xf, .imm = imm };

	if (x->n >= x->cap) {
		x->err = -ENOSPC;
		return x->n;
	}
	x->words[x->n] = nfps_encode(&u);
	return x->n++;
}

u32 nfps_emit_br(struct nfps_xctx *x, u8 op, u8 a, u8 xf, u32 tgt)
{
	struct nfps_uinsn u = { .op = op, .a = a, .x = xf, .tgt = tgt };

	if (x->n >= x->cap) {
		x->err = -ENOSPC;
		return x->n;
	}
	x->words[x->n] = nfps_encode(&u);
	return x->n++;
}

void nfps_patch_tgt(struct nfps_xctx *x, u32 word, u32 tgt)
{
	if (word >= x->n)
		return;
	x->words[word] &= ~(0xffffULL << NFPS_W_T_SHIFT);
	x->words[word] |= (u64)(tgt & 0xffff) << NFPS_W_T_SHIFT;
}

/* Branch to eBPF instruction @insn; NFPS_CC_MAX means unconditional. */
void nfps_emit_jmp(struct nfps_xctx *x, u8 cc, u32 insn)
{
	u32 w;

	if (cc == NFPS_CC_MAX)
		w = nfps_emit_br(x, NFPS_OP_BR, 0, 0, 0);
	else
		w = nfps_emit_br(x, NFPS_OP_BCC, 0, cc, 0);
	nfps_add_fixup(x, w, insn);
}

/**
 * nfps_add_fixup() - have word @word's target patched to eBPF insn @insn
 * @x: translation
 * @word: a branch or call word just emitted
 * @insn: the eBPF instruction it goes to
 *
 * Nothing happens after an emitter error (the word may not exist); a full
 * table is the sticky -ENOSPC like a full code store.
 */
void nfps_add_fixup(struct nfps_xctx *x, u32 word, u32 insn)
{
	if (x->err)
		return;
	if (x->nr_fix >= x->cap_fix) {
		x->err = -ENOSPC;
		return;
	}
	x->fix[x->nr_fix].word = word;
	x->fix[x->nr_fix].insn = insn;
	x->nr_fix++;
}

void nfps_emit_imm32(struct nfps_xctx *x, u8 reg, u32 v)
{
	if (v <= 0xffff) {
		nfps_emit(x, NFPS_OP_IMMED, reg, 0, 0, 0, v);
	} else if ((s32)v >= -32768 && (s32)v < 0) {
		nfps_emit(x, NFPS_OP_IMMEDS, reg, 0, 0, 0, v & 0xffff);
	} else {
		nfps_emit(x, NFPS_OP_IMMED, reg, 0, 0, 0, v & 0xffff);
		nfps_emit(x, NFPS_OP_IMMEDHI, reg, 0, 0, 0, v >> 16);
	}
}

void nfps_emit_imm64(struct nfps_xctx *x, u8 lo, u8 hi, u64 v)
{
	nfps_emit_imm32(x, lo, (u32)v);
	if ((v >> 32) == 0)
		nfps_emit(x, NFPS_OP_MOV, hi, NFPS_Z, 0, 0, 0);
	else
		nfps_emit_imm32(x, hi, v >> 32);
}

/* Clear the upper half of eBPF register @dst unless known zero already. */
void nfps_emit_zext(struct nfps_xctx *x, u8 dst)
{
	if (nfps_opt(x, NFPS_OPT_ZEXT) && x->hz_in && (x->hz_in[x->idx] & BIT(dst)))
		return;
	if (x->live_out && !(x->live_out[x->idx] & BIT(dst)))
		return;		/* nobody reads the upper half */
	nfps_emit(x, NFPS_OP_MOV, NFPS_HI(dst), NFPS_Z, 0, 0, 0);
}

void nfps_add_relo(struct nfps_xctx *x, u32 word, u16 kind, u16 map)
{
	if (x->nr_relos >= x->cap_relos) {
		x->err = -ENOSPC;
		return;
	}
	x->relos[x->nr_relos].word = word;
	x->relos[x->nr_relos].kind = kind;
	x->relos[x->nr_relos].map = map;
	x->nr_relos++;
}
