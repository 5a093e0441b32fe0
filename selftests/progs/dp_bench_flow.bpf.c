// SPDX-License-Identifier: GPL-2.0
/*
 * Benchmark (selftests/bench_datapath.sh): parse Ethernet/IPv4/UDP, look
 * the flow (addresses, ports) up in a hash map, count packets and bytes
 * per flow (insert on a miss), count non-UDP frames in an array; drop
 * everything so only the XDP work is measured.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct flow_key {
	__u32 saddr;
	__u32 daddr;
	__u16 sport;
	__u16 dport;
};

struct flow_val {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} bench_flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} bench_other SEC(".maps");

SEC("xdp")
int dp_bench_flow(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	struct flow_key k = {};
	struct flow_val *v, nv;
	__u32 idx = 0;
	__u64 *o;

	if ((void *)(udp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != 17)
		goto other;
	k.saddr = ip->saddr;
	k.daddr = ip->daddr;
	k.sport = udp->source;
	k.dport = udp->dest;
	v = bpf_map_lookup_elem(&bench_flows, &k);
	if (v) {
		__sync_fetch_and_add(&v->packets, 1);
		__sync_fetch_and_add(&v->bytes, end - data);
	} else {
		nv.packets = 1;
		nv.bytes = end - data;
		bpf_map_update_elem(&bench_flows, &k, &nv, BPF_ANY);
	}
	return XDP_DROP;
other:
	o = bpf_map_lookup_elem(&bench_other, &idx);
	if (o)
		__sync_fetch_and_add(o, 1);
	return XDP_DROP;
}

char _license[] SEC("license") = "GPL";
