// SPDX-License-Identifier: GPL-2.0
/*
 * failnth: systematic fault injection for one write(2), the method of
 * syzkaller (Documentation/fault-injection/fault-injection.rst,
 * "/proc/thread-self/fail-nth"): fail the 1st, 2nd, 3rd ... fault point
 * (allocation) of the write until one runs clean, and after each run check
 * that the failed write left nothing behind.
 *
 *   failnth [-m MAX] [-u UNDOFILE UNDODATA] FILE DATA
 *   failnth [-m MAX] -b OP PORT     a BPF operation of failnth_bpf.c
 *
 * After every run: a write that succeeded (with or without a fault) is
 * undone by writing UNDODATA to UNDOFILE (a BPF operation by its undo:
 * close the new object, detach, restore the element); every file under the nfpsim
 * debugfs capture/ directory is read whole (a pcap file left pointing at a
 * freed port is a use-after-free, which KASAN reports); and the names under
 * /sys/bus/nfpsim/devices, /sys/kernel/debug/nfpsim (recursively) and
 * /sys/class/net must be exactly those from before the first run, and so
 * must the operation's own state (failnth_bpf.c: program and map IDs, XDP
 * and tc attachments, offload slot, device memory). Objects the kernel
 * frees after an RCU grace period (a closed program's offload state) may
 * take a moment: the comparison is repeated until it matches, for up to
 * SETTLE_TRIES rounds, so only a state that never comes back fails.
 *
 * The loop runs here, not in a shell, because under KASAN and TCG every
 * exec costs seconds. Output, one line: "faults=N errors=ENOMEM:3,OK:1"
 * (OK: the write recovered from the fault) then "ok" or "FAIL <reason>";
 * progress and what was left behind go to stderr. Exit 0 when every run
 * was clean, 1 on a finding, 2 when the experiment could not run.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <stdarg.h>
#include <unistd.h>

#include "failnth.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define SETTLE_TRIES	1500	/* x 20 ms */
#define CAPTURE_DIR	"/sys/kernel/debug/nfpsim/capture"

static const char * const roots[] = {
	"/sys/bus/nfpsim/devices", "/sys/kernel/debug/nfpsim", "/sys/class/net",
};

struct names {
	char **v;
	size_t n, cap;
};

static struct names *walk_into;
static const struct failnth_op *op;

static void add(struct names *s, char *name)
{
	if (s->n == s->cap) {
		s->cap = s->cap ? 2 * s->cap : 256;
		s->v = realloc(s->v, s->cap * sizeof(*s->v));
		if (!s->v)
			exit(2);
	}
	s->v[s->n++] = name;
}

static int add_name(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	add(walk_into, strdup(path));
	return 0;
}

void failnth_state(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		exit(2);
	va_end(ap);
	add(walk_into, s);
}

void failnth_die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	exit(2);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char * const *)a, *(char * const *)b);
}

/*
 * Every name under the roots (symlinks are not followed) and the
 * operation's own state, sorted.
 */
static void snapshot(struct names *s)
{
	size_t i;

	s->n = 0;
	walk_into = s;
	for (i = 0; i < ARRAY_SIZE(roots); i++)
		nftw(roots[i], add_name, 16, FTW_PHYS);
	if (op->state)
		op->state();
	qsort(s->v, s->n, sizeof(*s->v), cmp_str);
}

static void free_names(struct names *s)
{
	while (s->n)
		free(s->v[--s->n]);
}

/* Up to 10 names in one list and not the other, printed if show; 1 if any. */
static int diff_names(const struct names *a, const struct names *b, bool show)
{
	size_t i = 0, j = 0;
	int shown = 0;

	while (i < a->n || j < b->n) {
		int c = i == a->n ? 1 : j == b->n ? -1 : strcmp(a->v[i], b->v[j]);

		if (!c) {
			i++, j++;
			continue;
		}
		if (show && shown < 10)
			fprintf(stderr, "#   %s %s\n", c < 0 ? "gone:" : "left:",
				c < 0 ? a->v[i] : b->v[j]);
		shown++;
		if (c < 0)
			i++;
		else
			j++;
	}
	return shown != 0;
}

static void read_captures(void)
{
	static char buf[65536];
	struct dirent *de;
	DIR *d = opendir(CAPTURE_DIR);
	char path[512];

	if (!d)
		return;
	while ((de = readdir(d))) {
		int fd;

		if (de->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s", CAPTURE_DIR, de->d_name);
		fd = open(path, O_RDONLY);
		if (fd < 0)
			continue;
		while (read(fd, buf, sizeof(buf)) > 0)
			;
		close(fd);
	}
	closedir(d);
}

static int set_nth(int fd, unsigned long n)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%lu", n);

	return pwrite(fd, buf, len, 0) == len ? 0 : -1;
}

/* Write data to path; 0 or the errno. */
static int write_file(int fd, const char *data)
{
	return write(fd, data, strlen(data)) < 0 ? errno : 0;
}

/* The same state as before, after letting deferred frees run; 1 if not. */
static int state_differs(const struct names *before, struct names *after)
{
	int i;

	for (i = 0; i < SETTLE_TRIES; i++) {
		snapshot(after);
		if (!diff_names(before, after, false))
			return 0;
		free_names(after);
		usleep(20000);
	}
	snapshot(after);
	return diff_names(before, after, true);
}

static int open_or_die(const char *path)
{
	int fd = open(path, O_WRONLY);

	if (fd < 0) {
		fprintf(stderr, "failnth: %s: %s\n", path, strerror(errno));
		exit(2);
	}
	return fd;
}

/* Count each distinct errno name once, "ENOMEM:3,EINVAL:1". */
static void tally(char *out, size_t len, const int *errs, int nerr)
{
	int seen[256] = { 0 }, i, j;
	size_t o = 0;

	out[0] = 0;
	for (i = 0; i < nerr; i++) {
		int c = 0;

		if (errs[i] < 256 && seen[errs[i]]++)
			continue;
		for (j = 0; j < nerr; j++)
			c += errs[j] == errs[i];
		o += snprintf(out + o, o < len ? len - o : 0, "%s%s:%d", o ? "," : "",
			      errs[i] ? strerrorname_np(errs[i]) ?: "E?" : "OK", c);
	}
	if (!o)
		snprintf(out, len, "none");
}

/* The write operation: DATA to FILE, undone by UNDODATA to UNDOFILE. */
static const char *w_file, *w_data, *w_undo_file, *w_undo_data;
static int w_fd = -1;

static void write_prepare(void)
{
	/* Opened before arming: the countdown sees the write only. */
	w_fd = open_or_die(w_file);
}

static int write_run(void)
{
	int err = write_file(w_fd, w_data);

	close(w_fd);
	return err;
}

static int write_undo(void)
{
	int ufd, err;

	if (!w_undo_file)
		return 0;
	ufd = open_or_die(w_undo_file);
	err = write_file(ufd, w_undo_data);
	close(ufd);
	if (err)
		fprintf(stderr, "# undo: %s > %s\n", w_undo_data, w_undo_file);
	return err;
}

static const struct failnth_op write_op = {
	.prepare = write_prepare, .run = write_run, .undo = write_undo,
};

int main(int argc, char **argv)
{
	struct names before = { 0 }, after = { 0 };
	static int errs[100000];
	const char *what, *bpf_name = NULL;
	char left[32], summary[1024];
	unsigned long n, max = 3000;
	int opt, nth, nerr = 0;

	while ((opt = getopt(argc, argv, "m:u:b:")) != -1) {
		if (opt == 'm') {
			max = strtoul(optarg, NULL, 10);
		} else if (opt == 'u' && optind < argc) {
			w_undo_file = optarg;
			w_undo_data = argv[optind++];
		} else if (opt == 'b') {
			bpf_name = optarg;
		} else {
			goto usage;
		}
	}
	if (!max || max > ARRAY_SIZE(errs))
		goto usage;
	if (bpf_name) {
		op = failnth_bpf_op(bpf_name, argc - optind, argv + optind);
		if (!op) {
			fprintf(stderr, "failnth: no BPF operation %s; there are:", bpf_name);
			failnth_bpf_list(stderr);
			return 2;
		}
		what = bpf_name;
	} else {
		if (argc - optind != 2)
			goto usage;
		w_file = argv[optind];
		w_data = argv[optind + 1];
		op = &write_op;
		what = w_file;
	}
	nth = open("/proc/thread-self/fail-nth", O_RDWR);
	if (nth < 0) {
		perror("failnth: /proc/thread-self/fail-nth (CONFIG_FAULT_INJECTION?)");
		return 2;
	}
	snapshot(&before);
	for (n = 1; n <= max; n++) {
		ssize_t len;
		bool injected;
		int err;

		if (op->prepare)
			op->prepare();
		if (set_nth(nth, n)) {
			perror("failnth: arm fail-nth");
			return 2;
		}
		err = op->run();
		/* 0 once the Nth point failed; what is left of the count otherwise. */
		len = pread(nth, left, sizeof(left) - 1, 0);
		set_nth(nth, 0);
		if (len <= 0) {
			perror("failnth: read fail-nth");
			return 2;
		}
		left[len] = 0;
		injected = atoi(left) == 0;
		if (err == FAILNTH_ACK_LOST) {
			/* The ack was lost, not necessarily the operation: it
			 * was carried out if the state changed (undo it then).
			 */
			snapshot(&after);
			err = diff_names(&before, &after, false) ? 0 : ENOBUFS;
			free_names(&after);
		}
		if (err && !injected) {
			printf("faults=%d FAIL n=%lu: %s failed without a fault: %s\n", nerr, n,
			       what, strerrorname_np(err));
			return 1;
		}
		if (!err && op->undo) {
			int uerr = op->undo();

			if (uerr) {
				printf("faults=%d FAIL n=%lu: cannot undo %s: %s\n", nerr, n, what,
				       uerr > 0 ? strerrorname_np(uerr) : "ack lost");
				return 1;
			}
		}
		/* Every run answering an unusual errno, for the log (failslab's
		 * verbose=2 call trace of that n tells where it came from).
		 */
		if (err && err != ENOMEM && err != ENOBUFS)
			fprintf(stderr, "# failnth %s: n=%lu: %s\n", what, n, strerrorname_np(err));
		read_captures();
		if (state_differs(&before, &after)) {
			printf("faults=%d FAIL n=%lu (%s): state left behind (above)\n", nerr, n,
			       err ? strerrorname_np(err) : "OK");
			return 1;
		}
		free_names(&after);
		if (!injected)
			break;
		errs[nerr++] = err;	/* 0: a fault the operation recovered from */
		if (!(n % 50))
			fprintf(stderr, "# failnth %s: n=%lu\n", what, n);
	}
	if (op->fini)
		op->fini();
	tally(summary, sizeof(summary), errs, nerr);
	if (n > max) {
		printf("faults=%d errors=%s FAIL: still injecting after %lu\n", nerr, summary, max);
		return 1;
	}
	printf("faults=%d errors=%s ok\n", nerr, summary);
	return 0;

usage:
	fprintf(stderr, "usage: failnth [-m MAX] [-u UNDOFILE UNDODATA] FILE DATA\n"
			"       failnth [-m MAX] -b OP PORT\n");
	return 2;
}
