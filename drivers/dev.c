// SPDX-License-Identifier: GPL-2.0
/*
 * One simulated NIC: the bus device nfpsimN, its ports and its debugfs tree
 * /sys/kernel/debug/nfpsim/nfpsimN/{ports/P/dev -> ../../../nfpsimN}, laid
 * out like netdevsim's (drivers/net/netdevsim/dev.c) so test_offload.py finds
 * everything at the same relative paths.
 */

#include <linux/debugfs.h>
#include <linux/nsproxy.h>
#include <linux/slab.h>
#include <net/net_namespace.h>

#include "nfpsim.h"

static struct nfpsim_port *nfpsim_port_find_locked(struct nfpsim_dev *ndev, unsigned int index)
{
	struct nfpsim_port *port;

	list_for_each_entry(port, &ndev->ports, list)
		if (port->index == index)
			return port;
	return NULL;
}

static int nfpsim_port_peer_show(struct seq_file *m, void *data)
{
	struct nfpsim_port *port = m->private, *peer;

	rcu_read_lock();
	peer = rcu_dereference(port->peer);
	if (peer)
		seq_printf(m, "%s %d %s/%u\n", netdev_name(peer->netdev), peer->netdev->ifindex,
			   dev_name(&peer->ndev->dev), peer->index);
	else
		seq_puts(m, "none\n");
	rcu_read_unlock();
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(nfpsim_port_peer);

void nfpsim_port_debugfs_init(struct nfpsim_port *port)
{
	char name[16], target[32];

	snprintf(name, sizeof(name), "%u", port->index);
	port->ddir = debugfs_create_dir(name, port->ndev->ports_ddir);
	snprintf(target, sizeof(target), "../../../%s", dev_name(&port->ndev->dev));
	debugfs_create_symlink("dev", port->ddir, target);
	debugfs_create_file("peer", 0400, port->ddir, port, &nfpsim_port_peer_fops);
}

/* Insert keeping the list sorted by index, so teardown and listings are stable. */
static void nfpsim_port_list_add(struct nfpsim_dev *ndev, struct nfpsim_port *port)
{
	struct nfpsim_port *pos;

	list_for_each_entry(pos, &ndev->ports, list)
		if (pos->index > port->index)
			break;
	list_add_tail(&port->list, &pos->list);
}

static int nfpsim_port_add_locked(struct nfpsim_dev *ndev, unsigned int index)
{
	struct nfpsim_port *port;

	if (ndev->dead)
		return -ENODEV;
	if (index >= NFPSIM_MAX_PORTS)
		return -EINVAL;
	if (nfpsim_port_find_locked(ndev, index))
		return -EEXIST;

	port = nfpsim_port_create(ndev, index);
	if (IS_ERR(port))
		return PTR_ERR(port);
	nfpsim_port_list_add(ndev, port);
	return 0;
}

static void nfpsim_port_del_locked(struct nfpsim_port *port)
{
	list_del(&port->list);
	nfpsim_port_destroy(port);
}

int nfpsim_dev_port_add(struct nfpsim_dev *ndev, unsigned int index)
{
	int err;

	mutex_lock(&ndev->lock);
	err = nfpsim_port_add_locked(ndev, index);
	mutex_unlock(&ndev->lock);
	return err;
}

int nfpsim_dev_port_del(struct nfpsim_dev *ndev, unsigned int index)
{
	struct nfpsim_port *port;
	int err = -ENOENT;

	mutex_lock(&ndev->lock);
	if (ndev->dead) {
		err = -ENODEV;
		goto out_unlock;
	}
	port = nfpsim_port_find_locked(ndev, index);
	if (port) {
		nfpsim_port_del_locked(port);
		err = 0;
	}
out_unlock:
	mutex_unlock(&ndev->lock);
	return err;
}

static ssize_t nfpsim_port_store(struct device *dev, const char *buf, size_t count,
				 int (*op)(struct nfpsim_dev *, unsigned int))
{
	unsigned int index;
	int err;

	err = nfpsim_parse_uints(buf, count, &index, 1, 1);
	if (err < 0)
		return err;
	err = op(to_nfpsim_dev(dev), index);
	return err ? err : count;
}

static ssize_t new_port_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	return nfpsim_port_store(dev, buf, count, nfpsim_dev_port_add);
}
static DEVICE_ATTR_WO(new_port);

static ssize_t del_port_store(struct device *dev, struct device_attribute *attr,
			      const char *buf, size_t count)
{
	return nfpsim_port_store(dev, buf, count, nfpsim_dev_port_del);
}
static DEVICE_ATTR_WO(del_port);

static struct attribute *nfpsim_dev_attrs[] = {
	&dev_attr_new_port.attr,
	&dev_attr_del_port.attr,
	NULL,
};

static const struct attribute_group nfpsim_dev_group = {
	.attrs = nfpsim_dev_attrs,
};

const struct attribute_group *nfpsim_dev_groups[] = {
	&nfpsim_dev_group,
	NULL,
};

static void nfpsim_dev_release(struct device *dev)
{
	struct nfpsim_dev *ndev = to_nfpsim_dev(dev);

	put_net(ndev->net);
	mutex_destroy(&ndev->lock);
	kfree(ndev);
}

/* Tear down every port; the device itself stays registered. */
static void nfpsim_dev_ports_destroy(struct nfpsim_dev *ndev)
{
	struct nfpsim_port *port, *tmp;

	mutex_lock(&ndev->lock);
	ndev->dead = true;
	list_for_each_entry_safe_reverse(port, tmp, &ndev->ports, list)
		nfpsim_port_del_locked(port);
	mutex_unlock(&ndev->lock);
}

/**
 * nfpsim_dev_create() - register device nfpsim@id with its ports
 * @id: bus id, already reserved by the caller
 * @nports: ports 0 .. @nports - 1 to create
 * @nqueues: RX and TX queues per port
 *
 * Ports live in the writer's network namespace, as netdevsim's do.
 */
struct nfpsim_dev *nfpsim_dev_create(unsigned int id, unsigned int nports,
				     unsigned int nqueues)
{
	struct nfpsim_dev *ndev;
	unsigned int i;
	int err;

	ndev = kzalloc(sizeof(*ndev), GFP_KERNEL);
	if (!ndev)
		return ERR_PTR(-ENOMEM);
	mutex_init(&ndev->lock);
	INIT_LIST_HEAD(&ndev->ports);
	ndev->net = get_net(current->nsproxy->net_ns);
	ndev->num_queues = nqueues;
	ndev->dev.id = id;
	ndev->dev.bus = nfpsim_bus_type();
	ndev->dev.release = nfpsim_dev_release;

	/*
	 * Named here rather than by device_add() from the bus's dev_name:
	 * there, a failed allocation of the name ends as -EINVAL ("device
	 * has no name"), which tells the user to fix their input.
	 */
	device_initialize(&ndev->dev);
	err = dev_set_name(&ndev->dev, DRV_NAME "%u", id);
	if (!err)
		err = device_add(&ndev->dev);
	if (err) {
		put_device(&ndev->dev);	/* release frees ndev */
		return ERR_PTR(err);
	}

	ndev->ddir = debugfs_create_dir(dev_name(&ndev->dev), nfpsim_ddir);
	ndev->ports_ddir = debugfs_create_dir("ports", ndev->ddir);
	err = nfpsim_bpf_dev_init(ndev);
	if (err)
		goto err_unregister;

	for (i = 0; i < nports; i++) {
		err = nfpsim_dev_port_add(ndev, i);
		if (err)
			goto err_ports_destroy;
	}
	return ndev;

err_ports_destroy:
	nfpsim_dev_ports_destroy(ndev);
	nfpsim_bpf_dev_exit(ndev);
err_unregister:
	debugfs_remove_recursive(ndev->ddir);
	device_unregister(&ndev->dev);
	return ERR_PTR(err);
}

/**
 * nfpsim_dev_destroy() - delete every port of a device, then the device
 * @ndev: the device, off the bus list
 *
 * The mirror of nfpsim_dev_create() and of its error path.
 */
void nfpsim_dev_destroy(struct nfpsim_dev *ndev)
{
	nfpsim_dev_ports_destroy(ndev);
	nfpsim_bpf_dev_exit(ndev);
	debugfs_remove_recursive(ndev->ddir);
	device_unregister(&ndev->dev);
}
