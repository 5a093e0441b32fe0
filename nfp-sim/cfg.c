// SPDX-License-Identifier: GPL-2.0
/*
 * Control-flow successors of eBPF instructions and microcode words. The
 * analysis, the translator, the optimiser, the static estimate and the
 * native tier all walk the same graphs, so its edges are defined here once.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "cfg.h"

/**
 * nfps_ebpf_has_target() - does @insn jump, or call a BPF-to-BPF function?
 * @insn: an eBPF instruction
 *
 * Return: true for JA, conditional jumps and pseudo calls; false for EXIT,
 * helper and kfunc calls and everything outside the JMP classes.
 */
bool nfps_ebpf_has_target(const struct bpf_insn *insn)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (cls != BPF_JMP && cls != BPF_JMP32)
		return false;
	if (op == BPF_EXIT)
		return false;
	return op != BPF_CALL || insn->src_reg == BPF_PSEUDO_CALL;
}

/**
 * nfps_ebpf_target() - where a jump or BPF-to-BPF call at @idx goes
 * @insn: the instruction (nfps_ebpf_has_target())
 * @idx: its index
 *
 * Calls and JMP32 JA ("gotol", RFC 9669) take the offset from imm, every
 * other jump from off.
 *
 * Return: the target index; the caller checks it against the program.
 */
s64 nfps_ebpf_target(const struct bpf_insn *insn, u32 idx)
{
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);

	if (op == BPF_CALL || (cls == BPF_JMP32 && op == BPF_JA))
		return (s64)idx + 1 + insn->imm;
	return (s64)idx + 1 + insn->off;
}

/**
 * nfps_ebpf_succ() - successors of eBPF instruction @i
 * @insns: the program
 * @i: instruction index
 * @succ: at most 2 entries, filled: the next instruction (i + 2 after
 *	  LD_IMM64), then the jump target or the callee
 *
 * A call continues at the next instruction as well as in the callee; EXIT
 * has none. Indices may lie beyond the program; a jump target before its
 * start is left out.
 *
 * Return: the number of successors.
 */
u32 nfps_ebpf_succ(const struct bpf_insn *insns, u32 i, u32 *succ)
{
	const struct bpf_insn *insn = &insns[i];
	u8 cls = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	u32 n = 0;
	s64 t;

	if (insn->code == (BPF_LD | BPF_IMM | BPF_DW)) {
		succ[n++] = i + 2;
		return n;
	}
	if (cls != BPF_JMP && cls != BPF_JMP32) {
		succ[n++] = i + 1;
		return n;
	}
	if (op == BPF_EXIT)
		return 0;
	if (op == BPF_CALL) {
		succ[n++] = i + 1;
		if (insn->src_reg == BPF_PSEUDO_CALL)
			succ[n++] = nfps_ebpf_target(insn, i);
		return n;
	}
	t = nfps_ebpf_target(insn, i);
	if (t >= 0)
		succ[n++] = t;
	if (op != BPF_JA)
		succ[n++] = i + 1;
	return n;
}

/**
 * nfps_ucode_succ() - successors of microcode word @i inside its function
 * @op: the word's opcode
 * @tgt: its branch target
 * @i: its index
 * @succ: at most 2 entries, filled: the jump target, then the next word
 *
 * A call is a single word here: it continues at @i + 1 (its return point);
 * rtn has no successor.
 *
 * Return: the number of successors.
 */
u32 nfps_ucode_succ(u8 op, u32 tgt, u32 i, u32 *succ)
{
	u32 n = 0;

	if (nfps_ucode_jumps(op))
		succ[n++] = tgt;
	if (nfps_ucode_falls_through(op))
		succ[n++] = i + 1;
	return n;
}
