/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What every file of the firmware shares: fixed-width types, the card's
 * limits, memory ordering towards the driver and little-endian accessors.
 * Freestanding: nothing here comes from libc or the kernel; the host's
 * services come through the platform layer (platform.h).
 */
#ifndef OVNIC_FW_BASE_H
#define OVNIC_FW_BASE_H

#include "ovnic_card.h"
#include "virtio_defs.h"

typedef ovnic_u8 u8;
typedef ovnic_u16 u16;
typedef ovnic_u32 u32;
typedef ovnic_u64 u64;
typedef _Bool bool;
#define true 1
#define false 0
#ifndef NULL
#define NULL ((void *)0)
#endif

#define OVNIC_FW_MAX_DEVICES	64
#define OVNIC_FW_MAX_VQP	32
#define OVNIC_FW_MAX_VQS	(2 * OVNIC_FW_MAX_VQP + 1)
#define OVNIC_FW_MAX_CORES	16
#define OVNIC_FW_MAX_QSIZE	32768
#define OVNIC_MTU_MIN		68
#define OVNIC_MTU_MAX		9000
#define OVNIC_BURST		32
#define OVNIC_MAX_SEGS		OVNIC_WIRE_MAX_PIECES	/* of one frame */
#define OVNIC_MAC_TABLE_MAX	64	/* per list, CTRL_MAC TABLE_SET */
#define OVNIC_FDB_SIZE		1024	/* power of two */
#define OVNIC_UPLINK_PORT	0xffu
#define OVNIC_NO_PORT		0xfeu
#define OVNIC_FRAME_MAX		(OVNIC_MTU_MAX + 14 + 4)

#define ARRAY_LEN(a)		(sizeof(a) / sizeof((a)[0]))
#define MIN(a, b)		((a) < (b) ? (a) : (b))
#define fw_likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)
#define fw_noinline		__attribute__((__noinline__))
/*
 * The read side of a latch or sequence count (fw_rss): it reads memory the
 * writer may be changing and throws what it read away when the count
 * moved.  A race by design, which ThreadSanitizer cannot tell from a real
 * one: only these readers go uninstrumented.
 */
#define fw_latch_reader		__attribute__((__no_sanitize__("thread")))
#define fw_memcpy		__builtin_memcpy
#define fw_memmove		__builtin_memmove
#define fw_memset		__builtin_memset
#define fw_memcmp		__builtin_memcmp

/* Memory ordering towards the driver, which shares the rings with us. */
#define fw_load_acquire(p)	__atomic_load_n((p), __ATOMIC_ACQUIRE)
#define fw_store_release(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define fw_read_once(p)		__atomic_load_n((p), __ATOMIC_RELAXED)
#define fw_write_once(p, v)	__atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define fw_mb()			__atomic_thread_fence(__ATOMIC_SEQ_CST)
#if defined(__x86_64__) || defined(__i386__)
#define fw_cpu_relax()		__builtin_ia32_pause()
#else
#define fw_cpu_relax()		__atomic_signal_fence(__ATOMIC_SEQ_CST)
#endif
#define fw_rmb()		__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define fw_wmb()		__atomic_thread_fence(__ATOMIC_RELEASE)
#define fw_atomic_add(p, v)	__atomic_add_fetch((p), (v), __ATOMIC_RELAXED)
#define fw_atomic_or(p, v)	__atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define fw_atomic_xchg(p, v)	__atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)

/* Ring fields are little-endian and shared with the driver. */
static inline ovnic_u16 fw_le16_load(const ovnic_le16 *p)
{
	return ovnic_le16_to_cpu((__ovnic_force ovnic_le16)__atomic_load_n(
		(__ovnic_force const ovnic_u16 *)p, __ATOMIC_RELAXED));
}

static inline ovnic_u16 fw_le16_load_acquire(const ovnic_le16 *p)
{
	return ovnic_le16_to_cpu((__ovnic_force ovnic_le16)__atomic_load_n(
		(__ovnic_force const ovnic_u16 *)p, __ATOMIC_ACQUIRE));
}

static inline void fw_le16_store(ovnic_le16 *p, ovnic_u16 v)
{
	__atomic_store_n((__ovnic_force ovnic_u16 *)p,
			 (__ovnic_force ovnic_u16)ovnic_cpu_to_le16(v),
			 __ATOMIC_RELAXED);
}

static inline void fw_le16_store_release(ovnic_le16 *p, ovnic_u16 v)
{
	__atomic_store_n((__ovnic_force ovnic_u16 *)p,
			 (__ovnic_force ovnic_u16)ovnic_cpu_to_le16(v),
			 __ATOMIC_RELEASE);
}

static inline void fw_le32_store(ovnic_le32 *p, ovnic_u32 v)
{
	__atomic_store_n((__ovnic_force ovnic_u32 *)p,
			 (__ovnic_force ovnic_u32)ovnic_cpu_to_le32(v),
			 __ATOMIC_RELAXED);
}

/*
 * A MAC address that other threads read locklessly under a sequence count
 * (struct ovnic_rx_filter): byte by byte, each access atomic, so that a
 * read racing with the owner's write is only discarded, never undefined.
 */
static inline void fw_mac_read_once(u8 *dst, const u8 *src)
{
	u32 i;

	for (i = 0; i < 6; i++)
		dst[i] = fw_read_once(&src[i]);
}

static inline void fw_mac_write_once(u8 *dst, const u8 *src)
{
	u32 i;

	for (i = 0; i < 6; i++)
		fw_write_once(&dst[i], src[i]);
}

/*
 * A counter with one writer at a time (its queue's owner, or the holder of
 * its lock): readers on the mailbox (VQ_STATS, PORT_STATS) load it
 * atomically, so it is stored atomically too, without a locked add.
 */
static inline void fw_count(ovnic_u64 *c, ovnic_u64 n)
{
	fw_write_once(c, fw_read_once(c) + n);
}

/* Unaligned little-endian fields of command and packet buffers. */
static inline u16 fw_get_le16(const u8 *p)
{
	return (u16)(p[0] | p[1] << 8);
}

static inline u32 fw_get_le32(const u8 *p)
{
	return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

static inline void fw_put_le16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void fw_put_le32(u8 *p, u32 v)
{
	fw_put_le16(p, (u16)v);
	fw_put_le16(p + 2, (u16)(v >> 16));
}

static inline void fw_put_le64(u8 *p, u64 v)
{
	fw_put_le32(p, (u32)v);
	fw_put_le32(p + 4, (u32)(v >> 32));
}

#endif /* OVNIC_FW_BASE_H */
