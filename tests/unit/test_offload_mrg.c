// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Mergeable receive buffers (virtio 1.2 5.1.6.3.2, 5.1.6.4): a frame
 * larger than one buffer spans several, num_buffers in the first buffer's
 * header says how many, each used entry's length is what went into that
 * buffer; a frame that doesn't fit the buffers there are is dropped and
 * counted with no used entry written, its buffers left for the next one.
 * GSO frames in mergeable buffers are in test_offload_path.c.
 */
#include "test_offload.h"

static uint8_t frame[VD_RX_FRAME_MAX];

struct mrg_row {
	const char *name;
	uint32_t payload;	/* Ethernet payload, 0x88b5 */
	uint32_t buf;		/* mergeable buffer size */
	bool hash;		/* HASH_REPORT: 20-byte header */
	bool from_wire;
};

static const struct mrg_row mrg_rows[] = {
	{ "jumbo_in_1536", 9000, 1536 },
	{ "jumbo_in_512", 9000, 512 },
	{ "jumbo_in_4096", 9000, 4096 },
	{ "jumbo_in_one_9100", 9000, 9100 },
	{ "jumbo_hash_in_1536", 9000, 1536, true },
	{ "jumbo_from_wire_in_1536", 9000, 1536, false, true },
	{ "jumbo_hash_from_wire_in_512", 9000, 512, true, true },
	{ "small_in_1536", 46, 1536 },
	{ "exact_fit_1536", 1536 - 12 - 14, 1536 },
	{ "one_byte_over_1536", 1536 - 12 - 14 + 1, 1536 },
	{ "header_and_eth_in_first_26", 1000, 26 },
	{ "mtu_in_64", 1500, 64 },
};

/*
 * One frame into mergeable buffers: num_buffers of them, used in the
 * order posted, each filled before the next is started (as vhost-net and
 * QEMU fill them), the bytes as sent.
 */
static void mrg_one(void **state)
{
	struct ut_env *e = *state;
	const struct mrg_row *r = e->param;
	uint64_t hash = r->hash ? OT_HASH : 0;
	static struct vd_rx_frame rf;
	struct vd_dev *tx, *rx;
	struct vd_vq *rq;
	uint32_t len, hl, need, i;
	int heads[VD_RX_MAX_BUFS];
	unsigned int nheads = 0;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	tx = ot_dev(e, OT_SENDER, hash, 9000);
	rx = ot_dev(e, OT_RECEIVER, OT_MRG | hash, 9000);
	rq = vd_rxq(rx, 0);
	hl = rx->hdr_len;
	len = vd_frame(frame, rx->mac, r->from_wire ? ot_far_mac : tx->mac,
		       VD_NO_VLAN, 0x88b5, r->payload, (uint8_t)r->buf);
	need = (hl + len + r->buf - 1) / r->buf;
	assert_true(need + 8 <= rq->size);
	while (nheads < need + 8) {
		heads[nheads] = vd_rx_post(rq, r->buf, NULL);
		assert_true(heads[nheads] >= 0);
		nheads++;
	}
	assert_int_equal(vd_vq_kick_run(rq), 0);
	if (r->from_wire)
		assert_int_equal(vd_wire_rx(e->c, frame, len), 0);
	else
		ot_send(tx, NULL, frame, len, NULL);

	ot_recv(rq, &rf, "the frame");
	assert_int_equal(rf.len, len);
	assert_memory_equal(rf.data, frame, len);
	assert_int_equal(rf.hdr.flags, 0);
	assert_int_equal(rf.hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	ot_check_bufs(rq, &rf, r->buf);
	ot_check(rf.nbufs == need, "%u buffers of %u for %u bytes, want %u",
		 rf.nbufs, r->buf, hl + len, need);
	for (i = 0; i < rf.nbufs; i++) {
		ot_check(rf.id[i] == (uint32_t)heads[i], "buffer %u: head %u, "
			 "want %d (the order posted)", i, rf.id[i], heads[i]);
		if (i + 1 < rf.nbufs)
			ot_check(rf.used_len[i] == r->buf, "buffer %u of %u "
				 "not filled: %u of %u", i, rf.nbufs,
				 rf.used_len[i], r->buf);
	}
	if (r->hash)
		assert_int_equal(rf.hash_report, VIRTIO_NET_HASH_REPORT_NONE);
	assert_int_equal(vd_rx_recv_frame(rq, &rf), 0);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_PACKETS), 1);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_BYTES), len);
	ot_no_drops(rq);
	ut_vq_clean(rq);
}

/* Frames back to back: each one's buffers together, frames in order. */
static void mrg_burst(void **state)
{
	static uint8_t f[8][9100];
	static struct vd_rx_frame rf;
	struct ut_env *e = *state;
	struct vd_dev *tx, *rx;
	struct vd_vq *rq, *tq;
	uint32_t len[8];
	unsigned int i;

	tx = ot_dev(e, OT_SENDER, 0, 9000);
	rx = ot_dev(e, OT_RECEIVER, OT_MRG, 9000);
	rq = vd_rxq(rx, 0);
	tq = vd_txq(tx, 0);
	assert_true(vd_rx_fill(rq, OT_FILL, 1024) > 0);
	assert_int_equal(vd_vq_kick_run(rq), 0);
	for (i = 0; i < 8; i++) {
		len[i] = vd_frame(f[i], rx->mac, tx->mac, VD_NO_VLAN, 0x88b5,
				  1000 + 1111 * i, (uint8_t)i);
		assert_true(vd_tx_post(tq, f[i], len[i], NULL) >= 0);
	}
	assert_int_equal(vd_vq_kick_run(tq), 0);
	assert_int_equal(vd_vq_drain(tq), 8);
	for (i = 0; i < 8; i++) {
		ot_recv(rq, &rf, "the frame");
		ot_check(rf.len == len[i], "frame %u: %u bytes, want %u", i,
			 rf.len, len[i]);
		assert_memory_equal(rf.data, f[i], len[i]);
		ot_check_bufs(rq, &rf, 1024);
	}
	assert_int_equal(vd_rx_recv_frame(rq, &rf), 0);
	ot_no_drops(rq);
	ut_vq_clean(rq);
}

struct oob_row {
	const char *name;
	bool gso;		/* a TSO4 frame to a GUEST_TSO4 receiver */
	unsigned int posted;	/* buffers there when it comes */
	bool small_next;	/* then a small frame, not the same again */
};

static const struct oob_row oob_rows[] = {
	{ "jumbo_3_buffers", false, 3 },
	{ "jumbo_1_buffer", false, 1 },
	{ "jumbo_one_short", false, 5 },
	{ "jumbo_then_small", false, 3, true },
	{ "gso_3_buffers", true, 3 },
	{ "gso_one_short", true, 13 },
	{ "gso_then_small", true, 13, true },
};

/*
 * Too few buffers for the whole frame: dropped, DROP_NO_BUFFER, no used
 * entry (nor used index) moved; the next frame starts in the first of
 * those buffers.
 */
static void mrg_out_of_buffers(void **state)
{
	static struct vd_rx_frame rf;
	struct ut_env *e = *state;
	const struct oob_row *r = e->param;
	uint16_t mtu = r->gso ? 0 : 9000;
	struct ovnic_resp_vq_query vq;
	struct virtio_net_hdr_v1 h;
	struct vd_dev *tx, *rx;
	struct pb_layout lay;
	struct pb_flow fl;
	struct vd_vq *rq;
	uint32_t len, need;
	int heads[16];
	unsigned int i;

	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS, mtu);
	rx = ot_dev(e, OT_RECEIVER, OT_RX_ALL_MRG, mtu);
	rq = vd_rxq(rx, 0);
	if (r->gso) {
		ot_flow(&fl, OT_TCP4, rx->mac, tx->mac, 20000);
		len = ot_build(frame, &fl, &lay);
		ot_hdr(&h, &lay, 1448, false);
	} else {
		memset(&h, 0, sizeof(h));
		len = vd_frame(frame, rx->mac, tx->mac, VD_NO_VLAN, 0x88b5,
			       9000, 9);
	}
	need = (rx->hdr_len + len + OT_BUF - 1) / OT_BUF;
	assert_true(r->posted < need);
	for (i = 0; i < r->posted; i++) {
		heads[i] = vd_rx_post(rq, OT_BUF, NULL);
		assert_true(heads[i] >= 0);
	}
	assert_int_equal(vd_vq_kick_run(rq), 0);

	ot_send(tx, &h, frame, len, NULL);
	ot_expect_nothing(rq);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_DROP_NO_BUFFER), 1);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_PACKETS), 0);
	assert_int_equal(vd_vq_query(rq, &vq), 0);
	assert_int_equal(vq.used_idx, 0);
	assert_int_equal(vq.broken, 0);

	assert_true(vd_rx_fill(rq, OT_FILL, OT_BUF) > 0);
	assert_int_equal(vd_vq_kick_run(rq), 0);
	if (r->small_next) {
		ot_flow(&fl, OT_UDP4, rx->mac, tx->mac, 100);
		fl.csum_partial = false;
		len = ot_build(frame, &fl, &lay);
		memset(&h, 0, sizeof(h));
		ot_send(tx, &h, frame, len, NULL);
		ot_expect_csum(rq, frame, len, &lay, OT_AS_SENT, OT_BUF);
		assert_int_equal(rq->last_used, 1);
		assert_int_equal(rq->used->ring[0].id, heads[0]);
	} else {
		ot_send(tx, &h, frame, len, NULL);
		ot_recv(rq, &rf, "the frame");
		assert_int_equal(rf.len, len);
		assert_memory_equal(rf.data, frame, len);
		ot_check_bufs(rq, &rf, OT_BUF);
		for (i = 0; i < r->posted; i++)
			ot_check(rf.id[i] == (uint32_t)heads[i],
				 "buffer %u: head %u, want %d", i, rf.id[i],
				 heads[i]);
		if (r->gso)
			assert_int_equal(rf.hdr.gso_type,
					 VIRTIO_NET_HDR_GSO_TCPV4);
	}
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_DROP_NO_BUFFER), 1);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_PACKETS), 1);
	ut_vq_clean(rq);
}

/*
 * A mergeable buffer shorter than the header (5.1.6.3.1) would lose the
 * frame's num_buffers: given back unused as a bad descriptor, the frame
 * lost with it, and the next frame fills the buffers after it.
 */
static void mrg_first_chain_short(void **state)
{
	static struct vd_rx_frame rf;
	struct ut_env *e = *state;
	struct vd_dev *tx, *rx;
	struct vd_vq *rq;
	uint32_t len;
	int short_head;

	tx = ot_dev(e, OT_SENDER, 0, 0);
	rx = ot_dev(e, OT_RECEIVER, OT_RX_ALL_MRG, 0);
	rq = vd_rxq(rx, 0);
	short_head = vd_rx_post(rq, 4, NULL);
	assert_true(short_head >= 0);
	assert_true(vd_rx_fill(rq, OT_FILL, OT_BUF) > 0);
	assert_int_equal(vd_vq_kick_run(rq), 0);
	len = vd_frame(frame, rx->mac, tx->mac, VD_NO_VLAN, 0x88b5, 1000, 6);
	ot_send(tx, NULL, frame, len, NULL);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_DROP_BAD_DESC), 1);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_PACKETS), 0);
	assert_int_equal(rq->used->ring[0].id, (uint32_t)short_head);
	assert_int_equal(rq->used->ring[0].len, 0);
	rq->last_used++;
	ot_send(tx, NULL, frame, len, NULL);
	ot_recv(rq, &rf, "the frame after the short buffer");
	assert_int_equal(rf.hdr.num_buffers, 1);
	assert_int_equal(rf.len, len);
	assert_memory_equal(rf.data, frame, len);
}

/*
 * Without MRG_RXBUF a buffer is one chain: a frame larger than the chain
 * is not spread over the next ones (DROP_TOO_BIG, the chain kept), and
 * num_buffers is 1.
 */
static void mrg_off_one_chain(void **state)
{
	static struct vd_rx_frame rf;
	struct ut_env *e = *state;
	struct vd_dev *tx, *rx;
	struct vd_vq *rq;
	uint32_t len;

	tx = ot_dev(e, OT_SENDER, 0, 9000);
	rx = ot_dev(e, OT_RECEIVER, OT_RX_ALL, 9000);
	rq = vd_rxq(rx, 0);
	assert_true(vd_rx_fill(rq, 16, OT_BUF) > 0);
	assert_int_equal(vd_vq_kick_run(rq), 0);
	len = vd_frame(frame, rx->mac, tx->mac, VD_NO_VLAN, 0x88b5, 4000, 4);
	ot_send(tx, NULL, frame, len, NULL);
	ot_expect_nothing(rq);
	assert_int_equal(ut_ctr(rq, OVNIC_VQC_DROP_TOO_BIG), 1);
	len = vd_frame(frame, rx->mac, tx->mac, VD_NO_VLAN, 0x88b5, 1000, 5);
	ot_send(tx, NULL, frame, len, NULL);
	ot_recv(rq, &rf, "the frame");
	assert_int_equal(rf.hdr.num_buffers, 1);
	assert_int_equal(rf.len, len);
	assert_memory_equal(rf.data, frame, len);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, mrg_one, mrg_rows);
	UT_ADD(&l, mrg_burst);
	UT_ADD_TABLE(&l, mrg_out_of_buffers, oob_rows);
	UT_ADD(&l, mrg_first_chain_short);
	UT_ADD(&l, mrg_off_one_chain);
	return ut_run("offload_mrg", &l);
}
