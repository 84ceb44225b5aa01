// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_offload, in its input format (the comment at
 * the top of fuzz_offload.c): TSO4, TSO6 and USO over IPv4 and IPv6, with
 * and without a VLAN tag, in pieces; one large TSO4 frame; ECN; a
 * checksum alone.
 */
#include <string.h>

#include "mkseeds.h"

/* Linux 6.1's uapi headers, Debian 12's, predate USO (virtio 1.2). */
#define OF_F_HOST_USO		56
#define OF_GSO_UDP_L4		5

#define OF_FEATURES	(1ull << VIRTIO_NET_F_CSUM | \
			 1ull << VIRTIO_NET_F_HOST_TSO4 | \
			 1ull << VIRTIO_NET_F_HOST_TSO6 | \
			 1ull << VIRTIO_NET_F_HOST_ECN | 1ull << OF_F_HOST_USO)
#define OF_BIG		15000	/* fits struct seed with the rest */

static const uint8_t of_dst[6] = { 0x02, 0, 0, 0, 0, 1 };
static const uint8_t of_src[6] = { 0x02, 0, 0, 0, 0x99, 1 };

struct of_req {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
};

/* The header, the features, the pieces and the frame. */
static void of_seed(struct seed *s, const struct of_req *r, uint16_t hdr_len,
		    const uint8_t *f, uint32_t len, const uint16_t *cuts,
		    unsigned int ncuts)
{
	unsigned int i;

	s->n = 0;
	u8(s, r->flags);
	u8(s, r->gso_type);
	u16(s, hdr_len);
	u16(s, r->gso_size);
	u16(s, r->csum_start);
	u16(s, r->csum_offset);
	u16(s, 0);			/* num_buffers */
	u32(s, (uint32_t)OF_FEATURES);
	u32(s, (uint32_t)(OF_FEATURES >> 32));
	u8(s, ncuts);			/* pieces: ncuts + 1 */
	for (i = 0; i < ncuts; i++)
		u16(s, cuts[i]);
	bytes(s, f, len);
}

/* An Ethernet frame of @ip (tagged or not); returns its length. */
static uint32_t of_frame(uint8_t *out, const struct pb_ip *ip, int vlan)
{
	uint8_t pkt[PB_MAX];
	uint32_t len = pb_ip(pkt, ip, NULL, 0);

	return pb_eth(out, of_dst, of_src, vlan ? 5 : 0xffff,
		      ip->v6 ? 0x86dd : 0x0800, pkt, len);
}

static void of_ip(struct pb_ip *ip, int v6, uint8_t proto, uint32_t payload)
{
	memset(ip, 0, sizeof(*ip));
	ip->v6 = v6;
	ip->proto = proto;
	ip->sport = 40000;
	ip->dport = proto == 6 ? 5201 : 4791;
	ip->payload = payload;
	if (v6) {
		pb_v6(ip->src, 1, 1);
		pb_v6(ip->dst, 2, 2);
	} else {
		pb_v4(ip->src, 192, 0, 2, 1);
		pb_v4(ip->dst, 198, 51, 100, 7);
	}
}

static uint8_t of_type(int v6, uint8_t proto)
{
	if (proto == 17)
		return OF_GSO_UDP_L4;
	return v6 ? VIRTIO_NET_HDR_GSO_TCPV6 : VIRTIO_NET_HDR_GSO_TCPV4;
}

void seeds_offload(void)
{
	static uint8_t frame[OF_BIG + 128];
	static const uint16_t cuts3[] = { 21, 37 };
	static const uint16_t cuts7[] = { 1, 2, 3, 60, 7, 900 };
	const char *t = "fuzz_offload";
	struct pb_ip ip;
	struct of_req r;
	struct seed s;
	uint32_t len, l4, hl, i;
	int v6, vlan, proto;

	for (v6 = 0; v6 < 2; v6++) {
		for (proto = 6; proto <= 17; proto += 11) {
			for (vlan = 0; vlan < 2; vlan++) {
				of_ip(&ip, v6, proto, 1400);
				len = of_frame(frame, &ip, vlan);
				l4 = 14 + (vlan ? 4 : 0) + (v6 ? 40 : 20);
				hl = l4 + (proto == 6 ? 20 : 8);
				r = (struct of_req){
					.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM,
					.gso_type = of_type(v6, proto),
					.gso_size = 500,
					.csum_start = l4,
					.csum_offset = proto == 6 ? 16 : 6,
				};
				of_seed(&s, &r, hl, frame, len,
					vlan ? cuts7 : cuts3,
					vlan ? 6 : 2);
				save(t, &s, "%s%s%s",
				     proto == 6 ? "tso" : "uso", v6 ? "6" : "4",
				     vlan ? "_vlan" : "");
			}
		}
	}
	/* a large TSO4 frame: headers from pktbuild, payload added here */
	of_ip(&ip, 0, 6, 0);
	len = of_frame(frame, &ip, 0);
	for (i = len; i < OF_BIG; i++)
		frame[i] = (uint8_t)(i * 31);
	r = (struct of_req){ VIRTIO_NET_HDR_F_NEEDS_CSUM,
			     VIRTIO_NET_HDR_GSO_TCPV4, 1448, 34, 16 };
	of_seed(&s, &r, 54, frame, OF_BIG, cuts7, 6);
	save(t, &s, "tso4_big");
	/* ECN on TSO6 */
	of_ip(&ip, 1, 6, 1800);
	len = of_frame(frame, &ip, 0);
	r = (struct of_req){ VIRTIO_NET_HDR_F_NEEDS_CSUM,
			     VIRTIO_NET_HDR_GSO_TCPV6 | VIRTIO_NET_HDR_GSO_ECN,
			     1000, 54, 16 };
	of_seed(&s, &r, 74, frame, len, cuts3, 2);
	save(t, &s, "tso6_ecn");
	/* a checksum alone, odd pieces */
	of_ip(&ip, 0, 17, 333);
	len = of_frame(frame, &ip, 1);
	r = (struct of_req){ VIRTIO_NET_HDR_F_NEEDS_CSUM, 0, 0, 38, 6 };
	of_seed(&s, &r, 0, frame, len, cuts7, 6);
	save(t, &s, "csum_udp4");
}
