// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: packed virtqueues from the driver's side (virtio 1.2 2.8): one
 * descriptor ring both ways, the wrap counters in each descriptor's AVAIL
 * and USED flags, buffer ids apart from ring slots, and the two event
 * suppression structures (2.8.10).  vdriver_ring.c calls these for a queue
 * of a device that negotiated VIRTIO_F_RING_PACKED.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "vdriver.h"
#include "vdriver_int.h"

#define PQ_F_AVAIL	(1u << VRING_PACKED_DESC_F_AVAIL)
#define PQ_F_USED	(1u << VRING_PACKED_DESC_F_USED)

static inline void pq_mb(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/* The AVAIL/USED bits of a descriptor made available in lap @wrap. */
static uint16_t pq_avail_bits(bool wrap)
{
	return wrap ? PQ_F_AVAIL : PQ_F_USED;
}

/* 2.8.1: used in lap @wrap when both bits equal the counter. */
static bool pq_is_used(uint16_t flags, bool wrap)
{
	bool avail = flags & PQ_F_AVAIL, used = flags & PQ_F_USED;

	return avail == used && used == wrap;
}

/* Slot @pos + @n, flipping *wrap at each end of the ring crossed. */
static uint16_t pq_step(const struct vd_vq *q, uint16_t pos, unsigned int n,
			bool *wrap)
{
	uint32_t p = (uint32_t)pos + n;

	while (p >= q->size) {
		p -= q->size;
		*wrap = !*wrap;
	}
	return (uint16_t)p;
}

uint16_t pq_state(uint16_t pos, bool wrap)
{
	return pos | (wrap ? VD_PACKED_WRAP : 0);
}

/* Ring slots the chain with buffer id @id took; 1 for one not ours. */
static unsigned int pq_slots(const struct vd_vq *q, uint16_t id)
{
	const struct vd_chain *ch = id < q->size ? q->chain[id] : NULL;

	return ch && ch->busy && ch->ndesc ? ch->ndesc : 1;
}

/* ---- setup ---- */

/*
 * The ring as a queue stopped at @state leaves it: the slots before the
 * position were used in this lap, the others in the previous one, so none
 * looks available to the card or used to the driver.
 */
int pq_init(struct vd_vq *q, uint16_t state)
{
	uint16_t pos = state & ~VD_PACKED_WRAP, i;
	bool wrap = state & VD_PACKED_WRAP;

	if (pos >= q->size)
		return -EINVAL;
	memset(q->ring, 0, 16ul * q->size);
	for (i = 0; i < q->size; i++)
		if (i < pos ? wrap : !wrap)
			q->ring[i].flags = PQ_F_AVAIL | PQ_F_USED;
	memset(q->driver_event, 0, sizeof(*q->driver_event));
	memset(q->device_event, 0, sizeof(*q->device_event));
	q->next_avail = pos;
	q->next_used = pos;
	q->avail_wrap = wrap;
	q->used_wrap = wrap;
	for (i = 0; i < q->size; i++)
		q->free_stack[i] = q->size - 1 - i;
	q->nids = q->size;
	q->nfree = q->size;
	q->avail_idx = 0;
	q->last_used = 0;
	q->kick_old = 0;
	return 0;
}

/* ---- posting ---- */

/* A buffer id and @nslots ring slots from the next available one. */
struct vd_chain *pq_reserve(struct vd_vq *q, unsigned int nslots, int *id)
{
	uint16_t pos = q->next_avail;
	bool wrap = q->avail_wrap;
	struct vd_chain *ch;
	unsigned int i;

	if (!nslots || nslots > VD_MAX_SEGS) {
		*id = -EINVAL;
		return NULL;
	}
	if (nslots > q->nfree || !q->nids) {
		*id = -ENOSPC;
		return NULL;
	}
	*id = q->free_stack[q->nids - 1];
	ch = vq_chain(q, *id);
	if (!ch) {
		*id = -ENOMEM;
		return NULL;
	}
	q->nids--;
	q->nfree -= nslots;
	for (i = 0; i < nslots; i++) {
		ch->desc[i] = pos;
		pos = pq_step(q, pos, 1, &wrap);
	}
	ch->id = *id;
	ch->ndesc = nslots;
	ch->busy = true;
	ch->raw = false;
	ch->nseg = 0;
	ch->cookie = 0;
	return ch;
}

/* Give back the chain's id and slots (reaped, or never made available). */
void pq_release(struct vd_vq *q, struct vd_chain *ch)
{
	q->nfree += ch->ndesc;
	q->free_stack[q->nids++] = ch->id;
	ch->busy = false;
	ch->ndesc = 0;
}

/*
 * Write @n descriptors at the next available slots, the driver's flags
 * with the AVAIL/USED bits of each slot's lap; the head's flags go last,
 * after a barrier, which makes the whole chain available (2.8.21.1).
 */
static void pq_fill(struct vd_vq *q, const struct vring_packed_desc *src,
		    unsigned int n)
{
	uint16_t pos = q->next_avail, head_flags = 0;
	bool wrap = q->avail_wrap;
	unsigned int i;

	for (i = 0; i < n; i++) {
		struct vring_packed_desc *e = &q->ring[pos];
		uint16_t flags = (src[i].flags & ~(PQ_F_AVAIL | PQ_F_USED)) |
				 pq_avail_bits(wrap);

		e->addr = src[i].addr;
		e->len = src[i].len;
		e->id = src[i].id;
		if (i)
			e->flags = flags;
		else
			head_flags = flags;
		pos = pq_step(q, pos, 1, &wrap);
	}
	pq_mb();
	__atomic_store_n(&q->ring[q->next_avail].flags, head_flags,
			 __ATOMIC_RELEASE);
	pq_mb();
	q->next_avail = pos;
	q->avail_wrap = wrap;
	q->avail_idx += n;
}

/* The chain's segments into the ring, or into its indirect table. */
int pq_commit(struct vd_vq *q, struct vd_chain *ch)
{
	struct vring_packed_desc src[VD_MAX_SEGS];
	struct vd_dev *d = q->dev;
	unsigned int i, n = ch->nseg;

	for (i = 0; i < n; i++)
		src[i] = (struct vring_packed_desc){
			.addr	= vd_iova(d, ch->seg[i].p),
			.len	= ch->seg[i].len,
			.id	= ch->id,
			.flags	= (ch->seg[i].write ? VRING_DESC_F_WRITE : 0) |
				  (i + 1 < n ? VRING_DESC_F_NEXT : 0),
		};
	if (!ch->indirect) {
		pq_fill(q, src, n);
		return 0;
	}
	if (ch->itable_cap < n) {
		ch->pitable = vd_alloc(d->card, VD_MAX_SEGS * 16, 16);
		if (!ch->pitable)
			return -ENOMEM;
		ch->itable_cap = VD_MAX_SEGS;
	}
	/* 2.8.19: only WRITE counts in a table; no NEXT, ids unused. */
	for (i = 0; i < n; i++) {
		ch->pitable[i] = src[i];
		ch->pitable[i].id = 0;
		ch->pitable[i].flags &= VRING_DESC_F_WRITE;
	}
	src[0] = (struct vring_packed_desc){
		.addr	= vd_iova(d, ch->pitable),
		.len	= n * 16,
		.id	= ch->id,
		.flags	= VRING_DESC_F_INDIRECT,
	};
	pq_fill(q, src, 1);
	return 0;
}

/* ---- reaping ---- */

/*
 * Walk the used descriptors from the next one the driver reaps, each
 * followed by the slots its chain took: how many there are, up to @stop;
 * *last gets the last one seen.
 */
static unsigned int pq_walk(struct vd_vq *q, unsigned int stop,
			    struct vring_packed_desc *last)
{
	uint16_t pos = q->next_used;
	bool wrap = q->used_wrap;
	unsigned int n = 0;

	while (n < stop && n < q->size) {
		const struct vring_packed_desc *e = &q->ring[pos];
		uint16_t flags = __atomic_load_n(&e->flags, __ATOMIC_ACQUIRE);
		uint16_t id;

		if (!pq_is_used(flags, wrap))
			break;
		id = e->id;
		if (last) {
			last->addr = e->addr;
			last->len = e->len;
			last->id = id;
			last->flags = flags;
		}
		n++;
		pos = pq_step(q, pos, pq_slots(q, id), &wrap);
	}
	return n;
}

uint16_t pq_used_pending(struct vd_vq *q)
{
	return (uint16_t)pq_walk(q, UINT_MAX, NULL);
}

int pq_used_peek(struct vd_vq *q, uint16_t i, uint32_t *id, uint32_t *len)
{
	struct vring_packed_desc e;

	if (pq_walk(q, (unsigned int)i + 1, &e) != (unsigned int)i + 1)
		return 0;
	*id = e.id;
	*len = e.len;
	return 1;
}

/*
 * Take the next used descriptor: past it go the slots of its chain (one
 * for an id not outstanding, which the caller counts as bogus).  With the
 * event in desc mode, the event moves on with it, as split's used_event.
 */
int pq_get_used(struct vd_vq *q, struct vd_used *u)
{
	struct vring_packed_desc e;
	unsigned int slots;

	if (pq_walk(q, 1, &e) != 1)
		return 0;
	slots = pq_slots(q, e.id);
	u->id = e.id;
	u->len = e.len;
	q->next_used = pq_step(q, q->next_used, slots, &q->used_wrap);
	q->last_used += slots;
	if (q->driver_event->flags == VRING_PACKED_EVENT_FLAG_DESC) {
		q->driver_event->off_wrap = pq_state(q->next_used,
						     q->used_wrap);
		pq_mb();
	}
	return 1;
}

/* ---- notifications (2.8.10) ---- */

/*
 * Whether the card asked for a kick for the @added slots made available
 * since the last decision: its device area's flags, and with EVENT_IDX in
 * desc mode whether the new slots went past its off_wrap.
 */
bool pq_kick_needed(struct vd_vq *q, uint16_t added)
{
	uint16_t flags, off_wrap, off, pos = q->next_avail;

	pq_mb();
	flags = __atomic_load_n(&q->device_event->flags, __ATOMIC_ACQUIRE);
	off_wrap = __atomic_load_n(&q->device_event->off_wrap,
				   __ATOMIC_ACQUIRE);
	if (flags == VRING_PACKED_EVENT_FLAG_DISABLE)
		return false;
	if (flags != VRING_PACKED_EVENT_FLAG_DESC || !q->event_idx)
		return true;
	off = off_wrap & ~VD_PACKED_WRAP;
	/* a position of the previous lap: count it from this lap's start */
	if (!!(off_wrap & VD_PACKED_WRAP) != q->avail_wrap)
		off -= q->size;
	return vring_need_event(off, pos, (uint16_t)(pos - added));
}

void pq_irq_disable(struct vd_vq *q)
{
	q->driver_event->flags = VRING_PACKED_EVENT_FLAG_DISABLE;
	pq_mb();
}

void pq_irq_enable(struct vd_vq *q)
{
	if (q->event_idx) {
		q->driver_event->off_wrap = pq_state(q->next_used,
						     q->used_wrap);
		pq_mb();
		q->driver_event->flags = VRING_PACKED_EVENT_FLAG_DESC;
	} else {
		q->driver_event->flags = VRING_PACKED_EVENT_FLAG_ENABLE;
	}
	pq_mb();
}

void pq_set_used_event(struct vd_vq *q, uint16_t off_wrap)
{
	q->driver_event->off_wrap = off_wrap;
	pq_mb();
	q->driver_event->flags = VRING_PACKED_EVENT_FLAG_DESC;
	pq_mb();
}

uint16_t pq_used_event_in(struct vd_vq *q, unsigned int n)
{
	bool wrap = q->used_wrap;
	uint16_t pos = pq_step(q, q->next_used, n, &wrap);

	return pq_state(pos, wrap);
}

/* ---- raw rings ---- */

/* Take @id off the free list: false when it is not there (in use). */
static bool pq_take_id(struct vd_vq *q, uint16_t id)
{
	unsigned int i;

	for (i = 0; i < q->nids; i++) {
		if (q->free_stack[i] != id)
			continue;
		q->free_stack[i] = q->free_stack[--q->nids];
		return true;
	}
	return false;
}

int vd_vq_raw_packed(struct vd_vq *q, const struct vring_packed_desc *d,
		     unsigned int n, unsigned int flags)
{
	struct vring_packed_desc *src;
	struct vd_chain *ch = NULL;
	unsigned int i;
	int id;

	if (!q->packed || !n)
		return -EINVAL;
	if (n > q->nfree || (!(flags & VD_RAW_KEEP_ID) && !q->nids))
		return -ENOSPC;
	src = calloc(n, sizeof(*src));
	if (!src)
		return -ENOMEM;
	memcpy(src, d, n * sizeof(*src));
	if (flags & VD_RAW_KEEP_ID) {
		id = src[n - 1].id;
		if (id < q->size && pq_take_id(q, (uint16_t)id))
			ch = vq_chain(q, (uint16_t)id);
	} else {
		id = q->free_stack[--q->nids];
		ch = vq_chain(q, (uint16_t)id);
		for (i = 0; i < n; i++)
			src[i].id = (uint16_t)id;
	}
	if (ch) {
		ch->id = (uint16_t)id;
		ch->ndesc = (uint16_t)n;
		ch->busy = true;
		ch->raw = true;
		ch->indirect = false;
		ch->nseg = 0;
		ch->cookie = 0;
	}
	q->nfree -= n;
	pq_fill(q, src, n);
	free(src);
	return id;
}
