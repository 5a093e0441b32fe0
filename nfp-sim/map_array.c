// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_ARRAY in device memory: value i at i * vstride of the value
 * region. Elements never come or go, so no operation takes a lock (see
 * map.h for the model).
 */
#include "compat.h"
#include "map.h"

static inline u32 nfps_array_index(const void *key)
{
	u32 index;

	/* keys come from the stack or a packet: no alignment promise */
	memcpy(&index, key, sizeof(index));
	return index;
}

static int nfps_array_check(const struct nfps_map_def *def, struct nfps_diag *diag)
{
	if (def->key_size != 4)
		return nfps_fail(diag, -1, -EINVAL,
				     "array map key_size %u invalid: array keys are a 4-byte (u32) index",
				     def->key_size);
	return 0;
}

static u64 nfps_array_layout(struct nfps_map *map, u32 *n_buckets)
{
	*n_buckets = 0;
	return map->region_size;
}

static void nfps_array_init(struct nfps_map *map, u32 n_buckets)
{
}

static int nfps_array_lookup(struct nfps_map *map, const void *key, void *value)
{
	u32 index = nfps_array_index(key);

	if (unlikely(index >= map->def.max_entries))
		return -ENOENT;
	memcpy(value, map->region + (size_t)index * map->vstride, map->def.value_size);
	return 0;
}

static int nfps_array_update(struct nfps_map *map, const void *key, const void *value,
			     u64 flags)
{
	u32 index = nfps_array_index(key);

	/* same checks in the same order as array_map_update_elem() */
	if (unlikely((flags & ~(u64)BPF_F_LOCK) > BPF_EXIST))
		return -EINVAL;
	if (unlikely(index >= map->def.max_entries))
		return -E2BIG;
	if (unlikely(flags & BPF_NOEXIST))
		return -EEXIST;
	/* no BTF, so no bpf_spin_lock in the value to honour BPF_F_LOCK with */
	if (unlikely(flags & BPF_F_LOCK))
		return -EINVAL;
	/* memmove: a program may pass a pointer into this very region */
	memmove(map->region + (size_t)index * map->vstride, value, map->def.value_size);
	return 0;
}

static int nfps_array_delete(struct nfps_map *map, const void *key)
{
	return -EINVAL;
}

static int nfps_array_get_next_key(struct nfps_map *map, const void *key, void *next_key)
{
	u32 index = key ? nfps_array_index(key) : NFPS_NIL;
	u32 next;

	if (index >= map->def.max_entries) {
		next = 0;
	} else {
		if (index == map->def.max_entries - 1)
			return -ENOENT;
		next = index + 1;
	}
	memcpy(next_key, &next, sizeof(next));
	return 0;
}

static s64 nfps_array_dp_lookup(struct nfps_map *map, const void *key)
{
	u32 index = nfps_array_index(key);

	if (unlikely(index >= map->def.max_entries))
		return -ENOENT;
	return (s64)index * map->vstride;
}

const struct nfps_map_ops nfps_array_ops = {
	.name		= "array",
	.flags		= BPF_F_NUMA_NODE | NFPS_MAP_ACCESS_FLAGS,
	.check		= nfps_array_check,
	.layout		= nfps_array_layout,
	.init		= nfps_array_init,
	.lookup		= nfps_array_lookup,
	.update		= nfps_array_update,
	.delete		= nfps_array_delete,
	.get_next_key	= nfps_array_get_next_key,
	.dp_lookup	= nfps_array_dp_lookup,
};
