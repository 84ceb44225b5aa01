// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Loopback (DEV_SET_LOOPBACK): a device's frames come back to it, and
 * nothing else reaches it; link down and reset; a receive buffer
 * overlapping the transmit buffer.
 */
#include "test_switch.h"

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

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, sw_loopback, lb_rows);
	UT_ADD(&l, sw_loopback_isolated);
	UT_ADD(&l, sw_loopback_link_down_reset);
	UT_ADD(&l, sw_loopback_overlapping_buffers);
	return ut_run("switch_loopback", &l);
}
