#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# An installed nfpsim (make install, make dkms-install or the nfpsim-dkms
# .deb) as a user meets it: `modprobe nfpsim` finds it in the guest's
# /lib/modules (the VM shares the host root), it is the expected version
# from the expected place, and it offloads a program. Driven by
# scripts/install-test, which installs on the host around the VM run.
#
#   selftests/installed_module.sh DIR VERSION   DIR: updates or updates/dkms
source "$(dirname "$0")/lib.sh"
require_root
dir=${1:?usage: installed_module.sh DIR VERSION}
version=${2:?usage: installed_module.sh DIR VERSION}
ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
PROG=$ROOT/build/selftests/ret_pass.bpf.o
DEV=90
[ -e "$PROG" ] || skip_all "test programs not built (make tests)"
[ -d /sys/module/nfpsim ] && skip_all "nfpsim already loaded: run this in a fresh VM"

cleanup() {
	[ -d /sys/module/nfpsim ] || return 0
	echo $DEV > $NFPSIM_BUS/del_device 2>/dev/null
	rmmod nfpsim
}
trap cleanup EXIT

path=$(modinfo -n nfpsim 2>&1)
case $path in
/lib/modules/$(uname -r)/$dir/nfpsim.ko*) ok "modinfo finds nfpsim in $dir/" ;;
*) not_ok "modinfo finds nfpsim in $dir/ (got: $path)" ;;
esac
check "modprobe nfpsim" modprobe nfpsim
check_eq "module version" "$version" "$(cat /sys/module/nfpsim/version 2>/dev/null)"
check "new_device" sh -c "echo '$DEV 1' > $NFPSIM_BUS/new_device"
ifn=$(nfpsim_ifnames $DEV)
check_eq "ethtool -i: driver version" "$version" \
	"$(ethtool -i "$ifn" | awk '$1 == "version:" { print $2 }')"
check "xdpoffload a program" ip link set dev "$ifn" xdpoffload obj "$PROG" sec xdp
check_eq "ip link reports offload mode" 3 "$(ip -j link show "$ifn" | jq '.[0].xdp.mode')"
check "xdpoffload off" ip link set dev "$ifn" xdpoffload off
check "del_device" sh -c "echo $DEV > $NFPSIM_BUS/del_device"
check "rmmod nfpsim" rmmod nfpsim
tap_done
