// SPDX-License-Identifier: GPL-2.0
/*
 * tc cls_bpf offload: TC_SETUP_BLOCK, then TC_SETUP_CLSBPF on the block
 * callback. Same checks, order and extack strings as netdevsim
 * (nsim_bpf_setup_tc_block_cb), so test_offload.py sees what it expects;
 * beyond netdevsim, TC_CLSBPF_STATS is answered with the NIC's counters.
 */

#include <linux/netdevice.h>
#include <net/flow_offload.h>
#include <net/pkt_cls.h>

#include "nfpsim.h"

static LIST_HEAD(nfpsim_block_cb_list);

/*
 * Hardware counters of the offloaded filter, as deltas since the last
 * query (tc adds them up). netdevsim and NFP cannot answer this: we can.
 */
static int nfpsim_tc_stats(struct nfpsim_port *port, struct tc_cls_bpf_offload *cls_bpf)
{
	u64 pkts, bytes;

	if (!cls_bpf->prog || port->bpf_offloaded != cls_bpf->prog)
		return -EOPNOTSUPP;
	nfpsim_slot_tc_stats(port, &pkts, &bytes);
	nfpsim_tcf_exts_stats(cls_bpf->exts, bytes, pkts, jiffies);
	return 0;
}

static int nfpsim_tc_block_cb(enum tc_setup_type type, void *type_data, void *cb_priv)
{
	struct tc_cls_bpf_offload *cls_bpf = type_data;
	struct bpf_prog *prog = cls_bpf->prog;
	struct nfpsim_port *port = cb_priv;
	struct bpf_prog *oldprog;

	if (type != TC_SETUP_CLSBPF) {
		NFPSIM_EA(cls_bpf->common.extack, "only offload of BPF classifiers supported");
		return -EOPNOTSUPP;
	}
	if (!tc_cls_can_offload_and_chain0(port->netdev, &cls_bpf->common))
		return -EOPNOTSUPP;
	if (cls_bpf->common.protocol != htons(ETH_P_ALL)) {
		NFPSIM_EA(cls_bpf->common.extack, "only ETH_P_ALL supported as filter protocol");
		return -EOPNOTSUPP;
	}
	if (!port->bpf_tc_accept) {
		NFPSIM_EA(cls_bpf->common.extack, "nfpsim configured to reject BPF TC offload");
		return -EOPNOTSUPP;
	}
	/* Filters without skip_sw are not bound to a device. */
	if (prog && !nfpsim_prog_is_offloaded(prog) && !port->bpf_tc_non_bound_accept) {
		NFPSIM_EA(cls_bpf->common.extack, "nfpsim configured to reject unbound programs");
		return -EOPNOTSUPP;
	}
	if (cls_bpf->command == TC_CLSBPF_STATS)
		return nfpsim_tc_stats(port, cls_bpf);
	if (cls_bpf->command != TC_CLSBPF_OFFLOAD)
		return -EOPNOTSUPP;

	oldprog = cls_bpf->oldprog;
	/* Don't remove if oldprog doesn't match the driver's state. */
	if (port->bpf_offloaded != oldprog) {
		oldprog = NULL;
		if (!cls_bpf->prog)
			return 0;
		if (port->bpf_offloaded) {
			NFPSIM_EA(cls_bpf->common.extack, "driver and netdev offload states mismatch");
			return -EBUSY;
		}
	}
	if (prog && nfpsim_prog_is_offloaded(prog) && !bpf_offload_dev_match(prog, port->netdev)) {
		NFPSIM_EA(cls_bpf->common.extack, "program bound to different dev");
		return -EINVAL;
	}
	if (prog && nfpsim_prog_is_offloaded(prog) && !nfpsim_bpf_prog_translated(prog)) {
		NFPSIM_EA(cls_bpf->common.extack, "offloading program in bad state");
		return -EINVAL;
	}
	return nfpsim_slot_set(port, cls_bpf->prog, oldprog);
}

int nfpsim_setup_tc(struct net_device *netdev, enum tc_setup_type type, void *type_data)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	switch (type) {
	case TC_SETUP_BLOCK:
		return flow_block_cb_setup_simple(type_data, &nfpsim_block_cb_list,
						  nfpsim_tc_block_cb, port, port, true);
	default:
		return -EOPNOTSUPP;
	}
}

/* hw-tc-offload cannot be turned off under an offloaded filter. */
int nfpsim_set_features(struct net_device *netdev, netdev_features_t features)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	if ((netdev->features & NETIF_F_HW_TC) > (features & NETIF_F_HW_TC) &&
	    nfpsim_slot_has_tc(port))
		return -EBUSY;
	return 0;
}
