// SPDX-License-Identifier: GPL-2.0
/*
 * nfp-sim map engine: creation, the device memory budget and the API of
 * nfps.h, dispatching to the ARRAY (map_array.c) and HASH (map_htab.c)
 * operations. The memory, semantics and locking model is described in map.h.
 */
#include "compat.h"
#include "map.h"

/* ---- creation and budget ------------------------------------------------ */

static const char * const nfps_map_type_names[] = {
	[BPF_MAP_TYPE_UNSPEC]			= "unspec",
	[BPF_MAP_TYPE_HASH]			= "hash",
	[BPF_MAP_TYPE_ARRAY]			= "array",
	[BPF_MAP_TYPE_PROG_ARRAY]		= "prog_array",
	[BPF_MAP_TYPE_PERF_EVENT_ARRAY]		= "perf_event_array",
	[BPF_MAP_TYPE_PERCPU_HASH]		= "percpu_hash",
	[BPF_MAP_TYPE_PERCPU_ARRAY]		= "percpu_array",
	[BPF_MAP_TYPE_STACK_TRACE]		= "stack_trace",
	[BPF_MAP_TYPE_CGROUP_ARRAY]		= "cgroup_array",
	[BPF_MAP_TYPE_LRU_HASH]			= "lru_hash",
	[BPF_MAP_TYPE_LRU_PERCPU_HASH]		= "lru_percpu_hash",
	[BPF_MAP_TYPE_LPM_TRIE]			= "lpm_trie",
	[BPF_MAP_TYPE_ARRAY_OF_MAPS]		= "array_of_maps",
	[BPF_MAP_TYPE_HASH_OF_MAPS]		= "hash_of_maps",
	[BPF_MAP_TYPE_DEVMAP]			= "devmap",
	[BPF_MAP_TYPE_SOCKMAP]			= "sockmap",
	[BPF_MAP_TYPE_CPUMAP]			= "cpumap",
	[BPF_MAP_TYPE_XSKMAP]			= "xskmap",
	[BPF_MAP_TYPE_SOCKHASH]			= "sockhash",
	[BPF_MAP_TYPE_CGROUP_STORAGE]		= "cgroup_storage",
	[BPF_MAP_TYPE_REUSEPORT_SOCKARRAY]	= "reuseport_sockarray",
	[BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE]	= "percpu_cgroup_storage",
	[BPF_MAP_TYPE_QUEUE]			= "queue",
	[BPF_MAP_TYPE_STACK]			= "stack",
	[BPF_MAP_TYPE_SK_STORAGE]		= "sk_storage",
	[BPF_MAP_TYPE_DEVMAP_HASH]		= "devmap_hash",
	[BPF_MAP_TYPE_STRUCT_OPS]		= "struct_ops",
	[BPF_MAP_TYPE_RINGBUF]			= "ringbuf",
	[BPF_MAP_TYPE_INODE_STORAGE]		= "inode_storage",
	[BPF_MAP_TYPE_TASK_STORAGE]		= "task_storage",
	[BPF_MAP_TYPE_BLOOM_FILTER]		= "bloom_filter",
	[BPF_MAP_TYPE_USER_RINGBUF]		= "user_ringbuf",
};

static const char *nfps_map_type_name(u32 type)
{
	if (type < ARRAY_SIZE(nfps_map_type_names) && nfps_map_type_names[type])
		return nfps_map_type_names[type];
	return "unknown";
}

static const struct nfps_map_ops *nfps_map_ops_of(u32 type, struct nfps_diag *diag)
{
	switch (type) {
	case BPF_MAP_TYPE_ARRAY:
		return &nfps_array_ops;
	case BPF_MAP_TYPE_HASH:
		return &nfps_htab_ops;
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
		nfps_fail(diag, -1, -EOPNOTSUPP,
			      "map type %u (perf_event_array) is host-neutral and never lives on the NIC: the host delivers perf events",
			      type);
		return NULL;
	default:
		nfps_fail(diag, -1, -EOPNOTSUPP,
			      "map type %u (%s) not supported by the NIC: use an array or hash map (perf_event_array stays on the host)",
			      type, nfps_map_type_name(type));
		return NULL;
	}
}

static const struct {
	u32 flag;
	const char *name;
	const char *why;
} nfps_map_flag_names[] = {
	{ BPF_F_NO_PREALLOC,	"BPF_F_NO_PREALLOC",	"only hash maps take it" },
	{ BPF_F_NO_COMMON_LRU,	"BPF_F_NO_COMMON_LRU",	"only LRU hash maps take it" },
	{ BPF_F_STACK_BUILD_ID,	"BPF_F_STACK_BUILD_ID",	"only stack trace maps take it" },
	{ BPF_F_ZERO_SEED,	"BPF_F_ZERO_SEED",	"only hash maps take it" },
	{ BPF_F_CLONE,		"BPF_F_CLONE",		"only local storage maps take it" },
	{ BPF_F_MMAPABLE,	"BPF_F_MMAPABLE",
	  "device memory cannot be mmap()ed by host processes" },
	{ BPF_F_PRESERVE_ELEMS,	"BPF_F_PRESERVE_ELEMS",	"only perf event arrays take it" },
	{ BPF_F_INNER_MAP,	"BPF_F_INNER_MAP",	"device maps cannot be inner maps" },
};

/*
 * Accept what the kernel accepts for the host type and we can honour:
 * BPF_F_NUMA_NODE (one device memory, nothing to place), the access flags
 * (the host kernel enforces them on syscalls and in the verifier),
 * BPF_F_NO_PREALLOC and BPF_F_ZERO_SEED for HASH. Everything else is
 * -EINVAL naming the flag, like a host map rejecting a foreign flag.
 */
static int nfps_map_check_flags(const struct nfps_map_def *def, const struct nfps_map_ops *ops,
				struct nfps_diag *diag)
{
	u32 bad = def->map_flags & ~ops->flags;
	u32 i;

	if (bad) {
		bad &= -bad;
		for (i = 0; i < ARRAY_SIZE(nfps_map_flag_names); i++)
			if (nfps_map_flag_names[i].flag == bad)
				return nfps_fail(diag, -1, -EINVAL,
						     "map flag %s not supported on a NIC %s map: %s; create the map without it",
						     nfps_map_flag_names[i].name, ops->name,
						     nfps_map_flag_names[i].why);
		return nfps_fail(diag, -1, -EINVAL,
				     "unknown map flag 0x%x on a %s map: create the map without it",
				     bad, ops->name);
	}
	/* bpf_map_flags_access_ok() */
	if ((def->map_flags & (BPF_F_RDONLY | BPF_F_WRONLY)) == (BPF_F_RDONLY | BPF_F_WRONLY))
		return nfps_fail(diag, -1, -EINVAL,
				     "map flags BPF_F_RDONLY and BPF_F_WRONLY exclude each other");
	if ((def->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) ==
	    (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return nfps_fail(diag, -1, -EINVAL,
				     "map flags BPF_F_RDONLY_PROG and BPF_F_WRONLY_PROG exclude each other");
	return 0;
}

static int nfps_map_check_def(const struct nfps_map_def *def, const struct nfps_map_ops *ops,
			      struct nfps_diag *diag)
{
	int err;

	err = nfps_map_check_flags(def, ops, diag);
	if (err)
		return err;
	if (def->max_entries == 0)
		return nfps_fail(diag, -1, -EINVAL, "%s map max_entries 0 invalid: a map needs at least 1 entry",
				     ops->name);
	if (def->value_size == 0)
		return nfps_fail(diag, -1, -EINVAL, "%s map value_size 0 invalid: values need at least 1 byte",
				     ops->name);
	if (def->value_size > NFPS_MAP_VALUE_MAX)
		return nfps_fail(diag, -1, -E2BIG,
				     "%s map value_size %u too large: the NIC takes values of up to %u bytes",
				     ops->name, def->value_size, NFPS_MAP_VALUE_MAX);
	return ops->check(def, diag);
}

static int nfps_mem_charge(struct nfps_mem *mem, u64 bytes, struct nfps_diag *diag)
{
	u64 used, avail;

	if (!mem)
		return 0;
	/*
	 * Optimistic add and back off: map creation is serialised by RTNL in
	 * the module, so a concurrent creator failing spuriously near the limit
	 * is not a practical concern, and the budget is never exceeded.
	 */
	used = (u64)atomic_long_add_return((long)bytes, &mem->used);
	if (used <= mem->limit)
		return 0;
	atomic_long_sub((long)bytes, &mem->used);
	used -= bytes;
	avail = used < mem->limit ? mem->limit - used : 0;
	return nfps_fail(diag, -1, -ENOMEM,
			     "map needs %llu bytes of device memory, %llu of %llu free: lower max_entries or raise the device's memory budget",
			     (unsigned long long)bytes, (unsigned long long)avail,
			     (unsigned long long)mem->limit);
}

static void nfps_mem_uncharge(struct nfps_mem *mem, u64 bytes)
{
	if (mem)
		atomic_long_sub((long)bytes, &mem->used);
}

static int nfps_map_check_alloc(const char *what, u64 bytes, struct nfps_diag *diag)
{
	if (bytes <= NFPS_MAP_ALLOC_MAX)
		return 0;
	return nfps_fail(diag, -1, -E2BIG,
			     "map %s need %llu bytes, the NIC addresses at most %llu per map: lower max_entries",
			     what, (unsigned long long)bytes, (unsigned long long)NFPS_MAP_ALLOC_MAX);
}

static void nfps_map_free_mem(struct nfps_map *map)
{
	u32 i;

	for (i = 0; i < map->nr_locks; i++)
		nfps_lock_destroy(&map->locks[i]);
	nfps_vfree(map->locks);
	nfps_vfree(map->buckets);
	nfps_vfree(map->used);
	nfps_vfree(map->elems);
	nfps_vfree(map->region);
	nfps_lock_destroy(&map->free_lock);
	nfps_free(map);
}

/* Allocate what nfps_map_layout() sized; NULL pointers are fine to free. */
static int nfps_map_alloc_mem(struct nfps_map *map, u32 n_buckets)
{
	u32 max = map->def.max_entries;
	u32 i, nlocks;

	map->region = nfps_vzalloc(map->region_size);
	if (!map->region)
		return -ENOMEM;
	if (!n_buckets)
		return 0;

	map->elems = nfps_vzalloc((size_t)max * map->estride);
	map->used = nfps_vzalloc(max);
	map->buckets = nfps_vzalloc((size_t)n_buckets * sizeof(u32));
	nlocks = min_t(u32, n_buckets, NFPS_HTAB_LOCKS);
	map->locks = nfps_vzalloc(nlocks * sizeof(nfps_lock_t));
	if (!map->elems || !map->used || !map->buckets || !map->locks)
		return -ENOMEM;
	for (i = 0; i < nlocks; i++)
		nfps_lock_init(&map->locks[i]);
	map->nr_locks = nlocks;
	map->lock_mask = nlocks - 1;
	return 0;
}

static u32 nfps_map_seed(const struct nfps_map *map)
{
	static atomic_long_t seq;
	u64 mix[2];

	if (map->def.map_flags & BPF_F_ZERO_SEED)
		return 0;
	/*
	 * Not cryptographic: the address (randomised by KASLR/ASLR) and a
	 * creation count are enough to keep chain layout from being a fixed
	 * function of the keys, which is all a per-map seed is for here.
	 */
	mix[0] = (u64)(unsigned long)map;
	mix[1] = (u64)atomic_long_add_return(1, &seq);
	return nfps_jhash(mix, sizeof(mix), 0x9e3779b9);
}

/**
 * nfps_map_create() - create an ARRAY or HASH map in device memory
 * @mem: device memory budget to charge, or NULL for unlimited
 * @def: shape, as given to BPF_MAP_CREATE
 * @out: the new map
 * @diag: reason on failure (may be NULL)
 *
 * Validates @def like the kernel's own map types do, charges the whole
 * preallocated size (see the top of maps.c) and allocates it. May sleep.
 *
 * Return: 0; -EOPNOTSUPP for other map types, -EINVAL for a bad shape or
 * flag, -E2BIG for sizes beyond the NIC's limits, -ENOMEM when the budget or
 * the host is out of memory.
 */
int nfps_map_create(struct nfps_mem *mem, const struct nfps_map_def *def,
		    struct nfps_map **out, struct nfps_diag *diag)
{
	const struct nfps_map_ops *ops;
	struct nfps_map *map;
	u32 n_buckets;
	u64 region;
	int err;

	if (!def || !out)
		return nfps_fail(diag, -1, -EINVAL, "no map definition");
	*out = NULL;
	ops = nfps_map_ops_of(def->type, diag);
	if (!ops)
		return -EOPNOTSUPP;
	err = nfps_map_check_def(def, ops, diag);
	if (err)
		return err;

	/* value_size <= 64 KiB and u32 max_entries: no u64 overflow below */
	region = (u64)def->max_entries * round_up(def->value_size, 8);
	err = nfps_map_check_alloc("values", region, diag);
	if (err)
		return err;
	if (def->type == BPF_MAP_TYPE_HASH)
		err = nfps_map_check_alloc("keys", (u64)def->max_entries *
					   round_up(NFPS_HTAB_ELEM_HDR + def->key_size, 8), diag);
	if (err)
		return err;

	map = nfps_zalloc(sizeof(*map));
	if (!map)
		return nfps_fail(diag, -1, -ENOMEM, "out of host memory for the map");
	map->def = *def;
	map->ops = ops;
	map->vstride = round_up(def->value_size, 8);
	map->region_size = (u32)region;
	map->free_head = NFPS_NIL;
	nfps_lock_init(&map->free_lock);
	map->charge = ops->layout(map, &n_buckets);

	err = nfps_mem_charge(mem, map->charge, diag);
	if (err)
		goto err_free;
	map->mem = mem;
	err = nfps_map_alloc_mem(map, n_buckets);
	if (err) {
		nfps_fail(diag, -1, err, "out of host memory for a %llu-byte map",
			      (unsigned long long)map->charge);
		goto err_uncharge;
	}
	map->seed = nfps_map_seed(map);
	ops->init(map, n_buckets);
	*out = map;
	return 0;

err_uncharge:
	nfps_mem_uncharge(mem, map->charge);
err_free:
	nfps_map_free_mem(map);
	return err;
}

/**
 * nfps_map_destroy() - free a map and return its memory to the budget
 * @map: map from nfps_map_create(), or NULL
 *
 * The caller guarantees no host operation or program uses @map any more.
 */
void nfps_map_destroy(struct nfps_map *map)
{
	if (!map)
		return;
	nfps_mem_uncharge(map->mem, map->charge);
	nfps_map_free_mem(map);
}

/**
 * nfps_map_def() - shape of a map
 * @map: the map
 *
 * Return: the definition the map was created with.
 */
const struct nfps_map_def *nfps_map_def(const struct nfps_map *map)
{
	return &map->def;
}

/* ---- host operations ---------------------------------------------------- */

/**
 * nfps_map_lookup() - copy out the value of a key
 * @map: the map
 * @key: key_size bytes
 * @value: value_size bytes of output
 *
 * Return: 0 or -ENOENT.
 */
int nfps_map_lookup(struct nfps_map *map, const void *key, void *value)
{
	return map->ops->lookup(map, key, value);
}

/**
 * nfps_map_update() - insert or replace an element
 * @map: the map
 * @key: key_size bytes
 * @value: value_size bytes
 * @flags: BPF_ANY, BPF_NOEXIST or BPF_EXIST
 *
 * Return: 0; -EINVAL for unknown flags or BPF_F_LOCK; -EEXIST for
 * BPF_NOEXIST on a present key (every ARRAY index is present); -ENOENT for
 * BPF_EXIST on a missing key; -E2BIG for an ARRAY index out of range or a
 * new key in a full HASH map.
 */
int nfps_map_update(struct nfps_map *map, const void *key, const void *value, u64 flags)
{
	return map->ops->update(map, key, value, flags);
}

/**
 * nfps_map_delete() - delete an element
 * @map: the map
 * @key: key_size bytes
 *
 * Return: 0, -ENOENT for a missing key, -EINVAL on an ARRAY.
 */
int nfps_map_delete(struct nfps_map *map, const void *key)
{
	return map->ops->delete(map, key);
}

/**
 * nfps_map_get_next_key() - iterate over the keys of a map
 * @map: the map
 * @key: current key, or NULL for the first one
 * @next_key: key_size bytes of output
 *
 * ARRAY: index order. HASH: slot order, stable while the map is unchanged.
 * A key that is not in the map restarts at the first key.
 *
 * Return: 0, or -ENOENT after the last key (or on an empty map).
 */
int nfps_map_get_next_key(struct nfps_map *map, const void *key, void *next_key)
{
	return map->ops->get_next_key(map, key, next_key);
}

/* ---- datapath ----------------------------------------------------------- */

/**
 * nfps_map_region() - the device memory holding a map's values
 * @map: the map
 * @size: out, bytes in the region
 *
 * Return: base of the region; offsets from nfps_map_dp_lookup() index it.
 */
u8 *nfps_map_region(struct nfps_map *map, u32 *size)
{
	*size = map->region_size;
	return map->region;
}

/**
 * nfps_map_dp_lookup() - find a key for the microengine
 * @map: the map
 * @key: key_size bytes
 *
 * Return: offset of the value in the map's region (a multiple of
 * round_up(value_size, 8)), or -ENOENT.
 */
s64 nfps_map_dp_lookup(struct nfps_map *map, const void *key)
{
	return map->ops->dp_lookup(map, key);
}
