/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Virtqueues and their split rings, device side (split_ring.c).  A queue
 * carries the per-queue state of the layers above it (coalescing, the
 * switch's memo, the receive side's lock); calls go only downwards.
 */
#ifndef OVNIC_FW_SPLIT_RING_H
#define OVNIC_FW_SPLIT_RING_H

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
	u16 head;
	u16 ndescs;
	u32 nsegs;
	u32 len;		/* bytes in all segments */
	u32 read_len;		/* bytes in the readable segments (first) */
	struct ovnic_chain_seg seg[OVNIC_MAX_SEGS];
};

struct ovnic_vq_counters {
	u64 c[OVNIC_VQC_NUM];
};

struct ovnic_dev;

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
	u8 asid;
	u32 kicked;		/* doorbell rang since last poll */
	u64 desc_addr;
	u64 driver_addr;
	u64 device_addr;
	u32 vector;
	u16 last_avail_idx;
	u16 avail_shadow;	/* avail->idx as last read */
	u16 used_idx;
	u16 used_published;	/* used->idx as we last wrote it */
	u16 signalled_used;	/* used_idx when we last interrupted */
	bool signalled_valid;
	/* Cached translation of the ring areas; NULL when not contiguous. */
	u32 ring_generation;	/* ovnic_as.generation of the cache */
	u32 ring_mem_generation;	/* fw_platform.mem_generation */
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
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
void fw_vq_negotiated(struct ovnic_vq *vq, bool event_idx, bool indirect);
void fw_vq_reset(struct ovnic_vq *vq);
bool fw_vq_has_avail(struct ovnic_vq *vq);
#define FW_EXPECT_READ		0
#define FW_EXPECT_WRITE		1
#define FW_EXPECT_MIXED		2
int fw_vq_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect);
void fw_vq_consume(struct ovnic_vq *vq);
void fw_vq_push_used(struct ovnic_vq *vq, u16 head, u32 len);
void fw_vq_notify(struct ovnic_vq *vq);
void fw_vq_enable_notify(struct ovnic_vq *vq);
bool fw_vq_prepare(struct ovnic_vq *vq);

/* Results of fw_vq_peek(). */
#define FW_CHAIN_OK		0
#define FW_CHAIN_EMPTY		1
#define FW_CHAIN_BAD_DESC	2	/* head valid: return it unused */
#define FW_CHAIN_BAD_ADDR	3
#define FW_CHAIN_BROKEN		4	/* ring unusable: needs reset */

/*
 * Publish the used entries written since the last call; returns how many.
 * Whether to notify is the caller's (notf_coal.c: fw_coal_flush()).
 */
static inline u16 fw_vq_publish(struct ovnic_vq *vq)
{
	u16 published = vq->used_idx - vq->used_published;

	if (published) {
		vq->used_published = vq->used_idx;
		fw_le16_store_release(&vq->used->idx, vq->used_idx);
	}
	return published;
}

#endif /* OVNIC_FW_SPLIT_RING_H */
