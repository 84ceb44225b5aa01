// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The hardware interface of ovnic_hw.h: registers and the command
 * mailbox's framing (opcodes, versions, lengths, missing devices).
 * The commands themselves: test_mailbox_dev.c (devices, queue limits),
 * test_mailbox_config.c (config space, link, loopback), test_mailbox_vq.c
 * (virtqueue objects), test_mailbox_mr.c (the DMA window).
 */
#include "test_mailbox.h"

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
		uint8_t bytes[1024];	/* the largest response fits */
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

struct opcode_row {
	const char *name;
	uint16_t opcode;
};

static const struct opcode_row bad_opcodes[] = {
	{ "zero", 0 },
	{ "0x1e", 0x1e },
	{ "0x2f", 0x2f },
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
	SHORT_CMD(DEV_SUSPEND, struct ovnic_cmd_hdr),
	SHORT_CMD(DEV_RESUME, struct ovnic_cmd_hdr),
	SHORT_CMD(DEV_SET_MAC, struct ovnic_cmd_dev_set_mac),
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
	{ "DEV_SUSPEND", OVNIC_CMD_DEV_SUSPEND },
	{ "DEV_RESUME", OVNIC_CMD_DEV_RESUME },
	{ "DEV_SET_MAC", OVNIC_CMD_DEV_SET_MAC },
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
	return ut_run("mailbox", &l);
}
