/* SPDX-License-Identifier: GPL-2.0 */
/* clang -target bpf has no asm/ headers: the generic ones fit BPF. */
#include <asm-generic/bitsperlong.h>
