// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI tests: an array whose max_entries the object leaves 0 for
 * user space to size (libbpf's bpf_map__set_max_entries() before load):
 * `nfpsim run` needs --map-size. Counts frames per length class in the
 * sized array, so most elements stay zero for the sparse dump checks.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 0);
	__type(key, __u32);
	__type(value, __u64);
} cli_sized SEC(".maps");

SEC("xdp")
int cli_count_len(struct xdp_md *ctx)
{
	__u32 key = (ctx->data_end - ctx->data) > 80 ? 2 : 1;
	__u64 *v = bpf_map_lookup_elem(&cli_sized, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
