// SPDX-License-Identifier: GPL-2.0
/*
 * IPIP encapsulation with bpf_xdp_adjust_head(-20): IPv4 frames to
 * 10.0.0.0/8 get an outer IPv4 header (192.168.1.1 -> inner daddr | 0xff,
 * protocol 4, checksum computed with a word loop) between the Ethernet
 * header and the original IP header, and are bounced. Frames too short for
 * an IP header pass unchanged.
 */
#include "corpus.h"

#define OUTER_SRC	IP4(192, 168, 1, 1)

SEC("xdp")
int xdp_encap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data, *neth;
	struct iphdr *ip = (void *)(eth + 1), *outer;
	struct ethhdr copy;
	__u32 sum = 0, i;
	__u16 inner_len;
	__be32 inner_dst;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if ((bpf_ntohl(ip->daddr) & 0xff000000) != NET10)
		return XDP_PASS;
	copy = *eth;
	inner_dst = ip->daddr;
	inner_len = end - (void *)ip;

	if (bpf_xdp_adjust_head(ctx, -(int)sizeof(struct iphdr)))
		return XDP_ABORTED;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	neth = data;
	outer = (void *)(neth + 1);
	if ((void *)(outer + 1) > end)
		return XDP_ABORTED;
	*neth = copy;
	outer->version = 4;
	outer->ihl = 5;
	outer->tos = 0;
	outer->tot_len = bpf_htons(inner_len + sizeof(*outer));
	outer->id = 0;
	outer->frag_off = bpf_htons(0x4000);
	outer->ttl = 64;
	outer->protocol = IPPROTO_IPIP;
	outer->check = 0;
	outer->saddr = bpf_htonl(OUTER_SRC);
	outer->daddr = inner_dst | bpf_htonl(0xff);
#pragma unroll
	for (i = 0; i < sizeof(*outer) / 2; i++)
		sum += ((__u16 *)outer)[i];
	outer->check = csum_fold32(sum);
	return XDP_TX;
}

CORPUS_LICENSE;
