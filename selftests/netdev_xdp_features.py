#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Print the XDP features a netdev advertises, as the kernel's netdev
netlink family reports them (what `ynl --spec netdev.yaml --do dev-get`,
xdp-loader features and libbpf's bpf_xdp_query() read, kernel >= 6.3).

A minimal generic netlink client, so the selftest needs no ynl tree:
resolve the "netdev" family, send NETDEV_CMD_DEV_GET for the ifindex, and
print the set bits of NETDEV_A_DEV_XDP_FEATURES by name, comma-separated
(e.g. "basic,hw-offload"). Exit 1 with a message on any error.

Usage: netdev_xdp_features.py IFNAME
"""
import socket
import struct
import sys

NETLINK_GENERIC = 16
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
NETDEV_CMD_DEV_GET = 1
NETDEV_A_DEV_IFINDEX = 1
NETDEV_A_DEV_XDP_FEATURES = 3
NLM_F_REQUEST = 1
NLMSG_ERROR = 2
# uapi/linux/netdev.h enum netdev_xdp_act, names as in netdev.yaml
XDP_ACT = ["basic", "redirect", "ndo-xmit", "xsk-zerocopy", "hw-offload",
           "rx-sg", "ndo-xmit-sg"]


def nlattr(atype, data):
    pad = (4 - len(data) % 4) % 4
    return struct.pack("=HH", 4 + len(data), atype) + data + b"\0" * pad


def parse_attrs(buf):
    attrs = {}
    while len(buf) >= 4:
        alen, atype = struct.unpack_from("=HH", buf)
        if alen < 4:
            break
        attrs[atype & 0x3fff] = buf[4:alen]
        buf = buf[(alen + 3) & ~3:]
    return attrs


def genl_request(sock, family, cmd, attrs, seq):
    payload = struct.pack("=BBH", cmd, 1, 0) + attrs
    sock.send(struct.pack("=IHHII", 16 + len(payload), family, NLM_F_REQUEST, seq, 0) + payload)
    reply = sock.recv(65536)
    mlen, mtype = struct.unpack_from("=IH", reply)
    if mtype == NLMSG_ERROR:
        err = struct.unpack_from("=i", reply, 16)[0]
        raise OSError(-err, f"netlink request {cmd} to family {family}")
    return parse_attrs(reply[20:mlen])


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: netdev_xdp_features.py IFNAME")
    ifindex = socket.if_nametoindex(sys.argv[1])
    with socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC) as sock:
        fam = genl_request(sock, GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                           nlattr(CTRL_ATTR_FAMILY_NAME, b"netdev\0"), 1)
        family = struct.unpack("=H", fam[CTRL_ATTR_FAMILY_ID][:2])[0]
        dev = genl_request(sock, family, NETDEV_CMD_DEV_GET,
                           nlattr(NETDEV_A_DEV_IFINDEX, struct.pack("=I", ifindex)), 2)
    feat = struct.unpack("=Q", dev[NETDEV_A_DEV_XDP_FEATURES][:8])[0]
    names = [n for i, n in enumerate(XDP_ACT) if feat & (1 << i)]
    names += [f"bit{i}" for i in range(len(XDP_ACT), 64) if feat & (1 << i)]
    print(",".join(names) or "none")


if __name__ == "__main__":
    try:
        main()
    except OSError as e:
        sys.exit(f"netdev_xdp_features: {e}")
