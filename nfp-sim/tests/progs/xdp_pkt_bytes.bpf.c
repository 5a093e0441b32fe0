// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_load_bytes() and bpf_xdp_store_bytes(): the MAC addresses
 * swapped through a stack buffer, the frame's last 8 bytes loaded into a
 * map value directly, 4 bytes stored at an offset from the packet's own
 * bytes, and the error returns kept raw (64-bit) in a map: -EINVAL past the
 * end of the frame, -EFAULT for an offset over 0xffff.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} pkt_bytes SEC(".maps");

SEC("xdp")
int xdp_pkt_bytes(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data, k0 = 0, k1 = 1, k2 = 2, k3 = 3;
	__u64 *tail, *einval, *efault, *sum;
	__u8 mac[12], tmp[6], w[4];
	long r;

	tail = bpf_map_lookup_elem(&pkt_bytes, &k0);
	einval = bpf_map_lookup_elem(&pkt_bytes, &k1);
	efault = bpf_map_lookup_elem(&pkt_bytes, &k2);
	sum = bpf_map_lookup_elem(&pkt_bytes, &k3);
	if (!tail || !einval || !efault || !sum)
		return XDP_ABORTED;

	if (bpf_xdp_load_bytes(ctx, 0, mac, 12))
		return XDP_PASS;
	__builtin_memcpy(tmp, mac, 6);
	__builtin_memcpy(mac, mac + 6, 6);
	__builtin_memcpy(mac + 6, tmp, 6);
	if (bpf_xdp_store_bytes(ctx, 0, mac, 12))
		return XDP_ABORTED;

	r = bpf_xdp_load_bytes(ctx, len - 8, tail, 8);
	*sum += r;
	r = bpf_xdp_load_bytes(ctx, len - 4, w, 8);	/* 4 bytes past the end */
	*einval = r;
	r = bpf_xdp_load_bytes(ctx, 0x10000 + (len & 1), w, 4);
	*efault = r;

	if (len > 40 && !bpf_xdp_load_bytes(ctx, len & 15, w, 4)) {
		if (bpf_xdp_store_bytes(ctx, 20 + (len & 7), w, 4))
			return XDP_ABORTED;
		*sum += w[0] ^ w[3];
	}
	return XDP_TX;
}

char _license[] SEC("license") = "GPL";
