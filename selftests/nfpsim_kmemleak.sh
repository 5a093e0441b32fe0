#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The last word of a run on a kmemleak kernel (issue 11): after every other
# selftest and before nfpsim_unload.sh (selftests/run_all.sh orders it so:
# once the module is gone its allocation stacks no longer name it), a
# kmemleak scan reports no unreferenced object allocated from nfpsim code.
# Objects live devices still hold are referenced, so nothing is torn down
# first. Other code's reports are shown, not counted. SKIP on a kernel
# without CONFIG_DEBUG_KMEMLEAK (scripts/kernels: the "debug" kernel has it).
source "$(dirname "$0")/lib.sh"
require_root
KL=/sys/kernel/debug/kmemleak
[ -e $KL ] || skip_all "kernel without CONFIG_DEBUG_KMEMLEAK (use the debug kernel: scripts/run-tests --kernel debug)"
[ -d /sys/module/nfpsim ] || nfpsim_load || skip_all "cannot load nfpsim.ko"

# kmemleak reports objects older than 5 s (by jiffies, not the guest's
# wall clock) that no scanned memory points to; a second scan confirms
# the first one's suspects. The loop counts scans, not time: it ends once
# two consecutive scans agree.
echo scan > $KL
prev=-1
for i in 1 2 3 4 5 6; do
	sleep 3
	echo scan > $KL
	n=$(grep -c '^unreferenced object' $KL)
	[ "$n" -eq "$prev" ] && break
	prev=$n
done
total=$(grep -c '^unreferenced object' $KL)
# One report: "unreferenced object ..." then its backtrace; an nfpsim one
# has a frame in the module, printed "[nfpsim]".
ours=$(awk '/^unreferenced object/ { if (o) n++; o = 0 } /\[nfpsim\]/ { o = 1 }
	    END { if (o) n++; print n + 0 }' $KL)
diag "kmemleak: $total unreferenced objects in all, $ours from nfpsim"
[ "$ours" -eq 0 ] ||
	awk '/^unreferenced object/ { if (o) print b; b = ""; o = 0 } { b = b $0 "\n" }
	     /\[nfpsim\]/ { o = 1 } END { if (o) print b }' $KL | head -80 | sed 's/^/# /'
check_eq "kmemleak: no unreferenced object allocated by nfpsim" 0 "$ours"
tap_done
