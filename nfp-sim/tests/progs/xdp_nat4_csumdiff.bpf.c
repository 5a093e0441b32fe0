// SPDX-License-Identifier: GPL-2.0
/*
 * Destination NAT with bpf_csum_diff(): TCP/UDP to 10.0.0.1 go to
 * 10.1.2.3, port 80 to 8080. The checksum deltas come from csum_diff over
 * the old and new address and port words (always folded to 16 bits: the raw
 * 32-bit helper result is architecture specific). Counts per protocol.
 */
#include "corpus.h"

#define VIP		IP4(10, 0, 0, 1)
#define BACKEND		IP4(10, 1, 2, 3)

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} dnat_cnt SEC(".maps");

static __always_inline __u16 fold(__s64 sum)
{
	return csum_fold32((__u32)sum);
}

SEC("xdp")
int xdp_nat4_csumdiff(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	__be32 from[2], to[2];
	__be16 *ports;
	__sum16 *l4sum;
	__u32 k;
	__u64 *cnt;
	__s64 d;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || ip->daddr != bpf_htonl(VIP))
		return XDP_PASS;
	if (ip->frag_off & bpf_htons(0x1fff))
		return XDP_PASS;
	if (ip->protocol == IPPROTO_TCP) {
		struct tcphdr *th = c.pos;

		if ((void *)(th + 1) > c.end)
			return XDP_DROP;
		ports = &th->source;
		l4sum = &th->check;
		k = 0;
	} else if (ip->protocol == IPPROTO_UDP) {
		struct udphdr *uh = c.pos;

		if ((void *)(uh + 1) > c.end)
			return XDP_DROP;
		ports = &uh->source;
		l4sum = &uh->check;
		k = 1;
	} else {
		return XDP_PASS;
	}

	from[0] = ip->daddr;
	from[1] = *(__be32 *)ports;
	to[0] = bpf_htonl(BACKEND);
	to[1] = from[1];
	if (ports[1] == bpf_htons(80))
		((__be16 *)&to[1])[1] = bpf_htons(8080);

	/* IP header: address only */
	d = bpf_csum_diff(from, 4, to, 4, (__u16)~ip->check);
	ip->check = fold(d);
	/* L4: pseudo-header address and the port word */
	if (k == 0 || *l4sum) {
		d = bpf_csum_diff(from, sizeof(from), to, sizeof(to), (__u16)~*l4sum);
		*l4sum = fold(d);
		if (k == 1 && !*l4sum)
			*l4sum = 0xffff;
	}
	ip->daddr = to[0];
	*(__be32 *)ports = to[1];
	cnt = bpf_map_lookup_elem(&dnat_cnt, &k);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return XDP_TX;
}

CORPUS_LICENSE;
