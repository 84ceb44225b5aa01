// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The embedded switch: forwarding between devices and the uplink by
 * destination MAC (provisioned and learned), flooding, and each device's
 * receive filter (virtio 1.2 5.1.6.5.1-3: promiscuous, all-multicast, MAC
 * table, VLAN filter) and MAC address (MAC_ADDR_SET).  test_switch_port.c
 * has the port (MTU, FDB, link, bursts, counters), test_switch_loopback.c
 * loopback.
 */
#include "test_switch.h"

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
	return ut_run("switch", &l);
}
