// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim: eBPF hardware offload without hardware.
 *
 * Module entry: the debugfs root and the nfpsim bus. Devices are created by
 * writing to /sys/bus/nfpsim/new_device, as with netdevsim.
 */

#include <linux/debugfs.h>
#include <linux/module.h>

#include "nfpsim.h"

struct dentry *nfpsim_ddir;
struct dentry *nfpsim_cap_ddir;	/* pcap files of every port */

static int __init nfpsim_init(void)
{
	int err;

	nfpsim_ddir = debugfs_create_dir(DRV_NAME, NULL);
	nfpsim_cap_ddir = debugfs_create_dir("capture", nfpsim_ddir);

	err = nfpsim_bus_init();
	if (err)
		goto err_debugfs_remove;
	return 0;

err_debugfs_remove:
	debugfs_remove_recursive(nfpsim_ddir);
	return err;
}

static void __exit nfpsim_exit(void)
{
	nfpsim_bus_exit();
	debugfs_remove_recursive(nfpsim_ddir);
	rcu_barrier();	/* capture rings freed by call_rcu() */
}

module_init(nfpsim_init);
module_exit(nfpsim_exit);
MODULE_LICENSE("GPL");
MODULE_VERSION(NFPSIM_VERSION);
MODULE_DESCRIPTION("Simulated NIC with eBPF offload to a simulated microengine");
