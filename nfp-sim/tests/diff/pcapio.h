/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal classic pcap reader/writer for the differential tools:
 * little-endian files, microsecond timestamps, LINKTYPE_ETHERNET. Kept
 * apart from the CLI's nfp-sim/user/pcap.c on purpose, so the reference
 * side shares no code with the side under test.
 */
#ifndef DIFF_PCAPIO_H
#define DIFF_PCAPIO_H

#include <stdint.h>
#include <stdio.h>

#define PCAP_MAGIC_US	0xa1b2c3d4u
#define PCAP_MAGIC_NS	0xa1b23c4du
#define PCAP_SNAPLEN	65535u
#define LINKTYPE_ETHERNET 1u

struct pcap_reader {
	FILE *f;
};

struct pcap_writer {
	FILE *f;
	uint32_t seq;	/* record number, used as timestamp for reproducible files */
};

int pcap_open_read(struct pcap_reader *rd, const char *path);
/* 1 and *len set: a record; 0: end of file; -1: corrupt or larger than @cap */
int pcap_read(struct pcap_reader *rd, uint8_t *buf, uint32_t cap, uint32_t *len);
void pcap_close_read(struct pcap_reader *rd);

int pcap_open_write(struct pcap_writer *wr, const char *path);
int pcap_write(struct pcap_writer *wr, const uint8_t *buf, uint32_t len);
int pcap_close_write(struct pcap_writer *wr);

#endif /* DIFF_PCAPIO_H */
