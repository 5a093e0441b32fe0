/* SPDX-License-Identifier: GPL-2.0 */
#ifndef NFPS_DISASM_H
#define NFPS_DISASM_H

#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"

/* what nfps_disasm_words() prints: a program or a parsed image */
struct nfps_disasm_src {
	const u64 *words;
	u32 nr_words;
	const struct nfps_relo *relos;
	u32 nr_relos;
	const u32 *insn_off;	/* nr_ebpf + 1 entries, or NULL */
	u32 nr_ebpf;
	const u64 *profile;
};

void nfps_disasm_words(const struct nfps_disasm_src *d, nfps_print_fn print, void *priv);

#endif /* NFPS_DISASM_H */
