// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The receive parser: finds the fields virtio 1.2 section 5.1.6.4.3 hashes
 * (IPv4 and IPv6 addresses, TCP and UDP ports, the IPv6 home address
 * option and type 2 routing header of 5.1.6.4.3.4) and, for virtio 1.4's
 * "Inner Header Hash", one level of encapsulation:
 *
 *   GRE_2784    IP protocol 47, GRE version 0 without key or sequence
 *               number, IPv4 delivery and a non-IPv6 payload (RFC 2784)
 *   GRE_2890    GRE with a key and/or a sequence number (RFC 2890)
 *   GRE_7676    GRE with IPv6 as delivery or payload protocol (RFC 7676)
 *   NVGRE       GRE with a key, no checksum or sequence number and
 *               protocol 0x6558, Ethernet inside (RFC 7637); only NVGRE
 *   GRE_UDP     UDP destination port 4754, then a GRE header (RFC 8086)
 *   VXLAN       UDP destination port 4789, I flag set (RFC 7348)
 *   VXLAN_GPE   UDP destination port 4790, version 0 with the P flag and
 *               next protocol IPv4, IPv6 or Ethernet (draft-ietf-nvo3-
 *               vxlan-gpe-12)
 *   GENEVE      UDP destination port 6081, version 0, options skipped
 *               (RFC 8926)
 *   IPIP        IP protocol 4 or 41: IPv4 or IPv6 in IPv4 or IPv6
 *               (RFC 2003, RFC 2473)
 *
 * A GRE header whose version is not 0 or that has any of the bits RFC
 * 2784 tells receivers to discard (routing, strict source route,
 * recursion) matches no type.  A packet matches a type only when its
 * tunnel header is complete; the hash is then taken over the inner
 * headers as over any packet, so a non-IP or truncated inner packet gets
 * no hash.  IP fragments are never looked into.
 *
 * Nothing is read past the frame, nor past the length the outer IP header
 * gives its payload.  The first 64 bytes are in f->head; deeper headers
 * (a tunnelled packet's inner headers) are read in place from the frame's
 * pieces, or copied into a small buffer when one straddles two pieces.
 */
#include "pkt_parse.h"

#define ETH_P_IPV4	0x0800
#define ETH_P_IPV6	0x86dd
#define ETH_P_8021Q	0x8100
#define ETH_P_8021AD	0x88a8
#define ETH_P_TEB	0x6558	/* Ethernet inside (GRE, GENEVE) */

#define IPPROTO_IPIP	4
#define IPPROTO_TCP	6
#define IPPROTO_UDP	17
#define IPPROTO_IPV6	41
#define IPPROTO_ROUTING	43
#define IPPROTO_FRAG	44
#define IPPROTO_GRE	47
#define IPPROTO_AH	51
#define IPPROTO_NONE	59
#define IPPROTO_DSTOPTS	60
#define IPPROTO_HOPOPTS	0

#define PORT_VXLAN	4789
#define PORT_VXLAN_GPE	4790
#define PORT_GENEVE	6081
#define PORT_GRE_UDP	4754

#define GRE_CSUM	0x8000
#define GRE_ROUTING	0x4000
#define GRE_KEY		0x2000
#define GRE_SEQ		0x1000
#define GRE_STRICT	0x0800
#define GRE_RECUR_HI	0x0400	/* bit 5: the last RFC 2784 discards on */
#define GRE_VERSION	0x0007

#define VXLAN_F_I	0x08
#define GPE_F_VER	0x30
#define GPE_F_P		0x04

#define IPV6_EXT_MAX	8	/* extension headers walked */
#define IPV6_OPTS_MAX	16	/* options scanned per destination header */
#define IPV6_OPT_PAD1	0
#define IPV6_OPT_HOME	0xc9	/* home address (RFC 6275) */

#define TMP_MAX		40	/* longest header read at once */

struct pkt {
	const struct ovnic_frame *f;
	u32 end;		/* nothing at or beyond is read */
	u32 piece;		/* piece holding the last read, and its */
	u32 base;		/* offset in the frame */
};

/* What an IP header said about its payload. */
struct l3_info {
	u32 l4;			/* offset of the upper-layer header */
	u32 end;		/* end of the IP payload */
	u8 proto;
	bool frag;		/* part of a fragmented packet */
};

static u16 get_be16(const u8 *p)
{
	return (u16)(p[0] << 8 | p[1]);
}

static inline bool pkt_has(const struct pkt *p, u32 off, u32 len)
{
	return off <= p->end && len <= p->end - off;
}

/* Past the contiguous head: find the piece, or gather across pieces. */
static const u8 *pkt_get_pieces(struct pkt *p, u32 off, u32 len, u8 *tmp)
{
	const struct ovnic_frame *f = p->f;
	u32 i, base, done;

	if (off < p->base) {
		p->piece = 0;
		p->base = 0;
	}
	for (i = p->piece, base = p->base; i < f->npieces &&
	     off - base >= f->piece_len[i]; i++)
		base += f->piece_len[i];
	if (i == f->npieces)
		return NULL;
	p->piece = i;
	p->base = base;
	if (len <= f->piece_len[i] - (off - base))
		return f->piece[i] + (off - base);
	for (done = 0; done < len && i < f->npieces; i++) {
		u32 start = off + done - base;
		u32 n = MIN(f->piece_len[i] - start, len - done);

		fw_memcpy(tmp + done, f->piece[i] + start, n);
		done += n;
		base += f->piece_len[i];
	}
	return done == len ? tmp : NULL;
}

/*
 * Bytes [off, off + len) of the frame (len <= TMP_MAX), in place or
 * gathered into @tmp; NULL when they are not all there.
 */
static inline const u8 *pkt_get(struct pkt *p, u32 off, u32 len, u8 *tmp)
{
	if (!pkt_has(p, off, len))
		return NULL;
	if (off + len <= p->f->head_len)
		return p->f->head + off;
	return pkt_get_pieces(p, off, len, tmp);
}

/* Ethernet and up to two VLAN tags; *off moves past them. */
static bool parse_eth(struct pkt *p, u32 *off, u16 *type)
{
	u8 tmp[TMP_MAX];
	const u8 *h = pkt_get(p, *off, 14, tmp);
	u32 o = *off + 14, i;
	u16 t;

	if (!h)
		return false;
	t = get_be16(h + 12);
	for (i = 0; i < 2 && (t == ETH_P_8021Q || t == ETH_P_8021AD); i++) {
		h = pkt_get(p, o, 4, tmp);
		if (!h)
			return false;
		t = get_be16(h + 2);
		o += 4;
	}
	*off = o;
	*type = t;
	return true;
}

static bool parse_ipv4(struct pkt *p, u32 off, struct fw_flow *fl,
		       struct l3_info *r)
{
	u8 tmp[TMP_MAX];
	const u8 *h = pkt_get(p, off, 20, tmp);
	u32 ihl, total;

	if (!h || h[0] >> 4 != 4)
		return false;
	ihl = (h[0] & 15u) * 4;
	total = get_be16(h + 2);
	if (ihl < 20 || total < ihl || !pkt_has(p, off, ihl))
		return false;
	fw_memcpy(fl->src, h + 12, 4);
	fw_memcpy(fl->dst, h + 16, 4);
	r->frag = (get_be16(h + 6) & 0x3fff) != 0;	/* MF or offset */
	r->proto = h[9];
	r->l4 = off + ihl;
	r->end = MIN(p->end, off + total);
	fl->l3 = FW_L3_IPV4;
	return true;
}

/* 5.1.6.4.3.4: the home address option of a destination options header. */
static void scan_dest_opts(struct pkt *p, u32 off, u32 len,
			   struct fw_flow *fl)
{
	u32 pos = off + 2, end = off + len, n;
	u8 tmp[TMP_MAX];

	for (n = 0; n < IPV6_OPTS_MAX && pos < end; n++) {
		const u8 *o = pkt_get(p, pos, MIN(2u, end - pos), tmp);

		if (!o)
			return;
		if (o[0] == IPV6_OPT_PAD1) {
			pos++;
			continue;
		}
		if (end - pos < 2)
			return;
		if (o[0] == IPV6_OPT_HOME && o[1] == 16 &&
		    end - pos >= 18) {
			o = pkt_get(p, pos + 2, 16, tmp);
			if (o) {
				fw_memcpy(fl->home, o, 16);
				fl->has_home = true;
			}
			return;
		}
		pos += 2u + o[1];
	}
}

/* A type 2 routing header carries one address (RFC 6275 6.4). */
static void scan_routing(struct pkt *p, u32 off, const u8 *h,
			 struct fw_flow *fl)
{
	u8 tmp[TMP_MAX];
	const u8 *a;

	if (h[2] != 2 || h[1] != 2)
		return;
	a = pkt_get(p, off + 8, 16, tmp);
	if (a) {
		fw_memcpy(fl->rh2, a, 16);
		fl->has_rh2 = true;
	}
}

static bool parse_ipv6(struct pkt *p, u32 off, struct fw_flow *fl,
		       struct l3_info *r)
{
	u8 tmp[TMP_MAX];
	const u8 *h = pkt_get(p, off, 40, tmp);
	u32 o = off + 40, n, len, plen;
	u8 nh;

	if (!h || h[0] >> 4 != 6)
		return false;
	plen = get_be16(h + 4);
	nh = h[6];
	fw_memcpy(fl->src, h + 8, 16);
	fw_memcpy(fl->dst, h + 24, 16);
	/* A zero payload length is a jumbogram: bounded by the frame. */
	r->end = plen ? MIN(p->end, o + plen) : p->end;
	r->frag = false;
	p->end = r->end;
	for (n = 0; nh == IPPROTO_HOPOPTS || nh == IPPROTO_ROUTING ||
	     nh == IPPROTO_FRAG || nh == IPPROTO_DSTOPTS || nh == IPPROTO_AH;
	     n++) {
		const u8 *x = pkt_get(p, o, 8, tmp);
		u8 next;

		fl->ipv6_ext = true;
		if (!x || n == IPV6_EXT_MAX) {
			nh = IPPROTO_NONE;	/* no upper layer in reach */
			break;
		}
		next = x[0];
		if (nh == IPPROTO_FRAG) {
			/* Offset or more-fragments: no upper layer to hash. */
			r->frag = (get_be16(x + 2) & 0xfff9) != 0;
			len = 8;
		} else if (nh == IPPROTO_AH) {
			len = (x[1] + 2u) * 4;
		} else {
			len = (x[1] + 1u) * 8;
		}
		if (!pkt_has(p, o, len)) {
			nh = IPPROTO_NONE;
			break;
		}
		if (nh == IPPROTO_ROUTING)
			scan_routing(p, o, x, fl);
		else if (nh == IPPROTO_DSTOPTS)
			scan_dest_opts(p, o, len, fl);
		o += len;
		nh = next;
		if (r->frag)
			break;
	}
	r->proto = nh;
	r->l4 = o;
	fl->l3 = FW_L3_IPV6;
	return true;
}

static bool parse_l3(struct pkt *p, u32 off, u16 type, struct fw_flow *fl,
		     struct l3_info *r)
{
	u32 end = p->end;
	bool ok = false;

	if (type == ETH_P_IPV4)
		ok = parse_ipv4(p, off, fl, r);
	else if (type == ETH_P_IPV6)
		ok = parse_ipv6(p, off, fl, r);
	p->end = end;
	return ok;
}

static void parse_l4(struct pkt *p, const struct l3_info *r,
		     struct fw_flow *fl)
{
	u32 end = p->end;
	u8 tmp[TMP_MAX];
	const u8 *h;

	if (r->frag)
		return;
	p->end = r->end;
	if (r->proto == IPPROTO_TCP) {
		h = pkt_get(p, r->l4, 20, tmp);
		if (h)
			fl->l4 = FW_L4_TCP;
	} else if (r->proto == IPPROTO_UDP) {
		h = pkt_get(p, r->l4, 8, tmp);
		if (h)
			fl->l4 = FW_L4_UDP;
	} else {
		h = NULL;
	}
	if (h)
		fw_memcpy(fl->ports, h, 4);
	p->end = end;
}

/* GRE (RFC 2784, 2890, 7676, 7637): the types it matches, or 0. */
static u32 match_gre(struct pkt *p, u32 off, bool ipv6_delivery,
		     u32 *inner, u16 *type)
{
	u8 tmp[TMP_MAX];
	const u8 *h = pkt_get(p, off, 4, tmp);
	u16 flags, proto;
	u32 len, m;

	if (!h)
		return 0;
	flags = get_be16(h);
	proto = get_be16(h + 2);
	if (flags & (GRE_VERSION | GRE_ROUTING | GRE_STRICT | GRE_RECUR_HI))
		return 0;
	len = 4 + (flags & GRE_CSUM ? 4 : 0) + (flags & GRE_KEY ? 4 : 0) +
	      (flags & GRE_SEQ ? 4 : 0);
	if (!pkt_has(p, off, len))
		return 0;
	*inner = off + len;
	*type = proto;
	if ((flags & (GRE_CSUM | GRE_KEY | GRE_SEQ)) == GRE_KEY &&
	    proto == ETH_P_TEB)
		return VIRTIO_NET_HASH_TUNNEL_TYPE_NVGRE;
	if (flags & (GRE_KEY | GRE_SEQ))
		m = VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2890;
	else if (!ipv6_delivery && proto != ETH_P_IPV6)
		m = VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784;
	else
		m = 0;
	if (ipv6_delivery || proto == ETH_P_IPV6)
		m |= VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_7676;
	return m;
}

/* The UDP tunnels, by destination port. */
static u32 match_udp(struct pkt *p, u32 off, u16 port, u32 *inner,
		     u16 *type)
{
	static const u16 gpe_next[] = { 0, ETH_P_IPV4, ETH_P_IPV6, ETH_P_TEB };
	u8 tmp[TMP_MAX];
	const u8 *h;
	u32 opts;

	if (port == PORT_GRE_UDP)
		return match_gre(p, off, false, inner, type) ?
		       VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_UDP : 0;
	if (port != PORT_VXLAN && port != PORT_VXLAN_GPE &&
	    port != PORT_GENEVE)
		return 0;
	h = pkt_get(p, off, 8, tmp);
	if (!h)
		return 0;
	*inner = off + 8;
	if (port == PORT_VXLAN) {
		*type = ETH_P_TEB;
		return h[0] & VXLAN_F_I ? VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN : 0;
	}
	if (port == PORT_VXLAN_GPE) {
		if (h[0] & GPE_F_VER || !(h[0] & GPE_F_P))
			return 0;
		*type = h[3] < ARRAY_LEN(gpe_next) ? gpe_next[h[3]] : 0;
		return VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN_GPE;
	}
	if (h[0] >> 6)
		return 0;	/* GENEVE version other than 0 */
	opts = (h[0] & 0x3fu) * 4;
	if (!pkt_has(p, off, 8 + opts))
		return 0;
	*inner = off + 8 + opts;
	*type = get_be16(h + 2);
	return VIRTIO_NET_HASH_TUNNEL_TYPE_GENEVE;
}

/* The tunnel types the outer headers match; sets the inner start. */
static u32 match_tunnel(struct pkt *p, const struct fw_flow *fl,
			const struct l3_info *r, u32 *inner, u16 *type)
{
	u32 end = p->end, m = 0;

	if (r->frag)
		return 0;
	p->end = r->end;
	switch (r->proto) {
	case IPPROTO_IPIP:
	case IPPROTO_IPV6:
		*inner = r->l4;
		*type = r->proto == IPPROTO_IPIP ? ETH_P_IPV4 : ETH_P_IPV6;
		m = VIRTIO_NET_HASH_TUNNEL_TYPE_IPIP;
		break;
	case IPPROTO_GRE:
		m = match_gre(p, r->l4, fl->l3 == FW_L3_IPV6, inner, type);
		break;
	case IPPROTO_UDP:
		if (fl->l4 == FW_L4_UDP)
			m = match_udp(p, r->l4 + 8, get_be16(fl->ports + 2),
				      inner, type);
		break;
	}
	p->end = end;
	return m;
}

/* The addresses are only read when l3 says they were written. */
static void flow_clear(struct fw_flow *fl)
{
	fl->l3 = FW_L3_NONE;
	fl->l4 = FW_L4_NONE;
	fl->ipv6_ext = false;
	fl->has_home = false;
	fl->has_rh2 = false;
	fl->tunnel = 0;
	fw_memset(fl->ports, 0, sizeof(fl->ports));
}

void fw_pkt_parse(const struct ovnic_frame *f, u32 tunnel_types,
		  struct fw_flow *fl)
{
	struct pkt p = { .f = f, .end = f->len };
	struct l3_info r;
	u32 off = 0, m;
	u16 type;

	flow_clear(fl);
	if (!parse_eth(&p, &off, &type) || !parse_l3(&p, off, type, fl, &r))
		return;
	parse_l4(&p, &r, fl);
	if (!tunnel_types)
		return;
	m = match_tunnel(&p, fl, &r, &off, &type) & tunnel_types;
	if (!m)
		return;
	/* One level of encapsulation: the inner packet is hashed as is. */
	flow_clear(fl);
	fl->tunnel = m;
	p.end = r.end;
	if (type == ETH_P_TEB && !parse_eth(&p, &off, &type))
		return;
	if (parse_l3(&p, off, type, fl, &r))
		parse_l4(&p, &r, fl);
}
