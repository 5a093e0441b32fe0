// SPDX-License-Identifier: GPL-2.0
/*
 * ndo_bpf: driver-mode XDP, XDP offload (into the port's offload slot,
 * slot.c) and offloaded map allocation, with netdevsim's checks and extack
 * strings (drivers/net/netdevsim/bpf.c nsim_bpf(), nsim_setup_prog_hw_checks(),
 * nsim_xdp_offload_prog()). All of it runs under RTNL.
 */

#include <linux/bpf.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "nfpsim.h"

static int nfpsim_xdp_offload_prog(struct nfpsim_port *port, struct netdev_bpf *bpf)
{
	bool active = port->xdp_hw.prog;

	if (!active && !bpf->prog)
		return 0;
	if (bpf->prog && nfpsim_slot_has_tc(port)) {
		NFPSIM_EA(bpf->extack, "TC program is already loaded");
		return -EBUSY;
	}
	return nfpsim_slot_set(port, bpf->prog, active);
}

static int nfpsim_xdp_set_prog(struct nfpsim_port *port, struct netdev_bpf *bpf,
			       struct xdp_attachment_info *xdp)
{
	int err;

	if (bpf->command == XDP_SETUP_PROG && !port->bpf_xdpdrv_accept) {
		NFPSIM_EA(bpf->extack, "driver XDP disabled in DebugFS");
		return -EOPNOTSUPP;
	}
	if (bpf->command == XDP_SETUP_PROG_HW && !port->bpf_xdpoffload_accept) {
		NFPSIM_EA(bpf->extack, "XDP offload disabled in DebugFS");
		return -EOPNOTSUPP;
	}
	if (bpf->command == XDP_SETUP_PROG_HW) {
		err = nfpsim_xdp_offload_prog(port, bpf);
		if (err)
			return err;
	}
	if (bpf->command == XDP_SETUP_PROG)
		rcu_assign_pointer(port->dp_drv, bpf->prog);
	xdp_attachment_setup(xdp, bpf);
	return 0;
}

static int nfpsim_setup_prog_checks(struct nfpsim_port *port, struct netdev_bpf *bpf)
{
	if (bpf->prog && nfpsim_prog_is_offloaded(bpf->prog)) {
		NFPSIM_EA(bpf->extack, "attempt to load offloaded prog to drv");
		return -EINVAL;
	}
	if (port->netdev->mtu > NFPSIM_XDP_MAX_MTU) {
		NFPSIM_EA(bpf->extack, "MTU too large w/ XDP enabled");
		return -EINVAL;
	}
	return 0;
}

static int nfpsim_setup_prog_hw_checks(struct nfpsim_port *port, struct netdev_bpf *bpf)
{
	if (!bpf->prog)
		return 0;
	if (nfpsim_prog_is_dev_bound_only(bpf->prog)) {
		NFPSIM_EA(bpf->extack,
			  "program is dev-bound only: load it without BPF_F_XDP_DEV_BOUND_ONLY to offload it, or attach it with xdpdrv");
		return -EINVAL;
	}
	if (!nfpsim_prog_is_offloaded(bpf->prog)) {
		NFPSIM_EA(bpf->extack, "xdpoffload of non-bound program");
		return -EINVAL;
	}
	if (!bpf_offload_dev_match(bpf->prog, port->netdev)) {
		NFPSIM_EA(bpf->extack, "program bound to different dev");
		return -EINVAL;
	}
	if (WARN_ON(!nfpsim_bpf_prog_translated(bpf->prog))) {
		NFPSIM_EA(bpf->extack, "offloading program in bad state");
		return -EINVAL;
	}
	return 0;
}

int nfpsim_ndo_bpf(struct net_device *netdev, struct netdev_bpf *bpf)
{
	struct nfpsim_port *port = netdev_priv(netdev);
	int err;

	ASSERT_RTNL();

	switch (bpf->command) {
	case XDP_SETUP_PROG:
		err = nfpsim_setup_prog_checks(port, bpf);
		return err ? err : nfpsim_xdp_set_prog(port, bpf, &port->xdp);
	case XDP_SETUP_PROG_HW:
		err = nfpsim_setup_prog_hw_checks(port, bpf);
		return err ? err : nfpsim_xdp_set_prog(port, bpf, &port->xdp_hw);
	case BPF_OFFLOAD_MAP_ALLOC:
		if (!port->bpf_map_accept)
			return -EOPNOTSUPP;
		return nfpsim_bpf_map_alloc(port, bpf->offmap);
	case BPF_OFFLOAD_MAP_FREE:
		nfpsim_bpf_map_free(bpf->offmap);
		return 0;
	default:
		return -EINVAL;
	}
}
