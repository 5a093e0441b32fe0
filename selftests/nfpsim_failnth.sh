#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Systematic fault injection (syzkaller's fail-nth method): for each control
# operation, fail its 1st, 2nd, 3rd ... fault point (slab and page
# allocations) until it runs clean. Every injected failure must return an
# error and leave nothing behind (sysfs devices, debugfs tree, netdevs,
# pcap files exactly as before, and every pcap file still readable: a file
# left pointing at a freed port is a use-after-free), or succeed whole.
# The operations: the bus and port sysfs writes, capture and debugfs knobs,
# link/unlink, and (selftests/failnth_bpf.c) program load with
# prog_ifindex, offloaded map create and update, XDP offload and driver
# attach and replace, tc skip_sw filter add and replace; for those the
# state compared also holds the BPF program and map IDs, the XDP and tc
# attachments, the offload slot and the device memory in use. EFAULT in
# the table is an injected user-copy fault (fail_usercopy), not a bug.
# nfpsim_kmemleak.sh, run after it, scans for leaks. Needs
# CONFIG_FAULT_INJECTION and FAILSLAB: the debug kernel (scripts/run-tests
# runs it there); SKIP elsewhere.
source "$(dirname "$0")/lib.sh"
require_root
[ -e /proc/thread-self/fail-nth ] ||
	skip_all "kernel without CONFIG_FAULT_INJECTION (use the debug kernel, ../shared/kernels)"
FI=/sys/kernel/debug/failslab
[ -d $FI ] || skip_all "kernel without CONFIG_FAILSLAB"
nfpsim_load || skip_all "cannot load nfpsim.ko"
ROOT=$SELFTESTS_DIR/..
FAILNTH=$ROOT/build/failnth
gcc -O2 -Wall -Werror -o "$FAILNTH" "$SELFTESTS_DIR/failnth.c" "$SELFTESTS_DIR/failnth_bpf.c" || skip_all "cannot build failnth"
MAX=${FAILNTH_MAX:-3000}	# allocations per operation before giving up

# GFP_KERNEL allocations too, single pages too; no stack dump per fault.
for f in $FI /sys/kernel/debug/fail_page_alloc; do
	[ -d $f ] || continue
	echo N > $f/ignore-gfp-wait
	echo 0 > $f/verbose
done
[ -e /sys/kernel/debug/fail_page_alloc/min-order ] && echo 0 > /sys/kernel/debug/fail_page_alloc/min-order

cleanup() {
	local id
	for id in 71 72; do
		echo $id > $NFPSIM_BUS/del_device 2>/dev/null
	done
}
trap cleanup EXIT

TABLE=()
# inject NAME FAILNTH-ARGS...: fail fault point n = 1, 2, ... of one
# operation until a run reaches none (selftests/failnth.c checks what each
# run leaves behind and undoes a success).
inject() {
	local name=$1 res rc t0=$SECONDS
	shift
	# FAILNTH_ONLY=REGEX runs only the operations whose name matches.
	[[ $name =~ ${FAILNTH_ONLY:-.} ]] || return 0
	res=$("$FAILNTH" -m "$MAX" "$@")
	rc=$?
	diag "$name: $res ($((SECONDS - t0)) s)"
	TABLE+=("$(printf '%-24s %6s  %s' "$name" "${res%% *}" "$(sed 's/^faults=[0-9]* //' <<<"$res")")")
	if [ $rc -eq 0 ]; then
		ok "fail-nth $name: every injected fault is a clean error or a whole success"
	else
		not_ok "fail-nth $name: $res"
	fi
}

# Devices and ports, with 2 queues so a failure between queues is reached.
# A port whose registration fails after its pcap files exist must remove
# them (a stale one is a use-after-free when read).
inject "new_device 71 1 2" -u $NFPSIM_BUS/del_device 71 $NFPSIM_BUS/new_device "71 1 2"
echo "72 0 2" > $NFPSIM_BUS/new_device
inject "new_port (2 queues)" -u $NFPSIM_BUS/devices/nfpsim72/del_port 0 \
	$NFPSIM_BUS/devices/nfpsim72/new_port 0
echo 0 > $NFPSIM_BUS/devices/nfpsim72/new_port
echo 1 > $NFPSIM_BUS/devices/nfpsim72/new_port
P0=$NFPSIM_DFS/nfpsim72/ports/0
inject "capture enable" -u $P0/capture 0 $P0/capture 64
inject "bpf_bind_accept" -u $NFPSIM_DFS/nfpsim72/bpf_bind_accept Y \
	$NFPSIM_DFS/nfpsim72/bpf_bind_accept N

# Link and unlink (the netns fd is inherited by failnth).
mapfile -t ifs < <(nfpsim_ifnames 72)
exec {fn}</proc/self/ns/net
IA=$(cat /sys/class/net/${ifs[0]}/ifindex) IB=$(cat /sys/class/net/${ifs[1]}/ifindex)
inject "link_device" -u $NFPSIM_BUS/unlink_device "$fn:$IA" $NFPSIM_BUS/link_device "$fn:$IA $fn:$IB"
echo "$fn:$IA $fn:$IB" > $NFPSIM_BUS/link_device
inject "unlink_device" -u $NFPSIM_BUS/link_device "$fn:$IA $fn:$IB" $NFPSIM_BUS/unlink_device "$fn:$IA"

# BPF: program load with prog_ifindex, offloaded maps, XDP offload and
# driver attach/replace, tc skip_sw filter add/replace (selftests/
# failnth_bpf.c: raw bpf(2) and rtnetlink calls, the way ip and tc send
# them). XDP on port 0, tc on port 1: the two share a port's offload slot.
ethtool -K "${ifs[1]}" hw-tc-offload on
tc qdisc add dev "${ifs[1]}" clsact
for op in prog-load map-create-array map-create-hash map-update-hash map-update-array \
	  xdp-offload-attach xdp-offload-replace xdp-drv-attach xdp-drv-replace; do
	inject "$op" -b "$op" "${ifs[0]}"
done
for op in tc-add tc-replace; do
	inject "$op" -b "$op" "${ifs[1]}"
done

# The kmemleak scan of the whole pass is nfpsim_kmemleak.sh's, which
# run_all.sh runs after this test (scripts/run-tests' DEBUG_TESTS).

diag "operation                faults  errors returned"
for row in "${TABLE[@]}"; do
	diag "$row"
done
tap_done
