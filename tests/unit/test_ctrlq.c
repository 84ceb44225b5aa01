// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The control virtqueue (virtio 1.2 section 5.1.6.5): every command is
 * answered, OK for what is supported with the right length and negotiated
 * features, ERR for everything else.
 */
#include "unit.h"

#define F_ALL		VD_F_DEFAULT
#define F_NO(bit)	(VD_F_DEFAULT & ~VD_BIT(bit))

struct ctrl_row {
	const char *name;
	uint8_t cls;
	uint8_t cmd;
	const uint8_t *data;
	uint32_t len;
	uint8_t ack;
	uint64_t features;	/* 0: VD_F_DEFAULT */
	uint16_t max_vqp;	/* 0: 4 */
};

#define D(...)	((const uint8_t[]){ __VA_ARGS__ }), \
		sizeof((const uint8_t[]){ __VA_ARGS__ })

/* MAC tables: le32 count + entries, twice. */
#define TBL_EMPTY	0, 0, 0, 0
#define TBL_ONE_UC	1, 0, 0, 0, 0x02, 0, 0, 0, 0x55, 0x01
#define TBL_ONE_MC	1, 0, 0, 0, 0x01, 0, 0x5e, 0, 0, 0x01

static const struct ctrl_row ctrl_rows[] = {
	/* 5.1.6.5.1 receive filtering */
	{ "rx_promisc_on", VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC,
	  D(1), VIRTIO_NET_OK },
	{ "rx_promisc_off", VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC,
	  D(0), VIRTIO_NET_OK },
	{ "rx_promisc_nonzero_is_on", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_PROMISC, D(0x80), VIRTIO_NET_OK },
	{ "rx_promisc_no_data", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_PROMISC, NULL, 0, VIRTIO_NET_ERR },
	{ "rx_promisc_2_bytes", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_PROMISC, D(1, 0), VIRTIO_NET_ERR },
	{ "rx_allmulti_on", VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLMULTI,
	  D(1), VIRTIO_NET_OK },
	{ "rx_allmulti_no_data", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_ALLMULTI, NULL, 0, VIRTIO_NET_ERR },
	{ "rx_alluni_needs_rx_extra", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_ALLUNI, D(1), VIRTIO_NET_ERR },
	{ "rx_nomulti_needs_rx_extra", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_NOMULTI, D(1), VIRTIO_NET_ERR },
	{ "rx_nouni_needs_rx_extra", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_NOUNI, D(1), VIRTIO_NET_ERR },
	{ "rx_nobcast_needs_rx_extra", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_NOBCAST, D(1), VIRTIO_NET_ERR },
	{ "rx_unknown_cmd", VIRTIO_NET_CTRL_RX, 0x7f, D(1), VIRTIO_NET_ERR },
	{ "rx_without_ctrl_rx", VIRTIO_NET_CTRL_RX,
	  VIRTIO_NET_CTRL_RX_PROMISC, D(1), VIRTIO_NET_ERR,
	  F_NO(VIRTIO_NET_F_CTRL_RX) },

	/* 5.1.6.5.2 MAC address filtering */
	{ "mac_table_empty", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(TBL_EMPTY, TBL_EMPTY),
	  VIRTIO_NET_OK },
	{ "mac_table_uc_mc", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(TBL_ONE_UC, TBL_ONE_MC),
	  VIRTIO_NET_OK },
	{ "mac_table_no_mc_table", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(TBL_ONE_UC), VIRTIO_NET_ERR },
	{ "mac_table_count_past_data", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(2, 0, 0, 0, 2, 0, 0, 0, 0, 1,
					   TBL_EMPTY), VIRTIO_NET_ERR },
	{ "mac_table_huge_count", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(0xff, 0xff, 0xff, 0xff, TBL_EMPTY),
	  VIRTIO_NET_ERR },
	/* 6 * 0x80000001 is 6 in 32 bits */
	{ "mac_table_count_wraps", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(1, 0, 0, 0x80, 0x02, 0, 0, 0, 0x55,
					   0x01, TBL_EMPTY), VIRTIO_NET_ERR },
	{ "mac_table_trailing_bytes", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(TBL_EMPTY, TBL_EMPTY, 0),
	  VIRTIO_NET_ERR },
	{ "mac_table_truncated_count", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(TBL_EMPTY, 0, 0), VIRTIO_NET_ERR },
	{ "mac_table_no_data", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, NULL, 0, VIRTIO_NET_ERR },
	{ "mac_table_without_ctrl_rx", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_TABLE_SET, D(TBL_EMPTY, TBL_EMPTY),
	  VIRTIO_NET_ERR, F_NO(VIRTIO_NET_F_CTRL_RX) },
	/* the device's own (provisioned) address; others: test_macpolicy */
	{ "mac_addr_set", VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET,
	  D(0x02, 0, 0, 0, 0, 0x01), VIRTIO_NET_OK },
	{ "mac_addr_set_not_owned", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_ADDR_SET, D(0x02, 0, 0, 0, 0x55, 0x02),
	  VIRTIO_NET_ERR },
	{ "mac_addr_set_5_bytes", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_ADDR_SET, D(0x02, 0, 0, 0, 0x55),
	  VIRTIO_NET_ERR },
	{ "mac_addr_set_7_bytes", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_ADDR_SET, D(0x02, 0, 0, 0, 0x55, 0x02, 0),
	  VIRTIO_NET_ERR },
	{ "mac_addr_set_multicast", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_ADDR_SET, D(0x03, 0, 0, 0, 0x55, 0x02),
	  VIRTIO_NET_ERR },
	{ "mac_addr_set_without_feature", VIRTIO_NET_CTRL_MAC,
	  VIRTIO_NET_CTRL_MAC_ADDR_SET, D(0x02, 0, 0, 0, 0x55, 0x02),
	  VIRTIO_NET_ERR, F_NO(VIRTIO_NET_F_CTRL_MAC_ADDR) },
	{ "mac_unknown_cmd", VIRTIO_NET_CTRL_MAC, 2, D(0), VIRTIO_NET_ERR },

	/* 5.1.6.5.3 VLAN filtering */
	{ "vlan_add", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD,
	  D(100, 0), VIRTIO_NET_OK },
	{ "vlan_add_0", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD,
	  D(0, 0), VIRTIO_NET_OK },
	{ "vlan_add_4095", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD,
	  D(0xff, 0x0f), VIRTIO_NET_OK },
	{ "vlan_add_4096", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD,
	  D(0x00, 0x10), VIRTIO_NET_ERR },
	{ "vlan_del", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_DEL,
	  D(100, 0), VIRTIO_NET_OK },
	{ "vlan_add_1_byte", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD,
	  D(100), VIRTIO_NET_ERR },
	{ "vlan_add_3_bytes", VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD,
	  D(100, 0, 0), VIRTIO_NET_ERR },
	{ "vlan_unknown_cmd", VIRTIO_NET_CTRL_VLAN, 2, D(100, 0),
	  VIRTIO_NET_ERR },
	{ "vlan_without_ctrl_vlan", VIRTIO_NET_CTRL_VLAN,
	  VIRTIO_NET_CTRL_VLAN_ADD, D(100, 0), VIRTIO_NET_ERR,
	  F_NO(VIRTIO_NET_F_CTRL_VLAN) },

	/* 5.1.6.5.4 gratuitous packets */
	{ "announce_ack", VIRTIO_NET_CTRL_ANNOUNCE,
	  VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL, 0, VIRTIO_NET_OK },
	{ "announce_ack_with_data", VIRTIO_NET_CTRL_ANNOUNCE,
	  VIRTIO_NET_CTRL_ANNOUNCE_ACK, D(0), VIRTIO_NET_ERR },
	{ "announce_unknown_cmd", VIRTIO_NET_CTRL_ANNOUNCE, 1, NULL, 0,
	  VIRTIO_NET_ERR },
	{ "announce_without_feature", VIRTIO_NET_CTRL_ANNOUNCE,
	  VIRTIO_NET_CTRL_ANNOUNCE_ACK, NULL, 0, VIRTIO_NET_ERR,
	  F_NO(VIRTIO_NET_F_GUEST_ANNOUNCE) },

	/* 5.1.6.5.5 multiqueue */
	{ "mq_pairs_1", VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
	  D(1, 0), VIRTIO_NET_OK },
	{ "mq_pairs_max", VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
	  D(4, 0), VIRTIO_NET_OK },
	{ "mq_pairs_0", VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET,
	  D(0, 0), VIRTIO_NET_ERR },
	{ "mq_pairs_max_plus_1", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, D(5, 0), VIRTIO_NET_ERR },
	{ "mq_pairs_0x8001", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, D(0x01, 0x80), VIRTIO_NET_ERR },
	{ "mq_pairs_1_byte", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, D(1), VIRTIO_NET_ERR },
	{ "mq_pairs_3_bytes", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, D(1, 0, 0), VIRTIO_NET_ERR },
	{ "mq_rss_config_not_negotiated", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_RSS_CONFIG, D(0, 0, 0, 0), VIRTIO_NET_ERR },
	{ "mq_hash_config_not_negotiated", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_HASH_CONFIG, D(0, 0, 0, 0), VIRTIO_NET_ERR },
	{ "mq_without_feature", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, D(1, 0), VIRTIO_NET_ERR,
	  F_NO(VIRTIO_NET_F_MQ) },
	{ "mq_single_pair_device", VIRTIO_NET_CTRL_MQ,
	  VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, D(2, 0), VIRTIO_NET_ERR, 0, 1 },

	/* classes the device doesn't offer or that don't exist */
	{ "guest_offloads_not_negotiated", VIRTIO_NET_CTRL_GUEST_OFFLOADS,
	  VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET, D(0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "notf_coal_not_negotiated", VIRTIO_NET_CTRL_NOTF_COAL,
	  VIRTIO_NET_CTRL_NOTF_COAL_TX_SET, D(0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR, F_NO(VIRTIO_NET_F_NOTF_COAL) },
	{ "class_7", 7, 0, D(0), VIRTIO_NET_ERR },
	{ "stats_not_negotiated", VIRTIO_NET_CTRL_STATS,
	  VIRTIO_NET_CTRL_STATS_QUERY, NULL, 0, VIRTIO_NET_ERR,
	  F_NO(VIRTIO_NET_F_DEVICE_STATS) },
	{ "class_0x7f", 0x7f, 0, NULL, 0, VIRTIO_NET_ERR },
	{ "class_0xff", 0xff, 0xff, D(1, 2, 3), VIRTIO_NET_ERR },
};

static void ctrl_cmd(void **state)
{
	struct ut_env *e = *state;
	const struct ctrl_row *r = e->param;
	struct vd_dev_cfg cfg = {
		.features = r->features,
		.max_vqp = r->max_vqp ? r->max_vqp : 4,
	};
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	struct vd_iov iov = { .p = r->data, .len = r->len };
	uint64_t errs = ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS);
	int ack;

	ack = vd_ctrl_sg(d, r->cls, r->cmd, &iov, r->len ? 1 : 0);
	assert_int_equal(ack, r->ack);
	assert_int_equal(ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS) - errs,
			 r->ack == VIRTIO_NET_ERR);
	/* the queue answers the next command as well */
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_ALLMULTI, 0),
			 vd_has(d, VIRTIO_NET_F_CTRL_RX) ? VIRTIO_NET_OK :
							   VIRTIO_NET_ERR);
	ut_vq_clean(vd_cvq(d));
}

/* Same commands, with header and data in a single descriptor (2.6.4). */
static void ctrl_cmd_one_descriptor(void **state)
{
	struct ut_env *e = *state;
	const struct ctrl_row *r = e->param;
	struct vd_dev_cfg cfg = {
		.features = r->features,
		.max_vqp = r->max_vqp ? r->max_vqp : 4,
	};
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	uint8_t buf[64], ack = 0;
	struct vd_iov iov = { .p = buf, .len = 2 + r->len };

	buf[0] = r->cls;
	buf[1] = r->cmd;
	if (r->len)
		memcpy(buf + 2, r->data, r->len);
	assert_int_equal(vd_ctrl_raw(d, &iov, 1, 1, &ack), 1);
	assert_int_equal(ack, r->ack);
}

static struct vd_dev *ctrl_dev(struct ut_env *e)
{
	struct vd_dev_cfg cfg = { .max_vqp = 4 };

	return ut_dev(e, 0, &cfg);
}

/* ---- MAC tables: filtering, and more addresses than the card holds ---- */

static const uint8_t mt_src[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };
/* In none of the tables below. */
static const uint8_t mt_uc_other[6] = { 0x02, 0, 0, 0, 0x66, 0x01 };
static const uint8_t mt_mc_other[6] = { 0x01, 0x00, 0x5e, 0x66, 0x00, 0x01 };

/* 400 unicast and 700 multicast addresses: 6.6 KB, over the 4 KB buffer. */
static uint8_t mt_uc[400][6], mt_mc[700][6];

/* A filtering device: RX buffers, link up, promisc and allmulti off. */
static struct vd_dev *mt_dev(struct ut_env *e)
{
	struct vd_dev *d = ctrl_dev(e);
	unsigned int i;

	for (i = 0; i < UT_ARRAY_SIZE(mt_uc); i++)
		vd_mac(mt_uc[i], 0x70 + i / 256, i);
	for (i = 0; i < UT_ARRAY_SIZE(mt_mc); i++) {
		vd_mac(mt_mc[i], 0x72 + i / 256, i);
		mt_mc[i][0] = 0x01;
	}
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_true(vd_rx_fill(vd_rxq(d, 0), 64, 1526) > 0);
	vd_vq_kick_run(vd_rxq(d, 0));
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_ALLMULTI, 0),
			 VIRTIO_NET_OK);
	return d;
}

/*
 * A frame to @dst for device @d: from the network, or (@self) sent by @d
 * in loopback, where its receive filter alone decides.  Returns whether
 * RX queue 0 got it, intact; *filtered gets by how much DROP_FILTERED
 * moved there.
 */
static bool mt_rx(struct ut_env *e, struct vd_dev *d, const uint8_t dst[6],
		  bool self, uint64_t *filtered)
{
	static struct vd_rx_pkt pkt;
	static uint8_t seed;
	struct vd_vq *rx = vd_rxq(d, 0);
	uint64_t before = ut_ctr(rx, OVNIC_VQC_DROP_FILTERED);
	uint8_t f[128];
	uint32_t len;
	int r;

	len = vd_frame(f, dst, self ? d->mac : mt_src, VD_NO_VLAN, 0x0800, 64,
		       ++seed);
	if (self) {
		assert_int_equal(vd_cmd_set_loopback(e->c, d->dev_id,
						     OVNIC_LOOPBACK_ON),
				 OVNIC_STATUS_OK);
		assert_int_equal(ut_send(d, f, len), 0);
		assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
		assert_int_equal(vd_cmd_set_loopback(e->c, d->dev_id,
						     OVNIC_LOOPBACK_OFF),
				 OVNIC_STATUS_OK);
	} else {
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	}
	*filtered = ut_ctr(rx, OVNIC_VQC_DROP_FILTERED) - before;
	r = vd_rx_recv(rx, &pkt);
	assert_true(r >= 0);
	if (r) {
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		assert_int_equal(vd_rx_recv(rx, &pkt), 0);
		vd_rx_fill(rx, 64, 1526);
		vd_vq_kick_run(rx);
	}
	ut_vq_clean(rx);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	return r;
}

/* Delivered, or refused by the receive filter and counted so. */
static void mt_expect(struct ut_env *e, struct vd_dev *d, const uint8_t dst[6],
		      bool self, bool delivered)
{
	uint64_t filtered;

	if (mt_rx(e, d, dst, self, &filtered) != delivered)
		fail_msg("%s to %02x:%02x:%02x:%02x:%02x:%02x %s",
			 self ? "looped back" : "from the wire", dst[0],
			 dst[1], dst[2], dst[3], dst[4], dst[5],
			 delivered ? "not delivered" : "delivered");
	assert_int_equal(filtered, !delivered);
}

/*
 * Device @d's filter after a MAC table of mt_uc[0..nuc) and mt_mc[0..nmc):
 * its own address, broadcast and the listed ones are delivered, from the
 * network and from itself; the others only with @uc_all / @mc_all, else
 * the filter refuses them (an unlisted unicast from the network doesn't
 * even reach a filtering device).
 */
static void mt_expect_filter(struct ut_env *e, struct vd_dev *d, uint32_t nuc,
			     uint32_t nmc, bool uc_all, bool mc_all)
{
	const uint8_t *uc_out[2] = { mt_uc_other, mt_uc[399] };
	const uint8_t *mc_out[2] = { mt_mc_other, mt_mc[699] };
	unsigned int self, i;
	uint64_t filtered;

	for (self = 0; self < 2; self++) {
		mt_expect(e, d, d->mac, self, true);
		mt_expect(e, d, vd_bcast, self, true);
		if (nuc) {
			mt_expect(e, d, mt_uc[0], self, true);
			mt_expect(e, d, mt_uc[nuc - 1], self, true);
		}
		if (nmc) {
			mt_expect(e, d, mt_mc[0], self, true);
			mt_expect(e, d, mt_mc[nmc - 1], self, true);
		}
		for (i = 0; i < 2; i++) {
			if (i && nuc == UT_ARRAY_SIZE(mt_uc))
				break;
			if (self)
				mt_expect(e, d, uc_out[i], true, uc_all);
			else if (mt_rx(e, d, uc_out[i], false, &filtered) !=
				 uc_all)
				fail_msg("unicast %u from the wire %s", i,
					 uc_all ? "lost" : "delivered");
		}
		for (i = 0; i < 2; i++)
			if (!i || nmc < UT_ARRAY_SIZE(mt_mc))
				mt_expect(e, d, mc_out[i], self, mc_all);
	}
}

/* The used length counts the one ack byte written (2.7.8). */
static void ctrl_used_len(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	uint8_t hdr[2] = { VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC };
	uint8_t on = 1, ack = 0;
	struct vd_iov iov[2] = { { hdr, 2 }, { &on, 1 } };

	assert_int_equal(vd_ctrl_raw(d, iov, 2, 1, &ack), 1);
	assert_int_equal(ack, VIRTIO_NET_OK);
	/* a larger writable buffer: still one byte written */
	assert_int_equal(vd_ctrl_raw(d, iov, 2, 16, &ack), 1);
	assert_int_equal(ack, VIRTIO_NET_OK);
}

/* Header split over two descriptors, data over three: the table applies. */
static void ctrl_scattered(void **state)
{
	static const uint8_t uc[6] = { 0x02, 0, 0, 0, 0x55, 0x01 };
	static const uint8_t mc[6] = { 0x01, 0, 0x5e, 0, 0, 0x01 };
	struct ut_env *e = *state;
	struct vd_dev *d = mt_dev(e);
	uint8_t c = VIRTIO_NET_CTRL_MAC, m = VIRTIO_NET_CTRL_MAC_TABLE_SET;
	uint8_t tbl[] = { TBL_ONE_UC, TBL_ONE_MC };
	struct vd_iov iov[] = {
		{ &c, 1 }, { &m, 1 }, { tbl, 3 }, { tbl + 3, 9 },
		{ tbl + 12, sizeof(tbl) - 12 },
	};
	uint8_t ack = 0;

	assert_int_equal(vd_ctrl_raw(d, iov, UT_ARRAY_SIZE(iov), 1, &ack), 1);
	assert_int_equal(ack, VIRTIO_NET_OK);
	/* both addresses arrived whole, each in its own table */
	mt_expect(e, d, uc, false, true);
	mt_expect(e, d, mc, false, true);
	mt_expect(e, d, mt_uc_other, true, false);
	mt_expect(e, d, mt_mc_other, false, false);
}

/* A header shorter than class+command is answered ERR. */
static void ctrl_short_header(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	uint8_t c = VIRTIO_NET_CTRL_RX, ack = 0;
	struct vd_iov iov = { &c, 1 };

	vd_ctrl_raw(d, &iov, 1, 1, &ack);
	assert_int_equal(ack, VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_raw(d, NULL, 0, 1, &ack) >= 0, 1);
	assert_int_equal(ack, VIRTIO_NET_ERR);
	assert_int_equal(ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS), 2);
}

/* Nothing writable: nowhere to answer, but the chain comes back. */
static void ctrl_no_ack_buffer(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	uint8_t cmd[3] = { VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 1 };
	struct vd_iov iov = { cmd, 3 };

	assert_int_equal(vd_ctrl_raw(d, &iov, 1, 0, NULL), 0);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
}

/* Data larger than any command: ERR, not an overflow. */
static void ctrl_oversized(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	static uint8_t big[8192];
	struct vd_iov iov[4];
	unsigned int i;
	uint8_t ack = 0;

	big[0] = VIRTIO_NET_CTRL_MAC;
	big[1] = VIRTIO_NET_CTRL_MAC_TABLE_SET;
	for (i = 0; i < 4; i++)
		iov[i] = (struct vd_iov){ big + i * 2048, 2048 };
	vd_ctrl_raw(d, iov, 4, 1, &ack);
	assert_int_equal(ack, VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
}

/*
 * The spec sets no limit on the tables: a host with many multicast groups
 * sends a long one, longer than the card's command buffer.  The device may
 * filter less, but answers OK: like QEMU it then receives all unicast and
 * multicast, until a table it can hold brings filtering back.
 */
static void ctrl_mac_table_huge(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mt_dev(e);

	assert_int_equal(vd_ctrl_mac_table(d, mt_uc, 1, mt_mc, 1),
			 VIRTIO_NET_OK);
	mt_expect_filter(e, d, 1, 1, false, false);
	assert_int_equal(vd_ctrl_mac_table(d, mt_uc, UT_ARRAY_SIZE(mt_uc),
					   mt_mc, UT_ARRAY_SIZE(mt_mc)),
			 VIRTIO_NET_OK);
	mt_expect_filter(e, d, UT_ARRAY_SIZE(mt_uc), UT_ARRAY_SIZE(mt_mc),
			 true, true);
	assert_int_equal(vd_ctrl_mac_table(d, mt_uc, 1, mt_mc, 1),
			 VIRTIO_NET_OK);
	mt_expect_filter(e, d, 1, 1, false, false);
}

struct mt_row {
	const char *name;
	uint32_t nuc;
	uint32_t nmc;
	bool uc_all;
	bool mc_all;
};

/* Tables that fit the command buffer; the card holds 64 of each. */
static const struct mt_row mt_rows[] = {
	{ "both",	200, 200, true,  true },
	{ "uc_only",	65,  1,   true,  false },
	{ "mc_only",	1,   65,  false, true },
	{ "at_limit",	64,  64,  false, false },
};

/*
 * Lots of MAC addresses: accepted, and a list longer than the card holds
 * receives everything of its kind, the other list still filters; a small
 * table filters again.
 */
static void ctrl_mac_table_overflow(void **state)
{
	struct ut_env *e = *state;
	const struct mt_row *r = e->param;
	struct vd_dev *d = mt_dev(e);

	assert_int_equal(vd_ctrl_mac_table(d, mt_uc, r->nuc, mt_mc, r->nmc),
			 VIRTIO_NET_OK);
	mt_expect_filter(e, d, r->nuc, r->nmc, r->uc_all, r->mc_all);
	assert_int_equal(vd_ctrl_mac_table(d, mt_uc, 2, mt_mc, 2),
			 VIRTIO_NET_OK);
	mt_expect_filter(e, d, 2, 2, false, false);
}

struct mt_bad_row {
	const char *name;
	uint32_t nuc;		/* count sent before the 400 unicast */
	uint32_t nmc;		/* before the 700 multicast */
	uint32_t trailing;	/* bytes after them */
};

static const struct mt_bad_row mt_bad_rows[] = {
	{ "uc_count_short",	399, 700 },
	{ "uc_count_long",	401, 700 },
	{ "uc_count_past_data",	1200, 700 },
	{ "uc_count_ffffffff",	0xffffffff, 700 },
	/* 6 * count wraps to the real length in 32 bits */
	{ "uc_count_wraps",	0x80000000u + 400, 700 },
	{ "mc_count_short",	400, 699 },
	{ "mc_count_long",	400, 701 },
	{ "mc_count_ffffffff",	400, 0xffffffff },
	{ "mc_count_wraps",	400, 0x80000000u + 700 },
	{ "trailing_byte",	400, 700, 1 },
};

/*
 * A table too large for the card whose counts don't add up to its length
 * is refused like a small one, and the filter stays as it was.
 */
static void ctrl_mac_table_huge_bad_counts(void **state)
{
	struct ut_env *e = *state;
	const struct mt_bad_row *r = e->param;
	struct vd_dev *d = mt_dev(e);
	uint32_t nuc = ovnic_cpu_to_le32(r->nuc);
	uint32_t nmc = ovnic_cpu_to_le32(r->nmc);
	static const uint8_t trailing[1];
	struct vd_iov iov[] = {
		{ &nuc, 4 }, { mt_uc, sizeof(mt_uc) },
		{ &nmc, 4 }, { mt_mc, sizeof(mt_mc) },
		{ trailing, r->trailing },
	};
	uint64_t errs;

	assert_int_equal(vd_ctrl_mac_table(d, mt_uc, 1, mt_mc, 1),
			 VIRTIO_NET_OK);
	errs = ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS);
	assert_int_equal(vd_ctrl_sg(d, VIRTIO_NET_CTRL_MAC,
				    VIRTIO_NET_CTRL_MAC_TABLE_SET, iov,
				    r->trailing ? 5 : 4), VIRTIO_NET_ERR);
	assert_int_equal(ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS) - errs, 1);
	mt_expect_filter(e, d, 1, 1, false, false);
}

/* Several commands in one kick are answered in order. */
static void ctrl_batch(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	struct vd_vq *q = vd_cvq(d);
	static const uint8_t cmds[4][3] = {
		{ VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 0 },
		{ 0x7f, 0, 0 },
		{ VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD, 5 },
		{ VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLUNI, 1 },
	};
	static const uint8_t want[4] = { VIRTIO_NET_OK, VIRTIO_NET_ERR,
					 VIRTIO_NET_ERR, VIRTIO_NET_ERR };
	uint8_t *acks = vd_dma_alloc(d->card, 64);
	int head[4];
	unsigned int i;
	struct vd_used u;

	for (i = 0; i < 4; i++) {
		struct vd_seg seg[2] = {
			{ (void *)vd_dma_alloc(d->card, 3), 3, false },
			{ acks + i, 1, true },
		};

		memcpy(seg[0].p, cmds[i], 3);
		acks[i] = 0xee;
		head[i] = vd_vq_add(q, seg, 2, 0);
		assert_true(head[i] >= 0);
	}
	vd_vq_kick(q);
	assert_int_equal(vd_card_run(d->card), 0);
	for (i = 0; i < 4; i++) {
		assert_int_equal(vd_vq_get(q, &u), 1);
		assert_int_equal(u.id, head[i]);
		assert_int_equal(acks[i], want[i]);
	}
}

/*
 * A control queue's doorbell rung where the card may take its locks
 * (ovnic_card_doorbell_serve(), the kernel's with interrupts on) answers
 * a few commands before it returns, waking no device core; the rest go
 * to the core, in order.
 */
static int ctrl_post_promisc(struct vd_dev *d, uint8_t *ack)
{
	struct vd_seg seg[2] = {
		{ (void *)vd_dma_alloc(d->card, 3), 3, false },
		{ ack, 1, true },
	};

	memcpy(seg[0].p, (uint8_t[]){ VIRTIO_NET_CTRL_RX,
				      VIRTIO_NET_CTRL_RX_PROMISC, 1 }, 3);
	*ack = 0xee;
	return vd_vq_add(vd_cvq(d), seg, 2, 0);
}

static void ctrl_doorbell_answers_inline(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	struct vd_vq *q = vd_cvq(d);
	uint8_t *ack = vd_dma_alloc(d->card, 1);
	struct vd_used u;
	int head;

	d->card->plat->wake_pending = 0;
	head = ctrl_post_promisc(d, ack);
	assert_true(head >= 0);
	ovnic_card_doorbell_serve(d->card->card, d->dev_id, q->qid);
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, head);
	assert_int_equal(*ack, VIRTIO_NET_OK);
	assert_int_equal(d->card->plat->wake_pending, 0);
}

#define CTRL_INLINE_MAX	4	/* card.c's DOORBELL_CTRL_QUANTUM */

static void ctrl_doorbell_inline_bounded(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	struct vd_vq *q = vd_cvq(d);
	uint8_t *acks = vd_dma_alloc(d->card, 16);
	struct vd_used u;
	int head[16];
	unsigned int i;

	for (i = 0; i < 16; i++) {
		head[i] = ctrl_post_promisc(d, &acks[i]);
		assert_true(head[i] >= 0);
	}
	d->card->plat->wake_pending = 0;
	ovnic_card_doorbell_serve(d->card->card, d->dev_id, q->qid);
	for (i = 0; i < CTRL_INLINE_MAX; i++) {
		assert_int_equal(vd_vq_get(q, &u), 1);
		assert_int_equal(u.id, head[i]);
		assert_int_equal(acks[i], VIRTIO_NET_OK);
	}
	assert_int_equal(vd_vq_get(q, &u), 0);
	assert_int_equal(acks[CTRL_INLINE_MAX], 0xee);
	/* the rest is the device core's */
	assert_int_not_equal(d->card->plat->wake_pending, 0);
	assert_int_equal(vd_card_run(d->card), 0);
	for (i = CTRL_INLINE_MAX; i < 16; i++) {
		assert_int_equal(vd_vq_get(q, &u), 1);
		assert_int_equal(u.id, head[i]);
		assert_int_equal(acks[i], VIRTIO_NET_OK);
	}
}

/*
 * A suspended device answers nothing, however its doorbell is rung: the
 * kick waits for DEV_RESUME (test_suspend.c covers the cores' side).
 */
static void ctrl_doorbell_suspended(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	struct vd_vq *q = vd_cvq(d);
	uint8_t *ack = vd_dma_alloc(d->card, 1);
	struct vd_used u;
	int head;

	assert_int_equal(vd_cmd_dev_suspend(d->card, d->dev_id), 0);
	head = ctrl_post_promisc(d, ack);
	assert_true(head >= 0);
	ovnic_card_doorbell_serve(d->card->card, d->dev_id, q->qid);
	vd_card_run(d->card);
	assert_int_equal(vd_vq_get(q, &u), 0);
	assert_int_equal(*ack, 0xee);
	assert_int_equal(vd_cmd_dev_resume(d->card, d->dev_id), 0);
	vd_card_run(d->card);
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, head);
	assert_int_equal(*ack, VIRTIO_NET_OK);
}

/* Data queues' doorbells are only handed to their core, as before. */
static void ctrl_doorbell_serve_data_queue(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	struct vd_vq *q = vd_txq(d, 0);
	uint8_t f[64];
	uint32_t len = vd_frame(f, (const uint8_t[6]){ 2, 0, 0, 0, 9, 9 },
				d->mac, VD_NO_VLAN, 0x0800, 28, 0);

	assert_true(vd_tx_post(q, f, len, NULL) >= 0);
	d->card->plat->wake_pending = 0;
	ovnic_card_doorbell_serve(d->card->card, d->dev_id, q->qid);
	assert_int_equal(vd_vq_used_pending(q), 0);
	assert_int_not_equal(d->card->plat->wake_pending, 0);
	assert_int_equal(vd_card_run(d->card), 0);
	assert_int_equal(vd_vq_used_pending(q), 1);
}

/*
 * The control queue has one server at a time.  A card whose device lock
 * runs a hook: while one server holds the queue (inside the command, under
 * the device lock), the other tries.  Served twice at once, the command
 * would take the device lock recursively (a lock error) or answer twice.
 */
static struct {
	void (*lock)(struct ovnic_lock *l);
	struct ovnic_lock *(*lock_new)(void *ctx, enum ovnic_lock_class cls);
	struct ovnic_lock *dev_lock[8];
	unsigned int ndev_locks;
	void (*fn)(void);	/* run once, at the next device lock */
} hook;

static struct ovnic_lock *hook_lock_new(void *ctx, enum ovnic_lock_class cls)
{
	struct ovnic_lock *l = hook.lock_new(ctx, cls);

	if (cls == OVNIC_LOCK_DEV && hook.ndev_locks < 8)
		hook.dev_lock[hook.ndev_locks++] = l;
	return l;
}

static void hook_lock(struct ovnic_lock *l)
{
	void (*fn)(void) = hook.fn;
	unsigned int i;

	hook.lock(l);
	for (i = 0; i < hook.ndev_locks; i++)
		if (l == hook.dev_lock[i] && fn) {
			hook.fn = NULL;
			fn();
		}
}

static struct vd_dev *hook_dev;
static uint8_t *hook_ack;
static int hook_head;
static uint16_t hook_used_before;

/* The core serves: a doorbell posts a second command and rings. */
static void hook_doorbell(void)
{
	struct vd_vq *q = vd_cvq(hook_dev);

	hook_used_before = q->used->idx;
	hook_head = ctrl_post_promisc(hook_dev, hook_ack);
	assert_true(hook_head >= 0);
	ovnic_card_doorbell_serve(hook_dev->card->card, hook_dev->dev_id,
				  q->qid);
	/* nothing answered meanwhile: the core holds the queue */
	assert_int_equal(q->used->idx, hook_used_before);
	assert_int_equal(*hook_ack, 0xee);
}

/* A doorbell serves: the device core polls (it was kicked too). */
static void hook_core_poll(void)
{
	struct vd_vq *q = vd_cvq(hook_dev);
	unsigned int core;

	hook_used_before = q->used->idx;
	for (core = 0; core < hook_dev->card->params.num_cores; core++)
		ovnic_card_core_poll(hook_dev->card->card, core, 64);
	assert_int_equal(q->used->idx, hook_used_before);
}

/* MAC_ADDR_SET to 02:00:00:00:40:@n, which the device may take. */
static int ctrl_post_mac(struct vd_dev *d, uint8_t *ack, uint8_t n)
{
	uint8_t *cmd = vd_dma_alloc(d->card, 8);
	struct vd_seg seg[2] = { { cmd, 8, false }, { ack, 1, true } };
	int head;

	assert_int_equal(vd_cmd_mac_policy_set(d->card, d->dev_id,
					       OVNIC_MACP_ANY, 0, NULL, 0),
			 OVNIC_STATUS_OK);
	cmd[0] = VIRTIO_NET_CTRL_MAC;
	cmd[1] = VIRTIO_NET_CTRL_MAC_ADDR_SET;
	vd_mac(cmd + 2, 0x40, n);
	*ack = 0xee;
	head = vd_vq_add(vd_cvq(d), seg, 2, 0);
	assert_true(head >= 0);
	return head;
}

static struct vd_dev *hook_setup(struct ut_env *e)
{
	struct ovnic_platform ops = *up_plat_ops(e->c->plat);

	memset(&hook, 0, sizeof(hook));
	hook.lock = ops.lock;
	hook.lock_new = ops.lock_new;
	ops.lock = hook_lock;
	ops.lock_new = hook_lock_new;
	ovnic_card_free(e->c->card);
	e->c->card = ovnic_card_new(&ops, &e->c->params);
	assert_non_null(e->c->card);
	hook_dev = ctrl_dev(e);
	hook_ack = vd_dma_alloc(hook_dev->card, 1);
	return hook_dev;
}

static void ctrl_doorbell_while_core_serves(void **state)
{
	struct vd_dev *d = hook_setup(*state);
	struct vd_vq *q = vd_cvq(d);
	uint8_t *ack = vd_dma_alloc(d->card, 1);
	struct vd_used u;
	int head;

	/* MAC_ADDR_SET takes the device lock; the hook fires in it */
	head = ctrl_post_mac(d, ack, 1);
	vd_vq_kick_force(q);
	hook.fn = hook_doorbell;
	assert_int_equal(vd_card_run(d->card), 0);
	assert_null(hook.fn);
	/* the core answered both, in order */
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, head);
	assert_int_equal(*ack, VIRTIO_NET_OK);
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, hook_head);
	assert_int_equal(*hook_ack, VIRTIO_NET_OK);
	assert_int_equal(vd_vq_get(q, &u), 0);
}

static void ctrl_core_while_doorbell_serves(void **state)
{
	struct vd_dev *d = hook_setup(*state);
	struct vd_vq *q = vd_cvq(d);
	uint8_t *ack = vd_dma_alloc(d->card, 1);
	struct vd_used u;
	int head;

	head = ctrl_post_mac(d, ack, 2);
	/* a plain kick first: the core has the device pending */
	vd_vq_kick_force(q);
	hook.fn = hook_core_poll;
	ovnic_card_doorbell_serve(d->card->card, d->dev_id, q->qid);
	assert_null(hook.fn);
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, head);
	assert_int_equal(*ack, VIRTIO_NET_OK);
	/* nothing left, nothing answered twice */
	assert_int_equal(vd_card_run(d->card), 0);
	assert_int_equal(vd_vq_get(q, &u), 0);
}

/* Without MQ the control queue is queue 2 whatever max_vqp (5.1.2). */
static void ctrl_queue_index_without_mq(void **state)
{
	struct vd_dev_cfg cfg = { .max_vqp = 4,
				  .features = F_NO(VIRTIO_NET_F_MQ) };
	struct vd_dev *d = ut_dev(*state, 0, &cfg);

	assert_int_equal(d->cvq_idx, 2);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
}

static void ctrl_queue_index_with_mq(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);

	assert_int_equal(d->cvq_idx, 8);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
}

/*
 * ANNOUNCE_ACK clears VIRTIO_NET_S_ANNOUNCE in config status, which the
 * card sets when the link comes back up (5.1.6.5.4).
 */
static void ctrl_announce_clears_status(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ctrl_dev(e);

	assert_int_equal(vd_cmd_set_link(e->c, 0, false), OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_set_link(e->c, 0, true), OVNIC_STATUS_OK);
	assert_int_equal(vd_config_status(d),
			 VIRTIO_NET_S_LINK_UP | VIRTIO_NET_S_ANNOUNCE);
	assert_int_equal(vd_ctrl_announce_ack(d), VIRTIO_NET_OK);
	assert_int_equal(vd_config_status(d), VIRTIO_NET_S_LINK_UP);
	/* a second ack is harmless */
	assert_int_equal(vd_ctrl_announce_ack(d), VIRTIO_NET_OK);
	assert_int_equal(vd_config_status(d), VIRTIO_NET_S_LINK_UP);
}

/* MQ pairs set is visible: frames only land on the enabled pairs. */
static void ctrl_mq_pairs_steer(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ctrl_dev(e);
	static const uint8_t far[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };
	uint8_t f[128];
	unsigned int p, i;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (p = 0; p < 4; p++) {
		vd_rx_fill(vd_rxq(d, p), 64, 1526);
		vd_vq_kick_run(vd_rxq(d, p));
	}
	assert_int_equal(vd_ctrl_mq_pairs(d, 1), VIRTIO_NET_OK);
	for (i = 0; i < 32; i++) {
		uint32_t len = vd_frame(f, d->mac, far, VD_NO_VLAN, 0x0800,
					28, 0);

		f[14] = 0x45;
		f[23] = 17;
		f[29] = i;
		f[34] = i;
		vd_wire_rx(e->c, f, len);
	}
	assert_int_equal(vd_vq_drain(vd_rxq(d, 0)), 32);
	for (p = 1; p < 4; p++)
		assert_int_equal(vd_vq_drain(vd_rxq(d, p)), 0);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, ctrl_cmd, ctrl_rows);
	UT_ADD_TABLE(&l, ctrl_cmd_one_descriptor, ctrl_rows);
	UT_ADD(&l, ctrl_used_len);
	UT_ADD(&l, ctrl_scattered);
	UT_ADD(&l, ctrl_short_header);
	UT_ADD(&l, ctrl_no_ack_buffer);
	UT_ADD(&l, ctrl_oversized);
	UT_ADD_TABLE(&l, ctrl_mac_table_overflow, mt_rows);
	UT_ADD(&l, ctrl_mac_table_huge);
	UT_ADD_TABLE(&l, ctrl_mac_table_huge_bad_counts, mt_bad_rows);
	UT_ADD(&l, ctrl_batch);
	UT_ADD(&l, ctrl_doorbell_answers_inline);
	UT_ADD(&l, ctrl_doorbell_inline_bounded);
	UT_ADD(&l, ctrl_doorbell_serve_data_queue);
	UT_ADD(&l, ctrl_doorbell_suspended);
	UT_ADD(&l, ctrl_doorbell_while_core_serves);
	UT_ADD(&l, ctrl_core_while_doorbell_serves);
	UT_ADD(&l, ctrl_queue_index_without_mq);
	UT_ADD(&l, ctrl_queue_index_with_mq);
	UT_ADD(&l, ctrl_announce_clears_status);
	UT_ADD(&l, ctrl_mq_pairs_steer);
	return ut_run("ctrlq", &l);
}
