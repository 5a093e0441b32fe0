// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI tests: an object exercising every relocation the CLI's ELF
 * loader resolves: BTF maps, global data (.bss, .data, .rodata), a static
 * and a global subprogram in .text, a subprogram calling another, and two
 * programs in two sections. Checked structurally by test_cli.c and run end
 * to end by tests/cli.sh.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} cli_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} cli_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} cli_events SEC(".maps");

__u64 cli_bss_counter;
__u32 cli_data_val = 7;
const volatile __u32 cli_ro_verdict = XDP_PASS;

static __noinline int cli_add(int a, int b)
{
	return a + b + cli_data_val;
}

__noinline int cli_twice(int a)
{
	return cli_add(a, a);
}

SEC("xdp")
int cli_xdp(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v, one = 1;

	v = bpf_map_lookup_elem(&cli_array, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	key = ctx->data_end - ctx->data;
	v = bpf_map_lookup_elem(&cli_hash, &key);
	if (v)
		*v += 1;
	else
		bpf_map_update_elem(&cli_hash, &key, &one, BPF_ANY);
	cli_bss_counter += cli_twice(key);
	return cli_ro_verdict;
}

SEC("tc")
int cli_tc(struct __sk_buff *skb)
{
	__u32 v = skb->len;

	/* 14 << 32: the host appends the Ethernet header to the sample */
	bpf_perf_event_output(skb, &cli_events, BPF_F_CURRENT_CPU | (14ULL << 32), &v, sizeof(v));
	return cli_add(skb->len, 1) > 0 ? 0 : 2;
}

char _license[] SEC("license") = "GPL";
