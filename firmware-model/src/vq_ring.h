/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the two ring layouts (split_ring.c, packed_ring.c) share of
 * virtqueue.c: address translation through the queue's cache, building a
 * chain's segments, and breaking a queue a driver corrupted.
 */
#ifndef OVNIC_FW_VQ_RING_H
#define OVNIC_FW_VQ_RING_H

#include "virtqueue.h"

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

#endif /* OVNIC_FW_VQ_RING_H */
