// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Split virtqueue walking (virtio 1.2 section 2.7): descriptor chains,
 * indirect tables, used ring order, index wraparound, notification and
 * interrupt suppression (flags and event index).
 */
#include "unit.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static struct vd_dev *ring_dev(struct ut_env *e, const struct vd_dev_cfg *cfg)
{
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	return ut_dev(e, 0, cfg);
}

/* A frame towards the wire (unknown destination) from @d. */
static uint32_t tx_frame(struct vd_dev *d, uint8_t *buf, uint32_t payload,
			 uint8_t seed)
{
	return vd_frame(buf, far_mac, d->mac, VD_NO_VLAN, 0x88b5, payload,
			seed);
}

/* A frame from the wire to @d. */
static uint32_t rx_frame(struct vd_dev *d, uint8_t *buf, uint32_t payload,
			 uint8_t seed)
{
	return vd_frame(buf, d->mac, far_mac, VD_NO_VLAN, 0x88b5, payload,
			seed);
}

static void ring_tx_single(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
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

static void ring_tx_layout(void **state)
{
	struct ut_env *e = *state;
	const struct tx_layout *l = e->param;
	struct vd_dev *d = ring_dev(e, NULL);
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

static void ring_rx_layout(void **state)
{
	struct ut_env *e = *state;
	const struct rx_layout *l = e->param;
	struct vd_dev_cfg cfg = { .mtu = l->mtu };
	struct vd_dev *d = ring_dev(e, &cfg);
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

/* Chains of different lengths make the heads non-sequential. */
static void ring_used_order_tx(void **state)
{
	static const unsigned int segs[] = { 3, 1, 2, 4, 1, 2, 5, 1 };
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
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

static void ring_used_order_rx(void **state)
{
	static const unsigned int segs[] = { 2, 1, 3, 1, 4, 2 };
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
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

static void ring_irq_basic(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;

	vd_rx_fill(rx, 4, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);

	len = tx_frame(d, f, 60, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(vd_vq_irqs(rx), 0);

	len = rx_frame(d, f, 60, 2);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_INTERRUPTS), 1);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_INTERRUPTS), 1);
}

/* 2.7.7: VIRTQ_AVAIL_F_NO_INTERRUPT without EVENT_IDX. */
static void ring_irq_no_interrupt_flag(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	vd_rx_fill(rx, 8, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);
	vd_vq_irq_disable(tx);
	vd_vq_irq_disable(rx);
	for (i = 0; i < 3; i++) {
		len = tx_frame(d, f, 60, i);
		ut_send(d, f, len);
		len = rx_frame(d, f, 60, i);
		vd_wire_rx(e->c, f, len);
	}
	assert_int_equal(vd_vq_used_pending(tx), 3);
	assert_int_equal(vd_vq_used_pending(rx), 3);
	assert_int_equal(vd_vq_irqs(tx), 0);
	assert_int_equal(vd_vq_irqs(rx), 0);

	vd_vq_irq_enable(tx);
	vd_vq_irq_enable(rx);
	len = tx_frame(d, f, 60, 9);
	ut_send(d, f, len);
	len = rx_frame(d, f, 60, 9);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_drain(tx), 4);
	assert_int_equal(vd_vq_drain(rx), 4);
}

/* One kick, a burst of 16 completions: one interrupt, not 16. */
static void ring_irq_one_per_burst(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	up_irq_clear(e->c->plat);
	for (i = 0; i < 16; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_vq_used_pending(tx), 16);
	assert_int_equal(vd_vq_irqs(tx), 1);
}

/* Without EVENT_IDX the card must leave NO_NOTIFY clear when idle. */
static void ring_no_notify_when_idle(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	for (i = 0; i < 5; i++) {
		uint32_t len = tx_frame(d, f, 60, i);

		assert_true(vd_tx_post(tx, f, len, NULL) >= 0);
		assert_int_equal(vd_vq_kick(tx), 1);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_false(tx->used->flags & VRING_USED_F_NO_NOTIFY);
		ut_expect_wire(e->c, f, len);
	}
	assert_int_equal(tx->kicks_suppressed, 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 5);
}

static const struct vd_dev_cfg event_idx_cfg = {
	.features = VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX),
};

/* 2.7.10: used_event tells the card when to interrupt. */
static void ring_event_idx_used_event(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	assert_true(vd_has(d, VIRTIO_RING_F_EVENT_IDX));
	vd_rx_fill(rx, 16, 1526);
	vd_vq_kick_run(rx);
	/*
	 * Warm up: like vhost, the card may interrupt for its first used
	 * entry whatever used_event says (a SHOULD NOT in 2.7.10, harmless).
	 */
	len = rx_frame(d, f, 60, 0);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_drain(rx), 1);
	vd_rx_fill(rx, 16, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);
	/* interrupt when the used index moves past 4 */
	vd_vq_set_used_event(rx, 4);
	for (i = 0; i < 3; i++) {
		vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_vq_irqs(rx), 0);
	}
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	/* the event index is behind now: no more interrupts */
	for (i = 0; i < 4; i++)
		vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_used_pending(rx), 8);
	/* used_event far ahead: nothing either */
	vd_vq_set_used_event(rx, 100);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	/* reaping re-arms at last_used: the next one interrupts */
	assert_int_equal(vd_vq_drain(rx), 9);
	vd_rx_fill(rx, 16, 1526);
	vd_vq_kick_run(rx);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 2);
}

static void ring_event_idx_tx_batch(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	up_irq_clear(e->c->plat);
	vd_vq_set_used_event(tx, 4);
	for (i = 0; i < 8; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	vd_card_run(e->c);
	assert_int_equal(vd_vq_used_pending(tx), 8);
	assert_int_equal(vd_vq_irqs(tx), 1);
	for (i = 0; i < 8; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	vd_card_run(e->c);
	assert_int_equal(vd_vq_used_pending(tx), 16);
	assert_int_equal(vd_vq_irqs(tx), 1);
	/* NO_INTERRUPT is ignored with EVENT_IDX (2.7.7.2) */
	vd_vq_set_used_event(tx, 16);
	vd_vq_irq_disable(tx);
	vd_tx_post(tx, f, tx_frame(d, f, 60, 0), NULL);
	vd_vq_kick(tx);
	vd_card_run(e->c);
	assert_int_equal(vd_vq_irqs(tx), 2);
}

/* 2.7.10: the card publishes avail_event so the driver knows to kick. */
static void ring_event_idx_avail_event(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	for (i = 0; i < 5; i++) {
		len = tx_frame(d, f, 60, i);
		vd_tx_post(tx, f, len, NULL);
		assert_int_equal(vd_vq_kick(tx), 1);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_int_equal(vd_vq_avail_event(tx), tx->avail_idx);
		ut_expect_wire(e->c, f, len);
	}
	assert_int_equal(tx->kicks_suppressed, 0);
}

/* A suppressed kick loses nothing: the card reads avail->idx. */
static void ring_event_idx_kick_suppressed(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, &event_idx_cfg);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[2][256];
	uint32_t len[2];

	len[0] = tx_frame(d, f[0], 60, 1);
	len[1] = tx_frame(d, f[1], 70, 2);
	vd_tx_post(tx, f[0], len[0], NULL);
	assert_int_equal(vd_vq_kick(tx), 1);
	vd_tx_post(tx, f[1], len[1], NULL);
	assert_int_equal(vd_vq_kick(tx), 0);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f[0], len[0]);
	ut_expect_wire(e->c, f[1], len[1]);
	assert_int_equal(vd_vq_drain(tx), 2);
}

static void ring_tx_too_big(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[2048];
	uint32_t len;
	struct vd_used u;

	len = tx_frame(d, f, 1500, 1);	/* 1514: MTU-sized */
	ut_send(d, f, len);
	ut_expect_wire(e->c, f, len);
	len = tx_frame(d, f, 1600, 2);
	ut_send(d, f, len);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_TOO_BIG), 1);
	assert_int_equal(vd_vq_drain(tx), 2);
	/* the queue keeps going */
	len = tx_frame(d, f, 100, 3);
	ut_send(d, f, len);
	ut_expect_wire(e->c, f, len);
	assert_int_equal(vd_vq_get(tx, &u), 1);
}

/* A small budget: the core reports work left and is polled again. */
static void ring_budget_resume(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	e->c->budget = 7;
	for (i = 0; i < 200; i++)
		assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL) >=
			    0);
	assert_int_equal(vd_vq_kick(tx), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 200);
	for (i = 0; i < 200; i++) {
		uint32_t len = tx_frame(d, f, 60, i);

		ut_expect_wire(e->c, f, len);
	}
	assert_int_equal(vd_vq_drain(tx), 200);
	assert_true(e->c->polls >= 200 / 7);
}

static uint64_t ring_wakes(struct up_plat *p)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < UP_MAX_CORES; i++)
		n += p->wake_count[i];
	return n;
}

/* @d sends a frame to the wire and receives one from it. */
static void ring_check_traffic(struct ut_env *e, struct vd_dev *d)
{
	static struct vd_rx_pkt pkt;
	struct vd_vq *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;

	len = tx_frame(d, f, 60, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	assert_int_equal(vd_rx_fill(rx, 1, 1526), 1);
	vd_vq_kick_run(rx);
	len = rx_frame(d, f, 60, 2);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
}

/*
 * Doorbells for queues or devices that don't exist change nothing: no
 * counter of a real queue (a kick counted on the wrong queue), no core
 * woken, no interrupt, no reset.
 */
static void ring_doorbell_bogus(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	uint32_t vals[] = { 3, 4, 64, 65, 1000, 0xffff, 0xffffffffu };
	uint64_t before[3][OVNIC_VQC_NUM], after[OVNIC_VQC_NUM];
	uint64_t wakes, irqs;
	unsigned int i, q;

	assert_int_equal(d->nvqs, 3);
	for (q = 0; q < d->nvqs; q++)
		assert_int_equal(vd_vq_stats(d->vq[q], before[q]), 0);
	wakes = ring_wakes(e->c->plat);
	irqs = e->c->plat->irq_total;
	for (i = 0; i < UT_ARRAY_SIZE(vals); i++) {
		ovnic_card_doorbell(e->c->card, 0, vals[i]);
		ovnic_card_doorbell(e->c->card, 5, vals[i] & 1);
		ovnic_card_doorbell(e->c->card, 0xffff, vals[i]);
		assert_int_equal(vd_card_run(e->c), 0);
	}
	for (q = 0; q < d->nvqs; q++) {
		assert_int_equal(vd_vq_stats(d->vq[q], after), 0);
		assert_memory_equal(after, before[q], sizeof(after));
	}
	assert_int_equal(ring_wakes(e->c->plat), wakes);
	assert_int_equal(e->c->plat->irq_total, irqs);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	ring_check_traffic(e, d);
}

/*
 * A queue kicked before it is ready is ignored, before DRIVER_OK and
 * after (DRIVER_OK kicks every queue itself): nothing is read from its
 * unset rings, which would break it, and once the driver enables it the
 * queue works.
 */
static void ring_kick_not_ready(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .dev_id = 0 };
	struct vd_dev *d;
	uint64_t irqs = e->c->plat->irq_total;
	struct ovnic_resp_vq_query vq;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	ovnic_card_doorbell(e->c->card, 0, 0);
	ovnic_card_doorbell(e->c->card, 0, 1);
	ovnic_card_doorbell(e->c->card, 0, 2);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);

	/* running, with the receive and control queues only */
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_setup_queue(d, 0, VD_DEF_QUEUE_SIZE), 0);
	assert_int_equal(vd_dev_setup_queue(d, 2, VD_DEF_QUEUE_SIZE), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	ovnic_card_doorbell(e->c->card, 0, 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), OVNIC_STATUS_OK);
	assert_int_equal(vq.ready, 0);
	assert_int_equal(vq.broken, 0);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	assert_int_equal(e->c->plat->irq_total, irqs);

	assert_int_equal(vd_dev_setup_queue(d, 1, VD_DEF_QUEUE_SIZE), 0);
	ring_check_traffic(e, d);
}

/* Every TX queue of a multiqueue device works; RX spreads over pairs. */
static void ring_multiqueue(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = 4 };
	struct vd_dev *d = ring_dev(e, &cfg);
	uint8_t f[256];
	unsigned int p, i, got = 0;
	uint32_t len;

	assert_true(vd_has(d, VIRTIO_NET_F_MQ));
	assert_int_equal(d->cvq_idx, 8);
	assert_int_equal(vd_ctrl_mq_pairs(d, 4), VIRTIO_NET_OK);
	for (p = 0; p < 4; p++) {
		struct vd_vq *tx = vd_txq(d, p);

		len = tx_frame(d, f, 60, p);
		vd_tx_post(tx, f, len, NULL);
		vd_vq_kick(tx);
		assert_int_equal(vd_card_run(e->c), 0);
		ut_expect_wire(e->c, f, len);
		assert_int_equal(vd_vq_drain(tx), 1);
		vd_rx_fill(vd_rxq(d, p), 64, 1526);
		vd_vq_kick_run(vd_rxq(d, p));
	}
	/* IPv4/UDP frames of 64 flows */
	for (i = 0; i < 64; i++) {
		static const uint8_t ip[] = {
			0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0,
			10, 0, 0, 0, 10, 0, 1, 1, 0, 7, 0, 53,
		};

		len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0800, 28, 0);
		memcpy(f + 14, ip, sizeof(ip));
		f[14 + 15] = i;		/* saddr */
		f[14 + 20] = i;		/* sport */
		vd_wire_rx(e->c, f, len);
	}
	for (p = 0; p < 4; p++)
		got += vd_vq_drain(vd_rxq(d, p));
	assert_int_equal(got, 64);
}

/* set_vq_ready(false) stops a queue where it is; ready again resumes. */
static void ring_disable_enable(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query vq;
	uint8_t f[3][128];
	uint32_t len[3];
	int i;

	len[0] = tx_frame(d, f[0], 60, 1);
	assert_int_equal(ut_send(d, f[0], len[0]), 0);
	ut_expect_wire(e->c, f[0], len[0]);
	m.qid = ovnic_cpu_to_le16(1);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	m.ready = 0;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), 0);
	for (i = 1; i < 3; i++) {
		len[i] = tx_frame(d, f[i], 60, i + 1);
		vd_tx_post(tx, f[i], len[i], NULL);
	}
	vd_vq_kick_force(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(vd_vq_query(tx, &vq), 0);
	assert_int_equal(vq.ready, 0);
	assert_int_equal(vq.avail_idx, 1);
	assert_int_equal(vq.used_idx, 1);
	m.ready = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), 0);
	vd_vq_kick_force(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f[1], len[1]);
	ut_expect_wire(e->c, f[2], len[2]);
	assert_int_equal(vd_vq_drain(tx), 3);
}

/* The largest ring the card allows. */
static void ring_max_size(void **state)
{
	struct ovnic_card_params p = { .max_devices = 2, .max_vqp = 1,
				       .max_queue_size = 32768,
				       .num_cores = 1 };
	struct vd_dev_cfg cfg = { .queue_size = 32768 };
	struct ut_env *e;
	struct vd_dev *d;
	uint8_t f[128];
	int i;

	ut_teardown(state);
	e = ut_env_new(&p);
	*state = e;
	d = ring_dev(e, &cfg);
	for (i = 0; i < 3000; i++)
		assert_true(vd_tx_post(vd_txq(d, 0), f,
				       tx_frame(d, f, 46, i), NULL) >= 0);
	assert_int_equal(vd_vq_kick_run(vd_txq(d, 0)), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 3000);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 3000);
	vd_rx_fill(vd_rxq(d, 0), 1024, 256);
	vd_vq_kick_run(vd_rxq(d, 0));
	for (i = 0; i < 100; i++) {
		uint32_t len = rx_frame(d, f, 46, i);

		vd_wire_rx(e->c, f, len);
	}
	assert_int_equal(vd_vq_drain(vd_rxq(d, 0)), 100);
}

struct cores_row {
	const char *name;
	unsigned int cores;
	unsigned int devs;
};

static const struct cores_row cores_rows[] = {
	{ "1_core", 1, 2 },
	{ "3_cores", 3, 3 },
	{ "16_cores", 16, 4 },
};

/* Any number of cores: every queue of every device gets served. */
static void ring_cores(void **state)
{
	const struct cores_row *r = ((struct ut_env *)*state)->param;
	struct ovnic_card_params p = { .max_devices = 8, .max_vqp = 4,
				       .max_queue_size = 256,
				       .num_cores = r->cores };
	struct ut_env *e;
	struct vd_dev_cfg cfg = { .max_vqp = 4, .queue_size = 64 };
	unsigned int i, q;
	uint8_t f[128];

	/* replace the default card with one of r->cores cores */
	ut_teardown(state);
	e = ut_env_new(&p);
	*state = e;
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < r->devs; i++)
		ut_dev(e, i, &cfg);
	for (i = 0; i < r->devs; i++) {
		struct vd_dev *d = e->dev[i];

		assert_int_equal(vd_ctrl_mq_pairs(d, 4), VIRTIO_NET_OK);
		for (q = 0; q < 4; q++) {
			uint32_t len = tx_frame(d, f, 50, i * 4 + q);

			vd_tx_post(vd_txq(d, q), f, len, NULL);
			vd_vq_kick(vd_txq(d, q));
		}
	}
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 4 * r->devs);
	for (i = 0; i < r->devs; i++)
		for (q = 0; q < 4; q++)
			assert_int_equal(vd_vq_drain(vd_txq(e->dev[i], q)), 1);
	for (i = r->cores; i < UP_MAX_CORES; i++)
		assert_int_equal(e->c->plat->wake_count[i], 0);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, ring_tx_single);
	UT_ADD_TABLE(&l, ring_tx_layout, tx_layouts);
	UT_ADD_TABLE(&l, ring_rx_layout, rx_layouts);
	UT_ADD(&l, ring_used_order_tx);
	UT_ADD(&l, ring_used_order_rx);
	UT_ADD_TABLE(&l, ring_wrap_state, wrap_rows);
	UT_ADD(&l, ring_wrap_long);
	UT_ADD(&l, ring_irq_basic);
	UT_ADD(&l, ring_irq_no_interrupt_flag);
	UT_ADD(&l, ring_irq_one_per_burst);
	UT_ADD(&l, ring_no_notify_when_idle);
	UT_ADD(&l, ring_event_idx_used_event);
	UT_ADD(&l, ring_event_idx_tx_batch);
	UT_ADD(&l, ring_event_idx_avail_event);
	UT_ADD(&l, ring_event_idx_kick_suppressed);
	UT_ADD(&l, ring_tx_too_big);
	UT_ADD(&l, ring_budget_resume);
	UT_ADD(&l, ring_doorbell_bogus);
	UT_ADD(&l, ring_kick_not_ready);
	UT_ADD(&l, ring_multiqueue);
	UT_ADD_TABLE(&l, ring_cores, cores_rows);
	UT_ADD(&l, ring_disable_enable);
	UT_ADD(&l, ring_max_size);
	/* last: under UBSan a misaligned read aborts the binary */
	UT_ADD(&l, ring_indirect_unaligned);
	return ut_run("ring", &l);
}
