/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Virtqueues, device side: what is common to both ring layouts
 * (virtqueue.c), split rings (split_ring.c, virtio 1.2 section 2.7) and
 * packed rings (packed_ring.c, section 2.8).  A queue carries the
 * per-queue state of the layers above it (coalescing, the switch's memo,
 * the receive side's lock); calls go only downwards.
 */
#ifndef OVNIC_FW_VIRTQUEUE_H
#define OVNIC_FW_VIRTQUEUE_H

#include "vq_ring.h"

void fw_vq_init(struct ovnic_vq *vq, struct fw_platform *pf,
		struct ovnic_as *spaces, struct fw_status *st, u16 dev_id,
		u16 qid);
int fw_vq_modify(struct ovnic_vq *vq, const struct ovnic_cmd_vq_modify *cmd,
		 u16 max_size);
void fw_vq_set_ready(struct ovnic_vq *vq, bool ready);
void fw_vq_negotiated(struct ovnic_vq *vq, bool event_idx, bool indirect,
		      bool packed, bool no_kicks);
void fw_vq_reset(struct ovnic_vq *vq);
void fw_vq_queue_reset(struct ovnic_vq *vq, u16 max_size);
bool fw_vq_prepare(struct ovnic_vq *vq);
void fw_vq_check_notify_slow(struct ovnic_vq *vq);

/*
 * VIRTIO_F_NOTIFICATION_DATA (virtio 1.2 section 2.9): a doorbell's data
 * says where the driver puts its next buffer.  The card reads the ring
 * all the same; it keeps the last data for its queue's server, which
 * checks it against the ring (fw_vq_check_notify()) and counts data ahead
 * of what the ring holds: a driver that rang before its ring said so.
 */
static inline void fw_vq_notify_data(struct ovnic_vq *vq, u16 next)
{
	__atomic_store_n(&vq->notify_next, FW_NOTIFY_SET | next,
			 __ATOMIC_RELAXED);
}

/* By the queue's server, its ring prepared (fw_vq_prepare()). */
static inline void fw_vq_check_notify(struct ovnic_vq *vq)
{
	if (unlikely(fw_read_once(&vq->notify_next)))
		fw_vq_check_notify_slow(vq);
}

/* Whether the driver made a buffer available since we last looked. */
static inline bool fw_vq_has_avail(struct ovnic_vq *vq)
{
	return unlikely(vq->packed) ? fw_packed_has_avail(vq) :
				      fw_split_has_avail(vq);
}

/*
 * Fetch the next chain without consuming it.  @expect says which
 * descriptors the queue accepts: FW_EXPECT_READ (transmit),
 * FW_EXPECT_WRITE (receive) or FW_EXPECT_MIXED (readable then writable,
 * as the control queue uses).
 */
static inline int fw_vq_peek(struct ovnic_vq *vq, struct ovnic_chain *chain,
			     int expect)
{
	return unlikely(vq->packed) ? fw_packed_peek(vq, chain, expect) :
				      fw_split_peek(vq, chain, expect);
}

/* VQ_QUERY reads the indices on the mailbox, as the owner moves them. */
static inline void fw_vq_consume(struct ovnic_vq *vq,
				 const struct ovnic_chain *chain)
{
	if (unlikely(vq->packed))
		fw_packed_consume(vq, chain);
	else
		fw_write_once(&vq->last_avail_idx, vq->last_avail_idx + 1);
}

/* Return a chain; the driver sees it at the next fw_vq_publish(). */
static inline void fw_vq_push_used(struct ovnic_vq *vq,
				   const struct ovnic_chain *chain, u32 len)
{
	if (unlikely(vq->packed))
		fw_packed_push_used(vq, chain, len);
	else
		fw_split_push_used(vq, chain->head, len);
}

/*
 * Publish the used entries written since the last call; returns how many.
 * Whether to notify is the caller's (notf_coal.c: fw_coal_flush()).
 */
static inline u16 fw_split_publish(struct ovnic_vq *vq)
{
	u16 published = vq->used_idx - vq->used_published;

	if (published) {
		vq->used_published = vq->used_idx;
		fw_le16_store_release(&vq->used->idx, vq->used_idx);
	}
	return published;
}

static inline u16 fw_vq_publish(struct ovnic_vq *vq)
{
	return unlikely(vq->packed) ? fw_packed_publish(vq) :
				      fw_split_publish(vq);
}

/* A used buffer notification for what was published, if not suppressed. */
void fw_vq_notify(struct ovnic_vq *vq);

/*
 * Ask the driver to kick when it adds buffers, then look again (the
 * caller does) so a buffer added meanwhile isn't missed.
 */
static inline void fw_vq_enable_notify(struct ovnic_vq *vq)
{
	if (unlikely(vq->packed))
		fw_packed_enable_notify(vq);
	else
		fw_split_enable_notify(vq);
}

/*
 * No kicks while the caller serves the queue, until it runs dry and
 * enables them again (fw_vq_enable_notify()).
 */
static inline void fw_vq_disable_notify(struct ovnic_vq *vq)
{
	if (unlikely(vq->packed))
		fw_packed_disable_notify(vq);
	else
		fw_split_disable_notify(vq);
}

/* Take back what was consumed and pushed since @m (nothing published). */
static inline void fw_vq_mark(const struct ovnic_vq *vq, struct fw_vq_mark *m)
{
	m->avail = vq->last_avail_idx;
	m->used = vq->used_idx;
	m->npending = vq->npending;
}

static inline void fw_vq_rewind(struct ovnic_vq *vq, const struct fw_vq_mark *m)
{
	fw_write_once(&vq->last_avail_idx, m->avail);
	fw_write_once(&vq->used_idx, m->used);
	vq->npending = m->npending;
}

#endif /* OVNIC_FW_VIRTQUEUE_H */
