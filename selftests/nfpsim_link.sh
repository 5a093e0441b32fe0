#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The wire: link two ports in two network namespaces, ping with exact
# counters on both sides, pktgen (shared skbs) received by the peer, queue
# spreading, unlink.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v ping >/dev/null || skip_all "ping not installed"

cleanup() {
	ip netns del nsa 2>/dev/null
	ip netns del nsb 2>/dev/null
	echo 20 > $NFPSIM_BUS/del_device 2>/dev/null
	echo 21 > $NFPSIM_BUS/del_device 2>/dev/null
}
trap cleanup EXIT

echo "20 2 4" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames 20)
A=${ifs[0]} B=${ifs[1]}
ip netns add nsa
ip netns add nsb
for ns in nsa nsb; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link set "$A" netns nsa
ip link set "$B" netns nsb
ia=$(ip netns exec nsa cat /sys/class/net/$A/ifindex)
ib=$(ip netns exec nsb cat /sys/class/net/$B/ifindex)
exec {fa}</var/run/netns/nsa {fb}</var/run/netns/nsb

check_eq "link across namespaces" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fa:$ia $fb:$ib")"
check_eq "peer shown in debugfs" "$B $ib nfpsim20/1" "$(cat $NFPSIM_DFS/nfpsim20/ports/0/peer)"
check_eq "linking again: EBUSY" EBUSY "$(sysfs_write $NFPSIM_BUS/link_device "$fa:$ia $fb:$ib")"

ip -n nsa addr add 192.0.2.1/24 dev "$A"
ip -n nsb addr add 192.0.2.2/24 dev "$B"
# Static neighbours: the counters below must be exactly the pings.
ip -n nsa neigh add 192.0.2.2 lladdr "$(ip netns exec nsb cat /sys/class/net/$B/address)" dev "$A" nud permanent
ip -n nsb neigh add 192.0.2.1 lladdr "$(ip netns exec nsa cat /sys/class/net/$A/address)" dev "$B" nud permanent
ip -n nsa link set "$A" up
check_eq "no carrier with the peer down" 0 "$(ip netns exec nsa cat /sys/class/net/$A/carrier)"
ip -n nsb link set "$B" up
check_eq "carrier with both ends up" 1 "$(ip netns exec nsa cat /sys/class/net/$A/carrier)"

out=$(ip netns exec nsa ping -q -c 100 -i 0.01 -W 2 192.0.2.2 2>&1)
check "ping 100 packets, 0% loss" grep -q " 0% packet loss" <<<"$out"
diag "$(grep packets <<<"$out")"
check_eq "A tx_packets" 100 "$(nstat "$A" tx_packets nsa)"
check_eq "A rx_packets" 100 "$(nstat "$A" rx_packets nsa)"
check_eq "B rx_packets" 100 "$(nstat "$B" rx_packets nsb)"
check_eq "B tx_packets" 100 "$(nstat "$B" tx_packets nsb)"
check_eq "A tx_bytes == B rx_bytes" "$(nstat "$A" tx_bytes nsa)" "$(nstat "$B" rx_bytes nsb)"
check_eq "B tx_bytes == A rx_bytes" "$(nstat "$B" tx_bytes nsb)" "$(nstat "$A" rx_bytes nsa)"
check_eq "ICMP frames are 98 bytes" 9800 "$(nstat "$A" tx_bytes nsa)"
check_eq "no drops" 0 "$(( $(nstat "$A" rx_dropped nsa) + $(nstat "$B" rx_dropped nsb) ))"
check_eq "ethtool -S rx_packets" 100 "$(estat "$B" rx_packets nsb)"
qsum=0
for q in 0 1 2 3; do qsum=$((qsum + $(estat "$B" rx${q}_packets nsb))); done
check_eq "per-queue rx counters add up" 100 "$qsum"

check_eq "unlink" OK "$(sysfs_write $NFPSIM_BUS/unlink_device "$fb:$ib")"
check_eq "carrier off after unlink" 0 "$(ip netns exec nsa cat /sys/class/net/$A/carrier)"
check_eq "unlink again: EINVAL (as netdevsim)" EINVAL "$(sysfs_write $NFPSIM_BUS/unlink_device "$fa:$ia")"
# Without carrier the qdisc layer drops what the stack sends; frames that
# reach the driver anyway (qdisc bypass, as pktgen does) are counted.
tx0=$(nstat "$A" tx_dropped nsa)
ip netns exec nsa "$SELFTESTS_DIR/pktsend.py" "$A" 5 >/dev/null 2>&1
check_eq "unlinked port drops and counts" $((tx0 + 5)) "$(nstat "$A" tx_dropped nsa)"
check_eq "nothing reached the unlinked peer" 100 "$(nstat "$B" rx_packets nsb)"
check_eq "relink" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fb:$ib $fa:$ia")"
check "ping after relink" bash -c "ip netns exec nsa ping -q -c 3 -i 0.05 -W 2 192.0.2.2 >/dev/null"

# pktgen in the initial namespace, with shared skbs (clone_skb, burst).
if modprobe pktgen 2>/dev/null && [ -d /proc/net/pktgen ]; then
	echo "21 2 4" > $NFPSIM_BUS/new_device
	mapfile -t ifs2 < <(nfpsim_ifnames 21)
	C=${ifs2[0]} D=${ifs2[1]}
	exec {fi}</proc/self/ns/net
	echo "$fi:$(cat /sys/class/net/$C/ifindex) $fi:$(cat /sys/class/net/$D/ifindex)" \
		> $NFPSIM_BUS/link_device
	sysctl -qw net.ipv6.conf.$C.disable_ipv6=1 net.ipv6.conf.$D.disable_ipv6=1
	ip link set "$C" up
	ip link set "$D" up
	pg() { echo "$2" > "/proc/net/pktgen/$1"; }
	pg kpktgend_0 "rem_device_all"
	pg kpktgend_0 "add_device $C"
	pg "$C" "count 2000"
	pg "$C" "clone_skb 64"
	pg "$C" "burst 8"
	pg "$C" "pkt_size 60"
	pg "$C" "dst 198.51.100.1"
	pg "$C" "flag UDPSRC_RND"
	pg "$C" "udp_src_min 1000"
	pg "$C" "udp_src_max 9000"
	pg pgctrl start
	sent=$(awk '/pkts-sofar/ { print $2 }' /proc/net/pktgen/$C)
	check_eq "pktgen sent 2000" 2000 "$sent"
	sleep 1
	check_eq "sender tx_packets" 2000 "$(nstat "$C" tx_packets)"
	rx=$(nstat "$D" rx_packets)
	drops=$(nstat "$D" rx_dropped)
	diag "pktgen: peer rx $rx, rx_dropped $drops"
	check_eq "peer rx_packets + rx_dropped == sent" 2000 $((rx + drops))
	check "peer received frames" test "$rx" -gt 0
	used=0
	for q in 0 1 2 3; do [ "$(estat "$D" rx${q}_packets)" -gt 0 ] && used=$((used + 1)); done
	check "random flows spread over RX queues" test "$used" -ge 2
	pg kpktgend_0 "rem_device_all"
else
	skip "pktgen" "pktgen module not available"
fi
tap_done
