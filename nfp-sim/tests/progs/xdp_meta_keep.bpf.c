// SPDX-License-Identifier: GPL-2.0
/*
 * Metadata left in place: 4, 8 or 16 bytes (from a frame byte) of
 * metadata stay before the frame on XDP_PASS. BPF_PROG_TEST_RUN returns
 * data_meta..data_end as the output frame, so the output carries the
 * metadata in front; the simulator's run output must do the same.
 */
#include "corpus.h"

SEC("xdp")
int xdp_meta_keep(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 *m, n, i;
	__u8 *b = data;

	if ((void *)(b + 14) > end)
		return XDP_ABORTED;
	n = 1 << (b[13] & 3);		/* 1, 2, 4 or 8 words */
	if (n == 8)
		return XDP_DROP;
	if (bpf_xdp_adjust_meta(ctx, -(int)(n * 4)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	m = (void *)(long)ctx->data_meta;
	for (i = 0; i < 4; i++) {
		if ((void *)(m + i + 1) > data)
			break;
		m[i] = bpf_htonl(0x4d455441 + i);	/* "META" + i */
	}
	return XDP_PASS;
}

CORPUS_LICENSE;
