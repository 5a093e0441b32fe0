// SPDX-License-Identifier: GPL-2.0
/*
 * nfpsim CLI: one program out of a BPF ELF object (see elfobj.h).
 *
 * libbpf 1.1 relocates only inside bpf_object__load(), which creates the
 * maps and programs in the running kernel. The CLI must work without
 * privileges, so instructions and relocations are read here with libelf,
 * following libbpf's rules (bpf_program__record_reloc, bpf_object__reloc_code),
 * while libbpf's open-time parser supplies the map shapes.
 */
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>
#include <bpf/libbpf.h>

#include "elfobj.h"

#define INSN_SZ		sizeof(struct bpf_insn)

/**
 * struct eo_map - a map as libbpf sees it, before the NIC's filter
 * @name: libbpf's name
 * @type: BPF_MAP_TYPE_*
 * @internal: global data (.data*, .rodata*, .bss, .kconfig)
 * @idx: index into nfpsim_elf_prog.maps, or -1 when the NIC can't hold it
 */
struct eo_map {
	const char *name;
	u32 type;
	bool internal;
	int idx;
};

/**
 * struct eo - an object being read
 * @elf: libelf handle
 * @fd: its file
 * @shstrndx: section name string table
 * @syms: symbol table data
 * @nsyms: symbols in @syms
 * @strndx: symbol name string table
 * @text: index of .text, 0 if none
 * @maps: libbpf's maps
 * @nr_maps: their number
 * @obj: the libbpf object @maps names point into
 * @insns: code being built
 * @osec: per instruction of @insns, the section it came from
 * @oidx: per instruction of @insns, its index there (relocations are keyed
 *	  by section and index)
 * @len: instructions used in @insns, @osec and @oidx
 * @cap: instructions allocated
 * @funcs: functions placed in @insns: section, first insn, count, output offset
 * @nr_funcs: their number
 * @prog: the selected program's name, prefixed to errors once known
 * @err: reason of the first failure
 * @errlen: room in @err
 */
struct eo {
	Elf *elf;
	int fd;
	size_t shstrndx;
	Elf_Data *syms;
	size_t nsyms;
	size_t strndx;
	size_t text;
	struct eo_map *maps;
	u32 nr_maps;
	struct bpf_object *obj;
	struct bpf_insn *insns;
	u32 *osec;
	u32 *oidx;
	u32 len;
	u32 cap;
	struct eo_func {
		u32 sec, start, len, out;
	} *funcs;
	u32 nr_funcs;
	const char *prog;
	char *err;
	size_t errlen;
};

static char eo_libbpf_msg[256];

/* Keep libbpf quiet but remember its last warning: it names the problem. */
static int eo_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	char buf[sizeof(eo_libbpf_msg)];
	size_t n;

	if (level != LIBBPF_WARN)
		return 0;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	n = strlen(buf);
	if (n && buf[n - 1] == '\n')
		buf[n - 1] = '\0';
	memcpy(eo_libbpf_msg, buf, sizeof(buf));
	return 0;
}

static int __printf(3, 4) eo_fail(struct eo *eo, int err, const char *fmt, ...)
{
	size_t n = 0;
	va_list ap;

	/* once a program is selected, its errors name it */
	if (eo->prog)
		n = snprintf(eo->err, eo->errlen, "%s: ", eo->prog);
	va_start(ap, fmt);
	vsnprintf(eo->err + min(n, eo->errlen), eo->errlen - min(n, eo->errlen), fmt, ap);
	va_end(ap);
	return err;
}

int nfpsim_elf_sec_type(const char *sec)
{
	if (!strncmp(sec, "xdp", 3))
		return NFPS_PROG_XDP;
	if (!strcmp(sec, "tc") || !strncmp(sec, "tc/", 3) || !strncmp(sec, "tc.", 3) ||
	    !strncmp(sec, "tcx", 3) || !strncmp(sec, "classifier", 10))
		return NFPS_PROG_TC;
	return -1;
}

/* ---- map shapes, from libbpf ------------------------------------------ */

static bool eo_nic_map_type(u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_HASH ||
	       type == BPF_MAP_TYPE_PERF_EVENT_ARRAY;
}

static int eo_add_map(struct eo *eo, struct nfpsim_elf_prog *prog, struct bpf_map *m)
{
	struct eo_map *em = &eo->maps[eo->nr_maps++];
	struct nfpsim_elf_map *pm;
	const void *init;
	size_t sz;

	em->name = bpf_map__name(m);
	em->type = bpf_map__type(m);
	em->internal = bpf_map__is_internal(m);
	em->idx = -1;
	if (!eo_nic_map_type(em->type))
		return 0;
	em->idx = prog->nr_maps;
	pm = &prog->maps[prog->nr_maps++];
	pm->name = strdup(em->name);
	pm->def.type = em->type;
	pm->def.key_size = bpf_map__key_size(m);
	pm->def.value_size = bpf_map__value_size(m);
	pm->def.max_entries = bpf_map__max_entries(m);
	/* mmap is a host notion; the device copy of global data is not mapped */
	pm->obj_flags = bpf_map__map_flags(m);
	pm->def.map_flags = pm->obj_flags & ~BPF_F_MMAPABLE;
	pm->internal = em->internal;
	if (!pm->name)
		return -ENOMEM;
	init = em->internal ? bpf_map__initial_value(m, &sz) : NULL;
	if (init && sz >= pm->def.value_size) {
		pm->init = malloc(pm->def.value_size);
		if (!pm->init)
			return -ENOMEM;
		memcpy(pm->init, init, pm->def.value_size);
	}
	return 0;
}

static int eo_open_maps(struct eo *eo, const char *path, struct nfpsim_elf_prog *prog)
{
	struct bpf_map *m;
	u32 n = 0;
	int ret;

	libbpf_set_print(eo_libbpf_print);
	eo_libbpf_msg[0] = '\0';
	eo->obj = bpf_object__open_file(path, NULL);
	ret = -libbpf_get_error(eo->obj);
	if (ret) {
		eo->obj = NULL;
		return eo_fail(eo, ret, "libbpf cannot open it: %s",
			       eo_libbpf_msg[0] ? eo_libbpf_msg : strerror(-ret));
	}
	bpf_object__for_each_map(m, eo->obj)
		n++;
	eo->maps = calloc(n + 1, sizeof(*eo->maps));
	prog->maps = calloc(n + 1, sizeof(*prog->maps));
	if (!eo->maps || !prog->maps)
		return eo_fail(eo, -ENOMEM, "out of memory");
	bpf_object__for_each_map(m, eo->obj) {
		ret = eo_add_map(eo, prog, m);
		if (ret)
			return eo_fail(eo, ret, "out of memory");
	}
	return 0;
}

/* libbpf names global data maps "<obj prefix>.rodata" or, for .data.foo, "<sec>". */
static bool eo_map_is_sec(const struct eo_map *em, const char *sec)
{
	size_t nl = strlen(em->name), sl = strlen(sec);

	if (!em->internal)
		return false;
	if (strchr(sec + 1, '.'))
		return !strncmp(em->name, sec, BPF_OBJ_NAME_LEN - 1);
	return nl >= sl && !strcmp(em->name + nl - sl, sec);
}

/* ---- ELF access --------------------------------------------------------- */

static const char *eo_sec_name(struct eo *eo, size_t idx)
{
	Elf_Scn *scn = elf_getscn(eo->elf, idx);
	GElf_Shdr sh;

	if (!scn || !gelf_getshdr(scn, &sh))
		return NULL;
	return elf_strptr(eo->elf, eo->shstrndx, sh.sh_name);
}

static bool eo_sec_exec(struct eo *eo, size_t idx)
{
	Elf_Scn *scn = elf_getscn(eo->elf, idx);
	GElf_Shdr sh;

	return scn && gelf_getshdr(scn, &sh) && sh.sh_type == SHT_PROGBITS &&
	       (sh.sh_flags & SHF_EXECINSTR);
}

static Elf_Data *eo_sec_data(struct eo *eo, size_t idx)
{
	Elf_Scn *scn = elf_getscn(eo->elf, idx);

	return scn ? elf_getdata(scn, NULL) : NULL;
}

static const char *eo_sym_name(struct eo *eo, const GElf_Sym *sym)
{
	const char *n = NULL;

	if (GELF_ST_TYPE(sym->st_info) == STT_SECTION)
		n = eo_sec_name(eo, sym->st_shndx);
	else
		n = elf_strptr(eo->elf, eo->strndx, sym->st_name);
	return n ?: "?";
}

static int eo_open_elf(struct eo *eo, const char *path)
{
	Elf_Scn *scn = NULL;
	GElf_Shdr sh;
	const char *name;

	elf_version(EV_CURRENT);
	eo->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (eo->fd < 0)
		return eo_fail(eo, -errno, "%s", strerror(errno));
	eo->elf = elf_begin(eo->fd, ELF_C_READ_MMAP, NULL);
	if (!eo->elf || elf_kind(eo->elf) != ELF_K_ELF || elf_getshdrstrndx(eo->elf, &eo->shstrndx))
		return eo_fail(eo, -EINVAL, "not an ELF object");
	while ((scn = elf_nextscn(eo->elf, scn))) {
		if (!gelf_getshdr(scn, &sh))
			continue;
		name = elf_strptr(eo->elf, eo->shstrndx, sh.sh_name);
		if (sh.sh_type == SHT_SYMTAB) {
			eo->syms = elf_getdata(scn, NULL);
			eo->nsyms = sh.sh_entsize ? sh.sh_size / sh.sh_entsize : 0;
			eo->strndx = sh.sh_link;
		} else if (name && !strcmp(name, ".text") && (sh.sh_flags & SHF_EXECINSTR)) {
			eo->text = elf_ndxscn(scn);
		}
	}
	if (!eo->syms)
		return eo_fail(eo, -EINVAL, "no symbol table");
	return 0;
}

/* The SHT_REL entry for byte @off of section @sec, with its symbol. */
static bool eo_find_rel(struct eo *eo, u32 sec, u64 off, GElf_Sym *sym)
{
	Elf_Scn *scn = NULL;
	Elf_Data *d;
	GElf_Shdr sh;
	GElf_Rel rel;
	size_t i;

	while ((scn = elf_nextscn(eo->elf, scn))) {
		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_REL || sh.sh_info != sec)
			continue;
		d = elf_getdata(scn, NULL);
		for (i = 0; d && sh.sh_entsize && i < sh.sh_size / sh.sh_entsize; i++) {
			if (!gelf_getrel(d, i, &rel) || rel.r_offset != off)
				continue;
			return gelf_getsym(eo->syms, GELF_R_SYM(rel.r_info), sym);
		}
	}
	return false;
}

/* The function symbol of section @sec covering instruction @idx. */
static bool eo_find_func(struct eo *eo, u32 sec, u32 idx, GElf_Sym *out)
{
	GElf_Sym sym;
	size_t i;

	for (i = 0; i < eo->nsyms; i++) {
		if (!gelf_getsym(eo->syms, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
		    sym.st_shndx != sec)
			continue;
		if (idx >= sym.st_value / INSN_SZ &&
		    idx < (sym.st_value + sym.st_size) / INSN_SZ) {
			*out = sym;
			return true;
		}
	}
	return false;
}

/* ---- program selection -------------------------------------------------- */

/* Programs are the functions of executable sections other than .text. */
static bool eo_is_prog(struct eo *eo, const GElf_Sym *sym)
{
	return GELF_ST_TYPE(sym->st_info) == STT_FUNC && sym->st_shndx != eo->text &&
	       sym->st_shndx < SHN_LORESERVE && eo_sec_exec(eo, sym->st_shndx);
}

/* Does @sym come earlier in the file than @best? */
static bool eo_sym_before(const GElf_Sym *sym, const GElf_Sym *best, bool have)
{
	if (!have)
		return true;
	if (sym->st_shndx != best->st_shndx)
		return sym->st_shndx < best->st_shndx;
	return sym->st_value < best->st_value;
}

/*
 * Is @sym the program @sel asks for? A function of its name (which may be a
 * .text function) in its section, either one unset; with neither, an
 * XDP/tc program (@any: any program).
 */
static bool eo_match(struct eo *eo, const GElf_Sym *sym, const struct nfpsim_elf_sel *sel,
		     bool any)
{
	const char *sec;

	if (GELF_ST_TYPE(sym->st_info) != STT_FUNC || !sym->st_shndx ||
	    !eo_sec_exec(eo, sym->st_shndx))
		return false;
	sec = eo_sec_name(eo, sym->st_shndx) ?: "";
	if (sel->prog)
		return !strcmp(eo_sym_name(eo, sym), sel->prog) && (!sel->sec || !strcmp(sec, sel->sec));
	if (!eo_is_prog(eo, sym))
		return false;
	if (sel->sec)
		return !strcmp(sec, sel->sec);
	return any || nfpsim_elf_sec_type(sec) == NFPS_PROG_XDP ||
	       nfpsim_elf_sec_type(sec) == NFPS_PROG_TC;
}

/*
 * The first matching program in file order in *@out; returns how many match
 * and lists their names in @names (", "-separated, cut at @len).
 */
static u32 eo_select(struct eo *eo, const struct nfpsim_elf_sel *sel, bool any, GElf_Sym *out,
		     char *names, size_t len)
{
	size_t i, used = 0;
	GElf_Sym sym;
	u32 n = 0;

	if (len)
		names[0] = '\0';
	for (i = 0; i < eo->nsyms; i++) {
		if (!gelf_getsym(eo->syms, i, &sym) || !eo_match(eo, &sym, sel, any))
			continue;
		if (used < len)
			used += snprintf(names + used, len - used, "%s%s", n ? ", " : "",
					 eo_sym_name(eo, &sym));
		if (eo_sym_before(&sym, out, n))
			*out = sym;
		n++;
	}
	return n;
}

/* The program @sel asks for, or the reason there is not exactly one. */
static int eo_pick(struct eo *eo, const struct nfpsim_elf_sel *sel, GElf_Sym *out)
{
	struct nfpsim_elf_sel by_name = { .prog = sel->sec };
	char names[256];
	u32 n;

	n = eo_select(eo, sel, false, out, names, sizeof(names));
	if (!sel->sec && !sel->prog && !n)	/* no XDP/tc program: any, --type tells */
		n = eo_select(eo, sel, true, out, names, sizeof(names));
	if (n == 1 || (n > 1 && !sel->sec))
		return 0;
	if (n > 1)
		return eo_fail(eo, -EINVAL, "section '%s' has %u programs (%s): choose one with --prog",
			       sel->sec, n, names);
	if (sel->prog && sel->sec)
		return eo_fail(eo, -ENOENT, "no program '%s' in section '%s'", sel->prog, sel->sec);
	if (sel->prog)
		return eo_fail(eo, -ENOENT, "no program or function named '%s'", sel->prog);
	if (sel->sec && eo_select(eo, &by_name, false, out, names, 0))
		return eo_fail(eo, -ENOENT, "no section named '%s'; '%s' is a function: use --prog %s",
			       sel->sec, sel->sec, sel->sec);
	if (sel->sec)
		return eo_fail(eo, -ENOENT, "no section named '%s' holds a program", sel->sec);
	return eo_fail(eo, -ENOENT, "no program in the object (functions in .text are subprograms)");
}

/* ---- code building ------------------------------------------------------- */

/* reallocarray() that keeps @p on failure and records it in *@fail */
static void *eo_resize(void *p, u32 n, size_t sz, bool *fail)
{
	void *np = reallocarray(p, n, sz);

	if (!np)
		*fail = true;
	return np ?: p;
}

static int eo_grow(struct eo *eo, u32 n)
{
	bool fail = false;
	u32 cap = eo->cap;

	while (cap < eo->len + n)
		cap = cap ? cap * 2 : 256;
	if (cap == eo->cap)
		return 0;
	eo->insns = eo_resize(eo->insns, cap, INSN_SZ, &fail);
	eo->osec = eo_resize(eo->osec, cap, sizeof(u32), &fail);
	eo->oidx = eo_resize(eo->oidx, cap, sizeof(u32), &fail);
	eo->funcs = eo_resize(eo->funcs, cap, sizeof(*eo->funcs), &fail);
	if (fail)
		return -ENOMEM;
	eo->cap = cap;
	return 0;
}

/* Append the code of function @sym; return its output offset. */
static long eo_append_func(struct eo *eo, const GElf_Sym *sym)
{
	Elf_Data *d = eo_sec_data(eo, sym->st_shndx);
	u32 start = sym->st_value / INSN_SZ, n = sym->st_size / INSN_SZ, i;
	struct eo_func *f;

	if (!d || !n || sym->st_value % INSN_SZ || sym->st_value + sym->st_size > d->d_size)
		return eo_fail(eo, -EINVAL, "function %s: bad symbol (offset %llu, size %llu)",
			       eo_sym_name(eo, sym), (unsigned long long)sym->st_value,
			       (unsigned long long)sym->st_size);
	if (eo_grow(eo, n))
		return eo_fail(eo, -ENOMEM, "out of memory");
	memcpy(eo->insns + eo->len, (u8 *)d->d_buf + sym->st_value, n * INSN_SZ);
	for (i = 0; i < n; i++) {
		eo->osec[eo->len + i] = sym->st_shndx;
		eo->oidx[eo->len + i] = start + i;
	}
	f = &eo->funcs[eo->nr_funcs++];
	*f = (struct eo_func){ sym->st_shndx, start, n, eo->len };
	eo->len += n;
	return f->out;
}

static int eo_relocate(struct eo *eo, struct nfpsim_elf_prog *prog, u32 start, u32 end);

/*
 * Output index of instruction @idx of section @sec. A function not yet in
 * the output is appended and relocated at once, depth first, so the layout
 * is libbpf's and the kernel's (the same image from `nfpsim xlate` and from
 * the module).
 */
static long eo_place(struct eo *eo, struct nfpsim_elf_prog *prog, u32 sec, u32 idx)
{
	GElf_Sym fn;
	long out;
	int ret = 0;
	u32 i;

	for (i = 0; i < eo->nr_funcs; i++)
		if (eo->funcs[i].sec == sec && idx >= eo->funcs[i].start &&
		    idx < eo->funcs[i].start + eo->funcs[i].len)
			return eo->funcs[i].out + idx - eo->funcs[i].start;
	if (!eo_find_func(eo, sec, idx, &fn))
		return eo_fail(eo, -EINVAL, "call target %s+%u is not inside a function symbol",
			       eo_sec_name(eo, sec) ?: "?", idx);
	out = eo_append_func(eo, &fn);
	if (out >= 0)
		ret = eo_relocate(eo, prog, out, out + fn.st_size / INSN_SZ);
	if (out < 0 || ret)
		return out < 0 ? out : ret;
	return out + idx - fn.st_value / INSN_SZ;
}

/* ---- relocations ---------------------------------------------------------- */

/* BPF-to-BPF call at output index @i (libbpf's bpf_object__reloc_code). */
static int eo_reloc_call(struct eo *eo, struct nfpsim_elf_prog *prog, u32 i)
{
	u32 sec = eo->osec[i], target;
	GElf_Sym sym;
	long out;

	if (eo_find_rel(eo, sec, (u64)eo->oidx[i] * INSN_SZ, &sym)) {
		if (sym.st_shndx == SHN_UNDEF)
			return eo_fail(eo, -EOPNOTSUPP,
				       "insn %u: call to extern function %s: kfuncs are not supported by the NIC",
				       i, eo_sym_name(eo, &sym));
		/* static callees: section symbol + imm; global ones: imm == -1 */
		sec = sym.st_shndx;
		target = sym.st_value / INSN_SZ + eo->insns[i].imm + 1;
	} else {
		target = eo->oidx[i] + eo->insns[i].imm + 1;
	}
	out = eo_place(eo, prog, sec, target);
	if (out < 0)
		return out;
	eo->insns[i].imm = out - i - 1;
	return 0;
}

static int eo_map_idx(struct eo *eo, u32 i, const GElf_Sym *sym, const char *sec)
{
	const char *name = eo_sym_name(eo, sym);
	bool is_maps = !strcmp(sec, ".maps");
	u32 m;

	for (m = 0; m < eo->nr_maps; m++) {
		if (is_maps ? eo->maps[m].internal || strcmp(eo->maps[m].name, name) :
			      !eo_map_is_sec(&eo->maps[m], sec))
			continue;
		if (eo->maps[m].idx < 0)
			return eo_fail(eo, -EOPNOTSUPP,
				       "insn %u: map %s is a %s map; the NIC holds only array and hash maps (perf_event_array stays on the host)",
				       i, eo->maps[m].name,
				       libbpf_bpf_map_type_str(eo->maps[m].type) ?: "unknown");
		return eo->maps[m].idx;
	}
	return eo_fail(eo, -EINVAL, "insn %u: reference to %s in section %s is not a map libbpf knows",
		       i, name, sec);
}

/* LD_IMM64 at output index @i: map, global data, or something we refuse. */
static int eo_reloc_ld64(struct eo *eo, struct nfpsim_elf_prog *prog, u32 i)
{
	struct bpf_insn *insn = &eo->insns[i];
	const char *sec;
	GElf_Sym sym;
	int m;

	if (!eo_find_rel(eo, eo->osec[i], (u64)eo->oidx[i] * INSN_SZ, &sym))
		return 0;
	if (sym.st_shndx == SHN_UNDEF || sym.st_shndx >= SHN_LORESERVE)
		return eo_fail(eo, -EOPNOTSUPP,
			       "insn %u: extern or uninitialised symbol %s (kconfig/ksym externs are not supported)",
			       i, eo_sym_name(eo, &sym));
	if (eo_sec_exec(eo, sym.st_shndx))
		return eo_fail(eo, -EOPNOTSUPP,
			       "insn %u: address of function %s (callbacks, bpf_loop) is not supported by the NIC",
			       i, eo_sym_name(eo, &sym));
	sec = eo_sec_name(eo, sym.st_shndx) ?: "?";
	m = eo_map_idx(eo, i, &sym, sec);
	if (m < 0)
		return m;
	prog->maps[m].referenced = true;
	if (!strcmp(sec, ".maps")) {
		insn[0].src_reg = BPF_PSEUDO_MAP_IDX;
		insn[1].imm = 0;
	} else {
		insn[0].src_reg = BPF_PSEUDO_MAP_IDX_VALUE;
		insn[1].imm = insn[0].imm + sym.st_value;
	}
	insn[0].imm = m;
	return 0;
}

static bool eo_is_ld64(const struct bpf_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Relocate output instructions [@start, @end): one function's code. */
static int eo_relocate(struct eo *eo, struct nfpsim_elf_prog *prog, u32 start, u32 end)
{
	struct bpf_insn *insn;
	int ret = 0;
	u32 i;

	for (i = start; !ret && i < end; i++) {
		insn = &eo->insns[i];	/* appending may have moved the array */
		if (insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL) {
			ret = eo_reloc_call(eo, prog, i);
		} else if (eo_is_ld64(insn)) {
			if (i + 1 >= end)
				return eo_fail(eo, -EINVAL, "insn %u: truncated ld_imm64", i);
			ret = eo_reloc_ld64(eo, prog, i);
			i++;
		}
	}
	return ret;
}

/* The global variables: object symbols in a section libbpf made a map of. */
static int eo_vars(struct eo *eo, struct nfpsim_elf_prog *prog)
{
	GElf_Sym sym;
	size_t i;
	u32 m;

	for (i = 0; i < eo->nsyms; i++) {
		struct nfpsim_elf_var *v;
		const char *sec;

		if (!gelf_getsym(eo->syms, i, &sym) || GELF_ST_TYPE(sym.st_info) != STT_OBJECT ||
		    !sym.st_size || !sym.st_shndx || sym.st_shndx >= SHN_LORESERVE)
			continue;
		sec = eo_sec_name(eo, sym.st_shndx);
		for (m = 0; sec && m < eo->nr_maps; m++)
			if (eo->maps[m].idx >= 0 && eo_map_is_sec(&eo->maps[m], sec))
				break;
		if (!sec || m == eo->nr_maps ||
		    sym.st_value + sym.st_size > prog->maps[eo->maps[m].idx].def.value_size)
			continue;
		v = reallocarray(prog->vars, prog->nr_vars + 1, sizeof(*v));
		if (!v)
			return eo_fail(eo, -ENOMEM, "out of memory");
		prog->vars = v;
		v += prog->nr_vars;
		v->name = strdup(eo_sym_name(eo, &sym));
		if (!v->name)
			return eo_fail(eo, -ENOMEM, "out of memory");
		v->map = eo->maps[m].idx;
		v->off = sym.st_value;
		v->size = sym.st_size;
		prog->nr_vars++;
	}
	return 0;
}

/* ---- entry points ---------------------------------------------------------- */

static int eo_build(struct eo *eo, const struct nfpsim_elf_sel *sel,
		    struct nfpsim_elf_prog *prog)
{
	GElf_Sym sym;
	long ret;

	ret = eo_pick(eo, sel, &sym);
	if (ret)
		return ret;
	prog->name = strdup(eo_sym_name(eo, &sym));
	prog->sec = strdup(eo_sec_name(eo, sym.st_shndx) ?: "?");
	if (!prog->name || !prog->sec)
		return eo_fail(eo, -ENOMEM, "out of memory");
	eo->prog = prog->name;
	prog->type = nfpsim_elf_sec_type(prog->sec);
	ret = eo_append_func(eo, &sym);
	if (ret < 0)
		return ret;
	ret = eo_relocate(eo, prog, 0, eo->len);
	if (ret)
		return ret;
	prog->insns = eo->insns;
	prog->len = eo->len;
	eo->insns = NULL;
	return 0;
}

static void eo_close(struct eo *eo)
{
	if (eo->elf)
		elf_end(eo->elf);
	if (eo->fd >= 0)
		close(eo->fd);
	bpf_object__close(eo->obj);
	free(eo->maps);
	free(eo->insns);
	free(eo->osec);
	free(eo->oidx);
	free(eo->funcs);
}

int nfpsim_elf_load(const char *path, const struct nfpsim_elf_sel *sel,
		    struct nfpsim_elf_prog *prog, char *err, size_t errlen)
{
	struct eo eo = { .fd = -1, .err = err, .errlen = errlen };
	int ret;

	memset(prog, 0, sizeof(*prog));
	ret = eo_open_elf(&eo, path);
	if (!ret)
		ret = eo_open_maps(&eo, path, prog);
	if (!ret)
		ret = eo_vars(&eo, prog);
	if (!ret)
		ret = eo_build(&eo, sel ?: &(struct nfpsim_elf_sel){}, prog);
	eo_close(&eo);
	if (ret)
		nfpsim_elf_free(prog);
	return ret;
}

void nfpsim_elf_free(struct nfpsim_elf_prog *prog)
{
	u32 i;

	for (i = 0; prog->maps && i < prog->nr_maps; i++) {
		free(prog->maps[i].name);
		free(prog->maps[i].init);
	}
	for (i = 0; prog->vars && i < prog->nr_vars; i++)
		free(prog->vars[i].name);
	free(prog->vars);
	free(prog->maps);
	free(prog->insns);
	free(prog->name);
	free(prog->sec);
	memset(prog, 0, sizeof(*prog));
}

/* Append a strdup() of @s to @v (@n entries). 0 or -ENOMEM. */
static int eo_push(char ***v, u32 *n, const char *s)
{
	char **nv = reallocarray(*v, *n + 1, sizeof(*nv));

	if (!nv)
		return -ENOMEM;
	*v = nv;
	nv[*n] = strdup(s);
	return nv[(*n)++] ? 0 : -ENOMEM;
}

static int eo_inv_progs(struct eo *eo, struct nfpsim_elf_inv *inv)
{
	GElf_Sym *syms = calloc(eo->nsyms + 1, sizeof(*syms));
	size_t i, n = 0, j;
	int ret = 0;

	if (!syms)
		return eo_fail(eo, -ENOMEM, "out of memory");
	for (i = 0; i < eo->nsyms; i++)
		if (gelf_getsym(eo->syms, i, &syms[n]) && eo_is_prog(eo, &syms[n]))
			n++;
	/* file order: insertion sort by section, then offset */
	for (i = 1; i < n; i++)
		for (j = i; j > 0 && eo_sym_before(&syms[j], &syms[j - 1], true); j--) {
			GElf_Sym t = syms[j];

			syms[j] = syms[j - 1];
			syms[j - 1] = t;
		}
	for (i = 0; i < n && !ret; i++) {
		u32 k = inv->nr_progs * 2;

		ret = eo_push(&inv->progs, &k, eo_sec_name(eo, syms[i].st_shndx) ?: "?");
		if (!ret)
			ret = eo_push(&inv->progs, &k, eo_sym_name(eo, &syms[i]));
		if (k % 2)	/* a section without its name: not kept */
			free(inv->progs[--k]);
		inv->nr_progs = k / 2;
	}
	free(syms);
	return ret ? eo_fail(eo, ret, "out of memory") : 0;
}

int nfpsim_elf_inventory(const char *path, struct nfpsim_elf_inv *inv, char *err, size_t errlen)
{
	struct eo eo = { .fd = -1, .err = err, .errlen = errlen };
	struct nfpsim_elf_prog shapes;
	char buf[256];
	u32 i;
	int ret;

	memset(inv, 0, sizeof(*inv));
	memset(&shapes, 0, sizeof(shapes));
	ret = eo_open_elf(&eo, path);
	if (!ret)
		ret = eo_open_maps(&eo, path, &shapes);
	if (!ret)
		ret = eo_inv_progs(&eo, inv);
	for (i = 0; !ret && i < eo.nr_maps; i++) {
		if (eo.maps[i].idx >= 0)
			continue;
		snprintf(buf, sizeof(buf), "%s (%s)", eo.maps[i].name,
			 libbpf_bpf_map_type_str(eo.maps[i].type) ?: "unknown");
		ret = eo_push(&inv->maps, &inv->nr_maps, buf);
		if (ret)
			ret = eo_fail(&eo, ret, "out of memory");
	}
	eo_close(&eo);
	nfpsim_elf_free(&shapes);
	if (ret)
		nfpsim_elf_inv_free(inv);
	return ret;
}

void nfpsim_elf_inv_free(struct nfpsim_elf_inv *inv)
{
	u32 i;

	for (i = 0; inv->progs && i < 2 * inv->nr_progs; i++)
		free(inv->progs[i]);
	for (i = 0; inv->maps && i < inv->nr_maps; i++)
		free(inv->maps[i]);
	free(inv->progs);
	free(inv->maps);
	memset(inv, 0, sizeof(*inv));
}
