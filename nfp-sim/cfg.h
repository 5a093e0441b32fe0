/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Control-flow successors, written once for both instruction sets: where
 * an eBPF jump or call goes (cfg.c), and which microcode words branch,
 * call or fall through (from the KIND column of NFPS_OPS).
 */
#ifndef NFPS_CFG_H
#define NFPS_CFG_H

#include "compat.h"
#include "isa.h"

/* ---- eBPF ---------------------------------------------------------------- */

bool nfps_ebpf_has_target(const struct bpf_insn *insn);
s64 nfps_ebpf_target(const struct bpf_insn *insn, u32 idx);
u32 nfps_ebpf_succ(const struct bpf_insn *insns, u32 i, u32 *succ);

/* ---- microcode ----------------------------------------------------------- */

/* The word carries a branch target (the jumps and call). */
static inline bool nfps_ucode_has_target(u8 op)
{
	return nfps_op_info[op].flags & NFPS_OPF_TGT;
}

/* A jump inside the function: a branch target that is not a subroutine. */
static inline bool nfps_ucode_jumps(u8 op)
{
	return (nfps_op_info[op].flags & (NFPS_OPF_TGT | NFPS_OPF_CALL)) == NFPS_OPF_TGT;
}

/* The next word may run right after this one, in this function (a call returns there). */
static inline bool nfps_ucode_falls_through(u8 op)
{
	return !(nfps_op_info[op].flags & NFPS_OPF_NOFALL);
}

u32 nfps_ucode_succ(u8 op, u32 tgt, u32 i, u32 *succ);

#endif /* NFPS_CFG_H */
