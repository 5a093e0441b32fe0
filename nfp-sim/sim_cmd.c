// SPDX-License-Identifier: GPL-2.0
/*
 * Command units of the simulated microengine: map engine commands, the
 * checksum unit, packet adjust, event output, CSRs and the atomic engine.
 * Helper arguments are in the eBPF argument registers R1..R5 (GPR pairs
 * 2..11), the result in R0. Every pointer argument is bounds-checked.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "sim.h"

#define ARG(n)		nfps_pair(cpu, NFPS_GPR_LO(n))
#define SET_R0(v)	nfps_set_pair(cpu, NFPS_R0L, (u64)(v))

/* map handle @h (from R1, or R2 for event output) -> map index, or -1 */
static int nfps_map_handle(const struct nfps_prog *prog, u64 h)
{
	u32 idx = (u32)h;

	if (h >> 32 != NFPS_RGN_MAPH || idx >= prog->nr_maps)
		return -1;
	return idx;
}

/**
 * nfps_cmd_map() - map engine lookup/update/delete commands
 * @prog: program (map table)
 * @cpu: context; R1 handle, R2 key, R3 value, R4 flags
 * @op: NFPS_OP_MLOOKUP, NFPS_OP_MUPDATE or NFPS_OP_MDELETE
 * @cyc: cycle counter, charged for key/value transfers
 *
 * Return: fault code.
 */
u32 nfps_cmd_map(const struct nfps_prog *prog, struct nfps_cpu *cpu, u8 op, u64 *cyc)
{
	const struct nfps_map_ref *ref;
	const u8 *key, *val;
	int idx = nfps_map_handle(prog, ARG(1));
	u32 lat;
	s64 off;

	if (idx < 0 || !prog->maps[idx].map)
		return NFPS_FAULT_MAP;
	ref = &prog->maps[idx];
	key = nfps_mem(prog, cpu, ARG(2), 0, ref->def.key_size, &lat);
	if (!key)
		return NFPS_FAULT_MEM;
	*cyc += lat + ref->def.key_size / 4;
	if (op == NFPS_OP_MLOOKUP) {
		off = nfps_map_dp_lookup(ref->map, key);
		if (off < 0)
			SET_R0(0);
		else
			SET_R0((u64)(NFPS_RGN_MAP0 + idx) << 32 | (u32)off);
		return NFPS_FAULT_NONE;
	}
	if (op == NFPS_OP_MDELETE) {
		SET_R0((s64)nfps_map_delete(ref->map, key));
		return NFPS_FAULT_NONE;
	}
	val = nfps_mem(prog, cpu, ARG(3), 0, ref->def.value_size, &lat);
	if (!val)
		return NFPS_FAULT_MEM;
	*cyc += lat + ref->def.value_size / 4;
	SET_R0((s64)nfps_map_update(ref->map, key, val, ARG(4)));
	return NFPS_FAULT_NONE;
}

/* fold a sum of 32-bit words to 32 bits with end-around carry (add32_with_carry) */
static u32 nfps_csum_fold32(u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	return sum;
}

/*
 * x86-64 csum_partial(@p, @len, @seed) of Linux 6.13 and later: any length
 * and alignment, the last len % 8 bytes loaded zero-padded, little-endian.
 * Summing 32-bit words instead of 64-bit ones gives the same 32-bit
 * result, down to which zero it is: both come out 0 only when the seed and
 * every byte are 0 (end-around carry never wraps a non-zero sum to 0), so
 * the 0xffffffff a non-zero sum folds to survives csum_sub() and ~ below.
 */
static u32 nfps_csum_partial(const u8 *p, u32 len, u32 seed)
{
	u64 sum = seed;
	u32 w;

	for (; len >= 4; p += 4, len -= 4) {
		memcpy(&w, p, 4);
		sum += w;	/* 2^32 words cannot overflow 64 bits */
	}
	if (len) {
		w = 0;
		memcpy(&w, p, len);	/* little-endian host: the low bytes */
		sum += w;
	}
	return nfps_csum_fold32(sum);
}

/* csum_add() of include/net/checksum.h: 32-bit add, carry wrapped around */
static u32 nfps_csum_add32(u32 a, u32 b)
{
	a += b;
	return a + (a < b);
}

/*
 * bpf_csum_diff() of Linux 6.13 and later (net/core/filter.c): no limit on
 * the sizes but the verifier's memory bounds, the sums of "to" and "from"
 * kept apart and combined with csum_sub(), the result folded to 16 bits
 * by csum_from32to16().
 */
static u32 nfps_csum_diff_613(const u8 *from, u32 from_size, const u8 *to, u32 to_size,
			      u32 seed)
{
	u32 ret = seed;

	if (from_size && to_size)
		ret = nfps_csum_add32(nfps_csum_partial(to, to_size, ret),
				      ~nfps_csum_partial(from, from_size, 0));
	else if (to_size)
		ret = nfps_csum_partial(to, to_size, ret);
	else if (from_size)
		ret = ~nfps_csum_partial(from, from_size, ~ret);
	ret += (ret >> 16) | (ret << 16);	/* csum_from32to16() */
	return ret >> 16;
}

/*
 * bpf_csum_diff() of Linux 6.1 to 6.12: csum_partial() over a scratch
 * buffer of the inverted "from" words then the "to" words, at most 512
 * bytes in multiples of 4 (else -EINVAL), the 32-bit sum unfolded.
 */
static u32 nfps_csum_diff_61(const u8 *from, u32 from_size, const u8 *to, u32 to_size, u32 seed)
{
	u64 sum = seed;
	u32 i, w;

	for (i = 0; i < from_size; i += 4) {
		memcpy(&w, from + i, 4);
		sum += (u32)~w;
	}
	for (i = 0; i < to_size; i += 4) {
		memcpy(&w, to + i, 4);
		sum += w;
	}
	return nfps_csum_fold32(sum);
}

/* One word of lib/checksum.c's do_csum() loop, its lazy carry included. */
static void nfps_do_csum_word(u32 w, u32 *result, u32 *carry)
{
	*result += *carry;
	*result += w;
	*carry = w > *result;
}

/*
 * The same on a CONFIG_GENERIC_CSUM kernel: lib/checksum.c's csum_partial()
 * is do_csum() over the (aligned, 4-byte multiple) buffer, whose lazily
 * added carry can be lost when a sum wraps to 0 exactly as here, folded to
 * 16 bits, then the seed added with end-around carry.
 */
static u32 nfps_csum_diff_61_generic(const u8 *from, u32 from_size, const u8 *to,
				     u32 to_size, u32 seed)
{
	u32 result = 0, carry = 0, i, w;

	for (i = 0; i < from_size; i += 4) {
		memcpy(&w, from + i, 4);
		nfps_do_csum_word(~w, &result, &carry);
	}
	for (i = 0; i < to_size; i += 4) {
		memcpy(&w, to + i, 4);
		nfps_do_csum_word(w, &result, &carry);
	}
	result += carry;
	result = (result & 0xffff) + (result >> 16);	/* from32to16() */
	result = (result & 0xffff) + (result >> 16);
	result += seed;
	return result + (seed > result);
}

/**
 * nfps_cmd_csum() - bpf_csum_diff(from, from_size, to, to_size, seed)
 * @prog: program; its NFPS_CAP_HELPERS_613 and NFPS_CAP_CSUM_GENERIC pick the
 *	  kernel's semantics
 * @cpu: context
 * @cyc: cycle counter (one cycle per word, a partial word counting whole)
 *
 * Same result as the kernel the program was loaded on.
 * Return: fault code.
 */
u32 nfps_cmd_csum(const struct nfps_prog *prog, struct nfps_cpu *cpu, u64 *cyc)
{
	u32 from_size = (u32)ARG(2), to_size = (u32)ARG(4), seed = (u32)ARG(5), lat = 0;
	bool v613 = prog->caps & NFPS_CAP_HELPERS_613;
	const u8 *from = NULL, *to = NULL;

	if (!v613 && (((from_size | to_size) & 3) || from_size + (u64)to_size > 512)) {
		SET_R0(-EINVAL);	/* 64-bit: BPF_CALL_5 returns u64 */
		return NFPS_FAULT_NONE;
	}
	if (from_size) {
		from = nfps_mem(prog, cpu, ARG(1), 0, from_size, &lat);
		if (!from)
			return NFPS_FAULT_MEM;
	}
	if (to_size) {
		to = nfps_mem(prog, cpu, ARG(3), 0, to_size, &lat);
		if (!to)
			return NFPS_FAULT_MEM;
	}
	if (v613)
		SET_R0(nfps_csum_diff_613(from, from_size, to, to_size, seed));
	else if (prog->caps & NFPS_CAP_CSUM_GENERIC)
		SET_R0(nfps_csum_diff_61_generic(from, from_size, to, to_size, seed));
	else
		SET_R0(nfps_csum_diff_61(from, from_size, to, to_size, seed));
	*cyc += lat + ((u64)from_size + 3) / 4 + ((u64)to_size + 3) / 4;
	return NFPS_FAULT_NONE;
}

/**
 * nfps_cmd_adjust() - bpf_xdp_adjust_head/tail/meta(ctx, delta)
 * @prog: program
 * @cpu: context; delta in R2
 * @op: which adjustment
 *
 * Semantics of net/core/filter.c (Linux 6.1), with the xdp_frame at the
 * start of the headroom. R0 = 0 or -EINVAL/-EACCES: a bad delta is the
 * program's error to handle, never a fault.
 */
void nfps_cmd_adjust(const struct nfps_prog *prog, struct nfps_cpu *cpu, u8 op)
{
	s32 delta = (s32)ARG(2);
	s64 meta = cpu->data_meta, data = cpu->data, end = cpu->data_end, n;
	u32 metalen = cpu->data - cpu->data_meta;

	if (op == NFPS_OP_ADJHEAD) {
		n = data + delta;
		if (n < NFPS_XDP_FRAME_SZ + metalen || n > end - NFPS_ETH_HLEN)
			goto einval;
		if (metalen)
			memmove(cpu->pkt + meta + delta, cpu->pkt + meta, metalen);
		cpu->data_meta = meta + delta;
		cpu->data = n;
	} else if (op == NFPS_OP_ADJMETA) {
		n = meta + delta;
		if (n < NFPS_XDP_FRAME_SZ || n > data)
			goto einval;
		if (((data - n) & 3) || data - n > 32) {
			SET_R0(-EACCES);
			return;
		}
		cpu->data_meta = n;
	} else {
		n = end + delta;
		if (n > cpu->hard_end || n < data + NFPS_ETH_HLEN)
			goto einval;
		if (delta > 0)
			memset(cpu->pkt + end, 0, delta);
		cpu->data_end = n;
	}
	SET_R0(0);
	return;
einval:
	SET_R0(-EINVAL);
}

/**
 * nfps_cmd_pkt_copy() - bpf_xdp_load_bytes/store_bytes(ctx, offset, buf, len)
 * @prog: program
 * @cpu: context; R2 offset into the frame, R3 buffer, R4 length
 * @op: NFPS_OP_PKTLD (frame to buffer) or NFPS_OP_PKTST (buffer to frame)
 * @cyc: cycle counter, charged for the transfer
 *
 * bpf_xdp_pointer() of net/core/filter.c (6.1 to 7.3) on a linear frame:
 * -EFAULT for an offset or length over 0xffff, -EINVAL past the frame's end
 * (metadata is not part of it), else 0 and the bytes copied.
 *
 * Return: fault code (a buffer outside its region).
 */
u32 nfps_cmd_pkt_copy(const struct nfps_prog *prog, struct nfps_cpu *cpu, u8 op, u64 *cyc)
{
	u32 off = (u32)ARG(2), len = (u32)ARG(4), lat = 0;
	u8 *buf, *pkt = cpu->pkt + cpu->data + off;

	if (off > 0xffff || len > 0xffff) {
		SET_R0(-EFAULT);	/* 64-bit: BPF_CALL_4 returns u64 */
		return NFPS_FAULT_NONE;
	}
	if (off + len > cpu->data_end - cpu->data) {
		SET_R0(-EINVAL);
		return NFPS_FAULT_NONE;
	}
	if (len) {
		buf = nfps_mem(prog, cpu, ARG(3), 0, len, &lat);
		if (!buf)
			return NFPS_FAULT_MEM;
		/* memmove: the buffer may be the packet itself */
		if (op == NFPS_OP_PKTLD)
			memmove(buf, pkt, len);
		else
			memmove(pkt, buf, len);
	}
	SET_R0(0);
	*cyc += lat + NFPS_LAT_CTM + (len + 3) / 4;
	return NFPS_FAULT_NONE;
}

/**
 * nfps_cmd_perf() - bpf_perf_event_output(ctx, map, flags, data, size)
 * @prog: program
 * @cpu: context
 * @cyc: cycle counter
 *
 * Return: fault code.
 */
u32 nfps_cmd_perf(const struct nfps_prog *prog, struct nfps_cpu *cpu, u64 *cyc)
{
	int idx = nfps_map_handle(prog, ARG(2));
	u32 size = (u32)ARG(5), lat = 0;
	const u8 *data = NULL;
	int ret = -ENOENT;

	if (idx < 0)
		return NFPS_FAULT_MAP;
	if (prog->maps[idx].def.type != BPF_MAP_TYPE_PERF_EVENT_ARRAY) {
		SET_R0(-EINVAL);
		return NFPS_FAULT_NONE;
	}
	if (size) {
		data = nfps_mem(prog, cpu, ARG(4), 0, size, &lat);
		if (!data)
			return NFPS_FAULT_MEM;
	}
	if (cpu->ops && cpu->ops->perf_output)
		ret = cpu->ops->perf_output(cpu->priv, &prog->maps[idx], ARG(3), data, size,
					    cpu->pkt + cpu->data, cpu->data_end - cpu->data);
	*cyc += lat + size / 4;
	SET_R0((s64)ret);
	return NFPS_FAULT_NONE;
}

/**
 * nfps_csr_read() - read a control/status register
 * @cpu: context
 * @csr: enum nfps_csr
 *
 * Return: the value.
 */
u32 nfps_csr_read(struct nfps_cpu *cpu, u16 csr)
{
	struct nfps_run *run = cpu->run;

	switch (csr) {
	case NFPS_CSR_PKT_DATA:
		return cpu->data;
	case NFPS_CSR_PKT_END:
		return cpu->data_end;
	case NFPS_CSR_PKT_META:
		return cpu->data_meta;
	case NFPS_CSR_PKT_LEN:
		return cpu->data_end - cpu->data;
	case NFPS_CSR_IN_IFINDEX:
		return run->ingress_ifindex;
	case NFPS_CSR_RXQ:
		return run->rx_queue_index;
	case NFPS_CSR_MARK:
		return run->mark;
	case NFPS_CSR_PRIORITY:
		return run->priority;
	case NFPS_CSR_PROTOCOL:
		return run->protocol;
	case NFPS_CSR_QMAP:
		return run->queue_mapping;
	case NFPS_CSR_IFINDEX:
		return run->ifindex;
	case NFPS_CSR_HASH:
		return run->hash;
	case NFPS_CSR_TS_LO:
		cpu->ts = cpu->ops && cpu->ops->ktime_ns ? cpu->ops->ktime_ns(cpu->priv) : 0;
		return (u32)cpu->ts;
	case NFPS_CSR_TS_HI:
		return cpu->ts >> 32;
	case NFPS_CSR_RANDOM:
		if (cpu->ops && cpu->ops->prandom_u32)
			return cpu->ops->prandom_u32(cpu->priv);
		cpu->rnd ^= cpu->rnd << 13;	/* xorshift64: deterministic default */
		cpu->rnd ^= cpu->rnd >> 7;
		cpu->rnd ^= cpu->rnd << 17;
		return (u32)cpu->rnd;
	case NFPS_CSR_ME_ID:
		return cpu->ops && cpu->ops->cpu_id ? cpu->ops->cpu_id(cpu->priv) : 0;
	}
	return 0;
}

/**
 * nfps_atomic() - one atomic engine operation on aligned memory @p
 * @cpu: context
 * @p: host pointer inside a checked region, aligned
 * @op: NFPS_OP_AADD .. NFPS_OP_ACMPXCHG
 * @flags: NFPS_ATOM_*
 * @d: fetch destination pair (R0 pair for cmpxchg: also the comparand)
 * @b: source value pair
 */
void nfps_atomic(struct nfps_cpu *cpu, u8 *p, u8 op, u8 flags, u8 d, u8 b)
{
	bool fetch = (flags & NFPS_ATOM_FETCH) || op == NFPS_OP_AXCHG || op == NFPS_OP_ACMPXCHG;
	u64 old, val = nfps_pair(cpu, b);

	if (flags & NFPS_ATOM_64) {
		u64 *m = (u64 *)p, exp;

		switch (op) {
		case NFPS_OP_AADD:
			old = __atomic_fetch_add(m, val, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AAND:
			old = __atomic_fetch_and(m, val, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AOR:
			old = __atomic_fetch_or(m, val, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AXOR:
			old = __atomic_fetch_xor(m, val, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AXCHG:
			old = __atomic_exchange_n(m, val, __ATOMIC_SEQ_CST);
			break;
		default:
			exp = nfps_pair(cpu, d);
			__atomic_compare_exchange_n(m, &exp, val, false, __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			old = exp;
			break;
		}
	} else {
		u32 *m = (u32 *)p, v = val, exp;

		switch (op) {
		case NFPS_OP_AADD:
			old = __atomic_fetch_add(m, v, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AAND:
			old = __atomic_fetch_and(m, v, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AOR:
			old = __atomic_fetch_or(m, v, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AXOR:
			old = __atomic_fetch_xor(m, v, __ATOMIC_SEQ_CST);
			break;
		case NFPS_OP_AXCHG:
			old = __atomic_exchange_n(m, v, __ATOMIC_SEQ_CST);
			break;
		default:
			exp = cpu->r[d];
			__atomic_compare_exchange_n(m, &exp, v, false, __ATOMIC_SEQ_CST,
						    __ATOMIC_SEQ_CST);
			old = exp;
			break;
		}
	}
	if (fetch)
		nfps_set_pair(cpu, d, old);
}
