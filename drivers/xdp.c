// SPDX-License-Identifier: GPL-2.0
/*
 * ndo_bpf: driver-mode XDP, XDP offload and offloaded map allocation, and
 * the port's single offload slot shared by XDP offload and tc, with
 * netdevsim's checks, knobs and extack strings (drivers/net/netdevsim/bpf.c
 * nsim_bpf(), nsim_setup_prog_hw_checks(), nsim_xdp_offload_prog()).
 * All of it runs under RTNL.
 */

#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>

#include "nfpsim.h"

static bool nfpsim_xdp_offload_active(struct nfpsim_port *port)
{
	return port->xdp_hw.prog;
}

/**
 * nfpsim_bpf_offload() - swap the program in the port's offload slot
 * @port: the port
 * @prog: new program, or NULL to empty the slot
 * @oldprog: whether the caller expects the slot to be occupied
 */
int nfpsim_bpf_offload(struct nfpsim_port *port, struct bpf_prog *prog, bool oldprog)
{
	nfpsim_bpf_prog_set_loaded(port->bpf_offloaded, false);
	WARN(!!port->bpf_offloaded != oldprog,
	     "nfpsim: bad offload state, expected offload %sto be active", oldprog ? "" : "not ");
	port->bpf_offloaded = prog;
	port->bpf_offloaded_id = prog ? prog->aux->id : 0;
	nfpsim_bpf_prog_set_loaded(prog, true);
	/* A new filter's hardware stats start from now. */
	nfpsim_tc_hw_totals(port, &port->tc_reported[0], &port->tc_reported[1]);
	/* Unbound tc filters stay in the slot but run in software only. */
	rcu_assign_pointer(port->dp_hw, prog && nfpsim_bpf_nic_prog(prog) ? prog : NULL);
	return 0;
}

static int nfpsim_xdp_offload_prog(struct nfpsim_port *port, struct netdev_bpf *bpf)
{
	if (!nfpsim_xdp_offload_active(port) && !bpf->prog)
		return 0;
	if (!nfpsim_xdp_offload_active(port) && bpf->prog && port->bpf_offloaded) {
		NFPSIM_EA(bpf->extack, "TC program is already loaded");
		return -EBUSY;
	}
	return nfpsim_bpf_offload(port, bpf->prog, nfpsim_xdp_offload_active(port));
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

int nfpsim_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	if (port->xdp.prog && new_mtu > NFPSIM_XDP_MAX_MTU)
		return -EBUSY;
	netdev->mtu = new_mtu;
	return 0;
}

/* Before register_netdevice(), under RTNL. */
int nfpsim_bpf_port_init(struct nfpsim_port *port)
{
	struct dentry *ddir = port->ddir;
	int err;

	err = bpf_offload_dev_netdev_register(port->ndev->bpf_dev, port->netdev);
	if (err)
		return err;

	port->bpf_tc_accept = true;
	port->bpf_xdpdrv_accept = true;
	port->bpf_xdpoffload_accept = true;
	port->bpf_map_accept = true;
	debugfs_create_u32("bpf_offloaded_id", 0400, ddir, &port->bpf_offloaded_id);
	debugfs_create_bool("bpf_tc_accept", 0600, ddir, &port->bpf_tc_accept);
	debugfs_create_bool("bpf_tc_non_bound_accept", 0600, ddir,
			    &port->bpf_tc_non_bound_accept);
	debugfs_create_bool("bpf_xdpdrv_accept", 0600, ddir, &port->bpf_xdpdrv_accept);
	debugfs_create_bool("bpf_xdpoffload_accept", 0600, ddir, &port->bpf_xdpoffload_accept);
	debugfs_create_bool("bpf_map_accept", 0600, ddir, &port->bpf_map_accept);
	return 0;
}

/* After unregister_netdevice(), under RTNL: the core detached everything. */
void nfpsim_bpf_port_uninit(struct nfpsim_port *port)
{
	WARN_ON(port->xdp.prog);
	WARN_ON(port->xdp_hw.prog);
	WARN_ON(port->bpf_offloaded);
	WARN_ON(rcu_access_pointer(port->dp_hw) || rcu_access_pointer(port->dp_drv));
	bpf_offload_dev_netdev_unregister(port->ndev->bpf_dev, port->netdev);
}
