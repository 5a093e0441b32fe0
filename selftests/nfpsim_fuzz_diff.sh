#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Differential fuzzer, stage B (issue 11, Fuzzing): random but valid XDP
# programs (nfp-sim/tests/fuzzdiff/gen.py, seeded) offloaded to an nfpsim
# port (ip link set xdpoffload) and fed generated frames from its linked
# peer, against BPF_PROG_TEST_RUN of the same program on the same frames in
# this kernel (build/diff/refrun): verdict counts, frames PASSed and TXed,
# final maps. The comparison is selftests/dp_diff.py's (the corpus test
# nfpsim_datapath_diff.sh). A program this kernel's verifier refuses is not
# a test: the next candidate takes its place. An offload refusal of a
# program the kernel verified is a failure.
#
#   FUZZ_DIFF_COUNT=24 FUZZ_DIFF_SEED=1000 selftests/nfpsim_fuzz_diff.sh
#   selftests/nfpsim_fuzz_diff.sh --prepare   (host: generate and compile,
#                                             no root; clang in TCG is slow)
# FUZZ_DIFF_MODES=offload,native adds driver-mode XDP. One program again:
#   FUZZ_DIFF_SEED=S FUZZ_DIFF_COUNT=1 selftests/nfpsim_fuzz_diff.sh
# (the host side of the same seed: scripts/fuzzdiff --seed S --count 1 -v).
source "$(dirname "$0")/lib.sh"
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the tree

ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
GEN=$ROOT/nfp-sim/tests/fuzzdiff/gen.py
COUNT=${FUZZ_DIFF_COUNT:-24}
SEED=${FUZZ_DIFF_SEED:-1000}
FRAMES=${FUZZ_DIFF_FRAMES:-48}
# Candidates: a few more than COUNT, for the programs the verifier refuses.
CAND=$((COUNT + COUNT / 4 + 2))
WORK=$ROOT/build/fuzzdiff/vm-$SEED-$CAND
PCAP=$WORK/frames-$SEED-$FRAMES.pcap
INC=/usr/include/$(gcc -dumpmachine 2>/dev/null || echo x86_64-linux-gnu)

# Generate and compile the candidates that are not there yet.
prepare() {
	local s name
	mkdir -p "$WORK/progs" || return 1
	[ -e "$PCAP" ] || python3 "$GEN" frames "$SEED" "$FRAMES" -o "$PCAP" || return 1
	for ((s = SEED; s < SEED + CAND; s++)); do
		name=xdp_fz$s
		[ "$WORK/progs/$name.bpf.o" -nt "$GEN" ] && continue
		python3 "$GEN" prog "$s" -o "$WORK/$name.bpf.c" &&
			clang -target bpf -O2 -g -I"$INC" $(python3 "$GEN" cflags "$s") \
				-Wno-everything -c "$WORK/$name.bpf.c" -o "$WORK/progs/$name.bpf.o" ||
			return 1
	done
}

if [ "${1:-}" == "--prepare" ]; then
	command -v clang >/dev/null || skip_all "clang not installed"
	prepare || { not_ok "generate and compile the programs in $WORK"; tap_done; }
	diag "prepared $CAND programs from seed $SEED in $WORK"
	exit 0
fi

require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v jq >/dev/null || skip_all "jq not installed (scripts/setup-deps)"
command -v bpftool >/dev/null || skip_all "bpftool not installed"
command -v ethtool >/dev/null || skip_all "ethtool not installed"
command -v clang >/dev/null || [ -d "$WORK/progs" ] || skip_all "clang not installed"
D=$ROOT/build/diff
[ -x "$D/refrun" ] || skip_all "build/diff/refrun not built (make -f nfp-sim/tests/diff/Makefile)"
[ -e "$ROOT/build/selftests/dp_rec.bpf.o" ] || skip_all "test programs not built (make)"

t0=$(date +%s)
prepare || skip_all "cannot generate the programs (gen.py, clang) into $WORK"
diag "programs from seed $SEED ready in $(( $(date +%s) - t0 ))s"

# The candidates this kernel's verifier accepts (refrun loads and runs
# them), in seed order, until COUNT.
names=()
refused=0
for ((s = SEED; s < SEED + CAND && ${#names[@]} < COUNT; s++)); do
	if err=$(timeout 120 "$D/refrun" "$WORK/progs/xdp_fz$s.bpf.o" --pcap "$PCAP" 2>&1 >/dev/null); then
		names+=("xdp_fz$s")
	else
		refused=$((refused + 1))
		diag "seed $s: refused by Linux $(uname -r): $(tail -n1 <<<"$err")"
	fi
done
diag "$refused of $((s - SEED)) candidates refused by the verifier"

cleanup() {
	ip netns del fza 2>/dev/null
	ip netns del fzb 2>/dev/null
	echo 61 > $NFPSIM_BUS/del_device 2>/dev/null
}
trap cleanup EXIT

echo "61 2 1" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames 61)
A=${ifs[0]} B=${ifs[1]}
ethtool -S "$A" | grep -q '^ *nic_runs:' || skip_all "datapath not implemented (no nic_runs)"
ip netns add fza
ip netns add fzb
for ns in fza fzb; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link set "$A" netns fza
ip link set "$B" netns fzb
exec {fa}</var/run/netns/fza {fb}</var/run/netns/fzb
ia=$(ip netns exec fza cat /sys/class/net/$A/ifindex)
ib=$(ip netns exec fzb cat /sys/class/net/$B/ifindex)
check_eq "link A and B across namespaces" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fa:$ia $fb:$ib")"
for x in "fza $A" "fzb $B"; do
	set -- $x
	ip netns exec "$1" ethtool -K "$2" gro off >/dev/null 2>&1 || diag "cannot turn GRO off on $2"
	ip -n "$1" link set "$2" up
done

# Fewer accepted programs than asked for is a failure of its own.
[ ${#names[@]} -eq "$COUNT" ] ||
	not_ok "only ${#names[@]} of $CAND candidates verified, $COUNT wanted"

while IFS= read -r line; do
	kind=${line%%|*}
	rest=${line#*|}
	seed=${rest#xdp_fz}
	seed=${seed%%[!0-9]*}
	case $kind in
	OK) ok "${seed:+seed }${rest#xdp_fz}" ;;
	FAIL)
		not_ok "${seed:+seed }${rest#xdp_fz}"
		[ -n "$seed" ] && diag "reproduce: FUZZ_DIFF_SEED=$seed FUZZ_DIFF_COUNT=1 $0"
		;;
	SKIP) skip "${rest%%|*}" "${rest#*|}" ;;
	"#") diag "$rest" ;;
	SENT_TOTAL) ;;
	*) diag "$line" ;;
	esac
done < <(python3 "$SELFTESTS_DIR/dp_diff.py" --a "fza:$A" --b "fzb:$B" \
	--xdp-pcap "$PCAP" --tc-pcap "$PCAP" --progs "$WORK/progs" \
	--refrun "$D/refrun" --recorder "$ROOT/build/selftests/dp_rec.bpf.o" \
	--work "$WORK/run" --nic-capture "$NFPSIM_DFS/nfpsim61/ports/0" --modes "${FUZZ_DIFF_MODES:-offload}" --offload-must-attach \
	"${names[@]}" 2>&1)
diag "in all $(( $(date +%s) - t0 ))s"
tap_done
