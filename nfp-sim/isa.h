/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfp-sim microengine ISA: word layout, formats, registers, regions, CSRs.
 * The opcode list itself is isa_ops.h; ISA.md is the prose version.
 */
#ifndef NFPS_ISA_H
#define NFPS_ISA_H

#include "compat.h"
#include "isa_ops.h"

/*
 * 64-bit instruction word:
 *   [63:56] opcode   [55:50] d   [49:44] a   [43:38] b   [37:32] x
 *   [31:16] target (branch word address)      [15:0] imm16
 * Fields a format does not use must be zero (the decoder rejects them).
 */
#define NFPS_W_OP_SHIFT		56
#define NFPS_W_D_SHIFT		50
#define NFPS_W_A_SHIFT		44
#define NFPS_W_B_SHIFT		38
#define NFPS_W_X_SHIFT		32
#define NFPS_W_T_SHIFT		16
#define NFPS_W_REG_MASK		0x3f
#define NFPS_W_X_MASK		0x3f

enum nfps_op {
#define NFPS_X_ENUM(n, m, f, c)	NFPS_OP_##n,
	NFPS_OPS(NFPS_X_ENUM)
#undef NFPS_X_ENUM
	NFPS_OP_MAX,
};

enum nfps_cost_class {
#define NFPS_X_ENUM(n, c)	NFPS_##n,
	NFPS_COSTS(NFPS_X_ENUM)
#undef NFPS_X_ENUM
	NFPS_C_MAX,
};

enum nfps_cc {
#define NFPS_X_ENUM(n, s)	NFPS_CC_##n,
	NFPS_CCS(NFPS_X_ENUM)
#undef NFPS_X_ENUM
	NFPS_CC_MAX,
};

enum nfps_csr {
#define NFPS_X_ENUM(n, s, w)	NFPS_CSR_##n,
	NFPS_CSRS(NFPS_X_ENUM)
#undef NFPS_X_ENUM
	NFPS_CSR_MAX,
};

/* Operand formats: which fields are used and how they print (isa.c). */
enum nfps_fmt {
	FMT_NONE, FMT_RR, FMT_RI, FMT_RRR, FMT_RRI, FMT_RRS, FMT_RRRR, FMT_RRRS,
	FMT_PPP, FMT_AB, FMT_AI, FMT_T, FMT_CT, FMT_ABT, FMT_LD, FMT_ST, FMT_ATOM,
	FMT_CSRR, FMT_CSRW, FMT_MAX,
};

/* Atomic x-field bits */
#define NFPS_ATOM_64		BIT(0)
#define NFPS_ATOM_FETCH		BIT(1)

/*
 * General purpose registers: 64 x 32 bit. eBPF Rn lives in the pair
 * (2n = low word, 2n+1 = high word) for n = 0..10; 22..62 are scratch for
 * lowering sequences; 63 reads as zero and ignores writes.
 */
#define NFPS_NR_GPR		64
#define NFPS_GPR_LO(n)		(2 * (n))
#define NFPS_GPR_HI(n)		(2 * (n) + 1)
#define NFPS_GPR_T0		22	/* first scratch register (even) */
#define NFPS_GPR_ZERO		63

/*
 * Device address = (region id << 32) | offset, held in a register pair.
 * NULL is 0:0. Region ids:
 */
#define NFPS_RGN_NULL		0
#define NFPS_RGN_PKT		1	/* CTM packet buffer (also RAW memory) */
#define NFPS_RGN_STACK		2	/* local memory: call frames */
#define NFPS_RGN_CTX		3	/* context: reached through CSRs only */
#define NFPS_RGN_MAPH		4	/* map handles: offset = map index */
#define NFPS_RGN_MAP0		16	/* map i's EMEM value region = 16 + i */
#define NFPS_MAX_MAPS		64

/* Local memory: NFPS_MAX_FRAMES frames of NFPS_STACK_SIZE bytes */
#define NFPS_MAX_FRAMES		8
#define NFPS_LM_SIZE		(NFPS_MAX_FRAMES * NFPS_STACK_SIZE)
#define NFPS_XDP_FRAME_SZ	40	/* sizeof(struct xdp_frame) at the buffer start */
#define NFPS_ETH_HLEN		14
#define NFPS_CTM_SIZE		(NFPS_PKT_HEADROOM + NFPS_PKT_MAX + NFPS_PKT_TAILROOM)

/* Memory latencies per region, cycles (ISA.md) */
#define NFPS_LAT_LM		3
#define NFPS_LAT_CTM		20
#define NFPS_LAT_EMEM		60
#define NFPS_BR_TAKEN_PENALTY	2

/**
 * struct nfps_uinsn - one microcode instruction, decoded
 */
struct nfps_uinsn {
	u8 op, d, a, b, x;
	u16 tgt;
	u16 imm;
};

struct nfps_op_info {
	const char *mnem;
	u8 fmt;
	u8 cost;	/* enum nfps_cost_class */
};

extern const struct nfps_op_info nfps_op_info[NFPS_OP_MAX];
extern const u8 nfps_cost_cycles[NFPS_C_MAX];
extern const char * const nfps_cc_name[NFPS_CC_MAX];
extern const char * const nfps_csr_name[NFPS_CSR_MAX];
extern const u8 nfps_csr_writable[NFPS_CSR_MAX];

u64 nfps_encode(const struct nfps_uinsn *u);
int nfps_decode(u64 w, struct nfps_uinsn *u);
/* Format one instruction into @buf (no newline). */
void nfps_format_insn(const struct nfps_uinsn *u, char *buf, size_t len);

/* Signed view of the 16-bit immediate (memory offsets) */
static inline s32 nfps_simm(const struct nfps_uinsn *u)
{
	return (s16)u->imm;
}

/* ---- programs ---------------------------------------------------------- */

/* Image relocation kinds */
#define NFPS_RELO_MAP_HANDLE	1
#define NFPS_RELO_MAP_VALUE	2

struct nfps_relo {
	u32 word;
	u16 kind;
	u16 map;
};

/* Pre-decoded instruction for the simulator (built once at translate). */
struct nfps_dinsn {
	u8 op, d, a, b, x;
	u8 cost;	/* base cycles */
	u16 imm;
	u32 tgt;
};

struct nfps_map_rgn {
	u8 *base;
	u32 size;
};

/*
 * An optional native-code tier for the simulator. Only the userspace build
 * has one (user/jit_x86.c): a kernel module cannot map executable memory.
 * @run must give exactly the interpreter's results (registers, memory,
 * flags, cycles, words executed, faults); nfps_run() uses it when set.
 */
struct nfps_cpu;
struct nfps_run;

struct nfps_native {
	int (*run)(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		   u64 budget);
	void (*free)(struct nfps_native *native);
};

struct nfps_prog {
	enum nfps_prog_type type;
	u32 ebpf_len;
	u32 nr_words;
	u64 *words;
	struct nfps_dinsn *dec;
	u32 *insn_off;			/* eBPF index -> first word */
	struct nfps_relo *relos;
	u32 nr_relos;
	struct nfps_map_ref *maps;
	u32 nr_maps;
	struct nfps_map_rgn rgn[NFPS_MAX_MAPS];
	u32 static_cycles;
	u32 stack_clear;		/* frame-0 bytes cleared per run, below the top */
	void *image;
	u32 image_len;
	struct nfps_native *native;
};

/* xlate.c: fill @diag ("insn N: ..."), return @err */
int nfps_fail(struct nfps_diag *diag, int idx, int err, const char *fmt, ...) __printf(4, 5);

/* image.c */
int nfps_image_build(struct nfps_prog *prog);
u32 nfps_static_cycles(const struct nfps_prog *prog);
/* sim.c */
int nfps_predecode(struct nfps_prog *prog, struct nfps_diag *diag);

#endif /* NFPS_ISA_H */
