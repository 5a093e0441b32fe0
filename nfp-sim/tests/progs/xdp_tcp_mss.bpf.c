// SPDX-License-Identifier: GPL-2.0
/*
 * TCP option walk with a rewrite: clamp the MSS option of IPv4 SYNs to
 * 1400 and fix the TCP checksum incrementally. Frames whose options are
 * malformed are dropped; the number of clamped SYNs is counted.
 */
#include "corpus.h"

#define MSS_CLAMP	1400
#define MAX_TCP_OPTS	8

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} mss_stats SEC(".maps");

SEC("xdp")
int xdp_tcp_mss(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct tcphdr *th;
	__u32 optlen, off = 0, k;
	__u8 *opt;
	__u64 *v;
	int depth, i, ret = XDP_PASS;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip || ip->protocol != IPPROTO_TCP)
		return XDP_PASS;
	th = c.pos;
	if ((void *)(th + 1) > c.end)
		return XDP_PASS;
	if (!th->syn || th->doff < 5)
		return XDP_PASS;
	optlen = (th->doff - 5) * 4;
	opt = (__u8 *)(th + 1);
	for (i = 0; i < MAX_TCP_OPTS; i++) {
		__u8 *p;

		if (off >= optlen || off > 39)
			break;
		p = opt + off;
		if ((void *)(p + 1) > c.end)
			break;
		if (p[0] == 0)
			break;
		if (p[0] == 1) {
			off++;
			continue;
		}
		if ((void *)(p + 4) > c.end || p[1] < 2) {
			ret = XDP_DROP;
			break;
		}
		if (p[0] == 2 && p[1] == 4) {
			__be16 *mss = (__be16 *)(p + 2);
			__be16 old = *mss;

			if (bpf_ntohs(old) > MSS_CLAMP) {
				*mss = bpf_htons(MSS_CLAMP);
				csum_replace2(&th->check, old, *mss);
				ret = XDP_TX;
			}
		}
		off += p[1];
	}
	k = ret == XDP_TX ? 0 : 1;
	v = bpf_map_lookup_elem(&mss_stats, &k);
	if (v)
		__sync_fetch_and_add(v, 1);
	return ret;
}

CORPUS_LICENSE;
