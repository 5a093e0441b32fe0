// SPDX-License-Identifier: GPL-2.0
/*
 * The simulator's native tier: microcode compiled to x86-64 host code.
 *
 * The interpreter (sim.c) is the definition of the microengine; this tier
 * must give bit-identical results: registers, flags, memory, retval,
 * cycles, words executed, fault code and fault word. It is tested against
 * the interpreter on the corpus, the translate+simulate table and the
 * fuzzer (tests/test_jit.c, fuzz_xlate.c). It exists because the issue's
 * speed target (simulator within 4x of the host's eBPF JIT per packet) is
 * out of reach of any interpreter; the kernel module keeps the interpreter
 * (a 6.1 module cannot allocate executable memory).
 *
 * Design (the same split the kernel's eBPF JITs use, scaled down):
 *  - basic blocks: a block ends after every branch, call, return and
 *    command unit with data-dependent cycles; its static cycles and word
 *    count are charged once at entry;
 *  - watchdog: checked at check points only (entry, loop heads, call
 *    targets, return points, after command units with data-dependent
 *    cycles), which every cycle of the CFG passes. At a check point, if
 *    the interpreter's per-word check could fire before the next one
 *    (cycles + the worst path to it > budget), the state goes back to the
 *    interpreter, which finishes the run word by word: exact fault word
 *    and cycle count without a per-word check;
 *  - registers: the 8 most used microengine registers live in host
 *    registers, the others in the context (cpu->r); all are written back
 *    before any call into C and on exit;
 *  - flags: kept in cpu->fz/fc/fn/fv as the interpreter does, but only
 *    those a later word reads (backward liveness over the microcode CFG);
 *    a branch right after its compare uses the host flags, carry chains
 *    (add/addc, cmp/cmpc) inside a block keep the carry in the host's CF;
 *  - memory commands and atomics: the likely region (packet buffer, or
 *    local memory for frame-pointer addresses) inline with the bounds
 *    checks of nfps_mem(), the other one and map values out of line, the
 *    rest (a carry into the region word, unknown regions) through the
 *    interpreter's own nfps_exec_one(), as are dividers, fetching
 *    and/or/xor, the rarer CSRs, command units, call and return;
 *  - cold code (exits, other regions, the taken path of forward
 *    branches) is emitted after all blocks, so straight-line code stays
 *    straight.
 * Host registers: rbx = context, r14 = run state, r15 = cycles, r13 =
 * words executed, rax/rcx/rdx scratch; rsi, rdi, r8-r12, rbp hold
 * microengine registers.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/mman.h>

#include "x86.h"
#include "jit.h"

#if defined(__x86_64__)

/*
 * Registers at entry, as nfps_run() sets them for the interpreter: zero,
 * but r1 (context or memory), r2 (RAW: length) and r10 (frame pointer).
 * Only the registers the program can touch are written: every register a
 * word names (and its pair partner), and all eBPF register pairs (command
 * units, calls and the result use them implicitly). The others are never
 * read: not by this code, nor by the interpreter after a watchdog hand-over.
 */
static void jinit_regs(struct jit *j)
{
	const struct nfps_prog *prog = j->prog;
	bool raw = prog->type == NFPS_PROG_RAW;
	u8 used[NFPS_NR_GPR + 1] = {};
	u32 i, v;

	for (i = 0; i < NFPS_GPR_T0; i++)
		used[i] = 1;
	for (i = 0; i < prog->nr_words; i++) {
		const struct nfps_dinsn *d = &prog->dec[i];

		used[d->d] = used[d->d + 1] = used[d->a] = used[d->a + 1] = 1;
		used[d->b] = used[d->b + 1] = used[d->x & 63] = used[(d->x & 63) + 1] = 1;
	}
	for (i = 0; i < NFPS_NR_GPR; i++) {
		if (!used[i])
			continue;
		if (raw && (i == NFPS_GPR_LO(1) || i == NFPS_GPR_LO(2))) {
			u8 h = jmapped(j, i) ? j->map[i] : RAX;

			jrm(j, 0x8b, h, jmem(RBX, i == NFPS_GPR_LO(1) ? OFF_DATA : OFF_DEND));
			if (i == NFPS_GPR_LO(2))
				jrm(j, 0x2b, h, jmem(RBX, OFF_DATA));
			jst(j, i, h);
			continue;
		}
		v = i == NFPS_GPR_HI(1) ? (raw ? NFPS_RGN_PKT : NFPS_RGN_CTX) :
		    i == NFPS_GPR_LO(10) ? NFPS_STACK_SIZE :
		    i == NFPS_GPR_HI(10) ? NFPS_RGN_STACK : 0;
		if (jmapped(j, i)) {
			if (v)
				jmov_imm(j, j->map[i], v);
			else
				jrm(j, 0x33, j->map[i], jreg(j->map[i]));	/* xor */
		} else if (!(i & 1) && !v && used[i + 1] && !jmapped(j, i + 1) &&
			   i + 1 != NFPS_GPR_HI(1) && i + 1 != NFPS_GPR_HI(10)) {
			jins(j, true, false, JOP1(0xc7), 0, jmem(RBX, OFF_R(i)));	/* both */
			jb4(j, 0);
			i++;
		} else {
			jins(j, false, false, JOP1(0xc7), 0, jmem(RBX, OFF_R(i)));
			jb4(j, v);
		}
	}
}

static void jprologue(struct jit *j)
{
	static const u8 push[] = { 0x53, 0x55, 0x41, 0x54, 0x41, 0x55, 0x41, 0x56, 0x41, 0x57 };
	u32 i;

	for (i = 0; i < sizeof(push); i++)		/* push rbx rbp r12-r15 */
		jb(j, push[i]);
	jb(j, 0x48); jb(j, 0x83); jb(j, 0xec); jb(j, 8);	/* sub rsp, 8 */
	jb(j, 0x48); jb(j, 0x89); jb(j, 0xfb);		/* mov rbx, rdi */
	jb(j, 0x49); jb(j, 0x89); jb(j, 0xf6);		/* mov r14, rsi */
	jins(j, true, false, JOP1(0x8b), R15, jmem(R14, OFF_CYC));
	jins(j, true, false, JOP1(0x8b), R13, jmem(R14, OFF_NEXEC));
	jinit_regs(j);
}

/* done (eax = 0), fault (1) and bail (2) all leave through here */
static void jepilogue(struct jit *j)
{
	static const u8 pop[] = { 0x41, 0x5f, 0x41, 0x5e, 0x41, 0x5d, 0x41, 0x5c, 0x5d, 0x5b };
	u32 i;

	j->done_off = j->len;
	jb(j, 0x31); jb(j, 0xc0);			/* xor eax, eax */
	j->exit_off = j->len;
	jsync(j, true);
	jins(j, true, false, JOP1(0x89), R15, jmem(R14, OFF_CYC));
	jins(j, true, false, JOP1(0x89), R13, jmem(R14, OFF_NEXEC));
	jb(j, 0x48); jb(j, 0x83); jb(j, 0xc4); jb(j, 8);	/* add rsp, 8 */
	for (i = 0; i < sizeof(pop); i++)
		jb(j, pop[i]);
	jb(j, 0xc3);
}

static void jstubs(struct jit *j)
{
	u32 i;

	for (i = 0; i < j->nr_stub && !j->oom; i++) {
		const struct jit_stub st = j->stub[i], *s = &st;	/* stubs may add stubs */

		jpatch(j, s->at, j->len);
		if (s->kind == JS_TAKEN) {
			jtaken(j, s->pc);
			continue;
		}
		if (s->kind == JS_MEM) {
			nfps_jit_mem_cold(j, s);
			continue;
		}
		if (s->cyc_sub)
			jalu_imm(j, true, 5, jreg(R15), s->cyc_sub);
		if (s->nexec_sub)
			jalu_imm(j, true, 5, jreg(R13), s->nexec_sub);
		jins(j, false, false, JOP1(0xc7), 0, jmem(R14, OFF_PC));
		jb4(j, s->pc);
		if (s->fault == JIT_STUB_BAIL) {
			jmov_imm(j, RAX, JIT_BAIL);
		} else {
			if (s->fault == JIT_STUB_EAX) {
				jrm(j, 0x89, RAX, jmem(R14, OFF_FAULT));
			} else {
				jins(j, false, false, JOP1(0xc7), 0, jmem(R14, OFF_FAULT));
				jb4(j, s->fault);
			}
			jmov_imm(j, RAX, JIT_FAULT);
		}
		jpatch(j, jjmp(j), j->exit_off);
	}
}

/* block entry: watchdog look-ahead, then the block's cycles and words */
static void jblock_entry(struct jit *j)
{
	const struct nfps_dinsn *dec = j->prog->dec;
	u32 i, cost = 0;

	for (j->be = j->bs; j->be < j->prog->nr_words && !j->leader[j->be + 1]; j->be++)
		;
	for (i = j->bs; i <= j->be; i++)
		cost += dec[i].cost;
	j->cf_ok = false;
	j->fl = JIT_FL_NONE;
	if (j->ckpt[j->bs]) {
		jins(j, true, false, JOP1(0x8d), RAX, jmem(R15, j->ahead[j->bs]));
		jins(j, true, false, JOP1(0x3b), RAX, jmem(R14, OFF_BUDGET));
		jstub(j, jjcc(j, X_A), j->bs, JIT_STUB_BAIL);
		if (!j->oom) {	/* a bail charges nothing of this block */
			j->stub[j->nr_stub - 1].nexec_sub = 0;
			j->stub[j->nr_stub - 1].cyc_sub = 0;
		}
	}
	jcyc_add(j, cost);
	jalu_imm(j, true, 0, jreg(R13), j->be - j->bs + 1);
}


static int jit_run(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		   u64 budget);

static void jit_free(struct nfps_native *native)
{
	struct jit_native *jn = (struct jit_native *)native;

	if (jn->mem)
		munmap(jn->mem, jn->mem_len);
	free(jn->table);
	free(jn);
}


/*
 * NFPSIM_JIT_DUMP=FILE: write the host code of each compiled program (the
 * last one wins), for "objdump -D -b binary -mi386:x86-64 FILE".
 */
static void jit_dump(const struct jit *j)
{
	const char *path = getenv("NFPSIM_JIT_DUMP");
	FILE *f = path ? fopen(path, "w") : NULL;

	if (!f)
		return;
	if (fwrite(j->buf, 1, j->len, f) != j->len)
		fprintf(stderr, "nfpsim: writing %s failed\n", path);
	fclose(f);
}

static struct jit_native *jit_compile(const struct nfps_prog *prog)
{
	u32 n = prog->nr_words, i, ret_fix = 0, *ret_at = NULL;
	struct jit_native *jn = NULL;
	struct jit j = { .prog = prog };
	bool ok = false;
	u8 *mem;

	j.leader = calloc(n + 2, 1);
	j.live = calloc(n + 1, 1);
	j.ckpt = calloc(n + 2, 1);
	j.ahead = calloc(n + 2, sizeof(*j.ahead));
	j.blk_off = calloc(n + 1, sizeof(*j.blk_off));
	ret_at = calloc(n + 1, sizeof(*ret_at));
	jn = calloc(1, sizeof(*jn));
	if (!j.leader || !j.live || !j.ckpt || !j.ahead || !j.blk_off || !ret_at || !jn)
		goto fail;
	jn->table = calloc(n + 1, sizeof(*jn->table));
	if (!jn->table)
		goto fail;
	nfps_jit_alloc_regs(&j);
	nfps_jit_mark_leaders(&j);
	nfps_jit_checkpoints(&j);
	if (nfps_jit_flag_liveness(&j))
		goto fail;
	jprologue(&j);
	jfix(&j, jjmp(&j), 0);
	jepilogue(&j);
	for (j.bs = 0; j.bs <= n; j.bs = j.be + 1) {
		j.blk_off[j.bs] = j.len;
		jblock_entry(&j);
		for (i = j.bs; i <= j.be; i++) {
			nfps_jit_word(&j, i);
			if (prog->dec[i].op == NFPS_OP_RET)
				ret_at[ret_fix++] = j.len - 3 - 8;	/* movabs imm64 */
		}
	}
	j.illegal_off = j.len;
	j.be = n;
	jstub(&j, jjmp(&j), n, NFPS_FAULT_ILLEGAL);
	if (!j.oom)
		jstubs(&j);
	if (j.oom)
		goto fail;
	for (i = 0; i < j.nr_fix; i++)
		jpatch(&j, j.fix[i].at, j.blk_off[j.fix[i].word]);

	jn->mem_len = (j.len + 4095) & ~4095UL;
	mem = mmap(NULL, jn->mem_len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (mem == MAP_FAILED)
		goto fail;
	jn->mem = mem;
	for (i = 0; i < ret_fix; i++)
		memcpy(j.buf + ret_at[i], &jn->table, 8);
	memcpy(mem, j.buf, j.len);
	jit_dump(&j);
	for (i = 0; i <= n; i++)
		jn->table[i] = mem + (j.leader[i] ? j.blk_off[i] : j.illegal_off);
	if (mprotect(mem, jn->mem_len, PROT_READ | PROT_EXEC))
		goto fail;
	jn->fn = (jit_fn)(uintptr_t)mem;
	jn->native.run = jit_run;
	jn->native.free = jit_free;
	ok = true;
fail:
	free(j.buf);
	free(j.live);
	free(j.ckpt);
	free(j.ahead);
	free(j.leader);
	free(j.blk_off);
	free(j.fix);
	free(j.stub);
	free(ret_at);
	if (ok)
		return jn;
	if (jn)
		jit_free(&jn->native);
	return NULL;
}

/* nfps_native.run: the compiled code, then the interpreter after a hand-over */
static int jit_run(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		   u64 budget)
{
	const struct jit_native *jn = (const struct jit_native *)prog->native;
	struct jit_state st = { .budget = budget };
	u32 status = jn->fn(cpu, &st);

	if (status == JIT_BAIL)
		return nfps_exec_resume(prog, cpu, run, budget, st.pc, st.cyc, st.nexec);
	if (status == JIT_FAULT) {
		run->fault = st.fault;
		run->fault_pc = st.pc;
	}
	/* one load per field: a merged 16-byte load would miss store forwarding */
	run->cycles = READ_ONCE(st.cyc);
	run->ucode_executed = READ_ONCE(st.nexec);
	run->retval = READ_ONCE(cpu->r[NFPS_R0L]) | (u64)READ_ONCE(cpu->r[NFPS_R0L + 1]) << 32;
	return 0;
}

bool nfps_jit_enabled(void)
{
	const char *e = getenv("NFPSIM_JIT");

	return !e || strcmp(e, "0");
}

int nfps_jit_attach(struct nfps_prog *prog, struct nfps_diag *diag)
{
	struct jit_native *jn;

	if (!prog || prog->native || !prog->nr_words || !nfps_jit_enabled())
		return 0;
	jn = jit_compile(prog);
	if (!jn)
		return nfps_fail(diag, -1, -ENOMEM,
				 "native tier: no memory (or no executable mapping) for the code");
	prog->native = &jn->native;
	return 0;
}

#else /* !__x86_64__ */

bool nfps_jit_enabled(void)
{
	return false;
}

int nfps_jit_attach(struct nfps_prog *prog, struct nfps_diag *diag)
{
	return 0;
}

#endif

void nfps_jit_detach(struct nfps_prog *prog)
{
	if (prog && prog->native) {
		prog->native->free(prog->native);
		prog->native = NULL;
	}
}
