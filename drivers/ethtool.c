// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool: driver info, channels and per-port/per-queue statistics.
 * One table names the receive counters; totals come first ("rx_packets",
 * "nic_runs", ...), then each RX queue ("rx0_packets", "rx0_nic_runs"...),
 * then the transmit counters, totals and per queue.
 */

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "nfpsim.h"

/* Receive counters: total name, per-queue suffix (after "rxN_"). */
static const struct {
	const char *total;
	const char *queue;
} nfpsim_rx_names[NFPSIM_RXS_MAX + 1] = {
	[NFPSIM_RXS_PACKETS]	 = { "rx_packets",	"packets" },
	[NFPSIM_RXS_BYTES]	 = { "rx_bytes",	"bytes" },
	[NFPSIM_RXS_NIC_RUNS]	 = { "nic_runs",	"nic_runs" },
	[NFPSIM_RXS_NIC_CYCLES]	 = { "nic_cycles",	"nic_cycles" },
	[NFPSIM_RXS_NIC_FAULTS]	 = { "nic_faults",	"nic_faults" },
	[NFPSIM_RXS_XDP_ABORTED] = { "xdp_aborted",	"xdp_aborted" },
	[NFPSIM_RXS_XDP_DROP]	 = { "xdp_drop",	"xdp_drop" },
	[NFPSIM_RXS_XDP_PASS]	 = { "xdp_pass",	"xdp_pass" },
	[NFPSIM_RXS_XDP_TX]	 = { "xdp_tx",		"xdp_tx" },
	[NFPSIM_RXS_TC_OK]	 = { "tc_ok",		"tc_ok" },
	[NFPSIM_RXS_TC_SHOT]	 = { "tc_shot",		"tc_shot" },
	[NFPSIM_RXS_TC_STOLEN]	 = { "tc_stolen",	"tc_stolen" },
	[NFPSIM_RXS_TC_BYTES]	 = { "tc_bytes",	"tc_bytes" },
	[NFPSIM_RXS_DRV_ABORTED] = { "drv_xdp_aborted",	"drv_xdp_aborted" },
	[NFPSIM_RXS_DRV_DROP]	 = { "drv_xdp_drop",	"drv_xdp_drop" },
	[NFPSIM_RXS_DRV_PASS]	 = { "drv_xdp_pass",	"drv_xdp_pass" },
	[NFPSIM_RXS_DRV_TX]	 = { "drv_xdp_tx",	"drv_xdp_tx" },
	[NFPSIM_RXS_MAX]	 = { "rx_drops",	"drops" },	/* enqueue drops */
};

#define NFPSIM_RX_NSTATS	(NFPSIM_RXS_MAX + 1)
#define NFPSIM_TX_NSTATS	3	/* packets, bytes, drops */

static unsigned int nfpsim_estat_count(struct net_device *netdev)
{
	return NFPSIM_RX_NSTATS * (1 + netdev->real_num_rx_queues) +
	       NFPSIM_TX_NSTATS * (1 + netdev->real_num_tx_queues);
}

static void nfpsim_get_drvinfo(struct net_device *netdev, struct ethtool_drvinfo *info)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	strscpy(info->driver, DRV_NAME, sizeof(info->driver));
	strscpy(info->version, NFPSIM_VERSION, sizeof(info->version));
	strscpy(info->bus_info, dev_name(&port->ndev->dev), sizeof(info->bus_info));
}

static void nfpsim_get_channels(struct net_device *netdev, struct ethtool_channels *ch)
{
	ch->max_rx = netdev->num_rx_queues;
	ch->max_tx = netdev->num_tx_queues;
	ch->rx_count = netdev->real_num_rx_queues;
	ch->tx_count = netdev->real_num_tx_queues;
}

static int nfpsim_get_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? nfpsim_estat_count(netdev) : -EOPNOTSUPP;
}

static void nfpsim_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	static const char * const tx[NFPSIM_TX_NSTATS] = { "packets", "bytes", "drops" };
	unsigned int q, i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < NFPSIM_RX_NSTATS; i++)
		ethtool_sprintf(&data, "%s", nfpsim_rx_names[i].total);
	for (q = 0; q < netdev->real_num_rx_queues; q++)
		for (i = 0; i < NFPSIM_RX_NSTATS; i++)
			ethtool_sprintf(&data, "rx%u_%s", q, nfpsim_rx_names[i].queue);
	for (i = 0; i < NFPSIM_TX_NSTATS; i++)
		ethtool_sprintf(&data, "tx_%s", tx[i]);
	for (q = 0; q < netdev->real_num_tx_queues; q++)
		for (i = 0; i < NFPSIM_TX_NSTATS; i++)
			ethtool_sprintf(&data, "tx%u_%s", q, tx[i]);
}

static void nfpsim_get_ethtool_stats(struct net_device *netdev, struct ethtool_stats *es,
				     u64 *data)
{
	struct nfpsim_port *port = netdev_priv(netdev);
	u64 *tot = data, *v = data + NFPSIM_RX_NSTATS;
	unsigned int q, i;

	memset(tot, 0, NFPSIM_RX_NSTATS * sizeof(*tot));
	for (q = 0; q < netdev->real_num_rx_queues; q++, v += NFPSIM_RX_NSTATS) {
		nfpsim_rx_stats_read(&port->rqs[q], v);
		v[NFPSIM_RXS_MAX] = atomic64_read(&port->rqs[q].drops);
		for (i = 0; i < NFPSIM_RX_NSTATS; i++)
			tot[i] += v[i];
	}
	tot = v;
	v += NFPSIM_TX_NSTATS;
	memset(tot, 0, NFPSIM_TX_NSTATS * sizeof(*tot));
	for (q = 0; q < netdev->real_num_tx_queues; q++, v += NFPSIM_TX_NSTATS) {
		nfpsim_stats_read(&port->tx_stats[q], &v[0], &v[1], &v[2]);
		for (i = 0; i < NFPSIM_TX_NSTATS; i++)
			tot[i] += v[i];
	}
}

const struct ethtool_ops nfpsim_ethtool_ops = {
	.get_drvinfo		= nfpsim_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_channels		= nfpsim_get_channels,
	.get_sset_count		= nfpsim_get_sset_count,
	.get_strings		= nfpsim_get_strings,
	.get_ethtool_stats	= nfpsim_get_ethtool_stats,
};
