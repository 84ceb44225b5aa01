// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Mailbox commands on a device's config space, its link and loopback.
 */
#include "test_mailbox.h"

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
	assert_int_equal(q.suspended, 0);
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

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, config_fields);
	UT_ADD_TABLE(&l, config_bounds, cfg_rows);
	UT_ADD(&l, config_link);
	UT_ADD(&l, config_link_before_driver_ok);
	UT_ADD_TABLE(&l, dev_loopback, loopback_rows);
	UT_ADD(&l, dev_loopback_layout);
	UT_ADD(&l, dev_loopback_lifetime);
	return ut_run("mailbox_config", &l);
}
