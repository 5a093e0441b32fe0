#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Chaos (issue 11): a seeded random sequence of operations under AF_PACKET
# traffic on every queue of every port: devices and ports created and
# deleted, ports linked, unlinked, moved between network namespaces, taken
# up and down, MTU changes, the module unloaded and reloaded, XDP programs
# attached, replaced and detached in offload and driver mode, tc skip_sw
# filters, offloaded maps created, updated, deleted and dumped while the NIC
# writes them, debugfs knobs and files, packet capture. selftests/chaos.py
# does it all from one process and checks as it goes (see its docstring):
# every result against its model, every frame accounted for in the
# accounting windows, per-queue counters, no BPF object or BTF leaked, a
# watchdog for hangs. vm-run fails the run on any kernel splat.
#
#   CHAOS_SEED=N      the seed (default: random; printed, the run repeats from it)
#   CHAOS_OPS=N       operations (default 1200; the long run: 10000)
#   CHAOS_PHASE=N     operations per phase (churn + accounting window), 200
#   CHAOS_OP_TIMEOUT  seconds one operation may take before the watchdog
#                     calls it a hang (300)
#   CHAOS_DEADLINE    seconds after which no new operation starts (default
#                     70% of SELFTEST_TIMEOUT, run_all.sh's limit, 900 s);
#                     the operations left are reported as a SKIP
#   CHAOS_LOG=FILE    the operation log (default: kept in /tmp on failure)
# The long run: CHAOS_OPS=10000 SELFTEST_TIMEOUT=5000 selftests/run_all.sh nfpsim_chaos.sh
source "$(dirname "$0")/lib.sh"
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the tree
require_root
command -v python3 >/dev/null || skip_all "python3 not installed"
command -v gcc >/dev/null || skip_all "gcc not installed (builds chaos_send)"
command -v bpftool >/dev/null || skip_all "bpftool not installed"
python3 -c 'import ctypes; ctypes.CDLL("libbpf.so.1")' 2>/dev/null || skip_all "libbpf.so.1 not installed"
ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
P=$ROOT/build/selftests
[ -e "$P/chaos_xdp.bpf.o" ] && [ -e "$P/chaos_tc.bpf.o" ] && [ -e "$ROOT/build/progs/xdp_counters.bpf.o" ] ||
	skip_all "test programs not built (make tests)"

# A fresh module: chaos.py's model starts from no devices.
[ -d /sys/module/nfpsim ] && { rmmod nfpsim || skip_all "cannot unload nfpsim (in use)"; }
nfpsim_load || skip_all "cannot load nfpsim.ko"

SEED=${CHAOS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
OPS=${CHAOS_OPS:-1200}
LIMIT=${SELFTEST_TIMEOUT:-900}
DEADLINE=${CHAOS_DEADLINE:-$((LIMIT * 7 / 10))}
W=$(mktemp -d /tmp/nfpsim_chaos.XXXXXX)
NSS="nfpsim_chaos1 nfpsim_chaos2"
old_v6=$(sysctl -n net.ipv6.conf.default.disable_ipv6)
py=

cleanup() {
	local d
	[ -n "$py" ] && kill "$py" 2>/dev/null
	for d in /sys/bus/nfpsim/devices/nfpsim*; do
		[ -e "$d" ] && echo "${d##*nfpsim}" > $NFPSIM_BUS/del_device 2>/dev/null
	done
	for d in $NSS; do ip netns del "$d" 2>/dev/null; done
	sysctl -qw "net.ipv6.conf.default.disable_ipv6=$old_v6"
	rm -rf "$W"
}
trap cleanup EXIT

gcc -O2 -Wall -o "$W/chaos_send" "$SELFTESTS_DIR/chaos_send.c" || skip_all "cannot build chaos_send"
# The only frames on the wire are the test's: no IPv6 (router solicitations,
# MLD) on any port, in any namespace; no addresses.
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
for n in $NSS; do
	ip netns add "$n"
	ip netns exec "$n" sysctl -qw net.ipv6.conf.default.disable_ipv6=1 net.ipv6.conf.all.disable_ipv6=1
	ip -n "$n" link set lo up
done
mountpoint -q /sys/kernel/debug || mount -t debugfs none /sys/kernel/debug

diag "seed $SEED, $OPS operations, no new operation after ${DEADLINE}s"
LOG=${CHAOS_LOG:-$W/ops.log}
failed_before=$TAP_FAILED
while IFS= read -r line; do
	case $line in
	"ok - "*) ok "${line#ok - }" ;;
	"not ok - "*) not_ok "${line#not ok - }" ;;
	"skip - "*) rest=${line#skip - }; skip "${rest%%|*}" "${rest#*|}" ;;
	"#"*) echo "$line" ;;
	*) echo "# $line" ;;
	esac
done < <(CHAOS_SEED=$SEED CHAOS_OPS=$OPS CHAOS_DEADLINE=$DEADLINE CHAOS_LOG=$LOG \
	 CHAOS_SEND=$W/chaos_send CHAOS_NS="$NSS" NFPSIM_KO=$NFPSIM_KO \
	 timeout -s KILL $((DEADLINE + 600)) python3 "$SELFTESTS_DIR/chaos.py" 2>&1; echo $? > "$W/rc")
rc=$(cat "$W/rc" 2>/dev/null || echo 255)
case $rc in
0) ;;
137) not_ok "chaos.py killed after $((DEADLINE + 600))s: a hang the watchdog did not catch" ;;
*) [ "$TAP_FAILED" -gt "$failed_before" ] || not_ok "chaos.py exited $rc" ;;
esac
check "the module unloads after the run" rmmod nfpsim
check "and loads again" insmod "$NFPSIM_KO"
if [ "$TAP_FAILED" -gt 0 ]; then
	keep=/tmp/nfpsim_chaos-$SEED.log
	cp "$LOG" "$keep" 2>/dev/null && diag "operation log: $keep (replay: CHAOS_SEED=$SEED CHAOS_OPS=$OPS)"
fi
tap_done
