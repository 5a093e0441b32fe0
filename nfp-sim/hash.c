// SPDX-License-Identifier: GPL-2.0
/*
 * The map engine's hash function: Bob Jenkins' lookup3 as in the kernel's
 * jhash(), written out here so the module and the userspace library bucket
 * keys identically (and the userspace build needs no kernel header).
 */
#include "compat.h"
#include "map.h"

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

/**
 * nfps_jhash() - jhash() of a byte string
 * @key: the bytes
 * @len: their number
 * @initval: seed
 *
 * Return: the hash, equal to the kernel's jhash(@key, @len, @initval).
 */
u32 nfps_jhash(const void *key, u32 len, u32 initval)
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
