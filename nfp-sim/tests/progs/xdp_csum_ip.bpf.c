// SPDX-License-Identifier: GPL-2.0
/*
 * IPv4 header checksum verification two ways: bpf_csum_diff() over the
 * fixed 20 bytes plus a bounded, not unrolled loop over the option words,
 * and a 16-bit word loop over the whole header. Valid headers pass, bad
 * ones are dropped; a disagreement between the two sums aborts. The folded
 * sums of the last frame and good/bad counts are kept.
 */
#include "corpus.h"

struct csum_stats {
	__u64 good;
	__u64 bad;
	__u32 last_diff;	/* folded csum_diff result of the last header */
	__u32 last_loop;	/* folded word-loop sum of the last header */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct csum_stats);
} csum_stats SEC(".maps");

SEC("xdp")
int xdp_csum_ip(struct xdp_md *ctx)
{
	struct cursor c;
	struct ethhdr *eth;
	struct iphdr *ip;
	struct csum_stats *st;
	__u32 sum = 0, zero = 0, words, i;
	__u16 a, b;
	__s64 d;
	int depth;

	cursor_init_xdp(&c, ctx);
	if (parse_eth(&c, &eth, &depth) != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = parse_ipv4(&c);
	if (!ip)
		return XDP_DROP;
	st = bpf_map_lookup_elem(&csum_stats, &zero);
	if (!st)
		return XDP_ABORTED;

	d = bpf_csum_diff(0, 0, (__be32 *)ip, sizeof(*ip), 0);
	if (d < 0)
		return XDP_ABORTED;
	words = ip->ihl - 5;
	for (i = 0; i < 10 && i < words; i++) {
		__be32 *w = (__be32 *)(ip + 1) + i;

		if ((void *)(w + 1) > c.end)
			return XDP_ABORTED;
		d = bpf_csum_diff(0, 0, w, 4, (__u32)d);
	}
	a = csum_fold32((__u32)d);

	for (i = 0; i < 30; i++) {
		__u16 *w = (__u16 *)ip + i;

		if (i >= ip->ihl * 2)
			break;
		if ((void *)(w + 1) > c.end)
			return XDP_ABORTED;
		sum += *w;
	}
	b = csum_fold32(sum);

	st->last_diff = a;
	st->last_loop = b;
	if (a != b)
		return XDP_ABORTED;
	if (a) {
		st->bad++;
		return XDP_DROP;
	}
	st->good++;
	return XDP_PASS;
}

CORPUS_LICENSE;
