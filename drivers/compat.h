/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Every difference between the kernels nfpsim supports (6.1 to the newest
 * Debian kernel), in one place: Kbuild force-includes this header into each
 * drivers/ object, so no .c file tests LINUX_VERSION_CODE (the
 * wireguard-linux-compat pattern). The portable core (nfp-sim/) never sees
 * it. Each entry names the kernel that changed and what changed.
 */
#ifndef NFPSIM_COMPAT_H
#define NFPSIM_COMPAT_H

#include <linux/version.h>
#include <linux/bpf.h>
#include <linux/netdevice.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

/* 6.4: bus_attribute show/store take a const struct bus_type. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
#define NFPSIM_BUS_CONST const
#else
#define NFPSIM_BUS_CONST
#endif

/*
 * Whether the driver state behind prog->aux->offload exists: the program is
 * offloaded to a NIC and its device has not gone away (the core then clears
 * aux->offload but keeps the program, an orphan). 6.3: aux->offload is
 * also set for dev-bound-only XDP programs (BPF_F_XDP_DEV_BOUND_ONLY, XDP
 * metadata kfuncs), with no driver state behind it: only
 * bpf_prog_is_offloaded() says "offloaded" there. Before 6.3 every program
 * with aux->offload was offloaded (netdevsim 6.1 tests aux->offload).
 */
static inline bool nfpsim_prog_is_offloaded(const struct bpf_prog *prog)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	if (!bpf_prog_is_offloaded(prog->aux))
		return false;
#endif
	return prog->aux->offload;
}

/*
 * 6.3: a dev-bound-only program (bound to the device for XDP metadata
 * kfuncs, to run in driver mode) is not offloaded; before 6.3 every
 * dev-bound program was.
 */
static inline bool nfpsim_prog_is_dev_bound_only(const struct bpf_prog *prog)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	return bpf_prog_is_dev_bound(prog->aux) && !bpf_prog_is_offloaded(prog->aux);
#else
	return false;
#endif
}

/*
 * 6.3: tcf_exts_hw_stats_update() takes a struct flow_stats and says
 * whether per-action stats were used.
 */
static inline void nfpsim_tcf_exts_stats(const struct tcf_exts *exts, u64 bytes, u64 pkts,
					 u64 lastused)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	struct flow_stats stats = {
		.pkts = pkts,
		.bytes = bytes,
		.lastused = lastused,
		.used_hw_stats = FLOW_ACTION_HW_STATS_IMMEDIATE,
		.used_hw_stats_valid = true,
	};

	tcf_exts_hw_stats_update(exts, &stats, false);
#else
	tcf_exts_hw_stats_update(exts, bytes, pkts, 0, lastused,
				 FLOW_ACTION_HW_STATS_IMMEDIATE, true);
#endif
}

/*
 * 6.3: drivers advertise their XDP abilities (netdev netlink, ip -d link,
 * xdp-loader features). The NIC runs offloaded programs; the host runs
 * driver-mode ones with the basic verdicts (no redirect).
 */
static inline void nfpsim_set_xdp_features(struct net_device *netdev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 3, 0)
	netdev->xdp_features = NETDEV_XDP_ACT_BASIC | NETDEV_XDP_ACT_HW_OFFLOAD;
#endif
}

/*
 * After 6.12 (6.12 is fine, Debian's 7.3 is not; the versions between were
 * never in Debian): the verifier inlines bpf_get_smp_processor_id() in
 * offloaded programs, flags them jit_required and refuses them when the
 * host JIT is enabled (drivers/bpf.c nfpsim_hint_inlined_helper()).
 */
#define NFPSIM_KERNEL_REFUSES_INLINED_CPU_ID \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0))

/*
 * 6.6: the verifier accepts the RFC 9669 ("cpu=v4") instructions (clang
 * -mcpu=v4): sign-extending loads and moves, signed division, unconditional
 * byte swaps, gotol. Where it does, the NIC takes them too (NFPS_CAP_CPUV4);
 * 6.1's verifier does not know them and the NIC refuses them, saying which
 * kernels do.
 */
#define NFPSIM_KERNEL_VERIFIES_CPUV4 \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0))

/*
 * 6.13: bpf_csum_diff() folds its result to 16 bits and takes any sizes
 * (net/core/filter.c): the NIC's helper answers the same (NFPS_CAP_HELPERS_613).
 */
#define NFPSIM_KERNEL_HELPERS_613 \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 13, 0))

/*
 * Before 6.13 bpf_csum_diff() returns csum_partial(), which on a kernel
 * with CONFIG_GENERIC_CSUM (x86 selects it for KASAN, as the debug kernel
 * has; arm64 always) folds to 16 bits before adding the seed
 * (NFPS_CAP_CSUM_GENERIC). Found by the datapath test on the debug kernel.
 */
#define NFPSIM_KERNEL_CSUM_GENERIC	IS_ENABLED(CONFIG_GENERIC_CSUM)

#endif /* NFPSIM_COMPAT_H */
