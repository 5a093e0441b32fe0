/* SPDX-License-Identifier: GPL-2.0 */
/* eBPF instruction macros in the style of the kernel's include/linux/filter.h */
#ifndef REF_INSN_H
#define REF_INSN_H

#include <linux/bpf.h>

#define BPF_ALU64_REG(OP, DST, SRC)					\
	((struct bpf_insn) { BPF_ALU64 | BPF_OP(OP) | BPF_X, DST, SRC, 0, 0 })
#define BPF_ALU32_REG(OP, DST, SRC)					\
	((struct bpf_insn) { BPF_ALU | BPF_OP(OP) | BPF_X, DST, SRC, 0, 0 })
#define BPF_ALU64_IMM(OP, DST, IMM)					\
	((struct bpf_insn) { BPF_ALU64 | BPF_OP(OP) | BPF_K, DST, 0, 0, IMM })
#define BPF_ALU32_IMM(OP, DST, IMM)					\
	((struct bpf_insn) { BPF_ALU | BPF_OP(OP) | BPF_K, DST, 0, 0, IMM })
#define BPF_ALU64_REG_OFF(OP, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_ALU64 | BPF_OP(OP) | BPF_X, DST, SRC, OFF, 0 })
#define BPF_ALU32_REG_OFF(OP, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_ALU | BPF_OP(OP) | BPF_X, DST, SRC, OFF, 0 })
#define BPF_ENDIAN(TYPE, DST, LEN)					\
	((struct bpf_insn) { BPF_ALU | BPF_END | BPF_SRC(TYPE), DST, 0, 0, LEN })
#define BPF_BSWAP(DST, LEN)						\
	((struct bpf_insn) { BPF_ALU64 | BPF_END | BPF_TO_LE, DST, 0, 0, LEN })
#define BPF_MOV64_REG(DST, SRC)		BPF_ALU64_REG(BPF_MOV, DST, SRC)
#define BPF_MOV32_REG(DST, SRC)		BPF_ALU32_REG(BPF_MOV, DST, SRC)
#define BPF_MOV64_IMM(DST, IMM)		BPF_ALU64_IMM(BPF_MOV, DST, IMM)
#define BPF_MOV32_IMM(DST, IMM)		BPF_ALU32_IMM(BPF_MOV, DST, IMM)
#define BPF_LD_IMM64_RAW(DST, SRC, IMM)					\
	((struct bpf_insn) { BPF_LD | BPF_DW | BPF_IMM, DST, SRC, 0, (__u32)(IMM) }), \
	((struct bpf_insn) { 0, 0, 0, 0, ((__u64)(IMM)) >> 32 })
#define BPF_LD_IMM64(DST, IMM)		BPF_LD_IMM64_RAW(DST, 0, IMM)
#define BPF_LD_MAP_IDX(DST, IDX)	BPF_LD_IMM64_RAW(DST, BPF_PSEUDO_MAP_IDX, IDX)
#define BPF_LD_MAP_VALUE(DST, IDX, OFF)					\
	((struct bpf_insn) { BPF_LD | BPF_DW | BPF_IMM, DST, BPF_PSEUDO_MAP_VALUE, 0, IDX }), \
	((struct bpf_insn) { 0, 0, 0, 0, OFF })
#define BPF_LDX_MEM(SIZE, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_LDX | BPF_SIZE(SIZE) | BPF_MEM, DST, SRC, OFF, 0 })
#define BPF_LDX_MEMSX(SIZE, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_LDX | BPF_SIZE(SIZE) | 0x80, DST, SRC, OFF, 0 })
#define BPF_STX_MEM(SIZE, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_STX | BPF_SIZE(SIZE) | BPF_MEM, DST, SRC, OFF, 0 })
#define BPF_ST_MEM(SIZE, DST, OFF, IMM)					\
	((struct bpf_insn) { BPF_ST | BPF_SIZE(SIZE) | BPF_MEM, DST, 0, OFF, IMM })
#define BPF_ATOMIC_OP(SIZE, OP, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_STX | BPF_SIZE(SIZE) | BPF_ATOMIC, DST, SRC, OFF, OP })
#define BPF_JMP_REG(OP, DST, SRC, OFF)					\
	((struct bpf_insn) { BPF_JMP | BPF_OP(OP) | BPF_X, DST, SRC, OFF, 0 })
#define BPF_JMP_IMM(OP, DST, IMM, OFF)					\
	((struct bpf_insn) { BPF_JMP | BPF_OP(OP) | BPF_K, DST, 0, OFF, IMM })
#define BPF_JMP32_REG(OP, DST, SRC, OFF)				\
	((struct bpf_insn) { BPF_JMP32 | BPF_OP(OP) | BPF_X, DST, SRC, OFF, 0 })
#define BPF_JMP32_IMM(OP, DST, IMM, OFF)				\
	((struct bpf_insn) { BPF_JMP32 | BPF_OP(OP) | BPF_K, DST, 0, OFF, IMM })
#define BPF_JMP_A(OFF)							\
	((struct bpf_insn) { BPF_JMP | BPF_JA, 0, 0, OFF, 0 })
#define BPF_CALL_REL(IMM)						\
	((struct bpf_insn) { BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, IMM })
#define BPF_EMIT_CALL(FUNC)						\
	((struct bpf_insn) { BPF_JMP | BPF_CALL, 0, 0, 0, FUNC })
#define BPF_EXIT_INSN()							\
	((struct bpf_insn) { BPF_JMP | BPF_EXIT, 0, 0, 0, 0 })

#endif /* REF_INSN_H */
