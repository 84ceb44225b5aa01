/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the switch tests share (test_switch*.c): three devices with
 * receive buffers and the uplink up, frames sent from a device or the
 * wire, and who received them checked; a device's receive filter and MAC
 * policy set.
 */
#ifndef OVNIC_UNIT_TEST_SWITCH_H
#define OVNIC_UNIT_TEST_SWITCH_H

#include "unit.h"

#define NDEV 3

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };
static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t mcast2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x02 };

struct sw {
	struct ut_env *e;
	struct vd_dev *d[NDEV];
};

static inline void sw_promisc(struct sw *s, unsigned int i, bool on);

/*
 * Three devices with receive buffers, the uplink up.  Devices come out of
 * reset promiscuous; @promisc false turns that off on all three, so that
 * only the forwarding decision is visible.
 */
static inline void sw_setup(struct sw *s, void **state, uint16_t mtu,
			    bool promisc)
{
	struct vd_dev_cfg cfg = { .mtu = mtu };
	unsigned int i;

	s->e = *state;
	vd_reg_write(s->e->c, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < NDEV; i++) {
		struct vd_vq *rx;

		s->d[i] = ut_dev(s->e, i, &cfg);
		rx = vd_rxq(s->d[i], 0);
		assert_true(vd_rx_fill(rx, 32, mtu ? mtu + 40 : 1540) > 0);
		vd_vq_kick_run(rx);
		if (!promisc)
			sw_promisc(s, i, false);
	}
}

static inline void sw_refill(struct sw *s)
{
	unsigned int i;

	for (i = 0; i < NDEV; i++) {
		vd_rx_fill(vd_rxq(s->d[i], 0), 32, 9100);
		vd_vq_kick_run(vd_rxq(s->d[i], 0));
	}
}

/* Send from device @from (-1: the wire). */
static inline void sw_send(struct sw *s, int from, const uint8_t *f,
			   uint32_t len)
{
	if (from < 0) {
		assert_int_equal(vd_wire_rx(s->e->c, f, len), 0);
		return;
	}
	assert_int_equal(ut_send(s->d[from], f, len), 0);
	assert_int_equal(vd_vq_drain(vd_txq(s->d[from], 0)), 1);
}

/*
 * Check who got the frame: bit i of @mask for device i, @wire for the
 * uplink.  Received copies must equal the frame.
 */
static inline void sw_expect(struct sw *s, unsigned int mask, bool wire,
			     const uint8_t *f, uint32_t len)
{
	static struct vd_rx_pkt pkt;
	unsigned int i;

	for (i = 0; i < NDEV; i++) {
		struct vd_vq *rx = vd_rxq(s->d[i], 0);
		int r = vd_rx_recv(rx, &pkt);

		if (!(mask & (1u << i))) {
			if (r)
				fail_msg("device %u got a frame it should not",
					 i);
			continue;
		}
		if (r != 1)
			fail_msg("device %u did not get the frame", i);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		assert_int_equal(pkt.hdr.num_buffers, 1);
		assert_int_equal(vd_rx_recv(rx, &pkt), 0);
		ut_vq_clean(rx);
	}
	if (wire)
		ut_expect_wire(s->e->c, f, len);
	assert_int_equal(up_wire_pending(s->e->c->plat), 0);
	sw_refill(s);
}

static inline void sw_promisc(struct sw *s, unsigned int i, bool on)
{
	assert_int_equal(vd_ctrl_rx_mode(s->d[i], VIRTIO_NET_CTRL_RX_PROMISC,
					 on), VIRTIO_NET_OK);
}

/* The host lets device @i's driver claim any free address (trusted). */
static inline void sw_trust(struct sw *s, unsigned int i)
{
	assert_int_equal(vd_cmd_mac_policy_set(s->e->c, s->d[i]->dev_id,
					       OVNIC_MACP_ANY,
					       OVNIC_SPOOF_AUTO, NULL, 0),
			 OVNIC_STATUS_OK);
}

#endif /* OVNIC_UNIT_TEST_SWITCH_H */
