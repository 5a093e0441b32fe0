// SPDX-License-Identifier: GPL-2.0
/*
 * xdp_buff_len.bpf.c as a plain SEC("xdp") program: the kernel offloads
 * no frags-aware one, so this is the one the NIC runs in the VM tests.
 */
#define BUFF_LEN_SEC "xdp"
#include "xdp_buff_len.bpf.c"
