#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Packet capture from the NIC: frames before (capture_rx.pcap) and after
# (capture_out.pcap) the offloaded program, bounded rings, bad knob values.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v tcpdump >/dev/null || skip_all "tcpdump not installed (scripts/setup-deps)"
PROG=$SELFTESTS_DIR/../build/selftests/demo_xdp.bpf.o
[ -e "$PROG" ] || skip_all "test programs not built (make)"

cleanup() {
	echo 60 > $NFPSIM_BUS/del_device 2>/dev/null
}
trap cleanup EXIT

echo "60 2 1" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames 60)
A=${ifs[0]} B=${ifs[1]}
D=$NFPSIM_DFS/nfpsim60/ports/1
RX=$NFPSIM_DFS/capture/nfpsim60-p1-rx.pcap
OUT=$NFPSIM_DFS/capture/nfpsim60-p1-out.pcap
sysctl -qw net.ipv6.conf.$A.disable_ipv6=1 net.ipv6.conf.$B.disable_ipv6=1
exec {fn}</proc/self/ns/net
echo "$fn:$(cat /sys/class/net/$A/ifindex) $fn:$(cat /sys/class/net/$B/ifindex)" > $NFPSIM_BUS/link_device
ip link set "$A" up
ip link set "$B" up
ip link set dev "$B" xdpoffload obj "$PROG" sec xdp

frames() { tcpdump -r "$1" -nn 2>/dev/null | wc -l; }
cp $RX /tmp/nfpsim_empty.pcap
check_eq "no capture by default" 0 "$(frames /tmp/nfpsim_empty.pcap)"
check_eq "capture 64" OK "$(sysfs_write $D/capture 64)"
check_eq "capture reads back" 64 "$(cat $D/capture)"
"$SELFTESTS_DIR/pktsend.py" "$A" 10 >/dev/null	# UDP to port 9: dropped
python3 - "$A" <<'PY'
import socket, sys
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.setsockopt(263, 20, 1)
s.bind((sys.argv[1], 0))
for i in range(5):  # UDP to port 53: passed
    eth = b"\xff" * 6 + b"\x02\x00\x00\x00\x00\x01" + b"\x08\x00"
    ip = bytes([0x45, 0, 0, 28, 0, i, 0, 0, 64, 17, 0, 0, 198, 51, 100, 2, 198, 51, 100, 1])
    s.send(eth + ip + bytes([4, 0, 0, 53, 0, 8, 0, 0]) + bytes(18))
PY
sleep 0.5
cp $RX /tmp/nfpsim_rx.pcap
cp $OUT /tmp/nfpsim_out.pcap
check_eq "15 frames before the program" 15 "$(frames /tmp/nfpsim_rx.pcap)"
check_eq "5 frames after it (the 10 to port 9 were dropped)" 5 "$(frames /tmp/nfpsim_out.pcap)"
check "captured frames decode" bash -c "tcpdump -r /tmp/nfpsim_out.pcap -nn 2>/dev/null | grep -q '198.51.100.2.1024 > 198.51.100.1.53'"
"$SELFTESTS_DIR/pktsend.py" "$A" 200 >/dev/null
sleep 0.5
cp $RX /tmp/nfpsim_rx.pcap
check_eq "ring keeps the last 64" 64 "$(frames /tmp/nfpsim_rx.pcap)"
check_eq "capture 0 stops" OK "$(sysfs_write $D/capture 0)"
check_eq "capture 4097: EINVAL" EINVAL "$(sysfs_write $D/capture 4097)"
check_eq "capture abc: EINVAL" EINVAL "$(sysfs_write $D/capture abc)"
check_eq "capture -1: EINVAL" EINVAL "$(sysfs_write $D/capture -1)"
echo 128 > $D/capture
"$SELFTESTS_DIR/pktsend.py" "$A" 50 >/dev/null 2>&1 &
check_eq "del_device while capturing" OK "$(sysfs_write $NFPSIM_BUS/del_device 60)"
wait
check "pcap files go with the device" test ! -e $RX
rm -f /tmp/nfpsim_*.pcap
tap_done
