// SPDX-License-Identifier: GPL-2.0
/*
 * Global data: a const configuration in .rodata, counters in .bss and a
 * seeded value in .data (LD_IMM64 map-value relocations). The internal
 * maps are not dumped by either side of the comparison, so a visible ARRAY
 * mirrors the globals after every frame.
 */
#include "corpus.h"

const volatile __u32 cfg_drop_every = 7;
const volatile __u16 cfg_port = 443;
__u64 seen;
__u64 port_hits;
__u64 mix = 0x0123456789abcdefULL;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__type(value, __u64);
} globals_mirror SEC(".maps");

static __always_inline void mirror(__u32 k, __u64 v)
{
	__u64 *m = bpf_map_lookup_elem(&globals_mirror, &k);

	if (m)
		*m = v;
}

SEC("xdp")
int xdp_globals(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	int depth, ret = XDP_PASS;
	__u64 n;

	n = ++seen;
	mix = (mix << 3 | mix >> 61) ^ (ctx->data_end - ctx->data);
	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) == bpf_htons(ETH_P_IP)) {
		ip = parse_ipv4(&c);
		if (ip && ip->protocol == IPPROTO_TCP) {
			__be16 *ports = c.pos;

			if ((void *)(ports + 2) <= c.end && ports[1] == bpf_htons(cfg_port)) {
				port_hits++;
				ret = XDP_TX;
			}
		}
	}
	mirror(0, seen);
	mirror(1, port_hits);
	mirror(2, mix);
	if (n % cfg_drop_every == 0)
		return XDP_DROP;
	return ret;
}

CORPUS_LICENSE;
