// SPDX-License-Identifier: GPL-2.0
/*
 * BPF-to-BPF calls: the parser is split into static __noinline functions
 * (three levels deep) taking packet, stack and map-value pointers and
 * scalars, returning values through both r0 and stack out-parameters.
 */
#include "corpus.h"

struct l4info {
	__u8 proto;
	__u16 sport;
	__u16 dport;
	__u32 depth;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} sub_cnt SEC(".maps");

static __noinline __u32 mix(__u32 a, __u32 b, __u32 c)
{
	a ^= b * 0x9e3779b1;
	a = (a << 7) | (a >> 25);
	return a + c;
}

static __noinline int parse_ports(void *l4, void *end, struct l4info *info)
{
	__be16 *p = l4;

	if ((void *)(p + 2) > end)
		return -1;
	info->sport = bpf_ntohs(p[0]);
	info->dport = bpf_ntohs(p[1]);
	return mix(info->sport, info->dport, info->proto) & 0xff;
}

static __noinline int parse_l3(struct xdp_md *ctx, struct l4info *info)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);

	if ((void *)(ip + 1) > end)
		return -1;
	if (eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return -2;
	info->proto = ip->protocol;
	info->depth = 1;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return 0;
	info->depth = 2;
	return parse_ports(ip + 1, end, info);
}

static __noinline void bump(__u64 *counter, __u64 by)
{
	if (counter)
		*counter += by;
}

SEC("xdp")
int xdp_subprog(struct xdp_md *ctx)
{
	struct l4info info = {};
	__u32 k;
	int r;

	r = parse_l3(ctx, &info);
	if (r < 0)
		return r == -1 ? XDP_DROP : XDP_PASS;
	k = info.depth;
	bump(bpf_map_lookup_elem(&sub_cnt, &k), 1);
	k = 3;
	bump(bpf_map_lookup_elem(&sub_cnt, &k), r);
	if (info.dport == 22 || info.sport == 22)
		return XDP_DROP;
	return r & 1 ? XDP_TX : XDP_PASS;
}

CORPUS_LICENSE;
