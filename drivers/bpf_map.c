// SPDX-License-Identifier: GPL-2.0
/*
 * Maps created with map_ifindex on an nfpsim port: they live in the NIC's
 * map engine (nfp-sim/maps.c) inside the device memory budget, shared by
 * bpftool (bpf_map_dev_ops, called under bpf_devs_lock read, concurrently
 * with the datapath) and the microengine. Unlike netdevsim's two fixed
 * slots, any ARRAY or HASH up to the budget works, with the kernel's own
 * semantics (BPF_ANY/NOEXIST/EXIST, E2BIG when full, EINVAL for delete on
 * ARRAY).
 */

#include <linux/bpf.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "nfpsim.h"

/**
 * struct nfpsim_bpf_map - an offloaded map of one NIC
 * @engine: the map in the NIC's map engine
 * @offmap: the kernel's side
 * @list: entry in nfpsim_dev.bpf_bound_maps (progs_lock)
 */
struct nfpsim_bpf_map {
	struct nfps_map *engine;
	struct bpf_offloaded_map *offmap;
	struct list_head list;
};

static struct nfps_map *nfpsim_offmap_engine(struct bpf_offloaded_map *offmap)
{
	struct nfpsim_bpf_map *nmap = offmap->dev_priv;

	return nmap->engine;
}

static int nfpsim_map_get_next_key(struct bpf_offloaded_map *offmap, void *key, void *next_key)
{
	return nfps_map_get_next_key(nfpsim_offmap_engine(offmap), key, next_key);
}

static int nfpsim_map_lookup_elem(struct bpf_offloaded_map *offmap, void *key, void *value)
{
	return nfps_map_lookup(nfpsim_offmap_engine(offmap), key, value);
}

/*
 * netdevsim's ABI, which test_offload.py asserts: BPF_EXIST on an array
 * index past the end is ENOENT (the element does not exist), where a host
 * array says E2BIG. The engine keeps the host semantics; this is the
 * driver's compatibility layer.
 */
static int nfpsim_map_update_elem(struct bpf_offloaded_map *offmap, void *key, void *value,
				  u64 flags)
{
	struct bpf_map *map = &offmap->map;

	if (map->map_type == BPF_MAP_TYPE_ARRAY && flags == BPF_EXIST &&
	    *(u32 *)key >= map->max_entries)
		return -ENOENT;
	return nfps_map_update(nfpsim_offmap_engine(offmap), key, value, flags);
}

static int nfpsim_map_delete_elem(struct bpf_offloaded_map *offmap, void *key)
{
	return nfps_map_delete(nfpsim_offmap_engine(offmap), key);
}

static const struct bpf_map_dev_ops nfpsim_bpf_map_ops = {
	.map_get_next_key	= nfpsim_map_get_next_key,
	.map_lookup_elem	= nfpsim_map_lookup_elem,
	.map_update_elem	= nfpsim_map_update_elem,
	.map_delete_elem	= nfpsim_map_delete_elem,
};

/*
 * BPF_OFFLOAD_MAP_ALLOC carries no extack: the reason for a refusal (type,
 * flags, sizes, device memory) goes to the kernel log, rate limited.
 */
int nfpsim_bpf_map_alloc(struct nfpsim_port *port, struct bpf_offloaded_map *offmap)
{
	struct bpf_map *map = &offmap->map;
	struct nfps_map_def def = {
		.type = map->map_type,
		.key_size = map->key_size,
		.value_size = map->value_size,
		.max_entries = map->max_entries,
		.map_flags = map->map_flags,
	};
	struct nfpsim_dev *ndev = port->ndev;
	struct nfps_diag diag = {};
	struct nfpsim_bpf_map *nmap;
	int err;

	nmap = kzalloc(sizeof(*nmap), GFP_KERNEL_ACCOUNT);
	if (!nmap)
		return -ENOMEM;
	err = nfps_map_create(&ndev->mem, &def, &nmap->engine, &diag);
	if (err) {
		/* map->name is filled in only after the allocation. */
		net_info_ratelimited("map (type %u, key %u, value %u, %u entries) not offloaded: %s (port %s)\n",
				     map->map_type, map->key_size, map->value_size,
				     map->max_entries, diag.msg, netdev_name(port->netdev));
		kfree(nmap);
		return err;
	}
	nmap->offmap = offmap;
	offmap->dev_priv = nmap;
	offmap->dev_ops = &nfpsim_bpf_map_ops;
	mutex_lock(&ndev->progs_lock);
	list_add_tail(&nmap->list, &ndev->bpf_bound_maps);
	mutex_unlock(&ndev->progs_lock);
	return 0;
}

void nfpsim_bpf_map_free(struct bpf_offloaded_map *offmap)
{
	struct nfpsim_bpf_map *nmap = offmap->dev_priv;
	struct nfpsim_port *port = netdev_priv(offmap->netdev);

	mutex_lock(&port->ndev->progs_lock);
	list_del(&nmap->list);
	mutex_unlock(&port->ndev->progs_lock);
	nfps_map_destroy(nmap->engine);
	kfree(nmap);
	offmap->dev_priv = NULL;
}

/*
 * The engine map behind a map a program bound to @ndev uses, or NULL for a
 * host map. The verifier only lets such a program use our own offloaded
 * maps and offload-neutral ones (perf event arrays); the list walk makes
 * that a fact here rather than an assumption (and bpf_map_is_dev_bound()
 * is not usable from a module).
 */
struct nfps_map *nfpsim_bpf_map_engine(struct nfpsim_dev *ndev, struct bpf_map *map)
{
	struct nfpsim_bpf_map *nmap;
	struct nfps_map *engine = NULL;

	mutex_lock(&ndev->progs_lock);
	list_for_each_entry(nmap, &ndev->bpf_bound_maps, list) {
		if (&nmap->offmap->map == map) {
			engine = nmap->engine;
			break;
		}
	}
	mutex_unlock(&ndev->progs_lock);
	return engine;
}
