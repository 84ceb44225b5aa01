// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Offload requests the card must refuse or honour to the letter: transmit
 * headers that are malformed or ask for what the sender didn't negotiate
 * (virtio 1.2 5.1.6.2.1: dropped and counted on the transmit queue, the
 * queue going on), flags a driver must not set, a generic checksum; the
 * feature dependencies of 5.1.3.1 (FEATURES_OK refused); and
 * CTRL_GUEST_OFFLOADS (5.1.6.5.6): the receiver's offloads changed at run
 * time, refused outside the negotiated set, restored by a reset.
 */
#include <errno.h>

#include "test_offload.h"

static uint8_t frame[VD_RX_FRAME_MAX + 64];

/* Build a @kind frame from @tx to @rx and its Linux header. */
static uint32_t hdr_frame(struct vd_dev *tx, struct vd_dev *rx,
			  enum ot_kind kind, uint32_t payload, uint16_t gso,
			  struct pb_layout *lay, struct virtio_net_hdr_v1 *h)
{
	struct pb_flow fl;
	uint32_t len;

	ot_flow(&fl, kind, rx->mac, tx->mac, payload);
	len = ot_build(frame, &fl, lay);
	ot_hdr(h, lay, gso, false);
	return len;
}

/* ---- malformed requests ---- */

enum bad_outcome {
	B_DROP,		/* dropped, @ctr counted once */
	B_DROP_BIG,	/* dropped, TOO_BIG or the bad-offload counter */
	B_EITHER,	/* dropped and counted, or delivered as a valid
			 * frame: the spec leaves it open */
};

struct bad_row {
	const char *name;
	enum ot_kind kind;
	uint32_t payload;
	uint16_t gso;		/* ot_hdr()'s header, then @mut */
	uint64_t sender;	/* its features past VD_F_DEFAULT; 0: all
				 * host offloads */
	void (*mut)(struct virtio_net_hdr_v1 *h, uint32_t *len,
		    const struct pb_layout *lay);
	enum bad_outcome outcome;
	enum ovnic_vq_counter ctr;	/* B_DROP; 0: OT_DROP_BAD_OFFLOAD */
};

static void m_none(struct virtio_net_hdr_v1 *h, uint32_t *len,
		   const struct pb_layout *lay)
{
	(void)h, (void)len, (void)lay;
}

static void m_gso_size_0(struct virtio_net_hdr_v1 *h, uint32_t *len,
			 const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_size = 0;
}

static void m_gso_size_over_payload(struct virtio_net_hdr_v1 *h,
				    uint32_t *len, const struct pb_layout *lay)
{
	h->gso_size = (uint16_t)(*len - lay->hdr_len + 1);
}

static void m_no_needs_csum(struct virtio_net_hdr_v1 *h, uint32_t *len,
			    const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->flags = 0;
}

static void m_ufo(struct virtio_net_hdr_v1 *h, uint32_t *len,
		  const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type = VIRTIO_NET_HDR_GSO_UDP;
}

static void m_gso_type_2(struct virtio_net_hdr_v1 *h, uint32_t *len,
			 const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type = 2;
}

static void m_gso_type_0x7f(struct virtio_net_hdr_v1 *h, uint32_t *len,
			    const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type = 0x7f;
}

static void m_ecn(struct virtio_net_hdr_v1 *h, uint32_t *len,
		  const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type |= VIRTIO_NET_HDR_GSO_ECN;
}

static void m_tcpv4(struct virtio_net_hdr_v1 *h, uint32_t *len,
		    const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
}

static void m_tcpv6(struct virtio_net_hdr_v1 *h, uint32_t *len,
		    const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
}

static void m_udp_l4(struct virtio_net_hdr_v1 *h, uint32_t *len,
		     const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
}

static void m_csum_start_past_end(struct virtio_net_hdr_v1 *h,
				  uint32_t *len, const struct pb_layout *lay)
{
	(void)lay;
	h->csum_start = (uint16_t)(*len + 4);
	h->csum_offset = 0;
}

static void m_csum_start_0xffff(struct virtio_net_hdr_v1 *h, uint32_t *len,
				const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->csum_start = 0xffff;
}

/* The field's second byte one past the end. */
static void m_csum_field_past_end(struct virtio_net_hdr_v1 *h,
				  uint32_t *len, const struct pb_layout *lay)
{
	(void)lay;
	h->csum_offset = (uint16_t)(*len - h->csum_start - 1);
}

static void m_csum_start_last_byte(struct virtio_net_hdr_v1 *h,
				   uint32_t *len, const struct pb_layout *lay)
{
	(void)lay;
	h->csum_start = (uint16_t)(*len - 1);
	h->csum_offset = 0;
}

static void m_csum_start_ip(struct virtio_net_hdr_v1 *h, uint32_t *len,
			    const struct pb_layout *lay)
{
	(void)len;
	h->csum_start = lay->l3_off;
}

static void m_csum_offset_6(struct virtio_net_hdr_v1 *h, uint32_t *len,
			    const struct pb_layout *lay)
{
	(void)len, (void)lay;
	h->csum_offset = 6;
}

/* Not IP at all: ethertype 0x88b5 (local experimental). */
static void m_not_ip(struct virtio_net_hdr_v1 *h, uint32_t *len,
		     const struct pb_layout *lay)
{
	(void)h, (void)len;
	frame[lay->l3_off - 2] = 0x88;
	frame[lay->l3_off - 1] = 0xb5;
}

/* IP version 5 where IPv4 was: no IP header to cut. */
static void m_ip_version_5(struct virtio_net_hdr_v1 *h, uint32_t *len,
			   const struct pb_layout *lay)
{
	(void)h, (void)len;
	frame[lay->l3_off] = 0x55;
}

/* IHL 6: the TCP header is 4 bytes past csum_start. */
static void m_ihl_6(struct virtio_net_hdr_v1 *h, uint32_t *len,
		    const struct pb_layout *lay)
{
	(void)h, (void)len;
	frame[lay->l3_off] = 0x46;
}

/* The frame ends inside the TCP header. */
static void m_truncated_l4(struct virtio_net_hdr_v1 *h, uint32_t *len,
			   const struct pb_layout *lay)
{
	(void)h;
	*len = lay->l4_off + 19u;
}

/* More than 64 KiB of IP and headers. */
static void m_over_64k(struct virtio_net_hdr_v1 *h, uint32_t *len,
		       const struct pb_layout *lay)
{
	(void)h, (void)lay;
	memset(frame + *len, 0x3c, OVNIC_WIRE_GSO_MAX + 1 - *len);
	*len = OVNIC_WIRE_GSO_MAX + 1;
}

#define HOST_NO(bit)	(VD_F_HOST_OFFLOADS & ~(bit))

static const struct bad_row bad_rows[] = {
	{ "gso_size_0", OT_TCP4, 20000, 1448, 0, m_gso_size_0, B_DROP },
	{ "gso_without_needs_csum", OT_TCP4, 20000, 1448, 0, m_no_needs_csum,
	  B_DROP },
	{ "uso_without_needs_csum", OT_UDP6, 20000, 1448, 0, m_no_needs_csum,
	  B_DROP },
	{ "ufo", OT_UDP4, 20000, 1448, 0, m_ufo, B_DROP },
	{ "gso_type_2", OT_TCP4, 20000, 1448, 0, m_gso_type_2, B_DROP },
	{ "gso_type_0x7f", OT_TCP4, 20000, 1448, 0, m_gso_type_0x7f, B_DROP },
	{ "tso4_on_ipv6", OT_TCP6, 20000, 1428, 0, m_tcpv4, B_DROP },
	{ "tso6_on_ipv4", OT_TCP4, 20000, 1448, 0, m_tcpv6, B_DROP },
	{ "uso_on_tcp", OT_TCP4, 20000, 1448, 0, m_udp_l4, B_DROP },
	{ "tso4_on_udp", OT_UDP4, 20000, 1448, 0, m_tcpv4, B_DROP },
	{ "gso_csum_start_at_ip", OT_TCP4, 20000, 1448, 0, m_csum_start_ip,
	  B_DROP },
	{ "tso_csum_offset_6", OT_TCP6, 20000, 1428, 0, m_csum_offset_6,
	  B_DROP },
	{ "gso_not_ip", OT_TCP4, 20000, 1448, 0, m_not_ip, B_DROP },
	{ "gso_ip_version_5", OT_TCP4, 20000, 1448, 0, m_ip_version_5,
	  B_DROP },
	{ "gso_l4_not_at_csum_start", OT_TCP4, 20000, 1448, 0, m_ihl_6,
	  B_DROP },
	{ "gso_truncated_tcp_header", OT_TCP4, 20000, 1448, 0,
	  m_truncated_l4, B_DROP },
	{ "gso_over_64k", OT_TCP4, 65000, 1448, 0, m_over_64k, B_DROP_BIG },
	{ "gso_size_over_payload", OT_TCP4, 1000, 1448, 0,
	  m_gso_size_over_payload, B_EITHER },
	{ "csum_start_past_end", OT_TCP4, 1000, 0, 0, m_csum_start_past_end,
	  B_DROP },
	{ "csum_start_0xffff", OT_UDP4, 1000, 0, 0, m_csum_start_0xffff,
	  B_DROP },
	{ "csum_field_past_end", OT_TCP6, 1000, 0, 0, m_csum_field_past_end,
	  B_DROP },
	{ "csum_start_last_byte", OT_UDP6, 1000, 0, 0, m_csum_start_last_byte,
	  B_DROP },
	{ "gso_csum_field_past_end", OT_TCP4, 20000, 1448, 0,
	  m_csum_field_past_end, B_DROP },
	/* what the sender didn't negotiate (MTU: nothing past the default) */
	{ "needs_csum_without_csum", OT_TCP4, 1000, 0,
	  VD_BIT(VIRTIO_NET_F_MTU), m_none, B_DROP },
	{ "tso4_without_host_tso4", OT_TCP4, 20000, 1448,
	  HOST_NO(OT_HTSO4), m_none, B_DROP },
	{ "tso6_without_host_tso6", OT_TCP6, 20000, 1428,
	  HOST_NO(OT_HTSO6), m_none, B_DROP },
	{ "uso4_without_host_uso", OT_UDP4, 20000, 1448, HOST_NO(OT_HUSO),
	  m_none, B_DROP },
	{ "uso6_without_host_uso", OT_UDP6, 20000, 1448, HOST_NO(OT_HUSO),
	  m_none, B_DROP },
	{ "ecn_without_host_ecn", OT_TCP4, 20000, 1448, HOST_NO(OT_HECN),
	  m_ecn, B_DROP },
	/* non-GSO frames keep the MTU limit */
	{ "needs_csum_over_mtu", OT_TCP4, 1500, 0, 0, m_none, B_DROP,
	  OVNIC_VQC_DROP_TOO_BIG },
};

static const enum ovnic_vq_counter drop_ctrs[] = {
	OVNIC_VQC_DROP_NO_BUFFER, OVNIC_VQC_DROP_TOO_BIG,
	OVNIC_VQC_DROP_BAD_DESC, OVNIC_VQC_DROP_BAD_ADDR,
	OVNIC_VQC_DROP_FILTERED, OVNIC_VQC_DROP_SPOOFED,
	OVNIC_VQC_DROP_BAD_OFFLOAD,
};

static void hdr_bad(void **state)
{
	struct ut_env *e = *state;
	const struct bad_row *r = e->param;
	enum ovnic_vq_counter ctr = r->ctr ? r->ctr : OT_DROP_BAD_OFFLOAD;
	uint64_t before[OVNIC_VQC_NUM], after[OVNIC_VQC_NUM];
	struct ovnic_resp_vq_query vq;
	struct virtio_net_hdr_v1 h;
	struct vd_dev *tx, *rx;
	struct pb_layout lay;
	struct pb_flow fl;
	struct vd_vq *tq, *rq;
	uint64_t drops = 0;
	char moved_s[256];
	uint32_t len;
	unsigned int i;
	int moved = 0;

	tx = ot_dev(e, OT_SENDER, r->sender ? r->sender : VD_F_HOST_OFFLOADS,
		    0);
	rx = ot_dev(e, OT_RECEIVER, OT_RX_ALL_MRG, 0);
	tq = vd_txq(tx, 0);
	rq = vd_rxq(rx, 0);
	ot_rx_fill(rx, OT_BUF, false);
	len = hdr_frame(tx, rx, r->kind, r->payload, r->gso, &lay, &h);
	r->mut(&h, &len, &lay);
	assert_int_equal(vd_vq_stats(tq, before), 0);
	ot_send(tx, &h, frame, len, NULL);
	assert_int_equal(vd_vq_stats(tq, after), 0);
	for (i = 0; i < UT_ARRAY_SIZE(drop_ctrs); i++)
		drops += after[drop_ctrs[i]] - before[drop_ctrs[i]];

	for (i = 0; i < OVNIC_VQC_NUM; i++)
		if (after[i] != before[i])
			moved += snprintf(moved_s + moved, sizeof(moved_s) -
					  moved, " %u:+%llu", i,
					  (unsigned long long)(after[i] -
							       before[i]));
	switch (r->outcome) {
	case B_DROP:
		ot_check(after[ctr] - before[ctr] == 1 && drops == 1,
			 "want one drop counted in tx counter %d; counters "
			 "that moved:%s; receiver got %u used entries", ctr,
			 moved ? moved_s : " none", vd_vq_used_pending(rq));
		ot_expect_nothing(rq);
		break;
	case B_DROP_BIG:
		ot_check(drops == 1 &&
			 (after[OVNIC_VQC_DROP_TOO_BIG] -
			  before[OVNIC_VQC_DROP_TOO_BIG] == 1 ||
			  after[ctr] - before[ctr] == 1),
			 "want one drop counted TOO_BIG or bad offload (%d); "
			 "counters that moved:%s", ctr,
			 moved ? moved_s : " none");
		ot_expect_nothing(rq);
		break;
	case B_EITHER:
		if (drops) {
			assert_int_equal(drops, 1);
			assert_int_equal(after[ctr] - before[ctr], 1);
			ot_expect_nothing(rq);
			break;
		}
		/* delivered: one valid frame, whole or completed */
		{
			static struct vd_rx_frame rf;

			ot_recv(rq, &rf, "the frame");
			assert_int_equal(rf.len, len);
			if (rf.hdr.flags & OT_NET_HDR_F_NEEDS_CSUM)
				assert_int_equal(pb_csum_finish(rf.data, len,
						 rf.hdr.csum_start,
						 rf.hdr.csum_offset), 0);
			assert_true(pb_l4_csum_ok(rf.data, len));
			assert_int_equal(vd_rx_recv_frame(rq, &rf), 0);
		}
		break;
	}
	assert_int_equal(vd_vq_query(tq, &vq), 0);
	assert_int_equal(vq.broken, 0);
	ut_vq_clean(tq);

	/* the queue goes on: a complete frame, then a valid request */
	ot_flow(&fl, OT_TCP4, rx->mac, tx->mac, 1000);
	fl.csum_partial = false;
	len = ot_build(frame, &fl, &lay);
	ot_send(tx, NULL, frame, len, NULL);
	ot_expect_csum(rq, frame, len, &lay, OT_AS_SENT, OT_BUF);
	if (vd_has(tx, VIRTIO_NET_F_CSUM)) {
		fl.csum_partial = true;
		len = ot_build(frame, &fl, &lay);
		ot_hdr(&h, &lay, 0, false);
		ot_send(tx, &h, frame, len, NULL);
		ot_expect_csum(rq, frame, len, &lay, OT_PARTIAL, OT_BUF);
	}
	ut_vq_clean(rq);
}

/*
 * 5.1.6.2.1: a driver doesn't set DATA_VALID or RSC_INFO; the card
 * ignores them (net_offload.h): a complete frame goes through as it is,
 * a NEEDS_CSUM one is completed for a receiver without GUEST_CSUM.
 */
static void hdr_driver_flags_ignored(void **state)
{
	static const uint8_t extra[] = { VIRTIO_NET_HDR_F_DATA_VALID,
					 VIRTIO_NET_HDR_F_RSC_INFO };
	struct ut_env *e = *state;
	struct virtio_net_hdr_v1 h;
	struct vd_dev *tx, *rx;
	struct pb_layout lay;
	struct pb_flow fl;
	unsigned int i;
	uint32_t len;

	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS, 0);
	rx = ot_dev(e, OT_RECEIVER, 0, 0);
	ot_rx_fill(rx, OT_BUF, false);
	for (i = 0; i < UT_ARRAY_SIZE(extra); i++) {
		ot_flow(&fl, OT_UDP4, rx->mac, tx->mac, 900 + i);
		fl.csum_partial = false;
		len = ot_build(frame, &fl, &lay);
		memset(&h, 0, sizeof(h));
		h.flags = extra[i];
		ot_send(tx, &h, frame, len, NULL);
		ot_expect_csum(vd_rxq(rx, 0), frame, len, &lay, OT_AS_SENT,
			       OT_BUF);
		fl.csum_partial = true;
		len = ot_build(frame, &fl, &lay);
		ot_hdr(&h, &lay, 0, false);
		h.flags |= extra[i];
		ot_send(tx, &h, frame, len, NULL);
		ot_expect_csum(vd_rxq(rx, 0), frame, len, &lay, OT_COMPLETED,
			       OT_BUF);
	}
	ot_no_drops(vd_txq(tx, 0));
}

/*
 * 5.1.6.2: NEEDS_CSUM is generic - the sum from csum_start to the end at
 * csum_start + csum_offset - for any frame, IP or not.
 */
static void hdr_csum_generic_not_ip(void **state)
{
	struct ut_env *e = *state;
	struct virtio_net_hdr_v1 h = {
		.flags		= VIRTIO_NET_HDR_F_NEEDS_CSUM,
		.csum_start	= 21,	/* odd: bytes summed from there */
		.csum_offset	= 34,	/* even, so the field is a word */
	};
	static struct vd_rx_frame rf;
	struct vd_dev *tx, *rx;
	uint32_t len;

	tx = ot_dev(e, OT_SENDER, VD_F_HOST_OFFLOADS, 0);
	rx = ot_dev(e, OT_RECEIVER, 0, 0);
	ot_rx_fill(rx, OT_BUF, false);
	len = vd_frame(frame, rx->mac, tx->mac, VD_NO_VLAN, 0x88b5, 987, 5);
	frame[55] = frame[56] = 0;
	ot_send(tx, &h, frame, len, NULL);
	ot_recv(vd_rxq(rx, 0), &rf, "the frame");
	assert_int_equal(rf.hdr.flags, 0);
	assert_int_equal(rf.len, len);
	assert_memory_equal(rf.data, frame, 55);
	assert_memory_equal(rf.data + 57, frame + 57, len - 57);
	assert_true(pb_csum_region_ok(rf.data, len, 21));
	assert_int_equal(pb_csum_finish(frame, len, 21, 34), 0);
	assert_memory_equal(rf.data + 55, frame + 55, 2);
}

/* ---- feature dependencies (5.1.3.1) ---- */

#define F_NO_CVQ	(VD_BIT(VIRTIO_F_VERSION_1) |			\
			 VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |		\
			 VD_BIT(VIRTIO_NET_F_MAC) |			\
			 VD_BIT(VIRTIO_NET_F_MTU) |			\
			 VD_BIT(VIRTIO_NET_F_STATUS))

struct feat_row {
	const char *name;
	uint64_t features;
	bool ok;
};

static const struct feat_row feat_rows[] = {
	{ "guest_tso4_needs_guest_csum", VD_F_DEFAULT | OT_GTSO4 },
	{ "guest_tso6_needs_guest_csum", VD_F_DEFAULT | OT_GTSO6 },
	{ "guest_uso4_needs_guest_csum", VD_F_DEFAULT | OT_GUSO4 },
	{ "guest_uso6_needs_guest_csum", VD_F_DEFAULT | OT_GUSO6 },
	{ "guest_ecn_needs_guest_tso", VD_F_DEFAULT | OT_GCSUM | OT_GECN },
	{ "guest_ecn_with_uso_only", VD_F_DEFAULT | OT_GCSUM | OT_GUSO4 |
	  OT_GUSO6 | OT_GECN },
	{ "host_tso4_needs_csum", VD_F_DEFAULT | OT_HTSO4 },
	{ "host_tso6_needs_csum", VD_F_DEFAULT | OT_HTSO6 },
	{ "host_uso_needs_csum", VD_F_DEFAULT | OT_HUSO },
	{ "host_ecn_needs_host_tso", VD_F_DEFAULT | OT_CSUM | OT_HECN },
	{ "host_ecn_with_uso_only", VD_F_DEFAULT | OT_CSUM | OT_HUSO |
	  OT_HECN },
	{ "ctrl_guest_offloads_needs_cvq", F_NO_CVQ | OT_GCSUM | OT_CTRL_GO },
	{ "everything", VD_F_DEFAULT | VD_F_OFFLOADS, true },
	{ "guest_ecn_with_tso6", VD_F_DEFAULT | OT_GCSUM | OT_GTSO6 | OT_GECN,
	  true },
	{ "host_ecn_with_tso4", VD_F_DEFAULT | OT_CSUM | OT_HTSO4 | OT_HECN,
	  true },
	{ "guest_csum_alone", VD_F_DEFAULT | OT_GCSUM, true },
	{ "csum_alone", VD_F_DEFAULT | OT_CSUM, true },
	{ "mrg_rxbuf_alone", VD_F_DEFAULT | OT_MRG, true },
	{ "uso_alone", VD_F_DEFAULT | OT_GCSUM | OT_GUSO6 | OT_CSUM | OT_HUSO,
	  true },
	{ "no_cvq_offloads", F_NO_CVQ | VD_F_HOST_OFFLOADS | OT_GCSUM |
	  OT_GTSO4 | OT_MRG, true },
};

static void hdr_features(void **state)
{
	struct ut_env *e = *state;
	const struct feat_row *r = e->param;
	struct vd_dev_cfg cfg = { .dev_id = 0, .offered = VD_F_CARD_OFFLOAD,
				  .features = r->features };
	struct ovnic_resp_dev_query q;
	struct vd_dev *d;
	uint64_t offered;
	int err = 0, st;

	d = vd_dev_new(e->c, &cfg, &err);
	ot_check(d, "DEV_CREATE with the offloads offered: %d", err);
	e->dev[0] = d;
	assert_int_equal(vd_dev_query(d, &q), 0);
	offered = ovnic_le64_to_cpu(q.device_features);
	ot_check((offered & r->features) == r->features, "the card does not "
		 "offer 0x%llx", (unsigned long long)(r->features & ~offered));
	st = vd_dev_negotiate(d, r->features);
	assert_int_equal(vd_dev_query(d, &q), 0);
	if (!r->ok) {
		ot_check(st == -ENOTSUP, "FEATURES_OK accepted 0x%llx (%d)",
			 (unsigned long long)r->features, st);
		assert_false(q.status & VIRTIO_CONFIG_S_FEATURES_OK);
		return;
	}
	ot_check(st == 0, "FEATURES_OK refused 0x%llx (%d)",
		 (unsigned long long)r->features, st);
	assert_true(q.status & VIRTIO_CONFIG_S_FEATURES_OK);
	assert_int_equal(ovnic_le64_to_cpu(q.driver_features), r->features);
	assert_int_equal(vd_dev_setup_queues(d), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_DRIVER_OK,
			 VIRTIO_CONFIG_S_DRIVER_OK);
}

/* ---- CTRL_GUEST_OFFLOADS (5.1.6.5.6) ---- */

#define GO_NEGOTIATED	(OT_GCSUM | OT_GTSO4 | OT_GTSO6 | OT_GECN |	\
			 OT_GUSO4 | OT_GUSO6)

struct go {
	struct ut_env *e;
	struct vd_dev *tx, *rx;
};

static void go_setup(struct go *g, void **state, uint64_t rx_features)
{
	g->e = *state;
	g->tx = ot_dev(g->e, OT_SENDER, VD_F_HOST_OFFLOADS, 0);
	g->rx = ot_dev(g->e, OT_RECEIVER, rx_features, 0);
	ot_rx_fill(g->rx, OT_BUF, false);
}

/* Send a @kind frame (GSO when @gso) and check it arrives as @how. */
static void go_send(struct go *g, enum ot_kind kind, uint16_t gso,
		    bool whole, bool guest_csum)
{
	struct vd_vq *rq = vd_rxq(g->rx, 0);
	struct virtio_net_hdr_v1 h;
	struct pb_layout lay;
	uint32_t len;

	len = hdr_frame(g->tx, g->rx, kind, gso ? 20000 : 1000, gso, &lay,
			&h);
	ot_send(g->tx, &h, frame, len, NULL);
	if (!gso)
		ot_expect_csum(rq, frame, len, &lay,
			       guest_csum ? OT_PARTIAL : OT_COMPLETED, OT_BUF);
	else if (whole)
		ot_expect_intact(rq, frame, len, &lay, &h, OT_BUF);
	else
		ot_expect_segments(rq, frame, len, gso, guest_csum, OT_BUF);
	ot_rx_fill(g->rx, OT_BUF, false);
}

static void go_set(struct go *g, uint64_t offloads, int ack)
{
	int r = vd_ctrl_guest_offloads(g->rx, offloads);

	ot_check(r == ack, "GUEST_OFFLOADS_SET 0x%llx answered %d, want %d",
		 (unsigned long long)offloads, r, ack);
}

/* 0: the receiver takes nothing partial or GSO any more. */
static void go_all_off(void **state)
{
	struct go g;

	go_setup(&g, state, OT_RX_ALL_MRG);
	go_send(&g, OT_TCP4, 1448, true, true);
	go_set(&g, 0, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, false, false);
	go_send(&g, OT_TCP6, 1428, false, false);
	go_send(&g, OT_UDP4, 1448, false, false);
	go_send(&g, OT_UDP6, 1000, false, false);
	go_send(&g, OT_TCP6, 0, false, false);
	go_send(&g, OT_UDP4, 0, false, false);
	/* back on */
	go_set(&g, GO_NEGOTIATED, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, true, true);
	go_send(&g, OT_UDP6, 1000, true, true);
	go_send(&g, OT_UDP4, 0, false, true);
	ot_no_drops(vd_rxq(g.rx, 0));
}

/* Part of the set: what is on goes whole, the rest is cut. */
static void go_partial_set(void **state)
{
	struct go g;

	go_setup(&g, state, OT_RX_ALL_MRG);
	go_set(&g, OT_GCSUM, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, false, true);
	go_send(&g, OT_TCP6, 0, false, true);
	go_set(&g, OT_GCSUM | OT_GTSO4 | OT_GUSO6, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, true, true);
	go_send(&g, OT_TCP6, 1428, false, true);
	go_send(&g, OT_UDP4, 1448, false, true);
	go_send(&g, OT_UDP6, 1448, true, true);
	ot_no_drops(vd_rxq(g.rx, 0));
}

/*
 * Linux 6.12 counts GUEST_HDRLEN among its guest offloads and names it in
 * every set once negotiated (`ethtool -K rx-gro-hw off`, XDP): taken, and
 * the receive offloads follow the rest of the set.
 */
static void go_hdrlen_in_set(void **state)
{
	const uint64_t hdrlen = VD_BIT(VIRTIO_NET_F_GUEST_HDRLEN);
	struct go g;

	go_setup(&g, state, OT_RX_ALL_MRG | hdrlen);
	assert_true(vd_has(g.rx, VIRTIO_NET_F_GUEST_HDRLEN));
	go_set(&g, OT_GCSUM | hdrlen, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, false, true);
	go_set(&g, hdrlen, VIRTIO_NET_OK);
	go_send(&g, OT_TCP6, 0, false, false);
	go_set(&g, OT_GCSUM | OT_GTSO4 | hdrlen, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, true, true);
	ot_no_drops(vd_rxq(g.rx, 0));
}

/*
 * Only a subset of the negotiated GUEST_* offloads: ERR (and counted) for
 * anything else, the offloads in force unchanged.
 */
static void go_refused(void **state)
{
	static const uint64_t bad[] = {
		OT_GTSO6,			/* not negotiated */
		OT_GCSUM | OT_GTSO4 | OT_GUSO4,
		OT_GUFO,			/* never offered */
		OT_MRG,				/* not an offload */
		VD_BIT(VIRTIO_NET_F_MAC),
		VD_BIT(63),
		~0ull,
	};
	struct vd_vq *cq;
	struct go g;
	uint64_t errs;
	unsigned int i;

	go_setup(&g, state, OT_GCSUM | OT_GTSO4 | OT_CTRL_GO | OT_MRG);
	cq = vd_cvq(g.rx);
	go_set(&g, OT_GCSUM, VIRTIO_NET_OK);
	errs = ut_ctr(cq, OVNIC_VQC_CTRL_ERRORS);
	for (i = 0; i < UT_ARRAY_SIZE(bad); i++)
		go_set(&g, bad[i], VIRTIO_NET_ERR);
	assert_int_equal(ut_ctr(cq, OVNIC_VQC_CTRL_ERRORS) - errs,
			 UT_ARRAY_SIZE(bad));
	/* still GUEST_CSUM only */
	go_send(&g, OT_TCP4, 1448, false, true);
	go_set(&g, OT_GCSUM | OT_GTSO4, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, true, true);
}

/* The command's shape: le64 exactly, SET only, CTRL_GUEST_OFFLOADS only. */
static void go_bad_commands(void **state)
{
	uint64_t le = ovnic_cpu_to_le64(OT_GCSUM);
	struct go g;

	go_setup(&g, state, OT_RX_ALL_MRG);
	assert_int_equal(vd_ctrl(g.rx, VIRTIO_NET_CTRL_GUEST_OFFLOADS,
				 VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET, &le, 4),
			 VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl(g.rx, VIRTIO_NET_CTRL_GUEST_OFFLOADS,
				 VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET, NULL, 0),
			 VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl(g.rx, VIRTIO_NET_CTRL_GUEST_OFFLOADS, 1, &le,
				 8), VIRTIO_NET_ERR);
	/* nothing changed */
	go_send(&g, OT_TCP4, 1448, true, true);
	vd_dev_destroy(g.rx);
	g.e->dev[OT_RECEIVER] = NULL;

	/* negotiated without CTRL_GUEST_OFFLOADS */
	g.rx = ot_dev(g.e, OT_RECEIVER, GO_NEGOTIATED | OT_MRG, 0);
	ot_rx_fill(g.rx, OT_BUF, false);
	go_set(&g, OT_GCSUM, VIRTIO_NET_ERR);
	go_send(&g, OT_TCP4, 1448, true, true);
}

/* A reset brings back the negotiated set. */
static void go_reset_restores(void **state)
{
	struct go g;

	go_setup(&g, state, OT_RX_ALL_MRG);
	go_set(&g, 0, VIRTIO_NET_OK);
	go_send(&g, OT_TCP4, 1448, false, false);
	assert_int_equal(vd_dev_reinit(g.rx), 0);
	ot_rx_fill(g.rx, OT_BUF, false);
	go_send(&g, OT_TCP4, 1448, true, true);
	go_send(&g, OT_UDP6, 0, false, true);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, hdr_bad, bad_rows);
	UT_ADD(&l, hdr_driver_flags_ignored);
	UT_ADD(&l, hdr_csum_generic_not_ip);
	UT_ADD_TABLE(&l, hdr_features, feat_rows);
	UT_ADD(&l, go_all_off);
	UT_ADD(&l, go_partial_set);
	UT_ADD(&l, go_hdrlen_in_set);
	UT_ADD(&l, go_refused);
	UT_ADD(&l, go_bad_commands);
	UT_ADD(&l, go_reset_restores);
	return ut_run("offload_hdr", &l);
}
