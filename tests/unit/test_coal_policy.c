// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Coalescing as the host sets it, on the virtual clock: the host's policy
 * (mailbox COAL_POLICY_SET/GET, COAL_VQ_QUERY) and the card's adaptive
 * moderation.
 */
#include "test_coal.h"

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

	UT_ADD(&l, policy_defaults_at_reset);
	UT_ADD_TABLE(&l, policy_bad, bad_policies);
	UT_ADD(&l, policy_query_bad_queue);
	UT_ADD(&l, adaptive_high_rate);
	UT_ADD(&l, adaptive_low_rate);
	UT_ADD(&l, adaptive_yields);
	UT_ADD(&l, adaptive_turned_off);
	return ut_run("coal_policy", &l);
}
