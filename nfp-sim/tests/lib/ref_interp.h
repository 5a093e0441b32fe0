/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reference eBPF interpreter for tests and fuzzing: a plain switch
 * interpreter written independently of the translator, with host-pointer
 * memory checked against the stack, packet, context and map values.
 */
#ifndef REF_INTERP_H
#define REF_INTERP_H

#include "compat.h"
#include "nfps.h"

enum ref_err {
	REF_OK = 0,
	REF_ERR_MEM,		/* access outside any region */
	REF_ERR_LIMIT,		/* instruction budget exhausted */
	REF_ERR_INSN,		/* unknown instruction / bad jump */
	REF_ERR_CALL,		/* call depth or unknown helper */
};

struct ref_ctx {
	/* in */
	enum nfps_prog_type type;
	const struct bpf_insn *insns;
	u32 len;
	const struct nfps_map_ref *maps;
	u32 nr_maps;
	u64 limit;		/* instructions, 0 = 1e6 */
	u32 caps;		/* NFPS_CAP_*: NFPS_CAP_HELPERS_613 picks bpf_csum_diff() */
	struct nfps_run ctxin;	/* ifindex, mark, ... (in) and mark/priority (out) */
	/* packet: same layout as the NIC buffer */
	u8 pkt[NFPS_PKT_HEADROOM + NFPS_PKT_MAX + NFPS_PKT_TAILROOM];
	u32 meta, data, end, hard_end;
	/* out */
	u64 r0;
	int err;
	u64 executed;
};

void ref_load_pkt(struct ref_ctx *c, const void *p, u32 len);
int ref_run(struct ref_ctx *c);

#endif /* REF_INTERP_H */
