/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the NIC offers an eBPF program (caps.c): the helpers it implements
 * and the context fields it provides, and the rejection messages generated
 * from those two tables. The translator lowers through them, the analysis
 * reads them.
 */
#ifndef NFPS_CAPS_H
#define NFPS_CAPS_H

#include "compat.h"
#include "nfps.h"
#include "isa.h"

/**
 * struct nfps_helper - a helper the NIC implements
 * @id: BPF_FUNC_*
 * @name: its name without "bpf_"
 * @xdp_only: only XDP programs have it
 * @op: the command unit op it becomes, or NFPS_OP_CSRR for a CSR read
 * @csr: the CSR for NFPS_OP_CSRR, else -1
 * @hizero: the upper half of R0 is zero after the call: always (1), never (0)
 *	    or with NFPS_CAP_HELPERS_613 (2; caps.c's HZ_*)
 */
struct nfps_helper {
	s32 id;
	const char *name;
	u8 xdp_only;
	u8 op;
	s8 csr;
	u8 hizero;
};

const struct nfps_helper *nfps_helper(s32 id);
bool nfps_helper_supported(enum nfps_prog_type type, s32 id);
bool nfps_helper_ret_hizero(s32 id, u32 caps);
const char *nfps_helper_name(s32 id);
int nfps_helper_reject(int idx, s32 id, struct nfps_diag *diag);

/* The longest BPF_FUNC_* name (get_current_ancestor_cgroup_id, 30, in 6.12) and room to grow */
#define NFPS_HELPER_NAME_MAX	40

/**
 * struct nfps_ctx_field - a 4-byte context field the NIC provides
 * @off: byte offset in the context structure; -1 ends a table
 * @csr: the CSR it is read from (and written to)
 * @ptr: enum nfps_ptr_kind for pointer fields, 0 for scalars
 * @writable: programs may store to it
 * @name: the member's name
 */
struct nfps_ctx_field {
	s16 off;
	u8 csr;
	u8 ptr;
	u8 writable;
	const char *name;
};

const struct nfps_ctx_field *nfps_ctx_field(enum nfps_prog_type type, s16 off);
int nfps_ctx_field_reject(enum nfps_prog_type type, int idx, s16 off, struct nfps_diag *diag);

#endif /* NFPS_CAPS_H */
