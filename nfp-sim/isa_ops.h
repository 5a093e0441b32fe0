/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The microengine opcode table: every opcode exactly once.
 *
 * NFPS_OPS(X) expands X(NAME, "mnemonic", FORMAT, COST_CLASS) per opcode.
 * It generates the opcode enum and the info table (isa.c) used by the
 * encoder, decoder and disassembler, and the simulator's dispatch table
 * (sim.c). Formats are in isa.h (enum nfps_fmt), cost classes in
 * NFPS_COSTS below; ISA.md documents both.
 *
 * No include guard on purpose-free parts: the lists are macros only.
 */
#ifndef NFPS_ISA_OPS_H
#define NFPS_ISA_OPS_H

#define NFPS_OPS(X)							\
	X(NOP,		"nop",		FMT_NONE,	C_ALU)		\
	/* moves and wide constants */					\
	X(MOV,		"mov",		FMT_RR,		C_ALU)		\
	X(IMMED,	"immed",	FMT_RI,		C_ALU)		\
	X(IMMEDS,	"immed.s",	FMT_RI,		C_ALU)		\
	X(IMMEDHI,	"immed.hi",	FMT_RI,		C_ALU)		\
	/* 3-operand ALU; add/sub family produce/consume the carry */	\
	X(ADD,		"add",		FMT_RRR,	C_ALU)		\
	X(ADDC,		"addc",		FMT_RRR,	C_ALU)		\
	X(SUB,		"sub",		FMT_RRR,	C_ALU)		\
	X(SUBC,		"subc",		FMT_RRR,	C_ALU)		\
	X(AND,		"and",		FMT_RRR,	C_ALU)		\
	X(OR,		"or",		FMT_RRR,	C_ALU)		\
	X(XOR,		"xor",		FMT_RRR,	C_ALU)		\
	X(ADDI,		"add.i",	FMT_RRI,	C_ALU)		\
	X(ADDCI,	"addc.i",	FMT_RRI,	C_ALU)		\
	X(SUBI,		"sub.i",	FMT_RRI,	C_ALU)		\
	X(SUBCI,	"subc.i",	FMT_RRI,	C_ALU)		\
	X(ANDI,		"and.i",	FMT_RRI,	C_ALU)		\
	X(ORI,		"or.i",		FMT_RRI,	C_ALU)		\
	X(XORI,		"xor.i",	FMT_RRI,	C_ALU)		\
	/* shifter: amounts mod 32; dbl_shf funnels two words */	\
	X(SHL,		"shl",		FMT_RRR,	C_ALU)		\
	X(SHR,		"shr",		FMT_RRR,	C_ALU)		\
	X(ASR,		"asr",		FMT_RRR,	C_ALU)		\
	X(SHLI,		"shl.i",	FMT_RRS,	C_ALU)		\
	X(SHRI,		"shr.i",	FMT_RRS,	C_ALU)		\
	X(ASRI,		"asr.i",	FMT_RRS,	C_ALU)		\
	X(DSHL,		"dbl_shl",	FMT_RRRR,	C_ALU)		\
	X(DSHR,		"dbl_shr",	FMT_RRRR,	C_ALU)		\
	X(DSHLI,	"dbl_shl.i",	FMT_RRRS,	C_ALU)		\
	X(DSHRI,	"dbl_shr.i",	FMT_RRRS,	C_ALU)		\
	X(BSWAP16,	"bswap16",	FMT_RR,		C_ALU)		\
	X(BSWAP32,	"bswap32",	FMT_RR,		C_ALU)		\
	X(SEXT8,	"sext8",	FMT_RR,		C_ALU)		\
	X(SEXT16,	"sext16",	FMT_RR,		C_ALU)		\
	/* 32x32 multiplier */						\
	X(MUL,		"mul",		FMT_RRR,	C_MUL)		\
	X(MULHU,	"mul.hi",	FMT_RRR,	C_MUL)		\
	/* divide unit: 32-bit on registers, 64-bit on register pairs */\
	X(DIVU32,	"divu",		FMT_RRR,	C_DIV32)	\
	X(MODU32,	"modu",		FMT_RRR,	C_DIV32)	\
	X(DIVS32,	"divs",		FMT_RRR,	C_DIV32)	\
	X(MODS32,	"mods",		FMT_RRR,	C_DIV32)	\
	X(DIVU64,	"divu.64",	FMT_PPP,	C_DIV64)	\
	X(MODU64,	"modu.64",	FMT_PPP,	C_DIV64)	\
	X(DIVS64,	"divs.64",	FMT_PPP,	C_DIV64)	\
	X(MODS64,	"mods.64",	FMT_PPP,	C_DIV64)	\
	/* condition codes */						\
	X(CMP,		"cmp",		FMT_AB,		C_ALU)		\
	X(CMPC,		"cmpc",		FMT_AB,		C_ALU)		\
	X(CMPI,		"cmp.i",	FMT_AI,		C_ALU)		\
	X(CMPCI,	"cmpc.i",	FMT_AI,		C_ALU)		\
	X(TST,		"tst",		FMT_AB,		C_ALU)		\
	X(TSTC,		"tstc",		FMT_AB,		C_ALU)		\
	X(TSTI,		"tst.i",	FMT_AI,		C_ALU)		\
	/* sequencer */							\
	X(BR,		"br",		FMT_T,		C_BR)		\
	X(BCC,		"br",		FMT_CT,		C_BR)		\
	X(BBS,		"br_bset",	FMT_ABT,	C_BR)		\
	X(BBC,		"br_bclr",	FMT_ABT,	C_BR)		\
	X(CALL,		"call",		FMT_T,		C_CALL)		\
	X(RET,		"rtn",		FMT_NONE,	C_CALL)		\
	/* memory commands: address = register pair (region:offset) */	\
	X(LD8,		"ld8",		FMT_LD,		C_MEM)		\
	X(LD16,		"ld16",		FMT_LD,		C_MEM)		\
	X(LD32,		"ld32",		FMT_LD,		C_MEM)		\
	X(LD64,		"ld64",		FMT_LD,		C_MEM)		\
	X(ST8,		"st8",		FMT_ST,		C_MEM)		\
	X(ST16,		"st16",		FMT_ST,		C_MEM)		\
	X(ST32,		"st32",		FMT_ST,		C_MEM)		\
	X(ST64,		"st64",		FMT_ST,		C_MEM)		\
	/* atomic memory engine: x bit0 = 64-bit, bit1 = fetch */	\
	X(AADD,		"atomic_add",	FMT_ATOM,	C_ATOMIC)	\
	X(AAND,		"atomic_and",	FMT_ATOM,	C_ATOMIC)	\
	X(AOR,		"atomic_or",	FMT_ATOM,	C_ATOMIC)	\
	X(AXOR,		"atomic_xor",	FMT_ATOM,	C_ATOMIC)	\
	X(AXCHG,	"atomic_xchg",	FMT_ATOM,	C_ATOMIC)	\
	X(ACMPXCHG,	"atomic_cmpxchg", FMT_ATOM,	C_ATOMIC)	\
	/* control/status registers */					\
	X(CSRR,		"csr_rd",	FMT_CSRR,	C_CSR)		\
	X(CSRW,		"csr_wr",	FMT_CSRW,	C_CSR)		\
	/* command units; operands in the helper argument registers */	\
	X(MLOOKUP,	"map_lookup",	FMT_NONE,	C_MAPLK)	\
	X(MUPDATE,	"map_update",	FMT_NONE,	C_MAPUP)	\
	X(MDELETE,	"map_delete",	FMT_NONE,	C_MAPUP)	\
	X(CSUM,		"csum_diff",	FMT_NONE,	C_CSUM)		\
	X(ADJHEAD,	"pkt_adj_head",	FMT_NONE,	C_PKTADJ)	\
	X(ADJTAIL,	"pkt_adj_tail",	FMT_NONE,	C_PKTADJ)	\
	X(ADJMETA,	"pkt_adj_meta",	FMT_NONE,	C_PKTADJ)	\
	X(PERFOUT,	"event_out",	FMT_NONE,	C_EVENT)

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
