/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared bits of the differential corpus (scripts/difftest): headers, the
 * address/port constants the packet generator (tests/diff/pktgen.py) draws
 * from, and small parsing helpers. Everything is static __always_inline so
 * each program's instruction stream stays its own concern; programs that
 * test BPF-to-BPF calls declare their own __noinline functions.
 */
#ifndef CORPUS_H
#define CORPUS_H

#include <linux/bpf.h>
#include <linux/pkt_cls.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/tcp.h>
#include <linux/udp.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

/* pktgen.py pools: 10.0.0.1-3, 10.1.2.3, 192.168.1.10/20, 172.16.0.1, 8.8.8.8 */
#define IP4(a, b, c, d)	((__u32)(a) << 24 | (__u32)(b) << 16 | (__u32)(c) << 8 | (d))
#define NET10		IP4(10, 0, 0, 0)

#ifndef ETH_P_8021AD
#define ETH_P_8021AD	0x88A8
#endif

/* linux/icmp.h drags in <sys/socket.h>, unavailable to -target bpf. */
struct icmphdr_c {
	__u8 type;
	__u8 code;
	__sum16 checksum;
	__be16 id;
	__be16 seq;
};

struct vlanhdr {
	__be16 tci;
	__be16 proto;	/* the encapsulated ethertype */
};

/* A cursor over the packet: the verifier tracks @pos against @end. */
struct cursor {
	void *pos;
	void *end;
};

static __always_inline void cursor_init_xdp(struct cursor *c, struct xdp_md *ctx)
{
	c->pos = (void *)(long)ctx->data;
	c->end = (void *)(long)ctx->data_end;
}

static __always_inline void cursor_init_skb(struct cursor *c, struct __sk_buff *skb)
{
	c->pos = (void *)(long)skb->data;
	c->end = (void *)(long)skb->data_end;
}

/*
 * Ethernet plus up to two VLAN tags (802.1Q, QinQ with 0x88a8 or 0x8100
 * outer). Returns the inner ethertype (network order) or 0 when truncated;
 * *depth gets the number of tags.
 */
static __always_inline __be16 parse_eth(struct cursor *c, struct ethhdr **eth, int *depth)
{
	struct ethhdr *e = c->pos;
	__be16 proto;
	int i;

	if ((void *)(e + 1) > c->end)
		return 0;
	*eth = e;
	c->pos = e + 1;
	proto = e->h_proto;
	*depth = 0;
#pragma unroll
	for (i = 0; i < 2; i++) {
		struct vlanhdr *v = c->pos;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(v + 1) > c->end)
			return 0;
		proto = v->proto;
		c->pos = v + 1;
		(*depth)++;
	}
	return proto;
}

/* IPv4 header with a sane IHL; the cursor moves past the options. */
static __always_inline struct iphdr *parse_ipv4(struct cursor *c)
{
	struct iphdr *ip = c->pos;
	__u32 hlen;

	if ((void *)(ip + 1) > c->end)
		return 0;
	hlen = ip->ihl * 4;
	if (ip->version != 4 || hlen < sizeof(*ip))
		return 0;
	if (c->pos + hlen > c->end)
		return 0;
	c->pos += hlen;
	return ip;
}

/* Fold a 32-bit one's complement sum to 16 bits. */
static __always_inline __u16 csum_fold32(__u32 sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)~sum;
}

/*
 * RFC 1624 incremental update of a 16-bit checksum for a 32-bit field
 * changing from @from to @to (all network order).
 */
static __always_inline void csum_replace4(__sum16 *sum, __be32 from, __be32 to)
{
	__u32 s = (__u16)~*sum;

	s += (__u16)~(from & 0xffff);
	s += (__u16)~(from >> 16);
	s += to & 0xffff;
	s += to >> 16;
	*sum = csum_fold32(s);
}

static __always_inline void csum_replace2(__sum16 *sum, __be16 from, __be16 to)
{
	__u32 s = (__u16)~*sum;

	s += (__u16)~from;
	s += to;
	*sum = csum_fold32(s);
}

#define CORPUS_LICENSE char _license[] SEC("license") = "GPL"

#endif /* CORPUS_H */
