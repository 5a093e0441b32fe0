#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Acceptance test of issue 4: the kernel's own
# tools/testing/selftests/bpf/test_offload.py from Debian's linux-source-6.1,
# run against nfpsim instead of netdevsim.
#
# The kernel's file is never committed here: it is extracted at run time from
# /usr/src/linux-source-6.1.tar.xz (package linux-source-6.1, installed by
# scripts/setup-deps) into build/test_offload/ (a cache: extracting from the
# 130 MiB tarball takes minutes under TCG), patched there, and its two sample
# programs are compiled there.
#
# Changes to test_offload.py, all applied by patch_harness() below and each
# checked to have matched (a different tarball fails loudly instead of running
# unadapted):
#   R. The rename: s/netdevsim/nfpsim/g (lower case only; the NetdevSim*
#      class names stay).  That covers /sys/bus/nfpsim, devices/nfpsimN,
#      /sys/kernel/debug/nfpsim/nfpsimN, the extack prefix "nfpsim: " and the
#      bodies "nfpsim configured to reject unbound programs.", and the
#      spurious-extack needle "nfpsim".
#   G. The verifier greeting: netdevsim writes
#      "[netdevsim] Hello from netdevsim!"; DESIGN.md section 2 says any
#      "[nfpsim] " line is the intent.  check_verifier_log() is called with
#      "[nfpsim] " and matches a line that starts with it (was: equals).
#      The check is otherwise unchanged: the line must be in the log.
# The harness adaptations DESIGN.md section 2 lists, and nothing else:
#   1. libbpf 1.x ignores functions in .text: the samples are compiled with
#      the function in section "xdp" (sample_ret0.c has no SEC(), so it gets
#      __attribute__((section("xdp"), used)); sample_map_ret0.c's
#      SEC(".text") becomes SEC("xdp")), and bpf_obj()'s default section
#      ".text" becomes "xdp", so ip and tc load them with "sec xdp".
#      (bpftool prog load takes the object's first program: no change.)
#   2. bpftool v7.1 aborts `prog show`/`map show` listings at an object whose
#      device is gone (ENODEV): bpftool_prog_list() and bpftool_map_list()
#      list through selftests/test_offload_bpftool_list.py, which enumerates
#      IDs with BPF_{PROG,MAP}_GET_NEXT_ID and runs `bpftool -j ... show id N`
#      per ID, leaving out orphans exactly like upstream's exclude_orphaned.
#      It runs in the same netns (ip netns exec) as the original call.
#   3. modprobe only finds installed modules: "modprobe nfpsim" becomes
#      "test -d /sys/module/nfpsim || modprobe nfpsim" (this script insmods
#      nfpsim.ko first, as every selftest does).
# No assertion is changed.
#
# Output: test_offload.py's output as "# " lines, one "ok" per "Test ...:"
# it completed, "not ok" for the one it stopped at (it stops at the first
# failure) with the FAIL message or exception.  Exit 0 iff it prints
# "test_offload.py: OK", 1 otherwise, 4 (SKIP) if a prerequisite is missing,
# nfpsim has no BPF offload control plane yet, or the running kernel is 6.12
# or newer (there nfpsim_bpf_offload.sh runs the kernel's bpf_offload.py).
# Extraction, patching, running and the TAP conversion share
# selftests/offload_lib.sh with nfpsim_bpf_offload.sh.
#
#   [NFPSIM_TEST_OFFLOAD_FORCE=1] selftests/nfpsim_test_offload.sh [--prepare]
# --prepare only extracts, patches and compiles (no root, no module): run it
# on the host to fill the cache before a VM run.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/offload_lib.sh"

TARBALL=${LINUX_SOURCE_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
SRC_PREFIX=linux-source-6.1/tools/testing/selftests/bpf
WORK=${TEST_OFFLOAD_DIR:-$(dirname "$SELFTESTS_DIR")/build/test_offload}
LIST_HELPER=$SELFTESTS_DIR/test_offload_bpftool_list.py

# The three files, flattened into $WORK/src (cached per tarball).
flatten() {
	mv "$SRC_PREFIX/test_offload.py" "$SRC_PREFIX/progs/sample_ret0.c" \
		"$SRC_PREFIX/progs/sample_map_ret0.c" . && rm -rf linux-source-6.1
}

extract() {
	offload_extract "$TARBALL" "$WORK/src" flatten --occurrence=1 \
		"$SRC_PREFIX/test_offload.py" \
		"$SRC_PREFIX/progs/sample_ret0.c" \
		"$SRC_PREFIX/progs/sample_map_ret0.c"
}

patch_harness() {
	local t=$WORK/test_offload.py
	cp "$WORK/src/test_offload.py" "$t" || return 1
	offload_patch_nfpsim "$t" || return 1	# R and G
	# 1. Samples are compiled with SEC("xdp"): load them with "sec xdp".
	sed_checked "$t" 1 's/^def bpf_obj(name, sec="\.text", /def bpf_obj(name, sec="xdp", /' \
		'def bpf_obj(name, sec="xdp", ' || return 1
	# 2. Listings by ID through the helper, orphans (ENODEV) left out.
	sed_checked "$t" 1 "s|^    _, progs = bpftool(\"prog show\", JSON=True, ns=ns, fail=True)\$|    _, progs = tool(\"python3 $LIST_HELPER\", \"prog show\", {\"json\":\"-p\"}, JSON=True, ns=ns, fail=True) # nfpsim: list by id|" \
		"_, progs = tool(\"python3 $LIST_HELPER\", \"prog show\"" || return 1
	sed_checked "$t" 1 "s|^    _, maps = bpftool(\"map show\", JSON=True, ns=ns, fail=True)\$|    _, maps = tool(\"python3 $LIST_HELPER\", \"map show\", {\"json\":\"-p\"}, JSON=True, ns=ns, fail=True) # nfpsim: list by id|" \
		"_, maps = tool(\"python3 $LIST_HELPER\", \"map show\"" || return 1
	# 3. The module is insmod'ed, not installed.
	sed_checked "$t" 1 's|cmd("modprobe nfpsim", fail=False)|cmd("test -d /sys/module/nfpsim \|\| modprobe nfpsim", fail=False)|' \
		'cmd("test -d /sys/module/nfpsim || modprobe nfpsim", fail=False)' || return 1
	chmod +x "$t"
}

compile_samples() {
	local multiarch s
	multiarch=$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")
	# 1. The samples' function goes to section "xdp" (libbpf 1.x).
	sed 's/^int func()$/__attribute__((section("xdp"), used)) int func()/' \
		"$WORK/src/sample_ret0.c" > "$WORK/sample_ret0.c"
	sed 's/^SEC("\.text") int func()$/SEC("xdp") int func()/' \
		"$WORK/src/sample_map_ret0.c" > "$WORK/sample_map_ret0.c"
	grep -q 'section("xdp")' "$WORK/sample_ret0.c" &&
		grep -q 'SEC("xdp") int func()' "$WORK/sample_map_ret0.c" || {
		echo "# sample sources did not patch"
		return 1
	}
	for s in sample_ret0 sample_map_ret0; do
		# -g: the .maps section is BTF-defined.  Same object names as the
		# kernel's Makefile, next to test_offload.py (bpf_test_dir).
		clang -target bpf -O2 -g -Wall -I"/usr/include/$multiarch" \
			-c "$WORK/$s.c" -o "$WORK/$s.bpf.o" || return 1
	done
}

prepare() {
	[ -r "$TARBALL" ] || skip_all "no $TARBALL (package linux-source-6.1, scripts/setup-deps)"
	command -v clang >/dev/null || skip_all "no clang"
	[ -r /usr/include/bpf/bpf_helpers.h ] || skip_all "no bpf/bpf_helpers.h (libbpf-dev)"
	command -v xz >/dev/null || skip_all "no xz"
	mkdir -p "$WORK" 2>/dev/null && [ -w "$WORK" ] || WORK=$(mktemp -d /tmp/test_offload.XXXXXX)
	extract || { echo "not ok 1 - test_offload.py: extract from $TARBALL"; echo "1..1"; exit 1; }
	patch_harness || { echo "not ok 1 - test_offload.py: patch harness"; echo "1..1"; exit 1; }
	compile_samples || { echo "not ok 1 - test_offload.py: compile samples"; echo "1..1"; exit 1; }
}

if [ "${1:-}" == "--prepare" ]; then
	prepare
	diag "prepared $WORK"
	exit 0
fi

# 6.12 moved this test to tools/testing/selftests/net/bpf_offload.py, which
# nfpsim_bpf_offload.sh runs; this one is the acceptance test up to 6.11.
kernel_at_least 6 12 &&
	skip_all "kernel >= 6.12 ($(uname -r)): nfpsim_bpf_offload.sh runs its bpf_offload.py"
require_root
for t in bpftool ethtool tc ip udevadm python3; do
	command -v $t >/dev/null || skip_all "no $t"
done
nfpsim_load || skip_all "cannot load nfpsim.ko"
offload_probe test_offload.py

prepare

offload_run test_offload.py "$WORK/test_offload.log" \
	python3 -u "$WORK/test_offload.py" --log "$WORK/test_offload.log"
