// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_offload_path: what arrives, checked.  An operation sends at most
 * FP_MAX_FRAMES frames from one sender (a device or the wire) and runs the card
 * until it rests, so everything a receiver finds afterwards comes from
 * those frames, in the order they were sent: each arrival is matched, by
 * its content, to the first frame from the receiver's current one on that
 * explains it (fop_model.c says which receiver takes which frame whole and
 * which gets it cut), and must be right in every byte.  Then the card's
 * counters must account for every frame and segment.  See fop.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fop.h"

/*
 * ovnic_hw.h limits a frame across the port to OVNIC_WIRE_MAX_PIECES
 * pieces either way; the card once handed the host more
 * (tests/unit/test_offload_fuzz.c).
 */
#ifndef FP_CHECK_WIRE_PIECES
#define FP_CHECK_WIRE_PIECES	1
#endif

#define TCP_FIN		0x01
#define TCP_PSH		0x08
#define TCP_CWR		0x80

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

/* ---- counters ---- */

/* Receive chains posted on @q and the smallest one's writable bytes. */
static unsigned int rx_chains(const struct vd_vq *q, uint32_t *min_cap)
{
	unsigned int n = 0, i, j;

	*min_cap = UINT32_MAX;
	for (i = 0; i < q->size; i++) {
		const struct vd_chain *ch = q->chain[i];
		uint32_t cap = 0;

		if (!ch || !ch->busy || ch->raw)
			continue;
		for (j = 0; j < ch->nseg; j++)
			cap += ch->seg[j].write ? ch->seg[j].len : 0;
		if (cap < *min_cap)
			*min_cap = cap;
		n++;
	}
	return n;
}

void fp_snapshot(struct fp *s, struct fp_snap *snap)
{
	struct ovnic_resp_port_stats ps;
	unsigned int i, c;

	memset(snap, 0, sizeof(*snap));
	for (i = 0; i < FP_NDEV; i++) {
		if (!s->dev[i].running)
			continue;
		fz_assert(vd_cmd_vq_stats(s->c, (uint16_t)i, 0,
					  snap->rx[i]) == 0);
		fz_assert(vd_cmd_vq_stats(s->c, (uint16_t)i, 1,
					  snap->tx[i]) == 0);
		snap->rx_chains[i] = rx_chains(vd_rxq(s->dev[i].d, 0),
					       &snap->rx_min_cap[i]);
		snap->rx_bad[i] = vd_rxq(s->dev[i].d, 0)->raw_busy;
	}
	fz_assert(vd_cmd_port_stats(s->c, &ps) == OVNIC_STATUS_OK);
	for (c = 0; c < OVNIC_VQC_NUM; c++) {
		snap->to_wire[c] = ovnic_le64_to_cpu(ps.to_wire[c]);
		snap->from_wire[c] = ovnic_le64_to_cpu(ps.from_wire[c]);
	}
}

/* ---- one arrival ---- */

/*
 * @fr arrived at @r as it was sent: a plain frame (its checksum completed
 * by the card for a receiver without GUEST_CSUM), a GSO frame to a
 * receiver that takes it, or anything out of the port with its offload
 * state.  NULL, or what is wrong.
 */
static const char *check_whole(struct fp *s, const struct fp_frame *fr,
			       unsigned int r, const uint8_t *d, uint32_t len,
			       const struct virtio_net_hdr_v1 *h)
{
	static uint8_t want[FP_FRAME_MAX];
	const struct fp_off *o = &fr->off;
	const struct fp_dev *v = r < FP_NDEV ? &s->dev[r] : NULL;
	uint8_t flags;

	if (fr->got[r])
		return "arrived before";
	if (len != fr->len)
		return "length differs";
	if (len > FP_FRAME_MAX)
		return "longer than 64 KiB of IP and headers";
	if (!v) {
		/* the port: the frame with its offload state as it is */
		if (h->flags != o->flags || h->gso_type != o->gso_type ||
		    h->gso_size != o->gso_size || h->hdr_len != o->end ||
		    h->csum_start != o->csum_start ||
		    h->csum_offset != o->csum_offset)
			return "port header is not the frame's offload state";
		return memcmp(d, fr->data, len) ? "bytes differ" : NULL;
	}
	if (o->gso_type) {
		if (!fp_takes_gso(v, o))
			return "GSO frame whole to a receiver without the "
			       "offload in force";
		if (h->flags != FP_NEEDS || h->gso_type != o->gso_type)
			return "GSO frame delivered without NEEDS_CSUM or "
			       "with another gso_type";
		if (h->gso_size != o->gso_size || h->hdr_len != o->end ||
		    h->csum_start != o->csum_start ||
		    h->csum_offset != o->csum_offset)
			return "GSO frame's header fields differ";
		return memcmp(d, fr->data, len) ? "bytes differ" : NULL;
	}
	if (h->gso_type || h->gso_size || h->hdr_len)
		return "GSO fields on a plain frame";
	if (!fp_fits_mtu(v, d, len))
		return "plain frame longer than the receiver's MTU";
	memcpy(want, fr->data, len);
	flags = 0;
	if (o->flags & FP_NEEDS) {
		if (fp_rx_on(v, VIRTIO_NET_F_GUEST_CSUM))
			flags = FP_NEEDS;
		else
			fz_assert(!pb_csum_finish(want, len, o->csum_start,
						  o->csum_offset));
	} else if (o->flags & FP_VALID &&
		   fp_rx_on(v, VIRTIO_NET_F_GUEST_CSUM)) {
		flags = FP_VALID;
	}
	if (h->flags != flags)
		return "flags are not what the receiver's GUEST_CSUM asks";
	if (flags == FP_NEEDS ? h->csum_start != o->csum_start ||
				h->csum_offset != o->csum_offset :
	    h->csum_start || h->csum_offset)
		return "csum_start/csum_offset";
	if (memcmp(d, want, len))
		return o->flags & FP_NEEDS && flags != FP_NEEDS ?
		       "bytes differ, or the checksum the card completed" :
		       "bytes differ";
	/* what the card says or leaves complete must be right */
	if (fr->csum_valid && !(h->flags & FP_NEEDS) && !pb_l4_csum_ok(d, len))
		return "L4 checksum wrong in a frame built valid";
	return NULL;
}

/* IP and TCP/UDP headers of segment @k, against the frame's. */
static const char *check_seg_hdrs(const struct fp_frame *fr, uint32_t k,
				  const uint8_t *d, uint32_t len)
{
	const struct fp_off *o = &fr->off;
	const uint8_t *ip = d + o->l3, *oip = fr->data + o->l3;
	const uint8_t *th = d + o->l4, *oth = fr->data + o->l4;
	uint32_t ihl = o->l4 - o->l3;
	uint8_t fl;

	if (o->v6) {
		if (be16(ip + 4) != len - o->l4)
			return "IPv6 payload length";
		if (memcmp(ip, oip, 4) || memcmp(ip + 6, oip + 6, 34))
			return "IPv6 header changed";
	} else {
		if (be16(ip + 2) != len - o->l3)
			return "IPv4 total length";
		if (be16(ip + 4) != (uint16_t)(be16(oip + 4) + k))
			return "IPv4 identification not the first's + k";
		if (memcmp(ip, oip, 2) || memcmp(ip + 6, oip + 6, 4) ||
		    memcmp(ip + 12, oip + 12, ihl - 12))
			return "IPv4 header changed";
		if (pb_fold(pb_sum16(0, ip, ihl)) != 0xffff)
			return "IPv4 header checksum";
	}
	if (o->proto == PB_UDP) {
		if (memcmp(th, oth, 4))
			return "UDP ports changed";
		if (be16(th + 4) != len - o->l4)
			return "UDP length";
		return NULL;
	}
	/* CWR on the first segment only, FIN and PSH on the last only */
	fl = oth[13] & (uint8_t)~(TCP_FIN | TCP_PSH | TCP_CWR);
	if (!k)
		fl |= oth[13] & TCP_CWR;
	if (k + 1 == fr->nseg)
		fl |= oth[13] & (TCP_FIN | TCP_PSH);
	if (th[13] != fl)
		return "TCP flags";
	if (memcmp(th, oth, 4) || memcmp(th + 8, oth + 8, 5) ||
	    memcmp(th + 14, oth + 14, 2) ||
	    memcmp(th + 18, oth + 18, o->end - o->l4 - 18u))
		return "TCP header changed";
	return NULL;
}

/*
 * A segment of GSO frame @fr at @r, which doesn't take it whole: a valid
 * frame of the headers and the next payload bytes (in order, none twice),
 * within the receiver's MTU, its checksums complete - or, for a receiver
 * with GUEST_CSUM, NEEDS_CSUM with the pseudo-header sum in the field.
 * *kp gets its index.
 */
static const char *check_seg(struct fp *s, const struct fp_frame *fr,
			     unsigned int r, const uint8_t *d, uint32_t len,
			     const struct virtio_net_hdr_v1 *h, uint32_t *kp)
{
	static uint8_t tmp[FP_FRAME_MAX];
	const struct fp_off *o = &fr->off;
	const struct fp_dev *v = &s->dev[r];
	const uint8_t *f = fr->data, *ip = d + o->l3;
	bool partial = fp_rx_on(v, VIRTIO_NET_F_GUEST_CSUM);
	uint32_t field = o->l4 + (o->proto == PB_TCP ? 16u : 6u), plen, k;
	const char *why;
	uint64_t pseudo;

	if (h->gso_type || h->gso_size || h->hdr_len)
		return "GSO fields on a segment";
	if (partial) {
		if (h->flags != FP_NEEDS || h->csum_start != o->l4 ||
		    h->csum_offset != field - o->l4)
			return "segment to a GUEST_CSUM receiver without "
			       "NEEDS_CSUM at its L4 header";
	} else if (h->flags || h->csum_start || h->csum_offset) {
		return "flags on a segment to a receiver without GUEST_CSUM";
	}
	if (len <= o->end || len > o->end + o->gso_size)
		return "segment length out of range";
	if (!fp_fits_mtu(v, d, len))
		return "segment longer than the receiver's MTU";
	if (memcmp(d, f, o->l3))
		return "Ethernet header changed";
	plen = len - o->end;
	if (o->proto == PB_TCP) {
		uint32_t dseq = be32(d + o->l4 + 4) - be32(f + o->l4 + 4);

		if (dseq % o->gso_size)
			return "TCP sequence number not at a segment boundary";
		k = dseq / o->gso_size;
		if (k >= fr->nseg)
			return "TCP sequence number past the frame";
	} else {
		for (k = fr->next_k[r]; k < fr->nseg; k++)
			if (fp_seg_payload(fr, k) == plen &&
			    !memcmp(d + o->end, f + o->end + k * o->gso_size,
				    plen))
				break;
		if (k == fr->nseg)
			return "UDP payload is no next segment's";
	}
	if (k < fr->next_k[r])
		return "segment out of order or twice";
	if (plen != fp_seg_payload(fr, k))
		return "segment's payload length";
	if (memcmp(d + o->end, f + o->end + k * o->gso_size, plen))
		return "payload differs from the frame's";
	why = check_seg_hdrs(fr, k, d, len);
	if (why)
		return why;
	pseudo = pb_pseudo_sum(o->v6, ip + (o->v6 ? 8 : 12),
			       ip + (o->v6 ? 24 : 16), o->proto, len - o->l4);
	memcpy(tmp, d, len);
	if (partial) {
		if (be16(tmp + field) != pb_fold(pseudo))
			return "partial checksum field is not the "
			       "pseudo-header sum";
		fz_assert(!pb_csum_finish(tmp, len, o->l4, field - o->l4));
	}
	if (pb_fold(pb_sum16(pseudo, tmp + o->l4, len - o->l4)) != 0xffff)
		return "L4 checksum wrong";
	*kp = k;
	return NULL;
}

static void dump_arrival(unsigned int r, const uint8_t *d, uint32_t len,
			 const struct virtio_net_hdr_v1 *h)
{
	uint32_t i;

	fprintf(stderr, "at %s %u: %u bytes, flags %#x gso_type %#x "
		"gso_size %u hdr_len %u csum_start %u csum_offset %u\n ",
		r == FP_WIRE ? "the wire" : "device", r, len, h->flags,
		h->gso_type, h->gso_size, h->hdr_len, h->csum_start,
		h->csum_offset);
	for (i = 0; i < len && i < 96; i++)
		fprintf(stderr, "%02x%s", d[i], i % 32 == 31 ? "\n " : "");
	fprintf(stderr, "\n");
}

static void dump_frame(const struct fp *s, unsigned int i)
{
	const struct fp_frame *fr = &s->fr[i];
	unsigned int r;

	fprintf(stderr, "frame %u from %d: %u bytes, header flags %#x "
		"gso_type %#x gso_size %u hdr_len %u csum %u+%u; fate %d, "
		"offload flags %#x gso %#x/%u l3 %u l4 %u end %u, %u "
		"segments; to:", i, fr->src, fr->len, fr->hdr.flags,
		fr->hdr.gso_type, fr->hdr.gso_size, fr->hdr.hdr_len,
		fr->hdr.csum_start, fr->hdr.csum_offset, fr->fate,
		fr->off.flags, fr->off.gso_type, fr->off.gso_size, fr->off.l3,
		fr->off.l4, fr->off.end, fr->nseg);
	for (r = 0; r < FP_NRX; r++)
		fprintf(stderr, " %s", fr->how[r] == FP_WHOLE ? "whole" :
			fr->how[r] == FP_SEGS ? "cut" : "-");
	fprintf(stderr, "\n");
}

static void dump_devs(const struct fp *s)
{
	unsigned int i;

	for (i = 0; i < FP_NDEV; i++)
		fprintf(stderr, "device %u: %s, mtu %u, features %#llx, "
			"offloads in force %#llx\n", i,
			s->dev[i].running ? "running" : "down", s->dev[i].mtu,
			(unsigned long long)s->dev[i].features,
			(unsigned long long)s->dev[i].guest);
}

/* Which frame arrival @d at @r is, checked; aborts when none explains it. */
static void arrival(struct fp *s, unsigned int r, const uint8_t *d,
		    uint32_t len, const struct virtio_net_hdr_v1 *h)
{
	const char *why[FP_MAX_FRAMES] = { NULL };
	unsigned int i;
	uint32_t k = 0;

	for (i = s->cur[r]; i < s->nfr; i++) {
		struct fp_frame *fr = &s->fr[i];

		if (fr->how[r] == FP_NONE)
			why[i] = "not for this receiver";
		else if (fr->how[r] == FP_WHOLE)
			why[i] = check_whole(s, fr, r, d, len, h);
		else
			why[i] = check_seg(s, fr, r, d, len, h, &k);
		if (why[i])
			continue;
		fz_trace("  %s %u: frame %u%s, %u bytes\n",
			 r == FP_WIRE ? "wire" : "dev", r, i,
			 fr->how[r] == FP_SEGS ? " segment" : "", len);
		s->cur[r] = i;
		fr->got[r]++;
		if (fr->how[r] == FP_SEGS)
			fr->next_k[r] = k + 1;
		s->arrived[r]++;
		if (h->flags & FP_NEEDS)
			s->arrived_flags[r][0]++;
		else if (h->flags & FP_VALID)
			s->arrived_flags[r][1]++;
		if (h->gso_type)
			s->arrived_flags[r][2]++;
		return;
	}
	fprintf(stderr, "\nfuzz_offload_path: an arrival no frame explains\n");
	dump_devs(s);
	dump_arrival(r, d, len, h);
	for (i = 0; i < s->nfr; i++) {
		dump_frame(s, i);
		fprintf(stderr, "  %s\n", i < s->cur[r] ? "(matched before)" :
			why[i]);
	}
	fz_fail("every arrival is a frame sent, or a segment of one",
		__FILE__, __LINE__);
}

/* ---- reaping ---- */

/* The buffers of received frame @rf on @q (5.1.6.3.2, 5.1.6.4). */
static void check_bufs(struct vd_vq *q, const struct vd_rx_frame *rf)
{
	const struct vd_dev *d = q->dev;
	uint32_t sum = 0, i, j, cap;

	if (!vd_has(d, VIRTIO_NET_F_MRG_RXBUF)) {
		fz_assert(rf->hdr.num_buffers == 1 && rf->nbufs == 1);
	} else {
		fz_assert(rf->hdr.num_buffers == rf->nbufs);
		for (i = 0; i < rf->nbufs; i++) {
			const struct vd_chain *ch = q->chain[rf->id[i]];

			for (cap = 0, j = 0; j < ch->nseg; j++)
				cap += ch->seg[j].write ? ch->seg[j].len : 0;
			/* filled in turn: every buffer but the last full */
			fz_assert(rf->used_len[i] <= cap);
			fz_assert(rf->used_len[i] == cap ||
				  i + 1 == rf->nbufs);
			fz_assert(rf->used_len[i]);
		}
	}
	for (i = 0; i < rf->nbufs; i++)
		sum += rf->used_len[i];
	fz_assert(sum == d->hdr_len + rf->len);
	fz_assert(rf->len <= FP_FRAME_MAX);
	/* no hash configured: nothing to report (5.1.6.4.3) */
	fz_assert(!rf->hash_value && !rf->hash_report);
}

/* The next used entry names a chain posted raw: one the card refuses. */
static bool rx_refused_next(const struct vd_vq *q)
{
	struct vring_used_elem e = q->used->ring[q->last_used & (q->size - 1)];
	const struct vd_chain *ch = e.id < q->size ? q->chain[e.id] : NULL;

	return ch && ch->busy && ch->raw;
}

static void reap_dev(struct fp *s, unsigned int i)
{
	static struct vd_rx_frame rf;
	struct vd_dev *d = s->dev[i].d;
	struct vd_vq *rx = vd_rxq(d, 0), *tx = vd_txq(d, 0);
	struct vd_used u;
	int r;

	/* every transmitted chain back, once, with nothing written */
	while ((r = vd_vq_get(tx, &u)) != 0) {
		fz_assert(r == 1);
		fz_assert(u.len == 0);
	}
	fz_assert(vd_vq_free_descs(tx) == tx->size);
	fz_assert(!tx->bad_used && !tx->bad_len);
	/*
	 * The card is at rest: a frame published in part (fewer used
	 * entries than num_buffers) or naming a chain not posted is -EPROTO.
	 */
	for (;;) {
		/* a chain the card refused comes back alone, unused */
		while (vd_vq_used_pending(rx) && rx_refused_next(rx)) {
			fz_assert(vd_vq_get(rx, &u) == 1);
			fz_assert(u.len == 0);
		}
		r = vd_rx_recv_frame(rx, &rf);
		if (!r)
			break;
		if (r != 1) {
			fprintf(stderr, "device %u: bogus receive used "
				"entries (%d), %u pending\n", i, r,
				vd_vq_used_pending(rx));
			fz_fail("receive used entries well-formed",
				__FILE__, __LINE__);
		}
		check_bufs(rx, &rf);
		arrival(s, i, rf.data, rf.len, &rf.hdr);
	}
	fz_assert(!rx->bad_used && !rx->bad_len && !rx->poison_hits);
	fz_assert(!(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET));
}

static uint64_t delta(const uint64_t *after, const uint64_t *before,
		      unsigned int c)
{
	return after[c] - before[c];
}

/* Bytes of receive buffers a unit of @ulen frame bytes takes at @r. */
static void rx_need(const struct fp_dev *v, uint32_t ulen, uint32_t min_cap,
		    uint32_t *bufs, bool *fits)
{
	uint32_t total = v->d->hdr_len + ulen;

	if (!min_cap || min_cap == UINT32_MAX) {
		*fits = false;
	} else if (vd_has(v->d, VIRTIO_NET_F_MRG_RXBUF)) {
		*bufs += (total + min_cap - 1) / min_cap;
	} else {
		*bufs += 1;
		*fits = *fits && total <= min_cap;
	}
}

static void dump_delta(const char *what, const uint64_t *a, const uint64_t *b)
{
	static const char *const names[OVNIC_VQC_NUM] = {
		"packets", "bytes", "descs", "kicks", "interrupts",
		"no_buffer", "too_big", "bad_desc", "bad_addr", "filtered",
		"ctrl_errors", "coalesced", "spoofed", "bad_offload",
		"csum_partial", "csum_valid", "gso_packets", "gso_bytes",
		"gso_segments", "gso_segment_bytes", "gso_noseg_packets",
		"gso_noseg_bytes", "bad_notify",
	};
	unsigned int c;

	fprintf(stderr, "%s:", what);
	for (c = 0; c < OVNIC_VQC_NUM; c++)
		if (a[c] != b[c])
			fprintf(stderr, " %s +%llu", names[c],
				(unsigned long long)(a[c] - b[c]));
	fprintf(stderr, "\n");
}

/*
 * Device @r got every unit (frame or segment) routed to it, or dropped
 * it with a reason: its MTU, no buffer, a chain too short.  With buffers
 * enough for all of them posted before, none but the MTU's.
 */
static void account_rx(struct fp *s, unsigned int r, const struct fp_snap *b,
		       const struct fp_snap *a)
{
	const struct fp_dev *v = &s->dev[r];
	uint32_t units = 0, mtu_drops = 0, bufs = 0, i, k, ulen;
	bool fits = true;

	for (i = 0; i < s->nfr; i++) {
		const struct fp_frame *fr = &s->fr[i];
		uint32_t n = fr->how[r] == FP_WHOLE ? 1 :
			     fr->how[r] == FP_SEGS ? fr->nseg : 0;

		for (k = 0; k < n; k++) {
			ulen = fr->how[r] == FP_WHOLE ? fr->len :
			       fr->off.end + fp_seg_payload(fr, k);
			units++;
			/* a GSO frame whole has no MTU: it is 64 KiB */
			if ((fr->how[r] == FP_SEGS || !fr->off.gso_type) &&
			    !fp_fits_mtu(v, fr->data, ulen))
				mtu_drops++;
			else
				rx_need(v, ulen, b->rx_min_cap[r], &bufs,
					&fits);
		}
	}
	fz_trace("  dev %u: %u units, %u arrived, %u over the MTU\n", r, units,
		 s->arrived[r], mtu_drops);
	if (fz_tracing > 0)
		dump_delta("  rx", a->rx[r], b->rx[r]);
	fz_assert(delta(a->rx[r], b->rx[r], OVNIC_VQC_PACKETS) ==
		  s->arrived[r]);
	/* chains the card refuses: only with such posted */
	fz_assert(b->rx_bad[r] ||
		  !delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_BAD_DESC));
	fz_assert(b->rx_bad[r] ||
		  !delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_BAD_ADDR));
	fz_assert(!delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_FILTERED));
	fz_assert(s->arrived[r] +
		  delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_NO_BUFFER) +
		  delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_TOO_BIG) +
		  delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_BAD_DESC) +
		  delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_BAD_ADDR) == units);
	fz_assert(delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_TOO_BIG) >=
		  mtu_drops);
	if (fits && bufs <= b->rx_chains[r] && !b->rx_bad[r]) {
		fz_assert(!delta(a->rx[r], b->rx[r],
				 OVNIC_VQC_DROP_NO_BUFFER));
		fz_assert(delta(a->rx[r], b->rx[r], OVNIC_VQC_DROP_TOO_BIG) ==
			  mtu_drops);
	}
	fz_assert(delta(a->rx[r], b->rx[r], OVNIC_VQC_CSUM_PARTIAL) ==
		  s->arrived_flags[r][0]);
	fz_assert(delta(a->rx[r], b->rx[r], OVNIC_VQC_CSUM_VALID) ==
		  s->arrived_flags[r][1]);
	fz_assert(delta(a->rx[r], b->rx[r], OVNIC_VQC_GSO_PACKETS) ==
		  s->arrived_flags[r][2]);
}

/* The sender's transmit queue counted each frame once, for its fate. */
static void account_tx(struct fp *s, unsigned int src, const struct fp_snap *b,
		       const struct fp_snap *a)
{
	uint64_t n[FP_FATES] = { 0 }, partial = 0, gso = 0, gso_bytes = 0;
	uint64_t segs = 0, seg_bytes = 0, noseg = 0, noseg_bytes = 0;
	const uint64_t *tb = b->tx[src], *ta = a->tx[src];
	unsigned int i, r;

	for (i = 0; i < s->nfr; i++) {
		const struct fp_frame *fr = &s->fr[i];
		bool cut = false;

		n[fr->fate]++;
		if (fr->fate != FP_ACCEPT)
			continue;
		partial += fr->off.flags & FP_NEEDS ? 1 : 0;
		if (!fr->off.gso_type)
			continue;
		gso++;
		gso_bytes += fr->len;
		for (r = 0; r < FP_NDEV; r++) {
			if (fr->how[r] != FP_SEGS)
				continue;
			cut = true;
			segs += fr->nseg;
			seg_bytes += (uint64_t)fr->nseg * fr->off.end +
				     fr->len - fr->off.end;
		}
		noseg += !cut;
		noseg_bytes += cut ? 0 : fr->len;
	}
	if (fz_tracing > 0)
		dump_delta("  tx", ta, tb);
	fz_assert(delta(ta, tb, OVNIC_VQC_PACKETS) == n[FP_ACCEPT]);
	fz_assert(delta(ta, tb, OVNIC_VQC_DROP_BAD_DESC) == n[FP_BAD_DESC]);
	fz_assert(delta(ta, tb, OVNIC_VQC_DROP_TOO_BIG) == n[FP_TOO_BIG]);
	fz_assert(delta(ta, tb, OVNIC_VQC_DROP_BAD_OFFLOAD) ==
		  n[FP_BAD_OFFLOAD]);
	fz_assert(!delta(ta, tb, OVNIC_VQC_DROP_SPOOFED));
	fz_assert(!delta(ta, tb, OVNIC_VQC_DROP_FILTERED));
	fz_assert(delta(ta, tb, OVNIC_VQC_DROP_BAD_ADDR) == n[FP_BAD_ADDR]);
	fz_assert(delta(ta, tb, OVNIC_VQC_CSUM_PARTIAL) == partial);
	fz_assert(delta(ta, tb, OVNIC_VQC_GSO_PACKETS) == gso);
	fz_assert(delta(ta, tb, OVNIC_VQC_GSO_BYTES) == gso_bytes);
	fz_assert(delta(ta, tb, OVNIC_VQC_GSO_SEGMENTS) == segs);
	fz_assert(delta(ta, tb, OVNIC_VQC_GSO_SEGMENT_BYTES) == seg_bytes);
	fz_assert(delta(ta, tb, OVNIC_VQC_GSO_NOSEG_PACKETS) == noseg);
	fz_assert(delta(ta, tb, OVNIC_VQC_GSO_NOSEG_BYTES) == noseg_bytes);
}

/* The port: every frame for it out once; a wire frame counted once. */
static void account_wire(struct fp *s, const struct fp_snap *b,
			 const struct fp_snap *a)
{
	uint64_t out = 0, out_bytes = 0, n[FP_FATES] = { 0 }, in_bytes = 0;
	unsigned int i;

	for (i = 0; i < s->nfr; i++) {
		const struct fp_frame *fr = &s->fr[i];

		if (fr->how[FP_WIRE] == FP_WHOLE) {
			fz_assert(fr->got[FP_WIRE] == 1);
			out++;
			out_bytes += fr->len;
		}
		if (fr->src < 0) {
			n[fr->fate]++;
			in_bytes += fr->fate == FP_ACCEPT ? fr->len : 0;
		}
	}
	fz_assert(s->arrived[FP_WIRE] == out);
	fz_assert(delta(a->to_wire, b->to_wire, OVNIC_VQC_PACKETS) == out);
	fz_assert(delta(a->to_wire, b->to_wire, OVNIC_VQC_BYTES) == out_bytes);
	fz_assert(!delta(a->to_wire, b->to_wire, OVNIC_VQC_DROP_FILTERED));
	fz_assert(delta(a->from_wire, b->from_wire, OVNIC_VQC_PACKETS) ==
		  n[FP_ACCEPT]);
	fz_assert(delta(a->from_wire, b->from_wire, OVNIC_VQC_BYTES) ==
		  in_bytes);
	fz_assert(delta(a->from_wire, b->from_wire, OVNIC_VQC_DROP_BAD_DESC) ==
		  n[FP_BAD_DESC]);
	fz_assert(delta(a->from_wire, b->from_wire,
			OVNIC_VQC_DROP_BAD_OFFLOAD) == n[FP_BAD_OFFLOAD]);
	fz_assert(!delta(a->from_wire, b->from_wire, OVNIC_VQC_DROP_FILTERED));
}

void fp_reap_check(struct fp *s, const struct fp_snap *before)
{
	struct virtio_net_hdr_v1 h;
	struct up_frame *w;
	struct fp_snap after;
	unsigned int i;

	memset(s->cur, 0, sizeof(s->cur));
	memset(s->arrived, 0, sizeof(s->arrived));
	memset(s->arrived_flags, 0, sizeof(s->arrived_flags));
	if (!before)
		s->nfr = 0;		/* nothing may arrive */
	for (i = 0; i < FP_NDEV; i++)
		if (s->dev[i].running)
			reap_dev(s, i);
	while ((w = vd_wire_pop_hdr(s->c, &h))) {
		/* the host takes at most this many (ovnic_hw.h) */
		fz_assert(!FP_CHECK_WIRE_PIECES ||
			  w->npieces <= OVNIC_WIRE_MAX_PIECES);
		arrival(s, FP_WIRE, w->data, w->len, &h);
		free(w);
	}
	/* what no chain may write (refused, or only readable) is intact */
	for (i = 0; i < FP_SCRATCH / 2; i++)
		fz_assert(s->scratch[i] == (uint8_t)(i * 7 + 1));
	if (!before)
		return;
	fp_snapshot(s, &after);
	if (s->nfr && s->fr[0].src >= 0)
		account_tx(s, (unsigned int)s->fr[0].src, before, &after);
	for (i = 0; i < FP_NDEV; i++)
		if (s->dev[i].running)
			account_rx(s, i, before, &after);
	account_wire(s, before, &after);
}
