/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Translator internals shared by xlate*.c, analysis.c and opt.c.
 */
#ifndef NFPS_XLATE_H
#define NFPS_XLATE_H

#include "compat.h"
#include "nfps.h"
#include "isa.h"

/* RFC 9669 encodings the 6.1 uapi header may lack */
#ifndef BPF_MEMSX
#define BPF_MEMSX	0x80
#endif
#ifndef BPF_JCOND
#define BPF_JCOND	0xe0
#endif

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
 * @err: sticky error of the emitter (-ENOSPC), checked once per insn
 * @hz_in: per insn, bitmask of eBPF registers whose upper half is known zero
 *	   on entry (from the analysis), or NULL; bits 16+ packet pointers
 * @live_out: per insn, upper halves read later (NFPS_OPT_ZEXT), or NULL
 * @jmp_tgt: per insn, non-zero when some jump or call lands there
 */
struct nfps_xctx {
	const struct nfps_xlate_in *in;
	const struct bpf_insn *insns;
	u32 len;
	u32 idx;
	const struct nfps_insn_fact *facts;
	u32 *hz_in;
	u16 *live_out;
	u8 *jmp_tgt;
	u8 fused;	/* the callback also translated the next insn */
	u32 stack_used;	/* frame bytes the program may touch (analysis) */
	u32 opt;
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

/* emitter (xlate.c) */
u32 nfps_emit(struct nfps_xctx *x, u8 op, u8 d, u8 a, u8 b, u8 xf, u16 imm);
u32 nfps_emit_br(struct nfps_xctx *x, u8 op, u8 a, u8 xf, u32 tgt);
void nfps_emit_jmp(struct nfps_xctx *x, u8 cc, u32 insn);
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

/* context field of a prog type: CSR number or pointer kind, -1 if none */
struct nfps_ctx_field {
	s16 off;
	u8 csr;
	u8 ptr;		/* enum nfps_ptr_kind for pointer fields, 0 for scalars */
	u8 writable;
};
const struct nfps_ctx_field *nfps_ctx_field(enum nfps_prog_type type, s16 off);

/* helpers (xlate_call.c): the supported list, for messages and analysis */
bool nfps_helper_supported(enum nfps_prog_type type, s32 id);
bool nfps_helper_ret_hizero(s32 id);

/* analysis.c: facts plus per-insn "upper half known zero" on entry */
int nfps_analyze_full(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len,
		      const struct nfps_map_ref *maps, u32 nr_maps,
		      struct nfps_insn_fact *facts, u32 *hz_in, const u16 *live_out,
		      u32 *stack_used, struct nfps_diag *diag);
void nfps_hi_liveness(const struct bpf_insn *insns, u32 len, u16 *live_out);

/* opt.c: post-emission passes */
void nfps_opt_jumps(struct nfps_xctx *x);

#endif /* NFPS_XLATE_H */
