/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The microengine opcode table: every opcode exactly once.
 *
 * NFPS_OPS(X) expands X(NAME, "mnemonic", FORMAT, COST_CLASS, KIND) per
 * opcode. It generates the opcode enum and the info table (isa.c) used by
 * the encoder, decoder and disassembler, the simulator's dispatch table
 * (sim.c), and the properties the control-flow code (cfg.h), the static
 * estimate (prog.c) and the native tier read instead of switching on ops:
 * KIND is one of the OPK_* below, a combination of NFPS_OPF_* bits.
 * Formats are in isa.h (enum nfps_fmt), cost classes in NFPS_COSTS below;
 * ISA.md documents both.
 *
 * Some code relies on the order of rows (ranges such as LD8..LD32, or an
 * op's distance from the first of its group): isa.h asserts each such
 * order at build time, next to the enum.
 */
#ifndef NFPS_ISA_OPS_H
#define NFPS_ISA_OPS_H

/* Op properties (struct nfps_op_info.flags) */
#define NFPS_OPF_TGT		BIT(0)	/* the word has a branch target (jumps and call) */
#define NFPS_OPF_CALL		BIT(1)	/* the target is a subroutine; rtn comes back */
#define NFPS_OPF_NOFALL		BIT(2)	/* never continues at the next word itself */
#define NFPS_OPF_ENDS		BIT(3)	/* ends a basic block (native tier): control
					 * flow, or cycles that depend on the data
					 */
#define NFPS_OPF_CMD		BIT(4)	/* a command unit (helper arguments in R1..R5) */
#define NFPS_OPF_MEM		BIT(5)	/* a memory command: region latency applies */
#define NFPS_OPF_RD_Z		BIT(8)	/* flags read ... */
#define NFPS_OPF_RD_C		BIT(9)
#define NFPS_OPF_RD_CC		BIT(10)	/* ... those its condition code names */
#define NFPS_OPF_WR_Z		BIT(12)	/* flags written */
#define NFPS_OPF_WR_C		BIT(13)
#define NFPS_OPF_WR_N		BIT(14)
#define NFPS_OPF_WR_V		BIT(15)

/* The KIND column: what a row is, as NFPS_OPF_* bits */
#define OPK_NONE	0
#define OPK_ADDSUB	NFPS_OPF_WR_C
#define OPK_ADDSUBC	(NFPS_OPF_WR_C | NFPS_OPF_RD_C)
#define OPK_CMP		(NFPS_OPF_WR_Z | NFPS_OPF_WR_C | NFPS_OPF_WR_N | NFPS_OPF_WR_V)
#define OPK_CMPC	(OPK_CMP | NFPS_OPF_RD_Z | NFPS_OPF_RD_C)
#define OPK_TST		NFPS_OPF_WR_Z
#define OPK_TSTC	(NFPS_OPF_WR_Z | NFPS_OPF_RD_Z)
#define OPK_BR		(NFPS_OPF_TGT | NFPS_OPF_NOFALL | NFPS_OPF_ENDS)
#define OPK_BCC		(NFPS_OPF_TGT | NFPS_OPF_ENDS | NFPS_OPF_RD_CC)
#define OPK_BBIT	(NFPS_OPF_TGT | NFPS_OPF_ENDS)
#define OPK_CALL	(NFPS_OPF_TGT | NFPS_OPF_CALL | NFPS_OPF_ENDS)
#define OPK_RET		(NFPS_OPF_NOFALL | NFPS_OPF_ENDS)
#define OPK_MEM		NFPS_OPF_MEM
#define OPK_CMD		NFPS_OPF_CMD			/* fixed cycles */
#define OPK_CMDV	(NFPS_OPF_CMD | NFPS_OPF_ENDS)	/* cycles depend on the operands */

#define NFPS_OPS(X)									\
	X(NOP,		"nop",		FMT_NONE,	C_ALU,		OPK_NONE)	\
	/* moves and wide constants */							\
	X(MOV,		"mov",		FMT_RR,		C_ALU,		OPK_NONE)	\
	X(IMMED,	"immed",	FMT_RI,		C_ALU,		OPK_NONE)	\
	X(IMMEDS,	"immed.s",	FMT_RI,		C_ALU,		OPK_NONE)	\
	X(IMMEDHI,	"immed.hi",	FMT_RI,		C_ALU,		OPK_NONE)	\
	/* 3-operand ALU; add/sub family produce/consume the carry */			\
	X(ADD,		"add",		FMT_RRR,	C_ALU,		OPK_ADDSUB)	\
	X(ADDC,		"addc",		FMT_RRR,	C_ALU,		OPK_ADDSUBC)	\
	X(SUB,		"sub",		FMT_RRR,	C_ALU,		OPK_ADDSUB)	\
	X(SUBC,		"subc",		FMT_RRR,	C_ALU,		OPK_ADDSUBC)	\
	X(AND,		"and",		FMT_RRR,	C_ALU,		OPK_NONE)	\
	X(OR,		"or",		FMT_RRR,	C_ALU,		OPK_NONE)	\
	X(XOR,		"xor",		FMT_RRR,	C_ALU,		OPK_NONE)	\
	X(ADDI,		"add.i",	FMT_RRI,	C_ALU,		OPK_ADDSUB)	\
	X(ADDCI,	"addc.i",	FMT_RRI,	C_ALU,		OPK_ADDSUBC)	\
	X(SUBI,		"sub.i",	FMT_RRI,	C_ALU,		OPK_ADDSUB)	\
	X(SUBCI,	"subc.i",	FMT_RRI,	C_ALU,		OPK_ADDSUBC)	\
	X(ANDI,		"and.i",	FMT_RRI,	C_ALU,		OPK_NONE)	\
	X(ORI,		"or.i",		FMT_RRI,	C_ALU,		OPK_NONE)	\
	X(XORI,		"xor.i",	FMT_RRI,	C_ALU,		OPK_NONE)	\
	/* shifter: amounts mod 32; dbl_shf funnels two words */			\
	X(SHL,		"shl",		FMT_RRR,	C_ALU,		OPK_NONE)	\
	X(SHR,		"shr",		FMT_RRR,	C_ALU,		OPK_NONE)	\
	X(ASR,		"asr",		FMT_RRR,	C_ALU,		OPK_NONE)	\
	X(SHLI,		"shl.i",	FMT_RRS,	C_ALU,		OPK_NONE)	\
	X(SHRI,		"shr.i",	FMT_RRS,	C_ALU,		OPK_NONE)	\
	X(ASRI,		"asr.i",	FMT_RRS,	C_ALU,		OPK_NONE)	\
	X(DSHL,		"dbl_shl",	FMT_RRRR,	C_ALU,		OPK_NONE)	\
	X(DSHR,		"dbl_shr",	FMT_RRRR,	C_ALU,		OPK_NONE)	\
	X(DSHLI,	"dbl_shl.i",	FMT_RRRS,	C_ALU,		OPK_NONE)	\
	X(DSHRI,	"dbl_shr.i",	FMT_RRRS,	C_ALU,		OPK_NONE)	\
	X(BSWAP16,	"bswap16",	FMT_RR,		C_ALU,		OPK_NONE)	\
	X(BSWAP32,	"bswap32",	FMT_RR,		C_ALU,		OPK_NONE)	\
	X(SEXT8,	"sext8",	FMT_RR,		C_ALU,		OPK_NONE)	\
	X(SEXT16,	"sext16",	FMT_RR,		C_ALU,		OPK_NONE)	\
	/* 32x32 multiplier */								\
	X(MUL,		"mul",		FMT_RRR,	C_MUL,		OPK_NONE)	\
	X(MULHU,	"mul.hi",	FMT_RRR,	C_MUL,		OPK_NONE)	\
	/* divide unit: 32-bit on registers, 64-bit on register pairs */		\
	X(DIVU32,	"divu",		FMT_RRR,	C_DIV32,	OPK_NONE)	\
	X(MODU32,	"modu",		FMT_RRR,	C_DIV32,	OPK_NONE)	\
	X(DIVS32,	"divs",		FMT_RRR,	C_DIV32,	OPK_NONE)	\
	X(MODS32,	"mods",		FMT_RRR,	C_DIV32,	OPK_NONE)	\
	X(DIVU64,	"divu.64",	FMT_PPP,	C_DIV64,	OPK_NONE)	\
	X(MODU64,	"modu.64",	FMT_PPP,	C_DIV64,	OPK_NONE)	\
	X(DIVS64,	"divs.64",	FMT_PPP,	C_DIV64,	OPK_NONE)	\
	X(MODS64,	"mods.64",	FMT_PPP,	C_DIV64,	OPK_NONE)	\
	/* condition codes */								\
	X(CMP,		"cmp",		FMT_AB,		C_ALU,		OPK_CMP)	\
	X(CMPC,		"cmpc",		FMT_AB,		C_ALU,		OPK_CMPC)	\
	X(CMPI,		"cmp.i",	FMT_AI,		C_ALU,		OPK_CMP)	\
	X(CMPCI,	"cmpc.i",	FMT_AI,		C_ALU,		OPK_CMPC)	\
	X(TST,		"tst",		FMT_AB,		C_ALU,		OPK_TST)	\
	X(TSTC,		"tstc",		FMT_AB,		C_ALU,		OPK_TSTC)	\
	X(TSTI,		"tst.i",	FMT_AI,		C_ALU,		OPK_TST)	\
	/* sequencer */									\
	X(BR,		"br",		FMT_T,		C_BR,		OPK_BR)		\
	X(BCC,		"br",		FMT_CT,		C_BR,		OPK_BCC)	\
	X(BBS,		"br_bset",	FMT_ABT,	C_BR,		OPK_BBIT)	\
	X(BBC,		"br_bclr",	FMT_ABT,	C_BR,		OPK_BBIT)	\
	X(CALL,		"call",		FMT_T,		C_CALL,		OPK_CALL)	\
	X(RET,		"rtn",		FMT_NONE,	C_CALL,		OPK_RET)	\
	/* memory commands: address = register pair (region:offset) */			\
	X(LD8,		"ld8",		FMT_LD,		C_MEM,		OPK_MEM)	\
	X(LD16,		"ld16",		FMT_LD,		C_MEM,		OPK_MEM)	\
	X(LD32,		"ld32",		FMT_LD,		C_MEM,		OPK_MEM)	\
	X(LD64,		"ld64",		FMT_LD,		C_MEM,		OPK_MEM)	\
	X(ST8,		"st8",		FMT_ST,		C_MEM,		OPK_MEM)	\
	X(ST16,		"st16",		FMT_ST,		C_MEM,		OPK_MEM)	\
	X(ST32,		"st32",		FMT_ST,		C_MEM,		OPK_MEM)	\
	X(ST64,		"st64",		FMT_ST,		C_MEM,		OPK_MEM)	\
	/* atomic memory engine: x bit0 = 64-bit, bit1 = fetch */			\
	X(AADD,		"atomic_add",	FMT_ATOM,	C_ATOMIC,	OPK_MEM)	\
	X(AAND,		"atomic_and",	FMT_ATOM,	C_ATOMIC,	OPK_MEM)	\
	X(AOR,		"atomic_or",	FMT_ATOM,	C_ATOMIC,	OPK_MEM)	\
	X(AXOR,		"atomic_xor",	FMT_ATOM,	C_ATOMIC,	OPK_MEM)	\
	X(AXCHG,	"atomic_xchg",	FMT_ATOM,	C_ATOMIC,	OPK_MEM)	\
	X(ACMPXCHG,	"atomic_cmpxchg", FMT_ATOM,	C_ATOMIC,	OPK_MEM)	\
	/* control/status registers */							\
	X(CSRR,		"csr_rd",	FMT_CSRR,	C_CSR,		OPK_NONE)	\
	X(CSRW,		"csr_wr",	FMT_CSRW,	C_CSR,		OPK_NONE)	\
	/* command units; operands in the helper argument registers */			\
	X(MLOOKUP,	"map_lookup",	FMT_NONE,	C_MAPLK,	OPK_CMDV)	\
	X(MUPDATE,	"map_update",	FMT_NONE,	C_MAPUP,	OPK_CMDV)	\
	X(MDELETE,	"map_delete",	FMT_NONE,	C_MAPUP,	OPK_CMDV)	\
	X(CSUM,		"csum_diff",	FMT_NONE,	C_CSUM,		OPK_CMDV)	\
	X(ADJHEAD,	"pkt_adj_head",	FMT_NONE,	C_PKTADJ,	OPK_CMD)	\
	X(ADJTAIL,	"pkt_adj_tail",	FMT_NONE,	C_PKTADJ,	OPK_CMD)	\
	X(ADJMETA,	"pkt_adj_meta",	FMT_NONE,	C_PKTADJ,	OPK_CMD)	\
	X(PERFOUT,	"event_out",	FMT_NONE,	C_EVENT,	OPK_CMDV)	\
	X(PKTLD,	"pkt_load",	FMT_NONE,	C_PKTCP,	OPK_CMDV)	\
	X(PKTST,	"pkt_store",	FMT_NONE,	C_PKTCP,	OPK_CMDV)

/*
 * Cost classes: X(CLASS, base cycles). Memory and branch classes add a
 * per-region / taken penalty at run time (sim.c, ISA.md).
 */
#define NFPS_COSTS(X)			\
	X(C_ALU,	1)		\
	X(C_MUL,	3)		\
	X(C_DIV32,	18)		\
	X(C_DIV64,	34)		\
	X(C_BR,		1)		\
	X(C_CALL,	6)		\
	X(C_MEM,	1)		\
	X(C_ATOMIC,	4)		\
	X(C_CSR,	3)		\
	X(C_MAPLK,	120)		\
	X(C_MAPUP,	160)		\
	X(C_CSUM,	12)		\
	X(C_PKTADJ,	8)		\
	X(C_PKTCP,	8)		\
	X(C_EVENT,	200)

/*
 * Branch condition codes: X(NAME, "suffix") evaluated on Z/C/N/V. Each
 * code is followed by its inverse (opt.c flips a condition with cc ^ 1).
 */
#define NFPS_CCS(X)		\
	X(EQ, "eq")		\
	X(NE, "ne")		\
	X(LO, "lo")		\
	X(HS, "hs")		\
	X(HI, "hi")		\
	X(LS, "ls")		\
	X(LT, "lt")		\
	X(GE, "ge")		\
	X(GT, "gt")		\
	X(LE, "le")

/* Control/status registers: X(NAME, "name", writable) */
#define NFPS_CSRS(X)				\
	X(PKT_DATA,	"pkt_data",	0)	\
	X(PKT_END,	"pkt_end",	0)	\
	X(PKT_META,	"pkt_meta",	0)	\
	X(PKT_LEN,	"pkt_len",	0)	\
	X(IN_IFINDEX,	"in_ifindex",	0)	\
	X(RXQ,		"rx_queue",	0)	\
	X(MARK,		"mark",		1)	\
	X(PRIORITY,	"priority",	1)	\
	X(PROTOCOL,	"protocol",	0)	\
	X(QMAP,		"queue_map",	0)	\
	X(IFINDEX,	"ifindex",	0)	\
	X(HASH,		"hash",		0)	\
	X(TS_LO,	"timestamp_lo",	0)	\
	X(TS_HI,	"timestamp_hi",	0)	\
	X(RANDOM,	"pseudo_rnd",	0)	\
	X(ME_ID,	"me_id",	0)

#endif /* NFPS_ISA_OPS_H */
