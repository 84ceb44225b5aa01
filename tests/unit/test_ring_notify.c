// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Notification and interrupt suppression on the split ring (virtio 1.2
 * 2.7.7, 2.7.10): interrupts, VIRTQ_AVAIL_F_NO_INTERRUPT and
 * VIRTQ_USED_F_NO_NOTIFY, the event index (used_event, avail_event).
 */
#include "test_ring.h"

static void ring_irq_basic(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;

	vd_rx_fill(rx, 4, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);

	len = tx_frame(d, f, 60, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(vd_vq_irqs(rx), 0);

	len = rx_frame(d, f, 60, 2);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_INTERRUPTS), 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_INTERRUPTS), 1);
}

/* 2.7.7: VIRTQ_AVAIL_F_NO_INTERRUPT without EVENT_IDX. */
static void ring_irq_no_interrupt_flag(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	vd_rx_fill(rx, 8, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);
	vd_vq_irq_disable(tx);
	vd_vq_irq_disable(rx);
	for (i = 0; i < 3; i++) {
		len = tx_frame(d, f, 60, i);
		ut_send(d, f, len);
		len = rx_frame(d, f, 60, i);
		vd_wire_rx(e->c, f, len);
	}
	assert_int_equal(vd_vq_used_pending(tx), 3);
	assert_int_equal(vd_vq_used_pending(rx), 3);
	assert_int_equal(vd_vq_irqs(tx), 0);
	assert_int_equal(vd_vq_irqs(rx), 0);

	vd_vq_irq_enable(tx);
	vd_vq_irq_enable(rx);
	len = tx_frame(d, f, 60, 9);
	ut_send(d, f, len);
	len = rx_frame(d, f, 60, 9);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_drain(tx), 4);
	assert_int_equal(vd_vq_drain(rx), 4);
}

/* One kick, a burst of 16 completions: one interrupt, not 16. */
static void ring_irq_one_per_burst(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	up_irq_clear(e->c->plat);
	for (i = 0; i < 16; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_vq_used_pending(tx), 16);
	assert_int_equal(vd_vq_irqs(tx), 1);
}

/* Without EVENT_IDX the card must leave NO_NOTIFY clear when idle. */
static void ring_no_notify_when_idle(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	for (i = 0; i < 5; i++) {
		uint32_t len = tx_frame(d, f, 60, i);

		assert_true(vd_tx_post(tx, f, len, NULL) >= 0);
		assert_int_equal(vd_vq_kick(tx), 1);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_false(tx->used->flags & VRING_USED_F_NO_NOTIFY);
		ut_expect_wire(e->c, f, len);
	}
	assert_int_equal(tx->kicks_suppressed, 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 5);
}

/*
 * Without EVENT_IDX the card says NO_NOTIFY while it serves a transmit
 * queue (stopped by its budget with work left, the driver's next post
 * needs no kick) and clears it when it runs dry.
 */
static void ring_no_kicks_while_served(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	unsigned int core, i;
	uint8_t f[256];

	for (i = 0; i < 40; i++)
		assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, (uint8_t)i),
				       NULL) >= 0);
	assert_int_equal(vd_vq_kick(tx), 1);
	for (core = 0; core < e->c->params.num_cores; core++)
		ovnic_card_core_poll(e->c->card, core, 8);
	assert_true(ut_ctr(tx, OVNIC_VQC_PACKETS) < 40);
	assert_true(tx->used->flags & VRING_USED_F_NO_NOTIFY);
	assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, 40), NULL) >= 0);
	assert_int_equal(vd_vq_kick(tx), 0);

	assert_int_equal(vd_card_run(e->c), 0);
	for (i = 0; i < 41; i++)
		ut_expect_wire(e->c, f, tx_frame(d, f, 60, (uint8_t)i));
	assert_int_equal(vd_vq_drain(tx), 41);
	assert_false(tx->used->flags & VRING_USED_F_NO_NOTIFY);
	assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, 41), NULL) >= 0);
	assert_int_equal(vd_vq_kick(tx), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f, tx_frame(d, f, 60, 41));
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 2);
}

/*
 * A receive queue wants no kicks (without EVENT_IDX: NO_NOTIFY once its
 * ring is mapped); buffers added unannounced are found at the next frame.
 */
static void ring_rx_no_kicks(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *rx = vd_rxq(d, 0);
	static struct vd_rx_pkt pkt;
	uint8_t f[256];
	uint32_t len;

	assert_int_equal(vd_rx_fill(rx, 2, 1526), 2);
	vd_vq_kick_run(rx);
	len = rx_frame(d, f, 80, 1);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_true(rx->used->flags & VRING_USED_F_NO_NOTIFY);
	assert_int_equal(vd_rx_fill(rx, 8, 1526), 7);
	assert_int_equal(vd_vq_kick(rx), 0);
	len = rx_frame(d, f, 80, 2);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_memory_equal(pkt.data, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_KICKS), 1);
	ut_vq_clean(rx);
}

static const struct vd_dev_cfg event_idx_cfg = {
	.features = VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX),
};

/* 2.7.10: used_event tells the card when to interrupt. */
static void ring_event_idx_used_event(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	assert_true(vd_has(d, VIRTIO_RING_F_EVENT_IDX));
	vd_rx_fill(rx, 16, 1526);
	vd_vq_kick_run(rx);
	/*
	 * Warm up: like vhost, the card may interrupt for its first used
	 * entry whatever used_event says (a SHOULD NOT in 2.7.10, harmless).
	 */
	len = rx_frame(d, f, 60, 0);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_drain(rx), 1);
	vd_rx_fill(rx, 16, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);
	/* interrupt when the used index moves past 4 */
	vd_vq_set_used_event(rx, 4);
	for (i = 0; i < 3; i++) {
		vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_vq_irqs(rx), 0);
	}
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	/* the event index is behind now: no more interrupts */
	for (i = 0; i < 4; i++)
		vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_used_pending(rx), 8);
	/* used_event far ahead: nothing either */
	vd_vq_set_used_event(rx, 100);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	/* reaping re-arms at last_used: the next one interrupts */
	assert_int_equal(vd_vq_drain(rx), 9);
	vd_rx_fill(rx, 16, 1526);
	vd_vq_kick_run(rx);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 2);
}

static void ring_event_idx_tx_batch(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	up_irq_clear(e->c->plat);
	vd_vq_set_used_event(tx, 4);
	for (i = 0; i < 8; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	vd_card_run(e->c);
	assert_int_equal(vd_vq_used_pending(tx), 8);
	assert_int_equal(vd_vq_irqs(tx), 1);
	for (i = 0; i < 8; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	vd_card_run(e->c);
	assert_int_equal(vd_vq_used_pending(tx), 16);
	assert_int_equal(vd_vq_irqs(tx), 1);
	/* NO_INTERRUPT is ignored with EVENT_IDX (2.7.7.2) */
	vd_vq_set_used_event(tx, 16);
	vd_vq_irq_disable(tx);
	vd_tx_post(tx, f, tx_frame(d, f, 60, 0), NULL);
	vd_vq_kick(tx);
	vd_card_run(e->c);
	assert_int_equal(vd_vq_irqs(tx), 2);
}

/* 2.7.10: the card publishes avail_event so the driver knows to kick. */
static void ring_event_idx_avail_event(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	for (i = 0; i < 5; i++) {
		len = tx_frame(d, f, 60, i);
		vd_tx_post(tx, f, len, NULL);
		assert_int_equal(vd_vq_kick(tx), 1);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_int_equal(vd_vq_avail_event(tx), tx->avail_idx);
		ut_expect_wire(e->c, f, len);
	}
	assert_int_equal(tx->kicks_suppressed, 0);
}

/* A suppressed kick loses nothing: the card reads avail->idx. */
static void ring_event_idx_kick_suppressed(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[2][256];
	uint32_t len[2];

	len[0] = tx_frame(d, f[0], 60, 1);
	len[1] = tx_frame(d, f[1], 70, 2);
	vd_tx_post(tx, f[0], len[0], NULL);
	assert_int_equal(vd_vq_kick(tx), 1);
	vd_tx_post(tx, f[1], len[1], NULL);
	assert_int_equal(vd_vq_kick(tx), 0);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f[0], len[0]);
	ut_expect_wire(e->c, f[1], len[1]);
	assert_int_equal(vd_vq_drain(tx), 2);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, ring_irq_basic);
	UT_ADD(&l, ring_irq_no_interrupt_flag);
	UT_ADD(&l, ring_irq_one_per_burst);
	UT_ADD(&l, ring_no_notify_when_idle);
	UT_ADD(&l, ring_no_kicks_while_served);
	UT_ADD(&l, ring_rx_no_kicks);
	UT_ADD(&l, ring_event_idx_used_event);
	UT_ADD(&l, ring_event_idx_tx_batch);
	UT_ADD(&l, ring_event_idx_avail_event);
	UT_ADD(&l, ring_event_idx_kick_suppressed);
	return ut_run("ring_notify", &l);
}
