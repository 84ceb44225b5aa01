// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Packed virtqueues, device side (virtio 1.2 section 2.8): one ring of
 * descriptors that the driver makes available and the card returns used
 * in place, told apart by the AVAIL and USED flags against each side's
 * wrap counter (2.8.1); the event suppression structures (2.8.10) instead
 * of the split ring's flags and event indices.
 *
 * A queue's positions are kept as VQ_QUERY reports them: bits 14:0 the
 * slot, bit 15 the wrap counter.  Used entries wait in vq->pending until
 * fw_packed_publish(): a used descriptor overwrites the available one in
 * its slot, so writing it early would leave nothing to take back when a
 * frame runs out of buffers (net_rx.c), and would show the driver a batch
 * before coalescing decided.
 */
#include "vq_ring.h"

#define POS_MASK	(VRING_PACKED_WRAP - 1)

/* @idx moved on by @n slots of a ring of @size, the wrap counter with it. */
static inline u16 packed_advance(u16 idx, u32 n, u16 size)
{
	u32 pos = (idx & POS_MASK) + n;
	u16 wrap = idx & VRING_PACKED_WRAP;

	if (pos >= size) {
		pos -= size;
		wrap ^= VRING_PACKED_WRAP;
	}
	return (u16)pos | wrap;
}

/* Whether a descriptor's flags make it available in lap @wrap (2.8.1). */
static inline bool packed_desc_avail(u16 flags, u16 wrap)
{
	bool avail = flags & VRING_PACKED_DESC_F_AVAIL;
	bool used = flags & VRING_PACKED_DESC_F_USED;

	return avail == !!wrap && used != !!wrap;
}

static inline u16 packed_flags(const struct ovnic_vq *vq, u16 pos)
{
	return fw_le16_load_acquire(&vq->pdesc[pos].flags);
}

bool fw_packed_has_avail(struct ovnic_vq *vq)
{
	u16 idx = vq->last_avail_idx;

	return packed_desc_avail(packed_flags(vq, idx & POS_MASK),
				 idx & VRING_PACKED_WRAP);
}

/* A position as slots from the first slot of a wrap-counter-1 lap. */
static inline u32 packed_linear(u16 idx, u16 size)
{
	return (idx & POS_MASK) + (idx & VRING_PACKED_WRAP ? 0 : size);
}

/*
 * Whether @next, a notification's slot and wrap counter, claims a slot the
 * ring does not show available: the one before @next, the last the driver
 * says it made available.  Data at or behind the card's position is old
 * news; a whole ring's claim cannot be told from a ring's lag, and passes.
 */
bool fw_packed_notify_ahead(struct ovnic_vq *vq, u16 next)
{
	u16 wrap = next & VRING_PACKED_WRAP;
	u16 slot = next & POS_MASK;
	u16 size = vq->size;
	u32 claimed;

	if (slot >= size)
		return true;
	claimed = (packed_linear(next, size) + 2u * size -
		   packed_linear(vq->last_avail_idx, size)) % (2u * size);
	if (!claimed || claimed >= size)
		return false;
	if (slot-- == 0) {
		slot = size - 1;
		wrap ^= VRING_PACKED_WRAP;
	}
	return !packed_desc_avail(packed_flags(vq, slot), wrap);
}

/* An indirect table (2.8.7): its descriptors in order, only WRITE counts. */
static int packed_walk_indirect(struct ovnic_vq *vq, struct ovnic_chain *chain,
				int expect, const struct vring_packed_desc *d,
				bool *seen_write)
{
	const struct vring_packed_desc *table;
	u32 len = ovnic_le32_to_cpu(d->len), mapped, i, n;

	if (!vq->indirect || !len || len % sizeof(*table) ||
	    len / sizeof(*table) > vq->size)
		return FW_CHAIN_BAD_DESC;
	table = vq_xlate(vq, ovnic_le64_to_cpu(d->addr), len,
			 OVNIC_MR_PERM_READ, &mapped);
	if (!table || mapped != len)
		return FW_CHAIN_BAD_ADDR;
	n = len / sizeof(*table);
	for (i = 0; i < n; i++) {
		struct vring_packed_desc e;
		bool write;
		int ret;

		/* Indirect tables need not be aligned: copy, don't cast. */
		fw_memcpy(&e, &table[i], sizeof(e));
		__atomic_signal_fence(__ATOMIC_ACQUIRE);
		write = ovnic_le16_to_cpu(e.flags) & VRING_DESC_F_WRITE;
		chain->ndescs++;
		if (!vq_desc_dir_ok(expect, write, *seen_write))
			return FW_CHAIN_BAD_DESC;
		*seen_write |= write;
		if (!e.len)
			continue;
		ret = vq_chain_add(vq, chain, ovnic_le64_to_cpu(e.addr),
				   ovnic_le32_to_cpu(e.len), write);
		if (ret)
			return ret;
	}
	return FW_CHAIN_OK;
}

/*
 * The general walk: a chain over several slots (NEXT), or an indirect
 * table.  The chain's end is found even past a bad descriptor, so the
 * buffer can be returned unused and the ring stays in step with the
 * driver; only a chain with no end within the ring breaks the queue.
 */
static fw_noinline int packed_peek_chain(struct ovnic_vq *vq,
					 struct ovnic_chain *chain, int expect,
					 u16 pos)
{
	bool seen_write = false;
	int err = FW_CHAIN_OK;
	u16 slots = 0, flags;

	do {
		struct vring_packed_desc d;
		bool write;
		int ret;

		if (++slots > vq->size) {
			vq_break(vq, "descriptor chain longer than the ring");
			return FW_CHAIN_BROKEN;
		}
		fw_memcpy(&d, &vq->pdesc[pos], sizeof(d));
		__atomic_signal_fence(__ATOMIC_ACQUIRE);
		flags = ovnic_le16_to_cpu(d.flags);
		chain->head = ovnic_le16_to_cpu(d.id);	/* the last one's */
		if (++pos == vq->size)
			pos = 0;
		if (err)
			continue;
		chain->ndescs++;
		if (flags & VRING_DESC_F_INDIRECT) {
			/* 2.8.7: alone in its chain, never with NEXT */
			if (slots > 1 || flags & VRING_DESC_F_NEXT)
				err = FW_CHAIN_BAD_DESC;
			else
				err = packed_walk_indirect(vq, chain, expect,
							   &d, &seen_write);
			continue;
		}
		write = flags & VRING_DESC_F_WRITE;
		if (!vq_desc_dir_ok(expect, write, seen_write)) {
			err = FW_CHAIN_BAD_DESC;
			continue;
		}
		seen_write |= write;
		if (!d.len)
			continue;
		ret = vq_chain_add(vq, chain, ovnic_le64_to_cpu(d.addr),
				   ovnic_le32_to_cpu(d.len), write);
		if (ret)
			err = ret;
	} while (flags & VRING_DESC_F_NEXT);
	chain->slots = slots;
	if (!err)
		fw_count(&vq->stats.c[OVNIC_VQC_DESCS], chain->ndescs);
	return err;
}

/*
 * Fetch the chain at the available position without consuming it.  The
 * first descriptor's flags, written last by the driver, say whether the
 * whole chain is there (2.8.6); a lone direct descriptor takes the short
 * way.
 */
int fw_packed_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect)
{
	u16 idx = vq->last_avail_idx, pos = idx & POS_MASK;
	struct vring_packed_desc d;
	u16 flags;
	bool write;
	int ret;

	flags = packed_flags(vq, pos);
	if (!packed_desc_avail(flags, idx & VRING_PACKED_WRAP))
		return FW_CHAIN_EMPTY;
	fw_memcpy(&d, &vq->pdesc[pos], sizeof(d));
	__atomic_signal_fence(__ATOMIC_ACQUIRE);
	vq_chain_init(chain, ovnic_le16_to_cpu(d.id));
	if (unlikely(flags & (VRING_DESC_F_NEXT | VRING_DESC_F_INDIRECT)))
		return packed_peek_chain(vq, chain, expect, pos);

	chain->ndescs = 1;
	write = flags & VRING_DESC_F_WRITE;
	if (!vq_desc_dir_ok(expect, write, false))
		return FW_CHAIN_BAD_DESC;
	ret = vq_chain_add_one(vq, chain, ovnic_le64_to_cpu(d.addr),
			       ovnic_le32_to_cpu(d.len), write);
	if (ret)
		return ret;
	fw_count(&vq->stats.c[OVNIC_VQC_DESCS], 1);
	return FW_CHAIN_OK;
}

void fw_packed_consume(struct ovnic_vq *vq, const struct ovnic_chain *chain)
{
	fw_write_once(&vq->last_avail_idx,
		      packed_advance(vq->last_avail_idx, chain->slots,
				     vq->size));
}

/*
 * Queue a used entry for the chain's first slot (2.8.5).  The consumed
 * chains bound the entries: each took at least one of the ring's slots.
 */
void fw_packed_push_used(struct ovnic_vq *vq, const struct ovnic_chain *chain,
			 u32 len)
{
	struct fw_packed_used *e;

	if (unlikely(vq->npending >= vq->size)) {
		vq_break(vq, "more used entries than ring slots");
		return;
	}
	e = &vq->pending[vq->npending++];
	e->id = chain->head;
	e->slots = chain->slots;
	e->len = len;
	fw_write_once(&vq->used_idx,
		      packed_advance(vq->used_idx, chain->slots, vq->size));
}

/*
 * Write the pending entries into the ring.  Each entry's id and len are
 * visible before its flags; the batch's first flags go last, so the driver,
 * which reads in order, sees the batch at once.
 */
u16 fw_packed_publish(struct ovnic_vq *vq)
{
	u16 n = vq->npending, idx = vq->used_published, first_flags = 0, i;
	struct vring_packed_desc *first = NULL;
	u32 slots = 0;

	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		const struct fw_packed_used *e = &vq->pending[i];
		struct vring_packed_desc *d = &vq->pdesc[idx & POS_MASK];
		u16 flags = idx & VRING_PACKED_WRAP ?
			    VRING_PACKED_DESC_F_AVAIL |
			    VRING_PACKED_DESC_F_USED : 0;

		fw_le16_store(&d->id, e->id);
		fw_le32_store(&d->len, e->len);
		if (i) {
			fw_le16_store_release(&d->flags, flags);
		} else {
			first = d;
			first_flags = flags;
		}
		slots += e->slots;
		idx = packed_advance(idx, e->slots, vq->size);
	}
	fw_le16_store_release(&first->flags, first_flags);
	vq->used_published = idx;
	vq->signal_slots += slots;
	vq->npending = 0;
	return n;
}

/*
 * The driver's event suppression (2.8.10): enabled, disabled, or (with
 * EVENT_IDX) a used position whose passing asks for the notification.
 * Slots published since the last decision give the window it is looked
 * for in, as the driver does for its kicks.
 */
bool fw_packed_should_notify(struct ovnic_vq *vq)
{
	const struct vring_packed_event *ev = vq->driver_event;
	u16 new = vq->used_published & POS_MASK, off_wrap, flags, event;
	u32 slots = vq->signal_slots;

	/* Order the used entries before reading the driver's suppression. */
	fw_mb();
	vq->signal_slots = 0;
	flags = fw_le16_load(&ev->flags) & 3;
	if (flags == VRING_PACKED_EVENT_DISABLE)
		return false;
	if (flags != VRING_PACKED_EVENT_DESC || !vq->event_idx ||
	    slots >= vq->size)
		return true;
	off_wrap = fw_le16_load(&ev->off_wrap);
	event = off_wrap & POS_MASK;
	/* An event position of the lap before is @size slots further back. */
	if ((off_wrap ^ vq->used_published) & VRING_PACKED_WRAP)
		event -= vq->size;
	return vring_need_event(event, new, (u16)(new - slots));
}

/*
 * Ask for a kick when the driver makes the next descriptor available
 * (with EVENT_IDX, at our position; else at any).
 */
void fw_packed_enable_notify(struct ovnic_vq *vq)
{
	if (vq->event_idx) {
		fw_le16_store(&vq->device_event->off_wrap, vq->last_avail_idx);
		fw_le16_store(&vq->device_event->flags,
			      VRING_PACKED_EVENT_DESC);
	} else {
		fw_le16_store(&vq->device_event->flags,
			      VRING_PACKED_EVENT_ENABLE);
	}
	fw_mb();
}

/*
 * No kicks while the card serves the queue: it comes back to the ring by
 * itself, and asks again (fw_packed_enable_notify()) when it runs dry.
 * Left enabled, the position it asked for stays behind, and a driver
 * comparing positions modulo two laps of the ring (2.8.10) passes it
 * again every second lap: one kick per two laps for a card that never
 * stopped, where a split ring's 16-bit index takes 65536 descriptors.
 */
void fw_packed_disable_notify(struct ovnic_vq *vq)
{
	if (fw_le16_load(&vq->device_event->flags) !=
	    VRING_PACKED_EVENT_DISABLE)
		fw_le16_store(&vq->device_event->flags,
			      VRING_PACKED_EVENT_DISABLE);
}

/*
 * The card's event suppression structure once the rings are mapped: a
 * receive queue wants no kicks (frames fill it as they come; a split
 * ring's avail_event that stays 0 asks for one in 65536), the others one
 * at the next descriptor.
 */
void fw_packed_init_events(struct ovnic_vq *vq)
{
	if (vq->no_kicks) {
		fw_le16_store(&vq->device_event->flags,
			      VRING_PACKED_EVENT_DISABLE);
		return;
	}
	if (vq->event_idx)
		fw_packed_enable_notify(vq);
	else
		fw_le16_store(&vq->device_event->flags,
			      VRING_PACKED_EVENT_ENABLE);
}
