// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: a virtio-net device on the card: bring-up, feature
 * negotiation, queue setup, reset, memory maps, config space and counters.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "adapter.h"
#include "vdriver.h"
#include "vdriver_int.h"

/* ---- device ---- */

static uint32_t vd_vector(const struct vd_dev *d, uint16_t qid)
{
	return (uint32_t)d->dev_id * OVNIC_VECTORS_PER_DEV + qid;
}

struct vd_dev *vd_dev_new(struct vd_card *c, const struct vd_dev_cfg *cfg,
			  int *err)
{
	static const uint8_t zero[6];
	struct vd_dev *d = calloc(1, sizeof(*d));
	int st;

	if (!d) {
		if (err)
			*err = -ENOMEM;
		return NULL;
	}
	d->card = c;
	d->cfg = *cfg;
	if (!memcmp(d->cfg.mac, zero, 6))
		vd_mac(d->cfg.mac, cfg->dev_id, 1);
	if (!d->cfg.mtu)
		d->cfg.mtu = 1500;
	if (!d->cfg.max_vqp)
		d->cfg.max_vqp = 1;
	if (!d->cfg.offered)
		d->cfg.offered = VD_F_CARD;
	if (!d->cfg.features)
		d->cfg.features = VD_F_DEFAULT;
	if (!d->cfg.queue_size)
		d->cfg.queue_size = VD_DEF_QUEUE_SIZE;
	d->dev_id = cfg->dev_id;
	memcpy(d->mac, d->cfg.mac, 6);
	d->nvqs = 2 * d->cfg.max_vqp + 1;
	d->cvq_idx = 2;
	d->hdr_len = VD_NET_HDR_LEN;
	d->config_vector = vd_vector(d, OVNIC_VECTORS_PER_DEV - 1);
	st = vd_cmd_dev_create(c, d->dev_id, d->cfg.offered, d->cfg.mac,
			       d->cfg.mtu, d->cfg.max_vqp, d->config_vector);
	/* As the kernel driver does for virtio_vdpa: identity DMA. */
	if (st == OVNIC_STATUS_OK && !d->cfg.empty_window) {
		st = vd_cmd_mr_identity(c, d->dev_id, 0);
		if (st != OVNIC_STATUS_OK)
			vd_cmd_dev_destroy(c, d->dev_id);
	}
	if (st != OVNIC_STATUS_OK) {
		if (err)
			*err = st;
		free(d);
		return NULL;
	}
	if (err)
		*err = 0;
	return d;
}

int vd_dev_add_status(struct vd_dev *d, uint8_t bits)
{
	struct ovnic_resp_dev_query q;
	uint8_t status = bits;

	if (vd_cmd_dev_query(d->card, d->dev_id, &q) == OVNIC_STATUS_OK)
		status |= q.status;
	return vd_cmd_dev_set_status(d->card, d->dev_id, status);
}

int vd_dev_query(struct vd_dev *d, struct ovnic_resp_dev_query *out)
{
	return vd_cmd_dev_query(d->card, d->dev_id, out);
}

uint8_t vd_dev_status(struct vd_dev *d)
{
	struct ovnic_resp_dev_query q;

	if (vd_dev_query(d, &q) != OVNIC_STATUS_OK)
		return 0xff;
	return q.status;
}

int vd_dev_negotiate(struct vd_dev *d, uint64_t features)
{
	struct ovnic_resp_dev_query q;
	int st;

	st = vd_cmd_dev_set_status(d->card, d->dev_id,
				   VIRTIO_CONFIG_S_ACKNOWLEDGE |
				   VIRTIO_CONFIG_S_DRIVER);
	if (st)
		return st;
	st = vd_dev_query(d, &q);
	if (st)
		return st;
	features &= ovnic_le64_to_cpu(q.device_features);
	st = vd_cmd_dev_set_features(d->card, d->dev_id, features);
	if (st)
		return st;
	st = vd_dev_add_status(d, VIRTIO_CONFIG_S_FEATURES_OK);
	if (st)
		return st;
	st = vd_dev_query(d, &q);
	if (st)
		return st;
	if (!(q.status & VIRTIO_CONFIG_S_FEATURES_OK))
		return -ENOTSUP;
	d->features = features;
	d->cvq_idx = vd_has(d, VIRTIO_NET_F_MQ) || vd_has(d, VIRTIO_NET_F_RSS) ?
		     2 * d->cfg.max_vqp : 2;
	d->hdr_len = vd_has(d, VIRTIO_NET_F_HASH_REPORT) ?
		     VD_NET_HDR_HASH_LEN : VD_NET_HDR_LEN;
	return 0;
}

static void vd_vq_free(struct vd_vq *q)
{
	unsigned int i;

	if (!q)
		return;
	if (q->chain)
		for (i = 0; i < q->size; i++)
			free(q->chain[i]);
	free(q->chain);
	free(q->free_stack);
	free(q->raw_owned);
	free(q);
}

void vd_vq_ring_addrs(struct vd_vq *q, uint64_t *desc, uint64_t *driver,
		      uint64_t *device)
{
	struct vd_dev *d = q->dev;

	if (q->packed) {
		*desc = vd_iova(d, q->ring);
		*driver = vd_iova(d, q->driver_event);
		*device = vd_iova(d, q->device_event);
		return;
	}
	*desc = vd_iova(d, q->desc);
	*driver = vd_iova(d, q->avail);
	*device = vd_iova(d, q->used);
}

/*
 * As the kernel's vdpa_vq.c does it: size, rings, state, then ready.  The
 * state only when it is not what FEATURES_OK left.
 */
static int vd_dev_program_queue(struct vd_dev *d, struct vd_vq *q,
				uint16_t idx)
{
	struct vd_card *c = d->card;
	uint64_t desc, driver, device;
	int st;

	st = vd_st(c, ovnic_cmd_vq_set_size(vd_ad(c), d->dev_id, q->qid,
					    q->size));
	if (st)
		return st;
	vd_vq_ring_addrs(q, &desc, &driver, &device);
	st = vd_st(c, ovnic_cmd_vq_set_addr(vd_ad(c), d->dev_id, q->qid,
					    desc, driver, device));
	if (st)
		return st;
	if (idx != (q->packed ? VD_PACKED_STATE_INIT : 0)) {
		st = vd_st(c, ovnic_cmd_vq_set_state(vd_ad(c), d->dev_id,
						     q->qid, idx, idx));
		if (st)
			return st;
	}
	return vd_st(c, ovnic_cmd_vq_set_ready(vd_ad(c), d->dev_id, q->qid,
					       true, q->vector, 0));
}

/* A packed ring and its event suppression structures, at @state. */
static int vd_vq_alloc_packed(struct vd_dev *d, struct vd_vq *q,
			      uint16_t state)
{
	q->ring = vd_alloc(d->card, 16ul * q->size, 4096);
	q->driver_event = vd_alloc(d->card, 4, 64);
	q->device_event = vd_alloc(d->card, 4, 64);
	q->chain = calloc(q->size, sizeof(*q->chain));
	q->free_stack = calloc(q->size, sizeof(*q->free_stack));
	if (!q->ring || !q->driver_event || !q->device_event || !q->chain ||
	    !q->free_stack)
		return -ENOMEM;
	return pq_init(q, state);
}

int vd_dev_setup_queue_at(struct vd_dev *d, uint16_t qid, uint16_t size,
			  uint16_t idx)
{
	bool packed = vd_has(d, VIRTIO_F_RING_PACKED);
	struct vd_vq *q;
	unsigned int i;
	int st;

	if (qid >= VD_MAX_VQS || !size)
		return -EINVAL;
	if (packed ? size > VD_PACKED_MAX_SIZE : size & (size - 1))
		return -EINVAL;
	q = calloc(1, sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->dev = d;
	q->qid = qid;
	q->size = size;
	q->vector = vd_vector(d, qid);
	q->event_idx = vd_has(d, VIRTIO_RING_F_EVENT_IDX);
	q->packed = packed;
	if (packed) {
		st = vd_vq_alloc_packed(d, q, idx);
		if (st) {
			vd_vq_free(q);
			return st;
		}
		goto program;
	}
	q->desc = vd_alloc(d->card, 16ul * size, 4096);
	q->avail = vd_alloc(d->card, 6 + 2ul * size, 4096);
	q->used = vd_alloc(d->card, 6 + 8ul * size, 4096);
	q->chain = calloc(size, sizeof(*q->chain));
	q->free_stack = calloc(size, sizeof(*q->free_stack));
	q->raw_owned = calloc(size, 1);
	if (!q->desc || !q->avail || !q->used || !q->chain ||
	    !q->free_stack || !q->raw_owned) {
		vd_vq_free(q);
		return -ENOMEM;
	}
	memset(q->desc, 0, 16ul * size);
	memset(q->avail, 0, 6 + 2ul * size);
	memset(q->used, 0, 6 + 8ul * size);
	for (i = 0; i < size; i++)
		q->free_stack[i] = size - 1 - i;
	q->nfree = size;
	q->avail_idx = q->last_used = q->kick_old = idx;
	q->avail->idx = idx;
	q->used->idx = idx;
	*vd_avail_used_event(q) = idx;

program:
	st = vd_dev_program_queue(d, q, idx);
	if (st) {
		vd_vq_free(q);
		return st;
	}
	vd_vq_free(d->vq[qid]);
	d->vq[qid] = q;
	return 0;
}

int vd_dev_setup_queue(struct vd_dev *d, uint16_t qid, uint16_t size)
{
	return vd_dev_setup_queue_at(d, qid, size,
				     vd_has(d, VIRTIO_F_RING_PACKED) ?
				     VD_PACKED_STATE_INIT : 0);
}

int vd_dev_setup_queues(struct vd_dev *d)
{
	unsigned int pairs = vd_has(d, VIRTIO_NET_F_MQ) ||
			     vd_has(d, VIRTIO_NET_F_RSS) ? d->cfg.max_vqp : 1;
	unsigned int qid;
	int st;

	for (qid = 0; qid < 2 * pairs; qid++) {
		st = vd_dev_setup_queue(d, qid, d->cfg.queue_size);
		if (st)
			return st;
	}
	if (vd_has(d, VIRTIO_NET_F_CTRL_VQ) && !d->cfg.no_cvq)
		return vd_dev_setup_queue(d, d->cvq_idx, d->cfg.queue_size);
	return 0;
}

int vd_dev_driver_ok(struct vd_dev *d)
{
	return vd_dev_add_status(d, VIRTIO_CONFIG_S_DRIVER_OK);
}

static int vd_dev_init(struct vd_dev *d)
{
	int st;

	st = vd_dev_negotiate(d, d->cfg.features);
	if (st)
		return st;
	st = vd_dev_setup_queues(d);
	if (st)
		return st;
	if (d->cfg.no_driver_ok)
		return 0;
	return vd_dev_driver_ok(d);
}

struct vd_dev *vd_dev_bringup(struct vd_card *c, const struct vd_dev_cfg *cfg,
			      int *err)
{
	struct vd_dev *d = vd_dev_new(c, cfg, err);
	int st;

	if (!d)
		return NULL;
	st = vd_dev_init(d);
	if (st) {
		if (err)
			*err = st;
		vd_dev_destroy(d);
		return NULL;
	}
	return d;
}

static void vd_dev_forget_queues(struct vd_dev *d)
{
	unsigned int i;

	for (i = 0; i < VD_MAX_VQS; i++) {
		vd_vq_free(d->vq[i]);
		d->vq[i] = NULL;
	}
}

int vd_dev_reset(struct vd_dev *d)
{
	int st = vd_cmd_dev_reset(d->card, d->dev_id);

	vd_dev_forget_queues(d);
	d->features = 0;
	return st;
}

int vd_dev_reinit(struct vd_dev *d)
{
	int st = vd_dev_reset(d);

	if (st)
		return st;
	return vd_dev_init(d);
}

void vd_dev_free(struct vd_dev *d)
{
	if (!d)
		return;
	vd_dev_forget_queues(d);
	free(d);
}

void vd_dev_destroy(struct vd_dev *d)
{
	if (!d)
		return;
	vd_cmd_dev_destroy(d->card, d->dev_id);
	vd_dev_free(d);
}

/* ---- address space ---- */

uint64_t vd_iova(struct vd_dev *d, const void *p)
{
	const uint8_t *h = p;
	unsigned int i;

	for (i = 0; i < d->nmaps; i++) {
		struct vd_map *m = &d->map[i];

		if (h >= m->host && (uint64_t)(h - m->host) < m->size)
			return m->iova + (uint64_t)(h - m->host);
	}
	/* identity, or not mapped: then the card must refuse it */
	return (uintptr_t)p;
}

int vd_dev_mr_map(struct vd_dev *d, uint64_t iova, void *host, uint64_t size,
		  uint32_t perm)
{
	int st;

	if (d->nmaps >= VD_MAX_MAPS)
		return -ENOSPC;
	st = vd_cmd_mr_map(d->card, d->dev_id, 0, iova, size,
			   (uintptr_t)host, perm);
	if (st)
		return st;
	d->map[d->nmaps++] = (struct vd_map){ .iova = iova, .size = size,
					      .host = host };
	return 0;
}

int vd_dev_mr_map_chunked(struct vd_dev *d, uint64_t iova, void *host,
			  uint64_t size, uint32_t perm, uint64_t chunk)
{
	uint64_t off;
	int st;

	if (d->nmaps >= VD_MAX_MAPS || !chunk)
		return -ENOSPC;
	for (off = 0; off < size; off += chunk) {
		uint64_t n = size - off < chunk ? size - off : chunk;

		st = vd_cmd_mr_map(d->card, d->dev_id, 0, iova + off, n,
				   (uintptr_t)host + off, perm);
		if (st)
			return st;
	}
	d->map[d->nmaps++] = (struct vd_map){ .iova = iova, .size = size,
					      .host = host };
	return 0;
}

int vd_dev_mr_unmap(struct vd_dev *d, uint64_t iova, uint64_t size)
{
	unsigned int i = 0;
	int st;

	st = vd_cmd_mr_unmap(d->card, d->dev_id, 0, iova, size);
	if (st)
		return st;
	while (i < d->nmaps) {
		struct vd_map *m = &d->map[i];

		if (m->iova >= iova && m->iova - iova < size) {
			*m = d->map[--d->nmaps];
			continue;
		}
		i++;
	}
	return 0;
}

int vd_dev_mr_reset(struct vd_dev *d)
{
	int st = vd_cmd_mr_reset(d->card, d->dev_id, 0);

	if (!st)
		d->nmaps = 0;
	return st;
}

int vd_dev_mr_identity(struct vd_dev *d)
{
	int st = vd_cmd_mr_identity(d->card, d->dev_id, 0);

	if (!st)
		d->nmaps = 0;
	return st;
}

/* ---- config, stats ---- */

int vd_config_read(struct vd_dev *d, uint16_t off, void *buf, uint16_t len)
{
	uint8_t *p = buf;
	int st;

	while (len) {
		uint16_t n = len < OVNIC_CONFIG_CHUNK ? len :
							OVNIC_CONFIG_CHUNK;

		st = vd_cmd_config_read(d->card, d->dev_id, off, n, p);
		if (st)
			return st;
		off += n;
		p += n;
		len -= n;
	}
	return 0;
}

uint16_t vd_config_status(struct vd_dev *d)
{
	uint16_t v;

	if (vd_config_read(d, offsetof(struct virtio_net_config, status), &v,
			   sizeof(v)))
		return 0xffff;
	return ovnic_le16_to_cpu(v);
}

int vd_vq_stats(struct vd_vq *q, uint64_t counter[OVNIC_VQC_NUM])
{
	return vd_cmd_vq_stats(q->dev->card, q->dev->dev_id, q->qid, counter);
}

uint64_t vd_vq_counter(struct vd_vq *q, enum ovnic_vq_counter which)
{
	uint64_t c[OVNIC_VQC_NUM];

	if ((unsigned int)which >= OVNIC_VQC_NUM || vd_vq_stats(q, c))
		return UINT64_MAX;
	return c[which];
}

int vd_vq_query(struct vd_vq *q, struct ovnic_resp_vq_query *out)
{
	return vd_cmd_vq_query(q->dev->card, q->dev->dev_id, q->qid, out);
}

uint32_t vd_vq_irqs(struct vd_vq *q)
{
	return up_irq_count(q->dev->card->plat, q->vector);
}

uint32_t vd_config_irqs(struct vd_dev *d)
{
	return up_irq_count(d->card->plat, d->config_vector);
}
