/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: what `nfpsim run` prints: one line per packet and summaries
 * for people, or one JSON document for the differential test harness
 * (tests/diff/refrun.c prints the same document from the host kernel).
 */
#ifndef NFPSIM_REPORT_H
#define NFPSIM_REPORT_H

#include "device.h"
#include "env.h"

/**
 * struct nfpsim_pkt_result - one packet's run
 * @retval: r0 (averaged runs: the last one's)
 * @fault: enum nfps_fault
 * @cycles: cycles, averaged over --repeat runs
 * @len_in: input frame length
 * @len_out: output frame length (XDP: metadata included, as BPF_PROG_TEST_RUN)
 * @mark: tc: skb mark after the run
 * @priority: tc: skb priority after the run
 * @load_err: the frame did not fit the NIC's packet buffer (negative errno),
 *	      so the program did not run; reported as fault "load:<errno>",
 *	      the way refrun reports inputs BPF_PROG_TEST_RUN refuses
 * @refused: @load_err because BPF_PROG_TEST_RUN refuses the frame: fault
 *	     "test_run:<errno>", as refrun reports it
 * @out: the output frame, @len_out bytes (--json only, else NULL)
 */
struct nfpsim_pkt_result {
	u64 retval;
	u32 fault;
	u64 cycles;
	u32 len_in;
	u32 len_out;
	u32 mark;
	u32 priority;
	int load_err;
	bool refused;
	u8 *out;
};

/**
 * struct nfpsim_report - everything a run produced
 * @dev: the device (program, maps after the run)
 * @env: recorded perf events
 * @pkts: per packet results
 * @nr: their number
 * @profile: per microcode word execution counts, or NULL
 * @dense: every array element in the map dumps, all-zero ones too (by
 *	   default they are left out and counted, as a sparse dump)
 */
struct nfpsim_report {
	struct nfpsim_dev *dev;
	const struct nfpsim_env *env;
	const struct nfpsim_pkt_result *pkts;
	u32 nr;
	const u64 *profile;
	bool dense;
};

/* XDP_* / TC_ACT_* name of a return value, or NULL when it has none. */
const char *nfpsim_verdict_name(enum nfps_prog_type type, u64 retval);

int nfpsim_report_text(FILE *f, const struct nfpsim_report *r);
/* 0, or 1 after printing an error. */
int nfpsim_report_json(FILE *f, const struct nfpsim_report *r);

#endif /* NFPSIM_REPORT_H */
