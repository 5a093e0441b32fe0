// SPDX-License-Identifier: GPL-2.0
/*
 * UDP over IPv4: verdict from the destination port and the UDP length
 * field (shorter than 8 or longer than the IP payload: dropped); per-port
 * byte counters in a HASH map keyed by the port.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u16);
	__type(value, __u64);
} port_bytes SEC(".maps");

SEC("xdp")
int xdp_udp_port(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct udphdr *uh;
	__u16 port, ulen, iplen;
	__u64 *v, init;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || ip->protocol != IPPROTO_UDP)
		return XDP_PASS;
	uh = c.pos;
	if ((void *)(uh + 1) > c.end)
		return XDP_ABORTED;
	ulen = bpf_ntohs(uh->len);
	iplen = bpf_ntohs(ip->tot_len) - ip->ihl * 4;
	if (ulen < sizeof(*uh) || ulen > iplen)
		return XDP_DROP;
	port = bpf_ntohs(uh->dest);
	v = bpf_map_lookup_elem(&port_bytes, &port);
	if (v) {
		__sync_fetch_and_add(v, ulen);
	} else {
		init = ulen;
		bpf_map_update_elem(&port_bytes, &port, &init, BPF_NOEXIST);
	}
	if (port == 53 || port == 123)
		return XDP_PASS;
	if (port < 1024)
		return XDP_DROP;
	return XDP_TX;
}

CORPUS_LICENSE;
