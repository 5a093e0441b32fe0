// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim dis: disassemble a device image: a file (bpftool prog dump jited
 * ... file F, nfpsim xlate --image F) or, with --id, the image of an
 * offloaded program read from the kernel (BPF_OBJ_GET_INFO_BY_FD's
 * jited_prog_insns), which Debian 12's bpftool, built without libbfd,
 * refuses to dump.
 */
#include <getopt.h>
#include <unistd.h>
#include <bpf/bpf.h>

#include "cli.h"

static const char dis_usage[] =
	"usage: nfpsim dis IMG | --id N\n"
	"Disassemble a device image, as written by\n"
	"`bpftool prog dump jited id N file IMG` or `nfpsim xlate --image IMG`.\n"
	"IMG \"-\" reads standard input.\n"
	"  --id N      the image of offloaded program N (bpftool prog show: \"dev\"),\n"
	"              read from the kernel (root)\n";

static const struct option dis_opts[] = {
	{ "id", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
	{}
};

/* The device image of offloaded program @id, as the kernel reports it. */
static int dis_read_id(const char *arg, u8 **img, size_t *len)
{
	struct bpf_prog_info info = {};
	__u32 ilen = sizeof(info);
	u64 id;
	int fd;

	if (cli_parse_u64(arg, 1, UINT32_MAX, &id))
		return cli_err("--id: '%s' is not a program id", arg);
	fd = bpf_prog_get_fd_by_id(id);
	if (fd < 0 && errno == ENOENT)
		return cli_err("--id %llu: no BPF program has this id (bpftool prog show lists them)",
			       (unsigned long long)id);
	if (fd < 0)
		return cli_err("--id %llu: %s%s", (unsigned long long)id, strerror(errno),
			       errno == EPERM ? " (reading a program needs root)" : "");
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen))
		goto err;
	if (!info.ifindex || !info.jited_prog_len) {
		close(fd);
		return cli_err("--id %llu: program %s is not offloaded: only an offloaded program (bpftool prog show: \"dev\") has a device image",
			       (unsigned long long)id, info.name);
	}
	*len = info.jited_prog_len;
	*img = malloc(*len);
	if (!*img) {
		close(fd);
		return cli_err("out of memory");
	}
	memset(&info, 0, sizeof(info));
	info.jited_prog_len = *len;
	info.jited_prog_insns = (__u64)(unsigned long)*img;
	ilen = sizeof(info);
	if (bpf_obj_get_info_by_fd(fd, &info, &ilen)) {
		free(*img);
		goto err;
	}
	close(fd);
	*len = min_t(size_t, *len, info.jited_prog_len);
	return 0;
err:
	cli_err("--id %llu: BPF_OBJ_GET_INFO_BY_FD: %s", (unsigned long long)id, strerror(errno));
	close(fd);
	return 1;
}

int cmd_dis(int argc, char **argv)
{
	const char *id = NULL, *what;
	size_t len;
	u8 *img;
	int c, ret;

	while ((c = getopt_long(argc, argv, "h", dis_opts, NULL)) != -1) {
		if (c == 'i') {
			id = optarg;
			continue;
		}
		if (c != 'h')
			return cli_bad_opt("dis", argv);
		fputs(dis_usage, stdout);
		return 0;
	}
	if (optind != argc - !id)
		return cli_err("dis: want exactly one IMG or --id N (see nfpsim dis --help)");
	what = id ?: argv[optind];
	if (id ? dis_read_id(id, &img, &len) : cli_read_file(what, &img, &len))
		return 1;
	if (len > UINT32_MAX)
		ret = -EINVAL;
	else
		ret = nfps_image_disasm(img, len, cli_print_file, stdout);
	free(img);
	if (ret)
		return cli_err("%s%s: not an nfpsim device image (%s)", id ? "program " : "", what,
			       strerror(-ret));
	return 0;
}
