#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile frames of every length through a linked pair (nfpsim_frames.sh).

Sends, with AF_PACKET on TX (PACKET_QDISC_BYPASS), frames of every length
from 0 to TX's MTU + 22 bytes in several variants each, built from a seed:
random bytes; IPv4 with bogus IHL, total length, fragment bits, options and
L4 headers; one to three VLAN tags (802.1Q, 802.1ad) over truncated IPv4 or
IPv6; IPv6 with extension header chains of bogus lengths; TCP with bogus
data offsets and flags, UDP with bogus lengths. Each is cut or padded to its
length. Frames go out in bursts of at most --burst; after each burst the
counters of RX are polled until every frame TX sent is accounted for at RX
(so no RX queue ever overflows), or until they stop moving (then
"quiescent" is false).

Prints one JSON object:
  frames        frames tried
  sent          frames the kernel took (sendmsg succeeded)
  refused       {errno name: count}
  bad_refusals  frames whose fate differs from AF_PACKET's rule: refused
                iff shorter than 14 bytes (EINVAL) or longer than MTU + 14
                (EMSGSIZE; MTU + 18 when the frame carries an 802.1Q tag)
  long          frames sent that are longer than RX's MTU + 18 (RX drops them)
  d             deltas of RX's ethtool counters, "tx_packets" of TX's
  accounted     sum over RX of rx_drops and every verdict that ends a frame
                (XDP/tc/driver) and rx_packets
  quiescent     every frame accounted for at the end
  queues        per RX queue: nic_runs == NIC verdicts

  frames.py --tx IF --rx IF [--seed N] [--variants N] [--burst N] [--step N]
            [--max-len N]   (lengths: every one up to 256, then every N-th)
"""

import argparse
import errno
import json
import os
import random
import re
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from dp_replay import EthtoolStats, if_mtu  # noqa: E402

TERMINALS = ["rx_drops", "xdp_aborted", "xdp_drop", "xdp_tx", "tc_shot", "tc_stolen",
             "drv_xdp_aborted", "drv_xdp_drop", "drv_xdp_tx", "rx_packets"]
NIC_VERDICTS = ["xdp_aborted", "xdp_drop", "xdp_pass", "xdp_tx", "tc_ok", "tc_shot", "tc_stolen"]


def fit(b, n, rng):
    """b cut or padded (random bytes) to n bytes."""
    if len(b) >= n:
        return b[:n]
    return b + rng.randbytes(n - len(b))


def eth(rng, etype, src=None):
    dst = rng.choice([b"\xff" * 6, b"\x01\x00\x5e\x00\x00\x01", b"\x02\x00\x00\x00\x00\x02",
                      rng.randbytes(6)])
    return dst + (src or b"\x02\x00\x00\x00\x00\x01") + struct.pack("!H", etype)


def ipv4(rng, n):
    ihl = rng.choice([5, 5, 5, 0, 1, 4, 6, 15, rng.randint(0, 15)])
    tot = rng.choice([n - 14, n - 14, 0, 20, 65535, rng.randint(0, 65535), max(n - 30, 0)]) & 0xffff
    frag = rng.choice([0, 0, 0x2000, 0x1fff, 0x4000, rng.getrandbits(16)])
    proto = rng.choice([6, 17, 1, 47, 50, 255, rng.getrandbits(8)])
    h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, rng.getrandbits(8), tot, rng.getrandbits(16),
                    frag, rng.getrandbits(8), proto, rng.getrandbits(16),
                    bytes([10, 0, 0, rng.randint(1, 3)]), rng.randbytes(4))
    opts = b""
    for _ in range(max(ihl - 5, 0) if rng.random() < 0.7 else rng.randint(0, 10)):
        t = rng.choice([0, 1, 7, 68, 130, rng.getrandbits(8)])
        opts += bytes([t, rng.choice([0, 1, 2, 3, 40, 255, rng.getrandbits(8)])])
    return h + opts + l4(rng, proto)


def l4(rng, proto):
    if proto == 6:
        doff = rng.choice([5, 0, 1, 4, 15, rng.randint(0, 15)])
        flags = rng.choice([0x02, 0x12, 0x03, 0x3f, 0xff, 0x29])
        tcp = struct.pack("!HHIIBBHHH", rng.getrandbits(16), rng.getrandbits(16),
                          rng.getrandbits(32), rng.getrandbits(32), doff << 4, flags,
                          rng.getrandbits(16), rng.getrandbits(16), 0)
        opts = bytes([2, rng.choice([4, 0, 1, 255]), rng.getrandbits(8), rng.getrandbits(8)])
        return tcp + opts
    if proto == 17:
        return struct.pack("!HHHH", rng.getrandbits(16), rng.choice([9, 53, 4789, 6081]),
                           rng.choice([0, 7, 8, 65535, rng.getrandbits(16)]), rng.getrandbits(16))
    if proto == 1:
        return bytes([rng.choice([8, 0, 3, 255]), 0]) + rng.randbytes(6)
    return b""


def ipv6(rng):
    nh = rng.choice([0, 43, 60, 44, 6, 17, 58, 59, rng.getrandbits(8)])
    h = struct.pack("!IHBB", 0x60000000 | rng.getrandbits(20), rng.getrandbits(16), nh, 64)
    h += b"\xfe\x80" + bytes(13) + b"\x01" + b"\xff\x02" + bytes(13) + b"\x01"
    ext = b""
    for _ in range(rng.randint(0, 6)):
        nh2 = rng.choice([0, 43, 60, 44, 6, 17, rng.getrandbits(8)])
        hlen = rng.choice([0, 1, 255, rng.getrandbits(8)])
        ext += bytes([nh2, hlen]) + rng.randbytes(6)
    return h + ext + l4(rng, rng.choice([6, 17]))


def frame(rng, n, variant):
    kind = variant % 5
    if kind == 0:
        return rng.randbytes(n)
    if kind == 1:
        return fit(eth(rng, 0x0800) + ipv4(rng, n), n, rng)
    if kind == 2:  # one to three tags, 802.1ad or 802.1Q outside
        hdr = eth(rng, 0)[:12]
        for _ in range(rng.randint(1, 3)):
            hdr += struct.pack("!HH", rng.choice([0x8100, 0x88a8]), rng.getrandbits(16))
        inner = rng.choice([0x0800, 0x86dd, 0x8100, rng.getrandbits(16)])
        body = ipv4(rng, n) if inner == 0x0800 else ipv6(rng) if inner == 0x86dd else b""
        return fit(hdr + struct.pack("!H", inner) + body, n, rng)
    if kind == 3:
        return fit(eth(rng, 0x86dd) + ipv6(rng), n, rng)
    # an 802.1Q-tagged IPv4 frame: the tag lets AF_PACKET send MTU + 18
    return fit(eth(rng, 0x8100)[:12] + struct.pack("!HHH", 0x8100, rng.getrandbits(12), 0x0800) +
               ipv4(rng, n), n, rng)


def allowed(fr, mtu):
    """AF_PACKET's rule (packet_snd): refused errno, or 0."""
    if len(fr) < 14:
        return errno.EINVAL
    if len(fr) > mtu + 14 and not (fr[12:14] == b"\x81\x00" and len(fr) <= mtu + 18):
        return errno.EMSGSIZE
    return 0


def setlink_up(ifname, up):
    """ip link set IF up/down, through rtnetlink (no process start)."""
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    body = struct.pack("BBHiII", 0, 0, 0, socket.if_nametoindex(ifname), 1 if up else 0, 1)
    s.send(struct.pack("IHHII", 16 + len(body), 19, 5, 1, 0) + body)  # RTM_SETLINK, REQUEST|ACK
    s.recv(4096)
    s.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tx", required=True)
    ap.add_argument("--rx", required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--variants", type=int, default=5)
    ap.add_argument("--burst", type=int, default=256)
    ap.add_argument("--step", type=int, default=1,
                    help="length step above 256 bytes (the last 24 lengths always)")
    ap.add_argument("--max-len", type=int, help="default: TX's MTU + 22")
    ap.add_argument("--down", action="store_true",
                    help="one burst, then RX down at once (frames still queued), then up")
    a = ap.parse_args()
    rng = random.Random(a.seed)

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.setsockopt(263, 20, 1)  # PACKET_QDISC_BYPASS
    s.bind((a.tx, 0))
    mtu, rx_mtu = if_mtu(s, a.tx), if_mtu(s, a.rx)
    top = a.max_len or mtu + 22
    lens = [n for n in range(0, top + 1) if n <= 256 or n % a.step == 0 or n >= top - 24]
    est_rx, est_tx = EthtoolStats(a.rx), EthtoolStats(a.tx)
    rx0, tx0 = est_rx.read(), est_tx.read()

    def accounted(rx, tx):
        got = sum(rx[k] - rx0[k] for k in TERMINALS)
        return got, tx["tx_packets"] - tx0["tx_packets"]

    def settle():
        still, last = 0, None
        for _ in range(20000):
            rx, tx = est_rx.read(), est_tx.read()
            got, want = accounted(rx, tx)
            if got == want:
                return True, rx, tx
            still = still + 1 if (got, want) == last else 0
            last = (got, want)
            if still >= 250:
                break
            time.sleep(0.01)
        return False, rx, tx

    res = {"frames": 0, "sent": 0, "refused": {}, "bad_refusals": 0, "long": 0,
           "lengths": [lens[0], lens[-1]], "mtu": mtu, "rx_mtu": rx_mtu}
    bad = []
    burst = 0
    quiet = True
    for n in lens:
        for v in range(a.variants):
            fr = frame(rng, n, n + v)  # every kind at every few lengths
            assert len(fr) == n
            res["frames"] += 1
            try:
                s.send(fr)
                e = 0
            except OSError as ex:
                e = ex.errno
            if e:
                name = errno.errorcode.get(e, str(e))
                res["refused"][name] = res["refused"].get(name, 0) + 1
            else:
                res["sent"] += 1
                burst += 1
                if n > rx_mtu + 18:
                    res["long"] += 1
            if e != allowed(fr, mtu):
                res["bad_refusals"] += 1
                if len(bad) < 5:
                    bad.append("len %d %s: %s" % (n, fr[12:14].hex(), errno.errorcode.get(e, e)))
            if burst >= a.burst and not a.down:
                q, _, _ = settle()
                quiet = quiet and q
                burst = 0
    if a.down:
        setlink_up(a.rx, False)
        setlink_up(a.rx, True)
    q, rx, tx = settle()
    quiet = quiet and q
    res["quiescent"] = quiet
    res["bad_examples"] = bad
    res["d"] = {k: rx[k] - rx0[k] for k in rx if not re.match(r"[rt]x\d+_", k)}
    res["d"]["tx_packets"] = tx["tx_packets"] - tx0["tx_packets"]
    res["accounted"], _ = accounted(rx, tx)
    nq = sum(1 for k in rx if k.endswith("_nic_runs") and k.startswith("rx") and k[2].isdigit())
    res["queues"] = all(rx["rx%d_nic_runs" % q] == sum(rx["rx%d_%s" % (q, k)] for k in NIC_VERDICTS)
                        for q in range(nq))
    res["verdicts"] = sum(res["d"].get(k, 0) for k in NIC_VERDICTS)
    print(json.dumps(res, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
