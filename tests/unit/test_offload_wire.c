// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Offloads across the uplink (ovnic_hw.h, struct ovnic_wire_hdr): what a
 * device sends to the wire keeps its offload state - a GSO frame leaves
 * whole with its GSO header, a partial checksum stays partial - and what
 * comes in with a header (ovnic_card_wire_rx_sg) is checked with every
 * host offload allowed and then delivered like a device's frame: whole to
 * a receiver that takes it, cut or completed for any other.  A flooded
 * GSO frame is decided receiver by receiver.
 */
#include "test_offload.h"

static uint8_t frame[VD_RX_FRAME_MAX];

/* ---- device to wire ---- */

struct out_row {
	const char *name;
	enum ot_kind kind;
	uint32_t payload;
	uint16_t gso;
	bool ecn;
	bool complete;		/* complete checksum, no flags */
	uint16_t hdr_len;	/* sent instead of the measured one */
};

static const struct out_row out_rows[] = {
	{ "tso4_65000_1448", OT_TCP4, 65000, 1448 },
	{ "tso6_20000_1428", OT_TCP6, 20000, 1428 },
	{ "uso4_20000_1000", OT_UDP4, 20000, 1000 },
	{ "uso6_65000_1448", OT_UDP6, 65000, 1448 },
	{ "tso4_ecn", OT_TCP4, 20000, 1448, true },
	{ "tso4_hdr_len_hint_128", OT_TCP4, 20000, 1448, false, false, 128 },
	{ "csum_tcp4", OT_TCP4, 1400, 0 },
	{ "csum_udp6", OT_UDP6, 1400, 0 },
	{ "complete_tcp6", OT_TCP6, 1400, 0, false, true },
};

static void wire_out(void **state)
{
	struct ut_env *e = *state;
	const struct out_row *r = e->param;
	struct ovnic_resp_port_stats ps;
	struct virtio_net_hdr_v1 h, got;
	struct pb_layout lay;
	struct pb_flow fl;
	struct up_frame *uf;
	struct vd_dev *tx;
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS, 0);
	ot_flow(&fl, r->kind, ot_far_mac, tx->mac, r->payload);
	fl.csum_partial = !r->complete;
	if (r->ecn)
		fl.tcp_flags = PB_TCP_ACK | PB_TCP_PSH | PB_TCP_CWR;
	len = ot_build(frame, &fl, &lay);
	if (r->complete)
		memset(&h, 0, sizeof(h));
	else
		ot_hdr(&h, &lay, r->gso, r->ecn);
	if (r->hdr_len)
		h.hdr_len = r->hdr_len;
	ot_send(tx, &h, frame, len, NULL);

	uf = vd_wire_pop_hdr(e->c, &got);
	ot_check(uf, "nothing left through the port (tx drops: bad desc "
		 "%llu, too big %llu)",
		 (unsigned long long)ut_ctr(vd_txq(tx, 0),
					    OVNIC_VQC_DROP_BAD_DESC),
		 (unsigned long long)ut_ctr(vd_txq(tx, 0),
					    OVNIC_VQC_DROP_TOO_BIG));
	ot_check(uf->len == len, "%u bytes left, %u sent (cut?)", uf->len,
		 len);
	assert_memory_equal(uf->data, frame, len);
	free(uf);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(got.flags, h.flags);
	assert_int_equal(got.gso_type, h.gso_type);
	assert_int_equal(got.gso_size, h.gso_size);
	assert_int_equal(got.csum_start, h.csum_start);
	assert_int_equal(got.csum_offset, h.csum_offset);
	/* the card's own measure of a GSO frame's headers; 0 otherwise */
	assert_int_equal(got.hdr_len, r->gso ? lay.hdr_len : 0);
	assert_int_equal(vd_cmd_port_stats(e->c, &ps), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le64_to_cpu(ps.to_wire[OVNIC_VQC_PACKETS]), 1);
	ot_no_drops(vd_txq(tx, 0));
}

/* ---- wire to device ---- */

enum in_how { I_WHOLE, I_CUT, I_PARTIAL, I_DONE, I_AS_SENT };

struct in_row {
	const char *name;
	enum ot_kind kind;
	uint32_t payload;
	uint16_t gso;
	uint64_t rx;		/* receiver's features past VD_F_DEFAULT */
	uint32_t buf;		/* 0: big chains */
	enum in_how how;
	unsigned int npieces;
	bool ecn;
	bool complete;
	uint32_t cuts[4];	/* piece lengths, the rest in a last one */
	unsigned int ncuts;
};

static const struct in_row in_rows[] = {
	{ "tso4_whole_3_pieces", OT_TCP4, 20000, 1448, OT_RX_ALL_MRG, OT_BUF,
	  I_WHOLE, 3 },
	{ "tso6_whole_big", OT_TCP6, 65000, 1428, OT_RX_ALL, 0, I_WHOLE, 1 },
	{ "uso4_whole_32_pieces", OT_UDP4, 65000, 1000, OT_RX_ALL_MRG, 512,
	  I_WHOLE, OVNIC_WIRE_MAX_PIECES },
	{ "uso6_whole", OT_UDP6, 20000, 1448, OT_RX_ALL_MRG, OT_BUF, I_WHOLE,
	  2 },
	{ "tso4_cut_plain", OT_TCP4, 65000, 1448, 0, OT_BUF, I_CUT, 4 },
	{ "tso6_cut_plain", OT_TCP6, 20000, 1000, 0, OT_BUF, I_CUT, 1 },
	{ "uso4_cut_guest_csum", OT_UDP4, 20000, 1448, OT_GCSUM, OT_BUF,
	  I_CUT, 5 },
	{ "uso6_cut_mrg512", OT_UDP6, 20000, 1448, OT_MRG, 512, I_CUT, 2 },
	{ "tso4_ecn_whole", OT_TCP4, 20000, 1448, OT_RX_ALL_MRG, OT_BUF,
	  I_WHOLE, 2, true },
	{ "tso4_ecn_cut_noecn", OT_TCP4, 20000, 1448, OT_RX_NOECN, OT_BUF,
	  I_CUT, 2, true },
	{ "tso4_headers_across_pieces", OT_TCP4, 20000, 1448, OT_RX_ALL_MRG,
	  OT_BUF, I_WHOLE, 0, .cuts = { 5, 20, 30, 11 }, .ncuts = 4 },
	{ "tso6_headers_across_pieces_cut", OT_TCP6, 20000, 1428, 0, OT_BUF,
	  I_CUT, 0, .cuts = { 13, 41, 17, 1 }, .ncuts = 4 },
	{ "csum_tcp4_to_guest_csum", OT_TCP4, 1400, 0, OT_GCSUM, OT_BUF,
	  I_PARTIAL, 2 },
	{ "csum_udp6_to_plain", OT_UDP6, 1400, 0, 0, OT_BUF, I_DONE, 3 },
	{ "csum_field_across_pieces", OT_TCP4, 1400, 0, 0, OT_BUF, I_DONE, 0,
	  .cuts = { 34 + 17 }, .ncuts = 1 },
	{ "complete_to_all", OT_TCP6, 1400, 0, OT_RX_ALL_MRG, OT_BUF,
	  I_AS_SENT, 2, false, true },
};

static void wire_in(void **state)
{
	struct ut_env *e = *state;
	const struct in_row *r = e->param;
	struct virtio_net_hdr_v1 h;
	struct vd_dev *rx;
	struct pb_layout lay;
	struct pb_flow fl;
	struct vd_vq *rq;
	uint32_t len;
	int st;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	rx = ot_dev(e, OT_RECEIVER, r->rx, 0);
	rq = vd_rxq(rx, 0);
	ot_rx_fill(rx, r->buf, false);
	ot_flow(&fl, r->kind, rx->mac, ot_far_mac, r->payload);
	fl.csum_partial = !r->complete;
	if (r->ecn)
		fl.tcp_flags = PB_TCP_ACK | PB_TCP_PSH | PB_TCP_CWR;
	len = ot_build(frame, &fl, &lay);
	if (r->complete)
		memset(&h, 0, sizeof(h));
	else
		ot_hdr(&h, &lay, r->gso, r->ecn);
	if (r->ncuts) {
		const void *piece[8];
		uint32_t plen[8], off = 0;
		unsigned int i;

		for (i = 0; i < r->ncuts; i++) {
			piece[i] = frame + off;
			plen[i] = r->cuts[i];
			off += r->cuts[i];
		}
		piece[i] = frame + off;
		plen[i] = len - off;
		st = vd_wire_rx_sg(e->c, &h, piece, plen, r->ncuts + 1);
	} else {
		st = vd_wire_rx_hdr(e->c, &h, frame, len, r->npieces);
	}
	ot_check(st == 0, "wire_rx_sg: %d", st);

	switch (r->how) {
	case I_WHOLE:
		ot_expect_intact(rq, frame, len, &lay, &h, r->buf);
		break;
	case I_CUT:
		ot_expect_segments(rq, frame, len, r->gso, r->rx & OT_GCSUM,
				   r->buf);
		break;
	case I_PARTIAL:
		ot_expect_csum(rq, frame, len, &lay, OT_PARTIAL, r->buf);
		break;
	case I_DONE:
		ot_expect_csum(rq, frame, len, &lay, OT_COMPLETED, r->buf);
		break;
	case I_AS_SENT:
		ot_expect_csum(rq, frame, len, &lay, OT_AS_SENT, r->buf);
		break;
	}
	ot_no_drops(rq);
	ut_vq_clean(rq);
}

/* Malformed offload state from the host: dropped at the port, counted. */
static void wire_in_bad(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_resp_port_stats ps;
	struct virtio_net_hdr_v1 h[5];
	struct vd_dev *rx;
	struct pb_layout lay;
	struct pb_flow fl;
	uint32_t len;
	unsigned int i;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	rx = ot_dev(e, OT_RECEIVER, OT_RX_ALL_MRG, 0);
	ot_rx_fill(rx, OT_BUF, false);
	ot_flow(&fl, OT_TCP4, rx->mac, ot_far_mac, 20000);
	len = ot_build(frame, &fl, &lay);
	for (i = 0; i < UT_ARRAY_SIZE(h); i++)
		ot_hdr(&h[i], &lay, 1448, false);
	h[0].gso_size = 0;
	h[1].flags = 0;
	h[2].gso_type = VIRTIO_NET_HDR_GSO_UDP;
	h[3].csum_start = (uint16_t)(len + 2);
	h[4].gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
	for (i = 0; i < UT_ARRAY_SIZE(h); i++)
		ot_check(vd_wire_rx_hdr(e->c, &h[i], frame, len, 2) == 0,
			 "wire_rx_sg failed");
	ot_expect_nothing(vd_rxq(rx, 0));
	assert_int_equal(vd_cmd_port_stats(e->c, &ps), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le64_to_cpu(ps.from_wire[OT_DROP_BAD_OFFLOAD]),
			 UT_ARRAY_SIZE(h));
	ot_no_drops(vd_rxq(rx, 0));
	/* a good one still comes through */
	ot_hdr(&h[0], &lay, 1448, false);
	assert_int_equal(vd_wire_rx_hdr(e->c, &h[0], frame, len, 2), 0);
	ot_expect_intact(vd_rxq(rx, 0), frame, len, &lay, &h[0], OT_BUF);
}

/*
 * A flooded GSO frame: whole to the receiver that takes it and to the
 * wire, cut for the one that doesn't, the sender left out.
 */
static void wire_flood_gso(void **state)
{
	struct ut_env *e = *state;
	struct virtio_net_hdr_v1 h, got;
	struct vd_dev *tx, *whole, *plain;
	struct pb_layout lay;
	struct pb_flow fl;
	struct up_frame *uf;
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS | OT_RX_ALL_MRG, 0);
	whole = ot_dev(e, OT_RECEIVER, OT_RX_ALL_MRG, 0);
	plain = ot_dev(e, OT_OTHER, 0, 0);
	ot_rx_fill(tx, OT_BUF, false);
	ot_rx_fill(whole, OT_BUF, false);
	ot_rx_fill(plain, OT_BUF, false);
	ot_flow(&fl, OT_UDP4, vd_bcast, tx->mac, 30000);
	len = ot_build(frame, &fl, &lay);
	ot_hdr(&h, &lay, 1200, false);
	ot_send(tx, &h, frame, len, NULL);

	ot_expect_intact(vd_rxq(whole, 0), frame, len, &lay, &h, OT_BUF);
	ot_expect_segments(vd_rxq(plain, 0), frame, len, 1200, false, OT_BUF);
	ot_expect_nothing(vd_rxq(tx, 0));
	uf = vd_wire_pop_hdr(e->c, &got);
	ot_check(uf, "the flood missed the wire");
	assert_int_equal(uf->len, len);
	assert_memory_equal(uf->data, frame, len);
	free(uf);
	assert_int_equal(got.gso_type, VIRTIO_NET_HDR_GSO_UDP_L4);
	assert_int_equal(got.gso_size, 1200);
	assert_int_equal(got.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	ot_no_drops(vd_txq(tx, 0));
	ot_no_drops(vd_rxq(whole, 0));
	ot_no_drops(vd_rxq(plain, 0));
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, wire_out, out_rows);
	UT_ADD_TABLE(&l, wire_in, in_rows);
	UT_ADD(&l, wire_in_bad);
	UT_ADD(&l, wire_flood_gso);
	return ut_run("offload_wire", &l);
}
