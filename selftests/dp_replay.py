#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Replay the frames of a pcap on one interface, capture on others.

Frames go out one by one with sendmsg() on an AF_PACKET socket with
PACKET_QDISC_BYPASS (straight to the driver, as pktgen does), optionally
paced. Capture sockets (AF_PACKET, ETH_P_ALL, one per interface, opened
before the first frame is sent) keep only frames whose pkt_type is not
PACKET_OUTGOING (a classic BPF filter in the kernel and a check here), put
back the VLAN tag the stack moved into the skb (PACKET_AUXDATA, as libpcap
does), and write what they saw to pcap files. Capture stops when nothing
arrived for --settle seconds (or --expect frames arrived), at most --max-wait
seconds after the last frame was sent.

Frames shorter than 14 bytes, or longer than the sending port's MTU allows
(MTU + 14, MTU + 18 for an 802.1Q-tagged frame), cannot cross the wire:
they are skipped and counted. --sent writes the frames actually sent, so a
reference run can use exactly the same input.

Interfaces are "IFNAME" (this network namespace) or "NETNS:IFNAME"
(/var/run/netns/NETNS). Prints one JSON summary line:
  {"sent":N,"skipped_short":N,"skipped_mtu":N,"send_errors":N,
   "captured":{"IF":N,...},"cap_drops":{"IF":N,...},"elapsed":S}

  dp_replay.py --tx [NS:]IF {--pcap IN | --gen N [--flows F] [--size S]} [--cap [NS:]IF:OUT.pcap]... [--sent OUT]
               [--pps N] [--settle S] [--max-wait S] [--expect N] [--mtu N]

Standard library only; also imported as a module by the other dp_ tools.
"""

import argparse
import ctypes
import json
import os
import select
import socket
import struct
import sys
import threading
import time

SOL_PACKET = 263
PACKET_AUXDATA = 8
PACKET_STATISTICS = 6
PACKET_QDISC_BYPASS = 20
PACKET_OUTGOING = 4
ETH_P_ALL = 0x0003
ETH_HLEN = 14
TP_STATUS_VLAN_VALID = 1 << 4
TP_STATUS_VLAN_TPID_VALID = 1 << 6
SO_ATTACH_FILTER = 26
SO_RCVBUFFORCE = 33
SO_SNDBUFFORCE = 32
SIOCGIFMTU = 0x8921
CLONE_NEWNET = 0x40000000
SKF_AD_OFF = -0x1000
SKF_AD_PKTTYPE = 4

_libc = ctypes.CDLL(None, use_errno=True)


# ---- pcap -----------------------------------------------------------------

def read_pcap(path):
    """Records of a classic pcap file (either byte order) as a list of bytes."""
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 24:
        raise ValueError("%s: short pcap header" % path)
    magic = struct.unpack("<I", data[:4])[0]
    if magic in (0xA1B2C3D4, 0xA1B23C4D):
        end = "<"
    elif magic in (0xD4C3B2A1, 0x4D3CB2A1):
        end = ">"
    else:
        raise ValueError("%s: not a pcap file" % path)
    recs, off = [], 24
    while off + 16 <= len(data):
        caplen = struct.unpack(end + "I", data[off + 8:off + 12])[0]
        recs.append(bytes(data[off + 16:off + 16 + caplen]))
        off += 16 + caplen
    return recs


def write_pcap(path, frames):
    """frames: list of bytes or of (timestamp, bytes)."""
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 262144, 1))
        for fr in frames:
            ts, data = fr if isinstance(fr, tuple) else (0.0, fr)
            sec = int(ts)
            f.write(struct.pack("<IIII", sec, int((ts - sec) * 1e6), len(data), len(data)))
            f.write(data)


# ---- network namespaces -----------------------------------------------------

class NetNS:
    """with NetNS("name"): ... runs the block in /var/run/netns/name (None:
    stay). Sockets created inside keep that namespace."""

    def __init__(self, name):
        self.name = name
        self.back = None

    @staticmethod
    def _setns(fd):
        if _libc.setns(fd, CLONE_NEWNET) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "setns: " + os.strerror(e))

    def __enter__(self):
        if self.name:
            self.back = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
            fd = os.open("/var/run/netns/" + self.name, os.O_RDONLY)
            try:
                self._setns(fd)
            finally:
                os.close(fd)
        return self

    def __exit__(self, *exc):
        if self.back is not None:
            try:
                self._setns(self.back)
            finally:
                os.close(self.back)
                self.back = None
        return False


def split_if(spec):
    """'ns:if' -> ('ns', 'if'); 'if' -> (None, 'if')."""
    if ":" in spec:
        ns, ifname = spec.split(":", 1)
        return ns or None, ifname
    return None, spec


def if_mtu(sock, ifname):
    ifr = struct.pack("16si", ifname.encode(), 0)
    import fcntl
    return struct.unpack("16si", fcntl.ioctl(sock.fileno(), SIOCGIFMTU, ifr))[1]


# ---- ethtool -S through the ioctl (no process start) --------------------------

SIOCETHTOOL = 0x8946
ETHTOOL_GDRVINFO = 0x3
ETHTOOL_GSTRINGS = 0x1b
ETHTOOL_GSTATS = 0x1d
ETH_SS_STATS = 1


class EthtoolStats:
    """ethtool -S of [NS:]IF as a dict, read with SIOCETHTOOL."""

    def __init__(self, spec):
        self.ns, self.ifname = split_if(spec)
        with NetNS(self.ns):
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)
        self.names = None

    def _ioctl(self, buf):
        import fcntl
        ifr = struct.pack("16sP", self.ifname.encode(), ctypes.addressof(buf))
        fcntl.ioctl(self.sock.fileno(), SIOCETHTOOL, ifr)

    def read(self):
        if self.names is None:
            di = ctypes.create_string_buffer(struct.pack("I", ETHTOOL_GDRVINFO), 196)
            self._ioctl(di)
            n = struct.unpack_from("I", di.raw, 180)[0]
            gs = ctypes.create_string_buffer(struct.pack("III", ETHTOOL_GSTRINGS, ETH_SS_STATS, n),
                                             12 + 32 * n)
            self._ioctl(gs)
            self.names = [gs.raw[12 + 32 * i:44 + 32 * i].split(b"\0")[0].decode()
                          for i in range(n)]
        n = len(self.names)
        st = ctypes.create_string_buffer(struct.pack("II", ETHTOOL_GSTATS, n), 8 + 8 * n)
        self._ioctl(st)
        vals = struct.unpack_from("%dQ" % n, st.raw, 8)
        return dict(zip(self.names, vals))

    def close(self):
        self.sock.close()


# ---- sending ------------------------------------------------------------------

class Sender:
    def __init__(self, spec):
        self.ns, self.ifname = split_if(spec)
        with NetNS(self.ns):
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
            s.setsockopt(SOL_PACKET, PACKET_QDISC_BYPASS, 1)
            try:
                s.setsockopt(socket.SOL_SOCKET, SO_SNDBUFFORCE, 8 << 20)
            except OSError:
                pass
            s.bind((self.ifname, 0))
            self.mtu = if_mtu(s, self.ifname)
        self.sock = s

    def fits(self, fr, mtu=None):
        """'short', 'mtu' or None (can be sent)."""
        mtu = self.mtu if mtu is None else mtu
        if len(fr) < ETH_HLEN:
            return "short"
        limit = mtu + ETH_HLEN
        if len(fr) > limit and not (fr[12:14] == b"\x81\x00" and len(fr) <= limit + 4):
            return "mtu"
        return None

    def send(self, frames, pps=0, mtu=None):
        """Send frames one by one; returns (summary dict, list of sent frames)."""
        st = {"sent": 0, "skipped_short": 0, "skipped_mtu": 0, "send_errors": 0}
        sent = []
        gap = 1.0 / pps if pps else 0
        t0 = time.monotonic()
        nobufs = 0	# consecutive ENOBUFS: a stopped queue (no carrier) gives up fast
        for fr in frames:
            why = self.fits(fr, mtu)
            if why:
                st["skipped_" + why] += 1
                continue
            if gap:
                delay = t0 + st["sent"] * gap - time.monotonic()
                if delay > 0:
                    time.sleep(delay)
            for attempt in range(20):
                try:
                    self.sock.sendmsg([fr])
                    nobufs = 0
                    break
                except BlockingIOError:
                    time.sleep(0.001)
                except OSError as e:
                    if e.errno == 105 and attempt < 19 and nobufs < 20:	# ENOBUFS: back off
                        time.sleep(0.001)
                        continue
                    if e.errno == 105:
                        nobufs += 1
                    if e.errno == 90:	# EMSGSIZE: the kernel's MTU rule
                        st["skipped_mtu"] += 1
                    else:
                        st["send_errors"] += 1
                        st.setdefault("first_error", str(e))
                    fr = None
                    break
            if fr is not None:
                st["sent"] += 1
                sent.append(fr)
        return st, sent

    def close(self):
        self.sock.close()


# ---- capturing ----------------------------------------------------------------

def _not_outgoing_filter():
    """cBPF: drop pkt_type == PACKET_OUTGOING, accept the rest (whole frame)."""
    BPF_LD_W_ABS = 0x20
    BPF_JEQ_K = 0x15
    BPF_RET_K = 0x06
    prog = [
        (BPF_LD_W_ABS, 0, 0, (SKF_AD_OFF + SKF_AD_PKTTYPE) & 0xffffffff),
        (BPF_JEQ_K, 0, 1, PACKET_OUTGOING),
        (BPF_RET_K, 0, 0, 0),
        (BPF_RET_K, 0, 0, 0x40000),
    ]
    insns = b"".join(struct.pack("HBBI", *i) for i in prog)
    buf = ctypes.create_string_buffer(insns)
    return buf, struct.pack("HL", len(prog), ctypes.addressof(buf))


class Capture:
    """AF_PACKET capture of the non-outgoing frames of one interface."""

    def __init__(self, spec, outgoing=False):
        self.spec = spec
        self.ns, self.ifname = split_if(spec)
        self.frames = []	# (timestamp, bytes)
        self.truncated = 0
        with NetNS(self.ns):
            s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
            if not outgoing:
                self._fbuf, fprog = _not_outgoing_filter()
                s.setsockopt(socket.SOL_SOCKET, SO_ATTACH_FILTER, fprog)
            s.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
            try:
                s.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 64 << 20)
            except OSError:
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 64 << 20)
            s.bind((self.ifname, ETH_P_ALL))
        s.setblocking(False)
        self.sock = s
        self.outgoing = outgoing

    def drain(self):
        """Read what is queued; returns how many frames were added."""
        n = 0
        while True:
            try:
                data, anc, flags, addr = self.sock.recvmsg(262144, socket.CMSG_SPACE(20),
                                                           socket.MSG_TRUNC)
            except (BlockingIOError, InterruptedError):
                return n
            if not self.outgoing and addr[2] == PACKET_OUTGOING:
                continue
            if flags & socket.MSG_TRUNC:
                self.truncated += 1
            for level, typ, cdata in anc:
                if level == SOL_PACKET and typ == PACKET_AUXDATA and len(cdata) >= 20:
                    status, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", cdata[:20])
                    if status & TP_STATUS_VLAN_VALID:
                        if not status & TP_STATUS_VLAN_TPID_VALID:
                            tpid = 0x8100
                        data = data[:12] + struct.pack("!HH", tpid, tci) + data[12:]
            self.frames.append((time.time(), data))
            n += 1

    def drops(self):
        """Frames the kernel dropped for this socket (buffer full) so far."""
        raw = self.sock.getsockopt(SOL_PACKET, PACKET_STATISTICS, 8)
        packets, drops = struct.unpack("II", raw)
        self._drops = getattr(self, "_drops", 0) + drops	# reading resets them
        return self._drops

    def close(self):
        self.sock.close()


class CaptureSet:
    """Captures drained by one background thread until stop()."""

    def __init__(self, specs, outgoing=False):
        self.caps = [Capture(s, outgoing) for s in specs]
        self._stop = threading.Event()
        self._thread = None
        self.last_rx = time.monotonic()
        self._lock = threading.Lock()

    def _run(self):
        fds = {c.sock.fileno(): c for c in self.caps}
        while not self._stop.is_set():
            r, _, _ = select.select(list(fds), [], [], 0.05)
            for fd in r:
                with self._lock:
                    if fds[fd].drain():
                        self.last_rx = time.monotonic()

    def start(self):
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def total(self):
        return sum(len(c.frames) for c in self.caps)

    def settle(self, idle=0.5, max_wait=10.0, expect=None):
        """Wait until nothing arrived for idle seconds (or expect frames were
        captured in all), at most max_wait seconds."""
        t_end = time.monotonic() + max_wait
        while time.monotonic() < t_end:
            if expect is not None and self.total() >= expect:
                time.sleep(min(idle, 0.1))	# a little extra: catch surplus frames
                break
            if time.monotonic() - self.last_rx >= idle:
                break
            time.sleep(0.02)

    def stop(self):
        self._stop.set()
        if self._thread:
            self._thread.join()
        for c in self.caps:
            c.drain()
            c.drops()
        return self

    def close(self):
        for c in self.caps:
            c.close()


def replay(tx, frames, caps=(), pps=0, settle=0.5, max_wait=10.0, expect=None, mtu=None):
    """Send frames on tx while capturing on caps. Returns (summary, sent
    frames, {spec: [bytes]})."""
    cs = CaptureSet(caps).start()
    snd = Sender(tx)
    t0 = time.monotonic()
    try:
        st, sent = snd.send(frames, pps, mtu)
        cs.settle(settle, max_wait, expect)
    finally:
        cs.stop()
        snd.close()
        cs.close()
    st["elapsed"] = round(time.monotonic() - t0, 3)
    st["captured"] = {c.spec: len(c.frames) for c in cs.caps}
    st["cap_drops"] = {c.spec: c._drops for c in cs.caps}
    st["cap_truncated"] = {c.spec: c.truncated for c in cs.caps}
    return st, sent, {c.spec: [f for _, f in c.frames] for c in cs.caps}, cs


def udp_frames(n, size=60, flows=4096, dport=9):
    """n IPv4/UDP frames (broadcast, from 02:00:00:00:00:01), the UDP source
    port cycling over flows values so they spread over RX queues."""
    out = []
    for i in range(n):
        eth = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
        plen = max(size - 14 - 28, 0)
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + plen, i & 0xffff, 0, 64, 17, 0,
                         bytes([198, 51, 100, 2]), bytes([198, 51, 100, 1]))
        udp = struct.pack("!HHHH", 1024 + (i % flows), dport, 8 + plen, 0)
        out.append(eth + ip + udp + bytes(plen))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tx", required=True, help="[NS:]IF to send on")
    ap.add_argument("--pcap", help="frames to send")
    ap.add_argument("--gen", type=int, metavar="N",
                    help="instead of --pcap: N UDP frames over --flows source ports")
    ap.add_argument("--flows", type=int, default=4096)
    ap.add_argument("--size", type=int, default=60, help="--gen frame size")
    ap.add_argument("--cap", action="append", default=[], metavar="[NS:]IF:OUT",
                    help="capture on IF into the pcap file OUT")
    ap.add_argument("--sent", help="write the frames actually sent to this pcap")
    ap.add_argument("--pps", type=float, default=0, help="pace at this rate (0: flat out)")
    ap.add_argument("--settle", type=float, default=0.5,
                    help="stop capturing after this long without a frame")
    ap.add_argument("--max-wait", type=float, default=10.0,
                    help="capture at most this long after the last frame")
    ap.add_argument("--expect", type=int, help="stop as soon as this many frames arrived")
    ap.add_argument("--mtu", type=int, help="MTU rule for skipping (default: the port's)")
    ap.add_argument("--repeat", type=int, default=1, help="send the pcap this many times")
    ap.add_argument("--no-vlan", action="store_true",
                    help="leave out 802.1Q/802.1ad-tagged frames (the stack untags them)")
    args = ap.parse_args()

    caps, outs = [], []
    for c in args.cap:
        spec, _, out = c.rpartition(":")
        if not spec or not out:
            ap.error("--cap wants [NS:]IF:OUT, got %r" % c)
        caps.append(spec)
        outs.append(out)
    if args.gen is not None:
        frames = udp_frames(args.gen, args.size, args.flows)
    elif args.pcap:
        frames = read_pcap(args.pcap) * max(args.repeat, 1)
    else:
        ap.error("--pcap or --gen")
    nvlan = 0
    if args.no_vlan:
        keep = [f for f in frames if f[12:14] not in (b"\x81\x00", b"\x88\xa8")]
        nvlan, frames = len(frames) - len(keep), keep
    st, sent, got, cs = replay(args.tx, frames, caps, args.pps, args.settle, args.max_wait,
                               args.expect, args.mtu)
    if args.no_vlan:
        st["skipped_vlan"] = nvlan
    if args.sent:
        write_pcap(args.sent, sent)
    for c, out in zip(cs.caps, outs):
        write_pcap(out, c.frames)
    print(json.dumps(st, sort_keys=True))
    return 0 if st["send_errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
