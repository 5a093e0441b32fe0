// SPDX-License-Identifier: GPL-2.0
/*
 * Measures each translator optimisation on the BPF C corpus
 * (the .bpf.o files in build/progs): microcode words and static cycles with all
 * optimisations, with none, and with each one switched off. Checks that
 * every optimisation is a net win and that the median ucode/eBPF ratio with
 * all of them stays <= 1.6. The table goes to stdout as TAP comments.
 * SKIP (exit 4) when the corpus is not built.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat.h"
#include "nfps.h"
#include "device.h"

#define MAXP 256

static const struct { u32 bit; const char *name; } opts[] = {
	{ NFPS_OPT_ZEXT, "zext" }, { NFPS_OPT_IMM, "imm" }, { NFPS_OPT_DCE, "dce" },
	{ NFPS_OPT_JUMPS, "jumps" }, { NFPS_OPT_PEEPHOLE, "peephole" },
};

static char *progs[MAXP];
static int nr_progs;

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* total words, static cycles and the median ratio for one opt mask */
static int measure(u32 opt, u64 *words, u64 *cycles, u64 *ebpf, double *median)
{
	static double ratio[MAXP];
	int i, n = 0;

	*words = *cycles = *ebpf = 0;
	for (i = 0; i < nr_progs; i++) {
		struct nfpsim_dev_opts o;
		struct nfpsim_dev dev;
		struct nfps_prog_info info;
		FILE *saved = stderr;

		nfpsim_dev_opts_init(&o);
		o.obj = progs[i];
		o.opt = opt;
		memset(&dev, 0, sizeof(dev));
		stderr = fopen("/dev/null", "w");
		if (nfpsim_dev_open(&dev, &o)) {
			fclose(stderr);
			stderr = saved;
			continue;
		}
		fclose(stderr);
		stderr = saved;
		nfps_prog_get_info(dev.prog, &info);
		*words += info.ucode_words;
		*cycles += info.static_cycles;
		*ebpf += info.ebpf_insns;
		ratio[n++] = (double)info.ucode_words / info.ebpf_insns;
		nfpsim_dev_close(&dev);
	}
	if (!n)
		return 0;
	qsort(ratio, n, sizeof(ratio[0]), cmp_dbl);
	*median = n & 1 ? ratio[n / 2] : (ratio[n / 2 - 1] + ratio[n / 2]) / 2;
	return n;
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "build/progs";
	u64 w_all, c_all, e, w, c;
	double med_all, med;
	struct dirent *de;
	DIR *d = opendir(dir);
	int i, n, t = 0, failed = 0;

	if (!d) {
		printf("1..0 # SKIP no corpus in %s\n", dir);
		return 4;
	}
	while ((de = readdir(d)) && nr_progs < MAXP) {
		if (!strstr(de->d_name, ".bpf.o"))
			continue;
		if (asprintf(&progs[nr_progs], "%s/%s", dir, de->d_name) > 0)
			nr_progs++;
	}
	closedir(d);
	n = measure(NFPS_OPT_ALL, &w_all, &c_all, &e, &med_all);
	if (!n) {
		printf("1..0 # SKIP no program of %s translates\n", dir);
		return 4;
	}
	printf("1..%zu\n", ARRAY_SIZE(opts) + 2);
	printf("# %d programs, %llu eBPF insns\n", n, (unsigned long long)e);
	printf("# %-14s %8s %8s %8s %8s\n", "optimisations", "words", "ratio", "median",
	       "cycles");
	printf("# %-14s %8llu %8.3f %8.3f %8llu\n", "all", (unsigned long long)w_all,
	       (double)w_all / e, med_all, (unsigned long long)c_all);
	measure(0, &w, &c, &e, &med);
	printf("# %-14s %8llu %8.3f %8.3f %8llu\n", "none", (unsigned long long)w,
	       (double)w / e, med, (unsigned long long)c);
	printf("%sok %d - all optimisations shrink the corpus (%llu -> %llu words)\n",
	       w_all < w ? "" : "not ", ++t, (unsigned long long)w, (unsigned long long)w_all);
	failed += w_all >= w;
	for (i = 0; i < (int)ARRAY_SIZE(opts); i++) {
		measure(NFPS_OPT_ALL & ~opts[i].bit, &w, &c, &e, &med);
		printf("# %-14s %8llu %8.3f %8.3f %8llu  (-%s)\n", "all but", (unsigned long long)w,
		       (double)w / e, med, (unsigned long long)c, opts[i].name);
		printf("%sok %d - %s: %llu words, %llu cycles saved\n", w_all <= w ? "" : "not ", ++t,
		       opts[i].name, (unsigned long long)(w - w_all),
		       (unsigned long long)(c - c_all));
		failed += w_all > w;
	}
	printf("%sok %d - median ucode/eBPF ratio %.3f <= 1.6\n", med_all <= 1.6 ? "" : "not ",
	       ++t, med_all);
	failed += med_all > 1.6;
	return failed ? 1 : 0;
}
