// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Notifications coalescing (virtio 1.3 5.1.6.5.9) on the virtual clock:
 * the count starts at the first packet, max_usecs or max_packets notifies
 * whichever comes first, 0 means every packet, the last set wins, an
 * enabled queue starts from the global values, reset clears everything,
 * VQ_SET/VQ_GET need an enabled data queue, new parameters that are
 * already met notify at once, the driver's suppression still applies, and
 * a timer expiry racing with the owner's own notification neither loses
 * nor doubles one; frames a device in loopback sends itself coalesce as
 * any received frame.  Then the host's policy (mailbox COAL_POLICY_SET/GET,
 * COAL_VQ_QUERY) and the card's adaptive moderation.
 */
#include "unit.h"

#define US		1000ull
#define MS		1000000ull
#define F_COAL		(VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX))

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static struct up_plat *plat(struct ut_env *e)
{
	return e->c->plat;
}

static void rx_refill(struct vd_vq *q)
{
	vd_vq_drain(q);
	vd_rx_fill(q, 200, 1526);
	vd_vq_kick_force(q);
}

/* Device 0 with @max_vqp pairs, receive queues filled, irqs cleared. */
static struct vd_dev *coal_dev(struct ut_env *e, uint16_t max_vqp,
			       uint64_t features)
{
	struct vd_dev_cfg cfg = { .max_vqp = max_vqp, .features = features };
	struct vd_dev *d;
	unsigned int p;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, &cfg);
	for (p = 0; p < (vd_has(d, VIRTIO_NET_F_MQ) ? max_vqp : 1u); p++)
		rx_refill(vd_rxq(d, p));
	assert_int_equal(vd_card_run(e->c), 0);
	up_irq_clear(plat(e));
	return d;
}

/* @n frames from the wire, all to receive queue 0. */
static void wire_in(struct ut_env *e, struct vd_dev *d, unsigned int n)
{
	uint8_t f[128];
	uint32_t len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x88b5, 60, 1);

	while (n--)
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
}

/* Move the clock and let the card run what is due. */
static void later(struct ut_env *e, uint64_t ns)
{
	up_advance(plat(e), ns);
	assert_int_equal(vd_card_run(e->c), 0);
}

static uint32_t rx_irqs(struct vd_dev *d)
{
	return vd_vq_irqs(vd_rxq(d, 0));
}

static struct ovnic_resp_coal_vq coal_query(struct ut_env *e, uint16_t qid)
{
	struct ovnic_resp_coal_vq r;

	assert_int_equal(vd_cmd_coal_vq_query(e->c, 0, qid, &r),
			 OVNIC_STATUS_OK);
	return r;
}

static void expect_vq_params(struct vd_dev *d, uint16_t qid, uint32_t usecs,
			     uint32_t packets)
{
	uint32_t u = 0xdead, p = 0xdead;

	assert_int_equal(vd_ctrl_coal_vq_get(d, qid, &u, &p), VIRTIO_NET_OK);
	assert_int_equal(u, usecs);
	assert_int_equal(p, packets);
}

/* ---- the rules ---- */

/* After reset the parameters are 0: a notification per packet. */
static void coal_off_by_default(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);

	expect_vq_params(d, 0, 0, 0);
	expect_vq_params(d, 1, 0, 0);
	wire_in(e, d, 3);
	assert_int_equal(rx_irqs(d), 3);
	assert_int_equal(up_timers_armed(plat(e)), 0);
	assert_int_equal(ut_ctr(vd_rxq(d, 0), OVNIC_VQC_COALESCED), 0);
}

struct zero_row {
	const char *name;
	uint32_t usecs;
	uint32_t packets;
};

static const struct zero_row zero_rows[] = {
	{ "usecs_0", 0, 8 },
	{ "packets_0", 100, 0 },
	{ "both_0", 0, 0 },
};

/* Either parameter 0: every packet is notified, no timer. */
static void coal_zero_means_every_packet(void **state)
{
	struct ut_env *e = *state;
	const struct zero_row *r = e->param;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);

	assert_int_equal(vd_ctrl_coal(d, false, r->usecs, r->packets),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_card_run(e->c), 0);
	wire_in(e, d, 4);
	assert_int_equal(rx_irqs(d), 4);
	assert_int_equal(up_timers_armed(plat(e)), 0);
}

/* max_packets reached before max_usecs: notify, count again. */
static void coal_count_first(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);

	assert_int_equal(vd_ctrl_coal(d, false, 100, 4), VIRTIO_NET_OK);
	wire_in(e, d, 3);
	assert_int_equal(rx_irqs(d), 0);
	assert_int_equal(vd_vq_used_pending(vd_rxq(d, 0)), 3);
	assert_int_equal(up_timers_armed(plat(e)), 1);
	wire_in(e, d, 1);
	assert_int_equal(rx_irqs(d), 1);
	/* the period ended by count: its timer is gone */
	assert_int_equal(up_timers_armed(plat(e)), 0);
	wire_in(e, d, 3);
	assert_int_equal(rx_irqs(d), 1);
	wire_in(e, d, 1);
	assert_int_equal(rx_irqs(d), 2);
	assert_int_equal(ut_ctr(vd_rxq(d, 0), OVNIC_VQC_COALESCED), 6);
	assert_int_equal(ut_ctr(vd_rxq(d, 0), OVNIC_VQC_INTERRUPTS), 2);
}

/* max_usecs counts from the first packet of the period, not the last. */
static void coal_usecs_from_first_packet(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	uint64_t t0;

	assert_int_equal(vd_ctrl_coal(d, false, 50, 100), VIRTIO_NET_OK);
	later(e, 7 * US);		/* idle time does not count */
	t0 = up_now(plat(e));
	wire_in(e, d, 1);
	assert_int_equal(up_timer_next(plat(e)), t0 + 50 * US);
	later(e, 30 * US);
	wire_in(e, d, 1);
	assert_int_equal(up_timer_next(plat(e)), t0 + 50 * US);
	later(e, 19 * US);
	assert_int_equal(rx_irqs(d), 0);
	later(e, 1 * US);
	assert_int_equal(rx_irqs(d), 1);
	assert_int_equal(up_timers_armed(plat(e)), 0);
	/* nothing pending: time passes, nothing happens */
	later(e, 500 * US);
	assert_int_equal(rx_irqs(d), 1);
	/* the next period starts with the next packet */
	wire_in(e, d, 1);
	assert_int_equal(up_timer_next(plat(e)), up_now(plat(e)) + 50 * US);
	later(e, 50 * US);
	assert_int_equal(rx_irqs(d), 2);
}

/* Transmit queues coalesce their completions the same way. */
static void coal_tx(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[128];
	uint32_t len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x88b5, 60, 1);
	int i;

	assert_int_equal(vd_ctrl_coal(d, true, 20, 3), VIRTIO_NET_OK);
	for (i = 0; i < 2; i++)
		assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_irqs(tx), 0);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(ut_send(d, f, len), 0);
	later(e, 20 * US);
	assert_int_equal(vd_vq_irqs(tx), 2);
	/* receive queues kept their own parameters */
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 2);
	up_wire_clear(plat(e));
}

/*
 * Loopback: what the device sends itself is coalesced on its receive
 * queue by the receive parameters, by count and by time, and each
 * transmit queue keeps its own (0 here: an interrupt per frame).
 */
static void coal_loopback(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[128];
	uint32_t len = vd_frame(f, d->mac, d->mac, VD_NO_VLAN, 0x88b5, 60, 1);
	int i;

	assert_int_equal(vd_cmd_set_loopback(e->c, 0, OVNIC_LOOPBACK_ON),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_ctrl_coal(d, false, 100, 4), VIRTIO_NET_OK);
	for (i = 0; i < 3; i++)
		assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(rx_irqs(d), 0);
	assert_int_equal(vd_vq_used_pending(vd_rxq(d, 0)), 3);
	assert_int_equal(up_timers_armed(plat(e)), 1);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(rx_irqs(d), 1);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(rx_irqs(d), 1);
	later(e, 100 * US);
	assert_int_equal(rx_irqs(d), 2);
	assert_int_equal(vd_vq_irqs(tx), 5);
	assert_int_equal(ut_ctr(vd_rxq(d, 0), OVNIC_VQC_PACKETS), 5);
	assert_int_equal(ut_ctr(vd_rxq(d, 0), OVNIC_VQC_COALESCED), 4);
	assert_int_equal(up_wire_pending(plat(e)), 0);
}

/*
 * The race: the period ends by count and the owner cancels its timer, but
 * the timer's callback is already running ("cancel_races").  It delivers
 * its expiry after the next period began: nothing is due yet, so no
 * interrupt, and the next period still gets its own, once.
 */
static void coal_stale_expiry(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	uint64_t t1;

	assert_int_equal(vd_ctrl_coal(d, false, 50, 2), VIRTIO_NET_OK);
	plat(e)->cancel_races = true;
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 1);
	later(e, 10 * US);
	t1 = up_now(plat(e));
	wire_in(e, d, 1);		/* a new period */
	assert_int_equal(up_timers_run_raced(plat(e)), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(rx_irqs(d), 1);
	assert_int_equal(up_timer_next(plat(e)), t1 + 50 * US);
	later(e, 50 * US);
	assert_int_equal(rx_irqs(d), 2);
	/* a stale expiry with nothing pending does nothing either */
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 3);
	assert_int_equal(up_timers_run_raced(plat(e)), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	later(e, MS);
	assert_int_equal(rx_irqs(d), 3);
	assert_int_equal(vd_vq_drain(vd_rxq(d, 0)), 5);
}

/*
 * The spec's example (5.1.6.5.9): with two pairs, RX_SET sets 0 and 2,
 * VQ_SET 0 overrides queue 0 only, TX_SET overrides an earlier VQ_SET 1.
 */
static void coal_last_set_wins(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 2, VD_F_DEFAULT);

	assert_int_equal(d->cvq_idx, 4);
	assert_int_equal(vd_ctrl_coal(d, false, 10, 11), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 20, 21), VIRTIO_NET_OK);
	expect_vq_params(d, 0, 20, 21);
	expect_vq_params(d, 2, 10, 11);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 1, 30, 31), VIRTIO_NET_OK);
	expect_vq_params(d, 3, 0, 0);
	assert_int_equal(vd_ctrl_coal(d, true, 40, 41), VIRTIO_NET_OK);
	expect_vq_params(d, 1, 40, 41);
	expect_vq_params(d, 3, 40, 41);
	expect_vq_params(d, 0, 20, 21);
	assert_int_equal(coal_query(e, 0).source,
			 OVNIC_COAL_SRC_DRIVER_VQ);
	assert_int_equal(coal_query(e, 1).source,
			 OVNIC_COAL_SRC_DRIVER_GLOBAL);
	assert_int_equal(vd_ctrl_coal(d, false, 50, 51), VIRTIO_NET_OK);
	expect_vq_params(d, 0, 50, 51);
}

static void vq_set_ready(struct ut_env *e, uint16_t qid, bool ready)
{
	struct ovnic_cmd_vq_modify m = {
		.qid = ovnic_cpu_to_le16(qid),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY),
		.ready = ready,
	};

	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
}

/* Disabled and enabled again, a queue takes the last RX_SET/TX_SET, or 0. */
static void coal_reenable_takes_global(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);

	assert_int_equal(vd_ctrl_coal_vq_set(d, 1, 70, 7), VIRTIO_NET_OK);
	vq_set_ready(e, 1, false);
	vq_set_ready(e, 1, true);
	expect_vq_params(d, 1, 0, 0);
	assert_int_equal(vd_ctrl_coal(d, false, 30, 3), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 80, 8), VIRTIO_NET_OK);
	vq_set_ready(e, 0, false);
	vq_set_ready(e, 0, true);
	expect_vq_params(d, 0, 30, 3);
	assert_int_equal(coal_query(e, 0).source,
			 OVNIC_COAL_SRC_DRIVER_GLOBAL);
	/* setting ready on a ready queue changes nothing */
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 90, 9), VIRTIO_NET_OK);
	vq_set_ready(e, 0, true);
	expect_vq_params(d, 0, 90, 9);
}

/* Disabling a queue with a period open stops its timer for good. */
static void coal_disable_stops_timer(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);

	assert_int_equal(vd_ctrl_coal(d, false, 100, 10), VIRTIO_NET_OK);
	wire_in(e, d, 2);
	assert_int_equal(up_timers_armed(plat(e)), 1);
	vq_set_ready(e, 0, false);
	assert_int_equal(up_timers_armed(plat(e)), 0);
	later(e, MS);
	assert_int_equal(rx_irqs(d), 0);
	assert_int_equal(coal_query(e, 0).pending, 0);
}

/* Reset: parameters 0, global sets forgotten, timers stopped. */
static void coal_reset_clears_all(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 2, VD_F_DEFAULT);
	unsigned int q;

	assert_int_equal(vd_ctrl_coal(d, false, 100, 10), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_coal(d, true, 100, 10), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 2, 5, 5), VIRTIO_NET_OK);
	wire_in(e, d, 2);
	assert_int_equal(up_timers_armed(plat(e)), 1);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_int_equal(up_timers_armed(plat(e)), 0);
	for (q = 0; q < 4; q++) {
		struct ovnic_resp_coal_vq r = coal_query(e, q);

		expect_vq_params(d, q, 0, 0);
		assert_int_equal(r.source, OVNIC_COAL_SRC_DEFAULT);
		assert_int_equal(r.pending, 0);
	}
	rx_refill(vd_rxq(d, 0));
	up_irq_clear(plat(e));
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 2);
	later(e, MS);
	assert_int_equal(rx_irqs(d), 2);
}

/* Destroying a device with periods open leaves no timer behind. */
static void coal_destroy_with_timers(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 2, VD_F_DEFAULT);

	assert_int_equal(vd_ctrl_coal(d, false, 100, 10), VIRTIO_NET_OK);
	wire_in(e, d, 1);
	assert_int_equal(up_timers_armed(plat(e)), 1);
	vd_dev_destroy(d);
	e->dev[0] = NULL;
	assert_int_equal(plat(e)->timer.live, 0);
	later(e, MS);
}

/* VQ_SET and VQ_GET name an enabled transmit or receive queue, or fail. */
static void coal_vq_must_be_enabled(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 2, VD_F_DEFAULT &
				    ~VD_BIT(VIRTIO_NET_F_MQ));
	uint32_t u, p;

	/* without MQ the control queue is 2: data queues are 0 and 1 */
	assert_int_equal(d->cvq_idx, 2);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 2, 10, 10), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_coal_vq_get(d, 2, &u, &p), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 3, 10, 10), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0xffff, 10, 10),
			 VIRTIO_NET_ERR);
	vq_set_ready(e, 1, false);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 1, 10, 10), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_coal_vq_get(d, 1, &u, &p), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 10, 10), VIRTIO_NET_OK);
	/* a global set still reaches the disabled queue when it comes back */
	assert_int_equal(vd_ctrl_coal(d, true, 60, 6), VIRTIO_NET_OK);
	vq_set_ready(e, 1, true);
	expect_vq_params(d, 1, 60, 6);
	/* the control queue itself never coalesces */
	assert_int_equal(coal_query(e, 2).active, 0);
}

/* New parameters that are already met notify at once (5.1.6.5.9.4). */
static void coal_new_params_already_met(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);

	assert_int_equal(vd_ctrl_coal(d, false, 1000, 100), VIRTIO_NET_OK);
	wire_in(e, d, 10);
	assert_int_equal(rx_irqs(d), 0);
	/* fewer packets than already pending */
	assert_int_equal(vd_ctrl_coal(d, false, 1000, 8), VIRTIO_NET_OK);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(rx_irqs(d), 1);
	/* a shorter time than already elapsed */
	wire_in(e, d, 2);
	later(e, 60 * US);
	assert_int_equal(rx_irqs(d), 1);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 50, 100), VIRTIO_NET_OK);
	assert_int_equal(rx_irqs(d), 2);
	/* coalescing turned off */
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 2);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 0, 0), VIRTIO_NET_OK);
	assert_int_equal(rx_irqs(d), 3);
	assert_int_equal(up_timers_armed(plat(e)), 0);
	wire_in(e, d, 1);
	assert_int_equal(rx_irqs(d), 4);
}

/* Parameters not yet met: a longer max_usecs moves the deadline. */
static void coal_longer_usecs_rearms(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	uint64_t t0 = up_now(plat(e));

	assert_int_equal(vd_ctrl_coal(d, false, 50, 100), VIRTIO_NET_OK);
	wire_in(e, d, 1);
	later(e, 20 * US);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 200, 100), VIRTIO_NET_OK);
	assert_int_equal(up_timer_next(plat(e)), t0 + 200 * US);
	later(e, 100 * US);
	assert_int_equal(rx_irqs(d), 0);
	later(e, 80 * US);
	assert_int_equal(rx_irqs(d), 1);
}

/*
 * The driver's suppression wins (5.1.6.5.9.1): conditions met while
 * VRING_AVAIL_F_NO_INTERRUPT is set send nothing, and counting restarts.
 */
static void coal_suppressed_by_driver(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	struct vd_vq *rx = vd_rxq(d, 0);

	assert_int_equal(vd_ctrl_coal(d, false, 50, 3), VIRTIO_NET_OK);
	vd_vq_irq_disable(rx);
	wire_in(e, d, 3);
	wire_in(e, d, 1);
	later(e, 50 * US);
	assert_int_equal(rx_irqs(d), 0);
	assert_int_equal(up_timers_armed(plat(e)), 0);
	vd_vq_irq_enable(rx);
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 0);
	wire_in(e, d, 1);
	assert_int_equal(rx_irqs(d), 1);
}

/*
 * With EVENT_IDX the coalesced notification covers everything published
 * since the last one, and used_event still decides.
 */
static void coal_event_idx(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, F_COAL);
	struct vd_vq *rx = vd_rxq(d, 0);

	assert_true(vd_has(d, VIRTIO_RING_F_EVENT_IDX));
	/* warm up: the first used entry may always notify */
	wire_in(e, d, 1);
	rx_refill(rx);
	assert_int_equal(vd_card_run(e->c), 0);
	up_irq_clear(plat(e));
	assert_int_equal(vd_ctrl_coal(d, false, 40, 4), VIRTIO_NET_OK);
	/* used_event = next entry: the coalesced notification comes */
	vd_vq_set_used_event(rx, rx->last_used);
	wire_in(e, d, 4);
	assert_int_equal(rx_irqs(d), 1);
	/* used_event far ahead: conditions met, no notification */
	vd_vq_set_used_event(rx, rx->last_used + 100);
	wire_in(e, d, 4);
	later(e, 40 * US);
	assert_int_equal(rx_irqs(d), 1);
	/* inside the next window: by time this time */
	vd_vq_set_used_event(rx, rx->last_used + 9);
	wire_in(e, d, 2);
	assert_int_equal(rx_irqs(d), 1);
	later(e, 40 * US);
	assert_int_equal(rx_irqs(d), 2);
}

struct bad_row {
	const char *name;
	uint8_t cmd;
	const uint8_t *data;
	uint32_t len;
	uint64_t features;	/* 0: VD_F_DEFAULT */
};

#define D(...)	((const uint8_t[]){ __VA_ARGS__ }), \
		sizeof((const uint8_t[]){ __VA_ARGS__ })
#define LE32(v)	((v) & 0xff), (((v) >> 8) & 0xff), (((v) >> 16) & 0xff), \
		(((v) >> 24) & 0xff)

static const struct bad_row bad_rows[] = {
	{ "tx_set_7_bytes", VIRTIO_NET_CTRL_NOTF_COAL_TX_SET,
	  D(1, 0, 0, 0, 1, 0, 0) },
	{ "rx_set_9_bytes", VIRTIO_NET_CTRL_NOTF_COAL_RX_SET,
	  D(1, 0, 0, 0, 1, 0, 0, 0, 0) },
	{ "rx_set_no_data", VIRTIO_NET_CTRL_NOTF_COAL_RX_SET, NULL, 0 },
	{ "tx_set_usecs_too_big", VIRTIO_NET_CTRL_NOTF_COAL_TX_SET,
	  D(LE32(1), LE32(OVNIC_COAL_USECS_MAX + 1)) },
	{ "vq_set_11_bytes", VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET,
	  D(0, 0, 0, 0, LE32(1), 1, 0, 0) },
	{ "vq_set_usecs_too_big", VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET,
	  D(0, 0, 0, 0, LE32(1), LE32(0xffffffff)) },
	{ "vq_get_3_bytes", VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET, D(0, 0, 0) },
	{ "vq_get_5_bytes", VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET,
	  D(0, 0, 0, 0, 0) },
	{ "unknown_cmd", 4, D(0, 0, 0, 0, 0, 0, 0, 0) },
	{ "rx_set_without_notf_coal", VIRTIO_NET_CTRL_NOTF_COAL_RX_SET,
	  D(LE32(1), LE32(1)),
	  VD_F_DEFAULT & ~VD_BIT(VIRTIO_NET_F_NOTF_COAL) },
	{ "vq_set_without_vq_notf_coal", VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET,
	  D(0, 0, 0, 0, LE32(1), LE32(1)),
	  VD_F_DEFAULT & ~VD_BIT(VIRTIO_NET_F_VQ_NOTF_COAL) },
};

/* Malformed or not negotiated: ERR, and nothing changed. */
static void coal_bad_command(void **state)
{
	struct ut_env *e = *state;
	const struct bad_row *r = e->param;
	struct vd_dev *d = coal_dev(e, 1, r->features ? r->features :
				    VD_F_DEFAULT);
	unsigned int q;

	assert_int_equal(vd_ctrl(d, VIRTIO_NET_CTRL_NOTF_COAL, r->cmd,
				 r->data, r->len), VIRTIO_NET_ERR);
	for (q = 0; q < 2; q++) {
		struct ovnic_resp_coal_vq c = coal_query(e, q);

		assert_int_equal(c.usecs, 0);
		assert_int_equal(c.frames, 0);
		assert_int_equal(c.source, OVNIC_COAL_SRC_DEFAULT);
	}
}

/* What the spec leaves to the device: reserved ignored, a tiny buffer. */
static void coal_vq_get_details(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	static const uint8_t set[] = { 1, 0, 0xff, 0xff, LE32(5), LE32(55) };
	uint8_t in[4] = { 1, 0, 0xee, 0xee }, out[8];
	uint32_t got = 0;

	assert_int_equal(vd_ctrl(d, VIRTIO_NET_CTRL_NOTF_COAL,
				 VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET, set,
				 sizeof(set)), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_result(d, VIRTIO_NET_CTRL_NOTF_COAL,
					VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET, in,
					sizeof(in), out, sizeof(out), &got),
			 VIRTIO_NET_OK);
	assert_int_equal(got, 8);
	assert_memory_equal(out, ((uint8_t[]){ LE32(5), LE32(55) }), 8);
	/* no room for the result: ERR, and only the ack is written */
	assert_int_equal(vd_ctrl_result(d, VIRTIO_NET_CTRL_NOTF_COAL,
					VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET, in,
					sizeof(in), out, 7, &got),
			 VIRTIO_NET_ERR);
	assert_int_equal(got, 0);
}

/* ---- the host's policy ---- */

static struct ovnic_coal_policy policy(uint32_t rx_usecs, uint32_t rx_frames,
				       uint32_t tx_usecs, uint32_t tx_frames,
				       uint32_t flags, uint32_t rate)
{
	return (struct ovnic_coal_policy){
		.rx_usecs = ovnic_cpu_to_le32(rx_usecs),
		.rx_frames = ovnic_cpu_to_le32(rx_frames),
		.tx_usecs = ovnic_cpu_to_le32(tx_usecs),
		.tx_frames = ovnic_cpu_to_le32(tx_frames),
		.flags = ovnic_cpu_to_le32(flags),
		.irq_rate = ovnic_cpu_to_le32(rate),
	};
}

/* Defaults apply when the driver next enables its queues after a reset. */
static void policy_defaults_at_reset(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = coal_dev(e, 1, VD_F_DEFAULT);
	struct ovnic_coal_policy p = policy(50, 8, 20, 4, 0, 0), got;

	assert_int_equal(vd_cmd_coal_policy_set(e->c, 0, &p), OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_coal_policy_get(e->c, 0, &got),
			 OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(got.rx_usecs), 50);
	assert_int_equal(ovnic_le32_to_cpu(got.tx_frames), 4);
	assert_int_equal(ovnic_le32_to_cpu(got.irq_rate),
			 OVNIC_COAL_IRQ_RATE_DEFAULT);
	expect_vq_params(d, 0, 0, 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	expect_vq_params(d, 0, 50, 8);
	expect_vq_params(d, 1, 20, 4);
	assert_int_equal(coal_query(e, 0).source, OVNIC_COAL_SRC_DEFAULT);
	assert_int_equal(coal_query(e, 0).active, 1);
	/* the control queue keeps answering at once */
	assert_int_equal(coal_query(e, 2).active, 0);
	up_irq_clear(plat(e));
	assert_int_equal(vd_ctrl_coal(d, false, 0, 0), VIRTIO_NET_OK);
	assert_int_equal(vd_vq_irqs(vd_cvq(d)), 1);
	/* the driver's set is the driver's */
	assert_int_equal(coal_query(e, 0).source,
			 OVNIC_COAL_SRC_DRIVER_GLOBAL);
	expect_vq_params(d, 0, 0, 0);
}

struct policy_row {
	const char *name;
	uint32_t rx_usecs;
	uint32_t tx_usecs;
	uint32_t flags;
	uint32_t rate;
};

static const struct policy_row bad_policies[] = {
	{ "rx_usecs_too_big", OVNIC_COAL_USECS_MAX + 1, 0, 0, 0 },
	{ "tx_usecs_too_big", 0, 0xffffffff, 0, 0 },
	{ "unknown_flag", 0, 0, 1u << 2, 0 },
	{ "rate_too_low", 0, 0, 0, OVNIC_COAL_IRQ_RATE_MIN - 1 },
	{ "rate_too_high", 0, 0, 0, OVNIC_COAL_IRQ_RATE_MAX + 1 },
};

static void policy_bad(void **state)
{
	struct ut_env *e = *state;
	const struct policy_row *r = e->param;
	struct ovnic_coal_policy p = policy(r->rx_usecs, 1, r->tx_usecs, 1,
					    r->flags, r->rate), got;

	coal_dev(e, 1, VD_F_DEFAULT);
	assert_int_equal(vd_cmd_coal_policy_set(e->c, 0, &p),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_coal_policy_get(e->c, 0, &got),
			 OVNIC_STATUS_OK);
	assert_int_equal(got.rx_frames, 0);
	assert_int_equal(got.flags, 0);
}

static void policy_query_bad_queue(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_resp_coal_vq r;

	coal_dev(e, 1, VD_F_DEFAULT);
	assert_int_equal(vd_cmd_coal_vq_query(e->c, 0, 3, &r),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_coal_vq_query(e->c, 1, 0, &r),
			 OVNIC_STATUS_NO_DEVICE);
}

/* ---- the card's adaptive moderation ---- */

/* @n packets to receive queue 0, one every @gap ns, refilling as needed. */
static void stream(struct ut_env *e, struct vd_dev *d, unsigned int n,
		   uint64_t gap)
{
	struct vd_vq *rx = vd_rxq(d, 0);

	while (n--) {
		if (vd_vq_free_descs(rx) > 100 - 1 || vd_vq_used_pending(rx) > 64)
			rx_refill(rx);
		wire_in(e, d, 1);
		later(e, gap);
	}
}

static void adaptive_dev(struct ut_env *e, struct vd_dev **d)
{
	struct ovnic_coal_policy p = policy(0, 0, 0, 0,
					    OVNIC_COAL_F_ADAPTIVE_RX, 20000);

	*d = coal_dev(e, 1, VD_F_DEFAULT);
	assert_int_equal(vd_cmd_coal_policy_set(e->c, 0, &p), OVNIC_STATUS_OK);
}

/* 100 kpps against a 20000/s target: 5 packets per notification. */
static void adaptive_high_rate(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_resp_coal_vq r;
	struct vd_dev *d;
	uint32_t irqs;

	adaptive_dev(e, &d);
	stream(e, d, 1000, 10 * US);
	r = coal_query(e, 0);
	assert_int_equal(r.source, OVNIC_COAL_SRC_ADAPTIVE);
	assert_int_equal(r.frames, 5);
	assert_int_equal(r.usecs, 100);
	assert_in_range(r.rate_pps, 90000, 110000);
	irqs = rx_irqs(d);
	stream(e, d, 1000, 10 * US);
	/* steady state: about one interrupt per 5 packets */
	assert_in_range(rx_irqs(d) - irqs, 190, 210);
	/* the transmit queue is not adaptive: untouched */
	assert_int_equal(coal_query(e, 1).source, OVNIC_COAL_SRC_DEFAULT);
}

/* Low rate: every packet at once, also the first after a burst. */
static void adaptive_low_rate(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d;
	uint32_t irqs;

	adaptive_dev(e, &d);
	stream(e, d, 200, 100 * US);	/* 10 kpps: below the target */
	assert_int_equal(coal_query(e, 0).usecs, 0);
	irqs = rx_irqs(d);
	stream(e, d, 50, 100 * US);
	assert_int_equal(rx_irqs(d) - irqs, 50);
	stream(e, d, 1000, 10 * US);	/* burst */
	assert_int_equal(coal_query(e, 0).active, 1);
	later(e, 10 * MS);		/* silence */
	irqs = rx_irqs(d);
	wire_in(e, d, 1);
	assert_int_equal(rx_irqs(d) - irqs, 1);
	assert_int_equal(coal_query(e, 0).usecs, 0);
}

/* A driver's set makes the queue the driver's; reset gives it back. */
static void adaptive_yields(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d;

	adaptive_dev(e, &d);
	stream(e, d, 500, 10 * US);
	assert_int_equal(coal_query(e, 0).source, OVNIC_COAL_SRC_ADAPTIVE);
	assert_int_equal(vd_ctrl_coal_vq_set(d, 0, 0, 0), VIRTIO_NET_OK);
	stream(e, d, 500, 10 * US);
	assert_int_equal(coal_query(e, 0).source, OVNIC_COAL_SRC_DRIVER_VQ);
	expect_vq_params(d, 0, 0, 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	rx_refill(vd_rxq(d, 0));
	stream(e, d, 500, 10 * US);
	assert_int_equal(coal_query(e, 0).source, OVNIC_COAL_SRC_ADAPTIVE);
	/* a global set too */
	assert_int_equal(vd_ctrl_coal(d, false, 0, 0), VIRTIO_NET_OK);
	stream(e, d, 500, 10 * US);
	assert_int_equal(coal_query(e, 0).source,
			 OVNIC_COAL_SRC_DRIVER_GLOBAL);
}

/* Turned off by the host: the queue it tuned returns to the defaults. */
static void adaptive_turned_off(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_coal_policy off = policy(0, 0, 0, 0, 0, 0);
	struct vd_dev *d;
	uint32_t irqs;

	adaptive_dev(e, &d);
	stream(e, d, 500, 10 * US);
	assert_int_equal(coal_query(e, 0).source, OVNIC_COAL_SRC_ADAPTIVE);
	assert_int_equal(vd_cmd_coal_policy_set(e->c, 0, &off),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(coal_query(e, 0).source, OVNIC_COAL_SRC_DEFAULT);
	assert_int_equal(coal_query(e, 0).pending, 0);
	irqs = rx_irqs(d);
	stream(e, d, 100, 10 * US);
	assert_int_equal(rx_irqs(d) - irqs, 100);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, coal_off_by_default);
	UT_ADD_TABLE(&l, coal_zero_means_every_packet, zero_rows);
	UT_ADD(&l, coal_count_first);
	UT_ADD(&l, coal_usecs_from_first_packet);
	UT_ADD(&l, coal_tx);
	UT_ADD(&l, coal_loopback);
	UT_ADD(&l, coal_stale_expiry);
	UT_ADD(&l, coal_last_set_wins);
	UT_ADD(&l, coal_reenable_takes_global);
	UT_ADD(&l, coal_disable_stops_timer);
	UT_ADD(&l, coal_reset_clears_all);
	UT_ADD(&l, coal_destroy_with_timers);
	UT_ADD(&l, coal_vq_must_be_enabled);
	UT_ADD(&l, coal_new_params_already_met);
	UT_ADD(&l, coal_longer_usecs_rearms);
	UT_ADD(&l, coal_suppressed_by_driver);
	UT_ADD(&l, coal_event_idx);
	UT_ADD_TABLE(&l, coal_bad_command, bad_rows);
	UT_ADD(&l, coal_vq_get_details);
	UT_ADD(&l, policy_defaults_at_reset);
	UT_ADD_TABLE(&l, policy_bad, bad_policies);
	UT_ADD(&l, policy_query_bad_queue);
	UT_ADD(&l, adaptive_high_rate);
	UT_ADD(&l, adaptive_low_rate);
	UT_ADD(&l, adaptive_yields);
	UT_ADD(&l, adaptive_turned_off);
	return ut_run("coal", &l);
}
