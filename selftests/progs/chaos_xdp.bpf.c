// SPDX-License-Identifier: GPL-2.0
/*
 * The chaos and hostile-frame selftests' XDP program (nfpsim_chaos.sh,
 * nfpsim_frames.sh): parses Ethernet, up to two VLAN tags, IPv4 (IHL and
 * total length checked, options skipped), IPv6 (up to four extension
 * headers), UDP and TCP, and picks a verdict from a hash of what it found
 * and ch_cfg (written by userspace while the NIC runs it):
 *   ch_cfg[0]: 0 = always PASS, 1 = a mix of PASS, DROP, TX, ABORTED and
 *              an invalid return value, 2 = always DROP
 *   ch_cfg[1]: mixed into the hash
 * XDP_TX only for frames whose source MAC is the chaos sender's
 * (02:00:00:00:00:01); the MACs are then swapped, so a bounced frame is
 * never bounced again by this program on the other side (no ping-pong).
 * Every run is counted per verdict in ch_cnt and per parse outcome in
 * ch_parse; flows go into ch_flows, a hash map the NIC writes while the
 * chaos test updates, deletes and dumps it.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/in.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define CHAOS_SRC_MAC0	0x02
#define CHAOS_SRC_MAC5	0x01

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

/* 0 short eth, 1 vlan, 2 ipv4, 3 bad ihl/len, 4 ipv6, 5 ext hdrs, 6 l4, 7 other */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} ch_parse SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} ch_flows SEC(".maps");

struct vlh {
	__be16 tci;
	__be16 proto;
};

static __always_inline void bump(void *map, __u32 key)
{
	__u64 *v = bpf_map_lookup_elem(map, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
}

static __always_inline __u32 mix(__u32 h, __u32 v)
{
	h ^= v;
	h *= 0x9e3779b1;
	return h ^ (h >> 15);
}

SEC("xdp")
int chaos_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 zero = 0, one_k = 1, *mode, *salt, h = 0x1234567, key, r;
	__u64 one = 1, *fv;
	void *l4 = 0;
	__u8 l4proto = 0;
	__be16 proto;
	void *pos;
	int act, i;

	if ((void *)(eth + 1) > end) {
		bump(&ch_parse, 0);
		act = XDP_PASS;
		goto count;
	}
	pos = eth + 1;
	proto = eth->h_proto;
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlh *v = pos;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(v + 1) > end)
			break;
		bump(&ch_parse, 1);
		h = mix(h, bpf_ntohs(v->tci));
		proto = v->proto;
		pos = v + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = pos;
		__u32 ihl, tot;

		if ((void *)(ip + 1) > end)
			goto other;
		bump(&ch_parse, 2);
		ihl = ip->ihl * 4;
		tot = bpf_ntohs(ip->tot_len);
		if (ihl < sizeof(*ip) || tot < ihl || tot > 9216 || (void *)ip + tot > end) {
			bump(&ch_parse, 3);
			h = mix(h, 3);
			goto verdict;
		}
		h = mix(h, ip->saddr);
		h = mix(h, ip->daddr);
		l4proto = ip->protocol;
		if (ip->frag_off & bpf_htons(0x1fff))
			goto verdict;
		l4 = (void *)ip + ihl;
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = pos;
		__u8 nh;

		if ((void *)(ip6 + 1) > end)
			goto other;
		bump(&ch_parse, 4);
		h = mix(h, ip6->saddr.in6_u.u6_addr32[3]);
		h = mix(h, ip6->daddr.in6_u.u6_addr32[3]);
		nh = ip6->nexthdr;
		pos = ip6 + 1;
#pragma unroll
		for (i = 0; i < 4; i++) {
			__u8 *ext = pos;

			if (nh != IPPROTO_HOPOPTS && nh != IPPROTO_ROUTING &&
			    nh != IPPROTO_DSTOPTS)
				break;
			if ((void *)(ext + 2) > end)
				goto verdict;
			bump(&ch_parse, 5);
			nh = ext[0];
			pos = ext + (ext[1] + 1) * 8;
		}
		l4proto = nh;
		l4 = pos;
	} else {
other:
		bump(&ch_parse, 7);
		h = mix(h, proto);
		goto verdict;
	}
	if (l4proto == IPPROTO_UDP || l4proto == IPPROTO_TCP) {
		struct udphdr *uh = l4;

		if (!l4 || (void *)(uh + 1) > end)
			goto verdict;
		bump(&ch_parse, 6);
		key = (__u32)uh->source << 16 | uh->dest;
		h = mix(h, key);
		fv = bpf_map_lookup_elem(&ch_flows, &key);
		if (fv)
			__sync_fetch_and_add(fv, 1);
		else
			bpf_map_update_elem(&ch_flows, &key, &one, BPF_ANY);
		if (l4proto == IPPROTO_TCP) {
			struct tcphdr *th = l4;

			if ((void *)(th + 1) <= end && th->syn && th->fin)
				h = mix(h, 0x5f);
		}
	}
verdict:
	act = XDP_PASS;
	mode = bpf_map_lookup_elem(&ch_cfg, &zero);
	salt = bpf_map_lookup_elem(&ch_cfg, &one_k);
	if (salt)
		h = mix(h, *salt);
	if (mode && *mode == 2) {
		act = XDP_DROP;
	} else if (mode && *mode == 1) {
		r = h >> 28;
		if (r < 6)
			act = XDP_PASS;
		else if (r < 10)
			act = XDP_DROP;
		else if (r < 13)
			act = XDP_TX;
		else if (r < 15)
			act = XDP_ABORTED;
		else
			act = 7;	/* invalid: the NIC counts it as aborted */
	}
	if (act == XDP_TX) {
		__u8 tmp[ETH_ALEN];

		if (eth->h_source[0] != CHAOS_SRC_MAC0 || eth->h_source[5] != CHAOS_SRC_MAC5 ||
		    eth->h_source[1] | eth->h_source[2] | eth->h_source[3] | eth->h_source[4]) {
			act = XDP_PASS;
			goto count;
		}
		__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
		/* never the sender's address, even if it was the destination */
		eth->h_source[0] = 0x06;
	}
count:
	bump(&ch_cnt, act < 7 ? act : 7);
	return act;
}

char _license[] SEC("license") = "GPL";
