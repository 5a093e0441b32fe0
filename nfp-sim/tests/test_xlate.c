// SPDX-License-Identifier: GPL-2.0
/*
 * Table-driven translate + simulate tests: every case runs on the simulator
 * with all optimisations and with none, and on the reference interpreter
 * (tests/lib/ref_interp.c); r0, faults and packet bytes must agree with
 * each other and with the hand-written expectation. The native tier
 * (native/) runs every case too and must match the interpreter
 * exactly, cycles and fault word included.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat.h"
#include "nfps.h"
#include "jit.h"
#include "ref_insn.h"
#include "ref_interp.h"
#include "ktap.h"
#include "xlate.h"	/* white-box: the emitter's tables */
#include "caps.h"

#define P(...) (const struct bpf_insn[]){ __VA_ARGS__ },			\
	sizeof((const struct bpf_insn[]){ __VA_ARGS__ }) / sizeof(struct bpf_insn)

#define RAW	NFPS_PROG_RAW
#define XDP	NFPS_PROG_XDP
#define TC	NFPS_PROG_TC
#define NOEXP	1	/* no hand-written r0: compare with the reference only */
#define MAPS	2	/* give the program maps[0] = ARRAY(4->16), maps[1] = HASH(4->8) */
#define H613	4	/* helpers of Linux 6.13+ (NFPS_CAP_HELPERS_613), else 6.1's */
#define CSG	8	/* a CONFIG_GENERIC_CSUM kernel (NFPS_CAP_CSUM_GENERIC) */

struct tcase {
	const char *name;
	int type;
	const struct bpf_insn *insns;
	u32 len;
	u64 expect;
	int fault;		/* expected enum nfps_fault */
	int flags;
	u32 pkt_len;
};

#define R0 BPF_REG_0
#define R1 BPF_REG_1
#define R2 BPF_REG_2
#define R3 BPF_REG_3
#define R4 BPF_REG_4
#define R5 BPF_REG_5
#define R6 BPF_REG_6
#define R7 BPF_REG_7
#define R10 BPF_REG_10
#define EXIT BPF_EXIT_INSN()

/* binary ALU op on two 64-bit constants */
#define BIN64(OP, A, B) P(BPF_LD_IMM64(R0, A), BPF_LD_IMM64(R1, B), BPF_ALU64_REG(OP, R0, R1), EXIT)
#define BIN32(OP, A, B) P(BPF_LD_IMM64(R0, A), BPF_LD_IMM64(R1, B), BPF_ALU32_REG(OP, R0, R1), EXIT)
#define BINS64(OP, A, B) P(BPF_LD_IMM64(R0, A), BPF_LD_IMM64(R1, B), \
			   BPF_ALU64_REG_OFF(OP, R0, R1, 1), EXIT)
#define BINS32(OP, A, B) P(BPF_LD_IMM64(R0, A), BPF_LD_IMM64(R1, B), \
			   BPF_ALU32_REG_OFF(OP, R0, R1, 1), EXIT)
#define IMM64(OP, A, I) P(BPF_LD_IMM64(R0, A), BPF_ALU64_IMM(OP, R0, I), EXIT)
#define IMM32(OP, A, I) P(BPF_LD_IMM64(R0, A), BPF_ALU32_IMM(OP, R0, I), EXIT)
#define V 0x8000000180000001ULL
#define JCASE(J, A, B) P(BPF_LD_IMM64(R1, A), BPF_LD_IMM64(R2, B), BPF_MOV64_IMM(R0, 1), \
			 J(R1, R2, 1), BPF_MOV64_IMM(R0, 0), EXIT)
#define JREG(OP)	_JREG_##OP
#define JTEST(OP, A, B, E) { "jmp " #OP " " #A " " #B, RAW, \
	P(BPF_LD_IMM64(R1, A), BPF_LD_IMM64(R2, B), BPF_MOV64_IMM(R0, 1), \
	  BPF_JMP_REG(OP, R1, R2, 1), BPF_MOV64_IMM(R0, 0), EXIT), E }
#define JTEST32(OP, A, B, E) { "jmp32 " #OP " " #A " " #B, RAW, \
	P(BPF_LD_IMM64(R1, A), BPF_LD_IMM64(R2, B), BPF_MOV64_IMM(R0, 1), \
	  BPF_JMP32_REG(OP, R1, R2, 1), BPF_MOV64_IMM(R0, 0), EXIT), E }
#define JTESTI(OP, A, I, E) { "jmp imm " #OP " " #A " " #I, RAW, \
	P(BPF_LD_IMM64(R1, A), BPF_MOV64_IMM(R0, 1), \
	  BPF_JMP_IMM(OP, R1, I, 1), BPF_MOV64_IMM(R0, 0), EXIT), E }

/*
 * RFC 9669 (cpu=v4) in XDP programs. Each result goes through
 * "r1 = r0; r1 >>= 32; r0 ^= r1": the shift is folded to a 32-bit one when
 * the analysis believes r0's upper half is zero, so a sign-extending
 * instruction wrongly marked as zero-extending gives a wrong r0.
 */
#define HI_MIX BPF_MOV64_REG(R1, R0), BPF_ALU64_IMM(BPF_RSH, R1, 32), BPF_ALU64_REG(BPF_XOR, R0, R1)
#define MIX(v)	((u64)(v) ^ ((u64)(v) >> 32))
#define SX8(v)	((u64)(s64)(s8)(v))
#define SX16(v)	((u64)(s64)(s16)(v))
#define SX32(v)	((u64)(s64)(s32)(v))
/* packet bytes are their offsets; 256 of them after a bounds check */
#define PKT_LDSX(SZ, OFF) P(BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct xdp_md, data)), \
	BPF_LDX_MEM(BPF_W, R3, R1, offsetof(struct xdp_md, data_end)), BPF_MOV64_REG(R4, R2), \
	BPF_ALU64_IMM(BPF_ADD, R4, 256), BPF_MOV64_IMM(R0, 0), BPF_JMP_REG(BPF_JGT, R4, R3, 4), \
	BPF_LDX_MEMSX(SZ, R0, R2, OFF), HI_MIX, EXIT)
#define MEMV	0x807f81fe7ffe8001ULL	/* little-endian: 01 80 fe 7f fe 81 7f 80 */
#define STK_LDSX(SZ, OFF) P(BPF_LD_IMM64(R2, MEMV), BPF_STX_MEM(BPF_DW, R10, R2, -8), \
	BPF_LDX_MEMSX(SZ, R0, R10, -8 + (OFF)), HI_MIX, EXIT)
#define MAPV_LDSX(SZ, OFF) P(BPF_LD_MAP_VALUE(R3, 0, 0), BPF_LD_IMM64(R2, MEMV), \
	BPF_STX_MEM(BPF_DW, R3, R2, 0), BPF_LDX_MEMSX(SZ, R0, R3, OFF), HI_MIX, EXIT)
#define MOVX	0x123456789abcde80ULL	/* negative byte, half and word */
#define MOVP	0x8765432112345670ULL	/* positive ones */
#define MOVSX64(V, OFF) P(BPF_LD_IMM64(R0, 0xdead00000000beefULL), BPF_LD_IMM64(R1, V), \
	BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, OFF), HI_MIX, EXIT)
#define MOVSX32(V, OFF) P(BPF_LD_IMM64(R0, 0xdead00000000beefULL), BPF_LD_IMM64(R1, V), \
	BPF_ALU32_REG_OFF(BPF_MOV, R0, R1, OFF), HI_MIX, EXIT)
#define SDIV_IMM(CLS, OP, A, I) P(BPF_LD_IMM64(R0, A), \
	((struct bpf_insn){ (CLS) | (OP) | BPF_K, R0, 0, 1, I }), EXIT)
#define BSWAP(N) P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_BSWAP(R0, N), HI_MIX, EXIT)
#define CALLX(R) ((struct bpf_insn){ BPF_JMP | BPF_CALL | BPF_X, R, 0, 0, 0 })
#define GOTOL(IMM) ((struct bpf_insn){ BPF_JMP32 | BPF_JA, 0, 0, 0, IMM })

/* a program the translator must refuse, with this in its diagnostic */
struct rcase {
	const char *name;
	int type;
	const struct bpf_insn *insns;
	u32 len;
	const char *msg;
	u32 code_store;
	u32 caps;	/* NFPS_CAP_*: 0 is a Linux 6.1 verifier */
};

static struct nfps_mem mem = { .limit = 1 << 20 };
static struct nfps_map_ref maps[2];
static struct nfps_cpu *cpu;
static struct ref_ctx *ref;

static void reset_maps(void)
{
	static const struct nfps_map_def defs[2] = {
		{ BPF_MAP_TYPE_ARRAY, 4, 16, 4, 0 }, { BPF_MAP_TYPE_HASH, 4, 8, 16, 0 },
	};
	struct nfps_diag d;
	int i;

	for (i = 0; i < 2; i++) {
		if (maps[i].map)
			nfps_map_destroy(maps[i].map);
		maps[i].def = defs[i];
		if (nfps_map_create(&mem, &defs[i], &maps[i].map, &d))
			printf("# map create failed: %s\n", d.msg);
	}
}

static void fill_run(struct nfps_run *run)
{
	memset(run, 0, sizeof(*run));
	run->ingress_ifindex = 7;
	run->rx_queue_index = 3;
	run->protocol = 0x0008;
}

static void printer(void *priv, const char *fmt, ...)
{
	va_list ap;

	if (!priv)
		return;
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
}

/*
 * Run one case with optimisation mask @opt, in the native tier when @native
 * (native/; the interpreter when the host has none); the whole
 * result in @res, r0 and fault also via @r0 and @fault.
 */
static int run_sim(const struct tcase *t, u32 opt, bool native, u8 *pkt, u64 *r0, u32 *fault,
		   u8 *out, u32 *out_len, struct nfps_run *res)
{
	struct nfps_xlate_in in = {
		.type = t->type, .insns = t->insns, .len = t->len, .opt = opt,
		.maps = maps, .nr_maps = t->flags & MAPS ? 2 : 0,
		.caps = NFPS_CAP_CPUV4 | (t->flags & H613 ? NFPS_CAP_HELPERS_613 : 0) |
			(t->flags & CSG ? NFPS_CAP_CSUM_GENERIC : 0),
	};
	struct nfps_diag diag;
	struct nfps_prog *prog;
	struct nfps_run run;
	u8 *p;

	prog = nfps_translate(&in, &diag);
	if (!prog) {
		printf("# translate failed: %s\n", diag.msg);
		return -1;
	}
	if (native && nfps_jit_attach(prog, &diag)) {
		printf("# native tier: %s\n", diag.msg);
		nfps_prog_free(prog);
		return -1;
	}
	nfps_cpu_load_pkt(cpu, pkt, t->pkt_len);
	fill_run(&run);
	nfps_run(prog, cpu, &run, NULL, 100000);
	*res = run;
	*r0 = run.retval;
	*fault = run.fault;
	p = nfps_cpu_pkt(cpu, out_len, NULL);
	memcpy(out, p, *out_len);
	if (getenv("NFPS_TEST_DIS"))
		nfps_prog_disasm(prog, NULL, printer, stdout);
	nfps_prog_free(prog);
	return 0;
}

static void run_case(const struct tcase *t)
{
	static u8 pkt[1024], out1[NFPS_PKT_MAX], out2[NFPS_PKT_MAX], out3[NFPS_PKT_MAX];
	struct nfps_run res1, res2, res3;
	u64 r_all = 0, r_none = 0, r_nat = 0;
	u32 f_all = 0, f_none = 0, f_nat = 0, l1 = 0, l2 = 0, l3 = 0, i;
	int ok = 1, rerr;

	for (i = 0; i < sizeof(pkt); i++)
		pkt[i] = i;
	reset_maps();
	if (run_sim(t, NFPS_OPT_ALL, false, pkt, &r_all, &f_all, out1, &l1, &res1))
		ok = 0;
	reset_maps();
	if (ok && run_sim(t, 0, false, pkt, &r_none, &f_none, out2, &l2, &res2))
		ok = 0;
	reset_maps();
	if (ok && run_sim(t, NFPS_OPT_ALL, true, pkt, &r_nat, &f_nat, out3, &l3, &res3))
		ok = 0;
	reset_maps();
	memset(ref, 0, sizeof(*ref));
	ref->type = t->type;
	ref->insns = t->insns;
	ref->len = t->len;
	ref->maps = maps;
	ref->nr_maps = t->flags & MAPS ? 2 : 0;
	ref->caps = (t->flags & H613 ? NFPS_CAP_HELPERS_613 : 0) |
		    (t->flags & CSG ? NFPS_CAP_CSUM_GENERIC : 0);
	fill_run(&ref->ctxin);
	ref_load_pkt(ref, pkt, t->pkt_len);
	ref->limit = 100000;
	rerr = ref_run(ref);
	if (ok) {
		if (r_nat != r_all || f_nat != f_all || res3.fault_pc != res1.fault_pc ||
		    res3.cycles != res1.cycles || res3.ucode_executed != res1.ucode_executed ||
		    l3 != l1 || memcmp(out3, out1, l1)) {
			printf("# native tier: r0 %#llx fault %u@%u cycles %llu, interpreter: r0 %#llx fault %u@%u cycles %llu\n",
			       (unsigned long long)r_nat, f_nat, res3.fault_pc,
			       (unsigned long long)res3.cycles, (unsigned long long)r_all, f_all,
			       res1.fault_pc, (unsigned long long)res1.cycles);
			ok = 0;
		}
		if (f_all != t->fault || f_none != t->fault) {
			printf("# fault %u/%u, expected %d\n", f_all, f_none, t->fault);
			ok = 0;
		}
		if (!t->fault && (r_all != r_none || (!(t->flags & NOEXP) && r_all != t->expect))) {
			printf("# r0 opt=%#llx noopt=%#llx expected %#llx\n",
			       (unsigned long long)r_all, (unsigned long long)r_none,
			       (unsigned long long)t->expect);
			ok = 0;
		}
		if (!t->fault && (rerr || ref->r0 != r_all)) {
			printf("# reference: err %d r0 %#llx\n", rerr, (unsigned long long)ref->r0);
			ok = 0;
		}
		if (t->fault && !rerr) {
			printf("# reference completed where the NIC faulted\n");
			ok = 0;
		}
		if (!t->fault && (l1 != l2 || memcmp(out1, out2, l1) ||
				  l1 != ref->end - ref->data ||
				  memcmp(out1, ref->pkt + ref->data, l1))) {
			printf("# packet bytes differ (len %u/%u/%u)\n", l1, l2, ref->end - ref->data);
			ok = 0;
		}
	}
	tap_ok(ok, "%s", t->name);
}

static void test_reject(const struct rcase *r)
{
	struct nfps_xlate_in in = { .type = r->type, .insns = r->insns, .len = r->len,
				    .opt = NFPS_OPT_ALL, .code_store = r->code_store,
				    .caps = r->caps };
	struct nfps_diag diag;
	struct nfps_prog *prog = nfps_translate(&in, &diag);
	int ok = !prog && strstr(diag.msg, r->msg);

	if (!ok)
		tap_diag("got: %s", prog ? "(translated)" : diag.msg);
	nfps_prog_free(prog);
	tap_ok(ok, "rejects %s", r->name);
}

/* one RFC 9669 (cpu=v4) instruction of each kind, before an exit */
struct v4case {
	const char *name;
	struct bpf_insn insn[2];
};

static const struct v4case v4_insns[] = {
	{ "ldsx8", { BPF_LDX_MEMSX(BPF_B, R0, R10, -8), EXIT } },
	{ "ldsx16", { BPF_LDX_MEMSX(BPF_H, R0, R10, -8), EXIT } },
	{ "ldsx32", { BPF_LDX_MEMSX(BPF_W, R0, R10, -8), EXIT } },
	{ "movsx64 8", { BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, 8), EXIT } },
	{ "movsx64 16", { BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, 16), EXIT } },
	{ "movsx64 32", { BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, 32), EXIT } },
	{ "movsx32 8", { BPF_ALU32_REG_OFF(BPF_MOV, R0, R1, 8), EXIT } },
	{ "movsx32 16", { BPF_ALU32_REG_OFF(BPF_MOV, R0, R1, 16), EXIT } },
	{ "sdiv64", { BPF_ALU64_REG_OFF(BPF_DIV, R0, R1, 1), EXIT } },
	{ "smod64", { BPF_ALU64_REG_OFF(BPF_MOD, R0, R1, 1), EXIT } },
	{ "sdiv32", { BPF_ALU32_REG_OFF(BPF_DIV, R0, R1, 1), EXIT } },
	{ "smod32 imm", { { BPF_ALU | BPF_MOD | BPF_K, R0, 0, 1, -3 }, EXIT } },
	{ "bswap16", { BPF_BSWAP(R0, 16), EXIT } },
	{ "bswap32", { BPF_BSWAP(R0, 32), EXIT } },
	{ "bswap64", { BPF_BSWAP(R0, 64), EXIT } },
	{ "gotol", { GOTOL(0), EXIT } },
};

/*
 * The driver's per-instruction hook: a 6.1 verifier (caps 0) gets the
 * refusal naming the kernels that verify cpu=v4, a 6.6+ one (and RAW, which
 * has no verifier) gets the instruction accepted.
 */
static void test_v4_supported(const struct v4case *v)
{
	struct nfps_diag d61, dtc;
	bool ok;

	memset(&d61, 0, sizeof(d61));
	ok = nfps_insn_supported(XDP, 0, v->insn, 2, 0, &d61) == -EOPNOTSUPP &&
	     strstr(d61.msg, "(Linux 6.6 and later do), compile with -mcpu=v3") &&
	     nfps_insn_supported(TC, 0, v->insn, 2, 0, &dtc) == -EOPNOTSUPP &&
	     nfps_insn_supported(XDP, NFPS_CAP_CPUV4, v->insn, 2, 0, NULL) == 0 &&
	     nfps_insn_supported(TC, NFPS_CAP_CPUV4, v->insn, 2, 0, NULL) == 0 &&
	     nfps_insn_supported(RAW, 0, v->insn, 2, 0, NULL) == 0;
	if (!ok)
		tap_diag("6.1 message: %s", d61.msg);
	tap_ok(ok, "cpu=v4 %s: refused for a 6.1 verifier, accepted for 6.6+ and RAW", v->name);
}

/*
 * The helper rejection is the longest message: at a 4-digit instruction
 * index with a long helper name it must still end with the whole list of
 * supported helpers, and name the helper the program called.
 */
static void test_helper_msg(void)
{
	static const struct { u32 at; s32 id; const char *want; } c[] = {
		{ 1234, BPF_FUNC_get_current_ancestor_cgroup_id,
		  "insn 1234: helper bpf_get_current_ancestor_cgroup_id (123) " },
		{ 12345, BPF_FUNC_ringbuf_reserve, "insn 12345: helper bpf_ringbuf_reserve (131) " },
	};
	static struct bpf_insn prog[12347];
	const char *tail = "xdp_store_bytes";
	struct nfps_diag d;
	bool ok = true;
	size_t n;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(prog); i++)
		prog[i] = (struct bpf_insn)BPF_MOV64_IMM(R0, 0);
	prog[ARRAY_SIZE(prog) - 1] = (struct bpf_insn)EXIT;
	for (i = 0; i < ARRAY_SIZE(c); i++) {
		prog[c[i].at] = (struct bpf_insn)BPF_EMIT_CALL(c[i].id);
		memset(&d, 0, sizeof(d));
		n = nfps_insn_supported(TC, 0, prog, ARRAY_SIZE(prog), c[i].at, &d) == -EOPNOTSUPP ?
		    strlen(d.msg) : 0;
		if (!strstr(d.msg, c[i].want) || n <= strlen(tail) ||
		    strcmp(d.msg + n - strlen(tail), tail)) {
			tap_diag("got (%zu chars): %s", n, d.msg);
			ok = false;
		}
	}
	tap_ok(ok, "helper message at a 4- and 5-digit insn with long names is whole");
}

/* The names of the uapi header this test is built against, by id. */
#define TEST_X_FUNC_NAME(n)	[BPF_FUNC_##n] = #n
static const char * const test_hdr_names[] = {
	__BPF_FUNC_MAPPER(TEST_X_FUNC_NAME)
};

/*
 * Every helper id has its uapi name (the generated table is the newest
 * header's: it agrees with the build's header and goes beyond it), and a
 * message about it fits whole.
 */
static void test_helper_names(void)
{
	static const struct { s32 id; const char *name; } known[] = {
		{ 10, "l3_csum_replace" }, { 12, "tail_call" }, { 69, "fib_lookup" },
		{ 188, "xdp_get_buff_len" }, { 189, "xdp_load_bytes" },
		{ 190, "xdp_store_bytes" }, { 209, "user_ringbuf_drain" },
		{ 211, "cgrp_storage_delete" }, { 212, "?" }, { -1, "?" }, { 0x7fffffff, "?" },
	};
	struct bpf_insn call[2] = { BPF_EMIT_CALL(0), EXIT };
	struct nfps_diag d;
	bool ok = true;
	s32 id;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(known); i++) {
		if (strcmp(nfps_helper_name(known[i].id), known[i].name)) {
			tap_diag("id %d: %s, want %s", known[i].id,
				 nfps_helper_name(known[i].id), known[i].name);
			ok = false;
		}
	}
	for (id = 0; id < (s32)ARRAY_SIZE(test_hdr_names); id++) {
		if (strcmp(nfps_helper_name(id), test_hdr_names[id])) {
			tap_diag("id %d: %s, the build's uapi header says %s", id,
				 nfps_helper_name(id), test_hdr_names[id]);
			ok = false;
		}
	}
	for (id = 1; id <= 211; id++) {
		const char *name = nfps_helper_name(id);

		call[0].imm = id;
		if (!strcmp(name, "?") || strlen(name) > NFPS_HELPER_NAME_MAX) {
			tap_diag("id %d: name '%s'", id, name);
			ok = false;
		} else if (nfps_insn_supported(TC, 0, call, 2, 0, &d) &&
			   (!strstr(d.msg, name) || !strstr(d.msg, "xdp_store_bytes"))) {
			tap_diag("id %d: cut message: %s", id, d.msg);
			ok = false;
		}
	}
	tap_ok(ok, "helper ids 0..211 have their uapi (7.3) names, as the build's header has them");
}

/*
 * Each packet starts with a zeroed headroom, as BPF_PROG_TEST_RUN's: the
 * program reads the 8 bytes adjust_head(-8) uncovers, then writes there. The
 * second packet on the same context must read zero again, in either tier.
 */
#define HEADROOM_TESTS	2
static void test_headroom_zeroed(bool native)
{
	static const struct bpf_insn insns[] = {
		BPF_MOV64_REG(R6, R1), BPF_MOV64_IMM(R2, -8),
		BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_head),
		BPF_MOV64_IMM(R0, -1),
		BPF_LDX_MEM(BPF_W, R2, R6, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, R3, R6, offsetof(struct xdp_md, data_end)),
		BPF_MOV64_REG(R4, R2), BPF_ALU64_IMM(BPF_ADD, R4, 8),
		BPF_JMP_REG(BPF_JGT, R4, R3, 4),
		BPF_LDX_MEM(BPF_DW, R0, R2, 0),
		BPF_LD_IMM64(R5, 0x1122334455667788ULL),
		BPF_STX_MEM(BPF_DW, R2, R5, 0),
		EXIT,
	};
	struct nfps_xlate_in in = {
		.type = XDP, .insns = insns, .len = ARRAY_SIZE(insns), .opt = NFPS_OPT_ALL,
	};
	struct nfps_cpu *c = nfps_cpu_create(NULL, NULL);
	struct nfps_diag diag;
	struct nfps_prog *prog = nfps_translate(&in, &diag);
	struct nfps_run run;
	u8 frame[60] = { 0xaa };
	u64 r0[2] = { 1, 1 };
	int i;

	if (!prog || !c || (native && nfps_jit_attach(prog, &diag))) {
		tap_diag("%s", prog ? diag.msg : "translation or context failed");
	} else {
		for (i = 0; i < 2; i++) {
			nfps_cpu_load_pkt(c, frame, sizeof(frame));
			fill_run(&run);
			nfps_run(prog, c, &run, NULL, 100000);
			r0[i] = run.fault ? 1 : run.retval;
		}
		if (r0[0] || r0[1])
			tap_diag("headroom read %#llx, then %#llx", (unsigned long long)r0[0],
				 (unsigned long long)r0[1]);
	}
	tap_ok(!r0[0] && !r0[1], "%s: the headroom is zero on every packet, not the last one's",
	       native ? "native tier" : "interpreter");
	if (prog)
		nfps_prog_free(prog);
	if (c)
		nfps_cpu_destroy(c);
}

/*
 * A full fixup table is the sticky -ENOSPC for calls too, as for jumps,
 * never a call word left pointing at word 0.
 */
static void test_call_fixup_full(void)
{
	struct bpf_insn insns[3] = { BPF_CALL_REL(1), EXIT, EXIT };
	struct nfps_xlate_in in = { .type = NFPS_PROG_RAW, .insns = insns, .len = 3 };
	u64 words[4];
	struct nfps_xctx x = { .in = &in, .insns = insns, .len = 3, .words = words, .cap = 4,
			       .cap_fix = 0 };
	bool ok;

	nfps_x_call(&x, &insns[0]);
	ok = x.err == -ENOSPC && x.nr_fix == 0;
	x.err = 0;
	x.n = 0;
	x.cap_fix = 1;
	x.fix = &(struct nfps_fixup){ 0 };
	nfps_x_call(&x, &insns[0]);
	ok = ok && !x.err && x.nr_fix == 1 && x.fix[0].insn == 2;
	tap_ok(ok, "call fixup: a full table is -ENOSPC, not a skipped fixup");
}

/*
 * One walk: nfps_translate() hands back its own analysis' facts, the same
 * nfps_analyze() computes, so a caller cross-checks without a second
 * analysis; and instructions the caller marked checked are not checked
 * again (a verifier-style hook marks them; here a second, stricter caps
 * value would otherwise refuse the cpu=v4 instruction).
 */
static void test_one_walk(const struct tcase *cases, u32 nr)
{
	struct bpf_insn v4[2] = { BPF_BSWAP(R0, 16), EXIT };
	struct nfps_insn_fact own[512], ana[512], chk[2] = { { .flags = NFPS_FACT_CHECKED } };
	struct nfps_xlate_in in = { .opt = NFPS_OPT_ALL };
	struct nfps_prog *prog;
	struct nfps_diag d;
	u32 i, same = 0, tried = 0;
	bool ok = true;

	for (i = 0; i < nr; i++) {
		if (cases[i].len > ARRAY_SIZE(own))
			continue;
		in = (struct nfps_xlate_in){ .type = cases[i].type, .insns = cases[i].insns,
					     .len = cases[i].len, .opt = NFPS_OPT_ALL,
					     .maps = maps, .nr_maps = ARRAY_SIZE(maps),
					     .own_facts = own };
		prog = nfps_translate(&in, &d);
		if (!prog)
			continue;
		tried++;
		if (!nfps_analyze(in.type, in.insns, in.len, maps, ARRAY_SIZE(maps), ana, &d) &&
		    !memcmp(own, ana, sizeof(*own) * in.len))
			same++;
		nfps_prog_free(prog);
	}
	if (same != tried || !tried) {
		tap_diag("own facts equal nfps_analyze()'s for %u of %u programs", same, tried);
		ok = false;
	}
	in = (struct nfps_xlate_in){ .type = NFPS_PROG_XDP, .insns = v4, .len = 2, .facts = chk };
	prog = nfps_translate(&in, &d);
	ok = ok && prog;
	nfps_prog_free(prog);
	chk[0].flags = 0;
	prog = nfps_translate(&in, &d);
	ok = ok && !prog && strstr(d.msg, "compile with -mcpu=v3");
	nfps_prog_free(prog);
	tap_ok(ok, "one walk: own facts handed back, checked insns not checked again");
}

/*
 * Allocation failure, the fail-nth way (the module's translation runs under
 * fault injection in selftests/nfpsim_failnth.sh): this binary is linked
 * with --wrap=calloc, so the core's nfps_zalloc()/nfps_vzalloc() can be
 * made to fail at the Nth call. For every case, fail call 1, 2, ... until
 * a translation makes fewer calls: each must return NULL with -ENOMEM in
 * the diag (so the module reports ENOMEM, not an unsupported program), or
 * a whole program that runs like the unfailed one (a pass that may be
 * skipped); leaks show up under the ASan build's LeakSanitizer.
 */
static unsigned long calloc_calls, calloc_fail_at;

void *__real_calloc(size_t n, size_t size);
void *__wrap_calloc(size_t n, size_t size);

void *__wrap_calloc(size_t n, size_t size)
{
	if (calloc_fail_at && ++calloc_calls == calloc_fail_at)
		return NULL;
	return __real_calloc(n, size);
}

static int nomem_run(struct nfps_prog *prog, u64 *r0)
{
	static u8 pkt[256];
	struct nfps_run run;

	nfps_cpu_load_pkt(cpu, pkt, sizeof(pkt));
	fill_run(&run);
	nfps_run(prog, cpu, &run, NULL, 100000);
	*r0 = run.retval;
	return run.fault;
}

static void test_nomem(const struct tcase *cases, u32 nr)
{
	static struct nfps_insn_fact own[4096];
	unsigned long faults = 0, recovered = 0, n;
	bool ok = true;
	u32 i;

	for (i = 0; i < nr && ok; i++) {
		struct nfps_xlate_in in = {
			.type = cases[i].type, .insns = cases[i].insns, .len = cases[i].len,
			.opt = NFPS_OPT_ALL, .maps = maps, .caps = NFPS_CAP_CPUV4,
		};
		struct nfps_diag d;
		struct nfps_prog *prog;
		u64 want_r0 = 0, r0 = 0;
		int want_fault;

		if (cases[i].flags & MAPS)
			in.nr_maps = 2;
		if (cases[i].flags & H613)
			in.caps |= NFPS_CAP_HELPERS_613;
		if (cases[i].len <= ARRAY_SIZE(own))
			in.own_facts = own;
		/* fresh maps before each translation: it binds their memory */
		reset_maps();
		prog = nfps_translate(&in, &d);
		if (!prog) {
			tap_diag("nomem: %s: %s", cases[i].name, d.msg);
			ok = false;
			break;
		}
		want_fault = nomem_run(prog, &want_r0);
		nfps_prog_free(prog);
		for (n = 1; ok; n++) {
			reset_maps();
			calloc_calls = 0;
			calloc_fail_at = n;
			prog = nfps_translate(&in, &d);
			calloc_fail_at = 0;
			if (calloc_calls < n) {
				/* no call failed: the last run */
				ok = prog != NULL;
				nfps_prog_free(prog);
				break;
			}
			faults++;
			if (!prog) {
				if (d.err != -ENOMEM || !strstr(d.msg, "memory")) {
					tap_diag("nomem: %s, call %lu failed: err %d \"%s\"",
						 cases[i].name, n, d.err, d.msg);
					ok = false;
				}
				continue;
			}
			recovered++;
			if (nomem_run(prog, &r0) != want_fault || r0 != want_r0) {
				tap_diag("nomem: %s, call %lu failed: the program runs differently",
					 cases[i].name, n);
				ok = false;
			}
			nfps_prog_free(prog);
		}
	}
	tap_ok(ok && faults, "allocation failure: %lu failed allocations over %u cases, each ENOMEM with its message or a whole program (%lu)",
	       faults, nr, recovered);
}

static int count_lines;

static void count_printer(void *priv, const char *fmt, ...)
{
	count_lines++;
}

/* results test_image() reports whatever happens, so the plan can count them */
#define IMAGE_TESTS	3
#define CAPS_TESTS	5	/* test_helper_msg, _names, test_call_fixup_full, test_one_walk, test_nomem */

/*
 * The image checks, on the case called @name: by name, so that reordering
 * or growing the table cannot silently change what they cover.
 */
static void test_image(const struct tcase *cases, u32 nr, const char *name)
{
	struct nfps_prog_info info = {};
	struct nfps_prog *prog = NULL;
	const struct tcase *t = NULL;
	struct nfps_diag diag;
	const void *img = NULL;
	u32 i, len = 0;

	for (i = 0; i < nr && !t; i++)
		if (!strcmp(cases[i].name, name))
			t = &cases[i];
	if (t) {
		struct nfps_xlate_in in = { .type = t->type, .insns = t->insns, .len = t->len,
					    .opt = NFPS_OPT_ALL, .maps = maps, .nr_maps = 2 };

		reset_maps();
		prog = nfps_translate(&in, &diag);
		if (!prog)
			tap_diag("image: %s", diag.msg);
	} else {
		tap_diag("image: no case named '%s'", name);
	}
	if (prog) {
		nfps_prog_get_info(prog, &info);
		img = nfps_prog_image(prog, &len);
	}
	count_lines = 0;
	tap_ok(prog && nfps_image_disasm(img, len, count_printer, NULL) == 0 &&
	       count_lines > (int)info.ucode_words, "image disassembles standalone");
	tap_ok(prog && nfps_image_disasm(img, len - 1, count_printer, NULL) == -EINVAL,
	       "truncated image rejected");
	tap_ok(prog && info.static_cycles > 0 && info.ucode_words >= info.ebpf_insns / 2,
	       "prog info sizes and static cycles");
	nfps_prog_free(prog);
}

/*
 * bpf_csum_diff() as Linux 6.1-6.12 and 6.13+ answer it (NFPS_CAP_HELPERS_613),
 * on packet bytes that are their offsets: push (from_size 0), pull (to_size
 * 0) and diff, sizes that are not multiples of 4 and over 512 bytes (6.13+
 * sums them, 6.1 says -EINVAL), odd offsets, seeds wider than 32 bits. The
 * expected values come from a model of the kernel outside this tree; every
 * case also runs against the reference interpreter's x86 csum_partial().
 * r0 goes through HI_MIX: 6.1's -EINVAL is 64 bits wide, 6.13's results 16.
 */
struct csumcase {
	const char *name;
	u32 from_off, from_size, to_off, to_size;
	u64 seed;
	u64 exp61, exp613;	/* MIX()ed */
	u32 pkt_len;
};

static const struct csumcase csum_cases[] = {
	{ "push 4", 0, 0, 0, 4, 0x0ULL, 0x3020100ULL, 0x402, 60 },
	{ "push 8, seed 1", 0, 0, 0, 8, 0x1ULL, 0xa080605ULL, 0x100d, 60 },
	{ "push 12 at offset 1", 0, 0, 1, 12, 0x12345ULL, 0x18163554ULL, 0x4d6a, 60 },
	{ "push 20 at offset 14", 0, 0, 14, 20, 0x0ULL, 0x7d78736eULL, 0xf0e6, 60 },
	{ "diff 4/4", 0, 4, 4, 4, 0x0ULL, 0x4040404ULL, 0x808, 60 },
	{ "diff 8/12", 2, 8, 30, 12, 0x0ULL, 0x61605f5eULL, 0xc0be, 60 },
	{ "diff of equal bytes", 0, 8, 256, 8, 0x0ULL, 0xffffffffULL, 0xffff, 264 },
	{ "pull 20, seed 0xffff", 14, 20, 0, 0, 0xffffULL, 0x82888c90ULL, 0xf19, 60 },
	{ "pull 8", 2, 8, 0, 0, 0x0ULL, 0xf1f3f5f7ULL, 0xe7eb, 60 },
	{ "no bytes, seed", 0, 0, 0, 0, 0x12345678ULL, 0x12345678ULL, 0x68ac, 60 },
	{ "push 1", 0, 0, 3, 1, 0x0ULL, 0xffffffff00000015ULL, 0x3, 60 },
	{ "push 2", 0, 0, 5, 2, 0x10000ULL, 0xffffffff00000015ULL, 0x606, 60 },
	{ "push 3, seed ~0", 0, 0, 9, 3, 0xffffffffULL, 0xffffffff00000015ULL, 0xa14, 60 },
	{ "push 6", 0, 0, 7, 6, 0x0ULL, 0xffffffff00000015ULL, 0x1e1b, 60 },
	{ "push 13 at offset 5", 0, 0, 5, 13, 0xabcdULL, 0xffffffff00000015ULL, 0xee1a, 60 },
	{ "pull 13", 17, 13, 0, 0, 0x5a5a5a5aULL, 0xffffffff00000015ULL, 0x2a13, 60 },
	{ "diff 6/6 at odd offsets", 1, 6, 7, 6, 0x0ULL, 0xffffffff00000015ULL, 0x1212, 60 },
	{ "diff 1/1 of zero bytes", 0, 1, 256, 1, 0x0ULL, 0xffffffff00000015ULL, 0xffff, 257 },
	{ "pull 1 zero byte", 0, 1, 0, 0, 0x0ULL, 0xffffffff00000015ULL, 0x0, 60 },
	{ "push 1 zero byte", 0, 0, 256, 1, 0x0ULL, 0xffffffff00000015ULL, 0x0, 257 },
	{ "push 516", 0, 0, 4, 516, 0x7ULL, 0xffffffff00000015ULL, 0x8b91, 520 },
	{ "push 600 at offset 3", 0, 0, 3, 600, 0x0ULL, 0xffffffff00000015ULL, 0x9c6f, 603 },
	{ "diff 300/300", 0, 300, 301, 300, 0x0ULL, 0xffffffff00000015ULL, 0x6261, 601 },
	{ "pull 777 at offset 1", 1, 777, 0, 0, 0x8000ULL, 0xffffffff00000015ULL, 0x2b28, 778 },
	{ "seed from a 64-bit register", 0, 0, 0, 8, 0xdeadbeef00000001ULL, 0xa080605ULL, 0x100d, 60 },
};

enum csum_kernel { CSUM_61, CSUM_613, CSUM_61_GENERIC, CSUM_61_GENERIC_HAND };

static void test_csum(const struct csumcase *c, enum csum_kernel k)
{
	static const char * const names[] = { "6.1", "6.13+", "6.1 generic", "6.1 generic" };
	static const int flags[] = { 0, H613, CSG | NOEXP, CSG };
	const struct bpf_insn insns[] = {
		BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct xdp_md, data)),
		BPF_LDX_MEM(BPF_W, R3, R1, offsetof(struct xdp_md, data_end)),
		BPF_MOV64_REG(R4, R2), BPF_ALU64_IMM(BPF_ADD, R4, c->pkt_len),
		BPF_MOV64_IMM(R0, 0), BPF_JMP_REG(BPF_JGT, R4, R3, 12),
		BPF_MOV64_REG(R1, R2), BPF_ALU64_IMM(BPF_ADD, R1, c->from_off),
		BPF_MOV64_REG(R3, R2), BPF_ALU64_IMM(BPF_ADD, R3, c->to_off),
		BPF_MOV64_IMM(R2, c->from_size), BPF_MOV64_IMM(R4, c->to_size),
		BPF_LD_IMM64(R5, c->seed), BPF_EMIT_CALL(BPF_FUNC_csum_diff), HI_MIX, EXIT,
	};
	char name[96];
	struct tcase t = {
		.name = name, .type = XDP, .insns = insns, .len = ARRAY_SIZE(insns),
		.expect = k == CSUM_613 ? c->exp613 : c->exp61, .flags = flags[k],
		.pkt_len = c->pkt_len,
	};

	/* generic: against the reference's lib/checksum.c port only */
	snprintf(name, sizeof(name), "csum_diff %s: %s", names[k], c->name);
	run_case(&t);
}

/*
 * One CONFIG_GENERIC_CSUM case worked by hand, so the simulator is not only
 * checked against the reference's port: bytes 01..0c as three words sum to
 * 0x1815120f, do_csum() folds that to 0x2a24, csum_partial() adds the seed
 * 0x12345 without folding again: 0x14d69 (x86's 6.1: 0x18163554, 6.13:
 * 0x4d6a).
 */
static void test_csum_generic_by_hand(const struct csumcase *cases, u32 nr)
{
	const struct csumcase *c = NULL;
	struct csumcase hand;
	u32 i;

	for (i = 0; i < nr; i++)
		if (!strcmp(cases[i].name, "push 12 at offset 1"))
			c = &cases[i];
	if (!c) {
		tap_ok(false, "csum_diff 6.1 generic by hand: no case 'push 12 at offset 1'");
		return;
	}
	hand = *c;
	hand.exp61 = MIX(0x14d69);
	hand.name = "push 12 at offset 1, worked by hand";
	test_csum(&hand, CSUM_61_GENERIC_HAND);
}

int main(void)
{
	static const struct bpf_insn fib[] = { BPF_MOV64_IMM(R0, 0), BPF_EMIT_CALL(69), EXIT };
	static const struct bpf_insn tail[] = { BPF_MOV64_IMM(R0, 0), BPF_EMIT_CALL(12), EXIT };
	static const struct bpf_insn ldabs[] = {
		{ BPF_LD | BPF_ABS | BPF_W, 0, 0, 0, 12 }, EXIT };
	static const struct bpf_insn sdiv_xdp[] = {
		BPF_MOV64_IMM(R0, 1), BPF_ALU64_REG_OFF(BPF_DIV, R0, R0, 1), EXIT };
	static const struct bpf_insn ldsx_data[] = {
		BPF_LDX_MEMSX(BPF_W, R0, R1, offsetof(struct xdp_md, data)), EXIT };
	static const struct bpf_insn movsx_imm[] = {
		{ BPF_ALU64 | BPF_MOV | BPF_K, R0, 0, 8, 0x80 }, EXIT };
	/* fuzz-long's first finding: the native tier and the interpreter disagreed */
	static const struct bpf_insn ja_mid_ldimm64[] = {
		BPF_JMP_A(1), BPF_LD_IMM64(R0, 0x1f1f1f1f0040001fULL), EXIT };
	static const struct bpf_insn bswap_be[] = {
		{ BPF_ALU64 | BPF_END | BPF_TO_BE, R0, 0, 0, 16 }, EXIT };
	static const struct bpf_insn ctxw[] = {
		BPF_ST_MEM(BPF_W, R1, offsetof(struct xdp_md, ingress_ifindex), 1),
		BPF_MOV64_IMM(R0, 0), EXIT };
	static const struct bpf_insn callx_xdp[] = {
		BPF_MOV64_IMM(R2, 5), CALLX(R2), BPF_MOV64_IMM(R0, 2), EXIT };
	static const struct bpf_insn shift_xdp[] = {
		BPF_MOV64_IMM(R0, 1), BPF_ALU64_IMM(BPF_LSH, R0, 68), EXIT };
	static struct bpf_insn big[4000];
	const struct rcase rejects[] = {
		{ "callx in XDP", XDP, callx_xdp, ARRAY_SIZE(callx_xdp),
		  "insn 1: indirect call (callx) not supported by the NIC for XDP/tc" },
		/* Linux's verifier refuses them: XDP/tc keep its rule, RAW masks */
		{ "lsh64 by 68 in XDP", XDP, shift_xdp, ARRAY_SIZE(shift_xdp),
		  "insn 1: shift by 68 not supported by the NIC: shift amounts are 0..63" },
		{ "bpf_fib_lookup", XDP, fib, ARRAY_SIZE(fib),
		  "insn 1: helper bpf_fib_lookup (69) not supported by the NIC" },
		{ "tail calls", XDP, tail, ARRAY_SIZE(tail),
		  "helper bpf_tail_call (12) not supported" },
		{ "LD_ABS", TC, ldabs, ARRAY_SIZE(ldabs), "insn 0: legacy packet load" },
		{ "sdiv in XDP for a 6.1 verifier", XDP, sdiv_xdp, ARRAY_SIZE(sdiv_xdp),
		  "insn 1: RFC 9669 instruction (opcode 0x3f off 1) not supported by the NIC for XDP/tc on this kernel: its verifier does not check cpu=v4 instructions (Linux 6.6 and later do)" },
		{ "sign-extending load of xdp_md data", XDP, ldsx_data, ARRAY_SIZE(ldsx_data),
		  "insn 0: sign-extending load of pointer field pkt_data not supported",
		  0, NFPS_CAP_CPUV4 },
		{ "sign-extending move of an immediate", XDP, movsx_imm, ARRAY_SIZE(movsx_imm),
		  "insn 0: sign-extending move of an immediate not supported", 0, NFPS_CAP_CPUV4 },
		{ "jump into the middle of LD_IMM64", RAW, ja_mid_ldimm64, ARRAY_SIZE(ja_mid_ldimm64),
		  "insn 0: jump into the middle of the 64-bit immediate load at insn 1" },
		{ "ALU64 END to_be (not an instruction)", TC, bswap_be, ARRAY_SIZE(bswap_be),
		  "insn 0: instruction opcode 0xdf not supported by the NIC", 0, NFPS_CAP_CPUV4 },
		{ "code store overflow", RAW, big, ARRAY_SIZE(big), "does not fit the code store",
		  1000 },
		{ "ctx store to ingress_ifindex", XDP, ctxw, ARRAY_SIZE(ctxw),
		  "insn 0: store to context field in_ifindex not supported" },
	};
	u32 i;
	const struct tcase cases[] = {
	{ "mov64 imm -1", RAW, P(BPF_MOV64_IMM(R0, -1), EXIT), ~0ULL },
	{ "mov32 imm -1 zero-extends", RAW, P(BPF_MOV64_IMM(R0, -1), BPF_MOV32_IMM(R0, -1), EXIT),
	  0xffffffffULL },
	{ "ld_imm64", RAW, P(BPF_LD_IMM64(R0, 0x123456789abcdef0ULL), EXIT), 0x123456789abcdef0ULL },
	{ "add64 carry across halves", RAW, IMM64(BPF_ADD, 0xffffffffULL, 1), 0x100000000ULL },
	{ "add64 negative imm", RAW, IMM64(BPF_ADD, 0x100000000ULL, -1), 0xffffffffULL },
	{ "sub64 borrow across halves", RAW, IMM64(BPF_SUB, 0x100000000ULL, 1), 0xffffffffULL },
	{ "sub64 big imm", RAW, IMM64(BPF_SUB, 5, 0x7fffffff), 0xffffffff80000006ULL },
	{ "add64 reg overflow", RAW, BIN64(BPF_ADD, 0x7fffffffffffffffULL, 1),
	  0x8000000000000000ULL },
	{ "sub64 reg", RAW, BIN64(BPF_SUB, 0, 1), ~0ULL },
	{ "add32 wrap", RAW, IMM32(BPF_ADD, 0x1ffffffffULL, 1), 0 },
	{ "sub32 wrap zero-extends", RAW, IMM32(BPF_SUB, 0x100000000ULL, 1), 0xffffffffULL },
	{ "and64 imm negative", RAW, IMM64(BPF_AND, 0xffffffffffffffffULL, -16),
	  0xfffffffffffffff0ULL },
	{ "or64 imm", RAW, IMM64(BPF_OR, 0x100000000ULL, 0x12345), 0x100012345ULL },
	{ "xor64 imm -1", RAW, IMM64(BPF_XOR, 0x0123456789abcdefULL, -1), ~0x0123456789abcdefULL },
	{ "and32 reg", RAW, BIN32(BPF_AND, 0xff00ff00ff00ff00ULL, 0xffffffffffffffffULL),
	  0xff00ff00ULL },
	{ "mul64 reg", RAW, BIN64(BPF_MUL, 0x123456789ULL, 0x987654321ULL),
	  0x123456789ULL * 0x987654321ULL },
	{ "mul64 imm negative", RAW, IMM64(BPF_MUL, 3, -5), (u64)-15 },
	{ "mul32 wrap", RAW, IMM32(BPF_MUL, 0x10000, 0x10000), 0 },
	{ "div64 reg", RAW, BIN64(BPF_DIV, 0xfffffffffffffff0ULL, 3), 0xfffffffffffffff0ULL / 3 },
	{ "div64 INT_MIN/-1 unsigned", RAW, BIN64(BPF_DIV, 0x8000000000000000ULL, ~0ULL), 0 },
	{ "mod64 reg", RAW, BIN64(BPF_MOD, 0xfffffffffffffff0ULL, 7), 0xfffffffffffffff0ULL % 7 },
	{ "div64 by zero is 0", RAW, BIN64(BPF_DIV, 1234, 0), 0 },
	{ "mod64 by zero is dst", RAW, BIN64(BPF_MOD, 0x123456789ULL, 0), 0x123456789ULL },
	{ "mod32 by zero truncates", RAW, BIN32(BPF_MOD, 0x100000005ULL, 0), 5 },
	{ "div32 by zero", RAW, BIN32(BPF_DIV, 0x100000005ULL, 0), 0 },
	{ "div32 zero-extends", RAW, BIN32(BPF_DIV, ~0ULL, 1), 0xffffffffULL },
	{ "div64 imm -1", RAW, IMM64(BPF_DIV, ~0ULL, -1), 1 },
	{ "div32 imm", RAW, IMM32(BPF_DIV, 100, 7), 14 },
	{ "mod32 imm", RAW, IMM32(BPF_MOD, 100, 7), 2 },
	{ "sdiv64 INT_MIN/-1", RAW, BINS64(BPF_DIV, 0x8000000000000000ULL, ~0ULL),
	  0x8000000000000000ULL },
	{ "smod64 INT_MIN%-1", RAW, BINS64(BPF_MOD, 0x8000000000000000ULL, ~0ULL), 0 },
	{ "sdiv64 -7/2", RAW, BINS64(BPF_DIV, (u64)-7, 2), (u64)-3 },
	{ "smod64 -7%2", RAW, BINS64(BPF_MOD, (u64)-7, 2), (u64)-1 },
	{ "smod64 7%-2", RAW, BINS64(BPF_MOD, 7, (u64)-2), 1 },
	{ "sdiv32 INT_MIN/-1", RAW, BINS32(BPF_DIV, 0x80000000ULL, 0xffffffffULL), 0x80000000ULL },
	{ "smod32 INT_MIN%-1", RAW, BINS32(BPF_MOD, 0x80000000ULL, 0xffffffffULL), 0 },
	{ "sdiv32 by zero", RAW, BINS32(BPF_DIV, 5, 0), 0 },
	{ "smod64 by zero", RAW, BINS64(BPF_MOD, (u64)-5, 0), (u64)-5 },
	{ "lsh64 0", RAW, IMM64(BPF_LSH, V, 0), V },
	{ "lsh64 31", RAW, IMM64(BPF_LSH, V, 31), V << 31 },
	{ "lsh64 32", RAW, IMM64(BPF_LSH, V, 32), V << 32 },
	{ "lsh64 63", RAW, IMM64(BPF_LSH, V, 63), V << 63 },
	{ "rsh64 1", RAW, IMM64(BPF_RSH, V, 1), V >> 1 },
	{ "rsh64 32", RAW, IMM64(BPF_RSH, V, 32), V >> 32 },
	{ "rsh64 63", RAW, IMM64(BPF_RSH, V, 63), V >> 63 },
	{ "arsh64 31", RAW, IMM64(BPF_ARSH, V, 31), (u64)((s64)V >> 31) },
	{ "arsh64 32", RAW, IMM64(BPF_ARSH, V, 32), (u64)((s64)V >> 32) },
	{ "arsh64 63", RAW, IMM64(BPF_ARSH, V, 63), ~0ULL },
	{ "lsh64 reg 0", RAW, BIN64(BPF_LSH, V, 0), V },
	{ "lsh64 reg 31", RAW, BIN64(BPF_LSH, V, 31), V << 31 },
	{ "lsh64 reg 32", RAW, BIN64(BPF_LSH, V, 32), V << 32 },
	{ "lsh64 reg 63", RAW, BIN64(BPF_LSH, V, 63), V << 63 },
	{ "lsh64 reg 64 masks", RAW, BIN64(BPF_LSH, V, 64), V },
	{ "rsh64 reg 33", RAW, BIN64(BPF_RSH, V, 33), V >> 33 },
	{ "arsh64 reg 40", RAW, BIN64(BPF_ARSH, V, 40), (u64)((s64)V >> 40) },
	{ "arsh64 reg 5", RAW, BIN64(BPF_ARSH, V, 5), (u64)((s64)V >> 5) },
	{ "lsh32 reg 31", RAW, BIN32(BPF_LSH, V, 31), 0x80000000ULL },
	{ "lsh32 reg 32 masks", RAW, BIN32(BPF_LSH, V, 32), 0x80000001ULL },
	{ "arsh32 imm 31", RAW, IMM32(BPF_ARSH, V, 31), 0xffffffffULL },
	{ "rsh32 imm 0", RAW, IMM32(BPF_RSH, V, 0), 0x80000001ULL },
	{ "shift by self", RAW, P(BPF_MOV64_IMM(R0, 33), BPF_ALU64_REG(BPF_LSH, R0, R0), EXIT),
	  33ULL << 33 },
	/*
	 * RFC 9669: RAW programs (no verifier) mask immediate shift amounts
	 * too; the rsh64 by 68 (= 4) must not leave the upper half zero.
	 */
	/* callx (RAW): the helper whose id is in dst; another id faults */
	{ "callx ktime_get_ns", RAW, P(BPF_MOV64_IMM(R1, -1), BPF_MOV64_IMM(R2, 5),
				       CALLX(R2), BPF_MOV64_IMM(R0, 2), EXIT), 2 },
	{ "callx get_smp_processor_id", RAW, P(BPF_MOV64_IMM(R0, 7), BPF_MOV64_IMM(R3, 8),
					       CALLX(R3), EXIT), 0, 0, NOEXP },
	{ "callx to a helper id that is none faults", RAW,
	  P(BPF_LD_IMM64(R2, 0x100000005ULL), CALLX(R2), BPF_MOV64_IMM(R0, 2), EXIT), 0,
	  NFPS_FAULT_ILLEGAL },
	{ "callx to bpf_map_lookup_elem faults", RAW,
	  P(BPF_MOV64_IMM(R2, 1), CALLX(R2), BPF_MOV64_IMM(R0, 2), EXIT), 0,
	  NFPS_FAULT_ILLEGAL },
	{ "lsh64 imm 68 masks", RAW, IMM64(BPF_LSH, V, 68), V << 4 },
	{ "lsh64 imm -60 masks", RAW, IMM64(BPF_LSH, V, -60), V << 4 },
	{ "rsh64 imm 68 masks", RAW, P(BPF_LD_IMM64(R0, V), BPF_ALU64_IMM(BPF_RSH, R0, 68),
				       HI_MIX, EXIT), MIX(V >> 4) },
	{ "arsh64 imm 124 masks", RAW, IMM64(BPF_ARSH, V, 124), (u64)((s64)V >> 60) },
	{ "lsh32 imm 60 masks", RAW, IMM32(BPF_LSH, V, 60), (u32)(V << 28) },
	{ "rsh32 imm -24 masks", RAW, IMM32(BPF_RSH, V, -24), 0x80000001ULL >> 8 },
	{ "arsh32 imm 48 masks", RAW, IMM32(BPF_ARSH, V, 48), (u32)((s32)0x80000001 >> 16) },
	{ "neg64", RAW, P(BPF_MOV64_IMM(R0, 5), BPF_ALU64_IMM(BPF_NEG, R0, 0), EXIT), (u64)-5 },
	{ "neg32", RAW, P(BPF_MOV64_IMM(R0, 5), BPF_ALU32_IMM(BPF_NEG, R0, 0), EXIT), 0xfffffffbULL },
	{ "to_be16", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_ENDIAN(BPF_TO_BE, R0, 16),
			    EXIT), 0x8877 },
	{ "to_be32", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_ENDIAN(BPF_TO_BE, R0, 32),
			    EXIT), 0x88776655 },
	{ "to_be64", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_ENDIAN(BPF_TO_BE, R0, 64),
			    EXIT), 0x8877665544332211ULL },
	{ "to_le16", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_ENDIAN(BPF_TO_LE, R0, 16),
			    EXIT), 0x7788 },
	{ "to_le32", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_ENDIAN(BPF_TO_LE, R0, 32),
			    EXIT), 0x55667788 },
	{ "to_le64", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_ENDIAN(BPF_TO_LE, R0, 64),
			    EXIT), 0x1122334455667788ULL },
	{ "be64 after a 32-bit move fills the upper half", RAW,
	  P(BPF_LD_IMM64(R2, 0x1122334455667788ULL), BPF_MOV32_REG(R1, R2),
	    BPF_ENDIAN(BPF_TO_BE, R1, 64), BPF_ALU64_IMM(BPF_RSH, R1, 40),
	    BPF_MOV64_REG(R0, R1), EXIT), 0x887766ULL },
	{ "le64 keeps a zero upper half", RAW,
	  P(BPF_LD_IMM64(R2, 0x1122334455667788ULL), BPF_MOV32_REG(R1, R2),
	    BPF_ENDIAN(BPF_TO_LE, R1, 64), BPF_ALU64_IMM(BPF_RSH, R1, 8),
	    BPF_MOV64_REG(R0, R1), EXIT), 0x556677ULL },
	{ "bswap64", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_BSWAP(R0, 64), EXIT),
	  0x8877665544332211ULL },
	{ "bswap16", RAW, P(BPF_LD_IMM64(R0, 0x1122334455667788ULL), BPF_BSWAP(R0, 16), EXIT),
	  0x8877 },
	{ "movsx64 8", RAW, P(BPF_MOV64_IMM(R1, 0x80), BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, 8), EXIT),
	  0xffffffffffffff80ULL },
	{ "movsx64 16", RAW, P(BPF_MOV64_IMM(R1, 0x8000), BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, 16),
			       EXIT), 0xffffffffffff8000ULL },
	{ "movsx64 32", RAW, P(BPF_MOV32_IMM(R1, -2), BPF_ALU64_REG_OFF(BPF_MOV, R0, R1, 32), EXIT),
	  (u64)-2 },
	{ "movsx32 8", RAW, P(BPF_MOV64_IMM(R1, 0xff), BPF_ALU32_REG_OFF(BPF_MOV, R0, R1, 8), EXIT),
	  0xffffffffULL },
	JTEST(BPF_JEQ, 0x100000000ULL, 0, 0),
	JTEST(BPF_JEQ, 0x100000001ULL, 0x100000001ULL, 1),
	JTEST(BPF_JNE, 0x100000000ULL, 0, 1),
	JTEST(BPF_JGT, ~0ULL, 0, 1),
	JTEST(BPF_JSGT, ~0ULL, 0, 0),
	JTEST(BPF_JSLT, 0x8000000000000000ULL, 0x7fffffffffffffffULL, 1),
	JTEST(BPF_JLT, 0x8000000000000000ULL, 0x7fffffffffffffffULL, 0),
	JTEST(BPF_JGE, 5, 5, 1),
	JTEST(BPF_JLE, 0x100000000ULL, 0xffffffffULL, 0),
	JTEST(BPF_JSGE, (u64)-1, (u64)-1, 1),
	JTEST(BPF_JSLE, (u64)-2, (u64)-1, 1),
	JTEST(BPF_JSET, 0x100000000ULL, 0x100000000ULL, 1),
	JTEST(BPF_JSET, 0x100000000ULL, 0xffffffffULL, 0),
	JTEST32(BPF_JEQ, 0x100000005ULL, 5, 1),
	JTEST32(BPF_JSLT, 0xffffffffULL, 0, 1),
	JTEST32(BPF_JGT, 0x80000000ULL, 0x7fffffffULL, 1),
	JTEST32(BPF_JSGT, 0x80000000ULL, 0x7fffffffULL, 0),
	JTEST32(BPF_JSET, 0x100000000ULL, 0x100000000ULL, 0),
	JTESTI(BPF_JEQ, ~0ULL, -1, 1),
	JTESTI(BPF_JEQ, 0xffffffffULL, -1, 0),
	JTESTI(BPF_JSGT, 5, -3, 1),
	JTESTI(BPF_JGT, 5, -3, 0),
	JTESTI(BPF_JLT, 0x10000, 0x10001, 1),
	JTESTI(BPF_JSET, 0x300000000ULL, -1, 1),
	JTESTI(BPF_JSET, 0x300000000ULL, 0x7fffffff, 0),
	{ "ja32 (RAW)", RAW, P(BPF_MOV64_IMM(R0, 1),
			       ((struct bpf_insn){ BPF_JMP32 | BPF_JA, 0, 0, 0, 1 }),
			       BPF_MOV64_IMM(R0, 2), EXIT), 1 },
	{ "loop sum 1..1000", RAW, P(BPF_MOV64_IMM(R0, 0), BPF_MOV64_IMM(R1, 1000),
				     BPF_ALU64_REG(BPF_ADD, R0, R1), BPF_ALU64_IMM(BPF_SUB, R1, 1),
				     BPF_JMP_IMM(BPF_JNE, R1, 0, -3), EXIT), 500500 },
	{ "infinite loop hits the watchdog", RAW, P(BPF_MOV64_IMM(R0, 0), BPF_JMP_A(-1), EXIT), 0,
	  NFPS_FAULT_WATCHDOG, NOEXP },
	{ "stack store/load sizes", RAW,
	  P(BPF_LD_IMM64(R1, 0x1122334455667788ULL), BPF_STX_MEM(BPF_DW, R10, R1, -8),
	    BPF_ST_MEM(BPF_B, R10, -8, 0xaa), BPF_ST_MEM(BPF_H, R10, -6, -2),
	    BPF_LDX_MEM(BPF_DW, R0, R10, -8), BPF_LDX_MEM(BPF_W, R2, R10, -4),
	    BPF_ALU64_REG(BPF_XOR, R0, R2), EXIT),
	  0x11223344fffe77aaULL ^ 0x11223344ULL },
	{ "st dw imm negative", RAW, P(BPF_ST_MEM(BPF_DW, R10, -16, -3),
				       BPF_LDX_MEM(BPF_DW, R0, R10, -16), EXIT), (u64)-3 },
	{ "ldsx", RAW, P(BPF_ST_MEM(BPF_W, R10, -4, 0x8081), BPF_LDX_MEMSX(BPF_B, R0, R10, -4),
			 BPF_LDX_MEMSX(BPF_H, R1, R10, -4), BPF_ALU64_REG(BPF_ADD, R0, R1), EXIT),
	  (u64)(-127 + (s16)0x8081) },
	{ "stack out of bounds faults", RAW, P(BPF_LDX_MEM(BPF_DW, R0, R10, 4096), EXIT), 0,
	  NFPS_FAULT_MEM, NOEXP },
	{ "memory load (RAW r1)", RAW, P(BPF_LDX_MEM(BPF_W, R0, R1, 4), EXIT), 0x07060504, 0, 0, 16 },
	{ "memory r2 is length", RAW, P(BPF_MOV64_REG(R0, R2), EXIT), 16, 0, 0, 16 },
	{ "memory store + read back", RAW, P(BPF_ST_MEM(BPF_H, R1, 2, 0x4142),
					     BPF_LDX_MEM(BPF_DW, R0, R1, 0), EXIT),
	  0x0706050441420100ULL, 0, 0, 16 },
	{ "memory load past end faults", RAW, P(BPF_LDX_MEM(BPF_W, R0, R1, 14), EXIT), 0,
	  NFPS_FAULT_MEM, NOEXP, 16 },
	{ "atomic add fetch 64", RAW,
	  P(BPF_ST_MEM(BPF_DW, R10, -8, 40), BPF_MOV64_IMM(R1, 2),
	    BPF_ATOMIC_OP(BPF_DW, BPF_ADD | BPF_FETCH, R10, R1, -8),
	    BPF_LDX_MEM(BPF_DW, R0, R10, -8), BPF_ALU64_IMM(BPF_LSH, R0, 8),
	    BPF_ALU64_REG(BPF_OR, R0, R1), EXIT), (42 << 8) | 40 },
	{ "atomic and/or/xor 32", RAW,
	  P(BPF_ST_MEM(BPF_W, R10, -4, 0xff), BPF_MOV64_IMM(R1, 0x0f),
	    BPF_ATOMIC_OP(BPF_W, BPF_AND, R10, R1, -4), BPF_MOV64_IMM(R1, 0x100),
	    BPF_ATOMIC_OP(BPF_W, BPF_OR, R10, R1, -4), BPF_MOV64_IMM(R1, 0x3),
	    BPF_ATOMIC_OP(BPF_W, BPF_XOR | BPF_FETCH, R10, R1, -4),
	    BPF_LDX_MEM(BPF_W, R0, R10, -4), BPF_ALU64_IMM(BPF_LSH, R0, 16),
	    BPF_ALU64_REG(BPF_OR, R0, R1), EXIT), (0x10cULL << 16) | 0x10f },
	{ "atomic xchg 64", RAW,
	  P(BPF_ST_MEM(BPF_DW, R10, -8, 7), BPF_LD_IMM64(R1, 0x100000009ULL),
	    BPF_ATOMIC_OP(BPF_DW, BPF_XCHG, R10, R1, -8), BPF_LDX_MEM(BPF_DW, R0, R10, -8),
	    BPF_ALU64_REG(BPF_ADD, R0, R1), EXIT), 0x100000010ULL },
	{ "atomic cmpxchg 64 success", RAW,
	  P(BPF_ST_MEM(BPF_DW, R10, -8, 7), BPF_MOV64_IMM(R0, 7), BPF_MOV64_IMM(R1, 9),
	    BPF_ATOMIC_OP(BPF_DW, BPF_CMPXCHG, R10, R1, -8), BPF_LDX_MEM(BPF_DW, R2, R10, -8),
	    BPF_ALU64_IMM(BPF_LSH, R2, 8), BPF_ALU64_REG(BPF_OR, R0, R2), EXIT), (9 << 8) | 7 },
	{ "atomic cmpxchg 32 failure", RAW,
	  P(BPF_ST_MEM(BPF_W, R10, -4, 7), BPF_LD_IMM64(R0, 0x100000006ULL), BPF_MOV64_IMM(R1, 9),
	    BPF_ATOMIC_OP(BPF_W, BPF_CMPXCHG, R10, R1, -4), BPF_LDX_MEM(BPF_W, R2, R10, -4),
	    BPF_ALU64_IMM(BPF_LSH, R2, 8), BPF_ALU64_REG(BPF_OR, R0, R2), EXIT), (7 << 8) | 7 },
	{ "bpf-to-bpf call preserves r6-r9", RAW,
	  P(BPF_MOV64_IMM(R6, 100), BPF_MOV64_IMM(R1, 3), BPF_MOV64_IMM(R2, 4), BPF_CALL_REL(3),
	    BPF_ALU64_REG(BPF_ADD, R0, R6), EXIT, EXIT,
	    /* sub: */ BPF_MOV64_REG(R0, R1), BPF_ALU64_REG(BPF_MUL, R0, R2),
	    BPF_MOV64_IMM(R6, 1), BPF_ST_MEM(BPF_DW, R10, -8, 5),
	    BPF_LDX_MEM(BPF_DW, R3, R10, -8), BPF_ALU64_REG(BPF_ADD, R0, R3), EXIT), 117 },
	{ "caller stack via pointer", RAW,
	  P(BPF_ST_MEM(BPF_DW, R10, -8, 11), BPF_MOV64_REG(R1, R10), BPF_ALU64_IMM(BPF_ADD, R1, -8),
	    BPF_CALL_REL(1), EXIT, BPF_LDX_MEM(BPF_DW, R0, R1, 0), BPF_ALU64_IMM(BPF_ADD, R0, 1),
	    BPF_STX_MEM(BPF_DW, R1, R0, 0), EXIT), 12 },
	{ "recursion too deep faults", RAW, P(BPF_CALL_REL(-1), EXIT), 0, NFPS_FAULT_STACK, NOEXP },
	{ "xdp: parse with bounds check", XDP,
	  P(BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct xdp_md, data)),
	    BPF_LDX_MEM(BPF_W, R3, R1, offsetof(struct xdp_md, data_end)),
	    BPF_MOV64_REG(R4, R2), BPF_ALU64_IMM(BPF_ADD, R4, 14),
	    BPF_MOV64_IMM(R0, XDP_DROP), BPF_JMP_REG(BPF_JGT, R4, R3, 3),
	    BPF_LDX_MEM(BPF_H, R0, R2, 12), BPF_ENDIAN(BPF_TO_BE, R0, 16), EXIT,
	    EXIT), 0x0c0d, 0, 0, 60 },
	{ "xdp: short packet takes the bounds branch", XDP,
	  P(BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct xdp_md, data)),
	    BPF_LDX_MEM(BPF_W, R3, R1, offsetof(struct xdp_md, data_end)),
	    BPF_MOV64_REG(R4, R2), BPF_ALU64_IMM(BPF_ADD, R4, 14),
	    BPF_MOV64_IMM(R0, XDP_DROP), BPF_JMP_REG(BPF_JGT, R4, R3, 1),
	    BPF_LDX_MEM(BPF_H, R0, R2, 12), EXIT), XDP_DROP, 0, 0, 10 },
	{ "xdp: ingress_ifindex/rx_queue", XDP,
	  P(BPF_LDX_MEM(BPF_W, R0, R1, offsetof(struct xdp_md, ingress_ifindex)),
	    BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct xdp_md, rx_queue_index)),
	    BPF_ALU64_IMM(BPF_LSH, R2, 16), BPF_ALU64_REG(BPF_OR, R0, R2), EXIT),
	  (3 << 16) | 7, 0, 0, 60 },
	{ "xdp: adjust_head -14 then len", XDP,
	  P(BPF_MOV64_REG(R6, R1), BPF_MOV64_IMM(R2, -14), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_head),
	    BPF_MOV64_REG(R7, R0),
	    BPF_LDX_MEM(BPF_W, R2, R6, offsetof(struct xdp_md, data)),
	    BPF_LDX_MEM(BPF_W, R3, R6, offsetof(struct xdp_md, data_end)),
	    BPF_ALU64_REG(BPF_SUB, R3, R2), BPF_MOV64_REG(R0, R3),
	    BPF_ALU64_REG(BPF_ADD, R0, R7), EXIT), 74, 0, 0, 60 },
	{ "xdp: get_buff_len after adjust_head -14 and adjust_meta -8", XDP,
	  P(BPF_MOV64_REG(R6, R1), BPF_MOV64_IMM(R2, -14), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_head),
	    BPF_MOV64_REG(R1, R6), BPF_MOV64_IMM(R2, -8), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_meta),
	    BPF_MOV64_REG(R7, R0),
	    BPF_MOV64_REG(R1, R6), BPF_EMIT_CALL(BPF_FUNC_xdp_get_buff_len),
	    BPF_ALU64_IMM(BPF_LSH, R7, 32), BPF_ALU64_REG(BPF_OR, R0, R7), EXIT), 74, 0, 0, 60 },
	{ "xdp: store_bytes then load_bytes through the stack", XDP,
	  P(BPF_MOV64_REG(R6, R1), BPF_ST_MEM(BPF_W, R10, -8, 0x11223344),
	    BPF_MOV64_IMM(R2, 2), BPF_MOV64_REG(R3, R10), BPF_ALU64_IMM(BPF_ADD, R3, -8),
	    BPF_MOV64_IMM(R4, 4), BPF_EMIT_CALL(BPF_FUNC_xdp_store_bytes), BPF_MOV64_REG(R7, R0),
	    BPF_MOV64_REG(R1, R6), BPF_MOV64_IMM(R2, 0), BPF_MOV64_REG(R3, R10),
	    BPF_ALU64_IMM(BPF_ADD, R3, -16), BPF_MOV64_IMM(R4, 8),
	    BPF_EMIT_CALL(BPF_FUNC_xdp_load_bytes), BPF_ALU64_REG(BPF_OR, R7, R0),
	    BPF_LDX_MEM(BPF_DW, R0, R10, -16), BPF_ALU64_REG(BPF_OR, R0, R7), EXIT),
	  0x0706112233440100ULL, 0, 0, 60 },
	{ "xdp: load_bytes past the frame's end is -EINVAL", XDP,
	  P(BPF_MOV64_IMM(R2, 58), BPF_MOV64_REG(R3, R10), BPF_ALU64_IMM(BPF_ADD, R3, -8),
	    BPF_MOV64_IMM(R4, 4), BPF_EMIT_CALL(BPF_FUNC_xdp_load_bytes), EXIT),
	  (u64)-EINVAL, 0, 0, 60 },
	{ "xdp: store_bytes at an offset over 0xffff is -EFAULT", XDP,
	  P(BPF_MOV64_IMM(R2, 0x10000), BPF_MOV64_REG(R3, R10), BPF_ALU64_IMM(BPF_ADD, R3, -8),
	    BPF_ST_MEM(BPF_DW, R10, -8, 0), BPF_MOV64_IMM(R4, 4),
	    BPF_EMIT_CALL(BPF_FUNC_xdp_store_bytes), EXIT),
	  (u64)-EFAULT, 0, 0, 60 },
	{ "xdp: adjust_head beyond headroom fails", XDP,
	  P(BPF_MOV64_IMM(R2, -1000), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_head), EXIT),
	  (u64)-EINVAL, 0, 0, 60 },
	{ "xdp: adjust_tail grow/shrink", XDP,
	  P(BPF_MOV64_REG(R6, R1), BPF_MOV64_IMM(R2, 40), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_tail),
	    BPF_MOV64_REG(R1, R6), BPF_MOV64_IMM(R2, -80), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_tail),
	    BPF_LDX_MEM(BPF_W, R2, R6, offsetof(struct xdp_md, data)),
	    BPF_LDX_MEM(BPF_W, R3, R6, offsetof(struct xdp_md, data_end)),
	    BPF_ALU64_REG(BPF_SUB, R3, R2), BPF_MOV64_REG(R0, R3), EXIT), 20, 0, 0, 60 },
	{ "xdp: adjust_meta and meta store", XDP,
	  P(BPF_MOV64_REG(R6, R1), BPF_MOV64_IMM(R2, -8), BPF_EMIT_CALL(BPF_FUNC_xdp_adjust_meta),
	    BPF_LDX_MEM(BPF_W, R2, R6, offsetof(struct xdp_md, data_meta)),
	    BPF_LDX_MEM(BPF_W, R3, R6, offsetof(struct xdp_md, data)),
	    BPF_MOV64_REG(R4, R2), BPF_ALU64_IMM(BPF_ADD, R4, 8),
	    BPF_JMP_REG(BPF_JGT, R4, R3, 3), BPF_ST_MEM(BPF_DW, R2, 0, 77),
	    BPF_LDX_MEM(BPF_DW, R0, R2, 0), EXIT, BPF_MOV64_IMM(R0, 1), EXIT), 77, 0, 0, 60 },
	{ "xdp: csum_diff", XDP,
	  P(BPF_ST_MEM(BPF_W, R10, -8, 0x12345678), BPF_ST_MEM(BPF_W, R10, -4, 0x9abcdef0),
	    BPF_MOV64_IMM(R1, 0), BPF_MOV64_IMM(R2, 0), BPF_MOV64_REG(R3, R10),
	    BPF_ALU64_IMM(BPF_ADD, R3, -8), BPF_MOV64_IMM(R4, 8), BPF_MOV64_IMM(R5, 1),
	    BPF_EMIT_CALL(BPF_FUNC_csum_diff), EXIT), 0xacf13569ULL, 0, 0, 60 },
	{ "xdp: get_smp_processor_id", XDP, P(BPF_EMIT_CALL(BPF_FUNC_get_smp_processor_id), EXIT),
	  0, 0, 0, 60 },
	{ "tc: mark write, len read", TC,
	  P(BPF_LDX_MEM(BPF_W, R0, R1, offsetof(struct __sk_buff, len)),
	    BPF_ST_MEM(BPF_W, R1, offsetof(struct __sk_buff, mark), 0x55),
	    BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct __sk_buff, mark)),
	    BPF_ALU64_IMM(BPF_LSH, R2, 16), BPF_ALU64_REG(BPF_OR, R0, R2), EXIT),
	  (0x55 << 16) | 60, 0, 0, 60 },
	{ "tc: ctx via stack spill", TC,
	  P(BPF_STX_MEM(BPF_DW, R10, R1, -8), BPF_MOV64_IMM(R1, 0), BPF_LDX_MEM(BPF_DW, R6, R10, -8),
	    BPF_LDX_MEM(BPF_W, R0, R6, offsetof(struct __sk_buff, protocol)), EXIT),
	  0x0008, 0, 0, 60 },
	/*
	 * scripts/fuzzdiff seed 8: a store at a variable stack offset made
	 * the spilled ctx fill as ctx-or-scalar, and ctx->data_end became a
	 * plain load from the context's address (memory fault).
	 */
	{ "xdp: ctx spill survives a variable-offset stack store", XDP,
	  P(BPF_STX_MEM(BPF_DW, R10, R1, -16),
	    BPF_LDX_MEM(BPF_W, R3, R1, offsetof(struct xdp_md, rx_queue_index)),
	    BPF_ALU64_IMM(BPF_AND, R3, 7), BPF_MOV64_REG(R4, R10), BPF_ALU64_REG(BPF_ADD, R4, R3),
	    BPF_ST_MEM(BPF_B, R4, -8, 0), BPF_LDX_MEM(BPF_DW, R1, R10, -16),
	    BPF_LDX_MEM(BPF_W, R0, R1, offsetof(struct xdp_md, data_end)),
	    BPF_LDX_MEM(BPF_W, R2, R1, offsetof(struct xdp_md, data)),
	    BPF_ALU64_REG(BPF_SUB, R0, R2), EXIT),
	  60, 0, 0, 60 },
	{ "map: array lookup + atomic add on value", XDP,
	  P(BPF_ST_MEM(BPF_W, R10, -4, 1), BPF_LD_MAP_IDX(R1, 0), BPF_MOV64_REG(R2, R10),
	    BPF_ALU64_IMM(BPF_ADD, R2, -4), BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
	    BPF_JMP_IMM(BPF_JEQ, R0, 0, 6), BPF_MOV64_IMM(R1, 5),
	    BPF_ATOMIC_OP(BPF_DW, BPF_ADD, R0, R1, 0), BPF_ATOMIC_OP(BPF_DW, BPF_ADD, R0, R1, 0),
	    BPF_ST_MEM(BPF_W, R0, 8, 3), BPF_LDX_MEM(BPF_DW, R0, R0, 0), EXIT,
	    BPF_MOV64_IMM(R0, 99), EXIT), 10, 0, MAPS, 60 },
	{ "map: array lookup out of range is NULL", XDP,
	  P(BPF_ST_MEM(BPF_W, R10, -4, 100), BPF_LD_MAP_IDX(R1, 0), BPF_MOV64_REG(R2, R10),
	    BPF_ALU64_IMM(BPF_ADD, R2, -4), BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem), EXIT),
	  0, 0, MAPS, 60 },
	{ "map: hash update, lookup, delete", XDP,
	  P(BPF_ST_MEM(BPF_W, R10, -4, 42), BPF_ST_MEM(BPF_DW, R10, -16, 1234),
	    BPF_LD_MAP_IDX(R1, 1), BPF_MOV64_REG(R2, R10), BPF_ALU64_IMM(BPF_ADD, R2, -4),
	    BPF_MOV64_REG(R3, R10), BPF_ALU64_IMM(BPF_ADD, R3, -16), BPF_MOV64_IMM(R4, BPF_ANY),
	    BPF_EMIT_CALL(BPF_FUNC_map_update_elem), BPF_MOV64_REG(R6, R0),
	    BPF_LD_MAP_IDX(R1, 1), BPF_MOV64_REG(R2, R10), BPF_ALU64_IMM(BPF_ADD, R2, -4),
	    BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem), BPF_JMP_IMM(BPF_JEQ, R0, 0, 5),
	    BPF_LDX_MEM(BPF_DW, R7, R0, 0),
	    BPF_LD_MAP_IDX(R1, 1), BPF_MOV64_REG(R2, R10), BPF_ALU64_IMM(BPF_ADD, R2, -4),
	    BPF_EMIT_CALL(BPF_FUNC_map_delete_elem), BPF_ALU64_REG(BPF_ADD, R0, R7),
	    BPF_ALU64_REG(BPF_ADD, R0, R6), EXIT), 1234, 0, MAPS, 60 },
	{ "map: direct value address", XDP,
	  P(BPF_LD_MAP_VALUE(R1, 0, 8), BPF_ST_MEM(BPF_W, R1, 0, 0x77),
	    BPF_LDX_MEM(BPF_W, R0, R1, 0), EXIT), 0x77, 0, MAPS, 60 },
	/* RFC 9669 (cpu=v4) in XDP and tc programs, as 6.6+ verifiers allow */
	{ "v4: ldsx8 packet negative", XDP, PKT_LDSX(BPF_B, 0x90), MIX(SX8(0x90)), 0, 0, 256 },
	{ "v4: ldsx8 packet positive", XDP, PKT_LDSX(BPF_B, 0x10), 0x10, 0, 0, 256 },
	{ "v4: ldsx16 packet negative", XDP, PKT_LDSX(BPF_H, 0xf0), MIX(SX16(0xf1f0)), 0, 0, 256 },
	{ "v4: ldsx16 packet positive", XDP, PKT_LDSX(BPF_H, 0x20), 0x2120, 0, 0, 256 },
	{ "v4: ldsx32 packet negative", XDP, PKT_LDSX(BPF_W, 0xf8), MIX(SX32(0xfbfaf9f8)), 0, 0,
	  256 },
	{ "v4: ldsx32 packet positive", XDP, PKT_LDSX(BPF_W, 0x40), 0x43424140, 0, 0, 256 },
	{ "v4: ldsx8 packet short frame takes the bounds branch", XDP, PKT_LDSX(BPF_B, 0x90), 0,
	  0, 0, 60 },
	{ "v4: ldsx8 stack", XDP, STK_LDSX(BPF_B, 1), MIX(SX8(MEMV >> 8)), 0, 0, 60 },
	{ "v4: ldsx8 stack positive", XDP, STK_LDSX(BPF_B, 0), 1, 0, 0, 60 },
	{ "v4: ldsx16 stack", XDP, STK_LDSX(BPF_H, 0), MIX(SX16(MEMV)), 0, 0, 60 },
	{ "v4: ldsx16 stack positive", XDP, STK_LDSX(BPF_H, 2), SX16(MEMV >> 16), 0, 0, 60 },
	{ "v4: ldsx32 stack", XDP, STK_LDSX(BPF_W, 4), MIX(SX32(MEMV >> 32)), 0, 0, 60 },
	{ "v4: ldsx32 stack positive", XDP, STK_LDSX(BPF_W, 0), SX32(MEMV), 0, 0, 60 },
	{ "v4: ldsx8 map value", XDP, MAPV_LDSX(BPF_B, 5), MIX(SX8(MEMV >> 40)), 0, MAPS, 60 },
	{ "v4: ldsx16 map value", XDP, MAPV_LDSX(BPF_H, 6), MIX(SX16(MEMV >> 48)), 0, MAPS, 60 },
	{ "v4: ldsx32 map value", XDP, MAPV_LDSX(BPF_W, 4), MIX(SX32(MEMV >> 32)), 0, MAPS, 60 },
	{ "v4: ldsx16 map value from lookup", XDP,
	  P(BPF_ST_MEM(BPF_W, R10, -4, 1), BPF_LD_MAP_IDX(R1, 0), BPF_MOV64_REG(R2, R10),
	    BPF_ALU64_IMM(BPF_ADD, R2, -4), BPF_EMIT_CALL(BPF_FUNC_map_lookup_elem),
	    BPF_JMP_IMM(BPF_JEQ, R0, 0, 5), BPF_ST_MEM(BPF_H, R0, 10, -300),
	    BPF_LDX_MEMSX(BPF_H, R0, R0, 10), HI_MIX, EXIT), MIX((u64)-300), 0, MAPS, 60 },
	{ "v4: ldsx32 ctx ingress_ifindex", XDP,
	  P(BPF_LDX_MEMSX(BPF_W, R0, R1, offsetof(struct xdp_md, ingress_ifindex)), HI_MIX, EXIT),
	  7, 0, 0, 60 },
	{ "v4: ldsx8 ctx mark (tc)", TC,
	  P(BPF_ST_MEM(BPF_W, R1, offsetof(struct __sk_buff, mark), 0xff),
	    BPF_LDX_MEMSX(BPF_B, R0, R1, offsetof(struct __sk_buff, mark)), HI_MIX, EXIT),
	  MIX((u64)-1), 0, 0, 60 },
	{ "v4: ldsx8/16/32 ctx mark (tc)", TC,
	  P(BPF_ST_MEM(BPF_W, R1, offsetof(struct __sk_buff, mark), 0xfffe80ff),
	    BPF_LDX_MEMSX(BPF_B, R2, R1, offsetof(struct __sk_buff, mark)),
	    BPF_LDX_MEMSX(BPF_H, R3, R1, offsetof(struct __sk_buff, mark) + 2),
	    BPF_LDX_MEMSX(BPF_W, R4, R1, offsetof(struct __sk_buff, mark)),
	    BPF_MOV64_REG(R0, R2), BPF_ALU64_IMM(BPF_LSH, R0, 8), BPF_ALU64_REG(BPF_XOR, R0, R3),
	    BPF_ALU64_IMM(BPF_LSH, R0, 8), BPF_ALU64_REG(BPF_XOR, R0, R4), HI_MIX, EXIT),
	  MIX((((u64)-1 << 8 ^ (u64)-2) << 8) ^ SX32(0xfffe80ff)), 0, 0, 60 },
	{ "v4: movsx64 8", XDP, MOVSX64(MOVX, 8), MIX(SX8(MOVX)) },
	{ "v4: movsx64 16", XDP, MOVSX64(MOVX, 16), MIX(SX16(MOVX)) },
	{ "v4: movsx64 32", XDP, MOVSX64(MOVX, 32), MIX(SX32(MOVX)) },
	{ "v4: movsx64 8 positive", XDP, MOVSX64(MOVP, 8), 0x70 },
	{ "v4: movsx64 16 positive", XDP, MOVSX64(MOVP, 16), 0x5670 },
	{ "v4: movsx64 32 positive", XDP, MOVSX64(MOVP, 32), 0x12345670 },
	{ "v4: movsx32 8", XDP, MOVSX32(MOVX, 8), 0xffffff80 },
	{ "v4: movsx32 16", XDP, MOVSX32(MOVX, 16), 0xffffde80 },
	{ "v4: movsx32 8 positive", XDP, MOVSX32(MOVP, 8), 0x70 },
	{ "v4: movsx32 16 positive", XDP, MOVSX32(MOVP, 16), 0x5670 },
	{ "v4: sdiv64 -7/2", XDP, BINS64(BPF_DIV, (u64)-7, 2), (u64)-3 },
	{ "v4: sdiv64 7/-2", XDP, BINS64(BPF_DIV, 7, (u64)-2), (u64)-3 },
	{ "v4: sdiv64 -7/-2", XDP, BINS64(BPF_DIV, (u64)-7, (u64)-2), 3 },
	{ "v4: smod64 -7%2", XDP, BINS64(BPF_MOD, (u64)-7, 2), (u64)-1 },
	{ "v4: smod64 7%-2", XDP, BINS64(BPF_MOD, 7, (u64)-2), 1 },
	{ "v4: smod64 -7%-2", XDP, BINS64(BPF_MOD, (u64)-7, (u64)-2), (u64)-1 },
	{ "v4: sdiv64 INT_MIN/-1", XDP, BINS64(BPF_DIV, 0x8000000000000000ULL, ~0ULL),
	  0x8000000000000000ULL },
	{ "v4: smod64 INT_MIN%-1", XDP, BINS64(BPF_MOD, 0x8000000000000000ULL, ~0ULL), 0 },
	{ "v4: sdiv64 by zero is 0", XDP, BINS64(BPF_DIV, (u64)-5, 0), 0 },
	{ "v4: smod64 by zero is dst", XDP, BINS64(BPF_MOD, (u64)-5, 0), (u64)-5 },
	{ "v4: sdiv64 imm -3", XDP, SDIV_IMM(BPF_ALU64, BPF_DIV, (u64)-10, -3), 3 },
	{ "v4: smod64 imm -3", XDP, SDIV_IMM(BPF_ALU64, BPF_MOD, (u64)-10, -3), (u64)-1 },
	{ "v4: sdiv64 of a zero-extended value fills the upper half", XDP,
	  P(BPF_MOV64_IMM(R0, 7), BPF_MOV64_IMM(R1, -1), BPF_ALU64_REG_OFF(BPF_DIV, R0, R1, 1),
	    BPF_ALU64_IMM(BPF_RSH, R0, 32), EXIT), 0xffffffff },
	{ "v4: sdiv32 -7/2 ignores the upper half", XDP, BINS32(BPF_DIV, 0x5fffffff9ULL, 2),
	  0xfffffffd },
	{ "v4: smod32 -7%2", XDP, BINS32(BPF_MOD, 0xfffffff9ULL, 2), 0xffffffff },
	{ "v4: smod32 7%-2", XDP, BINS32(BPF_MOD, 7, 0xfffffffeULL), 1 },
	{ "v4: sdiv32 INT_MIN/-1", XDP, BINS32(BPF_DIV, 0x80000000ULL, 0x3ffffffffULL),
	  0x80000000ULL },
	{ "v4: smod32 INT_MIN%-1", XDP, BINS32(BPF_MOD, 0x80000000ULL, 0xffffffffULL), 0 },
	{ "v4: sdiv32 by zero is 0", XDP, BINS32(BPF_DIV, 0xfffffff9ULL, 0x100000000ULL), 0 },
	{ "v4: smod32 by zero truncates dst", XDP, BINS32(BPF_MOD, 0x1fffffffbULL, 0),
	  0xfffffffb },
	{ "v4: sdiv32 imm -3", XDP, SDIV_IMM(BPF_ALU, BPF_DIV, 0x1fffffff6ULL, -3), 3 },
	{ "v4: smod32 imm -3", XDP, SDIV_IMM(BPF_ALU, BPF_MOD, (u64)-10, -3), 0xffffffff },
	{ "v4: bswap16", XDP, BSWAP(16), 0x8877 },
	{ "v4: bswap32", XDP, BSWAP(32), 0x88776655 },
	{ "v4: bswap64", XDP, BSWAP(64), MIX(0x8877665544332211ULL) },
	{ "v4: bswap16 with a dead upper half, then alu32", XDP,
	  P(BPF_LD_IMM64(R1, 0x1122334455667788ULL), BPF_BSWAP(R1, 16),
	    BPF_ALU32_IMM(BPF_ADD, R1, 1), BPF_MOV64_REG(R0, R1), EXIT), 0x8878 },
	{ "v4: bswap32 with a dead upper half, then alu32", TC,
	  P(BPF_LD_IMM64(R1, 0x1122334455667788ULL), BPF_BSWAP(R1, 32),
	    BPF_ALU32_IMM(BPF_XOR, R1, 1), BPF_MOV64_REG(R0, R1), EXIT), 0x88776654 },
	{ "v4: gotol forward", XDP, P(BPF_MOV64_IMM(R0, 1), GOTOL(1), BPF_MOV64_IMM(R0, 2), EXIT),
	  1 },
	{ "v4: gotol loop", XDP,
	  P(BPF_MOV64_IMM(R0, 0), BPF_MOV64_IMM(R1, 5), BPF_ALU64_REG(BPF_ADD, R0, R1),
	    BPF_ALU64_IMM(BPF_SUB, R1, 1), BPF_JMP_IMM(BPF_JEQ, R1, 0, 1), GOTOL(-4), EXIT), 15 },
};

	/* every result below, counted from the tables that produce them */
	tap_plan(ARRAY_SIZE(cases) + IMAGE_TESTS + ARRAY_SIZE(rejects) + ARRAY_SIZE(v4_insns) +
		 CAPS_TESTS + HEADROOM_TESTS + 3 * ARRAY_SIZE(csum_cases) + 1);
	cpu = nfps_cpu_create(NULL, NULL);
	ref = calloc(1, sizeof(*ref));
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		run_case(&cases[i]);
	for (i = 0; i < ARRAY_SIZE(csum_cases); i++) {
		test_csum(&csum_cases[i], CSUM_61);
		test_csum(&csum_cases[i], CSUM_613);
		test_csum(&csum_cases[i], CSUM_61_GENERIC);
	}
	test_csum_generic_by_hand(csum_cases, ARRAY_SIZE(csum_cases));
	/* a map reference, so the image carries a relocation section too */
	test_image(cases, ARRAY_SIZE(cases), "map: array lookup + atomic add on value");
	for (i = 0; i < ARRAY_SIZE(big); i++)
		big[i] = BPF_ALU64_REG(BPF_MUL, R0, R1);
	big[ARRAY_SIZE(big) - 1] = (struct bpf_insn)EXIT;
	for (i = 0; i < ARRAY_SIZE(rejects); i++)
		test_reject(&rejects[i]);
	for (i = 0; i < ARRAY_SIZE(v4_insns); i++)
		test_v4_supported(&v4_insns[i]);
	test_helper_msg();
	test_helper_names();
	test_call_fixup_full();
	test_one_walk(cases, ARRAY_SIZE(cases));
	test_nomem(cases, ARRAY_SIZE(cases));
	test_headroom_zeroed(false);
	test_headroom_zeroed(nfps_jit_enabled());
	nfps_cpu_destroy(cpu);
	free(ref);
	return tap_done();
}
