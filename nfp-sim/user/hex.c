// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: base16 text <-> bytes. */
#include <ctype.h>
#include <errno.h>
#include <string.h>

#include "hex.h"

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

size_t nfpsim_hex_max_len(const char *s)
{
	return strlen(s) / 2 + 1;
}

long nfpsim_hex_decode(const char *s, uint8_t *buf, size_t max, bool ws)
{
	size_t n = 0;
	int hi, lo;

	for (;;) {
		while (ws && isspace((unsigned char)*s))
			s++;
		if (!*s)
			return n;
		hi = hex_digit(s[0]);
		lo = hi < 0 ? -1 : hex_digit(s[1]);
		if (lo < 0)
			return -EINVAL;
		if (n == max)
			return -E2BIG;
		buf[n++] = hi << 4 | lo;
		s += 2;
	}
}

void nfpsim_hex_encode(const void *buf, size_t len, char *out)
{
	static const char digits[] = "0123456789abcdef";
	const uint8_t *p = buf;
	size_t i;

	for (i = 0; i < len; i++) {
		*out++ = digits[p[i] >> 4];
		*out++ = digits[p[i] & 0xf];
	}
	*out = '\0';
}
