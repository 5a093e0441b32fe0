// SPDX-License-Identifier: GPL-2.0
/*
 * A port's net_device: ops, features and lifecycle.
 *
 * Modelled on netdevsim's netdev.c (same "eth%d" names, MAC randomisation,
 * hw-tc-offload available but off by default), except that our ports have
 * a wire: ARP works and carrier follows the link, like veth.
 */

#include <linux/debugfs.h>
#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/slab.h>
#include <net/rtnetlink.h>

#include "nfpsim.h"

static int nfpsim_open(struct net_device *netdev)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	nfpsim_rx_open(port);
	netif_tx_start_all_queues(netdev);
	nfpsim_link_update_carrier(port);
	return 0;
}

static int nfpsim_stop(struct net_device *netdev)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	netif_tx_stop_all_queues(netdev);
	nfpsim_link_update_carrier(port);
	nfpsim_rx_stop(port);
	return 0;
}

static void nfpsim_get_stats64(struct net_device *netdev, struct rtnl_link_stats64 *stats)
{
	struct nfpsim_port *port = netdev_priv(netdev);
	u64 packets, bytes, drops, v[NFPSIM_RXS_MAX];
	unsigned int i;

	for (i = 0; i < netdev->num_rx_queues; i++) {
		nfpsim_rx_stats_read(&port->rqs[i], v);
		stats->rx_packets += v[NFPSIM_RXS_PACKETS];
		stats->rx_bytes += v[NFPSIM_RXS_BYTES];
		stats->rx_dropped += atomic64_read(&port->rqs[i].drops);
	}
	for (i = 0; i < netdev->num_tx_queues; i++) {
		nfpsim_stats_read(&port->tx_stats[i], &packets, &bytes, &drops);
		stats->tx_packets += packets;
		stats->tx_bytes += bytes;
		stats->tx_dropped += drops;
	}
}

/* netdevsim's rule: a driver-mode XDP program caps the MTU (frame and headroom in a page). */
static int nfpsim_change_mtu(struct net_device *netdev, int new_mtu)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	if (port->xdp.prog && new_mtu > NFPSIM_XDP_MAX_MTU)
		return -EBUSY;
	netdev->mtu = new_mtu;
	return 0;
}

static int nfpsim_get_phys_port_name(struct net_device *netdev, char *name, size_t len)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	if (snprintf(name, len, "p%u", port->index) >= len)
		return -EINVAL;
	return 0;
}

static void nfpsim_set_rx_mode(struct net_device *netdev)
{
	/* Every frame on the wire is for us: the link is point to point. */
}

static const struct net_device_ops nfpsim_netdev_ops = {
	.ndo_open		= nfpsim_open,
	.ndo_stop		= nfpsim_stop,
	.ndo_start_xmit		= nfpsim_start_xmit,
	.ndo_set_rx_mode	= nfpsim_set_rx_mode,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
	.ndo_get_stats64	= nfpsim_get_stats64,
	.ndo_get_phys_port_name	= nfpsim_get_phys_port_name,
	.ndo_change_mtu		= nfpsim_change_mtu,
	.ndo_bpf		= nfpsim_ndo_bpf,
	.ndo_setup_tc		= nfpsim_setup_tc,
	.ndo_set_features	= nfpsim_set_features,
};

bool nfpsim_netdev_is_ours(const struct net_device *netdev)
{
	return netdev->netdev_ops == &nfpsim_netdev_ops;
}

static void nfpsim_setup(struct net_device *netdev)
{
	ether_setup(netdev);
	eth_hw_addr_random(netdev);
	netdev->netdev_ops = &nfpsim_netdev_ops;
	netdev->ethtool_ops = &nfpsim_ethtool_ops;
	netdev->priv_flags |= IFF_LIVE_ADDR_CHANGE | IFF_NO_QUEUE;
	netdev->features |= NETIF_F_HIGHDMA;
	/* The stack computes checksums and segments: frames on our wire are
	 * complete, as the NIC's program must see them.
	 */
	netdev->hw_features |= NETIF_F_HW_TC;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = NFPSIM_MAX_MTU;
	nfpsim_set_xdp_features(netdev);
}

/**
 * nfpsim_port_create() - allocate and register the netdev of one port
 * @ndev: the device it belongs to (its lock held)
 * @index: port index
 *
 * Return: the port, or an ERR_PTR.
 */
struct nfpsim_port *nfpsim_port_create(struct nfpsim_dev *ndev, unsigned int index)
{
	struct net_device *netdev;
	struct nfpsim_port *port;
	int err;

	netdev = alloc_netdev_mqs(sizeof(*port), "eth%d", NET_NAME_UNKNOWN, nfpsim_setup,
				  ndev->num_queues, ndev->num_queues);
	if (!netdev)
		return ERR_PTR(-ENOMEM);
	dev_net_set(netdev, ndev->net);
	SET_NETDEV_DEV(netdev, &ndev->dev);

	port = netdev_priv(netdev);
	port->netdev = netdev;
	port->ndev = ndev;
	port->index = index;
	INIT_LIST_HEAD(&port->list);

	err = nfpsim_rx_init(port);
	if (err)
		goto err_free_netdev;
	nfpsim_port_debugfs_init(port);
	nfpsim_capture_init(port);

	rtnl_lock();
	err = nfpsim_bpf_port_init(port);
	if (err)
		goto err_unlock;
	err = register_netdevice(netdev);
	if (err)
		goto err_bpf_uninit;
	rtnl_unlock();
	return port;

err_bpf_uninit:
	nfpsim_bpf_port_uninit(port);
err_unlock:
	rtnl_unlock();
	/* As nfpsim_port_destroy(): the pcap files point at this port. */
	debugfs_remove_recursive(port->ddir);
	nfpsim_capture_fini(port);
	nfpsim_rx_fini(port);
err_free_netdev:
	free_netdev(netdev);
	return ERR_PTR(err);
}

/**
 * nfpsim_port_destroy() - unlink, unregister and free a port
 * @port: the port, already off its device's list
 *
 * Unlinking and unregistering happen in one RTNL section, so no link can
 * be made in between; unregister_netdevice()'s synchronize_net() then waits
 * for any peer still transmitting into our queues before they are freed.
 * Unregistering detaches XDP and tc programs; programs and maps bound to
 * this port then move to another port of the NIC or are orphaned by the
 * core (bpf_offload_dev_netdev_unregister()).
 */
void nfpsim_port_destroy(struct nfpsim_port *port)
{
	struct net_device *netdev = port->netdev;

	rtnl_lock();
	port->dying = true;
	nfpsim_unlink_locked(port);
	unregister_netdevice(netdev);
	nfpsim_bpf_port_uninit(port);
	rtnl_unlock();

	debugfs_remove_recursive(port->ddir);
	nfpsim_capture_fini(port);
	nfpsim_rx_fini(port);
	free_netdev(netdev);
}
