// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs of the offload half: each bound program's bpf_bound_progs/<seq>/
 * entry (netdevsim's id, state and loaded; beyond netdevsim the microcode
 * with execution counts, what the NIC did with the program, and the
 * translation's numbers) and the device's knobs (netdevsim's bpf_bind_*,
 * and the NIC's limits: code_store, cycle_budget, mem_budget, mem_used).
 */

#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/slab.h>

#include "nfpsim.h"

/* netdevsim's strings for the "state" file, which test_offload.py reads. */
static const char * const nfpsim_prog_state_names[] = {
	[NFPSIM_PROG_VERIFY]	= "verify",
	[NFPSIM_PROG_XLATED]	= "xlated",
};

static int nfpsim_bpf_state_show(struct seq_file *m, void *data)
{
	struct nfpsim_bpf_prog *state = m->private;

	seq_printf(m, "%s\n", nfpsim_prog_state_names[READ_ONCE(state->state)]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfpsim_bpf_state);

static __printf(2, 3) void nfpsim_seq_print(void *priv, const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	seq_vprintf(priv, fmt, args);
	va_end(args);
}

/* Sum a per-CPU profile; NULL if it cannot be allocated. */
static u64 *nfpsim_profile_sum(struct nfpsim_bpf_prog *state, u32 words)
{
	u64 *sum;
	int cpu;
	u32 i;

	if (!state->profile)
		return NULL;
	sum = kvcalloc(words, sizeof(*sum), GFP_KERNEL);
	if (!sum)
		return NULL;
	for_each_possible_cpu(cpu) {
		const u64 *p = nfpsim_bpf_profile(state, cpu);

		for (i = 0; i < words; i++)
			sum[i] += p[i];
	}
	return sum;
}

/* Microcode of a bound program as the NIC holds it, with execution counts. */
static int nfpsim_bpf_ucode_show(struct seq_file *m, void *data)
{
	struct nfpsim_bpf_prog *state = m->private;
	struct nfps_prog_info info;
	u64 *profile;

	if (!state->nprog) {
		seq_puts(m, "not translated\n");
		return 0;
	}
	nfps_prog_get_info(state->nprog, &info);
	profile = nfpsim_profile_sum(state, info.ucode_words);
	nfps_prog_disasm(state->nprog, profile, nfpsim_seq_print, m);
	kvfree(profile);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfpsim_bpf_ucode);

/* What the NIC did with the program: runs, cycles, return values. */
static int nfpsim_bpf_stats_show(struct seq_file *m, void *data)
{
	struct nfpsim_bpf_prog *state = m->private;
	struct nfpsim_prog_stats sum = {};
	int cpu, i;

	for_each_possible_cpu(cpu) {
		struct nfpsim_prog_stats *ps = per_cpu_ptr(state->stats, cpu);

		sum.runs += ps->runs;
		sum.cycles += ps->cycles;
		sum.max_cycles = max(sum.max_cycles, ps->max_cycles);
		sum.faults += ps->faults;
		for (i = 0; i < NFPSIM_RETVALS; i++)
			sum.retvals[i] += ps->retvals[i];
		for (i = 0; i < NFPSIM_HIST_BUCKETS; i++)
			sum.hist[i] += ps->hist[i];
	}
	seq_printf(m, "runs %llu\ncycles %llu\ncycles_avg %llu\ncycles_max %llu\nfaults %llu\n",
		   sum.runs, sum.cycles, sum.runs ? div64_u64(sum.cycles, sum.runs) : 0,
		   sum.max_cycles, sum.faults);
	for (i = 0; i < NFPSIM_RETVALS; i++)
		seq_printf(m, "retval%s%d %llu\n", i == NFPSIM_RETVALS - 1 ? ">=" : "_", i,
			   sum.retvals[i]);
	seq_puts(m, "cycles_histogram (cycles < 2^n: runs)\n");
	for (i = 0; i < NFPSIM_HIST_BUCKETS; i++)
		if (sum.hist[i])
			seq_printf(m, "  %2d %llu\n", i, sum.hist[i]);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfpsim_bpf_stats);

static int nfpsim_bpf_info_show(struct seq_file *m, void *data)
{
	struct nfpsim_bpf_prog *state = m->private;
	struct nfps_prog_info info = {};

	if (state->nprog)
		nfps_prog_get_info(state->nprog, &info);
	seq_printf(m, "ebpf_insns %u\nucode_words %u\ncode_store %u\nstatic_cycles %u\n"
		   "analysis_mismatches %u\n", info.ebpf_insns, info.ucode_words,
		   state->ndev->code_store, info.static_cycles, state->mismatches);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfpsim_bpf_info);

/**
 * nfpsim_bpf_prog_debugfs_init() - a bound program's bpf_bound_progs/ entry
 * @state: the program's driver state
 * @seq: the entry's name: the device's count of bound programs, as
 *	 netdevsim's (the program id is not allocated yet at prepare)
 *
 * Removed with debugfs_remove_recursive(@state->ddir).
 */
void nfpsim_bpf_prog_debugfs_init(struct nfpsim_bpf_prog *state, u32 seq)
{
	char name[16];

	snprintf(name, sizeof(name), "%u", seq);
	state->ddir = debugfs_create_dir(name, state->ndev->bpf_bound_progs_ddir);
	debugfs_create_u32("id", 0400, state->ddir, &state->prog->aux->id);
	debugfs_create_file("state", 0400, state->ddir, state, &nfpsim_bpf_state_fops);
	debugfs_create_bool("loaded", 0400, state->ddir, &state->is_loaded);
	debugfs_create_file("ucode", 0400, state->ddir, state, &nfpsim_bpf_ucode_fops);
	debugfs_create_file("info", 0400, state->ddir, state, &nfpsim_bpf_info_fops);
	debugfs_create_file("stats", 0400, state->ddir, state, &nfpsim_bpf_stats_fops);
}

static int nfpsim_mem_used_get(void *data, u64 *val)
{
	struct nfps_mem *mem = data;

	*val = atomic_long_read(&mem->used);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nfpsim_mem_used_fops, nfpsim_mem_used_get, NULL, "%llu\n");

static int nfpsim_code_store_set(void *data, u64 val)
{
	if (!val || val > U16_MAX)
		return -EINVAL;	/* 1 .. 65535 words */
	*(u32 *)data = val;
	return 0;
}

/* Getter of the u32 knobs whose setters check the range. */
static int nfpsim_u32_knob_get(void *data, u64 *val)
{
	*val = READ_ONCE(*(u32 *)data);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nfpsim_code_store_fops, nfpsim_u32_knob_get,
			 nfpsim_code_store_set, "%llu\n");

static int nfpsim_cycle_budget_set(void *data, u64 val)
{
	if (!val || val > U32_MAX)
		return -EINVAL;
	WRITE_ONCE(*(u32 *)data, val);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(nfpsim_cycle_budget_fops, nfpsim_u32_knob_get,
			 nfpsim_cycle_budget_set, "%llu\n");

/**
 * nfpsim_bpf_dev_debugfs_init() - the device's bpf_bound_progs/ and knobs
 * @ndev: the device, its knobs at their defaults
 */
void nfpsim_bpf_dev_debugfs_init(struct nfpsim_dev *ndev)
{
	ndev->bpf_bound_progs_ddir = debugfs_create_dir("bpf_bound_progs", ndev->ddir);
	debugfs_create_bool("bpf_bind_accept", 0600, ndev->ddir, &ndev->bpf_bind_accept);
	debugfs_create_u32("bpf_bind_verifier_delay", 0600, ndev->ddir,
			   &ndev->bpf_bind_verifier_delay);
	debugfs_create_bool("bpf_bind_verifier_accept", 0600, ndev->ddir,
			    &ndev->bpf_bind_verifier_accept);
	debugfs_create_file_unsafe("code_store", 0600, ndev->ddir, &ndev->code_store,
				   &nfpsim_code_store_fops);
	debugfs_create_file_unsafe("cycle_budget", 0600, ndev->ddir, &ndev->cycle_budget,
				   &nfpsim_cycle_budget_fops);
	debugfs_create_u64("mem_budget", 0600, ndev->ddir, &ndev->mem.limit);
	debugfs_create_file_unsafe("mem_used", 0400, ndev->ddir, &ndev->mem,
				   &nfpsim_mem_used_fops);
}
