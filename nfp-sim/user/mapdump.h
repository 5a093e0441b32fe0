/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: the keys of an engine map in a stable, comparable order:
 * every index of an array, the keys of a hash sorted by their bytes (the
 * order of their hex strings), so dumps can be diffed against the kernel's.
 */
#ifndef NFPSIM_MAPDUMP_H
#define NFPSIM_MAPDUMP_H

#include "nfps.h"

/*
 * Allocate *@keys (@def->key_size bytes each) and set *@nr.
 * Return 0 or -ENOMEM.
 */
int nfpsim_map_keys(struct nfps_map *map, const struct nfps_map_def *def, u8 **keys, u32 *nr);

#endif /* NFPSIM_MAPDUMP_H */
