/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * vdriver's own: what its files share and the tests don't see.
 * vdriver.c (card), vdriver_cmds.c (mailbox), vdriver_dev.c (device),
 * vdriver_ring.c (virtqueues), vdriver_ctrl.c (control queue),
 * vdriver_frame.c (frames), vdriver_offload.c (offload transmit, port,
 * CTRL_GUEST_OFFLOADS), vdriver_mrg.c (mergeable and big receive buffers).
 */
#ifndef OVNIC_VDRIVER_INT_H
#define OVNIC_VDRIVER_INT_H

#include "vdriver.h"

/* vdriver.c: DMA memory from the card's pool when one is set. */
void *vd_alloc(struct vd_card *c, size_t size, size_t align);

/* vdriver_cmds.c: start a kernel command, then give the card's status. */
struct ovnic_adapter *vd_ad(struct vd_card *c);
int vd_st(struct vd_card *c, int err);

/* The event index words past each ring (VIRTIO_F_EVENT_IDX). */
static inline uint16_t *vd_avail_used_event(struct vd_vq *q)
{
	return &q->avail->ring[q->size];
}

static inline uint16_t *vd_used_avail_event(struct vd_vq *q)
{
	return (uint16_t *)&q->used->ring[q->size];
}

/* vdriver_ring.c: a chain of pieces over one head's own data area. */
struct vq_piece {
	uint32_t len;
	bool write;
	const void *src;	/* read-only pieces: bytes to copy */
};

int vq_post(struct vd_vq *q, const struct vq_piece *pc, unsigned int n,
	    bool indirect);

/* A TX chain of @hdr (d->hdr_len bytes) and @frame laid out as @o says. */
int vq_tx_post(struct vd_vq *q, const uint8_t *hdr, const void *frame,
	       uint32_t len, const struct vd_tx_opts *o);

#endif /* OVNIC_VDRIVER_INT_H */
