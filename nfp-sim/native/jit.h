/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The simulator's native tier (userspace, x86-64): microcode compiled to
 * host code with the interpreter's exact semantics. See jit.c for the design.
 */
#ifndef NFPSIM_JIT_H
#define NFPSIM_JIT_H

#include "nfps.h"
#include "isa.h"
#include "prog.h"

/*
 * Compile @prog's microcode and attach it as prog->native, so nfps_run()
 * uses it for unprofiled runs. Does nothing (returns 0) on hosts other
 * than x86-64 or when NFPSIM_JIT=0 is in the environment.
 * Return: 0, or -ENOMEM with @diag filled.
 */
int nfps_jit_attach(struct nfps_prog *prog, struct nfps_diag *diag);

/* Detach and free the native code: later runs use the interpreter. */
void nfps_jit_detach(struct nfps_prog *prog);

/* Whether nfps_jit_attach() compiles on this host and environment. */
bool nfps_jit_enabled(void);

#endif /* NFPSIM_JIT_H */
