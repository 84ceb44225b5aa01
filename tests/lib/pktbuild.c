// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * pktbuild: packets for the receive-hash tests and benchmarks.  See
 * pktbuild.h.
 */
#include <string.h>

#include <linux/virtio_net.h>

#include "pktbuild.h"

const uint8_t pb_ms_key[40] = {
	0x6d, 0x5a, 0x56, 0xda, 0x25, 0x5b, 0x0e, 0xc2,
	0x41, 0x67, 0x25, 0x3d, 0x43, 0xa3, 0x8f, 0xb0,
	0xd0, 0xca, 0x2b, 0xcb, 0xae, 0x7b, 0x30, 0xb4,
	0x77, 0xcb, 0x2d, 0xa3, 0x80, 0x30, 0xf2, 0x0c,
	0x6a, 0x42, 0xb7, 0x3b, 0xbe, 0xac, 0x01, 0xfa,
};

static const uint8_t inner_dst_mac[6] = { 0x02, 0xaa, 0, 0, 0, 0x01 };
static const uint8_t inner_src_mac[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, (uint16_t)(v >> 16));
	put16(p + 2, (uint16_t)v);
}

void pb_v4(uint8_t a[16], uint8_t b0, uint8_t b1, uint8_t b2, uint8_t b3)
{
	memset(a, 0, 16);
	a[0] = b0;
	a[1] = b1;
	a[2] = b2;
	a[3] = b3;
}

void pb_v6(uint8_t a[16], uint16_t hi, uint16_t lo)
{
	memset(a, 0, 16);
	put16(a, 0x2001);
	put16(a + 2, 0x0db8);
	put16(a + 12, hi);
	put16(a + 14, lo);
}

static uint32_t l4_header(uint8_t *p, const struct pb_ip *ip,
			  uint32_t after)
{
	if (ip->proto == 6) {
		memset(p, 0, 20);
		put16(p, ip->sport);
		put16(p + 2, ip->dport);
		put32(p + 4, 0x01020304);
		p[12] = 0x50;
		p[13] = 0x02;		/* SYN */
		put16(p + 14, 0xffff);
		return 20;
	}
	if (ip->proto == 17) {
		put16(p, ip->sport);
		put16(p + 2, ip->dport);
		put16(p + 4, (uint16_t)(8 + after));
		put16(p + 6, 0);
		return 8;
	}
	return 0;
}

/* IPv6 extension headers in the order hbh, rh2, frag, destination opts. */
static uint32_t v6_ext(uint8_t *p, const struct pb_ip *ip, uint8_t *first)
{
	uint8_t *next = first;
	uint32_t n = 0;

	if (ip->hbh) {
		*next = 0;
		memset(p + n, 0, 8);
		p[n + 2] = 1;		/* PadN, 4 bytes */
		p[n + 3] = 4;
		next = p + n;
		n += 8;
	}
	if (ip->rh2) {
		*next = 43;
		memset(p + n, 0, 24);
		p[n + 1] = 2;
		p[n + 2] = 2;		/* routing type 2 */
		p[n + 3] = 1;		/* segments left */
		memcpy(p + n + 8, ip->rh2_addr, 16);
		next = p + n;
		n += 24;
	}
	if (ip->frag) {
		*next = 44;
		memset(p + n, 0, 8);
		put16(p + n + 2, 8);	/* offset 1 (8 bytes), last */
		put32(p + n + 4, 0x1234);
		next = p + n;
		n += 8;
	}
	if (ip->home) {
		*next = 60;
		memset(p + n, 0, 24);
		p[n + 1] = 2;		/* 24 bytes */
		p[n + 2] = 1;		/* PadN, 2 bytes: HAO at 8n + 6 */
		p[n + 3] = 2;
		p[n + 6] = 0xc9;
		p[n + 7] = 16;
		memcpy(p + n + 8, ip->home_addr, 16);
		next = p + n;
		n += 24;
	}
	*next = ip->proto;
	return n;
}

uint32_t pb_ip(uint8_t *out, const struct pb_ip *ip, const uint8_t *inner,
	       uint32_t inner_len)
{
	uint32_t hl, l4, n, i, after = inner_len + ip->payload;

	if (!ip->v6) {
		hl = 20;
		memset(out, 0, 20);
		out[0] = 0x45;
		put16(out + 4, 0x4242);
		if (ip->frag)
			put16(out + 6, 0x2000);	/* more fragments */
		out[8] = 64;
		out[9] = ip->proto;
		memcpy(out + 12, ip->src, 4);
		memcpy(out + 16, ip->dst, 4);
	} else {
		memset(out, 0, 40);
		out[0] = 0x60;
		out[7] = 64;
		memcpy(out + 8, ip->src, 16);
		memcpy(out + 24, ip->dst, 16);
		hl = 40 + v6_ext(out + 40, ip, out + 6);
	}
	l4 = l4_header(out + hl, ip, after);
	n = hl + l4;
	if (inner_len)
		memcpy(out + n, inner, inner_len);
	n += inner_len;
	for (i = 0; i < ip->payload; i++)
		out[n + i] = (uint8_t)(i * 13 + 1);
	n += ip->payload;
	if (!ip->v6)
		put16(out + 2, (uint16_t)n);
	else
		put16(out + 4, (uint16_t)(n - 40));
	return n;
}

uint32_t pb_eth(uint8_t *out, const uint8_t dst[6], const uint8_t src[6],
		uint16_t vlan, uint16_t type, const uint8_t *payload,
		uint32_t len)
{
	uint32_t n = 12;

	memmove(out + (vlan == 0xffff ? 14 : 18), payload, len);
	memcpy(out, dst, 6);
	memcpy(out + 6, src, 6);
	if (vlan != 0xffff) {
		put16(out + 12, 0x8100);
		put16(out + 14, vlan);
		n = 16;
	}
	put16(out + n, type);
	return n + 2 + len;
}

static uint16_t ip_type(const struct pb_ip *ip)
{
	return ip->v6 ? 0x86dd : 0x0800;
}

uint32_t pb_tunnel(uint8_t *out, enum pb_tunnel t, const uint8_t dst[6],
		   const uint8_t src[6], const struct pb_ip *outer,
		   const struct pb_ip *inner)
{
	uint8_t ipkt[PB_MAX], tun[PB_MAX], pkt[PB_MAX];
	struct pb_ip o = *outer;
	uint32_t ilen, n = 0;
	bool eth = t == PB_GRE_TEB || t == PB_NVGRE || t == PB_VXLAN ||
		   t == PB_VXLAN_GPE_ETH || t == PB_GENEVE;

	ilen = pb_ip(ipkt, inner, NULL, 0);
	o.proto = 17;
	o.payload = 0;
	if (!o.sport)
		o.sport = 49152;
	switch (t) {
	case PB_GRE:
	case PB_GRE_UDP:
		put16(tun, 0);
		put16(tun + 2, ip_type(inner));
		n = 4;
		o.proto = 47;
		break;
	case PB_GRE_KEY:
		put16(tun, 0x3000);
		put16(tun + 2, ip_type(inner));
		put32(tun + 4, 0xabcd);
		put32(tun + 8, 7);
		n = 12;
		o.proto = 47;
		break;
	case PB_GRE_CSUM:
		put16(tun, 0x8000);
		put16(tun + 2, ip_type(inner));
		put32(tun + 4, 0);
		n = 8;
		o.proto = 47;
		break;
	case PB_GRE_TEB:
		put16(tun, 0);
		put16(tun + 2, 0x6558);
		n = 4;
		o.proto = 47;
		break;
	case PB_NVGRE:
		put16(tun, 0x2000);
		put16(tun + 2, 0x6558);
		put32(tun + 4, 0x123456 << 8 | 0x9a);
		n = 8;
		o.proto = 47;
		break;
	case PB_VXLAN:
		memset(tun, 0, 8);
		tun[0] = 0x08;
		put32(tun + 4, 42 << 8);
		n = 8;
		o.dport = 4789;
		break;
	case PB_VXLAN_GPE:
	case PB_VXLAN_GPE_ETH:
		memset(tun, 0, 8);
		tun[0] = 0x0c;
		tun[3] = t == PB_VXLAN_GPE_ETH ? 3 : inner->v6 ? 2 : 1;
		put32(tun + 4, 42 << 8);
		n = 8;
		o.dport = 4790;
		break;
	case PB_GENEVE:
		memset(tun, 0, 16);
		tun[0] = 2;		/* 8 bytes of options */
		put16(tun + 2, 0x6558);
		put32(tun + 4, 42 << 8);
		put16(tun + 8, 0x0102);	/* option class */
		tun[10] = 0x80;		/* type */
		tun[11] = 1;		/* 4 bytes of data */
		n = 16;
		o.dport = 6081;
		break;
	case PB_GENEVE_IP:
		memset(tun, 0, 8);
		put16(tun + 2, ip_type(inner));
		put32(tun + 4, 42 << 8);
		n = 8;
		o.dport = 6081;
		break;
	case PB_IPIP:
		o.proto = inner->v6 ? 41 : 4;
		break;
	default:
		return 0;
	}
	if (t == PB_GRE_UDP) {
		o.proto = 17;
		o.dport = 4754;
	}
	if (eth)
		n += pb_eth(tun + n, inner_dst_mac, inner_src_mac, 0xffff,
			    ip_type(inner), ipkt, ilen);
	else {
		memcpy(tun + n, ipkt, ilen);
		n += ilen;
	}
	n = pb_ip(pkt, &o, tun, n);
	return pb_eth(out, dst, src, 0xffff, ip_type(&o), pkt, n);
}

static uint32_t key_bit(const uint8_t *key, uint32_t key_len, uint32_t bit)
{
	if (bit / 8 >= key_len)
		return 0;
	return key[bit / 8] >> (7 - bit % 8) & 1;
}

uint32_t pb_toeplitz(const uint8_t *key, uint32_t key_len,
		     const uint8_t *in, uint32_t len)
{
	uint32_t r = 0, i, j;

	for (i = 0; i < 8 * len; i++) {
		uint32_t w = 0;

		if (!(in[i / 8] & (0x80 >> (i % 8))))
			continue;
		for (j = 0; j < 32; j++)
			w = w << 1 | key_bit(key, key_len, i + j);
		r ^= w;
	}
	return r;
}

uint32_t pb_expected_hash(const struct pb_ip *ip, uint32_t types,
			  const uint8_t *key, uint32_t key_len,
			  uint16_t *report)
{
	bool tcp = ip->proto == 6 && !ip->frag;
	bool udp = ip->proto == 17 && !ip->frag;
	bool ext = ip->v6 && (ip->hbh || ip->home || ip->rh2 || ip->frag);
	const uint8_t *s = ip->src, *d = ip->dst;
	uint32_t alen = ip->v6 ? 16 : 4, n;
	bool ports = true;
	uint8_t in[36];
	uint16_t rep;

	if (!ip->v6) {
		if (tcp && types & VIRTIO_NET_RSS_HASH_TYPE_TCPv4)
			rep = VIRTIO_NET_HASH_REPORT_TCPv4;
		else if (udp && types & VIRTIO_NET_RSS_HASH_TYPE_UDPv4)
			rep = VIRTIO_NET_HASH_REPORT_UDPv4;
		else if (types & VIRTIO_NET_RSS_HASH_TYPE_IPv4)
			rep = VIRTIO_NET_HASH_REPORT_IPv4, ports = false;
		else
			rep = 0;
	} else if (ext && tcp && types & VIRTIO_NET_RSS_HASH_TYPE_TCP_EX) {
		rep = VIRTIO_NET_HASH_REPORT_TCPv6_EX;
	} else if (ext && udp && types & VIRTIO_NET_RSS_HASH_TYPE_UDP_EX) {
		rep = VIRTIO_NET_HASH_REPORT_UDPv6_EX;
	} else if (ext && types & VIRTIO_NET_RSS_HASH_TYPE_IP_EX) {
		rep = VIRTIO_NET_HASH_REPORT_IPv6_EX;
		ports = false;
	} else if (tcp && types & VIRTIO_NET_RSS_HASH_TYPE_TCPv6) {
		rep = VIRTIO_NET_HASH_REPORT_TCPv6;
	} else if (udp && types & VIRTIO_NET_RSS_HASH_TYPE_UDPv6) {
		rep = VIRTIO_NET_HASH_REPORT_UDPv6;
	} else if (types & VIRTIO_NET_RSS_HASH_TYPE_IPv6) {
		rep = VIRTIO_NET_HASH_REPORT_IPv6;
		ports = false;
	} else {
		rep = 0;
	}
	*report = rep;
	if (!rep)
		return 0;
	if (rep >= VIRTIO_NET_HASH_REPORT_IPv6_EX) {
		if (ip->home)
			s = ip->home_addr;
		if (ip->rh2)
			d = ip->rh2_addr;
	}
	memcpy(in, s, alen);
	memcpy(in + alen, d, alen);
	n = 2 * alen;
	if (ports) {
		put16(in + n, ip->sport);
		put16(in + n + 2, ip->dport);
		n += 4;
	}
	return pb_toeplitz(key, key_len, in, n);
}
