// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_pkt_parse, in its input format (the comment
 * at the top of fuzz_pkt_parse.c).
 */
#include <string.h>

#include "mkseeds.h"

static const uint8_t pp_dst[6] = { 0x02, 0, 0, 0, 0, 1 };
static const uint8_t pp_src[6] = { 0x02, 0, 0, 0, 0x99, 1 };

/* Table steering with every hash type and Microsoft's key. */
static void pp_setup(struct seed *s, int driver_tunnel, int table)
{
	unsigned int i;

	s->n = 0;
	u8(s, driver_tunnel);
	u8(s, table ? 2 : 0);
	u32(s, 0x1ff);
	u8(s, 40);
	bytes(s, pb_ms_key, 40);
	if (table) {
		u8(s, 3);		/* 8 entries */
		for (i = 0; i < 8; i++)
			u8(s, i % 4);
		u8(s, 2);		/* unclassified */
		u8(s, 3);		/* 4 pairs */
	} else {
		u8(s, 3);
	}
	u16(s, 0x1ff);			/* every tunnel type */
}

static void pp_frame(struct seed *s, const uint8_t *f, uint32_t len,
		     unsigned int pieces, int vlan_raw)
{
	u8(s, vlan_raw ? 1 : 0);
	u16(s, len);
	u8(s, pieces - 1);
	bytes(s, f, len);
}

static void pp_ip(struct pb_ip *ip, int v6, uint8_t proto, unsigned int n)
{
	memset(ip, 0, sizeof(*ip));
	ip->v6 = v6;
	ip->proto = proto;
	ip->sport = 1000 + n;
	ip->dport = 80 + n;
	ip->payload = 16;
	if (v6) {
		pb_v6(ip->src, 1, n);
		pb_v6(ip->dst, 2, n);
	} else {
		pb_v4(ip->src, 10, 0, 0, n);
		pb_v4(ip->dst, 10, 0, 1, n);
	}
}

void seeds_pkt_parse(void)
{
	static const char *const tname[PB_TUNNEL_NUM] = {
		"gre", "gre_key", "gre_csum", "gre_teb", "nvgre", "gre_udp",
		"vxlan", "vxlan_gpe", "vxlan_gpe_eth", "geneve", "geneve_ip",
		"ipip",
	};
	const char *t = "fuzz_pkt_parse";
	uint8_t pkt[PB_MAX], frame[PB_MAX];
	struct pb_ip outer, inner;
	struct seed s;
	uint32_t len, n;
	int tu, v6, proto;

	for (tu = 0; tu < PB_TUNNEL_NUM; tu++) {
		for (v6 = 0; v6 < 2; v6++) {
			pp_setup(&s, 1, 1);
			pp_ip(&outer, v6, 17, 1);
			pp_ip(&inner, !v6, 6, 2);
			len = pb_tunnel(frame, tu, pp_dst, pp_src, &outer,
					&inner);
			pp_frame(&s, frame, len, 3, 0);
			save(t, &s, "%s_%s", tname[tu], v6 ? "v6" : "v4");
		}
	}
	/* plain TCP and UDP, both families, split; the host's policy */
	for (v6 = 0; v6 < 2; v6++) {
		for (proto = 6; proto <= 17; proto += 11) {
			pp_setup(&s, 0, v6);
			pp_ip(&inner, v6, proto, 3);
			len = pb_ip(pkt, &inner, NULL, 0);
			n = pb_eth(frame, pp_dst, pp_src, 0xffff,
				   v6 ? 0x86dd : 0x0800, pkt, len);
			pp_frame(&s, frame, n, 4, 0);
			n = pb_eth(frame, pp_dst, pp_src, 7,
				   v6 ? 0x86dd : 0x0800, pkt, len);
			pp_frame(&s, frame, n, 2, 0);
			save(t, &s, "%s_%s", proto == 6 ? "tcp" : "udp",
			     v6 ? "v6" : "v4");
		}
	}
	/* IPv6 extension headers: hop-by-hop, home address, routing 2 */
	pp_setup(&s, 1, 1);
	pp_ip(&inner, 1, 6, 4);
	inner.hbh = true;
	inner.home = true;
	pb_v6(inner.home_addr, 7, 7);
	inner.rh2 = true;
	pb_v6(inner.rh2_addr, 8, 8);
	len = pb_ip(pkt, &inner, NULL, 0);
	n = pb_eth(frame, pp_dst, pp_src, 0xffff, 0x86dd, pkt, len);
	pp_frame(&s, frame, n, 5, 0);
	save(t, &s, "v6_ext");
	/* fragments */
	for (v6 = 0; v6 < 2; v6++) {
		pp_setup(&s, 1, 0);
		pp_ip(&inner, v6, 17, 5);
		inner.frag = true;
		len = pb_ip(pkt, &inner, NULL, 0);
		n = pb_eth(frame, pp_dst, pp_src, 0xffff, v6 ? 0x86dd : 0x0800,
			   pkt, len);
		pp_frame(&s, frame, n, 1, 0);
		save(t, &s, "frag_%s", v6 ? "v6" : "v4");
	}
}
