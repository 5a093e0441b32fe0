// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI tests: a tc program whose return value is made of the
 * __sk_buff fields BPF_PROG_TEST_RUN takes from ctx_in (mark, priority):
 * cli.sh runs it with --mark/--priority and, as root, in the host kernel
 * with the same ctx_in (bpftool prog run), and compares.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int cli_ctx(struct __sk_buff *skb)
{
	return (skb->mark & 0xff) << 8 | (skb->priority & 0xff);
}

char _license[] SEC("license") = "GPL";
