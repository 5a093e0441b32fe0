// SPDX-License-Identifier: GPL-2.0
/*
 * ARRAY map semantics from the datapath: updates with BPF_ANY, NOEXIST
 * (always EEXIST on arrays), EXIST, deletes (always EINVAL), and indices
 * past max_entries (E2BIG on update, NULL on lookup). The negated errno of
 * every operation is accumulated and returned through the verdict. The
 * return codes are ints (see xdp_hash_ops.bpf.c: 6.1 zero-extends them).
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 6);
	__type(key, __u32);
	__type(value, __u32);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __s64);	/* sum of the return codes per operation */
} arr_rc SEC(".maps");

static __always_inline void note(__u32 op, int rc)
{
	__s64 *v = bpf_map_lookup_elem(&arr_rc, &op);

	if (v)
		*v += rc;
}

SEC("xdp")
int xdp_array_ops(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *b = data;
	__u32 key, val, op, *v;
	int rc;

	if (data + 16 > end)
		return XDP_ABORTED;
	key = b[15] & 7;	/* 6 and 7 are out of range */
	op = b[14] & 3;
	val = b[13] | (__u32)b[12] << 8;
	if (op == 3) {
		rc = bpf_map_delete_elem(&arr, &key);
	} else {
		__u64 flags = op == 0 ? BPF_ANY : op == 1 ? BPF_NOEXIST : BPF_EXIST;

		rc = bpf_map_update_elem(&arr, &key, &val, flags);
	}
	note(op, rc);
	v = bpf_map_lookup_elem(&arr, &key);
	if (!v)
		return XDP_DROP;	/* out-of-range index */
	*v ^= 0x5a5a0000;
	return rc ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
