// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Checksum offload and segmentation, the device side of virtio 1.2
 * 5.1.6.2 (what a driver's transmit header asks for) and 5.1.6.4.1:
 *
 *   fw_offload_from_hdr()  checks the request against the negotiated
 *                          offloads and, for GSO, measures the headers
 *                          itself: the driver's hdr_len is only a hint;
 *   fw_csum_complete()     the RFC 1071 checksum NEEDS_CSUM asks for;
 *   fw_gso_segment()       TSO (TCPV4, TCPV6) and USO (UDP_L4 over IPv4
 *                          or IPv6), segments as the sender's stack would
 *                          have cut them.
 *
 * Frames from a driver live in its memory, which it may change while the
 * card reads it: every decision is taken on a copy (the frame's head, a
 * small buffer, the rebuilt header of a segment), and segmentation checks
 * the header it copied again before it trusts the offsets it measured.
 *
 * Checksums are summed over 64-bit words loaded in memory order: folded to
 * 16 bits, such a sum is the one's complement sum of the bytes taken in
 * pairs, in the byte order it is stored in (RFC 1071 2(B)), so a result is
 * written back as is on either endianness.
 */
#include "net_offload.h"

#define ETH_HLEN	14u
#define VLAN_HLEN	4u
#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8

#define IPPROTO_TCP	6
#define IPPROTO_UDP	17

#define IPV4_HLEN	20u	/* without options */
#define IPV6_HLEN	40u
#define TCP_HLEN	20u	/* without options */
#define UDP_HLEN	8u
#define TCP_CSUM_OFF	16u
#define UDP_CSUM_OFF	6u
#define IP_LEN_MAX	0xffffu	/* IPv4 total, IPv6 payload, UDP length */

#define TCP_FIN		0x01
#define TCP_PSH		0x08
#define TCP_CWR		0x80

#define READ_MAX	20u	/* longest header bytes read at once */

static u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static u32 get_be32(const u8 *p)
{
	return (u32)p[0] << 24 | (u32)p[1] << 16 | (u32)p[2] << 8 | p[3];
}

static void put_be16(u8 *p, u32 v)
{
	p[0] = (u8)(v >> 8);
	p[1] = (u8)v;
}

static void put_be32(u8 *p, u32 v)
{
	put_be16(p, v >> 16);
	put_be16(p + 2, v);
}

/* A GSO type without its ECN bit, the top one. */
static u8 gso_base(u8 gso_type)
{
	return gso_type & (VIRTIO_NET_HDR_GSO_ECN - 1);
}

static bool has_feature(u64 features, u32 bit)
{
	return (features >> bit) & 1;
}

/* ---- walking a frame's pieces ---- */

struct cursor {
	const struct ovnic_frame *f;
	u32 i;			/* current piece */
	u32 at;			/* offset in it */
};

/* Place @c at byte @off of @f; false when the pieces end before it. */
static bool cursor_seek(struct cursor *c, const struct ovnic_frame *f,
			u32 off)
{
	u32 i;

	for (i = 0; i < f->npieces && off >= f->piece_len[i]; i++)
		off -= f->piece_len[i];
	c->f = f;
	c->i = i;
	c->at = off;
	return i < f->npieces;
}

/*
 * The next stretch of at most @max contiguous bytes at @c, in *@p, and
 * move past it; 0 when the pieces end.  Empty pieces are skipped.
 */
static u32 cursor_next(struct cursor *c, u32 max, const u8 **p)
{
	const struct ovnic_frame *f = c->f;
	u32 n;

	while (c->i < f->npieces && c->at == f->piece_len[c->i]) {
		c->i++;
		c->at = 0;
	}
	if (c->i >= f->npieces || !max)
		return 0;
	n = MIN(max, f->piece_len[c->i] - c->at);
	*p = f->piece[c->i] + c->at;
	c->at += n;
	return n;
}

/* Copy bytes [off, off + len) of @f to @dst; false past the pieces. */
static bool frame_copy(const struct ovnic_frame *f, u32 off, u32 len,
		       u8 *dst)
{
	struct cursor c;
	const u8 *p;
	u32 n;

	if (!len)
		return true;
	if (!cursor_seek(&c, f, off))
		return false;
	while (len) {
		n = cursor_next(&c, len, &p);
		if (!n)
			return false;
		fw_memcpy(dst, p, n);
		dst += n;
		len -= n;
	}
	return true;
}

/*
 * Bytes [off, off + len) of the frame (len <= READ_MAX): in its head, or
 * copied from its pieces into @tmp; NULL when the frame is shorter.
 */
static const u8 *frame_read(const struct ovnic_frame *f, u32 off, u32 len,
			    u8 *tmp)
{
	if (off > f->len || len > f->len - off)
		return NULL;
	if (off + len <= f->head_len)
		return f->head + off;
	return frame_copy(f, off, len, tmp) ? tmp : NULL;
}

/* ---- the Internet checksum (RFC 1071) ---- */

/* One's complement addition of 64-bit words: the carry comes round. */
static inline u64 csum_add(u64 a, u64 b)
{
	a += b;
	return a + (a < b);
}

/* A sum folded to 16 bits, not complemented. */
static u16 csum_fold(u64 s)
{
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffffffffu) + (s >> 32);
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (u16)s;
}

/* What goes in a checksum field: the complement, 0 sent as 0xffff. */
static u16 csum_final(u64 s)
{
	u16 r = (u16)~csum_fold(s);

	return r ? r : 0xffff;
}

static inline u64 load64(const u8 *p)
{
	u64 v;

	__builtin_memcpy(&v, p, sizeof(v));
	return v;
}

/*
 * The sum of @len bytes at @p, @p counting as an even position: eight
 * bytes at a time, in two chains the CPU can add in parallel.
 */
static u64 csum_buf(const u8 *p, u32 len)
{
	u64 s0 = 0, s1 = 0;
	u8 tail[8];
	u32 i;

	for (; len >= 32; p += 32, len -= 32) {
		s0 = csum_add(s0, load64(p));
		s1 = csum_add(s1, load64(p + 8));
		s0 = csum_add(s0, load64(p + 16));
		s1 = csum_add(s1, load64(p + 24));
	}
	for (; len >= 8; p += 8, len -= 8)
		s0 = csum_add(s0, load64(p));
	if (len) {
		/* zero-padded in memory order, as RFC 1071 pads an odd end */
		for (i = 0; i < 8; i++)
			tail[i] = i < len ? p[i] : 0;
		s0 = csum_add(s0, load64(tail));
	}
	return csum_add(s0, s1);
}

/*
 * A sum of bytes that start at an odd position of the summed range: each
 * byte sits in the other half of its 16-bit word, so the folded sum is
 * byte-swapped (RFC 1071 2(B)).
 */
static u64 csum_odd(u64 s)
{
	u16 v = csum_fold(s);

	return (u16)(v << 8 | v >> 8);
}

/* The sum of the next @len bytes at @c, the first counting as even. */
static u64 csum_cursor(struct cursor *c, u32 len)
{
	u32 done = 0, n;
	const u8 *p;
	u64 s = 0, x;

	while (done < len) {
		n = cursor_next(c, len - done, &p);
		if (!n)
			break;
		x = csum_buf(p, n);
		s = csum_add(s, done & 1 ? csum_odd(x) : x);
		done += n;
	}
	return s;
}

/* The pseudo-header's length and protocol words (RFC 793, 768, 8200). */
static u64 csum_pseudo_tail(u8 proto, u32 l4_len)
{
	u8 b[4] = { 0, proto, (u8)(l4_len >> 8), (u8)l4_len };

	return csum_buf(b, sizeof(b));
}

u16 fw_csum_complete(const struct ovnic_frame *f)
{
	u32 start = f->off.csum_start;
	struct cursor c;
	u64 s = 0;

	if (start < f->len && cursor_seek(&c, f, start))
		s = csum_cursor(&c, f->len - start);
	return csum_final(s);
}

/* ---- checking a transmit header (5.1.6.2) ---- */

/* Where a GSO frame's headers are, as the card measured them. */
struct gso_hdrs {
	u32 l3;			/* IP header */
	u32 l4;			/* TCP or UDP header */
	u32 end;		/* end of the headers: the payload */
	bool v6;
};

/* Ethernet with at most one 802.1Q or 802.1ad tag: the EtherType. */
static int measure_eth(const struct ovnic_frame *f, struct gso_hdrs *h,
		       u16 *type)
{
	u8 tmp[READ_MAX];
	const u8 *p = frame_read(f, 0, ETH_HLEN, tmp);

	if (!p)
		return -1;
	*type = get_be16(p + 12);
	h->l3 = ETH_HLEN;
	if (*type == ETH_P_8021Q || *type == ETH_P_8021AD) {
		p = frame_read(f, ETH_HLEN, VLAN_HLEN, tmp);
		if (!p)
			return -1;
		*type = get_be16(p + 2);
		h->l3 += VLAN_HLEN;
	}
	return 0;
}

/*
 * The IP header: IPv4 for TCPV4, IPv6 for TCPV6, either for UDP_L4; the
 * protocol must be the one the GSO type segments.  IPv6 extension headers
 * are refused rather than walked: no stack sends GSO frames with them
 * (Linux's BIG TCP hop-by-hop header is stripped before a device sees
 * it), and every segment would need them rewritten.
 */
static int measure_ip(const struct ovnic_frame *f, u8 type, u16 ethertype,
		      struct gso_hdrs *h)
{
	u8 want = type == VIRTIO_NET_HDR_GSO_UDP_L4 ? IPPROTO_UDP :
						      IPPROTO_TCP;
	u8 tmp[READ_MAX];
	const u8 *p;
	u32 ihl;

	if (ethertype == ETH_P_IPV4 && type != VIRTIO_NET_HDR_GSO_TCPV6) {
		p = frame_read(f, h->l3, IPV4_HLEN, tmp);
		if (!p || p[0] >> 4 != 4 || p[9] != want)
			return -1;
		ihl = (p[0] & 15u) * 4;
		/* more fragments or an offset: not a whole datagram */
		if (ihl < IPV4_HLEN || get_be16(p + 6) & 0x3fff)
			return -1;
		h->v6 = false;
		h->l4 = h->l3 + ihl;
		return 0;
	}
	if (ethertype == ETH_P_IPV6 && type != VIRTIO_NET_HDR_GSO_TCPV4) {
		p = frame_read(f, h->l3, 8, tmp);
		if (!p || p[0] >> 4 != 6 || p[6] != want)
			return -1;
		h->v6 = true;
		h->l4 = h->l3 + IPV6_HLEN;
		return 0;
	}
	return -1;
}

/* TCP (data offset >= 5) or UDP, exactly where the checksum starts. */
static int measure_l4(const struct ovnic_frame *f, u8 type,
		      const struct ovnic_offload *o, struct gso_hdrs *h)
{
	u8 tmp[READ_MAX];
	const u8 *p;
	u32 doff;

	if (o->csum_start != h->l4)
		return -1;
	if (type == VIRTIO_NET_HDR_GSO_UDP_L4) {
		if (o->csum_offset != UDP_CSUM_OFF ||
		    !frame_read(f, h->l4, UDP_HLEN, tmp))
			return -1;
		h->end = h->l4 + UDP_HLEN;
		return 0;
	}
	if (o->csum_offset != TCP_CSUM_OFF)
		return -1;
	p = frame_read(f, h->l4, TCP_HLEN, tmp);
	if (!p)
		return -1;
	doff = (p[12] >> 4) * 4u;
	if (doff < TCP_HLEN)
		return -1;
	h->end = h->l4 + doff;
	return 0;
}

/*
 * The sizes a GSO frame must keep: headers the card can rebuild, some
 * payload, at most 64 KiB of IP and FW_GSO_MAX_SEGS segments, and a
 * largest segment whose IP and UDP length fields hold its length.
 */
static int check_gso_sizes(const struct ovnic_frame *f,
			   const struct gso_hdrs *h, u32 gso_size)
{
	u32 payload, seg, ip_len;

	if (h->end > FW_GSO_MAX_HDR || h->end >= f->len ||
	    f->len > OVNIC_WIRE_GSO_MAX)
		return -1;
	payload = f->len - h->end;
	if ((payload - 1) / gso_size + 1 > FW_GSO_MAX_SEGS)
		return -1;
	seg = h->end + MIN(gso_size, payload);
	ip_len = h->v6 ? seg - h->l4 : seg - h->l3;
	return ip_len <= IP_LEN_MAX ? 0 : -1;
}

/*
 * 5.1.6.2.1: a GSO type the sender negotiated, with NEEDS_CSUM and a
 * segment size; ECN only on TCP with HOST_ECN.  UFO is never offered.
 */
static int check_gso_type(u8 gso_type, const struct ovnic_offload *o,
			  u64 features)
{
	u8 type = gso_base(gso_type);
	bool ok;

	switch (type) {
	case VIRTIO_NET_HDR_GSO_TCPV4:
		ok = has_feature(features, VIRTIO_NET_F_HOST_TSO4);
		break;
	case VIRTIO_NET_HDR_GSO_TCPV6:
		ok = has_feature(features, VIRTIO_NET_F_HOST_TSO6);
		break;
	case VIRTIO_NET_HDR_GSO_UDP_L4:
		ok = has_feature(features, VIRTIO_NET_F_HOST_USO) &&
		     !(gso_type & VIRTIO_NET_HDR_GSO_ECN);
		break;
	default:
		ok = false;
		break;
	}
	if (gso_type & VIRTIO_NET_HDR_GSO_ECN &&
	    !has_feature(features, VIRTIO_NET_F_HOST_ECN))
		ok = false;
	if (!(o->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) || !o->gso_size)
		ok = false;
	return ok ? 0 : -1;
}

static int offload_gso(struct ovnic_frame *f, u8 gso_type, u64 features)
{
	u8 type = gso_base(gso_type);
	struct ovnic_offload *o = &f->off;
	struct gso_hdrs h;
	u16 ethertype;

	if (check_gso_type(gso_type, o, features) ||
	    measure_eth(f, &h, &ethertype) ||
	    measure_ip(f, type, ethertype, &h) ||
	    measure_l4(f, type, o, &h) ||
	    check_gso_sizes(f, &h, o->gso_size))
		return -1;
	o->gso_type = gso_type;
	o->l3_off = (u16)h.l3;
	o->hdr_len = (u16)h.end;
	return 0;
}

int fw_offload_from_hdr(struct ovnic_frame *f,
			const struct virtio_net_hdr_v1 *hdr, u64 features)
{
	struct ovnic_offload *o = &f->off;
	u8 gso_type = hdr->gso_type;

	fw_memset(o, 0, sizeof(*o));
	/* DATA_VALID and RSC_INFO are the device's to set; others unknown */
	if (hdr->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM) {
		o->csum_start = ovnic_le16_to_cpu(hdr->csum_start);
		o->csum_offset = ovnic_le16_to_cpu(hdr->csum_offset);
		if (!has_feature(features, VIRTIO_NET_F_CSUM) ||
		    (u32)o->csum_start + o->csum_offset + 2 > f->len)
			goto bad;
		o->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	}
	if (gso_type == VIRTIO_NET_HDR_GSO_NONE)
		return 0;
	o->gso_size = ovnic_le16_to_cpu(hdr->gso_size);
	if (offload_gso(f, gso_type, features))
		goto bad;
	return 0;
bad:
	fw_memset(o, 0, sizeof(*o));
	return -1;
}

/* ---- segmentation (5.1.6.4.1's TSO and USO, done by the card) ---- */

struct gso_state {
	u32 l3, l4, end;	/* as f->off says, checked on the copy */
	u32 mss;
	u32 payload;		/* bytes after the headers */
	u64 addr_sum;		/* the pseudo-header's addresses */
	u32 seq;		/* TCP: the first segment's sequence number */
	u16 id;			/* IPv4: the first segment's identification */
	u8 tcp_flags;
	u8 proto;
	bool v6;
	bool partial;
};

/* The copied IP header's version and length agree with the offsets. */
static bool gso_check_ip(struct gso_state *g, const u8 *hdr, u8 type)
{
	u8 v = hdr[g->l3] >> 4;

	g->v6 = v == 6;
	if (g->v6)
		return type != VIRTIO_NET_HDR_GSO_TCPV4 &&
		       g->l4 - g->l3 == IPV6_HLEN;
	return v == 4 && type != VIRTIO_NET_HDR_GSO_TCPV6 &&
	       (hdr[g->l3] & 15u) * 4 == g->l4 - g->l3;
}

/*
 * The frame's headers copied to @hdr and checked again there: the frame
 * may have changed since fw_offload_from_hdr() measured it, and only this
 * copy is read from now on.  The IP version of a UDP_L4 frame is read
 * here too.
 */
static bool gso_prepare(const struct ovnic_frame *f, u8 *hdr,
			struct gso_state *g)
{
	const struct ovnic_offload *o = &f->off;
	u8 type = gso_base(o->gso_type);
	u32 n;

	g->l3 = o->l3_off;
	g->l4 = o->csum_start;
	g->end = o->hdr_len;
	g->mss = o->gso_size;
	if (type != VIRTIO_NET_HDR_GSO_TCPV4 &&
	    type != VIRTIO_NET_HDR_GSO_TCPV6 &&
	    type != VIRTIO_NET_HDR_GSO_UDP_L4)
		return false;
	if (!g->mss || g->end > FW_GSO_MAX_HDR || g->end >= f->len ||
	    g->l3 < ETH_HLEN || g->l4 < g->l3 + IPV4_HLEN || g->l4 >= g->end)
		return false;
	g->payload = f->len - g->end;
	n = MIN(g->end, f->head_len);
	fw_memcpy(hdr, f->head, n);
	if (!frame_copy(f, n, g->end - n, hdr + n))
		return false;
	if (!gso_check_ip(g, hdr, type))
		return false;
	if (type == VIRTIO_NET_HDR_GSO_UDP_L4) {
		g->proto = IPPROTO_UDP;
		if (g->end - g->l4 != UDP_HLEN)
			return false;
	} else {
		g->proto = IPPROTO_TCP;
		if (g->end - g->l4 < TCP_HLEN ||
		    g->end - g->l4 != (hdr[g->l4 + 12] >> 4) * 4u)
			return false;
		g->seq = get_be32(hdr + g->l4 + 4);
		g->tcp_flags = hdr[g->l4 + 13];
	}
	if (g->v6) {
		g->addr_sum = csum_buf(hdr + g->l3 + 8, 32);
	} else {
		g->id = get_be16(hdr + g->l3 + 4);
		g->addr_sum = csum_buf(hdr + g->l3 + 12, 8);
	}
	return true;
}

/*
 * The next @len payload bytes at @c as @seg's pieces after its header;
 * their sum in *@sum when it is wanted.  False when the pieces end or the
 * segment would need more than OVNIC_MAX_SEGS of them.
 */
static bool gso_slice(struct cursor *c, struct ovnic_frame *seg, u32 len,
		      u64 *sum)
{
	u32 done = 0, n;
	const u8 *p;
	u64 s = 0, x;

	seg->npieces = 1;
	while (done < len) {
		if (seg->npieces == OVNIC_MAX_SEGS)
			return false;
		n = cursor_next(c, len - done, &p);
		if (!n)
			return false;
		seg->piece[seg->npieces] = p;
		seg->piece_len[seg->npieces++] = n;
		if (sum) {
			x = csum_buf(p, n);
			s = csum_add(s, done & 1 ? csum_odd(x) : x);
		}
		done += n;
	}
	if (sum)
		*sum = s;
	return true;
}

/* Segment @i's IP header: lengths, IPv4 identification and checksum. */
static void gso_fix_ip(const struct gso_state *g, u8 *hdr, u32 i,
		       u32 seg_len)
{
	u8 *ip = hdr + g->l3;
	u16 c;

	if (g->v6) {
		put_be16(ip + 4, seg_len - g->l4);
		return;
	}
	put_be16(ip + 2, seg_len - g->l3);
	put_be16(ip + 4, g->id + i);
	ip[10] = 0;
	ip[11] = 0;
	c = (u16)~csum_fold(csum_buf(ip, g->l4 - g->l3));
	fw_memcpy(ip + 10, &c, sizeof(c));
}

/*
 * Segment @i's TCP or UDP header.  TCP: the sequence number of its first
 * byte, CWR on the first segment only, FIN and PSH on the last only (as
 * Linux's tcp_gso_segment() does).  UDP: its length.  Then the checksum:
 * the pseudo-header sum when the receiver completes it, else the whole
 * checksum, @payload_sum being its payload's sum.
 */
static void gso_fix_l4(const struct gso_state *g, u8 *hdr, u32 i, bool last,
		       u32 seg_len, u64 payload_sum)
{
	u8 *l4 = hdr + g->l4, *field;
	u32 l4_len = seg_len - g->l4;
	u8 flags = g->tcp_flags & ~(TCP_FIN | TCP_PSH | TCP_CWR);
	u64 s;
	u16 c;

	if (g->proto == IPPROTO_TCP) {
		put_be32(l4 + 4, g->seq + i * g->mss);
		if (!i)
			flags |= g->tcp_flags & TCP_CWR;
		if (last)
			flags |= g->tcp_flags & (TCP_FIN | TCP_PSH);
		l4[13] = flags;
		field = l4 + TCP_CSUM_OFF;
	} else {
		put_be16(l4 + 4, l4_len);
		field = l4 + UDP_CSUM_OFF;
	}
	s = csum_add(g->addr_sum, csum_pseudo_tail(g->proto, l4_len));
	if (g->partial) {
		c = csum_fold(s);
	} else {
		field[0] = 0;
		field[1] = 0;
		/* the L4 header's length is even: the payload starts even */
		s = csum_add(s, csum_buf(l4, g->end - g->l4));
		c = csum_final(csum_add(s, payload_sum));
	}
	fw_memcpy(field, &c, sizeof(c));
}

static void gso_seg_offload(const struct gso_state *g,
			    struct ovnic_offload *o)
{
	fw_memset(o, 0, sizeof(*o));
	if (g->partial) {
		o->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		o->csum_start = (u16)g->l4;
		o->csum_offset = g->proto == IPPROTO_TCP ? TCP_CSUM_OFF :
							   UDP_CSUM_OFF;
	} else {
		o->flags = VIRTIO_NET_HDR_F_DATA_VALID;
	}
}

u32 fw_gso_segment(const struct ovnic_frame *f, struct fw_gso_scratch *scr,
		   bool csum_partial, fw_gso_emit *emit, void *arg)
{
	struct ovnic_frame *seg = &scr->seg;
	struct gso_state g = { 0 };
	struct cursor c;
	u32 i, nsegs, left, plen;
	u64 sum = 0;

	if (!f->off.gso_type || !gso_prepare(f, scr->hdr, &g) ||
	    !cursor_seek(&c, f, g.end))
		return 0;
	g.partial = csum_partial;
	nsegs = (g.payload - 1) / g.mss + 1;
	if (nsegs > FW_GSO_MAX_SEGS)
		return 0;
	gso_seg_offload(&g, &seg->off);
	seg->piece[0] = scr->hdr;
	seg->piece_len[0] = g.end;
	for (i = 0, left = g.payload; i < nsegs; i++, left -= plen) {
		plen = MIN(left, g.mss);
		if (!gso_slice(&c, seg, plen, csum_partial ? NULL : &sum))
			break;
		seg->len = g.end + plen;
		gso_fix_ip(&g, scr->hdr, i, seg->len);
		gso_fix_l4(&g, scr->hdr, i, i == nsegs - 1, seg->len, sum);
		fw_frame_fill_head(seg);
		emit(arg, seg);
	}
	return i;
}
