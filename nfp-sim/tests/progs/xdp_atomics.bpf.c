// SPDX-License-Identifier: GPL-2.0
/*
 * Every 64-bit BPF_ATOMIC operation on ARRAY values: add, and, or, xor
 * with and without BPF_FETCH, xchg and cmpxchg (a bounded CAS loop keeping
 * the maximum). Fetched old values feed the verdict, so a wrong fetch
 * result changes both the map and the return codes.
 */
#include "corpus.h"

struct atom {
	__u64 add;	/* fetch_add: frame count */
	__u64 or;	/* fetch_or: bit per first byte of the ethertype */
	__u64 and;	/* fetch_and: starts all ones, and-ed with data */
	__u64 xor;	/* fetch_xor: running xor of 8 frame bytes */
	__u64 xchg;	/* last frame length, returns the previous one */
	__u64 max;	/* cmpxchg loop: largest frame */
	__u64 nf_add;	/* non-fetch variants */
	__u64 nf_or;
	__u64 nf_and;
	__u64 nf_xor;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct atom);
} atoms SEC(".maps");

SEC("xdp")
int xdp_atomics(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u64 len = end - data, w, old, prev, seen, cur;
	struct atom *a;
	__u32 zero = 0;
	int i;

	if (data + 14 > end)
		return XDP_ABORTED;
	a = bpf_map_lookup_elem(&atoms, &zero);
	if (!a)
		return XDP_ABORTED;
	w = *(__u64 *)(data + 6);	/* unaligned 8-byte load across the MACs */

	if (!a->add)
		a->and = ~0ULL;		/* first frame: initialise the and-mask */
	old = __sync_fetch_and_add(&a->add, 1);
	seen = __sync_fetch_and_or(&a->or, 1ULL << (((__u8 *)data)[12] & 63));
	prev = __sync_fetch_and_and(&a->and, w | 0x0101010101010101ULL);
	cur = __sync_fetch_and_xor(&a->xor, w);
	prev ^= __sync_lock_test_and_set(&a->xchg, len);

	for (i = 0; i < 4; i++) {
		__u64 m = a->max;

		if (len <= m)
			break;
		if (__sync_val_compare_and_swap(&a->max, m, len) == m)
			break;
	}

	__sync_fetch_and_add(&a->nf_add, len);
	__sync_fetch_and_or(&a->nf_or, w);
	__sync_fetch_and_and(&a->nf_and, w);
	__sync_fetch_and_xor(&a->nf_xor, w >> 3);

	if (old % 3 == 0)
		return XDP_DROP;
	if (seen & (1ULL << (((__u8 *)data)[12] & 63)))
		return (cur ^ prev) & 1 ? XDP_TX : XDP_PASS;
	return XDP_ABORTED;
}

CORPUS_LICENSE;
