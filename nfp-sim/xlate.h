/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translator internals shared by xlate*.c, analysis.c and opt.c.
 */
#ifndef NFPS_XLATE_H
#define NFPS_XLATE_H

#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"
#include "analysis.h"

#define NFPS_LO(n)	NFPS_GPR_LO(n)
#define NFPS_HI(n)	NFPS_GPR_HI(n)
#define NFPS_T(n)	(NFPS_GPR_T0 + 2 * (n))		/* scratch pair n, lo */
#define NFPS_Z		NFPS_GPR_ZERO

struct nfps_fixup {
	u32 word;
	u32 insn;	/* eBPF target index */
};

/**
 * struct nfps_xctx - one translation in progress
 * @in: the request
 * @insns: its instructions
 * @own_insns: NFPS_PROG_RAW only: the translator's copy of the program, its
 *	       out-of-range shift immediates masked (RFC 9669), or NULL
 * @len: their number
 * @idx: the instruction being translated
 * @facts: per insn, the verifier's facts (or the analysis')
 * @hz_in: per insn, bitmask of eBPF registers whose upper half is known zero
 *	   on entry (from the analysis), or NULL; bits 16+ packet pointers
 * @live_out: per insn, upper halves read later (NFPS_OPT_ZEXT), or NULL
 * @jmp_tgt: per insn, non-zero when some jump or call lands there
 * @fused: the callback also translated the next insn
 * @stack_used: frame bytes the program may touch (analysis)
 * @opt: NFPS_OPT_* in effect
 * @prog: the program emitted into (owned until nfps_translate() returns it)
 * @words: @prog's microcode words
 * @n: words emitted
 * @cap: words @words has room for (the code store)
 * @insn_off: @prog's eBPF index -> first word
 * @fix: branches and calls to patch once every insn has its word
 * @nr_fix: entries in @fix
 * @cap_fix: room in @fix
 * @relos: @prog's map relocations
 * @nr_relos: entries in @relos
 * @cap_relos: room in @relos
 * @err: sticky error of the emitter (-ENOSPC), checked once per insn
 * @diag: where a failure is explained
 */
struct nfps_xctx {
	const struct nfps_xlate_in *in;
	const struct bpf_insn *insns;
	struct bpf_insn *own_insns;
	u32 len;
	u32 idx;
	const struct nfps_insn_fact *facts;
	u32 *hz_in;
	u16 *live_out;
	u8 *jmp_tgt;
	u8 fused;
	u32 stack_used;
	u32 opt;
	struct nfps_prog *prog;
	u64 *words;
	u32 n, cap;
	u32 *insn_off;
	struct nfps_fixup *fix;
	u32 nr_fix, cap_fix;
	struct nfps_relo *relos;
	u32 nr_relos, cap_relos;
	int err;
	struct nfps_diag *diag;
};

typedef int (*nfps_xlate_fn)(struct nfps_xctx *x, const struct bpf_insn *insn);
typedef int (*nfps_check_fn)(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len,
			     u32 idx, struct nfps_diag *diag);

/* emitter (emit.c) */
u32 nfps_emit(struct nfps_xctx *x, u8 op, u8 d, u8 a, u8 b, u8 xf, u16 imm);
u32 nfps_emit_br(struct nfps_xctx *x, u8 op, u8 a, u8 xf, u32 tgt);
void nfps_emit_jmp(struct nfps_xctx *x, u8 cc, u32 insn);
void nfps_add_fixup(struct nfps_xctx *x, u32 word, u32 insn);
void nfps_patch_tgt(struct nfps_xctx *x, u32 word, u32 tgt);
void nfps_emit_imm32(struct nfps_xctx *x, u8 reg, u32 v);
void nfps_emit_imm64(struct nfps_xctx *x, u8 lo, u8 hi, u64 v);
void nfps_emit_zext(struct nfps_xctx *x, u8 dst);
void nfps_add_relo(struct nfps_xctx *x, u32 word, u16 kind, u16 map);

static inline bool nfps_opt(const struct nfps_xctx *x, u32 o)
{
	return x->opt & o;
}

/* per-class callbacks and checks */
int nfps_x_alu(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_c_alu(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
	       struct nfps_diag *diag);
int nfps_x_jmp(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_c_jmp(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
	       struct nfps_diag *diag);
int nfps_x_ldx(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_x_st(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_c_mem(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
	       struct nfps_diag *diag);
int nfps_x_atomic(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_c_atomic(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		  struct nfps_diag *diag);
int nfps_x_ld_imm64(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_c_ld_imm64(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		    struct nfps_diag *diag);
int nfps_x_call(struct nfps_xctx *x, const struct bpf_insn *insn);
int nfps_c_call(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		struct nfps_diag *diag);
int nfps_x_exit(struct nfps_xctx *x, const struct bpf_insn *insn);

/* opt.c: post-emission passes */
void nfps_opt_jumps(struct nfps_xctx *x);

#endif /* NFPS_XLATE_H */
