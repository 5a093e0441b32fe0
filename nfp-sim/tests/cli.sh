#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# End-to-end checks of the nfpsim CLI binary (build/nfpsim): every command,
# its --help, error exits with the "nfpsim: " prefix, the run JSON shape,
# the output pcap's 1:1 alignment, xlate --image | dis, and the
# bpf_conformance plugin protocol (also through a nfpsim-conformance link).
# TAP on stdout; exit 0 pass, 1 fail, 4 skip. scripts/run-tests runs it
# after `make tests` (its "cli" stage); alone:
#   make -f nfp-sim/user.mk build/nfpsim build/progs/cli_reloc.bpf.o && nfp-sim/tests/cli.sh
# (build/progs/xdp_cpuv4.bpf.o and xdp_csum_raw.bpf.o too, for the --linux checks)
set -u
cd "$(dirname "$0")/../.." || exit 1
N=${NFPSIM:-build/nfpsim}
OBJ=${CLI_OBJ:-build/progs/cli_reloc.bpf.o}
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
n=0
fail=0

ok() {
	n=$((n + 1))
	if [ "$1" = 0 ]; then
		echo "ok $n - $2"
	else
		echo "not ok $n - $2"
		fail=1
	fi
}

# nfpsim must fail with an "nfpsim: " message matching $1
fails() {
	local want=$1 desc=$2
	shift 2
	"$@" >"$T/out" 2>"$T/err"
	local rc=$?
	[ $rc -ne 0 ] && grep -q "^nfpsim: .*$want" "$T/err"
	ok $? "$desc (exit $rc: $(head -1 "$T/err"))"
}

for f in "$N" "$OBJ"; do
	if [ ! -e "$f" ]; then
		echo "1..0 # SKIP $f not built"
		exit 4
	fi
done
if ! command -v python3 >/dev/null; then
	echo "1..0 # SKIP python3 missing (used to write pcaps and parse JSON)"
	exit 4
fi

# three Ethernet/IPv4 frames of 60, 64 and 100 bytes
python3 - "$T/in.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for i, n in enumerate((60, 64, 100)):
        d = b"\xaa" * 6 + b"\xbb" * 6 + b"\x08\x00" + bytes(n - 14)
        f.write(struct.pack("<IIII", 1000 + i, 0, n, n) + d)
PY

"$N" --help >/dev/null
ok $? "nfpsim --help"
for c in xlate run check dis conformance; do
	"$N" $c --help | grep -q "usage: nfpsim $c"
	ok $? "nfpsim $c --help"
done
fails "unknown command" "unknown command" "$N" bogus
fails "unknown option" "unknown option" "$N" xlate --bogus "$OBJ"
fails "not an ELF" "xlate of a non-ELF file" "$N" xlate "$T/in.pcap"
fails "no section named 'nope'" "unknown section" "$N" xlate --sec nope "$OBJ"

"$N" xlate "$OBJ" >"$T/xlate" && grep -q "^microcode words: *[1-9]" "$T/xlate" &&
	grep -q "^ebpf insns: *57" "$T/xlate" && grep -q "^static cycles:" "$T/xlate"
ok $? "xlate prints disassembly, sizes and the static estimate"

"$N" xlate -q --sec tc --image "$T/img" "$OBJ" >/dev/null && "$N" dis "$T/img" >"$T/dis" &&
	[ -s "$T/dis" ]
ok $? "xlate --image writes an image that dis reads"
fails "not an nfpsim device image" "dis of garbage" "$N" dis "$T/in.pcap"

"$N" run "$OBJ" --pcap "$T/in.pcap" --out "$T/out.pcap" \
	--map cli_hash:3c000000:0500000000000000 >"$T/run"
ok $? "run (text) with a --map preload"
grep -q "verdicts: PASS=3" "$T/run" && grep -q "3c000000: 0600000000000000" "$T/run"
ok $? "run counts verdicts, the preloaded entry was incremented"

"$N" run "$OBJ" --sec tc --pcap "$T/in.pcap" --out "$T/out2.pcap" --json >"$T/json"
ok $? "run --json"
python3 - "$T/json" "$T/in.pcap" "$T/out2.pcap" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert set(d) == {"program", "section", "type", "packets", "maps", "events"}, d.keys()
assert (d["program"], d["section"], d["type"]) == ("cli_tc", "tc", "tc")
assert [p["i"] for p in d["packets"]] == [0, 1, 2]
for p in d["packets"]:
    assert set(p) >= {"i", "retval", "fault", "cycles", "len_in", "len_out"}, p
    assert p["fault"] == "none" and p["len_in"] == p["len_out"]
a = d["maps"]["cli_array"]
assert a["type"] == "array" and a["max_entries"] == 4 and len(a["entries"]) + a["zeros"] == 4
keys = [e["key"] for e in d["maps"]["cli_hash"]["entries"]]
assert keys == sorted(keys)
assert len(d["events"]) == 3 and d["events"][0]["map"] == "cli_events"
assert d["events"][0]["data"] == "3c000000" + "aa" * 6 + "bb" * 6 + "0800"
# one output record per input packet
def recs(p):
    b, off, n = open(p, "rb").read(), 24, 0
    while off + 16 <= len(b):
        off += 16 + int.from_bytes(b[off + 8:off + 12], "little"); n += 1
    return n
assert recs(sys.argv[2]) == recs(sys.argv[3]) == 3
PY
ok $? "JSON shape, sorted keys, events with appended packet bytes, 1:1 output pcap"

# --json carries each packet's output bytes: the same as the output pcap's
python3 - "$T/json" "$T/out2.pcap" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
b, off, recs = open(sys.argv[2], "rb").read(), 24, []
while off + 16 <= len(b):
    n = int.from_bytes(b[off + 8:off + 12], "little")
    recs.append(b[off + 16:off + 16 + n].hex()); off += 16 + n
assert [p["data_out"] for p in d["packets"]] == recs, (d["packets"], recs)
assert all(len(p["data_out"]) == 2 * p["len_out"] > 0 for p in d["packets"])
PY
ok $? "run --json: data_out is each packet's output frame, as in the pcap"

# program selection, tc context and short frames, on cli_select
SEL=build/progs/cli_select.bpf.o
if [ -e "$SEL" ]; then
	"$N" run "$SEL" --pcap "$T/in.pcap" --json >"$T/sel.json" &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert (d["program"], d["type"]) == ("cli_x1", "xdp"), d' "$T/sel.json"
	ok $? "run without --sec/--prog: the first XDP/tc program, not the socket filter first"
	fails "section 'xdp' has 2 programs (cli_x1, cli_x2): choose one with --prog" \
		"--sec with two programs lists them" "$N" xlate --sec xdp "$SEL"
	"$N" xlate -q --sec xdp --prog cli_x2 "$SEL" >/dev/null
	ok $? "--sec and --prog together"
	fails "$SEL: cli_sock: section 'socket' does not tell the program type" \
		"errors after selection name object and program" "$N" xlate --sec socket "$SEL"
	fails "'cli_t' is a function: use --prog cli_t" "--sec given a function name" \
		"$N" xlate --sec cli_t "$SEL"
	"$N" run "$SEL" --sec tc --pcap "$T/in.pcap" --json >"$T/unspec.json" &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert [p["retval"] for p in d["packets"]] == [-1] * 3, d' "$T/unspec.json"
	ok $? "tc UNSPEC is retval -1 in JSON"
	"$N" run "$SEL" --sec tc/ifindex --pcap "$T/in.pcap" >"$T/ifx" &&
		grep -q "verdicts: 0x64=3" "$T/ifx"
	ok $? "tc context defaults as BPF_PROG_TEST_RUN: ifindex 1, ingress_ifindex 0"
	"$N" run "$SEL" --sec tc/ifindex --ifindex 2 --ingress-ifindex 3 --pcap "$T/in.pcap" \
		>"$T/ifx" && grep -q "verdicts: 0xcb=3" "$T/ifx"
	ok $? "--ifindex and --ingress-ifindex set skb->ifindex and skb->ingress_ifindex"
	# frames test_run refuses: 12 bytes; tc IPv4 of 30, IPv6 of 50 bytes
	python3 - "$T/short.pcap" <<'PY'
import struct, sys
with open(sys.argv[1], "wb") as f:
    f.write(struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1))
    for n, et in ((12, b""), (30, b"\x08\x00"), (50, b"\x86\xdd"), (60, b"\x08\x00")):
        d = (b"\xaa" * 6 + b"\xbb" * 6 + et).ljust(n, b"\0")[:n]
        f.write(struct.pack("<IIII", 0, 0, n, n) + d)
PY
	"$N" run "$SEL" --sec tc --pcap "$T/short.pcap" --json >"$T/short.json" 2>"$T/short.err" &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
f = [p["fault"] for p in d["packets"]]
assert f == ["test_run:-22"] * 3 + ["none"], f' "$T/short.json" &&
		grep -q "packet 1: 30 bytes, IPv4 under 34 bytes .*--short-frames" "$T/short.err" &&
		[ "$(grep -c "BPF_PROG_TEST_RUN refuses it" "$T/short.err")" = 3 ]
	ok $? "tc: frames test_run refuses are refused, naming --short-frames"
	"$N" run "$SEL" --pcap "$T/short.pcap" --json >"$T/short.json" 2>/dev/null &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
f = [p["fault"] for p in d["packets"]]
assert f == ["test_run:-22"] + ["none"] * 3, f' "$T/short.json"
	ok $? "xdp: only frames under 14 bytes are refused"
	"$N" run "$SEL" --sec tc --short-frames --pcap "$T/short.pcap" --json >"$T/short.json" &&
		python3 -c 'import json,sys; d=json.load(open(sys.argv[1]));
assert [p["fault"] for p in d["packets"]] == ["none"] * 4' "$T/short.json"
	ok $? "--short-frames runs them anyway"
else
	echo "# $SEL not built: selection and tc context checks not run"
fi

head -c 50 "$T/in.pcap" >"$T/trunc.pcap"
fails "truncated data" "truncated pcap" "$N" run "$OBJ" --pcap "$T/trunc.pcap"
fails "key has 1 bytes" "--map with a short key" "$N" run "$OBJ" --pcap "$T/in.pcap" \
	--map cli_hash:00:00

# cpu=v4: taken as a 6.6+ kernel takes it, refused as a 6.1 one refuses it
V4=build/progs/xdp_cpuv4.bpf.o
if [ -e "$V4" ]; then
	"$N" xlate "$V4" >/dev/null
	ok $? "xlate of a cpu=v4 program"
	fails "RFC 9669 instruction .* (Linux 6.6 and later do)" "--no-cpuv4 refuses it" \
		"$N" xlate "$V4" --no-cpuv4
	fails "RFC 9669 instruction .* (Linux 6.6 and later do)" "--linux 6.1 refuses it" \
		"$N" xlate "$V4" --linux 6.1.0-57-amd64
	"$N" xlate "$V4" --linux 6.12 >/dev/null
	ok $? "--linux 6.12 takes it"
else
	echo "# $V4 not built (needs clang 18+): cpu=v4 checks not run"
fi

fails "runs on Linux 6.1 and later" "--linux 5.15 refused" "$N" xlate "$OBJ" --linux 5.15
fails "is not a kernel version" "--linux with a bad version" "$N" xlate "$OBJ" --linux six

# bpf_csum_diff(): the 6.13+ helper by default, 6.1's with --linux before 6.13
CS=build/progs/xdp_csum_raw.bpf.o
if [ -e "$CS" ]; then
	"$N" run "$CS" --pcap "$T/in.pcap" --json --dense >"$T/cs.default" &&
	"$N" run "$CS" --pcap "$T/in.pcap" --json --dense --linux 6.12 >"$T/cs.612" &&
	"$N" run "$CS" --pcap "$T/in.pcap" --json --dense --linux 6.13 >"$T/cs.613" &&
	python3 - "$T/cs.default" "$T/cs.612" "$T/cs.613" <<'PY'
import json, sys
def slot(path, i):
    v = json.load(open(path))["maps"]["csum_raw_sum"]["entries"][i]["value"]
    return int.from_bytes(bytes.fromhex(v), "little")
new, old, new613 = sys.argv[1:]
# slot 2 sums a 1-byte push over the two frames long enough: 6.12 says
# -EINVAL twice, 6.13 folds to 16 bits; slot 0 (4 bytes) is 32 bits on 6.12
assert slot(old, 2) == (2 * -22) & (2**64 - 1), hex(slot(old, 2))
assert slot(new, 2) == slot(new613, 2) <= 2 * 0xffff, hex(slot(new, 2))
assert slot(new, 0) <= 2 * 0xffff < slot(old, 0), (hex(slot(new, 0)), hex(slot(old, 0)))
PY
	ok $? "csum_diff: 6.13 semantics by default, -EINVAL and 32-bit sums with --linux 6.12"
else
	echo "# $CS not built: csum_diff --linux checks not run"
fi

# max_entries 0 in the object: --map-size; sparse array dumps, --dense
MS=build/progs/cli_mapsize.bpf.o
if [ -e "$MS" ]; then
	fails "has max_entries 0 in the object.*add --map-size cli_sized:N" \
		"a map of max_entries 0 names the option that sizes it" "$N" run "$MS" --pcap "$T/in.pcap"
	fails "no map named 'nope' in the object; its maps: cli_sized" \
		"--map-size of an unknown map lists the object's maps" \
		"$N" run "$MS" --pcap "$T/in.pcap" --map-size nope:4
	fails "positive number" "--map-size without a size" \
		"$N" run "$MS" --pcap "$T/in.pcap" --map-size cli_sized:0
	fails "no array or hash map named 'nope'.*its maps: cli_sized" \
		"--map of an unknown map lists the object's maps" \
		"$N" run "$MS" --pcap "$T/in.pcap" --map-size cli_sized:4 --map nope:00:00
	"$N" run "$MS" --pcap "$T/in.pcap" --map-size cli_sized:8 >"$T/ms.txt" &&
		grep -q "map cli_sized (array, key 4, value 8, max 8):" "$T/ms.txt" &&
		grep -q "  (6 all-zero elements not shown; --dense shows them)" "$T/ms.txt"
	ok $? "--map-size sizes the map; the text dump leaves all-zero elements out"
	"$N" run "$MS" --pcap "$T/in.pcap" --map-size cli_sized:8 --json >"$T/ms.json" &&
		"$N" run "$MS" --pcap "$T/in.pcap" --map-size cli_sized:8 --json --dense \
			>"$T/ms.dense" && python3 - "$T/ms.json" "$T/ms.dense" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))["maps"]["cli_sized"]
d = json.load(open(sys.argv[2]))["maps"]["cli_sized"]
# frames of 60 and 64 bytes count in slot 1, the 100-byte one in slot 2
assert m["max_entries"] == 8 and m["zeros"] == 6, m
assert [(e["key"], e["value"]) for e in m["entries"]] == [
    ("01000000", "0200000000000000"), ("02000000", "0100000000000000")], m
assert d["zeros"] == 0 and len(d["entries"]) == 8, d
assert [e["key"] for e in d["entries"]] == ["%02x000000" % i for i in range(8)], d
PY
	ok $? "JSON: max_entries, sparse entries with their zeros count; --dense has all 8"
else
	echo "# $MS not built: --map-size checks not run"
fi

# --set VAR=VALUE: global variables by name (.rodata config, .data, .bss)
G=build/progs/xdp_globals.bpf.o
if [ -e "$G" ]; then
	"$N" run "$G" --pcap "$T/in.pcap" --set cfg_drop_every=2 --set cfg_port=0x1bb \
		--set mix=hex:0102030405060708 --json >"$T/set.json" && python3 - "$T/set.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
# every 2nd frame dropped (cfg_drop_every is const volatile: .rodata)
assert [p["retval"] for p in d["packets"]] == [2, 1, 2], d["packets"]
assert d["maps"]["xdp_glob.rodata"]["entries"][0]["value"] == "02000000bb01", d["maps"]
# mix starts at 0x0807060504030201 and is rotated by 3 and xored with the length
mix = 0x0807060504030201
for n in (60, 64, 100):
    mix = ((mix << 3 | mix >> 61) & (2**64 - 1)) ^ n
assert d["maps"]["xdp_glob.data"]["entries"][0]["value"] == mix.to_bytes(8, "little").hex()
PY
	ok $? "--set: .rodata config, a u16 in hex and hex bytes of a u64 in .data"
	fails "no global variable 'nope' in the object; its variables: .*cfg_port" \
		"--set of an unknown variable lists the object's variables" \
		"$N" run "$G" --pcap "$T/in.pcap" --set nope=1
	fails "'70000' is not a number that fits cfg_port (2 bytes)" "--set out of range" \
		"$N" run "$G" --pcap "$T/in.pcap" --set cfg_port=70000
	fails "mix is 8 bytes: give hex: and exactly 8 bytes" "--set hex of the wrong size" \
		"$N" run "$G" --pcap "$T/in.pcap" --set mix=hex:0102
	fails "wants VAR=VALUE" "--set without a value" "$N" run "$G" --pcap "$T/in.pcap" --set cfg_port
else
	echo "# $G not built: --set checks not run"
fi

# --mark/--priority: tc context in, compared with the host kernel's
# BPF_PROG_TEST_RUN of the same ctx_in when root can run bpftool
CX=build/progs/cli_ctx.bpf.o
if [ -e "$CX" ]; then
	got=$("$N" run "$CX" --pcap "$T/in.pcap" --mark 0x103 --priority 7 --json |
	      python3 -c 'import json, sys; print(json.load(sys.stdin)["packets"][0]["retval"])')
	[ "$got" = $((3 << 8 | 7)) ]
	ok $? "--mark and --priority set skb->mark and skb->priority (retval $got)"
	pin=/sys/fs/bpf/nfpsim_cli_ctx_$$
	if [ "$(id -u)" = 0 ] && command -v bpftool >/dev/null &&
	   bpftool prog load "$CX" "$pin" 2>/dev/null; then
		python3 - "$T/in.pcap" "$T/ctx_data" "$T/ctx_in" <<'PY'
import struct, sys
open(sys.argv[2], "wb").write(open(sys.argv[1], "rb").read()[40:100])
# struct __sk_buff up to ifindex: mark at 8, priority at 32
open(sys.argv[3], "wb").write(struct.pack("<11I", 0, 0, 0x103, 0, 0, 0, 0, 0, 7, 0, 0))
PY
		ref=$(bpftool prog run pinned "$pin" data_in "$T/ctx_data" ctx_in "$T/ctx_in" |
		      sed -n 's/^Return value: \([0-9]*\).*/\1/p')
		rm -f "$pin"
		[ -n "$ref" ] && [ "$ref" = "$got" ]
		ok $? "--mark/--priority: the host kernel's test run with that ctx_in agrees ($ref)"
	else
		rm -f "$pin"
		echo "ok $((n += 1)) - --mark/--priority against the host kernel # SKIP needs root and bpftool"
	fi
else
	echo "# $CX not built: --mark/--priority checks not run"
fi

# nfpsim check: the kernel's offload verdict per program, with the fixes
"$N" check --help | grep -q "usage: nfpsim check"
ok $? "nfpsim check --help"
"$N" check build/progs/cli_select.bpf.o >"$T/chk"
rc=$?
[ $rc = 1 ] && grep -q "cli_x1 (section xdp, xdp): offloads: yes; nfpsim run: yes" "$T/chk" &&
	grep -q "cli_sock (section socket, type unknown): offloads: no" "$T/chk" &&
	grep -q "the kernel offloads only XDP and tc cls_bpf programs" "$T/chk" &&
	grep -q "^4 of 5 programs offload" "$T/chk"
ok $? "check: every program of the object, a socket filter does not offload (exit $rc)"
"$N" check build/progs/cli_select.bpf.o --prog cli_t >/dev/null
ok $? "check --prog of an offloadable program exits 0"
"$N" check build/progs/cli_reloc.bpf.o --json >"$T/chk.json"
rc=$?
[ $rc = 1 ] && python3 - "$T/chk.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
p = {x["name"]: x for x in d["programs"]}
assert set(p) == {"cli_xdp", "cli_tc"}, p
for x in p.values():
    assert not x["offload"] and x["run"] and x["ucode_words"] > 0, x
    assert all("global data" in o and "bpf_map_lookup_elem()" in o for o in x["obstacles"]), x
assert len(p["cli_xdp"]["obstacles"]) == 3 and len(p["cli_tc"]["obstacles"]) == 1, p
PY
ok $? "check --json: global data refused by the kernel, runs in the CLI (exit $rc)"
"$N" check build/progs/cli_badmap.bpf.o >"$T/chk"
[ $? = 1 ] && [ "$(grep -c "map cli_lru (lru_hash): libbpf creates every map" "$T/chk")" = 2 ] &&
	grep -q "cli_uses_array (section xdp, xdp): offloads: no; nfpsim run: yes" "$T/chk" &&
	grep -q "cli_uses_lru (section xdp, xdp): offloads: no; nfpsim run: no" "$T/chk"
ok $? "check: an LRU map anywhere in the object blocks the offload of every program"
if [ -e build/progs/xdp_buff_len.bpf.o ] && [ -e build/progs/xdp_cpuv4.bpf.o ]; then
	"$N" check build/progs/xdp_buff_len.bpf.o | grep -q 'SEC("xdp.frags") loads with BPF_F_XDP_HAS_FRAGS'
	ok $? "check: xdp.frags programs do not offload"
	"$N" check build/progs/xdp_cpuv4.bpf.o >/dev/null &&
		! "$N" check --linux 6.1 build/progs/xdp_cpuv4.bpf.o >"$T/chk" &&
		grep -q "compile with -mcpu=v3" "$T/chk"
	ok $? "check --linux: cpu=v4 offloads on the newest kernel, not on 6.1"
else
	echo "# xdp_buff_len/xdp_cpuv4 not built: check --linux checks not run"
fi
fails "no program matches --sec nope" "check --sec of a missing section" \
	"$N" check build/progs/cli_select.bpf.o --sec nope

# nfpsim dis --id: the VM selftest (nfpsim_offload.sh) reads an offloaded
# image back; here the errors, and a host program that is not offloaded
fails "no BPF program has this id" "dis --id of a missing program" "$N" dis --id 4294967295
fails "not a program id" "dis --id garbage" "$N" dis --id x
if [ "$(id -u)" = 0 ] && command -v bpftool >/dev/null && [ -d /sys/fs/bpf ]; then
	pin=/sys/fs/bpf/nfpsim_cli_$$
	if bpftool prog load build/progs/xdp_counters.bpf.o "$pin" 2>/dev/null; then
		fails "program xdp_counters is not offloaded" "dis --id of a host program says it is not offloaded" \
			"$N" dis --id "$(bpftool prog show pinned "$pin" | head -1 | cut -d: -f1)"
		rm -f "$pin"
	else
		echo "ok $((n += 1)) - dis --id of a host program # SKIP bpftool prog load failed here"
	fi
else
	echo "ok $((n += 1)) - dis --id of a host program # SKIP needs root and bpftool"
fi

prog="71 10 02 00 00 00 00 00 95 00 00 00 00 00 00 00"
[ "$(echo "$prog" | "$N" conformance "aa bb 11 cc" "")" = 11 ]
ok $? "conformance: ldxb from memory prints r0 in hex"
ln -s "$(realpath "$N")" "$T/nfpsim-conformance"
[ "$(echo "$prog" | "$T/nfpsim-conformance" "aa  bb  22  " "")" = 22 ]
ok $? "conformance through a nfpsim-conformance symlink (runner's argv)"
echo "85 00 00 00 e8 03 00 00 95 00 00 00 00 00 00 00" >"$T/badprog"
fails "not supported" "conformance: rejected program" "$N" conformance <"$T/badprog"
echo "$prog" >"$T/prog"
fails "fault" "conformance: out-of-bounds read faults" "$N" conformance "00" <"$T/prog"

echo "1..$n"
exit $fail
