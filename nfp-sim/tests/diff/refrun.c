// SPDX-License-Identifier: GPL-2.0
/*
 * refrun: the reference side of the differential tests. Loads a BPF object
 * into the host kernel, runs its program once per packet of a pcap file
 * through BPF_PROG_TEST_RUN, writes every output frame to a pcap (one record
 * per input packet, whatever the verdict) and prints the same JSON document
 * as `nfpsim run --json`, so scripts/difftest can compare the two.
 *
 * Usage: refrun OBJ --pcap IN [--out OUT] [--sec SEC] [--map NAME:KEYHEX:VALHEX]...
 *
 * Maps persist across packets (one load, packets in file order). Only ARRAY
 * and HASH maps declared in SEC(".maps") are dumped: libbpf's internal
 * .bss/.data/.rodata maps (named "<obj>.bss" etc. by libbpf) are skipped, and
 * the comparison ignores any map whose name holds a '.' on both sides.
 * For tc programs each packet also reports the skb mark and priority the
 * program left in struct __sk_buff ("mark", "priority"; input both 0).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "pcapio.h"

#define OUT_MAX		65536	/* data_out buffer: larger than any frame we feed */
#define MAX_PRELOAD	64

struct preload {
	const char *name;
	uint8_t *key;
	uint8_t *val;
	size_t klen, vlen;
};

struct opts {
	const char *obj;
	const char *pcap_in;
	const char *pcap_out;
	const char *sec;
	struct preload maps[MAX_PRELOAD];
	int nr_maps;
};

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "refrun: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: refrun OBJ --pcap IN [--out OUT] [--sec SEC] [--map NAME:KEYHEX:VALHEX]...\n"
		"Runs the program of OBJ on every packet of IN with BPF_PROG_TEST_RUN\n"
		"(host kernel, root) and prints the nfpsim run --json document.\n");
	exit(2);
}

static int libbpf_quiet(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Parse an even-length hex string into a fresh buffer. */
static uint8_t *parse_hex(const char *s, size_t n, size_t *len)
{
	uint8_t *buf;
	size_t i;

	if (n % 2)
		return NULL;
	buf = calloc(1, n / 2 + 1);
	if (!buf)
		return NULL;
	for (i = 0; i < n / 2; i++) {
		int hi = hexval(s[2 * i]), lo = hexval(s[2 * i + 1]);

		if (hi < 0 || lo < 0) {
			free(buf);
			return NULL;
		}
		buf[i] = hi << 4 | lo;
	}
	*len = n / 2;
	return buf;
}

static void parse_preload(struct opts *o, char *arg)
{
	char *k = strchr(arg, ':'), *v;
	struct preload *p;

	if (o->nr_maps == MAX_PRELOAD)
		die("too many --map");
	v = k ? strchr(k + 1, ':') : NULL;
	if (!k || !v)
		die("--map wants NAME:KEYHEX:VALHEX, got '%s'", arg);
	p = &o->maps[o->nr_maps++];
	*k = '\0';
	p->name = arg;
	p->key = parse_hex(k + 1, v - k - 1, &p->klen);
	p->val = parse_hex(v + 1, strlen(v + 1), &p->vlen);
	if (!p->key || !p->val)
		die("--map %s: bad hex", arg);
}

static void parse_args(struct opts *o, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-h") || !strcmp(a, "--help"))
			usage();
		if (i + 1 >= argc && a[0] == '-')
			usage();
		if (!strcmp(a, "--pcap"))
			o->pcap_in = argv[++i];
		else if (!strcmp(a, "--out"))
			o->pcap_out = argv[++i];
		else if (!strcmp(a, "--sec"))
			o->sec = argv[++i];
		else if (!strcmp(a, "--map"))
			parse_preload(o, argv[++i]);
		else if (a[0] == '-' || o->obj)
			usage();
		else
			o->obj = a;
	}
	if (!o->obj || !o->pcap_in)
		usage();
}

static struct bpf_program *pick_prog(struct bpf_object *obj, const char *sec)
{
	struct bpf_program *prog;

	bpf_object__for_each_program(prog, obj) {
		if (!sec)
			return prog;
		if (!strcmp(bpf_program__section_name(prog), sec) ||
		    !strcmp(bpf_program__name(prog), sec))
			return prog;
	}
	return NULL;
}

static void apply_preloads(struct bpf_object *obj, const struct opts *o)
{
	int i;

	for (i = 0; i < o->nr_maps; i++) {
		const struct preload *p = &o->maps[i];
		struct bpf_map *map = bpf_object__find_map_by_name(obj, p->name);

		if (!map)
			die("--map: no map named %s", p->name);
		if (p->klen != bpf_map__key_size(map) || p->vlen != bpf_map__value_size(map))
			die("--map %s: key/value sizes are %u/%u bytes", p->name,
			    bpf_map__key_size(map), bpf_map__value_size(map));
		if (bpf_map_update_elem(bpf_map__fd(map), p->key, p->val, BPF_ANY))
			die("--map %s: update: %s", p->name, strerror(errno));
	}
}

static void print_hex(const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		printf("%02x", b[i]);
}

/* Hash maps come back in kernel bucket order: sort by key bytes (= hex). */
static size_t sort_key_size;

static int cmp_keys(const void *a, const void *b)
{
	return memcmp(a, b, sort_key_size);
}

static void dump_map(const struct bpf_map *map, int *first)
{
	uint32_t ks = bpf_map__key_size(map), vs = bpf_map__value_size(map);
	uint32_t max = bpf_map__max_entries(map), n = 0, i;
	enum bpf_map_type type = bpf_map__type(map);
	int fd = bpf_map__fd(map);
	uint8_t *keys, *val;

	if (type != BPF_MAP_TYPE_ARRAY && type != BPF_MAP_TYPE_HASH)
		return;
	if (bpf_map__is_internal(map) || bpf_map__name(map)[0] == '.')
		return;
	keys = calloc(max ? max : 1, ks);
	val = calloc(1, vs);
	if (!keys || !val)
		die("out of memory");
	if (type == BPF_MAP_TYPE_ARRAY) {
		for (n = 0; n < max; n++)
			memcpy(keys + (size_t)n * ks, &n, ks);	/* u32 index, host order */
	} else {
		void *prev = NULL;

		while (n < max && !bpf_map_get_next_key(fd, prev, keys + (size_t)n * ks)) {
			prev = keys + (size_t)n * ks;
			n++;
		}
		sort_key_size = ks;
		qsort(keys, n, ks, cmp_keys);
	}

	printf("%s\"%s\":{\"type\":\"%s\",\"key_size\":%u,\"value_size\":%u,\"entries\":[",
	       *first ? "" : ",", bpf_map__name(map),
	       type == BPF_MAP_TYPE_ARRAY ? "array" : "hash", ks, vs);
	*first = 0;
	for (i = 0; i < n; i++) {
		const uint8_t *k = keys + (size_t)i * ks;

		if (bpf_map_lookup_elem(fd, k, val))
			continue;	/* deleted under us: cannot happen, we are alone */
		printf("%s{\"key\":\"", i ? "," : "");
		print_hex(k, ks);
		printf("\",\"value\":\"");
		print_hex(val, vs);
		printf("\"}");
	}
	printf("]}");
	free(keys);
	free(val);
}

/*
 * One test run. tc programs get a zeroed __sk_buff in and report mark and
 * priority out; XDP programs run without a context (the kernel's defaults:
 * loopback ifindex, queue 0), like the simulator's CLI.
 */
static int run_one(int prog_fd, int is_tc, const uint8_t *pkt, uint32_t len,
		   uint8_t *out, uint32_t *out_len, uint32_t *retval,
		   struct __sk_buff *skb)
{
	LIBBPF_OPTS(bpf_test_run_opts, topts,
		.data_in = pkt,
		.data_size_in = len,
		.data_out = out,
		.data_size_out = OUT_MAX,
		.repeat = 1,
	);
	int err;

	if (is_tc) {
		memset(skb, 0, sizeof(*skb));
		topts.ctx_in = skb;
		topts.ctx_size_in = sizeof(*skb);
		topts.ctx_out = skb;
		topts.ctx_size_out = sizeof(*skb);
	}
	err = bpf_prog_test_run_opts(prog_fd, &topts);
	if (err)
		return -errno;
	*retval = topts.retval;
	*out_len = topts.data_size_out;
	return 0;
}

static void run_pcap(const struct opts *o, struct bpf_program *prog)
{
	int is_tc = bpf_program__type(prog) == BPF_PROG_TYPE_SCHED_CLS;
	int fd = bpf_program__fd(prog);
	struct pcap_reader rd;
	struct pcap_writer wr = { 0 };
	static uint8_t pkt[OUT_MAX], out[OUT_MAX];
	struct __sk_buff skb;
	uint32_t len, i;
	int ret;

	if (pcap_open_read(&rd, o->pcap_in))
		die("%s: not a readable pcap file", o->pcap_in);
	if (o->pcap_out && pcap_open_write(&wr, o->pcap_out))
		die("%s: %s", o->pcap_out, strerror(errno));

	printf("\"packets\":[");
	for (i = 0; (ret = pcap_read(&rd, pkt, sizeof(pkt), &len)) > 0; i++) {
		uint32_t retval = 0, out_len = 0;
		char fault[32] = "none";
		int err;

		err = run_one(fd, is_tc, pkt, len, out, &out_len, &retval, &skb);
		if (err) {
			/* The kernel refused the input itself (e.g. size): say so. */
			snprintf(fault, sizeof(fault), "test_run:%d", err);
			fprintf(stderr, "refrun: packet %u (%u bytes): test_run: %s\n",
				i, len, strerror(-err));
			out_len = 0;
		}
		/* tc's TC_ACT_* are signed (UNSPEC is -1), as nfpsim run prints them */
		if (is_tc)
			printf("%s{\"i\":%u,\"retval\":%d,", i ? "," : "", i, (int32_t)retval);
		else
			printf("%s{\"i\":%u,\"retval\":%u,", i ? "," : "", i, retval);
		printf("\"fault\":\"%s\",\"cycles\":0,", fault);
		printf("\"len_in\":%u,\"len_out\":%u,\"data_out\":\"", len, out_len);
		print_hex(out, out_len);
		printf("\"");
		if (is_tc)
			printf(",\"mark\":%u,\"priority\":%u", skb.mark, skb.priority);
		printf("}");
		if (o->pcap_out && pcap_write(&wr, out, out_len))
			die("%s: write: %s", o->pcap_out, strerror(errno));
	}
	if (ret < 0)
		die("%s: truncated or corrupt record %u", o->pcap_in, i);
	printf("]");
	pcap_close_read(&rd);
	if (o->pcap_out && pcap_close_write(&wr))
		die("%s: %s", o->pcap_out, strerror(errno));
}

/* Open the object, pick its program, load only that one, with @vlog if any. */
static struct bpf_object *open_obj(const struct opts *o, struct bpf_program **prog,
				   char *vlog, size_t size)
{
	struct bpf_object *obj = bpf_object__open_file(o->obj, NULL);
	struct bpf_program *other;

	if (!obj)
		die("%s: open: %s", o->obj, strerror(errno));
	*prog = pick_prog(obj, o->sec);
	if (!*prog)
		die("%s: no program%s%s", o->obj, o->sec ? " for section " : "",
		    o->sec ? o->sec : "");
	/* Load only the chosen program of a multi-program object. */
	bpf_object__for_each_program(other, obj)
		bpf_program__set_autoload(other, other == *prog);
	if (vlog)
		bpf_program__set_log_buf(*prog, vlog, size);
	return obj;
}

int main(int argc, char **argv)
{
	static char vlog[1 << 16];
	struct opts o = { 0 };
	struct bpf_object *obj;
	struct bpf_program *prog;
	struct bpf_map *map;
	enum bpf_prog_type type;
	int first = 1, loaded;

	parse_args(&o, argc, argv);
	libbpf_set_print(libbpf_quiet);

	obj = open_obj(&o, &prog, vlog, sizeof(vlog));
	loaded = !bpf_object__load(obj);
	if (!loaded && errno == ENOSPC) {
		/*
		 * Linux before 6.4 fails a load whose verifier log overflowed,
		 * whatever the verdict: once more without a log.
		 */
		bpf_object__close(obj);
		obj = open_obj(&o, &prog, NULL, 0);
		loaded = !bpf_object__load(obj);
	}
	if (!loaded) {
		int err = errno;
		char *helper = strstr(vlog, "cannot use helper ");

		/*
		 * A helper this host kernel does not offer to the program type
		 * (configs differ: one seen refuses bpf_xdp_adjust_meta) is no
		 * reference: exit 3, which difftest reports as a SKIP.
		 */
		if (helper) {
			helper[strcspn(helper, "\n")] = 0;
			fprintf(stderr, "refrun: %s: the host kernel says: program of this type %s\n",
				o.obj, helper);
			exit(3);
		}
		die("%s: load: %s", o.obj, strerror(err));
	}
	type = bpf_program__type(prog);
	if (type != BPF_PROG_TYPE_XDP && type != BPF_PROG_TYPE_SCHED_CLS)
		die("%s: program %s is neither xdp nor tc", o.obj, bpf_program__name(prog));
	apply_preloads(obj, &o);

	printf("{\"program\":\"%s\",\"section\":\"%s\",\"type\":\"%s\",",
	       bpf_program__name(prog), bpf_program__section_name(prog),
	       type == BPF_PROG_TYPE_XDP ? "xdp" : "tc");
	run_pcap(&o, prog);
	printf(",\"maps\":{");
	bpf_object__for_each_map(map, obj)
		dump_map(map, &first);
	printf("},\"events\":[]}\n");

	bpf_object__close(obj);
	return 0;
}
