// SPDX-License-Identifier: GPL-2.0
/*
 * A partial encapsulation: bpf_xdp_adjust_head(-16) and only the MAC
 * addresses moved to the new front; the 4 bytes after them are written
 * (0xdeadbeef) only when the source MAC's last byte is odd. Frames that
 * skip the write send out what the headroom held: zeros, as each packet of
 * BPF_PROG_TEST_RUN starts with a zeroed headroom, never the previous
 * packet's marker.
 */
#include "corpus.h"

SEC("xdp")
int xdp_headroom(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	int mark;

	if (data + 14 > end)
		return XDP_PASS;
	mark = p[11] & 1;
	if (bpf_xdp_adjust_head(ctx, -16))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	p = data;
	if (data + 16 + 14 > end)
		return XDP_ABORTED;
	__builtin_memcpy(p, p + 16, 12);
	if (mark) {
		p[12] = 0xde;
		p[13] = 0xad;
		p[14] = 0xbe;
		p[15] = 0xef;
	}
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
