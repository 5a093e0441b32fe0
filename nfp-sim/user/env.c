// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: the world outside the simulated NIC (see env.h). */
#include <time.h>

#include "elfobj.h"
#include "env.h"

static u64 env_ktime_ns(void *priv)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/* xorshift64: reproducible across runs with --seed, unlike the kernel's. */
static u32 env_prandom_u32(void *priv)
{
	struct nfpsim_env *env = priv;
	u64 x = env->rng;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	env->rng = x;
	return x >> 32;
}

static u32 env_cpu_id(void *priv)
{
	struct nfpsim_env *env = priv;

	return env->cpu;
}

static struct nfpsim_event *env_new_event(struct nfpsim_env *env)
{
	struct nfpsim_event *n;

	if (env->nr_events == env->cap) {
		n = reallocarray(env->events, env->cap ? env->cap * 2 : 64, sizeof(*n));
		if (!n)
			return NULL;
		env->events = n;
		env->cap = env->cap ? env->cap * 2 : 64;
	}
	return &env->events[env->nr_events];
}

static int env_perf_output(void *priv, const struct nfps_map_ref *map, u64 flags,
			   const void *data, u32 size, const void *pkt, u32 pkt_len)
{
	u32 ctx_len = (flags & BPF_F_CTXLEN_MASK) >> 32;
	const struct nfpsim_elf_map *em = map->host;
	struct nfpsim_env *env = priv;
	struct nfpsim_event *ev;

	/* bpf_perf_event_output() refuses to append more than the packet has */
	if (ctx_len > pkt_len)
		return -EFAULT;
	ev = env_new_event(env);
	if (ev)
		ev->data = malloc(size + ctx_len + 1);
	if (!ev || !ev->data) {
		env->err = true;
		return -ENOMEM;
	}
	memcpy(ev->data, data, size);
	memcpy(ev->data + size, pkt, ctx_len);
	ev->len = size + ctx_len;
	ev->map = em ? em->name : "?";
	ev->pkt = env->pkt;
	env->nr_events++;
	return 0;
}

const struct nfps_env_ops nfpsim_env_ops = {
	.ktime_ns = env_ktime_ns,
	.prandom_u32 = env_prandom_u32,
	.cpu_id = env_cpu_id,
	.perf_output = env_perf_output,
};

void nfpsim_env_init(struct nfpsim_env *env, u64 seed)
{
	memset(env, 0, sizeof(*env));
	env->rng = seed ?: 0x9e3779b97f4a7c15ULL;
}

void nfpsim_env_free(struct nfpsim_env *env)
{
	u32 i;

	for (i = 0; i < env->nr_events; i++)
		free(env->events[i].data);
	free(env->events);
	memset(env, 0, sizeof(*env));
}
