/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfpsim CLI: the world outside the simulated NIC (struct nfps_env_ops):
 * clock, random numbers, CPU id, and the host's perf event buffer, which
 * the CLI records so `run` can print the events.
 */
#ifndef NFPSIM_ENV_H
#define NFPSIM_ENV_H

#include "nfps.h"

/**
 * struct nfpsim_event - one bpf_perf_event_output() record
 * @map: name of the PERF_EVENT_ARRAY
 * @pkt: index of the packet whose run emitted it
 * @data: the sample, with the requested packet bytes appended
 * @len: bytes in @data
 */
struct nfpsim_event {
	const char *map;
	u32 pkt;
	u8 *data;
	u32 len;
};

/**
 * struct nfpsim_env - state behind nfpsim_env_ops
 * @rng: xorshift64 state (never 0)
 * @cpu: what bpf_get_smp_processor_id() returns
 * @pkt: index of the packet being run, stamped on events
 * @events: recorded events
 * @nr_events: their number
 * @cap: room in @events
 * @err: an event could not be recorded (out of memory)
 */
struct nfpsim_env {
	u64 rng;
	u32 cpu;
	u32 pkt;
	struct nfpsim_event *events;
	u32 nr_events;
	u32 cap;
	bool err;
};

extern const struct nfps_env_ops nfpsim_env_ops;

void nfpsim_env_init(struct nfpsim_env *env, u64 seed);
void nfpsim_env_free(struct nfpsim_env *env);

#endif /* NFPSIM_ENV_H */
