// SPDX-License-Identifier: GPL-2.0
/*
 * tc classifier on skb metadata: skb->len and skb->protocol (set by
 * eth_type_trans() in the host, so 802.3 length frames read as
 * ETH_P_802_3/802_2) choose the verdict: oversized frames are shot, ARP is
 * passed with TC_ACT_UNSPEC (-1), SSH gets priority 6 and TC_ACT_PIPE.
 * Verdicts and the protocol values seen are counted.
 */
#include "corpus.h"

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} proto_seen SEC(".maps");

SEC("tc")
int tc_classify(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	__u32 proto = bpf_ntohs(skb->protocol);
	__u64 *v, one = 1;

	v = bpf_map_lookup_elem(&proto_seen, &proto);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&proto_seen, &proto, &one, BPF_ANY);

	if (skb->len > 1514)
		return TC_ACT_SHOT;
	if (skb->len != end - data)
		return TC_ACT_STOLEN;	/* linear test frames: never */
	if (proto == ETH_P_ARP)
		return TC_ACT_UNSPEC;
	if (proto == ETH_P_IP) {
		struct iphdr *ip = data + ETH_HLEN;
		struct tcphdr *th = (void *)(ip + 1);

		if ((void *)(th + 1) > end)
			return TC_ACT_SHOT;
		if (ip->protocol == IPPROTO_TCP && ip->ihl == 5 &&
		    (th->dest == bpf_htons(22) || th->source == bpf_htons(22))) {
			skb->priority = 6;
			return TC_ACT_PIPE;
		}
		return TC_ACT_OK;
	}
	if (proto < ETH_P_802_3_MIN)
		return TC_ACT_SHOT;
	return skb->len & 1 ? TC_ACT_OK : TC_ACT_RECLASSIFY;
}

CORPUS_LICENSE;
