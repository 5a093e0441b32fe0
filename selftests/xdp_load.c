// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_load: load a two-instruction program ("r0 = VERDICT; exit") with the
 * prog_ifindex and prog_flags that no iproute2 or Debian 12 bpftool command
 * line can give, and pin it, so ip/tc can then attach it with "pinned".
 *
 *   xdp_load [--dev-bound-only] [--tc] IFNAME VERDICT PIN
 *
 * --dev-bound-only sets BPF_F_XDP_DEV_BOUND_ONLY (kernel >= 6.3): the
 * program is bound to IFNAME's device for XDP metadata kfuncs but not
 * offloaded. Prints "OK <prog id>" or "<errno name>: <verifier log>" and
 * exits 0 when it could run the experiment, 2 on bad usage.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <bpf/bpf.h>

#ifndef BPF_F_XDP_DEV_BOUND_ONLY
#define BPF_F_XDP_DEV_BOUND_ONLY (1U << 6)	/* uapi of 6.3 */
#endif

int main(int argc, char **argv)
{
	LIBBPF_OPTS(bpf_prog_load_opts, opts);
	enum bpf_prog_type type = BPF_PROG_TYPE_XDP;
	struct bpf_prog_info info = {};
	__u32 len = sizeof(info);
	static char log[4096];
	struct bpf_insn insns[2];
	int i = 1, fd;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "--dev-bound-only"))
			opts.prog_flags |= BPF_F_XDP_DEV_BOUND_ONLY;
		else if (!strcmp(argv[i], "--tc"))
			type = BPF_PROG_TYPE_SCHED_CLS;
		else
			break;
	}
	if (argc - i != 3) {
		fprintf(stderr, "usage: xdp_load [--dev-bound-only] [--tc] IFNAME VERDICT PIN\n");
		return 2;
	}
	opts.prog_ifindex = if_nametoindex(argv[i]);
	if (!opts.prog_ifindex) {
		fprintf(stderr, "xdp_load: no interface %s\n", argv[i]);
		return 2;
	}
	/* r0 = VERDICT; exit */
	insns[0] = (struct bpf_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0,
				      .imm = atoi(argv[i + 1]) };
	insns[1] = (struct bpf_insn){ .code = BPF_JMP | BPF_EXIT };
	opts.log_buf = log;
	opts.log_size = sizeof(log);
	opts.log_level = 1;
	fd = bpf_prog_load(type, "xdp_load", "GPL", insns, 2, &opts);
	if (fd < 0) {
		int err = errno;

		log[strcspn(log, "\n")] = 0;
		printf("%s: %s\n", strerrorname_np(err), log);
		return 0;
	}
	if (bpf_obj_pin(fd, argv[i + 2]) || bpf_obj_get_info_by_fd(fd, &info, &len)) {
		perror("xdp_load: pin");
		return 2;
	}
	printf("OK %u\n", info.id);
	return 0;
}
