// SPDX-License-Identifier: GPL-2.0
/* nfpsim xlate: translate one program and show the microcode. */
#include "cli.h"
#include "device.h"

static const char xlate_usage[] =
	"usage: nfpsim xlate OBJ [options]\n"
	"Translate a BPF program of the ELF object OBJ to microcode; print the\n"
	"disassembly, eBPF and microcode sizes and the static cycle estimate,\n"
	"or why the NIC cannot run the program (exit 1).\n"
	NFPSIM_DEV_USAGE
	"  --map NAME:KEY:VAL   preload a map entry (hex bytes, memory order)\n"
	"  --image F            write the device image (what bpftool dumps) to F\n"
	"  -q, --quiet          sizes only, no disassembly\n"
	"  -h, --help           this text\n";

static const struct option xlate_opts[] = {
	NFPSIM_DEV_LONGOPTS,
	{ "image", required_argument, NULL, 'i' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

static int xlate_write_image(const struct nfps_prog *prog, const char *path)
{
	const void *img;
	u32 len = 0;
	FILE *f;
	int ok;

	img = nfps_prog_image(prog, &len);
	if (!img)
		return cli_err("no device image for this program");
	f = fopen(path, "wb");
	if (!f)
		return cli_err("%s: %s", path, strerror(errno));
	ok = fwrite(img, 1, len, f) == len;
	if (fclose(f) || !ok)
		return cli_err("%s: write error", path);
	return 0;
}

static void xlate_report(const struct nfpsim_dev *dev, bool quiet)
{
	struct nfps_prog_info info = {};

	nfps_prog_get_info(dev->prog, &info);
	if (!quiet)
		nfps_prog_disasm(dev->prog, NULL, cli_print_file, stdout);
	printf("program:         %s (section %s, type %s)\n", dev->elf.name, dev->elf.sec,
	       cli_type_name(dev->type));
	printf("ebpf insns:      %u\n", info.ebpf_insns);
	printf("microcode words: %u\n", info.ucode_words);
	printf("ratio:           %.2f\n",
	       info.ebpf_insns ? (double)info.ucode_words / info.ebpf_insns : 0.0);
	printf("static cycles:   %u\n", info.static_cycles);
}

int cmd_xlate(int argc, char **argv)
{
	struct nfpsim_dev_opts opts;
	const char *image = NULL;
	struct nfpsim_dev dev;
	bool quiet = false;
	int c, ret = 1;

	nfpsim_dev_opts_init(&opts);
	while ((c = getopt_long(argc, argv, "qh", xlate_opts, NULL)) != -1) {
		ret = nfpsim_dev_parse_opt(&opts, c, optarg);
		if (ret > 0)
			goto out;
		if (!ret)
			continue;
		ret = 1;
		if (c == 'i') {
			image = optarg;
		} else if (c == 'q') {
			quiet = true;
		} else if (c == 'h') {
			fputs(xlate_usage, stdout);
			ret = 0;
			goto out;
		} else {
			cli_bad_opt("xlate", argv);
			goto out;
		}
	}
	if (optind != argc - 1) {
		cli_err("xlate: want exactly one OBJ (see nfpsim xlate --help)");
		goto out;
	}
	opts.obj = argv[optind];
	ret = nfpsim_dev_open(&dev, &opts);
	if (!ret) {
		xlate_report(&dev, quiet);
		ret = image ? xlate_write_image(dev.prog, image) : 0;
	}
	nfpsim_dev_close(&dev);
out:
	nfpsim_dev_opts_free(&opts);
	return ret;
}
