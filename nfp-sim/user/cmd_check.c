// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim check: will each program of an object offload to the kernel, and
 * if not, what to change; and does `nfpsim run` run it.
 *
 * The NIC's own answer (map shapes and flags, helpers, instructions, code
 * store, stack) comes from the same core the module runs, through the same
 * path as `nfpsim run` (nfpsim_dev_open()). On top, what the kernel refuses
 * before the NIC is asked, as ip/tc/bpftool load an object with libbpf:
 * - program types other than XDP and tc cls_bpf (bpf_prog_offload_init()
 *   in 6.1, bpf_prog_dev_bound_init() in 6.3+ take only those two) and any
 *   prog_flags, so no SEC("xdp.frags") (BPF_F_XDP_HAS_FRAGS);
 * - global data: the verifier wants map_direct_value_addr for a direct
 *   value load (ld_imm64 BPF_PSEUDO_MAP_VALUE), which offloaded maps lack;
 * - BPF_F_MMAPABLE maps (the NIC core refuses the flag; the CLI drops it
 *   for global data, whose device copy is never mapped);
 * - maps of a type the NIC cannot hold anywhere in the object: libbpf
 *   creates every map of the object with the device's map_ifindex, used
 *   or not (a perf event array stays on the host, offload-neutral).
 * BTF on maps is not an obstacle: the kernel refuses it on offloaded maps
 * (map_check_no_btf) and libbpf retries without it.
 */
#include "cli.h"
#include "device.h"
#include "json.h"

static const char check_usage[] =
	"usage: nfpsim check OBJ [options]\n"
	"For each program of OBJ: will it offload to the kernel (ip link set\n"
	"... xdpoffload, tc ... skip_sw), one line per obstacle with what to\n"
	"change, and does `nfpsim run` run it. Exit 0 when every program\n"
	"offloads, 1 when one does not, 2 when OBJ cannot be read.\n"
	"  --sec S, --prog P    only the programs of section S / named P\n"
	"  --linux VERSION      the kernel to answer for (default: the newest)\n"
	"  --code-store N       code store size in microcode words (default 8192)\n"
	"  --map-size NAME:N    max_entries of a map the object leaves 0\n"
	"  --no-cpuv4           refuse RFC 9669 (cpu=v4) instructions\n"
	"  --json               one JSON document instead of text\n"
	"  -h, --help           this text\n";

enum { CHECK_JSON = 0x300 };

static const struct option check_opts[] = {
	NFPSIM_DEV_LONGOPTS,
	{ "json", no_argument, NULL, CHECK_JSON },
	{ "help", no_argument, NULL, 'h' },
	{}
};

#define CHECK_MAX_OBSTACLES	16

/**
 * struct check_prog - the verdicts on one program
 * @sec: its section
 * @name: its function
 * @type: program type, -1 when unknown
 * @obstacles: why the kernel will not offload it, each with the fix
 * @nr: obstacles
 * @run_err: why `nfpsim run` does not run it, "" when it does
 * @info: sizes, when it translated
 * @translated: @info is valid
 */
struct check_prog {
	const char *sec;
	const char *name;
	int type;
	char obstacles[CHECK_MAX_OBSTACLES][384];
	u32 nr;
	char run_err[512];
	struct nfps_prog_info info;
	bool translated;
};

static void __printf(2, 3) check_add(struct check_prog *cp, const char *fmt, ...)
{
	va_list ap;

	if (cp->nr == CHECK_MAX_OBSTACLES)
		return;
	va_start(ap, fmt);
	vsnprintf(cp->obstacles[cp->nr++], sizeof(cp->obstacles[0]), fmt, ap);
	va_end(ap);
}

/* The message of an error the device printed, without "nfpsim: OBJ: PROG: ". */
static void check_strip(char *dst, size_t len, const char *msg, const struct check_prog *cp,
			const char *obj)
{
	char prefix[512];
	size_t n;

	n = snprintf(prefix, sizeof(prefix), "nfpsim: %s: %s: ", obj, cp->name);
	if (!strncmp(msg, prefix, n))
		msg += n;
	else if (!strncmp(msg, "nfpsim: ", 8))
		msg += 8;
	snprintf(dst, len, "%.*s", (int)strcspn(msg, "\n"), msg);
}

/* What the kernel refuses before the NIC is asked (see the top). */
static void check_kernel(struct check_prog *cp, const struct nfpsim_elf_prog *elf)
{
	u32 i, m;

	if (cp->type != NFPS_PROG_XDP && cp->type != NFPS_PROG_TC)
		check_add(cp, "section %s is not an XDP or tc program: the kernel offloads only XDP and tc cls_bpf programs",
			  cp->sec);
	if (!strncmp(cp->sec, "xdp.frags", 9))
		check_add(cp, "SEC(\"%s\") loads with BPF_F_XDP_HAS_FRAGS, which no kernel offloads: use SEC(\"xdp\") (the NIC sees linear frames only)",
			  cp->sec);
	for (m = 0; m < elf->nr_maps; m++) {
		const struct nfpsim_elf_map *em = &elf->maps[m];

		for (i = 0; i + 1 < elf->len; i++) {
			const struct bpf_insn *insn = &elf->insns[i];

			if (insn->code == (BPF_LD | BPF_IMM | BPF_DW) &&
			    insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE && (u32)insn->imm == m)
				break;
		}
		if (i + 1 < elf->len)
			check_add(cp, "insn %u: %s %s: the kernel gives offloaded maps no direct value access (map_direct_value_addr): keep the variables in an array map and read them with bpf_map_lookup_elem()",
				  i, em->internal ? "global data" : "direct value access to map",
				  em->name);
		if (!em->internal && (em->obj_flags & BPF_F_MMAPABLE))
			check_add(cp, "map %s: BPF_F_MMAPABLE: device memory cannot be mmap()ed by host processes: create the map without it",
				  em->name);
	}
}

/* Does @msg say "map NAME is a" for the inventory entry "NAME (TYPE)"? */
static bool check_names_map(const char *msg, const char *entry)
{
	char want[300];

	snprintf(want, sizeof(want), "map %.*s is a ", (int)strcspn(entry, " "), entry);
	return strstr(msg, want);
}

static void check_one(struct check_prog *cp, const struct nfpsim_dev_opts *base,
		      const struct nfpsim_elf_inv *inv)
{
	struct nfpsim_dev_opts o = *base;
	struct nfpsim_elf_sel sel = { .sec = cp->sec, .prog = cp->name };
	struct nfpsim_elf_prog elf;
	struct nfpsim_dev dev;
	FILE *saved = stderr;
	char err[512], *msg = NULL;
	size_t len = 0;
	u32 i;
	int ret;

	for (i = 0; i < inv->nr_maps; i++)
		check_add(cp, "map %s: libbpf creates every map of the object on the device, and the NIC holds only array and hash maps: make it one, or move it to another object",
			  inv->maps[i]);
	cp->type = nfpsim_elf_sec_type(cp->sec);
	if (base->type >= 0)
		cp->type = base->type;
	if (!nfpsim_elf_load(base->obj, &sel, &elf, err, sizeof(err))) {
		check_kernel(cp, &elf);
		nfpsim_elf_free(&elf);
	}

	/* The NIC's answer: the path `nfpsim run` takes, its message kept. */
	o.sel = sel;
	stderr = open_memstream(&msg, &len);
	if (!stderr) {
		stderr = saved;
		snprintf(cp->run_err, sizeof(cp->run_err), "out of memory");
		return;
	}
	ret = nfpsim_dev_open(&dev, &o);
	fclose(stderr);
	stderr = saved;
	if (ret) {
		check_strip(cp->run_err, sizeof(cp->run_err), msg && msg[0] ? msg : "failed",
			    cp, base->obj);
		/* the NIC refuses it: so does the kernel, for the same reason
		 * (said once: a map of the inventory is already listed)
		 */
		for (i = 0; i < inv->nr_maps; i++)
			if (check_names_map(cp->run_err, inv->maps[i]))
				break;
		if (i == inv->nr_maps)
			check_add(cp, "%s", cp->run_err);
	} else {
		nfps_prog_get_info(dev.prog, &cp->info);
		cp->translated = true;
		/* a warning (native tier unavailable) is not a refusal */
	}
	nfpsim_dev_close(&dev);
	free(msg);
}

static void check_text(const char *obj, const struct check_prog *cps, u32 n)
{
	u32 i, j, good = 0;

	printf("%s:\n", obj);
	for (i = 0; i < n; i++) {
		const struct check_prog *cp = &cps[i];

		good += !cp->nr;
		printf("  %s (section %s, %s): offloads: %s; nfpsim run: %s", cp->name, cp->sec,
		       cp->type >= 0 ? cli_type_name(cp->type) : "type unknown",
		       cp->nr ? "no" : "yes", cp->run_err[0] ? "no" : "yes");
		if (cp->translated)
			printf("; %u eBPF insns, %u microcode words, ~%u cycles",
			       cp->info.ebpf_insns, cp->info.ucode_words, cp->info.static_cycles);
		putchar('\n');
		for (j = 0; j < cp->nr; j++)
			printf("    - %s\n", cp->obstacles[j]);
	}
	printf("%u of %u program%s offload%s\n", good, n, n == 1 ? "" : "s",
	       good == 1 && n == 1 ? "s" : "");
}

static int check_json(const char *obj, const struct check_prog *cps, u32 n)
{
	struct nfpsim_json j;
	u32 i, k;

	nfpsim_json_init(&j, stdout);
	nfpsim_json_obj_begin(&j, NULL);
	nfpsim_json_str(&j, "object", obj);
	nfpsim_json_arr_begin(&j, "programs");
	for (i = 0; i < n; i++) {
		const struct check_prog *cp = &cps[i];

		nfpsim_json_obj_begin(&j, NULL);
		nfpsim_json_str(&j, "name", cp->name);
		nfpsim_json_str(&j, "section", cp->sec);
		nfpsim_json_str(&j, "type", cp->type >= 0 ? cli_type_name(cp->type) : "unknown");
		nfpsim_json_bool(&j, "offload", !cp->nr);
		nfpsim_json_bool(&j, "run", !cp->run_err[0]);
		nfpsim_json_arr_begin(&j, "obstacles");
		for (k = 0; k < cp->nr; k++)
			nfpsim_json_str(&j, NULL, cp->obstacles[k]);
		nfpsim_json_arr_end(&j);
		if (cp->run_err[0])
			nfpsim_json_str(&j, "run_error", cp->run_err);
		if (cp->translated) {
			nfpsim_json_u64(&j, "ebpf_insns", cp->info.ebpf_insns);
			nfpsim_json_u64(&j, "ucode_words", cp->info.ucode_words);
			nfpsim_json_u64(&j, "static_cycles", cp->info.static_cycles);
		}
		nfpsim_json_obj_end(&j);
	}
	nfpsim_json_arr_end(&j);
	nfpsim_json_obj_end(&j);
	return nfpsim_json_finish(&j) ? cli_err("JSON output: write error") : 0;
}

static int check_object(const struct nfpsim_dev_opts *opts, bool json)
{
	struct nfpsim_elf_inv inv;
	struct check_prog *cps;
	char err[512];
	u32 i, n = 0, bad = 0;
	int ret;

	if (nfpsim_elf_inventory(opts->obj, &inv, err, sizeof(err))) {
		cli_err("%s: %s", opts->obj, err);
		return 2;
	}
	cps = calloc(inv.nr_progs + 1, sizeof(*cps));
	if (!cps) {
		nfpsim_elf_inv_free(&inv);
		cli_err("out of memory");
		return 2;
	}
	for (i = 0; i < inv.nr_progs; i++) {
		const char *sec = inv.progs[2 * i], *name = inv.progs[2 * i + 1];

		if ((opts->sel.sec && strcmp(sec, opts->sel.sec)) ||
		    (opts->sel.prog && strcmp(name, opts->sel.prog)))
			continue;
		cps[n].sec = sec;
		cps[n].name = name;
		check_one(&cps[n], opts, &inv);
		bad += !!cps[n].nr;
		n++;
	}
	if (!n) {
		cli_err("%s: no program matches%s%s%s%s", opts->obj,
			opts->sel.sec ? " --sec " : "", opts->sel.sec ?: "",
			opts->sel.prog ? " --prog " : "", opts->sel.prog ?: "");
		ret = 2;
	} else {
		ret = json ? check_json(opts->obj, cps, n) : (check_text(opts->obj, cps, n), 0);
		ret = ret ? 2 : bad ? 1 : 0;
	}
	free(cps);
	nfpsim_elf_inv_free(&inv);
	return ret;
}

int cmd_check(int argc, char **argv)
{
	struct nfpsim_dev_opts opts;
	bool json = false;
	int c, ret = 2;

	nfpsim_dev_opts_init(&opts);
	while ((c = getopt_long(argc, argv, "h", check_opts, NULL)) != -1) {
		ret = nfpsim_dev_parse_opt(&opts, c, optarg);
		if (ret > 0) {
			ret = 2;
			goto out;
		}
		if (!ret)
			continue;
		ret = 2;
		if (c == CHECK_JSON) {
			json = true;
		} else if (c == 'h') {
			fputs(check_usage, stdout);
			ret = 0;
			goto out;
		} else {
			cli_bad_opt("check", argv);
			goto out;
		}
	}
	if (optind != argc - 1) {
		cli_err("check: want exactly one OBJ (see nfpsim check --help)");
		goto out;
	}
	opts.obj = argv[optind];
	ret = check_object(&opts, json);
out:
	nfpsim_dev_opts_free(&opts);
	return ret;
}
