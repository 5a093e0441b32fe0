// SPDX-License-Identifier: GPL-2.0
/*
 * eBPF -> microcode translator: the per-eBPF-opcode table (which is also the
 * NIC's capability check), the emitter and the driver loop.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"
#include "xlate.h"
#include "cfg.h"

struct nfps_xop {
	nfps_xlate_fn xlate;
	nfps_check_fn check;
};

#define ALU_OP(op)							\
	[BPF_ALU | (op) | BPF_K] = { nfps_x_alu, nfps_c_alu },		\
	[BPF_ALU | (op) | BPF_X] = { nfps_x_alu, nfps_c_alu },		\
	[BPF_ALU64 | (op) | BPF_K] = { nfps_x_alu, nfps_c_alu },	\
	[BPF_ALU64 | (op) | BPF_X] = { nfps_x_alu, nfps_c_alu }
#define JMP_OP(op)							\
	[BPF_JMP | (op) | BPF_K] = { nfps_x_jmp, nfps_c_jmp },		\
	[BPF_JMP | (op) | BPF_X] = { nfps_x_jmp, nfps_c_jmp },		\
	[BPF_JMP32 | (op) | BPF_K] = { nfps_x_jmp, nfps_c_jmp },	\
	[BPF_JMP32 | (op) | BPF_X] = { nfps_x_jmp, nfps_c_jmp }
#define MEM_OP(sz)							\
	[BPF_LDX | BPF_MEM | (sz)] = { nfps_x_ldx, nfps_c_mem },	\
	[BPF_LDX | BPF_MEMSX | (sz)] = { nfps_x_ldx, nfps_c_mem },	\
	[BPF_STX | BPF_MEM | (sz)] = { nfps_x_st, nfps_c_mem },		\
	[BPF_ST | BPF_MEM | (sz)] = { nfps_x_st, nfps_c_mem }

/* The one eBPF opcode table: translation callback + capability check. */
static const struct nfps_xop nfps_xops[256] = {
	ALU_OP(BPF_ADD), ALU_OP(BPF_SUB), ALU_OP(BPF_MUL), ALU_OP(BPF_DIV),
	ALU_OP(BPF_OR), ALU_OP(BPF_AND), ALU_OP(BPF_LSH), ALU_OP(BPF_RSH),
	ALU_OP(BPF_MOD), ALU_OP(BPF_XOR), ALU_OP(BPF_MOV), ALU_OP(BPF_ARSH),
	[BPF_ALU | BPF_NEG] = { nfps_x_alu, nfps_c_alu },
	[BPF_ALU64 | BPF_NEG] = { nfps_x_alu, nfps_c_alu },
	[BPF_ALU | BPF_END | BPF_TO_LE] = { nfps_x_alu, nfps_c_alu },
	[BPF_ALU | BPF_END | BPF_TO_BE] = { nfps_x_alu, nfps_c_alu },
	[BPF_ALU64 | BPF_END | BPF_TO_LE] = { nfps_x_alu, nfps_c_alu },
	JMP_OP(BPF_JEQ), JMP_OP(BPF_JNE), JMP_OP(BPF_JGT), JMP_OP(BPF_JGE),
	JMP_OP(BPF_JLT), JMP_OP(BPF_JLE), JMP_OP(BPF_JSGT), JMP_OP(BPF_JSGE),
	JMP_OP(BPF_JSLT), JMP_OP(BPF_JSLE), JMP_OP(BPF_JSET),
	[BPF_JMP | BPF_JA] = { nfps_x_jmp, nfps_c_jmp },
	[BPF_JMP32 | BPF_JA] = { nfps_x_jmp, nfps_c_jmp },
	[BPF_JMP | BPF_CALL] = { nfps_x_call, nfps_c_call },
	[BPF_JMP | BPF_CALL | BPF_X] = { nfps_x_call, nfps_c_call },	/* callx: RAW only */
	[BPF_JMP | BPF_EXIT] = { nfps_x_exit, NULL },
	[BPF_LD | BPF_IMM | BPF_DW] = { nfps_x_ld_imm64, nfps_c_ld_imm64 },
	MEM_OP(BPF_B), MEM_OP(BPF_H), MEM_OP(BPF_W), MEM_OP(BPF_DW),
	[BPF_STX | BPF_ATOMIC | BPF_W] = { nfps_x_atomic, nfps_c_atomic },
	[BPF_STX | BPF_ATOMIC | BPF_DW] = { nfps_x_atomic, nfps_c_atomic },
};

/*
 * RFC 9669 ("cpu=v4") instructions: a verifier older than Linux 6.6 does not
 * check them, so XDP/tc programs may use them only with NFPS_CAP_CPUV4.
 */
static bool nfps_insn_cpuv4(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code);

	if (cls == BPF_ALU || cls == BPF_ALU64) {
		if (BPF_OP(insn->code) == BPF_END)
			return cls == BPF_ALU64;
		return insn->off != 0;
	}
	if (cls == BPF_LDX)
		return BPF_MODE(insn->code) == BPF_MEMSX;
	if (cls == BPF_JMP32)
		return BPF_OP(insn->code) == BPF_JA;
	return false;
}

/**
 * nfps_insn_supported() - can the NIC run instruction @idx?
 * @type: program type
 * @caps: NFPS_CAP_* of the verifier that checked the program
 * @insns: the program
 * @len: its length
 * @idx: the instruction to check
 * @diag: reason on failure
 *
 * Uses the translator's own opcode table, so the answer is exactly what
 * nfps_translate() will accept for this instruction in isolation.
 *
 * Return: 0 or -EOPNOTSUPP.
 */
int nfps_insn_supported(enum nfps_prog_type type, u32 caps, const struct bpf_insn *insns,
			u32 len, u32 idx, struct nfps_diag *diag)
{
	const struct bpf_insn *insn = &insns[idx];
	const struct nfps_xop *op = &nfps_xops[insn->code];

	if (!op->xlate) {
		if (BPF_CLASS(insn->code) == BPF_LD)
			return nfps_fail(diag, idx, -EOPNOTSUPP,
					 "legacy packet load (opcode %#04x) not supported by the NIC: use direct packet access (data/data_end)",
					 insn->code);
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "instruction opcode %#04x not supported by the NIC: it is not in the RFC 9669 instruction set the NIC implements",
				 insn->code);
	}
	if (insn->dst_reg > BPF_REG_10 || insn->src_reg > BPF_REG_10)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "register r%u not supported by the NIC: only r0-r10 exist (disable JIT hardening)",
				 max_t(u32, insn->dst_reg, insn->src_reg));
	if (nfps_insn_cpuv4(insn) && type != NFPS_PROG_RAW && !(caps & NFPS_CAP_CPUV4))
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "RFC 9669 instruction (opcode %#04x off %d) not supported by the NIC for XDP/tc on this kernel: its verifier does not check cpu=v4 instructions (Linux 6.6 and later do), compile with -mcpu=v3",
				 insn->code, insn->off);
	if (op->check)
		return op->check(type, insns, len, idx, diag);
	return 0;
}

/* ---- driver ------------------------------------------------------------- */

static void nfps_xctx_free(struct nfps_xctx *x)
{
	nfps_prog_free(x->prog);
	nfps_vfree(x->fix);
	nfps_vfree(x->hz_in);
	nfps_vfree(x->live_out);
	nfps_vfree(x->jmp_tgt);
	nfps_vfree((void *)x->facts);
	nfps_vfree(x->own_insns);
}

static void nfps_mark_jmp_targets(struct nfps_xctx *x)
{
	u32 i;
	s64 t;

	for (i = 0; i < x->len; i++) {
		if (!nfps_ebpf_has_target(&x->insns[i]))
			continue;
		t = nfps_ebpf_target(&x->insns[i], i);
		if (t >= 0 && t < x->len)
			x->jmp_tgt[t] = 1;
	}
}

static bool nfps_shift_imm_wide(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	return (cls == BPF_ALU || cls == BPF_ALU64) && BPF_SRC(insn->code) == BPF_K &&
	       (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) &&
	       (u32)insn->imm >= (cls == BPF_ALU64 ? 64 : 32);
}

/*
 * RFC 9669 masks every shift amount to the operand width, immediates too;
 * Linux's verifier refuses immediates out of range, and XDP/tc programs keep
 * its rule (nfps_c_alu()). RAW programs have no verifier: they are
 * translated from a copy with those immediates masked, so the check, the
 * analysis and the lowering all see 0..31 or 0..63.
 */
static int nfps_raw_mask_shifts(struct nfps_xctx *x, struct nfps_diag *diag)
{
	struct bpf_insn *own;
	u32 i;

	for (i = 0; i < x->len && !nfps_shift_imm_wide(&x->insns[i]); i++)
		;
	if (i == x->len)
		return 0;
	own = nfps_vzalloc(sizeof(*own) * x->len);
	if (!own)
		return nfps_fail(diag, -1, -ENOMEM, "out of memory");
	memcpy(own, x->insns, sizeof(*own) * x->len);
	for (; i < x->len; i++)
		if (nfps_shift_imm_wide(&own[i]))
			own[i].imm &= BPF_CLASS(own[i].code) == BPF_ALU64 ? 63 : 31;
	x->own_insns = own;
	x->insns = own;
	return 0;
}

static int nfps_xctx_init(struct nfps_xctx *x, const struct nfps_xlate_in *in,
			  struct nfps_diag *diag)
{
	struct nfps_insn_fact *facts;
	int err;
	u32 i;

	memset(x, 0, sizeof(*x));
	x->in = in;
	x->insns = in->insns;
	x->len = in->len;
	if (in->type == NFPS_PROG_RAW) {
		err = nfps_raw_mask_shifts(x, diag);
		if (err)
			return err;
	}
	x->diag = diag;
	x->opt = in->opt;
	x->cap = in->code_store ? in->code_store : NFPS_CODE_STORE_DEFAULT;
	if (x->cap > 0xffff)
		x->cap = 0xffff;	/* 16-bit branch targets */
	/* the emitter writes straight into the program object */
	x->prog = nfps_prog_alloc(in, x->cap, diag);
	if (!x->prog)
		return -ENOMEM;
	for (i = 0; i < in->nr_maps; i++)
		if (in->maps[i].map)
			x->prog->rgn[i].base = nfps_map_region(in->maps[i].map,
							       &x->prog->rgn[i].size);
	x->words = x->prog->words;
	x->insn_off = x->prog->insn_off;
	x->relos = x->prog->relos;
	x->cap_relos = in->len + 1;
	x->cap_fix = in->len * 2 + 1;
	x->fix = nfps_vzalloc(sizeof(*x->fix) * x->cap_fix);
	x->hz_in = nfps_vzalloc(sizeof(u32) * in->len);
	facts = nfps_vzalloc(sizeof(*facts) * in->len);
	x->facts = facts;
	if (!x->fix || !x->hz_in || !facts)
		return nfps_fail(diag, -1, -ENOMEM, "out of memory translating %u insns", in->len);

	x->jmp_tgt = nfps_vzalloc(in->len);
	if (!x->jmp_tgt)
		return -ENOMEM;
	nfps_mark_jmp_targets(x);
	if (nfps_opt(x, NFPS_OPT_ZEXT)) {
		x->live_out = nfps_vzalloc(sizeof(u16) * in->len);
		if (!x->live_out)
			return -ENOMEM;
		nfps_hi_liveness(x->insns, in->len, x->live_out);
	}
	x->stack_used = NFPS_STACK_SIZE;
	err = nfps_analyze_full(in->type, in->caps, x->insns, in->len, facts,
				x->hz_in, x->live_out, &x->stack_used, diag);
	if (err && !in->facts)
		return err;
	if (in->own_facts && err)
		for (i = 0; i < in->len; i++)
			in->own_facts[i] = (struct nfps_insn_fact){ .ptr = NFPS_PTR_UNKNOWN };
	else if (in->own_facts)
		memcpy(in->own_facts, facts, sizeof(*facts) * in->len);
	if (err) {	/* the verifier's facts rule; no elision without ours */
		x->stack_used = NFPS_STACK_SIZE;
		nfps_vfree(x->hz_in);
		x->hz_in = NULL;
		nfps_vfree(x->live_out);
		x->live_out = NULL;
	}
	if (in->facts)
		memcpy(facts, in->facts, sizeof(*facts) * in->len);
	return 0;
}

static int nfps_xlate_insns(struct nfps_xctx *x)
{
	const struct bpf_insn *insns = x->insns;
	u32 i;
	int err;

	for (i = 0; i < x->len; i++) {
		const struct bpf_insn *insn = &insns[i];

		x->idx = i;
		x->insn_off[i] = x->n;
		if (nfps_opt(x, NFPS_OPT_DCE) && (x->facts[i].flags & NFPS_FACT_DEAD)) {
			if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) && i + 1 < x->len)
				x->insn_off[++i] = x->n;
			continue;
		}
		if (!(x->facts[i].flags & NFPS_FACT_CHECKED)) {
			err = nfps_insn_supported(x->in->type, x->in->caps, insns, x->len, i,
						  x->diag);
			if (err)
				return err;
		}
		err = nfps_xops[insn->code].xlate(x, insn);
		if (err)
			return err;
		if (x->err)
			break;
		if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) || x->fused)
			x->insn_off[++i] = x->n;
		x->fused = 0;
	}
	x->insn_off[x->len] = x->n;
	if (x->err == -ENOSPC)
		return nfps_fail(x->diag, x->idx, -ENOSPC,
				 "program does not fit the code store: %u eBPF insns need more than %u microcode words (translated %u of %u insns); split the program or raise the code store size",
				 x->len, x->cap, x->idx, x->len);
	return x->err;
}

static void nfps_fixup_branches(struct nfps_xctx *x)
{
	u32 i;

	for (i = 0; i < x->nr_fix; i++)
		nfps_patch_tgt(x, x->fix[i].word, x->insn_off[x->fix[i].insn]);
}

/*
 * The emitted words become a program the simulator runs: its pre-decoded
 * form (sim.c, which reports through nothing), then the static estimate
 * and the image (prog.c).
 */
static int nfps_prog_build(struct nfps_xctx *x, struct nfps_diag *diag)
{
	struct nfps_prog *prog = x->prog;
	const char *why = NULL;
	u32 at = 0;
	int err;

	prog->nr_words = x->n;
	prog->nr_relos = x->nr_relos;
	prog->stack_clear = x->stack_used;
	err = nfps_predecode(prog, &why, &at);
	if (err == -ENOMEM)
		return nfps_fail(diag, -1, err, "out of memory");
	if (err)
		return nfps_fail(diag, -1, err, "internal: %s %u", why, at);
	return nfps_prog_finish(prog, diag);
}

/**
 * nfps_translate() - translate an eBPF program into microcode
 * @in: program, facts (or NULL), maps, limits and optimisations
 * @diag: the reason when it fails
 *
 * Return: the program, or NULL with @diag filled.
 */
struct nfps_prog *nfps_translate(const struct nfps_xlate_in *in, struct nfps_diag *diag)
{
	struct nfps_xctx *x;
	struct nfps_prog *prog = NULL;
	int err;

	if (diag)
		memset(diag, 0, sizeof(*diag));
	if (!in || !in->insns || !in->len || in->type > NFPS_PROG_RAW) {
		nfps_fail(diag, -1, -EINVAL, "empty program or unknown program type");
		return NULL;
	}
	if (in->nr_maps > NFPS_MAX_MAPS) {
		nfps_fail(diag, -1, -E2BIG,
			  "program uses %u maps, the NIC supports %u: merge maps", in->nr_maps,
			  NFPS_MAX_MAPS);
		return NULL;
	}
	x = nfps_zalloc(sizeof(*x));
	if (!x) {
		nfps_fail(diag, -1, -ENOMEM, "out of memory");
		return NULL;
	}
	err = nfps_xctx_init(x, in, diag);
	if (!err)
		err = nfps_xlate_insns(x);
	if (!err) {
		nfps_fixup_branches(x);
		if (nfps_opt(x, NFPS_OPT_JUMPS))
			nfps_opt_jumps(x);
		err = nfps_prog_build(x, diag);
		if (!err) {
			prog = x->prog;
			x->prog = NULL;
		}
	}
	nfps_xctx_free(x);
	nfps_free(x);
	/* Allocation failures deep in the passes return -ENOMEM bare: say so,
	 * so the caller reports ENOMEM and not an unsupported program.
	 */
	if (!prog && diag && !diag->err) {
		if (!err || err == -ENOMEM)
			nfps_fail(diag, -1, -ENOMEM, "out of memory translating %u insns", in->len);
		else
			nfps_fail(diag, -1, err, "translation failed (error %d)", err);
	}
	return prog;
}
