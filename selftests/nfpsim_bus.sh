#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Devices and ports: create and delete through the bus, the netdevs and the
# debugfs tree they produce, ethtool identity, 64 devices x 4 ports.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"

cleanup() {
	for d in $(ls $NFPSIM_BUS/devices 2>/dev/null); do
		echo "${d#nfpsim}" > $NFPSIM_BUS/del_device 2>/dev/null
	done
}
trap cleanup EXIT

check_eq "new_device 10 2 3" OK "$(sysfs_write $NFPSIM_BUS/new_device "10 2 3")"
check "device nfpsim10 registered" test -d $NFPSIM_BUS/devices/nfpsim10
mapfile -t ifs < <(nfpsim_ifnames 10)
check_eq "two ports have netdevs" 2 "${#ifs[@]}"
check "debugfs ports/0 and ports/1" test -d $NFPSIM_DFS/nfpsim10/ports/0 -a -d $NFPSIM_DFS/nfpsim10/ports/1
check_eq "ports/0/dev symlink" "../../../nfpsim10" "$(readlink $NFPSIM_DFS/nfpsim10/ports/0/dev)"
check "ports/0/dev resolves to the device dir" test -d $NFPSIM_DFS/nfpsim10/ports/0/dev/ports
check_eq "every debugfs file reads" 0 \
	"$(find $NFPSIM_DFS/nfpsim10 -type f -exec cat {} + >/dev/null 2>&1; echo $?)"
check_eq "unlinked port peer" none "$(cat $NFPSIM_DFS/nfpsim10/ports/0/peer)"
check_eq "ethtool -i driver" "driver: nfpsim" "$(ethtool -i "${ifs[0]}" | head -1)"
check_eq "ethtool -i bus-info" "bus-info: nfpsim10" "$(ethtool -i "${ifs[0]}" | grep bus-info)"
check_eq "3 rx queues" 3 "$(ls -d /sys/class/net/${ifs[0]}/queues/rx-* | wc -l)"
check_eq "3 tx queues" 3 "$(ls -d /sys/class/net/${ifs[0]}/queues/tx-* | wc -l)"
check_eq "hw-tc-offload off by default" "hw-tc-offload: off" \
	"$(ethtool -k "${ifs[0]}" | grep '^hw-tc-offload')"
check "hw-tc-offload can be enabled" ethtool -K "${ifs[0]}" hw-tc-offload on
check_eq "hw-tc-offload on" "hw-tc-offload: on" "$(ethtool -k "${ifs[0]}" | grep '^hw-tc-offload')"
check "mtu 9000 accepted" ip link set "${ifs[0]}" mtu 9000
check "mtu 9001 refused" bash -c "! ip link set ${ifs[0]} mtu 9001 2>/dev/null"
check "mtu 67 refused" bash -c "! ip link set ${ifs[0]} mtu 67 2>/dev/null"
check "mac address change" ip link set "${ifs[0]}" address 02:00:00:00:00:01
check_eq "no carrier when unlinked" 0 "$(ip link set "${ifs[0]}" up; cat /sys/class/net/${ifs[0]}/carrier)"
check_eq "phys_port_name" p1 "$(cat /sys/class/net/${ifs[1]}/phys_port_name)"
check_eq "64-bit stats via netlink" 0 "$(ip -j -s link show "${ifs[0]}" | python3 -c \
	'import json,sys; print(json.load(sys.stdin)[0]["stats64"]["rx"]["packets"])')"

check_eq "new_port 5" OK "$(sysfs_write $NFPSIM_BUS/devices/nfpsim10/new_port 5)"
check "port 5 debugfs" test -d $NFPSIM_DFS/nfpsim10/ports/5
check_eq "3 netdevs" 3 "$(ls $NFPSIM_BUS/devices/nfpsim10/net | wc -l)"
check_eq "del_port 0" OK "$(sysfs_write $NFPSIM_BUS/devices/nfpsim10/del_port 0)"
check "port 0 debugfs gone" test ! -e $NFPSIM_DFS/nfpsim10/ports/0
check_eq "2 netdevs" 2 "$(ls $NFPSIM_BUS/devices/nfpsim10/net | wc -l)"
check_eq "new_device with taken id: ENOSPC" ENOSPC "$(sysfs_write $NFPSIM_BUS/new_device 10)"
check_eq "new_device 11 (defaults: 1 port)" OK "$(sysfs_write $NFPSIM_BUS/new_device 11)"
check_eq "1 netdev on nfpsim11" 1 "$(ls $NFPSIM_BUS/devices/nfpsim11/net | wc -l)"
check_eq "new_device 12 0 (no ports)" OK "$(sysfs_write $NFPSIM_BUS/new_device "12 0")"
check_eq "del_device 10" OK "$(sysfs_write $NFPSIM_BUS/del_device 10)"
check "nfpsim10 gone from sysfs" test ! -e $NFPSIM_BUS/devices/nfpsim10
check "nfpsim10 gone from debugfs" test ! -e $NFPSIM_DFS/nfpsim10
check_eq "id 10 reusable" OK "$(sysfs_write $NFPSIM_BUS/new_device "10 1")"
cleanup

# 64 devices x 4 ports, created and destroyed.
n0=$(ls /sys/class/net | wc -l)
for i in $(seq 100 163); do echo "$i 4 2" > $NFPSIM_BUS/new_device || break; done
check_eq "64 devices created" 64 "$(ls $NFPSIM_BUS/devices | wc -l)"
check_eq "256 netdevs created" $((n0 + 256)) "$(ls /sys/class/net | wc -l)"
check_eq "256 debugfs port dirs" 256 "$(ls -d $NFPSIM_DFS/nfpsim*/ports/* | wc -l)"
for i in $(seq 100 163); do echo "$i" > $NFPSIM_BUS/del_device || break; done
check_eq "64 devices deleted" 0 "$(ls $NFPSIM_BUS/devices | wc -l)"
check_eq "netdevs gone" "$n0" "$(ls /sys/class/net | wc -l)"
check_eq "no device left in debugfs" "capture" "$(ls $NFPSIM_DFS)"
check_eq "no capture file left" "" "$(ls $NFPSIM_DFS/capture)"
tap_done
