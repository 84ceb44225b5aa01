// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The switch's port and limits: frames over the MTU, runts and giants from
 * the wire, a forwarding table full of learned addresses, link down, a
 * device not running or destroyed, a full receiver, bursts from the wire
 * and from devices, and the port's counters (PORT_STATS).
 */
#include "test_switch.h"

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
	return ut_run("switch_port", &l);
}
