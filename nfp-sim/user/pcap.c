// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: classic libpcap capture files. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "pcap.h"

#define PCAP_MAGIC_USEC		0xa1b2c3d4
#define PCAP_MAGIC_NSEC		0xa1b23c4d
#define PCAP_FILE_HDR_LEN	24
#define PCAP_REC_HDR_LEN	16

static uint32_t pcap_u32(const struct nfpsim_pcap *pc, const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return pc->swapped ? __builtin_bswap32(v) : v;
}

static int pcap_parse_magic(struct nfpsim_pcap *pc, uint32_t magic)
{
	switch (magic) {
	case PCAP_MAGIC_USEC:
		return 0;
	case PCAP_MAGIC_NSEC:
		pc->nsec = true;
		return 0;
	case __builtin_bswap32(PCAP_MAGIC_USEC):
		pc->swapped = true;
		return 0;
	case __builtin_bswap32(PCAP_MAGIC_NSEC):
		pc->swapped = true;
		pc->nsec = true;
		return 0;
	}
	return -EINVAL;
}

static int pcap_parse_header(struct nfpsim_pcap *pc, const uint8_t *buf, size_t len,
			     char *err, size_t errlen)
{
	uint32_t magic;

	if (len < PCAP_FILE_HDR_LEN) {
		snprintf(err, errlen, "truncated file header (%zu of %d bytes)",
			 len, PCAP_FILE_HDR_LEN);
		return -EINVAL;
	}
	memcpy(&magic, buf, sizeof(magic));
	if (pcap_parse_magic(pc, magic)) {
		/* pcapng starts with a section header block, 0x0a0d0d0a */
		snprintf(err, errlen, "not a classic pcap file (magic 0x%08x)%s", magic,
			 magic == 0x0a0d0d0a ? "; pcapng: convert with editcap -F pcap" : "");
		return -EINVAL;
	}
	pc->snaplen = pcap_u32(pc, buf + 16);
	pc->linktype = pcap_u32(pc, buf + 20) & 0x0fffffff;	/* high bits: FCS info */
	return 0;
}

/* Check one record header at @off; fills @pkt and returns its total length. */
static long pcap_parse_rec(struct nfpsim_pcap *pc, size_t off, size_t len,
			   struct nfpsim_pcap_pkt *pkt, char *err, size_t errlen)
{
	const uint8_t *p = pc->buf + off;
	uint32_t nr = pc->nr, sub;

	if (len - off < PCAP_REC_HDR_LEN) {
		snprintf(err, errlen, "record %u at offset %zu: truncated header (%zu of %d bytes)",
			 nr, off, len - off, PCAP_REC_HDR_LEN);
		return -EINVAL;
	}
	sub = pcap_u32(pc, p + 4);
	pkt->ts_ns = pcap_u32(pc, p) * 1000000000ULL + sub * (pc->nsec ? 1ULL : 1000ULL);
	pkt->caplen = pcap_u32(pc, p + 8);
	pkt->origlen = pcap_u32(pc, p + 12);
	pkt->data = p + PCAP_REC_HDR_LEN;
	/* A length beyond libpcap's own maximum means garbage, not a big frame. */
	if (pkt->caplen > NFPSIM_PCAP_SNAPLEN) {
		snprintf(err, errlen, "record %u at offset %zu: capture length %u is not plausible (corrupt file?)",
			 nr, off, pkt->caplen);
		return -EINVAL;
	}
	if (len - off - PCAP_REC_HDR_LEN < pkt->caplen) {
		snprintf(err, errlen, "record %u at offset %zu: truncated data (%zu of %u bytes)",
			 nr, off, len - off - PCAP_REC_HDR_LEN, pkt->caplen);
		return -EINVAL;
	}
	return PCAP_REC_HDR_LEN + pkt->caplen;
}

static int pcap_grow(struct nfpsim_pcap *pc, uint32_t *cap)
{
	struct nfpsim_pcap_pkt *n;
	uint32_t ncap = *cap ? *cap * 2 : 64;

	n = realloc(pc->pkts, ncap * sizeof(*n));
	if (!n)
		return -ENOMEM;
	pc->pkts = n;
	*cap = ncap;
	return 0;
}

int nfpsim_pcap_parse(struct nfpsim_pcap *pc, uint8_t *buf, size_t len,
		      char *err, size_t errlen)
{
	size_t off = PCAP_FILE_HDR_LEN;
	uint32_t cap = 0;
	long rec;
	int ret;

	memset(pc, 0, sizeof(*pc));
	pc->buf = buf;
	ret = pcap_parse_header(pc, buf, len, err, errlen);
	while (!ret && off < len) {
		if (pc->nr == cap && pcap_grow(pc, &cap)) {
			snprintf(err, errlen, "out of memory");
			return -ENOMEM;
		}
		rec = pcap_parse_rec(pc, off, len, &pc->pkts[pc->nr], err, errlen);
		if (rec < 0)
			return rec;
		pc->nr++;
		off += rec;
	}
	return ret;
}

static int pcap_slurp(FILE *f, uint8_t **out, size_t *len)
{
	size_t cap = 65536, n = 0, got;
	uint8_t *buf = malloc(cap), *nb;

	while (buf) {
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (n < cap)
			break;
		cap *= 2;
		nb = realloc(buf, cap);
		if (!nb)
			free(buf);
		buf = nb;
	}
	if (!buf)
		return -ENOMEM;
	if (ferror(f)) {
		free(buf);
		return -EIO;
	}
	*out = buf;
	*len = n;
	return 0;
}

int nfpsim_pcap_read(const char *path, struct nfpsim_pcap *pc, char *err, size_t errlen)
{
	uint8_t *buf;
	size_t len;
	FILE *f;
	int ret;

	memset(pc, 0, sizeof(*pc));
	f = fopen(path, "rb");
	if (!f) {
		snprintf(err, errlen, "%s", strerror(errno));
		return -errno;
	}
	ret = pcap_slurp(f, &buf, &len);
	fclose(f);
	if (ret) {
		snprintf(err, errlen, "%s", strerror(-ret));
		return ret;
	}
	return nfpsim_pcap_parse(pc, buf, len, err, errlen);
}

void nfpsim_pcap_free(struct nfpsim_pcap *pc)
{
	free(pc->pkts);
	free(pc->buf);
	memset(pc, 0, sizeof(*pc));
}

static void pcap_put16(const struct nfpsim_pcap_writer *w, uint8_t *p, uint16_t v)
{
	if (w->swap)
		v = __builtin_bswap16(v);
	memcpy(p, &v, sizeof(v));
}

static void pcap_put32(const struct nfpsim_pcap_writer *w, uint8_t *p, uint32_t v)
{
	if (w->swap)
		v = __builtin_bswap32(v);
	memcpy(p, &v, sizeof(v));
}

int nfpsim_pcap_writer_init(struct nfpsim_pcap_writer *w, FILE *f, uint32_t linktype,
			    bool swap, bool nsec)
{
	uint8_t hdr[PCAP_FILE_HDR_LEN] = {};

	w->f = f;
	w->swap = swap;
	w->nsec = nsec;
	pcap_put32(w, hdr, nsec ? PCAP_MAGIC_NSEC : PCAP_MAGIC_USEC);
	pcap_put16(w, hdr + 4, 2);	/* version 2.4 */
	pcap_put16(w, hdr + 6, 4);
	pcap_put32(w, hdr + 16, NFPSIM_PCAP_SNAPLEN);
	pcap_put32(w, hdr + 20, linktype);
	return fwrite(hdr, sizeof(hdr), 1, f) == 1 ? 0 : -EIO;
}

int nfpsim_pcap_write(struct nfpsim_pcap_writer *w, uint64_t ts_ns, const void *data,
		      uint32_t caplen, uint32_t origlen)
{
	uint32_t sub = ts_ns % 1000000000ULL;
	uint8_t hdr[PCAP_REC_HDR_LEN];

	if (caplen > origlen || caplen > NFPSIM_PCAP_SNAPLEN)
		return -EINVAL;
	pcap_put32(w, hdr, ts_ns / 1000000000ULL);
	pcap_put32(w, hdr + 4, w->nsec ? sub : sub / 1000);
	pcap_put32(w, hdr + 8, caplen);
	pcap_put32(w, hdr + 12, origlen);
	if (fwrite(hdr, sizeof(hdr), 1, w->f) != 1)
		return -EIO;
	if (caplen && fwrite(data, 1, caplen, w->f) != caplen)
		return -EIO;
	return 0;
}
