/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one TAP emitter of the unit tests, modelled on the kernel's
 * tools/testing/selftests/kselftest.h (ksft_set_plan, ksft_test_result,
 * ksft_exit_skip, ksft_finished).
 *
 *	tap_plan(n);			optional, before or after the tests
 *	tap_ok(cond, "what %d", x);	one result, returns cond
 *	tap_skip("what", "why %s", s);	one result that did not apply
 *	tap_diag("detail %d", x);	a "# " comment line
 *	return tap_done();		plan if not yet printed; 0 or 1
 *
 * A plan printed up front is a promise: tap_done() fails the binary when
 * the number of results differs, so a lost or extra test shows up instead
 * of passing quietly. A binary that cannot run at all calls tap_skip_all()
 * before its first result ("1..0 # SKIP why", exit 4).
 *
 * Header-only with static state, as kselftest.h: each test binary is one
 * translation unit. Not thread-safe: report from the main thread only.
 * stdout is flushed after every line so the TAP stays in order with a
 * sanitizer report on stderr when a test dies.
 */
#ifndef NFPS_KTAP_H
#define NFPS_KTAP_H

#include "compat.h"

#define TAP_EXIT_PASS	0
#define TAP_EXIT_FAIL	1
#define TAP_EXIT_SKIP	4	/* kselftest's KSFT_SKIP */

static struct {
	unsigned int n;		/* results so far */
	unsigned int failed;
	unsigned int plan;
	bool planned;
} tap_state;

/* one whole line, flushed */
static inline void tap_vline(const char *pre, const char *fmt, va_list ap)
{
	fputs(pre, stdout);
	vprintf(fmt, ap);
	putchar('\n');
	fflush(stdout);
}

/**
 * tap_plan() - print the plan "1..@n"
 * @n: number of results the binary will report
 *
 * Call it once, before the first result (a promise tap_done() checks) or
 * after the last (plan-last TAP). A second plan is a harness bug and fails
 * the binary.
 */
static inline void tap_plan(unsigned int n)
{
	if (tap_state.planned) {
		printf("# second plan 1..%u after 1..%u\n", n, tap_state.plan);
		tap_state.failed++;
		return;
	}
	tap_state.planned = true;
	tap_state.plan = n;
	printf("1..%u\n", n);
	fflush(stdout);
}

/**
 * tap_ok() - report one result, "ok N - name" or "not ok N - name"
 * @cond: the test passed
 * @fmt: printf format of the test's name
 *
 * Return: @cond, so a caller can stop what depends on it.
 */
static inline __printf(2, 3) bool tap_ok(bool cond, const char *fmt, ...)
{
	char pre[32];
	va_list ap;

	tap_state.n++;
	tap_state.failed += !cond;
	snprintf(pre, sizeof(pre), "%sok %u - ", cond ? "" : "not ", tap_state.n);
	va_start(ap, fmt);
	tap_vline(pre, fmt, ap);
	va_end(ap);
	return cond;
}

/**
 * tap_skip() - report one result that did not apply, "ok N - name # SKIP why"
 * @name: the test's name
 * @fmt: printf format of the reason
 */
static inline __printf(2, 3) void tap_skip(const char *name, const char *fmt, ...)
{
	char pre[32];
	va_list ap;

	tap_state.n++;
	snprintf(pre, sizeof(pre), "ok %u - ", tap_state.n);
	fputs(pre, stdout);
	fputs(name, stdout);
	va_start(ap, fmt);
	tap_vline(" # SKIP ", fmt, ap);
	va_end(ap);
}

/**
 * tap_diag() - print a diagnostic line, "# text"
 * @fmt: printf format of the text, without the trailing newline
 */
static inline __printf(1, 2) void tap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	tap_vline("# ", fmt, ap);
	va_end(ap);
}

/**
 * tap_skip_all() - the whole binary cannot run here: "1..0 # SKIP why", exit 4
 * @fmt: printf format of the reason
 *
 * Only before the first result and the plan; afterwards the TAP would be
 * contradictory, so it bails out and exits 1 instead.
 */
static inline __printf(1, 2) _Noreturn void tap_skip_all(const char *fmt, ...)
{
	va_list ap;

	if (tap_state.n || tap_state.planned) {
		printf("Bail out! skip-all after %u results\n", tap_state.n);
		fflush(stdout);
		exit(TAP_EXIT_FAIL);
	}
	va_start(ap, fmt);
	tap_vline("1..0 # SKIP ", fmt, ap);
	va_end(ap);
	exit(TAP_EXIT_SKIP);
}

/**
 * tap_done() - finish the TAP stream
 *
 * Prints the plan if none was printed. A binary that reported nothing, or
 * whose up-front plan differs from its results, fails with a "#" line
 * saying why (an extra "not ok" would change the count it complains about).
 *
 * Return: TAP_EXIT_FAIL when a result failed or the plan is wrong,
 * else TAP_EXIT_PASS; main() returns it.
 */
static inline int tap_done(void)
{
	if (!tap_state.planned) {
		tap_plan(tap_state.n);
	} else if (tap_state.plan != tap_state.n) {
		printf("# plan 1..%u but %u results\n", tap_state.plan, tap_state.n);
		tap_state.failed++;
	}
	if (!tap_state.n) {
		printf("# no test ran (use tap_skip_all() to skip)\n");
		tap_state.failed++;
	}
	fflush(stdout);
	return tap_state.failed ? TAP_EXIT_FAIL : TAP_EXIT_PASS;
}

#endif /* NFPS_KTAP_H */
