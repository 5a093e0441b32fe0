/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: one program out of a BPF ELF object, in the form
 * nfps_translate() takes. Does what libbpf does at load time, without a
 * kernel: appends the .text subprograms a program calls and fixes the call
 * offsets, and turns map and global data relocations into LD_IMM64
 * BPF_PSEUDO_MAP_IDX / BPF_PSEUDO_MAP_IDX_VALUE with imm = index into
 * @maps (nfps.h's normalised form). Map shapes come from libbpf's parser,
 * so BTF-defined maps and global data maps are named as libbpf names them.
 *
 * (Named elfobj.h, not elf.h: the -I path would shadow libelf's <elf.h>.)
 */
#ifndef NFPSIM_ELFOBJ_H
#define NFPSIM_ELFOBJ_H

#include "nfps.h"

/**
 * struct nfpsim_elf_map - one map of the object the NIC can hold
 * @name: libbpf's name (global data maps: "obj.rodata" and the like)
 * @def: shape for nfps_map_create()
 * @init: initial value of a global data map (@def.value_size bytes), or NULL
 * @referenced: used by the selected program
 * @internal: global data (.data, .rodata, .bss), libbpf's internal map
 * @obj_flags: map_flags as libbpf would create the map (@def.map_flags
 *	       leaves out BPF_F_MMAPABLE, a host notion the device copy lacks)
 */
struct nfpsim_elf_map {
	char *name;
	struct nfps_map_def def;
	void *init;
	bool referenced;
	bool internal;
	u32 obj_flags;
};

/**
 * struct nfpsim_elf_var - a global variable (.data, .rodata, .bss)
 * @name: its symbol name (BTF's DATASEC names the same variables)
 * @map: index into nfpsim_elf_prog.maps of its global data map
 * @off: offset in that map's value
 * @size: bytes
 */
struct nfpsim_elf_var {
	char *name;
	u32 map;
	u32 off;
	u32 size;
};

/**
 * struct nfpsim_elf_prog - a program ready for translation
 * @name: function name
 * @sec: ELF section name
 * @type: from the section name (xdp*, tc*, classifier*), -1 when it tells nothing
 * @insns: code with subprograms appended and map references normalised
 * @len: instructions in @insns
 * @maps: every ARRAY, HASH and PERF_EVENT_ARRAY map of the object, in
 *	  libbpf's order; LD_IMM64 imm indexes this array
 * @nr_maps: entries in @maps
 * @vars: the object's global variables, for --set
 * @nr_vars: entries in @vars
 */
struct nfpsim_elf_prog {
	char *name;
	char *sec;
	int type;
	struct bpf_insn *insns;
	u32 len;
	struct nfpsim_elf_map *maps;
	u32 nr_maps;
	struct nfpsim_elf_var *vars;
	u32 nr_vars;
};

/**
 * struct nfpsim_elf_sel - which program of an object
 * @sec: --sec: the section; more than one program there is an error
 *	 listing them
 * @prog: --prog: the function (a .text one too), in @sec when both are set
 *
 * Neither: the first XDP or tc program in file order (else the first
 * program, whose type --type then tells).
 */
struct nfpsim_elf_sel {
	const char *sec;
	const char *prog;
};

/*
 * Load @path and the program @sel selects (NULL: as a zeroed @sel). Return 0,
 * or a negative errno with the reason (naming the instruction when there is
 * one, prefixed "PROG: " once a program is selected, never @path itself) in
 * @err.
 */
int nfpsim_elf_load(const char *path, const struct nfpsim_elf_sel *sel,
		    struct nfpsim_elf_prog *prog, char *err, size_t errlen);
void nfpsim_elf_free(struct nfpsim_elf_prog *prog);

/**
 * struct nfpsim_elf_inv - what an object holds, for `nfpsim check`
 * @progs: every program, in file order: "SECTION\0FUNCTION" pairs as two
 *	   strings each (@progs[2 * i] the section, @progs[2 * i + 1] the name)
 * @nr_progs: programs
 * @maps: every map of a type the NIC cannot hold, "NAME (TYPE)"
 * @nr_maps: such maps
 */
struct nfpsim_elf_inv {
	char **progs;
	u32 nr_progs;
	char **maps;
	u32 nr_maps;
};

/* Fill @inv from @path. 0, or a negative errno with the reason in @err. */
int nfpsim_elf_inventory(const char *path, struct nfpsim_elf_inv *inv, char *err, size_t errlen);
void nfpsim_elf_inv_free(struct nfpsim_elf_inv *inv);

/* Program type a section name implies (libbpf's conventions), or -1. */
int nfpsim_elf_sec_type(const char *sec);

#endif /* NFPSIM_ELFOBJ_H */
