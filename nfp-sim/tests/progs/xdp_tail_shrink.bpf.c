// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_adjust_tail() shrinking: IPv4 frames are trimmed to the length
 * their IP header announces (Ethernet padding and junk removed); other
 * frames lose up to 255 bytes as given by a frame byte, which fails in the
 * helper when fewer than 14 bytes would remain.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} trim_stats SEC(".maps");

static __always_inline void stat(__u32 k, __u64 n)
{
	__u64 *v = bpf_map_lookup_elem(&trim_stats, &k);

	if (v)
		*v += n;
}

SEC("xdp")
int xdp_tail_shrink(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u32 len = end - data, want;
	int cut;

	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	if (eth->h_proto == bpf_htons(ETH_P_IP) && (void *)(ip + 1) <= end) {
		want = sizeof(*eth) + bpf_ntohs(ip->tot_len);
		if (want >= len)
			return XDP_PASS;
		cut = len - want;
		stat(0, cut);
	} else {
		cut = ((__u8 *)data)[13];
		stat(1, 1);
	}
	if (bpf_xdp_adjust_tail(ctx, -cut)) {
		stat(2, 1);
		return XDP_DROP;
	}
	stat(3, ctx->data_end - ctx->data);
	return XDP_TX;
}

CORPUS_LICENSE;
