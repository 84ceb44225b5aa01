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
 * any received frame.  The host's policy and the card's adaptive
 * moderation are in test_coal_policy.c.
 */
#include "test_coal.h"

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
	return ut_run("coal", &l);
}
