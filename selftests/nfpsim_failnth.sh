#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Systematic fault injection (syzkaller's fail-nth method): for each control
# operation, fail its 1st, 2nd, 3rd ... fault point (slab and page
# allocations) until it runs clean. Every injected failure must return an
# error and leave nothing behind (sysfs devices, debugfs tree, netdevs,
# pcap files exactly as before, and every pcap file still readable: a file
# left pointing at a freed port is a use-after-free), or succeed whole.
# Ends with a kmemleak scan when the kernel has kmemleak. Needs
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
gcc -O2 -Wall -Werror -o "$FAILNTH" "$SELFTESTS_DIR/failnth.c" || skip_all "cannot build failnth"
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
# inject NAME FILE DATA [UNDOFILE UNDODATA]: fail fault point n = 1, 2, ...
# of one write of DATA to FILE until a run reaches none (selftests/
# failnth.c checks what each run leaves behind); UNDO reverts a success.
inject() {
	local name=$1 file=$2 data=$3 res rc t0=$SECONDS
	# FAILNTH_ONLY=REGEX runs only the operations whose name matches.
	[[ $name =~ ${FAILNTH_ONLY:-.} ]] || return 0
	if [ $# -ge 5 ]; then
		res=$("$FAILNTH" -m "$MAX" -u "$4" "$5" "$file" "$data")
	else
		res=$("$FAILNTH" -m "$MAX" "$file" "$data")
	fi
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
inject "new_device 71 1 2" $NFPSIM_BUS/new_device "71 1 2" $NFPSIM_BUS/del_device 71
echo "72 0 2" > $NFPSIM_BUS/new_device
inject "new_port (2 queues)" $NFPSIM_BUS/devices/nfpsim72/new_port 0 \
	$NFPSIM_BUS/devices/nfpsim72/del_port 0
echo 0 > $NFPSIM_BUS/devices/nfpsim72/new_port
echo 1 > $NFPSIM_BUS/devices/nfpsim72/new_port
P0=$NFPSIM_DFS/nfpsim72/ports/0
inject "capture enable" $P0/capture 64 $P0/capture 0
inject "bpf_bind_accept" $NFPSIM_DFS/nfpsim72/bpf_bind_accept N \
	$NFPSIM_DFS/nfpsim72/bpf_bind_accept Y

# Link and unlink (the netns fd is inherited by failnth).
mapfile -t ifs < <(nfpsim_ifnames 72)
exec {fn}</proc/self/ns/net
IA=$(cat /sys/class/net/${ifs[0]}/ifindex) IB=$(cat /sys/class/net/${ifs[1]}/ifindex)
inject "link_device" $NFPSIM_BUS/link_device "$fn:$IA $fn:$IB" $NFPSIM_BUS/unlink_device "$fn:$IA"
echo "$fn:$IA $fn:$IB" > $NFPSIM_BUS/link_device
inject "unlink_device" $NFPSIM_BUS/unlink_device "$fn:$IA" $NFPSIM_BUS/link_device "$fn:$IA $fn:$IB"

if [ -e /sys/kernel/debug/kmemleak ]; then
	echo 72 > $NFPSIM_BUS/del_device
	# kmemleak reports objects older than 5 s that nothing points to.
	echo scan > /sys/kernel/debug/kmemleak
	sleep 6
	echo scan > /sys/kernel/debug/kmemleak
	leaks=$(grep -c nfpsim /sys/kernel/debug/kmemleak)
	[ "$leaks" -eq 0 ] || grep -B5 -A25 nfpsim /sys/kernel/debug/kmemleak | head -60 | sed 's/^/# /'
	check_eq "kmemleak: no object allocated by nfpsim" 0 "$leaks"
else
	skip "kmemleak scan" "kernel without CONFIG_DEBUG_KMEMLEAK"
fi

diag "operation                faults  errors returned"
for row in "${TABLE[@]}"; do
	diag "$row"
done
tap_done
