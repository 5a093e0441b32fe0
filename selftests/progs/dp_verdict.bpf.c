// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath selftest program: the verdict comes from dp_cfg[0] (0: PASS,
 * else verdict + 1, so 1 = ABORTED, 2 = DROP, 3 = PASS, 4 = TX, larger
 * values give invalid verdicts), XDP_TX frames get their MACs swapped; every
 * run is counted per verdict in dp_cnt and per RX queue in dp_q (with the
 * ingress ifindex the NIC reported), and UDP flows by source port in
 * dp_flows (a hash map bpftool also writes to in the concurrency test).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct qrec {
	__u64 runs;
	__u64 ifindex;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} dp_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} dp_cnt SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct qrec);
} dp_q SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, __u32);
	__type(value, __u64);
} dp_flows SEC(".maps");

SEC("xdp")
int dp_verdict(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 zero = 0, act = XDP_PASS, q = ctx->rx_queue_index, *cfg, key;
	struct qrec *qr;
	__u64 one = 1, *v;

	cfg = bpf_map_lookup_elem(&dp_cfg, &zero);
	if (cfg && *cfg)
		act = *cfg - 1;
	key = act < 7 ? act : 7;
	v = bpf_map_lookup_elem(&dp_cnt, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	qr = bpf_map_lookup_elem(&dp_q, &q);
	if (qr) {
		__sync_fetch_and_add(&qr->runs, 1);
		qr->ifindex = ctx->ingress_ifindex;
	}
	if ((void *)(eth + 1) > end)
		return act;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		struct udphdr *udp = (void *)(ip + 1);

		if ((void *)(udp + 1) <= end && ip->protocol == 17) {
			key = bpf_ntohs(udp->source);
			v = bpf_map_lookup_elem(&dp_flows, &key);
			if (v)
				__sync_fetch_and_add(v, 1);
			else
				bpf_map_update_elem(&dp_flows, &key, &one, BPF_NOEXIST);
		}
	}
	if (act == XDP_TX) {
		__u8 tmp[ETH_ALEN];

		__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
		__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
		__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	}
	return act;
}

char _license[] SEC("license") = "GPL";
