// SPDX-License-Identifier: GPL-2.0
/*
 * Ethernet parser: the verdict depends on the ethertype alone (no VLAN
 * handling), with one ARRAY counter per ethertype class.
 */
#include "corpus.h"

enum { C_IPV4, C_IPV6, C_ARP, C_VLAN, C_8023, C_OTHER, C_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, C_MAX);
	__type(key, __u32);
	__type(value, __u64);
} eth_cnt SEC(".maps");

SEC("xdp")
int xdp_eth_type(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u32 cls, verdict;
	__u16 proto;
	__u64 *cnt;

	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	proto = bpf_ntohs(eth->h_proto);
	if (proto == ETH_P_IP) {
		cls = C_IPV4;
		verdict = XDP_PASS;
	} else if (proto == ETH_P_IPV6) {
		cls = C_IPV6;
		verdict = XDP_PASS;
	} else if (proto == ETH_P_ARP) {
		cls = C_ARP;
		verdict = XDP_TX;
	} else if (proto == ETH_P_8021Q || proto == ETH_P_8021AD) {
		cls = C_VLAN;
		verdict = XDP_PASS;
	} else if (proto < ETH_P_802_3_MIN) {
		cls = C_8023;
		verdict = XDP_DROP;
	} else {
		cls = C_OTHER;
		verdict = XDP_DROP;
	}
	cnt = bpf_map_lookup_elem(&eth_cnt, &cls);
	if (cnt)
		__sync_fetch_and_add(cnt, 1);
	return verdict;
}

CORPUS_LICENSE;
