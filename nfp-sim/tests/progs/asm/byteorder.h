/* SPDX-License-Identifier: GPL-2.0 */
/* BPF objects here are little endian (bpfel, the host order). */
#include <linux/byteorder/little_endian.h>
