// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Checks that keep one device's driver inside its own share of the card:
 * interrupt vectors of its own range only, a queue that runs keeps its
 * state when "enabled" again, and no frame longer than the MTU allows
 * leaves it.
 */
#include "unit.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

struct vector_row {
	const char *name;
	uint16_t dev_id;
	uint32_t vector;
	uint8_t status;
};

#define VEC(dev, i)	((dev) * OVNIC_VECTORS_PER_DEV + (i))

static const struct vector_row vector_rows[] = {
	{ "own_first", 1, VEC(1, 0), OVNIC_STATUS_OK },
	{ "own_last", 1, VEC(1, OVNIC_VECTORS_PER_DEV - 1), OVNIC_STATUS_OK },
	{ "none", 1, OVNIC_NO_VECTOR, OVNIC_STATUS_OK },
	{ "device_0s", 1, VEC(0, 5), OVNIC_STATUS_BAD_PARAM },
	{ "device_2s", 1, VEC(2, 0), OVNIC_STATUS_BAD_PARAM },
	{ "past_all", 1, VEC(64, 0), OVNIC_STATUS_BAD_PARAM },
	{ "slot_0_from_1", 0, VEC(1, 0), OVNIC_STATUS_BAD_PARAM },
};

/* DEV_CREATE's config vector and VQ_MODIFY's vectors: own range only. */
static void vectors(void **state)
{
	struct ut_env *e = *state;
	const struct vector_row *r = e->param;
	struct ovnic_cmd_vq_modify m = { 0 };
	uint8_t mac[6];

	vd_mac(mac, 0x30, (uint8_t)r->dev_id);
	assert_int_equal(vd_cmd_dev_create(e->c, r->dev_id, VD_F_CARD, mac,
					   1500, 1, r->vector), r->status);
	if (r->status != OVNIC_STATUS_OK)
		assert_int_equal(vd_cmd_dev_create(e->c, r->dev_id, VD_F_CARD,
						   mac, 1500, 1,
						   OVNIC_NO_VECTOR),
				 OVNIC_STATUS_OK);
	m.qid = ovnic_cpu_to_le16(0);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_VECTOR);
	m.vector = ovnic_cpu_to_le32(r->vector);
	assert_int_equal(vd_cmd_vq_modify(e->c, r->dev_id, &m), r->status);
	assert_int_equal(vd_cmd_dev_destroy(e->c, r->dev_id), 0);
}

/*
 * READY=1 on a queue that runs: nothing changes (its indexes stay, the
 * next frame goes out as usual).
 */
static void ready_again_keeps_state(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ut_dev(e, 0, NULL);
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query before, after;
	uint8_t f[128];
	uint32_t len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 60, 1);
	struct up_frame *w;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	up_wire_clear(e->c->plat);
	assert_int_equal(vd_vq_query(vd_txq(d, 0), &before), 0);
	m.qid = ovnic_cpu_to_le16(1);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	m.ready = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
	assert_int_equal(vd_vq_query(vd_txq(d, 0), &after), 0);
	assert_memory_equal(&before, &after, sizeof(before));
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	w = up_wire_pop(e->c->plat);
	assert_non_null(w);
	free(w);
}

struct mtu_row {
	const char *name;
	uint16_t vlan;		/* VD_NO_VLAN: untagged */
	uint32_t extra;		/* bytes of payload beyond the MTU */
	bool sent;
};

static const struct mtu_row mtu_rows[] = {
	{ "untagged_mtu", VD_NO_VLAN, 0, true },
	{ "untagged_mtu_plus_1", VD_NO_VLAN, 1, false },
	{ "untagged_mtu_plus_4", VD_NO_VLAN, 4, false },
	{ "tagged_mtu", 7, 0, true },
	{ "tagged_mtu_plus_1", 7, 1, false },
};

/* 5.1.6.2: the driver sends nothing longer than its MTU allows. */
static void tx_mtu(void **state)
{
	struct ut_env *e = *state;
	const struct mtu_row *r = e->param;
	struct vd_dev_cfg cfg = { .mtu = 1000 };
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	static uint8_t f[1600];
	uint32_t len;
	uint64_t big;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	/* vd_frame's payload follows the (inner) ethertype, as the MTU */
	len = vd_frame(f, far_mac, d->mac, r->vlan, 0x0800, 1000 + r->extra,
		       3);
	big = ut_ctr(vd_txq(d, 0), OVNIC_VQC_DROP_TOO_BIG);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	assert_int_equal(up_wire_pending(e->c->plat), r->sent);
	assert_int_equal(ut_ctr(vd_txq(d, 0), OVNIC_VQC_DROP_TOO_BIG) - big,
			 !r->sent);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, vectors, vector_rows);
	UT_ADD(&l, ready_again_keeps_state);
	UT_ADD_TABLE(&l, tx_mtu, mtu_rows);
	return ut_run("hardening", &l);
}
