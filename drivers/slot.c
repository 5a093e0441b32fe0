// SPDX-License-Identifier: GPL-2.0
/*
 * A port's offload state: its registration with the NIC's offload device,
 * netdevsim's per-port knobs, and the single program slot that XDP offload
 * and tc share, as on netdevsim (struct netdevsim's bpf_offloaded,
 * nsim_bpf_offload()). xdp.c and tc.c call down into it. The slot decides
 * what the NIC runs on received frames (dp_hw) and where the hardware stats
 * of an offloaded tc filter start. All of it runs under RTNL.
 */

#include <linux/bpf.h>
#include <linux/debugfs.h>
#include <linux/netdevice.h>

#include "nfpsim.h"

/* What the NIC did for tc so far, over every RX queue of the port. */
static void nfpsim_slot_tc_totals(struct nfpsim_port *port, u64 *pkts, u64 *bytes)
{
	u64 v[NFPSIM_RXS_MAX];
	unsigned int q;

	*pkts = 0;
	*bytes = 0;
	for (q = 0; q < port->netdev->num_rx_queues; q++) {
		nfpsim_rx_stats_read(&port->rqs[q], v);
		*pkts += v[NFPSIM_RXS_TC_OK] + v[NFPSIM_RXS_TC_SHOT] + v[NFPSIM_RXS_TC_STOLEN];
		*bytes += v[NFPSIM_RXS_TC_BYTES];
	}
}

/**
 * nfpsim_slot_set() - swap the program in the port's offload slot
 * @port: the port
 * @prog: new program, or NULL to empty the slot
 * @oldprog: whether the caller expects the slot to be occupied
 *
 * Return: 0.
 */
int nfpsim_slot_set(struct nfpsim_port *port, struct bpf_prog *prog, bool oldprog)
{
	nfpsim_bpf_prog_set_loaded(port->bpf_offloaded, false);
	WARN(!!port->bpf_offloaded != oldprog,
	     "bad offload state, expected offload %sto be active", oldprog ? "" : "not ");
	port->bpf_offloaded = prog;
	port->bpf_offloaded_id = prog ? prog->aux->id : 0;
	nfpsim_bpf_prog_set_loaded(prog, true);
	/* A new filter's hardware stats start from now. */
	nfpsim_slot_tc_totals(port, &port->tc_reported.pkts, &port->tc_reported.bytes);
	/* Unbound tc filters stay in the slot but run in software only. */
	rcu_assign_pointer(port->dp_hw, prog && nfpsim_bpf_nic_prog(prog) ? prog : NULL);
	return 0;
}

/**
 * nfpsim_slot_has_tc() - whether the slot holds a tc filter
 * @port: the port
 *
 * Return: true if the program in the slot came from tc, not XDP offload.
 */
bool nfpsim_slot_has_tc(const struct nfpsim_port *port)
{
	return port->bpf_offloaded && !port->xdp_hw.prog;
}

/**
 * nfpsim_slot_tc_stats() - hardware counters of the tc filter in the slot
 * @port: the port
 * @pkts: out: packets the NIC ran it on since the last call
 * @bytes: out: their bytes
 *
 * Deltas, because tc adds up what drivers report.
 */
void nfpsim_slot_tc_stats(struct nfpsim_port *port, u64 *pkts, u64 *bytes)
{
	u64 p, b;

	nfpsim_slot_tc_totals(port, &p, &b);
	*pkts = p - port->tc_reported.pkts;
	*bytes = b - port->tc_reported.bytes;
	port->tc_reported.pkts = p;
	port->tc_reported.bytes = b;
}

/**
 * nfpsim_bpf_port_init() - a new port joins its NIC's offload device
 * @port: the port, before register_netdevice(), under RTNL
 *
 * Return: 0 or a negative errno, with nothing to undo.
 */
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

/**
 * nfpsim_bpf_port_uninit() - a port leaves its NIC's offload device
 * @port: the port, after unregister_netdevice() (which detached every
 *	  program), under RTNL
 */
void nfpsim_bpf_port_uninit(struct nfpsim_port *port)
{
	WARN_ON(port->xdp.prog);
	WARN_ON(port->xdp_hw.prog);
	WARN_ON(port->bpf_offloaded);
	WARN_ON(rcu_access_pointer(port->dp_hw) || rcu_access_pointer(port->dp_drv));
	bpf_offload_dev_netdev_unregister(port->ndev->bpf_dev, port->netdev);
}
