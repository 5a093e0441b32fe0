/* SPDX-License-Identifier: GPL-2.0 */
/*
 * failnth: one operation under systematic fault injection. failnth.c runs
 * the loop and compares the state before and after each run; an operation
 * supplies the armed call, how to undo a success, and the state of its own
 * objects beyond the file trees every run compares.
 */
#ifndef FAILNTH_H
#define FAILNTH_H

#include <stdbool.h>
#include <stdio.h>

/*
 * Returned by run() when the operation was carried out but its netlink
 * acknowledgement could not be allocated (the fault hit the ack): the
 * caller undoes it as a success.
 */
#define FAILNTH_ACK_LOST	(-1)

struct failnth_op {
	/* before arming, every run (e.g. open the file to write) */
	void (*prepare)(void);
	/* the armed call: 0, a positive errno, or FAILNTH_ACK_LOST */
	int (*run)(void);
	/* revert a success: 0 or a positive errno */
	int (*undo)(void);
	/* add the operation's own state with failnth_state() */
	void (*state)(void);
	/* after the last run: detach what the setup attached */
	void (*fini)(void);
};

/* Add one line of state to the snapshot being taken. */
void failnth_state(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print to stderr and exit 2: the experiment could not be set up. */
void failnth_die(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/* The BPF operation NAME on the ports ARGV (failnth_bpf.c); NULL: unknown. */
const struct failnth_op *failnth_bpf_op(const char *name, int argc, char **argv);

/* Print the names of the BPF operations, for the usage message. */
void failnth_bpf_list(FILE *f);

#endif
