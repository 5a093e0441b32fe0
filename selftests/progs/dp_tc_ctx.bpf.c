// SPDX-License-Identifier: GPL-2.0
/*
 * Datapath selftest program (tc, direct action): reads every __sk_buff
 * field the NIC offers and writes mark and priority from them, so the
 * same program offloaded (skip_sw) and in software (skip_hw) can be
 * compared by what reaches the stack and by its map:
 *   mark = len << 16 | protocol (host order), priority = 3;
 *   dp_ctx[0]: runs, sum of len, ifindex, ingress_ifindex, protocol of the
 *   last frame, data_end - data of the last frame, data - data_meta.
 * UDP frames to port 53 are dropped (TC_ACT_SHOT), the rest pass with
 * TC_ACT_UNSPEC, so in software the next filter (the recorder) runs too.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/udp.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

struct ctxrec {
	__u64 runs;
	__u64 len_sum;
	__u32 ifindex;
	__u32 ingress_ifindex;
	__u32 protocol;
	__u32 linear;
	__u32 meta;
	__u32 queues;	/* bit per queue_mapping seen */
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ctxrec);
} dp_ctx SEC(".maps");

SEC("tc")
int dp_tc_ctx(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	void *meta = (void *)(long)skb->data_meta;
	struct ethhdr *eth = data;
	struct ctxrec *r;
	__u32 zero = 0;

	r = bpf_map_lookup_elem(&dp_ctx, &zero);
	if (r) {
		__sync_fetch_and_add(&r->runs, 1);
		__sync_fetch_and_add(&r->len_sum, skb->len);
		r->ifindex = skb->ifindex;
		r->ingress_ifindex = skb->ingress_ifindex;
		r->protocol = skb->protocol;
		r->linear = end - data;
		r->meta = data - meta;
		r->queues |= 1 << (skb->queue_mapping & 31);
	}
	skb->mark = skb->len << 16 | bpf_ntohs(skb->protocol);
	skb->priority = 3;
	if ((void *)(eth + 1) > end)
		return TC_ACT_UNSPEC;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = (void *)(eth + 1);
		struct udphdr *udp = (void *)(ip + 1);

		if ((void *)(udp + 1) <= end && ip->protocol == 17 && udp->dest == bpf_htons(53))
			return TC_ACT_SHOT;
	}
	return TC_ACT_UNSPEC;
}

char _license[] SEC("license") = "GPL";
