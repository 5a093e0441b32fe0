/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: classic libpcap capture files, without libpcap. Reading takes
 * either byte order and the microsecond or nanosecond magic; writing emits
 * the classic microsecond format that every tool reads.
 */
#ifndef NFPSIM_PCAP_H
#define NFPSIM_PCAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define NFPSIM_PCAP_LINKTYPE_ETHERNET	1
#define NFPSIM_PCAP_SNAPLEN		262144	/* libpcap's MAXIMUM_SNAPLEN */

/**
 * struct nfpsim_pcap_pkt - one record
 * @ts_ns: timestamp, nanoseconds since the epoch
 * @caplen: bytes captured (length of @data)
 * @origlen: length on the wire
 * @data: points into the owning struct nfpsim_pcap's file buffer
 */
struct nfpsim_pcap_pkt {
	uint64_t ts_ns;
	uint32_t caplen;
	uint32_t origlen;
	const uint8_t *data;
};

/**
 * struct nfpsim_pcap - a whole capture file in memory
 * @linktype: LINKTYPE_* of the file header
 * @snaplen: snapshot length of the file header
 * @swapped: written on a host of the other byte order
 * @nsec: nanosecond timestamps
 * @pkts: records in file order
 * @nr: number of records
 * @buf: the file's bytes (owned)
 */
struct nfpsim_pcap {
	uint32_t linktype;
	uint32_t snaplen;
	bool swapped;
	bool nsec;
	struct nfpsim_pcap_pkt *pkts;
	uint32_t nr;
	uint8_t *buf;
};

/*
 * Parse a capture held in @buf (ownership passes to @pc, even on error).
 * Return: 0, or -EINVAL with a reason naming the record and file offset
 * in @err for garbage or truncated input; -ENOMEM.
 */
int nfpsim_pcap_parse(struct nfpsim_pcap *pc, uint8_t *buf, size_t len,
		      char *err, size_t errlen);
/* The same for a file; @err does not repeat @path. */
int nfpsim_pcap_read(const char *path, struct nfpsim_pcap *pc, char *err, size_t errlen);
void nfpsim_pcap_free(struct nfpsim_pcap *pc);

/**
 * struct nfpsim_pcap_writer - output stream
 * @f: caller-owned stream
 * @swap: write the other byte order (for tests of the reader)
 * @nsec: nanosecond magic and timestamps
 */
struct nfpsim_pcap_writer {
	FILE *f;
	bool swap;
	bool nsec;
};

/* Write the file header. 0 or -EIO. */
int nfpsim_pcap_writer_init(struct nfpsim_pcap_writer *w, FILE *f, uint32_t linktype,
			    bool swap, bool nsec);
/* Append one record. 0, -EINVAL (caplen > origlen or > snaplen) or -EIO. */
int nfpsim_pcap_write(struct nfpsim_pcap_writer *w, uint64_t ts_ns, const void *data,
		      uint32_t caplen, uint32_t origlen);

#endif /* NFPSIM_PCAP_H */
