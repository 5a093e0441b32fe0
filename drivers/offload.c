// SPDX-License-Identifier: GPL-2.0
/*
 * Programs bound to an nfpsim NIC: the bpf_prog_offload_ops the verifier
 * calls (prepare, the instruction hook, finalize, replace_insn/remove_insns,
 * translate, destroy), the per-instruction facts taken from the verifier's
 * register state, and translation into nfp-sim microcode. netdevsim's names
 * and semantics (drivers/net/netdevsim/bpf.c); the bound programs' debugfs
 * entries are bpf_dbgfs.c's.
 *
 * Like the NFP driver (nfp/bpf/offload.c, verifier.c) we translate our own
 * copy of the instructions, taken at prepare time, with per-instruction facts
 * recorded by the insn hook from the verifier's register state, and we mirror
 * the verifier's dead-code work on that copy. Beyond NFP, we translate once
 * already in finalize, while the verifier log is still open, so a program the
 * NIC cannot run is rejected at load time with a "[nfpsim] " log line that
 * names the instruction; translate() then redoes it on the optimised copy.
 */

#include <linux/bpf.h>
#include <linux/bpf_verifier.h>
#include <linux/debugfs.h>
#include <linux/delay.h>
#include <linux/slab.h>

#include "nfpsim.h"

#define pr_vlog(env, fmt, ...)	\
	bpf_verifier_log_write(env, "[nfpsim] " fmt, ##__VA_ARGS__)

/* What the kernel in front of the NIC accepts and answers, for the translator. */
#define NFPSIM_CAPS	((NFPSIM_KERNEL_VERIFIES_CPUV4 ? NFPS_CAP_CPUV4 : 0) | \
			 (NFPSIM_KERNEL_HELPERS_613 ? NFPS_CAP_HELPERS_613 : 0) | \
			 (NFPSIM_KERNEL_CSUM_GENERIC ? NFPS_CAP_CSUM_GENERIC : 0))

static struct nfpsim_bpf_prog *nfpsim_state(struct bpf_prog *prog)
{
	return prog->aux->offload->dev_priv;
}

/* Verifier register types as nfp-sim pointer kinds; 0 entries: unknown. */
static const u8 nfpsim_reg_kinds[__BPF_REG_TYPE_MAX] = {
	[SCALAR_VALUE]		= NFPS_PTR_NONE,
	[PTR_TO_CTX]		= NFPS_PTR_CTX,
	[PTR_TO_PACKET]		= NFPS_PTR_PKT,
	[PTR_TO_PACKET_META]	= NFPS_PTR_PKT_META,
	[PTR_TO_STACK]		= NFPS_PTR_STACK,
	[PTR_TO_MAP_VALUE]	= NFPS_PTR_MAP_VALUE,
};

static u8 nfpsim_reg_kind(const struct bpf_reg_state *reg)
{
	u8 kind = nfpsim_reg_kinds[base_type(reg->type)];

	return kind == NFPS_PTR_NONE ? NFPS_PTR_UNKNOWN : kind;
}

/* The register holding the address of a memory instruction, or -1. */
static int nfpsim_mem_base_reg(const struct bpf_insn *insn)
{
	switch (BPF_CLASS(insn->code)) {
	case BPF_LDX:
		return insn->src_reg;
	case BPF_ST:
	case BPF_STX:
		return insn->dst_reg;
	default:
		return -1;
	}
}

static void nfpsim_record_fact(struct nfpsim_bpf_prog *state, struct bpf_verifier_env *env,
			       int idx)
{
	int r = nfpsim_mem_base_reg(&state->insns[idx]);
	struct nfps_insn_fact *f = &state->facts[idx];
	u8 kind;

	if (r < 0)
		return;
	kind = nfpsim_reg_kind(&cur_regs(env)[r]);
	if (f->ptr == NFPS_PTR_NONE)
		f->ptr = kind;
	else if (f->ptr != kind)
		f->ptr = NFPS_PTR_UNKNOWN;	/* reached with different pointers */
}

/*
 * Kernels after 6.12 (seen on Debian's 7.3) inline bpf_get_smp_processor_id()
 * in offloaded programs too, which marks them as needing the host's JIT,
 * and then refuse them in bpf_fixup_call_args() ("program requires BPF JIT
 * compiler but it is not available"): a kernel bug after our callbacks have
 * run, which the driver cannot avoid. Say so while the log is open, from
 * finalize: at log level 1 those kernels drop what the instruction hook
 * wrote once the main program verified.
 */
static void nfpsim_hint_inlined_helper(struct nfpsim_bpf_prog *state,
				       struct bpf_verifier_env *env)
{
	const struct bpf_insn *insn;
	u32 i;

	if (!NFPSIM_KERNEL_REFUSES_INLINED_CPU_ID)
		return;
	for (i = 0; i < state->len; i++) {
		insn = &state->insns[i];
		if (insn->code == (BPF_JMP | BPF_CALL) && !insn->src_reg &&
		    insn->imm == BPF_FUNC_get_smp_processor_id &&
		    !(state->facts[i].flags & NFPS_FACT_DEAD))
			break;
	}
	if (i < state->len)
		pr_vlog(env, "insn %u: note: this kernel inlines bpf_get_smp_processor_id() in offloaded programs and may then refuse them with \"program requires BPF JIT compiler\" (a kernel bug, not the NIC's): drop the call, or load with sysctl net.core.bpf_jit_enable=0\n",
			i);
}

static int nfpsim_verify_insn(struct bpf_verifier_env *env, int insn_idx, int prev_insn)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(env->prog);
	struct nfpsim_dev *ndev = state->ndev;
	struct nfps_diag diag;

	/* netdevsim sleeps at instruction 0 only. Sleeping at the last one
	 * too keeps bpf_devs_lock read-held across the whole verification, so
	 * a device removal started meanwhile always wins (the load then fails
	 * with ENODEV), however slowly the machine (TCG, KASAN) gets there.
	 */
	if ((!insn_idx || insn_idx == env->prog->len - 1) && ndev->bpf_bind_verifier_delay)
		msleep(ndev->bpf_bind_verifier_delay);
	if (!state->greeted) {
		state->greeted = true;
		pr_vlog(env, "%s: checking %u insns for the NIC (code store %u words)\n",
			dev_name(&ndev->dev), state->len, ndev->code_store);
	}
	if (insn_idx < 0 || insn_idx >= state->len)
		return -EINVAL;

	/* once per insn, however many paths reach it; the translator trusts the flag */
	if (!(state->facts[insn_idx].flags & NFPS_FACT_CHECKED)) {
		if (nfps_insn_supported(state->type, NFPSIM_CAPS, state->insns, state->len,
					insn_idx, &diag)) {
			pr_vlog(env, "%s\n", diag.msg);
			return -EOPNOTSUPP;
		}
		state->facts[insn_idx].flags |= NFPS_FACT_CHECKED;
	}
	nfpsim_record_fact(state, env, insn_idx);

	if (insn_idx == env->prog->len - 1 && !ndev->bpf_bind_verifier_accept) {
		pr_vlog(env, "rejected: bpf_bind_verifier_accept is N in debugfs\n");
		return -EOPNOTSUPP;
	}
	return 0;
}

/* Build the map table the translator resolves LD_IMM64 indices against. */
static struct nfps_map_ref *nfpsim_map_refs(struct nfpsim_bpf_prog *state)
{
	struct nfps_map_ref *refs;
	u32 i;

	refs = kcalloc(max_t(u32, state->nr_maps, 1), sizeof(*refs), GFP_KERNEL);
	if (!refs)
		return NULL;
	for (i = 0; i < state->nr_maps; i++) {
		struct bpf_map *map = state->maps[i];

		refs[i].map = nfpsim_bpf_map_engine(state->ndev, map);
		refs[i].def.type = map->map_type;
		refs[i].def.key_size = map->key_size;
		refs[i].def.value_size = map->value_size;
		refs[i].def.max_entries = map->max_entries;
		refs[i].def.map_flags = map->map_flags;
		refs[i].host = map;
	}
	return refs;
}

/*
 * Compare the verifier's facts with the portable analysis' (DESIGN §4),
 * which the translator ran and handed back in @mine.
 */
static void nfpsim_cross_check(struct nfpsim_bpf_prog *state, const struct nfps_insn_fact *mine)
{
	u32 i;

	state->mismatches = 0;
	for (i = 0; i < state->len; i++)
		if (state->facts[i].ptr && mine[i].ptr != NFPS_PTR_UNKNOWN &&
		    mine[i].ptr != state->facts[i].ptr)
			state->mismatches++;
}

static struct nfps_prog *nfpsim_translate_state(struct nfpsim_bpf_prog *state,
						struct nfps_diag *diag, bool cross_check)
{
	struct nfps_xlate_in in = {
		.type = state->type,
		.insns = state->insns,
		.len = state->len,
		.facts = state->facts,
		.nr_maps = state->nr_maps,
		.code_store = state->ndev->code_store,
		.opt = NFPS_OPT_ALL,
		.caps = NFPSIM_CAPS,
	};
	struct nfps_insn_fact *mine = NULL;
	struct nfps_map_ref *refs;
	struct nfps_prog *nprog = NULL;

	refs = nfpsim_map_refs(state);
	if (cross_check)
		mine = kvcalloc(state->len, sizeof(*mine), GFP_KERNEL);
	if (!refs) {
		nfps_fail(diag, -1, -ENOMEM, "out of memory");
		goto out;
	}
	in.maps = refs;
	in.own_facts = mine;
	nprog = nfps_translate(&in, diag);
	if (nprog && mine)
		nfpsim_cross_check(state, mine);
out:
	kvfree(mine);
	kfree(refs);
	return nprog;
}

static int nfpsim_bpf_finalize(struct bpf_verifier_env *env)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(env->prog);
	struct nfps_prog_info info;
	struct nfps_diag diag;

	state->nprog = nfpsim_translate_state(state, &diag, true);
	if (!state->nprog) {
		pr_vlog(env, "%s\n", diag.msg);
		/* The reason is in the log. Not E2BIG or ENOSPC even when the
		 * code store is full: libbpf retries those with other attributes
		 * and reports the retry's error instead.
		 */
		return diag.err == -ENOMEM ? -ENOMEM : -EOPNOTSUPP;
	}
	nfps_prog_get_info(state->nprog, &info);
	pr_vlog(env, "translated: %u eBPF insns -> %u microcode words, ~%u cycles\n",
		info.ebpf_insns, info.ucode_words, info.static_cycles);
	nfpsim_hint_inlined_helper(state, env);
	return 0;
}

/* The verifier hard-wired a conditional jump it proved one-way. */
static int nfpsim_bpf_replace_insn(struct bpf_verifier_env *env, u32 off, struct bpf_insn *insn)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(env->prog);
	u32 orig = env->insn_aux_data[off].orig_idx;

	if (orig >= state->len)
		return -EINVAL;
	state->insns[orig] = *insn;
	state->facts[orig].flags &= ~NFPS_FACT_CHECKED;	/* the translator checks it */
	state->modified = true;
	return 0;
}

/*
 * The verifier removed dead instructions. Our copy keeps them, flagged
 * dead, so jump offsets in the copy stay valid; the translator drops them.
 */
static int nfpsim_bpf_remove_insns(struct bpf_verifier_env *env, u32 off, u32 cnt)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(env->prog);
	u32 i, orig;

	for (i = 0; i < cnt; i++) {
		orig = env->insn_aux_data[off + i].orig_idx;
		if (orig >= state->len)
			return -EINVAL;
		state->facts[orig].flags |= NFPS_FACT_DEAD;
	}
	state->modified = true;
	return 0;
}

/*
 * Copy the program and turn LD_IMM64 map pointers (resolved by the verifier
 * before prepare) into indices of @state->maps, the form nfps.h takes. At
 * prepare the verifier still holds the map references in env->used_maps
 * (prog->aux->used_maps is filled when verification ends), and keeps them
 * for the program's life, so plain pointers are safe here.
 */
static int nfpsim_copy_insns(struct nfpsim_bpf_prog *state, struct bpf_prog *prog)
{
	struct bpf_insn *insn;
	u32 i, m;

	state->len = prog->len;
	state->insns = kvmalloc_array(prog->len, sizeof(*insn), GFP_KERNEL);
	state->facts = kvcalloc(prog->len, sizeof(*state->facts), GFP_KERNEL);
	state->maps = kcalloc(MAX_USED_MAPS, sizeof(*state->maps), GFP_KERNEL);
	if (!state->insns || !state->facts || !state->maps)
		return -ENOMEM;
	memcpy(state->insns, prog->insnsi, sizeof(*insn) * prog->len);

	for (i = 0; i + 1 < prog->len; i++) {
		insn = &state->insns[i];
		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX) {
			void *ptr = (void *)(unsigned long)((u32)insn[0].imm |
							    ((u64)(u32)insn[1].imm << 32));

			for (m = 0; m < state->nr_maps; m++)
				if (state->maps[m] == ptr)
					break;
			if (m == state->nr_maps) {
				if (m == MAX_USED_MAPS)
					return -E2BIG;
				state->maps[state->nr_maps++] = ptr;
			}
			insn[0].src_reg = BPF_PSEUDO_MAP_IDX;
			insn[0].imm = m;
			insn[1].imm = 0;
		}
		i++;	/* second half of LD_IMM64 */
	}
	return 0;
}

static void nfpsim_bpf_state_free(struct nfpsim_bpf_prog *state)
{
	nfps_prog_free(state->nprog);
	free_percpu(state->stats);
	kvfree(state->profile);
	kvfree(state->insns);
	kvfree(state->facts);
	kfree(state->maps);
	kfree(state);
}

static int nfpsim_bpf_verifier_prep(struct bpf_prog *prog)
{
	struct nfpsim_dev *ndev = bpf_offload_dev_priv(prog->aux->offload->offdev);
	struct nfpsim_bpf_prog *state;
	int err;

	if (!ndev->bpf_bind_accept)
		return -EOPNOTSUPP;

	state = kzalloc(sizeof(*state), GFP_KERNEL);
	if (!state)
		return -ENOMEM;
	state->ndev = ndev;
	state->prog = prog;
	state->state = NFPSIM_PROG_VERIFY;
	state->type = prog->type == BPF_PROG_TYPE_XDP ? NFPS_PROG_XDP : NFPS_PROG_TC;
	state->stats = alloc_percpu(struct nfpsim_prog_stats);
	err = state->stats ? nfpsim_copy_insns(state, prog) : -ENOMEM;
	if (err) {
		nfpsim_bpf_state_free(state);
		return err;
	}

	mutex_lock(&ndev->progs_lock);
	/* The program id is not allocated yet: name entries like netdevsim. */
	nfpsim_bpf_prog_debugfs_init(state, ndev->prog_id_gen++);
	list_add_tail(&state->list, &ndev->bpf_bound_progs);
	mutex_unlock(&ndev->progs_lock);

	prog->aux->offload->dev_priv = state;
	return 0;
}

static int nfpsim_bpf_translate(struct bpf_prog *prog)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(prog);
	struct nfps_prog_info info;
	struct nfps_prog *nprog;
	struct nfps_diag diag;
	const void *img;
	u32 len;

	/* Redo it on the copy with the verifier's dead-code work mirrored.
	 * finalize() already proved the unoptimised program translates, so a
	 * failure here keeps that (equivalent) translation.
	 */
	if (state->modified) {
		nprog = nfpsim_translate_state(state, &diag, false);
		if (nprog) {
			nfps_prog_free(state->nprog);
			state->nprog = nprog;
		}
	}
	if (!state->nprog)
		return -EINVAL;
	nfps_prog_get_info(state->nprog, &info);
	/* One row per CPU; the percpu allocator stops at 32 KiB (4096 words). */
	state->profile_words = info.ucode_words;
	state->profile = kvcalloc(array_size(nr_cpu_ids, info.ucode_words), sizeof(u64),
				  GFP_KERNEL);
	if (!state->profile)
		return -ENOMEM;

	img = nfps_prog_image(state->nprog, &len);
	prog->aux->offload->jited_image = (void *)img;
	prog->aux->offload->jited_len = len;
	state->state = NFPSIM_PROG_XLATED;	/* last: the NIC may run it now */
	return 0;
}

static void nfpsim_bpf_destroy_prog(struct bpf_prog *prog)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(prog);
	struct nfpsim_dev *ndev = state->ndev;

	WARN(state->is_loaded, "offload state destroyed while program still loaded");
	debugfs_remove_recursive(state->ddir);
	mutex_lock(&ndev->progs_lock);
	list_del(&state->list);
	mutex_unlock(&ndev->progs_lock);
	prog->aux->offload->jited_image = NULL;
	prog->aux->offload->jited_len = 0;
	nfpsim_bpf_state_free(state);
}

static const struct bpf_prog_offload_ops nfpsim_bpf_dev_ops = {
	.insn_hook	= nfpsim_verify_insn,
	.finalize	= nfpsim_bpf_finalize,
	.replace_insn	= nfpsim_bpf_replace_insn,
	.remove_insns	= nfpsim_bpf_remove_insns,
	.prepare	= nfpsim_bpf_verifier_prep,
	.translate	= nfpsim_bpf_translate,
	.destroy	= nfpsim_bpf_destroy_prog,
};

void nfpsim_bpf_prog_set_loaded(struct bpf_prog *prog, bool loaded)
{
	if (prog && nfpsim_prog_is_offloaded(prog))
		nfpsim_state(prog)->is_loaded = loaded;
}

/**
 * nfpsim_bpf_prog_translated() - whether the NIC can run an offloaded program
 * @prog: a program offloaded to an nfpsim NIC
 *
 * translate() sets NFPSIM_PROG_XLATED last, once the microcode, the image
 * and the profile all exist; attach checks and the datapath ask only this.
 *
 * Return: true if @prog may go into an offload slot and run.
 */
bool nfpsim_bpf_prog_translated(struct bpf_prog *prog)
{
	struct nfpsim_bpf_prog *state = nfpsim_state(prog);

	return state && state->state == NFPSIM_PROG_XLATED;
}

/**
 * nfpsim_bpf_nic_prog() - the NIC-side state of a program the NIC can run
 * @prog: any program in an offload slot (unbound tc filters included)
 *
 * Return: the state, or NULL when @prog is not offloaded to us (the stack
 * runs it) or not translated.
 */
struct nfpsim_bpf_prog *nfpsim_bpf_nic_prog(struct bpf_prog *prog)
{
	if (!nfpsim_prog_is_offloaded(prog) || !nfpsim_bpf_prog_translated(prog))
		return NULL;
	return nfpsim_state(prog);
}

/**
 * nfpsim_bpf_dev_init() - make a device an offload device ("ASIC")
 * @ndev: the device, its debugfs directory created
 *
 * netdevsim's device knobs at their defaults, the NIC's limits at theirs.
 *
 * Return: 0 or a negative errno, with nothing to undo.
 */
int nfpsim_bpf_dev_init(struct nfpsim_dev *ndev)
{
	mutex_init(&ndev->progs_lock);
	INIT_LIST_HEAD(&ndev->bpf_bound_progs);
	INIT_LIST_HEAD(&ndev->bpf_bound_maps);
	ndev->bpf_bind_accept = true;
	ndev->bpf_bind_verifier_accept = true;
	ndev->code_store = NFPS_CODE_STORE_DEFAULT;
	ndev->cycle_budget = NFPS_CYCLE_BUDGET_DEFAULT;
	ndev->mem.limit = NFPSIM_MEM_DEFAULT;

	ndev->bpf_dev = bpf_offload_dev_create(&nfpsim_bpf_dev_ops, ndev);
	if (IS_ERR(ndev->bpf_dev))
		return PTR_ERR(ndev->bpf_dev);

	nfpsim_bpf_dev_debugfs_init(ndev);
	return 0;
}

/* After every port is gone: the core destroyed or orphaned what was bound. */
void nfpsim_bpf_dev_exit(struct nfpsim_dev *ndev)
{
	WARN_ON(!list_empty(&ndev->bpf_bound_progs));
	WARN_ON(!list_empty(&ndev->bpf_bound_maps));
	WARN_ON(atomic_long_read(&ndev->mem.used));
	bpf_offload_dev_destroy(ndev->bpf_dev);
	mutex_destroy(&ndev->progs_lock);
}
