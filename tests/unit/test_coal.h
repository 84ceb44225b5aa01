/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the coalescing tests share (test_coal*.c): a device with its
 * receive queues filled, frames from the wire, the virtual clock moved on,
 * interrupts counted and the card's per-queue parameters queried.
 */
#ifndef OVNIC_UNIT_TEST_COAL_H
#define OVNIC_UNIT_TEST_COAL_H

#include "unit.h"

#define US		1000ull
#define MS		1000000ull
#define F_COAL		(VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX))

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static inline struct up_plat *plat(struct ut_env *e)
{
	return e->c->plat;
}

static inline void rx_refill(struct vd_vq *q)
{
	vd_vq_drain(q);
	vd_rx_fill(q, 200, 1526);
	vd_vq_kick_force(q);
}

/* Device 0 with @max_vqp pairs, receive queues filled, irqs cleared. */
static inline struct vd_dev *coal_dev(struct ut_env *e, uint16_t max_vqp,
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
static inline void wire_in(struct ut_env *e, struct vd_dev *d, unsigned int n)
{
	uint8_t f[128];
	uint32_t len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x88b5, 60, 1);

	while (n--)
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
}

/* Move the clock and let the card run what is due. */
static inline void later(struct ut_env *e, uint64_t ns)
{
	up_advance(plat(e), ns);
	assert_int_equal(vd_card_run(e->c), 0);
}

static inline uint32_t rx_irqs(struct vd_dev *d)
{
	return vd_vq_irqs(vd_rxq(d, 0));
}

static inline struct ovnic_resp_coal_vq coal_query(struct ut_env *e,
						   uint16_t qid)
{
	struct ovnic_resp_coal_vq r;

	assert_int_equal(vd_cmd_coal_vq_query(e->c, 0, qid, &r),
			 OVNIC_STATUS_OK);
	return r;
}

static inline void expect_vq_params(struct vd_dev *d, uint16_t qid,
				    uint32_t usecs, uint32_t packets)
{
	uint32_t u = 0xdead, p = 0xdead;

	assert_int_equal(vd_ctrl_coal_vq_get(d, qid, &u, &p), VIRTIO_NET_OK);
	assert_int_equal(u, usecs);
	assert_int_equal(p, packets);
}

#endif /* OVNIC_UNIT_TEST_COAL_H */
