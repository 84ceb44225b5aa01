// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The embedded switch: forwarding between devices and the uplink by
 * destination MAC (provisioned and learned), flooding, and each device's
 * receive filter (virtio 1.2 5.1.6.5.1-3: promiscuous, all-multicast, MAC
 * table, VLAN filter), plus link state and loopback (DEV_SET_LOOPBACK: a
 * device's frames come back to it, and nothing else reaches it).
 */
#include "unit.h"

#define NDEV 3

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };
static const uint8_t mcast[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
static const uint8_t mcast2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x02 };

struct sw {
	struct ut_env *e;
	struct vd_dev *d[NDEV];
};

static void sw_promisc(struct sw *s, unsigned int i, bool on);

/*
 * Three devices with receive buffers, the uplink up.  Devices come out of
 * reset promiscuous; @promisc false turns that off on all three, so that
 * only the forwarding decision is visible.
 */
static void sw_setup(struct sw *s, void **state, uint16_t mtu, bool promisc)
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

static void sw_refill(struct sw *s)
{
	unsigned int i;

	for (i = 0; i < NDEV; i++) {
		vd_rx_fill(vd_rxq(s->d[i], 0), 32, 9100);
		vd_vq_kick_run(vd_rxq(s->d[i], 0));
	}
}

/* Send from device @from (-1: the wire). */
static void sw_send(struct sw *s, int from, const uint8_t *f, uint32_t len)
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
static void sw_expect(struct sw *s, unsigned int mask, bool wire,
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

static void sw_promisc(struct sw *s, unsigned int i, bool on)
{
	assert_int_equal(vd_ctrl_rx_mode(s->d[i], VIRTIO_NET_CTRL_RX_PROMISC,
					 on), VIRTIO_NET_OK);
}

/* The host lets device @i's driver claim any free address (trusted). */
static void sw_trust(struct sw *s, unsigned int i)
{
	assert_int_equal(vd_cmd_mac_policy_set(s->e->c, s->d[i]->dev_id,
					       OVNIC_MACP_ANY,
					       OVNIC_SPOOF_AUTO, NULL, 0),
			 OVNIC_STATUS_OK);
}

static void sw_dev_to_dev(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	len = vd_frame(f, s.d[1]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 100,
		       1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	len = vd_frame(f, s.d[0]->mac, s.d[2]->mac, VD_NO_VLAN, 0x0800, 1500,
		       2);
	sw_send(&s, 2, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	assert_int_equal(ut_ctr(vd_rxq(s.d[0], 0), OVNIC_VQC_PACKETS), 1);
	assert_int_equal(ut_ctr(vd_rxq(s.d[0], 0), OVNIC_VQC_BYTES), len);
}

static void sw_dev_to_dev_jumbo(void **state)
{
	static uint8_t f[9100];
	struct sw s;
	uint32_t len;

	sw_setup(&s, state, 9000, false);
	len = vd_frame(f, s.d[1]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 9000,
		       3);
	{
		struct vd_tx_opts o = { .nsegs = 5, .hdr_separate = true };

		assert_true(vd_tx_post(vd_txq(s.d[0], 0), f, len, &o) >= 0);
		vd_vq_kick_run(vd_txq(s.d[0], 0));
		assert_int_equal(vd_vq_drain(vd_txq(s.d[0], 0)), 1);
	}
	sw_expect(&s, 1u << 1, false, f, len);
}

static void sw_unknown_unicast_to_wire(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 100, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
}

/*
 * The card's choice (eswitch.c): unknown unicast also floods to
 * promiscuous devices, as a learning bridge does; once the destination is
 * learned on the uplink it only goes there.
 */
static void sw_unknown_unicast_floods_promisc(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	sw_promisc(&s, 2, false);
	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 100, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 1, true, f, len);
	/* far_mac shows up on the network side */
	len = vd_frame(f, s.d[0]->mac, far_mac, VD_NO_VLAN, 0x0800, 100, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 100, 3);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
}

static void sw_wire_to_dev(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	len = vd_frame(f, s.d[2]->mac, far_mac, VD_NO_VLAN, 0x0800, 100, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 2, false, f, len);
}

static void sw_broadcast_flood(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	len = vd_frame(f, vd_bcast, s.d[1]->mac, VD_NO_VLAN, 0x0806, 28, 1);
	sw_send(&s, 1, f, len);
	sw_expect(&s, (1u << 0) | (1u << 2), true, f, len);
	len = vd_frame(f, vd_bcast, far_mac, VD_NO_VLAN, 0x0806, 28, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 7, false, f, len);
}

static void sw_multicast_flood(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	len = vd_frame(f, mcast, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, (1u << 1) | (1u << 2), true, f, len);
	len = vd_frame(f, mcast2, far_mac, VD_NO_VLAN, 0x86dd, 64, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 7, false, f, len);
}

/* Frames to a device's own MAC pass whatever its RX mode. */
static void sw_promisc_off_own_mac(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	sw_promisc(&s, 1, false);
	len = vd_frame(f, s.d[1]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	len = vd_frame(f, s.d[1]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	/* broadcast still accepted (no NOBCAST) */
	len = vd_frame(f, vd_bcast, far_mac, VD_NO_VLAN, 0x0806, 28, 3);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 7, false, f, len);
}

struct filter_row {
	const char *name;
	bool promisc;
	bool allmulti;
	unsigned int nmc;	/* mcast in the MAC table */
	bool other_group;	/* send to mcast2 instead */
	bool expect;
};

static const struct filter_row filter_rows[] = {
	{ "promisc_on",		true,  false, 0, false, true },
	{ "promisc_off",	false, false, 0, false, false },
	{ "allmulti",		false, true,  0, false, true },
	{ "allmulti_other_group", false, true, 0, true, true },
	{ "mac_table_group",	false, false, 1, false, true },
	{ "mac_table_other_group", false, false, 1, true, false },
};

/* Multicast from the wire against device 1's RX mode. */
static void sw_multicast_filter(void **state)
{
	struct ut_env *e = *state;
	const struct filter_row *r = e->param;
	struct sw s;
	uint8_t f[1600];
	uint32_t len;
	uint64_t filtered;

	sw_setup(&s, state, 0, true);
	sw_promisc(&s, 1, r->promisc);
	assert_int_equal(vd_ctrl_rx_mode(s.d[1], VIRTIO_NET_CTRL_RX_ALLMULTI,
					 r->allmulti), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mac_table(s.d[1], NULL, 0, &mcast, r->nmc),
			 VIRTIO_NET_OK);
	filtered = ut_ctr(vd_rxq(s.d[1], 0), OVNIC_VQC_DROP_FILTERED);
	len = vd_frame(f, r->other_group ? mcast2 : mcast, far_mac,
		       VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 5 | (r->expect ? 2 : 0), false, f, len);
	assert_int_equal(ut_ctr(vd_rxq(s.d[1], 0), OVNIC_VQC_DROP_FILTERED) -
			 filtered, r->expect ? 0 : 1);
}

/* Unknown unicast from the wire reaches no filtering device. */
static void sw_wire_unknown_unicast_filtered(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	len = vd_frame(f, far_mac, (const uint8_t[6]){ 2, 0, 0, 0, 0x77, 1 },
		       VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
}

/* An extra unicast address in the MAC table is delivered to the device. */
static void sw_mac_table_unicast(void **state)
{
	static const uint8_t extra[1][6] = { { 0x02, 0, 0, 0, 0x55, 0x55 } };
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	sw_promisc(&s, 1, false);
	assert_int_equal(vd_ctrl_mac_table(s.d[1], extra, 1, NULL, 0),
			 VIRTIO_NET_OK);
	/*
	 * By default the table only filters: the address is nobody's, so
	 * a frame to it floods to whoever takes it, the wire included.
	 */
	len = vd_frame(f, extra[0], far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	len = vd_frame(f, extra[0], s.d[2]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 2, f, len);
	sw_expect(&s, 1u << 1, true, f, len);
	/* A trusted device's table claims the address: it alone gets it. */
	sw_trust(&s, 1);
	sw_send(&s, 2, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
}

/* Device 1 with promisc off, a VLAN filter. */
static void sw_vlan_filter(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;
	struct vd_vq *rx;

	sw_setup(&s, state, 0, true);
	rx = vd_rxq(s.d[1], 0);
	sw_promisc(&s, 1, false);
	/* no VLAN added: tagged frames are dropped, untagged pass */
	len = vd_frame(f, s.d[1]->mac, far_mac, 100, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_FILTERED), 1);
	len = vd_frame(f, s.d[1]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);

	assert_int_equal(vd_ctrl_vlan(s.d[1], true, 100), VIRTIO_NET_OK);
	len = vd_frame(f, s.d[1]->mac, far_mac, 100, 0x0800, 64, 3);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	/* PCP bits don't matter, the VID does */
	len = vd_frame(f, s.d[1]->mac, far_mac, 0xe000 | 100, 0x0800, 64, 4);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	len = vd_frame(f, s.d[1]->mac, far_mac, 200, 0x0800, 64, 5);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	/* broadcast on a VLAN not added */
	len = vd_frame(f, vd_bcast, far_mac, 200, 0x0806, 28, 6);
	sw_send(&s, -1, f, len);
	assert_int_equal(vd_vq_used_pending(rx), 0);
	vd_vq_drain(vd_rxq(s.d[0], 0));
	vd_vq_drain(vd_rxq(s.d[2], 0));
	sw_refill(&s);

	assert_int_equal(vd_ctrl_vlan(s.d[1], false, 100), VIRTIO_NET_OK);
	len = vd_frame(f, s.d[1]->mac, far_mac, 100, 0x0800, 64, 7);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_FILTERED), 4);
}

/* A source MAC seen on a device port is forwarded there. */
static void sw_learned_source_mac(void **state)
{
	static const uint8_t learned[6] = { 0x02, 0, 0, 0, 0x44, 0x44 };
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	/* device 0 bridges for "learned": it is promiscuous */
	sw_promisc(&s, 0, true);
	len = vd_frame(f, far_mac, learned, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
	len = vd_frame(f, learned, far_mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	len = vd_frame(f, learned, s.d[2]->mac, VD_NO_VLAN, 0x0800, 64, 3);
	sw_send(&s, 2, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	/* the station moves to the network side */
	len = vd_frame(f, s.d[2]->mac, learned, VD_NO_VLAN, 0x0800, 64, 4);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 2, false, f, len);
	len = vd_frame(f, learned, s.d[1]->mac, VD_NO_VLAN, 0x0800, 64, 5);
	sw_send(&s, 1, f, len);
	sw_expect(&s, 0, true, f, len);
}

/*
 * A reset forgets the MAC table, its overflow included (2.4): after
 * one, a device that turns promiscuous mode off gets only its own
 * address, not a frame for a station the switch learned on its port.
 */
static void sw_mac_table_overflow_reset(void **state)
{
	static const uint8_t station[6] = { 0x02, 0, 0, 0, 0x44, 0x46 };
	static uint8_t uc[65][6];
	struct sw s;
	uint8_t f[1600];
	uint32_t len;
	int i;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < 65; i++)
		vd_mac(uc[i], 0x77, (uint8_t)i);
	/* more than the table holds: the device takes every unicast */
	assert_int_equal(vd_ctrl_mac_table(s.d[0], uc, 65, NULL, 0),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_dev_reinit(s.d[0]), 0);
	sw_refill(&s);
	sw_promisc(&s, 0, false);
	/* "station" is learned on device 0's port */
	len = vd_frame(f, far_mac, station, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
	len = vd_frame(f, station, far_mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	len = vd_frame(f, s.d[0]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 3);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
}

/* A learned address never overrides a device's provisioned MAC. */
static void sw_learning_cannot_steal_mac(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	/* spoofed frames claiming device 1's MAC, from the wire and dev 0 */
	len = vd_frame(f, far_mac, s.d[1]->mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
	len = vd_frame(f, s.d[1]->mac, s.d[2]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 2, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
}

static void sw_mac_addr_set(void **state)
{
	static const uint8_t newmac[6] = { 0x02, 0, 0, 0, 0x66, 0x01 };
	struct sw s;
	uint8_t f[1600], cfgmac[6];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	sw_trust(&s, 1);
	sw_promisc(&s, 1, false);
	assert_int_equal(vd_ctrl_mac_addr(s.d[1], newmac), VIRTIO_NET_OK);
	assert_int_equal(vd_config_read(s.d[1], 0, cfgmac, 6), 0);
	assert_memory_equal(cfgmac, newmac, 6);
	len = vd_frame(f, newmac, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	len = vd_frame(f, newmac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
}

/* After MAC_ADDR_SET the old address is no longer the device's. */
static void sw_mac_addr_set_old_mac(void **state)
{
	static const uint8_t newmac[6] = { 0x02, 0, 0, 0, 0x66, 0x02 };
	uint8_t old[6];
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	sw_trust(&s, 1);
	memcpy(old, s.d[1]->mac, 6);
	assert_int_equal(vd_ctrl_mac_addr(s.d[1], newmac), VIRTIO_NET_OK);
	len = vd_frame(f, old, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
}

/*
 * A unicast address the driver dropped from its MAC table, or replaced
 * with MAC_ADDR_SET, must not keep pulling frames to the device: the
 * station may live on the network.
 */
static void sw_mac_table_entry_removed(void **state)
{
	static const uint8_t x[1][6] = { { 0x02, 0, 0, 0, 0x55, 0x56 } };
	static const uint8_t y[6] = { 0x02, 0, 0, 0, 0x55, 0x57 };
	static const uint8_t z[6] = { 0x02, 0, 0, 0, 0x55, 0x58 };
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	sw_trust(&s, 1);
	assert_int_equal(vd_ctrl_mac_table(s.d[1], x, 1, NULL, 0),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mac_table(s.d[1], NULL, 0, NULL, 0),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mac_addr(s.d[1], y), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mac_addr(s.d[1], z), VIRTIO_NET_OK);
	/* x and y now speak from the network */
	len = vd_frame(f, s.d[0]->mac, x[0], VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	len = vd_frame(f, s.d[0]->mac, y, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	len = vd_frame(f, x[0], s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 3);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
	len = vd_frame(f, y, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 4);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
}

/* A driver can't take another device's provisioned MAC for itself. */
static void sw_mac_table_cannot_steal(void **state)
{
	struct sw s;
	uint8_t victim[1][6], f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	memcpy(victim[0], s.d[2]->mac, 6);
	vd_ctrl_mac_table(s.d[1], victim, 1, NULL, 0);
	len = vd_frame(f, victim[0], s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 2, false, f, len);
}

static void sw_mac_addr_set_cannot_steal(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	vd_ctrl_mac_addr(s.d[1], s.d[2]->mac);
	len = vd_frame(f, s.d[2]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 2, false, f, len);
}

/* Same through the legacy config-space MAC write, byte by byte. */
static void sw_config_write_mac_cannot_steal(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;
	unsigned int i;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < 6; i++)
		vd_cmd_config_write(s.e->c, 1, i, 1, &s.d[2]->mac[i]);
	len = vd_frame(f, s.d[2]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 2, false, f, len);
}

/*
 * 5.1.4.2: with VIRTIO_NET_F_MTU negotiated the device must not pass the
 * driver a packet larger than mtu plus the Ethernet header, whatever the
 * size of its buffers.
 */
static void sw_rx_exceeds_mtu(void **state)
{
	static uint8_t f[9100];
	struct ut_env *e = *state;
	struct vd_dev_cfg big = { .mtu = 9000 };
	struct vd_dev *d0, *d1;
	struct vd_vq *rx;
	uint64_t before;
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d0 = ut_dev(e, 0, &big);
	d1 = ut_dev(e, 1, NULL);
	assert_true(vd_has(d1, VIRTIO_NET_F_MTU));
	rx = vd_rxq(d1, 0);
	vd_rx_fill(rx, 8, 9100);
	vd_vq_kick_run(rx);
	before = ut_ctr(rx, OVNIC_VQC_DROP_TOO_BIG) +
		 ut_ctr(rx, OVNIC_VQC_DROP_FILTERED);
	len = vd_frame(f, d1->mac, d0->mac, VD_NO_VLAN, 0x0800, 9000, 1);
	assert_int_equal(ut_send(d0, f, len), 0);
	len = vd_frame(f, d1->mac, far_mac, VD_NO_VLAN, 0x0800, 4000, 2);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_vq_used_pending(rx), 0);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_TOO_BIG) +
			 ut_ctr(rx, OVNIC_VQC_DROP_FILTERED) - before, 2);
	/* MTU-sized frames, tagged or not, still pass */
	len = vd_frame(f, d1->mac, far_mac, VD_NO_VLAN, 0x0800, 1500, 3);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_drain(rx), 1);
}

/* Runts and giants from the network are dropped before the switch. */
static void sw_wire_runt_giant(void **state)
{
	static uint8_t f[20000];
	struct sw s;
	uint32_t sizes[] = { 0, 1, 13, 9019, 20000 };
	unsigned int i;

	sw_setup(&s, state, 0, true);
	memset(f, 0xff, sizeof(f));	/* broadcast, if anything */
	for (i = 0; i < UT_ARRAY_SIZE(sizes); i++) {
		assert_int_equal(vd_wire_rx(s.e->c, f, sizes[i]), 0);
		sw_expect(&s, 0, false, f, 0);
	}
	/* the smallest legal frame, 14 bytes, floods */
	assert_int_equal(vd_wire_rx(s.e->c, f, 14), 0);
	sw_expect(&s, 7, false, f, 14);
}

/* Send from the wire with source @src to @dst. */
static void sw_wire_from(struct sw *s, const uint8_t *src, const uint8_t *dst)
{
	uint8_t f[128];
	uint32_t len = vd_frame(f, dst, src, VD_NO_VLAN, 0x0800, 46, 0);

	vd_wire_rx(s->e->c, f, len);
}

/*
 * A busy network teaches the switch many addresses; a device created
 * afterwards must still be reachable at its provisioned MAC.
 */
static void sw_fdb_full_of_learned(void **state)
{
	struct sw s;
	uint8_t src[6], f[128];
	struct vd_dev *d3;
	unsigned int i;
	uint32_t len;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < 2000; i++) {
		vd_mac(src, 0x80 + i / 256, i);
		sw_wire_from(&s, src, far_mac);
	}
	d3 = ut_dev(s.e, 3, NULL);
	vd_rx_fill(vd_rxq(d3, 0), 8, 1540);
	vd_vq_kick_run(vd_rxq(d3, 0));
	assert_int_equal(vd_ctrl_rx_mode(d3, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	len = vd_frame(f, d3->mac, far_mac, VD_NO_VLAN, 0x0800, 46, 1);
	vd_wire_rx(s.e->c, f, len);
	assert_int_equal(vd_vq_drain(vd_rxq(d3, 0)), 1);
	len = vd_frame(f, d3->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 46, 2);
	assert_int_equal(ut_send(s.d[0], f, len), 0);
	assert_int_equal(vd_vq_drain(vd_rxq(d3, 0)), 1);
	assert_int_equal(up_wire_pending(s.e->c->plat), 0);
}

/* Devices come and go with fresh MACs for a long time. */
static void sw_fdb_device_churn(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { 0 };
	struct vd_dev *d;
	uint8_t f[128];
	unsigned int i;
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < 4000; i++) {
		uint8_t mac[6];

		vd_mac(mac, 0x90 + i / 256, i);
		assert_int_equal(vd_cmd_dev_create(e->c, 1, VD_F_CARD, mac,
						   1500, 1, OVNIC_NO_VECTOR), 0);
		assert_int_equal(vd_cmd_dev_destroy(e->c, 1), 0);
	}
	vd_mac(cfg.mac, 0xa0, 1);
	d = ut_dev(e, 1, &cfg);
	vd_rx_fill(vd_rxq(d, 0), 8, 1540);
	vd_vq_kick_run(vd_rxq(d, 0));
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0800, 46, 1);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_drain(vd_rxq(d, 0)), 1);
}

/*
 * A device that sent from many addresses and is gone leaves their slots
 * behind as tombstones, the table at its limit: a station the wire
 * teaches the switch next is still learned (the slots are reclaimed).
 * Then a flood of new stations fills the table with live entries: those
 * are refused, and the station learned before stays known (frames for it
 * go to the wire, not flooded to device 1, which is promiscuous).
 */
static void sw_fdb_learning_when_full(void **state)
{
	static const uint8_t station[6] = { 0x02, 0, 0, 0, 0x45, 0x01 };
	uint8_t mac[6], f[128];
	struct vd_dev *d3;
	unsigned int i;
	uint32_t len;
	struct sw s;

	sw_setup(&s, state, 0, false);
	d3 = ut_dev(s.e, 3, NULL);
	for (i = 0; i < 800; i++) {
		vd_mac(mac, 0x90 + i / 256, i);
		/* to itself: learned on port 3, then dropped there */
		len = vd_frame(f, d3->mac, mac, VD_NO_VLAN, 0x0800, 46, 0);
		assert_int_equal(ut_send(d3, f, len), 0);
		assert_int_equal(vd_vq_drain(vd_txq(d3, 0)), 1);
	}
	vd_dev_destroy(d3);
	s.e->dev[3] = NULL;
	sw_promisc(&s, 1, true);
	sw_wire_from(&s, station, station);
	len = vd_frame(f, station, s.d[0]->mac, VD_NO_VLAN, 0x0800, 46, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
	for (i = 0; i < 2000; i++) {
		vd_mac(mac, 0x80 + i / 256, i);
		sw_wire_from(&s, mac, station);
	}
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
}

static void sw_wire_link_down(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	vd_reg_write(s.e->c, OVNIC_REG_WIRE_LINK, 0);
	assert_int_equal(vd_reg_read(s.e->c, OVNIC_REG_WIRE_LINK), 0);
	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, false, f, len);
	/* device to device still works */
	len = vd_frame(f, s.d[1]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
	/* nothing comes in from a port that is down */
	len = vd_frame(f, s.d[1]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 3);
	ovnic_card_wire_rx(s.e->c->card, f, len);
	vd_card_run(s.e->c);
	sw_expect(&s, 0, false, f, len);
	vd_reg_write(s.e->c, OVNIC_REG_WIRE_LINK, 1);
	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 4);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
}

static void sw_dev_link_down(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	assert_int_equal(vd_cmd_set_link(s.e->c, 1, false), OVNIC_STATUS_OK);
	len = vd_frame(f, s.d[1]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	assert_int_equal(ut_ctr(vd_rxq(s.d[1], 0), OVNIC_VQC_DROP_FILTERED),
			 1);
	assert_int_equal(vd_cmd_set_link(s.e->c, 1, true), OVNIC_STATUS_OK);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 1, false, f, len);
}

/* A device that is reset receives nothing and doesn't stop the others. */
static void sw_dev_not_running(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	assert_int_equal(vd_dev_reset(s.d[1]), 0);
	len = vd_frame(f, vd_bcast, far_mac, VD_NO_VLAN, 0x0806, 28, 1);
	assert_int_equal(vd_wire_rx(s.e->c, f, len), 0);
	assert_int_equal(vd_vq_drain(vd_rxq(s.d[0], 0)), 1);
	assert_int_equal(vd_vq_drain(vd_rxq(s.d[2], 0)), 1);
	len = vd_frame(f, s.d[1]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	assert_int_equal(ut_send(s.d[0], f, len), 0);
	assert_int_equal(up_wire_pending(s.e->c->plat), 0);
	/* back after re-init, promiscuous again */
	assert_int_equal(vd_dev_reinit(s.d[1]), 0);
	sw_refill(&s);
	len = vd_frame(f, mcast, far_mac, VD_NO_VLAN, 0x0800, 64, 3);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 7, false, f, len);
}

/* A destroyed device's MAC is forgotten: its frames go to the wire. */
static void sw_dev_destroyed(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	vd_dev_destroy(s.d[1]);
	s.e->dev[1] = NULL;
	len = vd_frame(f, (const uint8_t[6]){ 2, 0, 0, 0, 1, 1 },
		       s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 1);
	assert_int_equal(ut_send(s.d[0], f, len), 0);
	ut_expect_wire(s.e->c, f, len);
	assert_int_equal(up_wire_pending(s.e->c->plat), 0);
	/* the slot comes back with a fresh device */
	s.d[1] = ut_dev(s.e, 1, NULL);
	vd_rx_fill(vd_rxq(s.d[1], 0), 8, 1540);
	vd_vq_kick_run(vd_rxq(s.d[1], 0));
	assert_int_equal(ut_send(s.d[0], f, len), 0);
	assert_int_equal(vd_vq_drain(vd_rxq(s.d[1], 0)), 1);
}

/* Floods go out to everyone in one go even when one receiver is full. */
static void sw_flood_one_receiver_full(void **state)
{
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, true);
	/* device 2 has nothing posted any more */
	assert_int_equal(vd_dev_reset(s.d[2]), 0);
	assert_int_equal(vd_dev_negotiate(s.d[2], VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_setup_queues(s.d[2]), 0);
	assert_int_equal(vd_dev_driver_ok(s.d[2]), 0);
	len = vd_frame(f, vd_bcast, s.d[0]->mac, VD_NO_VLAN, 0x0806, 28, 1);
	assert_int_equal(ut_send(s.d[0], f, len), 0);
	assert_int_equal(vd_vq_drain(vd_rxq(s.d[1], 0)), 1);
	ut_expect_wire(s.e->c, f, len);
	assert_int_equal(ut_ctr(vd_rxq(s.d[2], 0), OVNIC_VQC_DROP_NO_BUFFER),
			 1);
}

/* Check device @i's next received frame is @f. */
static void sw_expect_one(struct sw *s, unsigned int i, const uint8_t *f,
			  uint32_t len)
{
	static struct vd_rx_pkt pkt;

	if (vd_rx_recv(vd_rxq(s->d[i], 0), &pkt) != 1)
		fail_msg("device %u did not get frame %u", i, f[len - 1]);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
}

/*
 * One wire burst longer than the card's batch, its frames alternating
 * between two devices, with a broadcast and a runt among them: every
 * frame lands where a lone one would, in order, and the runt nowhere.
 */
static void sw_wire_burst(void **state)
{
	enum { N = 40 };
	static uint8_t f[N][128];
	const void *frame[N];
	uint32_t len[N];
	struct sw s;
	unsigned int i;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < N; i++) {
		const uint8_t *dst = s.d[1 + i % 2]->mac;

		if (i == 17)
			dst = vd_bcast;
		len[i] = vd_frame(f[i], dst, far_mac, VD_NO_VLAN, 0x0800, 60,
				  (uint8_t)i);
		f[i][len[i] - 1] = (uint8_t)i;
		frame[i] = f[i];
	}
	len[23] = 13;
	ovnic_card_wire_rx_burst(s.e->c->card, frame, len, N);
	for (i = 0; i < N; i++) {
		if (i == 23)
			continue;
		if (i == 17) {
			sw_expect_one(&s, 0, f[i], len[i]);
			sw_expect_one(&s, 1, f[i], len[i]);
			sw_expect_one(&s, 2, f[i], len[i]);
			continue;
		}
		sw_expect_one(&s, 1 + i % 2, f[i], len[i]);
	}
	sw_expect(&s, 0, false, NULL, 0);
}

/*
 * A TX burst from one device, alternating between two receivers and the
 * wire: the card's receive batch moves from queue to queue and lets go of
 * it before a frame leaves through the wire.
 */
static void sw_tx_burst_alternating(void **state)
{
	enum { N = 30 };
	static uint8_t f[N][128];
	struct sw s;
	unsigned int i;

	sw_setup(&s, state, 0, false);
	for (i = 0; i < N; i++) {
		const uint8_t *dst = i % 3 == 2 ? far_mac : s.d[1 + i % 3]->mac;
		uint32_t len = vd_frame(f[i], dst, s.d[0]->mac, VD_NO_VLAN,
					0x0800, 60, (uint8_t)i);

		assert_true(vd_tx_post(vd_txq(s.d[0], 0), f[i], len, NULL) >=
			    0);
	}
	vd_vq_kick(vd_txq(s.d[0], 0));
	assert_int_equal(vd_card_run(s.e->c), 0);
	assert_int_equal(vd_vq_drain(vd_txq(s.d[0], 0)), N);
	for (i = 0; i < N; i++) {
		uint32_t len = 60 + 14;

		if (i % 3 == 2)
			ut_expect_wire(s.e->c, f[i], len);
		else
			sw_expect_one(&s, 1 + i % 3, f[i], len);
	}
	sw_expect(&s, 0, false, NULL, 0);
}

/* ---- loopback ---- */

enum lb_dst { LB_SELF, LB_BCAST, LB_MCAST, LB_DEV1, LB_FAR };

struct lb_row {
	const char *name;
	enum lb_dst dst;
	bool promisc;		/* device 0's receive filter */
	unsigned int on_mask;	/* receivers with loopback on ... */
	bool on_wire;
	unsigned int off_mask;	/* ... and off */
	bool off_wire;
};

static const struct lb_row lb_rows[] = {
	/* off, a frame to its own address never comes back */
	{ "own_mac", LB_SELF, false, 1u << 0, false, 0, false },
	{ "broadcast", LB_BCAST, false, 1u << 0, false, 6, true },
	{ "multicast", LB_MCAST, false, 1u << 0, false, 6, true },
	/* device 0's filter drops it: received by no one */
	{ "other_device", LB_DEV1, false, 0, false, 1u << 1, false },
	{ "other_device_promisc", LB_DEV1, true, 1u << 0, false, 1u << 1,
	  false },
	{ "unknown_unicast_promisc", LB_FAR, true, 1u << 0, false, 0, true },
};

static const uint8_t *lb_dst_mac(struct sw *s, enum lb_dst dst)
{
	switch (dst) {
	case LB_SELF:
		return s->d[0]->mac;
	case LB_BCAST:
		return vd_bcast;
	case LB_MCAST:
		return mcast;
	case LB_DEV1:
		return s->d[1]->mac;
	default:
		return far_mac;
	}
}

/*
 * With loopback on, what device 0 sends is received by device 0 alone, as
 * its receive filter decides, and counted as sent and received; off
 * again, the switch forwards it as before.
 */
static void sw_loopback(void **state)
{
	const struct lb_row *r = ((struct ut_env *)*state)->param;
	struct vd_vq *rx, *tx;
	uint64_t rx_pkts, rx_bytes, filtered;
	struct sw s;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	if (r->promisc)
		sw_promisc(&s, 0, true);
	rx = vd_rxq(s.d[0], 0);
	tx = vd_txq(s.d[0], 0);
	rx_pkts = ut_ctr(rx, OVNIC_VQC_PACKETS);
	rx_bytes = ut_ctr(rx, OVNIC_VQC_BYTES);
	filtered = ut_ctr(rx, OVNIC_VQC_DROP_FILTERED);
	len = vd_frame(f, lb_dst_mac(&s, r->dst), s.d[0]->mac, VD_NO_VLAN,
		       0x0800, 300, 1);
	assert_int_equal(vd_cmd_set_loopback(s.e->c, 0, OVNIC_LOOPBACK_ON),
			 OVNIC_STATUS_OK);
	sw_send(&s, 0, f, len);
	sw_expect(&s, r->on_mask, r->on_wire, f, len);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_BYTES), len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_PACKETS),
			 rx_pkts + (r->on_mask & 1));
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_BYTES),
			 rx_bytes + (r->on_mask & 1 ? len : 0));
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_FILTERED),
			 filtered + !(r->on_mask & 1));
	ut_vq_clean(tx);

	assert_int_equal(vd_cmd_set_loopback(s.e->c, 0, OVNIC_LOOPBACK_OFF),
			 OVNIC_STATUS_OK);
	sw_send(&s, 0, f, len);
	sw_expect(&s, r->off_mask, r->off_wire, f, len);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), 2);
}

/*
 * A device in loopback is off the switch: nothing from the wire or the
 * other devices reaches it (counted as filtered), unicast for it goes
 * nowhere else, and the switch learns nothing from what it sends.
 */
static void sw_loopback_isolated(void **state)
{
	static const uint8_t station[6] = { 0x02, 0, 0, 0, 0x44, 0x45 };
	struct sw s;
	struct vd_vq *rx;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	rx = vd_rxq(s.d[0], 0);
	assert_int_equal(vd_cmd_set_loopback(s.e->c, 0, OVNIC_LOOPBACK_ON),
			 OVNIC_STATUS_OK);
	len = vd_frame(f, s.d[0]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 0, false, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_FILTERED), 1);
	len = vd_frame(f, s.d[0]->mac, s.d[1]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 1, f, len);
	sw_expect(&s, 0, false, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_FILTERED), 2);
	len = vd_frame(f, vd_bcast, s.d[1]->mac, VD_NO_VLAN, 0x0806, 28, 3);
	sw_send(&s, 1, f, len);
	sw_expect(&s, 1u << 2, true, f, len);
	len = vd_frame(f, vd_bcast, far_mac, VD_NO_VLAN, 0x0806, 28, 4);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 6, false, f, len);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_FILTERED), 4);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_PACKETS), 0);
	/* device 0 sends as "station": looped, and not learned */
	sw_promisc(&s, 0, true);
	len = vd_frame(f, far_mac, station, VD_NO_VLAN, 0x0800, 64, 5);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	sw_promisc(&s, 0, false);
	assert_int_equal(vd_cmd_set_loopback(s.e->c, 0, OVNIC_LOOPBACK_OFF),
			 OVNIC_STATUS_OK);
	len = vd_frame(f, station, s.d[1]->mac, VD_NO_VLAN, 0x0800, 64, 6);
	sw_send(&s, 1, f, len);
	sw_expect(&s, 0, true, f, len);
	/* back on the switch */
	len = vd_frame(f, s.d[0]->mac, far_mac, VD_NO_VLAN, 0x0800, 64, 7);
	sw_send(&s, -1, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
	len = vd_frame(f, s.d[0]->mac, s.d[2]->mac, VD_NO_VLAN, 0x0800, 64, 8);
	sw_send(&s, 2, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
}

/*
 * Loopback is under the link: a link that is down drops what the device
 * sends, looped or not.  Both survive a virtio reset.
 */
static void sw_loopback_link_down_reset(void **state)
{
	struct sw s;
	struct vd_vq *tx;
	uint8_t f[1600];
	uint32_t len;

	sw_setup(&s, state, 0, false);
	tx = vd_txq(s.d[0], 0);
	assert_int_equal(vd_cmd_set_loopback(s.e->c, 0, OVNIC_LOOPBACK_ON),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_set_link(s.e->c, 0, false), OVNIC_STATUS_OK);
	len = vd_frame(f, s.d[0]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, false, f, len);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_FILTERED), 1);
	assert_int_equal(vd_cmd_set_link(s.e->c, 0, true), OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_reset(s.d[0]), 0);
	assert_int_equal(vd_dev_reinit(s.d[0]), 0);
	sw_refill(&s);
	/* out of reset promiscuous: it gets even a frame for device 1 */
	len = vd_frame(f, s.d[1]->mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 2);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 1u << 0, false, f, len);
}

/*
 * The driver's memory is its own business: a receive buffer may overlap
 * the transmit buffer the frame comes from (here 24 bytes below it, in
 * loopback).  The card's one copy between them must allow the overlap
 * (memcpy() would not: ASan reports it) and the frame arrive whole.
 */
static void sw_loopback_overlapping_buffers(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ut_dev(e, 0, NULL);
	struct vd_vq *rx = vd_rxq(d, 0), *tx = vd_txq(d, 0);
	uint8_t *buf = vd_dma_alloc(e->c, 4096), f[300];
	struct vring_used_elem u;
	uint32_t len;
	int a;

	len = vd_frame(f, d->mac, d->mac, VD_NO_VLAN, 0x0800, 200, 1);
	memset(buf + 256, 0, VD_NET_HDR_LEN);
	memcpy(buf + 256 + VD_NET_HDR_LEN, f, len);
	a = vd_vq_raw_desc(rx);
	assert_true(a >= 0);
	vd_vq_raw_set(rx, a, vd_iova(d, buf + 232), 1600, VRING_DESC_F_WRITE,
		      0);
	vd_vq_raw_push(rx, a);
	a = vd_vq_raw_desc(tx);
	assert_true(a >= 0);
	vd_vq_raw_set(tx, a, vd_iova(d, buf + 256), VD_NET_HDR_LEN + len, 0,
		      0);
	vd_vq_raw_push(tx, a);
	assert_int_equal(vd_cmd_set_loopback(e->c, 0, OVNIC_LOOPBACK_ON),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_vq_kick_run(tx), 0);

	assert_int_equal(vd_vq_used_pending(rx), 1);
	u = rx->used->ring[rx->last_used & (rx->size - 1)];
	assert_int_equal(u.len, VD_NET_HDR_LEN + len);
	assert_memory_equal(buf + 232 + VD_NET_HDR_LEN, f, len);
	assert_int_equal(vd_vq_drain(rx), 1);
	assert_int_equal(vd_vq_drain(tx), 1);
}

/* The port's counters, through PORT_STATS. */
static void sw_port_stats(struct sw *s, struct ovnic_resp_port_stats *r)
{
	struct ovnic_cmd_hdr cmd;

	vd_cmd_hdr_init(&cmd, OVNIC_CMD_PORT_STATS, 0);
	assert_int_equal(vd_mbox(s->e->c, &cmd, sizeof(cmd), r, sizeof(*r)),
			 OVNIC_STATUS_OK);
}

#define PORT_CTR(r, dir, c)	ovnic_le64_to_cpu((r)->dir[OVNIC_VQC_##c])

/*
 * PORT_STATS counts what crossed the port each way, and what the port
 * refused: runts and giants from the wire, anything while it is down.
 */
static void sw_port_counters(void **state)
{
	static uint8_t big[9000 + 18 + 100];	/* over the largest frame */
	struct ovnic_resp_port_stats r;
	const void *frames[3];
	uint32_t lens[3];
	uint8_t f[1600];
	uint64_t wakes;
	uint32_t len;
	struct sw s;

	sw_setup(&s, state, 0, false);
	sw_port_stats(&s, &r);
	assert_int_equal(PORT_CTR(&r, to_wire, PACKETS), 0);
	assert_int_equal(PORT_CTR(&r, from_wire, PACKETS), 0);

	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 100, 1);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, true, f, len);
	len = vd_frame(f, s.d[1]->mac, far_mac, VD_NO_VLAN, 0x0800, 200, 2);
	frames[0] = f;
	lens[0] = len;
	frames[1] = f;
	lens[1] = 13;
	memset(big, 0xff, sizeof(big));
	frames[2] = big;
	lens[2] = sizeof(big);
	ovnic_card_wire_rx_burst(s.e->c->card, frames, lens, 3);
	sw_expect(&s, 1u << 1, false, f, len);
	/* device 1's queues run on core 1: the port sums the cores' counts */
	wakes = s.e->c->plat->wake_count[1];
	len = vd_frame(f, far_mac, s.d[1]->mac, VD_NO_VLAN, 0x0800, 300, 4);
	sw_send(&s, 1, f, len);
	assert_true(s.e->c->plat->wake_count[1] > wakes);
	sw_expect(&s, 0, true, f, len);
	vd_reg_write(s.e->c, OVNIC_REG_WIRE_LINK, 0);
	sw_send(&s, -1, f, len);
	len = vd_frame(f, far_mac, s.d[0]->mac, VD_NO_VLAN, 0x0800, 64, 3);
	sw_send(&s, 0, f, len);
	sw_expect(&s, 0, false, f, len);

	sw_port_stats(&s, &r);
	assert_int_equal(PORT_CTR(&r, to_wire, PACKETS), 2);
	assert_int_equal(PORT_CTR(&r, to_wire, BYTES), 100 + 14 + 300 + 14);
	assert_int_equal(PORT_CTR(&r, to_wire, DROP_FILTERED), 1);
	assert_int_equal(PORT_CTR(&r, from_wire, PACKETS), 1);
	assert_int_equal(PORT_CTR(&r, from_wire, BYTES), 200 + 14);
	assert_int_equal(PORT_CTR(&r, from_wire, DROP_BAD_DESC), 2);
	assert_int_equal(PORT_CTR(&r, from_wire, DROP_FILTERED), 1);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, sw_dev_to_dev);
	UT_ADD(&l, sw_dev_to_dev_jumbo);
	UT_ADD(&l, sw_unknown_unicast_to_wire);
	UT_ADD(&l, sw_unknown_unicast_floods_promisc);
	UT_ADD(&l, sw_wire_to_dev);
	UT_ADD(&l, sw_broadcast_flood);
	UT_ADD(&l, sw_multicast_flood);
	UT_ADD(&l, sw_promisc_off_own_mac);
	UT_ADD_TABLE(&l, sw_multicast_filter, filter_rows);
	UT_ADD(&l, sw_wire_unknown_unicast_filtered);
	UT_ADD(&l, sw_mac_table_unicast);
	UT_ADD(&l, sw_mac_table_overflow_reset);
	UT_ADD(&l, sw_vlan_filter);
	UT_ADD(&l, sw_learned_source_mac);
	UT_ADD(&l, sw_learning_cannot_steal_mac);
	UT_ADD(&l, sw_mac_addr_set);
	UT_ADD(&l, sw_mac_addr_set_old_mac);
	UT_ADD(&l, sw_mac_table_entry_removed);
	UT_ADD(&l, sw_mac_table_cannot_steal);
	UT_ADD(&l, sw_mac_addr_set_cannot_steal);
	UT_ADD(&l, sw_config_write_mac_cannot_steal);
	UT_ADD(&l, sw_rx_exceeds_mtu);
	UT_ADD(&l, sw_wire_runt_giant);
	UT_ADD(&l, sw_fdb_full_of_learned);
	UT_ADD(&l, sw_fdb_device_churn);
	UT_ADD(&l, sw_fdb_learning_when_full);
	UT_ADD(&l, sw_wire_link_down);
	UT_ADD(&l, sw_port_counters);
	UT_ADD(&l, sw_dev_link_down);
	UT_ADD(&l, sw_dev_not_running);
	UT_ADD(&l, sw_dev_destroyed);
	UT_ADD(&l, sw_flood_one_receiver_full);
	UT_ADD(&l, sw_wire_burst);
	UT_ADD(&l, sw_tx_burst_alternating);
	UT_ADD_TABLE(&l, sw_loopback, lb_rows);
	UT_ADD(&l, sw_loopback_isolated);
	UT_ADD(&l, sw_loopback_link_down_reset);
	UT_ADD(&l, sw_loopback_overlapping_buffers);
	return ut_run("switch", &l);
}
