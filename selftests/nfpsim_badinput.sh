#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Every sysfs write path rejects garbage with the right errno and changes
# nothing.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"

cleanup() {
	for d in 30 31; do echo $d > $NFPSIM_BUS/del_device 2>/dev/null; done
	ip link del nfpsimveth0 2>/dev/null
}
trap cleanup EXIT

snapshot() {
	ls $NFPSIM_BUS/devices; ls /sys/class/net; find $NFPSIM_DFS | sort
}

echo "30 2" > $NFPSIM_BUS/new_device
echo "31 1" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames 30)
i0=$(cat /sys/class/net/${ifs[0]}/ifindex)
i1=$(cat /sys/class/net/${ifs[1]}/ifindex)
i2=$(cat /sys/class/net/$(nfpsim_ifnames 31)/ifindex)
ip link add nfpsimveth0 type veth peer name nfpsimveth1
iv=$(cat /sys/class/net/nfpsimveth0/ifindex)
exec {fn}</proc/self/ns/net {fnot}</etc/hostname
before=$(snapshot)

while IFS='|' read -r file input want; do
	[ -z "$file" ] && continue
	got=$(sysfs_write "$NFPSIM_BUS/$file" "$input")
	check_eq "$file '$input' -> $want" "$want" "$got"
done <<EOT
new_device|\\n|EINVAL
new_device| \\t |EINVAL
new_device|abc|EINVAL
new_device|-1|EINVAL
new_device|+5|EINVAL
new_device|40 x|EINVAL
new_device|40 1 1 1|EINVAL
new_device|4294967296|EINVAL
new_device|2147483648|EINVAL
new_device|40 257|EINVAL
new_device|40 1 0|EINVAL
new_device|40 1 65|EINVAL
new_device|40;1|EINVAL
new_device|30|ENOSPC
del_device|\\n|EINVAL
del_device| \\t |EINVAL
del_device|x|EINVAL
del_device|99|ENOENT
del_device|30 1|EINVAL
devices/nfpsim30/new_port|0|EEXIST
devices/nfpsim30/new_port|x|EINVAL
devices/nfpsim30/new_port|256|EINVAL
devices/nfpsim30/new_port|-1|EINVAL
devices/nfpsim30/new_port|1 2|EINVAL
devices/nfpsim30/del_port|7|ENOENT
devices/nfpsim30/del_port|abc|EINVAL
link_device|\\n|EINVAL
link_device| \\t |EINVAL
link_device|garbage|EINVAL
link_device|$fn:$i0|EINVAL
link_device|$fn:$i0 $fn:$i1 $fn:$i2|EINVAL
link_device|$fn:$i0 $fn:$i0|EINVAL
link_device|$fn:$i0 $fn:$iv|EINVAL
link_device|$fn:$i0 $fn:999999|EINVAL
link_device|$fnot:$i0 $fn:$i1|EINVAL
link_device|999:$i0 $fn:$i1|EINVAL
link_device|$fn:0 $fn:$i1|EINVAL
link_device|$fn:-1 $fn:$i1|EINVAL
link_device|$fn:${i0}x $fn:$i1|EINVAL
link_device|$fn $fn:$i1|EINVAL
unlink_device|\\n|EINVAL
unlink_device| \\t |EINVAL
unlink_device|$fn:$i0|EINVAL
unlink_device|$fn:$iv|EINVAL
unlink_device|$fn:$i0 $fn:$i1|EINVAL
EOT
check_eq "rejected writes changed nothing" "$before" "$(snapshot)"

check_eq "link 30/0 - 31/0" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fn:$i0 $fn:$i2")"
check_eq "link a linked port again: EBUSY" EBUSY "$(sysfs_write $NFPSIM_BUS/link_device "$fn:$i0 $fn:$i1")"
check_eq "link to a linked peer: EBUSY" EBUSY "$(sysfs_write $NFPSIM_BUS/link_device "$fn:$i1 $fn:$i2")"
check_eq "del_port of a linked port" OK "$(sysfs_write $NFPSIM_BUS/devices/nfpsim30/del_port 0)"
check_eq "its peer is unlinked" none "$(cat $NFPSIM_DFS/nfpsim31/ports/0/peer)"
check_eq "relink 30/1 - 31/0" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fn:$i1 $fn:$i2")"
check_eq "del_device of a device with a linked port" OK "$(sysfs_write $NFPSIM_BUS/del_device 30)"
check_eq "peer unlinked after device delete" none "$(cat $NFPSIM_DFS/nfpsim31/ports/0/peer)"
tap_done
