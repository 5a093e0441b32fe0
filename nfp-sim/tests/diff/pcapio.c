// SPDX-License-Identifier: GPL-2.0
/* Classic pcap I/O for the differential tools, see pcapio.h. */
#include <string.h>

#include "pcapio.h"

struct pcap_filehdr {
	uint32_t magic;
	uint16_t major, minor;
	int32_t thiszone;
	uint32_t sigfigs, snaplen, linktype;
};

struct pcap_rechdr {
	uint32_t sec, usec, caplen, len;
};

/* All fields are little endian on disk; the tools only run on LE hosts. */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "little-endian host expected");

int pcap_open_read(struct pcap_reader *rd, const char *path)
{
	struct pcap_filehdr h;

	rd->f = fopen(path, "rb");
	if (!rd->f)
		return -1;
	if (fread(&h, sizeof(h), 1, rd->f) != 1 ||
	    (h.magic != PCAP_MAGIC_US && h.magic != PCAP_MAGIC_NS) ||
	    h.linktype != LINKTYPE_ETHERNET) {
		fclose(rd->f);
		rd->f = NULL;
		return -1;
	}
	return 0;
}

int pcap_read(struct pcap_reader *rd, uint8_t *buf, uint32_t cap, uint32_t *len)
{
	struct pcap_rechdr r;
	size_t n = fread(&r, 1, sizeof(r), rd->f);

	if (n == 0 && feof(rd->f))
		return 0;
	if (n != sizeof(r) || r.caplen > cap || r.caplen > PCAP_SNAPLEN)
		return -1;
	if (r.caplen && fread(buf, r.caplen, 1, rd->f) != 1)
		return -1;
	*len = r.caplen;
	return 1;
}

void pcap_close_read(struct pcap_reader *rd)
{
	if (rd->f)
		fclose(rd->f);
	rd->f = NULL;
}

int pcap_open_write(struct pcap_writer *wr, const char *path)
{
	struct pcap_filehdr h = {
		.magic = PCAP_MAGIC_US, .major = 2, .minor = 4,
		.snaplen = PCAP_SNAPLEN, .linktype = LINKTYPE_ETHERNET,
	};

	wr->seq = 0;
	wr->f = fopen(path, "wb");
	if (!wr->f)
		return -1;
	return fwrite(&h, sizeof(h), 1, wr->f) == 1 ? 0 : -1;
}

int pcap_write(struct pcap_writer *wr, const uint8_t *buf, uint32_t len)
{
	struct pcap_rechdr r = { .sec = wr->seq++, .caplen = len, .len = len };

	if (fwrite(&r, sizeof(r), 1, wr->f) != 1)
		return -1;
	return len && fwrite(buf, len, 1, wr->f) != 1 ? -1 : 0;
}

int pcap_close_write(struct pcap_writer *wr)
{
	int err = fclose(wr->f);

	wr->f = NULL;
	return err ? -1 : 0;
}
