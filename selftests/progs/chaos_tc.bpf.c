// SPDX-License-Identifier: GPL-2.0
/*
 * The chaos and hostile-frame selftests' tc program (direct action, for
 * skip_sw offload): parses Ethernet, a VLAN tag, IPv4 (IHL and total length
 * checked) or IPv6, UDP/TCP ports, and picks a return value from a hash of
 * that and ch_cfg (0: always OK, 1: a mix of OK, SHOT, STOLEN, UNSPEC, PIPE
 * and an unknown value, 2: always SHOT), setting mark and priority on what
 * it lets through. Counts per return value in ch_cnt, flows in ch_flows.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u32);
} ch_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} ch_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 512);
	__type(key, __u32);
	__type(value, __u64);
} ch_flows SEC(".maps");

static __always_inline __u32 mix(__u32 h, __u32 v)
{
	h ^= v;
	h *= 0x9e3779b1;
	return h ^ (h >> 15);
}

SEC("tc")
int chaos_tc(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	__u32 zero = 0, one_k = 1, *mode, *salt, h = skb->len, key, r, slot;
	__u64 one = 1, *v;
	void *pos, *l4 = 0;
	__u8 l4proto = 0;
	__be16 proto;
	int ret;

	if ((void *)(eth + 1) > end)
		goto verdict;
	pos = eth + 1;
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q)) {
		__be16 *vl = pos;

		if ((void *)(vl + 2) > end)
			goto verdict;
		h = mix(h, vl[0]);
		proto = vl[1];
		pos = vl + 2;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = pos;
		__u32 ihl;

		if ((void *)(ip + 1) > end)
			goto verdict;
		ihl = ip->ihl * 4;
		if (ihl < sizeof(*ip) || bpf_ntohs(ip->tot_len) < ihl)
			goto verdict;
		h = mix(h, ip->saddr ^ ip->daddr);
		l4proto = ip->protocol;
		l4 = (void *)ip + ihl;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = pos;

		if ((void *)(ip6 + 1) > end)
			goto verdict;
		h = mix(h, ip6->saddr.in6_u.u6_addr32[3]);
		l4proto = ip6->nexthdr;
		l4 = ip6 + 1;
	} else {
		h = mix(h, proto);
	}
	if (l4 && (l4proto == IPPROTO_UDP || l4proto == IPPROTO_TCP)) {
		struct udphdr *uh = l4;

		if ((void *)(uh + 1) <= end) {
			key = (__u32)uh->source << 16 | uh->dest;
			h = mix(h, key);
			v = bpf_map_lookup_elem(&ch_flows, &key);
			if (v)
				__sync_fetch_and_add(v, 1);
			else
				bpf_map_update_elem(&ch_flows, &key, &one, BPF_ANY);
		}
	}
verdict:
	ret = TC_ACT_OK;
	mode = bpf_map_lookup_elem(&ch_cfg, &zero);
	salt = bpf_map_lookup_elem(&ch_cfg, &one_k);
	if (salt)
		h = mix(h, *salt);
	if (mode && *mode == 2) {
		ret = TC_ACT_SHOT;
	} else if (mode && *mode == 1) {
		r = h >> 28;
		if (r < 6)
			ret = TC_ACT_OK;
		else if (r < 10)
			ret = TC_ACT_SHOT;
		else if (r < 12)
			ret = TC_ACT_STOLEN;
		else if (r < 13)
			ret = TC_ACT_UNSPEC;
		else if (r < 14)
			ret = TC_ACT_PIPE;
		else
			ret = 42;	/* unknown: dropped */
	}
	skb->mark = h;
	skb->priority = h & 7;
	slot = ret == TC_ACT_OK ? 0 : ret == TC_ACT_SHOT ? 1 : ret == TC_ACT_STOLEN ? 2 :
	       ret == TC_ACT_UNSPEC ? 3 : ret == TC_ACT_PIPE ? 4 : 5;
	v = bpf_map_lookup_elem(&ch_cnt, &slot);
	if (v)
		__sync_fetch_and_add(v, 1);
	return ret;
}

char _license[] SEC("license") = "GPL";
