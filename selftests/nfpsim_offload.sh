#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Offload control plane (issue 4): the commands users run, checked against
# the kernel's own view (ip -j link, tc -j filter, bpftool -j), bpftool map
# operations against the NIC's map engine, and every rejection's message.
source "$(dirname "$0")/lib.sh"
require_root
nfpsim_load || skip_all "cannot load nfpsim.ko"
command -v jq >/dev/null || skip_all "jq not installed (scripts/setup-deps)"
command -v bpftool >/dev/null || skip_all "bpftool not installed"

ROOT=$(cd "$SELFTESTS_DIR/.." && pwd)
P=$ROOT/build/selftests
C=$ROOT/build/progs
[ -e "$P/ret_pass.bpf.o" ] || skip_all "test programs not built (make)"
PIN=/sys/fs/bpf/nfpsim_st
DFS=$NFPSIM_DFS/nfpsim50

cleanup() {
	rm -rf $PIN
	for d in 50 51; do echo $d > $NFPSIM_BUS/del_device 2>/dev/null; done
}
trap cleanup EXIT
mountpoint -q /sys/fs/bpf || mount -t bpf bpf /sys/fs/bpf
mkdir -p $PIN

echo "50 2 2" > $NFPSIM_BUS/new_device
echo "51 1" > $NFPSIM_BUS/new_device
mapfile -t ifs < <(nfpsim_ifnames 50)
A=${ifs[0]} B=${ifs[1]}
X=$(nfpsim_ifnames 51)
ip link set "$A" up
ip link set "$B" up

# --- XDP offload with ip link -------------------------------------------
check "ip link set xdpoffload" ip link set dev "$A" xdpoffload obj "$P/ret_pass.bpf.o" sec xdp
link=$(ip -j link show "$A")
pid=$(jq '.[0].xdp.prog.id' <<<"$link")
check_eq "ip link reports offload mode (3)" 3 "$(jq '.[0].xdp.mode' <<<"$link")"
prog=$(bpftool -j prog show id "$pid")
check_eq "bpftool prog show: dev.ifname" "$A" "$(jq -r '.dev.ifname' <<<"$prog")"
check "bpftool prog show: microcode size" test "$(jq '.bytes_jited' <<<"$prog")" -gt 0
check_eq "debugfs bpf_offloaded_id" "$pid" "$(cat $DFS/ports/0/bpf_offloaded_id)"
e=$(grep -l "^$pid\$" $DFS/bpf_bound_progs/*/id | head -1)
e=${e%/id}
check_eq "bound program state" xlated "$(cat "$e/state")"
check_eq "bound program loaded" Y "$(cat "$e/loaded")"
check "bound program microcode in debugfs" grep -q "microcode words" "$e/ucode"
check "bound program info in debugfs" grep -q "^ucode_words [1-9]" "$e/info"
check_eq "bpftool net shows the offloaded program" offload \
	"$(bpftool -j net show dev "$A" | jq -r '.[0].xdp[0].mode')"
check "ip -force link set xdpoffload off" ip -force link set dev "$A" xdpoffload off
check_eq "no XDP left" null "$(ip -j link show "$A" | jq '.[0].xdp')"
check_eq "offload slot empty" 0 "$(cat $DFS/ports/0/bpf_offloaded_id)"

# Every corpus program and the all-helpers program offload and attach.
HELPERS=$(helpers_prog "$P" "$A")
if [ "$(basename "$HELPERS")" == helpers_nocpu.bpf.o ]; then
	# The workaround nfpsim's note and the README give for that kernel bug.
	jit=$(sysctl -n net.core.bpf_jit_enable)
	sysctl -qw net.core.bpf_jit_enable=0
	check "with net.core.bpf_jit_enable=0 this kernel offloads helpers_all" \
		ip -force link set dev "$A" xdpoffload obj "$P/helpers_all.bpf.o" sec xdp
	sysctl -qw net.core.bpf_jit_enable="$jit"
	ip -force link set dev "$A" xdpoffload off
fi
bad=()
ip -force link set dev "$A" xdpoffload obj "$HELPERS" sec xdp 2>/dev/null || bad+=("$(basename "$HELPERS")")
ip -force link set dev "$A" xdpoffload off
# Every XDP corpus program: `nfpsim check --linux $(uname -r)` must say
# what this kernel does (global data, xdp.frags and, before 6.6, cpu=v4
# are refused; the rest offloads).
NFPSIM_CLI=$ROOT/build/nfpsim
wrong=() refused=()
for o in "$C"/xdp_*.bpf.o; do
	out=$("$NFPSIM_CLI" check --linux "$(uname -r)" "$o" 2>&1)
	case $? in
	0) want=yes ;;
	1) want=no ;;
	*) wrong+=("$(basename "$o"): nfpsim check failed: $(tail -1 <<<"$out")"); continue ;;
	esac
	sec=$(sed -n 's/.*(section \([^,]*\),.*/\1/p' <<<"$out" | head -1)
	if ip -force link set dev "$A" xdpoffload obj "$o" sec "$sec" 2>/dev/null; then
		got=yes
	else
		got=no
		refused+=("$(basename "$o" .bpf.o)")
	fi
	ip -force link set dev "$A" xdpoffload off
	[ "$got" = "$want" ] || wrong+=("$(basename "$o"): kernel $got, nfpsim check $want")
done
diag "refused by this kernel, as nfpsim check says: ${refused[*]}"
check_eq "the all-helpers program offloads" "" "${bad[*]}"
check_eq "nfpsim check's offload verdict is the kernel's for every XDP corpus program" "" \
	"${wrong[*]}"
# nfpsim dis --id: the offloaded image read back from the kernel, word for
# word the microcode debugfs lists for the bound program.
ip -force link set dev "$A" xdpoffload obj "$C/xdp_counters.bpf.o" sec xdp
id=$(cat $DFS/ports/0/bpf_offloaded_id)
ucode=
for d in $DFS/bpf_bound_progs/*; do
	[ "$(cat "$d/id")" = "$id" ] && ucode=$d/ucode
done
words() { grep -oE '[0-9]+: [0-9a-f]{16}  .*' | sed 's/ *$//'; }
"$NFPSIM_CLI" dis --id "$id" >"$P/dis_id.out" 2>&1
same=no
if [ -n "$ucode" ] && [ "$(words <"$P/dis_id.out" | wc -l)" -gt 10 ] &&
   diff <(words <"$P/dis_id.out") <(words <"$ucode") >/dev/null; then
	same=yes
else
	head -3 "$P/dis_id.out" | sed 's/^/# /'
fi
check_eq "nfpsim dis --id $id: the offloaded image, word for word debugfs' microcode" yes "$same"
ip -force link set dev "$A" xdpoffload off
expect_fail "nfpsim dis --id of a program that is not offloaded says so" "is not offloaded" \
	"$NFPSIM_CLI" dis --id "$(ip -force link set dev "$A" xdpdrv obj "$C/xdp_counters.bpf.o" sec xdp &&
				  ip -j link show dev "$A" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["xdp"]["prog"]["id"])')"
ip -force link set dev "$A" xdpdrv off

expect="xdp_buff_len xdp_globals"
kernel_at_least 6 6 || expect="xdp_buff_len xdp_cpuv4 xdp_globals"
check_eq "refused: global data, xdp.frags (and cpu=v4 before 6.6); the others offload" \
	"$expect" "${refused[*]}"
# No kernel offloads a frags-aware program: bpf_prog_offload_init() (6.1)
# and bpf_prog_dev_bound_init() (6.3+) refuse BPF_F_XDP_HAS_FRAGS before
# the verifier runs; its SEC("xdp") twin xdp_buff_len_lin offloaded above.
expect_fail "an xdp.frags program is refused by the kernel (EINVAL)" "Invalid argument" \
	ip -force link set dev "$A" xdpoffload obj "$C/xdp_buff_len.bpf.o" sec xdp.frags
ip -force link set dev "$A" xdpoffload off
# RFC 9669 (cpu=v4) instructions: 6.6 and later verify them and the NIC
# takes them (the loop above); 6.1's verifier does not, the offload fails.
if ! kernel_at_least 6 6; then
	check "cpu=v4 corpus program refused on $(uname -r)" \
		bash -c "! ip -force link set dev $A xdpoffload obj $C/xdp_cpuv4.bpf.o sec xdp 2>/dev/null"
	check_eq "nothing offloaded after the cpu=v4 refusal" 0 "$(cat $DFS/ports/0/bpf_offloaded_id)"
fi

# --- tc cls_bpf skip_sw --------------------------------------------------
expect_fail "tc skip_sw needs hw-tc-offload" "TC offload is disabled on net device" \
	bash -c "tc qdisc add dev $B clsact; tc filter add dev $B ingress bpf skip_sw da obj $P/ret_pass.bpf.o sec tc"
check "ethtool -K hw-tc-offload on" ethtool -K "$B" hw-tc-offload on
check "tc filter add skip_sw" tc filter add dev "$B" ingress bpf skip_sw da obj "$P/ret_pass.bpf.o" sec tc
f=$(tc -j filter show dev "$B" ingress | jq '[.[] | select(.options != null)][0].options')
check_eq "tc reports in_hw" true "$(jq '.in_hw' <<<"$f")"
check_eq "tc reports skip_sw" true "$(jq '.skip_sw' <<<"$f")"
check "tc -s filter show answers stats" tc -s filter show dev "$B" ingress
check "hw-tc-offload cannot be turned off with a filter" bash -c "! ethtool -K $B hw-tc-offload off >/dev/null 2>&1"
ethtool -K "$B" hw-tc-offload on	# the refused request left it unwanted
expect_fail "XDP offload while tc offloads" "nfpsim: TC program is already loaded" \
	ip link set dev "$B" xdpoffload obj "$P/ret_pass.bpf.o" sec xdp
expect_fail "second skip_sw filter" "nfpsim: driver and netdev offload states mismatch" \
	tc filter add dev "$B" ingress pref 2 bpf skip_sw da obj "$P/ret_pass.bpf.o" sec tc
check "tc filter del" tc filter del dev "$B" ingress
check "hw-tc-offload off without filters" ethtool -K "$B" hw-tc-offload off
ethtool -K "$B" hw-tc-offload on
bad=()
for o in "$C"/tc_*.bpf.o; do
	tc filter add dev "$B" ingress bpf skip_sw da obj "$o" sec tc 2>/dev/null || bad+=("$(basename "$o")")
	tc filter del dev "$B" ingress
done
check_eq "every tc corpus program offloads" "" "${bad[*]}"

# --- bpftool prog load ... dev -------------------------------------------
check "bpftool prog load dev" bpftool prog load "$HELPERS" $PIN/p type xdp dev "$A"
check "attach pinned program with ip link" ip link set dev "$A" xdpoffload pinned $PIN/p
check "attach it to the second port of the NIC too" ip link set dev "$B" xdpoffload pinned $PIN/p
# >= 6.3 the kernel checks the device match and HW_MODE itself, before the
# driver, with its own strings (dev_xdp_attach()).
if kernel_at_least 6 3; then
	other_dev="Program bound to different device"
	no_hw_mode="Using offloaded program without HW_MODE flag"
else
	other_dev="nfpsim: program bound to different dev"
	no_hw_mode="device-bound program without HW_MODE"
fi
expect_fail "program bound to another NIC" "$other_dev" \
	ip link set dev "$X" xdpoffload pinned $PIN/p
bpftool prog load "$P/ret_pass.bpf.o" $PIN/host type xdp
expect_fail "host program as xdpoffload" "nfpsim: xdpoffload of non-bound program" \
	ip -force link set dev "$A" xdpoffload pinned $PIN/host
expect_fail "bound program in driver mode" "$no_hw_mode" \
	ip -force link set dev "$B" xdpdrv pinned $PIN/p
ip -force link set dev "$A" xdpoffload off
ip -force link set dev "$B" xdpoffload off

# --- bad programs: exact messages in the verifier log ---------------------
expect_fail "unsupported helper is named" \
	"[nfpsim] insn" ip link set dev "$A" xdpoffload obj "$P/bad_helper.bpf.o" sec xdp verbose
expect_fail "unsupported helper message" \
	"helper bpf_fib_lookup (69) not supported by the NIC: supported helpers are" \
	ip link set dev "$A" xdpoffload obj "$P/bad_helper.bpf.o" sec xdp verbose
expect_fail "unsupported context field" "context field at offset" \
	tc filter add dev "$B" ingress bpf skip_sw da obj "$P/bad_ctx.bpf.o" sec tc verbose
expect_fail "map type the NIC lacks (LRU hash) is refused" "" \
	ip link set dev "$A" xdpoffload obj "$P/bad_maptype.bpf.o" sec xdp
echo 16 > $DFS/code_store
expect_fail "program larger than the code store" \
	"program does not fit the code store" \
	ip link set dev "$A" xdpoffload obj "$P/helpers_all.bpf.o" sec xdp verbose
echo 8192 > $DFS/code_store
check "program of ~8000 microcode words (per-CPU profile > 32 KiB)" \
	ip -force link set dev "$A" xdpoffload obj "$P/big.bpf.o" sec xdp
ip -force link set dev "$A" xdpoffload off
check_eq "code_store rejects 0" EINVAL "$(sysfs_write $DFS/code_store 0)"
check_eq "code_store rejects garbage" EINVAL "$(sysfs_write $DFS/code_store abc)"
expect_fail "bpf_bind_verifier_accept=N logs an [nfpsim] line" "[nfpsim] " \
	bash -c "echo N > $DFS/bpf_bind_verifier_accept; ip link set dev $A xdpoffload obj $P/ret_pass.bpf.o sec xdp verbose"
echo Y > $DFS/bpf_bind_verifier_accept
tc qdisc del dev "$B" clsact

# --- offloaded maps through bpftool ----------------------------------------
bt() { bpftool "$@" 2>&1; }
check "map create hash dev" bpftool map create $PIN/h type hash key 4 value 8 entries 4 name nfp_h dev "$A"
check_eq "map shows offloaded_to" "$A" "$(bpftool -j map show pinned $PIN/h | jq -r '.dev.ifname')"
k() { printf '%d 0 0 0' "$1"; }
check "update any" bpftool map update pinned $PIN/h key $(k 1) value 1 0 0 0 0 0 0 0
check "update noexist (new)" bpftool map update pinned $PIN/h key $(k 2) value 2 0 0 0 0 0 0 0 noexist
expect_fail "update noexist (exists): EEXIST" "File exists" \
	bpftool map update pinned $PIN/h key $(k 1) value 1 0 0 0 0 0 0 0 noexist
expect_fail "update exist (missing): ENOENT" "No such file or directory" \
	bpftool map update pinned $PIN/h key $(k 9) value 1 0 0 0 0 0 0 0 exist
check "update exist (present)" bpftool map update pinned $PIN/h key $(k 2) value 7 0 0 0 0 0 0 0 exist
check_eq "lookup" "07 00 00 00 00 00 00 00" \
	"$(bpftool -j map lookup pinned $PIN/h key $(k 2) | jq -r '.value | map(ltrimstr("0x")) | join(" ")')"
bpftool map update pinned $PIN/h key $(k 3) value 3 0 0 0 0 0 0 0
bpftool map update pinned $PIN/h key $(k 4) value 4 0 0 0 0 0 0 0
expect_fail "full hash: E2BIG" "Argument list too long" \
	bpftool map update pinned $PIN/h key $(k 5) value 5 0 0 0 0 0 0 0
keys=$(bpftool -j map dump pinned $PIN/h | jq -c '[.[].key[0]]')
check_eq "dump order (slot order, stable)" '["0x01","0x02","0x03","0x04"]' "$keys"
check_eq "getnext from start" '["0x01","0x00","0x00","0x00"]' \
	"$(bpftool -j map getnext pinned $PIN/h | jq -c '.next_key')"
check_eq "getnext after 1" '["0x02","0x00","0x00","0x00"]' \
	"$(bpftool -j map getnext pinned $PIN/h key $(k 1) | jq -c '.next_key')"
expect_fail "getnext after last: ENOENT" "No such file or directory" \
	bpftool map getnext pinned $PIN/h key $(k 4)
check "delete" bpftool map delete pinned $PIN/h key $(k 2)
expect_fail "delete missing: ENOENT" "No such file or directory" bpftool map delete pinned $PIN/h key $(k 2)
check "array create dev" bpftool map create $PIN/a type array key 4 value 8 entries 4 name nfp_a dev "$A"
expect_fail "array delete: EINVAL" "Invalid argument" bpftool map delete pinned $PIN/a key $(k 1)
expect_fail "array index past the end: E2BIG" "Argument list too long" \
	bpftool map update pinned $PIN/a key $(k 4) value 1 0 0 0 0 0 0 0
check_eq "array lists every index" 4 "$(bpftool -j map dump pinned $PIN/a | jq length)"

# 100k entries, filled and dumped in one bpftool process each.
check "map create 100k-entry hash" bpftool map create $PIN/big type hash key 4 value 8 entries 100000 name nfp_big dev "$A"
python3 -c '
for i in range(100000):
    k = i.to_bytes(4, "little")
    print("map update pinned '$PIN'/big key hex", " ".join("%02x" % b for b in k),
          "value hex", " ".join("%02x" % b for b in (i * 3).to_bytes(8, "little")))
' > /tmp/nfpsim_batch
check "fill 100k entries (bpftool batch)" bash -c "bpftool batch file /tmp/nfpsim_batch >/dev/null"
check_eq "dump 100k entries" 100000 "$(bpftool -j map dump pinned $PIN/big | jq length)"
expect_fail "100001st entry: E2BIG" "Argument list too long" \
	bpftool map update pinned $PIN/big key hex ff ff ff ff value 0 0 0 0 0 0 0 0
check "device memory in use" test "$(cat $DFS/mem_used)" -gt 1000000
rm -f $PIN/big /tmp/nfpsim_batch

# Device memory budget.
echo 65536 > $DFS/mem_budget
expect_fail "map beyond the memory budget: ENOMEM" "Cannot allocate memory" \
	bpftool map create $PIN/huge type hash key 4 value 64 entries 10000 name nfp_huge dev "$A"
check "budget refusal explained in the kernel log" \
	bash -c "dmesg | grep -q 'nfpsim: map (type 1, key 4, value 64, 10000 entries) not offloaded: map needs'"
echo $((64 << 20)) > $DFS/mem_budget
echo N > $DFS/ports/0/bpf_map_accept
expect_fail "bpf_map_accept=N refuses maps" "" \
	bpftool map create $PIN/no type hash key 4 value 8 entries 4 name nfp_no dev "$A"
echo Y > $DFS/ports/0/bpf_map_accept

# A program using offloaded maps, bound while the NIC is deleted.
check "xdpoffload with maps" ip link set dev "$A" xdpoffload obj "$C/xdp_counters.bpf.o" sec xdp
nmaps=$(bpftool -j map show | jq '[.[] | select(.dev.ifname != null)] | length')
check "its maps are offloaded" test "$nmaps" -ge 2
check_eq "every debugfs file reads" 0 \
	"$(find $DFS/ -type f -perm -0400 -exec cat {} + >/dev/null 2>&1; echo $?)"
rm -rf $PIN/*
check_eq "del_device with a program and maps bound" OK "$(sysfs_write $NFPSIM_BUS/del_device 50)"
check_eq "its maps are gone" 0 "$(bpftool -j map show | jq '[.[] | select(.dev.ifname != null)] | length')"
tap_done
