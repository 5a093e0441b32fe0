#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Deterministic packet corpus for the differential tests.

Writes a classic pcap (little endian, LINKTYPE_ETHERNET) of Ethernet frames
drawn from a seeded PRNG, so the same seed always gives the same file:

  - well-formed frames: Ethernet, 802.1Q, QinQ (0x88a8 and 0x8100/0x8100),
    IPv4 (with and without options, first/middle/last fragments), IPv6 (with
    chains of hop-by-hop/routing/fragment/destination-options headers), TCP
    (random flags incl. SYN/FIN/RST, with and without options), UDP, ICMP,
    ICMPv6, ARP; addresses and ports come from small pools so flows repeat
    and programs' match rules fire;
  - mutated frames: a well-formed frame with a few random bytes flipped;
  - truncated frames: well-formed frames cut at every header boundary and
    in the middle of each header;
  - random garbage and oversized frames (up to MAX_LEN bytes).

Every frame is at least ETH_HLEN (14) bytes: BPF_PROG_TEST_RUN rejects
shorter input for both XDP and tc. MAX_LEN stays well below what test_run
accepts for XDP (PAGE_SIZE - XDP_PACKET_HEADROOM - skb_shared_info, about
3520 bytes on x86-64) and leaves room for bpf_xdp_adjust_tail() growth.

Only the Python standard library is used.
"""

import argparse
import random
import struct
import sys

ETH_HLEN = 14
MAX_LEN = 2048

ETH_P_IP = 0x0800
ETH_P_ARP = 0x0806
ETH_P_8021Q = 0x8100
ETH_P_8021AD = 0x88A8
ETH_P_IPV6 = 0x86DD

IPPROTO_HOPOPTS = 0
IPPROTO_ICMP = 1
IPPROTO_TCP = 6
IPPROTO_UDP = 17
IPPROTO_ROUTING = 43
IPPROTO_FRAGMENT = 44
IPPROTO_ICMPV6 = 58
IPPROTO_NONE = 59
IPPROTO_DSTOPTS = 60

# Small pools: the corpus programs match on these (see tests/progs/corpus.h).
MACS = [bytes([0x02, 0, 0, 0, 0, i]) for i in range(1, 5)] + [b"\xff" * 6]
IP4 = ["10.0.0.1", "10.0.0.2", "10.0.0.3", "10.1.2.3", "192.168.1.10",
       "192.168.1.20", "172.16.0.1", "8.8.8.8"]
IP6 = ["2001:db8::1", "2001:db8::2", "2001:db8::3", "fe80::1", "ff02::1",
       "2001:db8:0:1::42"]
PORTS = [22, 53, 80, 123, 443, 8080, 1024, 5000, 65535]
# A few fixed TCP/IPv4 connections, so flow tables see SYN, data and FIN
# of the same 5-tuple: (source, destination, source port, destination port).
FLOWS = [("10.0.0.1", "10.0.0.2", 40000 + i, p) for i, p in enumerate((22, 80, 443, 8080))] + \
        [("192.168.1.10", "8.8.8.8", 5000, 53), ("10.1.2.3", "172.16.0.1", 1024, 80)]
FLOW_FLAGS = [0x02, 0x10, 0x10, 0x18, 0x10, 0x11]
TCP_FLAGS = [0x02, 0x12, 0x10, 0x11, 0x01, 0x04, 0x18, 0x19, 0x29, 0x3F, 0x00]


def csum(data):
    """RFC 1071 Internet checksum of bytes."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ip4(text):
    return bytes(int(x) for x in text.split("."))


def ip6(text):
    """Expand an IPv6 literal with at most one '::' into 16 bytes."""
    head, _, tail = text.partition("::")
    h = [int(x, 16) for x in head.split(":") if x]
    t = [int(x, 16) for x in tail.split(":") if x]
    words = h + [0] * (8 - len(h) - len(t)) + t
    return struct.pack("!8H", *words)


class Gen:
    """Builds frames; each builder returns (bytes, header boundary offsets)."""

    def __init__(self, seed):
        self.r = random.Random(seed)

    def pick(self, seq):
        return seq[self.r.randrange(len(seq))]

    def maybe(self, p):
        return self.r.random() < p

    def payload(self, lo=0, hi=64):
        return bytes(self.r.getrandbits(8) for _ in range(self.r.randint(lo, hi)))

    def addr4(self):
        if self.maybe(0.8):
            return ip4(self.pick(IP4))
        return bytes(self.r.getrandbits(8) for _ in range(4))

    def addr6(self):
        if self.maybe(0.8):
            return ip6(self.pick(IP6))
        return bytes(self.r.getrandbits(8) for _ in range(16))

    def port(self):
        return self.pick(PORTS) if self.maybe(0.7) else self.r.randrange(65536)

    # ---- L4 ----------------------------------------------------------------

    def tcp(self, pseudo, payload, ports=None):
        opts = b""
        if self.maybe(0.3):
            # MSS, NOP, NOP, timestamps, window scale, padded to 4 bytes.
            opts = struct.pack("!BBH", 2, 4, self.pick([536, 1460, 9000]))
            if self.maybe(0.5):
                opts += b"\x01\x01" + struct.pack("!BBII", 8, 10, self.r.getrandbits(32),
                                                  self.r.getrandbits(32))
            if self.maybe(0.5):
                opts += struct.pack("!BBB", 3, 3, self.r.randrange(15)) + b"\x00"
            opts += b"\x00" * (-len(opts) % 4)
        doff = (20 + len(opts)) // 4
        flags = self.pick(TCP_FLAGS) if self.maybe(0.9) else self.r.getrandbits(8)
        if ports:
            flags = self.pick(FLOW_FLAGS)  # a connection's life: mostly ACKs
        sport, dport = ports or (self.port(), self.port())
        hdr = struct.pack("!HHIIBBHHH", sport, dport, self.r.getrandbits(32),
                          self.r.getrandbits(32), doff << 4, flags,
                          self.r.randrange(65536), 0, 0) + opts
        seg = hdr + payload
        c = csum(pseudo(IPPROTO_TCP, len(seg)) + seg)
        return seg[:16] + struct.pack("!H", c) + seg[18:], [len(hdr)]

    def udp(self, pseudo, payload):
        length = 8 + len(payload)
        seg = struct.pack("!HHHH", self.port(), self.port(), length, 0) + payload
        c = csum(pseudo(IPPROTO_UDP, length) + seg) or 0xFFFF
        if self.maybe(0.1):
            c = 0  # no checksum (IPv4 only in theory; programs must cope)
        return seg[:6] + struct.pack("!H", c) + seg[8:], [8]

    def icmp(self, pseudo, payload, proto=IPPROTO_ICMP):
        typ = self.pick([0, 3, 8, 11] if proto == IPPROTO_ICMP else [1, 128, 129, 135, 136])
        seg = struct.pack("!BBHHH", typ, self.r.randrange(4), 0, self.r.randrange(65536),
                          self.r.randrange(65536)) + payload
        pre = pseudo(proto, len(seg)) if proto == IPPROTO_ICMPV6 else b""
        c = csum(pre + seg)
        return seg[:2] + struct.pack("!H", c) + seg[4:], [8]

    def l4(self, proto, pseudo, ports=None):
        payload = self.payload()
        if proto == IPPROTO_TCP:
            return self.tcp(pseudo, payload, ports)
        if proto == IPPROTO_UDP:
            return self.udp(pseudo, payload)
        if proto in (IPPROTO_ICMP, IPPROTO_ICMPV6):
            return self.icmp(pseudo, payload, proto)
        return payload, []

    # ---- L3 ----------------------------------------------------------------

    def ipv4(self):
        src, dst = self.addr4(), self.addr4()
        proto = self.pick([IPPROTO_TCP, IPPROTO_TCP, IPPROTO_UDP, IPPROTO_UDP,
                           IPPROTO_ICMP, 47, self.r.randrange(256)])
        ports = None
        if proto == IPPROTO_TCP and self.maybe(0.4):
            fsrc, fdst, sport, dport = self.pick(FLOWS)
            src, dst, ports = ip4(fsrc), ip4(fdst), (sport, dport)
        opts = b""
        if self.maybe(0.2):
            # NOPs, a record-route-like option and EOL, padded to 4 bytes.
            n = self.r.randrange(1, 4)
            opts = b"\x01" * n + bytes([7, 7, 4]) + b"\0" * 4
            opts += b"\x00" * (-len(opts) % 4)
            if self.maybe(0.3):
                opts += b"\x01" * self.r.choice([4, 8, 20])
            opts = opts[:40]
        ihl = 5 + len(opts) // 4
        frag = 0
        if self.maybe(0.15):
            # first fragment (MF), middle (MF + offset) or last (offset only)
            frag = self.pick([0x2000, 0x2000 | self.r.randrange(1, 200),
                              self.r.randrange(1, 200), 0x4000])

        def pseudo(p, length):
            return src + dst + struct.pack("!BBH", 0, p, length)

        seg, bounds = self.l4(proto, pseudo, ports)
        total = ihl * 4 + len(seg)
        hdr = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, self.r.randrange(256) & 0xFC,
                          total, self.r.randrange(65536), frag,
                          self.pick([1, 64, 128, 255]), proto, 0, src, dst) + opts
        c = csum(hdr)
        if self.maybe(0.05):
            c ^= 0x0101  # a bad header checksum now and then
        hdr = hdr[:10] + struct.pack("!H", c) + hdr[12:]
        return hdr + seg, [20, len(hdr)] + [len(hdr) + b for b in bounds]

    def ipv6(self):
        src, dst = self.addr6(), self.addr6()
        final = self.pick([IPPROTO_TCP, IPPROTO_UDP, IPPROTO_ICMPV6, IPPROTO_NONE])
        chain = []
        if self.maybe(0.35):
            chain = [self.pick([IPPROTO_HOPOPTS, IPPROTO_ROUTING, IPPROTO_FRAGMENT,
                                IPPROTO_DSTOPTS]) for _ in range(self.r.randint(1, 5))]

        def pseudo(p, length):
            return src + dst + struct.pack("!IxxxB", length, p)

        seg, bounds = self.l4(final, pseudo)
        ext = b""
        ebounds = []
        nexts = chain[1:] + [final]
        for cur, nxt in zip(chain, nexts):
            if cur == IPPROTO_FRAGMENT:
                h = struct.pack("!BBHI", nxt, 0, self.pick([0, 1, 8 << 3]),
                                self.r.getrandbits(32))
            else:
                hlen = self.r.randrange(3)  # in 8-byte units beyond the first 8
                h = bytes([nxt, hlen]) + b"\x01\x04\0\0\0\0" + b"\0" * (8 * hlen)
            ext += h
            ebounds.append(40 + len(ext))
        first = chain[0] if chain else final
        body = ext + seg
        # version 6, random traffic class (DSCP/ECN) and flow label
        hdr = struct.pack("!IHBB16s16s", 0x60000000 | self.r.getrandbits(28), len(body),
                          first, self.pick([1, 64, 255]), src, dst)
        return hdr + body, [40] + ebounds + [40 + len(ext) + b for b in bounds]

    def arp(self):
        body = struct.pack("!HHBBH6s4s6s4s", 1, ETH_P_IP, 6, 4, self.pick([1, 2]),
                           self.pick(MACS), self.addr4(), self.pick(MACS), self.addr4())
        return body, [len(body)]

    # ---- L2 ----------------------------------------------------------------

    def frame(self):
        """A well-formed frame and the offsets of its header boundaries."""
        kind = self.r.random()
        if kind < 0.5:
            l3, proto = self.ipv4(), ETH_P_IP
        elif kind < 0.9:
            l3, proto = self.ipv6(), ETH_P_IPV6
        else:
            l3, proto = self.arp(), ETH_P_ARP
        body, bounds = l3
        tags = b""
        vlan = self.r.random()
        if vlan < 0.15:
            tags = struct.pack("!HH", ETH_P_8021Q, self.r.randrange(65536))
        elif vlan < 0.22:
            outer = self.pick([ETH_P_8021AD, ETH_P_8021Q])
            tags = struct.pack("!HHHH", outer, self.r.randrange(65536), ETH_P_8021Q,
                               self.r.randrange(65536))
        # the ethertype after the tags is proto; the tag TPIDs precede it
        eth = self.pick(MACS) + self.pick(MACS) + tags + struct.pack("!H", proto)
        tag_bounds = [12 + 4 * (i + 1) for i in range(len(tags) // 4)]
        l2 = len(eth)
        pkt = eth + body
        if len(pkt) < 60 and self.maybe(0.5):
            pkt += b"\0" * (60 - len(pkt))  # Ethernet minimum frame padding
        return pkt, [ETH_HLEN] + tag_bounds + [l2] + [l2 + b for b in bounds]

    def mutate(self, pkt):
        b = bytearray(pkt)
        for _ in range(self.r.randint(1, 4)):
            i = self.r.randrange(12, len(b))  # keep MACs, hit type/len/flags
            b[i] = self.r.getrandbits(8)
        return bytes(b)

    def garbage(self):
        return bytes(self.r.getrandbits(8) for _ in range(self.r.randint(ETH_HLEN, 300)))

    def oversized(self):
        pkt, _ = self.frame()
        pad = self.r.randint(1500, MAX_LEN) - len(pkt)
        return pkt + bytes(self.r.getrandbits(8) for _ in range(max(pad, 0)))


def corpus(seed, count):
    """The packet list: count well-formed frames plus derived variants."""
    g = Gen(seed)
    out = []
    for n in range(count):
        pkt, bounds = g.frame()
        out.append(pkt)
        if n % 5 == 0:
            out.append(g.mutate(pkt))
        if n % 4 == 0:
            # cut at every header boundary and one byte inside each header
            cuts = set()
            for b in bounds:
                cuts.update((b, b - 1, b + 1))
            for c in sorted(cuts):
                if ETH_HLEN <= c < len(pkt):
                    out.append(pkt[:c])
        if n % 10 == 0:
            out.append(g.garbage())
        if n % 12 == 0:
            out.append(g.oversized())
    return [p[:MAX_LEN] for p in out if len(p) >= ETH_HLEN]


def tc_runnable(pkt):
    """False for frames the host's tc BPF_PROG_TEST_RUN refuses (EINVAL).

    Recent kernels (6.18 here, not 6.1) want the network header of an
    untagged IPv4/IPv6 frame to be pullable: at least 20/40 bytes after the
    Ethernet header. That is a property of the test harness, not of the
    program, so the tc corpus leaves those frames out.
    """
    etype = struct.unpack("!H", pkt[12:14])[0]
    if etype == ETH_P_IP:
        return len(pkt) >= ETH_HLEN + 20
    if etype == ETH_P_IPV6:
        return len(pkt) >= ETH_HLEN + 40
    return True


def write_pcap(path, pkts):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, p in enumerate(pkts):
            f.write(struct.pack("<IIII", i, 0, len(p), len(p)))
            f.write(p)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("-o", "--out", required=True, help="pcap file to write")
    ap.add_argument("-s", "--seed", type=int, default=1)
    ap.add_argument("-n", "--count", type=int, default=600,
                    help="well-formed frames (variants come on top)")
    ap.add_argument("--tc", action="store_true",
                    help="leave out frames tc BPF_PROG_TEST_RUN cannot take")
    args = ap.parse_args()
    pkts = corpus(args.seed, args.count)
    if args.tc:
        pkts = [p for p in pkts if tc_runnable(p)]
    write_pcap(args.out, pkts)
    print("pktgen: %d packets (seed %d) -> %s" % (len(pkts), args.seed, args.out),
          file=sys.stderr)


if __name__ == "__main__":
    main()
