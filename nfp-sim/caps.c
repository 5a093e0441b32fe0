// SPDX-License-Identifier: GPL-2.0
/*
 * What the NIC offers an eBPF program: its helpers and the context fields
 * of each program type. Adding a helper or a field is one row here; the
 * translator, the analysis and the rejection messages all follow from the
 * rows, and the messages are generated from the same lists so they cannot
 * drift from what is implemented.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "caps.h"
#include "helper_ids.h"

/*
 * Helpers: X(name, emitted op, CSR or -1, R0 upper half zero: HZ_*). The
 * lists are in the order the rejection message names them.
 */
#define HZ_NO	0
#define HZ_YES	1
#define HZ_613	2	/* with NFPS_CAP_HELPERS_613 (6.1 returns a 64-bit -EINVAL) */
#define NFPS_HELPERS_ANY(X)								\
	X(map_lookup_elem,	NFPS_OP_MLOOKUP,	-1,		HZ_NO)		\
	X(map_update_elem,	NFPS_OP_MUPDATE,	-1,		HZ_NO)		\
	X(map_delete_elem,	NFPS_OP_MDELETE,	-1,		HZ_NO)		\
	X(ktime_get_ns,		NFPS_OP_CSRR,		NFPS_CSR_TS_LO,	HZ_NO)		\
	X(get_prandom_u32,	NFPS_OP_CSRR,		NFPS_CSR_RANDOM, HZ_YES)	\
	X(get_smp_processor_id,	NFPS_OP_CSRR,		NFPS_CSR_ME_ID,	HZ_YES)		\
	X(csum_diff,		NFPS_OP_CSUM,		-1,		HZ_613)		\
	X(perf_event_output,	NFPS_OP_PERFOUT,	-1,		HZ_NO)
#define NFPS_HELPERS_XDP(X)								\
	X(xdp_adjust_head,	NFPS_OP_ADJHEAD,	-1,		HZ_NO)		\
	X(xdp_adjust_tail,	NFPS_OP_ADJTAIL,	-1,		HZ_NO)		\
	X(xdp_adjust_meta,	NFPS_OP_ADJMETA,	-1,		HZ_NO)		\
	X(xdp_get_buff_len,	NFPS_OP_CSRR,		NFPS_CSR_PKT_LEN, HZ_YES)	\
	X(xdp_load_bytes,	NFPS_OP_PKTLD,		-1,		HZ_NO)		\
	X(xdp_store_bytes,	NFPS_OP_PKTST,		-1,		HZ_NO)

#define NFPS_X_HELPER_ANY(n, op, csr, hz)	{ BPF_FUNC_##n, #n, 0, op, csr, hz },
#define NFPS_X_HELPER_XDP(n, op, csr, hz)	{ BPF_FUNC_##n, #n, 1, op, csr, hz },
static const struct nfps_helper nfps_helpers[] = {
	NFPS_HELPERS_ANY(NFPS_X_HELPER_ANY)
	NFPS_HELPERS_XDP(NFPS_X_HELPER_XDP)
};

/* "a, b, c, " as one literal: its length is known at build time */
#define NFPS_X_NAME_LIST(n, op, csr, hz)	#n ", "
#define NFPS_HELPERS_ANY_LIST	NFPS_HELPERS_ANY(NFPS_X_NAME_LIST)
#define NFPS_HELPERS_XDP_LIST	NFPS_HELPERS_XDP(NFPS_X_NAME_LIST)
#define NFPS_LIST_LEN(l)	((int)sizeof(l) - 3)	/* without the last ", " */

#define NFPS_HELPER_MSG	\
	"helper bpf_%.*s (%d) not supported by the NIC: supported helpers are %.*s and (XDP) %.*s"

/*
 * The helper message is the longest the core writes: make sure the largest
 * instance (any instruction index, the longest name, any id) fits whole.
 */
_Static_assert(sizeof("insn -2147483648: ") + sizeof(NFPS_HELPER_MSG) + NFPS_HELPER_NAME_MAX +
	       sizeof("-2147483648") + sizeof(NFPS_HELPERS_ANY_LIST) +
	       sizeof(NFPS_HELPERS_XDP_LIST) <= NFPS_DIAG_LEN,
	       "NFPS_DIAG_LEN too small for the generated helper message");

/*
 * Every helper's name by id, from the newest uapi header (helper_ids.h is
 * generated), so a program built for a newer kernel than the one nfpsim was
 * built against is still told which helper it called.
 */
#define NFPS_X_FUNC_NAME(n, id)	\
	[id] = #n,
static const char * const nfps_func_names[] = {
	NFPS_BPF_FUNCS(NFPS_X_FUNC_NAME)
};

/* as large as the longest name with its NUL: "char a[2], b[4], ..., end[1];" */
#define NFPS_X_FUNC_NAME_SIZE(n, id)	\
	nfps_##n[sizeof(#n)],
union nfps_func_name_size {
	char NFPS_BPF_FUNCS(NFPS_X_FUNC_NAME_SIZE) nfps_end[1];
};

_Static_assert(sizeof(union nfps_func_name_size) - 1 <= NFPS_HELPER_NAME_MAX,
	       "a helper name is longer than NFPS_HELPER_NAME_MAX");

/**
 * nfps_helper() - the NIC's implementation of helper @id
 * @id: BPF_FUNC_*
 *
 * Return: the table row, or NULL when the NIC does not implement it.
 */
const struct nfps_helper *nfps_helper(s32 id)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(nfps_helpers); i++)
		if (nfps_helpers[i].id == id)
			return &nfps_helpers[i];
	return NULL;
}

/**
 * nfps_helper_supported() - may a program of @type call helper @id?
 * @type: program type
 * @id: BPF_FUNC_*
 *
 * Return: true when the NIC implements it for @type.
 */
bool nfps_helper_supported(enum nfps_prog_type type, s32 id)
{
	const struct nfps_helper *h = nfps_helper(id);

	return h && (!h->xdp_only || type == NFPS_PROG_XDP);
}

/**
 * nfps_helper_ret_hizero() - is R0's upper half zero after helper @id?
 * @id: BPF_FUNC_*
 * @caps: NFPS_CAP_* of the kernel the NIC's helpers answer as
 *
 * Return: true for the NIC's helpers that return 32-bit values.
 */
bool nfps_helper_ret_hizero(s32 id, u32 caps)
{
	const struct nfps_helper *h = nfps_helper(id);

	if (!h)
		return false;
	return h->hizero == HZ_YES || (h->hizero == HZ_613 && (caps & NFPS_CAP_HELPERS_613));
}

/**
 * nfps_helper_name() - the name of helper @id, without "bpf_"
 * @id: BPF_FUNC_*, implemented by the NIC or not
 *
 * Return: the name, or "?" for an id newer than helper_ids.h.
 */
const char *nfps_helper_name(s32 id)
{
	if (id >= 0 && id < (s32)ARRAY_SIZE(nfps_func_names) && nfps_func_names[id])
		return nfps_func_names[id];
	return "?";
}

/**
 * nfps_helper_reject() - the diagnostic for a helper the NIC lacks
 * @idx: instruction index
 * @id: BPF_FUNC_*
 * @diag: filled
 *
 * Return: -EOPNOTSUPP.
 */
int nfps_helper_reject(int idx, s32 id, struct nfps_diag *diag)
{
	return nfps_fail(diag, idx, -EOPNOTSUPP, NFPS_HELPER_MSG, NFPS_HELPER_NAME_MAX,
			 nfps_helper_name(id), id,
			 NFPS_LIST_LEN(NFPS_HELPERS_ANY_LIST), NFPS_HELPERS_ANY_LIST,
			 NFPS_LIST_LEN(NFPS_HELPERS_XDP_LIST), NFPS_HELPERS_XDP_LIST);
}

/*
 * Context fields: X(member, CSR, pointer kind, writable). The lists are in
 * the order the rejection message names them.
 */
#define NFPS_XDP_FIELDS(X)						\
	X(xdp_md, data,			PKT_DATA,	NFPS_PTR_PKT,		0)	\
	X(xdp_md, data_end,		PKT_END,	NFPS_PTR_PKT,		0)	\
	X(xdp_md, data_meta,		PKT_META,	NFPS_PTR_PKT_META,	0)	\
	X(xdp_md, ingress_ifindex,	IN_IFINDEX,	0,			0)	\
	X(xdp_md, rx_queue_index,	RXQ,		0,			0)
#define NFPS_TC_FIELDS(X)						\
	X(__sk_buff, len,		PKT_LEN,	0,			0)	\
	X(__sk_buff, mark,		MARK,		0,			1)	\
	X(__sk_buff, queue_mapping,	QMAP,		0,			0)	\
	X(__sk_buff, protocol,		PROTOCOL,	0,			0)	\
	X(__sk_buff, priority,		PRIORITY,	0,			1)	\
	X(__sk_buff, ingress_ifindex,	IN_IFINDEX,	0,			0)	\
	X(__sk_buff, ifindex,		IFINDEX,	0,			0)	\
	X(__sk_buff, hash,		HASH,		0,			0)	\
	X(__sk_buff, data,		PKT_DATA,	NFPS_PTR_PKT,		0)	\
	X(__sk_buff, data_end,		PKT_END,	NFPS_PTR_PKT,		0)	\
	X(__sk_buff, data_meta,		PKT_META,	NFPS_PTR_PKT_META,	0)

#define NFPS_X_FIELD(s, m, c, p, w)						\
	{ .off = offsetof(struct s, m), .csr = NFPS_CSR_##c, .ptr = (p), .writable = (w),	\
	  .name = #m },
static const struct nfps_ctx_field nfps_xdp_fields[] = {
	NFPS_XDP_FIELDS(NFPS_X_FIELD)
	{ .off = -1 },
};

static const struct nfps_ctx_field nfps_tc_fields[] = {
	NFPS_TC_FIELDS(NFPS_X_FIELD)
	{ .off = -1 },
};

#define NFPS_X_FIELD_NAME(s, m, c, p, w)	#m ", "
#define NFPS_XDP_FIELD_LIST	NFPS_XDP_FIELDS(NFPS_X_FIELD_NAME)
#define NFPS_TC_FIELD_LIST	NFPS_TC_FIELDS(NFPS_X_FIELD_NAME)

#define NFPS_CTX_MSG	"context field at offset %d not supported by the NIC: %s offers %.*s"

_Static_assert(sizeof("insn -2147483648: ") + sizeof(NFPS_CTX_MSG) + sizeof("-32768") +
	       sizeof("__sk_buff") + sizeof(NFPS_XDP_FIELD_LIST) + sizeof(NFPS_TC_FIELD_LIST) <=
	       NFPS_DIAG_LEN, "NFPS_DIAG_LEN too small for the generated context field message");

/**
 * nfps_ctx_field() - the 4-byte context field containing byte @off
 * @type: program type
 * @off: byte offset into the context structure
 *
 * Return: the field, or NULL when the NIC does not provide it.
 */
const struct nfps_ctx_field *nfps_ctx_field(enum nfps_prog_type type, s16 off)
{
	const struct nfps_ctx_field *f;

	if (type == NFPS_PROG_RAW)
		return NULL;
	f = type == NFPS_PROG_XDP ? nfps_xdp_fields : nfps_tc_fields;
	for (; f->off >= 0; f++)
		if (off >= f->off && off < f->off + 4)
			return f;
	return NULL;
}

/**
 * nfps_ctx_field_reject() - the diagnostic for a context field the NIC lacks
 * @type: program type (XDP or TC)
 * @idx: instruction index
 * @off: the offset accessed
 * @diag: filled
 *
 * Return: -EOPNOTSUPP.
 */
int nfps_ctx_field_reject(enum nfps_prog_type type, int idx, s16 off, struct nfps_diag *diag)
{
	if (type == NFPS_PROG_XDP)
		return nfps_fail(diag, idx, -EOPNOTSUPP, NFPS_CTX_MSG, off, "xdp_md",
				 NFPS_LIST_LEN(NFPS_XDP_FIELD_LIST), NFPS_XDP_FIELD_LIST);
	return nfps_fail(diag, idx, -EOPNOTSUPP, NFPS_CTX_MSG, off, "__sk_buff",
			 NFPS_LIST_LEN(NFPS_TC_FIELD_LIST), NFPS_TC_FIELD_LIST);
}
