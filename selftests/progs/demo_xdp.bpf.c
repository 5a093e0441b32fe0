// SPDX-License-Identifier: GPL-2.0
/*
 * The demo's program: count frames and bytes per IP protocol in a hash map
 * and drop UDP to the discard port (9) right on the NIC.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

struct counter {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, struct counter);
} proto_stats SEC(".maps");

SEC("xdp")
int demo_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct counter *c, init = {};
	struct udphdr *udp;
	struct iphdr *ip;
	__u32 proto;

	if ((void *)(eth + 1) > data_end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_PASS;
	proto = ip->protocol;
	c = bpf_map_lookup_elem(&proto_stats, &proto);
	if (!c) {
		bpf_map_update_elem(&proto_stats, &proto, &init, BPF_NOEXIST);
		c = bpf_map_lookup_elem(&proto_stats, &proto);
		if (!c)
			return XDP_PASS;
	}
	__sync_fetch_and_add(&c->packets, 1);
	__sync_fetch_and_add(&c->bytes, data_end - data);

	udp = (void *)ip + ip->ihl * 4;
	if (proto == IPPROTO_UDP && (void *)(udp + 1) <= data_end &&
	    udp->dest == bpf_htons(9))
		return XDP_DROP;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
