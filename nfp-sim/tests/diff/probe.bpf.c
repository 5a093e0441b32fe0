// SPDX-License-Identifier: GPL-2.0
/*
 * Not part of the corpus: scripts/difftest loads this into the host kernel
 * first to find out whether BPF_PROG_TEST_RUN is usable at all (root,
 * unprivileged BPF limits, lockdown), so it can SKIP instead of failing.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("xdp")
int probe(struct xdp_md *ctx)
{
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
