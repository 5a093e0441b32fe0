// SPDX-License-Identifier: GPL-2.0
/*
 * bench_maps: control-plane benchmark helper for selftests/bench_control.sh
 * (issue 4, "Benchmark"). Built at run time: gcc -O2 bench_maps.c -lbpf.
 *
 *   bench_maps maps IFINDEX ENTRIES ROUNDS
 *	An offloaded HASH map (map_ifindex = IFINDEX) and a host HASH map of
 *	the same shape (key 4, value 8, ENTRIES entries), driven through the
 *	bpf syscall one element per call, as bpftool does: update (BPF_ANY,
 *	new keys), lookup, a get_next_key walk over the whole map, delete.
 *	The two maps take turns every 1000 elements (alternating which goes
 *	first), so both see the same machine load; ops/s are medians over the
 *	rounds, the ratio is the median of the per-round ratios.
 *
 *   bench_maps prog IFINDEX RUNS [alu32|mixed]
 *	A generated 4096-instruction XDP program (straight-line ALU with a few
 *	bounds-checked packet loads and a packet store), loaded for the device
 *	(prog_ifindex) and attached with XDP_FLAGS_HW_MODE, versus the same
 *	instructions loaded for the host and attached in driver mode to the
 *	same port; load (verify + translate/JIT) and attach timed separately,
 *	median of RUNS alternating runs. "alu32" (default): 32-bit ALU with
 *	16-bit immediates, 4040 microcode words. "mixed": ALU64 too and wide
 *	immediates, ~8400 words: within the default code store (8192 words
 *	is exceeded only by... see below) but it does not load as of this
 *	writing, see gen_prog().
 *
 * Output: a human-readable table on stdout ("# " lines) and one machine line
 * per result for the script:
 *	R <name> <offload> <host> <ratio offload/host>
 * (ops/s for maps, microseconds for the program). Exit 0, or 1 with a
 * message on stderr when something fails (a failure is not a measurement).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/bpf.h>
#include <linux/if_link.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define MAX_ROUNDS 32

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void die(const char *what, int err)
{
	fprintf(stderr, "bench_maps: %s: %s\n", what, strerror(err < 0 ? -err : err));
	exit(1);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	double t[MAX_ROUNDS];

	memcpy(t, v, n * sizeof(*v));
	qsort(t, n, sizeof(*t), cmp_double);
	return n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
}

/* ---- maps ---------------------------------------------------------------- */

enum { OP_UPDATE, OP_LOOKUP, OP_GETNEXT, OP_DELETE, NR_OPS };
static const char *const op_name[NR_OPS] = { "update", "lookup", "get_next_key", "delete" };

#define CHUNK 1000

/* get_next_key walk position of one map */
struct cursor {
	int started;
	uint32_t key;
};

/*
 * Time one operation over keys [lo, hi) (for get_next_key: hi - lo steps of
 * the walk, continuing from @cur); returns seconds.
 */
static double map_op(int fd, int op, uint32_t lo, uint32_t hi, struct cursor *cur)
{
	uint32_t key, next, i;
	uint64_t val;
	double t0;
	int err;

	t0 = now_s();
	switch (op) {
	case OP_UPDATE:
		for (i = lo; i < hi; i++) {
			key = i;
			val = (uint64_t)i * 0x9e3779b97f4a7c15ULL;
			err = bpf_map_update_elem(fd, &key, &val, BPF_ANY);
			if (err)
				die("update", errno);
		}
		break;
	case OP_LOOKUP:
		for (i = lo; i < hi; i++) {
			key = i;
			err = bpf_map_lookup_elem(fd, &key, &val);
			if (err)
				die("lookup", errno);
			if (val != (uint64_t)i * 0x9e3779b97f4a7c15ULL) {
				fprintf(stderr, "bench_maps: key %u: wrong value\n", i);
				exit(1);
			}
		}
		break;
	case OP_GETNEXT:
		for (i = lo; i < hi; i++) {
			err = bpf_map_get_next_key(fd, cur->started ? &cur->key : NULL, &next);
			if (err)
				die("get_next_key walk ended early", errno);
			cur->started = 1;
			cur->key = next;
		}
		break;
	case OP_DELETE:
		for (i = lo; i < hi; i++) {
			key = i;
			err = bpf_map_delete_elem(fd, &key);
			if (err)
				die("delete", errno);
		}
		break;
	}
	return now_s() - t0;
}

static int cmd_maps(int ifindex, uint32_t n, int rounds)
{
	LIBBPF_OPTS(bpf_map_create_opts, off_opts, .map_ifindex = ifindex);
	double t[2][NR_OPS][MAX_ROUNDS] = {};	/* [0] offload, [1] host */
	double ro[NR_OPS], rh[NR_OPS], rr[NR_OPS];
	uint32_t next, lo, hi;
	int fd[2], r, op, k;

	fd[0] = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_off", 4, 8, n, &off_opts);
	if (fd[0] < 0)
		die("create offloaded map", errno);
	fd[1] = bpf_map_create(BPF_MAP_TYPE_HASH, "bench_host", 4, 8, n, NULL);
	if (fd[1] < 0)
		die("create host map", errno);

	/*
	 * Both maps take turns every CHUNK elements (alternating which goes
	 * first), so both see the same machine: under TCG on a shared host
	 * the speed of the guest drifts by 2x within seconds.
	 */
	for (r = 0; r < rounds; r++)
		for (op = 0; op < NR_OPS; op++) {
			struct cursor cur[2] = {};

			for (lo = 0; lo < n; lo = hi) {
				hi = lo + CHUNK < n ? lo + CHUNK : n;
				for (k = 0; k < 2; k++) {
					int w = (k + lo / CHUNK) & 1;

					t[w][op][r] += map_op(fd[w], op, lo, hi, &cur[w]);
				}
			}
			if (op != OP_GETNEXT)
				continue;
			for (k = 0; k < 2; k++)
				if (!bpf_map_get_next_key(fd[k], &cur[k].key, &next) ||
				    errno != ENOENT) {
					fprintf(stderr, "bench_maps: %s map: walk longer than %u keys\n",
						k ? "host" : "offloaded", n);
					exit(1);
				}
		}

	printf("# HASH map, key 4, value 8, %u entries, one bpf syscall per element,\n", n);
	printf("# taking turns every %d elements, median of %d rounds (ops/s; us/op)\n", CHUNK, rounds);
	printf("# %-13s %12s %9s %12s %9s %8s\n", "operation", "offload/s", "us/op",
	       "host/s", "us/op", "ratio");
	for (op = 0; op < NR_OPS; op++) {
		double to = median(t[0][op], rounds), th = median(t[1][op], rounds);
		double ratio[MAX_ROUNDS];

		/* each round's ratio was measured under the same conditions */
		for (r = 0; r < rounds; r++)
			ratio[r] = t[1][op][r] / t[0][op][r];
		ro[op] = n / to;
		rh[op] = n / th;
		rr[op] = median(ratio, rounds);
		printf("# %-13s %12.0f %9.2f %12.0f %9.2f %7.2fx\n", op_name[op], ro[op],
		       to * 1e6 / n, rh[op], th * 1e6 / n, rr[op]);
	}
	printf("# (ratio: offload/host ops/s, median of the per-round ratios)\n");
	for (op = 0; op < NR_OPS; op++)
		printf("R map_%s %.0f %.0f %.3f\n", op_name[op], ro[op], rh[op], rr[op]);
	close(fd[0]);
	close(fd[1]);
	return 0;
}

/* ---- program ------------------------------------------------------------- */

#define PROG_LEN 4096

static struct bpf_insn prog[PROG_LEN];
static int plen;

static void emit(struct bpf_insn insn)
{
	if (plen >= PROG_LEN) {
		fprintf(stderr, "bench_maps: generator overflow\n");
		exit(1);
	}
	prog[plen++] = insn;
}

#define INSN(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
						 .off = (o), .imm = (i) })
#define ALU64_IMM(op, d, i)	INSN(BPF_ALU64 | BPF_OP(op) | BPF_K, d, 0, 0, i)
#define ALU64_REG(op, d, s)	INSN(BPF_ALU64 | BPF_OP(op) | BPF_X, d, s, 0, 0)
#define ALU32_IMM(op, d, i)	INSN(BPF_ALU | BPF_OP(op) | BPF_K, d, 0, 0, i)
#define ALU32_REG(op, d, s)	INSN(BPF_ALU | BPF_OP(op) | BPF_X, d, s, 0, 0)
#define LDX(sz, d, s, o)	INSN(BPF_LDX | BPF_MEM | (sz), d, s, o, 0)
#define STX(sz, d, s, o)	INSN(BPF_STX | BPF_MEM | (sz), d, s, o, 0)
#define JGT_REG(d, s, o)	INSN(BPF_JMP | BPF_JGT | BPF_X, d, s, o, 0)
#define EXIT()			INSN(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)

/* Placeholder jumps to the common exit, patched at the end. */
static int fixups[64], nfixups;

/* r4 = data + 64; if r4 > data_end goto out */
static void bounds_check(void)
{
	emit(ALU64_REG(BPF_MOV, 4, 2));
	emit(ALU64_IMM(BPF_ADD, 4, 64));
	fixups[nfixups++] = plen;
	emit(JGT_REG(4, 3, 0));
}

/*
 * Generated, valid, deterministic: r2/r3 keep data/data_end, r0 r5 r7 r8 r9
 * are scalars mixed by a pseudo-random sequence of ALU ops (add, sub, xor,
 * or, and, shifts, mov; "mixed" adds ALU64 forms, mul and 32-bit wide
 * immediates; no division: no run-time checks inserted), with a
 * bounds-checked packet load every 1000 instructions and the result stored
 * to the packet at the end so nothing is dead. Exactly PROG_LEN instructions.
 *
 * The default stays below 4096 microcode words on purpose: nfpsim allocates
 * a per-CPU execution profile of 8 bytes per word with __alloc_percpu(),
 * which refuses more than 32 KiB (PCPU_MIN_UNIT_SIZE) with a WARNING, so a
 * program of more than 4096 words fails to load with ENOMEM (and a splat
 * that fails the vm-run) although the code store holds 8192.
 */
static void gen_prog(int mixed)
{
	static const int scal[] = { 0, 5, 7, 8, 9 };
	static const int sizes[] = { BPF_B, BPF_H, BPF_W, BPF_B };
	const int tail = 3 + 4 + 2;	/* final check + store + return */
	uint32_t x = 2463534242u;	/* xorshift32 state */
	int nload = 0, i;

	emit(LDX(BPF_W, 2, 1, offsetof(struct xdp_md, data)));
	emit(LDX(BPF_W, 3, 1, offsetof(struct xdp_md, data_end)));
	for (i = 0; i < 5; i++)
		emit(ALU32_IMM(BPF_MOV, scal[i], 0x1234 * (i + 1)));

	while (plen < PROG_LEN - tail) {
		int d, s, sel, imm;

		if (plen >= 20 + 1000 * nload && nload < 4 && plen + 5 < PROG_LEN - tail) {
			bounds_check();
			emit(LDX(sizes[nload], 5, 2, 14 + 8 * nload));
			emit(ALU32_REG(BPF_XOR, 7, 5));
			nload++;
			continue;
		}
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		d = scal[x % 5];
		s = scal[(x >> 3) % 5];
		sel = (x >> 8) % 16;
		if (!mixed) {
			/*
			 * What clang emits for 32-bit arithmetic: 16-bit
			 * immediates, and half the ops three-operand
			 * "wD = wS; wD op= K" pairs. About one microcode
			 * word per instruction (4040 words): the per-CPU
			 * profile of a program above 4096 words cannot be
			 * allocated (see "mixed" and the report).
			 */
			static const int pair_op[] = { BPF_ADD, BPF_XOR, BPF_LSH, BPF_AND,
						       BPF_OR, BPF_SUB, BPF_RSH, BPF_ADD };

			imm = 1 + (x >> 17) % 0x7fff;
			if (sel < 8 && plen + 2 <= PROG_LEN - tail) {
				int op = pair_op[sel];

				emit(ALU32_REG(BPF_MOV, d, s == d ? scal[(x >> 6) % 5] : s));
				emit(ALU32_IMM(op, d, op == BPF_LSH || op == BPF_RSH ?
					       1 + imm % 31 : imm));
				continue;
			}
			sel |= 8;	/* ALU32 forms only */
		} else {
			/* half of them wide: immed + immed.hi */
			imm = x & 1 ? (int32_t)(x >> 12) : (int32_t)(1 + (x >> 17) % 0x7fff);
		}
		switch (sel) {
		case 0:
			emit(ALU64_IMM(BPF_ADD, d, imm));
			break;
		case 1:
			emit(ALU64_REG(BPF_XOR, d, s));
			break;
		case 2:
			emit(ALU64_IMM(BPF_LSH, d, 1 + (x >> 20) % 31));
			break;
		case 3:
			emit(ALU64_IMM(BPF_RSH, d, 1 + (x >> 20) % 31));
			break;
		case 4:
			emit(ALU64_REG(BPF_ADD, d, s));
			break;
		case 5:
			emit(ALU32_IMM(BPF_MUL, d, imm | 1));
			break;
		case 6:
			emit(ALU32_REG(BPF_SUB, d, s));
			break;
		case 7:
			emit(ALU32_IMM(BPF_OR, d, imm));
			break;
		case 8:
			emit(ALU32_REG(BPF_OR, d, s));
			break;
		case 9:
			emit(ALU32_IMM(BPF_AND, d, imm | 0x0f0f));
			break;
		case 10:
			emit(ALU32_IMM(BPF_LSH, d, 1 + (x >> 20) % 31));
			break;
		case 11:
			emit(ALU32_REG(BPF_ADD, d, s));
			break;
		case 12:
			emit(ALU32_IMM(BPF_RSH, d, 1 + (x >> 20) % 31));
			break;
		case 13:
			emit(ALU32_REG(BPF_XOR, d, s));
			break;
		case 14:
			emit(ALU32_IMM(BPF_ADD, d, imm));
			break;
		default:
			emit(ALU32_IMM(BPF_XOR, d, imm));
			break;
		}
	}
	/* fold everything into r7 and store it in the packet */
	bounds_check();
	emit(ALU32_REG(BPF_XOR, 7, 0));
	emit(ALU32_REG(BPF_XOR, 7, 8));
	emit(ALU32_REG(BPF_XOR, 7, 9));
	emit(STX(BPF_W, 2, 7, 60));
	/* out: return XDP_PASS */
	emit(ALU64_IMM(BPF_MOV, 0, XDP_PASS));
	for (i = 0; i < nfixups; i++)
		prog[fixups[i]].off = plen - 1 - fixups[i] - 1;
	emit(EXIT());
	if (plen != PROG_LEN) {
		fprintf(stderr, "bench_maps: generated %d insns, wanted %d\n", plen, PROG_LEN);
		exit(1);
	}
}

static char vlog[1 << 20];

static int load(int ifindex, int log_level, double *secs)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts, .prog_ifindex = ifindex);
	double t0;
	int fd;

	if (log_level) {
		opts.log_level = log_level;
		opts.log_buf = vlog;
		opts.log_size = sizeof(vlog);
		vlog[0] = 0;
	}
	t0 = now_s();
	fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "bench4096", "GPL", prog, PROG_LEN, &opts);
	*secs = now_s() - t0;
	if (fd < 0) {
		int err = errno;

		LIBBPF_OPTS(bpf_prog_load_opts, o2, .prog_ifindex = ifindex,
			    .log_level = 1, .log_buf = vlog, .log_size = sizeof(vlog));

		vlog[0] = 0;
		bpf_prog_load(BPF_PROG_TYPE_XDP, "bench4096", "GPL", prog, PROG_LEN, &o2);
		fprintf(stderr, "bench_maps: load (%s): %s\n--- verifier log tail ---\n%s\n",
			ifindex ? "offload" : "host", strerror(err),
			strlen(vlog) > 3000 ? vlog + strlen(vlog) - 3000 : vlog);
		exit(1);
	}
	return fd;
}

/* One load+attach+detach; times in seconds into ld/at. */
static void prog_run(int ifindex, int offload, double *ld, double *at)
{
	__u32 mode = offload ? XDP_FLAGS_HW_MODE : XDP_FLAGS_DRV_MODE;
	double t0;
	int fd, err;

	fd = load(offload ? ifindex : 0, 0, ld);
	t0 = now_s();
	err = bpf_xdp_attach(ifindex, fd, mode, NULL);
	*at = now_s() - t0;
	if (err)
		die(offload ? "attach (XDP_FLAGS_HW_MODE)" : "attach (XDP_FLAGS_DRV_MODE)", err);
	err = bpf_xdp_detach(ifindex, mode, NULL);
	if (err)
		die("detach", err);
	close(fd);
}

/* Print the lines of the verifier log that carry statistics. */
static void log_summary(const char *who)
{
	char *line, *save = NULL;

	for (line = strtok_r(vlog, "\n", &save); line; line = strtok_r(NULL, "\n", &save))
		if (strstr(line, "processed") || strstr(line, "translated") ||
		    strstr(line, "verification time") || strstr(line, "checking"))
			printf("#   %s: %s\n", who, line);
}

static int cmd_prog(int ifindex, int runs, int mixed)
{
	double ld[2][MAX_ROUNDS], at[2][MAX_ROUNDS], tot[2][MAX_ROUNDS], secs;
	int r, k, fd;

	gen_prog(mixed);

	/* One logged load each (stats only, BPF_LOG_STATS), also a warm-up. */
	fd = load(ifindex, 4, &secs);
	close(fd);
	printf("# 4096-insn XDP program, verifier statistics (log level 4):\n");
	log_summary("offload");
	fd = load(0, 4, &secs);
	close(fd);
	log_summary("host");

	for (r = 0; r < runs; r++)
		for (k = 0; k < 2; k++) {
			int w = (k + r) & 1;	/* 0 offload, 1 host */

			prog_run(ifindex, w == 0, &ld[w][r], &at[w][r]);
			tot[w][r] = ld[w][r] + at[w][r];
		}

	printf("# 4096-insn XDP program, median of %d runs (ms)\n", runs);
	printf("# %-36s %10s %10s %8s\n", "", "offload", "host", "ratio");
	printf("# %-36s %10.2f %10.2f %7.2fx\n", "load (verify + translate | JIT)",
	       median(ld[0], runs) * 1e3, median(ld[1], runs) * 1e3,
	       median(ld[0], runs) / median(ld[1], runs));
	printf("# %-36s %10.2f %10.2f %7.2fx\n", "attach (HW_MODE | DRV_MODE)",
	       median(at[0], runs) * 1e3, median(at[1], runs) * 1e3,
	       median(at[0], runs) / median(at[1], runs));
	printf("# %-36s %10.2f %10.2f %7.2fx\n", "load + attach",
	       median(tot[0], runs) * 1e3, median(tot[1], runs) * 1e3,
	       median(tot[0], runs) / median(tot[1], runs));
	printf("R prog_load %.0f %.0f %.3f\n", median(ld[0], runs) * 1e6,
	       median(ld[1], runs) * 1e6, median(ld[0], runs) / median(ld[1], runs));
	printf("R prog_attach %.0f %.0f %.3f\n", median(at[0], runs) * 1e6,
	       median(at[1], runs) * 1e6, median(at[0], runs) / median(at[1], runs));
	printf("R prog_total %.0f %.0f %.3f\n", median(tot[0], runs) * 1e6,
	       median(tot[1], runs) * 1e6, median(tot[0], runs) / median(tot[1], runs));
	return 0;
}

int main(int argc, char **argv)
{
	int ifindex, n;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 5 && !strcmp(argv[1], "maps")) {
		ifindex = atoi(argv[2]);
		n = atoi(argv[4]);
		if (n < 1 || n > MAX_ROUNDS)
			die("rounds", EINVAL);
		return cmd_maps(ifindex, strtoul(argv[3], NULL, 0), n);
	}
	if ((argc == 4 || argc == 5) && !strcmp(argv[1], "prog")) {
		n = atoi(argv[3]);
		if (n < 1 || n > MAX_ROUNDS)
			die("runs", EINVAL);
		return cmd_prog(atoi(argv[2]), n, argc == 5 && !strcmp(argv[4], "mixed"));
	}
	if ((argc == 2 || argc == 3) && !strcmp(argv[1], "dump")) {
		/* the generated program, raw insns, for inspection */
		gen_prog(argc == 3 && !strcmp(argv[2], "mixed"));
		fwrite(prog, sizeof(prog[0]), PROG_LEN, stdout);
		return 0;
	}
	fprintf(stderr, "usage: bench_maps maps IFINDEX ENTRIES ROUNDS\n"
			"       bench_maps prog IFINDEX RUNS [alu32|mixed]\n"
			"       bench_maps dump [alu32|mixed] > prog.bin\n");
	return 2;
}
