// SPDX-License-Identifier: GPL-2.0
/*
 * Recorder for the datapath selftests, attached in software (skip_hw) on
 * clsact ingress after whatever the NIC did: for every frame the stack
 * receives it stores, in arrival order, the length, the XDP metadata the
 * driver left in front of the frame (skb->data_meta), skb->mark and
 * skb->priority, so a test can check what the NIC handed to the host.
 * Tests find the maps through the program id (tc -j filter show).
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

#define REC_MAX 8192
#define META_MAX 32

struct rec {
	__u32 len;
	__u32 meta_len;
	__u32 mark;
	__u32 priority;
	__u8 meta[META_MAX];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, REC_MAX);
	__type(key, __u32);
	__type(value, struct rec);
} dp_rec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} dp_rec_n SEC(".maps");

SEC("tc")
int dp_rec_ingress(struct __sk_buff *skb)
{
	void *meta = (void *)(long)skb->data_meta;
	void *data = (void *)(long)skb->data;
	__u32 zero = 0, idx, i;
	__u64 *n;
	struct rec *r;

	n = bpf_map_lookup_elem(&dp_rec_n, &zero);
	if (!n)
		return TC_ACT_OK;
	idx = __sync_fetch_and_add(n, 1);
	if (idx >= REC_MAX)
		return TC_ACT_OK;
	r = bpf_map_lookup_elem(&dp_rec, &idx);
	if (!r)
		return TC_ACT_OK;
	r->len = skb->len;
	r->mark = skb->mark;
	r->priority = skb->priority;
	r->meta_len = 0;
	for (i = 0; i < META_MAX; i++) {
		__u8 *p = meta + i;

		if ((void *)(p + 1) > data)
			break;
		r->meta[i] = *p;
		r->meta_len = i + 1;
	}
	return TC_ACT_OK;
}

char _license[] SEC("license") = "GPL";
