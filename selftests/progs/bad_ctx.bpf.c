// SPDX-License-Identifier: GPL-2.0
/* A context field the verifier allows but the NIC does not provide:
 * __sk_buff->vlan_tci.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

SEC("tc")
int bad_ctx(struct __sk_buff *skb)
{
	return skb->vlan_tci == 5 ? 2 : 0;
}

char _license[] SEC("license") = "GPL";
