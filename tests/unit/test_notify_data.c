// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * VIRTIO_F_NOTIFICATION_DATA (virtio 1.2 section 2.9) on split and packed
 * rings: the data doorbell carries where the driver puts its next buffer.
 * The card serves what the ring holds, whatever the data says, and counts
 * data that claims more than the ring holds (OVNIC_VQC_BAD_NOTIFY).
 */
#include "test_ring.h"

struct nd_row {
	const char *name;
	bool packed;
};

static const struct nd_row layouts[] = {
	{ "split", false },
	{ "packed", true },
};

#define ND_QUEUE_SIZE	16

static struct vd_dev *nd_dev_at(struct ut_env *e, uint16_t dev_id,
				bool with_data)
{
	const struct nd_row *r = e->param;
	struct vd_dev_cfg cfg = {
		.features = VD_F_DEFAULT |
			    (with_data ? VD_BIT(VIRTIO_F_NOTIFICATION_DATA) :
					 0) |
			    (r->packed ? VD_BIT(VIRTIO_F_RING_PACKED) : 0),
		.queue_size = ND_QUEUE_SIZE,
	};

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	return ut_dev(e, dev_id, &cfg);
}

static struct vd_dev *nd_dev(struct ut_env *e)
{
	return nd_dev_at(e, 0, true);
}

/* Post @n frames on @d's transmit queue 0, seeded from @seed. */
static void post_frames(struct vd_dev *d, unsigned int n, uint8_t seed)
{
	uint8_t f[256];
	unsigned int i;

	for (i = 0; i < n; i++)
		assert_true(vd_tx_post(vd_txq(d, 0), f,
				       tx_frame(d, f, 60, seed + i), NULL) >= 0);
}

/* The @n frames post_frames() posted reached the wire, in order. */
static void expect_frames(struct ut_env *e, struct vd_dev *d, unsigned int n,
			  uint8_t seed)
{
	uint8_t f[256];
	unsigned int i;

	for (i = 0; i < n; i++)
		ut_expect_wire(e->c, f, tx_frame(d, f, 60, seed + i));
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), (int)n);
}

/*
 * True data, batch after batch over several laps of a 16-entry ring
 * (packed: the wrap counter flips in the data too): nothing counted.
 */
static void data_true_over_laps(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *tx = vd_txq(d, 0);
	unsigned int i, n;

	for (i = 0; i < 20; i++) {
		n = 1 + i % 5;
		post_frames(d, n, (uint8_t)(i * 8));
		vd_vq_kick_data(tx, 0);
		assert_int_equal(vd_card_run(e->c), 0);
		expect_frames(e, d, n, (uint8_t)(i * 8));
	}
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 20);
}

/*
 * Data ahead of the ring (the driver rang before its buffers were there):
 * counted once per such notification; the card sends what the ring holds
 * and the queue goes on.
 */
static void data_ahead_counted(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *tx = vd_txq(d, 0);

	post_frames(d, 2, 1);
	vd_vq_kick_data(tx, 3);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 2, 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 1);

	/* one ahead, right at the ring's end for the packed layout */
	post_frames(d, ND_QUEUE_SIZE - 2, 10);
	vd_vq_kick_data(tx, 1);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, ND_QUEUE_SIZE - 2, 10);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 2);

	post_frames(d, 3, 40);
	vd_vq_kick_data(tx, 0);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 3, 40);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 2);
}

/*
 * Data behind the ring is old news (the driver added more after it rang,
 * or the card already took them): not counted, everything is sent.
 */
static void data_behind_not_counted(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *tx = vd_txq(d, 0);

	post_frames(d, 4, 1);
	vd_vq_kick_data(tx, -3);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 4, 1);
	/* behind what the card has already taken */
	vd_vq_kick_data(tx, -2);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 0);
}

/*
 * A packed slot number outside the ring is wrong whatever the positions;
 * a split index more than a ring ahead is indistinguishable from an old
 * one and passes.
 */
static void data_out_of_ring(void **state)
{
	struct ut_env *e = *state;
	const struct nd_row *r = e->param;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *tx = vd_txq(d, 0);
	uint32_t data = tx->qid | (uint32_t)(r->packed ? 0x8000 | 200 :
					     ND_QUEUE_SIZE + 200) << 16;

	post_frames(d, 2, 1);
	ovnic_card_doorbell_data(e->c->card, d->dev_id, data, 0);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 2, 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), r->packed ? 1 : 0);
}

/*
 * Without the feature the data doorbell is a plain doorbell: the queue
 * index in bits 15:0 is all the card takes.
 */
static void data_without_feature_ignored(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev_at(e, 0, false);
	struct vd_vq *tx = vd_txq(d, 0);

	post_frames(d, 3, 1);
	vd_vq_kick_data(tx, 5);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 3, 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 1);
}

/*
 * With the feature on, a plain doorbell (vhost-vdpa's kick eventfds carry
 * no data) is no notification data: nothing is checked.  Taken as data it
 * would say slot 0 of the second lap on a packed ring, which is ahead.
 */
static void plain_doorbell_has_no_data(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *tx = vd_txq(d, 0);

	post_frames(d, 5, 1);
	vd_vq_kick_data(tx, 0);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 5, 1);
	post_frames(d, 5, 10);
	ovnic_card_doorbell(e->c->card, d->dev_id, tx->qid);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 5, 10);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 2);
}

/*
 * A receive queue's kick wakes nothing: its data is checked when the next
 * frame arrives, against the buffers the ring holds then.
 */
static void data_on_receive_queue(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *rx = vd_rxq(d, 0);
	static struct vd_rx_pkt pkt;
	uint8_t f[256];
	uint32_t len;

	assert_int_equal(vd_rx_fill(rx, 4, 1526), 4);
	vd_vq_kick_data(rx, 0);
	len = rx_frame(d, f, 80, 1);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_memory_equal(pkt.data, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_BAD_NOTIFY), 0);

	vd_vq_kick_data(rx, 2);
	len = rx_frame(d, f, 80, 2);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_memory_equal(pkt.data, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_BAD_NOTIFY), 1);
	ut_vq_clean(rx);
}

/*
 * The control queue: commands kicked through the data doorbell (as the
 * test driver does once the feature is on), then one rung and answered
 * inline (ovnic_card_doorbell_serve()'s path) with the data.
 */
static void data_on_control_queue(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *cvq = vd_cvq(d);
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC,
						 i % 2), VIRTIO_NET_OK);
	assert_int_equal(ut_ctr(cvq, OVNIC_VQC_KICKS), 3);
	ovnic_card_doorbell_data(e->c->card, d->dev_id,
				 vd_vq_notify_data(cvq, 0), 1);
	ovnic_card_doorbell_data(e->c->card, d->dev_id,
				 vd_vq_notify_data(cvq, 1), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(ut_ctr(cvq, OVNIC_VQC_KICKS), 5);
	assert_int_equal(ut_ctr(cvq, OVNIC_VQC_BAD_NOTIFY), 1);
	assert_int_equal(ut_ctr(cvq, OVNIC_VQC_CTRL_ERRORS), 0);
}

/* Data doorbells for queues or devices that do not exist do nothing. */
static void data_bad_target(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = nd_dev(e);
	struct vd_vq *tx = vd_txq(d, 0);
	uint64_t kicks = ut_ctr(tx, OVNIC_VQC_KICKS);

	ovnic_card_doorbell_data(e->c->card, d->dev_id, 0xffff1234u, 0);
	ovnic_card_doorbell_data(e->c->card, d->dev_id, 0x0001ffffu, 1);
	ovnic_card_doorbell_data(e->c->card, 7, 0x00050001u, 0);
	ovnic_card_doorbell_data(e->c->card, 0xffff, 0x00050001u, 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), kicks);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BAD_NOTIFY), 0);
	post_frames(d, 1, 1);
	vd_vq_kick_data(tx, 0);
	assert_int_equal(vd_card_run(e->c), 0);
	expect_frames(e, d, 1, 1);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, data_true_over_laps, layouts);
	UT_ADD_TABLE(&l, data_ahead_counted, layouts);
	UT_ADD_TABLE(&l, data_behind_not_counted, layouts);
	UT_ADD_TABLE(&l, data_out_of_ring, layouts);
	UT_ADD_TABLE(&l, data_without_feature_ignored, layouts);
	UT_ADD_TABLE(&l, plain_doorbell_has_no_data, layouts);
	UT_ADD_TABLE(&l, data_on_receive_queue, layouts);
	UT_ADD_TABLE(&l, data_on_control_queue, layouts);
	UT_ADD_TABLE(&l, data_bad_target, layouts);
	return ut_run("notify_data", &l);
}
