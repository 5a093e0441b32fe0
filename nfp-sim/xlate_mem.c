// SPDX-License-Identifier: GPL-2.0
/*
 * Memory instructions: LDX/STX/ST become memory commands on a device
 * address held in a register pair (packet, stack, map value, RAW memory);
 * context accesses become CSR reads/writes; atomics go to the atomic
 * engine; LD_IMM64 builds wide constants, map handles and value addresses.
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "xlate.h"
#include "caps.h"

static const u8 nfps_size_bytes[4] = { [BPF_W >> 3] = 4, [BPF_H >> 3] = 2,
				       [BPF_B >> 3] = 1, [BPF_DW >> 3] = 8 };

int nfps_c_mem(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
	       struct nfps_diag *diag)
{
	const struct bpf_insn *insn = &insns[idx];

	if (BPF_CLASS(insn->code) == BPF_LDX && insn->dst_reg == BPF_REG_10)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "load into r10 not supported by the NIC: r10 is the read-only frame pointer");
	if (BPF_MODE(insn->code) == BPF_MEMSX && BPF_SIZE(insn->code) == BPF_DW)
		return nfps_fail(diag, idx, -EOPNOTSUPP,
				 "sign-extending 64-bit load not supported by the NIC: use a plain load");
	return 0;
}

static const struct nfps_ctx_field *nfps_ctx_check(struct nfps_xctx *x,
						   const struct bpf_insn *insn, bool store,
						   int *err)
{
	const struct nfps_ctx_field *f = nfps_ctx_field(x->in->type, insn->off);
	u32 size = nfps_size_bytes[BPF_SIZE(insn->code) >> 3];

	*err = 0;
	if (!f) {
		*err = nfps_ctx_field_reject(x->in->type, x->idx, insn->off, x->diag);
		return NULL;
	}
	if (store && (!f->writable || size != 4 || insn->off != f->off)) {
		*err = nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "store to context field %s not supported by the NIC: only 4-byte stores to mark and priority are",
				 nfps_csr_name[f->csr]);
		return NULL;
	}
	if (!store && (f->ptr ? size != 8 && size != 4 : insn->off + size > f->off + 4)) {
		*err = nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "%u-byte load of context field %s not supported by the NIC: load it whole",
				 size, nfps_csr_name[f->csr]);
		return NULL;
	}
	/* the verifier refuses these too: a pointer has no sign */
	if (!store && f->ptr && BPF_MODE(insn->code) == BPF_MEMSX) {
		*err = nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "sign-extending load of pointer field %s not supported by the NIC",
				 nfps_csr_name[f->csr]);
		return NULL;
	}
	if (f->ptr && insn->off != f->off) {
		*err = nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "partial load of pointer field %s not supported by the NIC",
				 nfps_csr_name[f->csr]);
		return NULL;
	}
	return f;
}

static int nfps_ldx_ctx(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	u8 dst = insn->dst_reg, lo = NFPS_LO(dst), hi = NFPS_HI(dst);
	const struct nfps_ctx_field *f;
	u32 size = nfps_size_bytes[BPF_SIZE(insn->code) >> 3];
	int err;

	f = nfps_ctx_check(x, insn, false, &err);
	if (!f)
		return err;
	nfps_emit(x, NFPS_OP_CSRR, lo, 0, 0, 0, f->csr);
	if (f->ptr) {
		nfps_emit(x, NFPS_OP_IMMED, hi, 0, 0, 0, NFPS_RGN_PKT);
		return 0;
	}
	if (insn->off != f->off)
		nfps_emit(x, NFPS_OP_SHRI, lo, lo, 0, 0, (insn->off - f->off) * 8);
	if (BPF_MODE(insn->code) == BPF_MEMSX) {
		/* 6.6+ verifiers let scalar fields be read sign-extended */
		if (size < 4)
			nfps_emit(x, size == 1 ? NFPS_OP_SEXT8 : NFPS_OP_SEXT16, lo, lo, 0, 0, 0);
		nfps_emit(x, NFPS_OP_ASRI, hi, lo, 0, 0, 31);
		return 0;
	}
	if (size < 4)
		nfps_emit(x, NFPS_OP_ANDI, lo, lo, 0, 0, size == 1 ? 0xff : 0xffff);
	nfps_emit_zext(x, dst);
	return 0;
}

/**
 * nfps_x_ldx() - LDX (and RFC 9669 LDSX): memory command or CSR read
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0 or a negative errno with the diagnostic filled.
 */
int nfps_x_ldx(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	static const u8 ld_op[4] = { [BPF_W >> 3] = NFPS_OP_LD32, [BPF_H >> 3] = NFPS_OP_LD16,
				     [BPF_B >> 3] = NFPS_OP_LD8, [BPF_DW >> 3] = NFPS_OP_LD64 };
	u8 sz = BPF_SIZE(insn->code) >> 3, dst = insn->dst_reg;

	if (x->facts[x->idx].ptr == NFPS_PTR_CTX)
		return nfps_ldx_ctx(x, insn);
	nfps_emit(x, ld_op[sz], NFPS_LO(dst), NFPS_LO(insn->src_reg), 0, 0, (u16)insn->off);
	if (BPF_MODE(insn->code) == BPF_MEMSX) {
		if (sz == BPF_B >> 3)
			nfps_emit(x, NFPS_OP_SEXT8, NFPS_LO(dst), NFPS_LO(dst), 0, 0, 0);
		else if (sz == BPF_H >> 3)
			nfps_emit(x, NFPS_OP_SEXT16, NFPS_LO(dst), NFPS_LO(dst), 0, 0, 0);
		nfps_emit(x, NFPS_OP_ASRI, NFPS_HI(dst), NFPS_LO(dst), 0, 0, 31);
	} else if (sz != BPF_DW >> 3) {
		nfps_emit_zext(x, dst);
	}
	return 0;
}

/**
 * nfps_x_st() - STX and ST: memory command or CSR write
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0 or a negative errno with the diagnostic filled.
 */
int nfps_x_st(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	static const u8 st_op[4] = { [BPF_W >> 3] = NFPS_OP_ST32, [BPF_H >> 3] = NFPS_OP_ST16,
				     [BPF_B >> 3] = NFPS_OP_ST8, [BPF_DW >> 3] = NFPS_OP_ST64 };
	u8 sz = BPF_SIZE(insn->code) >> 3;
	u8 val = NFPS_LO(insn->src_reg);

	if (BPF_CLASS(insn->code) == BPF_ST) {
		val = NFPS_T(0);
		nfps_emit_imm32(x, val, insn->imm);
		if (sz == BPF_DW >> 3)
			nfps_emit_imm32(x, val + 1, insn->imm < 0 ? ~0U : 0);
	}
	if (x->facts[x->idx].ptr == NFPS_PTR_CTX) {
		const struct nfps_ctx_field *f;
		int err;

		f = nfps_ctx_check(x, insn, true, &err);
		if (!f)
			return err;
		nfps_emit(x, NFPS_OP_CSRW, 0, val, 0, 0, f->csr);
		return 0;
	}
	nfps_emit(x, st_op[sz], 0, NFPS_LO(insn->dst_reg), val, 0, (u16)insn->off);
	return 0;
}

int nfps_c_atomic(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		  struct nfps_diag *diag)
{
	s32 imm = insns[idx].imm;

	switch (imm) {
	case BPF_ADD:
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND | BPF_FETCH:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		return 0;
	}
	return nfps_fail(diag, idx, -EOPNOTSUPP,
			 "atomic operation %#x not supported by the NIC: use add/and/or/xor (with or without fetch), xchg or cmpxchg",
			 imm);
}

/**
 * nfps_x_atomic() - BPF_ATOMIC on the atomic memory engine
 * @x: translation
 * @insn: the instruction
 *
 * Return: 0 or a negative errno with the diagnostic filled.
 */
int nfps_x_atomic(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	u8 flags = BPF_SIZE(insn->code) == BPF_DW ? NFPS_ATOM_64 : 0;
	u8 d = NFPS_LO(insn->src_reg), op;

	if (x->facts[x->idx].ptr == NFPS_PTR_CTX)
		return nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "atomic operation on the context not supported by the NIC: use packet, stack or map value memory");
	switch (insn->imm & ~BPF_FETCH) {
	case BPF_ADD:
		op = NFPS_OP_AADD;
		break;
	case BPF_AND:
		op = NFPS_OP_AAND;
		break;
	case BPF_OR:
		op = NFPS_OP_AOR;
		break;
	case BPF_XOR:
		op = NFPS_OP_AXOR;
		break;
	case BPF_XCHG & ~BPF_FETCH:
		op = NFPS_OP_AXCHG;
		break;
	default:
		op = NFPS_OP_ACMPXCHG;
		d = NFPS_LO(BPF_REG_0);
		break;
	}
	if (insn->imm & BPF_FETCH)
		flags |= NFPS_ATOM_FETCH;
	nfps_emit(x, op, d, NFPS_LO(insn->dst_reg), NFPS_LO(insn->src_reg), flags,
		  (u16)insn->off);
	return 0;
}

int nfps_c_ld_imm64(enum nfps_prog_type type, const struct bpf_insn *insns, u32 len, u32 idx,
		    struct nfps_diag *diag)
{
	const struct bpf_insn *insn = &insns[idx];

	if (idx + 1 >= len || insn[1].code || insn[1].dst_reg || insn[1].src_reg ||
	    insn[1].off)
		return nfps_fail(diag, idx, -EINVAL,
				 "64-bit immediate load without its second half: malformed program");
	switch (insn->src_reg) {
	case 0:
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		return 0;
	}
	return nfps_fail(diag, idx, -EOPNOTSUPP,
			 "64-bit immediate load kind %u (BTF object or function address) not supported by the NIC: use maps or plain constants",
			 insn->src_reg);
}

static int nfps_ld_map_value(struct nfps_xctx *x, const struct bpf_insn *insn, u8 lo, u8 hi)
{
	const struct nfps_map_ref *ref = &x->in->maps[insn->imm];
	u32 key = 0, off = insn[1].imm;
	s64 voff;
	u32 w;

	if (!ref->map || ref->def.type != BPF_MAP_TYPE_ARRAY || off >= ref->def.value_size)
		return nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "direct map value address (map %d offset %u) not supported by the NIC: only inside an ARRAY map's first value",
				 insn->imm, off);
	voff = nfps_map_dp_lookup(ref->map, &key);
	if (voff < 0 || voff + off > 0xffffffffLL)
		return nfps_fail(x->diag, x->idx, -EINVAL,
				 "map %d has no element 0 for a direct value address", insn->imm);
	w = x->n;
	nfps_emit_imm32(x, lo, (u32)(voff + off));
	nfps_emit(x, NFPS_OP_IMMED, hi, 0, 0, 0, NFPS_RGN_MAP0 + insn->imm);
	nfps_add_relo(x, w, NFPS_RELO_MAP_VALUE, insn->imm);
	return 0;
}

/**
 * nfps_x_ld_imm64() - LD_IMM64: constants, map handles, map value addresses
 * @x: translation
 * @insn: the first half
 *
 * Return: 0 or a negative errno with the diagnostic filled.
 */
int nfps_x_ld_imm64(struct nfps_xctx *x, const struct bpf_insn *insn)
{
	u8 lo = NFPS_LO(insn->dst_reg), hi = NFPS_HI(insn->dst_reg);
	u64 v = (u32)insn[0].imm | ((u64)(u32)insn[1].imm << 32);
	u32 w;

	if (insn->dst_reg == BPF_REG_10)
		return nfps_fail(x->diag, x->idx, -EOPNOTSUPP,
				 "write to r10 not supported by the NIC: r10 is the read-only frame pointer");
	if (insn->src_reg == 0) {
		nfps_emit_imm64(x, lo, hi, v);
		return 0;
	}
	if (insn->imm < 0 || (u32)insn->imm >= x->in->nr_maps)
		return nfps_fail(x->diag, x->idx, -EINVAL,
				 "map reference %d out of range (%u maps given)", insn->imm,
				 x->in->nr_maps);
	if (insn->src_reg == BPF_PSEUDO_MAP_VALUE || insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)
		return nfps_ld_map_value(x, insn, lo, hi);
	w = nfps_emit(x, NFPS_OP_IMMED, lo, 0, 0, 0, insn->imm);
	nfps_emit(x, NFPS_OP_IMMED, hi, 0, 0, 0, NFPS_RGN_MAPH);
	nfps_add_relo(x, w, NFPS_RELO_MAP_HANDLE, insn->imm);
	return 0;
}
