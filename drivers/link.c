// SPDX-License-Identifier: GPL-2.0
/*
 * The wire between two ports: /sys/bus/nfpsim/{link,unlink}_device.
 *
 * ABI of netdevsim's newer link_device (Linux 6.9+):
 *   echo "NETNSFD:IFINDEX NETNSFD:IFINDEX" > link_device
 *   echo "NETNSFD:IFINDEX" > unlink_device
 * NETNSFD is a file descriptor of the writing process that refers to a
 * network namespace (e.g. opened from /var/run/netns/NAME or /proc/self/ns/net).
 * Errors as netdevsim 6.12's: -EBUSY when a port is already linked, -EINVAL
 * for everything else (malformed, bad netns fd, unknown ifindex, not an
 * nfpsim port, a port linked to itself, unlinking an unlinked port).
 * A malformed write is explained in the kernel log, rate limited as bus.c's.
 */

#include <linux/ctype.h>
#include <linux/netdevice.h>
#include <linux/rtnetlink.h>
#include <net/net_namespace.h>

#include "nfpsim.h"

#define NFPSIM_LINK_BUF	64

/* Resolve "FD:IFINDEX" to one of our ports. Caller holds RTNL. */
static int nfpsim_link_resolve(char *tok, struct nfpsim_port **out)
{
	struct net_device *netdev;
	unsigned int fd, ifindex;
	struct net *net;
	char *colon;

	colon = strchr(tok, ':');
	if (!colon)
		return -EINVAL;
	*colon = '\0';
	if (!isdigit(tok[0]) || !isdigit(colon[1]) ||
	    kstrtouint(tok, 10, &fd) || kstrtouint(colon + 1, 10, &ifindex) ||
	    fd > INT_MAX || !ifindex || ifindex > INT_MAX)
		return -EINVAL;

	net = get_net_ns_by_fd(fd);
	if (IS_ERR(net))
		return -EINVAL;
	netdev = __dev_get_by_index(net, ifindex);
	put_net(net);
	if (!netdev || !nfpsim_netdev_is_ours(netdev))
		return -EINVAL;
	*out = netdev_priv(netdev);
	return (*out)->dying ? -EINVAL : 0;
}

/* Split the write into exactly @n blank-separated tokens. */
static int nfpsim_link_tokens(char *buf, char **tok, int n)
{
	char *cur = strim(buf), *t;
	int i = 0;

	while ((t = strsep(&cur, " \t")) != NULL) {
		if (!*t)
			continue;
		if (i == n)
			return -EINVAL;
		tok[i++] = t;
	}
	return i == n ? 0 : -EINVAL;
}

static int nfpsim_link_copy(char *dst, const char *buf, size_t count)
{
	if (!count || count >= NFPSIM_LINK_BUF)
		return -EINVAL;
	memcpy(dst, buf, count);
	dst[count] = '\0';
	return 0;
}

/* Carrier is up when both ends of a link are up, as on a veth pair. */
void nfpsim_link_update_carrier(struct nfpsim_port *port)
{
	struct nfpsim_port *peer = rtnl_dereference(port->peer);
	bool up = peer && netif_running(port->netdev) && netif_running(peer->netdev);

	if (up) {
		netif_carrier_on(port->netdev);
		netif_carrier_on(peer->netdev);
	} else {
		netif_carrier_off(port->netdev);
		if (peer)
			netif_carrier_off(peer->netdev);
	}
}

/* Caller holds RTNL. Frames already queued at the peer are still received. */
void nfpsim_unlink_locked(struct nfpsim_port *port)
{
	struct nfpsim_port *peer = rtnl_dereference(port->peer);

	if (!peer)
		return;
	RCU_INIT_POINTER(port->peer, NULL);
	RCU_INIT_POINTER(peer->peer, NULL);
	netif_carrier_off(port->netdev);
	netif_carrier_off(peer->netdev);
}

static ssize_t link_device_store(NFPSIM_BUS_CONST struct bus_type *bus, const char *buf, size_t count)
{
	struct nfpsim_port *a, *b;
	char tmp[NFPSIM_LINK_BUF], *tok[2];
	int err;

	err = nfpsim_link_copy(tmp, buf, count);
	if (!err)
		err = nfpsim_link_tokens(tmp, tok, 2);
	if (err) {
		pr_err_ratelimited("link_device takes \"NETNSFD:IFINDEX NETNSFD:IFINDEX\"\n");
		return err;
	}

	rtnl_lock();
	err = nfpsim_link_resolve(tok[0], &a);
	if (!err)
		err = nfpsim_link_resolve(tok[1], &b);
	if (err)
		goto out_unlock;
	err = -EINVAL;
	if (a == b)
		goto out_unlock;
	err = -EBUSY;
	if (rtnl_dereference(a->peer) || rtnl_dereference(b->peer))
		goto out_unlock;

	rcu_assign_pointer(a->peer, b);
	rcu_assign_pointer(b->peer, a);
	nfpsim_link_update_carrier(a);
	err = 0;
out_unlock:
	rtnl_unlock();
	return err ? err : count;
}
BUS_ATTR_WO(link_device);

static ssize_t unlink_device_store(NFPSIM_BUS_CONST struct bus_type *bus, const char *buf, size_t count)
{
	struct nfpsim_port *port;
	char tmp[NFPSIM_LINK_BUF], *tok[1];
	int err;

	err = nfpsim_link_copy(tmp, buf, count);
	if (!err)
		err = nfpsim_link_tokens(tmp, tok, 1);
	if (err) {
		pr_err_ratelimited("unlink_device takes \"NETNSFD:IFINDEX\"\n");
		return err;
	}

	rtnl_lock();
	err = nfpsim_link_resolve(tok[0], &port);
	if (!err && !rtnl_dereference(port->peer))
		err = -EINVAL;
	if (!err)
		nfpsim_unlink_locked(port);
	rtnl_unlock();
	return err ? err : count;
}
BUS_ATTR_WO(unlink_device);
