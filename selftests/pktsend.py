#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send N raw Ethernet frames on an interface with AF_PACKET.

PACKET_QDISC_BYPASS hands frames straight to the driver, as pktgen does,
so they reach it even when the qdisc layer would drop them (no carrier).
Flows vary by UDP source port so they spread over the peer's RX queues.
Usage: pktsend.py IFNAME COUNT [SIZE]
"""
import socket
import struct
import sys

SOL_PACKET = 263
PACKET_QDISC_BYPASS = 20


def frame(i, size):
    eth = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    payload_len = max(size - 14 - 28, 0)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 28 + payload_len, i & 0xffff, 0, 64, 17, 0,
                     bytes([198, 51, 100, 2]), bytes([198, 51, 100, 1]))
    udp = struct.pack("!HHHH", 1024 + (i % 4096), 9, 8 + payload_len, 0)
    return eth + ip + udp + bytes(payload_len)


def main():
    ifname, count = sys.argv[1], int(sys.argv[2])
    size = int(sys.argv[3]) if len(sys.argv) > 3 else 60
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    s.setsockopt(SOL_PACKET, PACKET_QDISC_BYPASS, 1)
    s.bind((ifname, 0))
    sent = 0
    for i in range(count):
        try:
            s.send(frame(i, size))
            sent += 1
        except OSError as e:
            print(f"pktsend: frame {i}: {e}", file=sys.stderr)
    print(sent)


if __name__ == "__main__":
    main()
