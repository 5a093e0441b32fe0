// SPDX-License-Identifier: GPL-2.0
/*
 * dp_send: blast IPv4/UDP frames on an interface with AF_PACKET sendmmsg()
 * (PACKET_QDISC_BYPASS, batches of 64) for a number of seconds; the UDP
 * source port cycles over FLOWS values. Prints "sent N pps P" at the end
 * or on SIGINT/SIGTERM.
 * Built at run time by selftests/bench_datapath.sh (gcc -O2).
 *
 *   dp_send IFNAME SECONDS [SIZE [FLOWS]]
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BATCH 64

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static uint8_t frames[BATCH][2048];
	struct mmsghdr msgs[BATCH];
	struct iovec iov[BATCH];
	struct sockaddr_ll sll = { 0 };
	unsigned long long sent = 0, flow = 0;
	int fd, one = 1, size, flows, i;
	double secs, t0, t;

	if (argc < 3) {
		fprintf(stderr, "usage: dp_send IFNAME SECONDS [SIZE [FLOWS]]\n");
		return 2;
	}
	secs = atof(argv[2]);
	size = argc > 3 ? atoi(argv[3]) : 60;
	flows = argc > 4 ? atoi(argv[4]) : 256;
	if (size < 42 || size > 2048 || flows < 1) {
		fprintf(stderr, "dp_send: SIZE 42..2048, FLOWS >= 1\n");
		return 2;
	}
	fd = socket(AF_PACKET, SOCK_RAW, 0);
	if (fd < 0 || setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one))) {
		perror("dp_send: socket");
		return 1;
	}
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = if_nametoindex(argv[1]);
	if (!sll.sll_ifindex || bind(fd, (struct sockaddr *)&sll, sizeof(sll))) {
		perror("dp_send: bind");
		return 1;
	}
	for (i = 0; i < BATCH; i++) {
		uint8_t *f = frames[i];
		uint16_t plen = size - 14 - 20;

		memset(f, 0xff, 6);
		memcpy(f + 6, "\x02\x00\x00\x00\x00\x01\x08\x00", 8);
		memcpy(f + 14, "\x45\x00", 2);
		f[16] = (size - 14) >> 8;
		f[17] = (size - 14) & 0xff;
		f[22] = 64;
		f[23] = 17;
		memcpy(f + 26, "\xc6\x33\x64\x02\xc6\x33\x64\x01", 8);
		f[36] = 0;
		f[37] = 9;
		f[38] = plen >> 8;
		f[39] = plen & 0xff;
		iov[i].iov_base = f;
		iov[i].iov_len = size;
		memset(&msgs[i], 0, sizeof(msgs[i]));
		msgs[i].msg_hdr.msg_iov = &iov[i];
		msgs[i].msg_hdr.msg_iovlen = 1;
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	t0 = now();
	do {
		int n;

		for (i = 0; i < BATCH; i++) {
			uint16_t sport = 1024 + flow++ % flows;

			frames[i][34] = sport >> 8;
			frames[i][35] = sport & 0xff;
		}
		n = sendmmsg(fd, msgs, BATCH, 0);
		if (n > 0)
			sent += n;
		t = now();
	} while (t - t0 < secs && !stop);
	printf("sent %llu pps %.0f\n", sent, sent / (t - t0));
	return 0;
}
