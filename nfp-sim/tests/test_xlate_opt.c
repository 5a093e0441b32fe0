// SPDX-License-Identifier: GPL-2.0
/*
 * Measures each translator optimisation on the BPF C corpus
 * (the .bpf.o files in build/progs): microcode words and static cycles with all
 * optimisations, with none, and with each one switched off. Checks that
 * every optimisation saves words on the corpus and on a witness program
 * written for it (where the witness must also compute the same result with
 * and without it), and that the median ucode/eBPF ratio with all of them
 * stays <= 1.6. The table goes to stdout as TAP comments.
 * SKIP (exit 4) when the corpus is not built.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat.h"
#include "nfps.h"
#include "device.h"
#include "ktap.h"
#include "ref_insn.h"

#define MAXP 256

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define EXIT BPF_EXIT_INSN()

/*
 * Witnesses: one RAW program (r2 = length of the memory in r1) per
 * optimisation, built around the pattern the optimisation exists for, so
 * it must save words there whatever the corpus looks like.
 */

/* w1's upper half is never read: "w0 = w1" reads only the low half */
static const struct bpf_insn w_zext[] = {
	BPF_MOV32_REG(R1, R2), BPF_ALU32_IMM(BPF_ADD, R1, 1), BPF_MOV32_REG(R0, R1), EXIT,
};

/* a 16-bit immediate: add.i instead of materialising the constant */
static const struct bpf_insn w_imm[] = {
	BPF_MOV64_REG(R0, R2), BPF_ALU64_IMM(BPF_ADD, R0, 5), EXIT,
};

/*
 * Code no path reaches, as a conditional jump the verifier proved one-way
 * and hard-wired (replace_insn) leaves it. clang emits no such code, so the
 * corpus cannot show DCE at all.
 */
static const struct bpf_insn w_dce[] = {
	BPF_MOV64_REG(R0, R2), BPF_JMP_A(2),
	BPF_ALU64_IMM(BPF_MUL, R0, 3), BPF_ALU64_REG(BPF_ADD, R0, R2),
	EXIT,
};

/* "br.cc L; br M; L:" becomes "br.!cc M" */
static const struct bpf_insn w_jumps[] = {
	BPF_MOV64_IMM(R0, 1), BPF_JMP_IMM(BPF_JEQ, R2, 0, 1), BPF_JMP_A(1),
	BPF_MOV64_IMM(R0, 2), EXIT,
};

/* "rD = rS; rD op= X" fused into one step per half, and an identity add */
static const struct bpf_insn w_peephole[] = {
	BPF_MOV64_REG(R0, R2), BPF_ALU64_REG(BPF_ADD, R0, R2), BPF_ALU64_IMM(BPF_ADD, R0, 0),
	EXIT,
};

/*
 * @corpus: the optimisation must save words on the corpus. Not DCE: the
 * corpus is verifier-clean (scripts/difftest loads it into the kernel), so
 * anything DCE removed there would be reachable code, a miscompile.
 */
static const struct opt_case {
	u32 bit;
	const char *name;
	bool corpus;
	const struct bpf_insn *witness;
	u32 witness_len;
} opts[] = {
	{ NFPS_OPT_ZEXT, "zext", true, w_zext, ARRAY_SIZE(w_zext) },
	{ NFPS_OPT_IMM, "imm", true, w_imm, ARRAY_SIZE(w_imm) },
	{ NFPS_OPT_DCE, "dce", false, w_dce, ARRAY_SIZE(w_dce) },
	{ NFPS_OPT_JUMPS, "jumps", true, w_jumps, ARRAY_SIZE(w_jumps) },
	{ NFPS_OPT_PEEPHOLE, "peephole", true, w_peephole, ARRAY_SIZE(w_peephole) },
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

/* translate @o's witness with @opt and run it on @len bytes: words, r0, fault */
static int run_witness(const struct opt_case *o, u32 opt, struct nfps_cpu *cpu, u32 len,
		       u32 *words, struct nfps_run *run)
{
	struct nfps_xlate_in in = { .type = NFPS_PROG_RAW, .insns = o->witness,
				    .len = o->witness_len, .opt = opt };
	static const u8 mem[64];
	struct nfps_prog_info info;
	struct nfps_diag diag;
	struct nfps_prog *prog;
	int err;

	prog = nfps_translate(&in, &diag);
	if (!prog) {
		tap_diag("%s witness: %s", o->name, diag.msg);
		return -EINVAL;
	}
	nfps_prog_get_info(prog, &info);
	*words = info.ucode_words;
	err = nfps_cpu_load_mem(cpu, mem, len) ?: nfps_run(prog, cpu, run, NULL, 100000);
	nfps_prog_free(prog);
	return err;
}

/*
 * @o's witness with all optimisations and with all but @o: fewer words
 * with it, and the same r0 and fault either way (the lengths in r2 take
 * each branch of the witnesses).
 */
static void test_witness(const struct opt_case *o, struct nfps_cpu *cpu)
{
	static const u32 lens[] = { 0, 60 };
	struct nfps_run with = {}, without = {};
	u32 w_with = 0, w_without = 0, k;
	bool same = cpu;

	for (k = 0; same && k < ARRAY_SIZE(lens); k++) {
		same = !run_witness(o, NFPS_OPT_ALL, cpu, lens[k], &w_with, &with) &&
		       !run_witness(o, NFPS_OPT_ALL & ~o->bit, cpu, lens[k], &w_without,
				    &without) &&
		       with.retval == without.retval && with.fault == without.fault;
		if (!same)
			tap_diag("%s witness, %u bytes: r0 %#llx fault %u with, %#llx %u without",
				 o->name, lens[k], (unsigned long long)with.retval, with.fault,
				 (unsigned long long)without.retval, without.fault);
	}
	tap_ok(same && w_with < w_without, "%s: witness %u -> %u words, same result",
	       o->name, w_without, w_with);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "build/progs";
	u64 w_all, c_all, e, w, c;
	double med_all, med;
	struct dirent *de;
	DIR *d = opendir(dir);
	struct nfps_cpu *cpu;
	int i, n;

	if (!d)
		tap_skip_all("no corpus in %s", dir);
	while ((de = readdir(d)) && nr_progs < MAXP) {
		if (!strstr(de->d_name, ".bpf.o"))
			continue;
		if (asprintf(&progs[nr_progs], "%s/%s", dir, de->d_name) > 0)
			nr_progs++;
	}
	closedir(d);
	n = measure(NFPS_OPT_ALL, &w_all, &c_all, &e, &med_all);
	if (!n)
		tap_skip_all("no program of %s translates", dir);
	/* all, then per optimisation the corpus and its witness, the median */
	tap_plan(1 + 2 * ARRAY_SIZE(opts) + 1);
	cpu = nfps_cpu_create(NULL, NULL);
	tap_diag("%d programs, %llu eBPF insns", n, (unsigned long long)e);
	tap_diag("%-14s %8s %8s %8s %8s", "optimisations", "words", "ratio", "median", "cycles");
	tap_diag("%-14s %8llu %8.3f %8.3f %8llu", "all", (unsigned long long)w_all,
		 (double)w_all / e, med_all, (unsigned long long)c_all);
	measure(0, &w, &c, &e, &med);
	tap_diag("%-14s %8llu %8.3f %8.3f %8llu", "none", (unsigned long long)w,
		 (double)w / e, med, (unsigned long long)c);
	tap_ok(w_all < w, "all optimisations shrink the corpus (%llu -> %llu words)",
	       (unsigned long long)w, (unsigned long long)w_all);
	for (i = 0; i < (int)ARRAY_SIZE(opts); i++) {
		measure(NFPS_OPT_ALL & ~opts[i].bit, &w, &c, &e, &med);
		tap_diag("%-14s %8llu %8.3f %8.3f %8llu  (-%s)", "all but", (unsigned long long)w,
			 (double)w / e, med, (unsigned long long)c, opts[i].name);
		/* signed: an optimisation that grows the corpus shows as negative */
		tap_ok(opts[i].corpus ? w > w_all : w == w_all,
		       "%s: %lld words, %lld cycles saved%s", opts[i].name,
		       (long long)(w - w_all), (long long)(c - c_all),
		       opts[i].corpus ? "" : " (none expected: no unreachable code)");
		test_witness(&opts[i], cpu);
	}
	tap_ok(med_all <= 1.6, "median ucode/eBPF ratio %.3f <= 1.6", med_all);
	nfps_cpu_destroy(cpu);
	for (i = 0; i < nr_progs; i++)
		free(progs[i]);
	return tap_done();
}
