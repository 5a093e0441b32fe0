#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Acceptance test on kernels >= 6.12: the running kernel's own
# tools/testing/selftests/net/bpf_offload.py (test_offload.py moved there in
# 6.8), from Debian's linux-source-<major.minor> of that kernel, run against
# nfpsim instead of netdevsim.  On older kernels it SKIPs:
# nfpsim_test_offload.sh runs 6.1's test_offload.py there.
#
# The kernel's files are never committed here: they are extracted at run
# time from the linux-source tarball of the running kernel's series
# (major.minor of `uname -r`), the first of
#   /usr/src/linux-source-<major.minor>.tar.xz    (package linux-source-6.12)
#   build/kernels/<release>/usr/src/linux-source-<major.minor>.tar.xz
#                                   (scripts/kernel-newest setup: 7.3)
# or $BPF_OFFLOAD_TARBALL, into build/bpf_offload/<major.minor>/src/ (a cache
# per series, stamped per tarball), in their in-tree layout, so that
# bpf_offload.py runs "in tree" as in a kernel checkout:
#   tools/testing/selftests/net/bpf_offload.py, sample_ret0.bpf.c,
#       sample_map_ret0.bpf.c
#   tools/testing/selftests/net/lib/py/   (the NetdevSim classes, ksft; 7.3
#                                          adds bpf.py, imported by __init__)
#   tools/net/ynl/                         (lib/py imports ynl, which needs
#                                          yaml: 6.12 has it in lib/, 7.3 in
#                                          pyynl/lib/, so the whole directory)
#   Documentation/netlink/specs/           (the ynl specs lib/py points at)
# build/bpf_offload/<major.minor>/tree/ is a copy of that which gets patched
# and where the two samples are compiled with clang --target=bpf to the
# names the kernel's Makefile (net/bpf.mk) gives them (sample_ret0.bpf.o,
# sample_map_ret0.bpf.o, next to bpf_offload.py, which is where it looks:
# bpf_test_dir).  --prepare prepares every tarball of a series >= 6.12 found
# in those places, so the guest finds each kernel's cache ready.
#
# bpf_offload.py needs bpftool >= 7.2 (bookworm has 7.1): scripts/
# fetch-bpftool unpacks bookworm-backports' bpftool (7.5) under build/tools/
# without installing it, and it goes first on PATH for bpf_offload.py only.
# 7.3's test also loads a dev-bound program with `bpftool prog load ...
# xdpmeta_dev DEV` (bpftool >= 7.3): 7.5 has that too.
#
# Changes, all applied by patch_harness() below and each checked to have
# matched (a different tarball fails loudly instead of running unadapted).
# 6.12 and 7.3 need the same ones, with the same counts:
#   R. The rename: s/netdevsim/nfpsim/g (lower case only; the NetdevSim*
#      class names stay) in bpf_offload.py and lib/py/nsim.py.  That covers
#      /sys/bus/nfpsim, devices/nfpsimN, del_port,
#      /sys/kernel/debug/nfpsim/nfpsimN, the extack prefix "nfpsim: " and
#      the body "nfpsim configured to reject unbound programs.", and the
#      spurious-extack needle "nfpsim".
#   G. The verifier greeting: netdevsim writes
#      "[netdevsim] Hello from netdevsim!"; DESIGN.md section 2 says any
#      "[nfpsim] " line is the intent.  check_verifier_log() is called with
#      "[nfpsim] " and matches a line that starts with it (was: equals).
#      The check is otherwise unchanged: the line must be in the log.
# Not needed any more (unlike 6.1's test_offload.py):
#   - the samples already put their function in SEC("xdp") and bpf_obj()
#     already loads "sec xdp";
#   - bpftool 7.5 lists programs and maps whose device is gone (7.1 aborted
#     at them), so `bpftool prog/map show` is used as is;
#   - "modprobe netdevsim" only runs when /sys/bus/netdevsim is absent (in
#     bpf_offload.py and lib/py/nsim.py alike), and this script insmods
#     nfpsim.ko first, as every selftest does;
#   - lib/py's udev rename check (eni*np*) never matches: nfpsim ports keep
#     their kernel names (no devlink), and `udevadm settle` is harmless;
#   - `devlink dev reload ... netns` is only for devices created in a
#     namespace, which bpf_offload.py never asks for;
#   - 7.3's lib/py and pyynl import nothing beyond python3 3.11's standard
#     library and yaml (jsonschema is optional and off: schema='').
# No assertion is changed.
#
# Output: bpf_offload.py's output as "# " lines, one "ok" per "Test ...:"
# it completed, "not ok" for the one it stopped at (it stops at the first
# failure) with the FAIL message or exception.  Exit 0 iff it prints
# "bpf_offload.py: OK", 1 otherwise, 4 (SKIP) on kernels < 6.12, if a
# prerequisite is missing (such as the tarball of the running kernel's
# series) or nfpsim has no BPF offload control plane yet.
#
#   [NFPSIM_TEST_OFFLOAD_FORCE=1] selftests/nfpsim_bpf_offload.sh [--prepare]
# --prepare extracts, patches, compiles (for every series found) and fetches
# bpftool (network, once): run it on the host to fill the caches before a VM
# run (extracting under TCG takes minutes, and the guest has no network).
# It uses the tarballs that are there and sets nothing up itself: run
# scripts/kernel-newest setup first for the newest kernel's.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/offload_lib.sh"

TOPDIR=$(dirname "$SELFTESTS_DIR")
NET=tools/testing/selftests/net
BASE=${BPF_OFFLOAD_DIR:-$TOPDIR/build/bpf_offload}
FETCH_BPFTOOL=$TOPDIR/scripts/fetch-bpftool

# series RELEASE|TARBALL: major.minor ("6.12" of 6.12.118+deb12-amd64 or of
# .../linux-source-6.12.tar.xz).
series() {
	local maj min
	IFS=.- read -r maj min _ <<<"${1##*/linux-source-}"
	echo "$maj.$min"
}

# series_at_least SERIES MAJOR MINOR
series_at_least() {
	local maj min
	IFS=. read -r maj min <<<"$1"
	[ "$maj" -gt "$2" ] || { [ "$maj" -eq "$2" ] && [ "$min" -ge "$3" ]; }
}

# The running kernel's tarball: the override, /usr/src's, or the one
# scripts/kernel-newest unpacked beside this release's kernel.
running_tarball() {
	local s t
	s=$(series "$(uname -r)")
	for t in ${BPF_OFFLOAD_TARBALL:+"$BPF_OFFLOAD_TARBALL"} \
		 "/usr/src/linux-source-$s.tar.xz" \
		 "$TOPDIR/build/kernels/$(uname -r)/usr/src/linux-source-$s.tar.xz"; do
		[ -r "$t" ] && { echo "$t"; return 0; }
	done
	return 1
}

# Every tarball of a series >= 6.12 in those places, one per series.
all_tarballs() {
	local t s seen=" "
	for t in /usr/src/linux-source-*.tar.xz \
		 "$TOPDIR"/build/kernels/*/usr/src/linux-source-*.tar.xz; do
		[ -r "$t" ] || continue
		s=$(series "$t")
		if ! [[ $s =~ ^[0-9]+\.[0-9]+$ ]] || ! series_at_least "$s" 6 12; then
			continue
		fi
		[[ $seen == *" $s "* ]] && continue
		seen+="$s "
		echo "$t"
	done
}

# The tarball's top directory (linux-source-<series>, the only one
# extracted) goes: $WORK/src is the tree's root.
# shellcheck disable=SC2317 # called through offload_extract
unwrap() {
	local top
	top=$(echo linux-source-*)
	mv "$top"/* . && rmdir "$top"
}

# extract TARBALL WORK
extract() {
	local top
	top=linux-source-$(series "$1")
	offload_extract "$1" "$2/src" unwrap \
		"$top/$NET/bpf_offload.py" \
		"$top/$NET/sample_ret0.bpf.c" \
		"$top/$NET/sample_map_ret0.bpf.c" \
		"$top/$NET/lib/py" \
		"$top/tools/net/ynl" \
		"$top/Documentation/netlink/specs"
}

patch_harness() {
	local work=$1 t=$1/tree/$NET/bpf_offload.py n=$1/tree/$NET/lib/py/nsim.py
	rm -rf "$work/tree"
	cp -a "$work/src" "$work/tree" && rm -f "$work/tree/stamp" || return 1
	offload_patch_nfpsim "$t" || return 1	# R and G
	sed_checked "$n" 0 's/netdevsim/nfpsim/g' 'netdevsim' || return 1	# R in lib/py
	chmod +x "$t"
}

compile_samples() {
	local work=$1 multiarch s
	multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
	for s in sample_ret0 sample_map_ret0; do
		# As the kernel's net/bpf.mk: -O2 -g --target=bpf, object
		# $s.bpf.o next to its source and bpf_offload.py.
		clang -O2 -g --target=bpf -Wall -I"/usr/include/$multiarch" \
			-c "$work/tree/$NET/$s.bpf.c" -o "$work/tree/$NET/$s.bpf.o" || return 1
	done
}

# prepare TARBALL: extract, patch and compile into build/bpf_offload/<series>/
# (or a temporary directory where that is not writable); sets WORK to it.
prepare() {
	local tarball=$1
	command -v clang >/dev/null || skip_all "no clang"
	[ -r /usr/include/bpf/bpf_helpers.h ] || skip_all "no bpf/bpf_helpers.h (libbpf-dev)"
	command -v xz >/dev/null || skip_all "no xz"
	WORK=$BASE/$(series "$tarball")
	mkdir -p "$WORK" 2>/dev/null && [ -w "$WORK" ] || WORK=$(mktemp -d /tmp/bpf_offload.XXXXXX)
	extract "$tarball" "$WORK" || { echo "not ok 1 - bpf_offload.py: extract from $tarball"; echo "1..1"; exit 1; }
	patch_harness "$WORK" || { echo "not ok 1 - bpf_offload.py: patch harness ($tarball)"; echo "1..1"; exit 1; }
	compile_samples "$WORK" || { echo "not ok 1 - bpf_offload.py: compile samples ($tarball)"; echo "1..1"; exit 1; }
}

if [ "${1:-}" == "--prepare" ]; then
	tarballs=$(all_tarballs)
	[ -n "$tarballs" ] ||
		skip_all "no linux-source tarball >= 6.12 in /usr/src or build/kernels/*/usr/src (package linux-source-6.12)"
	while read -r tarball; do
		prepare "$tarball"
		diag "prepared $WORK from $tarball"
	done <<<"$tarballs"
	"$FETCH_BPFTOOL" >/dev/null || { echo "# scripts/fetch-bpftool failed"; exit 1; }
	exit 0
fi

kernel_at_least 6 12 ||
	skip_all "kernel < 6.12 ($(uname -r)): nfpsim_test_offload.sh runs its test_offload.py"
require_root
TARBALL=$(running_tarball) ||
	skip_all "no linux-source-$(series "$(uname -r)").tar.xz for $(uname -r) in /usr/src or build/kernels/$(uname -r)/usr/src (scripts/kernel-newest setup)"
for t in ethtool tc ip udevadm python3; do
	command -v $t >/dev/null || skip_all "no $t"
done
python3 -c 'import yaml' 2>/dev/null || skip_all "no python3 yaml module (python3-yaml), ynl needs it"
BPFTOOL=$("$FETCH_BPFTOOL" --cached 2>/dev/null) ||
	skip_all "no bpftool >= 7.2 under build/tools: run $0 --prepare (or scripts/fetch-bpftool) on the host"
nfpsim_load || skip_all "cannot load nfpsim.ko"
offload_probe bpf_offload.py

prepare "$TARBALL"

diag "bpf_offload.py of $(uname -r) from $TARBALL"
diag "bpftool for bpf_offload.py: $("$BPFTOOL" version | head -n1) ($BPFTOOL)"
PATH=$(dirname "$BPFTOOL"):$PATH offload_run bpf_offload.py "$WORK/bpf_offload.log" \
	python3 -u "$WORK/tree/$NET/bpf_offload.py" --log "$WORK/bpf_offload.log"
