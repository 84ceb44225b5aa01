// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * pktbuild: TCP and UDP frames for the offload tests, a parser for them,
 * and reference checksums (RFC 1071 sums over RFC 791 / 793 / 768 / 8200
 * headers), written plainly and apart from the card's net_offload.c so a
 * test can tell the card's answer from the right one.  See pktbuild.h.
 */
#include <string.h>

#include <linux/virtio_net.h>

#include "pktbuild.h"

#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4	5
#endif

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

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)get16(p) << 16 | get16(p + 2);
}

/* ---- checksums ---- */

uint64_t pb_sum16(uint64_t sum, const uint8_t *p, uint32_t len)
{
	uint32_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += (uint32_t)p[len - 1] << 8;
	return sum;
}

uint16_t pb_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

uint64_t pb_pseudo_sum(bool v6, const uint8_t *src, const uint8_t *dst,
		       uint8_t proto, uint32_t l4_len)
{
	uint64_t sum = 0;

	if (!v6) {
		sum = pb_sum16(sum, src, 4);
		sum = pb_sum16(sum, dst, 4);
		sum += proto;
		sum += l4_len & 0xffff;
		return sum;
	}
	sum = pb_sum16(sum, src, 16);
	sum = pb_sum16(sum, dst, 16);
	sum += l4_len >> 16;
	sum += l4_len & 0xffff;
	sum += proto;
	return sum;
}

/* ---- building ---- */

uint8_t pb_flow_byte(uint8_t seed, uint32_t off)
{
	/* period 251 (prime): segments of any size see shifted patterns */
	return (uint8_t)(seed + off % 251 * 3 + off / 251);
}

static uint32_t flow_l4_hlen(const struct pb_flow *fl)
{
	return fl->proto == PB_TCP ? 20u + fl->tcp_opt_len : 8u;
}

static void flow_tcp(uint8_t *p, const struct pb_flow *fl)
{
	uint32_t hl = flow_l4_hlen(fl), i;

	memset(p, 0, hl);
	put16(p, fl->sport);
	put16(p + 2, fl->dport);
	put32(p + 4, fl->seq);
	put32(p + 8, 0x0badcafe);		/* ack */
	p[12] = (uint8_t)(hl / 4 << 4);
	p[13] = fl->tcp_flags ? fl->tcp_flags : PB_TCP_ACK | PB_TCP_PSH;
	put16(p + 14, 0xfaf0);			/* window */
	/* options: NOPs, then a timestamp when there is room for one */
	for (i = 20; i < hl; i++)
		p[i] = 1;
	if (fl->tcp_opt_len >= 12) {
		p[22] = 8;
		p[23] = 10;
		put32(p + 24, 0x11223344);
		put32(p + 28, 0x55667788);
	}
}

uint32_t pb_flow_frame(uint8_t *out, uint32_t cap, const struct pb_flow *fl,
		       struct pb_layout *lay)
{
	uint32_t l3 = fl->vlan == PB_NO_VLAN ? 14 : 18;
	uint32_t ihl = fl->v6 ? 40 : 20;
	uint32_t l4 = l3 + ihl, l4h, l4len, len, i;
	uint8_t *ip = out + l3, *th;
	uint64_t sum;

	if ((fl->proto != PB_TCP && fl->proto != PB_UDP) ||
	    fl->tcp_opt_len % 4 || fl->tcp_opt_len > 40)
		return 0;
	l4h = flow_l4_hlen(fl);
	l4len = l4h + fl->payload;
	len = l4 + l4len;
	if (ihl + l4len > PB_IP_MAX || len > cap)
		return 0;

	memcpy(out, fl->dst_mac, 6);
	memcpy(out + 6, fl->src_mac, 6);
	if (fl->vlan != PB_NO_VLAN) {
		put16(out + 12, 0x8100);
		put16(out + 14, fl->vlan);
	}
	put16(out + l3 - 2, fl->v6 ? 0x86dd : 0x0800);

	if (!fl->v6) {
		memset(ip, 0, 20);
		ip[0] = 0x45;
		ip[1] = fl->tos;
		put16(ip + 2, (uint16_t)(ihl + l4len));
		put16(ip + 4, fl->ip_id);
		put16(ip + 6, 0x4000);		/* DF, as TCP sends */
		ip[8] = 64;
		ip[9] = fl->proto;
		memcpy(ip + 12, fl->src, 4);
		memcpy(ip + 16, fl->dst, 4);
		put16(ip + 10, (uint16_t)~pb_fold(pb_sum16(0, ip, 20)));
	} else {
		memset(ip, 0, 40);
		put32(ip, 0x60000000u | (uint32_t)fl->tos << 20 | 0x12345);
		put16(ip + 4, (uint16_t)l4len);
		ip[6] = fl->proto;
		ip[7] = 64;
		memcpy(ip + 8, fl->src, 16);
		memcpy(ip + 24, fl->dst, 16);
	}

	th = out + l4;
	if (fl->proto == PB_TCP) {
		flow_tcp(th, fl);
	} else {
		put16(th, fl->sport);
		put16(th + 2, fl->dport);
		put16(th + 4, (uint16_t)l4len);
		put16(th + 6, 0);
	}
	for (i = 0; i < fl->payload; i++)
		th[l4h + i] = pb_flow_byte(fl->seed, i);

	sum = pb_pseudo_sum(fl->v6, fl->src, fl->dst, fl->proto, l4len);
	if (fl->csum_partial) {
		put16(th + (fl->proto == PB_TCP ? 16 : 6), pb_fold(sum));
	} else {
		uint16_t c = (uint16_t)~pb_fold(pb_sum16(sum, th, l4len));

		if (fl->proto == PB_UDP && !c)
			c = 0xffff;
		put16(th + (fl->proto == PB_TCP ? 16 : 6), c);
	}

	if (lay) {
		lay->len = len;
		lay->l3_off = (uint16_t)l3;
		lay->l4_off = (uint16_t)l4;
		lay->hdr_len = (uint16_t)(l4 + l4h);
		lay->csum_offset = fl->proto == PB_TCP ? 16 : 6;
		lay->gso_type = fl->proto == PB_UDP ? VIRTIO_NET_HDR_GSO_UDP_L4 :
				fl->v6 ? VIRTIO_NET_HDR_GSO_TCPV6 :
					 VIRTIO_NET_HDR_GSO_TCPV4;
	}
	return len;
}

/* ---- parsing ---- */

int pb_parse(const uint8_t *f, uint32_t len, struct pb_pkt *p)
{
	uint32_t l3 = 14, l4, type;
	const uint8_t *ip, *th;

	memset(p, 0, sizeof(*p));
	p->vlan = PB_NO_VLAN;
	if (len < 14)
		return -1;
	type = get16(f + 12);
	if (type == 0x8100) {
		if (len < 18)
			return -1;
		p->vlan = get16(f + 14) & 0xfff;
		type = get16(f + 16);
		l3 = 18;
	}
	ip = f + l3;
	if (type == 0x0800) {
		if (len < l3 + 20 || ip[0] != 0x45)
			return -1;
		p->ip_len = get16(ip + 2);
		p->tos = ip[1];
		p->ip_id = get16(ip + 4);
		p->ttl = ip[8];
		p->proto = ip[9];
		if (get16(ip + 6) & 0x3fff)	/* a fragment */
			return -1;
		l4 = l3 + 20;
	} else if (type == 0x86dd) {
		if (len < l3 + 40 || ip[0] >> 4 != 6)
			return -1;
		p->v6 = true;
		p->ip_len = 40u + get16(ip + 4);
		p->tos = (uint8_t)(get16(ip) >> 4);
		p->proto = ip[6];
		p->ttl = ip[7];
		l4 = l3 + 40;
	} else {
		return -1;
	}
	if (l3 + p->ip_len != len || p->ip_len < l4 - l3)
		return -1;
	th = f + l4;
	if (p->proto == PB_TCP) {
		if (len < l4 + 20)
			return -1;
		p->l4_hlen = (uint16_t)((th[12] >> 4) * 4);
		if (p->l4_hlen < 20 || len < l4 + p->l4_hlen)
			return -1;
		p->seq = get32(th + 4);
		p->tcp_flags = th[13];
		p->l4_csum = get16(th + 16);
	} else if (p->proto == PB_UDP) {
		if (len < l4 + 8)
			return -1;
		p->l4_hlen = 8;
		p->udp_len = get16(th + 4);
		p->l4_csum = get16(th + 6);
		if (p->udp_len != len - l4)
			return -1;
	} else {
		return -1;
	}
	p->sport = get16(th);
	p->dport = get16(th + 2);
	p->l3_off = (uint16_t)l3;
	p->l4_off = (uint16_t)l4;
	p->pay_off = (uint16_t)(l4 + p->l4_hlen);
	p->pay_len = len - p->pay_off;
	return 0;
}

/* ---- checking ---- */

bool pb_ip_csum_ok(const uint8_t *f, uint32_t len)
{
	struct pb_pkt p;

	if (pb_parse(f, len, &p))
		return false;
	if (p.v6)
		return true;
	return pb_fold(pb_sum16(0, f + p.l3_off, 20)) == 0xffff;
}

static uint64_t l4_pseudo(const uint8_t *f, const struct pb_pkt *p)
{
	const uint8_t *ip = f + p->l3_off;

	if (p->v6)
		return pb_pseudo_sum(true, ip + 8, ip + 24, p->proto,
				     p->ip_len - 40);
	return pb_pseudo_sum(false, ip + 12, ip + 16, p->proto,
			     p->ip_len - 20);
}

bool pb_l4_csum_ok(const uint8_t *f, uint32_t len)
{
	struct pb_pkt p;
	uint64_t sum;

	if (pb_parse(f, len, &p))
		return false;
	if (p.proto == PB_UDP && !p.l4_csum)
		return false;
	sum = pb_sum16(l4_pseudo(f, &p), f + p.l4_off, len - p.l4_off);
	return pb_fold(sum) == 0xffff;
}

bool pb_l4_csum_partial(const uint8_t *f, uint32_t len)
{
	struct pb_pkt p;

	if (pb_parse(f, len, &p))
		return false;
	return p.l4_csum == pb_fold(l4_pseudo(f, &p));
}

int pb_csum_finish(uint8_t *f, uint32_t len, uint16_t start, uint16_t offset)
{
	uint16_t c;

	if ((uint32_t)start + offset + 2 > len)
		return -1;
	c = (uint16_t)~pb_fold(pb_sum16(0, f + start, len - start));
	put16(f + start + offset, c ? c : 0xffff);
	return 0;
}

bool pb_csum_region_ok(const uint8_t *f, uint32_t len, uint16_t start)
{
	if (start >= len)
		return false;
	return pb_fold(pb_sum16(0, f + start, len - start)) == 0xffff;
}

/* ---- reference segmentation ---- */

uint32_t pb_segment(uint8_t *out, uint32_t cap, const uint8_t *f,
		    uint32_t len, uint16_t gso, uint32_t i)
{
	uint32_t off = i * gso, n, slen;
	uint8_t *ip, *th;
	struct pb_pkt p;
	uint64_t sum;
	uint16_t c;

	if (!gso || pb_parse(f, len, &p) || off >= p.pay_len)
		return 0;
	n = p.pay_len - off < gso ? p.pay_len - off : gso;
	slen = p.pay_off + n;
	if (slen > cap)
		return 0;
	memcpy(out, f, p.pay_off);
	memcpy(out + p.pay_off, f + p.pay_off + off, n);
	ip = out + p.l3_off;
	th = out + p.l4_off;
	if (!p.v6) {
		put16(ip + 2, (uint16_t)(slen - p.l3_off));
		if (p.proto == PB_TCP)
			put16(ip + 4, (uint16_t)(p.ip_id + i));
		put16(ip + 10, 0);
		put16(ip + 10, (uint16_t)~pb_fold(pb_sum16(0, ip, 20)));
	} else {
		put16(ip + 4, (uint16_t)(slen - p.l4_off));
	}
	if (p.proto == PB_TCP) {
		uint8_t fl = p.tcp_flags;

		if (off + n < p.pay_len)
			fl &= (uint8_t)~(PB_TCP_FIN | PB_TCP_PSH);
		if (i)
			fl &= (uint8_t)~PB_TCP_CWR;
		put32(th + 4, p.seq + off);
		th[13] = fl;
		put16(th + 16, 0);
	} else {
		put16(th + 4, (uint16_t)(slen - p.l4_off));
		put16(th + 6, 0);
	}
	sum = pb_pseudo_sum(p.v6, ip + (p.v6 ? 8 : 12), ip + (p.v6 ? 24 : 16),
			    p.proto, slen - p.l4_off);
	sum = pb_sum16(sum, th, slen - p.l4_off);
	c = (uint16_t)~pb_fold(sum);
	if (p.proto == PB_UDP && !c)
		c = 0xffff;
	put16(th + (p.proto == PB_TCP ? 16 : 6), c);
	return slen;
}
