/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: a tiny streaming JSON writer. Commas and nesting are tracked
 * here so callers only say what to emit; output is compact (one line) since
 * its readers are programs (the differential test harness).
 */
#ifndef NFPSIM_JSON_H
#define NFPSIM_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NFPSIM_JSON_DEPTH	16

/**
 * struct nfpsim_json - writer state
 * @f: output stream
 * @depth: open objects and arrays
 * @used: per level, whether a member was already written (comma needed)
 * @err: sticky: nesting misuse or an output error, reported by _finish()
 */
struct nfpsim_json {
	FILE *f;
	int depth;
	bool used[NFPSIM_JSON_DEPTH];
	bool err;
};

void nfpsim_json_init(struct nfpsim_json *j, FILE *f);

/* @key names the member inside an object; pass NULL inside an array. */
void nfpsim_json_obj_begin(struct nfpsim_json *j, const char *key);
void nfpsim_json_obj_end(struct nfpsim_json *j);
void nfpsim_json_arr_begin(struct nfpsim_json *j, const char *key);
void nfpsim_json_arr_end(struct nfpsim_json *j);
void nfpsim_json_str(struct nfpsim_json *j, const char *key, const char *val);
void nfpsim_json_u64(struct nfpsim_json *j, const char *key, uint64_t val);
void nfpsim_json_s64(struct nfpsim_json *j, const char *key, int64_t val);
void nfpsim_json_bool(struct nfpsim_json *j, const char *key, bool val);
/* Bytes as a lowercase hex string, in memory order. */
void nfpsim_json_hex(struct nfpsim_json *j, const char *key, const void *buf, size_t len);

/* Ends the document with a newline. 0, or -EINVAL/-EIO. */
int nfpsim_json_finish(struct nfpsim_json *j);

#endif /* NFPSIM_JSON_H */
