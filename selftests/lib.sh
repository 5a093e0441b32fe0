#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared helpers for nfpsim selftests (sourced). TAP output, exit 0/1/4.
# Pattern of tools/testing/selftests/net/forwarding/lib.sh: setup, checks
# that each print one TAP line, and a cleanup trap.

NFPSIM_BUS=/sys/bus/nfpsim
NFPSIM_DFS=/sys/kernel/debug/nfpsim
SELFTESTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
NFPSIM_KO=${NFPSIM_KO:-$SELFTESTS_DIR/../nfpsim.ko}

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
