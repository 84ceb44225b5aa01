// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: the driver side of packed virtqueues (fw_bench_packed.h):
 * bringing a device up with VIRTIO_F_RING_PACKED, and a ring's buffers.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fw_bench_driver.h"
#include "fw_bench_sys.h"

/* vdriver's vector of a queue (vdriver_dev.c). */
static uint32_t pk_vector(const struct vd_dev *d, uint16_t qid)
{
	return (uint32_t)d->dev_id * OVNIC_VECTORS_PER_DEV + qid;
}

/*
 * A packed data queue, programmed as the kernel does it through
 * VQ_MODIFY: size, rings and vector, then ready.  The card starts at
 * slot 0 with both wrap counters 1 (FEATURES_OK), as the driver does.
 */
static int pk_vq_setup(struct vd_dev *d, uint16_t qid, uint16_t size)
{
	struct ovnic_cmd_vq_modify m;
	struct pk_vq *p;
	int st;

	p = calloc(1, sizeof(*p));
	if (!p)
		return -ENOMEM;
	p->vq.dev = d;
	p->vq.qid = qid;
	p->vq.size = size;
	p->vq.vector = pk_vector(d, qid);
	p->vq.event_idx = vd_has(d, VIRTIO_RING_F_EVENT_IDX);
	p->desc = vd_dma_alloc(d->card, sizeof(*p->desc) * size);
	p->drv = vd_dma_alloc(d->card, sizeof(*p->drv));
	p->dev = vd_dma_alloc(d->card, sizeof(*p->dev));
	if (!p->desc || !p->drv || !p->dev) {
		free(p);
		return -ENOMEM;
	}
	memset(p->desc, 0, sizeof(*p->desc) * size);
	/* Polling: no used buffer notifications, ever. */
	p->drv->off_wrap = 0;
	p->drv->flags = VRING_PACKED_EVENT_FLAG_DISABLE;
	p->dev->word = 0;

	memset(&m, 0, sizeof(m));
	m.qid = ovnic_cpu_to_le16(qid);
	m.size = ovnic_cpu_to_le16(size);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_SIZE |
					  OVNIC_VQ_MODIFY_ADDR |
					  OVNIC_VQ_MODIFY_VECTOR);
	m.desc_addr = ovnic_cpu_to_le64(vd_iova(d, p->desc));
	m.driver_addr = ovnic_cpu_to_le64(vd_iova(d, p->drv));
	m.device_addr = ovnic_cpu_to_le64(vd_iova(d, p->dev));
	m.vector = ovnic_cpu_to_le32(p->vq.vector);
	st = vd_cmd_vq_modify(d->card, d->dev_id, &m);
	if (!st) {
		memset(&m, 0, sizeof(m));
		m.qid = ovnic_cpu_to_le16(qid);
		m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
		m.ready = 1;
		st = vd_cmd_vq_modify(d->card, d->dev_id, &m);
	}
	if (st) {
		free(p);
		return st;
	}
	/* vdriver frees it with the device. */
	d->vq[qid] = &p->vq;
	return 0;
}

struct vd_dev *pk_dev_bringup(struct vd_card *c, const struct vd_dev_cfg *cfg,
			      int *err)
{
	uint64_t card = (uint64_t)vd_reg_read(c, OVNIC_REG_FEATURES_HI) << 32 |
			vd_reg_read(c, OVNIC_REG_FEATURES_LO);
	struct vd_dev_cfg pc = *cfg;
	struct vd_dev *d;
	unsigned int qid;
	int st;

	if (!(card & VD_BIT(VIRTIO_F_RING_PACKED))) {
		*err = -ENOTSUP;
		return NULL;
	}
	/* DEV_CREATE offers it; the queues are the bench's own. */
	pc.offered = (pc.offered ? pc.offered : VD_F_CARD) |
		     VD_BIT(VIRTIO_F_RING_PACKED);
	pc.features |= VD_BIT(VIRTIO_F_RING_PACKED);
	pc.no_cvq = true;
	d = vd_dev_new(c, &pc, err);
	if (!d)
		return NULL;
	st = vd_dev_negotiate(d, pc.features);
	if (!st && !vd_has(d, VIRTIO_F_RING_PACKED))
		st = -ENOTSUP;
	/* One queue pair, no control queue. */
	for (qid = 0; !st && qid < 2; qid++)
		st = pk_vq_setup(d, qid, pc.queue_size);
	if (!st)
		st = vd_dev_driver_ok(d);
	if (st) {
		*err = st;
		vd_dev_destroy(d);
		return NULL;
	}
	*err = 0;
	return d;
}

void pk_init(struct vd_card *c, struct pk *r, struct vd_vq *q,
	     uint32_t buf_len, bool write, const uint8_t *proto)
{
	struct pk_vq *p = to_pk_vq(q);
	uint32_t i;

	memset(r, 0, sizeof(*r));
	r->s.q = q;
	r->s.size = q->size;
	r->s.mask = q->size - 1;
	r->desc = p->desc;
	r->dev = p->dev;
	r->buf_len = buf_len;
	r->avail_flags = PK_F_AVAIL | (write ? PK_F_WRITE : 0);
	r->used_flags = PK_F_AU;
	/* slot 0, wrap counter 1: position 0 (pk_pos()) */
	r->s.kick_old = 0;
	r->s.free = calloc(r->s.size, sizeof(*r->s.free));
	r->s.buf = calloc(r->s.size, sizeof(*r->s.buf));
	r->iova = calloc(r->s.size, sizeof(*r->iova));
	if (!r->s.free || !r->s.buf || !r->iova)
		die("calloc", -ENOMEM);
	for (i = 0; i < r->s.size; i++) {
		r->s.buf[i] = vd_dma_alloc(c, buf_len);
		if (!r->s.buf[i])
			die("vd_dma_alloc", -ENOMEM);
		if (proto)
			memcpy(r->s.buf[i], proto, buf_len);
		else
			memset(r->s.buf[i], 0, buf_len);
		r->iova[i] = vd_iova(q->dev, r->s.buf[i]);
		r->s.free[i] = i;
	}
	r->s.free_head = 0;
	r->s.free_tail = r->s.size;
}

void pk_free(struct pk *r)
{
	free(r->s.free);
	free(r->s.buf);
	free(r->iova);
}
