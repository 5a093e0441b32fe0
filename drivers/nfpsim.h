/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim: private header of the kernel glue.
 *
 * Object model (matches netdevsim's, see drivers/net/netdevsim/):
 *   struct nfpsim_dev   one bus device "nfpsimN" = one simulated NIC (ASIC)
 *   struct nfpsim_port  one port = one net_device (netdev_priv)
 *   struct nfpsim_rq    one RX queue of a port, with its NAPI context
 *
 * Lock order: nfpsim_devs_lock (bus list) -> nfpsim_dev.lock (ports) -> RTNL.
 * A port's peer pointer is written under RTNL and read under RCU-bh by the
 * xmit path.
 */
#ifndef NFPSIM_H
#define NFPSIM_H

#include <linux/device.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>
#include <linux/u64_stats_sync.h>

#define DRV_NAME		"nfpsim"

#define NFPSIM_MAX_ID		INT_MAX
#define NFPSIM_MAX_PORTS	256	/* ports per device */
#define NFPSIM_MAX_QUEUES	64	/* RX and TX queues per port */
#define NFPSIM_MAX_MTU		9000	/* frames must fit the NIC's packet buffer */
#define NFPSIM_RQ_LEN		1024	/* frames waiting per RX queue */

struct dentry;
struct net;

/**
 * struct nfpsim_dev - one simulated NIC on the nfpsim bus
 * @dev: the bus device, "nfpsimN"; N is @dev.id
 * @list: entry in the bus's device list (nfpsim_devs_lock)
 * @lock: serialises port add/del and @dead
 * @ports: struct nfpsim_port list, by index
 * @net: namespace the ports are created in (the writer's of new_device)
 * @num_queues: RX/TX queues of each port
 * @dead: set once deletion started; port adds fail with -ENODEV
 * @ddir: debugfs nfpsim/nfpsimN
 * @ports_ddir: debugfs nfpsim/nfpsimN/ports
 */
struct nfpsim_dev {
	struct device dev;
	struct list_head list;
	struct mutex lock;
	struct list_head ports;
	struct net *net;
	unsigned int num_queues;
	bool dead;
	struct dentry *ddir;
	struct dentry *ports_ddir;
};

/**
 * struct nfpsim_queue_stats - per-queue counters, 64-bit, u64_stats protected
 */
struct nfpsim_queue_stats {
	struct u64_stats_sync syncp;
	u64 packets;
	u64 bytes;
	u64 drops;
};

/**
 * struct nfpsim_rq - one receive queue of a port
 * @napi: polls @skbs
 * @skbs: frames transmitted by the peer, not yet received (bounded)
 * @port: owner
 * @stats: frames delivered to the stack, written by NAPI only
 * @drops: frames refused at enqueue (queue full, port down); senders on
 *	   several CPUs race here, hence atomic rather than u64_stats
 */
struct nfpsim_rq {
	struct napi_struct napi;
	struct sk_buff_head skbs;
	struct nfpsim_port *port;
	struct nfpsim_queue_stats stats;
	atomic64_t drops;
};

/**
 * struct nfpsim_port - one port of a device; netdev_priv() of its netdev
 * @netdev: the port's net_device
 * @ndev: owning device
 * @list: entry in @ndev->ports
 * @index: port index within the device
 * @peer: linked port (RTNL to write, RCU-bh to read) or NULL
 * @dying: set under RTNL before unregistering; blocks new links
 * @ddir: debugfs nfpsim/nfpsimN/ports/P
 * @rqs: @netdev->num_rx_queues receive queues
 * @tx_stats: per TX queue counters, written under that queue's xmit lock
 *	      (drops: frames sent while unlinked)
 */
struct nfpsim_port {
	struct net_device *netdev;
	struct nfpsim_dev *ndev;
	struct list_head list;
	unsigned int index;
	struct nfpsim_port __rcu *peer;
	bool dying;
	struct dentry *ddir;
	struct nfpsim_rq *rqs;
	struct nfpsim_queue_stats *tx_stats;
};

static inline struct nfpsim_dev *to_nfpsim_dev(struct device *dev)
{
	return container_of(dev, struct nfpsim_dev, dev);
}

/* main.c */
extern struct dentry *nfpsim_ddir;

/* parse.c */
int nfpsim_parse_uints(const char *buf, size_t count, unsigned int *vals,
		       unsigned int min_n, unsigned int max_n);

/* bus.c */
struct bus_type *nfpsim_bus_type(void);
int nfpsim_bus_init(void);
void nfpsim_bus_exit(void);

/* dev.c */
struct nfpsim_dev *nfpsim_dev_create(unsigned int id, unsigned int nports,
				     unsigned int nqueues);
void nfpsim_dev_destroy(struct nfpsim_dev *ndev);
int nfpsim_dev_port_add(struct nfpsim_dev *ndev, unsigned int index);
int nfpsim_dev_port_del(struct nfpsim_dev *ndev, unsigned int index);
extern const struct attribute_group *nfpsim_dev_groups[];

/* netdev.c */
struct nfpsim_port *nfpsim_port_create(struct nfpsim_dev *ndev, unsigned int index);
void nfpsim_port_destroy(struct nfpsim_port *port);
bool nfpsim_netdev_is_ours(const struct net_device *netdev);

/* link.c */
extern struct bus_attribute bus_attr_link_device;
extern struct bus_attribute bus_attr_unlink_device;
void nfpsim_link_update_carrier(struct nfpsim_port *port);
void nfpsim_unlink_locked(struct nfpsim_port *port);

/* rx.c: the wire between linked ports, and NAPI receive */
netdev_tx_t nfpsim_start_xmit(struct sk_buff *skb, struct net_device *netdev);
int nfpsim_rx_init(struct nfpsim_port *port);
void nfpsim_rx_fini(struct nfpsim_port *port);
void nfpsim_rx_open(struct nfpsim_port *port);
void nfpsim_rx_stop(struct nfpsim_port *port);

/* ethtool.c */
extern const struct ethtool_ops nfpsim_ethtool_ops;

/* stats helpers (netdev.c) */
void nfpsim_stats_read(struct nfpsim_queue_stats *qs, u64 *packets, u64 *bytes, u64 *drops);

static inline void nfpsim_stats_add(struct nfpsim_queue_stats *qs, u64 packets, u64 bytes,
				    u64 drops)
{
	u64_stats_update_begin(&qs->syncp);
	qs->packets += packets;
	qs->bytes += bytes;
	qs->drops += drops;
	u64_stats_update_end(&qs->syncp);
}

#endif /* NFPSIM_H */
