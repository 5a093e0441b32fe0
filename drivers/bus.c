// SPDX-License-Identifier: GPL-2.0
/*
 * The nfpsim bus: /sys/bus/nfpsim/{new,del,link,unlink}_device.
 *
 * Same ABI as netdevsim's bus (drivers/net/netdevsim/bus.c): "ID [PORTS
 * [QUEUES]]" creates device nfpsimID, a taken ID is -ENOSPC (test_offload.py
 * retries with the next ID on that). Beyond netdevsim, the parsing is strict:
 * garbage, extra fields and out-of-range values are -EINVAL and change nothing.
 * The reason goes to the kernel log, rate limited: a script retrying a bad
 * write must not flood it.
 */

#include <linux/device.h>
#include <linux/idr.h>
#include <linux/mutex.h>

#include "nfpsim.h"

static DEFINE_IDA(nfpsim_ids);
static LIST_HEAD(nfpsim_devs);
static DEFINE_MUTEX(nfpsim_devs_lock);
static bool nfpsim_bus_enabled;	/* under nfpsim_devs_lock */

static struct nfpsim_dev *nfpsim_find_locked(unsigned int id)
{
	struct nfpsim_dev *ndev;

	list_for_each_entry(ndev, &nfpsim_devs, list)
		if (ndev->dev.id == id)
			return ndev;
	return NULL;
}

static ssize_t new_device_store(NFPSIM_BUS_CONST struct bus_type *bus, const char *buf, size_t count)
{
	unsigned int v[3] = { 0, 1, 1 };
	struct nfpsim_dev *ndev;
	int n, id, err;

	n = nfpsim_parse_uints(buf, count, v, 1, 3);
	if (n < 0) {
		pr_err_ratelimited("new_device takes \"ID [PORTS [QUEUES]]\" (unsigned integers)\n");
		return n;
	}
	if (v[0] > NFPSIM_MAX_ID || v[1] > NFPSIM_MAX_PORTS ||
	    !v[2] || v[2] > NFPSIM_MAX_QUEUES) {
		pr_err_ratelimited("new_device limits: ID <= %d, PORTS <= %d, 1 <= QUEUES <= %d\n",
				   NFPSIM_MAX_ID, NFPSIM_MAX_PORTS, NFPSIM_MAX_QUEUES);
		return -EINVAL;
	}

	mutex_lock(&nfpsim_devs_lock);
	if (!nfpsim_bus_enabled) {
		err = -EBUSY;
		goto out_unlock;
	}
	id = ida_alloc_range(&nfpsim_ids, v[0], v[0], GFP_KERNEL);
	if (id < 0) {
		err = id;	/* -ENOSPC when taken, as netdevsim */
		goto out_unlock;
	}
	ndev = nfpsim_dev_create(id, v[1], v[2]);
	if (IS_ERR(ndev)) {
		err = PTR_ERR(ndev);
		ida_free(&nfpsim_ids, id);
		goto out_unlock;
	}
	list_add_tail(&ndev->list, &nfpsim_devs);
	err = 0;
out_unlock:
	mutex_unlock(&nfpsim_devs_lock);
	return err ? err : count;
}
static BUS_ATTR_WO(new_device);

static void nfpsim_del_locked(struct nfpsim_dev *ndev)
{
	unsigned int id = ndev->dev.id;

	list_del(&ndev->list);
	nfpsim_dev_destroy(ndev);
	ida_free(&nfpsim_ids, id);
}

static ssize_t del_device_store(NFPSIM_BUS_CONST struct bus_type *bus, const char *buf, size_t count)
{
	struct nfpsim_dev *ndev;
	unsigned int id;
	int err;

	err = nfpsim_parse_uints(buf, count, &id, 1, 1);
	if (err < 0) {
		pr_err_ratelimited("del_device takes \"ID\" (unsigned integer)\n");
		return err;
	}

	mutex_lock(&nfpsim_devs_lock);
	err = -EBUSY;
	if (!nfpsim_bus_enabled)
		goto out_unlock;
	err = -ENOENT;
	ndev = nfpsim_find_locked(id);
	if (!ndev)
		goto out_unlock;
	nfpsim_del_locked(ndev);
	err = 0;
out_unlock:
	mutex_unlock(&nfpsim_devs_lock);
	return err ? err : count;
}
static BUS_ATTR_WO(del_device);

static struct attribute *nfpsim_bus_attrs[] = {
	&bus_attr_new_device.attr,
	&bus_attr_del_device.attr,
	&bus_attr_link_device.attr,
	&bus_attr_unlink_device.attr,
	NULL
};
ATTRIBUTE_GROUPS(nfpsim_bus);

static struct bus_type nfpsim_bus = {
	.name		= DRV_NAME,
	.dev_name	= DRV_NAME,
	.bus_groups	= nfpsim_bus_groups,
	.dev_groups	= nfpsim_dev_groups,
};

struct bus_type *nfpsim_bus_type(void)
{
	return &nfpsim_bus;
}

int nfpsim_bus_init(void)
{
	int err;

	err = bus_register(&nfpsim_bus);
	if (err)
		return err;
	mutex_lock(&nfpsim_devs_lock);
	nfpsim_bus_enabled = true;
	mutex_unlock(&nfpsim_devs_lock);
	return 0;
}

void nfpsim_bus_exit(void)
{
	struct nfpsim_dev *ndev, *tmp;

	mutex_lock(&nfpsim_devs_lock);
	nfpsim_bus_enabled = false;
	list_for_each_entry_safe(ndev, tmp, &nfpsim_devs, list)
		nfpsim_del_locked(ndev);
	mutex_unlock(&nfpsim_devs_lock);
	bus_unregister(&nfpsim_bus);
	ida_destroy(&nfpsim_ids);
}
