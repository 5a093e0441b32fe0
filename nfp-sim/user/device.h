/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: the simulated NIC one command drives. One device memory
 * budget, the object's maps created in the map engine (global data and
 * --map preloads applied), and the selected program translated.
 */
#ifndef NFPSIM_DEVICE_H
#define NFPSIM_DEVICE_H

#include <getopt.h>

#include "elfobj.h"

#define NFPSIM_DEV_MEM		(64ULL << 20)	/* the kernel module's default */

/* getopt_long codes of the options xlate and run share */
enum {
	NFPSIM_OPT_SEC = 0x100,
	NFPSIM_OPT_TYPE,
	NFPSIM_OPT_NO_OPT,
	NFPSIM_OPT_CODE_STORE,
	NFPSIM_OPT_MAP,
	NFPSIM_OPT_NO_CPUV4,
	NFPSIM_OPT_LINUX,
	NFPSIM_OPT_PROG,
	NFPSIM_OPT_MAP_SIZE,
	NFPSIM_OPT_SET,
};

#define NFPSIM_DEV_LONGOPTS						\
	{ "sec", required_argument, NULL, NFPSIM_OPT_SEC },		\
	{ "prog", required_argument, NULL, NFPSIM_OPT_PROG },		\
	{ "type", required_argument, NULL, NFPSIM_OPT_TYPE },		\
	{ "no-opt", no_argument, NULL, NFPSIM_OPT_NO_OPT },		\
	{ "code-store", required_argument, NULL, NFPSIM_OPT_CODE_STORE }, \
	{ "map", required_argument, NULL, NFPSIM_OPT_MAP },		\
	{ "map-size", required_argument, NULL, NFPSIM_OPT_MAP_SIZE },	\
	{ "set", required_argument, NULL, NFPSIM_OPT_SET },		\
	{ "no-cpuv4", no_argument, NULL, NFPSIM_OPT_NO_CPUV4 },	\
	{ "linux", required_argument, NULL, NFPSIM_OPT_LINUX }

#define NFPSIM_DEV_USAGE						\
	"  --sec S              the program of section S (several there: an error\n" \
	"                       listing them; add --prog)\n"			\
	"  --prog P             the program (or .text function) named P\n"	\
	"                       (default: the first XDP or tc program)\n"	\
	"  --type xdp|tc|raw    program type when the section name does not tell\n" \
	"  --no-opt             disable the translator's optimisations\n"	\
	"  --code-store N       code store size in microcode words (default 8192)\n" \
	"  --map-size NAME:N    max_entries of map NAME (an object may leave it 0\n" \
	"                       for user space to size, as bpf_map__set_max_entries)\n" \
	"  --set VAR=VALUE      initial value of global variable VAR (.data, .bss,\n" \
	"                       .rodata: const volatile config, as a skeleton sets\n" \
	"                       it before load): a number for a 1/2/4/8-byte VAR,\n" \
	"                       else hex:BYTES (memory order, VAR's size)\n" \
	"  --linux VERSION      behave as the NIC does on that kernel (6.1, 6.12,\n" \
	"                       $(uname -r), ...): before 6.6 its verifier refuses\n" \
	"                       RFC 9669 (cpu=v4) instructions, before 6.13 its\n" \
	"                       bpf_csum_diff() returns the unfolded 32-bit sum and\n" \
	"                       -EINVAL for sizes not multiples of 4 or over 512\n" \
	"                       bytes (default: the newest, 6.13 and later)\n" \
	"  --no-cpuv4           refuse RFC 9669 (cpu=v4) instructions in XDP/tc\n" \
	"                       programs whatever --linux says\n"

/**
 * struct nfpsim_dev_opts - what the user asked for
 * @obj: ELF object path
 * @sel: --sec and --prog, NULL when not given
 * @type: --type, or -1 to take it from the section name
 * @opt: NFPS_OPT_* (--no-opt clears them)
 * @code_store: --code-store, 0 for the default
 * @caps: NFPS_CAP_* of the kernel the CLI stands in for (--linux, --no-cpuv4)
 * @caps_off: NFPS_CAP_* an option took away, whatever --linux says later
 * @preload: --map NAME:KEYHEX:VALHEX arguments
 * @nr_preload: their number
 * @sizes: --map-size NAME:N arguments
 * @nr_sizes: their number
 * @sets: --set VAR=VALUE arguments
 * @nr_sets: their number
 */
struct nfpsim_dev_opts {
	const char *obj;
	struct nfpsim_elf_sel sel;
	int type;
	u32 opt;
	u32 code_store;
	u32 caps;
	u32 caps_off;
	char **preload;
	u32 nr_preload;
	char **sizes;
	u32 nr_sizes;
	char **sets;
	u32 nr_sets;
};

/**
 * struct nfpsim_dev - the device
 * @obj: the object's path
 * @mem: device memory budget the maps charge
 * @elf: the program and map shapes read from the object
 * @refs: one per @elf.maps; @refs[i].host points at @elf.maps[i]
 * @type: program type in effect
 * @prog: the translated program
 */
struct nfpsim_dev {
	const char *obj;
	struct nfps_mem mem;
	struct nfpsim_elf_prog elf;
	struct nfps_map_ref *refs;
	enum nfps_prog_type type;
	struct nfps_prog *prog;
};

void nfpsim_dev_opts_init(struct nfpsim_dev_opts *opts);
/*
 * Handle option @c (NFPSIM_OPT_*) of the shared set. Return 0 when handled,
 * 1 after printing an error, -ENOENT when @c is not a shared option.
 */
int nfpsim_dev_parse_opt(struct nfpsim_dev_opts *opts, int c, char *arg);
/* Free what nfpsim_dev_parse_opt() allocated. */
void nfpsim_dev_opts_free(struct nfpsim_dev_opts *opts);

/*
 * Load, create maps, preload, translate. 0, or 1 after printing the error
 * (for a translation failure: the translator's diagnostic) with everything
 * freed again (nfpsim_dev_close() on it is harmless).
 */
int nfpsim_dev_open(struct nfpsim_dev *dev, const struct nfpsim_dev_opts *opts);
void nfpsim_dev_close(struct nfpsim_dev *dev);

/* Parse and apply one --map NAME:KEYHEX:VALHEX. 0, or 1 after printing. */
int nfpsim_dev_preload(struct nfpsim_dev *dev, const char *arg);

#endif /* NFPSIM_DEVICE_H */
