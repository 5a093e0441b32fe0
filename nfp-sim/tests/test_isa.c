// SPDX-License-Identifier: GPL-2.0
/*
 * ISA round trip, generated from the opcode table: for every opcode,
 * encode -> decode -> encode is the identity, the disassembly names the
 * mnemonic, and stray bits in unused fields are rejected.
 * TAP on stdout, the plan up front (one per opcode and check, two more).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "compat.h"
#include "nfps.h"
#include "isa.h"
#include "ktap.h"

static u64 rnd(void)
{
	static u64 s = 88172645463325252ULL;

	s ^= s << 13;
	s ^= s >> 7;
	s ^= s << 17;
	return s;
}

static int round_trip(u8 op, int *checked)
{
	struct nfps_uinsn u, v;
	char buf[96];
	int i, good = 1;

	*checked = 0;
	for (i = 0; i < 2000; i++) {
		u64 w, w2;

		memset(&u, 0, sizeof(u));
		u.op = op;
		u.d = rnd() % 64;
		u.a = rnd() % 64;
		u.b = rnd() % 64;
		u.x = rnd() % 64;
		u.tgt = rnd();
		u.imm = i & 1 ? rnd() % 32 : rnd();
		w = nfps_encode(&u);
		if (nfps_decode(w, &v))
			continue;
		w2 = nfps_encode(&v);
		nfps_format_insn(&v, buf, sizeof(buf));
		if (w2 != w || !strstr(buf, nfps_op_info[op].mnem) || v.op != op) {
			tap_diag("op %s word %016llx -> %016llx '%s'", nfps_op_info[op].mnem,
				 (unsigned long long)w, (unsigned long long)w2, buf);
			good = 0;
		}
		(*checked)++;
	}
	return good;
}

/* a bit in a field the format does not use must make the word illegal */
static int stray_bits(u8 op)
{
	struct nfps_uinsn u = { .op = op }, v;
	u64 w = nfps_encode(&u);
	int shift;

	for (shift = 0; shift < 56; shift++) {
		u64 t = w | (1ULL << shift);

		if (nfps_decode(t, &v))
			continue;
		if (nfps_encode(&v) != t)
			return 0;
	}
	return 1;
}

int main(void)
{
	struct nfps_uinsn u;
	int op, checked;

	tap_plan(NFPS_OP_MAX * 2 + 2);
	for (op = 0; op < NFPS_OP_MAX; op++) {
		int good = round_trip(op, &checked);

		tap_ok(good && checked > 0, "round trip %s", nfps_op_info[op].mnem);
		tap_ok(stray_bits(op), "stray bits rejected %s", nfps_op_info[op].mnem);
	}
	tap_ok(nfps_decode((u64)NFPS_OP_MAX << NFPS_W_OP_SHIFT, &u) == -EINVAL,
	       "unknown opcode rejected");
	tap_ok(nfps_decode(0xffffffffffffffffULL, &u) == -EINVAL, "all ones rejected");
	return tap_done();
}
