// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Receive hashing: the Toeplitz hash against Microsoft's RSS verification
 * suite and every hash type (virtio 1.2 5.1.6.4.3) with its hash report
 * (5.1.6.4.4).  The rest of RSS: test_rss_tunnel.c (inner header hash),
 * test_rss_steer.c (steering), test_rss_ctrl.c (commands, features, config
 * space, the mailbox).
 */
#include <arpa/inet.h>

#include "test_rss.h"

/* ---- Microsoft's verification suite ---- */

struct ms_row {
	const char *name;
	bool v6;
	const char *src, *dst;	/* parsed below */
	uint16_t sport, dport;
	uint32_t ip_hash, tcp_hash;
};

static const struct ms_row ms_rows[] = {
	{ "v4_1", false, "66.9.149.187", "161.142.100.80", 2794, 1766,
	  0x323e8fc2, 0x51ccc178 },
	{ "v4_2", false, "199.92.111.2", "65.69.140.83", 14230, 4739,
	  0xd718262a, 0xc626b0ea },
	{ "v4_3", false, "24.19.198.95", "12.22.207.184", 12898, 38024,
	  0xd2d0a5de, 0x5c2b394a },
	{ "v4_4", false, "38.27.205.30", "209.142.163.6", 48228, 2217,
	  0x82989176, 0xafc7327f },
	{ "v4_5", false, "153.39.163.191", "202.188.127.2", 44251, 1303,
	  0x5d1809c5, 0x10e828a2 },
	{ "v6_1", true, "3ffe:2501:200:1fff::7", "3ffe:2501:200:3::1", 2794,
	  1766, 0x2cc18cd5, 0x40207d3d },
	{ "v6_2", true, "3ffe:501:8::260:97ff:fe40:efab", "ff02::1", 14230,
	  4739, 0x0f0c461c, 0xdde51bbf },
	{ "v6_3", true, "3ffe:1900:4545:3:200:f8ff:fe21:67cf",
	  "fe80::200:f8ff:fe21:67cf", 44251, 38024, 0x4b61e985, 0x02d1feef },
};

static void parse_addr(bool v6, const char *s, uint8_t a[16])
{
	memset(a, 0, 16);
	assert_int_equal(inet_pton(v6 ? AF_INET6 : AF_INET, s, a), 1);
}

static void toeplitz_ms_vectors(void **state)
{
	struct ut_env *e = *state;
	const struct ms_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	struct pb_ip ip = { .v6 = r->v6, .proto = 6, .sport = r->sport,
			    .dport = r->dport, .payload = 10 };
	uint8_t f[PB_MAX];
	uint32_t len;
	int q;

	parse_addr(r->v6, r->src, ip.src);
	parse_addr(r->v6, r->dst, ip.dst);
	rss_on(d, r->v6 ? HT(TCPv6) | HT(IPv6) : HT(TCPv4) | HT(IPv4));
	len = ip_frame(f, d, &ip);
	q = send_check(e, d, f, len, r->tcp_hash, r->v6 ?
		       VIRTIO_NET_HASH_REPORT_TCPv6 :
		       VIRTIO_NET_HASH_REPORT_TCPv4);
	/* 5.1.6.5.7.2: the queue is table[hash & mask] */
	assert_int_equal(q, (r->tcp_hash & 127) % NQ);
	/* the same addresses without ports: the 2-tuple vector */
	ip.proto = r->v6 ? 58 : 1;
	len = ip_frame(f, d, &ip);
	q = send_check(e, d, f, len, r->ip_hash, r->v6 ?
		       VIRTIO_NET_HASH_REPORT_IPv6 :
		       VIRTIO_NET_HASH_REPORT_IPv4);
	assert_int_equal(q, (r->ip_hash & 127) % NQ);
	/* and the test's own reference agrees, so the tables below hold */
	assert_int_equal(pb_expected_hash(&ip, T_ALL, pb_ms_key, 40,
					  &(uint16_t){ 0 }), r->ip_hash);
}

/* ---- every hash type ---- */

struct type_row {
	const char *name;
	bool v6;
	uint8_t proto;
	bool hbh, home, rh2, frag;
	uint32_t types;
	uint16_t report;	/* what the spec says; checked as such */
};

#define R(x)	VIRTIO_NET_HASH_REPORT_##x

static const struct type_row type_rows[] = {
	{ "v4_tcp_tcp", false, 6, .types = HT(TCPv4), .report = R(TCPv4) },
	{ "v4_tcp_ip", false, 6, .types = HT(IPv4), .report = R(IPv4) },
	{ "v4_tcp_all", false, 6, .types = T_ALL, .report = R(TCPv4) },
	{ "v4_tcp_udp_only", false, 6, .types = HT(UDPv4), .report = 0 },
	{ "v4_tcp_none", false, 6, .types = 0, .report = 0 },
	{ "v4_tcp_v6_types", false, 6, .types = HT(TCPv6) | HT(IPv6),
	  .report = 0 },
	{ "v4_udp_udp", false, 17, .types = HT(UDPv4), .report = R(UDPv4) },
	{ "v4_udp_tcp_ip", false, 17, .types = HT(TCPv4) | HT(IPv4),
	  .report = R(IPv4) },
	{ "v4_icmp_ip", false, 1, .types = HT(IPv4), .report = R(IPv4) },
	{ "v4_icmp_tcp", false, 1, .types = HT(TCPv4), .report = 0 },
	{ "v4_frag_tcp", false, 6, .frag = true, .types = HT(TCPv4) |
	  HT(IPv4), .report = R(IPv4) },
	{ "v6_tcp_tcp", true, 6, .types = HT(TCPv6), .report = R(TCPv6) },
	{ "v6_tcp_ip", true, 6, .types = HT(IPv6), .report = R(IPv6) },
	{ "v6_udp_udp", true, 17, .types = HT(UDPv6), .report = R(UDPv6) },
	{ "v6_udp_all", true, 17, .types = T_ALL, .report = R(UDPv6) },
	{ "v6_icmp_ip", true, 58, .types = HT(IPv6), .report = R(IPv6) },
	{ "v6_no_ext_ex_only", true, 6, .types = HT(TCP_EX) | HT(IP_EX),
	  .report = 0 },
	{ "v6_hbh_tcp_ex", true, 6, .hbh = true, .types = HT(TCP_EX),
	  .report = R(TCPv6_EX) },
	{ "v6_hbh_tcpv6", true, 6, .hbh = true, .types = HT(TCPv6),
	  .report = R(TCPv6) },
	{ "v6_hbh_ip_ex_over_tcpv6", true, 6, .hbh = true,
	  .types = HT(TCPv6) | HT(IP_EX), .report = R(IPv6_EX) },
	{ "v6_home_tcp_ex", true, 6, .home = true, .types = HT(TCP_EX),
	  .report = R(TCPv6_EX) },
	{ "v6_rh2_udp_ex", true, 17, .rh2 = true, .types = HT(UDP_EX),
	  .report = R(UDPv6_EX) },
	{ "v6_all_ext_all", true, 17, .hbh = true, .home = true, .rh2 = true,
	  .types = T_ALL, .report = R(UDPv6_EX) },
	{ "v6_home_rh2_ip_ex", true, 6, .home = true, .rh2 = true,
	  .types = HT(IP_EX), .report = R(IPv6_EX) },
	{ "v6_home_udp_ex_udpv6", true, 17, .home = true,
	  .types = HT(UDPv6), .report = R(UDPv6) },
	{ "v6_frag_tcp", true, 6, .frag = true, .types = HT(TCPv6) |
	  HT(IPv6), .report = R(IPv6) },
	{ "v6_frag_ip_ex", true, 6, .frag = true, .types = T_ALL,
	  .report = R(IPv6_EX) },
	{ "v6_v4_types", true, 6, .types = HT(TCPv4) | HT(IPv4),
	  .report = 0 },
};

static void hash_types(void **state)
{
	struct ut_env *e = *state;
	const struct type_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t rep, n;
	uint32_t h, len;
	int q;

	rss_on(d, r->types);
	for (n = 1; n <= 8; n++) {
		fill_ip(&ip, r->v6, r->proto, n);
		ip.hbh = r->hbh;
		ip.home = r->home;
		ip.rh2 = r->rh2;
		ip.frag = r->frag;
		h = pb_expected_hash(&ip, r->types, pb_ms_key, 40, &rep);
		assert_int_equal(rep, r->report);
		len = ip_frame(f, d, &ip);
		q = send_check(e, d, f, len, h, rep);
		/* no hash: the unclassified queue (0 here) */
		assert_int_equal(q, rep ? (int)((h & 127) % NQ) : 0);
	}
}

/* An 802.1Q tag in front changes nothing. */
static void hash_vlan_tagged(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	uint8_t b[PB_MAX], f[PB_MAX];
	struct pb_ip ip;
	uint16_t rep;
	uint32_t h, len;

	rss_on(d, T_ALL);
	assert_int_equal(vd_ctrl_vlan(d, true, 5), VIRTIO_NET_OK);
	fill_ip(&ip, false, 6, 3);
	h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
	len = pb_ip(b, &ip, NULL, 0);
	len = pb_eth(f, d->mac, far_mac, 5, 0x0800, b, len);
	send_check(e, d, f, len, h, rep);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, toeplitz_ms_vectors, ms_rows);
	UT_ADD_TABLE(&l, hash_types, type_rows);
	UT_ADD(&l, hash_vlan_tagged);
	return ut_run("rss", &l);
}
