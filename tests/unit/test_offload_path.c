// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Offloads from one device to another through the card (virtio 1.2
 * 5.1.6.2 - 5.1.6.4): a partial checksum kept for a receiver with
 * GUEST_CSUM and completed for one without; a TSO/USO frame delivered
 * whole to a receiver with the matching GUEST_TSO/USO (and GUEST_ECN) -
 * in mergeable buffers or in Linux's big-packet chains - and cut into
 * valid segments for any other; transmit chains cut anywhere, the
 * virtio-net header and the checksum field included.
 * test_offload_hdr.c has malformed requests, feature dependencies and
 * CTRL_GUEST_OFFLOADS; test_offload_mrg.c mergeable buffers;
 * test_offload_wire.c the uplink.
 */
#include "test_offload.h"

#define OT_VID		100

enum path_how {
	P_WHOLE,	/* GSO frame arrives as sent */
	P_CUT,		/* ... cut into segments */
	P_PARTIAL,	/* non-GSO: NEEDS_CSUM kept */
	P_DONE,		/* non-GSO: checksum completed by the card */
	P_AS_SENT,	/* non-GSO, complete: as sent, flags 0 */
};

struct path_row {
	const char *name;
	enum ot_kind kind;
	uint32_t payload;
	uint16_t gso;		/* 0: not GSO */
	uint64_t rx;		/* receiver's features past VD_F_DEFAULT */
	uint32_t buf;		/* its receive buffers; 0: big chains */
	enum path_how how;
	bool vlan;		/* tagged OT_VID */
	bool complete;		/* sent with a complete checksum, no flags */
	bool ecn;		/* CWR set, GSO_ECN */
	bool indirect;		/* big chains in indirect tables */
	bool hash;		/* both ends negotiate HASH_REPORT */
	int hdr_len;		/* sent instead of the real one when > 0;
				 * -1 sends 0 */
	/* transmit layout */
	uint32_t cuts[6];
	unsigned int ncuts;
	unsigned int nsegs;
	bool hdr_separate;
	bool tx_indirect;
};

#define CSUM_ROW(n, k, p, rxf, b, h, ...)				\
	{ .name = n, .kind = k, .payload = p, .rx = rxf, .buf = b,	\
	  .how = h, __VA_ARGS__ }
#define GSO_ROW(n, k, p, g, rxf, b, h, ...)				\
	{ .name = n, .kind = k, .payload = p, .gso = g, .rx = rxf,	\
	  .buf = b, .how = h, __VA_ARGS__ }

static const struct path_row path_rows[] = {
	/* non-GSO checksum offload */
	CSUM_ROW("csum_tcp4_to_guest_csum", OT_TCP4, 1400, OT_GCSUM, OT_BUF,
		 P_PARTIAL),
	CSUM_ROW("csum_tcp4_to_plain", OT_TCP4, 1400, 0, OT_BUF, P_DONE),
	CSUM_ROW("csum_tcp4_1_byte_to_plain", OT_TCP4, 1, 0, OT_BUF, P_DONE),
	CSUM_ROW("csum_tcp6_vlan_to_plain", OT_TCP6, 1400, 0, OT_BUF, P_DONE,
		 .vlan = true),
	CSUM_ROW("csum_tcp6_to_all_mrg", OT_TCP6, 1000, OT_RX_ALL_MRG, OT_BUF,
		 P_PARTIAL),
	CSUM_ROW("csum_udp4_to_guest_csum", OT_UDP4, 1400, OT_GCSUM, OT_BUF,
		 P_PARTIAL),
	CSUM_ROW("csum_udp4_to_plain", OT_UDP4, 1400, 0, OT_BUF, P_DONE),
	CSUM_ROW("csum_udp4_empty_to_plain", OT_UDP4, 0, 0, OT_BUF, P_DONE),
	CSUM_ROW("csum_udp6_to_plain", OT_UDP6, 777, 0, OT_BUF, P_DONE),
	CSUM_ROW("csum_udp6_vlan_to_guest_csum", OT_UDP6, 1000, OT_GCSUM,
		 OT_BUF, P_PARTIAL, .vlan = true),
	CSUM_ROW("csum_tcp4_to_mrg512", OT_TCP4, 1400, OT_MRG, 512, P_DONE),
	CSUM_ROW("csum_tcp4_to_all_mrg512", OT_TCP4, 1400, OT_RX_ALL_MRG,
		 512, P_PARTIAL),
	CSUM_ROW("csum_tcp4_hash_to_plain", OT_TCP4, 1400, 0, OT_BUF, P_DONE,
		 .hash = true),
	CSUM_ROW("complete_tcp4_to_guest_csum", OT_TCP4, 1400, OT_GCSUM,
		 OT_BUF, P_AS_SENT, .complete = true),
	CSUM_ROW("complete_udp6_to_plain", OT_UDP6, 1400, 0, OT_BUF,
		 P_AS_SENT, .complete = true),
	CSUM_ROW("complete_tcp6_to_all_mrg", OT_TCP6, 1400, OT_RX_ALL_MRG,
		 OT_BUF, P_AS_SENT, .complete = true),

	/* GSO to a receiver that takes it whole, in mergeable buffers */
	GSO_ROW("tso4_20000_1448_whole_mrg", OT_TCP4, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("tso4_65000_1448_whole_mrg", OT_TCP4, 65000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("tso4_65000_1000_whole_mrg512", OT_TCP4, 65000, 1000,
		OT_RX_ALL_MRG, 512, P_WHOLE),
	GSO_ROW("tso4_20000_537_whole_mrg", OT_TCP4, 20000, 537,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("tso4_vlan_20000_1448_whole_mrg", OT_TCP4, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE, .vlan = true),
	GSO_ROW("tso4_hdr_len_hint_128_whole", OT_TCP4, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE, .hdr_len = 128),
	GSO_ROW("tso4_hash_report_whole_mrg", OT_TCP4, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE, .hash = true),
	GSO_ROW("tso6_20000_1428_whole_mrg", OT_TCP6, 20000, 1428,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("tso6_65000_1000_whole_mrg", OT_TCP6, 65000, 1000,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("tso6_hdr_len_hint_0_whole", OT_TCP6, 20000, 1428,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE, .hdr_len = -1),
	GSO_ROW("uso4_20000_1448_whole_mrg", OT_UDP4, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("uso4_65000_1000_whole_mrg512", OT_UDP4, 65000, 1000,
		OT_RX_ALL_MRG, 512, P_WHOLE),
	GSO_ROW("uso6_20000_1448_whole_mrg", OT_UDP6, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),
	GSO_ROW("uso6_65000_1000_whole_mrg", OT_UDP6, 65000, 1000,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE),

	/* ... in Linux's big-packet chains, without MRG_RXBUF */
	GSO_ROW("tso4_65000_1448_whole_big", OT_TCP4, 65000, 1448, OT_RX_ALL,
		0, P_WHOLE),
	GSO_ROW("tso6_20000_1428_whole_big_indirect", OT_TCP6, 20000, 1428,
		OT_RX_ALL, 0, P_WHOLE, .indirect = true),
	GSO_ROW("uso4_65000_1000_whole_big", OT_UDP4, 65000, 1000, OT_RX_ALL,
		0, P_WHOLE),
	GSO_ROW("uso6_20000_1448_whole_big_indirect", OT_UDP6, 20000, 1448,
		OT_RX_ALL, 0, P_WHOLE, .indirect = true),

	/* GSO to a receiver without offloads: segments */
	GSO_ROW("tso4_20000_1448_cut_plain", OT_TCP4, 20000, 1448, 0, OT_BUF,
		P_CUT),
	GSO_ROW("tso4_65000_1000_cut_plain", OT_TCP4, 65000, 1000, 0, OT_BUF,
		P_CUT),
	GSO_ROW("tso4_14480_1448_cut_plain", OT_TCP4, 14480, 1448, 0, OT_BUF,
		P_CUT),
	GSO_ROW("tso4_1449_1448_cut_plain", OT_TCP4, 1449, 1448, 0, OT_BUF,
		P_CUT),
	GSO_ROW("tso4_20000_537_cut_plain", OT_TCP4, 20000, 537, 0, OT_BUF,
		P_CUT),
	GSO_ROW("tso4_vlan_20000_1448_cut_plain", OT_TCP4, 20000, 1448, 0,
		OT_BUF, P_CUT, .vlan = true),
	GSO_ROW("tso6_65000_1428_cut_plain", OT_TCP6, 65000, 1428, 0, OT_BUF,
		P_CUT),
	GSO_ROW("tso6_20000_1000_cut_plain", OT_TCP6, 20000, 1000, 0, OT_BUF,
		P_CUT),
	GSO_ROW("uso4_20000_1448_cut_plain", OT_UDP4, 20000, 1448, 0, OT_BUF,
		P_CUT),
	GSO_ROW("uso4_65000_1000_cut_plain", OT_UDP4, 65000, 1000, 0, OT_BUF,
		P_CUT),
	GSO_ROW("uso6_20000_1000_cut_plain", OT_UDP6, 20000, 1000, 0, OT_BUF,
		P_CUT),
	GSO_ROW("uso6_vlan_20000_1448_cut_plain", OT_UDP6, 20000, 1448, 0,
		OT_BUF, P_CUT, .vlan = true),
	GSO_ROW("tso4_20000_1448_cut_hash", OT_TCP4, 20000, 1448, 0, OT_BUF,
		P_CUT, .hash = true),
	/* ... to one with GUEST_CSUM only: DATA_VALID or NEEDS_CSUM */
	GSO_ROW("tso4_20000_1448_cut_guest_csum", OT_TCP4, 20000, 1448,
		OT_GCSUM, OT_BUF, P_CUT),
	GSO_ROW("uso6_20000_1000_cut_guest_csum", OT_UDP6, 20000, 1000,
		OT_GCSUM, OT_BUF, P_CUT),
	GSO_ROW("tso6_65000_1428_cut_guest_csum_mrg", OT_TCP6, 65000, 1428,
		OT_GCSUM | OT_MRG, OT_BUF, P_CUT),
	/* ... segments across small mergeable buffers */
	GSO_ROW("tso4_20000_1448_cut_mrg512", OT_TCP4, 20000, 1448, OT_MRG,
		512, P_CUT),
	GSO_ROW("uso4_20000_1448_cut_mrg512", OT_UDP4, 20000, 1448, OT_MRG,
		512, P_CUT),
	/* ... to one with another GSO type only */
	GSO_ROW("tso6_to_tso4_only_cut", OT_TCP6, 20000, 1428,
		OT_GCSUM | OT_GTSO4 | OT_MRG, OT_BUF, P_CUT),
	GSO_ROW("tso4_to_tso6_only_cut", OT_TCP4, 20000, 1448,
		OT_GCSUM | OT_GTSO6 | OT_MRG, OT_BUF, P_CUT),
	GSO_ROW("uso6_to_uso4_only_cut", OT_UDP6, 20000, 1448,
		OT_GCSUM | OT_GUSO4 | OT_MRG, OT_BUF, P_CUT),
	GSO_ROW("uso4_to_tso_only_cut", OT_UDP4, 20000, 1448,
		OT_GCSUM | OT_GTSO4 | OT_GTSO6 | OT_MRG, OT_BUF, P_CUT),
	GSO_ROW("tso4_to_uso_only_cut", OT_TCP4, 20000, 1448,
		OT_GCSUM | OT_GUSO4 | OT_GUSO6 | OT_MRG, OT_BUF, P_CUT),

	/* ECN (GSO_ECN, CWR set): whole only with GUEST_ECN */
	GSO_ROW("tso4_ecn_whole", OT_TCP4, 20000, 1448, OT_RX_ALL_MRG, OT_BUF,
		P_WHOLE, .ecn = true),
	GSO_ROW("tso6_ecn_whole_big", OT_TCP6, 65000, 1428, OT_RX_ALL, 0,
		P_WHOLE, .ecn = true),
	GSO_ROW("tso4_ecn_to_noecn_cut", OT_TCP4, 20000, 1448, OT_RX_NOECN,
		OT_BUF, P_CUT, .ecn = true),
	GSO_ROW("tso6_ecn_to_plain_cut", OT_TCP6, 20000, 1428, 0, OT_BUF,
		P_CUT, .ecn = true),
	GSO_ROW("tso4_no_ecn_to_noecn_whole", OT_TCP4, 20000, 1448,
		OT_RX_NOECN, OT_BUF, P_WHOLE),

	/* transmit chains cut anywhere (offsets into header + frame) */
	GSO_ROW("tx_net_hdr_split_5_tso4_whole", OT_TCP4, 20000, 1448,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE, .cuts = { 5 }, .ncuts = 1),
	GSO_ROW("tx_net_hdr_split_5_tso4_cut", OT_TCP4, 20000, 1448, 0,
		OT_BUF, P_CUT, .cuts = { 5 }, .ncuts = 1),
	GSO_ROW("tx_net_hdr_alone_tso6_whole", OT_TCP6, 20000, 1428,
		OT_RX_ALL_MRG, OT_BUF, P_WHOLE, .cuts = { 12 }, .ncuts = 1),
	GSO_ROW("tx_desc_per_layer_tso4_cut", OT_TCP4, 20000, 1448, 0, OT_BUF,
		P_CUT, .cuts = { 12, 26, 46, 78 }, .ncuts = 4),
	GSO_ROW("tx_ip_hdr_split_uso4_cut", OT_UDP4, 20000, 1448, 0, OT_BUF,
		P_CUT, .cuts = { 3, 33, 49 }, .ncuts = 3),
	GSO_ROW("tx_l4_hdr_split_tso6_cut", OT_TCP6, 20000, 1428, 0, OT_BUF,
		P_CUT, .cuts = { 12, 12 + 54 + 5, 12 + 54 + 17 }, .ncuts = 3),
	CSUM_ROW("tx_csum_field_split_tcp4_done", OT_TCP4, 1400, 0, OT_BUF,
		 P_DONE, .cuts = { 12 + 34 + 17 }, .ncuts = 1),
	CSUM_ROW("tx_csum_field_split_udp6_done", OT_UDP6, 1400, 0, OT_BUF,
		 P_DONE, .cuts = { 12, 12 + 54 + 7 }, .ncuts = 2),
	GSO_ROW("tx_40_desc_tso4_whole", OT_TCP4, 65000, 1448, OT_RX_ALL_MRG,
		OT_BUF, P_WHOLE, .nsegs = 40),
	GSO_ROW("tx_63_desc_tso4_cut", OT_TCP4, 65000, 1448, 0, OT_BUF, P_CUT,
		.nsegs = 63),
	GSO_ROW("tx_hdr_separate_50_desc_uso6_cut", OT_UDP6, 20000, 1000, 0,
		OT_BUF, P_CUT, .nsegs = 50, .hdr_separate = true),
	GSO_ROW("tx_indirect_tso4_whole", OT_TCP4, 65000, 1448, OT_RX_ALL_MRG,
		OT_BUF, P_WHOLE, .nsegs = 20, .hdr_separate = true,
		.tx_indirect = true),
	GSO_ROW("tx_indirect_split_hdr_tso6_cut", OT_TCP6, 20000, 1428, 0,
		OT_BUF, P_CUT, .cuts = { 7, 30, 80 }, .ncuts = 3,
		.tx_indirect = true),
};

static void path_one(void **state)
{
	static uint8_t f[VD_RX_FRAME_MAX];
	struct ut_env *e = *state;
	const struct path_row *r = e->param;
	uint64_t hash = r->hash ? OT_HASH : 0;
	struct vd_tx_opts o = {
		.nsegs = r->nsegs, .hdr_separate = r->hdr_separate,
		.indirect = r->tx_indirect, .cuts = r->cuts,
		.ncuts = r->ncuts,
	};
	struct virtio_net_hdr_v1 h;
	struct vd_dev *tx, *rx;
	struct pb_layout lay;
	struct pb_flow fl;
	struct vd_vq *rq;
	uint32_t len;

	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS | hash, 0);
	rx = ot_dev(e, OT_RECEIVER, r->rx | hash, 0);
	rq = vd_rxq(rx, 0);
	if (r->vlan)
		assert_int_equal(vd_ctrl_vlan(rx, true, OT_VID),
				 VIRTIO_NET_OK);
	ot_rx_fill(rx, r->buf, r->indirect);

	ot_flow(&fl, r->kind, rx->mac, tx->mac, r->payload);
	fl.vlan = r->vlan ? OT_VID : PB_NO_VLAN;
	fl.csum_partial = !r->complete;
	if (r->ecn) {
		fl.tcp_flags = PB_TCP_ACK | PB_TCP_PSH | PB_TCP_CWR;
		fl.tos = 0x02;		/* ECT(0) */
	}
	len = ot_build(f, &fl, &lay);
	if (r->complete)
		memset(&h, 0, sizeof(h));
	else
		ot_hdr(&h, &lay, r->gso, r->ecn);
	if (r->hdr_len)
		h.hdr_len = r->hdr_len > 0 ? (uint16_t)r->hdr_len : 0;
	ot_send(tx, &h, f, len, &o);
	ot_no_drops(vd_txq(tx, 0));

	switch (r->how) {
	case P_WHOLE:
		ot_expect_intact(rq, f, len, &lay, &h, r->buf);
		break;
	case P_CUT:
		ot_expect_segments(rq, f, len, r->gso, r->rx & OT_GCSUM,
				   r->buf);
		break;
	case P_PARTIAL:
		ot_expect_csum(rq, f, len, &lay, OT_PARTIAL, r->buf);
		break;
	case P_DONE:
		ot_expect_csum(rq, f, len, &lay, OT_COMPLETED, r->buf);
		break;
	case P_AS_SENT:
		ot_expect_csum(rq, f, len, &lay, OT_AS_SENT, r->buf);
		break;
	}
	ot_no_drops(vd_txq(tx, 0));
	ot_no_drops(rq);
	ut_vq_clean(vd_txq(tx, 0));
	ut_vq_clean(rq);
}

/*
 * Back to back on one queue, GSO and not, for both kinds of receiver at
 * once (the sender floods nothing: each frame goes to its own MAC).
 */
static void path_mixed_burst(void **state)
{
	static uint8_t f[4][VD_RX_FRAME_MAX];
	static const enum ot_kind kind[4] = { OT_TCP4, OT_UDP6, OT_TCP6,
					      OT_UDP4 };
	static const uint32_t payload[4] = { 30000, 900, 65000, 5000 };
	static const uint16_t gso[4] = { 1448, 0, 1000, 1448 };
	struct ut_env *e = *state;
	struct virtio_net_hdr_v1 h[4];
	struct vd_dev *tx, *whole, *plain;
	struct pb_layout lay[4];
	struct pb_flow fl;
	uint32_t len[4];
	unsigned int i;

	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS, 0);
	whole = ot_dev(e, OT_RECEIVER, OT_RX_ALL_MRG, 0);
	plain = ot_dev(e, OT_OTHER, 0, 0);
	ot_rx_fill(whole, OT_BUF, false);
	ot_rx_fill(plain, OT_BUF, false);
	for (i = 0; i < 8; i++) {
		struct vd_dev *to = i & 1 ? plain : whole;

		ot_flow(&fl, kind[i % 4], to->mac, tx->mac, payload[i % 4]);
		len[i % 4] = ot_build(f[i % 4], &fl, &lay[i % 4]);
		ot_hdr(&h[i % 4], &lay[i % 4], gso[i % 4], false);
		assert_true(vd_tx_post_hdr(vd_txq(tx, 0), &h[i % 4], f[i % 4],
					   len[i % 4], NULL) >= 0);
		if (i % 4 == 3) {
			unsigned int j;

			assert_int_equal(vd_vq_kick_run(vd_txq(tx, 0)), 0);
			assert_int_equal(vd_vq_drain(vd_txq(tx, 0)), 4);
			for (j = 0; j < 4; j++) {
				struct vd_dev *got = j & 1 ? plain : whole;
				struct vd_vq *q = vd_rxq(got, 0);

				if (!gso[j])
					ot_take_csum(q, f[j], len[j], &lay[j],
						     got == whole ?
						     OT_PARTIAL : OT_COMPLETED,
						     OT_BUF);
				else if (got == whole)
					ot_take_intact(q, f[j], len[j],
						       &lay[j], &h[j], OT_BUF);
				else
					ot_take_segments(q, f[j], len[j],
							 gso[j], false,
							 OT_BUF);
			}
			ot_expect_nothing(vd_rxq(whole, 0));
			ot_expect_nothing(vd_rxq(plain, 0));
			ot_rx_fill(whole, OT_BUF, false);
			ot_rx_fill(plain, OT_BUF, false);
		}
	}
	ot_no_drops(vd_txq(tx, 0));
	ot_no_drops(vd_rxq(whole, 0));
	ot_no_drops(vd_rxq(plain, 0));
}

/*
 * ---- the checks themselves ----
 * pktbuild's reference checksums on known answers, and the segment and
 * checksum checks above on frames the tests cut themselves, through what
 * the card did before offloads (plain devices, complete frames): these
 * pass whatever the offload firmware does, so a failure of the rows above
 * is the card's, not the checks'.
 */
static void selfcheck_csum_vectors(void **state)
{
	/* RFC 1071 section 3: the sum of these is ddf2 */
	static const uint8_t rfc1071[8] = { 0x00, 0x01, 0xf2, 0x03,
					    0xf4, 0xf5, 0xf6, 0xf7 };
	/* an IPv4 header whose checksum is b861 */
	static const uint8_t ip[20] = { 0x45, 0x00, 0x00, 0x73, 0x00, 0x00,
					0x40, 0x00, 0x40, 0x11, 0xb8, 0x61,
					0xc0, 0xa8, 0x00, 0x01, 0xc0, 0xa8,
					0x00, 0xc7 };
	static uint8_t a[VD_RX_FRAME_MAX], b[VD_RX_FRAME_MAX];
	static const uint32_t sizes[] = { 0, 1, 2, 1400, 20001, 65000 };
	struct pb_layout la, lb;
	struct pb_flow fl;
	unsigned int k, i;

	(void)state;
	assert_int_equal(pb_fold(pb_sum16(0, rfc1071, 8)), 0xddf2);
	assert_int_equal(pb_fold(pb_sum16(0, ip, 20)), 0xffff);
	/* a generic checksum from an odd start over an odd-sized region */
	for (i = 0; i < 101; i++)
		a[i] = (uint8_t)(i * 37 + 11);
	a[41] = a[42] = 0;
	assert_false(pb_csum_region_ok(a, 101, 21));
	assert_int_equal(pb_csum_finish(a, 101, 21, 20), 0);
	assert_true(pb_csum_region_ok(a, 101, 21));
	assert_int_equal(pb_csum_finish(a, 101, 21, 79), -1);
	for (k = OT_TCP4; k <= OT_UDP6; k++) {
		for (i = 0; i < UT_ARRAY_SIZE(sizes); i++) {
			ot_flow(&fl, k, vd_bcast, ot_far_mac, sizes[i]);
			fl.csum_partial = false;
			ot_build(a, &fl, &la);
			fl.csum_partial = true;
			ot_build(b, &fl, &lb);
			assert_true(pb_ip_csum_ok(a, la.len));
			assert_true(pb_l4_csum_ok(a, la.len));
			assert_false(pb_l4_csum_partial(a, la.len));
			assert_false(pb_l4_csum_ok(b, lb.len));
			assert_true(pb_l4_csum_partial(b, lb.len));
			assert_int_equal(pb_csum_finish(b, lb.len, lb.l4_off,
							lb.csum_offset), 0);
			assert_memory_equal(a, b, la.len);
			a[la.len - 1] ^= 0x40;
			assert_false(pb_l4_csum_ok(a, la.len));
		}
	}
}

struct selfcheck_row {
	const char *name;
	enum ot_kind kind;
	uint32_t payload;
	uint16_t gso;
	bool vlan;
	bool cwr;
};

static const struct selfcheck_row selfcheck_rows[] = {
	{ "tcp4_20000_1448", OT_TCP4, 20000, 1448 },
	{ "tcp4_1449_1448", OT_TCP4, 1449, 1448 },
	{ "tcp6_65000_1000_cwr", OT_TCP6, 65000, 1000, false, true },
	{ "udp4_20000_537", OT_UDP4, 20000, 537 },
	{ "udp6_vlan_20000_1448", OT_UDP6, 20000, 1448, true },
};

static void selfcheck_segments(void **state)
{
	static uint8_t f[VD_RX_FRAME_MAX], seg[2048];
	struct ut_env *e = *state;
	const struct selfcheck_row *r = e->param;
	struct vd_dev *tx = ut_dev(e, OT_SENDER, NULL);
	struct vd_dev *rx = ut_dev(e, OT_RECEIVER, NULL);
	struct pb_layout lay;
	struct pb_flow fl;
	uint32_t len, slen, i;

	if (r->vlan)
		assert_int_equal(vd_ctrl_vlan(rx, true, OT_VID),
				 VIRTIO_NET_OK);
	ot_rx_fill(rx, OT_BUF, false);
	ot_flow(&fl, r->kind, rx->mac, tx->mac, r->payload);
	fl.vlan = r->vlan ? OT_VID : PB_NO_VLAN;
	if (r->cwr)
		fl.tcp_flags = PB_TCP_ACK | PB_TCP_PSH | PB_TCP_CWR;
	len = ot_build(f, &fl, &lay);
	for (i = 0; (slen = pb_segment(seg, sizeof(seg), f, len, r->gso, i));
	     i++)
		ot_send(tx, NULL, seg, slen, NULL);
	assert_int_equal(i, (r->payload + r->gso - 1) / r->gso);
	ot_expect_segments(vd_rxq(rx, 0), f, len, r->gso, false, OT_BUF);
	ot_no_drops(vd_rxq(rx, 0));
}

/* ot_expect_csum() on frames completed here, through today's card. */
static void selfcheck_csum_completed(void **state)
{
	static uint8_t f[2048], g[2048];
	struct ut_env *e = *state;
	struct vd_dev *tx = ut_dev(e, OT_SENDER, NULL);
	struct vd_dev *rx = ut_dev(e, OT_RECEIVER, NULL);
	struct pb_layout lay;
	struct pb_flow fl;
	unsigned int k;
	uint32_t len;

	ot_rx_fill(rx, OT_BUF, false);
	for (k = OT_TCP4; k <= OT_UDP6; k++) {
		ot_flow(&fl, k, rx->mac, tx->mac, 1000 + k);
		len = ot_build(f, &fl, &lay);
		memcpy(g, f, len);
		assert_int_equal(pb_csum_finish(g, len, lay.l4_off,
						lay.csum_offset), 0);
		ot_send(tx, NULL, g, len, NULL);
		ot_expect_csum(vd_rxq(rx, 0), f, len, &lay, OT_COMPLETED,
			       OT_BUF);
		ot_send(tx, NULL, g, len, NULL);
		ot_expect_csum(vd_rxq(rx, 0), g, len, &lay, OT_AS_SENT,
			       OT_BUF);
	}
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, selfcheck_csum_vectors);
	UT_ADD_TABLE(&l, selfcheck_segments, selfcheck_rows);
	UT_ADD(&l, selfcheck_csum_completed);
	UT_ADD_TABLE(&l, path_one, path_rows);
	UT_ADD(&l, path_mixed_burst);
	return ut_run("offload_path", &l);
}
