/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A queue's coalescing parameters as one word, and the card's own adaptive
 * moderation that chooses them for drivers that don't
 * (notf_coal_adaptive.c).  The engine is notf_coal.c's.
 */
#ifndef OVNIC_NOTF_COAL_ADAPTIVE_H
#define OVNIC_NOTF_COAL_ADAPTIVE_H

#include "fw_base.h"

#define FW_COAL_RX		0
#define FW_COAL_TX		1

/*
 * The parameters and who set them, in one 64-bit word so that a set is
 * never seen half done: max_packets in bits 31:0, max_usecs in 55:32 (at
 * most OVNIC_COAL_USECS_MAX), the enum ovnic_coal_source in 63:56.  The
 * control queue and the mailbox store it; the owner's adaptive moderation
 * replaces it only by compare-and-swap, so a driver's set always wins.
 */
static inline u64 fw_coal_word(u32 usecs, u32 packets, u8 source)
{
	return (u64)source << 56 | (u64)(usecs & 0xffffff) << 32 | packets;
}

static inline u32 fw_coal_packets(u64 w)
{
	return (u32)w;
}

static inline u32 fw_coal_usecs(u64 w)
{
	return (u32)(w >> 32) & 0xffffff;
}

static inline u8 fw_coal_source(u64 w)
{
	return (u8)(w >> 56);
}

/* Both nonzero: otherwise every packet is notified (5.1.6.5.9.1). */
static inline bool fw_coal_on(u64 w)
{
	return fw_coal_packets(w) && fw_coal_usecs(w);
}

static inline bool fw_coal_cas(u64 *word, u64 old, u64 new)
{
	return __atomic_compare_exchange_n(word, &old, new, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/* The card's rate measurement of one queue (owner only). */
struct fw_coal_adapt {
	u64 window_ns;		/* start of the current measurement window */
	u32 window_pkts;	/* packets published in it */
	u32 since_sample;	/* packets since the clock was last read */
	u32 rate;		/* smoothed packets per second */
};

struct ovnic_vq;

/* The owner's, but for fw_coal_adaptive_on(). */
bool fw_coal_adaptive_on(const struct ovnic_vq *vq, u64 word);
u64 fw_coal_adapt_flush(struct ovnic_vq *vq, u64 word, u16 published,
			u64 *now);
u64 fw_coal_adapt_sample(struct ovnic_vq *vq, u64 word, u64 now);

#endif /* OVNIC_NOTF_COAL_ADAPTIVE_H */
