// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_offload_path: the offload data path end to end (docs/offloads.md),
 * driven by untrusted drivers.  Three devices and the wire; each device
 * negotiates offload features the input chooses (any subset of CSUM,
 * GUEST_CSUM, CTRL_GUEST_OFFLOADS, CTRL_VQ, GUEST_TSO4/6, GUEST_ECN,
 * GUEST_USO4/6, HOST_TSO4/6, HOST_ECN, HOST_USO, MRG_RXBUF, HASH_REPORT,
 * GUEST_HDRLEN; MTU 1500 or 9000): a set that breaks virtio 1.2 5.1.3.1
 * must see FEATURES_OK refused, and then stays so or is brought up with
 * the set mended.  Every device reaches its rings and buffers through
 * IOTLB regions (MR_MAP: one, or 4 MiB to 256 KiB pieces), never identity.
 * Then a sequence of operations (the format is in fop_input.h):
 *   - a device sends 1-4 frames (and up to 68 copies of the last: more
 *     than the card's burst and a poll's budget) with a header of the
 *     input's (flags, gso_type, gso_size, csum_start, csum_offset,
 *     hdr_len: as Linux writes them, tweaked, or raw) in chains cut into
 *     1-48 descriptors at the input's offsets (the header too), to
 *     another device, itself, broadcast, multicast or the wire; the
 *     frames are TCP/UDP over IPv4/IPv6, tagged or not, of up to 64 KiB
 *     of IP built valid by pktbuild (the header check passes and the
 *     card's deep paths run), or such a frame with header bytes flipped,
 *     perhaps cut short or with bytes after it (past 64 KiB too);
 *   - transmit chains the card must refuse (outside the window, across
 *     its end, device-writable), instead of a frame;
 *   - a frame from the wire with an input-chosen struct ovnic_wire_hdr
 *     (DATA_VALID too) in 0-33 pieces (ovnic_card_wire_rx_sg);
 *   - receive buffers: small mergeable-style chains (20-4096 bytes, in
 *     1-8 descriptors, indirect or not), Linux's big-packet chains, or
 *     none (starving), kept topped up to a count after each operation;
 *     receive chains the card must refuse (outside the window, readable,
 *     half outside, across its end) before them;
 *   - CTRL_GUEST_OFFLOADS_SET with any bitmap;
 *   - a device reset and bring-up again, with new features perhaps.
 *
 * Each operation runs the card until it rests and reaps every queue and
 * the wire, so whatever arrived comes from that operation's frames, in
 * the order they were sent: an arrival is matched by its content (no tag
 * needed) to the frame that explains it.  Checked (abort() on violation):
 *   - every transmitted chain comes back exactly once, used length 0;
 *   - receive used entries well-formed: ids of posted chains, lengths
 *     within them, nothing published in part (the card is at rest); a
 *     refused chain comes back alone with length 0, never inside a
 *     frame's buffers, and nothing is written where no chain may write;
 *     with MRG_RXBUF num_buffers is the number of used entries a frame
 *     spans, every one but the last full; without it num_buffers is 1;
 *     no hash reported (none configured);
 *   - nothing arrives longer than 64 KiB of IP and headers, nor a plain
 *     frame or segment longer than the receiver's MTU (+4 tagged);
 *   - a GSO frame arrives whole only at a receiver with the matching
 *     GUEST_* offload and GUEST_CSUM in force (CTRL_GUEST_OFFLOADS
 *     modelled from acknowledged commands), with NEEDS_CSUM, its gso_type
 *     and size, the measured hdr_len, unchanged;
 *   - every other receiver gets it cut: each segment a valid frame of the
 *     headers (IPv4 length, id + k, header checksum; IPv6 length; TCP
 *     sequence, CWR first, FIN/PSH last; UDP length) and the next payload
 *     bytes, in order, none twice, at most gso_size; its L4 checksum
 *     complete, or NEEDS_CSUM with the pseudo-header sum for a receiver
 *     with GUEST_CSUM; the payloads, where nothing was dropped, are the
 *     frame's;
 *   - a plain frame arrives byte for byte, with NEEDS_CSUM for a receiver
 *     with GUEST_CSUM in force, else with the checksum the card completed
 *     (as RFC 1071 says) and flags 0; DATA_VALID only from the wire, to a
 *     GUEST_CSUM receiver; without NEEDS_CSUM a frame built valid has a
 *     right L4 checksum;
 *   - out of the port: each frame once, whole, with its offload state;
 *     never more than OVNIC_WIRE_MAX_PIECES pieces;
 *   - the transmit header check and where frames go agree with a model
 *     written from docs/offloads.md (fop_model.c), not the firmware;
 *   - counters: the sender's (sent, each drop by its reason, partial
 *     checksums, GSO frames, segments and their bytes, frames taken whole
 *     by everyone), each receiver's (delivered = arrived; arrived + no
 *     buffer + too big + bad chains = frames and segments routed to it,
 *     bad chains only with such posted; with buffers enough posted
 *     beforehand and none bad, no drop but the MTU's), the port's;
 *   - CTRL_GUEST_OFFLOADS acked exactly when the bitmap is negotiated
 *     GUEST_* bits (GUEST_HDRLEN allowed);
 *   - no NEEDS_RESET; locks balanced, vectors valid; at the end guards
 *     untouched and nothing leaked.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fop.h"

/*
 * vdriver never frees DMA memory: a bring-up takes new rings and receive
 * buffers (up to ~1.2 MiB a device).  Resets stop before it runs out.
 */
#define FP_MAX_RESETS	12
#define FP_RESET_ROOM	(4u << 20)

/* ---- devices ---- */

static void fp_read_rxp(struct fp *s, struct fp_rxp *p)
{
	uint8_t kind = fz_u8(s->in), cnt = fz_u8(s->in);
	uint16_t size = fz_u16(s->in);

	p->kind = kind % 4 == FP_RX_SMALL2 ? FP_RX_SMALL : kind % 4;
	p->indirect = kind & 4;
	p->nsegs = (uint8_t)(1 + (kind >> 3) % 8);
	if (p->kind == FP_RX_BIG) {
		p->count = cnt % 17;
		p->size = 1 + size % 17;
	} else if (p->kind == FP_RX_SMALL) {
		/* 5.1.6.3.1: a buffer holds at least the (hash) header */
		p->count = cnt % 129;
		p->size = 20 + size % 4077;
	} else {
		p->count = 0;
	}
}

static unsigned int fp_rx_outstanding(struct vd_vq *q)
{
	unsigned int n = 0, i;

	for (i = 0; i < q->size; i++)
		n += q->chain[i] && q->chain[i]->busy;
	return n;
}

/* Receive chains up to the device's count (fewer when memory runs out). */
static void fp_rx_fill(struct fp *s, unsigned int i)
{
	struct fp_dev *v = &s->dev[i];
	const struct fp_rxp *p = &v->rxp;
	struct vd_rx_opts o = { .nsegs = p->nsegs, .indirect = p->indirect };
	struct vd_vq *q;
	unsigned int have;
	int r;

	if (!v->running)
		return;
	q = vd_rxq(v->d, 0);
	for (have = fp_rx_outstanding(q); have < p->count; have++) {
		if (p->kind == FP_RX_BIG)
			r = vd_rx_post_big(q, p->size, p->indirect);
		else
			r = vd_rx_post(q, p->size, &o);
		if (r < 0)
			break;
	}
	vd_vq_kick(q);
}

static void fp_dev_create(struct fp *s, unsigned int i, uint8_t flags)
{
	static const uint64_t chunk[4] = { 0, 4 << 20, 1 << 20, 256 << 10 };
	struct fp_dev *v = &s->dev[i];
	struct vd_dev_cfg cfg = {
		.dev_id		= (uint16_t)i,
		.mtu		= flags & FP_DEVF_JUMBO ? 9000 : 1500,
		.offered	= VD_F_CARD_OFFLOAD,
		.queue_size	= FP_QSIZE,
		.empty_window	= true,
	};
	uint64_t c = chunk[(flags & FP_DEVF_CHUNK_MASK) >> FP_DEVF_CHUNK_SHIFT];
	uint32_t rw = OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE;
	int err;

	vd_mac(v->mac, (uint8_t)i, 1);
	memcpy(cfg.mac, v->mac, 6);
	v->mtu = cfg.mtu;
	v->d = vd_dev_new(s->c, &cfg, &err);
	fz_assert(v->d);
	if (c)
		fz_assert(vd_dev_mr_map_chunked(v->d, FP_IOVA, s->a->body,
						s->a->size, rw, c) == 0);
	else
		fz_assert(vd_dev_mr_map(v->d, FP_IOVA, s->a->body, s->a->size,
					rw) == 0);
}

/*
 * FEATURES_OK with the features @sel and @flags ask for, after a reset
 * when the device ran: refused exactly when they break 5.1.3.1; then left
 * so (FP_DEVF_KEEP_REFUSED) or negotiated again without what lacks its
 * dependencies; queues, DRIVER_OK, receive buffers.
 */
static void fp_dev_up(struct fp *s, unsigned int i, uint16_t sel,
		      uint8_t flags, bool reset)
{
	struct fp_dev *v = &s->dev[i];
	uint64_t want = fp_features(sel, flags);
	int r;

	v->sel = sel;
	v->flags = flags;
	v->running = false;
	v->features = 0;
	v->guest = 0;
	if (reset)
		fz_assert(vd_dev_reset(v->d) == 0);
	r = vd_dev_negotiate(v->d, want);
	fz_trace("dev %u: features %#llx: %d\n", i, (unsigned long long)want,
		 r);
	fz_assert(r == 0 || r == -ENOTSUP);
	fz_assert(!r == fp_features_ok(want));
	if (r) {
		if (flags & FP_DEVF_KEEP_REFUSED)
			return;
		fz_assert(vd_dev_reset(v->d) == 0);
		want = fp_features_fix(want);
		fz_assert(vd_dev_negotiate(v->d, want) == 0);
	}
	fz_assert(v->d->features == want);
	fz_assert(vd_dev_setup_queues(v->d) == 0);
	fz_assert(vd_dev_driver_ok(v->d) == 0);
	v->running = true;
	v->features = want;
	/* FEATURES_OK: every negotiated receive offload on (5.1.6.5.6) */
	v->guest = want & FP_GUEST_OFFLOADS;
	fp_rx_fill(s, i);
}

/* ---- operations ---- */

static void fp_dst(struct fp *s, uint8_t sel, uint8_t mac[6])
{
	static const uint8_t mc4[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t mc6[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 };

	switch (sel % 8) {
	case FP_DST_BCAST:
		memcpy(mac, vd_bcast, 6);
		break;
	case FP_DST_MCAST4:
		memcpy(mac, mc4, 6);
		break;
	case FP_DST_MCAST6:
		memcpy(mac, mc6, 6);
		break;
	case FP_DST_STATION:
		vd_mac(mac, 0x99, 1);
		break;
	case FP_DST_UNKNOWN:
		vd_mac(mac, 0x77, 0x77);
		break;
	default:
		memcpy(mac, s->dev[sel % 8].mac, 6);
		break;
	}
}

static void fp_sort(uint32_t *v, unsigned int n)
{
	unsigned int i, j;

	for (i = 1; i < n; i++)
		for (j = i; j && v[j - 1] > v[j]; j--) {
			uint32_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Frame @fr as a transmit chain laid out as @lay says; the head. */
static int fp_post(struct fp *s, struct vd_vq *tx, struct fp_frame *fr,
		   bool indirect, uint8_t lay)
{
	uint32_t cuts[16], total = tx->dev->hdr_len + fr->len, n = lay >> 2;
	struct vd_tx_opts o = { .indirect = indirect, .nsegs = 1 };
	unsigned int i, m = 0, k;

	switch (lay % 4) {
	case FP_LAY_ONE:
		break;
	case FP_LAY_HDR:
		o.hdr_separate = true;
		o.nsegs = 1 + n / 8;
		break;
	case FP_LAY_CUTS:
		k = 1 + n % 16;
		for (i = 0; i < k; i++)
			cuts[i] = fz_u16(s->in) % total;
		fp_sort(cuts, k);
		for (i = 0; i < k; i++)
			if (cuts[i] && (!m || cuts[i] != cuts[m - 1]))
				cuts[m++] = cuts[i];
		o.cuts = cuts;
		o.ncuts = m;
		break;
	default:
		o.nsegs = 1 + n % FP_MAX_DESCS;
		break;
	}
	return vd_tx_post_hdr(tx, &fr->hdr, fr->data, fr->len, &o);
}

/* Outside the window every device maps (FP_IOVA, FP_BODY). */
#define FP_BAD_IOVA	(FP_IOVA + FP_BODY + (64u << 10))

/*
 * A transmit chain the card must refuse: the virtio-net header in DMA
 * memory, then @len bytes outside the window, across its end (@wrap), or
 * device-writable (@writable: BAD_DESC).
 */
static int fp_post_bad_tx(struct fp *s, struct vd_vq *q, uint32_t len,
			  bool wrap, bool writable)
{
	uint64_t bad = wrap ? FP_IOVA + FP_BODY - 8 : FP_BAD_IOVA;
	uint16_t flags = 0;
	int a = vd_vq_raw_desc(q), b;

	len += 16;		/* past the 8 bytes left at the end */
	if (writable) {
		/* only the direction is wrong */
		bad = vd_iova(q->dev, s->scratch + FP_SCRATCH / 2);
		len = FP_SCRATCH / 2;
		flags = VRING_DESC_F_WRITE;
	}
	if (a < 0)
		return a;
	b = vd_vq_raw_desc(q);
	if (b < 0) {
		vd_vq_raw_set(q, (uint16_t)a, bad, len, flags, 0);
	} else {
		vd_vq_raw_set(q, (uint16_t)a, vd_iova(q->dev, s->scratch),
			      q->dev->hdr_len, VRING_DESC_F_NEXT, (uint16_t)b);
		vd_vq_raw_set(q, (uint16_t)b, bad, len, flags, 0);
	}
	vd_vq_raw_push(q, (uint16_t)a);
	return a;
}

/*
 * A receive chain the card must refuse and give back unused: writable
 * outside the window (@variant 0), readable (1), writable DMA memory then
 * outside the window (2), across the window's end (3).
 */
static void fp_post_bad_rx(struct fp *s, struct vd_vq *q, unsigned int variant)
{
	uint8_t *ro = s->scratch, *rw = s->scratch + FP_SCRATCH / 2;
	int a = vd_vq_raw_desc(q), b = -1;

	if (a < 0)
		return;
	if (variant == 2)
		b = vd_vq_raw_desc(q);
	switch (b < 0 && variant == 2 ? 0 : variant) {
	case 0:
		vd_vq_raw_set(q, (uint16_t)a, FP_BAD_IOVA, 1536,
			      VRING_DESC_F_WRITE, 0);
		break;
	case 1:
		vd_vq_raw_set(q, (uint16_t)a, vd_iova(q->dev, ro), 1536, 0, 0);
		break;
	case 2:
		vd_vq_raw_set(q, (uint16_t)a, vd_iova(q->dev, rw), 64,
			      VRING_DESC_F_WRITE | VRING_DESC_F_NEXT,
			      (uint16_t)b);
		vd_vq_raw_set(q, (uint16_t)b, FP_BAD_IOVA, 1536,
			      VRING_DESC_F_WRITE, 0);
		break;
	default:
		vd_vq_raw_set(q, (uint16_t)a, FP_IOVA + FP_BODY - 64, 1536,
			      VRING_DESC_F_WRITE, 0);
		break;
	}
	vd_vq_raw_push(q, (uint16_t)a);
}

static void fp_free_frames(struct fp *s)
{
	unsigned int i;

	for (i = 0; i < s->nfr; i++) {
		free(s->fr[i].data);
		s->fr[i].data = NULL;
	}
	s->nfr = 0;
}

/* Post frame @fr (built) from device @src: true when it went in the ring. */
static bool fp_tx_post(struct fp *s, unsigned int src, struct fp_frame *fr,
		       uint8_t dsel, uint8_t lay)
{
	struct vd_vq *tx = vd_txq(s->dev[src].d, 0);
	int r;

	fr->src = (int)src;
	fr->bad_chain = dsel & 0x40;
	fr->bad_chain_desc = fr->bad_chain && dsel & 0x10;
	if (fr->bad_chain)
		r = fp_post_bad_tx(s, tx, fr->len, dsel & 0x20, dsel & 0x10);
	else
		r = fp_post(s, tx, fr, dsel & 0x80, lay);
	if (r < 0) {
		free(fr->data);		/* ring or memory full: not sent */
		fr->data = NULL;
		return false;
	}
	fp_frame_fate(fr, &s->dev[src]);
	fp_frame_route(s, fr);
	fz_trace("dev %u: frame %u, %u bytes, flags %#x gso %#x/%u csum "
		 "%u+%u, layout %#x, chain %#x: fate %d\n", src, s->nfr,
		 fr->len, fr->hdr.flags, fr->hdr.gso_type, fr->hdr.gso_size,
		 fr->hdr.csum_start, fr->hdr.csum_offset, lay, dsel & 0xf0,
		 fr->fate);
	s->nfr++;
	return true;
}

/*
 * 1-4 frames from one device, then perhaps up to 68 copies of the last one
 * (more than a burst of the card and a poll's budget), kicked once.
 */
static void fp_tx(struct fp *s)
{
	uint8_t b = fz_u8(s->in);
	unsigned int src = b % FP_NDEV, n = 1 + (b >> 2) % FP_BURST, i;
	struct fp_dev *v = &s->dev[src];
	struct fp_frame *last = NULL;
	struct fp_snap before;

	if (!v->running)
		return;
	fp_snapshot(s, &before);
	s->nfr = 0;
	for (i = 0; i < n; i++) {
		struct fp_frame *fr = &s->fr[s->nfr];
		uint8_t dsel = fz_u8(s->in), lay = fz_u8(s->in);
		uint8_t dst[6];

		fp_dst(s, dsel, dst);
		fp_frame_build(s, fr, dst, v->mac, false);
		if (fp_tx_post(s, src, fr, dsel, lay))
			last = fr;
	}
	n = b & 0x80 ? fz_u8(s->in) % (FP_MAX_FRAMES - FP_BURST + 1) : 0;
	for (i = 0; i < n && last; i++) {
		struct fp_frame *fr = &s->fr[s->nfr];

		*fr = *last;
		memset(fr->got, 0, sizeof(fr->got));
		fr->data = malloc(last->len);
		fz_assert(fr->data);
		memcpy(fr->data, last->data, last->len);
		if (!fp_tx_post(s, src, fr, 0, FP_LAY_ONE))
			break;
	}
	vd_vq_kick_force(vd_txq(v->d, 0));
	fz_run(s->c);
	fp_reap_check(s, &before);
	fp_free_frames(s);
}

/* A frame from the wire, in pieces of their own allocation each. */
static void fp_wire(struct fp *s)
{
	static const void *piece[OVNIC_WIRE_MAX_PIECES + 1];
	static uint32_t plen[OVNIC_WIRE_MAX_PIECES + 1];
	uint8_t dsel = fz_u8(s->in);
	uint32_t np = fz_u8(s->in) % (OVNIC_WIRE_MAX_PIECES + 2), at = 0, i;
	struct fp_frame *fr = &s->fr[0];
	struct ovnic_wire_hdr w;
	struct fp_snap before;
	uint8_t dst[6], src[6];

	fp_dst(s, dsel, dst);
	vd_mac(src, 0x99, (uint8_t)(1 + (dsel >> 3) % 3));
	fp_frame_build(s, fr, dst, src, true);
	fr->src = -1;
	fr->npieces = np;
	for (i = 0; i < np; i++) {
		uint32_t k = i + 1 == np ? fr->len - at :
			     fz_u16(s->in) % (fr->len - at + 1);
		uint8_t *p = malloc(k ? k : 1);

		fz_assert(p);
		memcpy(p, fr->data + at, k);
		piece[i] = p;
		plen[i] = k;
		at += k;
	}
	s->nfr = 1;
	fp_frame_fate(fr, NULL);
	fp_frame_route(s, fr);
	fz_trace("wire: %u bytes in %u pieces, flags %#x gso %#x/%u csum "
		 "%u+%u: fate %d\n", fr->len, np, fr->hdr.flags,
		 fr->hdr.gso_type, fr->hdr.gso_size, fr->hdr.csum_start,
		 fr->hdr.csum_offset, fr->fate);
	vd_wire_hdr_from_net(&w, &fr->hdr);
	fp_snapshot(s, &before);
	ovnic_card_wire_rx_sg(s->c->card, &w, piece, plen, np);
	fz_run(s->c);
	fp_reap_check(s, &before);
	for (i = 0; i < np; i++)
		free((void *)piece[i]);
	fp_free_frames(s);
}

static void fp_rx_op(struct fp *s)
{
	uint8_t b = fz_u8(s->in);
	unsigned int i = b % FP_NDEV;

	fp_read_rxp(s, &s->dev[i].rxp);
	/* an untrusted driver's: a chain the card must refuse, first */
	if (b & 0x80 && s->dev[i].running)
		fp_post_bad_rx(s, vd_rxq(s->dev[i].d, 0), (b >> 4) % 4);
	fz_trace("dev %u: receive kind %u, %u of %u\n", i, s->dev[i].rxp.kind,
		 s->dev[i].rxp.count, s->dev[i].rxp.size);
	fp_rx_fill(s, i);
}

static const uint8_t fp_go_bit[8] = {
	[FP_GO_CSUM]	= VIRTIO_NET_F_GUEST_CSUM,
	[FP_GO_TSO4]	= VIRTIO_NET_F_GUEST_TSO4,
	[FP_GO_TSO6]	= VIRTIO_NET_F_GUEST_TSO6,
	[FP_GO_ECN]	= VIRTIO_NET_F_GUEST_ECN,
	[FP_GO_USO4]	= VIRTIO_NET_F_GUEST_USO4,
	[FP_GO_USO6]	= VIRTIO_NET_F_GUEST_USO6,
	[FP_GO_HDRLEN]	= VIRTIO_NET_F_GUEST_HDRLEN,
	[FP_GO_UFO]	= VIRTIO_NET_F_GUEST_UFO,
};

/* 5.1.6.5.6: any negotiated GUEST_* set is taken, anything else refused. */
static void fp_ctrl(struct fp *s)
{
	uint8_t b = fz_u8(s->in), m = fz_u8(s->in);
	struct fp_dev *v = &s->dev[b % FP_NDEV];
	uint64_t bits = 0, allowed;
	unsigned int i;
	bool ok;
	int ack;

	for (i = 0; i < 8; i++)
		if (m & (1u << i))
			bits |= VD_BIT(fp_go_bit[i]);
	if (b & 0x80)
		bits |= VD_BIT(fz_u8(s->in) % 64);
	if (!v->running || !(v->features & VD_BIT(VIRTIO_NET_F_CTRL_VQ)))
		return;
	allowed = v->features &
		  (FP_GUEST_OFFLOADS | VD_BIT(VIRTIO_NET_F_GUEST_HDRLEN));
	ok = v->features & VD_BIT(VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) &&
	     !(bits & ~allowed);
	ack = vd_ctrl_guest_offloads(v->d, bits);
	if (ack == -ENOMEM)
		return;		/* the harness is out of DMA memory */
	fz_trace("dev %u: guest offloads %#llx: ack %d\n", b % FP_NDEV,
		 (unsigned long long)bits, ack);
	fz_assert(ack == (ok ? VIRTIO_NET_OK : VIRTIO_NET_ERR));
	if (ok)
		v->guest = bits & FP_GUEST_OFFLOADS;
	fp_reap_check(s, NULL);
}

static void fp_reset(struct fp *s)
{
	uint8_t b = fz_u8(s->in);
	struct fp_dev *v = &s->dev[b % FP_NDEV];
	/* MTU and IOTLB layout stay the creation's */
	const uint8_t keep = FP_DEVF_JUMBO | FP_DEVF_CHUNK_MASK;
	uint16_t sel = v->sel;
	uint8_t flags = v->flags;

	if (b & 0x80) {
		sel = fz_u16(s->in);
		flags = (fz_u8(s->in) & ~keep) | (v->flags & keep);
	}
	if (s->resets == FP_MAX_RESETS ||
	    s->c->pool_size - s->c->pool_used < FP_RESET_ROOM)
		return;
	s->resets++;
	fp_dev_up(s, b % FP_NDEV, sel, flags, true);
	fz_run(s->c);
	fp_reap_check(s, NULL);
}

static void fp_op(struct fp *s)
{
	uint8_t op = fz_u8(s->in) % FP_OPS;
	unsigned int i;

	if (op < FP_OP_WIRE)
		fp_tx(s);
	else if (op < FP_OP_RX)
		fp_wire(s);
	else if (op == FP_OP_RX)
		fp_rx_op(s);
	else if (op == FP_OP_CTRL)
		fp_ctrl(s);
	else
		fp_reset(s);
	fz_check_plat(s->c, true);
	for (i = 0; i < FP_NDEV; i++)
		fp_rx_fill(s, i);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	static struct fp s;
	unsigned int i, n;

	memset(&s, 0, sizeof(s));
	s.in = &in;
	s.a = fz_arena_get(FP_BODY);
	fz_arena_reset_guards(s.a);
	s.c = fz_card_new(NULL, s.a, true);
	fz_assert(s.c->card);
	s.scratch = vd_dma_alloc(s.c, FP_SCRATCH);
	fz_assert(s.scratch);
	for (i = 0; i < FP_SCRATCH; i++)
		s.scratch[i] = (uint8_t)(i * 7 + 1);
	for (i = 0; i < FP_NDEV; i++) {
		uint16_t sel = fz_u16(&in);
		uint8_t flags = fz_u8(&in);

		fp_read_rxp(&s, &s.dev[i].rxp);
		fp_dev_create(&s, i, flags);
		fp_dev_up(&s, i, sel, flags, false);
	}
	fz_run(s.c);
	fp_reap_check(&s, NULL);

	for (n = 0; n < FP_MAX_OPS && fz_more(&in); n++)
		fp_op(&s);

	fz_assert(fz_arena_guards_ok(s.a));
	for (i = 0; i < FP_NDEV; i++)
		vd_dev_destroy(s.dev[i].d);
	fz_card_free(s.c);
	return 0;
}
