// SPDX-License-Identifier: GPL-2.0
/*
 * chaos_send: the traffic of selftests/chaos.py. Sends frames with
 * AF_PACKET sendmmsg() on every port it is given,
 * round robin, in batches whose flows (UDP source ports), sizes and
 * encapsulations (IPv4, IPv6, 802.1Q) vary so that every TX queue of the
 * sender and every RX queue of its peer see traffic. Frames come from
 * 02:00:00:00:00:01 (the address the chaos XDP program bounces only once).
 * Built at run time by selftests/nfpsim_chaos.sh (gcc -O2).
 *
 * Commands on stdin, one per line, each answered on stdout:
 *   ports N        then N lines "NETNS_PATH IFINDEX": the new port list
 *                  (sockets are opened in that namespace)     -> "ok N"
 *   pause          stop sending, after the batch in progress  -> "paused SENT ERRS"
 *   resume         start again                                -> "ok"
 *   stats                                                      -> "stats SENT ERRS"
 *   quit (or EOF)  exit
 * GAP_US (argv[1], default 500) is slept between rounds over all ports.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <poll.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define BATCH	16
#define MAXP	1024
#define FSZ	1600

struct port {
	int fd;
	int dead;
};

static struct port ports[MAXP];
static int nports;
static uint8_t frames[BATCH][FSZ];
static unsigned long long sent, errs, flow;
static int self_ns;

static int open_port(const char *ns, int ifindex)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_ifindex = ifindex };
	int nsfd, fd;

	nsfd = open(ns, O_RDONLY | O_CLOEXEC);
	if (nsfd < 0)
		return -1;
	if (setns(nsfd, CLONE_NEWNET)) {
		close(nsfd);
		return -1;
	}
	close(nsfd);
	/* Not PACKET_QDISC_BYPASS: that path picks the TX queue from the
	 * sending CPU (packet_pick_tx_queue() records it as the "RX queue"
	 * skb_tx_hash() then uses), so only as many TX queues as CPUs would
	 * see traffic. Through dev_queue_xmit() (noqueue: straight to the
	 * driver) the queue comes from the flow hash.
	 */
	fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (fd >= 0 && bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		close(fd);
		fd = -1;
	}
	if (setns(self_ns, CLONE_NEWNET)) {
		perror("chaos_send: setns back");
		exit(1);
	}
	return fd;
}

static void put16(uint8_t *p, unsigned int v)
{
	p[0] = v >> 8;
	p[1] = v;
}

/* Frame i of the next batch; returns its length. */
static unsigned int build(uint8_t *f, unsigned long long n)
{
	static const unsigned int sizes[] = { 60, 64, 60, 128, 60, 333, 60, 1000 };
	unsigned int len = sizes[(n >> 3) % 8], kind = n % 5, off = 14, plen;
	uint16_t sport = 1024 + (n * 7919) % 4093;

	memset(f, 0, len);
	memset(f, 0xff, 6);
	memcpy(f + 6, "\x02\x00\x00\x00\x00\x01", 6);
	if (kind == 3) {	/* 802.1Q, VLAN id from the flow */
		put16(f + 12, 0x8100);
		put16(f + 14, sport & 0xfff);
		off = 18;
	}
	if (kind == 4) {	/* IPv6/UDP */
		if (len < off + 48)
			len = off + 48;
		put16(f + off - 2, 0x86dd);
		f[off] = 0x60;
		put16(f + off + 4, len - off - 40);
		f[off + 6] = 17;
		f[off + 7] = 64;
		f[off + 8] = 0xfe;
		f[off + 9] = 0x80;
		f[off + 23] = 1;
		f[off + 24] = 0xff;
		f[off + 25] = 0x02;
		f[off + 39] = 1;
		put16(f + off + 40, sport);
		put16(f + off + 42, 9);
		put16(f + off + 44, len - off - 40);
		return len;
	}
	put16(f + off - 2, 0x0800);
	plen = len - off;
	f[off] = 0x45;
	put16(f + off + 2, plen);
	f[off + 8] = 64;
	f[off + 9] = 17;
	memcpy(f + off + 12, "\xc6\x33\x64\x02\xc6\x33\x64\x01", 8);
	put16(f + off + 20, sport);
	put16(f + off + 22, 9);
	put16(f + off + 24, plen - 20);
	return len;
}

static void send_round(void)
{
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	int p, i, n;

	for (p = 0; p < nports; p++) {
		if (ports[p].fd < 0 || ports[p].dead)
			continue;
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = frames[i];
			iov[i].iov_len = build(frames[i], flow++);
			memset(&msgs[i], 0, sizeof(msgs[i]));
			msgs[i].msg_hdr.msg_iov = &iov[i];
			msgs[i].msg_hdr.msg_iovlen = 1;
		}
		n = sendmmsg(ports[p].fd, msgs, BATCH, MSG_DONTWAIT);
		if (n > 0)
			sent += n;
		if (n < BATCH) {
			errs++;
			if (n < 0 && (errno == ENXIO || errno == ENODEV))
				ports[p].dead = 1;	/* the netdev is gone */
		}
	}
}

static void close_ports(void)
{
	int p;

	for (p = 0; p < nports; p++)
		if (ports[p].fd >= 0)
			close(ports[p].fd);
	nports = 0;
}

/* Returns 0 to go on, 1 to quit. */
static int command(FILE *in, int *paused)
{
	char line[4200], ns[4096];
	int n, i, ifindex;

	if (!fgets(line, sizeof(line), in))
		return 1;
	if (!strncmp(line, "quit", 4))
		return 1;
	if (sscanf(line, "ports %d", &n) == 1) {
		close_ports();
		for (i = 0; i < n; i++) {
			if (!fgets(line, sizeof(line), in) ||
			    sscanf(line, "%4095s %d", ns, &ifindex) != 2)
				return 1;
			if (nports < MAXP) {
				ports[nports].fd = open_port(ns, ifindex);
				ports[nports].dead = 0;
				nports++;
			}
		}
		printf("ok %d\n", nports);
	} else if (!strncmp(line, "pause", 5)) {
		*paused = 1;
		printf("paused %llu %llu\n", sent, errs);
	} else if (!strncmp(line, "resume", 6)) {
		*paused = 0;
		printf("ok\n");
	} else if (!strncmp(line, "stats", 5)) {
		printf("stats %llu %llu\n", sent, errs);
	} else {
		printf("error %s", line);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	long gap_us = argc > 1 ? atol(argv[1]) : 500;
	struct pollfd pfd = { .fd = 0, .events = POLLIN };
	int paused = 1;
	FILE *in = stdin;

	self_ns = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	if (self_ns < 0) {
		perror("chaos_send: /proc/self/ns/net");
		return 1;
	}
	setvbuf(in, NULL, _IONBF, 0);
	for (;;) {
		int r = poll(&pfd, 1, paused ? -1 : 0);

		if (r > 0 && command(in, &paused))
			break;
		if (!paused) {
			send_round();
			if (gap_us)
				usleep(gap_us);
		}
	}
	close_ports();
	return 0;
}
