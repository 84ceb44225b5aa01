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

#include "dma.h"
#include "device_status.h"
#include "fdb.h"
#include "notf_coal.h"

struct ovnic_chain_seg {
	u8 *ptr;
	u32 len;
};

/* A descriptor chain fetched from the available ring. */
struct ovnic_chain {
	u16 head;		/* split: head index; packed: buffer id */
	u16 ndescs;		/* descriptors, indirect ones included */
	u16 slots;		/* packed: ring slots the chain takes */
	u32 nsegs;
	u32 len;		/* bytes in all segments */
	u32 read_len;		/* bytes in the readable segments (first) */
	struct ovnic_chain_seg seg[OVNIC_MAX_SEGS];
};

struct ovnic_vq_counters {
	u64 c[OVNIC_VQC_NUM];
};

struct ovnic_dev;

/* A packed ring's used entry, written to the ring at fw_vq_publish(). */
struct fw_packed_used {
	u16 id;
	u16 slots;
	u32 len;
};

/* Where a queue stands, to take back what a frame consumed (net_rx.c). */
struct fw_vq_mark {
	u16 avail;
	u16 used;
	u16 npending;
};

struct ovnic_vq {
	struct ovnic_dev *dev;	/* the owner, for the layers above */
	/* What the ring needs of its device, set at creation. */
	struct fw_platform *pf;
	struct ovnic_as *spaces;	/* the device's address spaces */
	struct fw_status *st;		/* the device's status */
	u16 dev_id;
	u16 qid;
	u16 size;		/* 0 until set */
	bool ready;
	bool broken;
	bool event_idx;		/* negotiated (fw_vq_negotiated()) */
	bool indirect;
	bool packed;
	bool no_kicks;		/* a receive queue: filled as frames come */
	u8 asid;
	u32 kicked;		/* doorbell rang since last poll */
	u64 desc_addr;
	u64 driver_addr;
	u64 device_addr;
	u32 vector;
	/*
	 * Split: free-running indices.  Packed: the position in bits 14:0
	 * and the wrap counter in bit 15 (VQ_QUERY's encoding).
	 */
	u16 last_avail_idx;
	u16 avail_shadow;	/* split: avail->idx as last read */
	u16 used_idx;
	u16 used_published;	/* split: used->idx as we last wrote it */
	u16 signalled_used;	/* split: used_idx when we last interrupted */
	bool signalled_valid;
	/* packed: used entries not yet in the ring, and slots since a signal */
	u16 npending;
	u32 signal_slots;
	struct fw_packed_used *pending;	/* queue_size_limit entries */
	/* Cached translation of the ring areas; NULL when not contiguous. */
	u32 ring_generation;	/* ovnic_as.generation of the cache */
	u32 ring_mem_generation;	/* fw_platform.mem_generation */
	union {
		struct {
			struct vring_desc *desc;	/* set: translated */
			struct vring_avail *avail;
			struct vring_used *used;
		};
		struct {
			struct vring_packed_desc *pdesc;
			struct vring_packed_event *driver_event;
			struct vring_packed_event *device_event;
		};
	};
	struct fw_xlate xlate;
	struct fw_fdb_memo fdb_memo;	/* tx queues (eswitch.c) */
	struct ovnic_lock *rx_lock;	/* rx queues: producer side */
	/*
	 * rx queues, under rx_lock: a frame's first chain and, with
	 * MRG_RXBUF, the one it continues in (net_rx.c)
	 */
	struct ovnic_chain *rx_chain;
	struct ovnic_vq_counters stats;
	struct fw_coal coal;		/* notf_coal.h */
};

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

#define FW_EXPECT_READ		0
#define FW_EXPECT_WRITE		1
#define FW_EXPECT_MIXED		2

/* Results of fw_vq_peek(). */
#define FW_CHAIN_OK		0
#define FW_CHAIN_EMPTY		1
#define FW_CHAIN_BAD_DESC	2	/* head valid: return it unused */
#define FW_CHAIN_BAD_ADDR	3
#define FW_CHAIN_BROKEN		4	/* ring unusable: needs reset */

/* The two layouts (split_ring.c, packed_ring.c), behind the calls below. */
bool fw_split_has_avail(struct ovnic_vq *vq);
int fw_split_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect);
void fw_split_push_used(struct ovnic_vq *vq, u16 head, u32 len);
bool fw_split_should_notify(struct ovnic_vq *vq);
void fw_split_enable_notify(struct ovnic_vq *vq);

bool fw_packed_has_avail(struct ovnic_vq *vq);
int fw_packed_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect);
void fw_packed_consume(struct ovnic_vq *vq, const struct ovnic_chain *chain);
void fw_packed_push_used(struct ovnic_vq *vq, const struct ovnic_chain *chain,
			 u32 len);
u16 fw_packed_publish(struct ovnic_vq *vq);
bool fw_packed_should_notify(struct ovnic_vq *vq);
void fw_packed_enable_notify(struct ovnic_vq *vq);
void fw_packed_init_events(struct ovnic_vq *vq);

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
