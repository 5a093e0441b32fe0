// SPDX-License-Identifier: GPL-2.0
/* Uses every helper the NIC supports, for load+attach tests. */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} h SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} events SEC(".maps");

SEC("xdp")
int helpers_all(struct xdp_md *ctx)
{
	__u32 key = bpf_get_prandom_u32() & 63;
	__u64 now = bpf_ktime_get_ns(), *v;
#ifdef HELPERS_NO_CPU_ID
	__u32 cpu = 0;
#else
	__u32 cpu = bpf_get_smp_processor_id();
#endif
	void *data, *data_end;
	__s64 csum;

	v = bpf_map_lookup_elem(&h, &key);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&h, &key, &now, BPF_ANY);
	if (cpu == 1000)
		bpf_map_delete_elem(&h, &key);
	if (bpf_xdp_adjust_meta(ctx, -4))
		return XDP_ABORTED;
	if (bpf_xdp_adjust_head(ctx, -8) || bpf_xdp_adjust_head(ctx, 8))
		return XDP_ABORTED;
	if (bpf_xdp_adjust_tail(ctx, 4) == 0)
		bpf_xdp_adjust_tail(ctx, -4);
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	if (data + ETH_HLEN > data_end)
		return XDP_DROP;
	csum = bpf_csum_diff(0, 0, data, 12, 0);
	bpf_perf_event_output(ctx, &events, BPF_F_CURRENT_CPU, &csum, sizeof(csum));
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
