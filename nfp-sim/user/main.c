// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim: userspace front end of the simulated eBPF-offload NIC. The
 * subcommands live in cmd_*.c; this file only dispatches.
 */
#include <getopt.h>
#include <libgen.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *help;
} commands[] = {
	{ "xlate", cmd_xlate, "translate a program of a BPF object, print the microcode" },
	{ "run", cmd_run, "run a program on the packets of a pcap file" },
	{ "check", cmd_check, "will each program offload to the kernel, and what to change" },
	{ "dis", cmd_dis, "disassemble a device image dumped by bpftool" },
	{ "conformance", cmd_conformance, "bpf_conformance plugin (program on stdin)" },
};

static void list_commands(FILE *f)
{
	size_t i;

	fputs("usage: nfpsim COMMAND [ARGS]   (nfpsim COMMAND --help for details)\n", f);
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %-12s %s\n", commands[i].name, commands[i].help);
}

int main(int argc, char **argv)
{
	size_t i;

	opterr = 0;	/* cli_bad_opt() reports, with the "nfpsim: " prefix */
	/* bpf_conformance runs the plugin binary itself: allow a symlink */
	if (!strcmp(basename(argv[0]), "nfpsim-conformance"))
		return cmd_conformance(argc, argv);
	if (argc < 2) {
		list_commands(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") || !strcmp(argv[1], "help")) {
		list_commands(stdout);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(commands); i++)
		if (!strcmp(argv[1], commands[i].name))
			return commands[i].fn(argc - 1, argv + 1);
	cli_err("unknown command '%s'", argv[1]);
	list_commands(stderr);
	return 1;
}
