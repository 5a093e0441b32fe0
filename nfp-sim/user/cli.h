/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: what the subcommands share. Each subcommand lives in its own
 * cmd_*.c; main.c only dispatches.
 */
#ifndef NFPSIM_CLI_H
#define NFPSIM_CLI_H

#include "nfps.h"

/* Every error the user sees goes to stderr with this prefix. Returns 1. */
int cli_err(const char *fmt, ...) __printf(1, 2);

/*
 * getopt_long() returned '?' (opterr is off so every message carries our
 * prefix): name the offending argument and point at --help. Returns 1.
 */
int cli_bad_opt(const char *cmd, char **argv);

/* Parse a decimal or 0x number into @v within [@min, @max]. 0 or -EINVAL. */
int cli_parse_u64(const char *s, u64 min, u64 max, u64 *v);

/* "xdp" / "tc" / "raw" for enum nfps_prog_type, and back (-1 if unknown). */
const char *cli_type_name(enum nfps_prog_type type);
int cli_type_parse(const char *s);

/* nfps_print_fn writing to the FILE * in @priv. */
void cli_print_file(void *priv, const char *fmt, ...) __printf(2, 3);

/* Read a whole file (or stdin for "-"). 0, or 1 after printing the error. */
int cli_read_file(const char *path, u8 **buf, size_t *len);

int cmd_xlate(int argc, char **argv);
int cmd_run(int argc, char **argv);
int cmd_dis(int argc, char **argv);
int cmd_conformance(int argc, char **argv);
int cmd_check(int argc, char **argv);

#endif /* NFPSIM_CLI_H */
