// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_switch: the embedded switch (eswitch.c) with four devices and the
 * wire, through a sequence of operations the input chooses: frames from
 * the wire, frames (and bursts of them) the devices send, the receive
 * filter commands (promiscuous, all-multicast, MAC table, MAC address,
 * VLAN), link up and down of a device and of the port, loopback, device
 * reset, destruction and re-creation, starving a device of receive
 * buffers, and bursts of frames from a thousand addresses that fill the
 * forwarding database.  Every device reaches its rings and buffers through an IOTLB
 * region (MR_MAP), never identity.
 *
 * Every frame carries its number; the harness keeps each frame sent, who
 * sent it and the state of every device at that moment.  After each
 * operation all queues and the wire are reaped, and:
 *   - what arrives is a frame that was sent, byte for byte, at most once
 *     per receiver (device or wire);
 *   - a device never gets its own frame unless in loopback, and in
 *     loopback gets nothing else; a looped frame goes nowhere else;
 *   - nothing reaches a device whose link is down, nothing leaves one,
 *     nothing crosses a port that is down, and no frame from the wire
 *     goes back to it;
 *   - nothing arrives that the receiver's filter (modelled from the
 *     commands it acknowledged: promiscuous, all-multicast, MAC tables and
 *     their overflow, its MAC, VLANs) or its MTU refuses;
 *   - a unicast frame for a device's own address, which its filter
 *     accepts, arrives (when the device is up, not starved, not looped);
 *   - every transmitted chain comes back exactly once, and the driver
 *     library sees no bogus used entry, overlong length or overrun;
 *   - locks balanced, vectors valid; at the end nothing leaked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define SW_BODY		(8u << 20)
#define SW_IOVA		0x40000000ull
#define SW_NDEV		4
#define SW_QSIZE	32
#define SW_RXBUFS	10	/* a burst is 8 frames at most */
#define SW_MAX_OPS	64
#define SW_MAX_FRAMES	256
#define SW_FRAME_MAX	(9000 + 18)
#define SW_MAX_RECREATE	3
#define SW_WIRE		SW_NDEV		/* receiver index of the wire */
#define SW_TAG		0xf27a
#define SW_FLOOD_TAG	0xf27b		/* untracked frames, see sw_flood() */
#define SW_FLOOD_LEN	60

static const uint16_t sw_mtu[SW_NDEV] = { 1500, 1500, 9000, 576 };

struct sw_filter {
	bool promisc, allmulti, uc_over, mc_over;
	uint8_t cur[6];
	uint8_t uc[64][6];
	uint8_t mc[64][6];
	unsigned int nuc, nmc;
	uint32_t vlans[4096 / 32];
};

struct sw_dev {
	struct vd_dev *d;	/* NULL while destroyed */
	uint8_t mac[6];		/* provisioned */
	bool link, loopback, starve;
	bool short_rx;		/* fewer receive buffers than it should */
	struct sw_filter flt;
};

/* A frame as sent, and the state it was sent in. */
struct sw_frame {
	int src;		/* device, or -1: the wire */
	uint32_t len;
	uint8_t *data;
	bool got[SW_NDEV + 1];	/* by device, then by the wire */
	bool must[SW_NDEV + 1];	/* must arrive there */
	bool may[SW_NDEV + 1];	/* may arrive there */
};

struct sw {
	struct fz_in *in;
	struct vd_card *c;
	struct fz_arena *a;
	struct sw_dev dev[SW_NDEV];
	bool wire_link;
	unsigned int recreated;
	struct sw_frame fr[SW_MAX_FRAMES];
	unsigned int nfr;
	unsigned int first;	/* frames before this one are settled */
};

static const uint8_t sw_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- addresses ---- */

static void sw_mac(struct sw *s, uint8_t sel, uint8_t mac[6])
{
	static const uint8_t mc1[6] = { 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 };
	static const uint8_t mc2[6] = { 0x33, 0x33, 0x00, 0x00, 0x00, 0x02 };

	sel %= 16;
	if (sel < 4)
		memcpy(mac, s->dev[sel].mac, 6);
	else if (sel < 8)
		vd_mac(mac, sel - 4, 2);	/* spare ones */
	else if (sel == 8)
		memcpy(mac, sw_bcast, 6);
	else if (sel == 9)
		memcpy(mac, mc1, 6);
	else if (sel == 10)
		memcpy(mac, mc2, 6);
	else if (sel < 14)
		vd_mac(mac, 0x99, sel);		/* stations on the wire */
	else if (sel == 14)
		memset(mac, 0, 6);
	else
		fz_bytes(s->in, mac, 6);
}

/* ---- the filter, as the device acknowledged it ---- */

static void sw_filter_reset(struct sw_dev *v)
{
	struct sw_filter *f = &v->flt;

	memset(f, 0, sizeof(*f));
	f->promisc = true;
	f->allmulti = true;
	memcpy(f->cur, v->mac, 6);
}

static bool sw_in(const uint8_t (*list)[6], unsigned int n, const uint8_t *m)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!memcmp(list[i], m, 6))
			return true;
	return false;
}

/* 5.1.6.5.1-3: what device @v's filter accepts. */
static bool sw_accepts(const struct sw_dev *v, const uint8_t *f, uint32_t len)
{
	const struct sw_filter *flt = &v->flt;

	if (len >= 16 && f[12] == 0x81 && f[13] == 0x00) {
		uint16_t vid = (uint16_t)((f[14] << 8 | f[15]) & 0xfff);

		if (!(flt->vlans[vid >> 5] & (1u << (vid & 31))))
			return false;
	}
	if (flt->promisc)
		return true;
	if (f[0] & 1)
		return !memcmp(f, sw_bcast, 6) || flt->allmulti ||
		       flt->mc_over || sw_in(flt->mc, flt->nmc, f);
	return !memcmp(f, flt->cur, 6) || flt->uc_over ||
	       sw_in(flt->uc, flt->nuc, f);
}

static bool sw_fits(unsigned int i, const uint8_t *f, uint32_t len)
{
	return len <= sw_mtu[i] + 14u +
	       (f[12] == 0x81 && f[13] == 0x00 ? 4 : 0);
}

/* ---- frames ---- */

/* A frame from the input, numbered; returns it. */
static struct sw_frame *sw_frame_new(struct sw *s, int src)
{
	struct sw_frame *fr = &s->fr[s->nfr];
	uint8_t sel = fz_u8(s->in), b = fz_u8(s->in);
	uint32_t len, off = 12, i;
	uint8_t *p;

	if (s->nfr == SW_MAX_FRAMES)
		return NULL;
	memset(fr, 0, sizeof(*fr));
	fr->src = src;
	len = fz_u16(s->in);
	len = b & 0x80 ? len % SW_FRAME_MAX : len % 1600;
	if (len < 24)
		len = 24;
	p = fr->data = malloc(len);
	fz_assert(p);
	sw_mac(s, sel, p);
	sw_mac(s, fz_u8(s->in), p + 6);
	if (b & 0x40) {
		uint16_t vid = fz_u8(s->in) % 8;

		p[off++] = 0x81;
		p[off++] = 0x00;
		p[off++] = (uint8_t)(vid >> 8);
		p[off++] = (uint8_t)vid;
	}
	p[off++] = 0x08;
	p[off++] = b & 1 ? 0x06 : 0x00;
	p[off++] = SW_TAG >> 8;
	p[off++] = SW_TAG & 0xff;
	p[off++] = (uint8_t)s->nfr;
	p[off++] = (uint8_t)(src + 1);
	for (i = off; i < len; i++)
		p[i] = (uint8_t)(i * 7 + s->nfr);
	fr->len = len;
	s->nfr++;
	return fr;
}

/*
 * Up to 1100 small frames from the wire, each from a source address of its
 * own, in bursts of 32 (ovnic_card_wire_rx_burst, or with the salt odd
 * ovnic_card_wire_rx_sg_burst, the host's uplink, each frame in two
 * pieces cut where the salt says): the forwarding database
 * fills with learned entries and is rebuilt.  All go to station S, whose
 * address the first one teaches the switch is the wire's, so the switch
 * drops them; once a static address needs the room S is forgotten and
 * they flood.  They are not tracked one by one: they may reach devices,
 * never the wire, and arrive intact.
 */
static void sw_flood_frame(uint8_t *p, uint32_t i, uint32_t salt)
{
	uint32_t k;

	vd_mac(p, 0x99, 0x40);
	if (i) {
		p[6] = 0x02;
		p[7] = 0x77;
		p[8] = (uint8_t)((i + salt) >> 24);
		p[9] = (uint8_t)((i + salt) >> 16);
		p[10] = (uint8_t)((i + salt) >> 8);
		p[11] = (uint8_t)(i + salt);
	} else {
		vd_mac(p + 6, 0x99, 0x40);
	}
	p[12] = 0x08;
	p[13] = 0x00;
	p[14] = SW_FLOOD_TAG >> 8;
	p[15] = SW_FLOOD_TAG & 0xff;
	for (k = 16; k < SW_FLOOD_LEN; k++)
		p[k] = (uint8_t)(k * 5);
}

static void sw_flood(struct sw *s)
{
	static uint8_t buf[32][SW_FLOOD_LEN];
	uint32_t n = fz_u16(s->in) % 1100, salt = fz_u16(s->in), i, k;
	uint32_t cut = (salt >> 1) % (SW_FLOOD_LEN + 1);
	struct ovnic_wire_frame wf[32];
	const void *fp[32], *sgp[32][2];
	uint32_t fl[32], sgl[32][2];
	bool sg = salt & 1;

	fz_trace("wire: %u untracked frames%s\n", n, sg ? " in pieces" : "");
	for (i = 0; i < n; i += k) {
		for (k = 0; k < 32 && i + k < n; k++) {
			sw_flood_frame(buf[k], i + k, salt);
			fp[k] = buf[k];
			fl[k] = SW_FLOOD_LEN;
			sgp[k][0] = buf[k];
			sgl[k][0] = cut;
			sgp[k][1] = buf[k] + cut;
			sgl[k][1] = SW_FLOOD_LEN - cut;
			wf[k] = (struct ovnic_wire_frame){
				.npieces = 2, .piece = sgp[k],
				.piece_len = sgl[k],
			};
		}
		if (sg)
			fz_assert(ovnic_card_wire_rx_sg_burst(s->c->card, wf,
							      k) == k);
		else
			ovnic_card_wire_rx_burst(s->c->card, fp, fl, k);
	}
}

/* Which frame @p of @len bytes is; asserts it is one, unchanged. */
static struct sw_frame *sw_which(struct sw *s, const uint8_t *p, uint32_t len)
{
	uint32_t off = p[12] == 0x81 && p[13] == 0x00 ? 18 : 14;
	struct sw_frame *fr;

	fz_assert(len >= off + 4);
	fz_assert((p[off] << 8 | p[off + 1]) == SW_TAG);
	fz_assert(p[off + 2] < s->nfr);
	fr = &s->fr[p[off + 2]];
	fz_assert(fr->len == len && !memcmp(fr->data, p, len));
	return fr;
}

/*
 * Where frame @fr may and must go, from the state now (it is about to be
 * sent).
 */
/* What the card counted, to tell why a frame went missing. */
static void sw_dump_counters(struct sw *s)
{
	static const char *const names[OVNIC_VQC_NUM] = {
		"packets", "bytes", "descs", "kicks", "interrupts",
		"no_buffer", "too_big", "bad_desc", "bad_addr", "filtered",
		"ctrl_errors", "coalesced", "spoofed", "bad_offload",
		"csum_partial", "csum_valid", "gso_packets", "gso_bytes",
		"gso_segments", "gso_segment_bytes", "gso_noseg_packets",
		"gso_noseg_bytes", "bad_notify",
	};
	unsigned int i, q, c;

	for (i = 0; i < SW_NDEV; i++) {
		if (!s->dev[i].d)
			continue;
		for (q = 0; q < 2; q++) {
			uint64_t ctr[OVNIC_VQC_NUM];

			if (vd_vq_stats(s->dev[i].d->vq[q], ctr))
				continue;
			fprintf(stderr, "dev %u q%u:", i, q);
			for (c = 0; c < OVNIC_VQC_NUM; c++)
				if (ctr[c] && c != OVNIC_VQC_BYTES)
					fprintf(stderr, " %s %lu", names[c],
						(unsigned long)ctr[c]);
			fprintf(stderr, "\n");
		}
	}
}

static void sw_route(struct sw *s, struct sw_frame *fr)
{
	const uint8_t *f = fr->data;
	unsigned int j;
	bool from_wire = fr->src < 0;
	const struct sw_dev *src = from_wire ? NULL : &s->dev[fr->src];

	if (from_wire && !s->wire_link)
		return;		/* the port drops it */
	/* Never leaves the device: 14 bytes of header, 18 when tagged. */
	if (src && (!src->link || fr->len > sw_mtu[fr->src] +
		    (f[12] == 0x81 && f[13] == 0x00 ? 18u : 14u)))
		return;
	if (src && src->loopback) {
		j = (unsigned int)fr->src;
		fr->may[j] = sw_accepts(src, f, fr->len) &&
			     sw_fits(j, f, fr->len);
		return;
	}
	/* Odd devices are untrusted: a source not their own is dropped. */
	if (src && fr->src % 2 && memcmp(f + 6, src->mac, 6))
		return;
	fr->may[SW_WIRE] = !from_wire && s->wire_link;
	/* Multicast from a device always goes out too. */
	fr->must[SW_WIRE] = fr->may[SW_WIRE] && (f[0] & 1);
	for (j = 0; j < SW_NDEV; j++) {
		const struct sw_dev *v = &s->dev[j];

		if (!v->d || (int)j == fr->src || !v->link || v->loopback ||
		    !sw_accepts(v, f, fr->len) || !sw_fits(j, f, fr->len))
			continue;
		fr->may[j] = true;
		fr->must[j] = !(f[0] & 1) && !memcmp(f, v->flt.cur, 6) &&
			      !v->starve && !v->short_rx;
	}
}

static void sw_wire_rx(struct sw *s)
{
	struct sw_frame *fr = sw_frame_new(s, -1);

	if (!fr)
		return;
	sw_route(s, fr);
	fz_trace("wire: frame %u, %u bytes\n", s->nfr - 1, fr->len);
	ovnic_card_wire_rx(s->c->card, fr->data, fr->len);
}

/* 1-8 frames from device @i, kicked once. */
static void sw_tx(struct sw *s)
{
	uint8_t b = fz_u8(s->in);
	struct sw_dev *v = &s->dev[b % SW_NDEV];
	unsigned int n = 1 + (b >> 2) % 8, k;

	if (!v->d)
		return;
	for (k = 0; k < n; k++) {
		struct vd_tx_opts o = { .nsegs = 1 + fz_u8(s->in) % 6 };
		struct sw_frame *fr = sw_frame_new(s, b % SW_NDEV);

		if (!fr)
			break;
		o.indirect = b & 0x80;
		o.hdr_separate = b & 0x40;
		if (vd_tx_post(vd_txq(v->d, 0), fr->data, fr->len, &o) < 0)
			break;		/* ring full: never sent */
		sw_route(s, fr);
		fz_trace("dev %u: frame %u, %u bytes, %02x:..:%02x:%02x to %02x:..:%02x:%02x\n",
			 b % SW_NDEV, s->nfr - 1, fr->len, fr->data[6],
			 fr->data[10], fr->data[11], fr->data[0],
			 fr->data[4], fr->data[5]);
	}
	vd_vq_kick_force(vd_txq(v->d, 0));
}

/* ---- reaping and checking ---- */

static void sw_got(struct sw *s, unsigned int who, const uint8_t *p,
		   uint32_t len)
{
	struct sw_frame *fr;
	uint32_t k;

	if (len == SW_FLOOD_LEN && (p[14] << 8 | p[15]) == SW_FLOOD_TAG) {
		fz_assert(who != SW_WIRE);
		for (k = 16; k < len; k++)
			fz_assert(p[k] == (uint8_t)(k * 5));
		return;
	}
	fr = sw_which(s, p, len);

	fz_trace("  frame %u at %u\n", (unsigned int)(fr - s->fr), who);
	fz_assert(!fr->got[who]);	/* once */
	fz_assert(fr->may[who]);
	fr->got[who] = true;
}

/* Receive buffers up to SW_RXBUFS, unless the device is being starved. */
static void sw_rx_fill(struct sw *s, unsigned int i)
{
	struct vd_vq *rx = vd_rxq(s->dev[i].d, 0);

	if (!s->dev[i].starve)
		vd_rx_fill(rx, SW_RXBUFS, sw_mtu[i] + 40);
	/* out of DMA memory, or the ring full: no promise of delivery */
	s->dev[i].short_rx = rx->size - vd_vq_free_descs(rx) < SW_RXBUFS;
}

static void sw_reap(struct sw *s)
{
	static struct vd_rx_pkt pkt;
	struct up_frame *w;
	unsigned int i, k;

	for (i = 0; i < SW_NDEV; i++) {
		struct vd_dev *d = s->dev[i].d;
		struct vd_vq *rx, *tx;

		if (!d)
			continue;
		rx = vd_rxq(d, 0);
		tx = vd_txq(d, 0);
		while (vd_rx_recv(rx, &pkt) == 1) {
			fz_assert(pkt.used_len == d->hdr_len + pkt.len);
			sw_got(s, i, pkt.data, pkt.len);
		}
		/* Every transmitted chain back, once. */
		vd_vq_drain(tx);
		fz_assert(vd_vq_free_descs(tx) == tx->size);
		fz_assert(!rx->bad_used && !rx->bad_len && !rx->poison_hits);
		fz_assert(!tx->bad_used && !tx->bad_len);
		sw_rx_fill(s, i);
	}
	while ((w = up_wire_pop(s->c->plat))) {
		sw_got(s, SW_WIRE, w->data, w->len);
		free(w);
	}
	for (k = s->first; k < s->nfr; k++)
		for (i = 0; i <= SW_NDEV; i++) {
			if (s->fr[k].must[i] && !s->fr[k].got[i]) {
				fprintf(stderr, "frame %u: not at %u\n", k,
					i);
				sw_dump_counters(s);
			}
			fz_assert(!s->fr[k].must[i] || s->fr[k].got[i]);
		}
	s->first = s->nfr;
}

/* ---- control ---- */

static void sw_ctrl(struct sw *s)
{
	uint8_t b = fz_u8(s->in), mac[6];
	struct sw_dev *v = &s->dev[b % SW_NDEV];
	struct sw_filter *f = &v->flt;
	int ack;

	if (!v->d)
		return;
	switch ((b >> 2) % 5) {
	case 0:
		ack = vd_ctrl_rx_mode(v->d, VIRTIO_NET_CTRL_RX_PROMISC,
				      b & 0x80);
		if (ack == VIRTIO_NET_OK)
			f->promisc = b & 0x80;
		break;
	case 1:
		ack = vd_ctrl_rx_mode(v->d, VIRTIO_NET_CTRL_RX_ALLMULTI,
				      b & 0x80);
		if (ack == VIRTIO_NET_OK)
			f->allmulti = b & 0x80;
		break;
	case 2: {
		static uint8_t uc[72][6], mc[72][6];
		unsigned int nuc = fz_u8(s->in) % 72, nmc = fz_u8(s->in) % 72;
		unsigned int i;

		for (i = 0; i < nuc; i++) {
			sw_mac(s, fz_u8(s->in), uc[i]);
			uc[i][0] &= 0xfe;
		}
		for (i = 0; i < nmc; i++) {
			sw_mac(s, fz_u8(s->in), mc[i]);
			mc[i][0] |= 1;
		}
		ack = vd_ctrl_mac_table(v->d, uc, nuc, mc, nmc);
		if (ack == VIRTIO_NET_OK) {
			f->uc_over = nuc > 64;
			f->nuc = f->uc_over ? 0 : nuc;
			memcpy(f->uc, uc, 6 * f->nuc);
			f->mc_over = nmc > 64;
			f->nmc = f->mc_over ? 0 : nmc;
			memcpy(f->mc, mc, 6 * f->nmc);
		}
		break;
	}
	case 3:
		sw_mac(s, fz_u8(s->in), mac);
		ack = vd_ctrl_mac_addr(v->d, mac);
		if (ack == VIRTIO_NET_OK)
			memcpy(f->cur, mac, 6);
		break;
	default: {
		uint16_t vid = fz_u8(s->in) % 8;

		ack = vd_ctrl_vlan(v->d, b & 0x80, vid);
		if (ack == VIRTIO_NET_OK && b & 0x80)
			f->vlans[vid >> 5] |= 1u << (vid & 31);
		else if (ack == VIRTIO_NET_OK)
			f->vlans[vid >> 5] &= ~(1u << (vid & 31));
		break;
	}
	}
	fz_trace("dev %u: control %u: ack %d\n", b % SW_NDEV, (b >> 2) % 5,
		 ack);
	fz_assert(ack == VIRTIO_NET_OK || ack == VIRTIO_NET_ERR);
}

/* ---- devices ---- */

static void sw_dev_up(struct sw *s, unsigned int i)
{
	struct sw_dev *v = &s->dev[i];
	struct vd_dev_cfg cfg = {
		.dev_id = (uint16_t)i,
		.mtu = sw_mtu[i],
		.queue_size = SW_QSIZE,
	};
	uint64_t want = VD_BIT(VIRTIO_F_VERSION_1) |
			VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |
			VD_BIT(VIRTIO_NET_F_MAC) | VD_BIT(VIRTIO_NET_F_MTU) |
			VD_BIT(VIRTIO_NET_F_STATUS) |
			VD_BIT(VIRTIO_NET_F_CTRL_VQ) |
			VD_BIT(VIRTIO_NET_F_CTRL_RX) |
			VD_BIT(VIRTIO_NET_F_CTRL_VLAN) |
			VD_BIT(VIRTIO_NET_F_CTRL_MAC_ADDR) |
			VD_BIT(VIRTIO_RING_F_INDIRECT_DESC);
	int err;

	if (i % 2)
		want |= VD_BIT(VIRTIO_RING_F_EVENT_IDX);
	cfg.features = want;
	vd_mac(v->mac, (uint8_t)i, 1);
	memcpy(cfg.mac, v->mac, 6);
	v->d = vd_dev_new(s->c, &cfg, &err);
	if (!v->d) {
		/* Its address went to another device meanwhile. */
		fz_assert(err == OVNIC_STATUS_EXISTS);
		return;
	}
	fz_assert(vd_dev_mr_map(v->d, SW_IOVA, s->a->body, s->a->size,
				OVNIC_MR_PERM_READ |
				OVNIC_MR_PERM_WRITE) == 0);
	fz_assert(vd_dev_negotiate(v->d, want) == 0);
	fz_assert(vd_dev_setup_queues(v->d) == 0);
	fz_assert(vd_dev_driver_ok(v->d) == 0);
	/*
	 * Even devices are trusted (they may take free addresses, their
	 * sources are not checked); odd ones keep the default policy, as a
	 * vhost user's: their own address only, sources checked.
	 */
	if (i % 2 == 0)
		fz_assert(vd_cmd_mac_policy_set(s->c, (uint16_t)i,
						OVNIC_MACP_ANY, OVNIC_SPOOF_OFF,
						NULL, 0) == OVNIC_STATUS_OK);
	v->link = true;
	v->loopback = false;
	v->starve = false;
	sw_filter_reset(v);
	sw_rx_fill(s, i);
}

static void sw_dev_op(struct sw *s)
{
	uint8_t b = fz_u8(s->in);
	unsigned int i = b % SW_NDEV;
	struct sw_dev *v = &s->dev[i];

	switch ((b >> 2) % 6) {
	case 0:
		if (v->d && vd_cmd_set_link(s->c, (uint16_t)i, b & 0x80) ==
		    OVNIC_STATUS_OK)
			v->link = b & 0x80;
		break;
	case 1:
		if (v->d && vd_cmd_set_loopback(s->c, (uint16_t)i,
						b & 0x80 ? 1 : 0) ==
		    OVNIC_STATUS_OK)
			v->loopback = b & 0x80;
		break;
	case 2:
		if (!v->d || s->recreated >= SW_MAX_RECREATE)
			break;
		s->recreated++;
		fz_assert(vd_dev_reinit(v->d) == 0);
		sw_filter_reset(v);
		sw_rx_fill(s, i);
		break;
	case 3:
		if (v->d) {
			vd_dev_destroy(v->d);
			v->d = NULL;
		} else if (s->recreated < SW_MAX_RECREATE) {
			s->recreated++;
			sw_dev_up(s, i);
		}
		break;
	case 4:
		v->starve = b & 0x80;
		break;
	default:
		s->wire_link = b & 0x80;
		vd_reg_write(s->c, OVNIC_REG_WIRE_LINK, s->wire_link);
		break;
	}
	fz_trace("dev %u: op %u (%u)\n", i, (b >> 2) % 6, b >> 7);
}

static void sw_op(struct sw *s)
{
	uint8_t op = fz_u8(s->in);

	switch (op % 9) {
	case 0:
	case 1:
		sw_wire_rx(s);
		break;
	case 8:
		sw_flood(s);
		break;
	case 2:
	case 3:
	case 4:
		sw_tx(s);
		break;
	case 5:
		sw_ctrl(s);
		break;
	case 6:
		sw_dev_op(s);
		break;
	case 7:
		up_advance(s->c->plat, (uint64_t)fz_u16(s->in) << 10);
		break;
	}
	fz_run(s->c);
	sw_reap(s);
	fz_check_plat(s->c, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	static struct sw s;
	unsigned int i, n;

	memset(&s, 0, sizeof(s));
	s.in = &in;
	s.a = fz_arena_get(SW_BODY);
	fz_arena_reset_guards(s.a);
	s.c = fz_card_new(NULL, s.a, true);
	fz_assert(s.c->card);
	s.wire_link = true;
	for (i = 0; i < SW_NDEV; i++)
		sw_dev_up(&s, i);
	fz_run(s.c);
	sw_reap(&s);

	for (n = 0; n < SW_MAX_OPS && fz_more(&in); n++)
		sw_op(&s);

	fz_assert(fz_arena_guards_ok(s.a));
	for (i = 0; i < SW_NDEV; i++)
		vd_dev_destroy(s.dev[i].d);
	fz_card_free(s.c);
	for (i = 0; i < s.nfr; i++)
		free(s.fr[i].data);
	return 0;
}
