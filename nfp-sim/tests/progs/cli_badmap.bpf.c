// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI tests: a program using a map type the NIC cannot hold. The
 * ELF loader must reject it naming the instruction and the map; the
 * unused LRU map must not get in the way of the other program.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} cli_lru SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} cli_ok SEC(".maps");

SEC("xdp")
int cli_uses_lru(struct xdp_md *ctx)
{
	__u32 key = 0, *v;

	v = bpf_map_lookup_elem(&cli_lru, &key);
	return v ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int cli_uses_array(struct xdp_md *ctx)
{
	__u32 key = 0, *v;

	v = bpf_map_lookup_elem(&cli_ok, &key);
	return v ? XDP_DROP : XDP_PASS;
}

char _license[] SEC("license") = "GPL";
