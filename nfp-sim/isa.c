// SPDX-License-Identifier: GPL-2.0
/*
 * Microengine ISA: the tables generated from isa_ops.h, the word encoder and
 * decoder and the one-line instruction formatter (used by disasm.c).
 */
#include "compat.h"
#include "nfps.h"
#include "isa.h"

const struct nfps_op_info nfps_op_info[NFPS_OP_MAX] = {
#define NFPS_X_INFO(n, m, f, c, k)	[NFPS_OP_##n] = { m, f, NFPS_##c, k },
	NFPS_OPS(NFPS_X_INFO)
#undef NFPS_X_INFO
};

const u8 nfps_cost_cycles[NFPS_C_MAX] = {
#define NFPS_X_COST(n, c)	[NFPS_##n] = c,
	NFPS_COSTS(NFPS_X_COST)
#undef NFPS_X_COST
};

const char * const nfps_cc_name[NFPS_CC_MAX] = {
#define NFPS_X_CC(n, s)	[NFPS_CC_##n] = s,
	NFPS_CCS(NFPS_X_CC)
#undef NFPS_X_CC
};

const char * const nfps_csr_name[NFPS_CSR_MAX] = {
#define NFPS_X_CSR(n, s, w)	[NFPS_CSR_##n] = s,
	NFPS_CSRS(NFPS_X_CSR)
#undef NFPS_X_CSR
};

const u8 nfps_csr_writable[NFPS_CSR_MAX] = {
#define NFPS_X_CSR(n, s, w)	[NFPS_CSR_##n] = w,
	NFPS_CSRS(NFPS_X_CSR)
#undef NFPS_X_CSR
};

/* field-use and constraint bits of a format */
#define U_D	BIT(0)
#define U_A	BIT(1)
#define U_B	BIT(2)
#define U_X	BIT(3)
#define U_T	BIT(4)
#define U_I	BIT(5)
#define K_PD	BIT(8)	/* d is a pair (even) */
#define K_PA	BIT(9)
#define K_PB	BIT(10)
#define K_SH	BIT(11)	/* imm < 32 */
#define K_CC	BIT(12)	/* x < NFPS_CC_MAX */
#define K_BIT	BIT(13)	/* x < 32 */
#define K_ATOM	BIT(14)	/* x < 4 */
#define K_CSR	BIT(15)	/* imm < NFPS_CSR_MAX */

/*
 * Print patterns: d/a/b/x register, D/A/B pair, i imm16, s shift, c cc
 * suffix, t target, n bit number, m memory operand [A + simm], r CSR name,
 * k atomic flags.
 */
static const struct {
	u16 use;
	const char *pat;
} nfps_fmt[FMT_MAX] = {
	[FMT_NONE] = { 0, "" },
	[FMT_RR] = { U_D | U_A, "d,a" },
	[FMT_RI] = { U_D | U_I, "d,i" },
	[FMT_RRR] = { U_D | U_A | U_B, "d,a,b" },
	[FMT_RRI] = { U_D | U_A | U_I, "d,a,i" },
	[FMT_RRS] = { U_D | U_A | U_I | K_SH, "d,a,s" },
	[FMT_RRRR] = { U_D | U_A | U_B | U_X, "d,a,b,x" },
	[FMT_RRRS] = { U_D | U_A | U_B | U_I | K_SH, "d,a,b,s" },
	[FMT_PPP] = { U_D | U_A | U_B | K_PD | K_PA | K_PB, "D,A,B" },
	[FMT_AB] = { U_A | U_B, "a,b" },
	[FMT_AI] = { U_A | U_I, "a,i" },
	[FMT_T] = { U_T, "t" },
	[FMT_CT] = { U_X | U_T | K_CC, "ct" },
	[FMT_ABT] = { U_A | U_X | U_T | K_BIT, "a,n,t" },
	[FMT_LD] = { U_D | U_A | U_I | K_PA, "d,m" },
	[FMT_ST] = { U_B | U_A | U_I | K_PA, "m,b" },
	[FMT_ATOM] = { U_D | U_A | U_B | U_X | U_I | K_PD | K_PA | K_PB | K_ATOM, "k,D,m,B" },
	[FMT_CSRR] = { U_D | U_I | K_CSR, "d,r" },
	[FMT_CSRW] = { U_A | U_I | K_CSR, "r,a" },
};

/* 64-bit loads and stores move a register pair */
static u16 nfps_op_use(u8 op)
{
	u16 use = nfps_fmt[nfps_op_info[op].fmt].use;

	if (op == NFPS_OP_LD64)
		use |= K_PD;
	if (op == NFPS_OP_ST64)
		use |= K_PB;
	return use;
}

/**
 * nfps_encode() - pack a decoded instruction into a 64-bit word
 * @u: instruction; unused fields are masked off
 *
 * Return: the word.
 */
u64 nfps_encode(const struct nfps_uinsn *u)
{
	u16 use = nfps_op_use(u->op);
	u64 w = (u64)u->op << NFPS_W_OP_SHIFT;

	if (use & U_D)
		w |= (u64)(u->d & NFPS_W_REG_MASK) << NFPS_W_D_SHIFT;
	if (use & U_A)
		w |= (u64)(u->a & NFPS_W_REG_MASK) << NFPS_W_A_SHIFT;
	if (use & U_B)
		w |= (u64)(u->b & NFPS_W_REG_MASK) << NFPS_W_B_SHIFT;
	if (use & U_X)
		w |= (u64)(u->x & NFPS_W_X_MASK) << NFPS_W_X_SHIFT;
	if (use & U_T)
		w |= (u64)u->tgt << NFPS_W_T_SHIFT;
	if (use & U_I)
		w |= u->imm;
	return w;
}

/**
 * nfps_decode() - unpack and validate a 64-bit word
 * @w: microcode word
 * @u: decoded fields (unused fields zero)
 *
 * Return: 0, or -EINVAL for an unknown opcode, a set bit in a field the
 * format does not use, an odd register pair or an out-of-range selector.
 */
int nfps_decode(u64 w, struct nfps_uinsn *u)
{
	u16 use;

	memset(u, 0, sizeof(*u));
	u->op = w >> NFPS_W_OP_SHIFT;
	if (u->op >= NFPS_OP_MAX)
		return -EINVAL;
	use = nfps_op_use(u->op);
	u->d = (w >> NFPS_W_D_SHIFT) & NFPS_W_REG_MASK;
	u->a = (w >> NFPS_W_A_SHIFT) & NFPS_W_REG_MASK;
	u->b = (w >> NFPS_W_B_SHIFT) & NFPS_W_REG_MASK;
	u->x = (w >> NFPS_W_X_SHIFT) & NFPS_W_X_MASK;
	u->tgt = w >> NFPS_W_T_SHIFT;
	u->imm = w;
	if ((!(use & U_D) && u->d) || (!(use & U_A) && u->a) || (!(use & U_B) && u->b) ||
	    (!(use & U_X) && u->x) || (!(use & U_T) && u->tgt) || (!(use & U_I) && u->imm))
		return -EINVAL;
	if (((use & K_PD) && (u->d & 1)) || ((use & K_PA) && (u->a & 1)) ||
	    ((use & K_PB) && (u->b & 1)))
		return -EINVAL;
	if (((use & K_SH) && u->imm >= 32) || ((use & K_CC) && u->x >= NFPS_CC_MAX) ||
	    ((use & K_BIT) && u->x >= 32) || ((use & K_ATOM) && u->x >= 4) ||
	    ((use & K_CSR) && u->imm >= NFPS_CSR_MAX))
		return -EINVAL;
	/* the zero register is a pair's high half only as a source */
	if ((use & K_PD) && u->d + 1 >= NFPS_GPR_ZERO)
		return -EINVAL;
	return 0;
}

static int nfps_fmt_reg(char *buf, size_t len, u8 r)
{
	if (r == NFPS_GPR_ZERO)
		return nfps_snprintf(buf, len, "zero");
	if (r < NFPS_GPR_T0)
		return nfps_snprintf(buf, len, "r%u%c", r / 2, r & 1 ? 'h' : 'l');
	return nfps_snprintf(buf, len, "t%u", r - NFPS_GPR_T0);
}

static int nfps_fmt_pair(char *buf, size_t len, u8 r)
{
	if (r < NFPS_GPR_T0)
		return nfps_snprintf(buf, len, "r%u", r / 2);
	return nfps_snprintf(buf, len, "t%u:t%u", r - NFPS_GPR_T0 + 1, r - NFPS_GPR_T0);
}

static int nfps_fmt_tok(const struct nfps_uinsn *u, char c, char *buf, size_t len)
{
	s32 off = nfps_simm(u);
	int n;

	switch (c) {
	case 'd':
		return nfps_fmt_reg(buf, len, u->d);
	case 'a':
		return nfps_fmt_reg(buf, len, u->a);
	case 'b':
		return nfps_fmt_reg(buf, len, u->b);
	case 'x':
		return nfps_fmt_reg(buf, len, u->x);
	case 'D':
		return nfps_fmt_pair(buf, len, u->d);
	case 'A':
		return nfps_fmt_pair(buf, len, u->a);
	case 'B':
		return nfps_fmt_pair(buf, len, u->b);
	case 'i':
		return nfps_snprintf(buf, len, "0x%x", u->imm);
	case 's':
		return nfps_snprintf(buf, len, "%u", u->imm);
	case 'n':
		return nfps_snprintf(buf, len, "%u", u->x);
	case 'c':
		return nfps_snprintf(buf, len, ".%s ", nfps_cc_name[u->x]);
	case 't':
		return nfps_snprintf(buf, len, "%u", u->tgt);
	case 'r':
		return nfps_snprintf(buf, len, "%s", nfps_csr_name[u->imm]);
	case 'k':
		return nfps_snprintf(buf, len, "%s%s", u->x & NFPS_ATOM_64 ? "64" : "32",
				       u->x & NFPS_ATOM_FETCH ? ".fetch" : "");
	case 'm':
		n = nfps_snprintf(buf, len, "[");
		n += nfps_fmt_pair(buf + n, len - n, u->a);
		return n + nfps_snprintf(buf + n, len - n, " %c %d]", off < 0 ? '-' : '+',
					 off < 0 ? -off : off);
	default:
		return nfps_snprintf(buf, len, "%c", c);
	}
}

/**
 * nfps_format_insn() - render one decoded instruction as assembly text
 * @u: a successfully decoded instruction
 * @buf: output, always NUL-terminated
 * @len: size of @buf (64 bytes are enough)
 */
void nfps_format_insn(const struct nfps_uinsn *u, char *buf, size_t len)
{
	const char *p = nfps_fmt[nfps_op_info[u->op].fmt].pat;
	size_t n;

	n = nfps_snprintf(buf, len, "%-10s ", nfps_op_info[u->op].mnem);
	if (*p == 'c') {	/* condition suffix glued to the mnemonic */
		n = nfps_snprintf(buf, len, "%s.%s", nfps_op_info[u->op].mnem,
				  nfps_cc_name[u->x]);
		n += nfps_snprintf(buf + n, len - n, "%*s", n < 11 ? (int)(11 - n) : 1, "");
		p++;
	}
	for (; *p && n < len; p++) {
		n += nfps_fmt_tok(u, *p, buf + n, len - n);
		if (*p == ',' && n < len)
			n += nfps_snprintf(buf + n, len - n, " ");
	}
	while (n > 0 && n < len && buf[n - 1] == ' ')
		buf[--n] = 0;
}
