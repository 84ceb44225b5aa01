/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the offload tests share (test_offload_*.c): devices offered the
 * card's offload features, TCP/UDP frames with the header a Linux driver
 * would send them with, and the checks of what a receiver gets - a GSO
 * frame whole, its segments, a partial or completed checksum - against
 * pktbuild's reference checksums (virtio 1.2 5.1.6.2 - 5.1.6.4).
 * ot_expect_*() also check that nothing else arrived; ot_take_*() leave
 * that to the caller, for frames back to back.  (test_offload.c, which
 * calls net_offload.c directly, does not use this.)
 */
#ifndef OVNIC_UNIT_TEST_OFFLOAD_H
#define OVNIC_UNIT_TEST_OFFLOAD_H

#include "unit.h"
#include "pktbuild.h"
#include "vdriver_offload.h"

/* The transmit queue counter of a dropped malformed offload request. */
#define OT_DROP_BAD_OFFLOAD	OVNIC_VQC_DROP_BAD_OFFLOAD

#define OT_NET_HDR_F_NEEDS_CSUM	VIRTIO_NET_HDR_F_NEEDS_CSUM
#define OT_NET_HDR_F_DATA_VALID	VIRTIO_NET_HDR_F_DATA_VALID

#define OT_MRG		VD_BIT(VIRTIO_NET_F_MRG_RXBUF)
#define OT_GCSUM	VD_BIT(VIRTIO_NET_F_GUEST_CSUM)
#define OT_GTSO4	VD_BIT(VIRTIO_NET_F_GUEST_TSO4)
#define OT_GTSO6	VD_BIT(VIRTIO_NET_F_GUEST_TSO6)
#define OT_GECN		VD_BIT(VIRTIO_NET_F_GUEST_ECN)
#define OT_GUSO4	VD_BIT(VIRTIO_NET_F_GUEST_USO4)
#define OT_GUSO6	VD_BIT(VIRTIO_NET_F_GUEST_USO6)
#define OT_GUFO		VD_BIT(VIRTIO_NET_F_GUEST_UFO)
#define OT_CSUM		VD_BIT(VIRTIO_NET_F_CSUM)
#define OT_HTSO4	VD_BIT(VIRTIO_NET_F_HOST_TSO4)
#define OT_HTSO6	VD_BIT(VIRTIO_NET_F_HOST_TSO6)
#define OT_HECN		VD_BIT(VIRTIO_NET_F_HOST_ECN)
#define OT_HUSO		VD_BIT(VIRTIO_NET_F_HOST_USO)
#define OT_CTRL_GO	VD_BIT(VIRTIO_NET_F_CTRL_GUEST_OFFLOADS)
#define OT_HASH		VD_BIT(VIRTIO_NET_F_HASH_REPORT)

/* Receivers. */
#define OT_RX_ALL	(VD_F_GUEST_OFFLOADS | OT_CTRL_GO)
#define OT_RX_ALL_MRG	(OT_RX_ALL | OT_MRG)
#define OT_RX_NOECN	(OT_GCSUM | OT_GTSO4 | OT_GTSO6 | OT_GUSO4 | \
			 OT_GUSO6 | OT_MRG)

#define OT_SENDER	0	/* device ids */
#define OT_RECEIVER	1
#define OT_OTHER	2

#define OT_BUF		1536	/* a receive buffer, MRG or not */
#define OT_FILL		250	/* receive descriptors kept posted */

static const uint8_t ot_far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

#define ot_check(cond, ...)						\
	do {								\
		if (!(cond))						\
			fail_msg(__VA_ARGS__);				\
	} while (0)

enum ot_kind { OT_TCP4, OT_TCP6, OT_UDP4, OT_UDP6 };

/*
 * Device @id offered every offload the card has and negotiating
 * VD_F_DEFAULT | @extra.  Fails the test, saying why, when the card
 * refuses or doesn't offer one of them.
 */
static inline struct vd_dev *ot_dev(struct ut_env *e, uint16_t id,
				    uint64_t extra, uint16_t mtu)
{
	struct vd_dev_cfg cfg = {
		.dev_id		= id,
		.mtu		= mtu,
		.offered	= VD_F_CARD_OFFLOAD,
		.features	= VD_F_DEFAULT | extra,
	};
	struct vd_dev *d;
	int err = 0;

	d = vd_dev_bringup(e->c, &cfg, &err);
	ot_check(d, "device %u, offered 0x%llx, asking 0x%llx: bring-up "
		 "failed (%d; DEV_CREATE refuses features the card lacks, "
		 "-ENOTSUP is FEATURES_OK refused)", id,
		 (unsigned long long)cfg.offered,
		 (unsigned long long)cfg.features, err);
	e->dev[id] = d;
	ot_check((d->features & cfg.features) == cfg.features,
		 "device %u: the card does not offer 0x%llx", id,
		 (unsigned long long)(cfg.features & ~d->features));
	return d;
}

/*
 * Receive buffers on queue 0: @buf-byte single descriptors (mergeable
 * buffers when MRG_RXBUF is on), or with @buf 0 four big-packet chains.
 */
static inline void ot_rx_fill(struct vd_dev *d, uint32_t buf,
			      bool indirect)
{
	struct vd_vq *q = vd_rxq(d, 0);

	if (buf)
		assert_true(vd_rx_fill(q, OT_FILL, buf) >= 0);
	else
		assert_int_equal(vd_rx_fill_big(q, 4, 0, indirect), 4);
	assert_int_equal(vd_vq_kick_run(q), 0);
}

/* A flow from @src to @dst with wrapping sequence number and IP id. */
static inline void ot_flow(struct pb_flow *fl, enum ot_kind k,
			   const uint8_t dst[6], const uint8_t src[6],
			   uint32_t payload)
{
	memset(fl, 0, sizeof(*fl));
	fl->v6 = k == OT_TCP6 || k == OT_UDP6;
	fl->proto = k == OT_TCP4 || k == OT_TCP6 ? PB_TCP : PB_UDP;
	fl->vlan = PB_NO_VLAN;
	memcpy(fl->dst_mac, dst, 6);
	memcpy(fl->src_mac, src, 6);
	if (fl->v6) {
		pb_v6(fl->src, 0x10, 1);
		pb_v6(fl->dst, 0x20, 2);
	} else {
		pb_v4(fl->src, 192, 0, 2, 1);
		pb_v4(fl->dst, 198, 51, 100, 2);
	}
	fl->sport = 40000;
	fl->dport = 5201;
	fl->ip_id = 0xfff0;		/* wraps while segmenting */
	fl->seq = 0xffffc000u;		/* wraps too */
	fl->tcp_opt_len = fl->proto == PB_TCP ? 12 : 0;	/* timestamps */
	fl->payload = payload;
	fl->seed = (uint8_t)(payload * 7 + k);
	fl->csum_partial = true;
}

static inline uint32_t ot_build(uint8_t *f, const struct pb_flow *fl,
				struct pb_layout *lay)
{
	uint32_t len = pb_flow_frame(f, VD_RX_FRAME_MAX, fl, lay);

	ot_check(len, "pktbuild refused the flow (payload %u)", fl->payload);
	return len;
}

/*
 * The header a Linux driver sends @lay's frame with: NEEDS_CSUM at the
 * L4 header, and with @gso_size a GSO request (@ecn: the ECN bit).
 */
static inline void ot_hdr(struct virtio_net_hdr_v1 *h,
			  const struct pb_layout *lay, uint16_t gso_size,
			  bool ecn)
{
	memset(h, 0, sizeof(*h));
	h->flags = OT_NET_HDR_F_NEEDS_CSUM;
	h->csum_start = lay->l4_off;
	h->csum_offset = lay->csum_offset;
	if (!gso_size)
		return;
	h->gso_type = lay->gso_type | (ecn ? VIRTIO_NET_HDR_GSO_ECN : 0);
	h->gso_size = gso_size;
	h->hdr_len = lay->hdr_len;
}

/* Send on @d's queue 0; the chain must come back. */
static inline void ot_send(struct vd_dev *d,
			   const struct virtio_net_hdr_v1 *h,
			   const uint8_t *f, uint32_t len,
			   const struct vd_tx_opts *o)
{
	int r = vd_tx_send_hdr(vd_txq(d, 0), h, f, len, o);

	ot_check(r == 0, "transmit of %u bytes: %d", len, r);
}

/* No drop of any kind counted on @q. */
static inline void ot_no_drops(struct vd_vq *q)
{
	static const struct {
		enum ovnic_vq_counter c;
		const char *name;
	} drops[] = {
		{ OVNIC_VQC_DROP_NO_BUFFER, "DROP_NO_BUFFER" },
		{ OVNIC_VQC_DROP_TOO_BIG, "DROP_TOO_BIG" },
		{ OVNIC_VQC_DROP_BAD_DESC, "DROP_BAD_DESC" },
		{ OVNIC_VQC_DROP_BAD_ADDR, "DROP_BAD_ADDR" },
		{ OVNIC_VQC_DROP_FILTERED, "DROP_FILTERED" },
		{ OVNIC_VQC_DROP_SPOOFED, "DROP_SPOOFED" },
		{ OVNIC_VQC_DROP_BAD_OFFLOAD, "DROP_BAD_OFFLOAD" },
	};
	uint64_t c[OVNIC_VQC_NUM];
	unsigned int i;

	assert_int_equal(vd_vq_stats(q, c), 0);
	for (i = 0; i < UT_ARRAY_SIZE(drops); i++)
		ot_check(!c[drops[i].c], "device %u queue %u: %s is %llu",
			 q->dev->dev_id, q->qid, drops[i].name,
			 (unsigned long long)c[drops[i].c]);
}

/* The next frame on @q, or the test fails saying what the card counted. */
static inline void ot_recv(struct vd_vq *q, struct vd_rx_frame *rf,
			   const char *what)
{
	int r = vd_rx_recv_frame(q, rf);

	ot_check(r == 1, "%s did not arrive (%d; rx queue %u: packets %llu, "
		 "DROP_NO_BUFFER %llu, TOO_BIG %llu, BAD_DESC %llu, "
		 "FILTERED %llu)", what, r, q->qid,
		 (unsigned long long)ut_ctr(q, OVNIC_VQC_PACKETS),
		 (unsigned long long)ut_ctr(q, OVNIC_VQC_DROP_NO_BUFFER),
		 (unsigned long long)ut_ctr(q, OVNIC_VQC_DROP_TOO_BIG),
		 (unsigned long long)ut_ctr(q, OVNIC_VQC_DROP_BAD_DESC),
		 (unsigned long long)ut_ctr(q, OVNIC_VQC_DROP_FILTERED));
}

static inline void ot_expect_nothing(struct vd_vq *q)
{
	ot_check(!vd_vq_used_pending(q), "queue %u: %u unexpected used "
		 "entries", q->qid, vd_vq_used_pending(q));
}

/*
 * Buffers of one received frame: num_buffers says how many; with
 * mergeable @buf-byte buffers at least as many as it needs, every one
 * within its buffer and together header + frame; without MRG_RXBUF one.
 */
static inline void ot_check_bufs(struct vd_vq *q, const struct vd_rx_frame *rf,
				 uint32_t buf)
{
	uint32_t hl = q->dev->hdr_len, sum = 0, i;

	ot_check(rf->hdr.num_buffers == rf->nbufs,
		 "num_buffers %u, %u buffers taken", rf->hdr.num_buffers,
		 rf->nbufs);
	for (i = 0; i < rf->nbufs; i++)
		sum += rf->used_len[i];
	ot_check(sum == hl + rf->len, "used lengths sum to %u, frame %u + "
		 "header %u", sum, rf->len, hl);
	if (!vd_has(q->dev, VIRTIO_NET_F_MRG_RXBUF)) {
		assert_int_equal(rf->nbufs, 1);
		return;
	}
	if (buf)
		ot_check(rf->nbufs >= (hl + rf->len + buf - 1) / buf,
			 "%u buffers of %u for %u bytes", rf->nbufs, buf,
			 hl + rf->len);
	for (i = 0; i < rf->nbufs; i++)
		ot_check(rf->used_len[i] && (!buf || rf->used_len[i] <= buf),
			 "buffer %u of %u: used length %u (buffers of %u)", i,
			 rf->nbufs, rf->used_len[i], buf);
}

/*
 * @f arrived whole on @q as the GSO frame @sent announced: NEEDS_CSUM at
 * the L4 header, the GSO type and size sent, hdr_len as the card measures
 * it (Ethernet through TCP/UDP header), the bytes unchanged.
 */
static inline void ot_take_intact(struct vd_vq *q, const uint8_t *f,
				  uint32_t len, const struct pb_layout *lay,
				  const struct virtio_net_hdr_v1 *sent,
				  uint32_t buf)
{
	static struct vd_rx_frame rf;

	ot_recv(q, &rf, "the GSO frame");
	ot_check(rf.len == len, "received %u bytes of a %u-byte GSO frame "
		 "(gso_type %u: segmented?)", rf.len, len, rf.hdr.gso_type);
	assert_int_equal(rf.hdr.flags, OT_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(rf.hdr.gso_type, sent->gso_type);
	assert_int_equal(rf.hdr.gso_size, sent->gso_size);
	assert_int_equal(rf.hdr.hdr_len, lay->hdr_len);
	assert_int_equal(rf.hdr.csum_start, lay->l4_off);
	assert_int_equal(rf.hdr.csum_offset, lay->csum_offset);
	assert_memory_equal(rf.data, f, len);
	ot_check_bufs(q, &rf, buf);
}

/* The same, and nothing after it. */
static inline void ot_expect_intact(struct vd_vq *q, const uint8_t *f,
				    uint32_t len, const struct pb_layout *lay,
				    const struct virtio_net_hdr_v1 *sent,
				    uint32_t buf)
{
	ot_take_intact(q, f, len, lay, sent, buf);
	ot_expect_nothing(q);
}

/*
 * @orig (a GSO frame of @gso-byte segments) arrived on @q cut as the
 * sender's stack would have cut it: every segment a valid frame of the
 * headers and at most @gso payload bytes, lengths, IPv4 id and TCP
 * sequence advanced, FIN/PSH on the last and CWR on the first only, the
 * payload in order; checksums complete with flags 0, or with @guest_csum
 * DATA_VALID (complete) or NEEDS_CSUM (completed here, then checked).
 */
static inline uint32_t ot_take_segments(struct vd_vq *q,
					const uint8_t *orig, uint32_t olen,
					uint16_t gso, bool guest_csum,
					uint32_t buf)
{
	static struct vd_rx_frame rf;
	static uint8_t seg[VD_RX_FRAME_MAX];
	struct pb_pkt op, sp;
	uint32_t nseg, i, off = 0, alen;
	const uint8_t *oip, *sip;

	assert_int_equal(pb_parse(orig, olen, &op), 0);
	nseg = (op.pay_len + gso - 1) / gso;
	alen = op.v6 ? 32 : 8;
	oip = orig + op.l3_off + (op.v6 ? 8 : 12);
	for (i = 0; i < nseg; i++) {
		uint32_t want = i + 1 < nseg ? gso : op.pay_len - off;
		const uint8_t *oth = orig + op.l4_off, *sth;
		char what[48];

		snprintf(what, sizeof(what), "segment %u of %u", i, nseg);
		ot_recv(q, &rf, what);
		ot_check(rf.hdr.gso_type == VIRTIO_NET_HDR_GSO_NONE,
			 "segment %u: gso_type %u (%u bytes): not cut?", i,
			 rf.hdr.gso_type, rf.len);
		memcpy(seg, rf.data, rf.len);
		ot_check(!pb_parse(seg, rf.len, &sp), "segment %u (%u bytes) "
			 "does not parse, or its lengths are wrong", i, rf.len);
		ot_check(sp.pay_len == want, "segment %u: %u payload bytes, "
			 "want %u", i, sp.pay_len, want);
		ot_check_bufs(q, &rf, buf);
		/* headers as sent, but for what segmentation changes */
		assert_memory_equal(seg, orig, op.l3_off);
		assert_int_equal(sp.v6, op.v6);
		assert_int_equal(sp.proto, op.proto);
		assert_int_equal(sp.tos, op.tos);
		assert_int_equal(sp.ttl, op.ttl);
		sip = seg + sp.l3_off + (sp.v6 ? 8 : 12);
		assert_memory_equal(sip, oip, alen);
		assert_int_equal(sp.sport, op.sport);
		assert_int_equal(sp.dport, op.dport);
		assert_int_equal(sp.l4_hlen, op.l4_hlen);
		sth = seg + sp.l4_off;
		if (!op.v6) {
			/* DF and no fragment, as sent */
			assert_memory_equal(seg + sp.l3_off + 6,
					    orig + op.l3_off + 6, 2);
			if (op.proto == PB_TCP)
				ot_check(sp.ip_id == (uint16_t)(op.ip_id + i),
					 "segment %u: IPv4 id %#x, want %#x",
					 i, sp.ip_id,
					 (uint16_t)(op.ip_id + i));
		}
		if (op.proto == PB_TCP) {
			uint8_t fl = op.tcp_flags;

			if (i + 1 < nseg)
				fl &= (uint8_t)~(PB_TCP_FIN | PB_TCP_PSH);
			if (i)
				fl &= (uint8_t)~PB_TCP_CWR;
			ot_check(sp.seq == op.seq + off, "segment %u: seq "
				 "%#x, want %#x", i, sp.seq, op.seq + off);
			ot_check(sp.tcp_flags == fl, "segment %u: TCP flags "
				 "%#x, want %#x", i, sp.tcp_flags, fl);
			assert_memory_equal(sth + 8, oth + 8, 5);
			assert_memory_equal(sth + 14, oth + 14, 2);
			assert_memory_equal(sth + 18, oth + 18,
					    op.l4_hlen - 18u);
		}
		ot_check(!memcmp(seg + sp.pay_off, orig + op.pay_off + off,
				 want), "segment %u: payload differs", i);
		ot_check(pb_ip_csum_ok(seg, rf.len),
			 "segment %u: IPv4 header checksum wrong", i);
		if (!guest_csum) {
			ot_check(rf.hdr.flags == 0, "segment %u: flags %#x "
				 "to a receiver without GUEST_CSUM", i,
				 rf.hdr.flags);
		} else if (rf.hdr.flags == OT_NET_HDR_F_NEEDS_CSUM) {
			assert_int_equal(rf.hdr.csum_start, sp.l4_off);
			assert_int_equal(rf.hdr.csum_offset,
					 op.proto == PB_TCP ? 16 : 6);
			assert_int_equal(pb_csum_finish(seg, rf.len,
							rf.hdr.csum_start,
							rf.hdr.csum_offset),
					 0);
		} else {
			ot_check(rf.hdr.flags == OT_NET_HDR_F_DATA_VALID,
				 "segment %u: flags %#x, want DATA_VALID or "
				 "NEEDS_CSUM", i, rf.hdr.flags);
		}
		ot_check(pb_l4_csum_ok(seg, rf.len), "segment %u: L4 "
			 "checksum wrong (flags %#x)", i, rf.hdr.flags);
		off += want;
	}
	return nseg;
}

/* The same, and no segment more. */
static inline void ot_expect_segments(struct vd_vq *q, const uint8_t *orig,
				      uint32_t olen, uint16_t gso,
				      bool guest_csum, uint32_t buf)
{
	uint32_t nseg = ot_take_segments(q, orig, olen, gso, guest_csum, buf);

	ot_check(!vd_vq_used_pending(q), "more than the %u segments "
		 "expected", nseg);
}

/* What a non-GSO frame looks like on arrival. */
enum ot_csum {
	OT_AS_SENT,	/* complete checksum: flags 0, bytes unchanged */
	OT_PARTIAL,	/* NEEDS_CSUM kept, same start/offset, unchanged */
	OT_COMPLETED,	/* flags 0, the card wrote the right checksum */
};

static inline void ot_take_csum(struct vd_vq *q, const uint8_t *f,
				uint32_t len, const struct pb_layout *lay,
				enum ot_csum how, uint32_t buf)
{
	static struct vd_rx_frame rf;
	uint32_t field = (uint32_t)lay->l4_off + lay->csum_offset;

	ot_recv(q, &rf, "the frame");
	assert_int_equal(rf.len, len);
	assert_int_equal(rf.hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
	ot_check_bufs(q, &rf, buf);
	switch (how) {
	case OT_AS_SENT:
		ot_check(rf.hdr.flags == 0, "flags %#x for a frame sent "
			 "complete", rf.hdr.flags);
		assert_memory_equal(rf.data, f, len);
		break;
	case OT_PARTIAL:
		ot_check(rf.hdr.flags == OT_NET_HDR_F_NEEDS_CSUM,
			 "flags %#x, want NEEDS_CSUM", rf.hdr.flags);
		assert_int_equal(rf.hdr.csum_start, lay->l4_off);
		assert_int_equal(rf.hdr.csum_offset, lay->csum_offset);
		assert_memory_equal(rf.data, f, len);
		break;
	case OT_COMPLETED:
		ot_check(rf.hdr.flags == 0, "flags %#x, want 0 (checksum "
			 "completed by the card)", rf.hdr.flags);
		assert_memory_equal(rf.data, f, field);
		assert_memory_equal(rf.data + field + 2, f + field + 2,
				    len - field - 2);
		ot_check(pb_l4_csum_ok(rf.data, len), "L4 checksum not "
			 "completed right: %02x%02x", rf.data[field],
			 rf.data[field + 1]);
		break;
	}
}

/* The same, and nothing after it. */
static inline void ot_expect_csum(struct vd_vq *q, const uint8_t *f,
				  uint32_t len, const struct pb_layout *lay,
				  enum ot_csum how, uint32_t buf)
{
	ot_take_csum(q, f, len, lay, how, buf);
	ot_expect_nothing(q);
}

#endif /* OVNIC_UNIT_TEST_OFFLOAD_H */
