// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim conformance: the bpf_conformance plugin protocol
 * (github.com/Alan-Jowett/bpf_conformance). The runner starts the plugin
 * with the initial memory as argv[1] and its plugin options as argv[2]
 * (either may be empty), writes the program to stdin as base16 text, and
 * parses stdout as a hex number. A non-zero exit means "rejected".
 * Installed as a symlink named nfpsim-conformance, the binary speaks it
 * directly (the runner cannot pass a subcommand).
 */
#include <inttypes.h>

#include "cli.h"
#include "jit.h"
#include "env.h"
#include "hex.h"

static const char conf_usage[] =
	"usage: nfpsim conformance [MEMHEX] [--no-opt] [--program HEX]\n"
	"bpf_conformance plugin: read a raw eBPF program as base16 text from\n"
	"stdin (or --program), run it with r1 = MEMHEX's bytes and r2 = their\n"
	"length, print r0 in hex. Rejections and faults: message on stderr, exit 1.\n";

/**
 * struct conf_args - the plugin's inputs
 * @mem: initial memory (base16), or NULL
 * @prog: program text from --program, or NULL to read stdin
 * @opt: NFPS_OPT_* for the translator
 * @help: --help was given
 */
struct conf_args {
	const char *mem;
	const char *prog;
	u32 opt;
	bool help;
};

/* One option word; @next is the following word, for --program. */
static int conf_word(struct conf_args *a, const char *w, const char *next, bool *used)
{
	if (!strcmp(w, "-h") || !strcmp(w, "--help")) {
		a->help = true;
	} else if (!strcmp(w, "--no-opt")) {
		a->opt = 0;
	} else if (!strcmp(w, "--program") && next) {
		a->prog = next;
		*used = true;
	} else if (w[0] == '-' && w[1] == '-') {
		return cli_err("conformance: unknown option '%s'", w);
	} else if (!a->mem) {
		a->mem = w;
	} else {
		return cli_err("conformance: unexpected argument '%s'", w);
	}
	return 0;
}

/* The runner passes all plugin options as one argument: split on spaces. */
static int conf_parse(struct conf_args *a, int argc, char **argv)
{
	char *w, *save, *dup;
	bool used;
	int i, ret = 0;

	for (i = 1; !ret && i < argc; i++) {
		used = false;
		if (strncmp(argv[i], "--", 2) || !strchr(argv[i], ' ')) {
			if (argv[i][0])
				ret = conf_word(a, argv[i], i + 1 < argc ? argv[i + 1] : NULL, &used);
			i += used;
			continue;
		}
		dup = strdup(argv[i]);
		for (w = strtok_r(dup, " \t", &save); !ret && w; w = strtok_r(NULL, " \t", &save))
			ret = conf_word(a, w, NULL, &used);
		free(dup);
	}
	return ret;
}

static int conf_decode(const char *what, const char *text, u8 **out, long *len)
{
	*out = malloc(nfpsim_hex_max_len(text));
	if (!*out)
		return cli_err("out of memory");
	*len = nfpsim_hex_decode(text, *out, nfpsim_hex_max_len(text), true);
	if (*len < 0)
		return cli_err("%s is not base16 text (two hex digits per byte)", what);
	return 0;
}

static int conf_exec(const struct nfps_prog *prog, const u8 *mem, u32 mem_len)
{
	struct nfps_run run = {};
	struct nfpsim_env env;
	struct nfps_cpu *cpu;
	int ret;

	nfpsim_env_init(&env, 0);
	cpu = nfps_cpu_create(&nfpsim_env_ops, &env);
	if (!cpu)
		return cli_err("out of memory");
	ret = nfps_cpu_load_mem(cpu, mem, mem_len);
	if (ret)
		ret = cli_err("memory of %u bytes does not fit the NIC (%s)", mem_len,
			      strerror(-ret));
	else if (nfps_run(prog, cpu, &run, NULL, NFPS_CYCLE_BUDGET_DEFAULT))
		ret = cli_err("run failed");
	else if (run.fault != NFPS_FAULT_NONE)
		ret = cli_err("hardware fault: %s at microcode word %u",
			      nfps_fault_name(run.fault), run.fault_pc);
	else
		printf("%" PRIx64 "\n", (u64)run.retval);
	nfps_cpu_destroy(cpu);
	nfpsim_env_free(&env);
	return ret;
}

static int conf_translate(const u8 *code, long len, u32 opt, struct nfps_prog **prog)
{
	struct nfps_diag diag = { .insn = -1 };
	struct nfps_xlate_in in = {
		.type = NFPS_PROG_RAW,
		.insns = (const struct bpf_insn *)code,
		.len = len / sizeof(struct bpf_insn),
		.opt = opt,
	};

	if (!len || len % sizeof(struct bpf_insn))
		return cli_err("program of %ld bytes is not a whole number of instructions", len);
	*prog = nfps_translate(&in, &diag);
	if (!*prog)
		return cli_err("%s", diag.msg[0] ? diag.msg : "translation failed");
	if (nfps_jit_attach(*prog, &diag))	/* same results without it */
		fprintf(stderr, "nfpsim: %s; running in the interpreter\n", diag.msg);
	return 0;
}

int cmd_conformance(int argc, char **argv)
{
	struct conf_args a = { .opt = NFPS_OPT_ALL };
	u8 *text = NULL, *code = NULL, *mem = NULL;
	struct nfps_prog *prog = NULL;
	long code_len, mem_len = 0;
	size_t text_len;
	int ret;

	ret = conf_parse(&a, argc, argv);
	if (ret || a.help) {
		fputs(conf_usage, ret ? stderr : stdout);
		return ret;
	}
	if (!a.prog && cli_read_file("-", &text, &text_len))
		return 1;
	ret = conf_decode("program", a.prog ?: (char *)text, &code, &code_len);
	if (!ret && a.mem)
		ret = conf_decode("memory", a.mem, &mem, &mem_len);
	if (!ret)
		ret = conf_translate(code, code_len, a.opt, &prog);
	if (!ret)
		ret = conf_exec(prog, mem, mem_len);
	if (prog)
		nfps_prog_free(prog);
	free(mem);
	free(code);
	free(text);
	return ret;
}
