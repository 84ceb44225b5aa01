// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * sdrv: the stress test's virtio-net driver.  See sdrv.h.
 */
#include <errno.h>
#include <sched.h>
#include <string.h>

#include <linux/virtio_config.h>
#include <linux/virtio_net.h>

#include "platform_threads.h"
#include "sdrv.h"

#define SD_ACK_UNSET	0xee
#define SD_CTRL_DATA	64	/* offsets in the control buffer area */
#define SD_CTRL_ACK	2048
#define SD_CTRL_MAX	(SD_CTRL_ACK - SD_CTRL_DATA)

static uint16_t sd_nvqs(const struct sd_dev *d)
{
	return 2 * d->max_vqp + 1;
}

size_t sd_dev_mem_size(uint16_t max_vqp)
{
	return (2ul * max_vqp + 1) * SD_RING_AREA + SD_CTRL_AREA +
	       2ul * max_vqp * SD_QSIZE * SD_BUF;
}

void sd_dev_init(struct sd_dev *d, struct ovnic_card *card, uint16_t id,
		 uint16_t max_vqp, uint64_t features, bool mapped,
		 uint8_t *mem)
{
	memset(d, 0, sizeof(*d));
	d->card = card;
	d->id = id;
	d->max_vqp = max_vqp;
	d->features = features;
	d->mapped = mapped;
	d->mem = mem;
	d->ring_bytes = (size_t)sd_nvqs(d) * SD_RING_AREA + SD_CTRL_AREA;
	d->buf_bytes = 2ul * max_vqp * SD_QSIZE * SD_BUF;
	d->cvq = 2 * max_vqp;
	d->mac[0] = 0x02;
	d->mac[4] = 0x10;
	d->mac[5] = (uint8_t)id;
}

uint64_t sd_iova(const struct sd_dev *d, const void *p)
{
	if (!d->mapped)
		return (uintptr_t)p;
	return SD_IOVA_BASE + (uint64_t)((const uint8_t *)p - d->mem);
}

/* ---- mailbox ---- */

void sd_hdr(struct ovnic_cmd_hdr *h, uint16_t opcode, uint16_t dev_id)
{
	h->opcode = ovnic_cpu_to_le16(opcode);
	h->version = ovnic_cpu_to_le16(OVNIC_CMD_VERSION);
	h->dev_id = ovnic_cpu_to_le16(dev_id);
	h->rsvd = 0;
}

int sd_mbox(struct ovnic_card *card, const void *cmd, uint32_t cmd_len,
	    void *resp, uint32_t resp_len)
{
	struct ovnic_resp_hdr *r = resp;
	int rc;

	memset(resp, 0, resp_len);
	r->status = 0xff;
	rc = ovnic_card_mailbox(card, cmd, cmd_len, resp, resp_len);
	if (r->status != (uint8_t)rc)
		return 0xff;
	return r->status;
}

int sd_mbox_bare(struct ovnic_card *card, uint16_t opcode, uint16_t dev_id)
{
	struct ovnic_cmd_hdr cmd;
	struct ovnic_resp_hdr resp;

	sd_hdr(&cmd, opcode, dev_id);
	return sd_mbox(card, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

int sd_set_status(struct ovnic_card *card, uint16_t dev_id, uint8_t status)
{
	struct ovnic_cmd_dev_set_status cmd = { .status = status };
	struct ovnic_resp_hdr resp;

	sd_hdr(&cmd.hdr, OVNIC_CMD_DEV_SET_STATUS, dev_id);
	return sd_mbox(card, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

int sd_query(struct ovnic_card *card, uint16_t dev_id,
	     struct ovnic_resp_dev_query *q)
{
	struct ovnic_cmd_hdr cmd;

	sd_hdr(&cmd, OVNIC_CMD_DEV_QUERY, dev_id);
	return sd_mbox(card, &cmd, sizeof(cmd), q, sizeof(*q));
}

int sd_mr_map(struct ovnic_card *card, uint16_t dev_id, uint64_t iova,
	      uint64_t size, const void *host)
{
	struct ovnic_cmd_mr_map cmd = {
		.iova = ovnic_cpu_to_le64(iova),
		.size = ovnic_cpu_to_le64(size),
		.host_addr = ovnic_cpu_to_le64((uintptr_t)host),
		.perm = ovnic_cpu_to_le32(OVNIC_MR_PERM_READ |
					  OVNIC_MR_PERM_WRITE),
	};
	struct ovnic_resp_hdr resp;

	sd_hdr(&cmd.hdr, OVNIC_CMD_MR_MAP, dev_id);
	return sd_mbox(card, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

int sd_mr_unmap(struct ovnic_card *card, uint16_t dev_id, uint64_t iova,
		uint64_t size)
{
	struct ovnic_cmd_mr_unmap cmd = {
		.iova = ovnic_cpu_to_le64(iova),
		.size = ovnic_cpu_to_le64(size),
	};
	struct ovnic_resp_hdr resp;

	sd_hdr(&cmd.hdr, OVNIC_CMD_MR_UNMAP, dev_id);
	return sd_mbox(card, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

int sd_vq_ready(struct ovnic_card *card, uint16_t dev_id, uint16_t qid,
		bool ready)
{
	struct ovnic_cmd_vq_modify cmd = {
		.qid = ovnic_cpu_to_le16(qid),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY),
		.ready = ready,
	};
	struct ovnic_resp_hdr resp;

	sd_hdr(&cmd.hdr, OVNIC_CMD_VQ_MODIFY, dev_id);
	return sd_mbox(card, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

/* ---- bring-up ---- */

int sd_dev_create(struct sd_dev *d)
{
	struct ovnic_cmd_dev_create cmd = {
		.device_features = ovnic_cpu_to_le64(d->features),
		.mtu = ovnic_cpu_to_le16(1500),
		.max_vqp = ovnic_cpu_to_le16(d->max_vqp),
		.config_vector = ovnic_cpu_to_le32(d->id *
						   OVNIC_VECTORS_PER_DEV +
						   OVNIC_VECTORS_PER_DEV - 1),
	};
	struct ovnic_cmd_mr_identity ident = { 0 };
	struct ovnic_resp_hdr resp;
	int st;

	sd_hdr(&cmd.hdr, OVNIC_CMD_DEV_CREATE, d->id);
	memcpy(cmd.mac, d->mac, 6);
	st = sd_mbox(d->card, &cmd, sizeof(cmd), &resp, sizeof(resp));
	if (st)
		return st;
	if (d->mapped) {
		st = sd_mr_map(d->card, d->id, SD_IOVA_BASE, d->ring_bytes,
			       d->mem);
		if (!st)
			st = sd_mr_map(d->card, d->id,
				       SD_IOVA_BASE + d->ring_bytes,
				       d->buf_bytes, d->mem + d->ring_bytes);
		return st;
	}
	sd_hdr(&ident.hdr, OVNIC_CMD_MR_IDENTITY, d->id);
	return sd_mbox(d->card, &ident, sizeof(ident), &resp, sizeof(resp));
}

static void sd_vq_layout(struct sd_dev *d, uint16_t qid)
{
	struct sd_vq *q = &d->vq[qid];
	uint8_t *ring = d->mem + (size_t)qid * SD_RING_AREA;
	uint16_t i;

	memset(q, 0, sizeof(*q));
	q->qid = qid;
	q->size = SD_QSIZE;
	q->desc = (struct vring_desc *)ring;
	q->avail = (struct vring_avail *)(ring + 4096);
	q->used = (struct vring_used *)(ring + 8192);
	if (qid != d->cvq)
		q->buf = d->mem + d->ring_bytes +
			 (size_t)qid * SD_QSIZE * SD_BUF;
	for (i = 0; i < SD_QSIZE; i++)
		q->free_stack[i] = SD_QSIZE - 1 - i;
	q->nfree = SD_QSIZE;
}

static int sd_vq_enable(struct sd_dev *d, uint16_t qid)
{
	struct sd_vq *q = &d->vq[qid];
	struct ovnic_cmd_vq_modify cmd = {
		.qid = ovnic_cpu_to_le16(qid),
		.size = ovnic_cpu_to_le16(q->size),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ADDR |
						 OVNIC_VQ_MODIFY_SIZE |
						 OVNIC_VQ_MODIFY_VECTOR |
						 OVNIC_VQ_MODIFY_READY),
		.desc_addr = ovnic_cpu_to_le64(sd_iova(d, q->desc)),
		.driver_addr = ovnic_cpu_to_le64(sd_iova(d, q->avail)),
		.device_addr = ovnic_cpu_to_le64(sd_iova(d, q->used)),
		.vector = ovnic_cpu_to_le32(d->id * OVNIC_VECTORS_PER_DEV +
					    qid),
		.ready = 1,
	};
	struct ovnic_resp_hdr resp;

	sd_hdr(&cmd.hdr, OVNIC_CMD_VQ_MODIFY, d->id);
	return sd_mbox(d->card, &cmd, sizeof(cmd), &resp, sizeof(resp));
}

int sd_dev_start(struct sd_dev *d)
{
	const uint8_t drv = VIRTIO_CONFIG_S_ACKNOWLEDGE |
			    VIRTIO_CONFIG_S_DRIVER;
	struct ovnic_cmd_dev_set_features f = {
		.driver_features = ovnic_cpu_to_le64(d->features),
	};
	struct ovnic_resp_dev_query q;
	struct ovnic_resp_hdr resp;
	uint16_t qid;
	int st;

	st = sd_set_status(d->card, d->id, drv);
	if (st)
		return st;
	sd_hdr(&f.hdr, OVNIC_CMD_DEV_SET_FEATURES, d->id);
	st = sd_mbox(d->card, &f, sizeof(f), &resp, sizeof(resp));
	if (st)
		return st;
	st = sd_set_status(d->card, d->id, drv | VIRTIO_CONFIG_S_FEATURES_OK);
	if (st)
		return st;
	st = sd_query(d->card, d->id, &q);
	if (st)
		return st;
	if (!(q.status & VIRTIO_CONFIG_S_FEATURES_OK))
		return -ENOTSUP;
	memset(d->mem, 0, d->ring_bytes);
	for (qid = 0; qid < sd_nvqs(d); qid++) {
		sd_vq_layout(d, qid);
		st = sd_vq_enable(d, qid);
		if (st)
			return st;
	}
	return sd_set_status(d->card, d->id, drv |
			     VIRTIO_CONFIG_S_FEATURES_OK |
			     VIRTIO_CONFIG_S_DRIVER_OK);
}

/* ---- data queues ---- */

void sd_kick(struct sd_dev *d, struct sd_vq *q)
{
	ovnic_card_doorbell(d->card, d->id, q->qid);
}

static void sd_publish(struct sd_vq *q, uint16_t head)
{
	q->avail->ring[q->avail_idx & (q->size - 1)] = head;
	q->avail_idx++;
	__atomic_store_n(&q->avail->idx, q->avail_idx, __ATOMIC_RELEASE);
}

static bool sd_post(struct sd_dev *d, struct sd_vq *q, uint32_t len,
		    bool write, const void *data)
{
	uint16_t id;

	if (!q->nfree)
		return false;
	id = q->free_stack[--q->nfree];
	if (data)
		memcpy(q->buf + (size_t)id * SD_BUF, data, len);
	q->desc[id].addr = sd_iova(d, q->buf + (size_t)id * SD_BUF);
	q->desc[id].len = len;
	q->desc[id].flags = write ? VRING_DESC_F_WRITE : 0;
	q->desc[id].next = 0;
	q->outstanding[id] = true;
	sd_publish(q, id);
	return true;
}

bool sd_tx_post(struct sd_dev *d, struct sd_vq *q, const void *frame,
		uint32_t len)
{
	uint8_t tmp[SD_BUF];

	if (len > SD_BUF - SD_HDR_LEN)
		return false;
	memset(tmp, 0, SD_HDR_LEN);
	memcpy(tmp + SD_HDR_LEN, frame, len);
	if (!sd_post(d, q, SD_HDR_LEN + len, false, tmp))
		return false;
	d->n.tx_posted++;
	return true;
}

unsigned int sd_rx_refill(struct sd_dev *d, struct sd_vq *q)
{
	unsigned int n = 0;

	while (sd_post(d, q, SD_BUF, true, NULL))
		n++;
	return n;
}

unsigned int sd_tx_outstanding(const struct sd_vq *q)
{
	return q->size - q->nfree;
}

/* The next used entry's id and length; false when none. */
static bool sd_used_next(struct sd_dev *d, struct sd_vq *q, uint16_t *id,
			 uint32_t *len)
{
	uint16_t idx = __atomic_load_n(&q->used->idx, __ATOMIC_ACQUIRE);
	struct vring_used_elem *e;

	for (;;) {
		if (idx == q->last_used)
			return false;
		if ((uint16_t)(idx - q->last_used) > q->size) {
			/* the card ran past what we posted: give up on it */
			d->n.bad_used++;
			q->last_used = idx;
			return false;
		}
		e = &q->used->ring[q->last_used++ & (q->size - 1)];
		if (e->id >= q->size || !q->outstanding[e->id]) {
			d->n.bad_used++;
			continue;
		}
		*id = (uint16_t)e->id;
		*len = e->len;
		q->outstanding[*id] = false;
		q->free_stack[q->nfree++] = *id;
		return true;
	}
}

unsigned int sd_tx_reap(struct sd_dev *d, struct sd_vq *q)
{
	unsigned int n = 0;
	uint32_t len;
	uint16_t id;

	while (sd_used_next(d, q, &id, &len)) {
		if (len)
			d->n.bad_len++;
		n++;
	}
	d->n.tx_done += n;
	return n;
}

unsigned int sd_rx_reap(struct sd_dev *d, struct sd_vq *q, sd_rx_fn *fn,
			void *arg)
{
	unsigned int n = 0;
	uint32_t len;
	uint16_t id;

	while (sd_used_next(d, q, &id, &len)) {
		const uint8_t *b = q->buf + (size_t)id * SD_BUF;
		struct virtio_net_hdr_v1 h;

		n++;
		if (!len) {
			d->n.rx_empty++;
			continue;
		}
		if (len > SD_BUF || len < SD_HDR_LEN + 14) {
			d->n.bad_len++;
			continue;
		}
		memcpy(&h, b, sizeof(h));
		if (h.flags || h.gso_type != VIRTIO_NET_HDR_GSO_NONE ||
		    h.num_buffers != 1) {
			d->n.bad_hdr++;
			continue;
		}
		d->n.rx_frames++;
		fn(d, b + SD_HDR_LEN, len - SD_HDR_LEN, arg);
	}
	return n;
}

/* ---- control queue ---- */

int sd_ctrl(struct sd_dev *d, uint8_t cls, uint8_t cmd, const void *data,
	    uint32_t len, uint64_t timeout_ns, const int *give_up)
{
	struct sd_vq *q = &d->vq[d->cvq];
	uint8_t *area = d->mem + (size_t)(d->cvq + 1) * SD_RING_AREA;
	uint64_t deadline;
	uint16_t id, n = 0;
	uint32_t used_len;

	if (len > SD_CTRL_MAX)
		return -EINVAL;
	if (q->outstanding[0])
		return -EBUSY;	/* an earlier command never came back */
	area[0] = cls;
	area[1] = cmd;
	if (len)
		memcpy(area + SD_CTRL_DATA, data, len);
	area[SD_CTRL_ACK] = SD_ACK_UNSET;
	q->desc[0] = (struct vring_desc){ .addr = sd_iova(d, area), .len = 2,
					  .flags = VRING_DESC_F_NEXT,
					  .next = len ? 1 : 2 };
	q->desc[1] = (struct vring_desc){ .addr = sd_iova(d, area +
							  SD_CTRL_DATA),
					  .len = len,
					  .flags = VRING_DESC_F_NEXT,
					  .next = 2 };
	q->desc[2] = (struct vring_desc){ .addr = sd_iova(d, area +
							  SD_CTRL_ACK),
					  .len = 1,
					  .flags = VRING_DESC_F_WRITE };
	q->nfree -= 3;
	q->outstanding[0] = true;
	sd_publish(q, 0);
	/*
	 * The doorbell that hands the command to a device core, the one
	 * that answers it inline (the kernel's with interrupts on), and
	 * both, so that the core and the doorbell race for the queue.
	 */
	switch (d->ctrl_kicks++ % 3) {
	case 0:
		sd_kick(d, q);
		break;
	case 1:
		ovnic_card_doorbell_serve(d->card, d->id, q->qid);
		break;
	default:
		sd_kick(d, q);
		ovnic_card_doorbell_serve(d->card, d->id, q->qid);
	}

	deadline = tp_now_ns() + timeout_ns;
	for (;;) {
		if (sd_used_next(d, q, &id, &used_len))
			break;
		if (give_up && __atomic_load_n(give_up, __ATOMIC_ACQUIRE)) {
			d->n.ctrl_abandoned++;
			return -EINTR;
		}
		if (++n % 256 == 0 && tp_now_ns() > deadline) {
			d->n.ctrl_timeouts++;
			return -ETIMEDOUT;
		}
		sched_yield();
	}
	/* sd_used_next() freed one slot: the chain took three */
	q->nfree = SD_QSIZE;
	if (used_len < 1 || (area[SD_CTRL_ACK] != VIRTIO_NET_OK &&
			     area[SD_CTRL_ACK] != VIRTIO_NET_ERR)) {
		d->n.ctrl_bad_ack++;
		return -EPROTO;
	}
	if (area[SD_CTRL_ACK] == VIRTIO_NET_OK)
		d->n.ctrl_ok++;
	else
		d->n.ctrl_err++;
	return area[SD_CTRL_ACK];
}
