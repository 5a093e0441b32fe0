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
#define NFPS_X_ENUM(n, m, f, c, k)	NFPS_OP_##n,
	NFPS_OPS(NFPS_X_ENUM)
#undef NFPS_X_ENUM
	NFPS_OP_MAX,
};

/*
 * Row orders of NFPS_OPS the code relies on. Reordering the table breaks
 * the build here rather than the semantics somewhere else.
 */
#define NFPS_ASSERT_SEQ3(a, b, c)							\
	_Static_assert(NFPS_OP_##b == NFPS_OP_##a + 1 && NFPS_OP_##c == NFPS_OP_##b + 1,	\
		       "NFPS_OPS: " #a ", " #b ", " #c " must be consecutive rows")
/* size = 1 << (op - LD8 / ST8): sim.c nfps_step(), native jmem_size() */
NFPS_ASSERT_SEQ3(LD8, LD16, LD32);
NFPS_ASSERT_SEQ3(LD16, LD32, LD64);
NFPS_ASSERT_SEQ3(ST8, ST16, ST32);
NFPS_ASSERT_SEQ3(ST16, ST32, ST64);
/* atomics as one range AADD..ACMPXCHG: the native tier's memory commands */
NFPS_ASSERT_SEQ3(AADD, AAND, AOR);
NFPS_ASSERT_SEQ3(AOR, AXOR, AXCHG);
NFPS_ASSERT_SEQ3(AXOR, AXCHG, ACMPXCHG);
/* shift group index (op - SHL, op - SHLI): the native tier's x86 shift extension */
NFPS_ASSERT_SEQ3(SHL, SHR, ASR);
NFPS_ASSERT_SEQ3(SHLI, SHRI, ASRI);
/* carry producer ranges ADD..SUBC and ADDI..SUBCI: the native tier's carry tracking */
NFPS_ASSERT_SEQ3(ADD, ADDC, SUB);
NFPS_ASSERT_SEQ3(ADDC, SUB, SUBC);
NFPS_ASSERT_SEQ3(ADDI, ADDCI, SUBI);
NFPS_ASSERT_SEQ3(ADDCI, SUBI, SUBCI);
#undef NFPS_ASSERT_SEQ3

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

/* each condition code is followed by its inverse: opt.c flips one with cc ^ 1 */
_Static_assert((NFPS_CC_EQ ^ 1) == NFPS_CC_NE && (NFPS_CC_LO ^ 1) == NFPS_CC_HS &&
	       (NFPS_CC_HI ^ 1) == NFPS_CC_LS && (NFPS_CC_LT ^ 1) == NFPS_CC_GE &&
	       (NFPS_CC_GT ^ 1) == NFPS_CC_LE, "NFPS_CCS: each code must precede its inverse");

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
 * @op: enum nfps_op
 * @d: destination register
 * @a: first source register
 * @b: second source register
 * @x: x field: 4th register, condition code, bit number or atomic flags
 * @tgt: branch target word
 * @imm: 16-bit immediate
 */
struct nfps_uinsn {
	u8 op, d, a, b, x;
	u16 tgt;
	u16 imm;
};

/**
 * struct nfps_op_info - one row of NFPS_OPS
 * @mnem: mnemonic
 * @fmt: enum nfps_fmt
 * @cost: enum nfps_cost_class
 * @flags: NFPS_OPF_* (the KIND column)
 */
struct nfps_op_info {
	const char *mnem;
	u8 fmt;
	u8 cost;
	u16 flags;
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

#endif /* NFPS_ISA_H */
