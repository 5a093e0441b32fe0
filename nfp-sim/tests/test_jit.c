// SPDX-License-Identifier: GPL-2.0
/*
 * Differential test of the simulator's native tier (native/)
 * against the interpreter (sim.c), which defines the microengine.
 *
 * Every corpus object in build/progs (NFPS_PROGS overrides; the cli_*
 * objects are CLI fixtures, not programs) is opened twice as a device:
 * one copy runs in the interpreter, the other in the native tier, each on
 * its own microengine context and its own maps. Both get the same packets
 * (random bytes; Ethernet, VLAN, IPv4 with options, IPv6, TCP, UDP, ICMP
 * with random fields; truncated and oversized frames; single-byte
 * mutations) and every tenth packet a small random cycle budget, so the
 * watchdog hand-over to the interpreter runs too. After every packet the
 * two runs must agree on everything the simulator reports: return value,
 * fault and fault word, cycles, microcode words executed, tc mark and
 * priority, the frame (head, tail, metadata); after the program, every
 * map entry.
 *
 * NFPS_TEST_PACKETS and NFPS_TEST_SEED run longer or other packet streams.
 * TAP on stdout, one test per program; exit 0 all passed, 1 any failed,
 * 4 skipped (no native tier on this host, or no corpus).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nfps.h"
#include "isa.h"
#include "device.h"
#include "jit.h"
#include "ktap.h"

#define PACKETS		400	/* per program; NFPS_TEST_PACKETS overrides */
#define MAX_FRAME	1600

static u32 nr_packets = PACKETS;
static u64 rng = 0x2545f4914f6cdd1dULL;

static u32 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng >> 11;
}

static void fill(u8 *p, u32 n)
{
	while (n--)
		*p++ = rnd();
}

static u32 put16(u8 *p, u16 v)
{
	p[0] = v >> 8;
	p[1] = v;
	return 2;
}

/* one test frame: random, or well-formed headers with random fields */
static u32 gen_frame(u8 *f)
{
	static const u8 protos[] = { 6, 17, 1, 58, 0, 47 };
	u32 n = 0, l4, kind = rnd() % 10, proto, len;
	bool v6 = rnd() & 1;

	if (kind == 0) {
		len = rnd() % 200;
		fill(f, len);
		return len;
	}
	fill(f, 12);					/* MACs */
	n = 12;
	if (rnd() % 3 == 0) {
		n += put16(f + n, rnd() & 1 ? 0x8100 : 0x88a8);
		n += put16(f + n, rnd() & 0xfff);
	}
	n += put16(f + n, kind == 1 ? rnd() : v6 ? 0x86dd : 0x0800);
	proto = protos[rnd() % sizeof(protos)];
	if (!v6) {
		u32 ihl = rnd() % 4 == 0 ? 5 + rnd() % 4 : 5;

		f[n] = 0x40 | ihl;
		fill(f + n + 1, ihl * 4 - 1);
		f[n + 6] &= rnd() & 1 ? 0xff : 0x00;	/* fragments now and then */
		f[n + 7] &= rnd() & 1 ? 0xff : 0x00;
		f[n + 9] = proto;
		n += ihl * 4;
	} else {
		fill(f + n, 40);
		f[n] = 0x60 | (f[n] & 0xf);
		f[n + 6] = proto == 1 ? 58 : proto;
		n += 40;
	}
	l4 = proto == 6 ? 20 : proto == 17 ? 8 : 8;
	fill(f + n, l4);
	if (proto == 6)
		f[n + 12] = 0x50 | (f[n + 12] & 0xf);
	n += l4;
	len = rnd() % 4 == 0 ? rnd() % (MAX_FRAME - n) : rnd() % 64;
	fill(f + n, len);
	n += len;
	if (kind == 9)				/* truncated anywhere */
		n = rnd() % (n + 1);
	if (rnd() % 8 == 0 && n)		/* one byte mutated */
		f[rnd() % n] = rnd();
	return n;
}

static bool same_run(const char *name, u32 i, const struct nfps_run *a, const struct nfps_run *b,
		     struct nfps_cpu *ca, struct nfps_cpu *cb)
{
	u32 la, lb, ma, mb;
	u8 *pa = nfps_cpu_pkt(ca, &la, &ma), *pb = nfps_cpu_pkt(cb, &lb, &mb);

	if (a->retval == b->retval && a->fault == b->fault && a->fault_pc == b->fault_pc &&
	    a->cycles == b->cycles && a->ucode_executed == b->ucode_executed &&
	    a->mark == b->mark && a->priority == b->priority && la == lb && ma == mb &&
	    !memcmp(pa - ma, pb - mb, la + ma))
		return true;
	printf("# %s packet %u: interpreter r0 %#llx fault %s@%u cycles %llu words %llu len %u meta %u\n",
	       name, i, (unsigned long long)a->retval, nfps_fault_name(a->fault), a->fault_pc,
	       (unsigned long long)a->cycles, (unsigned long long)a->ucode_executed, la, ma);
	printf("# %s packet %u: native      r0 %#llx fault %s@%u cycles %llu words %llu len %u meta %u\n",
	       name, i, (unsigned long long)b->retval, nfps_fault_name(b->fault), b->fault_pc,
	       (unsigned long long)b->cycles, (unsigned long long)b->ucode_executed, lb, mb);
	return false;
}

/* every entry of @a is in @b with the same value, and as many of them */
static bool same_map(struct nfps_map *a, struct nfps_map *b)
{
	const struct nfps_map_def *d = nfps_map_def(a);
	u8 *k = calloc(2, d->key_size + 1), *va = malloc(d->value_size + 1);
	u8 *vb = malloc(d->value_size + 1);
	u32 na = 0, nb = 0;
	bool ok = k && va && vb;
	int err;

	for (err = nfps_map_get_next_key(a, NULL, k); ok && !err;
	     err = nfps_map_get_next_key(a, k, k)) {
		na++;
		ok = !nfps_map_lookup(a, k, va) && !nfps_map_lookup(b, k, vb) &&
		     !memcmp(va, vb, d->value_size);
	}
	for (err = nfps_map_get_next_key(b, NULL, k); ok && !err;
	     err = nfps_map_get_next_key(b, k, k))
		nb++;
	free(k);
	free(va);
	free(vb);
	return ok && na == nb;
}

static void test_prog(const char *path, const char *name)
{
	static u8 frame[MAX_FRAME];
	struct nfpsim_dev di, dj;
	struct nfpsim_dev_opts o;
	struct nfps_cpu *ci, *cj;
	u32 i, faults = 0, bails = 0, m;
	bool ok = true;

	nfpsim_dev_opts_init(&o);
	o.obj = path;
	if (nfpsim_dev_open(&di, &o) || nfpsim_dev_open(&dj, &o)) {
		tap_ok(false, "%s: does not open", name);
		return;
	}
	nfps_jit_detach(di.prog);
	ci = nfps_cpu_create(NULL, NULL);
	cj = nfps_cpu_create(NULL, NULL);
	if (!dj.prog->native || !ci || !cj) {
		printf("# %s: %s\n", name, dj.prog->native ? "out of memory" : "no native code");
		ok = false;
	}
	for (i = 0; ok && i < nr_packets; i++) {
		u32 len = gen_frame(frame), budget = i % 10 == 9 ? 10 + rnd() % 600 : 0;
		struct nfps_run ri = { .ingress_ifindex = 2, .rx_queue_index = i % 4,
				       .protocol = 0x0008, .ifindex = 2, .hash = i * 2654435761U,
				       .mark = i, .priority = i >> 1 };
		struct nfps_run rj = ri;

		nfps_cpu_load_pkt(ci, frame, len);
		nfps_cpu_load_pkt(cj, frame, len);
		if (nfps_run(di.prog, ci, &ri, NULL, budget) ||
		    nfps_run(dj.prog, cj, &rj, NULL, budget)) {
			printf("# %s: nfps_run failed\n", name);
			ok = false;
			break;
		}
		ok = same_run(name, i, &ri, &rj, ci, cj);
		faults += !!ri.fault;
		bails += ri.fault == NFPS_FAULT_WATCHDOG;
	}
	for (m = 0; ok && m < di.elf.nr_maps; m++) {
		if (!di.refs[m].map)
			continue;
		ok = same_map(di.refs[m].map, dj.refs[m].map) &&
		     same_map(dj.refs[m].map, di.refs[m].map);
		if (!ok)
			printf("# %s: map %u differs\n", name, m);
	}
	tap_ok(ok, "%s: %u packets, %u faults (%u watchdog), %u maps identical",
	       name, nr_packets, faults, bails, di.elf.nr_maps);
	nfps_cpu_destroy(ci);
	nfps_cpu_destroy(cj);
	nfpsim_dev_close(&di);
	nfpsim_dev_close(&dj);
}

static int by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

int main(void)
{
	const char *dir = getenv("NFPS_PROGS") ? getenv("NFPS_PROGS") : "build/progs";
	struct dirent **ents;
	char path[512], name[256];
	int n, i, progs = 0;

	if (getenv("NFPS_TEST_PACKETS"))
		nr_packets = strtoul(getenv("NFPS_TEST_PACKETS"), NULL, 0);
	if (getenv("NFPS_TEST_SEED"))
		rng ^= strtoull(getenv("NFPS_TEST_SEED"), NULL, 0) * 0x9e3779b97f4a7c15ULL;
	if (!nfps_jit_enabled())
		tap_skip_all("no native tier (not x86-64, or NFPSIM_JIT=0)");
	n = scandir(dir, &ents, NULL, by_name);
	if (n < 0)
		tap_skip_all("no corpus in %s (build it with make -f nfp-sim/user.mk)", dir);
	for (i = 0; i < n; i++) {
		const char *f = ents[i]->d_name;
		size_t l = strlen(f);

		if (l > 6 && !strcmp(f + l - 6, ".bpf.o") && strncmp(f, "cli_", 4)) {
			snprintf(path, sizeof(path), "%s/%s", dir, f);
			snprintf(name, sizeof(name), "%.*s", (int)(l - 6), f);
			test_prog(path, name);
			progs++;
		}
		free(ents[i]);
	}
	free(ents);
	if (!progs)
		tap_skip_all("no programs in %s", dir);
	return tap_done();
}
