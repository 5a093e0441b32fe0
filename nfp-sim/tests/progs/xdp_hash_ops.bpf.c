// SPDX-License-Identifier: GPL-2.0
/*
 * HASH map semantics from the datapath: each frame performs one operation
 * chosen by a frame byte (update with BPF_ANY, BPF_NOEXIST, BPF_EXIST,
 * delete, lookup) on a key from another; the table holds only 8 entries so
 * E2BIG shows up. Every helper return code is counted per operation and
 * decides the verdict. Return codes are taken as int: Linux 6.1 hands map
 * helper errors back zero-extended from 32 bits (fixed in later kernels),
 * and the corpus must behave the same on the VM's 6.1 and on the host.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} small_hash SEC(".maps");

/* [op][result]: result 0 ok, 1 ENOENT, 2 EEXIST, 3 E2BIG, 4 other */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5 * 5);
	__type(key, __u32);
	__type(value, __u64);
} op_results SEC(".maps");

static __always_inline __u32 classify(int err)
{
	if (!err)
		return 0;
	if (err == -2)
		return 1;
	if (err == -17)
		return 2;
	if (err == -7)
		return 3;
	return 4;
}

SEC("xdp")
int xdp_hash_ops(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *b = data;
	__u32 key, op, res, idx;
	__u64 val, *v;
	int err;

	if (data + 14 > end)
		return XDP_ABORTED;
	op = b[13] % 5;		/* low byte of the ethertype */
	key = b[5] & 15;	/* last byte of the destination MAC */
	if (data + 24 <= end)
		key ^= b[23] & 15;
	val = ((__u64)b[12] << 32) | (end - data);

	switch (op) {
	case 0:
		err = bpf_map_update_elem(&small_hash, &key, &val, BPF_ANY);
		break;
	case 1:
		err = bpf_map_update_elem(&small_hash, &key, &val, BPF_NOEXIST);
		break;
	case 2:
		err = bpf_map_update_elem(&small_hash, &key, &val, BPF_EXIST);
		break;
	case 3:
		err = bpf_map_delete_elem(&small_hash, &key);
		break;
	default:
		v = bpf_map_lookup_elem(&small_hash, &key);
		err = v ? 0 : -2;
		if (v)
			*v += 1;
		break;
	}
	res = classify(err);
	idx = op * 5 + res;
	v = bpf_map_lookup_elem(&op_results, &idx);
	if (v)
		*v += 1;
	if (res == 0)
		return XDP_PASS;
	return res == 3 ? XDP_ABORTED : XDP_DROP;
}

CORPUS_LICENSE;
