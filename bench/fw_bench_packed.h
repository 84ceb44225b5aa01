/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_packed.c: the driver side of a packed virtqueue (virtio 1.2,
 * 2.8), as lean as a PMD's: bringing a device up with
 * VIRTIO_F_RING_PACKED, and posting, reaping and kicking one ring.  The
 * loops over them are fw_bench_driver.c's, beside the split ones.
 *
 * Every buffer is one descriptor (the frame and its header, or a receive
 * buffer), so a used descriptor takes one slot.  Posting writes the whole
 * descriptor (the device wrote its id, len and flags back), and a batch
 * appears at once: its first descriptor's flags go last, with a release
 * (2.8.21.1).  Reaping reads flags until one isn't used in this lap.  Used
 * buffer notifications are off (the driver's event suppression says
 * DISABLE, as a polling driver's does); the device's says when to ring
 * the doorbell (DESC with EVENT_IDX).
 *
 * fw_bench_driver.h includes it after struct bq, which struct pk embeds.
 */
#ifndef OVNIC_FW_BENCH_PACKED_H
#define OVNIC_FW_BENCH_PACKED_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_bench_defs.h"

/*
 * The descriptors' flags.  WRITE is the split ring's; a descriptor is
 * available when AVAIL is the driver's wrap counter and USED is not, used
 * when both are the device's.
 */
#define PK_F_WRITE	VRING_DESC_F_WRITE
#define PK_F_AVAIL	(1u << VRING_PACKED_DESC_F_AVAIL)
#define PK_F_USED	(1u << VRING_PACKED_DESC_F_USED)
#define PK_F_AU		(PK_F_AVAIL | PK_F_USED)

/* An event suppression structure, read in one load to be consistent. */
union pk_event {
	struct {
		uint16_t off_wrap;	/* bit 15: the wrap counter */
		uint16_t flags;		/* VRING_PACKED_EVENT_FLAG_* */
	};
	uint32_t word;
};

struct pk_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t id;
	uint16_t flags;
};

/*
 * What the driver shares with vdriver's queue: vdriver frees it with the
 * device (vq first), the bench keeps its counters in struct bq.
 */
struct pk_vq {
	struct vd_vq vq;
	struct pk_desc *desc;		/* size slots */
	union pk_event *drv;		/* the driver's: no interrupts */
	union pk_event *dev;		/* the device's: when to kick */
};

/*
 * One packed ring.  @s holds what both layouts count and own: the queue,
 * its size, the FIFO of free ids, each id's buffer, reaped, kicks, bad
 * lengths, the last id reaped; avail_idx is the next slot to fill,
 * last_used the next slot to reap and kick_old the position (pk_pos()) at
 * the last kick decision.
 */
struct pk {
	struct bq s;
	struct pk_desc *desc;
	union pk_event *dev;
	uint64_t *iova;		/* each id's buffer, for the device */
	uint32_t buf_len;
	uint16_t avail_flags;	/* this lap's AVAIL/USED, and WRITE */
	uint16_t used_flags;	/* AVAIL|USED of this lap's used */
};

static inline struct pk_vq *to_pk_vq(struct vd_vq *q)
{
	return (struct pk_vq *)q;
}

static inline unsigned int pk_nfree(const struct pk *r)
{
	return r->s.free_tail - r->s.free_head;
}

/* The next slot to fill with its wrap counter, as 0 .. 2 * size - 1. */
static inline uint32_t pk_pos(const struct pk *r)
{
	return r->s.avail_idx + (r->avail_flags & PK_F_AVAIL ? 0 : r->s.size);
}

/*
 * Make up to @n owned ids available; returns how many.  The card reads
 * the ring flag by flag: were each descriptor's flags written as it is
 * filled, it could catch up with this loop inside a batch.  So the
 * batch's first flags go last, after a release that orders the rest
 * before them (2.8.21.1): the card sees the whole batch or none of it, as
 * a split ring's one avail->idx store shows it.  Chains would change
 * nothing: only the batch's first slot waits (2.8.6).  A batch is never
 * longer than the ring: its first slot is written once.
 */
static inline unsigned int pk_post(struct pk *r, unsigned int n)
{
	uint16_t slot = r->s.avail_idx, flags = r->avail_flags;
	uint16_t first_flags = flags;
	struct pk_desc *first = &r->desc[slot];
	unsigned int i;

	if (n > pk_nfree(r))
		n = pk_nfree(r);
	/* nothing to publish: the first slot's flags must stay as they are */
	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		struct pk_desc *d = &r->desc[slot];
		uint16_t id = r->s.free[r->s.free_head++ & r->s.mask];

		d->addr = r->iova[id];
		d->len = r->buf_len;
		d->id = id;
		/*
		 * No release of their own: the card reaches these only past
		 * the first's flags, whose release orders them.
		 */
		if (i)
			__atomic_store_n(&d->flags, flags, __ATOMIC_RELAXED);
		if (++slot == r->s.size) {
			slot = 0;
			flags ^= PK_F_AU;
		}
	}
	__atomic_store_n(&first->flags, first_flags, __ATOMIC_RELEASE);
	r->s.avail_idx = slot;
	r->avail_flags = flags;
	return n;
}

/*
 * Ring the doorbell if the device asked (2.8.10, 2.8.21.3): DESC, when
 * what was made available since the last decision covers the slot and
 * lap it names; ENABLE always; DISABLE never.  Returns whether rung.
 */
static inline bool pk_kick(struct vd_card *c, struct pk *r)
{
	uint32_t new = pk_pos(r), old = r->s.kick_old;
	uint32_t twice = 2u * r->s.size, added, ev, dist;
	union pk_event e;
	bool kick;

	if (new == old)
		return false;
	/* The descriptors' flags before the device's event (store-load). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	e.word = __atomic_load_n(&r->dev->word, __ATOMIC_RELAXED);
	r->s.kick_old = new;
	if (e.flags == VRING_PACKED_EVENT_FLAG_DESC) {
		ev = (e.off_wrap & 0x7fff) +
		     (e.off_wrap >> VRING_PACKED_EVENT_F_WRAP_CTR ? 0 :
		      r->s.size);
		added = new >= old ? new - old : new + twice - old;
		dist = new >= ev ? new - ev : new + twice - ev;
		/* the event's slot is one of the @added before @new */
		kick = dist - 1 < added;
	} else {
		kick = e.flags != VRING_PACKED_EVENT_FLAG_DISABLE;
	}
	if (!kick) {
		r->s.kicks_skipped++;
		return false;
	}
	ovnic_card_doorbell(c->card, r->s.q->dev->dev_id, r->s.q->qid);
	r->s.kicks++;
	return true;
}

/*
 * Take every used buffer back (no more than are out); @want_len checks
 * the used length (0: no).  An id out of range counts as a bad length.
 */
static inline unsigned int pk_reap(struct pk *r, uint32_t want_len)
{
	uint16_t slot = r->s.last_used, uf = r->used_flags;
	unsigned int n, out = r->s.size - pk_nfree(r);

	for (n = 0; n < out; n++) {
		const struct pk_desc *d = &r->desc[slot];
		uint16_t id;

		if ((__atomic_load_n(&d->flags, __ATOMIC_ACQUIRE) & PK_F_AU) !=
		    uf)
			break;
		id = d->id;
		if ((want_len && d->len != want_len) || id >= r->s.size) {
			r->s.bad_len++;
			id = r->s.last_head;
		}
		r->s.last_head = id;
		r->s.free[r->s.free_tail++ & r->s.mask] = id;
		if (++slot == r->s.size) {
			slot = 0;
			uf ^= PK_F_AU;
		}
	}
	r->s.last_used = slot;
	r->used_flags = uf;
	__atomic_store_n(&r->s.reaped, r->s.reaped + n, __ATOMIC_RELAXED);
	return n;
}

/*
 * A device as vd_dev_bringup() brings it up, but negotiating
 * VIRTIO_F_RING_PACKED and with packed data queues; NULL with *err set
 * when it fails, -ENOTSUP when the card doesn't offer packed rings.
 */
struct vd_dev *pk_dev_bringup(struct vd_card *c, const struct vd_dev_cfg *cfg,
			      int *err);
/* Like bq_init(): every id its own buffer, all of them free. */
void pk_init(struct vd_card *c, struct pk *r, struct vd_vq *q,
	     uint32_t buf_len, bool write, const uint8_t *proto);
void pk_free(struct pk *r);

#endif /* OVNIC_FW_BENCH_PACKED_H */
