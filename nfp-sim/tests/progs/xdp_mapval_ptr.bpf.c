// SPDX-License-Identifier: GPL-2.0
/*
 * Map value pointer arithmetic: a value holding a 32-slot ring of u32 and
 * an index; the program advances pointers into the value by variable
 * (masked) offsets, writes through byte, half, word and double-word
 * pointers at computed offsets, and reads back through a different
 * pointer. A HASH value gets the same treatment keyed by the ethertype.
 */
#include "corpus.h"

#define SLOTS 32

struct ring {
	__u32 head;
	__u32 pad;
	__u32 slot[SLOTS];
	__u8 bytes[64];
	__u64 last;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ring);
} ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 32);
	__type(key, __u16);
	__type(value, struct ring);
} ring_by_type SEC(".maps");

static __always_inline int touch(struct ring *r, __u8 *b)
{
	__u32 h = r->head & (SLOTS - 1), off = b[0] & 63;
	__u32 *slot = r->slot + h;
	__u8 *p = r->bytes + off;
	__u16 *hw;

	*slot = *(__u32 *)(b + 2);
	*p += b[1];
	hw = (__u16 *)(r->bytes + (off & 0x3e));
	*hw ^= 0x1234;
	r->head = h + 1;
	r->last = *(__u64 *)((void *)r + 8 + ((b[3] & 7) << 2));
	return r->slot[(h + 1) & (SLOTS - 1)] > r->slot[h];
}

SEC("xdp")
int xdp_mapval_ptr(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ring *r, init = {};
	__u32 zero = 0;
	__u16 et;
	int a, b;

	if (data + 20 > end)
		return XDP_ABORTED;
	r = bpf_map_lookup_elem(&ring, &zero);
	if (!r)
		return XDP_ABORTED;
	a = touch(r, data + 14);
	et = *(__u16 *)(data + 12);
	r = bpf_map_lookup_elem(&ring_by_type, &et);
	if (!r) {
		if (bpf_map_update_elem(&ring_by_type, &et, &init, BPF_NOEXIST))
			return XDP_DROP;
		r = bpf_map_lookup_elem(&ring_by_type, &et);
		if (!r)
			return XDP_ABORTED;
	}
	b = touch(r, data + 6);
	return a ? (b ? XDP_TX : XDP_PASS) : XDP_DROP;
}

CORPUS_LICENSE;
