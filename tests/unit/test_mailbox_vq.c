// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Mailbox commands on virtqueue objects: VQ_MODIFY, VQ_QUERY, VQ_STATS.
 */
#include "test_mailbox.h"

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

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, vq_modify, vqm_rows);
	UT_ADD(&l, vq_modify_running);
	UT_ADD(&l, vq_modify_all_or_nothing);
	UT_ADD(&l, vq_query_stats);
	return ut_run("mailbox_vq", &l);
}
