#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Dev-bound-only XDP programs (BPF_F_XDP_DEV_BOUND_ONLY, kernel >= 6.3) and
# the XDP features a port advertises.
#
# A dev-bound-only program has prog->aux->offload set like an offloaded one,
# but no driver state behind it: the driver must tell the two apart
# (bpf_prog_is_offloaded(), as netdevsim 6.12 does) on every path. Loaded
# every way, each must give a clean result: xdpoffload is refused with a
# message saying what to change, driver mode runs it on the host CPU (as a
# real NIC driver runs an XDP-hints program: we go beyond netdevsim, which
# refuses it), generic mode and tc are refused by the kernel, and nothing
# WARNs (vm-run checks dmesg).
source "$(dirname "$0")/lib.sh"
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the tree
require_root
kernel_at_least 6 3 || skip_all "kernel $(uname -r) < 6.3: no BPF_F_XDP_DEV_BOUND_ONLY, no xdp_features"
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v jq >/dev/null || skip_all "jq not installed (scripts/setup-deps)"

ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
LOAD=$ROOT/build/xdp_load
gcc -O2 -Wall -Werror -o "$LOAD" "$SELFTESTS_DIR/xdp_load.c" -lbpf || skip_all "cannot build xdp_load"
PIN=/sys/fs/bpf/nfpsim_devbound
DEV=60

cleanup() {
	rm -rf $PIN
	echo $DEV > $NFPSIM_BUS/del_device 2>/dev/null
}
trap cleanup EXIT
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mkdir -p $PIN

echo "$DEV 2 1" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames $DEV)
A=${ifs[0]} B=${ifs[1]}
exec {fn}</proc/self/ns/net
sysctl -qw "net.ipv6.conf.$A.disable_ipv6=1" "net.ipv6.conf.$B.disable_ipv6=1"
echo "$fn:$(cat /sys/class/net/$A/ifindex) $fn:$(cat /sys/class/net/$B/ifindex)" > $NFPSIM_BUS/link_device
ip link set "$A" up
ip link set "$B" up

# --- XDP features (netdev netlink: xdp-loader, libbpf bpf_xdp_query) ----
xf=$(python3 "$SELFTESTS_DIR/netdev_xdp_features.py" "$A" 2>&1)
check_eq "xdp_features: basic + hw-offload" "basic,hw-offload" "$xf"

# --- a dev-bound-only program, every way ---------------------------------
res=$("$LOAD" --dev-bound-only "$A" 1 $PIN/drop)
check "dev-bound-only XDP program loads bound to $A ($res)" grep -q '^OK ' <<<"$res"
expect_fail "xdpoffload of a dev-bound-only program: clean error" \
	"nfpsim: program is dev-bound only" ip link set dev "$A" xdpoffload pinned $PIN/drop
check_eq "nothing offloaded after the refusal" 0 \
	"$(cat $NFPSIM_DFS/nfpsim$DEV/ports/0/bpf_offloaded_id)"
expect_fail "generic mode: refused by the kernel" "device-bound" \
	ip link set dev "$A" xdpgeneric pinned $PIN/drop
expect_fail "tc: an XDP program is refused" "" \
	tc filter add dev "$A" ingress bpf da pinned $PIN/drop
res=$("$LOAD" --tc --dev-bound-only "$A" 0 $PIN/tc)
check_eq "tc program with BPF_F_XDP_DEV_BOUND_ONLY: EINVAL at load" EINVAL "${res%%:*}"

# Driver mode: the program runs on the host for every frame the port gets.
check "xdpdrv of the dev-bound-only program" ip link set dev "$A" xdpdrv pinned $PIN/drop
check_eq "ip link shows driver mode (1)" 1 "$(ip -j link show "$A" | jq '.[0].xdp.mode')"
d0=$(estat "$A" drv_xdp_drop)
n0=$(estat "$A" nic_runs)
N=20
python3 "$SELFTESTS_DIR/dp_replay.py" --tx "$B" --gen $N --settle 0 >/dev/null
# The frames are queued to A's NAPI; count, never time: wait for the counter.
for ((i = 0; i < 400; i++)); do
	[ $(($(estat "$A" drv_xdp_drop) - d0)) -ge $N ] && break
	sleep 0.05
done
check_eq "driver mode ran the program on every frame" $N $(($(estat "$A" drv_xdp_drop) - d0))
check_eq "the NIC ran nothing" 0 $(($(estat "$A" nic_runs) - n0))
check "xdpdrv off" ip link set dev "$A" xdpdrv off

# Bound to another device: the kernel refuses it before the driver.
echo "$((DEV + 1)) 1 1" > $NFPSIM_BUS/new_device
X=$(nfpsim_ifnames $((DEV + 1)))
expect_fail "dev-bound-only program on another NIC: refused" "different device" \
	ip link set dev "$X" xdpdrv pinned $PIN/drop
echo $((DEV + 1)) > $NFPSIM_BUS/del_device

tap_done
