#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end differential test of the offloaded datapath (issue 5,
# Acceptance): the difftest corpus replayed from port B into port A (two
# namespaces, one queue each so ordering is exact) for every corpus program
#   (a) offloaded (ip link set xdpoffload / tc skip_sw da on clsact ingress)
#   (b) native driver-mode XDP (xdpdrv)
# against (c) build/diff/refrun, BPF_PROG_TEST_RUN of the running kernel on
# the same frames: verdict counts (ethtool -S), frames PASSed (captured on A,
# with XDP metadata and mark/priority from a software recorder on A's
# ingress) and XDP_TXed (captured on B), final maps (bpftool -j map dump).
# One TAP line per program and mode. The work is in selftests/dp_diff.py.
#
#   DP_DIFF_COUNT=600 selftests/nfpsim_datapath_diff.sh [PROG...]
# DP_DIFF_MODES=offload|native|offload,native picks the XDP modes;
# DP_DIFF_FORCE=1 runs even without the datapath counters (harness debugging).
source "$(dirname "$0")/lib.sh"
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the tree
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v jq >/dev/null || skip_all "jq not installed (scripts/setup-deps)"
command -v bpftool >/dev/null || skip_all "bpftool not installed"
command -v ethtool >/dev/null || skip_all "ethtool not installed"

PROGS=("$@")
# RFC 9669 (cpu=v4) programs: 6.6 and later verify them, so refrun and the
# offload run them; before, neither does (nfpsim_offload.sh checks the
# offload is refused), and there is nothing to compare.
SKIPS=()
kernel_at_least 6 6 ||
	SKIPS=(--skip "xdp_cpuv4:cpu=v4 program, Linux $(uname -r) does not verify it (6.6 and later do)")
ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
D=$ROOT/build/diff
COUNT=${DP_DIFF_COUNT:-200}
SEED=${DP_DIFF_SEED:-1}
WORK=$ROOT/build/selftests/dp_diff
[ -x "$D/refrun" ] || skip_all "build/diff/refrun not built (make -f nfp-sim/tests/diff/Makefile)"
[ -e "$ROOT/build/selftests/dp_rec.bpf.o" ] || skip_all "test programs not built (make)"
ls "$ROOT"/build/progs/xdp_*.bpf.o >/dev/null 2>&1 || skip_all "corpus not built (scripts/difftest --ref-only)"

cleanup() {
	ip netns del dpa 2>/dev/null
	ip netns del dpb 2>/dev/null
	echo 60 > $NFPSIM_BUS/del_device 2>/dev/null
}
trap cleanup EXIT

# Corpus pcaps, as scripts/difftest names them.
PG=$ROOT/nfp-sim/tests/diff/pktgen.py
XPCAP=$D/corpus-$SEED-$COUNT.pcap
TPCAP=$D/corpus-tc-$SEED-$COUNT.pcap
[ -e "$XPCAP" ] || python3 "$PG" -s "$SEED" -n "$COUNT" -o "$XPCAP" || skip_all "pktgen.py failed"
[ -e "$TPCAP" ] || python3 "$PG" -s "$SEED" -n "$COUNT" --tc -o "$TPCAP" || skip_all "pktgen.py --tc failed"

echo "60 2 1" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames 60)
A=${ifs[0]} B=${ifs[1]}
ethtool -S "$A" | grep -q '^ *nic_runs:' || [ -n "${DP_DIFF_FORCE:-}" ] ||
	skip_all "datapath not implemented (no nic_runs in ethtool -S)"

# Two namespaces, no IPv6, no addresses: the only frames are ours.
ip netns add dpa
ip netns add dpb
for ns in dpa dpb; do
	ip netns exec $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
done
ip link set "$A" netns dpa
ip link set "$B" netns dpb
exec {fa}</var/run/netns/dpa {fb}</var/run/netns/dpb
ia=$(ip netns exec dpa cat /sys/class/net/$A/ifindex)
ib=$(ip netns exec dpb cat /sys/class/net/$B/ifindex)
check_eq "link A and B across namespaces" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fa:$ia $fb:$ib")"
# The corpus has frames up to 2048 bytes: an MTU that lets them all cross,
# below the driver-mode XDP limit.
for x in "dpa $A" "dpb $B"; do
	set -- $x
	ip -n "$1" link set "$2" mtu 3000 2>/dev/null || diag "MTU 3000 refused on $2: larger frames are skipped"
	ethtool -K "$2" gro off >/dev/null 2>&1 || true
	ip netns exec "$1" ethtool -K "$2" gro off >/dev/null 2>&1 || diag "cannot turn GRO off on $2"
	ip -n "$1" link set "$2" up
done
ip netns exec dpa ethtool -K "$A" hw-tc-offload on
check_eq "carrier" 1 "$(ip netns exec dpa cat /sys/class/net/$A/carrier)"
tx0=$(nstat "$B" tx_packets dpb)

sent_total=0
while IFS= read -r line; do
	kind=${line%%|*}
	rest=${line#*|}
	case $kind in
	OK) ok "$rest" ;;
	FAIL) not_ok "$rest" ;;
	SKIP) skip "${rest%%|*}" "${rest#*|}" ;;
	"#") diag "$rest" ;;
	SENT_TOTAL) sent_total=$rest ;;
	*) diag "$line" ;;
	esac
done < <(python3 "$SELFTESTS_DIR/dp_diff.py" --a "dpa:$A" --b "dpb:$B" \
	--xdp-pcap "$XPCAP" --tc-pcap "$TPCAP" --progs "$ROOT/build/progs" \
	--refrun "$D/refrun" --recorder "$ROOT/build/selftests/dp_rec.bpf.o" \
	--work "$WORK" --nic-capture "$NFPSIM_DFS/nfpsim60/ports/0" --modes "${DP_DIFF_MODES:-offload,native}" \
	"${SKIPS[@]}" "${PROGS[@]}" 2>&1)

# B sent the corpus and nothing else; A never transmitted on its own (its
# XDP_TX frames are the only ones B received, checked per program above).
check_eq "B transmitted exactly the replayed frames" "$sent_total" \
	"$(( $(nstat "$B" tx_packets dpb) - tx0 ))"
ip netns exec dpa ethtool -S "$A" | sed 's/^/# A: /'
tap_done
