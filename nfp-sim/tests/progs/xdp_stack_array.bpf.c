// SPDX-License-Identifier: GPL-2.0
/*
 * Stack arrays: the first 16 payload bytes after Ethernet are copied to a
 * stack buffer, sorted with a bounded insertion sort (variable indices
 * into the stack), and a 16-entry stack histogram of nibbles is built with
 * data-dependent indices. The median and the histogram's peak choose the
 * verdict; the sorted bytes are stored in the map.
 */
#include "corpus.h"

#define N 16

struct sorted {
	__u8 bytes[N];
	__u32 peak;
	__u32 median;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct sorted);
} stack_out SEC(".maps");

SEC("xdp")
int xdp_stack_array(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 buf[N];
	__u32 hist[16] = {};
	struct sorted *out;
	__u32 i, j, zero = 0, peak = 0;

	if ((void *)(data + ETH_HLEN + N) > end)
		return XDP_PASS;
	__builtin_memcpy(buf, data + ETH_HLEN, N);
	for (i = 0; i < N; i++) {
		hist[buf[i] & 15]++;
		hist[buf[i] >> 4]++;
	}
	for (i = 1; i < N; i++) {
		__u8 v = buf[i];

		for (j = i; j > 0 && j < N; j--) {
			if (buf[j - 1] <= v)
				break;
			buf[j] = buf[j - 1];
		}
		if (j < N)
			buf[j] = v;
	}
	for (i = 1; i < 16; i++)
		if (hist[i] > hist[peak])
			peak = i;
	out = bpf_map_lookup_elem(&stack_out, &zero);
	if (!out)
		return XDP_ABORTED;
	__builtin_memcpy(out->bytes, buf, N);
	out->peak = peak;
	out->median = buf[N / 2];
	if (buf[N / 2] < 0x40)
		return XDP_DROP;
	return peak & 1 ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
