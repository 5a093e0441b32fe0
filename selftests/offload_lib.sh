#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Shared by the two selftests that run the kernel's own offload test against
# nfpsim (sourced after lib.sh):
#   nfpsim_test_offload.sh   tools/testing/selftests/bpf/test_offload.py (6.1)
#   nfpsim_bpf_offload.sh    tools/testing/selftests/net/bpf_offload.py  (the
#                            running kernel's: 6.12, 7.3)
# Both extract the kernel's files from Debian's linux-source tarball into a
# cache under build/, patch them with checked seds, run them and turn their
# "Test ...:" lines into TAP.

# offload_extract TARBALL DIR POSTFN MEMBER...: extract MEMBERs (files or
# whole directories) of TARBALL into DIR once per tarball and member list
# (the tarball's size and mtime and the members: DIR/stamp).  POSTFN (a
# function name, or :) runs in the fresh directory before it replaces DIR,
# e.g. to flatten it.
offload_extract() {
	local tarball=$1 dir=$2 postfn=$3 stamp tmp
	shift 3
	stamp=$(stat -c '%s %Y' "$tarball") || return 1
	stamp="$stamp $*"
	if [ -f "$dir/stamp" ] && [ "$(cat "$dir/stamp")" == "$stamp" ]; then
		return 0
	fi
	diag "extracting from $tarball into $dir (once)"
	mkdir -p "$(dirname "$dir")" || return 1
	tmp=$(mktemp -d "$dir.XXXXXX") || return 1
	# xz -T0: the tarball has many blocks, so this decompresses in parallel.
	if ! xz -T0 -dc "$tarball" | tar -x -C "$tmp" "$@" ||
	   ! (cd "$tmp" && "$postfn"); then
		rm -rf "$tmp"
		return 1
	fi
	echo "$stamp" > "$tmp/stamp" || return 1
	rm -rf "$dir"
	mv "$tmp" "$dir"
}

# sed_checked FILE EXPECTED_COUNT SED_EXPR GREP_NEW: apply SED_EXPR to FILE
# in place and check that GREP_NEW (a fixed string) then occurs
# EXPECTED_COUNT times.
sed_checked() {
	local n
	sed -i -e "$3" "$1" || return 1
	n=$(grep -cF -- "$4" "$1")
	if [ "$n" != "$2" ]; then
		echo "# patch of $(basename "$1") did not apply: '$3' gives $n x '$4', expected $2"
		return 1
	fi
}

# offload_patch_nfpsim FILE: the two adaptations every kernel's offload test
# gets (the scripts' headers explain them): R, netdevsim -> nfpsim (lower
# case), and G, any "[nfpsim] " line in the verifier log is the greeting.
offload_patch_nfpsim() {
	sed_checked "$1" 0 's/netdevsim/nfpsim/g' 'netdevsim' || return 1
	sed_checked "$1" 2 's/check_verifier_log(err, "\[nfpsim\] Hello from nfpsim!")/check_verifier_log(err, "[nfpsim] ")/' \
		'check_verifier_log(err, "[nfpsim] ")' || return 1
	sed_checked "$1" 1 's/^        if l == reference:$/        if l.startswith(reference): # nfpsim: any "[nfpsim] " line/' \
		'if l.startswith(reference):'
}

# offload_probe NAME: SKIP unless nfpsim has the BPF offload control plane
# (the device-level debugfs knob bpf_bind_accept is its first sign).
# NFPSIM_TEST_OFFLOAD_FORCE=1 runs the test anyway (to see where it stops).
offload_probe() {
	local probe_id=0 has_offload=0
	while [ "$(sysfs_write "$NFPSIM_BUS/new_device" "$probe_id 1")" == ENOSPC ]; do
		probe_id=$((probe_id + 1))
	done
	[ -d "$NFPSIM_BUS/devices/nfpsim$probe_id" ] || {
		echo "not ok 1 - $1: cannot create a probe device"
		echo "1..1"
		exit 1
	}
	[ -e "$NFPSIM_DFS/nfpsim$probe_id/bpf_bind_accept" ] && has_offload=1
	echo "$probe_id" > "$NFPSIM_BUS/del_device"
	[ $has_offload -eq 1 ] || [ "${NFPSIM_TEST_OFFLOAD_FORCE:-0}" == 1 ] ||
		skip_all "nfpsim has no BPF offload control plane yet (issue 4)"
}

# offload_run NAME LOG CMD...: run the kernel's test (CMD, which writes its
# verbose log to LOG), pass its output through as "# " lines, print TAP and
# exit: "ok" for every "Test ...:" it completed, "not ok" for the one it
# stopped at (it stops at the first failure) with the FAIL message or the
# exception.  Exit 0 iff it ends with "NAME: OK", 4 if it says "SKIP: ",
# else 1.
offload_run() {
	local name=$1 log=$2 out rc result n current reason
	shift 2
	diag "running $* (log: $log)"
	out=$(mktemp)
	"$@" 2>&1 | tee "$out" | sed 's/^/# /'
	rc=${PIPESTATUS[0]}

	# Every "Test ...:" line starts a test, which passed if another one
	# started after it or the script ended with "NAME: OK".
	current=setup
	result=$(
		n=0
		while IFS= read -r line; do
			case $line in
			Test\ *...)
				[ "$current" == setup ] || { n=$((n + 1)); echo "ok $n - $name: $current"; }
				current=${line%...}
				;;
			"$name: OK")
				[ "$current" == setup ] || { n=$((n + 1)); echo "ok $n - $name: $current"; }
				current=
				;;
			esac
		done < "$out"
		echo "pending $n $current"
	)
	echo "$result" | grep -v '^pending '
	read -r _ n current < <(echo "$result" | grep '^pending ')

	if grep -q '^SKIP: ' "$out"; then
		reason=$(grep -m1 '^SKIP: ' "$out" | cut -c7-)
		rm -f "$out"
		skip_all "$name: $reason"
	fi
	if [ -z "$current" ] && [ "$rc" -eq 0 ] && grep -qxF "$name: OK" "$out"; then
		rm -f "$out"
		echo "1..$n"
		exit 0
	fi
	# The reason: a FAIL: line, or the exception (its first line and the
	# command's stderr that follows), or the exit status.
	reason=$(grep -m1 '^FAIL: ' "$out")
	if [ -z "$reason" ]; then
		reason=$(awk '/^[A-Za-z_.]*(Exception|Error): /{p=1} p && NF {print}' "$out" |
			 head -6 | paste -sd'|' | sed 's/|/ | /g')
	fi
	[ -n "$reason" ] || reason="exit status $rc"
	rm -f "$out"
	n=$((n + 1))
	echo "not ok $n - $name: ${current:-after the last test}: $reason"
	if [ -r "$log" ]; then
		diag "last commands of $log:"
		{ tail -n 40 "$log"; echo; } | sed 's/^/#   /'
	fi
	echo "1..$n"
	exit 1
}
