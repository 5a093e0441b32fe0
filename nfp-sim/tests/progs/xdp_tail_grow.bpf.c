// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_tail() growth: frames get a trailer of 4..64 bytes (size
 * from the last byte of the source MAC) holding a signature and the old
 * length, written through a bounds-checked pointer after the helper. The
 * grown frame is bounced.
 */
#include "corpus.h"

SEC("xdp")
int xdp_tail_grow(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u32 old_len = end - data, grow, i;
	__u8 *b = data;
	__be32 *trailer;

	if ((void *)(b + 14) > end)
		return XDP_ABORTED;
	grow = ((b[11] & 15) + 1) * 4;
	if (b[11] & 0x80)
		return XDP_PASS;
	if (bpf_xdp_adjust_tail(ctx, grow))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (old_len > 4096)
		return XDP_ABORTED;
	trailer = data + old_len;
	if ((void *)(trailer + 2) > end)
		return XDP_ABORTED;
	trailer[0] = bpf_htonl(0xfeedf00d);
	trailer[1] = bpf_htonl(old_len);
	/* fill the rest with a pattern, bounded by the largest growth */
	for (i = 2; i < 16; i++) {
		if ((void *)(trailer + i + 1) > end)
			break;
		trailer[i] = bpf_htonl(i * 0x01010101);
	}
	return XDP_TX;
}

CORPUS_LICENSE;
