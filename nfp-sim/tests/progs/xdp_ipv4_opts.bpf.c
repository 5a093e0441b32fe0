// SPDX-License-Identifier: GPL-2.0
/*
 * The verdict is kept in one small variable: branching on the counters
 * would make the verifier track every count combination as precise.
 *
 * IPv4 options walk: a bounded loop over the option bytes (type/length
 * pairs, NOP and EOL single bytes). Frames carrying record-route (7) are
 * dropped, malformed option lists aborted; per-type counts kept in a map.
 */
#include "corpus.h"

#define MAX_OPTS 12	/* option entries walked; the rest is ignored */

enum { O_EOL, O_NOP, O_RR, O_OTHER, O_BADLEN, O_BADIHL, O_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, O_MAX);
	__type(key, __u32);
	__type(value, __u64);
} opt_seen SEC(".maps");

static __always_inline void count(__u32 idx, __u64 n)
{
	__u64 *c = bpf_map_lookup_elem(&opt_seen, &idx);

	if (c)
		__sync_fetch_and_add(c, n);
}

SEC("xdp")
int xdp_ipv4_opts(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	__u64 nop = 0, rr = 0, other = 0, eol = 0;
	__u32 optlen, off = 0;
	__u8 *opt;
	int i, ret = XDP_TX;

	if ((void *)(ip + 1) > end)
		return XDP_PASS;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->ihl < 5) {
		count(O_BADIHL, 1);
		return XDP_DROP;
	}
	optlen = (ip->ihl - 5) * 4;
	if (!optlen)
		return XDP_PASS;
	opt = (__u8 *)(ip + 1);
	for (i = 0; i < MAX_OPTS; i++) {
		__u8 *p;

		if (off >= optlen || off > 39)
			break;
		p = opt + off;
		if ((void *)(p + 1) > end) {
			ret = XDP_ABORTED;
			break;
		}
		if (p[0] == 0) {
			eol++;
			break;
		}
		if (p[0] == 1) {
			nop++;
			off++;
			continue;
		}
		if ((void *)(p + 2) > end) {
			ret = XDP_ABORTED;
			break;
		}
		if (p[1] < 2) {
			count(O_BADLEN, 1);
			ret = XDP_ABORTED;
			break;
		}
		if (p[0] == 7) {
			rr++;
			ret = XDP_DROP;
		} else {
			other++;
		}
		off += p[1];
	}
	count(O_EOL, eol);
	count(O_NOP, nop);
	count(O_RR, rr);
	count(O_OTHER, other);
	return ret;
}

CORPUS_LICENSE;
