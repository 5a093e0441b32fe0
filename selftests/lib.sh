#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for nfpsim selftests (sourced). TAP output, exit 0/1/4.
# Pattern of tools/testing/selftests/net/forwarding/lib.sh: setup, checks
# that each print one TAP line, and a cleanup trap.

NFPSIM_BUS=/sys/bus/nfpsim
NFPSIM_DFS=/sys/kernel/debug/nfpsim
SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The module built for the running kernel: scripts/kmod-build's output for
# kernels other than the one `make` builds against, else the in-tree build.
if [ -z "${NFPSIM_KO:-}" ]; then
	NFPSIM_KO=$SELFTESTS_DIR/../build/kmod/$(uname -r)/nfpsim.ko
	[ -e "$NFPSIM_KO" ] || NFPSIM_KO=$SELFTESTS_DIR/../nfpsim.ko
fi

TAP_N=0
TAP_FAILED=0
TAP_SKIPPED=0

ok() {
	TAP_N=$((TAP_N + 1))
	echo "ok $TAP_N - $*"
}

not_ok() {
	TAP_N=$((TAP_N + 1))
	TAP_FAILED=$((TAP_FAILED + 1))
	echo "not ok $TAP_N - $*"
}

skip() {
	TAP_N=$((TAP_N + 1))
	TAP_SKIPPED=$((TAP_SKIPPED + 1))
	echo "ok $TAP_N - $1 # SKIP $2"
}

# check DESC CMD...: one TAP line from the command's exit status
check() {
	local desc=$1
	shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# check_eq DESC EXPECTED ACTUAL
check_eq() {
	if [ "$2" == "$3" ]; then
		ok "$1"
	else
		not_ok "$1 (expected '$2', got '$3')"
	fi
}

# expect_fail DESC NEEDLE CMD...: CMD must fail and print NEEDLE (libbpf's
# own chatter is left out of the message when it does not)
expect_fail() {
	local desc=$1 needle=$2 out
	shift 2
	if out=$("$@" 2>&1); then
		not_ok "$desc (command succeeded)"
	elif grep -qF -- "$needle" <<<"$out"; then
		ok "$desc"
	else
		not_ok "$desc (no '$needle' in: $(grep -vi '^libbpf' <<<"$out" | tail -3 | tr '\n' ' '))"
	fi
}

diag() {
	echo "# $*"
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" -eq 0 ] || exit 1
	[ "$TAP_N" -gt 0 ] && [ "$TAP_SKIPPED" -eq "$TAP_N" ] && exit 4
	exit 0
}

# The whole script cannot run: one SKIP line and exit 4.
skip_all() {
	echo "1..0 # SKIP $*"
	exit 4
}

require_root() {
	[ "$(id -u)" -eq 0 ] || skip_all "needs root"
}

# kernel_at_least MAJOR MINOR: the running kernel is MAJOR.MINOR or newer
kernel_at_least() {
	local maj min rest
	IFS=.- read -r maj min rest <<<"$(uname -r)"
	[ "$maj" -gt "$1" ] || { [ "$maj" -eq "$1" ] && [ "$min" -ge "$2" ]; }
}

# helpers_prog DIR IFNAME: the all-helpers test program this kernel offloads:
# helpers_all, or helpers_nocpu where the kernel refuses offloaded programs
# that call bpf_get_smp_processor_id() (a kernel bug after 6.12, see
# drivers/bpf.c nfpsim_hint_inlined_helper()). Only that exact refusal, with
# nfpsim's note about it in the log, selects the variant; anything else
# gives helpers_all, whose own load then fails visibly in the test.
helpers_prog() {
	local out
	if kernel_at_least 6 13 &&
	   ! out=$(ip -force link set dev "$2" xdpoffload obj "$1/helpers_all.bpf.o" sec xdp verbose 2>&1) &&
	   grep -q "program requires BPF JIT compiler" <<<"$out" &&
	   grep -q "^\[nfpsim\] insn [0-9]*: note: this kernel inlines bpf_get_smp_processor_id" <<<"$out"; then
		echo "# $(uname -r) refuses offloaded programs calling bpf_get_smp_processor_id(): helpers_nocpu" >&2
		echo "$1/helpers_nocpu.bpf.o"
	else
		ip -force link set dev "$2" xdpoffload off 2>/dev/null
		echo "$1/helpers_all.bpf.o"
	fi
}

nfpsim_load() {
	[ -d /sys/module/nfpsim ] && return 0
	insmod "$NFPSIM_KO"
}

# sysfs_write FILE STRING: write STRING (backslash escapes expanded, no
# newline added) to FILE, print
# "OK" or the errno name. Bash-native: a python3 start per write costs a
# second under TCG.
sysfs_write() {
	local err
	if err=$( { printf '%b' "$2" > "$1"; } 2>&1 ); then
		echo OK
		return
	fi
	case $err in
	*"Invalid argument"*) echo EINVAL ;;
	*"No such file or directory"*) echo ENOENT ;;
	*"Device or resource busy"*) echo EBUSY ;;
	*"No space left on device"*) echo ENOSPC ;;
	*"File exists"*) echo EEXIST ;;
	*"No such device"*) echo ENODEV ;;
	*"Numerical result out of range"*) echo ERANGE ;;
	*"Operation not supported"*) echo EOPNOTSUPP ;;
	*"Bad file descriptor"*) echo EBADF ;;
	*"Cannot allocate memory"*) echo ENOMEM ;;
	*) echo "ERR($err)" ;;
	esac
}

# Netdev names of device ID, sorted by port index (ports/P/ in debugfs).
nfpsim_ifnames() {
	local id=$1 p
	for p in $(ls "$NFPSIM_DFS/nfpsim$id/ports" 2>/dev/null | sort -n); do
		ls "$NFPSIM_BUS/devices/nfpsim$id/net/" 2>/dev/null | while read -r n; do
			[ "$(cat "/sys/bus/nfpsim/devices/nfpsim$id/net/$n/phys_port_name")" == "p$p" ] &&
				echo "$n"
		done
	done
}

# stat IFNAME FIELD [NETNS]: a netlink 64-bit counter via sysfs statistics
nstat() {
	if [ -n "${3:-}" ]; then
		ip netns exec "$3" cat "/sys/class/net/$1/statistics/$2"
	else
		cat "/sys/class/net/$1/statistics/$2"
	fi
}

# ethtool -S value
estat() {
	local out
	if [ -n "${3:-}" ]; then
		out=$(ip netns exec "$3" ethtool -S "$1")
	else
		out=$(ethtool -S "$1")
	fi
	echo "$out" | awk -v k="$2:" '$1 == k { print $2 }'
}
