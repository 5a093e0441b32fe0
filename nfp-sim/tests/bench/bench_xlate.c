// SPDX-License-Identifier: GPL-2.0
/*
 * bench_xlate: the benchmark of issue 3 ("make bench"). One run, one table,
 * every ratio measured side by side:
 *
 *   per corpus program (build/progs/NAME.bpf.o except cli_NAME):
 *     eBPF instructions, microcode words and their ratio (target: median <= 1.6),
 *     translation time (median of XLATE_RUNS nfps_translate() calls, analysis
 *     included, after warm-up),
 *     simulator ns/packet versus the host kernel JIT's ns/packet through
 *     BPF_PROG_TEST_RUN with repeat on the same frame (target: median <= 4x).
 *     The simulator column is the tier nfps_run() uses in userspace: the
 *     native tier (nfp-sim/native/) on x86-64, unless NFPSIM_JIT=0. The
 *     interpreter (sim.c; the kernel module's tier) is timed in the same
 *     alternation and reported beside it, not against the target.
 *   plus the translation time of a generated 4096-instruction XDP program
 *   (target <= 2 ms; loaded into the host kernel too, so the verifier vouches
 *   for it, and timed on both sides), and a 2-instruction program (r0 = 2;
 *   exit) whose ns/run is each side's fixed per-packet cost. Neither generated
 *   program is in the medians.
 *
 * Packet: every program is tried on a few well-formed candidate frames
 * (64-byte UDP/IPv4 first); the frame on which the simulator executes the
 * most microcode words is the program's representative frame (the deepest
 * path, not an early drop) and both sides run that frame.
 *
 * Same work on both sides: test_run copies the frame in once per syscall and
 * then runs the program repeat times on the same buffer, so rewrites,
 * adjust_head/tail and map updates of one run are seen by the next. The
 * simulator column does exactly that (frame loaded once per batch, then N
 * nfps_run() calls on the buffer the previous run left). Maps start as the
 * object defines them (no preloads) on both sides and persist across runs.
 * The "fresh" column is the simulator with the frame reloaded before every
 * run (nfps_cpu_load_pkt() + nfps_run(), the driver's real per-packet work);
 * it is informational (the host cannot do that per run).
 * Both sides are timed with CLOCK_MONOTONIC around a batch (the host's
 * batch is one bpf_prog_test_run_opts() call), batches alternate between
 * the two sides, the median of BATCHES batches after WARMUP ones is taken.
 * The kernel's own per-run "duration" is printed too (integer ns).
 *
 * Not root or no BPF: simulator numbers only and "host: SKIP (reason)".
 * Exit 0 unless something crashes: this is a benchmark, not a test.
 *
 * Usage: bench_xlate [-p SUBSTRING] [--no-host] [--no-gen] [PROGS_DIR]
 * (-p and the --no-* options are for profiling; the benchmark is no options.)
 */
#include <dirent.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "compat.h"
#include "nfps.h"
#include "device.h"
#include "jit.h"

#define PROGS_DIR	"build/progs"
#define MAXP		256
#define XLATE_WARMUP	5
#define XLATE_RUNS	51
#define BIG_LEN		4096
#define BIG_RUNS	51
#define WARMUP		3
#define BATCHES		31
#define BATCH_NS	250000.0	/* target length of one timed batch */
#define OUT_MAX		16384

#define TGT_RATIO	1.6
#define TGT_XLATE_MS	2.0
#define TGT_SIMHOST	4.0

/* ---- timing helpers ---------------------------------------------------- */

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp_dbl(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	if (n <= 0)
		return -1;
	qsort(v, n, sizeof(*v), cmp_dbl);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* ---- environment: what the host gives a test_run ---------------------- */

static u64 env_ktime(void *priv)
{
	return (u64)now_ns();
}

static u32 env_rand(void *priv)
{
	static u64 x = 0x2545f4914f6cdd1dULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x >> 32;
}

static u32 env_cpu(void *priv)
{
	return 0;
}

/* No perf buffer reader is attached to the host's maps either: -ENOENT. */
static int env_perf(void *priv, const struct nfps_map_ref *map, u64 flags,
		    const void *data, u32 size, const void *pkt, u32 pkt_len)
{
	return -ENOENT;
}

static const struct nfps_env_ops bench_env = {
	.ktime_ns = env_ktime, .prandom_u32 = env_rand, .cpu_id = env_cpu,
	.perf_output = env_perf,
};

/* ---- candidate frames ------------------------------------------------- */

struct frame {
	const char *name;
	u8 b[128];
	u32 len;
};

enum { F_UDP4, F_TCP4, F_VLAN, F_UDP6, F_ICMP4, F_OPT4, F_TCP6, NR_FRAMES };
static struct frame frames[NR_FRAMES];

static u16 csum16(const u8 *p, u32 len, u32 sum)
{
	u32 i;

	for (i = 0; i + 1 < len; i += 2)
		sum += p[i] << 8 | p[i + 1];
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static void put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static u8 *eth(struct frame *f, u16 type, bool vlan)
{
	static const u8 dst[6] = { 2, 0, 0, 0, 0, 2 }, src[6] = { 2, 0, 0, 0, 0, 1 };
	u8 *p = f->b;

	memcpy(p, dst, 6);
	memcpy(p + 6, src, 6);
	p += 12;
	if (vlan) {
		put16(p, 0x8100);
		put16(p + 2, 100);	/* VID 100 */
		p += 4;
	}
	put16(p, type);
	return p + 2;
}

/* IPv4 header (@opt bytes of NOP options), 10.0.0.1 -> 10.1.2.3 */
static u8 *ip4(u8 *p, u8 proto, u32 l4len, u32 opt)
{
	u32 hl = 20 + opt;

	memset(p, 0, hl);
	p[0] = 0x40 | hl / 4;
	put16(p + 2, hl + l4len);
	put16(p + 4, 0x1234);
	put16(p + 6, 0x4000);	/* DF */
	p[8] = 64;
	p[9] = proto;
	p[12] = 10, p[13] = 0, p[14] = 0, p[15] = 1;
	p[16] = 10, p[17] = 1, p[18] = 2, p[19] = 3;
	memset(p + 20, 1, opt);
	put16(p + 10, csum16(p, hl, 0));
	return p + hl;
}

/* IPv6 header 2001:db8::1 -> 2001:db8::2 */
static u8 *ip6(u8 *p, u8 next, u32 paylen)
{
	static const u8 a[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };

	memset(p, 0, 40);
	p[0] = 0x60;
	put16(p + 4, paylen);
	p[6] = next;
	p[7] = 64;
	memcpy(p + 8, a, 16);
	memcpy(p + 24, a, 16);
	p[39] = 2;
	return p + 40;
}

static void udp(u8 *p, u16 sport, u16 dport, u32 paylen)
{
	put16(p, sport);
	put16(p + 2, dport);
	put16(p + 4, 8 + paylen);
	put16(p + 6, 0);
	memset(p + 8, 0xab, paylen);
}

/* TCP SYN with an MSS option (doff 6) */
static void tcp(u8 *p, u16 sport, u16 dport)
{
	memset(p, 0, 24);
	put16(p, sport);
	put16(p + 2, dport);
	put16(p + 4, 0x0102);
	p[12] = 6 << 4;
	p[13] = 0x02;	/* SYN */
	put16(p + 14, 64240);
	p[20] = 2;
	p[21] = 4;
	put16(p + 22, 1460);
}

/* Checksums are fixed up on the L4 parts that programs may verify. */
static void build_frames(void)
{
	struct frame *f;
	u8 *p;

	f = &frames[F_UDP4];	/* 14 + 20 + 8 + 22 = 64 bytes */
	f->name = "udp4";
	p = ip4(eth(f, 0x0800, false), 17, 8 + 22, 0);
	udp(p, 1024, 53, 22);
	f->len = 64;

	f = &frames[F_TCP4];	/* 14 + 20 + 24 + 6 pad = 64 */
	f->name = "tcp4syn";
	p = ip4(eth(f, 0x0800, false), 6, 24, 0);
	tcp(p, 40001, 80);
	f->len = 64;

	f = &frames[F_VLAN];	/* 18 + 20 + 8 + 22 = 68 */
	f->name = "vlan-udp4";
	p = ip4(eth(f, 0x0800, true), 17, 8 + 22, 0);
	udp(p, 1024, 53, 22);
	f->len = 68;

	f = &frames[F_UDP6];	/* 14 + 40 + 8 + 16 = 78 */
	f->name = "udp6";
	p = ip6(eth(f, 0x86dd, false), 17, 8 + 16);
	udp(p, 1024, 53, 16);
	put16(p + 6, 0x1111);	/* nonzero (IPv6), value not checked by the corpus */
	f->len = 78;

	f = &frames[F_ICMP4];	/* 14 + 20 + 8 + 22 = 64: echo request */
	f->name = "icmp4echo";
	p = ip4(eth(f, 0x0800, false), 1, 8 + 22, 0);
	memset(p, 0, 8);
	p[0] = 8;
	put16(p + 4, 0x4242);
	put16(p + 6, 1);
	memset(p + 8, 0x5a, 22);
	put16(p + 2, csum16(p, 30, 0));
	f->len = 64;

	f = &frames[F_OPT4];	/* 14 + 24 + 8 + 18 = 64: IPv4 with 4 option bytes */
	f->name = "udp4opt";
	p = ip4(eth(f, 0x0800, false), 17, 8 + 18, 4);
	udp(p, 5000, 53, 18);
	f->len = 64;

	f = &frames[F_TCP6];	/* 14 + 40 + 8 hbh + 24 = 86: IPv6 hop-by-hop + TCP SYN */
	f->name = "tcp6hbh";
	p = ip6(eth(f, 0x86dd, false), 0, 8 + 24);
	memset(p, 0, 8);
	p[0] = 6;	/* next: TCP */
	p[2] = 1;	/* PadN */
	p[3] = 4;
	tcp(p + 8, 40002, 443);
	f->len = 86;
}

/* skb->protocol as eth_type_trans() sets it for BPF_PROG_TEST_RUN */
static u32 eth_protocol(const struct frame *f)
{
	u16 proto;

	memcpy(&proto, f->b + 12, 2);
	return proto;	/* all candidates are Ethernet II */
}

/* ---- simulator side --------------------------------------------------- */

struct sim {
	struct nfpsim_dev dev;
	struct nfps_cpu *cpu;
};

static int sim_open(struct sim *s, const char *path)
{
	struct nfpsim_dev_opts o;
	int ret;

	nfpsim_dev_opts_init(&o);
	o.obj = path;
	memset(s, 0, sizeof(*s));
	ret = nfpsim_dev_open(&s->dev, &o);
	if (ret) {
		nfpsim_dev_close(&s->dev);
		return -1;
	}
	s->cpu = nfps_cpu_create(&bench_env, NULL);
	return s->cpu ? 0 : -1;
}

static void sim_close(struct sim *s)
{
	if (s->cpu)
		nfps_cpu_destroy(s->cpu);
	nfpsim_dev_close(&s->dev);
}

static void sim_ctx(const struct sim *s, const struct frame *f, struct nfps_run *run)
{
	memset(run, 0, sizeof(*run));
	run->ingress_ifindex = 1;
	run->ifindex = 1;
	if (s->dev.type == NFPS_PROG_TC)
		run->protocol = eth_protocol(f);
}

/* one run on a freshly loaded frame */
static int sim_once(struct sim *s, const struct frame *f, struct nfps_run *run, u32 *out_len)
{
	u32 meta = 0;

	sim_ctx(s, f, run);
	if (nfps_cpu_load_pkt(s->cpu, f->b, f->len))
		return -1;
	if (nfps_run(s->dev.prog, s->cpu, run, NULL, 0))
		return -1;
	nfps_cpu_pkt(s->cpu, out_len, &meta);
	if (s->dev.type == NFPS_PROG_XDP)
		*out_len += meta;
	return 0;
}

/*
 * @n runs, timed. @fresh: reload the frame before every run; otherwise load
 * it once and let every run see what the previous one left (test_run repeat).
 * Returns ns per run; *@faults counts runs that faulted.
 */
static double sim_batch(struct sim *s, const struct frame *f, u64 n, bool fresh, u64 *faults,
			u64 *words, u32 *last)
{
	struct nfps_run run;
	double t0, t1;
	u64 i;

	t0 = now_ns();
	if (!fresh) {
		nfps_cpu_load_pkt(s->cpu, f->b, f->len);
		sim_ctx(s, f, &run);
	}
	for (i = 0; i < n; i++) {
		if (fresh) {
			nfps_cpu_load_pkt(s->cpu, f->b, f->len);
			sim_ctx(s, f, &run);
		}
		nfps_run(s->dev.prog, s->cpu, &run, NULL, 0);
		*faults += run.fault != NFPS_FAULT_NONE;
		*words += run.ucode_executed;
	}
	t1 = now_ns();
	*last = run.retval;
	return (t1 - t0) / n;
}

/* ---- host side --------------------------------------------------------- */

struct host {
	struct bpf_object *obj;
	int fd;
	bool tc;
	char why[128];
};

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static int host_open(struct host *h, const char *path)
{
	struct bpf_program *prog;
	int err;

	memset(h, 0, sizeof(*h));
	h->fd = -1;
	h->obj = bpf_object__open_file(path, NULL);
	if (!h->obj) {
		snprintf(h->why, sizeof(h->why), "open: %s", strerror(errno));
		return -1;
	}
	err = bpf_object__load(h->obj);
	if (err) {
		snprintf(h->why, sizeof(h->why), "load: %s", strerror(-err));
		return -1;
	}
	prog = bpf_object__next_program(h->obj, NULL);	/* the first, like nfpsim */
	if (!prog) {
		snprintf(h->why, sizeof(h->why), "no program");
		return -1;
	}
	h->fd = bpf_program__fd(prog);
	h->tc = bpf_program__type(prog) == BPF_PROG_TYPE_SCHED_CLS;
	return 0;
}

static void host_close(struct host *h)
{
	if (h->obj)
		bpf_object__close(h->obj);
	h->obj = NULL;
}

/* One test_run call with @repeat; wall ns per run (kernel's own in *@kns). */
static double host_batch(int fd, bool tc, const struct frame *f, u32 repeat, u32 *retval,
			 u32 *out_len, double *kns, int *err)
{
	static u8 out[OUT_MAX];
	struct __sk_buff skb;

	LIBBPF_OPTS(bpf_test_run_opts, o,
		.data_in = f->b,
		.data_size_in = f->len,
		.data_out = out,
		.data_size_out = sizeof(out),
		.repeat = repeat,
	);
	double t0, t1;

	if (tc) {
		memset(&skb, 0, sizeof(skb));
		o.ctx_in = &skb;
		o.ctx_size_in = sizeof(skb);
		o.ctx_out = &skb;
		o.ctx_size_out = sizeof(skb);
	}
	t0 = now_ns();
	*err = bpf_prog_test_run_opts(fd, &o) ? -errno : 0;
	t1 = now_ns();
	if (retval)
		*retval = o.retval;
	if (out_len)
		*out_len = o.data_size_out;
	if (kns)
		*kns = o.duration;
	return (t1 - t0) / repeat;
}

/* ---- translation timing ------------------------------------------------ */

static double xlate_median_ns(const struct nfps_xlate_in *in, int runs, int *fail)
{
	double *t = calloc(runs, sizeof(*t)), m;
	struct nfps_diag diag;
	struct nfps_prog *p;
	int i;

	*fail = 0;
	for (i = -XLATE_WARMUP; i < runs; i++) {
		double t0, t1;

		memset(&diag, 0, sizeof(diag));
		t0 = now_ns();
		p = nfps_translate(in, &diag);
		t1 = now_ns();
		if (!p) {
			*fail = 1;
			fprintf(stderr, "bench: translate: %s\n", diag.msg);
			free(t);
			return -1;
		}
		nfps_prog_free(p);
		if (i >= 0)
			t[i] = t1 - t0;
	}
	m = median(t, runs);
	free(t);
	return m;
}

/* ---- the generated 4096-instruction program ---------------------------- */

#define I(c, d, s, o, i) ((struct bpf_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), \
					     .off = (o), .imm = (i) })

/*
 * r2 = data, r3 = data_end; if data + 64 > data_end: return XDP_PASS.
 * Then a straight line of ALU64/ALU32 operations on r0,r5,r7,r8,r9 with a
 * bounds-checked packet load every 32 instructions folded in, and
 * r0 = (acc & 1) + 1 (XDP_DROP or XDP_PASS); exit. Exactly @len insns.
 */
static struct bpf_insn *gen_big(u32 len)
{
	static const u8 regs[] = { BPF_REG_0, BPF_REG_5, BPF_REG_7, BPF_REG_8, BPF_REG_9 };
	/*
	 * a mix like the corpus': mostly add/logic/moves, 16-bit immediates,
	 * a third ALU32, shifts by immediate, an occasional multiply
	 */
	static const u8 ops[] = { BPF_ADD, BPF_XOR, BPF_OR, BPF_AND, BPF_SUB, BPF_LSH,
				  BPF_RSH, BPF_ADD, BPF_MOV, BPF_XOR, BPF_AND, BPF_ARSH };
	struct bpf_insn *p = calloc(len, sizeof(*p));
	u32 n = 0, k = 0, tail = 8, body_end, exit_pass;

	if (!p)
		return NULL;
	body_end = len - tail;
	p[n++] = I(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_1, 0, 0);	/* data */
	p[n++] = I(BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_1, 4, 0);	/* data_end */
	p[n++] = I(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_4, BPF_REG_2, 0, 0);
	p[n++] = I(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_4, 0, 0, 64);
	exit_pass = len - 2;
	p[n] = I(BPF_JMP | BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3, exit_pass - n - 1, 0);
	n++;
	for (u32 i = 0; i < ARRAY_SIZE(regs); i++)
		p[n++] = I(BPF_ALU64 | BPF_MOV | BPF_K, regs[i], 0, 0, 0x1234567 * (i + 1));
	while (n < body_end) {
		u8 d = regs[k % ARRAY_SIZE(regs)], s = regs[(k * 7 + 3) % ARRAY_SIZE(regs)];
		u8 op = k % 24 == 23 ? BPF_MUL : ops[k % ARRAY_SIZE(ops)];
		bool alu32 = k % 3 == 2, reg = k % 4 == 1;
		s32 imm = (s32)((k * 2654435761u) % 2001) - 1000;

		if (k % 32 == 31) {
			/* a packet load into r5, size cycling 1/2/4/8, offset < 56 */
			static const u8 sz[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

			p[n++] = I(BPF_LDX | BPF_MEM | sz[(k / 32) % 4], BPF_REG_5, BPF_REG_2,
				   (k / 32 * 8) % 56, 0);
			k++;
			continue;
		}
		if (k % 16 == 5)
			imm = (s32)(k * 2654435761u);	/* a wide constant now and then */
		if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
			reg = false;
			imm = k % (alu32 ? 32 : 64);
		}
		if (op == BPF_MOV)
			reg = true;
		if (reg && s == d)
			s = regs[(k + 1) % ARRAY_SIZE(regs)];
		p[n++] = I((alu32 ? BPF_ALU : BPF_ALU64) | op | (reg ? BPF_X : BPF_K), d,
			   reg ? s : 0, 0, reg ? 0 : imm);
		k++;
	}
	/* tail: r0 = ((r7 ^ r8 ^ r9) & 1) + 1; exit; then exit_pass: r0 = 2; exit */
	p[n++] = I(BPF_ALU64 | BPF_XOR | BPF_X, BPF_REG_7, BPF_REG_8, 0, 0);
	p[n++] = I(BPF_ALU64 | BPF_XOR | BPF_X, BPF_REG_7, BPF_REG_9, 0, 0);
	p[n++] = I(BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_7, 0, 0, 1);
	p[n++] = I(BPF_ALU64 | BPF_MOV | BPF_X, BPF_REG_0, BPF_REG_7, 0, 0);
	p[n++] = I(BPF_ALU64 | BPF_ADD | BPF_K, BPF_REG_0, 0, 0, 1);
	p[n++] = I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	p[n++] = I(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_PASS);	/* exit_pass */
	p[n++] = I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	if (n != len) {
		fprintf(stderr, "bench: internal: generated %u insns, wanted %u\n", n, len);
		free(p);
		return NULL;
	}
	return p;
}

/* ---- per-program measurement ------------------------------------------- */

struct result {
	char name[48];
	bool ok;		/* translated */
	u32 insns, words;
	double ratio, xlate_ns;
	int frame;
	double sim_ns, fresh_ns, host_ns, interp_ns;
	u64 words_first;	/* microcode words executed by the first run */
	double words_run;	/* per run, averaged over the timed batches */
	u64 sim_faults;
	bool host_ok;
	char host_why[128];
	char verdict[64];
};

static bool host_global_ok;
static char host_global_why[128];

/* repeat count so that one batch takes about BATCH_NS */
static u64 calib(double ns_per_run)
{
	double n = BATCH_NS / (ns_per_run > 0.5 ? ns_per_run : 0.5);

	return n < 20 ? 20 : n > 2000000 ? 2000000 : (u64)n;
}

/* The frame on which the program executes the most microcode words. */
static int pick_frame(const char *path)
{
	struct sim s;
	u64 best = 0;
	int i, pick = F_UDP4;

	if (sim_open(&s, path))
		return -1;
	for (i = 0; i < NR_FRAMES; i++) {
		struct nfps_run run;
		u32 len;

		if (sim_once(&s, &frames[i], &run, &len) || run.fault)
			continue;
		if (run.ucode_executed > best) {
			best = run.ucode_executed;
			pick = i;
		}
	}
	sim_close(&s);
	return pick;
}

/*
 * Sim and host side by side on frame @f; both already open, maps fresh.
 * Batches alternate which side goes first, so neither always runs right
 * after the other's disturbance (XDP test_run with repeat > 1 re-patches
 * the XDP dispatcher: text poke, IPIs, an RCU grace period).
 */
static void time_side_by_side(struct result *r, struct sim *s, struct host *h,
			      const struct frame *f)
{
	double sim[BATCHES], fresh[BATCHES], host[BATCHES], interp[BATCHES];
	struct nfps_native *native = s->dev.prog->native;
	u64 n_sim, n_int, n_host = 0, junk = 0, words = 0, sum_words = 0, n_words = 0;
	u32 rv_h = 0, len_h = 0, len_s = 0, last_s = 0, last_h = 0, last_f = 0, last_i = 0;
	struct nfps_run run;
	bool last_ok = true;
	int b, err = 0;

	/* first run of each side on fresh maps: do both take the same path? */
	if (sim_once(s, f, &run, &len_s)) {
		snprintf(r->verdict, sizeof(r->verdict), "sim-refused");
		return;
	}
	r->words_first = run.ucode_executed;
	if (h) {
		host_batch(h->fd, h->tc, f, 1, &rv_h, &len_h, NULL, &err);
		if (err) {
			r->host_ok = false;
			snprintf(r->host_why, sizeof(r->host_why), "test_run: %s", strerror(-err));
			h = NULL;
		}
	}
	if (run.fault)
		snprintf(r->verdict, sizeof(r->verdict), "sim fault %s", nfps_fault_name(run.fault));
	else if (!h)
		snprintf(r->verdict, sizeof(r->verdict), "%llu/-", (unsigned long long)run.retval);
	else
		snprintf(r->verdict, sizeof(r->verdict), "%s %u/%u",
			 (u32)run.retval == rv_h && len_s == len_h ? "same" : "DIFF",
			 (u32)run.retval, rv_h);

	n_sim = calib(sim_batch(s, f, 1000, false, &junk, &words, &last_s));
	s->dev.prog->native = NULL;
	n_int = calib(sim_batch(s, f, 1000, false, &junk, &junk, &last_i));
	s->dev.prog->native = native;
	if (h) {
		double k = 0;

		host_batch(h->fd, h->tc, f, 10000, NULL, NULL, &k, &err);
		n_host = calib(k);
	}
	for (b = -WARMUP; b < BATCHES; b++) {
		u64 faults = 0;
		double a = 0, k = 0, d = 0, e = 0;

		words = 0;
		if (h && (b & 1))
			host_batch(h->fd, h->tc, f, n_host, &last_h, NULL, &k, &err);
		a = sim_batch(s, f, n_sim, false, &faults, &words, &last_s);
		if (b == BATCHES - 1)
			last_ok = !h || last_s == last_h;	/* steady state, same work? */
		d = sim_batch(s, f, n_sim, true, &faults, &junk, &last_f);
		s->dev.prog->native = NULL;	/* the same program in the interpreter */
		e = sim_batch(s, f, n_int, false, &faults, &junk, &last_i);
		s->dev.prog->native = native;
		if (h && !(b & 1))
			host_batch(h->fd, h->tc, f, n_host, &last_h, NULL, &k, &err);
		if (b < 0)
			continue;
		r->sim_faults += faults;
		sum_words += words;
		n_words += n_sim;
		sim[b] = a;
		fresh[b] = d;
		interp[b] = e;
		host[b] = k;
	}
	if (!last_ok) {
		size_t l = strlen(r->verdict);

		snprintf(r->verdict + l, sizeof(r->verdict) - l, ", repeat: DIFF %u/%u",
			 last_s, last_h);
	}
	r->sim_ns = median(sim, BATCHES);
	r->fresh_ns = median(fresh, BATCHES);
	r->interp_ns = median(interp, BATCHES);
	r->words_run = (double)sum_words / n_words;
	if (h && !err) {
		r->host_ns = median(host, BATCHES);
	} else if (h) {
		r->host_ok = false;
		snprintf(r->host_why, sizeof(r->host_why), "test_run: %s", strerror(-err));
	}
}

static void bench_prog(const char *path, struct result *r)
{
	struct nfps_prog_info info;
	struct nfps_xlate_in in;
	struct host h, *hp = NULL;
	struct sim s;
	int fail;

	r->frame = pick_frame(path);
	if (r->frame < 0 || sim_open(&s, path)) {
		r->ok = false;
		return;
	}
	nfps_prog_get_info(s.dev.prog, &info);
	r->ok = true;
	r->insns = info.ebpf_insns;
	r->words = info.ucode_words;
	r->ratio = (double)info.ucode_words / info.ebpf_insns;
	in = (struct nfps_xlate_in){
		.type = s.dev.type, .insns = s.dev.elf.insns, .len = s.dev.elf.len,
		.maps = s.dev.refs, .nr_maps = s.dev.elf.nr_maps, .opt = NFPS_OPT_ALL,
		.caps = NFPS_CAP_CPUV4,	/* as sim_open() translated it */
	};
	r->xlate_ns = xlate_median_ns(&in, XLATE_RUNS, &fail);

	r->host_ok = host_global_ok;
	snprintf(r->host_why, sizeof(r->host_why), "%s", host_global_why);
	if (host_global_ok) {
		if (host_open(&h, path)) {
			r->host_ok = false;
			snprintf(r->host_why, sizeof(r->host_why), "%s", h.why);
		} else {
			hp = &h;
		}
	}
	time_side_by_side(r, &s, hp, &frames[r->frame]);
	if (hp)
		host_close(hp);
	sim_close(&s);
}

/* ---- the 4096-insn program ---------------------------------------------- */

struct big {
	bool ok;
	u32 words;
	double xlate_ns;
	struct result run;
};

/* A generated XDP program (@insns, @len; freed here), timed like a corpus one. */
static void bench_gen(struct big *bg, struct bpf_insn *insns, u32 len, const char *name)
{
	struct nfps_xlate_in in = { .type = NFPS_PROG_XDP, .insns = insns, .len = len,
				    .opt = NFPS_OPT_ALL };
	struct nfps_prog_info info;
	struct nfps_diag diag = { .insn = -1 };
	struct sim s;
	struct host h;
	int fail;

	memset(bg, 0, sizeof(*bg));
	snprintf(bg->run.name, sizeof(bg->run.name), "%s", name);
	if (!insns)
		return;
	bg->xlate_ns = xlate_median_ns(&in, BIG_RUNS, &fail);
	if (fail) {
		free(insns);
		return;
	}
	bg->ok = true;
	/* also run it on both sides: validity check and one more data point */
	memset(&s, 0, sizeof(s));
	s.dev.type = NFPS_PROG_XDP;
	s.dev.prog = nfps_translate(&in, &diag);
	s.cpu = nfps_cpu_create(&bench_env, NULL);
	if (!s.dev.prog || !s.cpu || nfps_jit_attach(s.dev.prog, &diag))
		goto out;
	nfps_prog_get_info(s.dev.prog, &info);
	bg->words = info.ucode_words;
	bg->run.ok = true;
	bg->run.insns = len;
	bg->run.words = info.ucode_words;
	bg->run.ratio = (double)info.ucode_words / len;
	bg->run.xlate_ns = bg->xlate_ns;
	bg->run.frame = F_UDP4;
	bg->run.host_ok = host_global_ok;
	snprintf(bg->run.host_why, sizeof(bg->run.host_why), "%s", host_global_why);
	memset(&h, 0, sizeof(h));
	h.fd = -1;
	if (host_global_ok) {
		LIBBPF_OPTS(bpf_prog_load_opts, lo);

		h.fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "bench_gen", "GPL", insns, len, &lo);
		if (h.fd < 0) {
			bg->run.host_ok = false;
			snprintf(bg->run.host_why, sizeof(bg->run.host_why), "load: %s",
				 strerror(errno));
		}
	}
	time_side_by_side(&bg->run, &s, h.fd >= 0 ? &h : NULL, &frames[F_UDP4]);
	if (h.fd >= 0)
		close(h.fd);
out:
	if (s.cpu)
		nfps_cpu_destroy(s.cpu);
	if (s.dev.prog)
		nfps_prog_free(s.dev.prog);
	free(insns);
}

/* ---- output ----------------------------------------------------------- */

static void print_header(void)
{
	printf("\n%-18s %5s %5s %5s %7s  %-9s %7s %8s %6s %7s %8s %8s %8s %8s  %s\n", "program",
	       "insns", "words", "ratio", "xlat_us", "frame", "uw/run", "sim_ns", "ns/uw",
	       "host_ns", "sim/host", "fresh_ns", "int_ns", "int/host", "first run sim/host");
}

static void print_row(const struct result *r)
{
	if (!r->ok) {
		printf("%-18s  translation FAILED (see stderr)\n", r->name);
		return;
	}
	printf("%-18s %5u %5u %5.2f %7.1f  %-9s %7.1f %8.1f %6.2f", r->name, r->insns, r->words,
	       r->ratio, r->xlate_ns / 1e3, frames[r->frame].name, r->words_run, r->sim_ns,
	       r->words_run > 0 ? r->sim_ns / r->words_run : 0);
	if (r->host_ok)
		printf(" %7.0f %7.1fx", r->host_ns, r->sim_ns / r->host_ns);
	else
		printf(" %7s %8s", "-", "-");
	printf(" %8.1f %8.1f", r->fresh_ns, r->interp_ns);
	if (r->host_ok)
		printf(" %7.1fx", r->interp_ns / r->host_ns);
	else
		printf(" %8s", "-");
	printf("  %s", r->verdict);
	if (r->sim_faults)
		printf(" (sim faults: %llu)", (unsigned long long)r->sim_faults);
	if (!r->host_ok && host_global_ok)	/* else said once in the header */
		printf("  host: SKIP (%s)", r->host_why);
	printf("\n");
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

static int read_jit(void)
{
	FILE *f = fopen("/proc/sys/net/core/bpf_jit_enable", "r");
	int v = -1;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = -1;
		fclose(f);
	}
	return v;
}

static void verdict_line(const char *what, double val, const char *unit, double tgt,
			 bool have)
{
	if (!have) {
		printf("  %-34s %10s          target <= %g%s  n/a\n", what, "-", tgt, unit);
		return;
	}
	printf("  %-34s %10.3f%-3s       target <= %g%s  %s", what, val, unit, tgt, unit,
	       val <= tgt ? "MET" : "NOT MET");
	if (val > tgt)
		printf(" (%.0f%% over)", (val / tgt - 1) * 100);
	printf("\n");
}

int main(int argc, char **argv)
{
	static char *paths[MAXP];
	static struct result res[MAXP];
	static double ratios[MAXP], xl[MAXP], sh[MAXP], ih[MAXP];
	int nr = 0, i, nr_ok = 0, nr_sh = 0, jit;
	const char *dir = PROGS_DIR, *only = NULL;
	bool no_host = false, no_gen = false;
	struct dirent *de;
	struct big bg, floor2;
	cpu_set_t cs;
	DIR *d;

	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-p") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(argv[i], "--no-host")) {
			no_host = true;
		} else if (!strcmp(argv[i], "--no-gen")) {
			no_gen = true;
		} else if (argv[i][0] != '-') {
			dir = argv[i];
		} else {
			fprintf(stderr, "usage: bench_xlate [-p SUBSTRING] [--no-host] [PROGS_DIR]\n"
				"  -p S       only corpus programs whose name contains S (profiling;\n"
				"             the summary then covers that subset only)\n"
				"  --no-host  simulator only\n"
				"  --no-gen   skip the generated %u-insn program\n", BIG_LEN);
			return 2;
		}
	}
	build_frames();
	libbpf_set_print(libbpf_quiet);
	/* one CPU for both sides: test_run runs on the caller's CPU too */
	CPU_ZERO(&cs);
	CPU_SET(sched_getcpu() >= 0 ? sched_getcpu() : 0, &cs);
	sched_setaffinity(0, sizeof(cs), &cs);

	d = opendir(dir);
	if (!d) {
		printf("bench: SKIP (%s: %s; build the corpus: make -f nfp-sim/user.mk progs)\n",
		       dir, strerror(errno));
		return 0;
	}
	while ((de = readdir(d)) && nr < MAXP) {
		size_t l = strlen(de->d_name);

		if (l < 7 || strcmp(de->d_name + l - 6, ".bpf.o") || !strncmp(de->d_name, "cli_", 4))
			continue;
		if (only && !strstr(de->d_name, only))
			continue;
		if (asprintf(&paths[nr], "%s/%s", dir, de->d_name) < 0)
			return 1;
		nr++;
	}
	closedir(d);
	qsort(paths, nr, sizeof(*paths), cmp_str);

	jit = read_jit();
	if (no_host) {
		snprintf(host_global_why, sizeof(host_global_why), "--no-host");
	} else if (geteuid() != 0) {
		snprintf(host_global_why, sizeof(host_global_why), "not root");
	} else {
		struct bpf_insn ret[] = {
			I(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_PASS),
			I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0),
		};
		int fd = bpf_prog_load(BPF_PROG_TYPE_XDP, "bench_probe", "GPL", ret, 2, NULL);

		if (fd < 0) {
			snprintf(host_global_why, sizeof(host_global_why), "BPF unavailable: %s",
				 strerror(errno));
		} else {
			host_global_ok = true;
			close(fd);
		}
	}

	printf("nfp-sim benchmark: %d corpus programs from %s (cli_* excluded), one run\n", nr, dir);
	printf("translation: median of %d nfps_translate() runs (analysis included) after %d warm-up\n",
	       XLATE_RUNS, XLATE_WARMUP);
	printf("per packet: median of %d batches (~%.0f us each) after %d warm-up, ",
	       BATCHES, BATCH_NS / 1e3, WARMUP);
	printf("sim and host alternating on CPU %d; ", sched_getcpu());
	printf("host = BPF_PROG_TEST_RUN repeat, kernel-reported ns (JIT %s)\n",
	       jit < 0 ? "unknown" : jit ? "on" : "OFF: interpreter");
	printf("maps: as the object defines them on both sides (no preloads), persisting across runs\n"
	       "simulator: %s\n"
	       "columns: words = microcode words; ratio = words/insns; xlat_us = median translate;\n"
	       "  frame = representative frame (most microcode executed); uw/run = microcode words\n"
	       "  executed per run; sim_ns = simulator ns/run with test_run's repeat semantics\n"
	       "  (frame loaded once per batch); ns/uw = sim_ns/uw; host_ns = kernel-reported ns/run\n"
	       "  (integer, truncated); fresh_ns = simulator with the frame reloaded every run;\n"
	       "  int_ns = the same runs in the interpreter (sim.c, the kernel module's tier);\n"
	       "  last column: verdict of the first run, sim/host, and whether they agree\n",
	       nfps_jit_enabled() ? "native tier (microcode compiled to x86-64, nfp-sim/native/)"
				  : "interpreter (NFPSIM_JIT=0 or not x86-64)");
	if (!host_global_ok)
		printf("host: SKIP (%s)\n", host_global_why);
	print_header();

	for (i = 0; i < nr; i++) {
		struct result *r = &res[i];
		const char *base = strrchr(paths[i], '/');

		snprintf(r->name, sizeof(r->name), "%.*s", (int)(strlen(base + 1) - 6), base + 1);
		bench_prog(paths[i], r);
		print_row(r);
		if (!r->ok)
			continue;
		ratios[nr_ok] = r->ratio;
		xl[nr_ok++] = r->xlate_ns;
		if (r->host_ok) {
			ih[nr_sh] = r->interp_ns / r->host_ns;
			sh[nr_sh++] = r->sim_ns / r->host_ns;
		}
	}

	memset(&bg, 0, sizeof(bg));
	memset(&floor2, 0, sizeof(floor2));
	if (!no_gen) {
		/* the floor: per-run cost of a program that does nothing */
		struct bpf_insn *two = calloc(2, sizeof(*two));

		if (two) {
			two[0] = I(BPF_ALU64 | BPF_MOV | BPF_K, BPF_REG_0, 0, 0, XDP_PASS);
			two[1] = I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
		}
		bench_gen(&floor2, two, 2, "gen2 (r0=2; exit)");
		bench_gen(&bg, gen_big(BIG_LEN), BIG_LEN, "gen4096");
	}
	printf("\ngenerated programs (not in the medians):\n");
	if (floor2.run.ok)
		print_row(&floor2.run);
	if (bg.run.ok)
		print_row(&bg.run);
	else if (!no_gen)
		printf("gen%u: translation FAILED (see stderr)\n", BIG_LEN);

	printf("\nsummary (%d programs, %d translated, %d with host numbers):\n", nr, nr_ok, nr_sh);
	if (only)
		printf("  SUBSET (-p %s): not the benchmark's numbers\n", only);
	if (nr_ok < nr)
		printf("  %d program(s) FAILED to translate: the medians below leave them out\n",
		       nr - nr_ok);
	verdict_line("median ucode/eBPF ratio", median(ratios, nr_ok), "", TGT_RATIO, nr_ok);
	verdict_line("median translate time (corpus)", median(xl, nr_ok) / 1e6, " ms",
		     TGT_XLATE_MS, nr_ok);
	verdict_line("translate 4096-insn program", bg.xlate_ns / 1e6, " ms", TGT_XLATE_MS, bg.ok);
	if (nr_sh) {
		verdict_line("median sim/host ns per packet", median(sh, nr_sh), "x", TGT_SIMHOST, 1);
		printf("    (simulator = %s; the interpreter, the kernel module's tier: median %.1fx)\n",
		       nfps_jit_enabled() ? "native tier, nfp-sim/native/" : "interpreter",
		       median(ih, nr_sh));
	} else
		printf("  %-34s host: SKIP (%s)\n", "median sim/host ns per packet",
		       host_global_why[0] ? host_global_why : "no program ran on the host");
	for (i = 0; i < nr; i++)
		free(paths[i]);
	return 0;
}
