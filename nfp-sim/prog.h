/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The translated program object (prog.c): microcode words, their
 * pre-decoded form for the simulator, the eBPF-to-word map, relocations,
 * maps and the device image. The translator fills it, the simulator and
 * the disassembler read it.
 */
#ifndef NFPS_PROG_H
#define NFPS_PROG_H

#include "compat.h"
#include "nfps.h"
#include "isa.h"

/* Image relocation kinds */
#define NFPS_RELO_MAP_HANDLE	1
#define NFPS_RELO_MAP_VALUE	2

/**
 * struct nfps_relo - a word that holds a map handle or value address
 * @word: microcode word index
 * @kind: NFPS_RELO_MAP_HANDLE or NFPS_RELO_MAP_VALUE
 * @map: index into the program's map table
 */
struct nfps_relo {
	u32 word;
	u16 kind;
	u16 map;
};

/**
 * struct nfps_dinsn - pre-decoded instruction for the simulator, built once
 * when the program is built
 * @op: enum nfps_op
 * @d: destination register
 * @a: first source register
 * @b: second source register
 * @x: x field (cc, bit, 4th register, atomic flags)
 * @cost: base cycles of the op's cost class
 * @imm: 16-bit immediate
 * @tgt: branch target word
 */
struct nfps_dinsn {
	u8 op, d, a, b, x;
	u8 cost;
	u16 imm;
	u32 tgt;
};

/**
 * struct nfps_map_rgn - where a map's value region is on the host
 * @base: first byte, or NULL for a host-neutral map
 * @size: bytes
 */
struct nfps_map_rgn {
	u8 *base;
	u32 size;
};

struct nfps_cpu;
struct nfps_run;

/**
 * struct nfps_native - an optional native-code tier for the simulator
 * @run: run the program; must give exactly the interpreter's results
 *	 (registers, memory, flags, cycles, words executed, faults)
 * @free: release the tier
 *
 * Only the userspace build has one (native/): a kernel module cannot map
 * executable memory. nfps_run() uses it when set.
 */
struct nfps_native {
	int (*run)(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		   u64 budget);
	void (*free)(struct nfps_native *native);
};

/**
 * struct nfps_prog - a translated program
 * @type: program type
 * @caps: NFPS_CAP_* of the kernel the program was loaded on: the helpers
 *	  answer as its helpers do (nfps_xlate_in.caps)
 * @ebpf_len: eBPF instructions translated
 * @nr_words: microcode words
 * @words: the microcode; the translator emits straight into it, so it has
 *	   room for the whole code store (@cap_words)
 * @cap_words: size of @words, the code store limit of the translation
 * @dec: @nr_words + 1 pre-decoded words (the last one the END sentinel)
 * @insn_off: @ebpf_len + 1 entries, eBPF index -> first word
 * @relos: map relocations, in word order
 * @nr_relos: their number
 * @maps: the maps the program references (copied from the request)
 * @nr_maps: their number
 * @rgn: value region of each map, for the simulator's address checks
 * @static_cycles: longest forward path, cycles
 * @stack_clear: frame-0 bytes cleared per run, below the frame top
 * @image: the device image (nfps_prog_image())
 * @image_len: its length
 * @native: the native tier, or NULL
 */
struct nfps_prog {
	enum nfps_prog_type type;
	u32 caps;
	u32 ebpf_len;
	u32 nr_words;
	u64 *words;
	u32 cap_words;
	struct nfps_dinsn *dec;
	u32 *insn_off;
	struct nfps_relo *relos;
	u32 nr_relos;
	struct nfps_map_ref *maps;
	u32 nr_maps;
	struct nfps_map_rgn rgn[NFPS_MAX_MAPS];
	u32 static_cycles;
	u32 stack_clear;
	void *image;
	u32 image_len;
	struct nfps_native *native;
};

/* The device image layout (prog.c builds it, disasm.c reads it back). */
#define NFPS_IMG_MAGIC		0x5350464eU	/* "NFPS" */
#define NFPS_IMG_VERSION	1

/**
 * struct nfps_img_hdr - header of the device image, followed by
 * u64 words[nr_words], struct nfps_relo relos[nr_relos], u32 insn_off[nr_ebpf + 1]
 * @magic: NFPS_IMG_MAGIC
 * @version: NFPS_IMG_VERSION
 * @hdr_len: bytes of this header
 * @prog_type: enum nfps_prog_type
 * @nr_words: microcode words
 * @nr_relos: relocations
 * @nr_ebpf: eBPF instructions
 * @static_cycles: static cycle estimate
 * @reserved: zero
 */
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

u64 nfps_img_size(u32 words, u32 relos, u32 ebpf);

struct nfps_prog *nfps_prog_alloc(const struct nfps_xlate_in *in, u32 cap_words,
				  struct nfps_diag *diag);
int nfps_prog_finish(struct nfps_prog *prog, struct nfps_diag *diag);

/* sim.c: the simulator's form of the words; the translator builds it before nfps_prog_finish() */
int nfps_predecode(struct nfps_prog *prog, const char **why, u32 *at);

#endif /* NFPS_PROG_H */
