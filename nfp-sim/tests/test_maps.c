// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the map engine (nfp-sim/maps.c): creation checks, the
 * device-memory budget, kernel errnos of every operation on ARRAY and HASH,
 * iteration order, free-slot reuse, a differential run against a naive model
 * and a multi-threaded stress run. TAP on stdout (tests/lib/ktap.h, plan
 * at the end); exit 0 when all pass.
 *
 * "test_maps --bench" prints update/lookup/get_next rates on a 100k HASH map.
 * TEST_MAPS_SEED=<n> reruns the random parts with another seed.
 */
#include <time.h>
#include <unistd.h>

#include "nfps.h"
#include "ktap.h"

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u64 rnd64(u64 *s)
{
	u64 x = *s;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	*s = x;
	return x;
}

static u32 rnd(u32 n)
{
	return (u32)(rnd64(&rng_state) % n);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static struct nfps_map *mk(struct nfps_mem *mem, u32 type, u32 ks, u32 vs, u32 max, u32 flags,
			   int *errp, struct nfps_diag *diag)
{
	struct nfps_map_def def = {
		.type = type, .key_size = ks, .value_size = vs,
		.max_entries = max, .map_flags = flags,
	};
	struct nfps_diag d;
	struct nfps_map *map = (struct nfps_map *)&d;	/* must be cleared on failure */
	int err;

	memset(&d, 0, sizeof(d));
	err = nfps_map_create(mem, &def, &map, diag ? diag : &d);
	if (errp)
		*errp = err;
	if (err && map) {
		tap_ok(false, "create: failed (%d) but left *out set", err);
		return NULL;
	}
	return map;
}

static int upd32(struct nfps_map *m, u32 k, u64 v, u64 flags)
{
	return nfps_map_update(m, &k, &v, flags);
}

static int lkp32(struct nfps_map *m, u32 k, u64 *v)
{
	return nfps_map_lookup(m, &k, v);
}

/* ---- creation ----------------------------------------------------------- */

struct bad_def {
	const char *desc;
	u32 type, ks, vs, max, flags;
	int err;
	const char *needle;	/* must appear in the diag */
};

static const struct bad_def bad_defs[] = {
	{ "lru_hash rejected", BPF_MAP_TYPE_LRU_HASH, 4, 8, 2, 0, -EOPNOTSUPP, "lru_hash" },
	{ "percpu_array rejected", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2, 0, -EOPNOTSUPP, "array or hash" },
	{ "perf_event_array never created", BPF_MAP_TYPE_PERF_EVENT_ARRAY, 4, 4, 2, 0,
	  -EOPNOTSUPP, "host" },
	{ "unknown type rejected", 1000, 4, 8, 2, 0, -EOPNOTSUPP, "1000" },
	{ "array key_size 8", BPF_MAP_TYPE_ARRAY, 8, 8, 2, 0, -EINVAL, "key_size 8" },
	{ "array key_size 0", BPF_MAP_TYPE_ARRAY, 0, 8, 2, 0, -EINVAL, "key_size" },
	{ "array max_entries 0", BPF_MAP_TYPE_ARRAY, 4, 8, 0, 0, -EINVAL, "max_entries" },
	{ "hash max_entries 0", BPF_MAP_TYPE_HASH, 4, 8, 0, 0, -EINVAL, "max_entries" },
	{ "array value_size 0", BPF_MAP_TYPE_ARRAY, 4, 0, 2, 0, -EINVAL, "value_size" },
	{ "hash value_size 0", BPF_MAP_TYPE_HASH, 4, 0, 2, 0, -EINVAL, "value_size" },
	{ "hash key_size 0", BPF_MAP_TYPE_HASH, 0, 8, 2, 0, -EINVAL, "key_size" },
	{ "hash key_size 513", BPF_MAP_TYPE_HASH, 513, 8, 2, 0, -E2BIG, "513" },
	{ "value_size 65537", BPF_MAP_TYPE_ARRAY, 4, 65537, 2, 0, -E2BIG, "65537" },
	{ "array BPF_F_MMAPABLE", BPF_MAP_TYPE_ARRAY, 4, 8, 2, BPF_F_MMAPABLE, -EINVAL,
	  "BPF_F_MMAPABLE" },
	{ "array BPF_F_NO_PREALLOC", BPF_MAP_TYPE_ARRAY, 4, 8, 2, BPF_F_NO_PREALLOC, -EINVAL,
	  "BPF_F_NO_PREALLOC" },
	{ "array BPF_F_ZERO_SEED", BPF_MAP_TYPE_ARRAY, 4, 8, 2, BPF_F_ZERO_SEED, -EINVAL,
	  "BPF_F_ZERO_SEED" },
	{ "hash BPF_F_NO_COMMON_LRU", BPF_MAP_TYPE_HASH, 4, 8, 2, BPF_F_NO_COMMON_LRU, -EINVAL,
	  "BPF_F_NO_COMMON_LRU" },
	{ "hash BPF_F_INNER_MAP", BPF_MAP_TYPE_HASH, 4, 8, 2, BPF_F_INNER_MAP, -EINVAL,
	  "BPF_F_INNER_MAP" },
	{ "array BPF_F_PRESERVE_ELEMS", BPF_MAP_TYPE_ARRAY, 4, 8, 2, BPF_F_PRESERVE_ELEMS,
	  -EINVAL, "BPF_F_PRESERVE_ELEMS" },
	{ "unknown flag bit", BPF_MAP_TYPE_HASH, 4, 8, 2, 1U << 24, -EINVAL, "0x1000000" },
	{ "RDONLY|WRONLY", BPF_MAP_TYPE_HASH, 4, 8, 2, BPF_F_RDONLY | BPF_F_WRONLY, -EINVAL,
	  "BPF_F_WRONLY" },
	{ "RDONLY_PROG|WRONLY_PROG", BPF_MAP_TYPE_ARRAY, 4, 8, 2,
	  BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG, -EINVAL, "BPF_F_WRONLY_PROG" },
	{ "array values beyond 1 GiB", BPF_MAP_TYPE_ARRAY, 4, 8, 0xffffffffU, 0, -E2BIG, "values" },
	{ "hash keys beyond 1 GiB", BPF_MAP_TYPE_HASH, 512, 8, 4000000, 0, -E2BIG, "keys" },
};

struct good_def {
	const char *desc;
	u32 type, ks, vs, max, flags;
};

static const struct good_def good_defs[] = {
	{ "array max_entries 1", BPF_MAP_TYPE_ARRAY, 4, 1, 1, 0 },
	{ "hash key_size 512", BPF_MAP_TYPE_HASH, 512, 8, 4, 0 },
	{ "value_size 65536", BPF_MAP_TYPE_HASH, 4, 65536, 4, 0 },
	{ "hash BPF_F_NO_PREALLOC", BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_NO_PREALLOC },
	{ "hash BPF_F_ZERO_SEED", BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_ZERO_SEED },
	{ "array access flags", BPF_MAP_TYPE_ARRAY, 4, 8, 4, BPF_F_RDONLY_PROG | BPF_F_WRONLY },
	{ "hash BPF_F_NUMA_NODE", BPF_MAP_TYPE_HASH, 4, 8, 4, BPF_F_NUMA_NODE },
};

static void test_create(void)
{
	struct nfps_map_def def = { BPF_MAP_TYPE_HASH, 4, 8, 2, 0 };
	struct nfps_mem mem = { .limit = 1 << 20 };
	struct nfps_diag d;
	struct nfps_map *m;
	long used;
	u32 i, sz;
	u64 v;
	int err;

	for (i = 0; i < ARRAY_SIZE(bad_defs); i++) {
		const struct bad_def *b = &bad_defs[i];

		memset(&d, 0, sizeof(d));
		m = mk(NULL, b->type, b->ks, b->vs, b->max, b->flags, &err, &d);
		tap_ok(!m && err == b->err && d.err == b->err && d.insn == -1 &&
		       strstr(d.msg, b->needle), "create: %s -> %d (%s)", b->desc, err, d.msg);
		nfps_map_destroy(m);
	}
	for (i = 0; i < ARRAY_SIZE(good_defs); i++) {
		const struct good_def *g = &good_defs[i];

		memset(&d, 0, sizeof(d));
		m = mk(NULL, g->type, g->ks, g->vs, g->max, g->flags, &err, &d);
		tap_ok(m && !err && nfps_map_def(m)->max_entries == g->max &&
		       nfps_map_def(m)->map_flags == g->flags,
		       "create: %s accepted (%d %s)", g->desc, err, d.msg);
		nfps_map_destroy(m);
	}
	err = nfps_map_create(NULL, NULL, &m, NULL);
	tap_ok(err == -EINVAL, "create: NULL def -> EINVAL, NULL diag tolerated");
	err = nfps_map_create(NULL, &def, &m, NULL);
	tap_ok(!err && m, "create: NULL diag on success");
	tap_ok(nfps_map_region(m, &sz) && sz == 16, "region: 2 x 8 bytes");
	nfps_map_destroy(m);
	/*
	 * A dereference would kill the binary (and tap-run reports the lost
	 * plan); what else a NULL destroy could get wrong is touching another
	 * map or the budget it was charged to, so have one of each around.
	 */
	m = mk(&mem, BPF_MAP_TYPE_HASH, 4, 8, 2, 0, &err, NULL);
	used = atomic_long_read(&mem.used);
	nfps_map_destroy(NULL);
	tap_ok(m && used > 0 && atomic_long_read(&mem.used) == used &&
	       !upd32(m, 1, 2, BPF_ANY) && !lkp32(m, 1, &v) && v == 2,
	       "destroy: NULL is a no-op");
	nfps_map_destroy(m);
}

/* ---- budget ------------------------------------------------------------- */

static void test_budget(void)
{
	struct nfps_mem mem = { .limit = 1 << 20 };
	struct nfps_map *a, *h, *x;
	struct nfps_diag d;
	u64 hsz;
	int err;

	a = mk(&mem, BPF_MAP_TYPE_ARRAY, 4, 5, 1000, 0, &err, NULL);
	tap_ok(a && atomic_long_read(&mem.used) == 8000,
	       "budget: array charges max_entries * round_up(value_size, 8) (%ld)",
	       atomic_long_read(&mem.used));
	h = mk(&mem, BPF_MAP_TYPE_HASH, 4, 8, 1000, 0, &err, NULL);
	/* values 8000 + elems 1000 * 16 + hints 1000 + 1024 buckets * 4 */
	hsz = 8000 + 16000 + 1000 + 4096;
	tap_ok(h && (u64)atomic_long_read(&mem.used) == 8000 + hsz,
	       "budget: hash charges values + keys + hints + buckets (%ld)",
	       atomic_long_read(&mem.used));

	memset(&d, 0, sizeof(d));
	x = mk(&mem, BPF_MAP_TYPE_ARRAY, 4, 1024, 1024, 0, &err, &d);
	tap_ok(!x && err == -ENOMEM && strstr(d.msg, "map needs 1048576 bytes of device memory") &&
	       strstr(d.msg, "of 1048576 free") &&
	       strstr(d.msg, "raise the device's memory budget"),
	       "budget: over the limit -> ENOMEM (%s)", d.msg);
	tap_ok((u64)atomic_long_read(&mem.used) == 8000 + hsz,
	       "budget: failed create charges nothing");

	x = mk(&mem, BPF_MAP_TYPE_ARRAY, 4, 8, (u32)(((1 << 20) - 8000 - hsz) / 8), 0, &err, &d);
	tap_ok(x && atomic_long_read(&mem.used) == 1 << 20,
	       "budget: a map filling it exactly fits");
	nfps_map_destroy(x);
	x = mk(&mem, BPF_MAP_TYPE_ARRAY, 4, 8, 1, 0, &err, &d);
	tap_ok(x, "budget: destroy returned the memory");
	nfps_map_destroy(x);
	x = mk(&mem, BPF_MAP_TYPE_HASH, 4, 8, 1 << 20, 0, &err, &d);
	tap_ok(!x && err == -ENOMEM && strstr(d.msg, "lower max_entries"),
	       "budget: hash over the limit -> ENOMEM");
	nfps_map_destroy(a);
	nfps_map_destroy(h);
	tap_ok(atomic_long_read(&mem.used) == 0, "budget: all returned after destroy");
}

/* ---- ARRAY semantics ---------------------------------------------------- */

static void test_array(void)
{
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_ARRAY, 4, 12, 10, 0, NULL, NULL);
	u8 val[12], out[12], *region;
	u32 k, next, sz, n;
	bool all;
	int r;

	region = nfps_map_region(m, &sz);
	tap_ok(sz == 160, "array: region is 10 x round_up(12, 8)");
	memset(val, 0xab, sizeof(val));
	k = 3;
	tap_ok(nfps_map_lookup(m, &k, out) == 0 && !out[0] && !out[11],
	       "array: elements exist zeroed from the start");
	k = 10;
	tap_ok(nfps_map_lookup(m, &k, out) == -ENOENT, "array: lookup index >= max_entries -> ENOENT");
	tap_ok(nfps_map_update(m, &k, val, BPF_ANY) == -E2BIG, "array: update out of range -> E2BIG");
	tap_ok(nfps_map_update(m, &k, val, BPF_EXIST) == -E2BIG,
	       "array: update EXIST out of range -> E2BIG");
	tap_ok(nfps_map_update(m, &k, val, BPF_NOEXIST) == -E2BIG,
	       "array: range checked before NOEXIST (kernel order)");
	k = 3;
	tap_ok(nfps_map_update(m, &k, val, BPF_NOEXIST) == -EEXIST, "array: NOEXIST -> EEXIST");
	tap_ok(nfps_map_update(m, &k, val, BPF_EXIST) == 0, "array: EXIST succeeds");
	tap_ok(nfps_map_lookup(m, &k, out) == 0 && !memcmp(out, val, 12), "array: value read back");
	tap_ok(!memcmp(region + 48, val, 12), "array: value i lives at i * stride");
	tap_ok(nfps_map_update(m, &k, val, 3) == -EINVAL, "array: flags 3 -> EINVAL");
	tap_ok(nfps_map_update(m, &k, val, BPF_F_LOCK) == -EINVAL, "array: BPF_F_LOCK -> EINVAL");
	tap_ok(nfps_map_update(m, &k, val, 1ULL << 40) == -EINVAL,
	       "array: high flag bit -> EINVAL");
	tap_ok(nfps_map_update(m, &k, val, BPF_F_LOCK | BPF_NOEXIST) == -EEXIST,
	       "array: F_LOCK|NOEXIST -> EEXIST (kernel order)");
	tap_ok(nfps_map_delete(m, &k) == -EINVAL, "array: delete -> EINVAL");
	tap_ok(nfps_map_delete(m, &k) == -EINVAL, "array: datapath delete -> EINVAL");
	tap_ok(nfps_map_dp_lookup(m, &k) == 48, "array: dp_lookup gives the offset");
	k = 10;
	tap_ok(nfps_map_dp_lookup(m, &k) == -ENOENT, "array: dp_lookup out of range -> ENOENT");
	k = 9;
	memset(val, 0x5a, sizeof(val));
	tap_ok(nfps_map_update(m, &k, val, BPF_ANY) == 0 && !memcmp(region + 144, val, 12),
	       "array: dp_update writes the region");
	tap_ok(nfps_map_update(m, &k, val, BPF_NOEXIST) == -EEXIST,
	       "array: dp_update NOEXIST -> EEXIST");
	region[0] = 0x77;
	k = 0;
	tap_ok(nfps_map_lookup(m, &k, out) == 0 && out[0] == 0x77,
	       "array: in-place datapath write seen by host lookup");

	tap_ok(nfps_map_get_next_key(m, NULL, &next) == 0 && next == 0, "array: getnext NULL -> 0");
	k = 4;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == 0 && next == 5, "array: getnext 4 -> 5");
	k = 9;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == -ENOENT, "array: getnext last -> ENOENT");
	k = 1000;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == 0 && next == 0,
	       "array: getnext out of range -> 0");
	all = true;
	n = 0;
	for (r = nfps_map_get_next_key(m, NULL, &next); r == 0;
	     r = nfps_map_get_next_key(m, &k, &next)) {
		all &= next == n++;
		k = next;
	}
	tap_ok(all && n == 10 && r == -ENOENT, "array: getnext walks 0..max-1");
	nfps_map_destroy(m);
}

/* ---- HASH semantics ----------------------------------------------------- */

static void test_hash(void)
{
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_HASH, 4, 8, 2, 0, NULL, NULL);
	u32 k, next, sz;
	s64 off0, off1;
	u64 v;
	u8 *region;

	/* test_offload.py's map tests, in order */
	tap_ok(nfps_map_get_next_key(m, NULL, &next) == -ENOENT,
	       "hash: getnext on empty -> ENOENT");
	k = 7;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == -ENOENT,
	       "hash: getnext unknown key on empty -> ENOENT");
	tap_ok(lkp32(m, 0, &v) == -ENOENT, "hash: lookup missing -> ENOENT");
	tap_ok(upd32(m, 0, 0, BPF_EXIST) == -ENOENT, "hash: EXIST on missing -> ENOENT");
	tap_ok(upd32(m, 0, 0, BPF_ANY) == 0 && upd32(m, 1, 3, BPF_ANY) == 0, "hash: insert 0, 1");
	tap_ok(upd32(m, 3, 9, BPF_ANY) == -E2BIG, "hash: new key in full map -> E2BIG");
	tap_ok(upd32(m, 3, 9, BPF_NOEXIST) == -E2BIG, "hash: NOEXIST new key in full map -> E2BIG");
	tap_ok(upd32(m, 3, 9, BPF_EXIST) == -ENOENT, "hash: EXIST new key in full map -> ENOENT");
	tap_ok(upd32(m, 0, 0, BPF_EXIST) == 0 && upd32(m, 1, 3, BPF_EXIST) == 0,
	       "hash: EXIST on present keys of a full map");
	tap_ok(upd32(m, 1, 3, BPF_ANY) == 0, "hash: ANY replaces in a full map");
	tap_ok(upd32(m, 1, 3, BPF_NOEXIST) == -EEXIST, "hash: NOEXIST on present -> EEXIST");
	tap_ok(nfps_map_get_next_key(m, NULL, &next) == 0 && next == 0, "hash: getnext NULL -> 0");
	k = 0;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == 0 && next == 1, "hash: getnext 0 -> 1");
	k = 1;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == -ENOENT, "hash: getnext 1 -> ENOENT");
	k = 42;
	tap_ok(nfps_map_get_next_key(m, &k, &next) == 0 && next == 0,
	       "hash: getnext unknown key -> first key");
	tap_ok(lkp32(m, 0, &v) == 0 && v == 0 && lkp32(m, 1, &v) == 0 && v == 3,
	       "hash: dump gives values 0, 3");

	tap_ok(upd32(m, 0, 0, 3) == -EINVAL, "hash: flags 3 -> EINVAL");
	tap_ok(upd32(m, 0, 0, 8) == -EINVAL, "hash: flags 8 -> EINVAL");
	tap_ok(upd32(m, 5, 0, BPF_F_LOCK) == -EINVAL,
	       "hash: BPF_F_LOCK -> EINVAL before ENOENT/E2BIG");
	tap_ok(upd32(m, 0, 0, BPF_F_LOCK | BPF_NOEXIST) == -EINVAL,
	       "hash: F_LOCK|NOEXIST -> EINVAL (kernel order)");

	region = nfps_map_region(m, &sz);
	k = 0;
	off0 = nfps_map_dp_lookup(m, &k);
	k = 1;
	off1 = nfps_map_dp_lookup(m, &k);
	tap_ok(sz == 16 && off0 >= 0 && off1 >= 0 && off0 != off1 && off0 % 8 == 0 &&
	       off1 % 8 == 0 && off0 < sz && off1 < sz, "hash: dp_lookup offsets in the region");
	memcpy(&v, region + off1, 8);
	tap_ok(v == 3, "hash: value at its offset");
	tap_ok(upd32(m, 1, 77, BPF_ANY) == 0 && nfps_map_dp_lookup(m, &k) == off1,
	       "hash: update of a present key stays in its slot");
	v = 1234;
	memcpy(region + off1, &v, 8);
	tap_ok(lkp32(m, 1, &v) == 0 && v == 1234, "hash: in-place write seen by host lookup");
	k = 5;
	tap_ok(nfps_map_dp_lookup(m, &k) == -ENOENT, "hash: dp_lookup missing -> ENOENT");

	k = 5;
	tap_ok(nfps_map_delete(m, &k) == -ENOENT, "hash: delete missing -> ENOENT");
	k = 0;
	tap_ok(nfps_map_delete(m, &k) == 0 && lkp32(m, 0, &v) == -ENOENT, "hash: delete present");
	tap_ok(nfps_map_delete(m, &k) == -ENOENT, "hash: delete twice -> ENOENT");
	k = 1;
	tap_ok(nfps_map_delete(m, &k) == 0, "hash: dp_delete");
	tap_ok(nfps_map_get_next_key(m, NULL, &next) == -ENOENT, "hash: empty again");
	k = 9;
	v = 99;
	tap_ok(nfps_map_update(m, &k, &v, BPF_NOEXIST) == 0 && lkp32(m, 9, &v) == 0 && v == 99,
	       "hash: dp_update inserts");
	tap_ok(nfps_map_update(m, &k, &v, BPF_NOEXIST) == -EEXIST, "hash: dp_update NOEXIST -> EEXIST");
	k = 10;
	tap_ok(nfps_map_update(m, &k, &v, BPF_EXIST) == -ENOENT, "hash: dp_update EXIST -> ENOENT");
	/* a value passed from the map's own region (a program may do that) */
	off0 = nfps_map_dp_lookup(m, &(u32){ 9 });
	tap_ok(nfps_map_update(m, &(u32){ 9 }, region + off0, BPF_ANY) == 0 &&
	       lkp32(m, 9, &v) == 0 && v == 99, "hash: value aliasing its own slot");
	nfps_map_destroy(m);
}

/* odd key sizes exercise every tail length of the hash */
static void test_hash_key_sizes(void)
{
	static const u32 sizes[] = { 1, 2, 3, 5, 7, 11, 12, 13, 16, 23, 24, 25, 64, 511 };
	u8 key[512], got[512];
	u32 i, j, n;
	bool good;

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		u32 ks = sizes[i], max = ks == 1 ? 256 : 500;
		struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_HASH, ks, 4, max, 0, NULL, NULL);
		u32 v;

		good = m != NULL;
		for (j = 0; good && j < max; j++) {
			memset(key, 0, ks);
			memcpy(key + ks - min_t(u32, ks, 2), &j, min_t(u32, ks, 2));
			good = nfps_map_update(m, key, &j, BPF_NOEXIST) == 0;
		}
		for (j = 0; good && j < max; j++) {
			memset(key, 0, ks);
			memcpy(key + ks - min_t(u32, ks, 2), &j, min_t(u32, ks, 2));
			good = nfps_map_lookup(m, key, &v) == 0 && v == j;
		}
		n = 0;
		if (good && nfps_map_get_next_key(m, NULL, got) == 0) {
			n = 1;
			while (nfps_map_get_next_key(m, got, got) == 0)
				n++;
		}
		tap_ok(good && n == max, "hash: key_size %u: %u keys stored, found, iterated", ks, n);
		nfps_map_destroy(m);
	}
}

/* ---- 100k maps ---------------------------------------------------------- */

#define BIG 100000

static void test_big(void)
{
	struct nfps_mem mem = { .limit = 64 << 20 };
	struct nfps_map *h = mk(&mem, BPF_MAP_TYPE_HASH, 8, 8, BIG, 0, NULL, NULL);
	struct nfps_map *a = mk(&mem, BPF_MAP_TYPE_ARRAY, 4, 8, BIG, 0, NULL, NULL);
	u8 *seen = calloc(BIG, 1);
	u64 *order = calloc(BIG, sizeof(u64));
	u64 k, v, next;
	u32 i, n, ak, an;
	bool good, inorder, stable;

	tap_ok(h && a, "big: 100k hash and array created in 64 MiB");
	good = true;
	for (i = 0; i < BIG && good; i++) {
		k = (u64)i * 2654435761ULL;
		v = i;
		good = nfps_map_update(h, &k, &v, BPF_NOEXIST) == 0;
	}
	tap_ok(good, "big: 100k hash inserts");
	k = 1;
	tap_ok(nfps_map_update(h, &k, &v, BPF_ANY) == -E2BIG, "big: insert 100001 -> E2BIG");

	n = 0;
	good = true;
	inorder = true;
	for (int r = nfps_map_get_next_key(h, NULL, &next); r == 0;
	     r = nfps_map_get_next_key(h, &k, &next)) {
		k = next;
		if (nfps_map_lookup(h, &k, &v) || v >= BIG || seen[v] ||
		    k != v * 2654435761ULL) {
			good = false;
			break;
		}
		seen[v] = 1;
		if (n < BIG)
			order[n] = k;
		inorder &= v == n;
		n++;
	}
	tap_ok(good && n == BIG, "big: hash dump visits each of the 100k keys once (%u)", n);
	tap_ok(inorder, "big: a fresh hash map iterates in insertion (slot) order");
	n = 0;
	stable = true;
	for (int r = nfps_map_get_next_key(h, NULL, &next); r == 0 && n < BIG;
	     r = nfps_map_get_next_key(h, &k, &next)) {
		k = next;
		stable &= order[n++] == k;
	}
	tap_ok(stable && n == BIG, "big: a second dump gives the same order");

	good = true;
	for (ak = 0; ak < BIG && good; ak++) {
		v = ~(u64)ak;
		good = nfps_map_update(a, &ak, &v, BPF_EXIST) == 0;
	}
	an = 0;
	for (int r = nfps_map_get_next_key(a, NULL, &ak); r == 0 && good;
	     r = nfps_map_get_next_key(a, &ak, &ak)) {
		good = ak == an && nfps_map_lookup(a, &ak, &v) == 0 && v == ~(u64)ak;
		an++;
	}
	tap_ok(good && an == BIG, "big: array 100k updated and dumped in index order");
	nfps_map_destroy(h);
	nfps_map_destroy(a);
	free(seen);
	free(order);
}

/* ---- free slot reuse ---------------------------------------------------- */

static int cmp_s64(const void *a, const void *b)
{
	s64 x = *(const s64 *)a, y = *(const s64 *)b;

	return x < y ? -1 : x > y;
}

static void test_reuse(void)
{
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_HASH, 4, 16, 1000, 0, NULL, NULL);
	s64 freed[500], got[500];
	u8 val[16] = { 1 };
	u32 i, k, n;
	bool good = true;

	for (k = 0; k < 1000 && good; k++)
		good = nfps_map_update(m, &k, val, BPF_ANY) == 0;
	tap_ok(good, "reuse: fill 1000");
	for (i = 0; i < 500 && good; i++) {
		k = i * 2;
		freed[i] = nfps_map_dp_lookup(m, &k);
		good = freed[i] >= 0 && nfps_map_delete(m, &k) == 0;
	}
	tap_ok(good, "reuse: delete every other key");
	for (i = 0; i < 500 && good; i++) {
		k = 5000 + i;
		good = nfps_map_update(m, &k, val, BPF_NOEXIST) == 0;
		got[i] = nfps_map_dp_lookup(m, &k);
	}
	tap_ok(good, "reuse: 500 new keys fit again");
	k = 9999;
	tap_ok(nfps_map_update(m, &k, val, BPF_ANY) == -E2BIG, "reuse: and then it is full");
	qsort(freed, 500, sizeof(s64), cmp_s64);
	qsort(got, 500, sizeof(s64), cmp_s64);
	tap_ok(!memcmp(freed, got, sizeof(got)), "reuse: new keys took exactly the freed slots");
	n = 0;
	if (nfps_map_get_next_key(m, NULL, &k) == 0)
		for (n = 1; nfps_map_get_next_key(m, &k, &k) == 0; n++)
			;
	tap_ok(n == 1000, "reuse: 1000 keys iterated");
	/* delete while iterating: each getnext of a deleted key restarts */
	n = 0;
	while (nfps_map_get_next_key(m, NULL, &k) == 0 && n < 2000) {
		nfps_map_delete(m, &k);
		n++;
	}
	tap_ok(n == 1000, "reuse: get-first-and-delete drains the map");
	nfps_map_destroy(m);
}

/* ---- differential against a naive model --------------------------------- */

#define DIFF_KEYS	512
#define DIFF_MAX	300
#define DIFF_OPS	100000
#define DIFF_KS		6
#define DIFF_VS		12

struct model {
	bool present[DIFF_KEYS];
	u8 val[DIFF_KEYS][DIFF_VS];
	u32 count;
};

static void diff_key(u32 i, u8 *key)
{
	memset(key, 0, DIFF_KS);
	key[0] = 0xc3;
	key[DIFF_KS - 2] = i & 0xff;
	key[DIFF_KS - 1] = i >> 8;
}

static u32 diff_key_id(const u8 *key)
{
	return key[DIFF_KS - 2] | key[DIFF_KS - 1] << 8;
}

static int model_update(struct model *md, u32 i, const u8 *val, u64 flags)
{
	if ((flags & ~(u64)BPF_F_LOCK) > BPF_EXIST || (flags & BPF_F_LOCK))
		return -EINVAL;
	if (md->present[i] && flags == BPF_NOEXIST)
		return -EEXIST;
	if (!md->present[i] && flags == BPF_EXIST)
		return -ENOENT;
	if (!md->present[i]) {
		if (md->count == DIFF_MAX)
			return -E2BIG;
		md->count++;
		md->present[i] = true;
	}
	memcpy(md->val[i], val, DIFF_VS);
	return 0;
}

static bool diff_full_walk(struct nfps_map *m, struct model *md)
{
	u8 seen[DIFF_KEYS] = { 0 };
	u8 key[DIFF_KS], next[DIFF_KS];
	u32 n = 0, i;
	int r;

	for (r = nfps_map_get_next_key(m, NULL, next); r == 0;
	     r = nfps_map_get_next_key(m, key, next)) {
		memcpy(key, next, DIFF_KS);
		i = diff_key_id(key);
		if (i >= DIFF_KEYS || !md->present[i] || seen[i] || ++n > DIFF_MAX)
			return false;
		seen[i] = 1;
	}
	return r == -ENOENT && n == md->count;
}

static void test_differential(void)
{
	static const u64 flag_pick[] = { BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_ANY, BPF_NOEXIST,
					 BPF_EXIST, 3, BPF_F_LOCK, BPF_F_LOCK | BPF_EXIST, 1ULL << 33 };
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_HASH, DIFF_KS, DIFF_VS, DIFF_MAX, 0, NULL, NULL);
	struct model *md = calloc(1, sizeof(*md));
	u8 key[DIFF_KS], next[DIFF_KS], first[DIFF_KS], val[DIFF_VS], out[DIFF_VS];
	u32 op, i, sz, bad_op = 0, walks = 0;
	int r, want, have_first;
	u8 *region = nfps_map_region(m, &sz);
	s64 off;

	for (op = 0; op < DIFF_OPS && !bad_op; op++) {
		i = rnd(DIFF_KEYS);
		diff_key(i, key);
		switch (rnd(8)) {
		case 0:
		case 1: {
			u64 flags = flag_pick[rnd(ARRAY_SIZE(flag_pick))];

			for (u32 b = 0; b < DIFF_VS; b++)
				val[b] = rnd(256);
			want = model_update(md, i, val, flags);
			rnd(2);	/* keeps the sequence: once host or datapath entry */
			r = nfps_map_update(m, key, val, flags);
			if (r != want)
				bad_op = op + 1;
			break;
		}
		case 2:
			want = md->present[i] ? 0 : -ENOENT;
			rnd(2);
			r = nfps_map_delete(m, key);
			if (r != want)
				bad_op = op + 1;
			if (!r) {
				md->present[i] = false;
				md->count--;
			}
			break;
		case 3:
		case 4:
			r = nfps_map_lookup(m, key, out);
			if (md->present[i] ? r || memcmp(out, md->val[i], DIFF_VS) : r != -ENOENT)
				bad_op = op + 1;
			break;
		case 5:
			off = nfps_map_dp_lookup(m, key);
			if (md->present[i] ? off < 0 || off % 16 || off + DIFF_VS > sz ||
					     memcmp(region + off, md->val[i], DIFF_VS) :
					     off != -ENOENT)
				bad_op = op + 1;
			break;
		case 6:
			have_first = nfps_map_get_next_key(m, NULL, first) == 0;
			if (have_first != (md->count > 0)) {
				bad_op = op + 1;
				break;
			}
			r = nfps_map_get_next_key(m, key, next);
			if (!md->present[i]) {
				/* unknown key -> first key */
				if (have_first ? r || memcmp(next, first, DIFF_KS) : r != -ENOENT)
					bad_op = op + 1;
			} else if (r == 0) {
				u32 j = diff_key_id(next);

				if (j >= DIFF_KEYS || !md->present[j] || j == i)
					bad_op = op + 1;
			} else if (r != -ENOENT) {
				bad_op = op + 1;
			}
			break;
		default:
			if (op % 64 == 0) {
				walks++;
				if (!diff_full_walk(m, md))
					bad_op = op + 1;
			}
			break;
		}
	}
	tap_ok(!bad_op, "differential: %u random hash ops (%u full walks) agree with the model%s",
	       op, walks, bad_op ? " (mismatch)" : "");
	if (bad_op)
		tap_diag("first mismatch at op %u, key %u", bad_op - 1, i);
	tap_ok(diff_full_walk(m, md), "differential: final contents agree");
	nfps_map_destroy(m);
	free(md);
}

static void test_differential_array(void)
{
	static const u64 flag_pick[] = { BPF_ANY, BPF_NOEXIST, BPF_EXIST, 3, BPF_F_LOCK,
					 BPF_F_LOCK | BPF_NOEXIST, BPF_F_LOCK | BPF_EXIST };
	enum { MAX = 100 };
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_ARRAY, 4, 4, MAX, 0, NULL, NULL);
	u32 model[MAX] = { 0 };
	u32 op, k, v, out, bad_op = 0;
	u64 flags;
	int r, want;

	for (op = 0; op < DIFF_OPS && !bad_op; op++) {
		k = rnd(MAX + 10);
		if (rnd(50) == 0)
			k = 0xffffffffU - rnd(2);
		switch (rnd(4)) {
		case 0:
			flags = flag_pick[rnd(ARRAY_SIZE(flag_pick))];
			v = (u32)rnd64(&rng_state);
			if ((flags & ~(u64)BPF_F_LOCK) > BPF_EXIST)
				want = -EINVAL;
			else if (k >= MAX)
				want = -E2BIG;
			else if (flags & BPF_NOEXIST)
				want = -EEXIST;
			else if (flags & BPF_F_LOCK)
				want = -EINVAL;
			else
				want = 0;
			rnd(2);
			r = nfps_map_update(m, &k, &v, flags);
			if (!want)
				model[k] = v;
			if (r != want)
				bad_op = op + 1;
			break;
		case 1:
			r = nfps_map_lookup(m, &k, &out);
			if (k < MAX ? r || out != model[k] : r != -ENOENT)
				bad_op = op + 1;
			break;
		case 2:
			r = nfps_map_get_next_key(m, &k, &out);
			if (k >= MAX ? r || out : k == MAX - 1 ? r != -ENOENT : r || out != k + 1)
				bad_op = op + 1;
			break;
		default:
			if (nfps_map_delete(m, &k) != -EINVAL ||
			    nfps_map_dp_lookup(m, &k) != (k < MAX ? (s64)k * 8 : -ENOENT))
				bad_op = op + 1;
			break;
		}
	}
	tap_ok(!bad_op, "differential: %u random array ops agree with the model", op);
	nfps_map_destroy(m);
}

/* ---- concurrency -------------------------------------------------------- */

#define CT_THREADS	4
#define CT_KEYS		2000		/* most keys per thread */

struct ct_val {
	u64 key;
	u64 seq;
};

struct ct_arg {
	struct nfps_map *m;
	int id;
	int *stop;
	u64 rng;
	u32 nkeys;		/* keys per thread */
	u32 max;		/* max_entries */
	u64 seq[CT_KEYS];	/* 0: absent, else the value's seq */
	u64 ops, e2big, iters;
	char fail[128];
};

static u64 ct_key(int id, u32 i)
{
	return (u64)id << 32 | i;
}

static void *ct_worker(void *p)
{
	struct ct_arg *a = p;
	u32 sz;
	u8 *region = nfps_map_region(a->m, &sz);
	struct ct_val v, out;
	u64 key, next, nseq = 1;
	u32 i, steps;
	s64 off;
	int r;

	while (!__atomic_load_n(a->stop, __ATOMIC_RELAXED) && !a->fail[0]) {
		i = (u32)(rnd64(&a->rng) % a->nkeys);
		key = ct_key(a->id, i);
		a->ops++;
		switch (rnd64(&a->rng) % 8) {
		case 0:
		case 1: {
			u64 flags = rnd64(&a->rng) % 3;

			v.key = key;
			v.seq = nseq++;
			rnd64(&a->rng);
			r = nfps_map_update(a->m, &key, &v, flags);
			if (r == -E2BIG && !a->seq[i] && flags != BPF_EXIST) {
				a->e2big++;
			} else if (a->seq[i] && flags == BPF_NOEXIST) {
				if (r != -EEXIST)
					snprintf(a->fail, sizeof(a->fail), "NOEXIST present: %d", r);
			} else if (!a->seq[i] && flags == BPF_EXIST) {
				if (r != -ENOENT)
					snprintf(a->fail, sizeof(a->fail), "EXIST absent: %d", r);
			} else if (r) {
				snprintf(a->fail, sizeof(a->fail), "update: %d", r);
			} else {
				a->seq[i] = v.seq;
			}
			break;
		}
		case 2:
			r = nfps_map_delete(a->m, &key);
			if (r != (a->seq[i] ? 0 : -ENOENT))
				snprintf(a->fail, sizeof(a->fail), "delete: %d", r);
			a->seq[i] = 0;
			break;
		case 3:
		case 4:
			r = nfps_map_lookup(a->m, &key, &out);
			if (a->seq[i] ? r || out.key != key || out.seq != a->seq[i] : r != -ENOENT)
				snprintf(a->fail, sizeof(a->fail), "lookup: %d", r);
			break;
		case 5:
			off = nfps_map_dp_lookup(a->m, &key);
			if (a->seq[i]) {
				if (off < 0 || off % 16 || off + 16 > sz) {
					snprintf(a->fail, sizeof(a->fail), "dp_lookup: %lld",
						 (long long)off);
					break;
				}
				memcpy(&out, region + off, sizeof(out));
				/* only this thread writes its keys, so the slot is stable */
				if (out.key != key || out.seq != a->seq[i])
					snprintf(a->fail, sizeof(a->fail), "dp value mismatch");
			} else if (off != -ENOENT) {
				snprintf(a->fail, sizeof(a->fail), "dp_lookup absent: %lld",
					 (long long)off);
			}
			break;
		case 6:
			/* a short walk from one of our keys, checking what comes back */
			r = nfps_map_get_next_key(a->m, &key, &next);
			for (steps = 0; r == 0 && steps < 16; steps++) {
				if ((next >> 32) >= CT_THREADS || (u32)next >= a->nkeys) {
					snprintf(a->fail, sizeof(a->fail), "getnext junk %llx",
						 (unsigned long long)next);
					break;
				}
				if ((int)(next >> 32) == a->id && !a->seq[(u32)next]) {
					snprintf(a->fail, sizeof(a->fail), "getnext gave deleted key");
					break;
				}
				key = next;
				r = nfps_map_get_next_key(a->m, &key, &next);
			}
			a->iters++;
			break;
		default:
			/* someone else's key: absent, or its own value */
			key = ct_key((a->id + 1) % CT_THREADS, i);
			r = nfps_map_lookup(a->m, &key, &out);
			if (r ? r != -ENOENT : out.key != key)
				snprintf(a->fail, sizeof(a->fail), "foreign lookup: %d", r);
			break;
		}
	}
	return NULL;
}

/* Full walks racing with the workers: every key seen must be well formed. */
static void *ct_walker(void *p)
{
	struct ct_arg *a = p;
	u64 key, next;
	struct ct_val out;
	u32 n;
	int r;

	while (!__atomic_load_n(a->stop, __ATOMIC_RELAXED) && !a->fail[0]) {
		n = 0;
		for (r = nfps_map_get_next_key(a->m, NULL, &next); r == 0 && n < 8 * a->max;
		     r = nfps_map_get_next_key(a->m, &key, &next)) {
			key = next;
			n++;
			if ((key >> 32) >= CT_THREADS || (u32)key >= a->nkeys) {
				snprintf(a->fail, sizeof(a->fail), "walk junk key");
				break;
			}
			r = nfps_map_lookup(a->m, &key, &out);
			if (r == 0 && out.key != key) {
				snprintf(a->fail, sizeof(a->fail), "walk: value of another key");
				break;
			}
		}
		a->iters++;
	}
	return NULL;
}

/*
 * Workers own disjoint key ranges, so each knows exactly what its keys must
 * hold; together they overfill the map. A small map makes them collide on
 * buckets and stripes, a larger one exercises long walks.
 */
static void test_concurrency(u32 max, u32 nkeys, u32 ms)
{
	struct nfps_mem mem = { .limit = 1 << 20 };
	struct nfps_map *m = mk(&mem, BPF_MAP_TYPE_HASH, 8, 16, max, 0, NULL, NULL);
	struct ct_arg *args = calloc(CT_THREADS + 1, sizeof(*args));
	pthread_t th[CT_THREADS + 1];
	int stop = 0;
	u64 ops = 0, e2big = 0, key, next, present = 0, fill;
	u32 n, i;
	int t, r;
	bool good = true, walk_ok = true;
	char *seen = calloc(CT_THREADS, CT_KEYS);

	for (t = 0; t <= CT_THREADS; t++) {
		args[t].m = m;
		args[t].id = t;
		args[t].stop = &stop;
		args[t].nkeys = nkeys;
		args[t].max = max;
		args[t].rng = rnd64(&rng_state) | 1;
		pthread_create(&th[t], NULL, t < CT_THREADS ? ct_worker : ct_walker, &args[t]);
	}
	usleep(ms * 1000);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (t = 0; t <= CT_THREADS; t++) {
		pthread_join(th[t], NULL);
		if (args[t].fail[0]) {
			tap_diag("thread %d: %s", t, args[t].fail);
			good = false;
		}
		ops += args[t].ops;
		e2big += args[t].e2big;
	}
	tap_diag("concurrency: %llu ops, %llu E2BIG, %llu walks", (unsigned long long)ops,
		 (unsigned long long)e2big, (unsigned long long)args[CT_THREADS].iters);
	tap_ok(good, "concurrency: max %u, %d threads x %u ms of update/delete/lookup/getnext",
	       max, CT_THREADS, ms);
	tap_ok(e2big > 0, "concurrency: max %u: the map ran full (E2BIG seen)", max);

	/* afterwards the map holds exactly the union of the threads' models */
	n = 0;
	for (r = nfps_map_get_next_key(m, NULL, &next); r == 0 && n <= max;
	     r = nfps_map_get_next_key(m, &key, &next)) {
		key = next;
		t = key >> 32;
		i = (u32)key;
		if (t >= CT_THREADS || i >= CT_KEYS || seen[t * CT_KEYS + i] || !args[t].seq[i]) {
			walk_ok = false;
			break;
		}
		seen[t * CT_KEYS + i] = 1;
		n++;
	}
	for (t = 0; t < CT_THREADS; t++)
		for (i = 0; i < CT_KEYS; i++)
			present += !!args[t].seq[i];
	tap_ok(walk_ok && n == present && n <= max,
	       "concurrency: final walk = union of models (%u keys, max %u)", n, max);
	/* no slot leaked or double-allocated: exactly max fit */
	fill = 0;
	for (key = 1ULL << 40; ; key++) {
		struct ct_val v = { key, 1 };

		if (nfps_map_update(m, &key, &v, BPF_NOEXIST))
			break;
		fill++;
	}
	tap_ok(present + fill == max, "concurrency: free list intact (%llu + %llu slots)",
	       (unsigned long long)present, (unsigned long long)fill);
	nfps_map_destroy(m);
	tap_ok(atomic_long_read(&mem.used) == 0, "concurrency: budget returned");
	free(args);
	free(seen);
}

struct arr_arg {
	struct nfps_map *m;
	u32 id;
	int *stop;
	bool fail;
};

static void *arr_worker(void *p)
{
	struct arr_arg *a = p;
	u32 k, n = 0;
	u64 v, out;

	while (!__atomic_load_n(a->stop, __ATOMIC_RELAXED) && !a->fail) {
		k = a->id + CT_THREADS * (n % 256);
		v = (u64)k << 32 | n++;
		if (nfps_map_update(a->m, &k, &v, BPF_EXIST) || nfps_map_lookup(a->m, &k, &out) ||
		    out != v)
			a->fail = true;
	}
	return NULL;
}

static void test_concurrency_array(void)
{
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_ARRAY, 4, 8, 1024, 0, NULL, NULL);
	struct arr_arg args[CT_THREADS];
	pthread_t th[CT_THREADS];
	int stop = 0;
	bool good = true;
	int t;

	for (t = 0; t < CT_THREADS; t++) {
		args[t] = (struct arr_arg){ m, t, &stop, false };
		pthread_create(&th[t], NULL, arr_worker, &args[t]);
	}
	usleep(200 * 1000);
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	for (t = 0; t < CT_THREADS; t++) {
		pthread_join(th[t], NULL);
		good &= !args[t].fail;
	}
	tap_ok(good, "concurrency: array, %d threads on disjoint indexes", CT_THREADS);
	nfps_map_destroy(m);
}

/* ---- benchmark ---------------------------------------------------------- */

static void bench(void)
{
	struct nfps_map *m = mk(NULL, BPF_MAP_TYPE_HASH, 4, 8, BIG, 0, NULL, NULL);
	double t0, t;
	u32 k, n;
	u64 v = 1;

	t0 = now_s();
	for (k = 0; k < BIG; k++)
		nfps_map_update(m, &k, &v, BPF_ANY);
	t = now_s() - t0;
	printf("update (insert)   %10.0f ops/s\n", BIG / t);
	t0 = now_s();
	for (n = 0; n < 10; n++)
		for (k = 0; k < BIG; k++)
			nfps_map_update(m, &k, &v, BPF_EXIST);
	printf("update (replace)  %10.0f ops/s\n", 10 * BIG / (now_s() - t0));
	t0 = now_s();
	for (n = 0; n < 10; n++)
		for (k = 0; k < BIG; k++)
			nfps_map_lookup(m, &k, &v);
	printf("lookup            %10.0f ops/s\n", 10 * BIG / (now_s() - t0));
	t0 = now_s();
	for (n = 0; n < 10; n++)
		for (k = 0; k < BIG; k++)
			nfps_map_dp_lookup(m, &k);
	printf("dp_lookup         %10.0f ops/s\n", 10 * BIG / (now_s() - t0));
	t0 = now_s();
	n = 0;
	for (int r = nfps_map_get_next_key(m, NULL, &k); r == 0;
	     r = nfps_map_get_next_key(m, &k, &k))
		n++;
	printf("get_next          %10.0f ops/s (%u keys)\n", n / (now_s() - t0), n);
	t0 = now_s();
	for (k = 0; k < BIG; k++)
		nfps_map_delete(m, &k);
	printf("delete            %10.0f ops/s\n", BIG / (now_s() - t0));
	nfps_map_destroy(m);
}

int main(int argc, char **argv)
{
	const char *seed = getenv("TEST_MAPS_SEED");

	if (argc > 1 && !strcmp(argv[1], "--bench")) {
		bench();
		return 0;
	}
	if (seed)
		rng_state = strtoull(seed, NULL, 0) | 1;
	tap_diag("seed 0x%llx (TEST_MAPS_SEED)", (unsigned long long)rng_state);

	test_create();
	test_budget();
	test_array();
	test_hash();
	test_hash_key_sizes();
	test_big();
	test_reuse();
	test_differential();
	test_differential_array();
	test_concurrency(4, 3, 700);
	test_concurrency(16, 12, 300);
	test_concurrency(1024, CT_KEYS, 600);
	test_concurrency_array();

	return tap_done();
}
