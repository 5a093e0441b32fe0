// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI tests: subprogram layout. cli_order calls cli_fa then cli_fb,
 * and cli_fa calls cli_fc. libbpf appends depth first (main, fa, fc, fb);
 * the CLI's ELF loader must do the same so its images match the kernel's.
 * Each function adds its own constant so test_cli can tell them apart.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

__noinline int cli_fc(int x)
{
	return x + 3003;
}

__noinline int cli_fb(int x)
{
	return x + 2002;
}

__noinline int cli_fa(int x)
{
	return cli_fc(x) + 1001;
}

SEC("xdp")
int cli_order(struct xdp_md *ctx)
{
	int x = ctx->data_end - ctx->data;

	return (cli_fa(x) + cli_fb(x)) & 3;
}

char _license[] SEC("license") = "GPL";
