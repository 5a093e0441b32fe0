// SPDX-License-Identifier: GPL-2.0
/*
 * The device image: a self-describing little-endian blob
 *   header (struct nfps_img_hdr), u64 words[nr_words],
 *   struct nfps_relo relos[nr_relos], u32 insn_off[nr_ebpf + 1]
 * as exposed through jited_image, plus the static cycle estimate.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "disasm.h"

#define NFPS_IMG_MAGIC		0x5350464eU	/* "NFPS" */
#define NFPS_IMG_VERSION	1

struct nfps_img_hdr {
	u32 magic;
	u16 version;
	u16 hdr_len;
	u32 prog_type;
	u32 nr_words;
	u32 nr_relos;
	u32 nr_ebpf;
	u32 static_cycles;
	u32 reserved;
};

static u64 nfps_img_size(u32 words, u32 relos, u32 ebpf)
{
	return sizeof(struct nfps_img_hdr) + (u64)words * 8 + (u64)relos * sizeof(struct nfps_relo) +
	       ((u64)ebpf + 1) * 4;
}

int nfps_image_build(struct nfps_prog *prog)
{
	struct nfps_img_hdr h = {
		.magic = NFPS_IMG_MAGIC, .version = NFPS_IMG_VERSION, .hdr_len = sizeof(h),
		.prog_type = prog->type, .nr_words = prog->nr_words, .nr_relos = prog->nr_relos,
		.nr_ebpf = prog->ebpf_len, .static_cycles = prog->static_cycles,
	};
	u8 *p;

	prog->image_len = nfps_img_size(prog->nr_words, prog->nr_relos, prog->ebpf_len);
	prog->image = nfps_vzalloc(prog->image_len);
	if (!prog->image)
		return -ENOMEM;
	p = prog->image;
	memcpy(p, &h, sizeof(h));
	p += sizeof(h);
	memcpy(p, prog->words, prog->nr_words * 8);
	p += prog->nr_words * 8;
	memcpy(p, prog->relos, prog->nr_relos * sizeof(struct nfps_relo));
	p += prog->nr_relos * sizeof(struct nfps_relo);
	memcpy(p, prog->insn_off, (prog->ebpf_len + 1) * 4);
	return 0;
}

/**
 * nfps_image_disasm() - disassemble a raw image from nfps_prog_image()
 * @img: the image
 * @len: its length
 * @print: output callback
 * @priv: its cookie
 *
 * Return: 0, or -EINVAL when @img is not a valid image.
 */
int nfps_image_disasm(const void *img, u32 len, nfps_print_fn print, void *priv)
{
	static const char * const types[] = { "xdp", "tc", "raw" };
	struct nfps_disasm_src d = {};
	struct nfps_img_hdr h;
	const u8 *p = img;

	if (!img || len < sizeof(h))
		return -EINVAL;
	memcpy(&h, p, sizeof(h));
	if (h.magic != NFPS_IMG_MAGIC || h.version != NFPS_IMG_VERSION || h.hdr_len < sizeof(h) ||
	    h.nr_words > 0xffff || h.nr_ebpf > 0x100000 || h.nr_relos > 0x100000 ||
	    h.hdr_len - sizeof(h) + nfps_img_size(h.nr_words, h.nr_relos, h.nr_ebpf) > len)
		return -EINVAL;
	p += h.hdr_len;
	d.words = (const u64 *)p;
	d.nr_words = h.nr_words;
	p += (u64)h.nr_words * 8;
	d.relos = (const struct nfps_relo *)p;
	d.nr_relos = h.nr_relos;
	p += (u64)h.nr_relos * sizeof(struct nfps_relo);
	d.insn_off = (const u32 *)p;
	d.nr_ebpf = h.nr_ebpf;
	print(priv, "; nfpsim image v%u (%s): %u words for %u eBPF insns, %u map relocations, static estimate %u cycles\n",
	      h.version, h.prog_type < 3 ? types[h.prog_type] : "?", h.nr_words, h.nr_ebpf,
	      h.nr_relos, h.static_cycles);
	nfps_disasm_words(&d, print, priv);
	return 0;
}

/* static cost of one word: base class plus the typical memory latency */
static u32 nfps_word_cost(const struct nfps_dinsn *d)
{
	u32 c = d->cost;

	if (nfps_op_info[d->op].cost == NFPS_C_MEM || nfps_op_info[d->op].cost == NFPS_C_ATOMIC)
		c += NFPS_LAT_CTM;
	return c;
}

/**
 * nfps_static_cycles() - longest forward path through the microcode
 * @prog: program with pre-decoded words
 *
 * Back edges (loops) and calls are not followed; a call costs its own word.
 * Return: cycles.
 */
u32 nfps_static_cycles(const struct nfps_prog *prog)
{
	u32 n = prog->nr_words, i, best = 0;
	u32 *cost = nfps_vzalloc(sizeof(u32) * (n + 1));

	if (!cost)
		return 0;
	for (i = n; i-- > 0;) {
		const struct nfps_dinsn *d = &prog->dec[i];
		u8 fmt = nfps_op_info[d->op].fmt;
		u32 c = 0;

		if (d->op != NFPS_OP_RET && d->op != NFPS_OP_BR)
			c = cost[i + 1];
		if ((fmt == FMT_T || fmt == FMT_CT || fmt == FMT_ABT) && d->op != NFPS_OP_CALL &&
		    d->tgt > i)
			c = max(c, cost[d->tgt] + NFPS_BR_TAKEN_PENALTY);
		cost[i] = c + nfps_word_cost(d);
	}
	best = cost[0];
	nfps_vfree(cost);
	return best;
}
