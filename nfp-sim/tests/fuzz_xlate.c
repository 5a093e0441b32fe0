// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: fuzz input -> random (mostly well-formed) RAW eBPF
 * program + memory; translate (rejections are fine) and run on the
 * simulator; whenever the reference interpreter completes the program, r0
 * and the memory bytes must agree. Registers r9 (memory) and r10 (stack)
 * are the only pointers, used only as memory bases, so r0 never carries an
 * address (which differ between the two machines by design). Every run is
 * repeated in the simulator's native tier (native/, x86-64), which
 * must match the interpreter exactly, faults and cycles included.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "compat.h"
#include "nfps.h"
#include "jit.h"
#include "ref_insn.h"
#include "ref_interp.h"

#define MAX_INSNS	96
/*
 * The reference gives up after REF_LIMIT eBPF instructions, the simulator
 * after SIM_BUDGET cycles: at most ~100 cycles per eBPF instruction (a
 * 64-bit divide, a packet access at CTM latency) keeps every program the
 * reference completes inside the budget, and endless loops cheap (they
 * were 95% of the time with 2M cycles: ~200 executions/s).
 */
#define REF_LIMIT	1000
#define SIM_BUDGET	150000

static const u8 alu_ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR, BPF_AND, BPF_LSH,
			      BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH, BPF_END };
static const u8 jmp_ops[] = { BPF_JA, BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
			      BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
static const s32 atomics[] = { BPF_ADD, BPF_AND, BPF_OR, BPF_XOR, BPF_ADD | BPF_FETCH,
			       BPF_AND | BPF_FETCH, BPF_OR | BPF_FETCH, BPF_XOR | BPF_FETCH,
			       BPF_XCHG, BPF_CMPXCHG };
static const s32 imms[] = { 0, 1, -1, 2, 7, 31, 32, 63, 64, 0x7fff, 0x8000, 0xffff, 0x10000,
			    0x7fffffff, (s32)0x80000000, -2, -32768 };

struct rd {
	const u8 *p;
	size_t n;
};

static u32 take(struct rd *r, u32 bytes)
{
	u32 v = 0;

	while (bytes--) {
		v = v << 8 | (r->n ? *r->p : 0);
		if (r->n) {
			r->p++;
			r->n--;
		}
	}
	return v;
}

static s32 rimm(struct rd *r)
{
	u32 sel = take(r, 1);

	if (sel < 160)
		return imms[sel % ARRAY_SIZE(imms)];
	return (s32)take(r, 4);
}

static u32 gen(struct rd *r, struct bpf_insn *p, u32 max)
{
	u32 n = 0, i;

	p[n++] = BPF_MOV64_REG(BPF_REG_9, BPF_REG_1);
	p[n++] = BPF_MOV64_IMM(BPF_REG_1, 0);
	while (n < max - 3 && r->n) {
		u32 kind = take(r, 1) % 16, a = take(r, 1);
		u8 dst = a % 9, src = (a >> 4) % 9;
		struct bpf_insn in = {};

		if (kind < 7) {			/* ALU */
			u8 op = alu_ops[take(r, 1) % ARRAY_SIZE(alu_ops)];
			u8 cls = kind & 1 ? BPF_ALU64 : BPF_ALU;
			bool x = kind & 2;

			in.code = cls | op | (x ? BPF_X : BPF_K);
			in.dst_reg = dst;
			in.src_reg = x ? src : 0;
			in.imm = x ? 0 : rimm(r);
			if (op == BPF_END) {
				in.code = cls | BPF_END | (kind & 2 ? BPF_TO_BE : BPF_TO_LE);
				if (cls == BPF_ALU64)
					in.code = BPF_ALU64 | BPF_END | BPF_TO_LE;
				in.src_reg = 0;
				in.imm = 16 << (take(r, 1) % 3);
			} else if ((op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) && !x) {
				in.imm &= cls == BPF_ALU64 ? 63 : 31;
			} else if (op == BPF_NEG) {
				in.code = cls | BPF_NEG;
				in.src_reg = 0;
				in.imm = 0;
			} else if ((op == BPF_DIV || op == BPF_MOD) && (take(r, 1) & 1)) {
				in.off = 1;
			} else if (op == BPF_MOV && x && (take(r, 1) & 3) == 0) {
				in.off = 8 << (take(r, 1) % (cls == BPF_ALU64 ? 3 : 2));
			}
		} else if (kind < 10) {		/* JMP */
			u8 op = jmp_ops[take(r, 1) % ARRAY_SIZE(jmp_ops)];
			bool x = kind & 1;
			s32 off = (s8)take(r, 1) % 12;

			in.code = (kind == 9 && op != BPF_JA ? BPF_JMP32 : BPF_JMP) | op |
				  (op == BPF_JA ? 0 : x ? BPF_X : BPF_K);
			in.dst_reg = op == BPF_JA ? 0 : dst;
			in.src_reg = x && op != BPF_JA ? src : 0;
			in.imm = x || op == BPF_JA ? 0 : rimm(r);
			if ((s32)n + 1 + off < 2)
				off = 0;
			in.off = off;
		} else if (kind < 14) {		/* memory: stack or packet */
			u8 sz = sizes[take(r, 1) % 4], bytes = 1 << ((0x3120 >> (sz >> 1)) & 3);
			bool stack = take(r, 1) & 1;
			s16 off = stack ? -(s16)(8 + 8 * (take(r, 1) % 32)) : take(r, 1) % 64;

			bytes = sz == BPF_DW ? 8 : sz == BPF_W ? 4 : sz == BPF_H ? 2 : 1;
			off &= ~(bytes - 1);
			if (kind == 10) {
				in = BPF_LDX_MEM(sz, dst, stack ? BPF_REG_10 : BPF_REG_9, off);
			} else if (kind == 11) {
				in = BPF_STX_MEM(sz, stack ? BPF_REG_10 : BPF_REG_9, src, off);
			} else if (kind == 12) {
				in = BPF_ST_MEM(sz, stack ? BPF_REG_10 : BPF_REG_9, off, rimm(r));
			} else {
				in = BPF_ATOMIC_OP(sz == BPF_DW ? BPF_DW : BPF_W,
						   atomics[take(r, 1) % ARRAY_SIZE(atomics)],
						   BPF_REG_10, src, stack ? off & ~7 : -8);
			}
		} else {			/* 64-bit constant */
			struct bpf_insn ld[2] = { BPF_LD_IMM64(dst, (u64)take(r, 4) << 32 |
								take(r, 4)) };

			p[n++] = ld[0];
			p[n++] = ld[1];
			continue;
		}
		p[n++] = in;
	}
	p[n++] = BPF_EXIT_INSN();
	/* clamp jumps that leave the program */
	for (i = 0; i < n; i++) {
		u8 cls = BPF_CLASS(p[i].code);

		if ((cls == BPF_JMP || cls == BPF_JMP32) && BPF_OP(p[i].code) != BPF_EXIT &&
		    (s64)i + 1 + p[i].off >= n)
			p[i].off = n - 1 - i - 1;
	}
	return n;
}

static struct nfps_cpu *cpu;
static struct ref_ctx *ref;
static u64 nr_translated, nr_compared;

static void __attribute__((destructor)) stats(void)
{
	if (getenv("FUZZ_STATS"))
		fprintf(stderr, "fuzz_xlate: %llu translated, %llu compared with the reference\n",
			(unsigned long long)nr_translated, (unsigned long long)nr_compared);
}

/*
 * The native tier (native/) must match the interpreter exactly:
 * result, fault and word, cycles, words executed, memory.
 */
static void fuzz_native(struct nfps_prog *prog, const struct nfps_run *ri, const u8 *mem,
			u32 mlen)
{
	static u8 out[NFPS_PKT_MAX];
	struct nfps_run rj = {};
	struct nfps_diag diag;
	u32 li, lj;
	u8 *p;

	if (!nfps_jit_enabled())
		return;
	p = nfps_cpu_pkt(cpu, &li, NULL);
	memcpy(out, p, li);
	if (nfps_jit_attach(prog, &diag))
		abort();
	nfps_cpu_load_mem(cpu, mem, mlen);
	nfps_run(prog, cpu, &rj, NULL, SIM_BUDGET);
	p = nfps_cpu_pkt(cpu, &lj, NULL);
	if (rj.retval != ri->retval || rj.fault != ri->fault || rj.fault_pc != ri->fault_pc ||
	    rj.cycles != ri->cycles || rj.ucode_executed != ri->ucode_executed || li != lj ||
	    memcmp(out, p, li)) {
		fprintf(stderr, "native tier: r0 %#llx fault %u@%u cycles %llu words %llu; "
			"interpreter: r0 %#llx fault %u@%u cycles %llu words %llu\n",
			(unsigned long long)rj.retval, rj.fault, rj.fault_pc,
			(unsigned long long)rj.cycles, (unsigned long long)rj.ucode_executed,
			(unsigned long long)ri->retval, ri->fault, ri->fault_pc,
			(unsigned long long)ri->cycles, (unsigned long long)ri->ucode_executed);
		abort();
	}
	nfps_jit_detach(prog);	/* the frame is the same: the reference check reads it */
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct bpf_insn insns[MAX_INSNS];
	struct rd r = { data, size };
	struct nfps_xlate_in in = { .type = NFPS_PROG_RAW, .insns = insns };
	struct nfps_diag diag;
	struct nfps_prog *prog;
	struct nfps_run run = {};
	u8 mem[64];
	u32 mlen, plen, i;
	u8 *p;

	if (!cpu) {
		cpu = nfps_cpu_create(NULL, NULL);
		ref = calloc(1, sizeof(*ref));
	}
	in.opt = take(&r, 1) & 1 ? NFPS_OPT_ALL : take(&r, 1) & NFPS_OPT_ALL;
	mlen = take(&r, 1) % 65;
	for (i = 0; i < mlen; i++)
		mem[i] = take(&r, 1);
	in.len = gen(&r, insns, MAX_INSNS);

	prog = nfps_translate(&in, &diag);
	if (!prog)
		return 0;
	nr_translated++;
	nfps_cpu_load_mem(cpu, mem, mlen);
	nfps_run(prog, cpu, &run, NULL, SIM_BUDGET);

	fuzz_native(prog, &run, mem, mlen);

	memset(ref, 0, sizeof(*ref));
	ref->type = NFPS_PROG_RAW;
	ref->insns = insns;
	ref->len = in.len;
	ref->limit = REF_LIMIT;
	ref_load_pkt(ref, mem, mlen);
	if (ref_run(ref) == REF_OK) {
		nr_compared++;
		p = nfps_cpu_pkt(cpu, &plen, NULL);
		if (run.fault || run.retval != ref->r0 || plen != mlen ||
		    memcmp(p, ref->pkt + ref->data, mlen)) {
			fprintf(stderr, "mismatch: fault %u at %u r0 %#llx ref %#llx\n", run.fault,
				run.fault_pc, (unsigned long long)run.retval,
				(unsigned long long)ref->r0);
			abort();
		}
	}
	nfps_prog_free(prog);
	return 0;
}
