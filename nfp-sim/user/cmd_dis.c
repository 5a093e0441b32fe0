// SPDX-License-Identifier: GPL-2.0
/* nfpsim dis: disassemble a device image (bpftool prog dump jited ... file F). */
#include <getopt.h>

#include "cli.h"

static const char dis_usage[] =
	"usage: nfpsim dis IMG\n"
	"Disassemble a device image, as written by\n"
	"`bpftool prog dump jited id N file IMG` or `nfpsim xlate --image IMG`.\n"
	"IMG \"-\" reads standard input.\n";

static const struct option dis_opts[] = {
	{ "help", no_argument, NULL, 'h' },
	{}
};

int cmd_dis(int argc, char **argv)
{
	size_t len;
	u8 *img;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", dis_opts, NULL)) != -1) {
		if (c != 'h')
			return cli_bad_opt("dis", argv);
		fputs(dis_usage, stdout);
		return 0;
	}
	if (optind != argc - 1)
		return cli_err("dis: want exactly one IMG (see nfpsim dis --help)");
	if (cli_read_file(argv[optind], &img, &len))
		return 1;
	if (len > UINT32_MAX)
		ret = -EINVAL;
	else
		ret = nfps_image_disasm(img, len, cli_print_file, stdout);
	free(img);
	if (ret)
		return cli_err("%s: not an nfpsim device image (%s)", argv[optind], strerror(-ret));
	return 0;
}
