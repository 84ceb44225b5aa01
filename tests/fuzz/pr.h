/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the parts of fuzz_packed_ring share: the harness's state (struct
 * pr: fuzz_split_ring's address space, struct sr of sr.h with sr_mem.c,
 * and the packed queues as the driver keeps them), positions on a packed
 * ring, and the functions of pr_dev.c (the device and the checks after
 * the card ran) and pr_ops.c (the operations).  fuzz_packed_ring.c
 * describes the whole.
 */
#ifndef OVNIC_FUZZ_PR_H
#define OVNIC_FUZZ_PR_H

#include "sr.h"

/* Bits of a packed descriptor's flags and of a position (2.8.1). */
#define PR_F_AVAIL	(1u << 7)
#define PR_F_USED	(1u << 15)
#define PR_WRAP		0x8000u
#define PR_POS(x)	((x) & (PR_WRAP - 1))

/*
 * The same arena as fuzz_split_ring: queue q's descriptor ring at
 * sr_desc_off(q, 0) (SR_QSIZE_MAX slots of room), its driver event
 * suppression structure at sr_avail_off(q) (ring window), its device
 * structure at sr_used_off(q) (used window, always writable); each of
 * the two is off_wrap, then flags.
 */
#define PR_DRIVER_IOVA(q)	(SR_RING_IOVA + SR_AVAIL_OFF + \
				 (q) * SR_AVAIL_STRIDE)
#define PR_DEVICE_IOVA(q)	(SR_USED_IOVA + (q) * SR_USED_STRIDE)
#define PR_DESC_IOVA(q)		(SR_RING_IOVA + (q) * SR_DESC_STRIDE)

struct pr_q {
	bool on;
	/* avail and used state apart: no position checks of one another */
	bool skew;
	/*
	 * Chain boundaries the harness can't vouch for (a raw descriptor
	 * with NEXT, a position the driver jumped to, rings moved, a break
	 * that lost used descriptors): the card's writes are checked, not
	 * which chains it took.
	 *
	 * Otherwise the chains the card took are replayed from the ring as
	 * the driver left it, which is what the card read as long as no walk
	 * reaches a slot the card rewrote (a used descriptor) since the run
	 * began: that takes more than a lap in one run.  With the driver
	 * posting in order, only its own chains have NEXT, each ending in
	 * the slots it posted, so a walk never crosses the slot the run
	 * started at: stray lap bits and raw descriptors without NEXT make
	 * stale slots available, never longer walks.
	 */
	bool hostile;
	uint16_t size;
	uint16_t avail;		/* the driver's next slot, position | wrap */
	uint16_t seen_avail;	/* the card's, at the last check */
	uint16_t seen_used;	/* ... and where the driver reads used ones */
	uint32_t irqs;		/* its vector's count at the last check */
	uint64_t ids[1024];	/* hostile: ids the driver ever wrote */
};

struct pr {
	struct sr s;		/* the address space (sr_mem.c) */
	struct pr_q q[SR_NQ];
	uint16_t qsize[SR_NQ];	/* from the setup */
	bool mrg;
	bool coal;		/* the host's coalescing policy was set */
};

/* ---- positions: bits 14:0 the slot, bit 15 the wrap counter ---- */

/* 0 .. 2 * size - 1 along two laps, starting at position 0 of lap 1. */
static inline uint32_t pr_lin(uint16_t x, uint16_t size)
{
	return PR_POS(x) + (x & PR_WRAP ? 0 : size);
}

static inline uint16_t pr_unlin(uint32_t l, uint16_t size)
{
	l %= 2u * size;
	return l < size ? (uint16_t)(l | PR_WRAP) : (uint16_t)(l - size);
}

static inline uint16_t pr_advance(uint16_t x, uint32_t n, uint16_t size)
{
	return pr_unlin(pr_lin(x, size) + n, size);
}

/* Slots from @from on to @to, both valid positions. */
static inline uint32_t pr_dist(uint16_t from, uint16_t to, uint16_t size)
{
	return (pr_lin(to, size) + 2u * size - pr_lin(from, size)) %
	       (2u * size);
}

static inline bool pr_valid(uint16_t x, uint16_t size)
{
	return size && PR_POS(x) < size;
}

/* Available in the lap of wrap counter @wrap (2.8.1). */
static inline bool pr_is_avail(uint16_t flags, uint16_t x)
{
	bool w = x & PR_WRAP;

	return !!(flags & PR_F_AVAIL) == w && !!(flags & PR_F_USED) != w;
}

/* The lap bits that make a descriptor available at @x. */
static inline uint16_t pr_avail_bits(uint16_t x)
{
	return x & PR_WRAP ? PR_F_AVAIL : PR_F_USED;
}

/* A used descriptor's flags at @x, as the card writes them. */
static inline uint16_t pr_used_bits(uint16_t x)
{
	return x & PR_WRAP ? PR_F_AVAIL | PR_F_USED : 0;
}

struct pr_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t id;
	uint16_t flags;
};

/* Raw descriptor bytes (16, little endian) to and from the fields. */
static inline void pr_desc_enc(uint8_t b[16], const struct pr_desc *d)
{
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(d->addr >> (8 * i));
	for (i = 0; i < 4; i++)
		b[8 + i] = (uint8_t)(d->len >> (8 * i));
	b[12] = (uint8_t)d->id;
	b[13] = (uint8_t)(d->id >> 8);
	b[14] = (uint8_t)d->flags;
	b[15] = (uint8_t)(d->flags >> 8);
}

static inline void pr_desc_dec(struct pr_desc *d, const uint8_t b[16])
{
	int i;

	d->addr = 0;
	for (i = 7; i >= 0; i--)
		d->addr = d->addr << 8 | b[i];
	d->len = (uint32_t)b[8] | (uint32_t)b[9] << 8 |
		 (uint32_t)b[10] << 16 | (uint32_t)b[11] << 24;
	d->id = (uint16_t)(b[12] | b[13] << 8);
	d->flags = (uint16_t)(b[14] | b[15] << 8);
}

/* Slot @i of queue @q as the harness last left it (s->snap). */
static inline void pr_shadow_desc(const struct pr *p, unsigned int q,
				  unsigned int i, struct pr_desc *d)
{
	pr_desc_dec(d, p->s.snap + sr_desc_off(q, i));
}

static inline void pr_desc_put(struct pr *p, unsigned int q, unsigned int i,
			       const struct pr_desc *d)
{
	uint8_t b[16];

	pr_desc_enc(b, d);
	sr_write(&p->s, sr_desc_off(q, i), b, 16);
}

static inline bool pr_is_rx(const struct pr *p, uint16_t qid)
{
	return qid % 2 == 0 && qid != p->s.cvq;
}

static inline void pr_id_seen(struct pr_q *q, uint16_t id)
{
	q->ids[id / 64] |= 1ull << (id % 64);
}

/* pr_dev.c */
void pr_q_resync(struct pr *p, uint16_t qid);
void pr_q_mem_init(struct pr *p, uint16_t qid, uint16_t size);
void pr_bringup(struct pr *p);
void pr_settle(struct pr *p);

/* pr_ops.c */
void pr_op(struct pr *p);

#endif /* OVNIC_FUZZ_PR_H */
