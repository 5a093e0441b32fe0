// SPDX-License-Identifier: GPL-2.0
/*
 * nfp-sim map engine: BPF_MAP_TYPE_ARRAY and BPF_MAP_TYPE_HASH kept in the
 * simulated NIC's device memory (EMEM), shared by the host (bpftool through
 * bpf_map_dev_ops, the CLI) and the microengine's map commands.
 *
 * Memory. Everything a map needs is allocated and charged to the device's
 * budget at creation; no operation allocates afterwards, so every operation
 * is safe in softirq context. The values of a map sit in one contiguous
 * region with an 8-byte aligned stride, so the microengine can hold a device
 * address (region, offset) instead of a host pointer. A HASH map keeps its
 * keys and chain links in a separate element array, a one-byte "in use" hint
 * per slot and a power-of-two bucket array of slot indices. The budget is
 * charged
 *	ARRAY: max_entries * vstride
 *	HASH:  max_entries * (vstride + estride + 1) + n_buckets * 4
 * with vstride = round_up(value_size, 8) and estride = round_up(8 + key_size, 8).
 * Host-side control structures (struct nfps_map and its lock stripes) are not
 * device memory and are not charged: their size depends on the kernel config.
 *
 * Semantics are those of kernel/bpf/arraymap.c and hashtab.c, including the
 * order in which update checks flags, bounds and existence. Two deliberate
 * differences for HASH, both needed by users of an offloaded map:
 *  - Iteration follows slot order, not bucket order. The free list hands out
 *    slots lowest-first on a fresh map, so keys come back in insertion order
 *    there; test_offload.py's map dump/getnext tests (written for
 *    netdevsim's slot array) depend on that. The order is stable while the
 *    map is unchanged; an unknown key restarts at the first key, as in
 *    htab_map_get_next_key().
 *  - Updating an existing key copies the value into its slot in place. The
 *    kernel's preallocated htab instead takes a spare element and swaps it
 *    in; here the microengine holds value offsets, and a swap would make a
 *    program's in-place writes (counters, atomics) land in a freed slot and
 *    would move the key in the iteration order. As with the kernel's array
 *    map, a datapath reader may see a value half-way through a host update.
 *
 * Locking. ARRAY needs none: elements never come or go, values are copied
 * like the kernel's array map does. HASH chains are protected by lock
 * stripes (bucket & lock_mask); every chain walk, including datapath
 * lookups, runs under the stripe lock, which keeps correctness obvious and
 * costs one uncontended lock per operation. The free list has its own lock,
 * nested inside a stripe lock (stripe -> free list). get_next_key scans the
 * "in use" hints without a lock and confirms each candidate under its stripe
 * lock, so it never copies a key that is being rewritten. As in the kernel's
 * preallocated htab, a deleted slot is reused at once: a program still
 * holding the old offset writes into whatever owns the slot next.
 */
#include "nfps.h"

#define NFPS_NIL		0xffffffffU	/* end of a chain, empty free list */
#define NFPS_MAP_KEY_MAX	512		/* keys are built on the 512-byte BPF stack */
#define NFPS_MAP_VALUE_MAX	65536
/* Largest single allocation; keeps kvzalloc() below its INT_MAX warning. */
#define NFPS_MAP_ALLOC_MAX	(1ULL << 30)
#define NFPS_HTAB_BUCKETS_MAX	(1U << 24)
#define NFPS_HTAB_LOCKS		256		/* lock stripes, power of two */
#define NFPS_HTAB_ELEM_HDR	8		/* sizeof(struct nfps_htab_elem) */

#define NFPS_MAP_ACCESS_FLAGS	(BPF_F_RDONLY | BPF_F_WRONLY | BPF_F_RDONLY_PROG | \
				 BPF_F_WRONLY_PROG)

/**
 * struct nfps_htab_elem - key and chain link of one HASH slot
 * @next: next slot in the bucket chain while in use, in the free list while free
 * @hash: hash of @key; written only under the stripe lock of its bucket
 * @key: key_size bytes
 */
struct nfps_htab_elem {
	u32 next;
	u32 hash;
	u8 key[];
};

struct nfps_map_ops;

/**
 * struct nfps_map - one map in device memory
 * @def: shape as created
 * @ops: type-specific operations
 * @mem: budget charged at creation (NULL: unlimited)
 * @charge: bytes charged to @mem
 * @region: values, @region_size bytes, value i / slot i at i * @vstride
 * @region_size: max_entries * @vstride
 * @vstride: round_up(value_size, 8)
 * @elems: HASH: max_entries elements of @estride bytes
 * @estride: round_up(sizeof(struct nfps_htab_elem) + key_size, 8)
 * @used: HASH: per slot, 1 while linked in a bucket; a lock-free hint
 * @buckets: HASH: first slot of each chain, or NFPS_NIL
 * @bucket_mask: number of buckets - 1
 * @seed: hash seed (0 with BPF_F_ZERO_SEED)
 * @locks: HASH: stripe locks, bucket b under locks[b & @lock_mask]
 * @lock_mask: number of stripes - 1
 * @nr_locks: stripes initialised (for teardown after a failed creation)
 * @free_lock: protects @free_head and the links of free slots
 * @free_head: top of the free slot stack, or NFPS_NIL
 */
struct nfps_map {
	struct nfps_map_def def;
	const struct nfps_map_ops *ops;
	struct nfps_mem *mem;
	u64 charge;
	u8 *region;
	u32 region_size;
	u32 vstride;
	u8 *elems;
	u32 estride;
	u8 *used;
	u32 *buckets;
	u32 bucket_mask;
	u32 seed;
	nfps_lock_t *locks;
	u32 lock_mask;
	u32 nr_locks;
	nfps_lock_t free_lock;
	u32 free_head;
};

/**
 * struct nfps_map_ops - what differs between ARRAY and HASH
 * @name: type name as bpftool prints it
 * @flags: map_flags this type accepts (see nfps_map_check_flags())
 * @check: type-specific shape checks, 0 or negative errno with a diag
 * @layout: sizes of the map's memory, returns bytes to charge
 * @init: set up the allocated memory
 * @lookup: host lookup, copies the value out
 * @update: host and datapath update
 * @delete: host and datapath delete
 * @get_next_key: host iteration
 * @dp_lookup: datapath lookup, returns the value's offset in the region
 */
struct nfps_map_ops {
	const char *name;
	u32 flags;
	int (*check)(const struct nfps_map_def *def, struct nfps_diag *diag);
	u64 (*layout)(struct nfps_map *map, u32 *n_buckets);
	void (*init)(struct nfps_map *map, u32 n_buckets);
	int (*lookup)(struct nfps_map *map, const void *key, void *value);
	int (*update)(struct nfps_map *map, const void *key, const void *value, u64 flags);
	int (*delete)(struct nfps_map *map, const void *key);
	int (*get_next_key)(struct nfps_map *map, const void *key, void *next_key);
	s64 (*dp_lookup)(struct nfps_map *map, const void *key);
};

static __printf(3, 4) int nfps_map_diag(struct nfps_diag *diag, int err, const char *fmt, ...)
{
	va_list ap;

	if (diag) {
		diag->insn = -1;
		diag->err = err;
		va_start(ap, fmt);
		nfps_vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
		va_end(ap);
	}
	return err;
}

/* ---- hash function ------------------------------------------------------ */

/*
 * Bob Jenkins' lookup3 as in the kernel's jhash(), written out here so the
 * module and the userspace library bucket keys identically.
 */
static inline u32 nfps_rol32(u32 word, unsigned int shift)
{
	return (word << (shift & 31)) | (word >> ((-shift) & 31));
}

static inline void nfps_jhash_mix(u32 *a, u32 *b, u32 *c)
{
	*a -= *c; *a ^= nfps_rol32(*c, 4);  *c += *b;
	*b -= *a; *b ^= nfps_rol32(*a, 6);  *a += *c;
	*c -= *b; *c ^= nfps_rol32(*b, 8);  *b += *a;
	*a -= *c; *a ^= nfps_rol32(*c, 16); *c += *b;
	*b -= *a; *b ^= nfps_rol32(*a, 19); *a += *c;
	*c -= *b; *c ^= nfps_rol32(*b, 4);  *b += *a;
}

static inline void nfps_jhash_final(u32 *a, u32 *b, u32 *c)
{
	*c ^= *b; *c -= nfps_rol32(*b, 14);
	*a ^= *c; *a -= nfps_rol32(*c, 11);
	*b ^= *a; *b -= nfps_rol32(*a, 25);
	*c ^= *b; *c -= nfps_rol32(*b, 16);
	*a ^= *c; *a -= nfps_rol32(*c, 4);
	*b ^= *a; *b -= nfps_rol32(*a, 14);
	*c ^= *b; *c -= nfps_rol32(*b, 24);
}

static inline u32 nfps_get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static u32 nfps_jhash(const void *key, u32 len, u32 initval)
{
	const u8 *k = key;
	u32 a, b, c;

	a = 0xdeadbeef + len + initval;
	b = a;
	c = a;
	while (len > 12) {
		a += nfps_get_le32(k);
		b += nfps_get_le32(k + 4);
		c += nfps_get_le32(k + 8);
		nfps_jhash_mix(&a, &b, &c);
		len -= 12;
		k += 12;
	}
	/* the last 1..12 bytes, as jhash() reads them */
	if (len) {
		u8 tail[12] = { 0 };

		memcpy(tail, k, len);
		a += nfps_get_le32(tail);
		b += nfps_get_le32(tail + 4);
		c += nfps_get_le32(tail + 8);
		nfps_jhash_final(&a, &b, &c);
	}
	return c;
}

/* ---- ARRAY -------------------------------------------------------------- */

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
		return nfps_map_diag(diag, -EINVAL,
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

static const struct nfps_map_ops nfps_array_ops = {
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

/* ---- HASH --------------------------------------------------------------- */

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
		return nfps_map_diag(diag, -EINVAL, "hash map key_size 0 invalid: keys need at least 1 byte");
	if (def->key_size > NFPS_MAP_KEY_MAX)
		return nfps_map_diag(diag, -E2BIG,
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

static const struct nfps_map_ops nfps_htab_ops = {
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
		nfps_map_diag(diag, -EOPNOTSUPP,
			      "map type %u (perf_event_array) is host-neutral and never lives on the NIC: the host delivers perf events",
			      type);
		return NULL;
	default:
		nfps_map_diag(diag, -EOPNOTSUPP,
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
				return nfps_map_diag(diag, -EINVAL,
						     "map flag %s not supported on a NIC %s map: %s; create the map without it",
						     nfps_map_flag_names[i].name, ops->name,
						     nfps_map_flag_names[i].why);
		return nfps_map_diag(diag, -EINVAL,
				     "unknown map flag 0x%x on a %s map: create the map without it",
				     bad, ops->name);
	}
	/* bpf_map_flags_access_ok() */
	if ((def->map_flags & (BPF_F_RDONLY | BPF_F_WRONLY)) == (BPF_F_RDONLY | BPF_F_WRONLY))
		return nfps_map_diag(diag, -EINVAL,
				     "map flags BPF_F_RDONLY and BPF_F_WRONLY exclude each other");
	if ((def->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)) ==
	    (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG))
		return nfps_map_diag(diag, -EINVAL,
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
		return nfps_map_diag(diag, -EINVAL, "%s map max_entries 0 invalid: a map needs at least 1 entry",
				     ops->name);
	if (def->value_size == 0)
		return nfps_map_diag(diag, -EINVAL, "%s map value_size 0 invalid: values need at least 1 byte",
				     ops->name);
	if (def->value_size > NFPS_MAP_VALUE_MAX)
		return nfps_map_diag(diag, -E2BIG,
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
	return nfps_map_diag(diag, -ENOMEM,
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
	return nfps_map_diag(diag, -E2BIG,
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
		return nfps_map_diag(diag, -EINVAL, "no map definition");
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
		return nfps_map_diag(diag, -ENOMEM, "out of host memory for the map");
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
		nfps_map_diag(diag, err, "out of host memory for a %llu-byte map",
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

/**
 * nfps_map_dp_update() - bpf_map_update_elem() from the microengine
 * @map: the map
 * @key: key_size bytes
 * @value: value_size bytes, may point into the map's own region
 * @flags: as nfps_map_update()
 *
 * Return: as nfps_map_update().
 */
int nfps_map_dp_update(struct nfps_map *map, const void *key, const void *value, u64 flags)
{
	return map->ops->update(map, key, value, flags);
}

/**
 * nfps_map_dp_delete() - bpf_map_delete_elem() from the microengine
 * @map: the map
 * @key: key_size bytes
 *
 * Return: as nfps_map_delete().
 */
int nfps_map_dp_delete(struct nfps_map *map, const void *key)
{
	return map->ops->delete(map, key);
}
