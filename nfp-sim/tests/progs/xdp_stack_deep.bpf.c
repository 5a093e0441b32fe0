// SPDX-License-Identifier: GPL-2.0
/*
 * Stack depth close to the 512-byte limit across a BPF-to-BPF call chain:
 * the entry function keeps a 240-byte buffer (the first 64 frame bytes and
 * a pattern derived from them), calls a subprogram with a
 * 128-byte buffer, which calls another with 96 bytes; each fills its buffer
 * from frame bytes, passes a pointer to it down, and the callees read the
 * caller's stack through that pointer. Results go to a map; the verdict
 * depends on all three frames.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} deep_out SEC(".maps");

static __noinline __u64 level2(volatile __u8 *up, __u32 seed)
{
	volatile __u8 buf[96];
	__u64 acc = seed;
	int i;

	for (i = 0; i < 96; i++)
		buf[i] = up[(i * 7) & 127] ^ (__u8)i;
	for (i = 0; i < 96; i += 8)
		acc = acc * 31 + buf[i] + buf[95 - i];
	return acc;
}

static __noinline __u64 level1(volatile __u8 *up, __u32 n)
{
	volatile __u8 buf[128];
	__u32 k = 1;
	__u64 r, *v;
	int i;

	for (i = 0; i < 128; i++)
		buf[i] = up[(i * 3 + n) & 127] + (__u8)n;
	r = level2(buf, up[0] | (__u32)up[239] << 8);
	v = bpf_map_lookup_elem(&deep_out, &k);
	if (v)
		*v ^= r;
	return r ^ buf[n & 127];
}

SEC("xdp")
int xdp_stack_deep(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	volatile __u8 buf[240];
	__u32 len = end - (void *)data, k = 0;
	__u64 r, *v;
	int i;

	/*
	 * No data-dependent branch inside the loops: Linux 6.1's verifier
	 * walks every iteration and would explode on one per byte.
	 */
	if ((void *)(data + 64) <= end) {
		for (i = 0; i < 64; i++)
			buf[i] = data[i];
	} else {
		for (i = 0; i < 64; i++)
			buf[i] = (__u8)(i * 13) ^ (__u8)len;
	}
	for (i = 64; i < 240; i++)
		buf[i] = buf[i & 63] ^ (__u8)i;
	r = level1(buf, len & 0xff);
	v = bpf_map_lookup_elem(&deep_out, &k);
	if (v)
		*v += r;
	k = 2;
	v = bpf_map_lookup_elem(&deep_out, &k);
	if (v)
		*v += buf[len & 127];
	return (r >> 7) % 4;
}

CORPUS_LICENSE;
