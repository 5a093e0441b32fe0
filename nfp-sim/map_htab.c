// SPDX-License-Identifier: GPL-2.0
/*
 * BPF_MAP_TYPE_HASH in device memory: preallocated slots on a free stack,
 * bucket chains of slot indices under lock stripes, iteration in slot
 * order (see map.h for the model and the locking rules).
 */
#include "compat.h"
#include "map.h"

static inline struct nfps_htab_elem *nfps_htab_elem(const struct nfps_map *map, u32 slot)
{
	return (struct nfps_htab_elem *)(map->elems + (size_t)slot * map->estride);
}

static inline u32 nfps_htab_hash(const struct nfps_map *map, const void *key)
{
	return nfps_jhash(key, map->def.key_size, map->seed);
}

static inline nfps_lock_t *nfps_htab_lock(const struct nfps_map *map, u32 hash)
{
	/* lock_mask < bucket_mask + 1: a bucket always maps to one stripe */
	return &map->locks[hash & map->lock_mask];
}

/*
 * Find @key in its chain; caller holds the stripe lock. Returns the link
 * that points at the key's slot (for unlinking), or NULL.
 */
static u32 *nfps_htab_find(struct nfps_map *map, u32 hash, const void *key)
{
	u32 *link = &map->buckets[hash & map->bucket_mask];
	struct nfps_htab_elem *e;

	while (*link != NFPS_NIL) {
		e = nfps_htab_elem(map, *link);
		if (e->hash == hash && !memcmp(e->key, key, map->def.key_size))
			return link;
		link = &e->next;
	}
	return NULL;
}

static u32 nfps_htab_pop_free(struct nfps_map *map)
{
	u32 slot;

	nfps_lock(&map->free_lock);
	slot = map->free_head;
	if (slot != NFPS_NIL)
		map->free_head = nfps_htab_elem(map, slot)->next;
	nfps_unlock(&map->free_lock);
	return slot;
}

static void nfps_htab_push_free(struct nfps_map *map, u32 slot)
{
	nfps_lock(&map->free_lock);
	nfps_htab_elem(map, slot)->next = map->free_head;
	map->free_head = slot;
	nfps_unlock(&map->free_lock);
}

static int nfps_htab_check(const struct nfps_map_def *def, struct nfps_diag *diag)
{
	if (def->key_size == 0)
		return nfps_fail(diag, -1, -EINVAL, "hash map key_size 0 invalid: keys need at least 1 byte");
	if (def->key_size > NFPS_MAP_KEY_MAX)
		return nfps_fail(diag, -1, -E2BIG,
				     "hash map key_size %u too large: the NIC's map engine compares keys of up to %u bytes",
				     def->key_size, NFPS_MAP_KEY_MAX);
	return 0;
}

static u64 nfps_htab_layout(struct nfps_map *map, u32 *n_buckets)
{
	u32 max = map->def.max_entries;
	u32 n = 1;

	map->estride = round_up(NFPS_HTAB_ELEM_HDR + map->def.key_size, 8);
	/* one bucket per element like the kernel's htab, within reason */
	while (n < max && n < NFPS_HTAB_BUCKETS_MAX)
		n <<= 1;
	*n_buckets = n;
	return (u64)map->region_size + (u64)max * map->estride + max + (u64)n * sizeof(u32);
}

static void nfps_htab_init(struct nfps_map *map, u32 n_buckets)
{
	u32 max = map->def.max_entries;
	u32 i;

	map->bucket_mask = n_buckets - 1;
	memset(map->buckets, 0xff, (size_t)n_buckets * sizeof(u32));
	/* free stack with slot 0 on top: a fresh map fills in slot order */
	for (i = 0; i < max; i++)
		nfps_htab_elem(map, i)->next = i + 1 < max ? i + 1 : NFPS_NIL;
	map->free_head = 0;
}

static int nfps_htab_lookup(struct nfps_map *map, const void *key, void *value)
{
	u32 hash = nfps_htab_hash(map, key);
	nfps_lock_t *lock = nfps_htab_lock(map, hash);
	u32 *link;
	int err = -ENOENT;

	nfps_lock(lock);
	link = nfps_htab_find(map, hash, key);
	if (link) {
		/* under the lock: never half of a concurrent host update */
		memcpy(value, map->region + (size_t)*link * map->vstride, map->def.value_size);
		err = 0;
	}
	nfps_unlock(lock);
	return err;
}

static int nfps_htab_update(struct nfps_map *map, const void *key, const void *value,
			    u64 flags)
{
	u32 hash, slot, bucket, *link;
	struct nfps_htab_elem *e;
	nfps_lock_t *lock;
	int err = 0;

	/* same checks in the same order as htab_map_update_elem() */
	if (unlikely((flags & ~(u64)BPF_F_LOCK) > BPF_EXIST))
		return -EINVAL;
	if (unlikely(flags & BPF_F_LOCK))
		return -EINVAL;

	hash = nfps_htab_hash(map, key);
	bucket = hash & map->bucket_mask;
	lock = nfps_htab_lock(map, hash);
	nfps_lock(lock);
	link = nfps_htab_find(map, hash, key);
	if (link) {
		if (flags == BPF_NOEXIST) {
			err = -EEXIST;
			goto unlock;
		}
		/* in place: see the top of this file */
		memmove(map->region + (size_t)*link * map->vstride, value, map->def.value_size);
		goto unlock;
	}
	if (flags == BPF_EXIST) {
		err = -ENOENT;
		goto unlock;
	}
	slot = nfps_htab_pop_free(map);
	if (slot == NFPS_NIL) {
		/* every preallocated element is in use */
		err = -E2BIG;
		goto unlock;
	}
	e = nfps_htab_elem(map, slot);
	WRITE_ONCE(e->hash, hash);
	memcpy(e->key, key, map->def.key_size);
	memmove(map->region + (size_t)slot * map->vstride, value, map->def.value_size);
	e->next = map->buckets[bucket];
	map->buckets[bucket] = slot;
	WRITE_ONCE(map->used[slot], 1);
unlock:
	nfps_unlock(lock);
	return err;
}

static int nfps_htab_delete(struct nfps_map *map, const void *key)
{
	u32 hash = nfps_htab_hash(map, key);
	nfps_lock_t *lock = nfps_htab_lock(map, hash);
	u32 slot = NFPS_NIL;
	u32 *link;

	nfps_lock(lock);
	link = nfps_htab_find(map, hash, key);
	if (link) {
		slot = *link;
		*link = nfps_htab_elem(map, slot)->next;
		WRITE_ONCE(map->used[slot], 0);
	}
	nfps_unlock(lock);
	if (slot == NFPS_NIL)
		return -ENOENT;
	/* unlinked, so nobody else can reach it: free it outside the stripe */
	nfps_htab_push_free(map, slot);
	return 0;
}

/* Slot of @key, or NFPS_NIL. The answer may be stale once the lock is gone. */
static u32 nfps_htab_slot_of(struct nfps_map *map, const void *key)
{
	u32 hash = nfps_htab_hash(map, key);
	nfps_lock_t *lock = nfps_htab_lock(map, hash);
	u32 slot = NFPS_NIL;
	u32 *link;

	nfps_lock(lock);
	link = nfps_htab_find(map, hash, key);
	if (link)
		slot = *link;
	nfps_unlock(lock);
	return slot;
}

/*
 * Copy the key of @slot if the slot is in use. The hash read without a lock
 * only picks the chain to search; finding @slot in that chain under its lock
 * proves the slot is linked there and its key stable while we copy it.
 */
static bool nfps_htab_copy_key(struct nfps_map *map, u32 slot, void *key)
{
	u32 hash = READ_ONCE(nfps_htab_elem(map, slot)->hash);
	nfps_lock_t *lock = nfps_htab_lock(map, hash);
	bool found = false;
	u32 s;

	nfps_lock(lock);
	for (s = map->buckets[hash & map->bucket_mask]; s != NFPS_NIL;
	     s = nfps_htab_elem(map, s)->next) {
		if (s == slot) {
			memcpy(key, nfps_htab_elem(map, s)->key, map->def.key_size);
			found = true;
			break;
		}
	}
	nfps_unlock(lock);
	return found;
}

static int nfps_htab_get_next_key(struct nfps_map *map, const void *key, void *next_key)
{
	u32 slot = 0;

	if (key) {
		slot = nfps_htab_slot_of(map, key);
		/* unknown key: start over, like htab_map_get_next_key() */
		slot = slot == NFPS_NIL ? 0 : slot + 1;
	}
	for (; slot < map->def.max_entries; slot++) {
		if (READ_ONCE(map->used[slot]) && nfps_htab_copy_key(map, slot, next_key))
			return 0;
	}
	return -ENOENT;
}

static s64 nfps_htab_dp_lookup(struct nfps_map *map, const void *key)
{
	u32 hash = nfps_htab_hash(map, key);
	nfps_lock_t *lock = nfps_htab_lock(map, hash);
	s64 off = -ENOENT;
	u32 *link;

	nfps_lock(lock);
	link = nfps_htab_find(map, hash, key);
	if (link)
		off = (s64)*link * map->vstride;
	nfps_unlock(lock);
	return off;
}

const struct nfps_map_ops nfps_htab_ops = {
	.name		= "hash",
	/*
	 * BPF_F_NO_PREALLOC is a memory strategy hint; a device map is always
	 * preallocated, which no operation can tell apart (E2BIG when full
	 * either way). BPF_F_ZERO_SEED is honoured.
	 */
	.flags		= BPF_F_NUMA_NODE | NFPS_MAP_ACCESS_FLAGS | BPF_F_NO_PREALLOC |
			  BPF_F_ZERO_SEED,
	.check		= nfps_htab_check,
	.layout		= nfps_htab_layout,
	.init		= nfps_htab_init,
	.lookup		= nfps_htab_lookup,
	.update		= nfps_htab_update,
	.delete		= nfps_htab_delete,
	.get_next_key	= nfps_htab_get_next_key,
	.dp_lookup	= nfps_htab_dp_lookup,
};
