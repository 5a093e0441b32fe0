#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Control-plane benchmark (issue 4, "Benchmark"), ratios measured side by
# side in one boot:
#  1. bpftool-equivalent map operations, one bpf syscall per element, on an
#     offloaded HASH map versus a host HASH map of the same shape (key 4,
#     value 8, $BENCH_ENTRIES entries): update (BPF_ANY, new keys), lookup,
#     get_next_key walk, delete. Target: offload/host >= 0.5x each.
#  2. load (verify + translate) + attach of a generated 4096-instruction XDP
#     program for the device (XDP_FLAGS_HW_MODE) versus the same program for
#     the host (JIT, XDP_FLAGS_DRV_MODE on the same nfpsim port): median of
#     $BENCH_RUNS runs; informational.
# Knobs: BENCH_ENTRIES (100000), BENCH_ROUNDS (3), BENCH_RUNS (7),
# BENCH_PROG (alu32; "mixed" is a 7152-word variant that does not load as of
# this writing: see gen_prog() in bench_maps.c).
# Under vm-run's slub_debug=FZPU most of every map syscall is SLUB's
# allocation tracking of the key/value copies, the same for both maps; boot
# with VM_RUN_APPEND=slub_debug=- for syscalls ~15x cheaper, where the
# driver's share of each operation is larger.
# Not part of run_all.sh (not named nfpsim_*.sh). Runs alone in the VM:
#   scripts/vm-run --timeout 900 -- 'insmod ./nfpsim.ko && selftests/bench_control.sh'
# The helper selftests/bench_maps.c is compiled here with gcc -O2 -lbpf into
# build/bench/. TAP output, exit 0/1/4.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v gcc >/dev/null || skip_all "gcc not installed"

ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
BIN_DIR=${BENCH_BIN_DIR:-$ROOT/build/bench}
BIN=$BIN_DIR/bench_maps
ENTRIES=${BENCH_ENTRIES:-100000}
ROUNDS=${BENCH_ROUNDS:-3}
RUNS=${BENCH_RUNS:-7}
PROG=${BENCH_PROG:-alu32}
MAP_TARGET=0.5
ID=50

mkdir -p "$BIN_DIR"
if ! out=$(gcc -O2 -Wall -o "$BIN.tmp.$$" "$SELFTESTS_DIR/bench_maps.c" -lbpf 2>&1); then
	echo "$out" | sed 's/^/# /'
	skip_all "cannot build bench_maps.c (libbpf-dev?)"
fi
mv -f "$BIN.tmp.$$" "$BIN"

cleanup() {
	echo $ID > $NFPSIM_BUS/del_device 2>/dev/null
}
trap cleanup EXIT
echo "$ID 2 2" > $NFPSIM_BUS/new_device || skip_all "cannot create nfpsim device $ID"
mapfile -t ifs < <(nfpsim_ifnames $ID)
A=${ifs[0]}
ip link set "$A" up
IFINDEX=$(cat "/sys/class/net/$A/ifindex")

diag "kernel $(uname -r), $(nproc) CPUs, port $A (ifindex $IFINDEX)," \
	"bpf_jit_enable=$(cat /proc/sys/net/core/bpf_jit_enable 2>/dev/null)," \
	"$(grep -o 'slub_debug=[^ ]*' /proc/cmdline | tr '\n' ' ')"

# R NAME OFFLOAD HOST RATIO lines from the helper; everything else is the table.
results=()
run_helper() {
	local line
	while IFS= read -r line; do
		case $line in
		R\ *) results+=("$line") ;;
		"RC 0") ;;
		RC\ *) echo "# bench_maps $1 failed (exit ${line#RC })" ;;
		"#"*) echo "$line" ;;
		*) echo "# $line" ;;
		esac
	done < <("$BIN" "$@" 2>&1; echo "RC $?")
}

echo "#"
run_helper maps "$IFINDEX" "$ENTRIES" "$ROUNDS"
echo "#"
run_helper prog "$IFINDEX" "$RUNS" "$PROG"
echo "#"

# result NAME: "OFFLOAD HOST RATIO" or empty
result() {
	local r
	for r in "${results[@]}"; do
		set -- $r
		[ "$2" == "$want" ] && { echo "$3 $4 $5"; return; }
	done
}

for op in update lookup get_next_key delete; do
	want=map_$op
	read -r off host ratio <<<"$(result)"
	if [ -z "$ratio" ]; then
		not_ok "map $op offload/host: no measurement (see the helper's error above)"
	elif awk -v r="$ratio" -v t="$MAP_TARGET" 'BEGIN { exit !(r >= t) }'; then
		ok "map $op offload/host = $(printf %.2f "$ratio")x (target >= $MAP_TARGET; $off vs $host ops/s)"
	else
		not_ok "map $op offload/host = $(printf %.2f "$ratio")x (target >= $MAP_TARGET; $off vs $host ops/s)"
	fi
done

want=prog_total
read -r off host ratio <<<"$(result)"
if [ -z "$ratio" ]; then
	not_ok "4096-insn load+verify+translate+attach: no measurement (see the helper's error above)"
else
	ok "4096-insn load+verify+translate+attach offload/host = $(printf %.2f "$ratio")x" \
		"(informational; $(awk -v t="$off" 'BEGIN { printf "%.1f", t / 1000 }') ms vs" \
		"$(awk -v t="$host" 'BEGIN { printf "%.1f", t / 1000 }') ms, median of $RUNS)"
fi
tap_done
