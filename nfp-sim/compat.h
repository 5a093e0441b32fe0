/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one compatibility header of the portable core.
 *
 * Everything under nfp-sim/ includes this instead of kernel or libc headers,
 * so the same files build into nfpsim.ko and into the userspace library.
 * Keep it small: only what the core really uses. Kernel build: __KERNEL__.
 */
#ifndef NFPS_COMPAT_H
#define NFPS_COMPAT_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/kernel.h>
#include <linux/errno.h>
#include <linux/string.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/rcupdate.h>
#include <linux/atomic.h>
#include <linux/bitops.h>
#include <linux/math64.h>
#include <linux/minmax.h>
#include <linux/compiler.h>
#include <linux/stdarg.h>
#include <linux/bpf.h>
#include <linux/filter.h>
#include <asm/byteorder.h>

#define nfps_zalloc(sz)		kzalloc((sz), GFP_KERNEL)
#define nfps_free(p)		kfree(p)
#define nfps_vzalloc(sz)	kvzalloc((sz), GFP_KERNEL)
#define nfps_vfree(p)		kvfree(p)
#define nfps_snprintf		snprintf
#define nfps_vsnprintf		vsnprintf

typedef spinlock_t nfps_lock_t;
#define nfps_lock_init(l)	spin_lock_init(l)
#define nfps_lock(l)		spin_lock_bh(l)
#define nfps_unlock(l)		spin_unlock_bh(l)
#define nfps_lock_destroy(l)	do { } while (0)

#define nfps_rcu_read_lock()	rcu_read_lock()
#define nfps_rcu_read_unlock()	rcu_read_unlock()
#define nfps_synchronize_rcu()	synchronize_rcu()

#define nfps_div64_u64(a, b)	div64_u64((a), (b))

#else /* userspace */

#include <stdint.h>
#include <stddef.h>
#include <stdbool.h>
#include <stdarg.h>
#include <string.h>
#include <stdlib.h>
#include <stdio.h>
#include <errno.h>
#include <pthread.h>
#include <endian.h>
#include <linux/bpf.h>	/* uapi: struct bpf_insn, opcodes, map types */

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define READ_ONCE(x)		(*(const volatile typeof(x) *)&(x))
#define WRITE_ONCE(x, v)	(*(volatile typeof(x) *)&(x) = (v))
#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))
#define BIT(n)			(1UL << (n))
#define BIT_ULL(n)		(1ULL << (n))
#define fallthrough		__attribute__((__fallthrough__))
#ifndef __always_inline	/* glibc's sys/cdefs.h has its own */
#define __always_inline		inline __attribute__((__always_inline__))
#endif
#define __maybe_unused		__attribute__((__unused__))
#define __printf(a, b)		__attribute__((format(printf, a, b)))
#ifndef min
#define min(a, b)		((a) < (b) ? (a) : (b))
#define max(a, b)		((a) > (b) ? (a) : (b))
#endif
#define min_t(t, a, b)		((t)(a) < (t)(b) ? (t)(a) : (t)(b))
#define max_t(t, a, b)		((t)(a) > (t)(b) ? (t)(a) : (t)(b))
#define round_up(x, y)		((((x) - 1) | ((__typeof__(x))((y) - 1))) + 1)

#define cpu_to_be16(x)		htobe16(x)
#define cpu_to_be32(x)		htobe32(x)
#define cpu_to_be64(x)		htobe64(x)
#define be16_to_cpu(x)		be16toh(x)
#define be32_to_cpu(x)		be32toh(x)
#define be64_to_cpu(x)		be64toh(x)
#define swab16(x)		__builtin_bswap16(x)
#define swab32(x)		__builtin_bswap32(x)
#define swab64(x)		__builtin_bswap64(x)

#define nfps_zalloc(sz)		calloc(1, (sz))
#define nfps_free(p)		free(p)
#define nfps_vzalloc(sz)	calloc(1, (sz))
#define nfps_vfree(p)		free(p)
#define nfps_snprintf		snprintf
#define nfps_vsnprintf		vsnprintf

typedef pthread_mutex_t nfps_lock_t;
#define nfps_lock_init(l)	pthread_mutex_init((l), NULL)
#define nfps_lock(l)		pthread_mutex_lock(l)
#define nfps_unlock(l)		pthread_mutex_unlock(l)
#define nfps_lock_destroy(l)	pthread_mutex_destroy(l)

/* Userspace readers never race with frees of the same object (see maps.c). */
#define nfps_rcu_read_lock()	do { } while (0)
#define nfps_rcu_read_unlock()	do { } while (0)
#define nfps_synchronize_rcu()	do { } while (0)

#define nfps_div64_u64(a, b)	((u64)(a) / (u64)(b))

typedef struct { long counter; } atomic_long_t;
#define atomic_long_read(v)		__atomic_load_n(&(v)->counter, __ATOMIC_RELAXED)
#define atomic_long_add(i, v)		__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic_long_sub(i, v)		__atomic_sub_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)
#define atomic_long_add_return(i, v)	__atomic_add_fetch(&(v)->counter, (i), __ATOMIC_SEQ_CST)

#endif /* __KERNEL__ */

/* RFC 9669 encodings the 6.1 uapi header lacks */
#ifndef BPF_MEMSX
#define BPF_MEMSX	0x80
#endif
#ifndef BPF_JCOND
#define BPF_JCOND	0xe0
#endif

#endif /* NFPS_COMPAT_H */
