// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The hardware interface of ovnic_hw.h: registers, the command mailbox
 * (framing, devices, features, config space, link, loopback, virtqueue
 * objects) and
 * the DMA window (memory regions per address space).
 */
#include "unit.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* ---- registers ---- */

static void mbox_registers(void **state)
{
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	uint64_t features;

	assert_int_equal(vd_reg_read(c, OVNIC_REG_MAGIC), OVNIC_MAGIC);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_VERSION),
			 OVNIC_HW_VERSION_MAJOR << 16 |
			 OVNIC_HW_VERSION_MINOR);
	assert_true(vd_reg_read(c, OVNIC_REG_CARD_STATUS) &
		    OVNIC_CARD_STATUS_READY);
	assert_false(vd_reg_read(c, OVNIC_REG_CARD_STATUS) &
		     OVNIC_CARD_STATUS_FATAL);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_MAX_DEVICES),
			 c->params.max_devices);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_MAX_VQP), c->params.max_vqp);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_MAX_QUEUE_SIZE),
			 c->params.max_queue_size);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_NUM_CORES),
			 c->params.num_cores);
	features = vd_reg_read(c, OVNIC_REG_FEATURES_LO) |
		   (uint64_t)vd_reg_read(c, OVNIC_REG_FEATURES_HI) << 32;
	assert_int_equal(features & VD_F_CARD, VD_F_CARD);
	/* read-only registers ignore writes; unknown offsets read 0 */
	vd_reg_write(c, OVNIC_REG_MAGIC, 0);
	vd_reg_write(c, OVNIC_REG_MAX_DEVICES, 1);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_MAGIC), OVNIC_MAGIC);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_MAX_DEVICES),
			 c->params.max_devices);
	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_WIRE_LINK), 1);
	vd_reg_write(c, OVNIC_REG_WIRE_LINK, 0);
	assert_int_equal(vd_reg_read(c, OVNIC_REG_WIRE_LINK), 0);
	assert_int_equal(vd_reg_read(c, 0x1000), 0);
	assert_int_equal(vd_reg_read(c, 0xfffffffc), 0);
}

/* Invalid card parameters are refused, not clamped into a crash. */
static void mbox_card_params(void **state)
{
	static const struct ovnic_card_params bad[] = {
		{ 0, 4, 256, 2 },
		{ 65, 4, 256, 2 },
		{ 8, 0, 256, 2 },
		{ 8, 33, 256, 2 },
		{ 8, 4, 0, 2 },
		{ 8, 4, 100, 2 },
		{ 8, 4, 65536, 2 },
		{ 8, 4, 256, 0 },
		{ 8, 4, 256, 17 },
	};
	struct up_plat *p = up_plat_new();
	unsigned int i;

	(void)state;
	assert_non_null(p);
	for (i = 0; i < UT_ARRAY_SIZE(bad); i++) {
		struct ovnic_card *card = ovnic_card_new(up_plat_ops(p),
							 &bad[i]);

		if (card) {
			ovnic_card_free(card);
			fail_msg("card accepted params row %u", i);
		}
	}
	assert_int_equal(p->allocs, 0);
	assert_int_equal(p->locks_live, 0);
	up_plat_free(p);
}

/* ---- mailbox framing ---- */

struct raw_cmd {
	union {
		struct ovnic_cmd_hdr hdr;
		uint8_t bytes[256];
	};
};

struct raw_resp {
	union {
		struct ovnic_resp_hdr hdr;
		uint8_t bytes[256];
	};
};

static int raw_mbox(struct vd_card *c, uint16_t opcode, uint16_t version,
		    uint16_t dev_id, uint32_t cmd_len, uint32_t resp_len,
		    struct raw_resp *resp)
{
	struct raw_cmd cmd;

	memset(&cmd, 0, sizeof(cmd));
	cmd.hdr.opcode = ovnic_cpu_to_le16(opcode);
	cmd.hdr.version = ovnic_cpu_to_le16(version);
	cmd.hdr.dev_id = ovnic_cpu_to_le16(dev_id);
	return vd_mbox(c, &cmd, cmd_len, resp, resp_len);
}

static struct vd_dev *mbox_dev(struct ut_env *e)
{
	return ut_dev(e, 0, NULL);
}

struct opcode_row {
	const char *name;
	uint16_t opcode;
};

static const struct opcode_row bad_opcodes[] = {
	{ "zero", 0 },
	{ "0x0d", 0x0d },
	{ "0x0e", 0x0e },
	{ "0x13", 0x13 },
	{ "0x1f", 0x1f },
	{ "0x24", 0x24 },
	{ "0x3f", 0x3f },
	{ "cmd_max", OVNIC_CMD_MAX },
	{ "0x100", 0x100 },
	{ "0xffff", 0xffff },
};

static void mbox_bad_opcode(void **state)
{
	struct ut_env *e = *state;
	const struct opcode_row *r = e->param;
	struct raw_resp resp;

	mbox_dev(e);
	assert_int_equal(raw_mbox(e->c, r->opcode, OVNIC_CMD_VERSION, 0, 256,
				  256, &resp), OVNIC_STATUS_BAD_OPCODE);
	assert_int_equal(ovnic_le16_to_cpu(resp.hdr.opcode), r->opcode);
}

static const struct opcode_row bad_versions[] = {
	{ "version_0", 0 },
	{ "version_2", 2 },
	{ "version_0x101", 0x101 },
	{ "version_0xffff", 0xffff },
};

static void mbox_bad_version(void **state)
{
	struct ut_env *e = *state;
	const struct opcode_row *r = e->param;
	struct raw_resp resp;

	mbox_dev(e);
	assert_int_equal(raw_mbox(e->c, OVNIC_CMD_DEV_QUERY, r->opcode, 0,
				  256, 256, &resp),
			 OVNIC_STATUS_BAD_VERSION);
	assert_int_equal(ovnic_le16_to_cpu(resp.hdr.opcode),
			 OVNIC_CMD_DEV_QUERY);
}

struct len_row {
	const char *name;
	uint16_t opcode;
	uint32_t cmd_len;
	uint32_t resp_len;
};

#define SHORT_CMD(op, type)						\
	{ #op "_short_cmd", OVNIC_CMD_##op, sizeof(type) - 1, 256 }
#define SHORT_RESP(op, type)						\
	{ #op "_short_resp", OVNIC_CMD_##op, 256, sizeof(type) - 1 }

static const struct len_row bad_lengths[] = {
	SHORT_CMD(DEV_CREATE, struct ovnic_cmd_dev_create),
	SHORT_CMD(DEV_DESTROY, struct ovnic_cmd_hdr),
	SHORT_CMD(DEV_RESET, struct ovnic_cmd_hdr),
	SHORT_CMD(DEV_SET_STATUS, struct ovnic_cmd_dev_set_status),
	SHORT_CMD(DEV_QUERY, struct ovnic_cmd_hdr),
	SHORT_CMD(DEV_SET_FEATURES, struct ovnic_cmd_dev_set_features),
	SHORT_CMD(DEV_CONFIG_READ, struct ovnic_cmd_dev_config),
	SHORT_CMD(DEV_CONFIG_WRITE, struct ovnic_cmd_dev_config),
	SHORT_CMD(DEV_SET_LINK, struct ovnic_cmd_dev_set_link),
	SHORT_CMD(DEV_SET_LOOPBACK, struct ovnic_cmd_dev_set_loopback),
	SHORT_CMD(DEV_SET_QUEUES, struct ovnic_cmd_dev_set_queues),
	SHORT_CMD(VQ_MODIFY, struct ovnic_cmd_vq_modify),
	SHORT_CMD(VQ_QUERY, struct ovnic_cmd_vq),
	SHORT_CMD(VQ_STATS, struct ovnic_cmd_vq),
	SHORT_CMD(MR_MAP, struct ovnic_cmd_mr_map),
	SHORT_CMD(MR_UNMAP, struct ovnic_cmd_mr_unmap),
	SHORT_CMD(MR_RESET, struct ovnic_cmd_mr_reset),
	SHORT_CMD(COAL_POLICY_SET, struct ovnic_cmd_coal_policy),
	SHORT_CMD(COAL_POLICY_GET, struct ovnic_cmd_hdr),
	SHORT_CMD(COAL_VQ_QUERY, struct ovnic_cmd_vq),
	SHORT_CMD(PORT_STATS, struct ovnic_cmd_hdr),
	SHORT_RESP(DEV_QUERY, struct ovnic_resp_dev_query),
	SHORT_RESP(DEV_CONFIG_READ, struct ovnic_resp_dev_config),
	SHORT_RESP(VQ_QUERY, struct ovnic_resp_vq_query),
	SHORT_RESP(VQ_STATS, struct ovnic_resp_vq_stats),
	SHORT_RESP(COAL_POLICY_GET, struct ovnic_resp_coal_policy),
	SHORT_RESP(COAL_VQ_QUERY, struct ovnic_resp_coal_vq),
	SHORT_RESP(PORT_STATS, struct ovnic_resp_port_stats),
};

static void mbox_bad_length(void **state)
{
	struct ut_env *e = *state;
	const struct len_row *r = e->param;
	struct raw_resp resp;

	mbox_dev(e);
	assert_int_equal(raw_mbox(e->c, r->opcode, OVNIC_CMD_VERSION,
				  r->opcode == OVNIC_CMD_DEV_CREATE ? 1 : 0,
				  r->cmd_len, r->resp_len, &resp),
			 OVNIC_STATUS_BAD_LENGTH);
	/* nothing happened: device 0 is still there, 1 not created */
	assert_int_equal(vd_cmd_dev_query(e->c, 0,
					  &(struct ovnic_resp_dev_query){ 0 }),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_dev_query(e->c, 1,
					  &(struct ovnic_resp_dev_query){ 0 }),
			 OVNIC_STATUS_NO_DEVICE);
}

/* Buffers too small for any header: refused, nothing written. */
static void mbox_tiny_buffers(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_cmd_hdr cmd;
	uint8_t resp[64];
	int rc;

	mbox_dev(e);
	vd_cmd_hdr_init(&cmd, OVNIC_CMD_DEV_QUERY, 0);
	memset(resp, 0x5a, sizeof(resp));
	rc = ovnic_card_mailbox(e->c->card, &cmd, sizeof(cmd), resp, 4);
	assert_int_not_equal(rc, OVNIC_STATUS_OK);
	assert_int_equal(resp[4], 0x5a);
	memset(resp, 0x5a, sizeof(resp));
	rc = ovnic_card_mailbox(e->c->card, &cmd, 6, resp, sizeof(resp));
	assert_int_not_equal(rc, OVNIC_STATUS_OK);
	rc = ovnic_card_mailbox(e->c->card, &cmd, 0, resp, sizeof(resp));
	assert_int_not_equal(rc, OVNIC_STATUS_OK);
	/* room for a response: it says what went wrong */
	memset(resp, 0x5a, sizeof(resp));
	rc = ovnic_card_mailbox(e->c->card, &cmd, 4, resp, sizeof(resp));
	assert_int_equal(rc, OVNIC_STATUS_BAD_LENGTH);
	assert_int_equal(((struct ovnic_resp_hdr *)resp)->status,
			 OVNIC_STATUS_BAD_LENGTH);
	/* a response buffer exactly the header: the bytes after stay */
	memset(resp, 0x5a, sizeof(resp));
	rc = ovnic_card_mailbox(e->c->card, &cmd, sizeof(cmd), resp,
				sizeof(struct ovnic_resp_hdr));
	assert_int_not_equal(rc, OVNIC_STATUS_OK);
	assert_int_equal(resp[sizeof(struct ovnic_resp_hdr)], 0x5a);
}

static const struct opcode_row dev_opcodes[] = {
	{ "DEV_DESTROY", OVNIC_CMD_DEV_DESTROY },
	{ "DEV_RESET", OVNIC_CMD_DEV_RESET },
	{ "DEV_SET_STATUS", OVNIC_CMD_DEV_SET_STATUS },
	{ "DEV_QUERY", OVNIC_CMD_DEV_QUERY },
	{ "DEV_SET_FEATURES", OVNIC_CMD_DEV_SET_FEATURES },
	{ "DEV_CONFIG_READ", OVNIC_CMD_DEV_CONFIG_READ },
	{ "DEV_CONFIG_WRITE", OVNIC_CMD_DEV_CONFIG_WRITE },
	{ "DEV_SET_LINK", OVNIC_CMD_DEV_SET_LINK },
	{ "DEV_SET_LOOPBACK", OVNIC_CMD_DEV_SET_LOOPBACK },
	{ "DEV_SET_QUEUES", OVNIC_CMD_DEV_SET_QUEUES },
	{ "VQ_MODIFY", OVNIC_CMD_VQ_MODIFY },
	{ "VQ_QUERY", OVNIC_CMD_VQ_QUERY },
	{ "VQ_STATS", OVNIC_CMD_VQ_STATS },
	{ "MR_MAP", OVNIC_CMD_MR_MAP },
	{ "MR_UNMAP", OVNIC_CMD_MR_UNMAP },
	{ "MR_RESET", OVNIC_CMD_MR_RESET },
	{ "COAL_POLICY_SET", OVNIC_CMD_COAL_POLICY_SET },
	{ "COAL_POLICY_GET", OVNIC_CMD_COAL_POLICY_GET },
	{ "COAL_VQ_QUERY", OVNIC_CMD_COAL_VQ_QUERY },
};

/* Commands on an empty slot, a destroyed device, a slot past the end. */
static void mbox_no_device(void **state)
{
	struct ut_env *e = *state;
	const struct opcode_row *r = e->param;
	uint16_t ids[] = { 1, 0, 8, 64, 0xffff };
	struct raw_resp resp;
	unsigned int i;

	vd_dev_destroy(mbox_dev(e));
	e->dev[0] = NULL;
	for (i = 0; i < UT_ARRAY_SIZE(ids); i++)
		assert_int_equal(raw_mbox(e->c, r->opcode, OVNIC_CMD_VERSION,
					  ids[i], 256, 256, &resp),
				 OVNIC_STATUS_NO_DEVICE);
}

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
	{ "ring_packed_not_offered", 0,
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

/* ---- config space ---- */

static void config_fields(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = 3, .mtu = 4000 };
	struct vd_dev *d = ut_dev(e, 2, &cfg);
	struct ovnic_resp_dev_query q;
	uint8_t raw[128];
	uint32_t size;
	uint16_t v16;
	uint32_t v32;

	assert_int_equal(vd_dev_query(d, &q), 0);
	size = ovnic_le32_to_cpu(q.config_size);
	assert_true(size >= 17 && size <= sizeof(raw));
	assert_int_equal(vd_config_read(d, 0, raw, size), 0);
	assert_memory_equal(raw, d->mac, 6);
	memcpy(&v16, raw + 6, 2);
	assert_int_equal(v16, VIRTIO_NET_S_LINK_UP);
	memcpy(&v16, raw + 8, 2);
	assert_int_equal(v16, 3);
	memcpy(&v16, raw + 10, 2);
	assert_int_equal(v16, 4000);
	memcpy(&v32, raw + 12, 4);
	assert_true(v32 > 0);	/* a speed, or 0xffffffff for unknown */
	assert_true(raw[16] == 0 || raw[16] == 1 || raw[16] == 0xff);
	/* byte-wise reads agree with the block read */
	{
		unsigned int i;

		for (i = 0; i < size; i++) {
			uint8_t b;

			assert_int_equal(vd_cmd_config_read(e->c, 2, i, 1, &b),
					 0);
			assert_int_equal(b, raw[i]);
		}
	}
}

struct cfg_row {
	const char *name;
	bool write;
	int off;		/* < 0: config_size + off */
	uint16_t len;
};

#define AT_END	(-0x10000)	/* config_size itself */

static const struct cfg_row cfg_rows[] = {
	{ "read_at_end", false, AT_END, 1 },
	{ "read_across_end", false, -1, 2 },
	{ "read_chunk_plus_1", false, 0, OVNIC_CONFIG_CHUNK + 1 },
	{ "read_len_0xffff", false, 0, 0xffff },
	{ "read_off_0xffff", false, 0xffff, 1 },
	{ "read_off_0xfffe_len_4", false, 0xfffe, 4 },
	{ "write_at_end", true, AT_END, 1 },
	{ "write_across_end", true, -1, 2 },
	{ "write_chunk_plus_1", true, 0, OVNIC_CONFIG_CHUNK + 1 },
	{ "write_off_0xffff", true, 0xffff, 1 },
	{ "write_status", true, 6, 2 },
	{ "write_max_vqp", true, 8, 2 },
	{ "write_mtu", true, 10, 2 },
};

static void config_bounds(void **state)
{
	struct ut_env *e = *state;
	const struct cfg_row *r = e->param;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_resp_dev_query q;
	uint8_t before[128], after[128], junk[OVNIC_CONFIG_CHUNK];
	uint32_t size;
	uint16_t off;

	assert_int_equal(vd_dev_query(d, &q), 0);
	size = ovnic_le32_to_cpu(q.config_size);
	if (r->off == AT_END)
		off = size;
	else if (r->off < 0)
		off = size + r->off;
	else
		off = r->off;
	assert_int_equal(vd_config_read(d, 0, before, size), 0);
	memset(junk, 0xcc, sizeof(junk));
	if (r->write)
		assert_int_not_equal(vd_cmd_config_write(e->c, 0, off, r->len,
							 junk),
				     OVNIC_STATUS_OK);
	else
		assert_int_not_equal(vd_cmd_config_read(e->c, 0, off, r->len,
							junk),
				     OVNIC_STATUS_OK);
	assert_int_equal(vd_config_read(d, 0, after, size), 0);
	assert_memory_equal(before, after, size);
}

/* 5.1.4: link state in config status, with a config interrupt. */
static void config_link(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_resp_dev_query q;
	uint32_t gen;

	assert_int_equal(vd_dev_query(d, &q), 0);
	gen = ovnic_le32_to_cpu(q.config_generation);
	up_irq_clear(e->c->plat);

	assert_int_equal(vd_cmd_set_link(e->c, 0, false), 0);
	assert_int_equal(vd_config_status(d) & VIRTIO_NET_S_LINK_UP, 0);
	assert_int_equal(vd_config_irqs(d), 1);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(q.link_up, 0);
	assert_int_not_equal(ovnic_le32_to_cpu(q.config_generation), gen);
	gen = ovnic_le32_to_cpu(q.config_generation);

	/* no change, no interrupt */
	assert_int_equal(vd_cmd_set_link(e->c, 0, false), 0);
	assert_int_equal(vd_config_irqs(d), 1);

	assert_int_equal(vd_cmd_set_link(e->c, 0, true), 0);
	assert_int_equal(vd_config_irqs(d), 2);
	assert_true(vd_config_status(d) & VIRTIO_NET_S_LINK_UP);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_not_equal(ovnic_le32_to_cpu(q.config_generation), gen);
	/* GUEST_ANNOUNCE: the card asks for an announcement, the ack clears */
	assert_true(vd_config_status(d) & VIRTIO_NET_S_ANNOUNCE);
	assert_int_equal(vd_ctrl_announce_ack(d), VIRTIO_NET_OK);
	assert_int_equal(vd_config_status(d) & VIRTIO_NET_S_ANNOUNCE, 0);
	/* no data-queue interrupt fired */
	assert_int_equal(vd_vq_irqs(vd_rxq(d, 0)), 0);
	assert_int_equal(vd_vq_irqs(vd_txq(d, 0)), 0);
	assert_int_equal(vd_config_irqs(d), 2);
}

/* 2.1: no notification before DRIVER_OK. */
static void config_link_before_driver_ok(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .no_driver_ok = true };
	struct vd_dev *d = ut_dev(e, 0, &cfg);

	up_irq_clear(e->c->plat);
	assert_int_equal(vd_cmd_set_link(e->c, 0, false), 0);
	assert_int_equal(vd_cmd_set_link(e->c, 0, true), 0);
	assert_int_equal(vd_config_irqs(d), 0);
	assert_true(vd_config_status(d) & VIRTIO_NET_S_LINK_UP);
}

/* ---- loopback ---- */

struct loopback_row {
	const char *name;
	uint8_t from;		/* OVNIC_LOOPBACK_* before */
	uint8_t value;		/* what DEV_SET_LOOPBACK sends */
	int status;
};

static const struct loopback_row loopback_rows[] = {
	{ "off_to_on", OVNIC_LOOPBACK_OFF, OVNIC_LOOPBACK_ON, OVNIC_STATUS_OK },
	{ "on_to_off", OVNIC_LOOPBACK_ON, OVNIC_LOOPBACK_OFF, OVNIC_STATUS_OK },
	{ "on_again", OVNIC_LOOPBACK_ON, OVNIC_LOOPBACK_ON, OVNIC_STATUS_OK },
	{ "off_again", OVNIC_LOOPBACK_OFF, OVNIC_LOOPBACK_OFF,
	  OVNIC_STATUS_OK },
	{ "2_while_off", OVNIC_LOOPBACK_OFF, 2, OVNIC_STATUS_BAD_PARAM },
	{ "2_while_on", OVNIC_LOOPBACK_ON, 2, OVNIC_STATUS_BAD_PARAM },
	{ "0x80_while_on", OVNIC_LOOPBACK_ON, 0x80, OVNIC_STATUS_BAD_PARAM },
	{ "0xff_while_off", OVNIC_LOOPBACK_OFF, 0xff, OVNIC_STATUS_BAD_PARAM },
};

/*
 * DEV_SET_LOOPBACK takes 0 or 1 and DEV_QUERY reports it; a refused value
 * changes nothing.  It is host policy: the driver is not told (no config
 * change) and the link is left alone.
 */
static void dev_loopback(void **state)
{
	struct ut_env *e = *state;
	const struct loopback_row *r = e->param;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_resp_dev_query q;
	uint32_t gen;

	assert_int_equal(vd_cmd_set_loopback(e->c, 0, r->from),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(q.loopback, r->from);
	gen = ovnic_le32_to_cpu(q.config_generation);
	up_irq_clear(e->c->plat);

	assert_int_equal(vd_cmd_set_loopback(e->c, 0, r->value), r->status);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(q.loopback, r->status == OVNIC_STATUS_OK ? r->value :
				     r->from);
	assert_int_equal(q.link_up, 1);
	assert_int_equal(q.rsvd, 0);
	assert_int_equal(q.rsvd1[0], 0);
	assert_int_equal(q.rsvd1[1], 0);
	assert_int_equal(ovnic_le32_to_cpu(q.config_generation), gen);
	assert_int_equal(vd_config_irqs(d), 0);
	assert_true(vd_config_status(d) & VIRTIO_NET_S_LINK_UP);
	/* the other devices' slots: nothing there */
	assert_int_equal(vd_cmd_set_loopback(e->c, 1, r->value),
			 OVNIC_STATUS_NO_DEVICE);
	assert_int_equal(vd_cmd_set_loopback(e->c, 0xffff, r->value),
			 OVNIC_STATUS_NO_DEVICE);
}

/* DEV_QUERY kept its layout: loopback took a reserved byte. */
static void dev_loopback_layout(void **state)
{
	(void)state;
	assert_int_equal(sizeof(struct ovnic_resp_dev_query), 48);
	assert_int_equal(offsetof(struct ovnic_resp_dev_query, max_queue_size),
			 40);
	assert_int_equal(offsetof(struct ovnic_resp_dev_query, loopback), 42);
	assert_int_equal(sizeof(struct ovnic_cmd_dev_set_loopback), 16);
}

/*
 * Off at creation; like the link state it survives the driver's resets
 * (DEV_RESET, status 0) and a new driver, and goes with the device.
 */
static void dev_loopback_lifetime(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_resp_dev_query q;

	assert_int_equal(vd_cmd_set_loopback(e->c, 0, OVNIC_LOOPBACK_ON),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_set_link(e->c, 0, false), OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(q.status, 0);
	assert_int_equal(q.loopback, OVNIC_LOOPBACK_ON);
	assert_int_equal(q.link_up, 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(q.loopback, OVNIC_LOOPBACK_ON);
	vd_dev_destroy(d);
	e->dev[0] = NULL;
	d = mbox_dev(e);
	assert_int_equal(vd_dev_query(d, &q), 0);
	assert_int_equal(q.loopback, OVNIC_LOOPBACK_OFF);
	assert_int_equal(q.link_up, 1);
}

/* ---- virtqueue objects ---- */

struct vqm_row {
	const char *name;
	uint16_t qid;
	uint16_t size;
	uint32_t mask;
	uint64_t desc_addr_off;	/* added to a good address */
	uint8_t asid;
	uint8_t status;
};

#define VQM_ALL	(OVNIC_VQ_MODIFY_ADDR | OVNIC_VQ_MODIFY_SIZE | \
		 OVNIC_VQ_MODIFY_VECTOR | OVNIC_VQ_MODIFY_READY)

static const struct vqm_row vqm_rows[] = {
	{ "ok", 0, 256, VQM_ALL, 0, 0, OVNIC_STATUS_OK },
	{ "ok_cvq", 2, 64, VQM_ALL, 0, 0, OVNIC_STATUS_OK },
	{ "ok_asid_1", 1, 64, VQM_ALL | OVNIC_VQ_MODIFY_ASID, 0, 1,
	  OVNIC_STATUS_OK },
	{ "qid_past_cvq", 3, 256, VQM_ALL, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "qid_0xffff", 0xffff, 256, VQM_ALL, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "size_0", 0, 0, VQM_ALL, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "size_3", 0, 3, VQM_ALL, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "size_past_max", 0, 8192, VQM_ALL, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "ready_without_size", 0, 0,
	  OVNIC_VQ_MODIFY_ADDR | OVNIC_VQ_MODIFY_READY, 0, 0,
	  OVNIC_STATUS_BAD_PARAM },
	{ "desc_misaligned", 0, 256, VQM_ALL, 8, 0, OVNIC_STATUS_BAD_PARAM },
	{ "asid_2", 0, 256, VQM_ALL | OVNIC_VQ_MODIFY_ASID, 0, 2,
	  OVNIC_STATUS_BAD_PARAM },
};

static void vq_modify(void **state)
{
	struct ut_env *e = *state;
	const struct vqm_row *r = e->param;
	struct vd_dev *d;
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query vq;
	uint8_t *ring = vd_dma_alloc(e->c, 65536 + 4096);
	uint8_t *base = (uint8_t *)(((uintptr_t)ring + 4095) & ~4095ul);
	int err;

	d = vd_dev_new(e->c, &(struct vd_dev_cfg){ 0 }, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	m.qid = ovnic_cpu_to_le16(r->qid);
	m.size = ovnic_cpu_to_le16(r->size);
	m.modify_mask = ovnic_cpu_to_le32(r->mask);
	m.desc_addr = ovnic_cpu_to_le64((uintptr_t)base + r->desc_addr_off);
	m.driver_addr = ovnic_cpu_to_le64((uintptr_t)base + 16384);
	m.device_addr = ovnic_cpu_to_le64((uintptr_t)base + 32768);
	m.vector = ovnic_cpu_to_le32(r->qid);
	m.ready = 1;
	m.asid = r->asid;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), r->status);
	if (r->qid < 3) {
		assert_int_equal(vd_cmd_vq_query(e->c, 0, r->qid, &vq), 0);
		assert_int_equal(vq.ready, r->status == OVNIC_STATUS_OK);
		if (r->status == OVNIC_STATUS_OK)
			assert_int_equal(ovnic_le16_to_cpu(vq.size), r->size);
	}
}

/* A running queue is changed only by disabling it first. */
static void vq_modify_running(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query vq;

	m.qid = ovnic_cpu_to_le16(1);
	m.size = ovnic_cpu_to_le16(64);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_SIZE);
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_BUSY);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), 0);
	assert_int_equal(ovnic_le16_to_cpu(vq.size), d->cfg.queue_size);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	m.ready = 0;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), 0);
	assert_int_equal(vq.ready, 0);
}

/* "fields selected by modify_mask are applied in one step": all or none. */
static void vq_modify_all_or_nothing(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d;
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query vq;
	int err;

	d = vd_dev_new(e->c, &(struct vd_dev_cfg){ 0 }, &err);
	assert_non_null(d);
	e->dev[0] = d;
	m.qid = ovnic_cpu_to_le16(1);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_STATE |
					  OVNIC_VQ_MODIFY_READY);
	m.avail_idx = ovnic_cpu_to_le16(5);
	m.used_idx = ovnic_cpu_to_le16(5);
	m.ready = 1;
	/* no size yet: refused, and the state must not have moved */
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), 0);
	assert_int_equal(ovnic_le16_to_cpu(vq.avail_idx), 0);
	assert_int_equal(ovnic_le16_to_cpu(vq.used_idx), 0);
}

static void vq_query_stats(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	struct ovnic_resp_vq_query vq;
	uint64_t c[OVNIC_VQC_NUM];
	unsigned int i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(vd_cmd_vq_query(e->c, 0, i, &vq), 0);
		assert_int_equal(ovnic_le16_to_cpu(vq.size),
				 d->cfg.queue_size);
		assert_int_equal(vq.ready, 1);
		assert_int_equal(vq.broken, 0);
		assert_int_equal(vd_cmd_vq_stats(e->c, 0, i, c), 0);
	}
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 3, &vq),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_vq_stats(e->c, 0, 3, c),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_vq_stats(e->c, 0, 0xffff, c),
			 OVNIC_STATUS_BAD_PARAM);
}

/* ---- memory regions ---- */

static void mr_unmap_nothing(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mbox_dev(e);
	uint8_t *buf = vd_dma_alloc(e->c, 8192);

	/* identity address space */
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, 0, ~0ull), 0);
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 1, 0x1000, 0x1000), 0);
	/* mapped address space, range elsewhere */
	assert_int_equal(vd_dev_mr_map(d, VD_IOVA_BASE, buf, 4096,
				       OVNIC_MR_PERM_READ), 0);
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, 2 * VD_IOVA_BASE, 4096),
			 0);
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, 0, VD_IOVA_BASE), 0);
	/* vhost's "invalidate everything, then map piece by piece" */
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, 0, ~0ull), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE, 4096,
				       (uintptr_t)buf, OVNIC_MR_PERM_READ), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE + 4096, 4096,
				       (uintptr_t)buf + 4096,
				       OVNIC_MR_PERM_READ), 0);
	assert_int_equal(vd_cmd_mr_reset(e->c, 0, 0), 0);
	assert_int_equal(vd_cmd_mr_reset(e->c, 0, 1), 0);
}

struct mr_row {
	const char *name;
	int op;			/* 0 map, 1 unmap, 2 reset, 3 identity */
	uint32_t asid;
	uint64_t iova;
	uint64_t size;
	int host;		/* 0 arena, 1 outside, 2 wraps */
	uint32_t perm;
	uint8_t status;
};

#define RW	(OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE)

static const struct mr_row mr_rows[] = {
	{ "map_ok", 0, 0, VD_IOVA_BASE, 4096, 0, RW, OVNIC_STATUS_OK },
	{ "map_ok_asid_1", 0, 1, VD_IOVA_BASE, 4096, 0, RW, OVNIC_STATUS_OK },
	{ "map_size_0", 0, 0, VD_IOVA_BASE, 0, 0, RW, OVNIC_STATUS_BAD_PARAM },
	{ "map_iova_wraps", 0, 0, ~0ull - 100, 4096, 0, RW,
	  OVNIC_STATUS_BAD_PARAM },
	{ "map_host_outside", 0, 0, VD_IOVA_BASE, 4096, 1, RW,
	  OVNIC_STATUS_BAD_PARAM },
	{ "map_host_wraps", 0, 0, VD_IOVA_BASE, 4096, 2, RW,
	  OVNIC_STATUS_BAD_PARAM },
	{ "map_perm_0", 0, 0, VD_IOVA_BASE, 4096, 0, 0,
	  OVNIC_STATUS_BAD_PARAM },
	{ "map_perm_junk", 0, 0, VD_IOVA_BASE, 4096, 0, 0x10,
	  OVNIC_STATUS_BAD_PARAM },
	{ "map_asid_2", 0, 2, VD_IOVA_BASE, 4096, 0, RW,
	  OVNIC_STATUS_BAD_PARAM },
	{ "map_overlap", 0, 0, VD_IOVA_BASE + 0x10000 + 100, 4096, 0, RW,
	  OVNIC_STATUS_EXISTS },
	{ "unmap_asid_2", 1, 2, 0, 4096, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "unmap_size_0", 1, 0, VD_IOVA_BASE, 0, 0, 0,
	  OVNIC_STATUS_BAD_PARAM },
	{ "unmap_wraps", 1, 0, ~0ull - 100, 4096, 0, 0,
	  OVNIC_STATUS_BAD_PARAM },
	{ "reset_asid_2", 2, 2, 0, 0, 0, 0, OVNIC_STATUS_BAD_PARAM },
	{ "reset_asid_0xffffffff", 2, 0xffffffff, 0, 0, 0, 0,
	  OVNIC_STATUS_BAD_PARAM },
	{ "identity_ok", 3, 1, 0, 0, 0, 0, OVNIC_STATUS_OK },
	{ "identity_asid_2", 3, 2, 0, 0, 0, 0, OVNIC_STATUS_BAD_PARAM },
};

static void mr_cmd(void **state)
{
	struct ut_env *e = *state;
	const struct mr_row *r = e->param;
	uint8_t *buf = vd_dma_alloc(e->c, 16384);
	uint64_t host = (uintptr_t)buf;

	mbox_dev(e);
	/* something mapped at +64K for the overlap case */
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE + 0x10000,
				       4096, host + 8192, RW), 0);
	if (r->host == 1)
		host = 0x1000;
	else if (r->host == 2)
		host = ~0ull - 100;
	switch (r->op) {
	case 0:
		assert_int_equal(vd_cmd_mr_map(e->c, 0, r->asid, r->iova,
					       r->size, host, r->perm),
				 r->status);
		break;
	case 1:
		assert_int_equal(vd_cmd_mr_unmap(e->c, 0, r->asid, r->iova,
						 r->size), r->status);
		break;
	case 2:
		assert_int_equal(vd_cmd_mr_reset(e->c, 0, r->asid),
				 r->status);
		break;
	default:
		assert_int_equal(vd_cmd_mr_identity(e->c, 0, r->asid),
				 r->status);
		break;
	}
}

/* Bring up dev 0 with its whole arena mapped at VD_IOVA_BASE. */
static struct vd_dev *mr_dev(struct ut_env *e, uint16_t id, uint64_t iova)
{
	struct vd_dev_cfg cfg = { .dev_id = id, .queue_size = 16 };
	struct up_arena *a = &e->c->plat->arena[0];
	struct vd_dev *d;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[id] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_mr_map(d, iova, a->base, a->size, RW), 0);
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	return d;
}

/* Send one frame to the wire through @d, return whether it got there. */
static bool mr_tx_ok(struct ut_env *e, struct vd_dev *d, uint8_t seed)
{
	uint8_t f[128];
	uint32_t len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 60,
				seed);
	struct up_frame *w;
	bool ok;

	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	w = up_wire_pop(e->c->plat);
	ok = w && w->len == len && !memcmp(w->data, f, len);
	free(w);
	return ok;
}

static bool mr_rx_ok(struct ut_env *e, struct vd_dev *d, uint8_t seed)
{
	static struct vd_rx_pkt pkt;
	uint8_t f[128];
	uint32_t len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0800, 60,
				seed);

	vd_rx_fill(vd_rxq(d, 0), 4, 1526);
	vd_vq_kick_run(vd_rxq(d, 0));
	vd_wire_rx(e->c, f, len);
	return vd_rx_recv(vd_rxq(d, 0), &pkt) == 1 && pkt.len == len &&
	       !memcmp(pkt.data, f, len);
}

/* Send from a raw descriptor at @iova (header + frame copied to @host). */
static uint64_t mr_raw_tx(struct ut_env *e, struct vd_dev *d, uint8_t *host,
			  uint64_t iova, enum ovnic_vq_counter ctr)
{
	struct vd_vq *q = vd_txq(d, 0);
	uint64_t before = ut_ctr(q, ctr);
	uint32_t len;
	int a;

	memset(host, 0, VD_NET_HDR_LEN);
	len = VD_NET_HDR_LEN + vd_frame(host + VD_NET_HDR_LEN, far_mac, d->mac,
					VD_NO_VLAN, 0x0800, 60, 7);
	a = vd_vq_raw_desc(q);
	assert_true(a >= 0);
	vd_vq_raw_set(q, a, iova, len, 0, 0);
	vd_vq_raw_push(q, a);
	vd_vq_kick_run(q);
	assert_int_equal(vd_vq_drain(q), 1);
	up_wire_clear(e->c->plat);
	return ut_ctr(q, ctr) - before;
}

static void mr_traffic(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	uint8_t *buf = vd_dma_alloc(e->c, 4096);

	assert_true(vd_rxq(d, 0)->desc != NULL);
	assert_true(mr_tx_ok(e, d, 1));
	assert_true(mr_rx_ok(e, d, 2));
	/* an identity address is not an IOVA any more */
	assert_int_equal(mr_raw_tx(e, d, buf, (uintptr_t)buf,
				   OVNIC_VQC_DROP_BAD_ADDR), 1);
	assert_int_equal(mr_raw_tx(e, d, buf, vd_iova(d, buf),
				   OVNIC_VQC_PACKETS), 1);
	/* another device keeps its identity window */
	{
		struct vd_dev *d1 = ut_dev(e, 1, NULL);

		assert_true(mr_tx_ok(e, d1, 3));
		assert_true(mr_rx_ok(e, d1, 4));
	}
}

/* Permissions: the card writes only where the driver allowed it. */
static void mr_permissions(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .queue_size = 16 };
	struct up_arena *a = &e->c->plat->arena[0];
	uint8_t *ro, *wo;
	struct vd_dev *d;
	struct vd_vq *rx;
	struct vd_used u;
	uint64_t off_ro, off_wo;
	int err, h;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	/* two pages: one read-only, one write-only, the rest RW */
	assert_non_null(vd_dma_alloc(e->c, 64));
	ro = vd_dma_alloc(e->c, 3 * 4096);
	ro = (uint8_t *)(((uintptr_t)ro + 4095) & ~4095ul);
	wo = ro + 4096;
	off_ro = ro - a->base;
	off_wo = wo - a->base;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE, off_ro,
				       (uintptr_t)a->base, RW), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE + off_ro,
				       4096, (uintptr_t)ro,
				       OVNIC_MR_PERM_READ), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE + off_wo,
				       4096, (uintptr_t)wo,
				       OVNIC_MR_PERM_WRITE), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE + off_wo +
				       4096, a->size - off_wo - 4096,
				       (uintptr_t)wo + 4096, RW), 0);
	d->map[d->nmaps++] = (struct vd_map){ .iova = VD_IOVA_BASE,
					      .size = a->size,
					      .host = a->base };
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	assert_true(mr_tx_ok(e, d, 1));

	/* TX from the read-only page works, from the write-only one not */
	assert_int_equal(mr_raw_tx(e, d, ro, vd_iova(d, ro),
				   OVNIC_VQC_PACKETS), 1);
	assert_int_equal(mr_raw_tx(e, d, wo, vd_iova(d, wo),
				   OVNIC_VQC_DROP_BAD_ADDR), 1);
	/* RX into the read-only page is refused */
	rx = vd_rxq(d, 0);
	h = vd_vq_raw_desc(rx);
	assert_true(h >= 0);
	vd_vq_raw_set(rx, h, vd_iova(d, ro), 1526, VRING_DESC_F_WRITE, 0);
	memset(ro, 0x77, 4096);
	vd_vq_raw_push(rx, h);
	vd_vq_kick_run(rx);
	{
		uint8_t f[128];
		uint32_t len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0800,
					60, 2);

		vd_wire_rx(e->c, f, len);
	}
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_BAD_ADDR), 1);
	assert_int_equal(vd_vq_get(rx, &u), 1);
	assert_int_equal(u.len, 0);
	assert_int_equal(ro[0], 0x77);
	assert_int_equal(ro[100], 0x77);
	assert_true(mr_rx_ok(e, d, 3));
}

/* Unmapping must invalidate whatever translation the card cached. */
static void mr_unmap_invalidates(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	uint8_t *buf = vd_dma_alloc(e->c, 2 * 4096);
	uint64_t iova;

	buf = (uint8_t *)(((uintptr_t)buf + 4095) & ~4095ul);
	iova = vd_iova(d, buf);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_PACKETS), 1);
	/* punch a hole: the page goes away, both sides stay */
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, iova, 4096), 0);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_DROP_BAD_ADDR),
			 1);
	assert_true(mr_tx_ok(e, d, 1));
	assert_true(mr_rx_ok(e, d, 2));
	/* map the page back somewhere else */
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, 3 * VD_IOVA_BASE, 4096,
				       (uintptr_t)buf, RW), 0);
	assert_int_equal(mr_raw_tx(e, d, buf, 3 * VD_IOVA_BASE,
				   OVNIC_VQC_PACKETS), 1);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_DROP_BAD_ADDR),
			 1);
}

/* Ready (or not) and address space of TX queue 0 of @d. */
static void mr_txq_asid(struct ut_env *e, struct vd_dev *d, uint8_t asid)
{
	struct ovnic_cmd_vq_modify m = {
		.qid		= ovnic_cpu_to_le16(vd_txq(d, 0)->qid),
		.modify_mask	= ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY),
	};

	assert_int_equal(vd_cmd_vq_modify(e->c, d->dev_id, &m), 0);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ASID |
					  OVNIC_VQ_MODIFY_READY);
	m.asid = asid;
	m.ready = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, d->dev_id, &m), 0);
}

/*
 * A queue moved to another address space forgets the translations it
 * cached in the old one, even when both spaces have seen the same number
 * of changes (the cache is tagged with the space's generation).
 */
static void mr_asid_switch_invalidates(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	struct up_arena *a = &e->c->plat->arena[0];
	uint8_t *buf = vd_dma_alloc(e->c, 2 * 4096);
	uint64_t iova, off;

	buf = (uint8_t *)(((uintptr_t)buf + 4095) & ~4095ul);
	iova = vd_iova(d, buf);
	off = buf - a->base;
	/* asid 0: the arena, plus an alias (two changes) */
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, 4 * VD_IOVA_BASE, 4096,
				       (uintptr_t)a->base, RW), 0);
	/* asid 1: the arena but @buf's page (two changes as well) */
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 1, VD_IOVA_BASE, off,
				       (uintptr_t)a->base, RW), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 1, iova + 4096,
				       a->size - off - 4096,
				       (uintptr_t)buf + 4096, RW), 0);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_PACKETS), 1);
	mr_txq_asid(e, d, 1);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_DROP_BAD_ADDR),
			 1);
	assert_int_equal(mr_raw_tx(e, d, buf + 4096, iova + 4096,
				   OVNIC_VQC_PACKETS), 1);
	mr_txq_asid(e, d, 0);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_PACKETS), 1);
}

/* Unmapping the rings under a running queue: no crash, queue stops. */
static void mr_unmap_rings(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	struct up_arena *a = &e->c->plat->arena[0];
	uint8_t f[128];
	uint32_t len;

	assert_true(mr_tx_ok(e, d, 1));
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, VD_IOVA_BASE, a->size),
			 0);
	len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 60, 2);
	vd_tx_post(vd_txq(d, 0), f, len, NULL);
	vd_vq_kick_run(vd_txq(d, 0));
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	/* MR_IDENTITY and a device reset bring it back in identity */
	assert_int_equal(vd_dev_mr_identity(d), 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_true(mr_tx_ok(e, d, 3));
	assert_true(mr_rx_ok(e, d, 4));
}

/*
 * Rings and buffers at host addresses in a window that maps nothing: the
 * card reads and writes none of them (no frame out, no used entry, nothing
 * received), counts the bad address and asks for a reset.
 */
static void mr_expect_refused(struct ut_env *e, struct vd_dev *d)
{
	static struct vd_rx_pkt pkt;
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint16_t tx_used = tx->used->idx, rx_used = rx->used->idx;
	/* counters survive resets: compare with what they were */
	uint64_t tx_pkts = ut_ctr(tx, OVNIC_VQC_PACKETS);
	uint64_t rx_pkts = ut_ctr(rx, OVNIC_VQC_PACKETS);
	uint64_t bad = ut_ctr(tx, OVNIC_VQC_DROP_BAD_ADDR);
	uint8_t f[128];
	uint32_t len;

	len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 60, 9);
	assert_true(vd_tx_post(tx, f, len, NULL) >= 0);
	vd_vq_kick_run(tx);
	vd_rx_fill(rx, 4, 1526);
	vd_vq_kick_run(rx);
	len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0800, 60, 10);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(tx->used->idx, tx_used);
	assert_int_equal(rx->used->idx, rx_used);
	assert_int_equal(vd_rx_recv(rx, &pkt), 0);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_BAD_ADDR), bad + 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), tx_pkts);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_PACKETS), rx_pkts);
}

/*
 * A new device's window maps nothing: a driver that programs host
 * addresses without mapping them (a vhost user at /dev/vhost-vdpa-N)
 * reaches no host memory.
 */
static void mr_window_starts_empty(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .empty_window = true, .queue_size = 16 };
	struct vd_dev *d;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_bringup(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	mr_expect_refused(e, d);
}

/* MR_RESET empties the window; MR_IDENTITY is needed for identity again. */
static void mr_reset_empties(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);

	assert_true(mr_tx_ok(e, d, 1));
	assert_int_equal(vd_dev_mr_reset(d), 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	mr_expect_refused(e, d);
	assert_int_equal(vd_dev_mr_identity(d), 0);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_true(mr_tx_ok(e, d, 2));
	assert_true(mr_rx_ok(e, d, 3));
}

/*
 * An unmap never allocates, even when it cuts a region in two: the host
 * may already have released the pages it unmaps (vhost_vdpa ignores the
 * result), so an unmap that failed would leave them mapped.
 */
static void mr_unmap_never_allocates(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	struct up_arena *a = &e->c->plat->arena[0];
	uint8_t *buf = vd_dma_alloc(e->c, 3 * 4096);
	uint64_t iova = VD_IOVA_BASE + 2 * a->size, off = 0;
	unsigned int i;

	buf = (uint8_t *)(((uintptr_t)buf + 4095) & ~4095ul);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, iova, 2 * 4096,
				       (uintptr_t)buf, RW), 0);
	e->c->plat->alloc_fail = true;
	/* cut the middle out of the rings' and buffers' region */
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, iova + 4096 - 64, 128),
			 0);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_PACKETS), 1);
	assert_int_equal(mr_raw_tx(e, d, buf + 4096 + 64, iova + 4096 + 64,
				   OVNIC_VQC_PACKETS), 1);
	assert_int_equal(mr_raw_tx(e, d, buf + 4096 - 64, iova + 4096 - 64,
				   OVNIC_VQC_DROP_BAD_ADDR), 1);
	/* cut again and again without a map in between */
	for (i = 0; i < 64; i++) {
		off = 128 + 16 * i;
		assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, iova + off, 8),
				 0);
	}
	/* whatever was cut is gone; nothing outside the region appeared */
	assert_int_equal(mr_raw_tx(e, d, buf + off, iova + off,
				   OVNIC_VQC_DROP_BAD_ADDR), 1);
	assert_int_equal(mr_raw_tx(e, d, buf, iova + 2 * 4096,
				   OVNIC_VQC_DROP_BAD_ADDR), 1);
	assert_int_equal(vd_cmd_mr_unmap(e->c, 0, 0, iova, 2 * 4096), 0);
	assert_int_equal(mr_raw_tx(e, d, buf, iova, OVNIC_VQC_DROP_BAD_ADDR),
			 1);
	assert_true(e->c->plat->alloc_refused == 0);
	e->c->plat->alloc_fail = false;
	assert_true(mr_tx_ok(e, d, 4));
}

/* A DEV_RESET keeps the DMA window (2.4 resets the device, not the IOMMU). */
static void mr_survives_dev_reset(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);

	assert_int_equal(vd_dev_reinit(d), 0);
	assert_true(mr_tx_ok(e, d, 1));
	assert_true(mr_rx_ok(e, d, 2));
}

/* The window as many small regions: buffers straddle region boundaries. */
static void mr_buffers_across_regions(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .queue_size = 64 };
	size_t pool_size = 1 << 20;
	uint8_t *pool = vd_dma_alloc(e->c, pool_size + 4096);
	struct vd_tx_opts o = { .nsegs = 1 };
	struct vd_dev *d;
	uint8_t f[1600];
	uint32_t len;
	int err, i;

	pool = (uint8_t *)(((uintptr_t)pool + 4095) & ~4095ul);
	vd_card_set_pool(e->c, pool, pool_size);
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_mr_map_chunked(d, VD_IOVA_BASE, pool,
					       pool_size, RW, 4096), 0);
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	for (i = 0; i < 16; i++) {
		len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 1500,
			       i);
		assert_true(vd_tx_post(vd_txq(d, 0), f, len, &o) >= 0);
		vd_vq_kick_run(vd_txq(d, 0));
		ut_expect_wire(e->c, f, len);
		assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
		assert_true(mr_rx_ok(e, d, i));
	}
	vd_card_set_pool(e->c, NULL, 0);
}

/* Rings themselves straddling two regions of one contiguous window. */
static void mr_rings_across_regions(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .queue_size = 256 };
	size_t pool_size = 1 << 20;
	uint8_t *pool = vd_dma_alloc(e->c, pool_size + 4096);
	struct vd_dev *d;
	int err;

	pool = (uint8_t *)(((uintptr_t)pool + 4095) & ~4095ul);
	vd_card_set_pool(e->c, pool, pool_size);
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	/* 2 KiB regions: a 4 KiB descriptor table spans two */
	assert_int_equal(vd_dev_mr_map_chunked(d, VD_IOVA_BASE, pool,
					       pool_size, RW, 2048), 0);
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	assert_true(mr_tx_ok(e, d, 1));
	assert_true(mr_rx_ok(e, d, 2));
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	vd_card_set_pool(e->c, NULL, 0);
}

/*
 * A region may map an IOVA to a host address with other low bits: rings
 * aligned as IOVAs (what VQ_MODIFY checks) need not be in host memory.
 * The card must refuse such a queue (DEVICE_NEEDS_RESET), not access its
 * ring fields misaligned.  The rings are written bytewise here: vdriver's
 * own ring code would be misaligned too.
 */
static void mr_rings_misaligned_host(void **state)
{
	struct ut_env *e = *state;
	uint8_t *mem = vd_dma_alloc(e->c, 5 * 4096);
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query q;
	uint8_t *host, f[128];
	ovnic_le64 addr;
	ovnic_le32 le_len;
	uint32_t len;
	uint16_t v;
	struct vd_dev *d;
	int err;

	/* IOVA VD_IOVA_BASE is one byte past a page in host memory */
	host = (uint8_t *)(((uintptr_t)mem + 4095) & ~4095ul) + 1;
	d = vd_dev_new(e->c, &(struct vd_dev_cfg){ .dev_id = 0 }, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_mr_map(d, VD_IOVA_BASE, host, 3 * 4096, RW),
			 0);
	/* TX queue 1: table, avail and used rings a page apart, one frame */
	len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 60, 1);
	memset(host, 0, 3 * 4096);
	memcpy(host + 2048 + VD_NET_HDR_LEN, f, len);
	addr = ovnic_cpu_to_le64(VD_IOVA_BASE + 2048);
	memcpy(host, &addr, 8);
	le_len = ovnic_cpu_to_le32(VD_NET_HDR_LEN + len);
	memcpy(host + 8, &le_len, 4);
	host[4096 + 2] = 1;			/* avail->idx */
	m.qid = ovnic_cpu_to_le16(1);
	m.size = ovnic_cpu_to_le16(16);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ADDR |
					  OVNIC_VQ_MODIFY_SIZE |
					  OVNIC_VQ_MODIFY_READY);
	m.desc_addr = ovnic_cpu_to_le64(VD_IOVA_BASE);
	m.driver_addr = ovnic_cpu_to_le64(VD_IOVA_BASE + 4096);
	m.device_addr = ovnic_cpu_to_le64(VD_IOVA_BASE + 8192);
	m.ready = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	ovnic_card_doorbell(e->c->card, 0, 1);
	assert_int_equal(vd_card_run(e->c), 0);

	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &q), OVNIC_STATUS_OK);
	assert_int_equal(q.broken, 1);
	assert_int_equal(q.avail_idx, 0);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	memcpy(&v, host + 8192 + 2, 2);		/* used->idx untouched */
	assert_int_equal(v, 0);
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

	UT_ADD(&l, mbox_registers);
	UT_ADD(&l, mbox_card_params);
	UT_ADD_TABLE(&l, mbox_bad_opcode, bad_opcodes);
	UT_ADD_TABLE(&l, mbox_bad_version, bad_versions);
	UT_ADD_TABLE(&l, mbox_bad_length, bad_lengths);
	UT_ADD(&l, mbox_tiny_buffers);
	UT_ADD_TABLE(&l, mbox_no_device, dev_opcodes);
	UT_ADD(&l, dev_create_query);
	UT_ADD_TABLE(&l, dev_create, create_rows);
	UT_ADD(&l, dev_all_slots);
	UT_ADD(&l, dev_destroy_busy);
	UT_ADD_TABLE(&l, dev_features, feat_rows);
	UT_ADD(&l, dev_features_locked);
	UT_ADD(&l, dev_status_rules);
	UT_ADD(&l, config_fields);
	UT_ADD_TABLE(&l, config_bounds, cfg_rows);
	UT_ADD(&l, config_link);
	UT_ADD(&l, config_link_before_driver_ok);
	UT_ADD_TABLE(&l, dev_loopback, loopback_rows);
	UT_ADD(&l, dev_loopback_layout);
	UT_ADD(&l, dev_loopback_lifetime);
	UT_ADD_TABLE(&l, dev_set_queues, queues_rows);
	UT_ADD(&l, dev_set_queues_effect);
	UT_ADD(&l, dev_set_queues_needs_mq);
	UT_ADD_TABLE(&l, vq_modify, vqm_rows);
	UT_ADD(&l, vq_modify_running);
	UT_ADD(&l, vq_modify_all_or_nothing);
	UT_ADD(&l, vq_query_stats);
	UT_ADD(&l, mr_unmap_nothing);
	UT_ADD_TABLE(&l, mr_cmd, mr_rows);
	UT_ADD(&l, mr_traffic);
	UT_ADD(&l, mr_permissions);
	UT_ADD(&l, mr_unmap_invalidates);
	UT_ADD(&l, mr_asid_switch_invalidates);
	UT_ADD(&l, mr_unmap_rings);
	UT_ADD(&l, mr_window_starts_empty);
	UT_ADD(&l, mr_reset_empties);
	UT_ADD(&l, mr_unmap_never_allocates);
	UT_ADD(&l, mr_survives_dev_reset);
	UT_ADD(&l, mr_buffers_across_regions);
	UT_ADD(&l, mr_rings_across_regions);
	UT_ADD(&l, mr_rings_misaligned_host);
	return ut_run("mailbox", &l);
}
