#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""nfpsim chaos: a seeded random sequence of control-plane operations under
traffic, with invariants checked as it goes (run by nfpsim_chaos.sh).

One long-lived process does every operation itself (no exec per operation;
each costs 0.1-0.3 s under TCG): sysfs writes (new/del_device, new/del_port,
link/unlink_device, module unload and reload with delete_module and
finit_module), rtnetlink (netns moves, up/down, MTU, XDP attach in driver
and offload mode, clsact and cls_bpf skip_sw filters), bpf(2) for maps,
libbpf through ctypes for program loads, the ethtool ioctl for counters and
hw-tc-offload, debugfs reads and knob writes. Traffic comes from chaos_send
(AF_PACKET on every port, every queue), driven through a pipe.

The run is reproducible from the seed: every choice comes from one
random.Random(seed) and depends only on the model of what exists, which the
outcome of each operation (predicted by the model and checked) keeps.

Operations come in phases. Each phase is a churn part (any operation,
traffic on) and an accounting window (topology fixed: only program, map,
knob and read operations, traffic on). Around each window the traffic is
paused until the NICs are quiescent, and then:
  - every frame is accounted for: for each port A with peer B, the frames
    A's queues took in (B's tx_packets + xdp_tx + drv_xdp_tx during the
    window) equal what A did with them: rx_drops + the XDP/tc/driver
    verdicts that end a frame + rx_packets;
  - per RX queue, nic_runs equals the sum of the NIC's verdicts;
  - traffic reached every TX queue of each sender and every RX queue of
    each receiver;
  - the kernel's XDP/tc/peer state of every port matches the model;
  - the BPF programs and maps that exist are exactly the ones the model
    holds (ids), nothing leaked, nothing freed under us.
Any operation's result that differs from the model's prediction fails.
A watchdog thread turns an operation (or a quiescence wait) that takes
longer than CHAOS_OP_TIMEOUT seconds into a failure, with the kernel stacks
of this process and of the sender, and a SysRq-w dump, in the log.

Output: "ok - ...", "not ok - ...", "skip - DESC|REASON" and "# ..." lines
that nfpsim_chaos.sh turns into TAP.

Environment: CHAOS_SEED, CHAOS_OPS, CHAOS_PHASE (operations per phase),
CHAOS_OP_TIMEOUT, CHAOS_DEADLINE (seconds; stop starting operations after
it, reported as a SKIP of the remaining ones), CHAOS_LOG (operation log),
CHAOS_SEND (chaos_send binary), NFPSIM_KO, CHAOS_NS (namespace names).
"""

import ctypes
import errno
import json
import os
import random
import signal
import socket
import struct
import subprocess
import sys
import threading
import time
import traceback

LIBC = ctypes.CDLL(None, use_errno=True)
LIBC.syscall.restype = ctypes.c_long
NR_BPF, NR_FINIT_MODULE, NR_DELETE_MODULE = 321, 313, 176
CLONE_NEWNET = 0x40000000
BUS = "/sys/bus/nfpsim"
DFS = "/sys/kernel/debug/nfpsim"
SELF = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(SELF)

OUT_LOCK = threading.Lock()
FAILS = []


def out(line):
    with OUT_LOCK:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def diag(msg):
    for ln in str(msg).splitlines() or [""]:
        out("# " + ln)


def ok(desc):
    out("ok - " + desc)


def not_ok(desc):
    FAILS.append(desc)
    out("not ok - " + desc)


def check(desc, cond, detail=""):
    if cond:
        ok(desc)
    else:
        not_ok(desc + (" (%s)" % detail if detail else ""))
    return cond


SKB_CACHES = ("skbuff_head_cache", "skbuff_fclone_cache")


def slabinfo():
    """{cache: active objects} from /proc/slabinfo ({} if unreadable).

    The skb caches are shrunk first: under KASAN, freed objects wait in its
    quarantine and still count as active until kmem_cache_shrink() (the
    cache's sysfs "shrink") hands them back; elsewhere it changes nothing.
    """
    for cache in SKB_CACHES:
        try:
            with open("/sys/kernel/slab/%s/shrink" % cache, "w") as f:
                f.write("1")
        except OSError:
            pass
    res = {}
    try:
        with open("/proc/slabinfo") as f:
            for ln in f.readlines()[2:]:
                w = ln.split()
                res[w[0]] = int(w[1])
    except OSError:
        pass
    return res


def ename(e):
    return "OK" if not e else errno.errorcode.get(e, str(e))


# ---- namespaces ---------------------------------------------------------------

class NS:
    """A network namespace: its fd, an rtnetlink socket and an ioctl socket
    created inside it."""

    def __init__(self, name):
        self.name = name  # None: the initial namespace
        self.path = "/var/run/netns/" + name if name else "/proc/1/ns/net"
        self.fd = os.open(self.path, os.O_RDONLY)
        with InNS(self):
            self.rtnl = Rtnl()
            self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)

    def __repr__(self):
        return self.name or "init"


_self_ns = os.open("/proc/self/ns/net", os.O_RDONLY)


class InNS:
    def __init__(self, ns):
        self.ns = ns

    def __enter__(self):
        if self.ns is not None and LIBC.setns(self.ns.fd, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns")

    def __exit__(self, *a):
        if self.ns is not None and LIBC.setns(_self_ns, CLONE_NEWNET):
            raise OSError(ctypes.get_errno(), "setns back")
        return False


# ---- rtnetlink ------------------------------------------------------------------

NLM_F_REQUEST, NLM_F_ACK, NLM_F_DUMP = 1, 4, 0x300
NLM_F_REPLACE, NLM_F_EXCL, NLM_F_CREATE = 0x100, 0x200, 0x400
RTM_NEWLINK, RTM_GETLINK, RTM_SETLINK = 16, 18, 19
RTM_NEWQDISC, RTM_DELQDISC, RTM_NEWTFILTER, RTM_DELTFILTER = 36, 37, 44, 45
IFLA_IFNAME, IFLA_MTU, IFLA_NET_NS_FD, IFLA_XDP = 3, 4, 28, 43
IFLA_PHYS_PORT_NAME, IFLA_PARENT_DEV_NAME = 38, 56
IFLA_XDP_FD, IFLA_XDP_FLAGS, IFLA_XDP_DRV_PROG_ID, IFLA_XDP_HW_PROG_ID = 1, 3, 5, 7
XDP_FLAGS_DRV_MODE, XDP_FLAGS_HW_MODE = 4, 8
IFF_UP = 1
TC_H_CLSACT, TC_H_INGRESS_PARENT = 0xFFFFFFF1, 0xFFFFFFF2
TCA_KIND, TCA_OPTIONS = 1, 2
TCA_BPF_FD, TCA_BPF_NAME, TCA_BPF_FLAGS, TCA_BPF_FLAGS_GEN = 6, 7, 8, 9


def nla(t, data):
    ln = 4 + len(data)
    return struct.pack("HH", ln, t) + data + b"\0" * ((4 - ln % 4) % 4)


def nla_u32(t, v):
    return nla(t, struct.pack("I", v & 0xffffffff))


def nla_str(t, s):
    return nla(t, s.encode() + b"\0")


def parse_attrs(buf):
    attrs, off = {}, 0
    while off + 4 <= len(buf):
        ln, t = struct.unpack_from("HH", buf, off)
        if ln < 4:
            break
        attrs[t & 0x3fff] = buf[off + 4:off + ln]
        off += (ln + 3) & ~3
    return attrs


class Rtnl:
    def __init__(self):
        s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
        s.setsockopt(270, 11, 1)  # NETLINK_EXT_ACK
        s.setsockopt(270, 10, 1)  # NETLINK_CAP_ACK
        s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
        s.bind((0, 0))
        self.s, self.seq = s, 0

    def request(self, mtype, flags, body):
        """Returns (errno, extack message, [reply payloads])."""
        self.seq += 1
        msg = struct.pack("IHHII", 16 + len(body), mtype, flags | NLM_F_REQUEST, self.seq, 0) + body
        self.s.send(msg)
        replies = []
        while True:
            data = self.s.recv(1 << 20)
            off = 0
            while off + 16 <= len(data):
                ln, t, fl, seq, _ = struct.unpack_from("IHHII", data, off)
                payload = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if seq != self.seq:
                    continue
                if t == 2:  # NLMSG_ERROR
                    err = -struct.unpack_from("i", payload)[0]
                    msgtxt = ""
                    if fl & 0x200 and len(payload) > 20:  # NLM_F_ACK_TLVS
                        a = parse_attrs(payload[20:])
                        if 1 in a:
                            msgtxt = a[1].rstrip(b"\0").decode(errors="replace")
                    return err, msgtxt, replies
                if t == 3:  # NLMSG_DONE
                    return 0, "", replies
                replies.append((t, payload))
            if not flags & NLM_F_ACK and not flags & NLM_F_DUMP and replies:
                return 0, "", replies

    def link(self, mtype, flags, ifindex, attrs=b"", ifflags=0, change=0):
        return self.request(mtype, flags, struct.pack("BBHiII", 0, 0, 0, ifindex, ifflags, change) + attrs)

    def getlink(self, ifindex=0, name=None):
        """dict of the link's attributes (and 'flags', 'index'), or None."""
        a = nla_str(IFLA_IFNAME, name) if name else b""
        err, _, rep = self.link(RTM_GETLINK, 0, ifindex, a)
        if err or not rep:
            return None
        return self._linkinfo(rep[0][1])

    @staticmethod
    def _linkinfo(p):
        _, _, _, index, flags, _ = struct.unpack_from("BBHiII", p)
        a = parse_attrs(p[16:])
        info = {"index": index, "flags": flags,
                "name": a.get(IFLA_IFNAME, b"").rstrip(b"\0").decode(),
                "mtu": struct.unpack("I", a[IFLA_MTU])[0] if IFLA_MTU in a else 0,
                "parent": a.get(IFLA_PARENT_DEV_NAME, b"").rstrip(b"\0").decode(),
                "port": a.get(IFLA_PHYS_PORT_NAME, b"").rstrip(b"\0").decode(),
                "xdp_drv": 0, "xdp_hw": 0}
        if IFLA_XDP in a:
            x = parse_attrs(a[IFLA_XDP])
            if IFLA_XDP_DRV_PROG_ID in x:
                info["xdp_drv"] = struct.unpack("I", x[IFLA_XDP_DRV_PROG_ID])[0]
            if IFLA_XDP_HW_PROG_ID in x:
                info["xdp_hw"] = struct.unpack("I", x[IFLA_XDP_HW_PROG_ID])[0]
        return info

    def dumplinks(self):
        err, _, rep = self.link(RTM_GETLINK, NLM_F_DUMP, 0)
        return [self._linkinfo(p) for t, p in rep if t == RTM_NEWLINK]

    def tc(self, mtype, flags, ifindex, handle, parent, info, attrs):
        return self.request(mtype, flags | NLM_F_ACK,
                            struct.pack("BBHiIII", 0, 0, 0, ifindex, handle, parent, info) + attrs)


# ---- bpf(2), libbpf -------------------------------------------------------------

def bpf(cmd, attr):
    buf = ctypes.create_string_buffer(bytes(attr), 128)
    r = LIBC.syscall(NR_BPF, cmd, buf, 128)
    return (r, 0, buf) if r >= 0 else (-1, ctypes.get_errno(), buf)


def bpf_ids(cmd):
    ids, cur = set(), 0
    while True:
        r, e, buf = bpf(cmd, struct.pack("II", cur, 0))
        if r < 0:
            return ids
        cur = struct.unpack_from("I", buf.raw, 4)[0]
        ids.add(cur)


def prog_ids():
    return bpf_ids(11)


def map_ids():
    return bpf_ids(12)


def btf_ids():
    """BTF objects loaded from userspace (not the kernel's or modules')."""
    res = set()
    for i in bpf_ids(23):
        fd, e, _ = bpf(19, struct.pack("I", i))
        if fd < 0:
            continue
        info = ctypes.create_string_buffer(32)
        r, e, _ = bpf(15, struct.pack("IIQ", fd, 32, ctypes.addressof(info)))
        os.close(fd)
        if not e and not struct.unpack_from("I", info.raw, 28)[0]:
            res.add(i)
    return res


def obj_info(fd, size=256, map_ids_buf=None):
    info = ctypes.create_string_buffer(size)
    if map_ids_buf is not None:
        struct.pack_into("I", info, 52, len(map_ids_buf) // 4)
        struct.pack_into("Q", info, 56, ctypes.addressof(map_ids_buf))
    r, e, _ = bpf(15, struct.pack("IIQ", fd, size, ctypes.addressof(info)))
    return (e, info.raw)


def prog_info(fd):
    ids = ctypes.create_string_buffer(4 * 64)
    e, raw = obj_info(fd, 256, ids)
    if e:
        return e, 0, []
    pid, nmaps = struct.unpack_from("I", raw, 4)[0], struct.unpack_from("I", raw, 52)[0]
    return 0, pid, list(struct.unpack_from("%dI" % min(nmaps, 64), ids.raw))


def map_info(fd):
    e, raw = obj_info(fd, 128)
    if e:
        return e, 0
    return 0, struct.unpack_from("I", raw, 4)[0]


def map_elem(cmd, fd, key, value=None, flags=0):
    """cmd 1 lookup, 2 update, 3 delete, 4 get_next_key; returns (errno, bytes)."""
    kb = ctypes.create_string_buffer(key, max(len(key), 1)) if key is not None else None
    vb = ctypes.create_string_buffer(value if value is not None else 256, 256)
    # delete takes no value (the attribute's tail must be zero)
    r, e, _ = bpf(cmd, struct.pack("IIQQQ", fd, 0, ctypes.addressof(kb) if kb else 0,
                                   ctypes.addressof(vb) if cmd != 3 else 0, flags))
    return e, vb.raw


class Libbpf:
    def __init__(self):
        lb = ctypes.CDLL("libbpf.so.1", use_errno=True)
        vp = ctypes.c_void_p
        for name, res, args in [
                ("bpf_object__open_file", vp, [ctypes.c_char_p, vp]),
                ("bpf_object__next_program", vp, [vp, vp]),
                ("bpf_object__next_map", vp, [vp, vp]),
                ("bpf_program__set_ifindex", None, [vp, ctypes.c_uint32]),
                ("bpf_map__set_ifindex", ctypes.c_int, [vp, ctypes.c_uint32]),
                ("bpf_map__type", ctypes.c_int, [vp]),
                ("bpf_map__name", ctypes.c_char_p, [vp]),
                ("bpf_object__load", ctypes.c_int, [vp]),
                ("bpf_program__fd", ctypes.c_int, [vp]),
                ("bpf_map__fd", ctypes.c_int, [vp]),
                ("bpf_object__close", None, [vp]),
                ("libbpf_set_print", vp, [vp])]:
            f = getattr(lb, name)
            f.restype, f.argtypes = res, args
        self.logbuf = []
        PRINT = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_int, ctypes.c_char_p, ctypes.c_void_p)
        LIBC.vsnprintf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]

        def printer(level, fmt, va):
            b = ctypes.create_string_buffer(1 << 16)
            LIBC.vsnprintf(b, 1 << 16, fmt, va)
            self.logbuf.append(b.value.decode(errors="replace").rstrip())
            del self.logbuf[:-30]
            return 0
        self._printer = PRINT(printer)
        lb.libbpf_set_print(ctypes.cast(self._printer, ctypes.c_void_p))
        self.lb = lb

    def load(self, path, ifindex):
        """(errno, prog fd, {map name: fd})"""
        lb = self.lb
        obj = lb.bpf_object__open_file(path.encode(), None)
        if not obj:
            return ctypes.get_errno() or errno.EINVAL, -1, {}
        try:
            p = lb.bpf_object__next_program(obj, None)
            if ifindex:
                lb.bpf_program__set_ifindex(p, ifindex)
            m = lb.bpf_object__next_map(obj, None)
            while m:
                if ifindex and lb.bpf_map__type(m) != 4:  # not PERF_EVENT_ARRAY
                    lb.bpf_map__set_ifindex(m, ifindex)
                m = lb.bpf_object__next_map(obj, m)
            err = lb.bpf_object__load(obj)
            if err:
                return -err, -1, {}
            fd = os.dup(lb.bpf_program__fd(p))
            maps = {}
            m = lb.bpf_object__next_map(obj, None)
            while m:
                maps[lb.bpf_map__name(m).decode()] = os.dup(lb.bpf_map__fd(m))
                m = lb.bpf_object__next_map(obj, m)
            return 0, fd, maps
        finally:
            lb.bpf_object__close(obj)


# ---- ethtool ----------------------------------------------------------------------

SIOCETHTOOL = 0x8946


def ethtool_ioctl(sock, ifname, buf):
    import fcntl
    ifr = struct.pack("16sP", ifname.encode(), ctypes.addressof(buf))
    fcntl.ioctl(sock.fileno(), SIOCETHTOOL, ifr)


STAT_NAMES = {}


def ethtool_stats(sock, ifname):
    di = ctypes.create_string_buffer(struct.pack("I", 3), 196)  # GDRVINFO
    ethtool_ioctl(sock, ifname, di)
    n = struct.unpack_from("I", di.raw, 180)[0]
    if n not in STAT_NAMES:
        gs = ctypes.create_string_buffer(struct.pack("III", 0x1b, 1, n), 12 + 32 * n)
        ethtool_ioctl(sock, ifname, gs)
        STAT_NAMES[n] = [gs.raw[12 + 32 * i:44 + 32 * i].split(b"\0")[0].decode() for i in range(n)]
    st = ctypes.create_string_buffer(struct.pack("II", 0x1d, n), 8 + 8 * n)
    ethtool_ioctl(sock, ifname, st)
    return dict(zip(STAT_NAMES[n], struct.unpack_from("%dQ" % n, st.raw, 8)))


HW_TC_BIT = None


def ethtool_hw_tc(sock, ifname):
    global HW_TC_BIT
    if HW_TC_BIT is None:
        si = ctypes.create_string_buffer(struct.pack("IIQ", 0x37, 0, 1 << 4), 20)
        ethtool_ioctl(sock, ifname, si)
        n = struct.unpack_from("I", si.raw, 16)[0]
        gs = ctypes.create_string_buffer(struct.pack("III", 0x1b, 4, n), 12 + 32 * n)
        ethtool_ioctl(sock, ifname, gs)
        names = [gs.raw[12 + 32 * i:44 + 32 * i].split(b"\0")[0].decode() for i in range(n)]
        HW_TC_BIT = names.index("hw-tc-offload")
    blocks = HW_TC_BIT // 32 + 1
    data = struct.pack("II", 0x3b, blocks)
    for b in range(blocks):
        bit = 1 << (HW_TC_BIT % 32) if b == HW_TC_BIT // 32 else 0
        data += struct.pack("II", bit, bit)
    ethtool_ioctl(sock, ifname, ctypes.create_string_buffer(data, len(data)))


RX_VERDICTS_NIC = ["xdp_aborted", "xdp_drop", "xdp_pass", "xdp_tx", "tc_ok", "tc_shot", "tc_stolen"]
TERMINALS = ["rx_drops", "xdp_aborted", "xdp_drop", "xdp_tx", "tc_shot", "tc_stolen",
             "drv_xdp_aborted", "drv_xdp_drop", "drv_xdp_tx", "rx_packets"]


# ---- the model -----------------------------------------------------------------------

class Dev:
    def __init__(self, id, nq, ns):
        self.id, self.nq, self.ns = id, nq, ns
        self.ports = {}
        self.progs = []  # loaded programs bound to this device (pool)
        self.maps = []   # standalone offloaded maps
        self.code_store = 8192
        self.cycle_budget = 1000000


class Port:
    def __init__(self, dev, idx):
        self.dev, self.idx = dev, idx
        self.name, self.ns, self.ifindex = None, dev.ns, 0
        self.up, self.peer, self.mtu = False, None, 1500
        self.xdp_hw = self.xdp_drv = self.tc = None
        self.clsact = False
        self.capture = 0

    def __repr__(self):
        return "%d/%d(%s@%s)" % (self.dev.id, self.idx, self.name, self.ns)


class Prog:
    def __init__(self, obj, kind, dev, fd, pid, maps, map_ids):
        self.obj, self.kind, self.dev = obj, kind, dev  # dev None: host (driver mode)
        self.fd, self.id, self.maps, self.map_ids = fd, pid, maps, map_ids
        self.orphan = False
        self.attached = set()  # (port, slot)

    def __repr__(self):
        return "%s#%d%s" % (os.path.basename(self.obj).split(".")[0], self.id,
                            "(orphan)" if self.orphan else "")


class Map:
    def __init__(self, dev, fd, mid, mtype, ks, vs, n):
        self.dev, self.fd, self.id = dev, fd, mid
        self.type, self.ks, self.vs, self.n = mtype, ks, vs, n
        self.content = {}  # the model's copy (standalone maps only)
        self.orphan = False


class Chaos:
    def __init__(self, seed, nops, phase, ko, send, nsnames):
        self.rng = random.Random(seed)
        self.seed, self.nops, self.phase_len, self.ko = seed, nops, phase, ko
        self.nss = [NS(None)] + [NS(n) for n in nsnames]
        self.lb = Libbpf()
        self.devs = {}
        self.drv_progs = []
        self.held_progs = []  # every Prog whose fd we hold or which is attached
        self.gen = 0
        self.opn = 0
        self.opstats = {}
        self.mismatches = 0
        self.op_started = None
        self.op_desc = ""
        self.oplog = open(os.environ.get("CHAOS_LOG", "/dev/null"), "w", buffering=1)
        self.recent = []
        self.base_progs, self.base_maps, self.base_btf = prog_ids(), map_ids(), len(btf_ids())
        self.base_slab = slabinfo()
        self.reloads = 0
        self.orphan_maps = []
        self.windows = 0
        self.frames_accounted = 0
        self.queue_checks = [0, 0]
        self.sender = subprocess.Popen([send, os.environ.get("CHAOS_SEND_GAP_US", "2000")],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                       text=True, bufsize=1)
        self.sender_paused = True
        self.sel = os.path.join(ROOT, "build", "selftests")
        pr = os.path.join(ROOT, "build", "progs")
        self.xdp_objs = [os.path.join(self.sel, "chaos_xdp.bpf.o")] * 4 + [
            os.path.join(pr, p + ".bpf.o") for p in
            # never XDP_TX (xdp_loop_hash and xdp_stack_deep return a hash % 4:
            # two ports running them bounce frames back and forth for ever)
            ("xdp_counters", "xdp_hash_ops", "xdp_decap", "xdp_meta_keep")] + [
            os.path.join(self.sel, "big.bpf.o"),
                                   os.path.join(self.sel, "ret_pass.bpf.o")]
        self.tc_objs = [os.path.join(self.sel, "chaos_tc.bpf.o")] * 4 + [
            os.path.join(pr, p + ".bpf.o") for p in
            ("tc_classify", "tc_mark", "tc_ttl", "tc_flow_police", "tc_dnat_csum")]
        self.drv_objs = [os.path.join(self.sel, "chaos_xdp.bpf.o")] * 2 + [
            os.path.join(pr, "xdp_counters.bpf.o")]
        self.bad_objs = set()

    # -- plumbing --

    def log(self, s):
        self.recent.append(s)
        if len(self.recent) > 40:
            self.recent.pop(0)
        self.oplog.write(s + "\n")

    def mismatch(self, what):
        self.mismatches += 1
        if self.mismatches <= 25:
            not_ok("op %d: %s" % (self.opn, what))
            if self.mismatches == 1:
                diag("last operations:\n" + "\n".join(self.recent[-15:]))
        elif self.mismatches == 26:
            diag("further mismatches not shown")

    def expect(self, what, got, want):
        """want: errno, a set of errnos, or None (anything)."""
        self.log("    %s -> %s" % (what, ename(got)))
        if want is None:
            return
        okset = want if isinstance(want, (set, frozenset)) else {want}
        if got not in okset:
            self.mismatch("%s: got %s, model expected %s" %
                          (what, ename(got), "/".join(sorted(ename(w) for w in okset))))

    def sysfs(self, path, s, ns=None):
        try:
            fd = os.open(path, os.O_WRONLY)
        except OSError as e:
            return e.errno
        try:
            with InNS(ns):
                os.write(fd, s.encode())
            return 0
        except OSError as e:
            return e.errno
        finally:
            os.close(fd)

    def send_cmd(self, cmd):
        self.sender.stdin.write(cmd + "\n")
        self.sender.stdin.flush()
        return self.sender.stdout.readline().strip()

    def ports(self):
        return [p for d in self.devs.values() for p in d.ports.values()]

    def update_sender(self):
        lst = ["%s %d" % (p.ns.path, p.ifindex) for p in self.ports()]
        r = self.send_cmd("ports %d\n%s" % (len(lst), "\n".join(lst)) if lst else "ports 0")
        if not r.startswith("ok"):
            self.mismatch("sender: %r" % r)

    def pause(self):
        r = self.send_cmd("pause")
        self.sender_paused = True
        return r

    def resume(self):
        self.send_cmd("resume")
        self.sender_paused = False

    def stats(self, p):
        try:
            return ethtool_stats(p.ns.sock, p.name)
        except OSError as e:
            self.mismatch("ethtool -S %r: %s" % (p, e))
            return {}

    # -- discovering ports after creation --

    def adopt_ports(self, dev, idxs):
        """Find the new netdevs of dev's ports idxs, rename them uniquely,
        turn hw-tc-offload on."""
        found = {}
        for l in dev.ns.rtnl.dumplinks():
            if l["parent"] == "nfpsim%d" % dev.id and l["port"].startswith("p"):
                found[int(l["port"][1:])] = l
        for i in idxs:
            if i not in found:
                self.mismatch("port %d/%d not found after creation" % (dev.id, i))
                continue
            p = Port(dev, i)
            self.gen += 1
            p.name = "ch%dp%dg%d" % (dev.id, i, self.gen)
            p.ifindex = found[i]["index"]
            err, msg, _ = dev.ns.rtnl.link(RTM_SETLINK, NLM_F_ACK, p.ifindex, nla_str(IFLA_IFNAME, p.name))
            if err:
                self.mismatch("rename %s: %s %s" % (found[i]["name"], ename(err), msg))
                p.name = found[i]["name"]
            try:
                ethtool_hw_tc(dev.ns.sock, p.name)
            except OSError as e:
                self.mismatch("hw-tc-offload on %r: %s" % (p, e))
            dev.ports[i] = p

    # -- teardown bookkeeping --

    def port_gone(self, p):
        if p.peer:
            p.peer.peer = None
        for slot in ("xdp_hw", "xdp_drv", "tc"):
            pr = getattr(p, slot)
            if pr:
                pr.attached.discard((p, slot))
            setattr(p, slot, None)
        del p.dev.ports[p.idx]
        # programs bound to this port move to another port of the device
        if not p.dev.ports:
            self.orphan_dev(p.dev)
        self.release_unheld()

    def orphan_dev(self, dev):
        for pr in self.held_progs:
            if pr.dev is dev:
                pr.orphan = True
        for m in dev.maps:
            m.orphan = True

    def dev_gone(self, dev):
        for p in list(dev.ports.values()):
            self.port_gone(p)
        self.orphan_dev(dev)
        del self.devs[dev.id]
        self.orphan_maps += dev.maps
        dev.maps = []
        while len(self.orphan_maps) > 6:
            self.close_map(self.orphan_maps[0])
        orph = [pr for pr in self.held_progs if pr.orphan and pr.fd >= 0]
        for pr in orph[:max(0, len(orph) - 8)]:
            self.close_prog(pr)
        # the pools keep the orphans until closed: ops on them test that path

    def release_unheld(self):
        self.held_progs = [p for p in self.held_progs if p.fd >= 0 or p.attached]

    def close_prog(self, pr):
        if pr.fd >= 0:
            os.close(pr.fd)
            pr.fd = -1
        for fd in pr.maps.values():
            os.close(fd)
        pr.maps = {}
        if pr.dev and pr in pr.dev.progs:
            pr.dev.progs.remove(pr)
        if pr in self.drv_progs:
            self.drv_progs.remove(pr)
        self.release_unheld()

    # -- choice helpers --

    def pick_port(self, pred=None):
        ps = [p for p in self.ports() if pred is None or pred(p)]
        return self.rng.choice(ps) if ps else None

    def pick_dev(self):
        return self.devs[self.rng.choice(sorted(self.devs))] if self.devs else None

    # ---- operations -------------------------------------------------------------

    def op_new_device(self):
        id = self.rng.randint(1, 8)
        nports, nq = self.rng.randint(0, 3), self.rng.randint(1, 4)
        ns = self.rng.choice(self.nss)
        err = self.sysfs(BUS + "/new_device", "%d %d %d" % (id, nports, nq), ns)
        self.expect("new_device %d %d %d in %s" % (id, nports, nq, ns), err,
                    errno.ENOSPC if id in self.devs else 0)
        if not err and id not in self.devs:
            d = Dev(id, nq, ns)
            self.devs[id] = d
            self.adopt_ports(d, range(nports))
            return True

    def op_del_device(self):
        d = self.pick_dev()
        id = d.id if d and self.rng.random() < 0.9 else self.rng.randint(1, 9)
        err = self.sysfs(BUS + "/del_device", "%d" % id)
        self.expect("del_device %d" % id, err, 0 if id in self.devs else errno.ENOENT)
        if not err and id in self.devs:
            self.dev_gone(self.devs[id])
            return True

    def op_new_port(self):
        d = self.pick_dev()
        if not d:
            return
        i = self.rng.randint(0, 5)
        err = self.sysfs("%s/devices/nfpsim%d/new_port" % (BUS, d.id), "%d" % i)
        self.expect("new_port %d/%d" % (d.id, i), err, errno.EEXIST if i in d.ports else 0)
        if not err and i not in d.ports:
            self.adopt_ports(d, [i])
            return True

    def op_del_port(self):
        d = self.pick_dev()
        if not d:
            return
        i = self.rng.choice(sorted(d.ports)) if d.ports and self.rng.random() < 0.9 else self.rng.randint(0, 5)
        err = self.sysfs("%s/devices/nfpsim%d/del_port" % (BUS, d.id), "%d" % i)
        self.expect("del_port %d/%d" % (d.id, i), err, 0 if i in d.ports else errno.ENOENT)
        if not err and i in d.ports:
            self.port_gone(d.ports[i])
            return True

    def op_link(self, a=None):
        a = a or (self.pick_port(lambda p: not p.peer) if self.rng.random() < 0.85 else self.pick_port())
        b = self.pick_port(lambda p: not p.peer and p is not a) if self.rng.random() < 0.9 else self.pick_port()
        if not a or not b:
            return
        err = self.sysfs(BUS + "/link_device", "%d:%d %d:%d" % (a.ns.fd, a.ifindex, b.ns.fd, b.ifindex))
        if a is b:
            want = {errno.EINVAL, errno.EBUSY} if a.peer else errno.EINVAL
        else:
            want = errno.EBUSY if a.peer or b.peer else 0
        self.expect("link %r %r" % (a, b), err, want)
        if not err and a is not b and not a.peer and not b.peer:
            a.peer, b.peer = b, a
            return True

    def op_unlink(self):
        a = self.pick_port(lambda p: p.peer) if self.rng.random() < 0.85 else self.pick_port()
        if not a:
            return
        err = self.sysfs(BUS + "/unlink_device", "%d:%d" % (a.ns.fd, a.ifindex))
        self.expect("unlink %r" % a, err, 0 if a.peer else errno.EINVAL)
        if not err and a.peer:
            a.peer.peer = None
            a.peer = None
            return True

    def op_netns(self):
        p = self.pick_port()
        if not p:
            return
        ns = self.rng.choice(self.nss)
        err, msg, _ = p.ns.rtnl.link(RTM_SETLINK, NLM_F_ACK, p.ifindex, nla_u32(IFLA_NET_NS_FD, ns.fd))
        self.expect("netns %r -> %s (%s)" % (p, ns, msg), err, 0)
        if err:
            return
        if ns is not p.ns:
            p.ns = ns
            p.up = False
            if p.tc:  # the qdiscs go with the move (dev_shutdown)
                p.tc.attached.discard((p, "tc"))
                p.tc = None
            p.clsact = False
        info = ns.rtnl.getlink(name=p.name)
        if not info:
            self.mismatch("%r not found in %s after the move" % (p, ns))
            return True
        p.ifindex = info["index"]
        for slot in ("xdp_hw", "xdp_drv"):
            have = getattr(p, slot)
            if (have.id if have else 0) != info[slot]:
                self.mismatch("%r after netns move: %s prog id %d, model %s" % (p, slot, info[slot], have))
        return True

    def op_updown(self, p=None, up=None):
        p = p or self.pick_port()
        if not p:
            return
        up = self.rng.random() < 0.75 if up is None else up
        err, msg, _ = p.ns.rtnl.link(RTM_SETLINK, NLM_F_ACK, p.ifindex, b"", IFF_UP if up else 0, IFF_UP)
        self.expect("%s %r (%s)" % ("up" if up else "down", p, msg), err, 0)
        if not err:
            p.up = up
            return True

    def op_mtu(self):
        p = self.pick_port()
        if not p:
            return
        mtu = self.rng.choice([68, 576, 1500, 1500, 3500, 3501, 9000])
        err, msg, _ = p.ns.rtnl.link(RTM_SETLINK, NLM_F_ACK, p.ifindex, nla_u32(IFLA_MTU, mtu))
        want = errno.EBUSY if p.xdp_drv and mtu > 3500 else 0
        self.expect("mtu %d %r (%s)" % (mtu, p, msg), err, want)
        if not err:
            p.mtu = mtu
            return True

    def op_reload(self):
        was_paused = self.sender_paused
        r = LIBC.syscall(NR_DELETE_MODULE, b"nfpsim", os.O_NONBLOCK)
        err = ctypes.get_errno() if r else 0
        self.expect("rmmod nfpsim with %d devices, traffic %s" %
                    (len(self.devs), "paused" if was_paused else "running"), err, 0)
        if err:
            return
        for d in list(self.devs.values()):
            self.dev_gone(d)
        self.update_sender()
        fd = os.open(self.ko, os.O_RDONLY)
        r = LIBC.syscall(NR_FINIT_MODULE, fd, b"", 0)
        err = ctypes.get_errno() if r else 0
        os.close(fd)
        self.expect("insmod nfpsim", err, 0)
        self.reloads += 1
        return True

    def load_prog(self, dev, kind):
        objs = {"xdp": self.xdp_objs, "tc": self.tc_objs, "drv": self.drv_objs}[kind]
        objs = [o for o in objs if o not in self.bad_objs]
        obj = self.rng.choice(objs)
        p = self.rng.choice(list(dev.ports.values())) if dev else None
        err, fd, maps = (0, -1, {})
        with InNS(p.ns if p else None):
            err, fd, maps = self.lb.load(obj, p.ifindex if p else 0)
        small = dev and dev.code_store < 8192
        self.expect("load %s %s" % (os.path.basename(obj), "on %r" % p if p else "for the host"), err,
                    {0, errno.EOPNOTSUPP, errno.EINVAL, errno.ENOSPC, errno.E2BIG} if small else 0)
        if err:
            if not small:
                diag("libbpf: " + "\n".join("\n".join(self.lb.logbuf).splitlines()[-12:]))
            return None
        e, pid, mids = prog_info(fd)
        if e:
            self.mismatch("prog info of %s: %s" % (os.path.basename(obj), ename(e)))
        pr = Prog(obj, "tc" if kind == "tc" else "xdp", dev, fd, pid, maps, set(mids))
        # maps of the object the program does not use live only while we hold them
        pr.fd_map_ids = {map_info(f)[1] for f in maps.values()}
        self.held_progs.append(pr)
        return pr

    def op_prog_load(self):
        if self.rng.random() < 0.2:
            if len(self.drv_progs) >= 3:
                self.close_prog(self.rng.choice(self.drv_progs))
            pr = self.load_prog(None, "drv")
            if pr:
                self.drv_progs.append(pr)
            return True
        d = self.pick_dev()
        if not d or not d.ports:
            return
        if len(d.progs) >= 4:
            self.close_prog(self.rng.choice(d.progs))
        pr = self.load_prog(d, self.rng.choice(["xdp", "xdp", "tc"]))
        if pr:
            d.progs.append(pr)
        return True

    def op_prog_close(self):
        pool = [pr for pr in self.held_progs if pr.fd >= 0]
        if not pool:
            return
        self.close_prog(self.rng.choice(pool))
        return True

    def any_prog(self, kind, dev):
        """A program for an attach: usually a fitting one, sometimes not."""
        r = self.rng.random()
        if kind == "drv":
            pool = self.drv_progs if r < 0.9 else [p for p in self.held_progs if p.fd >= 0]
        elif r < 0.85:
            pool = [p for p in dev.progs if p.kind == kind]
        else:
            pool = [p for p in self.held_progs if p.fd >= 0]
        return self.rng.choice(pool) if pool else None

    def set_slot(self, port, slot, pr):
        old = getattr(port, slot)
        if old:
            old.attached.discard((port, slot))
        setattr(port, slot, pr)
        if pr:
            pr.attached.add((port, slot))
        self.release_unheld()

    def xdp_attach(self, p, pr, flags):
        x = nla(IFLA_XDP | 0x8000, nla(IFLA_XDP_FD, struct.pack("i", pr.fd if pr else -1)) +
                nla_u32(IFLA_XDP_FLAGS, flags))
        return p.ns.rtnl.link(RTM_SETLINK, NLM_F_ACK, p.ifindex, x)

    def op_xdp_hw(self):
        p = self.pick_port()
        if not p:
            return
        pr = self.any_prog("xdp", p.dev)
        if not pr:
            return
        err, msg, _ = self.xdp_attach(p, pr, XDP_FLAGS_HW_MODE)
        fits = pr.kind == "xdp" and pr.dev is p.dev and not pr.orphan
        want = (errno.EBUSY if p.tc else 0) if fits else {errno.EINVAL, errno.EOPNOTSUPP}
        self.expect("xdpoffload %r on %r (%s)" % (pr, p, msg), err, want)
        if not err and fits:
            self.set_slot(p, "xdp_hw", pr)
            return True

    def op_xdp_hw_off(self):
        p = self.pick_port(lambda p: p.xdp_hw) or self.pick_port()
        if not p:
            return
        err, msg, _ = self.xdp_attach(p, None, XDP_FLAGS_HW_MODE)
        self.expect("xdpoffload off %r (%s)" % (p, msg), err, 0)
        if not err:
            self.set_slot(p, "xdp_hw", None)
            return True

    def op_xdp_drv(self):
        p = self.pick_port()
        if not p:
            return
        pr = self.any_prog("drv", None)
        if not pr:
            return
        err, msg, _ = self.xdp_attach(p, pr, XDP_FLAGS_DRV_MODE)
        fits = pr.dev is None and pr.kind == "xdp"
        want = (errno.EINVAL if p.mtu > 3500 else 0) if fits else {errno.EINVAL, errno.EOPNOTSUPP}
        self.expect("xdpdrv %r on %r (%s)" % (pr, p, msg), err, want)
        if not err and fits:
            self.set_slot(p, "xdp_drv", pr)
            return True

    def op_xdp_drv_off(self):
        p = self.pick_port(lambda p: p.xdp_drv) or self.pick_port()
        if not p:
            return
        err, msg, _ = self.xdp_attach(p, None, XDP_FLAGS_DRV_MODE)
        self.expect("xdpdrv off %r (%s)" % (p, msg), err, 0)
        if not err:
            self.set_slot(p, "xdp_drv", None)
            return True

    def clsact(self, p, add):
        err, msg, _ = p.ns.rtnl.tc(RTM_NEWQDISC if add else RTM_DELQDISC,
                                   NLM_F_CREATE | NLM_F_EXCL if add else 0, p.ifindex,
                                   0xFFFF0000, TC_H_CLSACT, 0, nla_str(TCA_KIND, "clsact"))
        self.expect("clsact %s %r (%s)" % ("add" if add else "del", p, msg), err, 0)
        return err

    def op_tc(self):
        p = self.pick_port()
        if not p:
            return
        pr = self.any_prog("tc", p.dev)
        if not pr:
            return
        if not p.clsact:
            if self.clsact(p, True):
                return
            p.clsact = True
        opts = nla_u32(TCA_BPF_FD, pr.fd) + nla_str(TCA_BPF_NAME, "chaos") + \
            nla_u32(TCA_BPF_FLAGS, 1) + nla_u32(TCA_BPF_FLAGS_GEN, 2)
        err, msg, _ = p.ns.rtnl.tc(RTM_NEWTFILTER, NLM_F_CREATE, p.ifindex, 1, TC_H_INGRESS_PARENT,
                                   (1 << 16) | socket.htons(0x0003),
                                   nla_str(TCA_KIND, "bpf") + nla(TCA_OPTIONS | 0x8000, opts))
        fits = pr.kind == "tc" and pr.dev is p.dev and not pr.orphan
        # netdevsim's order (nsim_bpf_setup_tc_block_cb), which nfpsim keeps:
        # a slot held by XDP offload is EBUSY before the program is looked at.
        if fits:
            want = {errno.EBUSY, errno.EINVAL} if p.xdp_hw else 0
        else:
            want = {errno.EINVAL, errno.EOPNOTSUPP} | ({errno.EBUSY} if p.xdp_hw else set())
        self.expect("tc skip_sw %r on %r (%s)" % (pr, p, msg), err, want)
        if not err and fits:
            self.set_slot(p, "tc", pr)
            return True

    def op_tc_off(self):
        p = self.pick_port(lambda p: p.tc) or self.pick_port(lambda p: p.clsact)
        if not p:
            return
        if self.rng.random() < 0.5:
            self.clsact(p, False)
            p.clsact = False
        else:
            err, msg, _ = p.ns.rtnl.tc(RTM_DELTFILTER, 0, p.ifindex, 1, TC_H_INGRESS_PARENT,
                                       (1 << 16) | socket.htons(0x0003), nla_str(TCA_KIND, "bpf"))
            self.expect("tc filter del %r (%s)" % (p, msg), err,
                        0 if p.tc else {errno.ENOENT, errno.EINVAL, 0})
        self.set_slot(p, "tc", None)
        return True

    def op_map_create(self):
        d = self.pick_dev()
        if not d or not d.ports:
            return
        if len(d.maps) >= 4:
            self.close_map(self.rng.choice(d.maps))
        p = self.rng.choice(list(d.ports.values()))
        mtype = self.rng.choice([1, 2])  # HASH, ARRAY
        ks = 4 if mtype == 2 else self.rng.choice([4, 8, 16])
        vs = self.rng.choice([4, 8, 16, 64])
        n = self.rng.choice([1, 16, 256] + ([4096] if mtype == 1 else []))
        attr = struct.pack("IIIIIII16sI", mtype, ks, vs, n, 0, 0, 0, b"chaos", p.ifindex)
        with InNS(p.ns):
            r, err, _ = bpf(0, attr)
        self.expect("map create type %d %d/%d/%d on %r" % (mtype, ks, vs, n, p), err, 0)
        if err:
            return
        m = Map(d, r, map_info(r)[1], mtype, ks, vs, n)
        if mtype == 2:
            m.content = {struct.pack("I", i): bytes(vs) for i in range(n)}
        d.maps.append(m)
        return True

    def close_map(self, m):
        os.close(m.fd)
        if m in m.dev.maps:
            m.dev.maps.remove(m)
        if m in self.orphan_maps:
            self.orphan_maps.remove(m)

    def all_maps(self):
        """(label, fd, key size, value size, Map or None) of every map we can reach."""
        res = []
        for d in self.devs.values():
            res += [("standalone", m.fd, m.ks, m.vs, m, None) for m in d.maps]
        res += [("orphan", m.fd, m.ks, m.vs, m, None) for m in self.orphan_maps]
        for pr in self.held_progs:
            for name, fd in pr.maps.items():
                if name.endswith(".rodata") or name.endswith(".bss") or name.endswith(".data"):
                    continue
                res.append((name, fd, None, None, None, pr))
        return res

    def op_map_ops(self):
        maps = self.all_maps()
        if not maps:
            return
        label, fd, ks, vs, m, owner = self.rng.choice(maps)
        if m is None:
            # a program's map: the NIC writes it meanwhile; sizes from the kernel
            e, raw = obj_info(fd, 128)
            if e:
                if not (owner.orphan and e == errno.ENODEV):
                    self.mismatch("map info %s: %s" % (label, ename(e)))
                return
            mtype, _, ks, vs, n = struct.unpack_from("IIIII", raw, 0)
        else:
            mtype, n = m.type, m.n
        orphan = m is not None and m.orphan
        for _ in range(self.rng.randint(1, 8)):
            what = self.rng.choice(["update", "update", "lookup", "delete", "dump"])
            if mtype == 2:
                key = struct.pack("I", self.rng.randint(0, n)) if self.rng.random() < 0.95 else struct.pack("I", n + 5)
            else:
                key = self.rng.randbytes(ks) if self.rng.random() < 0.3 else \
                    struct.pack("I", self.rng.randint(0, 40)).ljust(ks, b"\0")
            if what == "update":
                flags = self.rng.choice([0, 0, 1, 2])  # ANY, NOEXIST, EXIST
                val = self.rng.randbytes(vs)
                e, _ = map_elem(2, fd, key, val, flags)
                want = None
                if orphan:
                    want = errno.ENODEV
                elif m is not None:
                    want = self.model_update(m, key, val, flags)
                self.expect("map update %s flags %d" % (label, flags), e, want)
                if not e and m is not None and not orphan:
                    m.content[key] = val
            elif what == "lookup":
                e, v = map_elem(1, fd, key)
                if orphan:
                    self.expect("map lookup orphan", e, errno.ENODEV)
                elif m is not None:
                    want = 0 if key in m.content else errno.ENOENT
                    self.expect("map lookup %s" % label, e, want)
                    if not e and key in m.content and v[:vs] != m.content[key]:
                        self.mismatch("map lookup %s: value %s, model %s" %
                                      (label, v[:vs].hex(), m.content[key].hex()))
            elif what == "delete":
                e, _ = map_elem(3, fd, key)
                want = None
                if orphan:
                    want = errno.ENODEV
                elif m is not None:
                    want = errno.EINVAL if mtype == 2 else (0 if key in m.content else errno.ENOENT)
                self.expect("map delete %s" % label, e, want)
                if not e and m is not None and mtype != 2:
                    m.content.pop(key, None)
            else:
                keys, cur = [], None
                for _ in range(n + 16):
                    e, nk = map_elem(4, fd, cur)
                    if e:
                        break
                    cur = nk[:ks]
                    keys.append(cur)
                else:
                    if m is not None:
                        self.mismatch("map dump %s: get_next_key did not end after %d keys" % (label, n + 16))
                if orphan:
                    self.expect("map dump orphan", e, errno.ENODEV)
                elif m is not None:
                    self.expect("map dump %s end" % label, e, errno.ENOENT)
                    if sorted(keys) != sorted(m.content):
                        self.mismatch("map dump %s: %d keys, model %d" % (label, len(keys), len(m.content)))
                elif e not in (errno.ENOENT, 0) and not (owner and owner.orphan and e == errno.ENODEV):
                    self.mismatch("map dump %s: %s" % (label, ename(e)))
        return True

    @staticmethod
    def model_update(m, key, val, flags):
        if m.type == 2:
            if struct.unpack("I", key)[0] >= m.n:
                return errno.ENOENT if flags == 2 else errno.E2BIG  # netdevsim's ABI
            return errno.EEXIST if flags == 1 else 0
        if flags == 1 and key in m.content:
            return errno.EEXIST
        if flags == 2 and key not in m.content:
            return errno.ENOENT
        if key not in m.content and len(m.content) >= m.n:
            return errno.E2BIG
        return 0

    def op_cfg(self):
        pool = [pr for pr in self.held_progs if "ch_cfg" in pr.maps]
        if not pool:
            return
        pr = self.rng.choice(pool)
        mode = self.rng.choice([0, 1, 1, 1, 2])
        e, _ = map_elem(2, pr.maps["ch_cfg"], struct.pack("I", 0), struct.pack("I", mode))
        e2, _ = map_elem(2, pr.maps["ch_cfg"], struct.pack("I", 1), struct.pack("I", self.rng.getrandbits(32)))
        self.expect("ch_cfg of %r" % pr, e or e2, errno.ENODEV if pr.orphan else 0)
        return True

    def op_debugfs(self):
        d = self.pick_dev()
        if not d:
            return
        n = 0
        for root, dirs, files in os.walk("%s/nfpsim%d" % (DFS, d.id)):
            for f in files:
                if f in ("bpf_bind_verifier_delay",):
                    continue
                try:
                    with open(os.path.join(root, f), "rb") as fh:
                        fh.read(1 << 20)
                    n += 1
                except OSError as e:
                    # EIO: a bound program's entries go away while it is freed
                    if e.errno not in (errno.ENOENT, errno.EACCES, errno.EPERM, errno.EIO):
                        self.mismatch("read %s: %s" % (os.path.join(root, f), e))
        for f in os.listdir(DFS + "/capture"):
            if f.startswith("nfpsim%d-" % d.id):
                try:
                    with open(os.path.join(DFS, "capture", f), "rb") as fh:
                        fh.read()
                except OSError as e:
                    if e.errno != errno.ENOENT:
                        self.mismatch("read capture %s: %s" % (f, e))
        return True

    def op_capture(self):
        p = self.pick_port()
        if not p:
            return
        n = self.rng.choice([0, 0, 8, 256])
        err = self.sysfs("%s/nfpsim%d/ports/%d/capture" % (DFS, p.dev.id, p.idx), "%d" % n)
        self.expect("capture %d on %r" % (n, p), err, 0)
        return True

    def op_knob(self):
        d = self.pick_dev()
        if not d:
            return
        if self.rng.random() < 0.6:
            v = self.rng.choice([1000000, 1000000, 30, 300, 3000])
            err = self.sysfs("%s/nfpsim%d/cycle_budget" % (DFS, d.id), "%d" % v)
            self.expect("cycle_budget %d on nfpsim%d" % (v, d.id), err, 0)
            d.cycle_budget = v
        else:
            v = self.rng.choice([8192, 8192, 8192, 100, 1000, 65535])
            err = self.sysfs("%s/nfpsim%d/code_store" % (DFS, d.id), "%d" % v)
            self.expect("code_store %d on nfpsim%d" % (v, d.id), err, 0)
            d.code_store = v
        return True

    def op_ethtool(self):
        p = self.pick_port()
        if not p:
            return
        s = self.stats(p)
        if s:
            self.check_queues(p, s, quiescent=False)
        return True

    def op_bpftool(self):
        cmd = self.rng.choice([["prog", "show"], ["map", "show"], ["map", "dump"]])
        if cmd[1] == "dump":
            maps = self.all_maps()
            if not maps:
                return
            e, mid = map_info(self.rng.choice(maps)[1])
            if e:  # an orphan: bpftool cannot find it by id either
                return
            cmd += ["id", str(mid)]
        r = subprocess.run(["bpftool", "-j"] + cmd, capture_output=True, text=True)
        try:
            json.loads(r.stdout)
            good = True
        except ValueError:
            good = False
        orphans = any(pr.orphan for pr in self.held_progs)
        if orphans and cmd[1] == "show" and "No such device" in r.stdout:
            return True  # bpftool 7.1 gives up at an orphaned program (README)
        if r.returncode or not good:
            self.mismatch("bpftool %s: rc %d, %s" % (" ".join(cmd), r.returncode,
                                                     (r.stderr or r.stdout)[-200:]))
        return True

    # ---- invariants -------------------------------------------------------------------

    def check_queues(self, p, s, quiescent):
        """Per RX queue: nic_runs == NIC verdicts (at most one frame in flight
        per queue when traffic runs); the totals are the queues' sums."""
        bad = []
        for q in range(p.dev.nq):
            runs = s.get("rx%d_nic_runs" % q, 0)
            v = sum(s.get("rx%d_%s" % (q, k), 0) for k in RX_VERDICTS_NIC)
            if not (runs == v or (not quiescent and runs == v + 1)):
                bad.append("rx%d: nic_runs %d, verdicts %d" % (q, runs, v))
        for k, qk in [(k, k) for k in RX_VERDICTS_NIC + ["nic_runs", "drv_xdp_pass"]] + \
                [("rx_packets", "packets"), ("rx_drops", "drops")]:
            if s.get(k, 0) != sum(s.get("rx%d_%s" % (q, qk), 0) for q in range(p.dev.nq)):
                bad.append("%s != sum over queues" % k)
        self.queue_checks[0] += 1
        if bad:
            self.queue_checks[1] += 1
            self.mismatch("%r counters: %s" % (p, "; ".join(bad)))

    def snapshot(self):
        return {p: self.stats(p) for p in self.ports()}

    def conservation(self, s0, s1, peers):
        """{port: (arrived, accounted)} over the window."""
        res = {}
        for p, st in s1.items():
            if p not in s0:
                continue
            d = lambda q, k: s1[q].get(k, 0) - s0[q].get(k, 0)
            acc = sum(d(p, k) for k in TERMINALS)
            b = peers.get(p)
            arr = d(b, "tx_packets") + d(b, "xdp_tx") + d(b, "drv_xdp_tx") if b in s1 and b in s0 else 0
            res[p] = (arr, acc)
        return res

    def quiesce(self, s0, peers, what):
        """Wait, traffic paused, until every frame is accounted for, or until
        the counters stop moving (then it fails). Returns the snapshot."""
        still, last, polls = 0, None, 0
        while True:
            s1 = self.snapshot()
            cons = self.conservation(s0, s1, peers) if s0 else {}
            if all(a == b for a, b in cons.values()) and (s0 or still >= 10):
                return s1, cons, True
            key = repr(sorted((p.name, tuple(sorted(v.items()))) for p, v in s1.items()))
            still = still + 1 if key == last else 0
            last = key
            polls += 1
            if (s0 and still >= 150) or polls >= 5000:
                return s1, cons, False
            time.sleep(0.02)

    def check_state(self):
        """The kernel's view of every port equals the model's."""
        bad = []
        for p in self.ports():
            info = p.ns.rtnl.getlink(p.ifindex)
            if not info or info["name"] != p.name:
                bad.append("%r: link %s" % (p, info and info["name"]))
                continue
            if bool(info["flags"] & IFF_UP) != p.up:
                bad.append("%r: up %s" % (p, bool(info["flags"] & IFF_UP)))
            if info["mtu"] != p.mtu:
                bad.append("%r: mtu %d" % (p, info["mtu"]))
            for slot in ("xdp_hw", "xdp_drv"):
                want = getattr(p, slot).id if getattr(p, slot) else 0
                if info[slot] != want:
                    bad.append("%r: %s prog id %d, model %d" % (p, slot, info[slot], want))
            base = "%s/nfpsim%d/ports/%d/" % (DFS, p.dev.id, p.idx)
            try:
                peer = open(base + "peer").read().split()
                off = int(open(base + "bpf_offloaded_id").read())
            except OSError as e:
                bad.append("%r debugfs: %s" % (p, e))
                continue
            want = "none" if not p.peer else "nfpsim%d/%d" % (p.peer.dev.id, p.peer.idx)
            if peer[-1] != want:
                bad.append("%r: peer %s, model %s" % (p, peer[-1], want))
            wo = (p.xdp_hw or p.tc).id if (p.xdp_hw or p.tc) else 0
            if off != wo:
                bad.append("%r: bpf_offloaded_id %d, model %d" % (p, off, wo))
        return bad

    def expected_objects(self):
        """Program and map ids the kernel must list, and those it may.
        Orphans (bound to a device that is gone) live while we hold them,
        but the core may already have freed their ids
        (__bpf_map_offload_destroy() does; 6.1 keeps orphaned programs')."""
        progs, maps, oprogs, omaps = set(), set(), set(), set()
        for pr in self.held_progs:
            ids = pr.map_ids | (pr.fd_map_ids if pr.maps else set())
            if pr.orphan:
                oprogs.add(pr.id)
                omaps |= ids
            else:
                progs.add(pr.id)
                maps |= ids
        for d in self.devs.values():
            maps |= {m.id for m in d.maps if not m.orphan}
            omaps |= {m.id for m in d.maps if m.orphan}
        omaps |= {m.id for m in self.orphan_maps}
        return progs, maps, oprogs, omaps

    def check_objects(self, what):
        """The programs and maps that exist are the model's (freeing is
        asynchronous: poll)."""
        for i in range(300):
            wp, wm, op, om = self.expected_objects()
            gp, gm = prog_ids() - self.base_progs, map_ids() - self.base_maps
            xp, xm = gp - wp - op, gm - wm - om
            if not xp and not xm and not (wp - gp) and not (wm - gm):
                return True
            if not (wp - gp) and not (wm - gm) and i < 299:
                time.sleep(0.02)  # extra ones may still be on their way out
                continue
            break
        self.mismatch("%s: BPF objects differ from the model: progs +%s -%s, maps +%s -%s" %
                      (what, sorted(xp), sorted(wp - gp), sorted(xm), sorted(wm - gm)))
        return False

    # ---- the run ----------------------------------------------------------------------

    CHURN = {"new_device": 3, "del_device": 2, "new_port": 4, "del_port": 3, "link": 9,
             "unlink": 3, "netns": 4, "updown": 6, "mtu": 2, "reload": 0.15,
             "prog_load": 7, "prog_close": 2, "xdp_hw": 8, "xdp_hw_off": 3, "xdp_drv": 5,
             "xdp_drv_off": 2, "tc": 6, "tc_off": 3, "map_create": 3, "map_ops": 14, "cfg": 6,
             "debugfs": 3, "capture": 2, "knob": 2, "ethtool": 4, "bpftool": 0.3}
    SAFE = {"prog_load": 6, "prog_close": 2, "xdp_hw": 8, "xdp_hw_off": 3, "xdp_drv": 5,
            "xdp_drv_off": 2, "tc": 6, "tc_off": 3, "map_create": 2, "map_ops": 14, "cfg": 6,
            "debugfs": 3, "capture": 2, "knob": 2, "ethtool": 4, "mtu": 1, "bpftool": 0.3}
    TOPO = {"new_device", "del_device", "new_port", "del_port", "link", "unlink", "netns", "reload"}

    def run_op(self, name, *args):
        self.opn += 1
        self.op_desc = name
        self.op_started = time.monotonic()
        self.log("%d %s %s" % (self.opn, name, " ".join(repr(a) for a in args)))
        try:
            did = getattr(self, "op_" + name)(*args)
        except OSError as e:
            self.mismatch("%s raised %s" % (name, e))
            did = False
        st = self.opstats.setdefault(name, [0, 0])
        st[0] += 1
        st[1] += 1 if did else 0
        if did and (name in self.TOPO or name == "updown"):
            self.update_sender()
        self.op_started = None

    def choose(self, table):
        names = sorted(table)
        return self.rng.choices(names, [table[n] for n in names])[0]

    def guarded(self, desc, fn, *a):
        self.op_desc = desc
        self.op_started = time.monotonic()
        try:
            return fn(*a)
        finally:
            self.op_started = None

    def window(self, nops, deadline):
        """An accounting window of nops safe operations; False past the deadline."""
        self.guarded("pause", self.pause)
        s0, _, q0 = self.guarded("quiesce before window", self.quiesce, None, {}, "start")
        if not q0:
            self.mismatch("window %d: the counters never stopped moving with traffic paused" % (self.windows + 1))
        peers = {p: p.peer for p in self.ports()}
        for p, s in s0.items():
            self.check_queues(p, s, quiescent=True)
        bad = self.check_state()
        for b in bad[:10]:
            self.mismatch("state: " + b)
        self.check_objects("window %d start" % (self.windows + 1))
        self.resume()
        done = 0
        for _ in range(nops):
            if time.monotonic() > deadline:
                break
            self.run_op(self.choose(self.SAFE))
            done += 1
        self.guarded("pause", self.pause)
        s1, cons, fine = self.guarded("quiesce after window", self.quiesce, s0, peers, "end")
        self.windows += 1
        lost = ["%r: %d arrived, %d accounted for" % (p, a, b) for p, (a, b) in cons.items() if a != b]
        if lost:
            self.mismatch("window %d: frames not accounted for: %s" % (self.windows, "; ".join(lost[:6])))
            # stuck in an RX queue (NAPI not scheduled) or gone? Look again later.
            for _ in range(1500):
                time.sleep(0.02)
                s2 = self.snapshot()
                c2 = self.conservation(s0, s2, peers)
                if all(a == b for a, b in c2.values()):
                    break
            diag("30 s later (still moving with traffic paused: frames bouncing between ports?): %s" % ("; ".join("%r: %d arrived, %d accounted for" % (p, a, b)
                                              for p, (a, b) in c2.items() if a != b) or "all accounted for (late)"))
            for p, (a, b) in cons.items():
                if a != b:
                    q = peers.get(p)
                    diag("%r per queue: %s; peer %r: %s" % (p, {k: s1[p][k] - s0[p].get(k, 0) for k in s1[p]
                                                              if s1[p][k] != s0[p].get(k, 0)},
                                                            q, {k: s1[q][k] - s0[q].get(k, 0) for k in s1[q]
                                                                if k.startswith("tx") or "xdp_tx" in k}))
        self.frames_accounted += sum(a for a, b in cons.values())
        # every TX queue of a sender, every RX queue of its peer saw frames
        idle = []
        for p, b in peers.items():
            if not b or p not in s1 or b not in s1 or not p.up or not b.up:
                continue
            d = lambda q, k: s1[q].get(k, 0) - s0[q].get(k, 0)
            if d(b, "tx_packets") < 64 * b.dev.nq:
                continue
            for q in range(p.dev.nq):
                got = sum(d(p, "rx%d_%s" % (q, k)) for k in
                          ("packets", "drops", "xdp_aborted", "xdp_drop", "xdp_tx", "tc_shot",
                           "tc_stolen", "drv_xdp_aborted", "drv_xdp_drop", "drv_xdp_tx"))
                if not got:
                    idle.append("%r rx%d" % (p, q))
            for q in range(b.dev.nq):
                if not d(b, "tx%d_packets" % q):
                    idle.append("%r tx%d" % (b, q))
        if idle:
            self.mismatch("window %d: queues without traffic: %s" % (self.windows, ", ".join(idle[:8])))
        for p, s in s1.items():
            self.check_queues(p, s, quiescent=True)
        self.resume()
        return done

    def run(self, deadline):
        self.update_sender()
        self.resume()
        phase = 0
        reload_at = self.nops // 2
        while self.opn < self.nops and time.monotonic() < deadline:
            phase += 1
            churn = min(int(self.phase_len * 0.6), self.nops - self.opn)
            for _ in range(churn):
                if time.monotonic() > deadline:
                    break
                if self.opn >= reload_at and not self.reloads:
                    self.run_op("reload")  # at least one, with traffic running
                    continue
                # keep something to work on
                if len(self.devs) < 2:
                    self.run_op("new_device")
                elif len(self.ports()) < 4:
                    self.run_op("new_port")
                else:
                    self.run_op(self.choose(self.CHURN))
            # bring ports up and link some, so that windows carry traffic
            for p in self.ports():
                if self.opn < self.nops and not p.up and self.rng.random() < 0.8:
                    self.run_op("updown", p, True)
                if self.opn < self.nops and not p.peer and self.rng.random() < 0.5:
                    self.run_op("link", p)
            left = self.nops - self.opn
            if left <= 0:
                break
            self.window(min(self.phase_len - churn, left), deadline)
        return self.opn

    def teardown(self):
        """Delete everything; the BPF objects, the BTF and the module's
        devices must all be gone."""
        self.pause()
        for d in list(self.devs.values()):
            err = self.sysfs(BUS + "/del_device", "%d" % d.id)
            self.expect("final del_device %d" % d.id, err, 0)
            self.dev_gone(d)
        self.update_sender()
        for pr in list(self.held_progs):
            self.close_prog(pr)
        for d in list(self.devs.values()):
            for m in list(d.maps):
                self.close_map(m)
        for m in self.orphan_maps:
            os.close(m.fd)
        self.orphan_maps = []
        self.send_cmd("quit")
        self.sender.wait()


def main():
    seed = int(os.environ.get("CHAOS_SEED") or 0)
    nops = int(os.environ.get("CHAOS_OPS", "1200"))
    phase = int(os.environ.get("CHAOS_PHASE", "200"))
    op_timeout = float(os.environ.get("CHAOS_OP_TIMEOUT", "300"))
    budget = float(os.environ.get("CHAOS_DEADLINE", "0")) or 1e9
    ko = os.environ["NFPSIM_KO"]
    send = os.environ["CHAOS_SEND"]
    nsnames = os.environ.get("CHAOS_NS", "").split()
    diag("seed %d, %d operations, phases of %d (reproduce: CHAOS_SEED=%d CHAOS_OPS=%d)" %
         (seed, nops, phase, seed, nops))
    t0 = time.monotonic()
    c = Chaos(seed, nops, phase, ko, send, nsnames)

    def watchdog():
        while True:
            time.sleep(2)
            st = c.op_started
            if st is not None and time.monotonic() - st > op_timeout:
                not_ok("watchdog: op %d (%s) running for more than %ds: hang" %
                       (c.opn, c.op_desc, op_timeout))
                for tid in os.listdir("/proc/self/task"):
                    try:
                        diag("task %s kernel stack:\n%s" % (tid, open("/proc/self/task/%s/stack" % tid).read()))
                    except OSError:
                        pass
                try:
                    diag("sender kernel stack:\n" + open("/proc/%d/stack" % c.sender.pid).read())
                    with open("/proc/sysrq-trigger", "w") as f:
                        f.write("w")
                except OSError:
                    pass
                diag("last operations:\n" + "\n".join(c.recent[-20:]))
                sys.stdout.flush()
                os.kill(c.sender.pid, signal.SIGKILL)
                os._exit(3)

    threading.Thread(target=watchdog, daemon=True).start()
    deadline = t0 + budget
    try:
        done = c.run(deadline)
    except Exception:
        not_ok("chaos.py crashed at op %d (%s)" % (c.opn, c.op_desc))
        diag(traceback.format_exc())
        diag("last operations:\n" + "\n".join(c.recent[-20:]))
        c.sender.kill()
        return 1
    elapsed = time.monotonic() - t0
    st = " ".join("%s=%d/%d" % (k, v[1], v[0]) for k, v in sorted(c.opstats.items()))
    diag("%d operations in %.0fs (%.1f/s), %d accounting windows, %d frames accounted for, "
         "%d module reloads" % (done, elapsed, done / max(elapsed, 1e-3), c.windows,
                                c.frames_accounted, c.reloads))
    diag("operations (effective/tried): " + st)
    r = c.send_cmd("stats")
    diag("sender: " + r)
    if done < nops:
        out("skip - all %d operations ran|time budget (CHAOS_DEADLINE) reached after %d" % (nops, done))
    else:
        ok("all %d operations ran" % nops)
    check("every operation's result matched the model", c.mismatches == 0, "%d mismatches" % c.mismatches)
    check("accounting windows ran (%d) and carried traffic (%d frames)" % (c.windows, c.frames_accounted),
          c.windows > 0 and c.frames_accounted > 0)
    check("module unloaded and reloaded with traffic running (%d)" % c.reloads, c.reloads > 0)
    check("per-queue counter checks (%d) all consistent" % c.queue_checks[0], c.queue_checks[1] == 0)
    tr = int(r.split()[1]) if r.startswith("stats") else 0
    check("the sender kept sending (%d frames)" % tr, tr > 0)
    c.op_started, c.op_desc = time.monotonic(), "teardown"
    c.teardown()
    c.op_desc = "leak check"
    n_mm = c.mismatches
    c.check_objects("after teardown")
    check("after teardown, no BPF program or map left (bpftool prog/map counts at baseline)",
          c.mismatches == n_mm)
    for i in range(300):
        nb = len(btf_ids())
        if nb == c.base_btf:
            break
        time.sleep(0.02)
    if not check("after teardown, BTF objects back to baseline", nb == c.base_btf,
                 "%d, baseline %d" % (nb, c.base_btf)):
        diag(subprocess.run(["bpftool", "btf", "show"], capture_output=True, text=True).stdout)
    # Slab counts: dentries, inodes, kernfs nodes (modules autoloaded, such
    # as cls_bpf) and small kmallocs move by tens for reasons of their own;
    # a leak per frame shows in the skb caches, one per object on the debug
    # kernel in kmemleak (its reports also fail vm-run).
    slab = slabinfo()
    grow = sorted(((slab.get(k, 0) - v, k) for k, v in c.base_slab.items()), reverse=True)
    diag("slab growth after teardown (active objects): " +
         ", ".join("%s %+d" % (k, d) for d, k in grow[:8]))
    if slab:
        skb = sum(slab.get(k, 0) - c.base_slab.get(k, 0) for k in SKB_CACHES)
        check("after teardown, skb slab caches back to baseline (%+d objects)" % skb, skb < 128)
    else:
        out("skip - skb slab caches back to baseline|no /proc/slabinfo")
    km = "/sys/kernel/debug/kmemleak"
    if os.path.exists(km):
        try:
            with open(km, "w") as f:
                f.write("scan")
            rep = open(km).read()
            leaks = [b for b in rep.split("unreferenced object") if "nfpsim" in b or "nfps_" in b]
            check("kmemleak: nothing of nfpsim's unreferenced", not leaks,
                  "%d reports, first: %s" % (len(leaks), leaks[0][:600] if leaks else ""))
        except OSError as e:
            out("skip - kmemleak scan|%s" % e)
    c.op_started = None
    return 0


if __name__ == "__main__":
    sys.exit(main())
