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
	{ "mac_addr_set", VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET,
	  D(0x02, 0, 0, 0, 0x55, 0x02), VIRTIO_NET_OK },
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

/* Header split over two descriptors, data over three. */
static void ctrl_scattered(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	uint8_t c = VIRTIO_NET_CTRL_MAC, m = VIRTIO_NET_CTRL_MAC_TABLE_SET;
	uint8_t tbl[] = { TBL_ONE_UC, TBL_ONE_MC };
	struct vd_iov iov[] = {
		{ &c, 1 }, { &m, 1 }, { tbl, 3 }, { tbl + 3, 9 },
		{ tbl + 12, sizeof(tbl) - 12 },
	};
	uint8_t ack = 0;

	assert_int_equal(vd_ctrl_raw(d, iov, UT_ARRAY_SIZE(iov), 1, &ack), 1);
	assert_int_equal(ack, VIRTIO_NET_OK);
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

/* Lots of MAC addresses: accepted (the device may filter less). */
static void ctrl_mac_table_overflow(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	static uint8_t uc[200][6], mc[200][6];
	unsigned int i;

	for (i = 0; i < 200; i++) {
		vd_mac(uc[i], 0x70, i);
		vd_mac(mc[i], 0x71, i);
		mc[i][0] = 0x01;
	}
	assert_int_equal(vd_ctrl_mac_table(d, uc, 200, mc, 200),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mac_table(d, uc, 2, mc, 2), VIRTIO_NET_OK);
}

/*
 * The spec sets no limit on the tables: a host with many multicast groups
 * sends a long one.  The device may filter less, but answers OK (as QEMU
 * does, falling back to promiscuous/all-multicast).
 */
static void ctrl_mac_table_huge(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);
	static uint8_t uc[400][6], mc[700][6];
	unsigned int i;

	for (i = 0; i < 400; i++)
		vd_mac(uc[i], 0x70 + i / 256, i);
	for (i = 0; i < 700; i++) {
		vd_mac(mc[i], 0x72 + i / 256, i);
		mc[i][0] = 0x01;
	}
	assert_int_equal(vd_ctrl_mac_table(d, uc, 400, mc, 700),
			 VIRTIO_NET_OK);
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

/* ANNOUNCE_ACK clears VIRTIO_NET_S_ANNOUNCE in config status. */
static void ctrl_announce_clears_status(void **state)
{
	struct vd_dev *d = ctrl_dev(*state);

	assert_int_equal(vd_ctrl_announce_ack(d), VIRTIO_NET_OK);
	assert_int_equal(vd_config_status(d) & VIRTIO_NET_S_ANNOUNCE, 0);
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
	UT_ADD(&l, ctrl_mac_table_overflow);
	UT_ADD(&l, ctrl_mac_table_huge);
	UT_ADD(&l, ctrl_batch);
	UT_ADD(&l, ctrl_queue_index_without_mq);
	UT_ADD(&l, ctrl_queue_index_with_mq);
	UT_ADD(&l, ctrl_announce_clears_status);
	UT_ADD(&l, ctrl_mq_pairs_steer);
	return ut_run("ctrlq", &l);
}
