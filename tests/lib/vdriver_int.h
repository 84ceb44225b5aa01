/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * vdriver's own: what its files share and the tests don't see.
 * vdriver.c (card), vdriver_cmds.c (mailbox), vdriver_dev.c (device),
 * vdriver_ring.c (virtqueues), vdriver_packed.c (packed rings),
 * vdriver_ctrl.c (control queue),
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

/* vdriver_ring.c: the chain of @head (buffer id when packed), allocated. */
struct vd_chain *vq_chain(struct vd_vq *q, uint16_t head);

/*
 * The @i-th used entry pending (0: the next vd_vq_get() takes): 1, or 0
 * when there are not that many.
 */
int vq_used_peek(struct vd_vq *q, uint16_t i, uint32_t *id, uint32_t *len);

/* vdriver_packed.c: the packed ring's side of vdriver_ring.c. */
uint16_t pq_state(uint16_t pos, bool wrap);
int pq_init(struct vd_vq *q, uint16_t state);
struct vd_chain *pq_reserve(struct vd_vq *q, unsigned int nslots, int *id);
void pq_release(struct vd_vq *q, struct vd_chain *ch);
int pq_commit(struct vd_vq *q, struct vd_chain *ch);
uint16_t pq_used_pending(struct vd_vq *q);
int pq_used_peek(struct vd_vq *q, uint16_t i, uint32_t *id, uint32_t *len);
int pq_get_used(struct vd_vq *q, struct vd_used *u);
bool pq_kick_needed(struct vd_vq *q, uint16_t added);
void pq_irq_disable(struct vd_vq *q);
void pq_irq_enable(struct vd_vq *q);
void pq_set_used_event(struct vd_vq *q, uint16_t off_wrap);
uint16_t pq_used_event_in(struct vd_vq *q, unsigned int n);

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
