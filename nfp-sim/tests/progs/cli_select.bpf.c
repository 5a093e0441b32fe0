// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI tests: program selection. A socket filter comes first in the
 * file (the default must skip it for the first XDP/tc program), section
 * "xdp" holds two programs (--sec xdp alone must list them), "tc" and
 * "tc/ifindex" one each.
 */
#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>

SEC("socket")
int cli_sock(struct __sk_buff *skb)
{
	return 0;
}

SEC("xdp")
int cli_x1(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int cli_x2(struct xdp_md *ctx)
{
	return XDP_DROP;
}

SEC("tc")
int cli_t(struct __sk_buff *skb)
{
	return TC_ACT_UNSPEC;
}

/* the two ifindexes of the context, for `nfpsim run --ifindex/--ingress-ifindex` */
SEC("tc/ifindex")
int cli_ifindex(struct __sk_buff *skb)
{
	return skb->ifindex * 100 + skb->ingress_ifindex;
}

char _license[] SEC("license") = "GPL";
