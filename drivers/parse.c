// SPDX-License-Identifier: GPL-2.0
/* Strict parsing of the numbers written to nfpsim's sysfs files. */

#include <linux/ctype.h>
#include <linux/kernel.h>
#include <linux/string.h>

#include "nfpsim.h"

#define NFPSIM_PARSE_MAX_LEN	64

/**
 * nfpsim_parse_uints() - parse "A [B [C]]" written to a sysfs file
 * @buf: the write, not NUL terminated necessarily (sysfs does terminate it)
 * @count: its length
 * @vals: out, @max_n entries
 * @min_n: fewest fields accepted
 * @max_n: most fields accepted
 *
 * Unlike netdevsim's sscanf(), trailing garbage, signs, overflow and extra
 * fields are errors, so a typo never creates a device with default values.
 *
 * Return: number of fields parsed, or -EINVAL.
 */
int nfpsim_parse_uints(const char *buf, size_t count, unsigned int *vals,
		       unsigned int min_n, unsigned int max_n)
{
	char tmp[NFPSIM_PARSE_MAX_LEN + 1], *cur, *tok;
	unsigned int n = 0;

	if (!count || count > NFPSIM_PARSE_MAX_LEN)
		return -EINVAL;
	memcpy(tmp, buf, count);
	tmp[count] = '\0';

	cur = strim(tmp);
	while ((tok = strsep(&cur, " \t")) != NULL) {
		if (!*tok)
			continue;	/* runs of blanks */
		if (n == max_n || !isdigit(*tok) || kstrtouint(tok, 0, &vals[n]))
			return -EINVAL;
		n++;
	}
	return n < min_n ? -EINVAL : n;
}
