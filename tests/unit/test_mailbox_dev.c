// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Mailbox commands on devices: create, destroy, query, features, status,
 * and the queue limits of DEV_SET_QUEUES.
 */
#include "test_mailbox.h"

/* ---- devices ---- */

static void dev_create_query(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = 3, .mtu = 9000 };
	struct vd_dev *d;
	struct ovnic_resp_dev_query q;
	int err;

	cfg.dev_id = 5;
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[5] = d;
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(ovnic_le16_to_cpu(q.hdr.opcode), OVNIC_CMD_DEV_QUERY);
	assert_int_equal(ovnic_le64_to_cpu(q.device_features), VD_F_CARD);
	assert_int_equal(ovnic_le64_to_cpu(q.driver_features), 0);
	assert_int_equal(q.status, 0);
	assert_int_equal(q.link_up, 1);
	assert_int_equal(q.loopback, OVNIC_LOOPBACK_OFF);
	assert_int_equal(ovnic_le16_to_cpu(q.num_vqs), 7);
	assert_true(ovnic_le32_to_cpu(q.config_size) >= 17);
	assert_true(ovnic_le32_to_cpu(q.config_size) <= 256);
}

struct create_row {
	const char *name;
	uint16_t dev_id;
	uint64_t features;
	uint8_t mac[6];
	uint16_t mtu;
	uint16_t max_vqp;
	uint8_t status;		/* OVNIC_STATUS_* expected, ANY_ERROR */
};

#define ANY_ERROR	0xff

#define MAC1	{ 0x02, 0, 0, 0, 0x10, 0x01 }

static const struct create_row create_rows[] = {
	{ "ok", 1, VD_F_CARD, MAC1, 1500, 1, OVNIC_STATUS_OK },
	{ "ok_mtu_68", 1, VD_F_CARD, MAC1, 68, 1, OVNIC_STATUS_OK },
	{ "ok_mtu_9000", 1, VD_F_CARD, MAC1, 9000, 4, OVNIC_STATUS_OK },
	{ "ok_minimal_features", 1, VD_BIT(VIRTIO_F_VERSION_1) |
	  VD_BIT(VIRTIO_F_ACCESS_PLATFORM), MAC1, 1500, 1, OVNIC_STATUS_OK },
	{ "no_access_platform", 1, VD_BIT(VIRTIO_F_VERSION_1), MAC1, 1500,
	  1, OVNIC_STATUS_BAD_PARAM },
	{ "slot_past_end", 8, VD_F_CARD, MAC1, 1500, 1,
	  OVNIC_STATUS_BAD_PARAM },
	{ "slot_0xffff", 0xffff, VD_F_CARD, MAC1, 1500, 1,
	  OVNIC_STATUS_BAD_PARAM },
	{ "slot_taken", 0, VD_F_CARD, MAC1, 1500, 1, OVNIC_STATUS_EXISTS },
	{ "max_vqp_0", 1, VD_F_CARD, MAC1, 1500, 0, OVNIC_STATUS_BAD_PARAM },
	{ "max_vqp_too_big", 1, VD_F_CARD, MAC1, 1500, 5,
	  OVNIC_STATUS_BAD_PARAM },
	{ "mtu_67", 1, VD_F_CARD, MAC1, 67, 1, OVNIC_STATUS_BAD_PARAM },
	{ "mtu_9001", 1, VD_F_CARD, MAC1, 9001, 1, OVNIC_STATUS_BAD_PARAM },
	{ "feature_not_on_card", 1, VD_F_CARD | VD_BIT(62), MAC1, 1500, 1,
	  OVNIC_STATUS_BAD_PARAM },
	{ "mac_multicast", 1, VD_F_CARD, { 0x01, 0, 0, 0, 0x10, 0x01 }, 1500,
	  1, OVNIC_STATUS_BAD_PARAM },
	{ "mac_zero", 1, VD_F_CARD, { 0 }, 1500, 1, OVNIC_STATUS_BAD_PARAM },
	{ "mac_of_other_device", 1, VD_F_CARD, { 0x02, 0, 0, 0, 0, 1 }, 1500,
	  1, ANY_ERROR },
	{ "mq_without_feature", 1, VD_F_CARD & ~VD_BIT(VIRTIO_NET_F_MQ), MAC1,
	  1500, 2, OVNIC_STATUS_BAD_PARAM },
};

static void dev_create(void **state)
{
	struct ut_env *e = *state;
	const struct create_row *r = e->param;
	struct ovnic_resp_dev_query q;
	int st;

	mbox_dev(e);	/* slot 0, MAC 02:00:00:00:00:01 */
	st = vd_cmd_dev_create(e->c, r->dev_id, r->features, r->mac, r->mtu,
			       r->max_vqp, OVNIC_NO_VECTOR);
	if (r->status == ANY_ERROR)
		assert_true(st > 0);
	else
		assert_int_equal(st, r->status);
	if (r->status == OVNIC_STATUS_OK) {
		assert_int_equal(vd_cmd_dev_query(e->c, r->dev_id, &q), 0);
		assert_int_equal(ovnic_le64_to_cpu(q.device_features),
				 r->features);
		assert_int_equal(vd_cmd_dev_destroy(e->c, r->dev_id), 0);
	} else if (r->dev_id != 0 && r->dev_id < 8) {
		assert_int_equal(vd_cmd_dev_query(e->c, r->dev_id, &q),
				 OVNIC_STATUS_NO_DEVICE);
	}
}

static void dev_all_slots(void **state)
{
	struct ut_env *e = *state;
	unsigned int i, round;
	uint8_t mac[6];

	for (round = 0; round < 3; round++) {
		for (i = 0; i < e->c->params.max_devices; i++) {
			vd_mac(mac, round, i + 1);
			assert_int_equal(vd_cmd_dev_create(e->c, i, VD_F_CARD,
							   mac, 1500, 4,
							   OVNIC_NO_VECTOR),
					 OVNIC_STATUS_OK);
		}
		for (i = 0; i < e->c->params.max_devices; i++)
			assert_int_equal(vd_cmd_dev_destroy(e->c, i),
					 OVNIC_STATUS_OK);
		assert_int_equal(vd_cmd_dev_destroy(e->c, 0),
				 OVNIC_STATUS_NO_DEVICE);
	}
}

/* Destroying a device with work in flight leaves the card usable. */
static void dev_destroy_busy(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d0, *d1;
	uint8_t f[128];
	uint32_t len;
	int i;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d0 = ut_dev(e, 0, NULL);
	d1 = ut_dev(e, 1, NULL);
	vd_rx_fill(vd_rxq(d1, 0), 16, 1526);
	vd_vq_kick_run(vd_rxq(d1, 0));
	for (i = 0; i < 8; i++) {
		len = vd_frame(f, d1->mac, d0->mac, VD_NO_VLAN, 0x0800, 60, i);
		vd_tx_post(vd_txq(d0, 0), f, len, NULL);
	}
	vd_vq_kick(vd_txq(d0, 0));
	/* kicked, not run yet: destroy both ends */
	vd_dev_destroy(d0);
	e->dev[0] = NULL;
	vd_dev_destroy(d1);
	e->dev[1] = NULL;
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	/* the slots work again */
	d0 = ut_dev(e, 0, NULL);
	len = vd_frame(f, far_mac, d0->mac, VD_NO_VLAN, 0x0800, 60, 1);
	assert_int_equal(ut_send(d0, f, len), 0);
	ut_expect_wire(e->c, f, len);
}

struct feat_row {
	const char *name;
	uint64_t offered;	/* 0: VD_F_CARD */
	uint64_t driver;
	bool accepted;
};

static const struct feat_row feat_rows[] = {
	{ "all_offered", 0, VD_F_CARD, true },
	{ "default_set", 0, VD_F_DEFAULT, true },
	{ "minimal", 0, VD_BIT(VIRTIO_F_VERSION_1) |
	  VD_BIT(VIRTIO_F_ACCESS_PLATFORM), true },
	{ "version_1_only", 0, VD_BIT(VIRTIO_F_VERSION_1), false },
	{ "no_access_platform", 0,
	  VD_F_DEFAULT & ~VD_BIT(VIRTIO_F_ACCESS_PLATFORM), false },
	{ "standby_not_offered", 0, VD_F_DEFAULT | VD_BIT(62), false },
	{ "ring_packed", 0, VD_F_DEFAULT | VD_BIT(VIRTIO_F_RING_PACKED), true },
	{ "ring_packed_not_provisioned",
	  VD_F_CARD & ~VD_BIT(VIRTIO_F_RING_PACKED),
	  VD_F_DEFAULT | VD_BIT(VIRTIO_F_RING_PACKED), false },
	{ "not_provisioned", VD_F_DEFAULT & ~VD_BIT(VIRTIO_NET_F_CTRL_VLAN),
	  VD_F_DEFAULT, false },
	{ "no_version_1", 0, VD_F_DEFAULT & ~VD_BIT(VIRTIO_F_VERSION_1),
	  false },
	{ "ctrl_rx_without_ctrl_vq", 0,
	  VD_BIT(VIRTIO_F_VERSION_1) | VD_BIT(VIRTIO_NET_F_CTRL_RX), false },
	{ "mq_without_ctrl_vq", 0,
	  VD_BIT(VIRTIO_F_VERSION_1) | VD_BIT(VIRTIO_NET_F_MQ), false },
};

/* 3.1.1: FEATURES_OK sticks only for an acceptable feature set. */
static void dev_features(void **state)
{
	struct ut_env *e = *state;
	const struct feat_row *r = e->param;
	struct vd_dev_cfg cfg = { .offered = r->offered };
	struct ovnic_resp_dev_query q;
	struct vd_dev *d;
	int err, st;

	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_cmd_dev_set_status(e->c, 0,
					       VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER), 0);
	st = vd_cmd_dev_set_features(e->c, 0, r->driver);
	if (st == OVNIC_STATUS_OK)
		vd_cmd_dev_set_status(e->c, 0, VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER |
					       VIRTIO_CONFIG_S_FEATURES_OK);
	assert_int_equal(vd_dev_query(d, &q), 0);
	if (r->accepted) {
		assert_int_equal(st, OVNIC_STATUS_OK);
		assert_true(q.status & VIRTIO_CONFIG_S_FEATURES_OK);
		assert_int_equal(ovnic_le64_to_cpu(q.driver_features),
				 r->driver);
		assert_int_equal(vd_cmd_dev_set_status(e->c, 0, q.status |
				 VIRTIO_CONFIG_S_DRIVER_OK), 0);
	} else {
		assert_false(q.status & VIRTIO_CONFIG_S_FEATURES_OK);
		/* and DRIVER_OK can't follow */
		assert_int_not_equal(vd_cmd_dev_set_status(e->c, 0, q.status |
				     VIRTIO_CONFIG_S_DRIVER_OK), 0);
		assert_false(vd_dev_status(d) & VIRTIO_CONFIG_S_DRIVER_OK);
	}
}

/* Features are fixed once FEATURES_OK is accepted. */
static void dev_features_locked(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_resp_dev_query q;

	assert_int_not_equal(vd_cmd_dev_set_features(e->c, 0,
						     VD_BIT(VIRTIO_F_VERSION_1)),
			     OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(ovnic_le64_to_cpu(q.driver_features), d->features);
}

static void dev_status_rules(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { 0 };
	struct ovnic_resp_vq_query vq;
	struct vd_dev *d;
	int err;

	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	/* DRIVER_OK before FEATURES_OK */
	assert_int_not_equal(vd_cmd_dev_set_status(e->c, 0,
			     VIRTIO_CONFIG_S_ACKNOWLEDGE |
			     VIRTIO_CONFIG_S_DRIVER |
			     VIRTIO_CONFIG_S_DRIVER_OK), OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_DRIVER_OK, 0);
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	/* bits only go away through reset */
	assert_int_not_equal(vd_cmd_dev_set_status(e->c, 0,
			     VIRTIO_CONFIG_S_ACKNOWLEDGE |
			     VIRTIO_CONFIG_S_DRIVER), OVNIC_STATUS_OK);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_DRIVER_OK);
	/* status 0 is a reset: queues stop */
	assert_int_equal(vd_cmd_dev_set_status(e->c, 0, 0), 0);
	assert_int_equal(vd_dev_status(d), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 0, &vq), 0);
	assert_int_equal(vq.ready, 0);
	/* DEV_RESET the same */
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), 0);
	assert_int_equal(vq.ready, 1);
	assert_int_equal(vd_cmd_dev_reset(e->c, 0), 0);
	assert_int_equal(vd_dev_status(d), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), 0);
	assert_int_equal(vq.ready, 0);
}

/* ---- queue limits (DEV_SET_QUEUES) ---- */

struct queues_row {
	const char *name;
	uint16_t max_vqp;
	uint16_t size;
	uint8_t status;
	uint16_t want_vqp;	/* after the command */
	uint16_t want_size;
};

/* A device provisioned with 4 pairs on a card with 4096-entry rings. */
static const struct queues_row queues_rows[] = {
	{ "both", 2, 256, OVNIC_STATUS_OK, 2, 256 },
	{ "pairs_only", 3, 0, OVNIC_STATUS_OK, 3, 4096 },
	{ "size_only", 0, 64, OVNIC_STATUS_OK, 4, 64 },
	{ "nothing", 0, 0, OVNIC_STATUS_OK, 4, 4096 },
	{ "one_pair", 1, 2, OVNIC_STATUS_OK, 1, 2 },
	{ "all_provisioned", 4, 4096, OVNIC_STATUS_OK, 4, 4096 },
	{ "more_than_provisioned", 5, 0, OVNIC_STATUS_BAD_PARAM, 4, 4096 },
	{ "pairs_ffff", 0xffff, 0, OVNIC_STATUS_BAD_PARAM, 4, 4096 },
	{ "size_not_pow2", 0, 384, OVNIC_STATUS_BAD_PARAM, 4, 4096 },
	{ "size_1", 0, 1, OVNIC_STATUS_BAD_PARAM, 4, 4096 },
	{ "size_above_card", 0, 8192, OVNIC_STATUS_BAD_PARAM, 4, 4096 },
	{ "good_pairs_bad_size", 2, 100, OVNIC_STATUS_BAD_PARAM, 4, 4096 },
};

static void dev_set_queues(void **state)
{
	struct ut_env *e = *state;
	const struct queues_row *r = e->param;
	struct vd_dev_cfg cfg = { .max_vqp = 4, .no_driver_ok = true };
	struct ovnic_resp_dev_query q;
	struct vd_dev *d;
	uint16_t pairs;
	uint32_t gen;
	int err;

	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(ovnic_le16_to_cpu(q.max_vqp), 4);
	assert_int_equal(ovnic_le16_to_cpu(q.max_queue_size), 4096);
	gen = ovnic_le32_to_cpu(q.config_generation);

	assert_int_equal(vd_cmd_set_queues(e->c, 0, r->max_vqp, r->size),
			 r->status);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(ovnic_le16_to_cpu(q.max_vqp), r->want_vqp);
	assert_int_equal(ovnic_le16_to_cpu(q.max_queue_size), r->want_size);
	/* the queues provisioned stay */
	assert_int_equal(ovnic_le16_to_cpu(q.num_vqs), 9);
	if (r->status == OVNIC_STATUS_OK)
		assert_int_not_equal(ovnic_le32_to_cpu(q.config_generation), gen);
	else
		assert_int_equal(ovnic_le32_to_cpu(q.config_generation), gen);
	/* 5.1.4: what the driver reads */
	assert_int_equal(vd_config_read(d, offsetof(struct virtio_net_config,
						    max_virtqueue_pairs),
					&pairs, sizeof(pairs)), 0);
	assert_int_equal(ovnic_le16_to_cpu((ovnic_le16)pairs), r->want_vqp);
}

/* Only while reset; rings are then limited to the size offered. */
static void dev_set_queues_effect(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_cmd_vq_modify m = {
		.qid = ovnic_cpu_to_le16(0),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_SIZE),
	};
	struct ovnic_resp_dev_query q;

	assert_int_equal(vd_cmd_set_queues(e->c, 0, 1, 128),
			 OVNIC_STATUS_BUSY);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(ovnic_le16_to_cpu(q.max_queue_size), 4096);

	assert_int_equal(vd_cmd_dev_reset(e->c, 0), OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_set_queues(e->c, 0, 1, 128), OVNIC_STATUS_OK);
	m.size = ovnic_cpu_to_le16(256);
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_BAD_PARAM);
	m.size = ovnic_cpu_to_le16(128);
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
	/* a driver that is past reset blocks the next change */
	assert_int_equal(vd_cmd_dev_set_status(e->c, 0,
					       VIRTIO_CONFIG_S_ACKNOWLEDGE),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_set_queues(e->c, 0, 1, 4096),
			 OVNIC_STATUS_BUSY);
	/* and the limit survives a reset */
	assert_int_equal(vd_cmd_dev_reset(e->c, 0), OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(ovnic_le16_to_cpu(q.max_queue_size), 128);
}

/* More than one pair needs MQ offered. */
static void dev_set_queues_needs_mq(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = {
		.max_vqp = 1,
		.offered = VD_F_CARD & ~(1ULL << VIRTIO_NET_F_MQ),
		.no_driver_ok = true,
	};
	struct vd_dev *d;
	int err;

	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_cmd_set_queues(e->c, 0, 2, 0),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_set_queues(e->c, 0, 1, 0), OVNIC_STATUS_OK);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, dev_create_query);
	UT_ADD_TABLE(&l, dev_create, create_rows);
	UT_ADD(&l, dev_all_slots);
	UT_ADD(&l, dev_destroy_busy);
	UT_ADD_TABLE(&l, dev_features, feat_rows);
	UT_ADD(&l, dev_features_locked);
	UT_ADD(&l, dev_status_rules);
	UT_ADD_TABLE(&l, dev_set_queues, queues_rows);
	UT_ADD(&l, dev_set_queues_effect);
	UT_ADD(&l, dev_set_queues_needs_mq);
	return ut_run("mailbox_dev", &l);
}
