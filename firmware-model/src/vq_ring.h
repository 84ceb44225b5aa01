/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A virtqueue's state and what the two ring layouts (split_ring.c,
 * packed_ring.c) share (vq_ring.c): address translation through the
 * queue's cache, building a chain's segments, and breaking a queue a
 * driver corrupted.  The calls on a queue are virtqueue.h's; the layouts
 * include only this, so calls go one way: virtqueue.c, then a layout,
 * then vq_ring.c.
 */
#ifndef OVNIC_FW_VQ_RING_H
#define OVNIC_FW_VQ_RING_H

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
	/*
	 * The last notification data (virtqueue.h) not yet checked against
	 * the ring, with FW_NOTIFY_SET; 0 when none.
	 */
	u32 notify_next;
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

#define FW_EXPECT_READ		0
#define FW_EXPECT_WRITE		1
#define FW_EXPECT_MIXED		2

/* Results of fw_vq_peek(). */
#define FW_CHAIN_OK		0
#define FW_CHAIN_EMPTY		1
#define FW_CHAIN_BAD_DESC	2	/* head valid: return it unused */
#define FW_CHAIN_BAD_ADDR	3
#define FW_CHAIN_BROKEN		4	/* ring unusable: needs reset */

static inline struct ovnic_as *vq_as(struct ovnic_vq *vq)
{
	return &vq->spaces[vq->asid];
}

/* A buffer's translation, through the queue's cache (dma.h). */
static inline void *vq_xlate(struct ovnic_vq *vq, u64 iova, u32 len, u32 perm,
			     u32 *mapped)
{
	return fw_dma_xlate(vq->pf, vq_as(vq), &vq->xlate, iova, len, perm,
			    mapped);
}

static inline void vq_chain_init(struct ovnic_chain *chain, u16 head)
{
	chain->head = head;
	chain->ndescs = 0;
	chain->slots = 1;
	chain->nsegs = 0;
	chain->len = 0;
	chain->read_len = 0;
}

/* Readable descriptors first, then writable ones, as @expect allows. */
static inline bool vq_desc_dir_ok(int expect, bool write, bool seen_write)
{
	return !((expect == FW_EXPECT_READ && write) ||
		 (expect == FW_EXPECT_WRITE && !write) ||
		 (!write && seen_write));
}

int vq_chain_add(struct ovnic_vq *vq, struct ovnic_chain *chain, u64 addr,
		 u32 len, bool write);
void vq_break(struct ovnic_vq *vq, const char *why);

/* One descriptor's buffer, the short way when one region maps it all. */
static inline int vq_chain_add_one(struct ovnic_vq *vq,
				   struct ovnic_chain *chain, u64 addr,
				   u32 len, bool write)
{
	u32 mapped;
	u8 *p;

	if (!len)
		return FW_CHAIN_OK;
	p = vq_xlate(vq, addr, len,
		     write ? OVNIC_MR_PERM_WRITE : OVNIC_MR_PERM_READ, &mapped);
	if (!p)
		return FW_CHAIN_BAD_ADDR;
	if (mapped != len)	/* across regions: piece by piece */
		return vq_chain_add(vq, chain, addr, len, write);
	chain->seg[0].ptr = p;
	chain->seg[0].len = len;
	chain->nsegs = 1;
	chain->len = len;
	chain->read_len = write ? 0 : len;
	return FW_CHAIN_OK;
}

#define FW_NOTIFY_SET		0x10000u

/* The two layouts (split_ring.c, packed_ring.c), behind the calls below. */
bool fw_split_has_avail(struct ovnic_vq *vq);
bool fw_split_notify_ahead(struct ovnic_vq *vq, u16 next);
int fw_split_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect);
void fw_split_push_used(struct ovnic_vq *vq, u16 head, u32 len);
bool fw_split_should_notify(struct ovnic_vq *vq);
void fw_split_enable_notify(struct ovnic_vq *vq);
void fw_split_disable_notify(struct ovnic_vq *vq);
void fw_split_init_events(struct ovnic_vq *vq);

bool fw_packed_has_avail(struct ovnic_vq *vq);
bool fw_packed_notify_ahead(struct ovnic_vq *vq, u16 next);
int fw_packed_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect);
void fw_packed_consume(struct ovnic_vq *vq, const struct ovnic_chain *chain);
void fw_packed_push_used(struct ovnic_vq *vq, const struct ovnic_chain *chain,
			 u32 len);
u16 fw_packed_publish(struct ovnic_vq *vq);
bool fw_packed_should_notify(struct ovnic_vq *vq);
void fw_packed_enable_notify(struct ovnic_vq *vq);
void fw_packed_disable_notify(struct ovnic_vq *vq);
void fw_packed_init_events(struct ovnic_vq *vq);

#endif /* OVNIC_FW_VQ_RING_H */
