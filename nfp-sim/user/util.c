// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: helpers shared by the subcommands. */
#include <getopt.h>

#include "cli.h"

int cli_err(const char *fmt, ...)
{
	va_list ap;

	fputs("nfpsim: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int cli_bad_opt(const char *cmd, char **argv)
{
	return cli_err("%s: unknown option or missing argument: %s (see nfpsim %s --help)",
		       cmd, argv[optind - 1], cmd);
}

int cli_parse_u64(const char *s, u64 min, u64 max, u64 *v)
{
	unsigned long long x;
	char *end;

	if (!*s || *s == '-')
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || x < min || x > max)
		return -EINVAL;
	*v = x;
	return 0;
}

static const char *const cli_types[] = {
	[NFPS_PROG_XDP] = "xdp",
	[NFPS_PROG_TC] = "tc",
	[NFPS_PROG_RAW] = "raw",
};

const char *cli_type_name(enum nfps_prog_type type)
{
	return type < ARRAY_SIZE(cli_types) ? cli_types[type] : "?";
}

int cli_type_parse(const char *s)
{
	u32 i;

	for (i = 0; i < ARRAY_SIZE(cli_types); i++)
		if (!strcmp(s, cli_types[i]))
			return i;
	return -1;
}

void cli_print_file(void *priv, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(priv, fmt, ap);
	va_end(ap);
}

int cli_read_file(const char *path, u8 **buf, size_t *len)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 4096, n = 0;
	u8 *b = NULL, *nb;

	if (!f)
		return cli_err("%s: %s", path, strerror(errno));
	for (;;) {
		nb = realloc(b, cap + 1);
		if (!nb)
			break;
		b = nb;
		n += fread(b + n, 1, cap - n, f);
		if (n < cap)
			break;
		cap *= 2;
	}
	if (!nb || ferror(f)) {
		cli_err("%s: %s", path, nb ? "read error" : "out of memory");
		free(b);
		b = NULL;
	}
	if (f != stdin)
		fclose(f);
	if (!b)
		return 1;
	b[n] = '\0';	/* text inputs (conformance) can be used as strings */
	*buf = b;
	*len = n;
	return 0;
}
