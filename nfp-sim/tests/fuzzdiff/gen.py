#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generator of random but valid XDP programs and frames for the
differential fuzzer (scripts/fuzzdiff on the host, selftests/
nfpsim_fuzz_diff.sh in the VM). Standard library only; everything is a
function of the seed, so a seed reproduces a program and its frames.

A program is C, compiled by clang -target bpf -O2 (-mcpu=v2: 64-bit ALU and
JMP only, or v3: ALU32, JMP32 and fetch atomics as well; the seed picks).
Generating C rather than raw instructions keeps every program loadable by
libbpf, iproute2 and bpftool alike (maps, BTF, relocations) and lets clang
schedule registers, spill to the stack and pick instruction forms the way
real programs get them; the constructs below are chosen so each one maps to
the instructions it names. What a program contains (each statement drawn at
random, expressions up to three deep):

  ALU     + - * & | ^, unsigned / and % by a value that may be zero (the
          machine's answer: 0 and the dividend), by value|1 and by
          constants (clang turns those into multiplies), << >> and
          arithmetic >> by a masked register and by immediates, by a raw
          register (any amount), negation, ~, byte swaps 16/32/64,
          comparisons as values, ternaries; in 64 or 32 bits (u32 casts,
          ALU32 under v3)
  memory  packet loads/stores of 1/2/4/8 bytes at fixed offsets behind one
          bounds check, and at a variable offset behind its own check;
          a u64[8] and a u8[32] on the stack indexed by masked values
  control if/else two deep, bounded loops (constant trip counts up to 8,
          unrolling disabled), bpf-to-bpf calls (one to three __noinline
          functions, which may call each other)
  maps    ARRAY (8 x u64, lookups with keys up to 15: misses included) and
          HASH (16 x u64, keys up to 31: E2BIG on a full map) lookup,
          update with BPF_ANY/NOEXIST/EXIST, delete, atomic add/or/and/xor
          (fetching ones under v3) on map values
  frames  bpf_xdp_adjust_head (shrink and grow) and bpf_xdp_adjust_tail
          (shrink, grow up to 32 bytes), at the end of the program
  verdict a value & 3 (ABORTED, DROP, PASS, TX) or a constant

Excluded, with the reason:
  - signed division and modulo: clang 14 only emits them for -mcpu=v4 (RFC
    9669), which the 6.1 kernel of the VM run does not verify;
  - the rest of cpu=v4 (sign-extending loads and moves, 32-bit jump
    offsets, bswap as its own opcode) for the same reason;
  - helper return values used as 64-bit values: Linux 6.1 returns map helper
    errors zero-extended from 32 bits and later kernels sign-extend them
    (nfp-sim/tests/diff/README.md), so they are kept in an int;
  - bpf_xdp_adjust_meta and metadata: 6.1 and 6.18 set different limits;
  - bpf_xdp_adjust_tail growth past 32 bytes: test_run and the NIC have
    different frame room (both documented in nfp-sim/tests/diff/README.md);
  - loops with data-dependent trip counts, and more than a few branches
    per path: Linux 6.1's verifier walks every iteration times every
    branch state, some programs hit its 1M-instruction limit, and under
    TCG one such load takes many minutes;
  - backward jumps other than bounded loops, tail calls, helpers other than
    the ones above (bpf_get_prandom_u32, ktime, csum_diff have their own
    tests or differ by design).

Usage:
  gen.py prog SEED [-o FILE.c]       the program of SEED (stdout by default)
  gen.py frames SEED N -o FILE.pcap  N frames of SEED (14..200 bytes)
  gen.py cflags SEED                 the clang flags of SEED's program
"""

import random
import struct
import sys

U64, U32 = "u64", "u32"
NVARS = 6
INTERESTING = [0, 1, 2, 3, 7, 8, 31, 32, 63, 64, 0x7F, 0x80, 0xFF, 0x100, 0x7FFF, 0x8000,
               0xFFFF, 0x10000, 0x7FFFFFFF, 0x80000000, 0xFFFFFFFF, 0x100000000,
               0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFFF,
               0xDEADBEEF, 0x123456789ABCDEF0]


# eBPF ALU operation codes (BPF_OP) of raw()'s instructions
RAW_OPS = {"div": 0x30, "lsh": 0x60, "rsh": 0x70, "mod": 0x90, "arsh": 0xC0}


def cpu_of(seed):
    return "v3" if seed % 3 else "v2"


class Gen:
    def __init__(self, seed):
        self.seed = seed
        self.r = random.Random(seed)
        self.cpu = cpu_of(seed)
        self.hdr = self.r.choice([14, 16, 20, 24, 32, 40, 48, 64])
        self.nsubs = self.r.choice([0, 0, 1, 2, 3])
        self.loop_id = 0
        self.lines = []
        self.ind = 1
        self.in_sub = None	# name of the function being generated, if a callee
        self.raw_used = set()
        self.no_pkt = False	# after adjust_head/tail: only 8 bytes are checked

    # -- emit -----------------------------------------------------------------

    def emit(self, s):
        self.lines.append("\t" * self.ind + s)

    def chance(self, p):
        return self.r.random() < p

    # -- expressions ----------------------------------------------------------

    def raw(self, op, bits, a, b, ty):
        """A division by a value that may be zero, a shift by any amount: in C
        undefined, so clang would be free to emit anything (it does: reads of
        uninitialised registers the verifier refuses). The instruction is
        emitted as it is, from inline assembly."""
        self.raw_used.add((op, bits))
        return "(%s)raw_%s%d(%s, %s)" % (ty, op, bits, a, b)

    def raw_helpers(self):
        """The inline-assembly helpers raw() used; r1 and r2 are clobbered, so
        the operands are never allocated to them. The instruction is written
        as its encoding (.quad): clang 14's assembler has no '%=' (mod)."""
        out = []
        for op, bits in sorted(self.raw_used):
            code = RAW_OPS[op] | 0x08 | (0x07 if bits == 64 else 0x04)
            out += ["static __always_inline u64 raw_%s%d(u64 a, u64 b)" % (op, bits),
                    "{",
                    "\tasm volatile(\"r1 = %%[a]\\n\\tr2 = %%[b]\\n\\t.quad 0x%x\\n\\t"
                    "%%[a] = r1\"" % (0x2100 | code),
                    "\t\t     : [a]\"+r\"(a) : [b]\"r\"(b) : \"r1\", \"r2\");",
                    "\treturn a;", "}", ""]
        return out

    def const(self, ty):
        r = self.r
        v = r.choice(INTERESTING) if r.random() < 0.6 else r.getrandbits(r.choice([8, 16, 32, 64]))
        if ty == U32:
            v &= 0xFFFFFFFF
            return "0x%xU" % v
        return "0x%xULL" % v

    def var(self):
        if self.in_sub:
            return self.r.choice(["a", "b", "c"])
        return "v%d" % self.r.randrange(NVARS)

    def pkt_load(self):
        size = self.r.choice([1, 2, 4, 8])
        off = self.r.randrange(0, self.hdr - size + 1)
        return "(u64)*(%s *)(data + %d)" % ({1: "u8", 2: "u16", 4: "u32", 8: "u64"}[size], off)

    def atom(self, ty):
        k = self.r.random()
        if k < 0.55:
            e = self.var()
        elif k < 0.8:
            return self.const(ty)
        elif k < 0.9 and not self.in_sub and not self.no_pkt:
            e = self.pkt_load()
        elif not self.in_sub:
            e = "stk[%s & 7]" % self.var()
        else:
            e = self.var()
        return "(u32)%s" % e if ty == U32 else e

    def expr(self, ty, depth=0):
        r = self.r
        if depth >= 3 or r.random() < 0.25:
            return self.atom(ty)
        a, b = self.expr(ty, depth + 1), self.expr(ty, depth + 1)
        bits = 32 if ty == U32 else 64
        sty = "s32" if ty == U32 else "s64"
        k = r.randrange(22)
        if k < 7:
            return "(%s %s %s)" % (a, r.choice(["+", "-", "*", "&", "|", "^", "+"]), b)
        if k == 7:
            # a zero divisor gives 0 (/) or the dividend (%) on both machines
            return self.raw(r.choice(["div", "mod"]), bits, a, b, ty)
        if k == 8:
            return "(%s %s (%s | 1))" % (a, r.choice(["/", "%"]), b)
        if k == 9:
            return "(%s %s %s)" % (a, r.choice(["/", "%"]), self.const(ty).replace("0x0U", "3U")
                                   .replace("0x0ULL", "3ULL"))
        if k == 10:
            return "(%s %s (%s & %d))" % (a, r.choice(["<<", ">>"]), b, bits - 1)
        if k == 11:
            return "(%s)((%s)%s >> (%s & %d))" % (ty, sty, a, b, bits - 1)
        if k == 12:
            return "(%s %s %d)" % (a, r.choice(["<<", ">>"]), r.randrange(bits))
        if k == 13:
            return "(%s)((%s)%s >> %d)" % (ty, sty, a, r.randrange(bits))
        if k == 14:
            # any amount: the machines mask it (RFC 9669)
            return self.raw(r.choice(["lsh", "rsh", "arsh"]), bits, a, b, ty)
        if k == 15:
            return "(%s%s)" % (r.choice(["-", "~"]), a)
        if k == 16:
            w = r.choice([16, 32, 64] if ty == U64 else [16, 32])
            return "(%s)__builtin_bswap%d((u%d)%s)" % (ty, w, w, a)
        if k == 17:
            op = r.choice(["<", "<=", ">", ">=", "==", "!="])
            if r.random() < 0.5:
                return "(%s)((%s)%s %s (%s)%s)" % (ty, sty, a, op, sty, b)
            return "(%s)(%s %s %s)" % (ty, a, op, b)
        if k == 18 and self.chance(0.3):
            return "(%s ? %s : %s)" % (self.cond(), a, b)
        if k == 19 and not self.in_sub and self.nsubs:
            f = r.randrange(self.nsubs)
            return "(%s)sub%d(%s, %s, %s)" % (ty, f, a, b, self.atom(U64))
        return "(%s %s %s)" % (a, r.choice(["+", "^", "-"]), b)

    def cond(self):
        r = self.r
        ty = r.choice([U64, U32])
        a, b = self.expr(ty, 2), self.expr(ty, 1 if r.random() < 0.5 else 3)
        op = r.choice(["<", "<=", ">", ">=", "==", "!=", "&"])
        if op == "&":
            return "(%s & %s)" % (a, b)
        if r.random() < 0.4:
            s = "s32" if ty == U32 else "s64"
            return "(%s)%s %s (%s)%s" % (s, a, op, s, b)
        return "%s %s %s" % (a, op, b)

    # -- statements -----------------------------------------------------------

    def assign(self):
        ty = U32 if self.cpu == "v3" and self.chance(0.4) else U64
        op = self.r.choice(["=", "=", "+=", "^=", "-=", "*=", "|="])
        self.emit("%s %s %s;" % (self.var(), op, self.expr(ty)))

    def stmt(self, depth):
        r = self.r
        k = r.random()
        if self.in_sub:
            if k < 0.8 or depth > 1:
                self.assign()
            else:
                self.if_else(depth)
            return
        if k < 0.40 or depth > 1:
            self.assign()
        elif k < 0.48:
            self.if_else(depth)
        elif k < 0.56:
            self.loop(depth)
        elif k < 0.63:
            self.stack_op()
        elif k < 0.71:
            self.pkt_store()
        elif k < 0.76:
            self.pkt_var()
        elif k < 0.84:
            self.array_op()
        elif k < 0.94:
            self.hash_op()
        else:
            self.assign()

    def block(self, n, depth):
        for _ in range(n):
            self.stmt(depth)

    def if_else(self, depth):
        self.emit("if (%s) {" % self.cond())
        self.ind += 1
        self.block(self.r.randint(1, 3), depth + 1)
        self.ind -= 1
        if self.chance(0.5):
            self.emit("} else {")
            self.ind += 1
            self.block(self.r.randint(1, 3), depth + 1)
            self.ind -= 1
        self.emit("}")

    def loop(self, depth):
        i = "i%d" % self.loop_id
        self.loop_id += 1
        bound = str(self.r.randint(2, 8))
        self.emit("#pragma clang loop unroll(disable)")
        self.emit("for (u32 %s = 0; %s < %s; %s++) {" % (i, i, bound, i))
        self.ind += 1
        # an opaque counter: no closed form (clang 14 computes some with a
        # 128-bit multiply, __multi3, which BPF does not have)
        self.emit("asm volatile(\"\" : \"+r\"(%s));" % i)
        for _ in range(self.r.randint(1, 3)):
            self.emit("%s %s (%s + %s);" % (self.var(), self.r.choice(["+=", "^=", "="]),
                                            self.expr(U64, 1), i))
        self.ind -= 1
        self.emit("}")

    def stack_op(self):
        r = self.r
        if r.random() < 0.5:
            self.emit("stk[%s & 7] %s %s;" % (self.var(), r.choice(["=", "+=", "^="]),
                                             self.expr(U64, 1)))
        else:
            size = r.choice([1, 2, 4, 8])
            idx = "(%s & %d) * %d" % (self.var(), 32 // size - 1, size)
            lv = "*(u%d *)&sb[%s]" % (size * 8, idx)
            if r.random() < 0.5:
                self.emit("%s = %s;" % (lv, self.expr(U64, 1)))
            else:
                self.emit("%s ^= %s;" % (self.var(), lv))

    def pkt_store(self):
        size = self.r.choice([1, 2, 4, 8])
        off = self.r.randrange(0, self.hdr - size + 1)
        self.emit("*(u%d *)(data + %d) = %s;" % (size * 8, off, self.expr(U64, 1)))

    def pkt_var(self):
        size = self.r.choice([1, 2, 4, 8])
        self.emit("{")
        self.ind += 1
        self.emit("void *p = data + (%s & %d);" % (self.var(), self.r.choice([7, 15, 31, 63, 127])))
        self.emit("if (p + %d <= end) {" % size)
        self.ind += 1
        self.emit("%s ^= *(u%d *)p;" % (self.var(), size * 8))
        if self.chance(0.6):
            self.emit("*(u%d *)p = %s;" % (size * 8, self.expr(U64, 2)))
        self.ind -= 1
        self.emit("}")
        self.ind -= 1
        self.emit("}")

    def atomic_or_plain(self, ptr):
        r = self.r
        if r.random() < 0.35:
            op = r.choice(["add", "or", "and", "xor"] if self.cpu == "v3" else ["add"])
            if self.cpu == "v3" and r.random() < 0.5:
                self.emit("%s += __sync_fetch_and_%s(%s, %s);" % (self.var(), op, ptr,
                                                                  self.expr(U64, 2)))
            else:
                self.emit("__sync_fetch_and_%s(%s, %s);" % (op, ptr, self.expr(U64, 2)))
        else:
            self.emit("*%s %s %s;" % (ptr, r.choice(["=", "+=", "^="]), self.expr(U64, 2)))
        if r.random() < 0.6:
            self.emit("%s %s *%s;" % (self.var(), r.choice(["=", "+=", "^="]), ptr))

    def array_op(self):
        self.emit("{")
        self.ind += 1
        self.emit("u32 k = %s & %d;" % (self.expr(U32, 2), self.r.choice([7, 7, 15])))
        self.emit("u64 *pv = bpf_map_lookup_elem(&arr, &k);")
        self.emit("if (pv) {")
        self.ind += 1
        self.atomic_or_plain("pv")
        self.ind -= 1
        self.emit("}")
        self.ind -= 1
        self.emit("}")

    def hash_op(self):
        r = self.r
        self.emit("{")
        self.ind += 1
        self.emit("u32 k = %s & %d;" % (self.expr(U32, 2), r.choice([7, 15, 31])))
        k = r.random()
        if k < 0.45:
            self.emit("u64 val = %s;" % self.expr(U64, 2))
            self.emit("int err = bpf_map_update_elem(&hsh, &k, &val, %s);" %
                      r.choice(["BPF_ANY", "BPF_ANY", "BPF_NOEXIST", "BPF_EXIST"]))
            self.emit("%s += err;" % self.var())
        elif k < 0.55:
            self.emit("int err = bpf_map_delete_elem(&hsh, &k);")
            self.emit("%s ^= err;" % self.var())
        else:
            self.emit("u64 *pv = bpf_map_lookup_elem(&hsh, &k);")
            self.emit("if (pv) {")
            self.ind += 1
            self.atomic_or_plain("pv")
            self.ind -= 1
            self.emit("} else {")
            self.ind += 1
            self.emit("%s += 1;" % self.var())
            self.ind -= 1
            self.emit("}")
        self.ind -= 1
        self.emit("}")

    # -- functions ------------------------------------------------------------

    def sub(self, n):
        self.in_sub = "sub%d" % n
        self.lines.append("static __noinline u64 sub%d(u64 a, u64 b, u64 c)" % n)
        self.lines.append("{")
        self.ind = 1
        self.block(self.r.randint(1, 4), 0)
        ret = self.expr(U64, 1)
        if n > 0 and self.chance(0.5):	# callees may call the ones before them
            ret = "(%s + sub%d(a, c, %s))" % (ret, self.r.randrange(n), self.expr(U64, 2))
        self.emit("return %s;" % ret)
        self.lines.append("}")
        self.lines.append("")
        self.in_sub = None

    def tail(self):
        """adjust_head/adjust_tail at the end: the packet pointers are new after."""
        r = self.r
        k = r.random()
        if k < 0.15:
            d = r.choice([-16, -8, -4, 2, 4, 8, 14])
            self.emit("if (bpf_xdp_adjust_head(ctx, %d))" % d)
        elif k < 0.3:
            d = r.choice([-8, -4, -1, 1, 4, 8, 32])
            self.emit("if (bpf_xdp_adjust_tail(ctx, %d))" % d)
        else:
            return
        self.emit("\treturn XDP_DROP;")
        self.emit("data = (void *)(long)ctx->data;")
        self.emit("end = (void *)(long)ctx->data_end;")
        self.emit("if (data + 8 > end)")
        self.emit("\treturn XDP_PASS;")
        self.no_pkt = True
        self.emit("*(u64 *)data = %s;" % self.expr(U64, 2))
        self.no_pkt = False

    def program(self):
        r = self.r
        out = self.lines
        out += ["// SPDX-License-Identifier: GPL-2.0",
                "/* Generated by nfp-sim/tests/fuzzdiff/gen.py prog %d (clang -mcpu=%s) */" %
                (self.seed, self.cpu),
                "#include <linux/bpf.h>",
                "#include <bpf/bpf_helpers.h>",
                "",
                "typedef __u8 u8;", "typedef __u16 u16;", "typedef __u32 u32;",
                "typedef __u64 u64;", "typedef __s32 s32;", "typedef __s64 s64;", "",
                "struct {", "\t__uint(type, BPF_MAP_TYPE_ARRAY);", "\t__uint(max_entries, 8);",
                "\t__type(key, u32);", "\t__type(value, u64);", "} arr SEC(\".maps\");", "",
                "struct {", "\t__uint(type, BPF_MAP_TYPE_HASH);", "\t__uint(max_entries, 16);",
                "\t__type(key, u32);", "\t__type(value, u64);", "} hsh SEC(\".maps\");", ""]
        head = len(out)
        for n in range(self.nsubs):
            self.sub(n)
        out += ["SEC(\"xdp\")", "int fz(struct xdp_md *ctx)", "{"]
        self.ind = 1
        self.emit("void *data = (void *)(long)ctx->data;")
        self.emit("void *end = (void *)(long)ctx->data_end;")
        self.emit("u64 stk[8] = {};")
        self.emit("u8 sb[32] = {};")
        self.emit("u64 %s;" % ", ".join("v%d" % i for i in range(NVARS)))
        self.emit("")
        self.emit("if (data + %d > end)" % self.hdr)
        self.emit("\treturn %s;" % r.choice(["XDP_PASS", "XDP_DROP", "XDP_TX", "XDP_ABORTED"]))
        for i in range(NVARS):
            self.emit("v%d = %s;" % (i, self.pkt_load() if r.random() < 0.7 else
                                     self.const(U64)))
        self.block(r.randint(4, 18), 0)
        # results where the comparison sees them: the frame, the array
        for _ in range(r.randint(1, 3)):
            self.pkt_store()
        self.emit("{")
        self.ind += 1
        self.emit("u32 k = 0;")
        self.emit("u64 *pv = bpf_map_lookup_elem(&arr, &k);")
        self.emit("if (pv)")
        self.emit("\t*pv ^= v0 + v1 * 3 + v2 * 5 + v3 * 7 + v4 * 11 + v5 * 13 + stk[%d] + "
                  "*(u64 *)&sb[%d];" % (r.randrange(8), 8 * r.randrange(4)))
        # the program uses both maps, or the offloaded one leaves hsh out
        # and the comparison misses it on the device
        self.emit("k = 1 + (u32)v%d %% 3;" % r.randrange(NVARS))
        self.emit("bpf_map_update_elem(&hsh, &k, &v%d, BPF_ANY);" % r.randrange(NVARS))
        self.ind -= 1
        self.emit("}")
        self.tail()
        if r.random() < 0.2:
            self.emit("return %s;" % r.choice(["XDP_PASS", "XDP_DROP", "XDP_TX"]))
        else:
            self.emit("return %s & 3;" % self.var())
        out.append("}")
        out += ["", "char LICENSE[] SEC(\"license\") = \"GPL\";", ""]
        out[head:head] = self.raw_helpers()
        return "\n".join(out)


def frames(seed, n):
    """n frames: 14..200 bytes, bytes biased to 0, 1, 0xff, 0x80."""
    r = random.Random(seed * 7919 + 17)
    out = []
    for i in range(n):
        ln = r.choice([14, 15, 16, 20, 24, 32, 40, 47, 48, 60, 64, 65, 100, 128, 200]) \
            if r.random() < 0.5 else r.randint(14, 200)
        b = bytearray()
        for _ in range(ln):
            k = r.random()
            b.append(0 if k < 0.2 else 0xFF if k < 0.3 else 1 if k < 0.35 else
                     0x80 if k < 0.4 else r.getrandbits(8))
        if i % 4 == 0 and ln >= 14:	# an Ethernet-looking head: unicast, IPv4
            b[0:6] = bytes([2, 0, 0, 0, 0, 1])
            b[6:12] = bytes([2, 0, 0, 0, 0, 2])
            b[12:14] = b"\x08\x00"
        out.append(bytes(b))
    return out


def write_pcap(path, recs):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, rec in enumerate(recs):
            f.write(struct.pack("<IIII", i, 0, len(rec), len(rec)) + rec)


def main(argv):
    if len(argv) >= 2 and argv[0] == "prog":
        text = Gen(int(argv[1])).program()
        if len(argv) >= 4 and argv[2] == "-o":
            with open(argv[3], "w") as f:
                f.write(text)
        else:
            sys.stdout.write(text)
        return 0
    if len(argv) == 5 and argv[0] == "frames" and argv[3] == "-o":
        write_pcap(argv[4], frames(int(argv[1]), int(argv[2])))
        return 0
    if len(argv) == 2 and argv[0] == "cflags":
        print("-mcpu=" + cpu_of(int(argv[1])))
        return 0
    sys.stderr.write(__doc__[__doc__.index("Usage:"):])
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
