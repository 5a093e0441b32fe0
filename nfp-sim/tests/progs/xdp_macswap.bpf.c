// SPDX-License-Identifier: GPL-2.0
/*
 * Reflector: frames to 02:00:00:00:00:01 or broadcast get their MAC
 * addresses swapped (16-bit word moves) and are bounced with XDP_TX;
 * multicast sources are dropped, the rest passes.
 */
#include "corpus.h"

SEC("xdp")
int xdp_macswap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u16 *w = data, t;
	__u8 *b = data;
	int i;

	if ((void *)(b + ETH_HLEN) > end)
		return XDP_ABORTED;
	if (b[6] & 1)
		return XDP_DROP;
	if (!(b[0] == 0xff && b[5] == 0xff) &&
	    !(b[0] == 0x02 && b[1] == 0 && b[2] == 0 && b[3] == 0 && b[4] == 0 && b[5] == 1))
		return XDP_PASS;
#pragma unroll
	for (i = 0; i < 3; i++) {
		t = w[i];
		w[i] = w[i + 3];
		w[i + 3] = t;
	}
	return XDP_TX;
}

CORPUS_LICENSE;
