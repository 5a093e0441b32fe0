// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the nfpsim CLI's userspace modules (nfp-sim/user/): hex
 * parsing, the JSON writer, pcap reading and writing (both byte orders,
 * both timestamp precisions, every truncation), the ELF loader (program
 * selection, map and global data reference normalisation, BPF-to-BPF call
 * relocation, rejections), verdict names and map key ordering.
 * TAP on stdout (plan at the end, tests/lib/ktap.h); exit 0 when all
 * pass, 1 otherwise.
 *
 * The ELF tests read build/progs/cli_*.bpf.o (built by user.mk), compiling
 * them with clang into $TMPDIR when absent; without clang they SKIP.
 */
#include <unistd.h>

#include "nfps.h"
#include "elfobj.h"
#include "hex.h"
#include "json.h"
#include "mapdump.h"
#include "pcap.h"
#include "report.h"
#include "ktap.h"

/* ---- hex ----------------------------------------------------------------- */

static const struct {
	const char *in;
	bool ws;
	long ret;
	const char *bytes;
} hex_cases[] = {
	{ "0a000001", false, 4, "\x0a\x00\x00\x01" },
	{ "", false, 0, "" },
	{ "DEADbeef", false, 4, "\xde\xad\xbe\xef" },
	{ "b7 00  01\n 95\t", true, 4, "\xb7\x00\x01\x95" },
	{ "  ", true, 0, "" },
	{ "abc", false, -EINVAL, NULL },
	{ "0g", false, -EINVAL, NULL },
	{ "0a 00", false, -EINVAL, NULL },
	{ "0 a", true, -EINVAL, NULL },
	{ "0x01", false, -EINVAL, NULL },
	{ "0011223344", false, -E2BIG, NULL },	/* buffer of 4 */
};

static void test_hex(void)
{
	u8 buf[4], raw[] = { 0x00, 0x7f, 0x80, 0xff };
	char out[16];
	long ret;
	u32 i;

	for (i = 0; i < ARRAY_SIZE(hex_cases); i++) {
		ret = nfpsim_hex_decode(hex_cases[i].in, buf, sizeof(buf), hex_cases[i].ws);
		tap_ok(ret == hex_cases[i].ret &&
		       (ret <= 0 || !memcmp(buf, hex_cases[i].bytes, ret)),
		       "hex: decode case %u%s -> %ld", i, hex_cases[i].ws ? " (spaces)" : "",
		       hex_cases[i].ret);
	}
	nfpsim_hex_encode(raw, sizeof(raw), out);
	tap_ok(!strcmp(out, "007f80ff"), "hex: encode is lowercase, memory order (%s)", out);
	tap_ok(nfpsim_hex_max_len("0a0b0c") >= 3, "hex: max_len bounds the output");
}

/* ---- JSON ---------------------------------------------------------------- */

static char *json_doc(void (*fill)(struct nfpsim_json *j), int *ret)
{
	struct nfpsim_json j;
	char *buf = NULL;
	size_t len;
	FILE *f = open_memstream(&buf, &len);

	nfpsim_json_init(&j, f);
	fill(&j);
	*ret = nfpsim_json_finish(&j);
	fclose(f);
	return buf;
}

static void json_fill_escape(struct nfpsim_json *j)
{
	nfpsim_json_obj_begin(j, NULL);
	nfpsim_json_str(j, "k\"ey", "a\"b\\c\nd\te\x01\x1f\r\xc3\xa9/");
	nfpsim_json_obj_end(j);
}

static void json_fill_nest(struct nfpsim_json *j)
{
	static const u8 h[] = { 0x00, 0xff, 0x0a };

	nfpsim_json_obj_begin(j, NULL);
	nfpsim_json_arr_begin(j, "a");
	nfpsim_json_u64(j, NULL, 1);
	nfpsim_json_s64(j, NULL, -2);
	nfpsim_json_obj_begin(j, NULL);
	nfpsim_json_obj_end(j);
	nfpsim_json_arr_end(j);
	nfpsim_json_obj_begin(j, "b");
	nfpsim_json_bool(j, "t", true);
	nfpsim_json_hex(j, "h", h, sizeof(h));
	nfpsim_json_u64(j, "max", UINT64_MAX);
	nfpsim_json_obj_end(j);
	nfpsim_json_arr_begin(j, "e");
	nfpsim_json_arr_end(j);
	nfpsim_json_obj_end(j);
}

static void json_fill_unbalanced(struct nfpsim_json *j)
{
	nfpsim_json_obj_begin(j, NULL);
	nfpsim_json_arr_begin(j, "x");
	nfpsim_json_obj_end(j);
}

static void test_json(void)
{
	static const char nest[] =
		"{\"a\":[1,-2,{}],\"b\":{\"t\":true,\"h\":\"00ff0a\",\"max\":18446744073709551615},\"e\":[]}\n";
	char *doc;
	int ret;

	doc = json_doc(json_fill_escape, &ret);
	tap_ok(!ret && !strcmp(doc, "{\"k\\\"ey\":\"a\\\"b\\\\c\\nd\\te\\u0001\\u001f\\r\xc3\xa9/\"}\n"),
	       "json: escapes quotes, backslashes and control characters, keeps UTF-8");
	free(doc);
	doc = json_doc(json_fill_nest, &ret);
	tap_ok(!ret && !strcmp(doc, nest), "json: commas and nesting");
	free(doc);
	doc = json_doc(json_fill_unbalanced, &ret);
	tap_ok(ret == -EINVAL, "json: unbalanced document reported by finish()");
	free(doc);
}

/* ---- pcap ---------------------------------------------------------------- */

static const u32 pcap_lens[] = { 60, 1514, 0, 9000 };

static u8 pcap_byte(u32 pkt, u32 i)
{
	return pkt * 31 + i * 7;
}

/* A capture of pcap_lens[] packets in memory; caller frees. */
static u8 *pcap_make(bool swap, bool nsec, size_t *len)
{
	struct nfpsim_pcap_writer w;
	u8 data[9000];
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	u32 p, i;
	int ret;

	ret = nfpsim_pcap_writer_init(&w, f, NFPSIM_PCAP_LINKTYPE_ETHERNET, swap, nsec);
	for (p = 0; p < ARRAY_SIZE(pcap_lens); p++) {
		for (i = 0; i < pcap_lens[p]; i++)
			data[i] = pcap_byte(p, i);
		ret |= nfpsim_pcap_write(&w, 1700000000123456789ULL + p * 1000001ULL, data,
					 pcap_lens[p], pcap_lens[p] + p);
	}
	fclose(f);
	if (ret) {
		free(buf);
		return NULL;
	}
	return (u8 *)buf;
}

static bool pcap_same(const struct nfpsim_pcap *pc, bool nsec)
{
	u64 ts, want;
	u32 p, i;

	if (pc->nr != ARRAY_SIZE(pcap_lens) || pc->linktype != NFPSIM_PCAP_LINKTYPE_ETHERNET)
		return false;
	for (p = 0; p < pc->nr; p++) {
		want = 1700000000123456789ULL + p * 1000001ULL;
		ts = pc->pkts[p].ts_ns;
		if (ts != (nsec ? want : want / 1000 * 1000))
			return false;
		if (pc->pkts[p].caplen != pcap_lens[p] || pc->pkts[p].origlen != pcap_lens[p] + p)
			return false;
		for (i = 0; i < pcap_lens[p]; i++)
			if (pc->pkts[p].data[i] != pcap_byte(p, i))
				return false;
	}
	return true;
}

static void test_pcap_roundtrip(bool swap, bool nsec)
{
	struct nfpsim_pcap pc;
	char err[256] = "";
	size_t len;
	u8 *buf = pcap_make(swap, nsec, &len);
	int ret;

	if (!tap_ok(buf != NULL, "pcap: write %s-endian %s file", swap ? "other" : "host",
		    nsec ? "nanosecond" : "microsecond"))
		return;
	ret = nfpsim_pcap_parse(&pc, buf, len, err, sizeof(err));
	tap_ok(!ret && pc.swapped == swap && pc.nsec == nsec && pcap_same(&pc, nsec),
	       "pcap: read it back: %d packets, lengths, bytes, timestamps %s",
	       (int)ARRAY_SIZE(pcap_lens), err);
	nfpsim_pcap_free(&pc);
}

/* Parse a copy of the first @len bytes of @file; want -EINVAL naming @what. */
static void pcap_bad(const u8 *file, size_t len, const char *what, const char *desc)
{
	struct nfpsim_pcap pc;
	char err[256] = "";
	u8 *copy = malloc(len + 1);
	int ret;

	memcpy(copy, file, len);
	ret = nfpsim_pcap_parse(&pc, copy, len, err, sizeof(err));
	tap_ok(ret == -EINVAL && strstr(err, what), "pcap: %s is an error (%s)", desc, err);
	nfpsim_pcap_free(&pc);
}

static void test_pcap_errors(void)
{
	struct nfpsim_pcap pc;
	size_t len, rec1;
	char err[256];
	u8 *file = pcap_make(false, false, &len);
	u32 big = 0x7fffffff;

	if (!tap_ok(file != NULL, "pcap: reference file for the error cases"))
		return;
	rec1 = 24 + 16 + pcap_lens[0];
	pcap_bad(file, 10, "truncated file header", "10-byte file");
	pcap_bad(file, 0, "truncated file header", "empty file");
	pcap_bad(file, rec1 + 7, "record 1 at offset 100: truncated header",
		 "cut inside a record header");
	pcap_bad(file, rec1 + 16 + 100, "record 1 at offset 100: truncated data (100 of 1514",
		 "cut inside packet data");
	pcap_bad((const u8 *)"this is no capture, only text!!", 31, "not a classic pcap",
		 "garbage");
	pcap_bad((const u8 *)"\x0a\x0d\x0d\x0a\x1c\0\0\0\x4d\x3c\x2b\x1a pcapng.....", 24,
		 "pcapng", "pcapng file");
	memcpy(file + 24 + 8, &big, sizeof(big));
	pcap_bad(file, len, "not plausible", "absurd capture length");
	/* a header-only file is a valid, empty capture */
	if (!nfpsim_pcap_parse(&pc, memcpy(malloc(24), file, 24), 24, err, sizeof(err)))
		tap_ok(pc.nr == 0, "pcap: header-only file has no packets");
	else
		tap_ok(false, "pcap: header-only file parses (%s)", err);
	nfpsim_pcap_free(&pc);
	free(file);
}

/* ---- ELF loader ------------------------------------------------------------ */

/* build/progs/NAME.bpf.o, or a fresh clang build of it; NULL when impossible. */
static const char *elf_obj(const char *name, char *path, size_t len)
{
	char cmd[1024];

	snprintf(path, len, "build/progs/%s.bpf.o", name);
	if (!access(path, R_OK))
		return path;
	snprintf(path, len, "%s/nfpsim-test-%d-%s.bpf.o", getenv("TMPDIR") ?: "/tmp",
		 (int)getpid(), name);
	snprintf(cmd, sizeof(cmd),
		 "clang -target bpf -O2 -g -Infp-sim/tests/progs -c nfp-sim/tests/progs/%s.bpf.c -o %s 2>/dev/null",
		 name, path);
	return system(cmd) ? NULL : path;
}

static bool is_ld64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static bool is_pcall(const struct bpf_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

static int elf_map(const struct nfpsim_elf_prog *p, const char *suffix)
{
	size_t sl = strlen(suffix), nl;
	u32 i;

	for (i = 0; i < p->nr_maps; i++) {
		nl = strlen(p->maps[i].name);
		if (nl >= sl && !strcmp(p->maps[i].name + nl - sl, suffix))
			return i;
	}
	return -1;
}

/* Index of the first LD_IMM64 at or after @from with src_reg @src and imm @imm. */
static int elf_find_ld(const struct nfpsim_elf_prog *p, u32 from, u8 src, s32 imm)
{
	u32 i;

	for (i = from; i + 1 < p->len; i++)
		if (is_ld64(&p->insns[i]) && p->insns[i].src_reg == src && p->insns[i].imm == imm)
			return i;
	return -1;
}

/* Every LD_IMM64 is normalised and every call lands inside the program. */
static bool elf_well_formed(const struct nfpsim_elf_prog *p)
{
	const struct bpf_insn *in;
	s64 target;
	u32 i;

	for (i = 0; i < p->len; i++) {
		in = &p->insns[i];
		if (is_pcall(in)) {
			target = (s64)i + in->imm + 1;
			if (target <= 0 || target >= p->len)
				return false;
		} else if (is_ld64(in)) {
			if (in->src_reg && ((in->src_reg != BPF_PSEUDO_MAP_IDX &&
					     in->src_reg != BPF_PSEUDO_MAP_IDX_VALUE) ||
					    (u32)in->imm >= p->nr_maps))
				return false;
			i++;
		}
	}
	return true;
}

static void test_elf_maps(const struct nfpsim_elf_prog *p)
{
	int hash = elf_map(p, "cli_hash"), arr = elf_map(p, "cli_array");
	int ev = elf_map(p, "cli_events"), bss = elf_map(p, ".bss");
	int data = elf_map(p, ".data"), ro = elf_map(p, ".rodata");

	tap_ok(p->nr_maps == 6 && hash >= 0 && arr >= 0 && ev >= 0 && bss >= 0 && data >= 0 &&
	       ro >= 0, "elf: 3 BTF maps and 3 global data maps (%u)", p->nr_maps);
	if (hash < 0 || arr < 0 || ev < 0 || bss < 0 || data < 0 || ro < 0)
		return;
	tap_ok(p->maps[hash].def.type == BPF_MAP_TYPE_HASH && p->maps[hash].def.key_size == 4 &&
	       p->maps[hash].def.value_size == 8 && p->maps[hash].def.max_entries == 16,
	       "elf: hash map shape from BTF");
	tap_ok(p->maps[ev].def.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY && !p->maps[ev].referenced,
	       "elf: perf event array listed, unreferenced by the xdp program");
	tap_ok(p->maps[data].init && *(u32 *)p->maps[data].init == 7 &&
	       p->maps[ro].init && *(u32 *)p->maps[ro].init == XDP_PASS &&
	       p->maps[data].def.max_entries == 1 && p->maps[data].def.key_size == 4,
	       "elf: global data maps carry their initial values");
	tap_ok(!(p->maps[ro].def.map_flags & BPF_F_MMAPABLE), "elf: BPF_F_MMAPABLE dropped");
	tap_ok(elf_find_ld(p, 0, BPF_PSEUDO_MAP_IDX, hash) >= 0 &&
	       elf_find_ld(p, 0, BPF_PSEUDO_MAP_IDX, arr) >= 0 &&
	       p->maps[hash].referenced && p->maps[arr].referenced,
	       "elf: map references become BPF_PSEUDO_MAP_IDX with imm = map index");
	tap_ok(elf_find_ld(p, 0, BPF_PSEUDO_MAP_IDX_VALUE, bss) >= 0 &&
	       elf_find_ld(p, 0, BPF_PSEUDO_MAP_IDX_VALUE, ro) >= 0 &&
	       p->insns[elf_find_ld(p, 0, BPF_PSEUDO_MAP_IDX_VALUE, bss) + 1].imm == 0,
	       "elf: global data references become BPF_PSEUDO_MAP_IDX_VALUE, offset 0");
}

/*
 * cli_xdp calls cli_twice (global, .text) which calls cli_add (static);
 * cli_add reads .data. Both are appended and the calls point at them.
 */
static void test_elf_calls(const struct nfpsim_elf_prog *p)
{
	int data = elf_map(p, ".data"), call1 = -1, call2 = -1, t1 = -1, t2 = -1;
	u32 i;

	for (i = 0; i < p->len; i++) {
		if (!is_pcall(&p->insns[i]))
			continue;
		if (call1 < 0)
			call1 = i, t1 = i + p->insns[i].imm + 1;
		else if (call2 < 0)
			call2 = i, t2 = i + p->insns[i].imm + 1;
	}
	tap_ok(elf_well_formed(p), "elf: all calls in range, all ld_imm64 normalised");
	tap_ok(call1 >= 0 && call2 > call1 && t1 > call1 && call2 >= t1 && call2 < t1 + 3,
	       "elf: main program calls the appended cli_twice, which calls onward");
	tap_ok(t2 > call2 && p->insns[t2].code == (BPF_ALU64 | BPF_MOV | BPF_X) &&
	       elf_find_ld(p, t2, BPF_PSEUDO_MAP_IDX_VALUE, data) > t2,
	       "elf: same-section call from .text lands on cli_add, which reads .data");
}

static void test_elf_select(const char *obj)
{
	struct nfpsim_elf_prog p;
	char err[256] = "";
	int ev, ret, t;

	ret = nfpsim_elf_load(obj, &(struct nfpsim_elf_sel){ .sec = "tc" }, &p, err, sizeof(err));
	ev = ret ? -1 : elf_map(&p, "cli_events");
	t = ret ? -1 : (int)(p.len - 1);
	tap_ok(!ret && !strcmp(p.name, "cli_tc") && p.type == NFPS_PROG_TC && ev >= 0 &&
	       p.maps[ev].referenced && !p.maps[elf_map(&p, "cli_hash")].referenced,
	       "elf: --sec tc selects cli_tc, type tc, references the perf map %s", err);
	/* the static callee is reached through the .text section symbol + imm */
	tap_ok(!ret && elf_well_formed(&p) && t > 0 && p.insns[t].code == (BPF_JMP | BPF_EXIT) &&
	       elf_find_ld(&p, 0, BPF_PSEUDO_MAP_IDX_VALUE, elf_map(&p, ".data")) > 0,
	       "elf: call to a static .text function via its section symbol");
	nfpsim_elf_free(&p);
	ret = nfpsim_elf_load(obj, &(struct nfpsim_elf_sel){ .prog = "cli_twice" }, &p, err,
			      sizeof(err));
	tap_ok(!ret && !strcmp(p.sec, ".text") && p.type == -1 && p.len == 3 + 7,
	       "elf: a .text function by name, with its callee appended %s", err);
	nfpsim_elf_free(&p);
	ret = nfpsim_elf_load(obj, &(struct nfpsim_elf_sel){ .prog = "nope" }, &p, err,
			      sizeof(err));
	tap_ok(ret == -ENOENT && strstr(err, "'nope'"), "elf: unknown program: %s", err);
	ret = nfpsim_elf_load("/nonexistent.o", NULL, &p, err, sizeof(err));
	tap_ok(ret == -ENOENT && strstr(err, "No such file"), "elf: missing file: %s", err);
}

/*
 * --sec, --prog, both and neither, on an object whose first program is a
 * socket filter and whose "xdp" section holds two.
 */
static void test_elf_sel(void)
{
	static const struct {
		const char *sec, *prog;
		int ret;
		const char *want;	/* the program, or a part of the error */
	} c[] = {
		{ NULL, NULL, 0, "cli_x1" },
		{ "xdp", NULL, -EINVAL, "section 'xdp' has 2 programs (cli_x1, cli_x2): choose one with --prog" },
		{ "xdp", "cli_x2", 0, "cli_x2" },
		{ NULL, "cli_x2", 0, "cli_x2" },
		{ "tc", NULL, 0, "cli_t" },
		{ "socket", NULL, 0, "cli_sock" },
		{ "tc", "cli_x1", -ENOENT, "no program 'cli_x1' in section 'tc'" },
		{ "cli_t", NULL, -ENOENT, "'cli_t' is a function: use --prog cli_t" },
		{ "nope", NULL, -ENOENT, "no section named 'nope'" },
	};
	struct nfpsim_elf_prog p;
	char path[512], err[256];
	const char *obj = elf_obj("cli_select", path, sizeof(path));
	u32 i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(c); i++) {
		if (!obj) {
			tap_skip("elf: program selection", "clang -target bpf unavailable");
			continue;
		}
		err[0] = '\0';
		ret = nfpsim_elf_load(obj, &(struct nfpsim_elf_sel){ c[i].sec, c[i].prog }, &p, err,
				      sizeof(err));
		tap_ok(ret == c[i].ret && (ret ? !!strstr(err, c[i].want) : !strcmp(p.name, c[i].want)),
		       "elf: --sec %s --prog %s: %s (got %d %s)", c[i].sec ?: "-", c[i].prog ?: "-",
		       c[i].want, ret, ret ? err : p.name);
		if (!ret)
			nfpsim_elf_free(&p);
	}
}

static void test_elf_badmap(void)
{
	struct nfpsim_elf_prog p;
	char path[512], err[256] = "";
	const char *obj = elf_obj("cli_badmap", path, sizeof(path));
	int ret;

	if (!obj) {
		tap_skip("elf: unsupported map types", "clang -target bpf unavailable");
		return;
	}
	ret = nfpsim_elf_load(obj, NULL, &p, err, sizeof(err));
	tap_ok(ret == -EOPNOTSUPP && strstr(err, "insn ") && strstr(err, "cli_lru") &&
	       strstr(err, "lru_hash"), "elf: LRU hash map rejected by name and insn: %s", err);
	err[0] = '\0';
	ret = nfpsim_elf_load(obj, &(struct nfpsim_elf_sel){ .prog = "cli_uses_array" }, &p, err,
			      sizeof(err));
	tap_ok(!ret && p.nr_maps == 1 && !strcmp(p.maps[0].name, "cli_ok") &&
	       p.insns[elf_find_ld(&p, 0, BPF_PSEUDO_MAP_IDX, 0)].imm == 0,
	       "elf: unused unsupported map left out, indexes follow %s", err);
	nfpsim_elf_free(&p);
}

/* Output index of the first "r0 += @k", or -1. */
static int elf_find_add(const struct nfpsim_elf_prog *p, s32 k)
{
	u32 i;

	for (i = 0; i < p->len; i++)
		if (p->insns[i].code == (BPF_ALU64 | BPF_ADD | BPF_K) && p->insns[i].imm == k)
			return i;
	return -1;
}

static void test_elf_order(void)
{
	struct nfpsim_elf_prog p;
	char path[512], err[256] = "";
	const char *obj = elf_obj("cli_order", path, sizeof(path));
	int a, b, c;

	if (!obj) {
		tap_skip("elf: subprogram layout", "clang -target bpf unavailable");
		return;
	}
	if (!tap_ok(!nfpsim_elf_load(obj, NULL, &p, err, sizeof(err)), "elf: load cli_order %s",
		    err))
		return;
	a = elf_find_add(&p, 1001);
	b = elf_find_add(&p, 2002);
	c = elf_find_add(&p, 3003);
	tap_ok(a > 0 && c > a && b > c && elf_well_formed(&p),
	       "elf: subprograms appended depth first like libbpf (fa %d, fc %d, fb %d)", a, c, b);
	nfpsim_elf_free(&p);
}

static const struct {
	const char *sec;
	int type;
} sec_types[] = {
	{ "xdp", NFPS_PROG_XDP }, { "xdp.frags", NFPS_PROG_XDP }, { "xdp/devmap", NFPS_PROG_XDP },
	{ "tc", NFPS_PROG_TC }, { "classifier", NFPS_PROG_TC }, { "classifier/x", NFPS_PROG_TC },
	{ "tcx/ingress", NFPS_PROG_TC }, { "tc/egress", NFPS_PROG_TC },
	{ "socket", -1 }, { "tcp_thing", -1 }, { ".text", -1 },
};

static void test_elf(void)
{
	struct nfpsim_elf_prog p;
	char path[512], err[256] = "";
	const char *obj = elf_obj("cli_reloc", path, sizeof(path));
	u32 i;

	for (i = 0; i < ARRAY_SIZE(sec_types); i++)
		tap_ok(nfpsim_elf_sec_type(sec_types[i].sec) == sec_types[i].type,
		       "elf: section '%s' -> type %d", sec_types[i].sec, sec_types[i].type);
	if (!obj) {
		tap_skip("elf: relocations", "clang -target bpf unavailable");
		return;
	}
	if (tap_ok(!nfpsim_elf_load(obj, NULL, &p, err, sizeof(err)) &&
		   !strcmp(p.name, "cli_xdp") && !strcmp(p.sec, "xdp") && p.type == NFPS_PROG_XDP,
		   "elf: default program is the first one, cli_xdp in xdp %s", err)) {
		test_elf_maps(&p);
		test_elf_calls(&p);
		nfpsim_elf_free(&p);
	}
	test_elf_select(obj);
	test_elf_sel();
	test_elf_badmap();
	test_elf_order();
}

/* ---- verdicts and map dumps --------------------------------------------- */

static void test_verdicts(void)
{
	tap_ok(!strcmp(nfpsim_verdict_name(NFPS_PROG_XDP, 2), "PASS") &&
	       !strcmp(nfpsim_verdict_name(NFPS_PROG_XDP, 0), "ABORTED") &&
	       !strcmp(nfpsim_verdict_name(NFPS_PROG_XDP, 4), "REDIRECT") &&
	       !nfpsim_verdict_name(NFPS_PROG_XDP, 5), "verdict: XDP names");
	tap_ok(!strcmp(nfpsim_verdict_name(NFPS_PROG_TC, 0xffffffffULL), "UNSPEC") &&
	       !strcmp(nfpsim_verdict_name(NFPS_PROG_TC, (u64)-1), "UNSPEC") &&
	       !strcmp(nfpsim_verdict_name(NFPS_PROG_TC, 2), "SHOT") &&
	       !strcmp(nfpsim_verdict_name(NFPS_PROG_TC, 0), "OK") &&
	       !nfpsim_verdict_name(NFPS_PROG_TC, 9) && !nfpsim_verdict_name(NFPS_PROG_RAW, 0),
	       "verdict: TC names, 32-bit r0");
}

static void test_mapdump(void)
{
	struct nfps_map_def def = { BPF_MAP_TYPE_HASH, 2, 1, 8, 0 };
	struct nfps_mem mem = { .limit = 1 << 20 };
	static const u8 keys_in[][2] = { { 0x80, 0x01 }, { 0x00, 0xff }, { 0x7f, 0x00 } };
	struct nfps_diag diag;
	struct nfps_map *map;
	u8 v = 1, *keys;
	u32 n, i;

	if (nfps_map_create(&mem, &def, &map, &diag)) {
		tap_ok(false, "mapdump: create a hash map: %s", diag.msg);
		return;
	}
	for (i = 0; i < ARRAY_SIZE(keys_in); i++)
		nfps_map_update(map, keys_in[i], &v, BPF_ANY);
	tap_ok(!nfpsim_map_keys(map, &def, &keys, &n) && n == 3 &&
	       !memcmp(keys, "\x00\xff\x7f\x00\x80\x01", 6),
	       "mapdump: hash keys sorted by their bytes");
	free(keys);
	nfps_map_destroy(map);
	def = (struct nfps_map_def){ BPF_MAP_TYPE_ARRAY, 4, 4, 3, 0 };
	tap_ok(!nfpsim_map_keys(NULL, &def, &keys, &n) && n == 3 &&
	       !memcmp(keys, (u32[]){ 0, 1, 2 }, 12),
	       "mapdump: array keys are every index, host order");
	free(keys);
}

/* ---- device options ------------------------------------------------------ */

#define V4	NFPS_CAP_CPUV4
#define H613	NFPS_CAP_HELPERS_613

/* caps after the options @a then @b (NULL: none; "-" is --no-cpuv4), or -1 on an error */
static long dev_caps_after(const char *a, const char *b)
{
	const char * const args[] = { a, b };
	struct nfpsim_dev_opts opts;
	long caps;
	char buf[64];
	int i, err = 0;

	nfpsim_dev_opts_init(&opts);
	for (i = 0; i < 2 && args[i] && !err; i++) {
		snprintf(buf, sizeof(buf), "%s", args[i]);
		if (!strcmp(buf, "-"))
			err = nfpsim_dev_parse_opt(&opts, NFPSIM_OPT_NO_CPUV4, NULL);
		else
			err = nfpsim_dev_parse_opt(&opts, NFPSIM_OPT_LINUX, buf);
	}
	caps = err ? -1 : (long)opts.caps;
	nfpsim_dev_opts_free(&opts);
	return caps;
}

/*
 * The CLI stands in for the newest kernel (6.6+ verifier, 6.13+ helpers)
 * unless told to be an older one.
 */
static void test_dev_opts(void)
{
	static const char * const bad[] = { "6", "6.", "x.1", "6.1x", " 6.1", "-6.1", "6,1", "" };
	u32 i, nbad = 0;

	tap_ok(dev_caps_after(NULL, NULL) == (V4 | H613),
	       "options: cpu=v4 and 6.13+ helpers by default (the newest kernel)");
	tap_ok(dev_caps_after("-", NULL) == H613,
	       "options: --no-cpuv4 refuses cpu=v4 (a 6.1 verifier), helpers unchanged");
	tap_ok(dev_caps_after("6.1", NULL) == 0 && dev_caps_after("6.5", NULL) == 0,
	       "options: --linux 6.1/6.5: no cpu=v4, 6.1 helpers");
	tap_ok(dev_caps_after("6.6", NULL) == V4 && dev_caps_after("6.12", NULL) == V4,
	       "options: --linux 6.6/6.12: cpu=v4, 6.1 helpers");
	tap_ok(dev_caps_after("6.13", NULL) == (V4 | H613) &&
	       dev_caps_after("7.3", NULL) == (V4 | H613),
	       "options: --linux 6.13/7.3: cpu=v4, 6.13 helpers");
	tap_ok(dev_caps_after("6.1.0-57-amd64", NULL) == 0 &&
	       dev_caps_after("6.12.118+deb12-amd64", NULL) == V4 &&
	       dev_caps_after("6.18.44-fc-v1300", NULL) == (V4 | H613) &&
	       dev_caps_after("6.13~rc1", NULL) == (V4 | H613),
	       "options: --linux takes uname -r strings");
	tap_ok(dev_caps_after("-", "6.18") == H613 && dev_caps_after("6.18", "-") == H613 &&
	       dev_caps_after("6.12", "-") == 0,
	       "options: --no-cpuv4 holds before or after --linux");
	tap_ok(dev_caps_after("6.1", "6.13") == (V4 | H613),
	       "options: the last --linux wins");
	tap_ok(dev_caps_after("5.15", NULL) == -1 && dev_caps_after("5.99.1", NULL) == -1,
	       "options: --linux before 6.1 refused");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		nbad += dev_caps_after(bad[i], NULL) == -1;
	tap_ok(nbad == ARRAY_SIZE(bad), "options: --linux refuses what is not a version (%u of %zu)",
	       nbad, ARRAY_SIZE(bad));
}

int main(void)
{
	test_hex();
	test_json();
	test_pcap_roundtrip(false, false);
	test_pcap_roundtrip(true, false);
	test_pcap_roundtrip(false, true);
	test_pcap_roundtrip(true, true);
	test_pcap_errors();
	test_elf();
	test_verdicts();
	test_mapdump();
	test_dev_opts();
	return tap_done();
}
