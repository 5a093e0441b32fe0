/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Map engine internals shared by maps.c (creation, budget, API),
 * map_array.c, map_htab.c and hash.c.
 *
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
#ifndef NFPS_MAP_H
#define NFPS_MAP_H

#include "compat.h"
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

extern const struct nfps_map_ops nfps_array_ops;
extern const struct nfps_map_ops nfps_htab_ops;

/* hash.c */
u32 nfps_jhash(const void *key, u32 len, u32 initval);

#endif /* NFPS_MAP_H */
