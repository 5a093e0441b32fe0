// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_csum_diff() results as the helper returns them, not folded: the
 * other corpus programs fold first, which hides how the kernels differ.
 * Linux 6.1-6.12 return the 32-bit sum, or -EINVAL for a size that is not
 * a multiple of 4 or a total over 512 bytes; 6.13 and later take any size
 * and return the sum folded to 16 bits. Push (no "from"), pull (no "to")
 * and diff over packet bytes at odd offsets, sizes 1 to 600 (one of them
 * taken from the frame, so it varies), seeds from the frame. The results
 * overwrite the frame after its Ethernet header when it is long enough,
 * and add up per slot in a map for every frame.
 */
#include "corpus.h"

#define NR_RAW	16

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, NR_RAW);
	__type(key, __u32);
	__type(value, __u64);
} csum_raw_sum SEC(".maps");

SEC("xdp")
int xdp_csum_raw(struct xdp_md *ctx)
{
	__u8 *b = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__s64 r[NR_RAW] = {};
	__u32 seed, i, n;
	__u64 *sum;

	if ((void *)(b + 64) > end)
		return XDP_PASS;
	__builtin_memcpy(&seed, b + 6, sizeof(seed));	/* source MAC: varies */
	n = (b[12] ^ b[15] ^ (__u32)(end - (void *)b)) & 31;

	r[0] = bpf_csum_diff(0, 0, (void *)b, 4, 0);
	r[1] = bpf_csum_diff(0, 0, (void *)(b + 1), 8, seed);
	r[2] = bpf_csum_diff(0, 0, (void *)(b + 3), 1, seed);
	r[3] = bpf_csum_diff(0, 0, (void *)(b + 5), 2, 0);
	r[4] = bpf_csum_diff(0, 0, (void *)(b + 7), 3, seed);
	r[5] = bpf_csum_diff(0, 0, (void *)(b + 2), 6, 0);
	r[6] = bpf_csum_diff(0, 0, (void *)(b + 9), 13, seed);
	r[7] = bpf_csum_diff((void *)(b + 14), 20, 0, 0, seed);
	r[8] = bpf_csum_diff((void *)(b + 11), 7, 0, 0, seed);
	r[9] = bpf_csum_diff((void *)(b + 4), 12, (void *)(b + 20), 12, 0);
	r[10] = bpf_csum_diff((void *)(b + 1), 5, (void *)(b + 33), 9, seed);
	r[11] = bpf_csum_diff(0, 0, (void *)(b + 3), n, seed);
	r[12] = bpf_csum_diff((void *)(b + 14), 40, (void *)(b + 14), 40, 0);
	if ((void *)(b + 700) <= end) {
		r[13] = bpf_csum_diff(0, 0, (void *)(b + 5), 600, seed);
		r[14] = bpf_csum_diff((void *)(b + 2), 300, (void *)(b + 333), 300, 0);
		r[15] = bpf_csum_diff((void *)(b + 1), 516, 0, 0, seed);
	}

	for (i = 0; i < NR_RAW; i++) {
		__u32 k = i;

		sum = bpf_map_lookup_elem(&csum_raw_sum, &k);
		if (sum)
			*sum += r[i];
	}
	if ((void *)(b + 14 + sizeof(r)) > end)
		return XDP_PASS;
	__builtin_memcpy(b + 14, r, sizeof(r));
	return XDP_PASS;
}

CORPUS_LICENSE;
