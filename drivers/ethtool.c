// SPDX-License-Identifier: GPL-2.0
/*
 * ethtool: driver info, channels and per-port/per-queue statistics.
 * The statistics layout is one table, used for names and values alike.
 */

#include <linux/ethtool.h>
#include <linux/netdevice.h>

#include "nfpsim.h"

enum nfpsim_estat { NFPSIM_ES_PACKETS, NFPSIM_ES_BYTES, NFPSIM_ES_DROPS, NFPSIM_ES_MAX };

static const char * const nfpsim_estat_names[NFPSIM_ES_MAX] = {
	[NFPSIM_ES_PACKETS]	= "packets",
	[NFPSIM_ES_BYTES]	= "bytes",
	[NFPSIM_ES_DROPS]	= "drops",
};

/* Totals ("rx_packets"...), then each RX queue ("rx0_packets"...), then TX. */
static unsigned int nfpsim_estat_count(struct net_device *netdev)
{
	return NFPSIM_ES_MAX * (2 + netdev->real_num_rx_queues + netdev->real_num_tx_queues);
}

static void nfpsim_get_drvinfo(struct net_device *netdev, struct ethtool_drvinfo *info)
{
	struct nfpsim_port *port = netdev_priv(netdev);

	strscpy(info->driver, DRV_NAME, sizeof(info->driver));
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

static void nfpsim_put_names(u8 **p, const char *dir, int q)
{
	unsigned int i;

	for (i = 0; i < NFPSIM_ES_MAX; i++) {
		if (q < 0)
			ethtool_sprintf(p, "%s_%s", dir, nfpsim_estat_names[i]);
		else
			ethtool_sprintf(p, "%s%d_%s", dir, q, nfpsim_estat_names[i]);
	}
}

static void nfpsim_get_strings(struct net_device *netdev, u32 sset, u8 *data)
{
	unsigned int q;

	if (sset != ETH_SS_STATS)
		return;
	nfpsim_put_names(&data, "rx", -1);
	nfpsim_put_names(&data, "tx", -1);
	for (q = 0; q < netdev->real_num_rx_queues; q++)
		nfpsim_put_names(&data, "rx", q);
	for (q = 0; q < netdev->real_num_tx_queues; q++)
		nfpsim_put_names(&data, "tx", q);
}

static void nfpsim_put_vals(u64 *v, u64 packets, u64 bytes, u64 drops, u64 *tot)
{
	v[NFPSIM_ES_PACKETS] = packets;
	v[NFPSIM_ES_BYTES] = bytes;
	v[NFPSIM_ES_DROPS] = drops;
	tot[NFPSIM_ES_PACKETS] += packets;
	tot[NFPSIM_ES_BYTES] += bytes;
	tot[NFPSIM_ES_DROPS] += drops;
}

static void nfpsim_get_ethtool_stats(struct net_device *netdev, struct ethtool_stats *es,
				     u64 *data)
{
	struct nfpsim_port *port = netdev_priv(netdev);
	u64 *rx_tot = data, *tx_tot = data + NFPSIM_ES_MAX;
	u64 *v = data + 2 * NFPSIM_ES_MAX;
	u64 packets, bytes, drops;
	unsigned int q;

	memset(data, 0, 2 * NFPSIM_ES_MAX * sizeof(*data));
	for (q = 0; q < netdev->real_num_rx_queues; q++, v += NFPSIM_ES_MAX) {
		nfpsim_stats_read(&port->rqs[q].stats, &packets, &bytes, &drops);
		drops += atomic64_read(&port->rqs[q].drops);
		nfpsim_put_vals(v, packets, bytes, drops, rx_tot);
	}
	for (q = 0; q < netdev->real_num_tx_queues; q++, v += NFPSIM_ES_MAX) {
		nfpsim_stats_read(&port->tx_stats[q], &packets, &bytes, &drops);
		nfpsim_put_vals(v, packets, bytes, drops, tx_tot);
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
