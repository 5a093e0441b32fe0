// SPDX-License-Identifier: GPL-2.0
/* nfpsim CLI: the simulated NIC one command drives (see device.h). */
#include <ctype.h>

#include "cli.h"
#include "device.h"
#include "jit.h"
#include "hex.h"

/* An error of the selected program: "nfpsim: OBJ: PROG: ...", as all are. */
static int __printf(2, 3) dev_err(const struct nfpsim_dev *dev, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nfpsim: %s: %s: ", dev->obj, dev->elf.name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

static int dev_create_map(struct nfpsim_dev *dev, u32 i)
{
	struct nfpsim_elf_map *em = &dev->elf.maps[i];
	struct nfps_map_ref *ref = &dev->refs[i];
	struct nfps_diag diag = { .insn = -1 };
	u32 key = 0;
	int ret;

	ref->def = em->def;
	ref->host = em;
	/* perf event arrays stay on the host: events reach env perf_output */
	if (em->def.type == BPF_MAP_TYPE_PERF_EVENT_ARRAY)
		return 0;
	if (!em->def.max_entries)
		return dev_err(dev, "map %s has max_entries 0 in the object (user space sizes it): add --map-size %s:N",
			       em->name, em->name);
	ret = nfps_map_create(&dev->mem, &em->def, &ref->map, &diag);
	if (ret)
		return dev_err(dev, "map %s: %s", em->name,
			       diag.msg[0] ? diag.msg : strerror(-ret));
	if (!em->init)
		return 0;
	ret = nfps_map_update(ref->map, &key, em->init, BPF_ANY);
	if (ret)
		return dev_err(dev, "map %s: initial value: %s", em->name, strerror(-ret));
	return 0;
}

/* The object's map called @name (@len bytes), or -1. */
static int dev_map_index(const struct nfpsim_dev *dev, const char *name, size_t len)
{
	u32 i;

	for (i = 0; i < dev->elf.nr_maps; i++)
		if (strlen(dev->elf.maps[i].name) == len &&
		    !strncmp(dev->elf.maps[i].name, name, len))
			return i;
	return -1;
}

/*
 * "a, b, c": @n names from @name(@dev, i), for an error naming a wrong one
 * (a static buffer: one such list per message).
 */
static const char *dev_join(const struct nfpsim_dev *dev, u32 n,
			    const char *(*name)(const struct nfpsim_dev *dev, u32 i))
{
	static char buf[1024];
	size_t o = 0;
	u32 i;

	buf[0] = 0;
	for (i = 0; i < n && o < sizeof(buf); i++)
		o += snprintf(buf + o, sizeof(buf) - o, "%s%s", i ? ", " : "", name(dev, i));
	return n ? buf : "(none)";
}

static const char *dev_map_name(const struct nfpsim_dev *dev, u32 i)
{
	return dev->elf.maps[i].name;
}

static const char *dev_var_name(const struct nfpsim_dev *dev, u32 i)
{
	return dev->elf.vars[i].name;
}

/* The object's map names, for an error naming a wrong one. */
static const char *dev_map_names(const struct nfpsim_dev *dev)
{
	return dev_join(dev, dev->elf.nr_maps, dev_map_name);
}

static struct nfps_map_ref *dev_find_map(struct nfpsim_dev *dev, const char *name, size_t len)
{
	int i = dev_map_index(dev, name, len);

	return i < 0 ? NULL : &dev->refs[i];
}

/* --map-size NAME:N: the object's max_entries of NAME becomes N. */
static int dev_map_size(struct nfpsim_dev *dev, const char *arg)
{
	const char *colon = strchr(arg, ':');
	u64 n;
	int i;

	if (!colon || cli_parse_u64(colon + 1, 1, UINT32_MAX, &n))
		return cli_err("--map-size wants NAME:N with N a positive number, got '%s'", arg);
	i = dev_map_index(dev, arg, colon - arg);
	if (i < 0)
		return cli_err("--map-size %s: no map named '%.*s' in the object; its maps: %s",
			       arg, (int)(colon - arg), arg, dev_map_names(dev));
	dev->elf.maps[i].def.max_entries = n;
	return 0;
}

/* Decode one hex field of --map into a buffer of exactly @size bytes. */
static int dev_preload_field(const char *arg, const char *what, char *hex, u32 size, u8 **out)
{
	long n;

	*out = malloc(nfpsim_hex_max_len(hex) + size);
	if (!*out)
		return cli_err("out of memory");
	n = nfpsim_hex_decode(hex, *out, nfpsim_hex_max_len(hex), false);
	if (n < 0)
		return cli_err("--map %s: %s is not hex (two digits per byte, memory order)",
			       arg, what);
	if (n != size)
		return cli_err("--map %s: %s has %ld bytes, the map wants %u", arg, what, n, size);
	return 0;
}

int nfpsim_dev_preload(struct nfpsim_dev *dev, const char *arg)
{
	char *dup = strdup(arg), *k, *v;
	u8 *key = NULL, *val = NULL;
	struct nfps_map_ref *ref;
	int ret = 1;

	k = dup ? strchr(dup, ':') : NULL;
	v = k ? strchr(k + 1, ':') : NULL;
	if (!v) {
		cli_err("--map wants NAME:KEYHEX:VALHEX, got '%s'", arg);
		goto out;
	}
	ref = dev_find_map(dev, dup, k - dup);
	*v++ = '\0';
	*k++ = '\0';
	if (!ref || !ref->map) {
		cli_err("--map %s: no array or hash map named '%s' in the object; its maps: %s",
			arg, dup, dev_map_names(dev));
		goto out;
	}
	if (dev_preload_field(arg, "key", k, ref->def.key_size, &key) ||
	    dev_preload_field(arg, "value", v, ref->def.value_size, &val))
		goto out;
	ret = nfps_map_update(ref->map, key, val, BPF_ANY);
	if (ret)
		ret = cli_err("--map %s: update: %s", arg, strerror(-ret));
out:
	free(key);
	free(val);
	free(dup);
	return ret;
}

/* The object's global variables, for an error naming a wrong one. */
static const char *dev_var_names(const struct nfpsim_dev *dev)
{
	return dev_join(dev, dev->elf.nr_vars, dev_var_name);
}

/*
 * --set VAR=VALUE: VAR's bytes in its global data map's initial value. A
 * number for a 1, 2, 4 or 8-byte variable (host byte order, as the program
 * reads it; negative numbers as two's complement), else hex:BYTES.
 */
static int dev_set_var(struct nfpsim_dev *dev, const char *arg)
{
	const char *eq = strchr(arg, '='), *val = eq ? eq + 1 : NULL;
	const struct nfpsim_elf_var *v = NULL;
	struct nfpsim_elf_map *em;
	u8 bytes[8], *hex = NULL;
	const u8 *src = bytes;
	u32 i;

	if (!eq || eq == arg || !*val)
		return cli_err("--set wants VAR=VALUE, got '%s'", arg);
	for (i = 0; i < dev->elf.nr_vars && !v; i++)
		if (strlen(dev->elf.vars[i].name) == (size_t)(eq - arg) &&
		    !strncmp(dev->elf.vars[i].name, arg, eq - arg))
			v = &dev->elf.vars[i];
	if (!v)
		return cli_err("--set %s: no global variable '%.*s' in the object; its variables: %s",
			       arg, (int)(eq - arg), arg, dev_var_names(dev));
	if (!strncmp(val, "hex:", 4)) {
		long n;

		hex = malloc(nfpsim_hex_max_len(val + 4) + 1);
		if (!hex)
			return cli_err("out of memory");
		n = nfpsim_hex_decode(val + 4, hex, nfpsim_hex_max_len(val + 4), false);
		if (n != v->size) {
			free(hex);
			return cli_err("--set %s: %s is %u bytes: give hex: and exactly %u bytes (two hex digits each)",
				       arg, v->name, v->size, v->size);
		}
		src = hex;
	} else {
		char *end;
		u64 x;

		if (v->size != 1 && v->size != 2 && v->size != 4 && v->size != 8)
			return cli_err("--set %s: %s is %u bytes, not a number: give hex:BYTES",
				       arg, v->name, v->size);
		errno = 0;
		x = *val == '-' ? (u64)strtoll(val, &end, 0) : strtoull(val, &end, 0);
		if (errno || *end || (v->size < 8 && *val != '-' && x >> (8 * v->size)) ||
		    (v->size < 8 && *val == '-' && (s64)x < -(1LL << (8 * v->size - 1))))
			return cli_err("--set %s: '%s' is not a number that fits %s (%u bytes)",
				       arg, val, v->name, v->size);
		memcpy(bytes, &x, v->size);	/* little-endian host: the low bytes */
	}
	em = &dev->elf.maps[v->map];
	if (!em->init) {
		em->init = calloc(1, em->def.value_size);
		if (!em->init) {
			free(hex);
			return cli_err("out of memory");
		}
	}
	memcpy((u8 *)em->init + v->off, src, v->size);
	free(hex);
	return 0;
}

static int dev_translate(struct nfpsim_dev *dev, const struct nfpsim_dev_opts *opts)
{
	struct nfps_diag diag = { .insn = -1 };
	struct nfps_xlate_in in = {
		.type = dev->type,
		.insns = dev->elf.insns,
		.len = dev->elf.len,
		.maps = dev->refs,
		.nr_maps = dev->elf.nr_maps,
		.code_store = opts->code_store,
		.opt = opts->opt,
		.caps = opts->caps,
	};

	dev->prog = nfps_translate(&in, &diag);
	if (!dev->prog)
		return dev_err(dev, "%s", diag.msg[0] ? diag.msg : "translation failed");
	/* results are the same without it: say so and go on */
	if (nfps_jit_attach(dev->prog, &diag))
		fprintf(stderr, "nfpsim: %s: %s: %s; running in the interpreter\n", dev->obj,
			dev->elf.name, diag.msg);
	return 0;
}

static int dev_pick_type(struct nfpsim_dev *dev, const struct nfpsim_dev_opts *opts)
{
	if (opts->type >= 0)
		dev->type = opts->type;
	else if (dev->elf.type >= 0)
		dev->type = dev->elf.type;
	else
		return dev_err(dev, "section '%s' does not tell the program type; use --type xdp|tc|raw",
			       dev->elf.sec);
	return 0;
}

static int dev_setup(struct nfpsim_dev *dev, const struct nfpsim_dev_opts *opts)
{
	char err[512];
	u32 i;

	if (nfpsim_elf_load(opts->obj, &opts->sel, &dev->elf, err, sizeof(err)))
		return cli_err("%s: %s", opts->obj, err);
	if (dev_pick_type(dev, opts))
		return 1;
	dev->refs = calloc(dev->elf.nr_maps + 1, sizeof(*dev->refs));
	if (!dev->refs)
		return cli_err("out of memory");
	for (i = 0; i < opts->nr_sizes; i++)
		if (dev_map_size(dev, opts->sizes[i]))
			return 1;
	for (i = 0; i < opts->nr_sets; i++)
		if (dev_set_var(dev, opts->sets[i]))
			return 1;
	for (i = 0; i < dev->elf.nr_maps; i++)
		if (dev_create_map(dev, i))
			return 1;
	for (i = 0; i < opts->nr_preload; i++)
		if (nfpsim_dev_preload(dev, opts->preload[i]))
			return 1;
	return dev_translate(dev, opts);
}

int nfpsim_dev_open(struct nfpsim_dev *dev, const struct nfpsim_dev_opts *opts)
{
	memset(dev, 0, sizeof(*dev));
	dev->obj = opts->obj;
	dev->mem.limit = NFPSIM_DEV_MEM;
	if (!dev_setup(dev, opts))
		return 0;
	/* nothing half-made is left to the caller */
	nfpsim_dev_close(dev);
	return 1;
}

void nfpsim_dev_close(struct nfpsim_dev *dev)
{
	u32 i;

	if (dev->prog)
		nfps_prog_free(dev->prog);
	for (i = 0; dev->refs && i < dev->elf.nr_maps; i++)
		if (dev->refs[i].map)
			nfps_map_destroy(dev->refs[i].map);
	free(dev->refs);
	nfpsim_elf_free(&dev->elf);
	memset(dev, 0, sizeof(*dev));
}

void nfpsim_dev_opts_init(struct nfpsim_dev_opts *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->type = -1;
	opts->opt = NFPS_OPT_ALL;
	/*
	 * The CLI stands in for a current kernel: its verifier (6.6 and
	 * later) accepts cpu=v4 programs, its helpers answer as 6.13's do;
	 * --linux names an older one. The CLI has no verifier: it takes the
	 * program as verified.
	 */
	opts->caps = NFPS_CAP_CPUV4 | NFPS_CAP_HELPERS_613;
}

/* NFPS_CAP_* of Linux @major.@minor, as drivers/ picks them on that kernel */
static u32 dev_linux_caps(unsigned long major, unsigned long minor)
{
	u32 caps = 0;

	if (major > 6 || (major == 6 && minor >= 6))
		caps |= NFPS_CAP_CPUV4;
	if (major > 6 || (major == 6 && minor >= 13))
		caps |= NFPS_CAP_HELPERS_613;
	return caps;
}

/*
 * --linux MAJOR.MINOR[{.-+~}anything]: what uname -r prints is taken as it
 * is, so a run can name the kernel a reference ran on.
 */
static int dev_parse_linux(struct nfpsim_dev_opts *opts, const char *arg)
{
	unsigned long major, minor;
	char *end;

	if (!isdigit((unsigned char)arg[0]))
		goto bad;
	major = strtoul(arg, &end, 10);
	if (*end != '.' || !isdigit((unsigned char)end[1]))
		goto bad;
	minor = strtoul(end + 1, &end, 10);
	if (*end && !strchr(".-+~", *end))
		goto bad;
	if (major < 6 || (major == 6 && minor < 1))
		return cli_err("--linux %s: nfpsim runs on Linux 6.1 and later", arg);
	opts->caps = dev_linux_caps(major, minor) & ~opts->caps_off;
	return 0;
bad:
	return cli_err("--linux: '%s' is not a kernel version (6.1, 6.12, 6.18.3-amd64, ...)",
		       arg);
}

/* Append @arg to a repeatable option's list. */
static int dev_add_arg(char ***list, u32 *nr, char *arg)
{
	char **n = reallocarray(*list, *nr + 1, sizeof(*n));

	if (!n)
		return cli_err("out of memory");
	*list = n;
	n[(*nr)++] = arg;
	return 0;
}

int nfpsim_dev_parse_opt(struct nfpsim_dev_opts *opts, int c, char *arg)
{
	u64 v;

	switch (c) {
	case NFPSIM_OPT_SEC:
		opts->sel.sec = arg;
		return 0;
	case NFPSIM_OPT_PROG:
		opts->sel.prog = arg;
		return 0;
	case NFPSIM_OPT_TYPE:
		opts->type = cli_type_parse(arg);
		return opts->type < 0 ? cli_err("--type: '%s' is not xdp, tc or raw", arg) : 0;
	case NFPSIM_OPT_NO_OPT:
		opts->opt = 0;
		return 0;
	case NFPSIM_OPT_CODE_STORE:
		if (cli_parse_u64(arg, 1, UINT32_MAX, &v))
			return cli_err("--code-store: '%s' is not a positive number", arg);
		opts->code_store = v;
		return 0;
	case NFPSIM_OPT_MAP:
		return dev_add_arg(&opts->preload, &opts->nr_preload, arg);
	case NFPSIM_OPT_MAP_SIZE:
		return dev_add_arg(&opts->sizes, &opts->nr_sizes, arg);
	case NFPSIM_OPT_SET:
		return dev_add_arg(&opts->sets, &opts->nr_sets, arg);
	case NFPSIM_OPT_NO_CPUV4:
		opts->caps_off |= NFPS_CAP_CPUV4;
		opts->caps &= ~NFPS_CAP_CPUV4;
		return 0;
	case NFPSIM_OPT_LINUX:
		return dev_parse_linux(opts, arg);
	}
	return -ENOENT;
}

void nfpsim_dev_opts_free(struct nfpsim_dev_opts *opts)
{
	free(opts->preload);
	free(opts->sizes);
	free(opts->sets);
	opts->preload = NULL;
	opts->sizes = NULL;
	opts->sets = NULL;
	opts->nr_preload = 0;
	opts->nr_sizes = 0;
	opts->nr_sets = 0;
}
