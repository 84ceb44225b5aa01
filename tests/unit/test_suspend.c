// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Device suspend and resume (DEV_SUSPEND/DEV_RESUME, ovnic_hw.h), what
 * vhost-vdpa's VHOST_VDPA_SUSPEND/RESUME and live migration rest on: every
 * queue stopped at a descriptor boundary with its used entries published,
 * a state VQ_QUERY reads and VQ_MODIFY gives another device, no frame
 * lost or sent twice; and enabling a queue after DRIVER_OK, which QEMU
 * does on every start (VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK).
 *
 * Frames carry their transmit queue and a sequence number, so that every
 * frame sent is found exactly once, or counted as dropped.
 */
#include "unit.h"

#define PAIRS		4
#define PER_Q		48	/* frames per transmit queue and round */
#define MAX_SEQ		256
#define FRAME_LEN	80
#define SEQ_TYPE	0x88b5	/* local experimental ethertype */
#define WIRE_Q		0xff	/* queue number of frames from the wire */

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* Which frames a device received: by sending queue and sequence. */
struct seen {
	uint8_t n[PAIRS][MAX_SEQ];
	unsigned int total;
	unsigned int dups;
	unsigned int strays;	/* not ours, or from the wire */
};

static uint32_t seq_frame(uint8_t *f, const uint8_t *dst, const uint8_t *src,
			  uint8_t q, uint16_t seq)
{
	memcpy(f, dst, 6);
	memcpy(f + 6, src, 6);
	f[12] = SEQ_TYPE >> 8;
	f[13] = SEQ_TYPE & 0xff;
	f[14] = q;
	f[15] = seq >> 8;
	f[16] = seq & 0xff;
	memset(f + 17, 0x5a, FRAME_LEN - 17);
	return FRAME_LEN;
}

/* A device of PAIRS queue pairs, all in use, receive queues filled. */
static struct vd_dev *sp_dev(struct ut_env *e, uint16_t id)
{
	struct vd_dev_cfg cfg = { .max_vqp = PAIRS };
	struct vd_dev *d = ut_dev(e, id, &cfg);
	unsigned int p;

	assert_int_equal(vd_ctrl_mq_pairs(d, PAIRS), VIRTIO_NET_OK);
	for (p = 0; p < PAIRS; p++) {
		assert_true(vd_rx_fill(vd_rxq(d, p), 220, 1540) > 0);
		vd_vq_kick_force(vd_rxq(d, p));
	}
	return d;
}

/* PER_Q frames from each transmit queue of @from to @to; kicked, not run. */
static void post_round(struct vd_dev *from, const uint8_t *to, uint16_t base)
{
	uint8_t f[FRAME_LEN];
	unsigned int p, i;

	for (p = 0; p < PAIRS; p++) {
		for (i = 0; i < PER_Q; i++) {
			uint32_t len = seq_frame(f, to, from->mac, (uint8_t)p,
						 (uint16_t)(base + i));

			assert_true(vd_tx_post(vd_txq(from, p), f, len,
					       NULL) >= 0);
		}
		vd_vq_kick_force(vd_txq(from, p));
	}
}

/* One short poll of each core: traffic stopped midway. */
static void partial_run(struct vd_card *c)
{
	unsigned int core;

	for (core = 0; core < c->params.num_cores; core++)
		ovnic_card_core_poll(c->card, core, 16);
}

/* Reap what @d received into @s, and what it sent; refill. */
static void collect(struct vd_dev *d, struct seen *s)
{
	static struct vd_rx_pkt pkt;
	unsigned int p;

	for (p = 0; p < PAIRS; p++) {
		struct vd_vq *rx = vd_rxq(d, p);

		while (vd_rx_recv(rx, &pkt) == 1) {
			unsigned int q = pkt.data[14];
			unsigned int seq = pkt.data[15] << 8 | pkt.data[16];

			if (pkt.len != FRAME_LEN || q >= PAIRS ||
			    seq >= MAX_SEQ) {
				s->strays++;
				continue;
			}
			if (s->n[q][seq]++)
				s->dups++;
			s->total++;
		}
		ut_vq_clean(rx);
		vd_rx_fill(rx, 220, 1540);
		vd_vq_kick_force(rx);
		vd_vq_drain(vd_txq(d, p));
		ut_vq_clean(vd_txq(d, p));
	}
}

/* Sequences [base, base + PER_Q) of every queue, each seen once. */
static void expect_all(const struct seen *s, uint16_t base)
{
	unsigned int p, i;

	for (p = 0; p < PAIRS; p++)
		for (i = base; i < base + (unsigned int)PER_Q; i++)
			if (s->n[p][i] != 1)
				fail_msg("queue %u seq %u seen %u times", p, i,
					 s->n[p][i]);
	assert_int_equal(s->dups, 0);
	assert_int_equal(s->strays, 0);
}

static uint16_t le16_at(const void *p)
{
	const uint8_t *b = p;

	return (uint16_t)(b[0] | b[1] << 8);
}

/*
 * The state a destination resumes from: for each queue, what the card
 * read from the available ring it used and published, nothing held.
 * Returns the chains the transmit queues consumed.
 */
static unsigned int check_boundary(struct vd_dev *d,
				   struct ovnic_resp_vq_query *st)
{
	unsigned int q, sent = 0;

	for (q = 0; q < d->nvqs; q++) {
		struct vd_vq *vq = d->vq[q];

		assert_int_equal(vd_vq_query(vq, &st[q]), 0);
		assert_true(st[q].ready);
		assert_int_equal(st[q].avail_idx, st[q].used_idx);
		assert_int_equal(le16_at(&vq->used->idx), st[q].used_idx);
		/* transmit queues start at 0 */
		if (q % 2 && q != d->cvq_idx)
			sent += st[q].avail_idx;
	}
	return sent;
}

static uint64_t rx_drops(struct vd_dev *d)
{
	uint64_t n = 0;
	unsigned int p;

	for (p = 0; p < PAIRS; p++)
		n += ut_ctr(vd_rxq(d, p), OVNIC_VQC_DROP_NO_BUFFER);
	return n;
}

static uint64_t kicks(struct vd_dev *d)
{
	uint64_t n = 0;
	unsigned int p;

	for (p = 0; p < PAIRS; p++)
		n += ut_ctr(vd_txq(d, p), OVNIC_VQC_KICKS);
	return n;
}

static bool dev_suspended(struct vd_card *c, uint16_t id)
{
	struct ovnic_resp_dev_query q;

	assert_int_equal(vd_cmd_dev_query(c, id, &q), 0);
	return q.suspended;
}

/*
 * Both directions on four queue pairs, stopped midway: the queues stand
 * at a boundary, stay put while suspended whatever is kicked, the switch
 * delivers nothing to them; after the resume every frame arrives once.
 */
static void suspend_under_traffic(void **state)
{
	static struct seen at_a, at_b;
	struct ovnic_resp_vq_query st_a[VD_MAX_VQS], st_b[VD_MAX_VQS];
	struct ovnic_resp_vq_query again[VD_MAX_VQS];
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct vd_dev *a, *b;
	unsigned int sent, q;
	uint64_t drops, kicked;
	uint8_t f[FRAME_LEN];
	uint16_t used_b[PAIRS];

	memset(&at_a, 0, sizeof(at_a));
	memset(&at_b, 0, sizeof(at_b));
	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	a = sp_dev(e, 0);
	b = sp_dev(e, 1);
	post_round(a, b->mac, 0);
	post_round(b, a->mac, 0);
	partial_run(c);

	assert_int_equal(vd_cmd_dev_suspend(c, a->dev_id), 0);
	assert_int_equal(vd_cmd_dev_suspend(c, b->dev_id), 0);
	assert_true(dev_suspended(c, a->dev_id));
	sent = check_boundary(a, st_a) + check_boundary(b, st_b);
	/* Stopped midway: some frames went, not all. */
	assert_true(sent > 0);
	assert_true(sent < 2 * PAIRS * PER_Q);

	/* Suspended: doorbells counted, nothing served, nothing received. */
	kicked = kicks(a);
	drops = rx_drops(b);
	for (q = 0; q < PAIRS; q++) {
		vd_vq_kick_force(vd_txq(a, q));
		used_b[q] = le16_at(&vd_rxq(b, q)->used->idx);
	}
	assert_int_equal(vd_card_run(c), 0);
	assert_int_equal(kicks(a), kicked + PAIRS);
	assert_int_equal(vd_wire_rx(c, f, seq_frame(f, b->mac, far_mac,
						    WIRE_Q, 0)), 0);
	assert_int_equal(rx_drops(b), drops + 1);
	for (q = 0; q < PAIRS; q++)
		assert_int_equal(le16_at(&vd_rxq(b, q)->used->idx),
				 used_b[q]);
	check_boundary(a, again);
	assert_memory_equal(again, st_a, a->nvqs * sizeof(again[0]));

	assert_int_equal(vd_cmd_dev_resume(c, a->dev_id), 0);
	assert_int_equal(vd_cmd_dev_resume(c, b->dev_id), 0);
	assert_false(dev_suspended(c, a->dev_id));
	assert_int_equal(vd_card_run(c), 0);
	collect(a, &at_a);
	collect(b, &at_b);
	expect_all(&at_b, 0);
	expect_all(&at_a, 0);
	assert_int_equal(at_b.total, PAIRS * PER_Q);
	assert_int_equal(at_a.total, PAIRS * PER_Q);
	assert_int_equal(up_wire_pending(c->plat), 0);
}

/*
 * Live migration on one card: device 0 suspended midway, its queue state
 * read and given to a new device 2 (VQ_MODIFY STATE, the same rings: the
 * guest's memory moved with it) after 0 is gone; the driver goes on with
 * device 2.  Every frame device 0 had taken from its rings, or had put in
 * them, arrives once; what the peer sent during the move is dropped and
 * counted, never delivered twice.
 */
static void suspend_move_to_other_device(void **state)
{
	static struct seen at_a, at_b;
	struct ovnic_resp_vq_query st[VD_MAX_VQS];
	struct ovnic_resp_dev_query dq;
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct vd_dev *a, *b;
	uint64_t drops;
	unsigned int q;
	const uint16_t new_id = 2;

	memset(&at_a, 0, sizeof(at_a));
	memset(&at_b, 0, sizeof(at_b));
	a = sp_dev(e, 0);
	b = sp_dev(e, 1);
	post_round(a, b->mac, 0);
	post_round(b, a->mac, 0);
	partial_run(c);

	assert_int_equal(vd_cmd_dev_suspend(c, a->dev_id), 0);
	check_boundary(a, st);
	assert_int_equal(vd_cmd_dev_query(c, a->dev_id, &dq), 0);
	/* The peer runs on: what it sends the suspended device is dropped. */
	drops = rx_drops(a);
	assert_int_equal(vd_card_run(c), 0);
	drops = rx_drops(a) - drops;

	/* The source goes away; the destination takes its MAC and rings. */
	assert_int_equal(vd_cmd_dev_destroy(c, a->dev_id), 0);
	assert_int_equal(vd_cmd_dev_create(c, new_id, dq.device_features,
					   a->mac, 1500, PAIRS,
					   OVNIC_NO_VECTOR), 0);
	assert_int_equal(vd_cmd_mr_identity(c, new_id, 0), 0);
	assert_int_equal(vd_cmd_dev_set_status(c, new_id,
					       VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER), 0);
	assert_int_equal(vd_cmd_dev_set_features(c, new_id,
						 dq.driver_features), 0);
	assert_int_equal(vd_cmd_dev_set_status(c, new_id,
					       VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER |
					       VIRTIO_CONFIG_S_FEATURES_OK), 0);
	for (q = 0; q < a->nvqs; q++) {
		struct vd_vq *vq = a->vq[q];
		struct ovnic_cmd_vq_modify m = {
			.qid = q,
			.size = vq->size,
			.modify_mask = OVNIC_VQ_MODIFY_ADDR |
				       OVNIC_VQ_MODIFY_SIZE |
				       OVNIC_VQ_MODIFY_STATE |
				       OVNIC_VQ_MODIFY_VECTOR |
				       OVNIC_VQ_MODIFY_READY,
			.desc_addr = vd_iova(a, vq->desc),
			.driver_addr = vd_iova(a, vq->avail),
			.device_addr = vd_iova(a, vq->used),
			.vector = new_id * OVNIC_VECTORS_PER_DEV + q,
			.avail_idx = st[q].avail_idx,
			.used_idx = st[q].used_idx,
			.ready = 1,
		};

		assert_int_equal(vd_cmd_vq_modify(c, new_id, &m), 0);
	}
	assert_int_equal(vd_cmd_dev_set_status(c, new_id, dq.status), 0);
	a->dev_id = new_id;
	/* As QEMU replays the device state through the control queue. */
	assert_int_equal(vd_ctrl_mq_pairs(a, PAIRS), VIRTIO_NET_OK);
	for (q = 0; q < PAIRS; q++)
		vd_vq_kick_force(vd_rxq(a, q));
	assert_int_equal(vd_card_run(c), 0);

	collect(b, &at_b);
	collect(a, &at_a);
	expect_all(&at_b, 0);
	assert_int_equal(at_b.total, PAIRS * PER_Q);
	/* The peer's: received once, or dropped (by the suspended device). */
	assert_int_equal(at_a.dups, 0);
	assert_int_equal(at_a.strays, 0);
	assert_int_equal(at_a.total + drops, PAIRS * PER_Q);

	/* And both ways after the move. */
	memset(&at_a, 0, sizeof(at_a));
	memset(&at_b, 0, sizeof(at_b));
	post_round(a, b->mac, PER_Q);
	post_round(b, a->mac, PER_Q);
	assert_int_equal(vd_card_run(c), 0);
	collect(b, &at_b);
	collect(a, &at_a);
	expect_all(&at_b, PER_Q);
	expect_all(&at_a, PER_Q);
}

/*
 * What is allowed when: DEV_RESUME only of a suspended device; DEV_SUSPEND
 * twice is one; VQ_MODIFY of an enabled queue only while suspended; a
 * reset ends the suspension.
 */
static void suspend_resume_order(void **state)
{
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct ovnic_resp_vq_query st;
	struct ovnic_cmd_vq_modify m = {
		.qid = 1,
		.modify_mask = OVNIC_VQ_MODIFY_STATE,
	};
	struct vd_dev *d;
	uint8_t f[FRAME_LEN];

	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, NULL);
	assert_int_equal(vd_cmd_dev_resume(c, 0), OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_dev_suspend(c, 5), OVNIC_STATUS_NO_DEVICE);
	assert_int_equal(vd_cmd_dev_resume(c, 5), OVNIC_STATUS_NO_DEVICE);

	assert_int_equal(ut_send(d, f, seq_frame(f, far_mac, d->mac, 0, 1)),
			 0);
	ut_expect_wire(c, f, FRAME_LEN);
	assert_int_equal(vd_vq_query(vd_txq(d, 0), &st), 0);
	m.avail_idx = st.avail_idx;
	m.used_idx = st.used_idx;
	assert_int_equal(vd_cmd_vq_modify(c, 0, &m), OVNIC_STATUS_BUSY);

	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	assert_true(dev_suspended(c, 0));
	assert_int_equal(vd_cmd_vq_modify(c, 0, &m), 0);
	assert_int_equal(vd_cmd_dev_resume(c, 0), 0);
	assert_int_equal(vd_cmd_dev_resume(c, 0), OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	assert_int_equal(ut_send(d, f, seq_frame(f, far_mac, d->mac, 0, 2)),
			 0);
	ut_expect_wire(c, f, FRAME_LEN);

	/* A reset ends it: the next driver starts a running device. */
	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_false(dev_suspended(c, 0));
	assert_int_equal(vd_cmd_dev_resume(c, 0), OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(ut_send(d, f, seq_frame(f, far_mac, d->mac, 0, 3)),
			 0);
	ut_expect_wire(c, f, FRAME_LEN);
	assert_int_equal(up_wire_pending(c->plat), 0);
}

/*
 * While suspended the host may move an enabled queue elsewhere
 * (vhost-vdpa's VHOST_SET_VRING_BASE/ADDR): here its state skips the
 * first of three frames, as if another device had sent it.  Nothing runs
 * until the resume, which continues from the new state.
 */
static void suspend_modify_enabled_queue(void **state)
{
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct ovnic_resp_vq_query st;
	uint8_t f[3][FRAME_LEN];
	struct vd_dev *d;
	struct vd_vq *tx;
	unsigned int i;

	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, NULL);
	tx = vd_txq(d, 0);
	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	assert_int_equal(vd_vq_query(tx, &st), 0);
	for (i = 0; i < 3; i++) {
		seq_frame(f[i], far_mac, d->mac, 0, (uint16_t)i);
		assert_true(vd_tx_post(tx, f[i], FRAME_LEN, NULL) >= 0);
	}
	vd_vq_kick_force(tx);
	{
		struct ovnic_cmd_vq_modify m = {
			.qid = tx->qid,
			.modify_mask = OVNIC_VQ_MODIFY_ADDR |
				       OVNIC_VQ_MODIFY_STATE,
			.desc_addr = vd_iova(d, tx->desc),
			.driver_addr = vd_iova(d, tx->avail),
			.device_addr = vd_iova(d, tx->used),
			.avail_idx = st.avail_idx + 1,
			.used_idx = st.used_idx + 1,
		};

		assert_int_equal(vd_cmd_vq_modify(c, 0, &m), 0);
	}
	assert_int_equal(vd_card_run(c), 0);
	assert_int_equal(up_wire_pending(c->plat), 0);
	assert_int_equal(vd_cmd_dev_resume(c, 0), 0);
	assert_int_equal(vd_card_run(c), 0);
	ut_expect_wire(c, f[1], FRAME_LEN);
	ut_expect_wire(c, f[2], FRAME_LEN);
	assert_int_equal(up_wire_pending(c->plat), 0);
	assert_int_equal(vd_vq_query(tx, &st), 0);
	assert_int_equal(st.avail_idx, 3);
	assert_int_equal(st.used_idx, 3);
	assert_int_equal(le16_at(&tx->used->idx), 3);
}

/*
 * Suspended before DRIVER_OK (vhost-vdpa never asks, the card allows it):
 * the queues stay stopped at DRIVER_OK, kicks remembered, until resumed.
 */
static void suspend_before_driver_ok(void **state)
{
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct vd_dev_cfg cfg = { .no_driver_ok = true };
	uint8_t f[FRAME_LEN];
	struct vd_dev *d;

	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, &cfg);
	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	assert_true(dev_suspended(c, 0));
	assert_int_equal(ut_send(d, f, seq_frame(f, far_mac, d->mac, 0, 1)),
			 0);
	assert_int_equal(up_wire_pending(c->plat), 0);
	assert_int_equal(vd_vq_used_pending(vd_txq(d, 0)), 0);
	assert_int_equal(vd_cmd_dev_resume(c, 0), 0);
	assert_int_equal(vd_card_run(c), 0);
	ut_expect_wire(c, f, FRAME_LEN);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
}

/*
 * Coalescing holds receive notifications back; a suspended device owes
 * none, so DEV_SUSPEND raises them.
 */
static void suspend_raises_owed_interrupts(void **state)
{
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	uint8_t f[FRAME_LEN];
	struct vd_dev *d;
	struct vd_vq *rx;
	unsigned int i;

	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, NULL);
	rx = vd_rxq(d, 0);
	assert_int_equal(vd_ctrl_coal(d, false, OVNIC_COAL_USECS_MAX, 64),
			 VIRTIO_NET_OK);
	assert_true(vd_rx_fill(rx, 16, 1540) > 0);
	vd_vq_kick_run(rx);
	up_irq_clear(c->plat);
	for (i = 0; i < 3; i++)
		assert_int_equal(vd_wire_rx(c, f, seq_frame(f, d->mac,
							    far_mac, 0,
							    (uint16_t)i)),
				 0);
	assert_int_equal(vd_vq_used_pending(rx), 3);
	assert_int_equal(vd_vq_irqs(rx), 0);
	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_cmd_dev_resume(c, 0), 0);
	assert_int_equal(vd_card_run(c), 0);
	assert_int_equal(vd_vq_drain(rx), 3);
}

static void set_ready(struct vd_card *c, struct vd_vq *q, bool ready)
{
	struct ovnic_cmd_vq_modify m = {
		.qid = q->qid,
		.modify_mask = OVNIC_VQ_MODIFY_READY |
			       (ready ? OVNIC_VQ_MODIFY_VECTOR : 0),
		.vector = q->vector,
		.ready = ready,
	};

	assert_int_equal(vd_cmd_vq_modify(c, q->dev->dev_id, &m), 0);
}

/*
 * VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK: queues programmed but not
 * enabled at DRIVER_OK (as QEMU starts a device) carry nothing; once
 * enabled, the transmit queue sends what was kicked before, the receive
 * queue receives.
 */
static void enable_after_driver_ok(void **state)
{
	static struct vd_rx_pkt pkt;
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct vd_dev_cfg cfg = { .no_driver_ok = true };
	uint8_t f[FRAME_LEN], g[FRAME_LEN];
	struct vd_dev *a, *b;

	a = ut_dev(e, 0, NULL);
	assert_true(vd_rx_fill(vd_rxq(a, 0), 16, 1540) > 0);
	vd_vq_kick_run(vd_rxq(a, 0));
	b = ut_dev(e, 1, &cfg);
	set_ready(c, vd_txq(b, 0), false);
	set_ready(c, vd_rxq(b, 0), false);
	assert_int_equal(vd_dev_driver_ok(b), 0);

	seq_frame(f, a->mac, b->mac, 0, 7);
	assert_int_equal(ut_send(b, f, FRAME_LEN), 0);
	assert_int_equal(vd_vq_used_pending(vd_rxq(a, 0)), 0);
	assert_true(vd_rx_fill(vd_rxq(b, 0), 16, 1540) > 0);
	vd_vq_kick_run(vd_rxq(b, 0));
	seq_frame(g, b->mac, a->mac, 0, 8);
	assert_int_equal(ut_send(a, g, FRAME_LEN), 0);
	assert_int_equal(ut_ctr(vd_rxq(b, 0), OVNIC_VQC_DROP_NO_BUFFER), 1);
	assert_int_equal(vd_vq_drain(vd_txq(a, 0)), 1);

	set_ready(c, vd_txq(b, 0), true);
	set_ready(c, vd_rxq(b, 0), true);
	assert_int_equal(vd_card_run(c), 0);
	assert_int_equal(vd_rx_recv(vd_rxq(a, 0), &pkt), 1);
	assert_memory_equal(pkt.data, f, FRAME_LEN);
	assert_int_equal(vd_vq_drain(vd_txq(b, 0)), 1);
	assert_int_equal(ut_send(a, g, FRAME_LEN), 0);
	assert_int_equal(vd_rx_recv(vd_rxq(b, 0), &pkt), 1);
	assert_memory_equal(pkt.data, g, FRAME_LEN);
	ut_vq_clean(vd_rxq(a, 0));
	ut_vq_clean(vd_rxq(b, 0));
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, suspend_under_traffic);
	UT_ADD(&l, suspend_move_to_other_device);
	UT_ADD(&l, suspend_resume_order);
	UT_ADD(&l, suspend_modify_enabled_queue);
	UT_ADD(&l, suspend_before_driver_ok);
	UT_ADD(&l, suspend_raises_owed_interrupts);
	UT_ADD(&l, enable_after_driver_ok);
	return ut_run("suspend", &l);
}
