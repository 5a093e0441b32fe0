#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Teardown under load: unlink, delete a port, delete a device and unload the
# module while traffic flows on linked ports. Run last: it unloads nfpsim.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"

flood() { # flood IFNAME: pktgen in the background until stopped
	echo "rem_device_all" > /proc/net/pktgen/kpktgend_$2
	echo "add_device $1" > /proc/net/pktgen/kpktgend_$2
	echo "count 0" > /proc/net/pktgen/$1
	echo "clone_skb 16" > /proc/net/pktgen/$1
	echo "burst 4" > /proc/net/pktgen/$1
	echo "dst 198.51.100.1" > /proc/net/pktgen/$1
	echo "flag UDPSRC_RND" > /proc/net/pktgen/$1
}

modprobe pktgen 2>/dev/null || skip_all "pktgen module not available"
exec {fn}</proc/self/ns/net
link_up() { # link_up ID: link the device's ports 0 and 1, bring them up
	local a b
	mapfile -t ifs < <(nfpsim_ifnames "$1")
	a=${ifs[0]} b=${ifs[1]}
	echo "$fn:$(cat /sys/class/net/$a/ifindex) $fn:$(cat /sys/class/net/$b/ifindex)" \
		> $NFPSIM_BUS/link_device
	ip link set "$a" up
	ip link set "$b" up
	echo "$a"
}

run_with_traffic() { # DESC ID ACTION...
	local desc=$1 id=$2 a
	shift 2
	a=$(link_up "$id")
	flood "$a" 0
	echo start > /proc/net/pktgen/pgctrl &
	local pg=$!
	sleep 1
	local tx0
	tx0=$(cat /sys/class/net/$a/statistics/tx_packets)
	check "$desc" "$@"
	echo stop > /proc/net/pktgen/pgctrl
	wait $pg
	diag "$desc: $tx0 frames sent before"
}

echo "40 2 2" > $NFPSIM_BUS/new_device
run_with_traffic "unlink under traffic" 40 bash -c \
	"echo $fn:\$(cat /sys/class/net/\$(ls $NFPSIM_BUS/devices/nfpsim40/net | head -1)/ifindex) > $NFPSIM_BUS/unlink_device"
echo 40 > $NFPSIM_BUS/del_device

echo "41 2 2" > $NFPSIM_BUS/new_device
run_with_traffic "del_port of the receiver under traffic" 41 \
	bash -c "echo 1 > $NFPSIM_BUS/devices/nfpsim41/del_port"
echo 41 > $NFPSIM_BUS/del_device

echo "42 2 2" > $NFPSIM_BUS/new_device
run_with_traffic "del_device under traffic" 42 bash -c "echo 42 > $NFPSIM_BUS/del_device"

for i in 43 44 45; do echo "$i 2 2" > $NFPSIM_BUS/new_device; done
link_up 44 >/dev/null
# Unload with ping floods running across namespaces (sockets, not pktgen,
# which would pin the netdevs) and frames queued at the receivers.
mapfile -t ifs < <(nfpsim_ifnames 43)
ip netns add nsu1
ip netns add nsu2
ip link set "${ifs[0]}" netns nsu1
ip link set "${ifs[1]}" netns nsu2
exec {f1}</var/run/netns/nsu1 {f2}</var/run/netns/nsu2
echo "$f1:$(ip netns exec nsu1 cat /sys/class/net/${ifs[0]}/ifindex) $f2:$(ip netns exec nsu2 cat /sys/class/net/${ifs[1]}/ifindex)" > $NFPSIM_BUS/link_device
ip -n nsu1 addr add 192.0.2.1/24 dev "${ifs[0]}"
ip -n nsu2 addr add 192.0.2.2/24 dev "${ifs[1]}"
ip -n nsu1 link set "${ifs[0]}" up
ip -n nsu2 link set "${ifs[1]}" up
ip netns exec nsu1 ping -q -f -W 1 192.0.2.2 >/dev/null 2>&1 &
p1=$!
ip netns exec nsu2 ping -q -f -W 1 192.0.2.1 >/dev/null 2>&1 &
p2=$!
sleep 2
# Programs and maps bound to the NIC at unload: XDP offload with maps on
# the receiver, a tc skip_sw filter and a pinned offloaded map elsewhere.
P=$SELFTESTS_DIR/../build/selftests
check "XDP offload with maps on the busy receiver" \
	ip -n nsu2 link set dev "${ifs[1]}" xdpoffload obj "$P/demo_xdp.bpf.o" sec xdp
mapfile -t ifs45 < <(nfpsim_ifnames 45)
ethtool -K "${ifs45[0]}" hw-tc-offload on
tc qdisc add dev "${ifs45[0]}" clsact
check "tc skip_sw filter on another NIC" \
	tc filter add dev "${ifs45[0]}" ingress bpf skip_sw da obj "$P/ret_pass.bpf.o" sec tc
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
check "pinned offloaded map" bpftool map create /sys/fs/bpf/nfpsim_unload type hash \
	key 4 value 8 entries 16 name nfp_unl dev "${ifs45[1]}"
check "traffic flowing before rmmod" test "$(ip netns exec nsu2 cat /sys/class/net/${ifs[1]}/statistics/rx_packets)" -gt 10
check "rmmod with linked, busy devices" rmmod nfpsim
check "module gone" test ! -d /sys/module/nfpsim
check "the pinned map lost its device" bash -c "! bpftool map show pinned /sys/fs/bpf/nfpsim_unload >/dev/null 2>&1"
rm -f /sys/fs/bpf/nfpsim_unload
check "debugfs root gone" test ! -d $NFPSIM_DFS
kill $p1 $p2 2>/dev/null
wait $p1 $p2 2>/dev/null
ip netns del nsu1
ip netns del nsu2
check "reload" insmod "$NFPSIM_KO"
check "bus back" test -d $NFPSIM_BUS
tap_done
