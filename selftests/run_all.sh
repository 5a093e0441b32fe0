#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Run every VM selftest in one boot (scripts/vm-run runs this in the guest).
# Each script's TAP is passed through indented; a script that dies without
# reporting a failure gets a "not ok" line of its own.
# Usage: selftests/run_all.sh [TEST...]   (default: all, then nfpsim_kmemleak
# (a scan while the module's symbols still name its allocations), then
# nfpsim_unload)
#        selftests/run_all.sh --exclude TEST...  (all but those)
cd "$(dirname "$0")" || exit 1
tests=()
exclude=(-e nfpsim_unload.sh -e nfpsim_kmemleak.sh)
if [ "${1:-}" = --exclude ]; then
	shift
	for t in "$@"; do exclude+=(-e "$t"); done
else
	tests=("$@")
fi
if [ ${#tests[@]} -eq 0 ]; then
	mapfile -t tests < <(ls nfpsim_*.sh nfpsim_*.py 2>/dev/null | grep -vx "${exclude[@]}"; \
			     ls nfpsim_kmemleak.sh nfpsim_unload.sh 2>/dev/null)
fi
# The per-test watchdog: 900 s, four times that on a KASAN kernel (the
# debug kernel runs everything several times slower under TCG); a hang
# fails either way. SELFTEST_TIMEOUT overrides it.
limit=900
grep -qw kasan_report /proc/kallsyms 2>/dev/null && limit=3600
fail=0
for t in "${tests[@]}"; do
	echo "# selftest: $t"
	start=$(date +%s)
	out=$(mktemp)
	timeout "${SELFTEST_TIMEOUT:-$limit}" "./$t" >"$out" 2>&1
	rc=$?
	sed 's/^/    /' "$out"
	if [ $rc -ne 0 ] && [ $rc -ne 4 ] && ! grep -q '^not ok' "$out"; then
		echo "not ok - $t exited $rc without reporting a failure"
	fi
	[ $rc -ne 0 ] && [ $rc -ne 4 ] && fail=1
	# The plan must match the results: a lost or extra test is a failure.
	plan=$(sed -n 's/^1\.\.\([0-9]*\).*/\1/p' "$out" | tail -n1)
	results=$(grep -cE '^(not )?ok ' "$out")
	if [ -z "$plan" ]; then
		echo "not ok - $t printed no TAP plan"
		fail=1
	elif [ "$plan" -ne "$results" ]; then
		echo "not ok - $t: plan 1..$plan but $results results"
		fail=1
	elif [ "$plan" -eq 0 ]; then
		# A whole script skipped: one counted SKIP line, with its reason.
		echo "ok - $t # SKIP $(sed -n 's/^1\.\.0 # SKIP //p' "$out" | tail -n1)"
	fi
	rm -f "$out"
	echo "# selftest: $t exit $rc in $(( $(date +%s) - start ))s"
done
exit $fail
