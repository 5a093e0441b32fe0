// SPDX-License-Identifier: GPL-2.0
/* A map type the NIC's map engine does not have: LRU hash. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u32);
} lru SEC(".maps");

SEC("xdp")
int bad_maptype(struct xdp_md *ctx)
{
	__u32 k = 0, *v = bpf_map_lookup_elem(&lru, &k);

	return v ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
