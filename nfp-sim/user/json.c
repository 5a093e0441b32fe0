// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: a tiny streaming JSON writer. */
#include <errno.h>
#include <inttypes.h>

#include "json.h"

void nfpsim_json_init(struct nfpsim_json *j, FILE *f)
{
	j->f = f;
	j->depth = 0;
	j->used[0] = false;
	j->err = false;
}

static void json_escape(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* Other control characters have no short form; bytes >= 0x80
			 * are passed through as UTF-8.
			 */
			if (*p < 0x20)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

/* Separator and key of the next member at the current level. */
static void json_member(struct nfpsim_json *j, const char *key)
{
	if (j->used[j->depth])
		fputc(',', j->f);
	j->used[j->depth] = true;
	if (key) {
		json_escape(j->f, key);
		fputc(':', j->f);
	}
}

static void json_open(struct nfpsim_json *j, const char *key, char c)
{
	json_member(j, key);
	fputc(c, j->f);
	if (j->depth + 1 >= NFPSIM_JSON_DEPTH) {
		j->err = true;
		return;
	}
	j->used[++j->depth] = false;
}

static void json_close(struct nfpsim_json *j, char c)
{
	fputc(c, j->f);
	if (j->depth == 0) {
		j->err = true;
		return;
	}
	j->depth--;
}

void nfpsim_json_obj_begin(struct nfpsim_json *j, const char *key)
{
	json_open(j, key, '{');
}

void nfpsim_json_obj_end(struct nfpsim_json *j)
{
	json_close(j, '}');
}

void nfpsim_json_arr_begin(struct nfpsim_json *j, const char *key)
{
	json_open(j, key, '[');
}

void nfpsim_json_arr_end(struct nfpsim_json *j)
{
	json_close(j, ']');
}

void nfpsim_json_str(struct nfpsim_json *j, const char *key, const char *val)
{
	json_member(j, key);
	json_escape(j->f, val);
}

void nfpsim_json_u64(struct nfpsim_json *j, const char *key, uint64_t val)
{
	json_member(j, key);
	fprintf(j->f, "%" PRIu64, val);
}

void nfpsim_json_s64(struct nfpsim_json *j, const char *key, int64_t val)
{
	json_member(j, key);
	fprintf(j->f, "%" PRId64, val);
}

void nfpsim_json_bool(struct nfpsim_json *j, const char *key, bool val)
{
	json_member(j, key);
	fputs(val ? "true" : "false", j->f);
}

void nfpsim_json_hex(struct nfpsim_json *j, const char *key, const void *buf, size_t len)
{
	const uint8_t *p = buf;
	size_t i;

	json_member(j, key);
	fputc('"', j->f);
	for (i = 0; i < len; i++)
		fprintf(j->f, "%02x", p[i]);
	fputc('"', j->f);
}

int nfpsim_json_finish(struct nfpsim_json *j)
{
	fputc('\n', j->f);
	if (j->err || j->depth)
		return -EINVAL;
	return ferror(j->f) ? -EIO : 0;
}
