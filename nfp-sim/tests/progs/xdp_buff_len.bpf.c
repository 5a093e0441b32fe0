// SPDX-License-Identifier: GPL-2.0
/*
 * bpf_xdp_get_buff_len() in a frags-aware program (SEC("xdp.frags"), run
 * on linear frames): the length as loaded, after adjust_head and after
 * adjust_tail, summed per length class in a map; the verdict is the final
 * length's parity. (adjust_meta, whose bytes it must not count, is in
 * test_xlate: this host kernel's test run refuses it.)
 */
#include "corpus.h"

/*
 * No kernel offloads a frags-aware program (bpf_prog_offload_init() of 6.1
 * and bpf_prog_dev_bound_init() of 6.3+ refuse BPF_F_XDP_HAS_FRAGS):
 * xdp_buff_len_lin.bpf.c builds this program as SEC("xdp") for the NIC.
 */
#ifndef BUFF_LEN_SEC
#define BUFF_LEN_SEC "xdp.frags"
#endif

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} buff_len_sum SEC(".maps");

static __always_inline void account(__u32 slot, __u64 len)
{
	__u64 *v = bpf_map_lookup_elem(&buff_len_sum, &slot);

	if (v)
		*v += len << 16 | 1;
}

SEC(BUFF_LEN_SEC)
int xdp_buff_len(struct xdp_md *ctx)
{
	__u64 len = bpf_xdp_get_buff_len(ctx);

	account(0, len);
	if (len > 40 && !bpf_xdp_adjust_head(ctx, 14))
		len = bpf_xdp_get_buff_len(ctx);
	account(1, len);
	if (len > 60 && !bpf_xdp_adjust_tail(ctx, -(int)(len & 31)))
		len = bpf_xdp_get_buff_len(ctx);
	account(len > 100 ? 2 : 3, len);
	return len & 1 ? XDP_PASS : XDP_DROP;
}

char _license[] SEC("license") = "GPL";
