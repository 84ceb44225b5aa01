// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Split virtqueue walking (virtio 1.2 section 2.7): descriptor chains,
 * indirect tables, used ring order, index wraparound.  The chain and
 * order cases run on packed rings (2.8) too, as *_packed: the same chains
 * through the same driver calls.
 * test_ring_notify.c has notification and interrupt suppression (flags
 * and event index), test_ring_queue.c budgets, doorbells and queues,
 * test_ring_packed.c what is packed's own.
 */
#include "test_ring.h"

/* Device 0 with split rings, or packed ones when @packed. */
static struct vd_dev *ring_dev_layout(struct ut_env *e, bool packed,
				      uint16_t mtu)
{
	struct vd_dev_cfg cfg = { .mtu = mtu,
				  .features = packed ? VD_F_PACKED : 0 };
	struct vd_dev *d = ring_dev(e, &cfg);

	assert_int_equal(vd_vq_packed(vd_txq(d, 0)), packed);
	return d;
}

static void ring_tx_single_in(void **state, bool packed)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev_layout(e, packed, 0);
	struct vd_vq *q = vd_txq(d, 0);
	uint8_t f[256];
	uint32_t len = tx_frame(d, f, 100, 1);
	struct vd_used u;
	int head;

	head = vd_tx_post(q, f, len, NULL);
	assert_true(head >= 0);
	assert_int_equal(vd_vq_kick(q), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 1);
	ut_expect_wire(e->c, f, len);
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, head);
	assert_int_equal(u.len, 0);
	assert_int_equal(vd_vq_get(q, &u), 0);
	assert_int_equal(ut_ctr(q, OVNIC_VQC_PACKETS), 1);
	assert_int_equal(ut_ctr(q, OVNIC_VQC_BYTES), len);
	assert_int_equal(ut_ctr(q, OVNIC_VQC_KICKS), 1);
	assert_true(ut_ctr(q, OVNIC_VQC_DESCS) >= 1);
	ut_vq_clean(q);
}

static void ring_tx_single(void **state)
{
	ring_tx_single_in(state, false);
}

static void ring_tx_single_packed(void **state)
{
	ring_tx_single_in(state, true);
}

struct tx_layout {
	const char *name;
	unsigned int nsegs;
	bool hdr_separate;
	bool indirect;
	uint32_t payload;
};

static const struct tx_layout tx_layouts[] = {
	{ "one_desc",		1,  false, false, 100 },
	{ "hdr_separate",	1,  true,  false, 100 },
	{ "two_desc",		2,  false, false, 1000 },
	{ "hdr_split_across",	8,  false, false, 30 },
	{ "four_desc_1514",	4,  true,  false, 1500 },
	{ "many_desc",		40, true,  false, 1400 },
	{ "indirect_one",	1,  false, true,  64 },
	{ "indirect_hdr_sep",	3,  true,  true,  1500 },
	{ "indirect_63",	63, true,  true,  1500 },
	{ "min_frame",		1,  false, false, 0 },
};

static void ring_tx_layout_in(void **state, bool packed)
{
	struct ut_env *e = *state;
	const struct tx_layout *l = e->param;
	struct vd_dev *d = ring_dev_layout(e, packed, 0);
	struct vd_vq *q = vd_txq(d, 0);
	struct vd_tx_opts o = { .nsegs = l->nsegs,
				.hdr_separate = l->hdr_separate,
				.indirect = l->indirect };
	uint8_t f[3][1600];
	uint32_t len[3];
	int i;

	for (i = 0; i < 3; i++) {
		len[i] = tx_frame(d, f[i], l->payload, i * 31);
		assert_true(vd_tx_post(q, f[i], len[i], &o) >= 0);
	}
	assert_int_equal(vd_vq_kick_run(q), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 3);
	for (i = 0; i < 3; i++)
		ut_expect_wire(e->c, f[i], len[i]);
	assert_int_equal(vd_vq_drain(q), 3);
	assert_int_equal(ut_ctr(q, OVNIC_VQC_PACKETS), 3);
	assert_int_equal(ut_ctr(q, OVNIC_VQC_DROP_BAD_DESC), 0);
	assert_int_equal(vd_vq_free_descs(q), q->size);
	ut_vq_clean(q);
}

static void ring_tx_layout(void **state)
{
	ring_tx_layout_in(state, false);
}

static void ring_tx_layout_packed(void **state)
{
	ring_tx_layout_in(state, true);
}

struct rx_layout {
	const char *name;
	unsigned int nsegs;
	bool indirect;
	uint32_t buflen;
	uint32_t payload;
	uint16_t mtu;
};

static const struct rx_layout rx_layouts[] = {
	{ "one_desc",		1,  false, 1526, 100 },
	{ "one_desc_full",	1,  false, 1526, 1500 },
	{ "exact_fit",		1,  false, 12 + 14 + 1500, 1500 },
	{ "four_desc",		4,  false, 1526, 1500 },
	{ "hdr_split_across",	64, false, 600, 500 },
	{ "indirect_one",	1,  true,  1526, 60 },
	{ "indirect_many",	17, true,  1526, 1500 },
	{ "jumbo_chain",	5,  false, 9100, 9000, 9000 },
	{ "jumbo_indirect",	9,  true,  9100, 9000, 9000 },
};

static void ring_rx_layout_in(void **state, bool packed)
{
	struct ut_env *e = *state;
	const struct rx_layout *l = e->param;
	struct vd_dev *d = ring_dev_layout(e, packed, l->mtu);
	struct vd_vq *q = vd_rxq(d, 0);
	struct vd_rx_opts o = { .nsegs = l->nsegs, .indirect = l->indirect };
	static struct vd_rx_pkt pkt;
	static uint8_t f[3][VD_MAX_FRAME];
	uint32_t len[3];
	int i;

	for (i = 0; i < 4; i++)
		assert_true(vd_rx_post(q, l->buflen, &o) >= 0);
	vd_vq_kick_run(q);
	for (i = 0; i < 3; i++) {
		len[i] = rx_frame(d, f[i], l->payload, 7 * i + 3);
		assert_int_equal(vd_wire_rx(e->c, f[i], len[i]), 0);
	}
	for (i = 0; i < 3; i++) {
		assert_int_equal(vd_rx_recv(q, &pkt), 1);
		assert_int_equal(pkt.used_len, VD_NET_HDR_LEN + len[i]);
		assert_int_equal(pkt.len, len[i]);
		assert_memory_equal(pkt.data, f[i], len[i]);
		assert_int_equal(pkt.hdr.num_buffers, 1);
		assert_int_equal(pkt.hdr.flags, 0);
		assert_int_equal(pkt.hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	}
	assert_int_equal(vd_rx_recv(q, &pkt), 0);
	assert_int_equal(ut_ctr(q, OVNIC_VQC_PACKETS), 3);
	ut_vq_clean(q);
}

static void ring_rx_layout(void **state)
{
	ring_rx_layout_in(state, false);
}

static void ring_rx_layout_packed(void **state)
{
	ring_rx_layout_in(state, true);
}

/*
 * 2.7.5.3 puts no alignment requirement on an indirect table (2.7 only
 * aligns the rings): one at a 4-byte offset must work, and be read without
 * misaligned accesses - the UBSan build (make asan) checks that.
 */
static void ring_indirect_unaligned(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *q = vd_txq(d, 0);
	uint8_t *area = vd_dma_alloc(e->c, 4096);
	uint8_t *t = area + 4;
	uint8_t *data = area + 1024;
	struct vring_desc td[2];
	uint32_t len;
	int a;

	memset(data, 0, VD_NET_HDR_LEN);
	len = tx_frame(d, data + VD_NET_HDR_LEN, 100, 5);
	td[0] = (struct vring_desc){ .addr = (uintptr_t)data,
				     .len = VD_NET_HDR_LEN,
				     .flags = VRING_DESC_F_NEXT, .next = 1 };
	td[1] = (struct vring_desc){ .addr = (uintptr_t)data + VD_NET_HDR_LEN,
				     .len = len };
	memcpy(t, td, sizeof(td));
	a = vd_vq_raw_desc(q);
	assert_true(a >= 0);
	vd_vq_raw_set(q, a, (uintptr_t)t, sizeof(td), VRING_DESC_F_INDIRECT,
		      0);
	vd_vq_raw_push(q, a);
	assert_int_equal(vd_vq_kick_run(q), 0);
	ut_expect_wire(e->c, data + VD_NET_HDR_LEN, len);
	assert_int_equal(vd_vq_drain(q), 1);
}

/*
 * Chains of different lengths make the heads non-sequential (split), or
 * the used descriptors skip different numbers of slots (packed).
 */
static void ring_used_order_tx_in(void **state, bool packed)
{
	static const unsigned int segs[] = { 3, 1, 2, 4, 1, 2, 5, 1 };
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev_layout(e, packed, 0);
	struct vd_vq *q = vd_txq(d, 0);
	int head[UT_ARRAY_SIZE(segs)];
	uint8_t f[UT_ARRAY_SIZE(segs)][256];
	uint32_t len[UT_ARRAY_SIZE(segs)];
	struct vd_used u;
	unsigned int i;

	/* Leave a hole in the free list first. */
	assert_true(vd_tx_post(q, f[0], tx_frame(d, f[0], 60, 0), NULL) >= 0);
	assert_true(vd_tx_post(q, f[0], tx_frame(d, f[0], 60, 0), NULL) >= 0);
	vd_vq_kick_run(q);
	assert_int_equal(vd_vq_drain(q), 2);
	up_wire_clear(e->c->plat);

	for (i = 0; i < UT_ARRAY_SIZE(segs); i++) {
		struct vd_tx_opts o = { .nsegs = segs[i] };

		len[i] = tx_frame(d, f[i], 100 + i, i);
		head[i] = vd_tx_post(q, f[i], len[i], &o);
		assert_true(head[i] >= 0);
	}
	vd_vq_kick_run(q);
	for (i = 0; i < UT_ARRAY_SIZE(segs); i++) {
		assert_int_equal(vd_vq_get(q, &u), 1);
		assert_int_equal(u.id, head[i]);
		ut_expect_wire(e->c, f[i], len[i]);
	}
	assert_int_equal(vd_vq_get(q, &u), 0);
	ut_vq_clean(q);
}

static void ring_used_order_tx(void **state)
{
	ring_used_order_tx_in(state, false);
}

static void ring_used_order_tx_packed(void **state)
{
	ring_used_order_tx_in(state, true);
}

static void ring_used_order_rx_in(void **state, bool packed)
{
	static const unsigned int segs[] = { 2, 1, 3, 1, 4, 2 };
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev_layout(e, packed, 0);
	struct vd_vq *q = vd_rxq(d, 0);
	static struct vd_rx_pkt pkt;
	int head[UT_ARRAY_SIZE(segs)];
	uint8_t f[UT_ARRAY_SIZE(segs)][256];
	uint32_t len[UT_ARRAY_SIZE(segs)];
	unsigned int i;

	for (i = 0; i < UT_ARRAY_SIZE(segs); i++) {
		struct vd_rx_opts o = { .nsegs = segs[i] };

		head[i] = vd_rx_post(q, 1526, &o);
		assert_true(head[i] >= 0);
	}
	vd_vq_kick_run(q);
	for (i = 0; i < UT_ARRAY_SIZE(segs); i++) {
		len[i] = rx_frame(d, f[i], 50 + i, i);
		vd_wire_rx(e->c, f[i], len[i]);
	}
	for (i = 0; i < UT_ARRAY_SIZE(segs); i++) {
		assert_int_equal(vd_rx_recv(q, &pkt), 1);
		assert_int_equal(pkt.id, head[i]);
		assert_int_equal(pkt.len, len[i]);
		assert_memory_equal(pkt.data, f[i], len[i]);
	}
	ut_vq_clean(q);
}

static void ring_used_order_rx(void **state)
{
	ring_used_order_rx_in(state, false);
}

static void ring_used_order_rx_packed(void **state)
{
	ring_used_order_rx_in(state, true);
}

/* Bring up dev 0 with 8-entry queues starting at index @idx. */
static struct vd_dev *ring_dev_at(struct ut_env *e, uint16_t idx,
				  uint64_t features)
{
	struct vd_dev_cfg cfg = { .dev_id = 0, .features = features };
	struct vd_dev *d;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, d->cfg.features), 0);
	assert_int_equal(vd_dev_setup_queue_at(d, 0, 8, idx), 0);
	assert_int_equal(vd_dev_setup_queue_at(d, 1, 8, idx), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	return d;
}

struct wrap_row {
	const char *name;
	uint16_t start;
	uint64_t features;
};

static const struct wrap_row wrap_rows[] = {
	{ "from_65530",		65530 },
	{ "from_65535",		65535 },
	{ "from_32765",		32765 },
	{ "from_65530_event_idx", 65530,
	  VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX) },
};

/* The card resumes at a programmed index and wraps through 65535. */
static void ring_wrap_state(void **state)
{
	struct ut_env *e = *state;
	const struct wrap_row *r = e->param;
	struct vd_dev *d = ring_dev_at(e, r->start, r->features);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	struct ovnic_resp_vq_query vq;
	static struct vd_rx_pkt pkt;
	uint8_t f[4][256];
	uint32_t len[4];
	int round, i;

	assert_int_equal(vd_vq_query(tx, &vq), 0);
	assert_int_equal(vq.avail_idx, r->start);
	assert_int_equal(vq.used_idx, r->start);
	for (round = 0; round < 5; round++) {
		for (i = 0; i < 4; i++) {
			len[i] = tx_frame(d, f[i], 60 + i, round * 4 + i);
			assert_true(vd_tx_post(tx, f[i], len[i], NULL) >= 0);
		}
		vd_vq_kick(tx);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_int_equal(vd_vq_drain(tx), 4);
		for (i = 0; i < 4; i++)
			ut_expect_wire(e->c, f[i], len[i]);

		assert_int_equal(vd_rx_fill(rx, 8, 1526), 4 + 4 * !round);
		vd_vq_kick(rx);
		vd_card_run(e->c);
		for (i = 0; i < 4; i++) {
			len[i] = rx_frame(d, f[i], 60 + i, round * 4 + i);
			vd_wire_rx(e->c, f[i], len[i]);
		}
		for (i = 0; i < 4; i++) {
			assert_int_equal(vd_rx_recv(rx, &pkt), 1);
			assert_int_equal(pkt.len, len[i]);
			assert_memory_equal(pkt.data, f[i], len[i]);
		}
	}
	assert_int_equal(vd_vq_query(tx, &vq), 0);
	assert_int_equal(vq.avail_idx, (uint16_t)(r->start + 20));
	assert_int_equal(vq.used_idx, (uint16_t)(r->start + 20));
	assert_int_equal(vd_vq_query(rx, &vq), 0);
	assert_int_equal(vq.used_idx, (uint16_t)(r->start + 20));
	assert_int_equal(vq.broken, 0);
	ut_vq_clean(tx);
	ut_vq_clean(rx);
}

/* More than 65536 packets through an 8-entry ring, both directions. */
static void ring_wrap_long(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev_at(e, 0, 0);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	struct ovnic_resp_vq_query vq;
	const unsigned int total = 70000;
	uint8_t f[128];
	uint32_t len;
	unsigned int n, i;

	for (n = 0; n < total; n += 8) {
		for (i = 0; i < 8; i++) {
			len = tx_frame(d, f, 46, n + i);
			assert_true(vd_tx_post(tx, f, len, NULL) >= 0);
		}
		vd_vq_kick(tx);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_int_equal(vd_vq_drain(tx), 8);
		assert_int_equal(up_wire_pending(e->c->plat), 8);
		up_wire_clear(e->c->plat);
	}
	for (n = 0; n < total; n += 8) {
		assert_int_equal(vd_rx_fill(rx, 8, 256), 8);
		vd_vq_kick(rx);
		vd_card_run(e->c);
		len = rx_frame(d, f, 46, n);
		for (i = 0; i < 8; i++)
			vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_vq_drain(rx), 8);
	}
	assert_int_equal(vd_vq_query(tx, &vq), 0);
	assert_int_equal(vq.used_idx, (uint16_t)total);
	assert_int_equal(vq.avail_idx, (uint16_t)total);
	assert_int_equal(vd_vq_query(rx, &vq), 0);
	assert_int_equal(vq.used_idx, (uint16_t)total);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), total);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_PACKETS), total);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_NO_BUFFER), 0);
	ut_vq_clean(tx);
	ut_vq_clean(rx);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, ring_tx_single);
	UT_ADD_TABLE(&l, ring_tx_layout, tx_layouts);
	UT_ADD_TABLE(&l, ring_rx_layout, rx_layouts);
	UT_ADD(&l, ring_used_order_tx);
	UT_ADD(&l, ring_used_order_rx);
	UT_ADD(&l, ring_tx_single_packed);
	UT_ADD_TABLE(&l, ring_tx_layout_packed, tx_layouts);
	UT_ADD_TABLE(&l, ring_rx_layout_packed, rx_layouts);
	UT_ADD(&l, ring_used_order_tx_packed);
	UT_ADD(&l, ring_used_order_rx_packed);
	UT_ADD_TABLE(&l, ring_wrap_state, wrap_rows);
	UT_ADD(&l, ring_wrap_long);
	/* last: under UBSan a misaligned read aborts the binary */
	UT_ADD(&l, ring_indirect_unaligned);
	return ut_run("ring", &l);
}
