// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Packed virtqueues (virtio 1.2 section 2.8, VIRTIO_F_RING_PACKED): every
 * queue of a device that negotiated it is one descriptor ring with wrap
 * counters.  Chains direct and indirect, mergeable buffers, laps of odd
 * sizes, chains across the ring's end, event suppression both ways
 * (2.8.10), the control queue, the state VQ_QUERY reports and VQ_MODIFY
 * restores, and broken rings.  test_ring.c runs its layouts in both.
 */
#include <errno.h>

#include "test_ring.h"
#include "vdriver_offload.h"

#define PK_F_EVENT_IDX	(VD_F_PACKED | VD_BIT(VIRTIO_RING_F_EVENT_IDX))
#define PK_WRAP		VD_PACKED_WRAP
#define PK_F_AVAIL	(1u << VRING_PACKED_DESC_F_AVAIL)
#define PK_F_USED	(1u << VRING_PACKED_DESC_F_USED)
#define BAD_IOVA	0x1000ull	/* nothing is ever mapped there */

static const uint64_t f_plain = VD_F_PACKED;
static const uint64_t f_event_idx = PK_F_EVENT_IDX;

static struct vd_dev *pk_dev(struct ut_env *e, uint64_t features,
			     uint16_t queue_size)
{
	struct vd_dev_cfg cfg = { .features = features,
				  .queue_size = queue_size };
	struct vd_dev *d = ring_dev(e, &cfg);

	assert_true(vd_has(d, VIRTIO_F_RING_PACKED));
	assert_true(vd_vq_packed(vd_txq(d, 0)));
	return d;
}

/*
 * The card's state of @q is what the driver thinks it is, with every used
 * descriptor reaped: its used position, and with nothing outstanding its
 * available one too (a buffer the card has not taken isn't in it).
 */
static void pk_check_state(struct vd_vq *q)
{
	struct ovnic_resp_vq_query vq;

	assert_int_equal(vd_vq_query(q, &vq), 0);
	assert_int_equal(vq.broken, 0);
	assert_int_equal(ovnic_le16_to_cpu(vq.used_idx), vd_vq_used_state(q));
	if (vd_vq_free_descs(q) == q->size)
		assert_int_equal(ovnic_le16_to_cpu(vq.avail_idx),
				 vd_vq_avail_state(q));
}

/* Send @len bytes of @f on @q's device: kicked, run, on the wire, reaped. */
static void pk_tx_one(struct ut_env *e, struct vd_vq *q, const uint8_t *f,
		      uint32_t len, const struct vd_tx_opts *o)
{
	struct vd_used u;
	int head = vd_tx_post(q, f, len, o);

	assert_true(head >= 0);
	vd_vq_kick(q);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f, len);
	assert_int_equal(vd_vq_get(q, &u), 1);
	assert_int_equal(u.id, head);
	assert_int_equal(u.len, 0);
}

/* ---- negotiation and state ---- */

/* FEATURES_OK with RING_PACKED: every queue at position 0, counter 1. */
static void packed_negotiate(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .features = VD_F_PACKED, .max_vqp = 2 };
	struct ovnic_resp_vq_query vq;
	struct ovnic_resp_dev_query dq;
	struct vd_dev *d;
	unsigned int q;
	int err;

	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_query(d, &dq), 0);
	assert_true(ovnic_le64_to_cpu(dq.device_features) &
		    VD_BIT(VIRTIO_F_RING_PACKED));
	assert_int_equal(vd_dev_negotiate(d, VD_F_PACKED), 0);
	assert_int_equal(vd_dev_query(d, &dq), 0);
	assert_true(ovnic_le64_to_cpu(dq.driver_features) &
		    VD_BIT(VIRTIO_F_RING_PACKED));
	for (q = 0; q < 5; q++) {
		assert_int_equal(vd_cmd_vq_query(e->c, 0, q, &vq), 0);
		assert_int_equal(ovnic_le16_to_cpu(vq.avail_idx), PK_WRAP);
		assert_int_equal(ovnic_le16_to_cpu(vq.used_idx), PK_WRAP);
	}
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	for (q = 0; q < d->nvqs; q++) {
		assert_true(vd_vq_packed(d->vq[q]));
		pk_check_state(d->vq[q]);
	}
}

/*
 * Packed sizes need not be powers of two (2.8), up to the card's maximum;
 * each goes round its ring once and a bit.
 */
static void packed_queue_sizes(void **state)
{
	static const uint16_t ok[] = { 1, 3, 7, 100, 255, 4095, 4096 };
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .features = VD_F_PACKED };
	struct vd_dev *d;
	uint8_t f[256];
	unsigned int i, k;
	uint32_t len;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	for (i = 0; i < UT_ARRAY_SIZE(ok); i++) {
		assert_int_equal(vd_dev_reset(d), 0);
		assert_int_equal(vd_dev_negotiate(d, VD_F_PACKED), 0);
		assert_int_equal(vd_dev_setup_queue(d, 0, ok[i]), 0);
		assert_int_equal(vd_dev_setup_queue(d, 1, ok[i]), 0);
		assert_int_equal(vd_dev_driver_ok(d), 0);
		for (k = 0; k < ok[i] + 2u && k < 300; k++) {
			len = tx_frame(d, f, 60 + k % 100, (uint8_t)k);
			pk_tx_one(e, vd_txq(d, 0), f, len, NULL);
		}
		pk_check_state(vd_txq(d, 0));
	}
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, VD_F_PACKED), 0);
	assert_int_not_equal(vd_dev_setup_queue(d, 1, 4097), 0);
}

/* ---- transmit and receive ---- */

/* Frames both ways between a packed device and a split one. */
static void packed_to_split(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *p = pk_dev(e, VD_F_PACKED, 0);
	struct vd_dev *s = ut_dev(e, 1, NULL);
	static struct vd_rx_pkt pkt;
	uint8_t f[256];
	uint32_t len;
	int i;

	assert_false(vd_vq_packed(vd_txq(s, 0)));
	vd_rx_fill(vd_rxq(p, 0), 8, 1526);
	vd_vq_kick_run(vd_rxq(p, 0));
	vd_rx_fill(vd_rxq(s, 0), 8, 1526);
	vd_vq_kick_run(vd_rxq(s, 0));
	for (i = 0; i < 4; i++) {
		len = vd_frame(f, s->mac, p->mac, VD_NO_VLAN, 0x88b5, 100 + i,
			       (uint8_t)i);
		assert_int_equal(ut_send(p, f, len), 0);
		assert_int_equal(vd_rx_recv(vd_rxq(s, 0), &pkt), 1);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		len = vd_frame(f, p->mac, s->mac, VD_NO_VLAN, 0x88b5, 200 + i,
			       (uint8_t)(i + 50));
		assert_int_equal(ut_send(s, f, len), 0);
		assert_int_equal(vd_rx_recv(vd_rxq(p, 0), &pkt), 1);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
	}
	assert_int_equal(vd_vq_drain(vd_txq(p, 0)), 4);
	assert_int_equal(vd_vq_drain(vd_txq(s, 0)), 4);
	pk_check_state(vd_txq(p, 0));
	pk_check_state(vd_rxq(p, 0));
	ut_vq_clean(vd_txq(p, 0));
	ut_vq_clean(vd_rxq(p, 0));
}

/*
 * Direct chains of several slots and indirect ones of one, mixed: each
 * used descriptor skips its chain's slots, every slot comes back.
 */
static void packed_mixed_chains(void **state)
{
	static const struct { unsigned int nsegs; bool indirect; } mix[] = {
		{ 3, false }, { 5, true }, { 1, false }, { 16, true },
		{ 2, false }, { 7, false }, { 1, true }, { 4, false },
	};
	struct ut_env *e = *state;
	struct vd_dev *d = pk_dev(e, VD_F_PACKED, 16);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	static struct vd_rx_pkt pkt;
	uint8_t f[UT_ARRAY_SIZE(mix)][1600];
	uint32_t len[UT_ARRAY_SIZE(mix)];
	int head[UT_ARRAY_SIZE(mix)];
	unsigned int round, i;
	struct vd_used u;

	for (round = 0; round < 6; round++) {
		for (i = 0; i < UT_ARRAY_SIZE(mix); i++) {
			struct vd_tx_opts o = { .nsegs = mix[i].nsegs,
						.indirect = mix[i].indirect };

			len[i] = tx_frame(d, f[i], 1000 + i, round * 8 + i);
			head[i] = vd_tx_post(tx, f[i], len[i], &o);
			if (head[i] == -ENOSPC) {
				/* the ring is full: send what is there */
				vd_vq_kick_run(tx);
				while (vd_vq_get(tx, &u) == 1)
					;
				head[i] = vd_tx_post(tx, f[i], len[i], &o);
			}
			assert_true(head[i] >= 0);
		}
		assert_int_equal(vd_vq_kick_run(tx), 0);
		vd_vq_drain(tx);
		for (i = 0; i < UT_ARRAY_SIZE(mix); i++)
			ut_expect_wire(e->c, f[i], len[i]);
		assert_int_equal(vd_vq_free_descs(tx), tx->size);

		for (i = 0; i < 4; i++) {
			struct vd_rx_opts o = { .nsegs = mix[i].nsegs,
						.indirect = mix[i].indirect };

			head[i] = vd_rx_post(rx, 1526, &o);
			assert_true(head[i] >= 0);
		}
		vd_vq_kick_run(rx);
		for (i = 0; i < 4; i++) {
			len[i] = rx_frame(d, f[i], 900 + i, round + i);
			vd_wire_rx(e->c, f[i], len[i]);
		}
		for (i = 0; i < 4; i++) {
			assert_int_equal(vd_rx_recv(rx, &pkt), 1);
			assert_int_equal(pkt.id, head[i]);
			assert_int_equal(pkt.len, len[i]);
			assert_memory_equal(pkt.data, f[i], len[i]);
		}
		assert_int_equal(vd_vq_free_descs(rx), rx->size);
	}
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_BAD_DESC), 0);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_BAD_DESC), 0);
	pk_check_state(tx);
	pk_check_state(rx);
	ut_vq_clean(tx);
	ut_vq_clean(rx);
}

/* 2.8.3: a chain that starts in the last slots and ends in the first. */
static void packed_chain_across_end(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = pk_dev(e, VD_F_PACKED, 8);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	struct vd_tx_opts four = { .nsegs = 4 };
	struct vd_rx_opts three = { .nsegs = 3 };
	static struct vd_rx_pkt pkt;
	uint8_t f[1600];
	uint32_t len;
	int i, head;

	for (i = 0; i < 6; i++) {
		len = tx_frame(d, f, 60, (uint8_t)i);
		pk_tx_one(e, tx, f, len, NULL);
	}
	assert_int_equal(vd_vq_avail_state(tx), PK_WRAP | 6);
	/* slots 6, 7, 0, 1: the wrap counter flips inside the chain */
	len = tx_frame(d, f, 1400, 77);
	pk_tx_one(e, tx, f, len, &four);
	assert_int_equal(vd_vq_avail_state(tx), 2);
	assert_int_equal(vd_vq_used_state(tx), 2);
	pk_check_state(tx);
	/* and a whole lap more of them */
	for (i = 0; i < 5; i++) {
		len = tx_frame(d, f, 1000 + i, (uint8_t)(80 + i));
		pk_tx_one(e, tx, f, len, &four);
	}
	pk_check_state(tx);

	for (i = 0; i < 7; i++) {
		assert_true(vd_rx_post(rx, 1526, NULL) >= 0);
		vd_vq_kick_run(rx);
		len = rx_frame(d, f, 60, (uint8_t)i);
		vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	}
	head = vd_rx_post(rx, 1526, &three);	/* slots 7, 0, 1 */
	assert_true(head >= 0);
	vd_vq_kick_run(rx);
	len = rx_frame(d, f, 1500, 99);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_int_equal(pkt.id, head);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
	assert_int_equal(vd_vq_used_state(rx), 2);
	pk_check_state(rx);
	ut_vq_clean(tx);
	ut_vq_clean(rx);
}

struct lap_row {
	const char *name;
	uint16_t size;
	unsigned int frames;
	unsigned int max_segs;	/* chains of 1..max_segs slots */
	bool indirect;		/* every third chain */
};

static const struct lap_row lap_rows[] = {
	{ "size_1",	1,   40,   1 },
	{ "size_3",	3,   100,  3 },
	{ "size_7",	7,   300,  4, true },
	{ "size_100",	100, 1000, 9, true },
	{ "size_255",	255, 2000, 5 },
};

/*
 * Laps of a ring whose size is no power of two: chains of varying length
 * land anywhere, cross the end, posted in bursts that fill the ring; the
 * card's state follows the driver's throughout.
 */
static void packed_laps(void **state)
{
	struct ut_env *e = *state;
	const struct lap_row *r = e->param;
	struct vd_dev *d = pk_dev(e, VD_F_PACKED, r->size);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	static struct vd_rx_pkt pkt;
	static uint8_t f[256][256];
	uint32_t len[256];
	unsigned int n = 0, k, i, bursts = 0;

	while (n < r->frames) {
		for (k = 0; k < 256 && n + k < r->frames; k++) {
			unsigned int segs = 1 + (n + k) % r->max_segs;
			struct vd_tx_opts o = {
				.nsegs = segs,
				.indirect = r->indirect && (n + k) % 3 == 0,
			};

			if ((o.indirect ? 1 : segs) > vd_vq_free_descs(tx))
				break;
			len[k] = tx_frame(d, f[k], 40 + (n + k) % 150,
					  (uint8_t)(n + k));
			if (vd_tx_post(tx, f[k], len[k], &o) < 0)
				break;
		}
		assert_true(k > 0);
		vd_vq_kick(tx);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_int_equal(vd_vq_drain(tx), (int)k);
		for (i = 0; i < k; i++)
			ut_expect_wire(e->c, f[i], len[i]);
		assert_int_equal(vd_vq_free_descs(tx), r->size);
		if (bursts++ % 7 == 0)
			pk_check_state(tx);
		n += k;
	}
	pk_check_state(tx);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), r->frames);

	for (n = 0; n < r->frames; n += k) {
		for (k = 0; k < r->size && n + k < r->frames; k++) {
			struct vd_rx_opts o = {
				.nsegs = 1 + (n + k) % r->max_segs,
				.indirect = r->indirect && (n + k) % 3 == 1,
			};

			if ((o.indirect ? 1 : o.nsegs) > vd_vq_free_descs(rx))
				break;
			assert_true(vd_rx_post(rx, 1526, &o) >= 0);
		}
		assert_true(k > 0);
		vd_vq_kick_run(rx);
		for (i = 0; i < k; i++) {
			len[i] = rx_frame(d, f[i], 46 + i % 100,
					  (uint8_t)(n + i));
			vd_wire_rx(e->c, f[i], len[i]);
		}
		for (i = 0; i < k; i++) {
			assert_int_equal(vd_rx_recv(rx, &pkt), 1);
			assert_int_equal(pkt.len, len[i]);
			assert_memory_equal(pkt.data, f[i], len[i]);
		}
		assert_int_equal(vd_rx_recv(rx, &pkt), 0);
		assert_int_equal(vd_vq_free_descs(rx), r->size);
	}
	pk_check_state(rx);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_PACKETS), r->frames);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_NO_BUFFER), 0);
	ut_vq_clean(tx);
	ut_vq_clean(rx);
}

/* ---- mergeable receive buffers (5.1.6.3.2) ---- */

static struct vd_dev *pk_mrg_dev(struct ut_env *e, uint16_t queue_size)
{
	struct vd_dev_cfg cfg = {
		.offered = VD_F_CARD_OFFLOAD,
		.features = VD_F_PACKED | VD_BIT(VIRTIO_NET_F_MRG_RXBUF),
		.queue_size = queue_size,
		.mtu = 9000,
	};
	struct vd_dev *d = ring_dev(e, &cfg);

	assert_true(vd_has(d, VIRTIO_NET_F_MRG_RXBUF));
	return d;
}

/*
 * Jumbo frames over 1536-byte buffers of a 10-slot ring: each frame takes
 * six used descriptors, num_buffers says so, and the chains wrap.
 */
static void packed_mrg_rx(void **state)
{
	static struct vd_rx_frame rf;
	static uint8_t f[VD_MAX_FRAME];
	struct ut_env *e = *state;
	struct vd_dev *d = pk_mrg_dev(e, 10);
	struct vd_vq *rx = vd_rxq(d, 0);
	int heads[10];
	unsigned int round, i, need;
	uint32_t len;

	for (round = 0; round < 7; round++) {
		len = rx_frame(d, f, 8000 + round * 100, (uint8_t)round);
		need = (VD_NET_HDR_LEN + len + 1535) / 1536;
		for (i = 0; i < need + round % 3; i++) {
			heads[i] = vd_rx_post(rx, 1536, NULL);
			assert_true(heads[i] >= 0);
		}
		assert_int_equal(vd_vq_kick_run(rx), 0);
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
		assert_int_equal(vd_vq_used_pending(rx), need);
		assert_int_equal(vd_rx_recv_frame(rx, &rf), 1);
		assert_int_equal(rf.nbufs, need);
		assert_int_equal(rf.hdr.num_buffers, need);
		assert_int_equal(rf.len, len);
		assert_memory_equal(rf.data, f, len);
		for (i = 0; i < need; i++) {
			assert_int_equal(rf.id[i], heads[i]);
			assert_int_equal(rf.used_len[i], i + 1 < need ? 1536 :
					 VD_NET_HDR_LEN + len - 1536 * i);
		}
		/* the spare buffers are the next frame's first */
		vd_vq_drain(rx);
		assert_int_equal(vd_rx_recv_frame(rx, &rf), 0);
		len = rx_frame(d, f, 100, (uint8_t)(round + 100));
		for (i = need; i < need + round % 3; i++) {
			assert_int_equal(vd_wire_rx(e->c, f, len), 0);
			assert_int_equal(vd_rx_recv_frame(rx, &rf), 1);
			assert_int_equal(rf.nbufs, 1);
			assert_int_equal(rf.id[0], heads[i]);
			assert_int_equal(rf.len, len);
		}
		assert_int_equal(vd_vq_free_descs(rx), rx->size);
		pk_check_state(rx);
	}
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_NO_BUFFER), 0);
	ut_vq_clean(rx);
}

/*
 * A frame that runs out of buffers mid-way is dropped with nothing used:
 * the driver sees no descriptor, the card's used position stays, and the
 * next frame fills those buffers from the first.
 */
static void packed_mrg_out_of_buffers(void **state)
{
	static struct vd_rx_frame rf;
	static uint8_t f[VD_MAX_FRAME];
	struct ut_env *e = *state;
	struct vd_dev *d = pk_mrg_dev(e, 7);
	struct vd_vq *rx = vd_rxq(d, 0);
	struct ovnic_resp_vq_query vq;
	uint16_t used_before;
	int heads[7];
	unsigned int i, lap;
	uint32_t len;

	for (lap = 0; lap < 3; lap++) {
		/* 5 slots land the next lap's posting across the end */
		for (i = 0; i < 5; i++) {
			assert_true(vd_rx_post(rx, 1536, NULL) >= 0);
			vd_vq_kick_run(rx);
			len = rx_frame(d, f, 60, (uint8_t)i);
			vd_wire_rx(e->c, f, len);
			assert_int_equal(vd_rx_recv_frame(rx, &rf), 1);
		}
		used_before = vd_vq_used_state(rx);
		for (i = 0; i < 3; i++) {
			heads[i] = vd_rx_post(rx, 1536, NULL);
			assert_true(heads[i] >= 0);
		}
		assert_int_equal(vd_vq_kick_run(rx), 0);
		len = rx_frame(d, f, 8000, (uint8_t)(lap + 1));
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
		assert_int_equal(vd_vq_used_pending(rx), 0);
		assert_int_equal(vd_rx_recv_frame(rx, &rf), 0);
		assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_NO_BUFFER), lap + 1);
		assert_int_equal(vd_vq_query(rx, &vq), 0);
		assert_int_equal(ovnic_le16_to_cpu(vq.used_idx), used_before);
		assert_int_equal(vq.broken, 0);

		/* a small frame takes the first of them */
		len = rx_frame(d, f, 500, (uint8_t)(lap + 10));
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
		assert_int_equal(vd_rx_recv_frame(rx, &rf), 1);
		assert_int_equal(rf.nbufs, 1);
		assert_int_equal(rf.id[0], heads[0]);
		assert_int_equal(rf.len, len);
		assert_memory_equal(rf.data, f, len);
		/* and a 4000-byte one the other two and one more */
		heads[3] = vd_rx_post(rx, 1536, NULL);
		assert_true(heads[3] >= 0);
		assert_int_equal(vd_vq_kick_run(rx), 0);
		len = rx_frame(d, f, 4000, (uint8_t)(lap + 20));
		assert_int_equal(vd_wire_rx(e->c, f, len), 0);
		assert_int_equal(vd_rx_recv_frame(rx, &rf), 1);
		assert_int_equal(rf.nbufs, 3);
		for (i = 0; i < 3; i++)
			assert_int_equal(rf.id[i], heads[i + 1]);
		assert_int_equal(rf.len, len);
		assert_memory_equal(rf.data, f, len);
		assert_int_equal(vd_vq_free_descs(rx), rx->size);
		pk_check_state(rx);
	}
	ut_vq_clean(rx);
}

/* ---- event suppression (2.8.10) ---- */

static void packed_irq_basic(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = pk_dev(e, VD_F_PACKED, 0);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

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

	/* one kick, a burst of 16 completions: one interrupt */
	for (i = 0; i < 16; i++)
		vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL);
	vd_vq_kick(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_vq_used_pending(tx), 17);
	assert_int_equal(vd_vq_irqs(tx), 2);
}

/*
 * The driver area's flags: disable stops used buffer notifications, with
 * EVENT_IDX too (unlike split's NO_INTERRUPT hint, 2.8.10 makes it a
 * rule); enable brings them back.
 */
static void packed_irq_disable(void **state)
{
	struct ut_env *e = *state;
	const uint64_t *features = e->param;
	struct vd_dev *d = pk_dev(e, *features, 0);
	struct vd_vq *tx = vd_txq(d, 0), *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	vd_rx_fill(rx, 8, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);
	vd_vq_irq_disable(tx);
	vd_vq_irq_disable(rx);
	assert_int_equal(tx->driver_event->flags,
			 VRING_PACKED_EVENT_FLAG_DISABLE);
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
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_INTERRUPTS), 0);

	/* reap, then enable (with EVENT_IDX: the event at the next one) */
	assert_int_equal(vd_vq_drain(tx), 3);
	assert_int_equal(vd_vq_drain(rx), 3);
	vd_vq_irq_enable(tx);
	vd_vq_irq_enable(rx);
	len = tx_frame(d, f, 60, 9);
	ut_send(d, f, len);
	len = rx_frame(d, f, 60, 9);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(tx), 1);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_drain(tx), 1);
	assert_int_equal(vd_vq_drain(rx), 1);
}

/*
 * Desc mode: off_wrap names the used descriptor whose writing interrupts,
 * across the end of an 8-slot ring and into the next lap.
 */
static void packed_event_desc(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = pk_dev(e, PK_F_EVENT_IDX, 8);
	struct vd_vq *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;
	int i;

	assert_true(vd_has(d, VIRTIO_RING_F_EVENT_IDX));
	len = rx_frame(d, f, 60, 0);
	/* to slot 5, as a warm-up (the first may interrupt regardless) */
	for (i = 0; i < 5; i++) {
		assert_true(vd_rx_post(rx, 1526, NULL) >= 0);
		vd_vq_kick_run(rx);
		vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_vq_drain(rx), 1);
	}
	vd_rx_fill(rx, 8, 1526);
	vd_vq_kick_run(rx);
	up_irq_clear(e->c->plat);
	/* the 4th from here: slot 0 of the next lap */
	vd_vq_set_used_event(rx, vd_vq_used_event_in(rx, 3));
	assert_int_equal(rx->driver_event->off_wrap, 0);
	assert_int_equal(rx->driver_event->flags,
			 VRING_PACKED_EVENT_FLAG_DESC);
	for (i = 0; i < 3; i++) {
		vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_vq_irqs(rx), 0);
	}
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	/* behind now: no more */
	for (i = 0; i < 3; i++)
		vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 1);
	assert_int_equal(vd_vq_used_pending(rx), 7);
	/* reaping moves the event along: the next one interrupts */
	assert_int_equal(vd_vq_drain(rx), 7);
	assert_int_equal(rx->driver_event->off_wrap, vd_vq_used_state(rx));
	vd_rx_fill(rx, 8, 1526);
	vd_vq_kick_run(rx);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 2);
	/* an event a lap ahead (other wrap counter) waits for that lap */
	assert_int_equal(vd_vq_drain(rx), 1);
	vd_vq_set_used_event(rx, vd_vq_used_event_in(rx, 6));
	for (i = 0; i < 6; i++)
		vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 2);
	vd_wire_rx(e->c, f, len);
	assert_int_equal(vd_vq_irqs(rx), 3);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_INTERRUPTS), 8);
	ut_vq_clean(rx);
}

/*
 * The device area: without EVENT_IDX the card leaves it at enable, and
 * every kick goes; with it the card asks, in desc mode, for a kick when
 * its next available slot is made available, so a second post before it
 * ran needs no kick - and loses nothing.
 */
static void packed_device_area(void **state)
{
	struct ut_env *e = *state;
	const uint64_t *features = e->param;
	bool event_idx = *features & VD_BIT(VIRTIO_RING_F_EVENT_IDX);
	struct vd_dev *d = pk_dev(e, *features, 8);
	struct vd_vq *tx = vd_txq(d, 0);
	struct vd_tx_opts two = { .nsegs = 2 };
	uint8_t f[2][256];
	uint32_t len[2];
	int i;

	for (i = 0; i < 11; i++) {
		len[0] = tx_frame(d, f[0], 60, (uint8_t)i);
		assert_true(vd_tx_post(tx, f[0], len[0], i % 3 ? NULL :
				       &two) >= 0);
		assert_int_equal(vd_vq_kick(tx), 1);
		assert_int_equal(vd_card_run(e->c), 0);
		ut_expect_wire(e->c, f[0], len[0]);
		assert_int_equal(vd_vq_drain(tx), 1);
		if (event_idx) {
			assert_int_equal(tx->device_event->flags,
					 VRING_PACKED_EVENT_FLAG_DESC);
			assert_int_equal(vd_vq_avail_event(tx),
					 vd_vq_avail_state(tx));
		} else {
			assert_int_equal(tx->device_event->flags,
					 VRING_PACKED_EVENT_FLAG_ENABLE);
		}
	}
	assert_int_equal(tx->kicks_suppressed, 0);

	len[0] = tx_frame(d, f[0], 60, 1);
	len[1] = tx_frame(d, f[1], 70, 2);
	vd_tx_post(tx, f[0], len[0], NULL);
	assert_int_equal(vd_vq_kick(tx), 1);
	vd_tx_post(tx, f[1], len[1], &two);
	assert_int_equal(vd_vq_kick(tx), !event_idx);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f[0], len[0]);
	ut_expect_wire(e->c, f[1], len[1]);
	assert_int_equal(vd_vq_drain(tx), 2);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 12 + !event_idx);
}

/*
 * A transmit queue the card is serving wants no kicks: stopped by its
 * budget with work left, the card says DISABLE, and the driver's next
 * post needs none; run dry, it asks again (desc at its position, or
 * enable).  Left asking, a driver would pass the stale position again
 * every second lap.
 */
static void packed_no_kicks_while_served(void **state)
{
	struct ut_env *e = *state;
	const uint64_t *features = e->param;
	bool event_idx = *features & VD_BIT(VIRTIO_RING_F_EVENT_IDX);
	struct vd_dev *d = pk_dev(e, *features, 64);
	struct vd_vq *tx = vd_txq(d, 0);
	unsigned int core, i;
	uint8_t f[256];

	for (i = 0; i < 40; i++)
		assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, (uint8_t)i),
				       NULL) >= 0);
	assert_int_equal(vd_vq_kick(tx), 1);
	for (core = 0; core < e->c->params.num_cores; core++)
		ovnic_card_core_poll(e->c->card, core, 8);
	assert_true(ut_ctr(tx, OVNIC_VQC_PACKETS) < 40);
	assert_int_equal(tx->device_event->flags,
			 VRING_PACKED_EVENT_FLAG_DISABLE);
	assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, 40), NULL) >= 0);
	assert_int_equal(vd_vq_kick(tx), 0);

	assert_int_equal(vd_card_run(e->c), 0);
	for (i = 0; i < 41; i++)
		ut_expect_wire(e->c, f, tx_frame(d, f, 60, (uint8_t)i));
	assert_int_equal(vd_vq_drain(tx), 41);
	if (event_idx) {
		assert_int_equal(tx->device_event->flags,
				 VRING_PACKED_EVENT_FLAG_DESC);
		assert_int_equal(vd_vq_avail_event(tx), vd_vq_avail_state(tx));
	} else {
		assert_int_equal(tx->device_event->flags,
				 VRING_PACKED_EVENT_FLAG_ENABLE);
	}
	assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, 41), NULL) >= 0);
	assert_int_equal(vd_vq_kick(tx), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f, tx_frame(d, f, 60, 41));
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_KICKS), 2);
}

/* ---- control queue ---- */

/* Commands on a packed 8-slot control queue, for several laps. */
static void packed_ctrlq(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .features = VD_F_PACKED, .max_vqp = 2,
				  .queue_size = 8 };
	struct vd_dev *d = ring_dev(e, &cfg);
	struct vd_vq *cvq = vd_cvq(d);
	uint8_t junk = 0;
	int i;

	assert_true(vd_vq_packed(cvq));
	assert_int_equal(d->cvq_idx, 4);
	for (i = 0; i < 10; i++) {
		assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC,
						 i & 1), VIRTIO_NET_OK);
		assert_int_equal(vd_ctrl_rx_mode(d,
						 VIRTIO_NET_CTRL_RX_ALLMULTI,
						 !(i & 1)), VIRTIO_NET_OK);
		assert_int_equal(vd_ctrl_vlan(d, true, 100 + i),
				 VIRTIO_NET_OK);
		assert_int_equal(vd_ctrl_vlan(d, false, 100 + i),
				 VIRTIO_NET_OK);
		assert_int_equal(vd_ctrl_mq_pairs(d, 1 + i % 2),
				 VIRTIO_NET_OK);
		/* a class nobody knows: answered ERR, counted */
		assert_int_equal(vd_ctrl(d, 0x7f, 0, &junk, 1),
				 VIRTIO_NET_ERR);
	}
	assert_int_equal(ut_ctr(cvq, OVNIC_VQC_CTRL_ERRORS), 10);
	assert_int_equal(d->ctrl_timeouts, 0);
	assert_int_equal(vd_vq_free_descs(cvq), cvq->size);
	pk_check_state(cvq);
	ut_vq_clean(cvq);
	/* the data path still goes, on both pairs */
	{
		uint8_t f[256];
		uint32_t len = tx_frame(d, f, 60, 3);

		pk_tx_one(e, vd_txq(d, 1), f, len, NULL);
	}
}

/* ---- state: VQ_QUERY, VQ_MODIFY ---- */

struct at_row {
	const char *name;
	uint16_t size;
	uint16_t state;
};

static const struct at_row at_rows[] = {
	{ "size_8_pos_0_wrap_1",	8,   PK_WRAP | 0 },
	{ "size_8_pos_0_wrap_0",	8,   0 },
	{ "size_8_pos_7_wrap_1",	8,   PK_WRAP | 7 },
	{ "size_7_pos_3_wrap_0",	7,   3 },
	{ "size_100_pos_99_wrap_0",	100, 99 },
	{ "size_1_pos_0_wrap_0",	1,   0 },
};

/*
 * A queue started at a state (as a destination of a migration starts): the
 * card reads and writes from there, and the state goes round from it.
 */
static void packed_setup_at(void **state)
{
	struct ut_env *e = *state;
	const struct at_row *r = e->param;
	struct vd_dev_cfg cfg = { .features = VD_F_PACKED };
	struct vd_vq *tx, *rx;
	static struct vd_rx_pkt pkt;
	struct vd_dev *d;
	uint8_t f[256];
	uint32_t len;
	unsigned int i;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_PACKED), 0);
	assert_int_equal(vd_dev_setup_queue_at(d, 0, r->size, r->state), 0);
	assert_int_equal(vd_dev_setup_queue_at(d, 1, r->size, r->state), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	tx = vd_txq(d, 0);
	rx = vd_rxq(d, 0);
	assert_int_equal(vd_vq_avail_state(tx), r->state);
	pk_check_state(tx);
	pk_check_state(rx);
	for (i = 0; i < 2u * r->size + 3; i++) {
		len = tx_frame(d, f, 60 + i % 50, (uint8_t)i);
		pk_tx_one(e, tx, f, len, NULL);
		assert_true(vd_rx_post(rx, 1526, NULL) >= 0);
		vd_vq_kick_run(rx);
		len = rx_frame(d, f, 60 + i % 50, (uint8_t)i);
		vd_wire_rx(e->c, f, len);
		assert_int_equal(vd_rx_recv(rx, &pkt), 1);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
	}
	/* 2 laps + 3: three on, the other counter after odd laps */
	i = ((r->state & ~PK_WRAP) + 3) % r->size;
	{
		unsigned int laps = ((r->state & ~PK_WRAP) + 2u * r->size +
				     3) / r->size;
		uint16_t want = (uint16_t)i |
				(((r->state & PK_WRAP) != 0) ^ (laps & 1) ?
				 PK_WRAP : 0);

		assert_int_equal(vd_vq_avail_state(tx), want);
	}
	pk_check_state(tx);
	pk_check_state(rx);
	ut_vq_clean(tx);
	ut_vq_clean(rx);
}

struct bad_state_row {
	const char *name;
	uint16_t avail;
	uint16_t used;
};

static const struct bad_state_row bad_state_rows[] = {
	{ "avail_pos_8",	PK_WRAP | 8,	PK_WRAP },
	{ "used_pos_8",		PK_WRAP,	PK_WRAP | 8 },
	{ "both_pos_7fff",	0x7fff,		0x7fff },
};

/*
 * A state whose position is past the end of an 8-slot ring: VQ_MODIFY
 * refuses it, or the queue breaks (NEEDS_RESET) when it runs - it never
 * reads or writes past the ring.  A reset brings it back.
 */
static void packed_modify_bad_state(void **state)
{
	struct ut_env *e = *state;
	const struct bad_state_row *r = e->param;
	struct vd_dev *d = pk_dev(e, VD_F_PACKED, 8);
	struct vd_vq *tx = vd_txq(d, 0);
	struct ovnic_cmd_vq_modify m = {
		.qid = 1,
		.modify_mask = OVNIC_VQ_MODIFY_STATE,
	};
	struct ovnic_resp_vq_query vq;
	uint8_t f[256];
	uint32_t len;
	int st;

	m.avail_idx = ovnic_cpu_to_le16(r->avail);
	m.used_idx = ovnic_cpu_to_le16(r->used);
	assert_int_equal(vd_cmd_dev_suspend(e->c, 0), 0);
	st = vd_cmd_vq_modify(e->c, 0, &m);
	assert_int_equal(vd_cmd_dev_resume(e->c, 0), 0);
	len = tx_frame(d, f, 60, 1);
	if (st) {
		pk_check_state(tx);
		pk_tx_one(e, tx, f, len, NULL);
		return;
	}
	assert_true(vd_tx_post(tx, f, len, NULL) >= 0);
	assert_int_equal(vd_vq_kick_run(tx), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(vd_vq_used_pending(tx), 0);
	assert_int_equal(vd_vq_query(tx, &vq), 0);
	assert_int_equal(vq.broken, 1);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
	assert_int_equal(vd_dev_reinit(d), 0);
	tx = vd_txq(d, 0);
	pk_check_state(tx);
	pk_tx_one(e, tx, f, len, NULL);
}

/*
 * Suspend-like: a device stopped mid-lap, receive buffers still posted;
 * its state and rings given to a new device, which carries on where it
 * stood - the posted buffers, the positions and the wrap counters.
 */
static void packed_restore(void **state)
{
	struct ut_env *e = *state;
	struct vd_card *c = e->c;
	struct vd_dev *a = pk_dev(e, VD_F_PACKED, 7);
	struct ovnic_resp_vq_query st[3];
	struct ovnic_resp_dev_query dq;
	static struct vd_rx_pkt pkt;
	const uint16_t new_id = 3;
	uint8_t f[256];
	uint32_t len;
	unsigned int i, q;

	for (i = 0; i < 10; i++) {
		len = tx_frame(a, f, 60, (uint8_t)i);
		pk_tx_one(e, vd_txq(a, 0), f, len, NULL);
	}
	for (i = 0; i < 9; i++) {
		assert_true(vd_rx_post(vd_rxq(a, 0), 1526, NULL) >= 0);
		vd_vq_kick_run(vd_rxq(a, 0));
		len = rx_frame(a, f, 60, (uint8_t)i);
		vd_wire_rx(c, f, len);
		assert_int_equal(vd_rx_recv(vd_rxq(a, 0), &pkt), 1);
	}
	assert_int_equal(vd_ctrl_rx_mode(a, VIRTIO_NET_CTRL_RX_PROMISC, true),
			 VIRTIO_NET_OK);
	/* three buffers left posted, the first two slots of the next lap */
	for (i = 0; i < 3; i++)
		assert_true(vd_rx_post(vd_rxq(a, 0), 1526, NULL) >= 0);
	vd_vq_kick_run(vd_rxq(a, 0));

	assert_int_equal(vd_cmd_dev_suspend(c, 0), 0);
	for (q = 0; q < 3; q++) {
		assert_int_equal(vd_vq_query(a->vq[q], &st[q]), 0);
		/* at a boundary: the card holds nothing */
		assert_int_equal(st[q].avail_idx, st[q].used_idx);
		assert_int_equal(ovnic_le16_to_cpu(st[q].used_idx),
				 vd_vq_used_state(a->vq[q]));
	}
	assert_int_equal(ovnic_le16_to_cpu(st[0].used_idx), 2);
	assert_int_equal(ovnic_le16_to_cpu(st[1].used_idx), 3);
	assert_int_equal(vd_cmd_dev_query(c, 0, &dq), 0);

	assert_int_equal(vd_cmd_dev_destroy(c, 0), 0);
	assert_int_equal(vd_cmd_dev_create(c, new_id, dq.device_features,
					   a->mac, 1500, 1, OVNIC_NO_VECTOR),
			 0);
	assert_int_equal(vd_cmd_mr_identity(c, new_id, 0), 0);
	assert_int_equal(vd_cmd_dev_set_status(c, new_id,
					       VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER), 0);
	assert_int_equal(vd_cmd_dev_set_features(c, new_id,
						 dq.driver_features), 0);
	assert_int_equal(vd_cmd_dev_set_status(c, new_id,
					       VIRTIO_CONFIG_S_ACKNOWLEDGE |
					       VIRTIO_CONFIG_S_DRIVER |
					       VIRTIO_CONFIG_S_FEATURES_OK), 0);
	for (q = 0; q < 3; q++) {
		struct vd_vq *vq = a->vq[q];
		struct ovnic_cmd_vq_modify m = {
			.qid = q,
			.size = vq->size,
			.modify_mask = OVNIC_VQ_MODIFY_ADDR |
				       OVNIC_VQ_MODIFY_SIZE |
				       OVNIC_VQ_MODIFY_STATE |
				       OVNIC_VQ_MODIFY_VECTOR |
				       OVNIC_VQ_MODIFY_READY,
			.vector = new_id * OVNIC_VECTORS_PER_DEV + q,
			.avail_idx = st[q].avail_idx,
			.used_idx = st[q].used_idx,
			.ready = 1,
		};
		uint64_t desc, drv, dev;

		vd_vq_ring_addrs(vq, &desc, &drv, &dev);
		m.desc_addr = desc;
		m.driver_addr = drv;
		m.device_addr = dev;
		assert_int_equal(vd_cmd_vq_modify(c, new_id, &m), 0);
		vq->vector = new_id * OVNIC_VECTORS_PER_DEV + q;
	}
	assert_int_equal(vd_cmd_dev_set_status(c, new_id, dq.status), 0);
	a->dev_id = new_id;
	for (q = 0; q < 3; q++)
		pk_check_state(a->vq[q]);
	assert_int_equal(vd_ctrl_rx_mode(a, VIRTIO_NET_CTRL_RX_PROMISC, true),
			 VIRTIO_NET_OK);

	/* the buffers posted before go first, then new ones */
	for (i = 0; i < 10; i++) {
		if (i >= 3) {
			assert_true(vd_rx_post(vd_rxq(a, 0), 1526, NULL) >= 0);
			vd_vq_kick_run(vd_rxq(a, 0));
		}
		len = rx_frame(a, f, 100, (uint8_t)(i + 30));
		vd_wire_rx(c, f, len);
		assert_int_equal(vd_rx_recv(vd_rxq(a, 0), &pkt), 1);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		len = tx_frame(a, f, 100, (uint8_t)(i + 60));
		pk_tx_one(e, vd_txq(a, 0), f, len, NULL);
	}
	for (q = 0; q < 3; q++) {
		pk_check_state(a->vq[q]);
		ut_vq_clean(a->vq[q]);
	}
	assert_int_equal(vd_vq_irqs(vd_txq(a, 0)), 10);
}

/* ---- broken rings ---- */

enum pm_queue { PM_TX, PM_RX, PM_CVQ };

enum pm_outcome {
	PM_BAD_DESC,	/* returned used, len 0, DROP_BAD_DESC */
	PM_BAD_ADDR,	/* returned used, len 0, DROP_BAD_ADDR */
	PM_BAD_ANY,	/* either of them */
	PM_BROKEN,	/* VQ broken, NEEDS_RESET, config interrupt */
};

struct pm_ctx {
	struct ut_env *e;
	struct vd_dev *d;
	struct vd_vq *q;
	uint8_t *buf;		/* 4 KiB in the arena */
	uint32_t len;		/* TX: header + frame in buf; RX: room */
	int id;			/* what the builder put on the ring */
};

struct pm_row {
	const char *name;
	enum pm_queue queue;
	enum pm_outcome outcome;
	void (*build)(struct pm_ctx *m);
	uint64_t features;	/* 0: VD_F_PACKED */
	uint16_t queue_size;	/* 0: 8 */
	unsigned int lead;	/* good frames first, to move the position */
};

static uint16_t pm_dir(struct pm_ctx *m)
{
	return m->q->qid == 0 ? VRING_DESC_F_WRITE : 0;
}

static uint64_t pm_iova(struct pm_ctx *m, const void *p)
{
	return vd_iova(m->d, p);
}

static void pm_push(struct pm_ctx *m, const struct vring_packed_desc *d,
		    unsigned int n)
{
	m->id = vd_vq_raw_packed(m->q, d, n, 0);
	assert_true(m->id >= 0);
}

/* One descriptor over the whole buffer. */
static void pm_one(struct pm_ctx *m, uint64_t addr, uint32_t len,
		   uint16_t flags)
{
	struct vring_packed_desc d = { .addr = addr, .len = len,
				       .flags = flags };

	pm_push(m, &d, 1);
}

/* An indirect table of @n entries over buf, after buf in the arena. */
static struct vring_packed_desc *pm_table(struct pm_ctx *m, unsigned int n)
{
	struct vring_packed_desc *t = (void *)(m->buf + 3072);
	uint32_t per = m->len / n;
	unsigned int i;

	for (i = 0; i < n; i++) {
		t[i].addr = pm_iova(m, m->buf + i * per);
		t[i].len = i + 1 < n ? per : m->len - i * per;
		t[i].id = 0;
		t[i].flags = pm_dir(m);
	}
	return t;
}

static void b_addr_outside(struct pm_ctx *m)
{
	pm_one(m, BAD_IOVA, m->len, pm_dir(m));
}

static void b_addr_wraps(struct pm_ctx *m)
{
	pm_one(m, ~0ull - 15, m->len, pm_dir(m));
}

static void b_huge_len(struct pm_ctx *m)
{
	pm_one(m, pm_iova(m, m->buf), 0xffffffffu, pm_dir(m));
}

static void b_second_outside(struct pm_ctx *m)
{
	struct vring_packed_desc d[2] = {
		{ .addr = pm_iova(m, m->buf), .len = 12,
		  .flags = VRING_DESC_F_NEXT | pm_dir(m) },
		{ .addr = BAD_IOVA, .len = m->len - 12, .flags = pm_dir(m) },
	};

	pm_push(m, d, 2);
}

static void b_tx_writable(struct pm_ctx *m)
{
	pm_one(m, pm_iova(m, m->buf), m->len, VRING_DESC_F_WRITE);
}

static void b_tx_read_then_write(struct pm_ctx *m)
{
	struct vring_packed_desc d[2] = {
		{ .addr = pm_iova(m, m->buf), .len = m->len,
		  .flags = VRING_DESC_F_NEXT },
		{ .addr = pm_iova(m, m->buf + 2048), .len = 64,
		  .flags = VRING_DESC_F_WRITE },
	};

	pm_push(m, d, 2);
}

static void b_tx_shorter_than_header(struct pm_ctx *m)
{
	pm_one(m, pm_iova(m, m->buf), 8, 0);
}

static void b_rx_read_only(struct pm_ctx *m)
{
	pm_one(m, pm_iova(m, m->buf), m->len, 0);
}

static void b_rx_write_then_read(struct pm_ctx *m)
{
	struct vring_packed_desc d[2] = {
		{ .addr = pm_iova(m, m->buf), .len = 1024,
		  .flags = VRING_DESC_F_WRITE | VRING_DESC_F_NEXT },
		{ .addr = pm_iova(m, m->buf + 1024), .len = 1024 },
	};

	pm_push(m, d, 2);
}

/* 70 descriptors: more pieces than a frame may have (a 256-slot ring). */
static void b_too_many_segs(struct pm_ctx *m)
{
	struct vring_packed_desc d[70];
	unsigned int i;

	for (i = 0; i < 70; i++)
		d[i] = (struct vring_packed_desc){
			.addr = pm_iova(m, m->buf + i * 16),
			.len = i + 1 < 70 ? 16 : m->len - 69 * 16,
			.flags = pm_dir(m) |
				 (i + 1 < 70 ? VRING_DESC_F_NEXT : 0),
		};
	pm_push(m, d, 70);
}

static void pm_indirect(struct pm_ctx *m, struct vring_packed_desc *t,
			uint32_t len)
{
	pm_one(m, pm_iova(m, t), len, VRING_DESC_F_INDIRECT);
}

static void b_ind_valid(struct pm_ctx *m)
{
	pm_indirect(m, pm_table(m, 2), 32);
}

static void b_ind_len_not_multiple(struct pm_ctx *m)
{
	pm_indirect(m, pm_table(m, 2), 24);
}

static void b_ind_len_zero(struct pm_ctx *m)
{
	pm_indirect(m, pm_table(m, 2), 0);
}

static void b_ind_table_outside(struct pm_ctx *m)
{
	pm_one(m, BAD_IOVA, 32, VRING_DESC_F_INDIRECT);
}

static void b_ind_entry_outside(struct pm_ctx *m)
{
	struct vring_packed_desc *t = pm_table(m, 2);

	t[1].addr = BAD_IOVA;
	pm_indirect(m, t, 32);
}

/* 16 good entries behind an 8-slot ring: longer than the queue. */
static void b_ind_longer_than_ring(struct pm_ctx *m)
{
	pm_indirect(m, pm_table(m, 16), 16 * 16);
}

/* 2.8.7: INDIRECT and NEXT together; the chain goes on in a 2nd slot. */
static void b_ind_with_next(struct pm_ctx *m)
{
	struct vring_packed_desc d[2] = {
		{ .addr = pm_iova(m, pm_table(m, 2)), .len = 32,
		  .flags = VRING_DESC_F_INDIRECT | VRING_DESC_F_NEXT },
		{ .addr = pm_iova(m, m->buf), .len = 16, .flags = pm_dir(m) },
	};

	pm_push(m, d, 2);
}

/* Every slot of the ring chained, the last one too: no end in sight. */
static void b_chain_longer_than_ring(struct pm_ctx *m)
{
	struct vring_packed_desc d[256];
	unsigned int i, n = m->q->size;

	for (i = 0; i < n; i++)
		d[i] = (struct vring_packed_desc){
			.addr = pm_iova(m, m->buf + i),
			.len = 1,
			.flags = pm_dir(m) | VRING_DESC_F_NEXT,
		};
	pm_push(m, d, n);
}

static void b_cvq_ack_outside(struct pm_ctx *m)
{
	struct vring_packed_desc d[2] = {
		{ .addr = pm_iova(m, m->buf), .len = 3,
		  .flags = VRING_DESC_F_NEXT },
		{ .addr = BAD_IOVA, .len = 1, .flags = VRING_DESC_F_WRITE },
	};

	m->buf[0] = VIRTIO_NET_CTRL_RX;
	m->buf[1] = VIRTIO_NET_CTRL_RX_PROMISC;
	m->buf[2] = 1;
	pm_push(m, d, 2);
}

#define PK_NO_INDIRECT	(VD_F_PACKED & ~VD_BIT(VIRTIO_RING_F_INDIRECT_DESC))

static const struct pm_row pm_rows[] = {
	{ "tx_addr_outside",	PM_TX, PM_BAD_ADDR, b_addr_outside },
	{ "tx_addr_wraps",	PM_TX, PM_BAD_ADDR, b_addr_wraps },
	{ "tx_second_outside",	PM_TX, PM_BAD_ADDR, b_second_outside, 0, 0,
	  7 },
	{ "tx_huge_len",	PM_TX, PM_BAD_ANY, b_huge_len },
	{ "tx_writable",	PM_TX, PM_BAD_DESC, b_tx_writable },
	{ "tx_read_then_write",	PM_TX, PM_BAD_DESC, b_tx_read_then_write, 0,
	  0, 7 },
	{ "tx_shorter_than_header", PM_TX, PM_BAD_DESC,
	  b_tx_shorter_than_header },
	{ "tx_too_many_segs",	PM_TX, PM_BAD_DESC, b_too_many_segs, 0, 256,
	  200 },
	{ "tx_ind_with_next",	PM_TX, PM_BAD_DESC, b_ind_with_next },
	{ "tx_ind_with_next_across_end", PM_TX, PM_BAD_DESC, b_ind_with_next,
	  0, 7, 6 },
	{ "tx_ind_not_negotiated", PM_TX, PM_BAD_DESC, b_ind_valid,
	  PK_NO_INDIRECT },
	{ "tx_ind_len_not_multiple", PM_TX, PM_BAD_DESC,
	  b_ind_len_not_multiple },
	{ "tx_ind_len_zero",	PM_TX, PM_BAD_DESC, b_ind_len_zero },
	{ "tx_ind_table_outside", PM_TX, PM_BAD_ADDR, b_ind_table_outside },
	{ "tx_ind_entry_outside", PM_TX, PM_BAD_ADDR, b_ind_entry_outside },
	{ "tx_ind_longer_than_ring", PM_TX, PM_BAD_DESC,
	  b_ind_longer_than_ring },
	{ "tx_chain_longer_than_ring", PM_TX, PM_BROKEN,
	  b_chain_longer_than_ring },
	{ "tx_chain_longer_than_ring_7", PM_TX, PM_BROKEN,
	  b_chain_longer_than_ring, 0, 7, 4 },

	{ "rx_addr_outside",	PM_RX, PM_BAD_ADDR, b_addr_outside },
	{ "rx_second_outside",	PM_RX, PM_BAD_ADDR, b_second_outside, 0, 0,
	  7 },
	{ "rx_read_only",	PM_RX, PM_BAD_DESC, b_rx_read_only },
	{ "rx_write_then_read",	PM_RX, PM_BAD_DESC, b_rx_write_then_read },
	{ "rx_too_many_segs",	PM_RX, PM_BAD_DESC, b_too_many_segs, 0, 256 },
	{ "rx_ind_with_next",	PM_RX, PM_BAD_DESC, b_ind_with_next },
	{ "rx_ind_not_negotiated", PM_RX, PM_BAD_DESC, b_ind_valid,
	  PK_NO_INDIRECT },
	{ "rx_ind_len_not_multiple", PM_RX, PM_BAD_DESC,
	  b_ind_len_not_multiple },
	{ "rx_ind_table_outside", PM_RX, PM_BAD_ADDR, b_ind_table_outside },
	{ "rx_ind_entry_outside", PM_RX, PM_BAD_ADDR, b_ind_entry_outside },
	{ "rx_chain_longer_than_ring", PM_RX, PM_BROKEN,
	  b_chain_longer_than_ring, 0, 0, 5 },

	{ "cvq_ack_outside",	PM_CVQ, PM_BAD_ADDR, b_cvq_ack_outside, 0, 0,
	  6 },
	{ "cvq_chain_longer_than_ring", PM_CVQ, PM_BROKEN,
	  b_chain_longer_than_ring },
};

static struct vd_vq *pm_queue(struct vd_dev *d, enum pm_queue which)
{
	switch (which) {
	case PM_TX:
		return vd_txq(d, 0);
	case PM_RX:
		return vd_rxq(d, 0);
	default:
		return vd_cvq(d);
	}
}

/* A good exchange on the queue: the card and the driver agree. */
static void pm_exchange(struct pm_ctx *m, enum pm_queue which, uint8_t seed)
{
	static struct vd_rx_pkt pkt;
	uint8_t f[128];
	uint32_t len;

	switch (which) {
	case PM_TX:
		len = tx_frame(m->d, f, 60, seed);
		pk_tx_one(m->e, m->q, f, len, NULL);
		break;
	case PM_RX:
		assert_true(vd_rx_post(m->q, 1526, NULL) >= 0);
		vd_vq_kick_run(m->q);
		len = rx_frame(m->d, f, 60, seed);
		vd_wire_rx(m->e->c, f, len);
		assert_int_equal(vd_rx_recv(m->q, &pkt), 1);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		break;
	case PM_CVQ:
		assert_int_equal(vd_ctrl_rx_mode(m->d,
						 VIRTIO_NET_CTRL_RX_PROMISC,
						 seed & 1), VIRTIO_NET_OK);
		break;
	}
	ut_vq_clean(m->q);
}

static void pm_check_drops(const struct pm_row *r, const uint64_t *before,
			   const uint64_t *after, enum ovnic_vq_counter ctr)
{
	int i;

	assert_int_equal(after[ctr] - before[ctr], 1);
	for (i = OVNIC_VQC_DROP_NO_BUFFER; i <= OVNIC_VQC_DROP_FILTERED; i++)
		if ((enum ovnic_vq_counter)i != ctr && after[i] != before[i])
			fail_msg("drop counter %d moved by %llu, not only %d",
				 i, (unsigned long long)(after[i] - before[i]),
				 ctr);
	assert_int_equal(after[OVNIC_VQC_CTRL_ERRORS] -
			 before[OVNIC_VQC_CTRL_ERRORS], r->queue == PM_CVQ);
}

/*
 * Each broken chain ends in one counted drop - returned with len 0, the
 * card past exactly its slots, so the next chain works - or, for a chain
 * with no end, in a broken queue and NEEDS_RESET; never in a crash.
 */
static void packed_malformed(void **state)
{
	struct ut_env *e = *state;
	const struct pm_row *r = e->param;
	struct vd_dev_cfg cfg = {
		.features = r->features ? r->features : VD_F_PACKED,
		.queue_size = r->queue_size ? r->queue_size : 8,
	};
	struct pm_ctx m = { .e = e };
	enum ovnic_vq_counter ctr = OVNIC_VQC_DROP_BAD_ADDR;
	uint64_t before[OVNIC_VQC_NUM], after[OVNIC_VQC_NUM];
	struct ovnic_resp_vq_query vq;
	struct vd_used u;
	uint32_t cfg_irqs;
	unsigned int i;
	uint8_t f[128];

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	m.d = ut_dev(e, 0, &cfg);
	m.q = pm_queue(m.d, r->queue);
	assert_non_null(m.q);
	assert_true(vd_vq_packed(m.q));
	for (i = 0; i < r->lead; i++)
		pm_exchange(&m, r->queue, (uint8_t)i);
	m.buf = vd_dma_alloc(e->c, 4096);
	assert_non_null(m.buf);
	memset(m.buf, 0, 4096);
	if (r->queue == PM_TX)
		m.len = VD_NET_HDR_LEN + tx_frame(m.d, m.buf + VD_NET_HDR_LEN,
						  60, 9);
	else
		m.len = 1526;
	assert_int_equal(vd_vq_stats(m.q, before), 0);
	cfg_irqs = vd_config_irqs(m.d);

	r->build(&m);
	vd_vq_kick_force(m.q);
	vd_card_run(e->c);
	if (r->queue == PM_RX)
		vd_wire_rx(e->c, f, rx_frame(m.d, f, 60, 1));

	assert_int_equal(vd_vq_stats(m.q, after), 0);
	assert_int_equal(vd_vq_query(m.q, &vq), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	switch (r->outcome) {
	case PM_BAD_DESC:
	case PM_BAD_ANY:
		if (r->outcome == PM_BAD_DESC ||
		    after[OVNIC_VQC_DROP_BAD_DESC] !=
		    before[OVNIC_VQC_DROP_BAD_DESC])
			ctr = OVNIC_VQC_DROP_BAD_DESC;
		/* fall through */
	case PM_BAD_ADDR:
		pm_check_drops(r, before, after, ctr);
		assert_int_equal(vq.broken, 0);
		assert_int_equal(vd_dev_status(m.d) &
				 VIRTIO_CONFIG_S_NEEDS_RESET, 0);
		assert_int_equal(vd_vq_get(m.q, &u), 1);
		assert_int_equal(u.id, m.id);
		assert_int_equal(u.len, 0);
		assert_int_equal(vd_vq_get(m.q, &u), 0);
		pk_check_state(m.q);
		/* the card skipped the chain's slots: a lap of good ones */
		for (i = 0; i < m.q->size + 1u && i < 20; i++)
			pm_exchange(&m, r->queue, (uint8_t)(i + 100));
		pk_check_state(m.q);
		break;
	case PM_BROKEN:
		assert_int_equal(vq.broken, 1);
		assert_true(vd_dev_status(m.d) & VIRTIO_CONFIG_S_NEEDS_RESET);
		assert_true(vd_config_irqs(m.d) > cfg_irqs);
		assert_int_equal(vd_vq_used_pending(m.q), 0);
		vd_vq_kick_force(m.q);
		assert_int_equal(vd_card_run(e->c), 0);
		assert_int_equal(vd_dev_reinit(m.d), 0);
		m.q = pm_queue(m.d, r->queue);
		assert_true(vd_vq_packed(m.q));
		pk_check_state(m.q);
		assert_int_equal(vd_dev_status(m.d) &
				 VIRTIO_CONFIG_S_NEEDS_RESET, 0);
		pm_exchange(&m, r->queue, 7);
		break;
	}
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, packed_negotiate);
	UT_ADD(&l, packed_queue_sizes);
	UT_ADD(&l, packed_to_split);
	UT_ADD(&l, packed_mixed_chains);
	UT_ADD(&l, packed_chain_across_end);
	UT_ADD_TABLE(&l, packed_laps, lap_rows);
	UT_ADD(&l, packed_mrg_rx);
	UT_ADD(&l, packed_mrg_out_of_buffers);
	UT_ADD(&l, packed_irq_basic);
	ut_add_named(&l, "packed_irq_disable/no_event_idx", packed_irq_disable,
		     &f_plain);
	ut_add_named(&l, "packed_irq_disable/event_idx", packed_irq_disable,
		     &f_event_idx);
	UT_ADD(&l, packed_event_desc);
	ut_add_named(&l, "packed_device_area/no_event_idx", packed_device_area,
		     &f_plain);
	ut_add_named(&l, "packed_device_area/event_idx", packed_device_area,
		     &f_event_idx);
	ut_add_named(&l, "packed_no_kicks_while_served/no_event_idx",
		     packed_no_kicks_while_served, &f_plain);
	ut_add_named(&l, "packed_no_kicks_while_served/event_idx",
		     packed_no_kicks_while_served, &f_event_idx);
	UT_ADD(&l, packed_ctrlq);
	UT_ADD_TABLE(&l, packed_setup_at, at_rows);
	UT_ADD_TABLE(&l, packed_modify_bad_state, bad_state_rows);
	UT_ADD(&l, packed_restore);
	UT_ADD_TABLE(&l, packed_malformed, pm_rows);
	return ut_run("ring_packed", &l);
}
