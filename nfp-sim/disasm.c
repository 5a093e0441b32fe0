// SPDX-License-Identifier: GPL-2.0
/*
 * Microcode disassembler, of a translated program or of a device image read
 * back. Prints only through an nfps_print_fn callback (like
 * kernel/bpf/disasm.c), so debugfs, the verifier log and the CLI share it.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"
#include "disasm.h"

static const char *nfps_relo_name(u16 kind)
{
	return kind == NFPS_RELO_MAP_HANDLE ? "handle" : "value";
}

/**
 * nfps_disasm_words() - print microcode with eBPF boundaries and relocations
 * @d: what to print
 * @print: output callback, one call per line
 * @priv: its cookie
 */
void nfps_disasm_words(const struct nfps_disasm_src *d, nfps_print_fn print, void *priv)
{
	struct nfps_uinsn u;
	char buf[96];
	u32 i, e = 0, r = 0;

	for (i = 0; i < d->nr_words; i++) {
		while (d->insn_off && e < d->nr_ebpf && d->insn_off[e] <= i) {
			if (e + 1 >= d->nr_ebpf || d->insn_off[e + 1] > d->insn_off[e])
				print(priv, "; insn %u\n", e);
			e++;
		}
		if (nfps_decode(d->words[i], &u))
			nfps_snprintf(buf, sizeof(buf), "(bad word)");
		else
			nfps_format_insn(&u, buf, sizeof(buf));
		while (r < d->nr_relos && d->relos[r].word < i)
			r++;
		if (d->profile)
			print(priv, "%10llu ", (unsigned long long)d->profile[i]);
		if (r < d->nr_relos && d->relos[r].word == i)
			print(priv, "%5u: %016llx  %-40s ; map %u %s\n", i,
			      (unsigned long long)d->words[i], buf, d->relos[r].map,
			      nfps_relo_name(d->relos[r].kind));
		else
			print(priv, "%5u: %016llx  %s\n", i, (unsigned long long)d->words[i], buf);
	}
}

/**
 * nfps_prog_disasm() - disassemble a translated program
 * @prog: the program
 * @profile: per-word execution counts printed beside each word (may be NULL)
 * @print: output callback
 * @priv: its cookie
 */
void nfps_prog_disasm(const struct nfps_prog *prog, const u64 *profile,
		      nfps_print_fn print, void *priv)
{
	struct nfps_disasm_src d = {
		.words = prog->words, .nr_words = prog->nr_words,
		.relos = prog->relos, .nr_relos = prog->nr_relos,
		.insn_off = prog->insn_off, .nr_ebpf = prog->ebpf_len,
		.profile = profile,
	};

	/* the debugfs ucode file's only header: nfpsim_offload.sh greps "microcode words" */
	print(priv, "; nfpsim microcode: %u eBPF insns, %u microcode words, static estimate %u cycles\n",
	      prog->ebpf_len, prog->nr_words, prog->static_cycles);
	nfps_disasm_words(&d, print, priv);
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
