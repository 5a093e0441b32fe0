/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: base16 text <-> bytes. Map keys and values on the command
 * line, JSON output and the bpf_conformance plugin protocol all carry bytes
 * in memory order as lowercase hex.
 */
#ifndef NFPSIM_HEX_H
#define NFPSIM_HEX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * nfpsim_hex_decode() - parse base16 text into bytes
 * @s: NUL-terminated text, two hex digits per byte
 * @buf: output, at least nfpsim_hex_max_len(@s) bytes
 * @max: size of @buf
 * @ws: accept whitespace between bytes (bpf_conformance sends "b7 00  01 ")
 *
 * Return: number of bytes, or -EINVAL on a stray character or an odd digit,
 * -E2BIG when @buf is too small.
 */
long nfpsim_hex_decode(const char *s, uint8_t *buf, size_t max, bool ws);

/* Upper bound of the bytes nfpsim_hex_decode() can produce from @s. */
size_t nfpsim_hex_max_len(const char *s);

/* Write 2 * @len lowercase digits and a NUL to @out. */
void nfpsim_hex_encode(const void *buf, size_t len, char *out);

#endif /* NFPSIM_HEX_H */
