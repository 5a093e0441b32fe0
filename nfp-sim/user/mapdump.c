// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: the keys of an engine map in a stable order (see mapdump.h). */
#include "mapdump.h"

static size_t mapdump_key_size;	/* qsort has no context argument */

static int mapdump_cmp(const void *a, const void *b)
{
	return memcmp(a, b, mapdump_key_size);
}

static void mapdump_array(u8 *keys, u32 n, u32 key_size)
{
	u32 i;

	/* array keys are u32 indexes in host order, as the kernel takes them */
	for (i = 0; i < n; i++)
		memcpy(keys + (size_t)i * key_size, &i, min_t(u32, key_size, sizeof(i)));
}

int nfpsim_map_keys(struct nfps_map *map, const struct nfps_map_def *def, u8 **keys, u32 *nr)
{
	u32 ks = def->key_size, n = 0;
	u8 *k, *prev = NULL;

	*keys = k = calloc(def->max_entries + 1, ks ?: 1);
	if (!k)
		return -ENOMEM;
	if (def->type == BPF_MAP_TYPE_ARRAY) {
		mapdump_array(k, def->max_entries, ks);
		*nr = def->max_entries;
		return 0;
	}
	/* bounded by max_entries: a changing map cannot make this loop forever */
	while (n < def->max_entries && !nfps_map_get_next_key(map, prev, k + (size_t)n * ks)) {
		prev = k + (size_t)n * ks;
		n++;
	}
	mapdump_key_size = ks;
	qsort(k, n, ks, mapdump_cmp);
	*nr = n;
	return 0;
}
