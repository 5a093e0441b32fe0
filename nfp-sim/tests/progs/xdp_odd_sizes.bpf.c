// SPDX-License-Identifier: GPL-2.0
/*
 * Maps with sizes that are not multiples of 4 or 8: a HASH keyed by the
 * 6-byte source MAC holding a 3-byte value, and an ARRAY of 5-byte values
 * (the kernel rounds array slots to 8 bytes internally; lookups and dumps
 * see 5). Byte-wise updates through the value pointers; a full table turns
 * into XDP_ABORTED.
 */
#include "corpus.h"

struct mac_key {
	__u8 addr[ETH_ALEN];
};

struct tiny {
	__u8 count;
	__u8 last_type;
	__u8 xor;
};

struct five {
	__u8 b[5];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct mac_key);
	__type(value, struct tiny);
} by_mac SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 7);
	__type(key, __u32);
	__type(value, struct five);
} fives SEC(".maps");

SEC("xdp")
int xdp_odd_sizes(struct xdp_md *ctx)
{
	__u8 *b = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct mac_key k;
	struct tiny *t, init = {};
	struct five *f;
	__u32 idx;

	if ((void *)(b + 16) > end)
		return XDP_ABORTED;
	__builtin_memcpy(k.addr, b + 6, ETH_ALEN);
	t = bpf_map_lookup_elem(&by_mac, &k);
	if (!t) {
		init.last_type = b[13];
		if (bpf_map_update_elem(&by_mac, &k, &init, BPF_NOEXIST))
			return XDP_ABORTED;
		t = bpf_map_lookup_elem(&by_mac, &k);
		if (!t)
			return XDP_ABORTED;
	}
	t->count++;
	t->xor ^= b[15];
	idx = b[14] % 7;
	f = bpf_map_lookup_elem(&fives, &idx);
	if (!f)
		return XDP_ABORTED;
	f->b[b[15] & 3] += b[14];
	f->b[4] ^= t->count;
	if (t->last_type != b[13]) {
		t->last_type = b[13];
		return XDP_TX;
	}
	return t->count & 1 ? XDP_PASS : XDP_DROP;
}

CORPUS_LICENSE;
