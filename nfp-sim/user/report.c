// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: what `nfpsim run` prints (see report.h). */
#include <inttypes.h>

#include "cli.h"
#include "hex.h"
#include "json.h"
#include "mapdump.h"
#include "report.h"

static const char *const xdp_verdicts[] = {
	"ABORTED", "DROP", "PASS", "TX", "REDIRECT",
};

/* TC_ACT_UNSPEC (-1) is slot 0 */
static const char *const tc_verdicts[] = {
	"UNSPEC", "OK", "RECLASSIFY", "SHOT", "PIPE", "STOLEN", "QUEUED", "REPEAT",
	"REDIRECT", "TRAP",
};

const char *nfpsim_verdict_name(enum nfps_prog_type type, u64 retval)
{
	u32 v = retval;		/* the kernel takes 32 bits of r0 */

	if (type == NFPS_PROG_XDP && v < ARRAY_SIZE(xdp_verdicts))
		return xdp_verdicts[v];
	if (type == NFPS_PROG_TC && (u32)(v + 1) < ARRAY_SIZE(tc_verdicts))
		return tc_verdicts[v + 1];
	return NULL;
}

/* nfps_fault_name(), or "load:<errno>" for a packet that never ran */
static const char *fault_name(const struct nfpsim_pkt_result *p, char *buf, size_t len)
{
	if (!p->load_err)
		return nfps_fault_name(p->fault);
	snprintf(buf, len, "%s:%d", p->refused ? "test_run" : "load", p->load_err);
	return buf;
}

/* ---- text ---------------------------------------------------------------- */

static void text_verdict(FILE *f, enum nfps_prog_type type, u64 retval, int width)
{
	const char *name = nfpsim_verdict_name(type, retval);
	char buf[32];

	if (!name) {
		snprintf(buf, sizeof(buf), "0x%" PRIx64, type == NFPS_PROG_RAW ? retval :
			 (u64)(u32)retval);
		name = buf;
	}
	fprintf(f, "%-*s", width, name);
}

static void text_packets(FILE *f, const struct nfpsim_report *r)
{
	const struct nfpsim_pkt_result *p;
	char buf[32];
	u32 i;

	fprintf(f, "%6s  %-10s %13s %9s  %s\n", "pkt", "verdict", "len in->out", "cycles",
		"fault");
	for (i = 0; i < r->nr; i++) {
		p = &r->pkts[i];
		fprintf(f, "%6u  ", i);
		if (p->load_err)
			fprintf(f, "%-10s", "-");
		else
			text_verdict(f, r->dev->type, p->retval, 10);
		fprintf(f, " %6u->%-6u %9" PRIu64 "  %s\n", p->len_in, p->len_out, p->cycles,
			fault_name(p, buf, sizeof(buf)));
	}
}

/* Count packets per verdict; verdicts are few, a linear scan will do. */
static void text_counters(FILE *f, const struct nfpsim_report *r)
{
	u64 vals[32], counts[32] = {}, faults = 0;
	u32 nv = 0, i, j;

	for (i = 0; i < r->nr; i++) {
		faults += r->pkts[i].fault != NFPS_FAULT_NONE || r->pkts[i].load_err;
		if (r->pkts[i].load_err)
			continue;
		for (j = 0; j < nv && vals[j] != r->pkts[i].retval; j++)
			;
		if (j == nv && nv == ARRAY_SIZE(vals))
			continue;
		vals[j] = r->pkts[i].retval;
		nv += j == nv;
		counts[j]++;
	}
	fprintf(f, "\nverdicts:");
	for (j = 0; j < nv; j++) {
		fputc(' ', f);
		text_verdict(f, r->dev->type, vals[j], 0);
		fprintf(f, "=%" PRIu64, counts[j]);
	}
	fprintf(f, "\nfaults: %" PRIu64 "\n", faults);
}

static void text_cycles(FILE *f, const struct nfpsim_report *r)
{
	u64 min = UINT64_MAX, max = 0, sum = 0;
	u32 i, n = 0;
	double avg;

	for (i = 0; i < r->nr; i++) {
		if (r->pkts[i].load_err)
			continue;
		n++;
		min = min(min, r->pkts[i].cycles);
		max = max(max, r->pkts[i].cycles);
		sum += r->pkts[i].cycles;
	}
	if (!n)
		return;
	avg = (double)sum / n;
	fprintf(f, "cycles: min %" PRIu64 " avg %.1f max %" PRIu64 "\n", min, avg, max);
	/* MHz / cycles per packet = Mpps per engine */
	if (avg > 0)
		fprintf(f, "estimate: %.2f Mpps on %d microengines at %d MHz\n",
			NFPS_NR_ME * (double)NFPS_CLOCK_MHZ / avg, NFPS_NR_ME, NFPS_CLOCK_MHZ);
}

/* An array element left out of a sparse dump: all of its value bytes zero. */
static bool map_elem_hidden(const struct nfps_map_def *d, const u8 *val, bool dense)
{
	u32 i;

	if (dense || d->type != BPF_MAP_TYPE_ARRAY)
		return false;
	for (i = 0; i < d->value_size; i++)
		if (val[i])
			return false;
	return true;
}

static void text_map(FILE *f, const struct nfps_map_ref *ref, const char *name, bool dense)
{
	const struct nfps_map_def *d = &ref->def;
	u8 *keys, *val = malloc(d->value_size);
	char *hex = malloc(2 * max(d->key_size, d->value_size) + 1);
	u32 n, i, hidden = 0;

	if (!val || !hex || nfpsim_map_keys(ref->map, d, &keys, &n)) {
		fprintf(f, "map %s: out of memory\n", name);
		goto out;
	}
	fprintf(f, "map %s (%s, key %u, value %u, max %u):\n", name,
		d->type == BPF_MAP_TYPE_ARRAY ? "array" : "hash", d->key_size, d->value_size,
		d->max_entries);
	for (i = 0; i < n; i++) {
		if (nfps_map_lookup(ref->map, keys + (size_t)i * d->key_size, val))
			continue;
		if (map_elem_hidden(d, val, dense)) {
			hidden++;
			continue;
		}
		nfpsim_hex_encode(keys + (size_t)i * d->key_size, d->key_size, hex);
		fprintf(f, "  %s: ", hex);
		nfpsim_hex_encode(val, d->value_size, hex);
		fprintf(f, "%s\n", hex);
	}
	if (hidden)
		fprintf(f, "  (%u all-zero element%s not shown; --dense shows them)\n", hidden,
			hidden == 1 ? "" : "s");
	free(keys);
out:
	free(val);
	free(hex);
}

static void text_events(FILE *f, const struct nfpsim_env *env)
{
	char *hex;
	u32 i;

	for (i = 0; i < env->nr_events; i++) {
		hex = malloc(2 * env->events[i].len + 1);
		if (!hex)
			return;
		nfpsim_hex_encode(env->events[i].data, env->events[i].len, hex);
		fprintf(f, "event pkt %u map %s: %s\n", env->events[i].pkt, env->events[i].map,
			hex);
		free(hex);
	}
}

int nfpsim_report_text(FILE *f, const struct nfpsim_report *r)
{
	struct nfpsim_dev *dev = r->dev;
	u32 i;

	if (r->profile) {
		nfps_prog_disasm(dev->prog, r->profile, cli_print_file, f);
		fputc('\n', f);
	}
	text_packets(f, r);
	text_counters(f, r);
	text_cycles(f, r);
	fputc('\n', f);
	for (i = 0; i < dev->elf.nr_maps; i++)
		if (dev->refs[i].map)
			text_map(f, &dev->refs[i], dev->elf.maps[i].name, r->dense);
	text_events(f, r->env);
	return 0;
}

/* ---- JSON --------------------------------------------------------------- */

static void json_packets(struct nfpsim_json *j, const struct nfpsim_report *r)
{
	const struct nfpsim_pkt_result *p;
	char buf[32];
	u32 i;

	nfpsim_json_arr_begin(j, "packets");
	for (i = 0; i < r->nr; i++) {
		p = &r->pkts[i];
		nfpsim_json_obj_begin(j, NULL);
		nfpsim_json_u64(j, "i", i);
		/* BPF_PROG_TEST_RUN reports 32 bits of r0: tc's TC_ACT_* are signed */
		if (r->dev->type == NFPS_PROG_TC)
			nfpsim_json_s64(j, "retval", (s32)p->retval);
		else
			nfpsim_json_u64(j, "retval", r->dev->type == NFPS_PROG_RAW ? p->retval :
					(u32)p->retval);
		nfpsim_json_str(j, "fault", fault_name(p, buf, sizeof(buf)));
		nfpsim_json_u64(j, "cycles", p->cycles);
		nfpsim_json_u64(j, "len_in", p->len_in);
		nfpsim_json_u64(j, "len_out", p->len_out);
		nfpsim_json_hex(j, "data_out", p->out, p->out ? p->len_out : 0);
		if (r->dev->type == NFPS_PROG_TC) {
			nfpsim_json_u64(j, "mark", p->mark);
			nfpsim_json_u64(j, "priority", p->priority);
		}
		nfpsim_json_obj_end(j);
	}
	nfpsim_json_arr_end(j);
}

static int json_map(struct nfpsim_json *j, const struct nfps_map_ref *ref, const char *name,
		    bool dense)
{
	const struct nfps_map_def *d = &ref->def;
	u8 *keys, *val = malloc(d->value_size ?: 1);
	u32 n, i, hidden = 0;

	if (!val || nfpsim_map_keys(ref->map, d, &keys, &n)) {
		free(val);
		return cli_err("map %s: out of memory", name);
	}
	nfpsim_json_obj_begin(j, name);
	nfpsim_json_str(j, "type", d->type == BPF_MAP_TYPE_ARRAY ? "array" : "hash");
	nfpsim_json_u64(j, "key_size", d->key_size);
	nfpsim_json_u64(j, "value_size", d->value_size);
	nfpsim_json_u64(j, "max_entries", d->max_entries);
	nfpsim_json_arr_begin(j, "entries");
	for (i = 0; i < n; i++) {
		if (nfps_map_lookup(ref->map, keys + (size_t)i * d->key_size, val))
			continue;
		if (map_elem_hidden(d, val, dense)) {
			hidden++;
			continue;
		}
		nfpsim_json_obj_begin(j, NULL);
		nfpsim_json_hex(j, "key", keys + (size_t)i * d->key_size, d->key_size);
		nfpsim_json_hex(j, "value", val, d->value_size);
		nfpsim_json_obj_end(j);
	}
	nfpsim_json_arr_end(j);
	/* array elements left out because all zero: entries + zeros = max_entries */
	if (d->type == BPF_MAP_TYPE_ARRAY)
		nfpsim_json_u64(j, "zeros", hidden);
	nfpsim_json_obj_end(j);
	free(keys);
	free(val);
	return 0;
}

/*
 * Engine maps, minus the ones named with a leading '.' (libbpf's custom
 * .data.X/.rodata.X sections): the rule refrun applies on the kernel side.
 */
static int json_maps(struct nfpsim_json *j, const struct nfpsim_dev *dev, bool dense)
{
	int ret = 0;
	u32 i;

	nfpsim_json_obj_begin(j, "maps");
	for (i = 0; !ret && i < dev->elf.nr_maps; i++)
		if (dev->refs[i].map && dev->elf.maps[i].name[0] != '.')
			ret = json_map(j, &dev->refs[i], dev->elf.maps[i].name, dense);
	nfpsim_json_obj_end(j);
	return ret;
}

static void json_events(struct nfpsim_json *j, const struct nfpsim_env *env)
{
	u32 i;

	nfpsim_json_arr_begin(j, "events");
	for (i = 0; i < env->nr_events; i++) {
		nfpsim_json_obj_begin(j, NULL);
		nfpsim_json_str(j, "map", env->events[i].map);
		nfpsim_json_hex(j, "data", env->events[i].data, env->events[i].len);
		nfpsim_json_obj_end(j);
	}
	nfpsim_json_arr_end(j);
}

int nfpsim_report_json(FILE *f, const struct nfpsim_report *r)
{
	struct nfpsim_json j;
	int ret;

	nfpsim_json_init(&j, f);
	nfpsim_json_obj_begin(&j, NULL);
	nfpsim_json_str(&j, "program", r->dev->elf.name);
	nfpsim_json_str(&j, "section", r->dev->elf.sec);
	nfpsim_json_str(&j, "type", cli_type_name(r->dev->type));
	json_packets(&j, r);
	ret = json_maps(&j, r->dev, r->dense);
	json_events(&j, r->env);
	nfpsim_json_obj_end(&j);
	if (nfpsim_json_finish(&j) && !ret)
		ret = cli_err("JSON output: %s", ferror(f) ? "write error" : "internal error");
	return ret;
}
