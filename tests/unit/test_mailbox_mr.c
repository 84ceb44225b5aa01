// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The DMA window through the mailbox: memory regions per address space,
 * what the card may reach through them, and what unmapping invalidates.
 */
#include <errno.h>

#include "test_mailbox.h"

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

/* Queue @q of @d disabled, moved to address space @asid and enabled. */
static void mr_vq_asid(struct ut_env *e, struct vd_dev *d, struct vd_vq *q,
		       uint8_t asid)
{
	struct ovnic_cmd_vq_modify m = {
		.qid		= ovnic_cpu_to_le16(q->qid),
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
 * The control queue in address space 1, the data queues in 0, as QEMU
 * shadows the control queue: the control queue's rings and buffers are
 * mapped in space 1 only, everything else in space 0 only.  Commands
 * work, traffic works, and neither space reaches the other's memory.
 */
static void mr_cvq_own_space(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .queue_size = 16, .no_cvq = true };
	struct up_arena *a = &e->c->plat->arena[0];
	const size_t cvq_bytes = 1 << 20;
	uint8_t *cvq_mem, *rest;
	struct vd_dev *d;
	uint64_t off;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	/* data memory on both sides of the control queue's */
	assert_non_null(vd_dma_alloc(e->c, 4096));
	cvq_mem = vd_dma_alloc(e->c, cvq_bytes + 4096);
	cvq_mem = (uint8_t *)(((uintptr_t)cvq_mem + 4095) & ~4095ul);
	off = cvq_mem - a->base;
	rest = cvq_mem + cvq_bytes;
	/* the driver's view: the whole arena at VD_IOVA_BASE */
	d->map[d->nmaps++] = (struct vd_map){ .iova = VD_IOVA_BASE,
					      .size = a->size,
					      .host = a->base };
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, VD_IOVA_BASE, off,
				       (uintptr_t)a->base, RW), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 0, vd_iova(d, rest),
				       a->size - off - cvq_bytes,
				       (uintptr_t)rest, RW), 0);
	assert_int_equal(vd_cmd_mr_map(e->c, 0, 1, vd_iova(d, cvq_mem),
				       cvq_bytes, (uintptr_t)cvq_mem, RW), 0);

	assert_int_equal(vd_dev_setup_queues(d), 0);
	/* the control queue's rings and command buffers from its memory */
	vd_card_set_pool(e->c, cvq_mem, cvq_bytes);
	assert_int_equal(vd_dev_setup_queue(d, d->cvq_idx, 16), 0);
	mr_vq_asid(e, d, vd_cvq(d), 1);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	assert_int_equal(d->ctrl_timeouts, 0);
	vd_card_set_pool(e->c, NULL, 0);
	assert_true(mr_tx_ok(e, d, 1));
	assert_true(mr_rx_ok(e, d, 2));
	assert_false(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	/* a TX buffer in the control queue's memory is not the data's */
	assert_int_equal(mr_raw_tx(e, d, cvq_mem + cvq_bytes / 2,
				   vd_iova(d, cvq_mem + cvq_bytes / 2),
				   OVNIC_VQC_DROP_BAD_ADDR), 1);
}

/*
 * The control queue moved to address space 1 while its rings are mapped
 * in 0 only: its first command finds no ring, the queue breaks (counted,
 * NEEDS_RESET) and the command is never answered; the card carries on,
 * and the device works again after a reset (which puts the queue back in
 * space 0).
 */
static void mr_cvq_wrong_space(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	struct ovnic_resp_vq_query q;

	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	mr_vq_asid(e, d, vd_cvq(d), 1);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 -ETIMEDOUT);
	assert_int_equal(vd_vq_query(vd_cvq(d), &q), 0);
	assert_int_equal(q.broken, 1);
	assert_int_equal(ut_ctr(vd_cvq(d), OVNIC_VQC_DROP_BAD_ADDR), 1);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	/* another device on the card is not concerned */
	{
		struct vd_dev *d1 = ut_dev(e, 1, NULL);

		assert_true(mr_tx_ok(e, d1, 3));
		assert_int_equal(vd_ctrl_rx_mode(d1,
						 VIRTIO_NET_CTRL_RX_PROMISC,
						 1), VIRTIO_NET_OK);
	}
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 0),
			 VIRTIO_NET_OK);
	assert_true(mr_tx_ok(e, d, 4));
}

/* A queue's address space: only while disabled, only the card's two. */
static void mr_vq_asid_rules(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = mr_dev(e, 0, VD_IOVA_BASE);
	struct ovnic_cmd_vq_modify m = {
		.qid		= ovnic_cpu_to_le16(d->cvq_idx),
		.modify_mask	= ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ASID),
		.asid		= 1,
	};

	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_BUSY);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ASID);
	m.asid = OVNIC_MAX_ASID;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m),
			 OVNIC_STATUS_BAD_PARAM);
	m.asid = 0xff;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m),
			 OVNIC_STATUS_BAD_PARAM);
	m.asid = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
}

int main(void)
{
	struct ut_list l = { 0 };

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
	UT_ADD(&l, mr_cvq_own_space);
	UT_ADD(&l, mr_cvq_wrong_space);
	UT_ADD(&l, mr_vq_asid_rules);
	return ut_run("mailbox_mr", &l);
}
