/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Simulator internals: the microengine context and device address
 * resolution shared by sim.c (dispatch) and sim_cmd.c (command units).
 */
#ifndef NFPS_SIM_H
#define NFPS_SIM_H

#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "prog.h"

/* call/rtn save area in local memory: return word + R6..R10 pairs */
struct nfps_call_save {
	u32 ret;
	u32 regs[10];
};

/**
 * struct nfps_cpu - one microengine context (all mutable run state)
 * @r: general purpose registers
 * @fz: flag Z
 * @fc: flag C
 * @fn: flag N
 * @fv: flag V
 * @depth: call depth (frames in use beyond the first)
 * @data_meta: packet buffer offset of the metadata
 * @data: of the frame's first byte
 * @data_end: of the byte after the frame
 * @hard_end: of the furthest data end bpf_xdp_adjust_tail() may grow to
 * @ts: the clock latched by the last TS_LO read (TS_HI reads its upper half)
 * @rnd: xorshift state of the random CSR without nfps_env_ops.prandom_u32
 * @run: the run in progress (context fields in, results out)
 * @ops: environment callbacks, or NULL
 * @priv: their cookie
 * @calls: call/rtn save areas, one per frame
 * @lm: local memory: the stack frames
 * @pkt: packet buffer (CTM): headroom, frame, tailroom
 */
struct nfps_cpu {
	u32 r[NFPS_NR_GPR];
	u8 fz, fc, fn, fv;
	u32 depth;
	u32 data_meta, data, data_end, hard_end;
	u64 ts;
	u64 rnd;
	struct nfps_run *run;
	const struct nfps_env_ops *ops;
	void *priv;
	struct nfps_call_save calls[NFPS_MAX_FRAMES];
	u8 lm[NFPS_LM_SIZE];
	u8 pkt[NFPS_CTM_SIZE];
};

#define NFPS_R0L	NFPS_GPR_LO(0)

/*
 * Two 32-bit loads on purpose: the halves were just written by separate
 * 32-bit stores, and one merged 64-bit load would miss store-to-load
 * forwarding (a ~12-cycle stall per pair read on x86).
 */
static inline u64 nfps_pair(const struct nfps_cpu *cpu, u8 r)
{
	return READ_ONCE(cpu->r[r]) | (u64)READ_ONCE(cpu->r[r + 1]) << 32;
}

static inline void nfps_set_pair(struct nfps_cpu *cpu, u8 r, u64 v)
{
	cpu->r[r] = v;
	cpu->r[r + 1] = v >> 32;
}

/*
 * Resolve device address @addr + @off for an access of @size bytes.
 * Return: host pointer inside the region, or NULL (a memory fault).
 * @lat: the region's access latency in cycles.
 */
static inline u8 *nfps_mem(const struct nfps_prog *prog, struct nfps_cpu *cpu, u64 addr,
			   s32 off, u32 size, u32 *lat)
{
	u64 a = addr + (s64)off;
	u32 rgn = a >> 32, o = (u32)a, limit;
	u8 *base;

	if (rgn == NFPS_RGN_PKT) {
		base = cpu->pkt;
		limit = cpu->data_end;
		*lat = NFPS_LAT_CTM;
	} else if (rgn == NFPS_RGN_STACK) {
		base = cpu->lm;
		limit = NFPS_LM_SIZE;
		*lat = NFPS_LAT_LM;
	} else if (rgn >= NFPS_RGN_MAP0 && rgn - NFPS_RGN_MAP0 < prog->nr_maps) {
		base = prog->rgn[rgn - NFPS_RGN_MAP0].base;
		limit = prog->rgn[rgn - NFPS_RGN_MAP0].size;
		*lat = NFPS_LAT_EMEM;
		if (!base)
			return NULL;
	} else {
		return NULL;
	}
	if ((u64)o + size > limit)
		return NULL;
	return base + o;
}

/* sim_cmd.c: command units; return enum nfps_fault, extra cycles in @cyc */
u32 nfps_cmd_map(const struct nfps_prog *prog, struct nfps_cpu *cpu, u8 op, u64 *cyc);
u32 nfps_cmd_csum(const struct nfps_prog *prog, struct nfps_cpu *cpu, u64 *cyc);
void nfps_cmd_adjust(const struct nfps_prog *prog, struct nfps_cpu *cpu, u8 op);
u32 nfps_cmd_perf(const struct nfps_prog *prog, struct nfps_cpu *cpu, u64 *cyc);
u32 nfps_cmd_pkt_copy(const struct nfps_prog *prog, struct nfps_cpu *cpu, u8 op, u64 *cyc);
u32 nfps_csr_read(struct nfps_cpu *cpu, u16 csr);
void nfps_atomic(struct nfps_cpu *cpu, u8 *p, u8 op, u8 flags, u8 d, u8 b);

/* sim.c: entry points for a native tier (userspace, see native/) */
u32 nfps_exec_one(const struct nfps_prog *prog, struct nfps_cpu *cpu, u32 idx, u64 *cyc,
		  u32 *next);
int nfps_exec_resume(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
		     u64 budget, u32 pc, u64 cyc, u64 nexec);

#endif /* NFPS_SIM_H */
