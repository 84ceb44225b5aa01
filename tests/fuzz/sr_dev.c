// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_split_ring's device: its queues brought up and kept in step with
 * the card, and the checks after the card ran (every chain consumed
 * returned once, the card at rest).
 */
#include <string.h>

#include "sr.h"

static bool sr_has(const struct sr *s, unsigned int bit)
{
	return s->features & VD_BIT(bit);
}

/* The card's indexes become the harness's starting point. */
void sr_q_resync(struct sr *s, uint16_t qid)
{
	struct ovnic_resp_vq_query r;
	struct sr_q *q = &s->q[qid];

	fz_assert(vd_cmd_vq_query(s->c, SR_DEV, qid, &r) == OVNIC_STATUS_OK);
	q->seen_avail = ovnic_le16_to_cpu(r.avail_idx);
	q->seen_used = ovnic_le16_to_cpu(r.used_idx);
	memset(q->out, 0, sizeof(q->out));
}

/* Fresh rings, as a driver lays them out after a reset. */
void sr_q_mem_init(struct sr *s, uint16_t qid)
{
	static const uint8_t zero[SR_DESC_STRIDE];
	struct sr_q *q = &s->q[qid];

	q->size = (uint16_t)(2u << s->qsize_log[qid]);
	sr_write(s, sr_desc_off(qid, 0), zero, 16u * q->size);
	sr_write(s, sr_avail_off(qid), zero, 4);
	sr_put16(s, sr_avail_off(qid) + 4 + 2 * q->size, 0);
	sr_write(s, sr_used_off(qid), zero, 4);
	sr_put16(s, sr_used_off(qid) + 4 + 8 * q->size, 0);
	q->avail_idx = 0;
}

static void sr_q_setup(struct sr *s, uint16_t qid)
{
	struct ovnic_cmd_vq_modify m = { 0 };
	struct sr_q *q = &s->q[qid];

	sr_q_mem_init(s, qid);

	m.qid = ovnic_cpu_to_le16(qid);
	m.size = ovnic_cpu_to_le16(q->size);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ADDR |
					  OVNIC_VQ_MODIFY_SIZE |
					  OVNIC_VQ_MODIFY_VECTOR |
					  OVNIC_VQ_MODIFY_READY);
	m.desc_addr = ovnic_cpu_to_le64(SR_RING_IOVA + qid * SR_DESC_STRIDE);
	m.driver_addr = ovnic_cpu_to_le64(SR_RING_IOVA + SR_AVAIL_OFF +
					  qid * SR_AVAIL_STRIDE);
	m.device_addr = ovnic_cpu_to_le64(SR_USED_IOVA + qid * SR_USED_STRIDE);
	m.vector = ovnic_cpu_to_le32(sr_vector(qid));
	m.ready = 1;
	fz_assert(vd_cmd_vq_modify(s->c, SR_DEV, &m) == OVNIC_STATUS_OK);
	fz_trace("q%u: size %u\n", qid, q->size);
	q->on = true;
	q->wild = false;
	sr_q_resync(s, qid);
}

/* Status, features, queues, DRIVER_OK: what a driver does after reset. */
void sr_bringup(struct sr *s)
{
	struct ovnic_resp_dev_query dq;
	unsigned int pairs, i;
	uint8_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;

	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
	fz_assert(vd_cmd_dev_set_features(s->c, SR_DEV, s->want) ==
		  OVNIC_STATUS_OK);
	st |= VIRTIO_CONFIG_S_FEATURES_OK;
	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
	fz_assert(vd_cmd_dev_query(s->c, SR_DEV, &dq) == OVNIC_STATUS_OK);
	fz_assert(dq.status & VIRTIO_CONFIG_S_FEATURES_OK);
	s->features = s->want;
	s->hdr_len = sr_has(s, VIRTIO_NET_F_HASH_REPORT) ?
		     VD_NET_HDR_HASH_LEN : VD_NET_HDR_LEN;
	pairs = sr_has(s, VIRTIO_NET_F_MQ) ? 2 : 1;
	s->cvq = sr_has(s, VIRTIO_NET_F_CTRL_VQ) ? 2 * pairs : SR_NQ;
	for (i = 0; i < SR_NQ; i++)
		s->q[i].on = false;
	for (i = 0; i < 2 * pairs; i++)
		sr_q_setup(s, i);
	if (s->cvq < SR_NQ)
		sr_q_setup(s, s->cvq);
	st |= VIRTIO_CONFIG_S_DRIVER_OK;
	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
}

/* ---- the checks after the card ran ---- */

static void sr_check_used(struct sr *s, uint16_t qid, uint32_t id,
			  uint32_t len)
{
	struct sr_q *q = &s->q[qid];

	fz_assert(id < q->size);
	fz_assert(q->out[id] > 0);	/* consumed and not yet returned */
	q->out[id]--;
	if (qid == s->cvq) {
		fz_assert(len <= 4097);	/* ack and a result of 4 KiB */
	} else if (qid % 2) {
		fz_assert(len == 0);	/* transmit: nothing written */
	} else {
		fz_assert(len == 0 || (len >= s->hdr_len + 14u &&
				       len <= s->hdr_len + 9018u));
	}
}

static void sr_account(struct sr *s, uint16_t qid)
{
	struct sr_q *q = &s->q[qid];
	struct ovnic_resp_vq_query r;
	uint16_t avail, used, consumed, i;

	fz_assert(vd_cmd_vq_query(s->c, SR_DEV, qid, &r) == OVNIC_STATUS_OK);
	avail = ovnic_le16_to_cpu(r.avail_idx);
	used = ovnic_le16_to_cpu(r.used_idx);
	consumed = avail - q->seen_avail;
	fz_trace("q%u: card avail %u used %u (seen %u %u)%s\n", qid, avail,
		 used, q->seen_avail, q->seen_used, r.broken ? " broken" : "");
	/* Every chain the card took went back at once, and only once. */
	fz_assert(consumed == (uint16_t)(used - q->seen_used));
	if (r.broken) {
		struct ovnic_resp_dev_query dq;

		fz_assert(vd_cmd_dev_query(s->c, SR_DEV, &dq) ==
			  OVNIC_STATUS_OK);
		fz_assert(dq.status & VIRTIO_CONFIG_S_NEEDS_RESET);
	}
	if (!s->tainted && !q->wild) {
		uint32_t ring = sr_avail_off(qid) + 4;
		uint32_t u = sr_used_off(qid);

		/*
		 * More than the ring holds is possible: a driver that
		 * overwrote slots the card had not read yet.  Each slot read
		 * now is what the card read: the harness wrote nothing while
		 * the card ran.
		 */
		for (i = 0; i < consumed; i++) {
			uint16_t slot = (q->seen_avail + i) & (q->size - 1);
			uint16_t head = sr_get16(s, ring + 2 * slot);

			fz_assert(head < q->size);
			q->out[head]++;
		}
		fz_assert(sr_get16(s, u + 2) == used);
		if (consumed > q->size) {
			/* The used ring wrapped: only its last lap is there. */
			for (i = 0; i < q->size; i++)
				fz_assert(sr_get32(s, u + 4 + 8 * i) <
					  q->size);
			memset(q->out, 0, sizeof(q->out));
		}
		for (i = 0; i < consumed && consumed <= q->size; i++) {
			uint16_t slot = (q->seen_used + i) & (q->size - 1);

			sr_check_used(s, qid, sr_get32(s, u + 4 + 8 * slot),
				      sr_get32(s, u + 8 + 8 * slot));
		}
	}
	q->seen_avail = avail;
	q->seen_used = used;
}

void sr_settle(struct sr *s)
{
	unsigned int i;

	fz_check_plat(s->c, true);
	for (i = 0; i < SR_NQ; i++)
		if (s->q[i].on)
			sr_account(s, (uint16_t)i);
	up_wire_clear(s->c->plat);
}

void sr_run(struct sr *s)
{
	fz_run(s->c);
	sr_settle(s);
}
