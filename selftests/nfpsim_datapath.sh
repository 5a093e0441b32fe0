#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# The offloaded datapath (issue 5) under traffic: every helper and context
# field the NIC supports, each XDP verdict (TX bounces to the peer, ABORTED
# fires xdp:xdp_exception), perf_event_output reaching bpftool map
# event_pipe, a tc program offloaded vs the same program in software,
# per-program debugfs stats and profile, and concurrency: traffic on all
# queues while bpftool writes the program's maps, while the program is
# replaced, while the port is unlinked and deleted, with the accounting
# checked (verdicts add up to NIC runs, runs to frames received).
# Both ports stay in the initial namespace with IPv6 off and no addresses,
# so the only frames on the wire are the test's.
source "$(dirname "$0")/lib.sh"
export PYTHONDONTWRITEBYTECODE=1	# no __pycache__ in the tree
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v jq >/dev/null || skip_all "jq not installed (scripts/setup-deps)"
command -v bpftool >/dev/null || skip_all "bpftool not installed"
command -v ethtool >/dev/null || skip_all "ethtool not installed"

ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
P=$ROOT/build/selftests
[ -e "$P/dp_verdict.bpf.o" ] && [ -e "$P/helpers_all.bpf.o" ] || skip_all "test programs not built (make)"
W=$(mktemp -d /tmp/nfpsim_dp.XXXXXX)
DEV=70
DFS=$NFPSIM_DFS/nfpsim$DEV
REPLAY=$SELFTESTS_DIR/dp_replay.py
BG=()

cleanup() {
	local p
	for p in "${BG[@]}"; do kill "$p" 2>/dev/null; done
	wait 2>/dev/null
	echo 0 > /sys/kernel/tracing/events/xdp/xdp_exception/enable 2>/dev/null
	echo $DEV > $NFPSIM_BUS/del_device 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT

echo "$DEV 2 4" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames $DEV)
A=${ifs[0]} B=${ifs[1]}
ethtool -S "$A" | grep -q '^ *nic_runs:' ||
	skip_all "datapath not implemented (no nic_runs in ethtool -S)"
exec {fi}</proc/self/ns/net
ia=$(cat /sys/class/net/$A/ifindex)
ib=$(cat /sys/class/net/$B/ifindex)
sysctl -qw "net.ipv6.conf.$A.disable_ipv6=1" "net.ipv6.conf.$B.disable_ipv6=1"
echo "$fi:$ia $fi:$ib" > $NFPSIM_BUS/link_device
ip link set "$A" up
ip link set "$B" up

# send N [EXTRA dp_replay ARGS]: N UDP frames (4096 flows) from B into A
send() {
	local n=$1
	shift
	python3 "$REPLAY" --tx "$B" --gen "$n" --settle 0.3 "$@"
}
# ethtool -S of A into the associative array named $1
declare -A S0 S1
snap() {
	local -n arr=$1
	local k v
	arr=()
	while read -r k v; do arr[${k%:}]=$v; done < <(ethtool -S "$A" | tail -n +2)
}
# delta NAME: S1[NAME] - S0[NAME]
delta() { echo $(( ${S1[$1]:-0} - ${S0[$1]:-0} )); }
prog_id() { ip -j link show "$A" | jq -r '.[0].xdp.prog.id // .[0].xdp.attached[0].prog.id'; }
# map_id PROG_ID NAME
map_id() {
	local m
	for m in $(bpftool -j prog show id "$1" | jq -r '.map_ids[]'); do
		[ "$(bpftool -j map show id "$m" | jq -r .name)" == "$2" ] && echo "$m" && return
	done
}
# the debugfs directory of a bound program
prog_dfs() {
	local f
	f=$(grep -lx "$1" $DFS/bpf_bound_progs/*/id 2>/dev/null | head -1)
	echo "${f%/id}"
}
u32() { printf '%d %d %d %d' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24 & 255)); }
# map value as a little-endian integer: mapval MAP_ID KEY [OFFSET [SIZE]]
mapval() {
	bpftool -j map lookup id "$1" key $(u32 "$2") |
		jq -r --argjson o "${3:-0}" --argjson s "${4:-8}" \
			'.value[$o:$o+$s] | reverse | map(ltrimstr("0x")) | join("")' |
		{ read -r h; echo $((16#${h:-0})); }
}

# --- all helpers, offloaded and native; perf events to event_pipe ---------
HELPERS=$(helpers_prog "$P" "$A")
N=200
for mode in offload drv; do
	ip -force link set dev "$A" xdp$mode obj "$HELPERS" sec xdp 2>/dev/null
	pid=$(prog_id)
	ev=$(map_id "$pid" events)
	h=$(map_id "$pid" h)
	bpftool -j map event_pipe id "$ev" > "$W/ev.$mode" 2>"$W/ev.$mode.err" &
	bp=$!
	BG+=("$bp")
	sleep 3	# bpftool sets up its perf buffers (slow under TCG)
	snap S0
	send $N > /dev/null
	sleep 1
	snap S1
	kill -INT "$bp"
	wait "$bp" 2>/dev/null
	if [ $mode == offload ]; then
		check_eq "helpers_all offload: NIC ran every frame" $N "$(delta nic_runs)"
		check_eq "helpers_all offload: every helper succeeded (XDP_PASS)" $N "$(delta xdp_pass)"
		check_eq "helpers_all offload: no faults" 0 "$(delta nic_faults)"
		check_eq "helpers_all offload: frames reached the stack" $N "$(delta rx_packets)"
		d=$(prog_dfs "$pid")
		check_eq "debugfs stats: runs" $N "$(awk '$1 == "runs" { print $2 }' "$d/stats")"
		check "debugfs stats: cycles_max > 0" test "$(awk '$1 == "cycles_max" { print $2 }' "$d/stats")" -gt 0
		check "debugfs ucode: execution counts of $N beside the microcode" \
			grep -qw "$N" "$d/ucode"
		cyc=$(delta nic_cycles)
		diag "helpers_all: $((cyc / N)) NIC cycles per frame"
	else
		check_eq "helpers_all native: every helper succeeded (XDP_PASS)" $N "$(delta drv_xdp_pass)"
		check_eq "helpers_all native: the NIC ran nothing" 0 "$(delta nic_runs)"
	fi
	nent=$(bpftool -j map dump id "$h" | jq length)
	check "helpers_all $mode: prandom spreads over the hash map ($nent keys)" test "$nent" -ge 16
	nevents=$(grep -o '"data":\[[^]]*\]' "$W/ev.$mode" | wc -l)
	check_eq "helpers_all $mode: perf_event_output events in bpftool map event_pipe" $N "$nevents"
	grep -o '"data":\[[^]]*\]' "$W/ev.$mode" | sort | uniq -c > "$W/evdata.$mode"
	diag "$mode events: $(head -3 "$W/evdata.$mode" | tr -s ' ' | tr '\n' ';')"
	ip -force link set dev "$A" xdp$mode off
done
check "perf event payloads (csum_diff) identical offloaded and native" \
	cmp -s <(awk '{ print $2 }' "$W/evdata.offload") <(awk '{ print $2 }' "$W/evdata.drv")

# --- each XDP verdict, context fields, xdp_exception ------------------------
T=/sys/kernel/tracing
[ -d $T/events ] || mount -t tracefs tracefs $T 2>/dev/null
ip -force link set dev "$A" xdpoffload obj "$P/dp_verdict.bpf.o" sec xdp 2>/dev/null
pid=$(prog_id)
cfg=$(map_id "$pid" dp_cfg)
cnt=$(map_id "$pid" dp_cnt)
dq=$(map_id "$pid" dp_q)
# setv CFG: dp_cfg[0] = CFG (0: PASS, else verdict + 1)
setv() { bpftool map update id "$cfg" key 0 0 0 0 value $(u32 "$1"); }
N=100
snap S0
declare -A SB
for k in "${!S0[@]}"; do SB[$k]=${S0[$k]}; done
declare -A CTR=([1]=xdp_aborted [2]=xdp_drop [3]=xdp_pass [4]=xdp_tx [8]=xdp_aborted)
declare -A NAME=([1]=ABORTED [2]=DROP [3]=PASS [4]=TX [8]="invalid verdict 7")
for v in 3 2 4 1 8; do
	setv $v
	if [ -d $T/events/xdp/xdp_exception ]; then
		echo 1 > $T/events/xdp/xdp_exception/enable
		echo > $T/trace
	fi
	nb0=$(nstat "$B" rx_packets)
	snap S0
	out=$(send $N --cap "$B:$W/b.pcap")
	snap S1
	check_eq "${NAME[$v]}: ${CTR[$v]} counts every frame" $N "$(delta "${CTR[$v]}")"
	check_eq "${NAME[$v]}: nic_runs" $N "$(delta nic_runs)"
	case $v in
	3)	check_eq "PASS: delivered to A's stack" $N "$(delta rx_packets)" ;;
	2)	check_eq "DROP: nothing delivered" 0 "$(delta rx_packets)" ;;
	4)	check_eq "TX: B received the bounced frames" $N $(( $(nstat "$B" rx_packets) - nb0 ))
		check_eq "TX: captured on B" $N "$(jq '.captured | add' <<<"$out")"
		macs=$(python3 -c "
import sys; sys.path.insert(0, '$SELFTESTS_DIR'); import dp_replay as d
print(' '.join(sorted(set(f[:12].hex() for f in d.read_pcap('$W/b.pcap')))))")
		check_eq "TX: the program's MAC swap is on the wire" "020000000001ffffffffffff" "$macs"
		check_eq "TX: nothing delivered to A's stack" 0 "$(delta rx_packets)" ;;
	1|8)	if [ -d $T/events/xdp/xdp_exception ]; then
			n=$(grep -c 'xdp_exception:' $T/trace)
			check_eq "${NAME[$v]}: xdp:xdp_exception fired per frame" $N "$n"
			[ $v == 1 ] && diag "$(grep -m1 'xdp_exception:' $T/trace | sed 's/^ *//')"
			echo 0 > $T/events/xdp/xdp_exception/enable
		else
			skip "${NAME[$v]}: xdp:xdp_exception" "no tracefs"
		fi
		check_eq "${NAME[$v]}: nothing delivered" 0 "$(delta rx_packets)" ;;
	esac
done
check_eq "verdict map: PASS runs counted by the program" $N "$(mapval "$cnt" 2)"
check_eq "verdict map: TX runs counted by the program" $N "$(mapval "$cnt" 3)"
check_eq "verdict map: invalid verdict runs counted" $N "$(mapval "$cnt" 7)"
qok=1 qused=0
for q in 0 1 2 3; do
	r=$(mapval "$dq" $q 0 8)
	e=$(( ${S1[rx${q}_nic_runs]} - ${SB[rx${q}_nic_runs]} ))
	[ "$r" == "$e" ] || { qok=0; diag "queue $q: program saw $r runs, ethtool rx${q}_nic_runs +$e"; }
	[ "$r" -gt 0 ] && qused=$((qused + 1))
	[ "$r" -gt 0 ] && ifx=$(mapval "$dq" $q 8 8)
done
check "rx_queue_index: per-queue program counts match ethtool rxN_nic_runs" test $qok == 1
check "traffic spread over the 4 RX queues ($qused used)" test $qused -ge 3
check_eq "ingress_ifindex seen by the NIC" "$ia" "$ifx"
ip -force link set dev "$A" xdpoffload off

# --- tc: every __sk_buff field, offloaded vs software ----------------------
if [ -e "$P/dp_tc_ctx.bpf.o" ] && [ -e "$P/dp_rec.bpf.o" ]; then
	TPCAP=$ROOT/build/diff/corpus-tc-1-200.pcap
	mkdir -p "$(dirname "$TPCAP")"
	[ -e "$TPCAP" ] || python3 "$ROOT/nfp-sim/tests/diff/pktgen.py" -n 200 --tc -o "$TPCAP"
	ethtool -K "$A" hw-tc-offload on
	tc qdisc add dev "$A" clsact
	tc filter add dev "$A" ingress pref 10 bpf skip_hw da obj "$P/dp_rec.bpf.o" sec tc
	rpid=$(tc -j filter show dev "$A" ingress | jq '[.[] | select(.pref == 10 and .options)][0].options.prog.id')
	rn=$(map_id "$rpid" dp_rec_n)
	rr=$(map_id "$rpid" dp_rec)
	for mode in skip_sw skip_hw; do
		bpftool map update id "$rn" key 0 0 0 0 value 0 0 0 0 0 0 0 0
		tc filter add dev "$A" ingress pref 1 bpf $mode da obj "$P/dp_tc_ctx.bpf.o" sec tc 2>/dev/null
		tpid=$(tc -j filter show dev "$A" ingress | jq '[.[] | select(.pref == 1 and .options)][0].options.prog.id')
		snap S0
		# untagged frames only: software tc sees VLAN frames untagged by the stack
		python3 "$REPLAY" --tx "$B" --pcap "$TPCAP" --no-vlan --settle 0.3 > "$W/tc.$mode.out"
		snap S1
		n=$(mapval "$rn" 0)
		# (len, mark, priority) of what reached the stack, as a sorted multiset
		bpftool -j map dump id "$rr" | jq -r --argjson n "$n" \
			'.[:$n][] | .value[0:4] + .value[8:16] | reverse | map(ltrimstr("0x")) | join("")' |
			sort > "$W/tc.$mode.rec"
		ctxm=$(map_id "$tpid" dp_ctx)
		bpftool -j map lookup id "$ctxm" key 0 0 0 0 | jq -c '.value[0:28]' > "$W/tc.$mode.ctx"
		sent=$(jq .sent "$W/tc.$mode.out")
		if [ $mode == skip_sw ]; then
			check_eq "tc offload: NIC ran every frame" "$sent" "$(delta nic_runs)"
			check_eq "tc offload: tc_ok + tc_shot == frames" "$sent" $(( $(delta tc_ok) + $(delta tc_shot) ))
			check_eq "tc offload: tc_ok frames reached the stack" "$(delta tc_ok)" "$n"
			ntc=$n
			check "tc offload: some frames shot" test "$(delta tc_shot)" -gt 0
		else
			check_eq "tc software: the NIC ran nothing" 0 "$(delta nic_runs)"
			check_eq "tc: as many frames passed offloaded as in software" "$n" "$ntc"
		fi
		tc filter del dev "$A" ingress pref 1
	done
	check "tc: mark/priority of delivered frames identical offloaded and in software" \
		cmp -s "$W/tc.skip_sw.rec" "$W/tc.skip_hw.rec"
	check_eq "tc: context fields seen (runs, len sum, ifindex, ingress_ifindex) identical" \
		"$(jq -c '.[0:24]' "$W/tc.skip_hw.ctx")" "$(jq -c '.[0:24]' "$W/tc.skip_sw.ctx")"
	diag "offloaded ctx: $(cat "$W/tc.skip_sw.ctx")"
	diag "software  ctx: $(cat "$W/tc.skip_hw.ctx")"
	tc qdisc del dev "$A" clsact
	ethtool -K "$A" hw-tc-offload off
else
	skip "tc context fields" "dp_tc_ctx.bpf.o not built"
fi

# --- concurrency: all queues, bpftool writers, replace, unlink, delete -----
# Traffic: dp_send (AF_PACKET sendmmsg, 4096 flows) for a fixed time, so it
# surely overlaps what the test does meanwhile; python if gcc is missing.
SEND=$ROOT/build/dp_send
gcc -O2 -o "$SEND" "$SELFTESTS_DIR/dp_send.c" 2>/dev/null || SEND=
# traffic SECONDS: in the background, pid in $sp
traffic() {
	if [ -n "$SEND" ]; then
		"$SEND" "$B" "$1" 60 4096 > "$W/traffic.out" &
	else
		send $(( $1 * 500 )) > "$W/traffic.out" &
	fi
	sp=$!
	BG+=("$sp")
}
# account DESC: the port's counters add up (ethtool -S after traffic)
account() {
	local v sum=0 qs=0 q
	snap S1
	for v in xdp_aborted xdp_drop xdp_pass xdp_tx tc_ok tc_shot tc_stolen; do
		sum=$((sum + ${S1[$v]}))
	done
	check_eq "$1: verdicts (XDP and tc) add up to nic_runs" "${S1[nic_runs]}" "$sum"
	for q in 0 1 2 3; do qs=$((qs + ${S1[rx${q}_nic_runs]})); done
	check_eq "$1: per-queue nic_runs add up" "${S1[nic_runs]}" "$qs"
	local txb=$(( $(nstat "$B" tx_packets) - btx0 ))
	check_eq "$1: frames B sent == NIC runs + RX queue drops on A" "$txb" \
		$(( ${S1[nic_runs]} + ${S1[rx_drops]} - nic0 - drops0 ))
}
ip -force link set dev "$A" xdpoffload obj "$P/dp_verdict.bpf.o" sec xdp 2>/dev/null
pid=$(prog_id)
cfg=$(map_id "$pid" dp_cfg)
fl=$(map_id "$pid" dp_flows)
snap S0
nic0=${S0[nic_runs]} drops0=${S0[rx_drops]} btx0=$(nstat "$B" tx_packets)
traffic 120	# stopped below, once everything ran under it
sleep 1
i=0
t_end=$((SECONDS + 5))
while [ $SECONDS -lt $t_end ]; do
	setv $(( (i % 4) + 1 == 1 ? 3 : (i % 4) + 1 ))	# PASS, DROP, PASS, TX ...
	bpftool map update id "$fl" key $(u32 $((60000 + i))) value $(u32 $i) 0 0 0 0
	bpftool map delete id "$fl" key $(u32 $((60000 + i - 1))) 2>/dev/null
	bpftool map dump id "$fl" >/dev/null
	i=$((i + 1))
done
diag "$i rounds of bpftool map writes during traffic"
check "replace the program under traffic (ip -force ... xdpoffload obj other)" \
	ip -force link set dev "$A" xdpoffload obj "$ROOT/build/progs/xdp_counters.bpf.o" sec xdp
sleep 2
pid2=$(prog_id)
d=$(prog_dfs "$pid2")
r2=$(awk '$1 == "runs" { print $2 }' "$d/stats")
check "replace it again with the first program" \
	ip -force link set dev "$A" xdpoffload obj "$P/dp_verdict.bpf.o" sec xdp
check "traffic was flowing: the interim program ran (${r2:-0} frames)" test "${r2:-0}" -gt 0
check "sender still running after the replacements" kill -0 $sp
kill -INT $sp 2>/dev/null
wait $sp
diag "sender: $(cat "$W/traffic.out")"
sleep 1
account "maps written and program replaced under traffic"

# Unlink under traffic, then relink, then delete the port under traffic.
traffic 6
sleep 2
check_eq "unlink under traffic" OK "$(sysfs_write $NFPSIM_BUS/unlink_device "$fi:$ia")"
wait $sp
sleep 1
account "unlinked under traffic"
check_eq "relink" OK "$(sysfs_write $NFPSIM_BUS/link_device "$fi:$ia $fi:$ib")"
ip link set "$A" up
traffic 6
sleep 2
check_eq "delete the port under traffic, program and maps bound" OK \
	"$(sysfs_write $NFPSIM_BUS/devices/nfpsim$DEV/del_port 0)"
wait $sp
check "peer lost its carrier" test "$(cat /sys/class/net/$B/carrier)" == 0
check_eq "no offloaded maps left behind" 0 \
	"$(bpftool -j map show | jq '[.[] | select(.dev.ifname != null)] | length')"
check_eq "delete the device" OK "$(sysfs_write $NFPSIM_BUS/del_device $DEV)"
tap_done
