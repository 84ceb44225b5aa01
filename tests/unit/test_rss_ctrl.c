// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * RSS commands: validation of the control queue's RSS and hash commands
 * (ERR leaves the state as it was), Linux's layout, reading back, reset;
 * the features, config space and the mailbox commands RSS_QUERY and
 * RSS_SET_POLICY.
 */
#include <errno.h>

#include "test_rss.h"

/* ---- command validation ---- */

struct cmd_row {
	const char *name;
	uint8_t cmd;		/* VIRTIO_NET_CTRL_MQ_* or 0xf7: tunnel set */
	const uint8_t *data;
	uint32_t len;
	uint8_t ack;
	uint64_t features;	/* 0: F_TUN */
};

#define D(...)	((const uint8_t[]){ __VA_ARGS__ }), \
		sizeof((const uint8_t[]){ __VA_ARGS__ })
#define TUNNEL_SET	0xf7
#define KEY40		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, \
			17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, \
			31, 32, 33, 34, 35, 36, 37, 38, 39, 40
#define TYPES_ALL	0xff, 0x01, 0, 0
#define RSS_OK_1	TYPES_ALL, 0, 0, 1, 0, /* one entry: */ 2, 0, \
			/* max_tx_vq */ 4, 0
#define T8		0, 0, 1, 0, 2, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0

static const struct cmd_row cmd_rows[] = {
	/* RSS_CONFIG */
	{ "rss_ok_one_entry", 1, D(RSS_OK_1, 4, 1, 2, 3, 4), VIRTIO_NET_OK },
	{ "rss_ok_key_0", 1, D(RSS_OK_1, 0), VIRTIO_NET_OK },
	{ "rss_ok_key_40", 1, D(RSS_OK_1, 40, KEY40), VIRTIO_NET_OK },
	{ "rss_ok_8_entries", 1, D(TYPES_ALL, 7, 0, 0, 0, T8, 4, 0, 1, 9),
	  VIRTIO_NET_OK },
	{ "rss_ok_no_types", 1, D(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0),
	  VIRTIO_NET_OK },
	{ "rss_empty", 1, NULL, 0, VIRTIO_NET_ERR },
	{ "rss_7_bytes", 1, D(TYPES_ALL, 0, 0, 0), VIRTIO_NET_ERR },
	{ "rss_header_only", 1, D(TYPES_ALL, 0, 0, 0, 0), VIRTIO_NET_ERR },
	{ "rss_no_trailer", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0),
	  VIRTIO_NET_ERR },
	{ "rss_trailer_short", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0, 4, 0),
	  VIRTIO_NET_ERR },
	{ "rss_key_short", 1, D(RSS_OK_1, 4, 1, 2, 3), VIRTIO_NET_ERR },
	/* Linux 6.12 sends a padding byte after the key */
	{ "rss_ok_trailing_byte", 1, D(RSS_OK_1, 1, 7, 0), VIRTIO_NET_OK },
	{ "rss_key_41", 1, D(RSS_OK_1, 41, KEY40, 41), VIRTIO_NET_ERR },
	{ "rss_table_3", 1, D(TYPES_ALL, 2, 0, 0, 0, 0, 0, 1, 0, 2, 0, 4, 0,
			      0), VIRTIO_NET_ERR },
	{ "rss_table_6", 1, D(TYPES_ALL, 5, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0,
			      0, 0, 1, 0, 4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_table_256", 1, D(TYPES_ALL, 0xff, 0, 0, 0, 1, 0, 4, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_table_65536", 1, D(TYPES_ALL, 0xff, 0xff, 0, 0, 1, 0, 4, 0,
				  0), VIRTIO_NET_ERR },
	{ "rss_entry_out_of_range", 1, D(TYPES_ALL, 1, 0, 0, 0, 1, 0, 4, 0,
					 4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_entry_reserved_bit", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0x80, 4,
					 0, 0), VIRTIO_NET_ERR },
	{ "rss_unclassified_out_of_range", 1, D(TYPES_ALL, 0, 0, 4, 0, 1, 0,
						4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_unclassified_reserved_bit", 1, D(TYPES_ALL, 0, 0, 0, 0x80, 1,
						0, 4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_max_tx_vq_0", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_max_tx_vq_5", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0, 5, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_type_bit_9", 1, D(0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_type_bit_31", 1, D(0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 4, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_not_negotiated", 1, D(RSS_OK_1, 0), VIRTIO_NET_ERR, F_HR },
	/* HASH_CONFIG */
	{ "hash_ok", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 2, 7, 8),
	  VIRTIO_NET_OK },
	{ "hash_ok_reserved_nonzero", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 4, 0,
					   0), VIRTIO_NET_OK },
	{ "hash_ok_key_40", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 40,
				 KEY40), VIRTIO_NET_OK },
	{ "hash_ok_hash_report_only", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0,
					   0), VIRTIO_NET_OK, F_HR },
	{ "hash_empty", 2, NULL, 0, VIRTIO_NET_ERR },
	{ "hash_12_bytes", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "hash_key_short", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 2, 7),
	  VIRTIO_NET_ERR },
	{ "hash_ok_trailing", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
	  VIRTIO_NET_OK },
	{ "hash_key_41", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 41, KEY40,
			      41), VIRTIO_NET_ERR },
	{ "hash_type_bit_9", 2, D(0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "hash_not_negotiated", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR, F_RSS_ONLY },
	/* MQ */
	{ "mq_unknown_cmd", 3, D(0, 0), VIRTIO_NET_ERR },
	{ "mq_pairs_ok", 0, D(2, 0), VIRTIO_NET_OK },
	{ "mq_pairs_rss_without_mq", 0, D(2, 0), VIRTIO_NET_ERR,
	  (F_RSS & ~VD_BIT(VIRTIO_NET_F_MQ)) },
	/* HASH_TUNNEL_SET */
	{ "tunnel_ok_all", TUNNEL_SET, D(0xff, 1, 0, 0), VIRTIO_NET_OK },
	{ "tunnel_ok_none", TUNNEL_SET, D(0, 0, 0, 0), VIRTIO_NET_OK },
	{ "tunnel_bit_9", TUNNEL_SET, D(0, 2, 0, 0), VIRTIO_NET_ERR },
	{ "tunnel_bit_31", TUNNEL_SET, D(0, 0, 0, 0x80), VIRTIO_NET_ERR },
	{ "tunnel_3_bytes", TUNNEL_SET, D(1, 0, 0), VIRTIO_NET_ERR },
	{ "tunnel_5_bytes", TUNNEL_SET, D(1, 0, 0, 0, 0), VIRTIO_NET_ERR },
	{ "tunnel_empty", TUNNEL_SET, NULL, 0, VIRTIO_NET_ERR },
	{ "tunnel_not_negotiated", TUNNEL_SET, D(1, 0, 0, 0), VIRTIO_NET_ERR,
	  F_RSS },
};

/* Something other than the defaults, for "state unchanged" to mean much. */
static void ctrl_baseline(struct vd_dev *d)
{
	uint16_t table[4] = { 1, 2, 3, 0 };
	struct vd_rss rss = { .hash_types = HT(TCPv4) | HT(UDPv6),
			      .table_len = 4, .table = table,
			      .unclassified = 3, .max_tx_vq = 3, .key_len = 40,
			      .key = pb_ms_key };

	if (vd_has(d, VIRTIO_NET_F_RSS))
		assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	else if (vd_has(d, VIRTIO_NET_F_HASH_REPORT))
		assert_int_equal(vd_ctrl_hash_config(d, HT(IPv4), pb_ms_key,
						     40), VIRTIO_NET_OK);
	if (vd_has(d, VD_NET_F_HASH_TUNNEL))
		assert_int_equal(vd_ctrl_hash_tunnel(d, TT(VXLAN) | TT(IPIP)),
				 VIRTIO_NET_OK);
}

static void ctrl_validate(void **state)
{
	struct ut_env *e = *state;
	const struct cmd_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, r->features ? r->features : F_TUN);
	struct ovnic_resp_rss_query before, after;
	struct vd_iov iov = { r->data, r->len };
	uint8_t cls = r->cmd == TUNNEL_SET ? 7 : VIRTIO_NET_CTRL_MQ;
	uint8_t cmd = r->cmd == TUNNEL_SET ? 0 : r->cmd;
	uint64_t errs = ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS);

	ctrl_baseline(d);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &before), OVNIC_STATUS_OK);
	assert_int_equal(vd_ctrl_sg(d, cls, cmd, &iov, r->len ? 1 : 0),
			 r->ack);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &after), OVNIC_STATUS_OK);
	if (r->ack == VIRTIO_NET_ERR) {
		assert_memory_equal(&before, &after, sizeof(before));
		assert_int_equal(ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS),
				 errs + 1);
	}
	ut_vq_clean(vd_cvq(d));
}

/*
 * What Linux 6.12's virtio_net sends (virtnet_commit_rss_command): its
 * header struct, then its trailer struct with sizeof() padding after the
 * key; with HASH_REPORT only, the same with one table entry as
 * HASH_CONFIG, its queue count in reserved[].
 */
static void ctrl_linux_layout(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	struct vd_dev *h = rdev(e, 1, F_HR);
	uint8_t hdr[8 + 2 * 128], tr[4 + 40], hhdr[10];
	struct vd_iov iov[2] = { { hdr, sizeof(hdr) }, { tr, sizeof(tr) } };
	struct ovnic_resp_rss_query q;
	unsigned int i;

	memset(hdr, 0, sizeof(hdr));
	hdr[0] = 0x3f;			/* all but the _EX types */
	hdr[4] = 127;
	for (i = 0; i < 128; i++)
		hdr[8 + 2 * i] = (uint8_t)(i % 2);
	memset(tr, 0xcc, sizeof(tr));	/* padding is whatever it is */
	tr[0] = 2;
	tr[1] = 0;
	tr[2] = 40;
	memcpy(tr + 3, pb_ms_key, 40);
	assert_int_equal(vd_ctrl_sg(d, VIRTIO_NET_CTRL_MQ,
				    VIRTIO_NET_CTRL_MQ_RSS_CONFIG, iov, 2),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le16_to_cpu(q.curr_vqp), 2);
	assert_int_equal(ovnic_le16_to_cpu(q.table_len), 128);
	assert_memory_equal(q.key, pb_ms_key, 40);

	memset(hhdr, 0, sizeof(hhdr));
	hhdr[0] = 0x3f;
	iov[0] = (struct vd_iov){ hhdr, sizeof(hhdr) };
	assert_int_equal(vd_ctrl_sg(h, VIRTIO_NET_CTRL_MQ,
				    VIRTIO_NET_CTRL_MQ_HASH_CONFIG, iov, 2),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 1, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(q.hash_types), 0x3f);
	assert_int_equal(q.steering, OVNIC_RSS_STEER_AUTO);
}

/* A valid RSS_CONFIG is what RSS_QUERY reads back. */
static void ctrl_rss_readback(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	uint16_t table[8] = { 3, 2, 1, 0, 0, 1, 2, 3 };
	struct vd_rss rss = { .hash_types = HT(TCPv6) | HT(IPv4),
			      .table_len = 8, .table = table,
			      .unclassified = 1, .max_tx_vq = 3, .key_len = 20,
			      .key = pb_ms_key };
	struct ovnic_resp_rss_query q;
	unsigned int i;

	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_hash_tunnel(d, TT(GENEVE)), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, TT(VXLAN)),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(q.hash_types),
			 HT(TCPv6) | HT(IPv4));
	assert_int_equal(ovnic_le32_to_cpu(q.supported_hash_types), T_ALL);
	assert_int_equal(ovnic_le32_to_cpu(q.guest_tunnel_types), TT(GENEVE));
	assert_int_equal(ovnic_le32_to_cpu(q.policy_tunnel_types), TT(VXLAN));
	/* the driver negotiated HASH_TUNNEL: its setting is the one used */
	assert_int_equal(ovnic_le32_to_cpu(q.active_tunnel_types),
			 TT(GENEVE));
	assert_int_equal(ovnic_le32_to_cpu(q.supported_tunnel_types), T_ALL);
	assert_int_equal(ovnic_le32_to_cpu(q.flags), OVNIC_RSS_F_HASH_REPORT |
			 OVNIC_RSS_F_RSS | OVNIC_RSS_F_HASH_TUNNEL);
	assert_int_equal(ovnic_le16_to_cpu(q.curr_vqp), 3);
	assert_int_equal(ovnic_le16_to_cpu(q.max_tx_vq), 3);
	assert_int_equal(ovnic_le16_to_cpu(q.unclassified_queue), 1);
	assert_int_equal(ovnic_le16_to_cpu(q.table_len), 8);
	assert_int_equal(q.steering, OVNIC_RSS_STEER_TABLE);
	assert_int_equal(q.key_len, 20);
	assert_memory_equal(q.key, pb_ms_key, 20);
	for (i = 0; i < 20; i++)
		assert_int_equal(q.key[20 + i], 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(ovnic_le16_to_cpu(q.table[i]), table[i]);
}

/* 2.4 + 5.1.6.5.6: reset forgets it all but the host's policy. */
static void rss_reset(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	struct ovnic_resp_rss_query q;
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	unsigned int i;

	ctrl_baseline(d);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, TT(NVGRE)),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(q.hash_types, 0);
	assert_int_equal(q.guest_tunnel_types, 0);
	assert_int_equal(q.active_tunnel_types, 0);
	assert_int_equal(ovnic_le32_to_cpu(q.policy_tunnel_types), TT(NVGRE));
	assert_int_equal(q.steering, OVNIC_RSS_STEER_AUTO);
	assert_int_equal(ovnic_le16_to_cpu(q.curr_vqp), 1);
	assert_int_equal(q.key_len, 0);
	assert_int_equal(q.max_tx_vq, 0);
	assert_int_equal(q.unclassified_queue, 0);
	for (i = 0; i < 128; i++)
		assert_int_equal(q.table[i], 0);
	/* only receiveq1, and no hash in the header */
	for (i = 0; i < NQ; i++) {
		vd_rx_fill(vd_rxq(d, i), 64, RX_BUF);
		vd_vq_kick_run(vd_rxq(d, i));
	}
	for (i = 0; i < 16; i++) {
		fill_ip(&ip, false, 6, (uint16_t)i);
		assert_int_equal(send_check(e, d, f, ip_frame(f, d, &ip), 0, 0),
				 0);
	}
}

/* ---- features, config space, mailbox ---- */

static void rss_features(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = NQ };
	struct vd_dev *d;
	int err;

	/* HASH_TUNNEL needs RSS or HASH_REPORT (5.1.3.1) */
	cfg.dev_id = 0;
	cfg.offered = VD_F_DEFAULT | VD_BIT(VD_NET_F_HASH_TUNNEL);
	assert_null(vd_dev_new(e->c, &cfg, &err));
	assert_int_equal(err, OVNIC_STATUS_BAD_PARAM);
	cfg.offered = 0;
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT |
					  VD_BIT(VD_NET_F_HASH_TUNNEL)),
			 -ENOTSUP);
	assert_int_equal(vd_dev_reset(d), 0);
	/* HASH_REPORT and RSS need the control queue */
	assert_int_equal(vd_dev_negotiate(d, VD_BIT(VIRTIO_F_VERSION_1) |
					  VD_BIT(VIRTIO_NET_F_HASH_REPORT)),
			 -ENOTSUP);
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, VD_BIT(VIRTIO_F_VERSION_1) |
					  VD_BIT(VIRTIO_NET_F_RSS)), -ENOTSUP);
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, F_TUN), 0);
	/* RSS alone means max_virtqueue_pairs queues too (5.1.2) */
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, F_RSS & ~VD_BIT(VIRTIO_NET_F_MQ)),
			 0);
	assert_int_equal(d->cvq_idx, 2 * NQ);
}

#define CFG_LEN	28	/* struct virtio_net_config of virtio 1.4 */

static void rss_config_space(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = NQ };
	struct virtio_net_config c;
	uint32_t tunnels;
	uint8_t raw[CFG_LEN];
	struct vd_dev *d;

	/* virtio 1.4: supported_tunnel_types follows supported_hash_types */
	assert_int_equal(sizeof(c), 24);
	d = ut_dev(e, 0, &cfg);
	assert_int_equal(vd_config_read(d, 0, raw, CFG_LEN), 0);
	memcpy(&c, raw, sizeof(c));
	assert_int_equal(c.rss_max_key_size, 40);
	assert_int_equal(c.rss_max_indirection_table_length, 128);
	assert_int_equal(c.supported_hash_types, T_ALL);
	memcpy(&tunnels, raw + 24, 4);
	assert_int_equal(tunnels, T_ALL);
	/* and is the last field */
	assert_int_not_equal(vd_config_read(d, CFG_LEN, raw, 1), 0);
	/* a device offering none of them shows zeroes */
	cfg.offered = VD_F_DEFAULT;
	d = ut_dev(e, 1, &cfg);
	assert_int_equal(vd_config_read(d, 0, raw, CFG_LEN), 0);
	memcpy(&c, raw, sizeof(c));
	assert_int_equal(c.rss_max_key_size, 0);
	assert_int_equal(c.rss_max_indirection_table_length, 0);
	assert_int_equal(c.supported_hash_types, 0);
	memcpy(&tunnels, raw + 24, 4);
	assert_int_equal(tunnels, 0);
}

static void rss_mailbox(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_resp_rss_query q;
	struct ovnic_cmd_rss_set_policy p = {
		.tunnel_types = ovnic_cpu_to_le32(1),
	};
	struct ovnic_cmd_hdr h;
	uint8_t small[16];

	rdev(e, 0, F_RSS);
	assert_int_equal(vd_cmd_rss_query(e->c, 5, &q), OVNIC_STATUS_NO_DEVICE);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 5, 1),
			 OVNIC_STATUS_NO_DEVICE);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, 1u << 9),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, 0x80000000u),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(q.policy_tunnel_types, 0);
	assert_int_equal(ovnic_le32_to_cpu(q.flags),
			 OVNIC_RSS_F_HASH_REPORT | OVNIC_RSS_F_RSS);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, T_ALL),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(q.policy_tunnel_types), T_ALL);
	/* no HASH_TUNNEL negotiated: the policy is what the card uses */
	assert_int_equal(ovnic_le32_to_cpu(q.active_tunnel_types), T_ALL);
	/* short buffers */
	vd_cmd_hdr_init(&h, OVNIC_CMD_RSS_QUERY, 0);
	assert_int_equal(vd_mbox(e->c, &h, sizeof(h), small, sizeof(small)),
			 OVNIC_STATUS_BAD_LENGTH);
	vd_cmd_hdr_init(&p.hdr, OVNIC_CMD_RSS_SET_POLICY, 0);
	assert_int_equal(vd_mbox(e->c, &p, sizeof(p) - 1, small, 8),
			 OVNIC_STATUS_BAD_LENGTH);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, ctrl_validate, cmd_rows);
	UT_ADD(&l, ctrl_linux_layout);
	UT_ADD(&l, ctrl_rss_readback);
	UT_ADD(&l, rss_reset);
	UT_ADD(&l, rss_features);
	UT_ADD(&l, rss_config_space);
	UT_ADD(&l, rss_mailbox);
	return ut_run("rss_ctrl", &l);
}
