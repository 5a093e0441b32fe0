// SPDX-License-Identifier: GPL-2.0
/*
 * helpers_all without bpf_get_smp_processor_id(), for kernels that refuse
 * offloaded programs calling it (drivers/bpf.c nfpsim_hint_inlined_helper(),
 * selftests/lib.sh helpers_prog()).
 */
#define HELPERS_NO_CPU_ID
#include "helpers_all.bpf.c"
