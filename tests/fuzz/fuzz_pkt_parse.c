// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_pkt_parse: the receive parser (pkt_parse.c) and the hashing and
 * steering behind it (rss.c, toeplitz.c), driven through the card only:
 * frames arrive at a device with RSS, HASH_REPORT and (or not) HASH_TUNNEL
 * negotiated, configured by the input.  No internal function is called, so
 * the target survives their renaming.
 *
 * The input: the steering configuration (hash types, key, RSS indirection
 * table or automatic steering with a queue pair count, the inner-header
 * hash types: the driver's HASH_TUNNEL_SET or, without HASH_TUNNEL, the
 * host's RSS_SET_POLICY), then frames.  Each frame arrives twice: from the
 * wire (one contiguous buffer) and sent by the device to itself in
 * loopback, cut into 1-8 transmit buffers where the input says, so the
 * parser reads headers across pieces.
 *
 * Checked, for each frame:
 *   - it lands on one receive queue at most, whole: used length, bytes;
 *   - the header: one buffer, no GSO; a hash report 0-9 of a type that is
 *     enabled, hash value 0 without one;
 *   - the queue is the one steering must choose: table[hash & mask] or
 *     the unclassified queue; hash % pairs in automatic steering;
 *   - both arrivals agree: queue, hash value and report (the parse must
 *     not depend on how the frame was cut);
 *   - for plain IPv4 and IPv6 frames (no extension header, and no tunnel
 *     type that could apply), the hash is the one an independent parser
 *     and a bitwise Toeplitz (tests/lib/pktbuild.c) compute.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "pktbuild.h"

#define PP_BODY		(1u << 20)
#define PP_IOVA		0x40000000ull
#define PP_PAIRS	4
#define PP_RXBUF	(VD_NET_HDR_HASH_LEN + 9018 + 64)
#define PP_MAX_FRAMES	16
#define PP_TYPES_ALL	0x1ffu
#define PP_TUNNELS_ALL	0x1ffu

struct pp {
	struct fz_in *in;
	struct vd_card *c;
	struct fz_arena *a;
	struct vd_dev *d;
	bool table;		/* RSS_CONFIG's indirection table */
	uint32_t types;
	uint8_t key[40];
	uint8_t key_len;
	uint16_t ntable;
	uint16_t tab[128];
	uint16_t unclassified;
	uint16_t pairs;		/* queue pairs in use */
	uint32_t tunnels;	/* inner-header hash types in force */
};

struct pp_rx {
	bool got;
	unsigned int queue;
	uint32_t hash;
	uint16_t report;
};

/* ---- what must arrive ---- */

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

/*
 * The hash of a plain IPv4 or IPv6 frame, parsed here from the bytes as
 * virtio 5.1.6.4.3 describes it; false when the frame is anything else
 * (extension headers, a tunnel type that may apply, not IP).
 */
static bool pp_expect(const struct pp *s, const uint8_t *f, uint32_t len,
		      uint32_t *hash, uint16_t *report)
{
	uint32_t off = 14, end = len, l4, alen, n;
	bool v6, tcp = false, udp = false, frag = false;
	uint8_t in[36], proto;
	uint16_t type, rep;
	int i;

	if (len < 14)
		return false;
	type = be16(f + 12);
	for (i = 0; i < 2 && (type == 0x8100 || type == 0x88a8); i++) {
		if (len < off + 4)
			return false;
		type = be16(f + off + 2);
		off += 4;
	}
	if (type == 0x0800) {
		uint32_t ihl, total;

		if (len < off + 20 || f[off] >> 4 != 4)
			return false;
		ihl = (f[off] & 15u) * 4;
		total = be16(f + off + 2);
		if (ihl < 20 || total < ihl || len < off + ihl)
			return false;
		v6 = false;
		alen = 4;
		memcpy(in, f + off + 12, 4);
		memcpy(in + 4, f + off + 16, 4);
		frag = (be16(f + off + 6) & 0x3fff) != 0;
		proto = f[off + 9];
		l4 = off + ihl;
		if (off + total < end)
			end = off + total;
	} else if (type == 0x86dd) {
		uint32_t plen;

		if (len < off + 40 || f[off] >> 4 != 6)
			return false;
		v6 = true;
		alen = 16;
		plen = be16(f + off + 4);
		proto = f[off + 6];
		if (proto == 0 || proto == 43 || proto == 44 || proto == 60 ||
		    proto == 51)
			return false;	/* extension headers */
		memcpy(in, f + off + 8, 32);
		l4 = off + 40;
		if (plen && l4 + plen < end)
			end = l4 + plen;
	} else {
		return false;
	}
	/* What a tunnel type in force might take over. */
	if (s->tunnels && !frag &&
	    (proto == 4 || proto == 41 || proto == 47 || proto == 17))
		return false;
	if (!frag && proto == 6 && l4 <= end && end - l4 >= 20)
		tcp = true;
	if (!frag && proto == 17 && l4 <= end && end - l4 >= 8)
		udp = true;

	if (tcp && s->types & (v6 ? VIRTIO_NET_RSS_HASH_TYPE_TCPv6 :
				    VIRTIO_NET_RSS_HASH_TYPE_TCPv4))
		rep = v6 ? VIRTIO_NET_HASH_REPORT_TCPv6 :
			   VIRTIO_NET_HASH_REPORT_TCPv4;
	else if (udp && s->types & (v6 ? VIRTIO_NET_RSS_HASH_TYPE_UDPv6 :
					 VIRTIO_NET_RSS_HASH_TYPE_UDPv4))
		rep = v6 ? VIRTIO_NET_HASH_REPORT_UDPv6 :
			   VIRTIO_NET_HASH_REPORT_UDPv4;
	else if (s->types & (v6 ? VIRTIO_NET_RSS_HASH_TYPE_IPv6 :
				  VIRTIO_NET_RSS_HASH_TYPE_IPv4))
		rep = v6 ? VIRTIO_NET_HASH_REPORT_IPv6 :
			   VIRTIO_NET_HASH_REPORT_IPv4;
	else
		rep = VIRTIO_NET_HASH_REPORT_NONE;
	*report = rep;
	*hash = 0;
	if (rep == VIRTIO_NET_HASH_REPORT_NONE)
		return true;
	n = 2 * alen;
	if (rep != VIRTIO_NET_HASH_REPORT_IPv4 &&
	    rep != VIRTIO_NET_HASH_REPORT_IPv6) {
		memcpy(in + n, f + l4, 4);
		n += 4;
	}
	*hash = pb_toeplitz(s->key, s->key_len, in, n);
	return true;
}

/* ---- receiving ---- */

/* Reap every receive queue: at most one frame, @f whole. */
static void pp_collect(struct pp *s, const uint8_t *f, uint32_t len,
		       struct pp_rx *rx)
{
	static struct vd_rx_pkt pkt;
	unsigned int q;

	rx->got = false;
	for (q = 0; q < PP_PAIRS; q++) {
		struct vd_vq *vq = vd_rxq(s->d, q);

		while (vd_rx_recv(vq, &pkt) == 1) {
			fz_assert(!rx->got);
			rx->got = true;
			rx->queue = q;
			rx->hash = pkt.hash_value;
			rx->report = pkt.hash_report;
			fz_assert(pkt.used_len == VD_NET_HDR_HASH_LEN + len);
			fz_assert(pkt.len == len && !memcmp(pkt.data, f, len));
			fz_assert(pkt.hdr.num_buffers == 1);
			fz_assert(pkt.hdr.gso_type == VIRTIO_NET_HDR_GSO_NONE);
		}
		fz_assert(!vq->bad_used && !vq->bad_len && !vq->poison_hits);
		vd_rx_fill(vq, 2, PP_RXBUF);
	}
}

/* What the header and the queue say about the hash and the steering. */
static void pp_check(struct pp *s, const struct pp_rx *rx)
{
	if (rx->report == VIRTIO_NET_HASH_REPORT_NONE) {
		fz_assert(rx->hash == 0);
	} else {
		fz_assert(rx->report <= VIRTIO_NET_HASH_REPORT_UDPv6_EX);
		/* Report r is hash type bit r - 1. */
		fz_assert(s->types & (1u << (rx->report - 1)));
	}
	if (s->table) {
		uint16_t want = rx->report ?
			s->tab[rx->hash & (s->ntable - 1)] : s->unclassified;

		fz_assert(rx->queue == want);
	} else if (rx->report) {
		fz_assert(rx->queue == rx->hash % s->pairs);
	} else {
		fz_assert(rx->queue < s->pairs);
	}
}

static void pp_frame(struct pp *s)
{
	uint8_t flags = fz_u8(s->in);
	uint16_t len = fz_u16(s->in);
	struct vd_tx_opts o = {
		.nsegs = 1 + fz_u8(s->in) % 8,
		.hdr_separate = flags & 4,
	};
	struct pp_rx a, b;
	uint32_t hash;
	uint16_t report;
	uint8_t *f;

	len = flags & 8 ? len % 9100 : len % 2048;
	f = malloc(len ? len : 1);	/* exactly: ASan sees past its end */
	fz_assert(f);
	fz_bytes(s->in, f, len);
	if (!(flags & 1) && len >= 6)
		memcpy(f, s->d->mac, 6);
	fz_trace("frame %u bytes, %u pieces\n", len, o.nsegs);

	ovnic_card_wire_rx(s->c->card, f, len);
	fz_run(s->c);
	pp_collect(s, f, len, &a);
	if (a.got) {
		fz_trace("  wire: queue %u hash %#x report %u\n", a.queue,
			 a.hash, a.report);
		pp_check(s, &a);
		if (pp_expect(s, f, len, &hash, &report)) {
			fz_assert(a.report == report);
			fz_assert(a.hash == hash);
		}
	}

	if (!(flags & 2) && len >= 14) {
		struct vd_vq *tx = vd_txq(s->d, 0);

		fz_assert(vd_cmd_set_loopback(s->c, 0, OVNIC_LOOPBACK_ON) ==
			  OVNIC_STATUS_OK);
		fz_assert(vd_tx_post(tx, f, len, &o) >= 0);
		vd_vq_kick_force(tx);
		fz_run(s->c);
		fz_assert(vd_vq_drain(tx) == 1);
		fz_assert(!tx->bad_used && !tx->bad_len);
		pp_collect(s, f, len, &b);
		fz_assert(vd_cmd_set_loopback(s->c, 0, OVNIC_LOOPBACK_OFF) ==
			  OVNIC_STATUS_OK);
		if (b.got) {
			fz_trace("  loop: queue %u hash %#x report %u\n",
				 b.queue, b.hash, b.report);
			pp_check(s, &b);
		}
		if (a.got && b.got) {
			fz_assert(a.queue == b.queue);
			fz_assert(a.hash == b.hash);
			fz_assert(a.report == b.report);
		}
	}
	up_wire_clear(s->c->plat);
	free(f);
}

/* ---- configuration ---- */

static void pp_configure(struct pp *s, bool tunnel_feature)
{
	uint8_t b = fz_u8(s->in);
	unsigned int i;

	s->types = fz_u32(s->in) & PP_TYPES_ALL;
	s->key_len = fz_u8(s->in) % 41;
	fz_bytes(s->in, s->key, s->key_len);
	s->table = b & 2;
	if (s->table) {
		struct vd_rss r = {
			.hash_types = s->types,
			.key = s->key,
			.key_len = s->key_len,
			.table = s->tab,
		};

		s->ntable = (uint16_t)(1u << fz_u8(s->in) % 8);
		for (i = 0; i < s->ntable; i++)
			s->tab[i] = fz_u8(s->in) % PP_PAIRS;
		s->unclassified = fz_u8(s->in) % PP_PAIRS;
		s->pairs = 1 + fz_u8(s->in) % PP_PAIRS;
		r.table_len = s->ntable;
		r.unclassified = s->unclassified;
		r.max_tx_vq = s->pairs;
		fz_assert(vd_ctrl_rss(s->d, &r) == VIRTIO_NET_OK);
	} else {
		s->pairs = 1 + fz_u8(s->in) % PP_PAIRS;
		fz_assert(vd_ctrl_mq_pairs(s->d, s->pairs) == VIRTIO_NET_OK);
		fz_assert(vd_ctrl_hash_config(s->d, s->types, s->key,
					      s->key_len) == VIRTIO_NET_OK);
	}
	s->tunnels = fz_u16(s->in) & PP_TUNNELS_ALL;
	if (tunnel_feature)
		fz_assert(vd_ctrl_hash_tunnel(s->d, s->tunnels) ==
			  VIRTIO_NET_OK);
	else
		fz_assert(vd_cmd_rss_set_policy(s->c, 0, s->tunnels) ==
			  OVNIC_STATUS_OK);
	fz_trace("types %#x key %u %s pairs %u tunnels %#x (%s)\n", s->types,
		 s->key_len, s->table ? "table" : "auto", s->pairs,
		 s->tunnels, tunnel_feature ? "driver" : "policy");
}

static void pp_device(struct pp *s, bool tunnel_feature)
{
	struct vd_dev_cfg cfg = {
		.dev_id = 0,
		.mtu = 9000,
		.max_vqp = PP_PAIRS,
		.queue_size = 16,
	};
	uint64_t want = VD_BIT(VIRTIO_F_VERSION_1) |
			VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |
			VD_BIT(VIRTIO_NET_F_MAC) | VD_BIT(VIRTIO_NET_F_MTU) |
			VD_BIT(VIRTIO_NET_F_STATUS) |
			VD_BIT(VIRTIO_NET_F_CTRL_VQ) | VD_BIT(VIRTIO_NET_F_MQ) |
			VD_BIT(VIRTIO_NET_F_RSS) |
			VD_BIT(VIRTIO_NET_F_HASH_REPORT);
	unsigned int q;
	int err;

	if (tunnel_feature)
		want |= VD_BIT(VD_NET_F_HASH_TUNNEL);
	cfg.features = want;
	s->d = vd_dev_new(s->c, &cfg, &err);
	fz_assert(s->d);
	fz_assert(vd_dev_mr_map(s->d, PP_IOVA, s->a->body, s->a->size,
				OVNIC_MR_PERM_READ |
				OVNIC_MR_PERM_WRITE) == 0);
	fz_assert(vd_dev_negotiate(s->d, want) == 0);
	fz_assert(vd_dev_setup_queues(s->d) == 0);
	fz_assert(vd_dev_driver_ok(s->d) == 0);
	for (q = 0; q < PP_PAIRS; q++)
		fz_assert(vd_rx_fill(vd_rxq(s->d, q), 2, PP_RXBUF) == 2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	struct pp s = { .in = &in };
	unsigned int n;
	bool tunnel_feature;

	s.a = fz_arena_get(PP_BODY);
	fz_arena_reset_guards(s.a);
	s.c = fz_card_new(NULL, s.a, true);
	fz_assert(s.c->card);
	tunnel_feature = fz_u8(&in) & 1;
	pp_device(&s, tunnel_feature);
	pp_configure(&s, tunnel_feature);

	for (n = 0; n < PP_MAX_FRAMES && fz_more(&in); n++) {
		pp_frame(&s);
		fz_check_plat(s.c, true);
	}

	fz_assert(fz_arena_guards_ok(s.a));
	vd_dev_destroy(s.d);
	fz_card_free(s.c);
	return 0;
}
