/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nfp-sim: public API of the portable core (translator, simulator, map
 * engine, disassembler). This header is the contract between the core and
 * its two embedders: the kernel driver (drivers/) and the userspace tools
 * (nfp-sim/user/). It uses only compat.h types and uapi struct bpf_insn.
 *
 * Prefix: nfps_ ("nfp-sim"). Errors are negative errnos; human readable
 * reasons go into struct nfps_diag.
 */
#ifndef NFPS_H
#define NFPS_H

#include "compat.h"

#define NFPS_CODE_STORE_DEFAULT	8192	/* microcode words per program */
#define NFPS_CYCLE_BUDGET_DEFAULT	1000000	/* per-packet watchdog, cycles */
#define NFPS_PKT_HEADROOM	256	/* CTM bytes before the frame (XDP_PACKET_HEADROOM) */
#define NFPS_PKT_MAX		9216	/* largest frame the packet buffer takes */
#define NFPS_PKT_TAILROOM	256	/* room for bpf_xdp_adjust_tail() growth */
#define NFPS_STACK_SIZE		512	/* local memory per program invocation */
#define NFPS_DIAG_LEN		512	/* the longest message fits: caps.c checks */

/* ---- diagnostics ------------------------------------------------------- */

/**
 * struct nfps_diag - why a translation failed, for the user
 * @insn: eBPF instruction index the reason applies to, or -1
 * @err: negative errno
 * @msg: "insn 17: helper bpf_fib_lookup (69) not supported by the NIC: ..."
 *	 Always names the construct and what the user can change.
 */
struct nfps_diag {
	int insn;
	int err;
	char msg[NFPS_DIAG_LEN];
};

int nfps_fail(struct nfps_diag *diag, int idx, int err, const char *fmt, ...) __printf(4, 5);

/* ---- device memory and map engine (maps.c, map_array.c, map_htab.c) ---- */

/**
 * struct nfps_mem - device memory (EMEM) budget shared by the maps of one
 * device. Every map charges its preallocated size here at creation.
 * @limit: bytes (per-device knob; kernel default 64 MiB)
 * @used: bytes currently charged
 */
struct nfps_mem {
	u64 limit;
	atomic_long_t used;
};

/**
 * struct nfps_map_def - shape of a map, as given to BPF_MAP_CREATE
 * @type: BPF_MAP_TYPE_ARRAY or BPF_MAP_TYPE_HASH live in the engine;
 *	  BPF_MAP_TYPE_PERF_EVENT_ARRAY stays on the host (never created here)
 * @key_size: bytes of a key
 * @value_size: bytes of a value
 * @max_entries: elements
 * @map_flags: BPF_F_* of BPF_MAP_CREATE
 */
struct nfps_map_def {
	u32 type;
	u32 key_size;
	u32 value_size;
	u32 max_entries;
	u32 map_flags;
};

struct nfps_map;

/*
 * Host operations (bpftool through bpf_map_dev_ops, the CLI). Semantics are
 * the kernel's own maps': BPF_ANY/BPF_NOEXIST/BPF_EXIST, E2BIG when full,
 * EINVAL for delete on ARRAY, ENOENT past the last key. Safe concurrently with
 * each other and with the datapath. Sleep-free (callable under rcu/spinlock).
 */
int nfps_map_create(struct nfps_mem *mem, const struct nfps_map_def *def,
		    struct nfps_map **out, struct nfps_diag *diag);
void nfps_map_destroy(struct nfps_map *map);
const struct nfps_map_def *nfps_map_def(const struct nfps_map *map);
int nfps_map_lookup(struct nfps_map *map, const void *key, void *value);
int nfps_map_update(struct nfps_map *map, const void *key, const void *value, u64 flags);
int nfps_map_delete(struct nfps_map *map, const void *key);
/* key NULL or not found -> first key; stable order while the map is unchanged */
int nfps_map_get_next_key(struct nfps_map *map, const void *key, void *next_key);

/*
 * Datapath view (simulator helpers). Values live in one EMEM region per map:
 * nfps_map_region() gives its base and size; lookups return the byte offset
 * of the value inside the region so the microengine can hold a device
 * address (region id, offset) instead of a host pointer.
 * Updates and deletes from the datapath are nfps_map_update() and
 * nfps_map_delete(), which are sleep-free and safe there.
 * Return: offset >= 0, or -ENOENT.
 */
u8 *nfps_map_region(struct nfps_map *map, u32 *size);
s64 nfps_map_dp_lookup(struct nfps_map *map, const void *key);

/* ---- translator (xlate*.c, analysis.c, opt.c) -------------------------- */

enum nfps_prog_type {
	NFPS_PROG_XDP,		/* ctx = struct xdp_md */
	NFPS_PROG_TC,		/* ctx = struct __sk_buff */
	NFPS_PROG_RAW,		/* r1 = memory, r2 = length (bpf_conformance) */
};

/* Pointer kind of an instruction's memory operand (base register). */
enum nfps_ptr_kind {
	NFPS_PTR_NONE = 0,	/* not a memory instruction / scalar */
	NFPS_PTR_CTX,
	NFPS_PTR_PKT,		/* data .. data_end */
	NFPS_PTR_PKT_META,	/* data_meta .. data */
	NFPS_PTR_STACK,
	NFPS_PTR_MAP_VALUE,
	NFPS_PTR_MEM,		/* RAW programs' r1 */
	NFPS_PTR_UNKNOWN,	/* analysis could not tell (mixed paths) */
};

#define NFPS_FACT_DEAD		BIT(1)	/* never reached (verifier removed / analysis) */
/*
 * The embedder has run nfps_insn_supported() on the insn, with the type and
 * caps of the translation, and it passed: the translator does not check it
 * again. Clear it when the insn changes.
 */
#define NFPS_FACT_CHECKED	BIT(2)

/**
 * struct nfps_insn_fact - what the verifier (kernel) or nfps_analyze()
 * (userspace) knows about one eBPF instruction
 * @ptr: enum nfps_ptr_kind of the memory operand, for LDX/STX/ST/ATOMIC
 * @flags: NFPS_FACT_*
 */
struct nfps_insn_fact {
	u8 ptr;
	u8 flags;
};

/**
 * struct nfps_map_ref - a map a program references
 * @map: engine map (ARRAY/HASH), or NULL for a host-neutral map
 *	 (PERF_EVENT_ARRAY, delivered through nfps_env_ops.perf_output)
 * @def: its shape
 * @host: embedder cookie (struct bpf_map * in the kernel)
 */
struct nfps_map_ref {
	struct nfps_map *map;
	struct nfps_map_def def;
	void *host;
};

/**
 * struct nfps_xlate_in - translation request
 * @type: program type
 * @insns: eBPF program. LD_IMM64 map references are normalised by the
 *	   embedder: src_reg BPF_PSEUDO_MAP_FD or BPF_PSEUDO_MAP_IDX with
 *	   imm = index into @maps; BPF_PSEUDO_MAP_VALUE / _IDX_VALUE with
 *	   imm = index and the second half's imm = offset into the value.
 * @len: number of instructions
 * @facts: one per insn, or NULL to have nfps_analyze() compute them
 * @maps: the maps @insns reference by index
 * @nr_maps: their number (at most 64)
 * @code_store: microcode word limit, 0 for NFPS_CODE_STORE_DEFAULT
 * @opt: NFPS_OPT_* mask of optimisations to run (NFPS_OPT_ALL by default)
 * @caps: NFPS_CAP_* of the kernel in front of the translator: what its
 *	  verifier accepts and how its helpers answer (the program keeps
 *	  them); 0 (the zero-initialised default) is Linux 6.1
 * @own_facts: NULL, or @len entries the translator fills with the facts of
 *	       its own portable analysis (what nfps_analyze() computes), for
 *	       cross-checking @facts without a second analysis; every pointer
 *	       kind is NFPS_PTR_UNKNOWN when that analysis gave up. Valid when
 *	       nfps_translate() returns a program.
 */
struct nfps_xlate_in {
	enum nfps_prog_type type;
	const struct bpf_insn *insns;
	u32 len;
	const struct nfps_insn_fact *facts;
	const struct nfps_map_ref *maps;
	u32 nr_maps;
	u32 code_store;
	u32 opt;
	u32 caps;
	struct nfps_insn_fact *own_facts;
};

/*
 * The verifier accepts the RFC 9669 ("cpu=v4") instructions: sign-extending
 * loads (BPF_MEMSX) and moves (MOV with off 8/16/32), signed division and
 * modulo (off 1), unconditional byte swaps (ALU64 END) and JMP32 JA (gotol).
 * Linux 6.6 and later. Without it XDP/tc programs using them are refused
 * with a message naming the kernels that verify them (6.1's verifier refuses
 * them too, less clearly: "unknown opcode" or "reserved fields"). RAW
 * programs (conformance, no verifier) take them either way.
 */
#define NFPS_CAP_CPUV4		BIT(0)
/*
 * The kernel's helpers as of Linux 6.13: bpf_csum_diff() takes buffers of
 * any size and returns the checksum folded to 16 bits (csum_from32to16()),
 * where 6.1 and 6.12 refuse sizes that are not multiples of 4 or over 512
 * bytes with -EINVAL and return the unfolded 32-bit sum. The NIC's helpers
 * answer as the kernel the program was loaded on does.
 */
#define NFPS_CAP_HELPERS_613	BIT(1)
/*
 * Before 6.13 bpf_csum_diff() is csum_partial() over its scratch buffer,
 * and on a kernel built with CONFIG_GENERIC_CSUM (x86 with KASAN, arm64)
 * that is lib/checksum.c's: the buffer's sum folded to 16 bits, then the
 * seed added with end-around carry, where x86's own csum_partial()
 * returns the unfolded 32-bit sum. No effect with NFPS_CAP_HELPERS_613.
 */
#define NFPS_CAP_CSUM_GENERIC	BIT(2)

#define NFPS_OPT_ZEXT		BIT(0)	/* zero-extension elision */
#define NFPS_OPT_IMM		BIT(1)	/* immediate folding */
#define NFPS_OPT_DCE		BIT(2)	/* dead code */
#define NFPS_OPT_JUMPS		BIT(3)	/* jump threading */
#define NFPS_OPT_PEEPHOLE	BIT(4)
#define NFPS_OPT_ALL		0x1f

struct nfps_prog;

/*
 * Compute per-instruction facts without a verifier (userspace, and the
 * kernel's cross-check). Returns 0, or a negative errno with @diag filled
 * when the program is outside what the portable analysis understands.
 */
int nfps_analyze(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len,
		 const struct nfps_map_ref *maps, u32 nr_maps,
		 struct nfps_insn_fact *facts, struct nfps_diag *diag);

/*
 * Check one instruction against what the NIC supports (the same table the
 * translator dispatches on), for a verifier with NFPS_CAP_* @caps. Used by
 * the kernel's insn_hook to reject early with the verifier log naming the
 * instruction. 0 or -EOPNOTSUPP + @diag.
 */
int nfps_insn_supported(enum nfps_prog_type type, u32 caps, const struct bpf_insn *insns,
			u32 len, u32 idx, struct nfps_diag *diag);

/* Translate. Returns the program or NULL with @diag filled. */
struct nfps_prog *nfps_translate(const struct nfps_xlate_in *in, struct nfps_diag *diag);
void nfps_prog_free(struct nfps_prog *prog);

/**
 * struct nfps_prog_info - sizes and static estimates of a translated program
 * @ebpf_insns: input eBPF instructions
 * @ucode_words: microcode words (code store usage)
 * @static_cycles: cycle estimate of the longest straight path, no loops
 */
struct nfps_prog_info {
	u32 ebpf_insns;
	u32 ucode_words;
	u32 static_cycles;
};
void nfps_prog_get_info(const struct nfps_prog *prog, struct nfps_prog_info *info);

/*
 * The device image: a self-describing blob (header, microcode words, map
 * relocation table) as exposed through jited_image and written by
 * "bpftool prog dump jited ... file F". Owned by @prog.
 */
const void *nfps_prog_image(const struct nfps_prog *prog, u32 *len);

/* ---- disassembler (disasm.c), printing through a callback ------------- */

typedef void (*nfps_print_fn)(void *priv, const char *fmt, ...) __printf(2, 3);

/* Disassemble a translated program; @profile (may be NULL) per ucode word. */
void nfps_prog_disasm(const struct nfps_prog *prog, const u64 *profile,
		      nfps_print_fn print, void *priv);
/* Disassemble a raw image as returned by nfps_prog_image(). 0 or -EINVAL. */
int nfps_image_disasm(const void *img, u32 len, nfps_print_fn print, void *priv);

/* ---- simulator (sim*.c) ------------------------------------------------ */

/**
 * struct nfps_env_ops - what the microengine's CSRs and host-neutral helpers
 * reach outside the device. Called on the packet path: must not sleep.
 * @ktime_ns: the clock CSR (bpf_ktime_get_ns())
 * @prandom_u32: the random CSR; NULL for the core's deterministic xorshift
 * @cpu_id: the microengine id CSR (bpf_get_smp_processor_id())
 * @perf_output: bpf_perf_event_output(ctx, map, flags, data, size); ctx
 *		 bytes are appended by the embedder when flags carry
 *		 BPF_F_CTXLEN_MASK
 */
struct nfps_env_ops {
	u64 (*ktime_ns)(void *priv);
	u32 (*prandom_u32)(void *priv);
	u32 (*cpu_id)(void *priv);
	int (*perf_output)(void *priv, const struct nfps_map_ref *map, u64 flags,
			   const void *data, u32 size, const void *pkt, u32 pkt_len);
};

/* One microengine context: registers, local memory, packet buffer (CTM). */
struct nfps_cpu;

struct nfps_cpu *nfps_cpu_create(const struct nfps_env_ops *ops, void *priv);
void nfps_cpu_destroy(struct nfps_cpu *cpu);

enum nfps_fault {
	NFPS_FAULT_NONE = 0,
	NFPS_FAULT_MEM,		/* access outside a memory region */
	NFPS_FAULT_ALIGN,
	NFPS_FAULT_WATCHDOG,	/* cycle budget exhausted */
	NFPS_FAULT_ILLEGAL,	/* undecodable word / bad branch target */
	NFPS_FAULT_STACK,	/* call depth */
	NFPS_FAULT_MAP,		/* bad map handle */
	NFPS_FAULT_MAX,
};
const char *nfps_fault_name(enum nfps_fault f);

/**
 * struct nfps_run - one program invocation on one packet
 *
 * Packet bytes are loaded with nfps_cpu_load_pkt() before the run and read
 * back with nfps_cpu_pkt() after it (adjust_head/tail/meta applied).
 * In: context fields; Out: @retval, @fault, @cycles, and the tc fields the
 * program may write (@mark, @priority).
 * @ingress_ifindex: XDP and tc: the receiving interface
 * @rx_queue_index: XDP: the receive queue
 * @mark: tc: skb mark, in and out
 * @priority: tc: skb priority, in and out
 * @protocol: tc: skb protocol, network byte order as in __sk_buff
 * @queue_mapping: tc: skb queue mapping
 * @ifindex: tc: the interface
 * @hash: tc: skb hash
 * @retval: out: R0 at exit
 * @fault: out: enum nfps_fault
 * @fault_pc: out: microcode word index of the fault
 * @cycles: out: cycles of the run
 * @ucode_executed: out: microcode words executed
 */
struct nfps_run {
	/* XDP */
	u32 ingress_ifindex;
	u32 rx_queue_index;
	/* TC (__sk_buff) */
	u32 mark;
	u32 priority;
	u32 protocol;		/* network byte order, as in __sk_buff */
	u32 queue_mapping;
	u32 ifindex;
	u32 hash;
	/* out */
	u64 retval;
	u32 fault;		/* enum nfps_fault */
	u32 fault_pc;		/* microcode word index */
	u64 cycles;
	u64 ucode_executed;	/* microcode words executed */
};

int nfps_cpu_load_pkt(struct nfps_cpu *cpu, const void *frame, u32 len);
/* After a run: current frame (data..data_end) and metadata length. */
u8 *nfps_cpu_pkt(struct nfps_cpu *cpu, u32 *len, u32 *meta_len);

/* RAW programs: memory given to r1 (copied in), read back with nfps_cpu_pkt. */
#define nfps_cpu_load_mem nfps_cpu_load_pkt

/*
 * Run @prog on the loaded packet. Never allocates, never prints, never
 * touches memory outside @cpu, the program and its maps. @profile (may be
 * NULL): per-ucode-word execution counters, nfps_prog_info.ucode_words long;
 * a profiled run always uses the interpreter, otherwise a native tier
 * attached to @prog (userspace) runs it with identical results.
 * Returns 0 (result in @run, including hardware faults) or -EINVAL.
 */
int nfps_run(const struct nfps_prog *prog, struct nfps_cpu *cpu, struct nfps_run *run,
	     u64 *profile, u32 cycle_budget);

/* Cost model for reports: clock in MHz and microengine count of the NIC. */
#define NFPS_CLOCK_MHZ		800
#define NFPS_NR_ME		60

#endif /* NFPS_H */
