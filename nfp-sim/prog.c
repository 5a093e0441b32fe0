// SPDX-License-Identifier: GPL-2.0
/*
 * The program object: the diagnostic formatter every part of the core
 * reports through, the lifecycle of struct nfps_prog (allocated before
 * translation so the emitter writes into it, finished with its static
 * cycle estimate and device image once the simulator has pre-decoded it).
 * It calls no other part of the core but the ISA tables, so everything
 * may report through nfps_fail() without closing a loop.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"
#include "cfg.h"

/**
 * nfps_fail() - fill a diagnostic
 * @diag: destination (may be NULL)
 * @idx: eBPF instruction index or -1
 * @err: negative errno, returned
 * @fmt: message; "insn N: " is prepended when @idx >= 0
 *
 * Return: @err.
 */
int nfps_fail(struct nfps_diag *diag, int idx, int err, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (!diag)
		return err;
	diag->insn = idx;
	diag->err = err;
	if (idx >= 0)
		n = nfps_snprintf(diag->msg, sizeof(diag->msg), "insn %d: ", idx);
	va_start(ap, fmt);
	nfps_vsnprintf(diag->msg + n, sizeof(diag->msg) - n, fmt, ap);
	va_end(ap);
	return err;
}

/**
 * nfps_prog_alloc() - a program object for a translation to emit into
 * @in: the translation request (type, capabilities, length, maps)
 * @cap_words: code store size: room for this many microcode words
 * @diag: reason on failure
 *
 * Return: the program, or NULL with @diag filled.
 */
struct nfps_prog *nfps_prog_alloc(const struct nfps_xlate_in *in, u32 cap_words,
				  struct nfps_diag *diag)
{
	struct nfps_prog *prog;

	prog = nfps_zalloc(sizeof(*prog));
	if (!prog)
		goto err_nomem;
	prog->type = in->type;
	prog->caps = in->caps;
	prog->ebpf_len = in->len;
	prog->cap_words = cap_words;
	prog->words = nfps_vzalloc(sizeof(u64) * (cap_words + 1));
	prog->insn_off = nfps_vzalloc(sizeof(u32) * (in->len + 1));
	prog->relos = nfps_vzalloc(sizeof(*prog->relos) * (in->len + 1));
	prog->maps = nfps_vzalloc(sizeof(*prog->maps) * (in->nr_maps + 1));
	if (!prog->words || !prog->insn_off || !prog->relos || !prog->maps)
		goto err_free;
	if (in->nr_maps)
		memcpy(prog->maps, in->maps, sizeof(*prog->maps) * in->nr_maps);
	prog->nr_maps = in->nr_maps;
	return prog;

err_free:
	nfps_prog_free(prog);
err_nomem:
	nfps_fail(diag, -1, -ENOMEM, "out of memory translating %u insns", in->len);
	return NULL;
}

/**
 * nfps_img_size() - bytes of a device image
 * @words: microcode words
 * @relos: relocations
 * @ebpf: eBPF instructions
 *
 * Return: the size; u64 so that a bogus header read back cannot wrap it.
 */
u64 nfps_img_size(u32 words, u32 relos, u32 ebpf)
{
	return sizeof(struct nfps_img_hdr) + (u64)words * 8 + (u64)relos * sizeof(struct nfps_relo) +
	       ((u64)ebpf + 1) * 4;
}

static int nfps_image_build(struct nfps_prog *prog)
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

/* static cost of one word: base class plus the typical memory latency */
static u32 nfps_word_cost(const struct nfps_dinsn *d)
{
	u32 c = d->cost;

	if (nfps_op_info[d->op].flags & NFPS_OPF_MEM)
		c += NFPS_LAT_CTM;
	return c;
}

/*
 * Longest forward path through the microcode. Back edges (loops) and calls
 * are not followed; a call costs its own word.
 */
static u32 nfps_static_cycles(const struct nfps_prog *prog)
{
	u32 n = prog->nr_words, i, best = 0;
	u32 *cost = nfps_vzalloc(sizeof(u32) * (n + 1));

	if (!cost)
		return 0;
	for (i = n; i-- > 0;) {
		const struct nfps_dinsn *d = &prog->dec[i];
		u32 c = 0;

		if (nfps_ucode_falls_through(d->op))
			c = cost[i + 1];
		if (nfps_ucode_jumps(d->op) && d->tgt > i)
			c = max(c, cost[d->tgt] + NFPS_BR_TAKEN_PENALTY);
		cost[i] = c + nfps_word_cost(d);
	}
	best = cost[0];
	nfps_vfree(cost);
	return best;
}

/**
 * nfps_prog_finish() - the static estimate and the device image
 * @prog: a complete, pre-decoded program (nfps_predecode())
 * @diag: reason on failure
 *
 * Return: 0 or -ENOMEM with @diag filled.
 */
int nfps_prog_finish(struct nfps_prog *prog, struct nfps_diag *diag)
{
	prog->static_cycles = nfps_static_cycles(prog);
	if (nfps_image_build(prog))
		return nfps_fail(diag, -1, -ENOMEM, "out of memory building the image");
	return 0;
}

/**
 * nfps_prog_free() - release a translated program
 * @prog: the program (may be NULL)
 */
void nfps_prog_free(struct nfps_prog *prog)
{
	if (!prog)
		return;
	if (prog->native)
		prog->native->free(prog->native);
	nfps_vfree(prog->words);
	nfps_vfree(prog->dec);
	nfps_vfree(prog->insn_off);
	nfps_vfree(prog->relos);
	nfps_vfree(prog->maps);
	nfps_vfree(prog->image);
	nfps_free(prog);
}

/**
 * nfps_prog_get_info() - sizes and static cycle estimate
 * @prog: translated program
 * @info: filled
 */
void nfps_prog_get_info(const struct nfps_prog *prog, struct nfps_prog_info *info)
{
	info->ebpf_insns = prog->ebpf_len;
	info->ucode_words = prog->nr_words;
	info->static_cycles = prog->static_cycles;
}

/**
 * nfps_prog_image() - the device image of a translated program
 * @prog: translated program
 * @len: image length in bytes
 *
 * Return: the image, owned by @prog.
 */
const void *nfps_prog_image(const struct nfps_prog *prog, u32 *len)
{
	*len = prog->image_len;
	return prog->image;
}
