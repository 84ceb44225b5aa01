// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Receive steering and hashing: the Toeplitz hash against Microsoft's RSS
 * verification suite, every hash type (virtio 1.2 5.1.6.4.3), hash reports
 * (5.1.6.4.4), the indirection table and unclassified queue (5.1.6.5.7),
 * automatic steering and HASH_CONFIG (5.1.6.5.6), every tunnel type of
 * virtio 1.4's inner header hash with IPv4/IPv6 and TCP/UDP inside, the
 * host's inner-hash policy, malformed and truncated headers, frames in
 * many pieces, command validation (ERR leaves the state as it was), reset
 * and the mailbox commands RSS_QUERY and RSS_SET_POLICY.
 *
 * Wire frames are sent from heap buffers of their exact length, so the
 * sanitizer build catches a parser that reads past a frame.
 */
#include "pktbuild.h"
#include "unit.h"

#define NQ		4	/* queue pairs of the devices here */
#define T_ALL		0x1ffu	/* hash types, tunnel types */
#define F_RSS		(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_RSS) |	\
			 VD_BIT(VIRTIO_NET_F_HASH_REPORT))
#define F_TUN		(F_RSS | VD_BIT(VD_NET_F_HASH_TUNNEL))
#define F_HR		(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_HASH_REPORT))
#define F_RSS_ONLY	(VD_F_DEFAULT | VD_BIT(VIRTIO_NET_F_RSS))
#define RX_BUF		2200

#define TT(x)		VIRTIO_NET_HASH_TUNNEL_TYPE_##x
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784	(1u << 0)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2890	(1u << 1)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_7676	(1u << 2)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_UDP	(1u << 3)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN	(1u << 4)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN_GPE	(1u << 5)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GENEVE	(1u << 6)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_IPIP	(1u << 7)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_NVGRE	(1u << 8)

#define HT(x)		VIRTIO_NET_RSS_HASH_TYPE_##x

static struct vd_rx_pkt pkt;
static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* A device with NQ queue pairs, all receive queues filled. */
static struct vd_dev *rdev(struct ut_env *e, uint16_t id, uint64_t features)
{
	struct vd_dev_cfg cfg = { .max_vqp = NQ, .features = features };
	struct vd_dev *d = ut_dev(e, id, &cfg);
	unsigned int q;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (q = 0; q < NQ; q++) {
		assert_true(vd_rx_fill(vd_rxq(d, q), 128, RX_BUF) > 0);
		vd_vq_kick_run(vd_rxq(d, q));
	}
	return d;
}

/* RSS over all NQ queues: table[i] = i % NQ, Microsoft's key. */
static void rss_on(struct vd_dev *d, uint32_t types)
{
	uint16_t table[128];
	struct vd_rss r = {
		.hash_types = types, .table_len = 128, .table = table,
		.max_tx_vq = NQ, .key_len = 40, .key = pb_ms_key,
	};
	unsigned int i;

	for (i = 0; i < 128; i++)
		table[i] = i % NQ;
	assert_int_equal(vd_ctrl_rss(d, &r), VIRTIO_NET_OK);
}

static void wire_send(struct ut_env *e, const uint8_t *f, uint32_t len)
{
	uint8_t *copy = malloc(len);

	assert_non_null(copy);
	memcpy(copy, f, len);
	assert_int_equal(vd_wire_rx(e->c, copy, len), 0);
	free(copy);
}

/* The one frame @d received, into pkt; returns its queue pair. */
static int recv_one(struct vd_dev *d)
{
	static struct vd_rx_pkt other;
	int q, found = -1;

	for (q = 0; q < NQ; q++) {
		struct vd_vq *rx = vd_rxq(d, q);
		int r = vd_rx_recv(rx, found < 0 ? &pkt : &other);

		assert_true(r >= 0);
		if (!r)
			continue;
		if (found >= 0)
			fail_msg("frame on queue %d and queue %d", found, q);
		found = q;
		assert_int_equal(vd_rx_recv(rx, &other), 0);
		ut_vq_clean(rx);
		vd_rx_fill(rx, 128, RX_BUF);
		vd_vq_kick_run(rx);
	}
	if (found < 0)
		fail_msg("no frame received");
	return found;
}

/* Send from the wire, receive, check the hash; returns the queue pair. */
static int send_check(struct ut_env *e, struct vd_dev *d, const uint8_t *f,
		      uint32_t len, uint32_t hash, uint16_t report)
{
	int q;

	wire_send(e, f, len);
	q = recv_one(d);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
	assert_int_equal(pkt.hash_report, report);
	if (report)
		assert_int_equal(pkt.hash_value, hash);
	else
		assert_int_equal(pkt.hash_value, 0);
	return q;
}

static uint32_t ip_frame(uint8_t *f, struct vd_dev *d, const struct pb_ip *ip)
{
	uint8_t b[PB_MAX];
	uint32_t n = pb_ip(b, ip, NULL, 0);

	return pb_eth(f, d->mac, far_mac, 0xffff, ip->v6 ? 0x86dd : 0x0800, b,
		      n);
}

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

#include <arpa/inet.h>
#include <errno.h>

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

static void fill_ip(struct pb_ip *ip, bool v6, uint8_t proto, uint16_t n)
{
	memset(ip, 0, sizeof(*ip));
	ip->v6 = v6;
	ip->proto = proto;
	ip->sport = (uint16_t)(1000 + n);
	ip->dport = (uint16_t)(2000 + 3 * n);
	ip->payload = 16;
	if (v6) {
		pb_v6(ip->src, 1, n);
		pb_v6(ip->dst, 2, (uint16_t)(n * 7));
		pb_v6(ip->home_addr, 3, n);
		pb_v6(ip->rh2_addr, 4, n);
	} else {
		pb_v4(ip->src, 10, 1, (uint8_t)(n >> 8), (uint8_t)n);
		pb_v4(ip->dst, 10, 2, 0, (uint8_t)(n * 7));
	}
}

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

/* ---- tunnels ---- */

struct tun_row {
	const char *name;
	enum pb_tunnel t;
	bool outer_v6, inner_v6;
	uint8_t proto;		/* inner */
	uint32_t type;		/* the tunnel types this packet matches */
};

static const struct tun_row tun_rows[] = {
	{ "gre_v4_v4_tcp", PB_GRE, false, false, 6, TT(GRE_2784) },
	{ "gre_v4_v4_udp", PB_GRE, false, false, 17, TT(GRE_2784) },
	{ "gre_v4_v6_tcp", PB_GRE, false, true, 6, TT(GRE_7676) },
	{ "gre_v6_v4_udp", PB_GRE, true, false, 17, TT(GRE_7676) },
	{ "gre_v6_v6_tcp", PB_GRE, true, true, 6, TT(GRE_7676) },
	{ "gre_csum_v4_v4_tcp", PB_GRE_CSUM, false, false, 6, TT(GRE_2784) },
	{ "gretap_v4_v4_udp", PB_GRE_TEB, false, false, 17, TT(GRE_2784) },
	{ "gre_key_v4_v4_tcp", PB_GRE_KEY, false, false, 6, TT(GRE_2890) },
	{ "gre_key_v4_v6_udp", PB_GRE_KEY, false, true, 17,
	  TT(GRE_2890) | TT(GRE_7676) },
	{ "gre_key_v6_v4_tcp", PB_GRE_KEY, true, false, 6,
	  TT(GRE_2890) | TT(GRE_7676) },
	{ "nvgre_v4_v4_tcp", PB_NVGRE, false, false, 6, TT(NVGRE) },
	{ "nvgre_v4_v6_udp", PB_NVGRE, false, true, 17, TT(NVGRE) },
	{ "nvgre_v6_v6_tcp", PB_NVGRE, true, true, 6, TT(NVGRE) },
	{ "gre_udp_v4_v4_tcp", PB_GRE_UDP, false, false, 6, TT(GRE_UDP) },
	{ "gre_udp_v6_v6_udp", PB_GRE_UDP, true, true, 17, TT(GRE_UDP) },
	{ "gre_udp_v4_v6_tcp", PB_GRE_UDP, false, true, 6, TT(GRE_UDP) },
	{ "vxlan_v4_v4_tcp", PB_VXLAN, false, false, 6, TT(VXLAN) },
	{ "vxlan_v4_v4_udp", PB_VXLAN, false, false, 17, TT(VXLAN) },
	{ "vxlan_v4_v6_tcp", PB_VXLAN, false, true, 6, TT(VXLAN) },
	{ "vxlan_v6_v6_udp", PB_VXLAN, true, true, 17, TT(VXLAN) },
	{ "gpe_v4_v4_tcp", PB_VXLAN_GPE, false, false, 6, TT(VXLAN_GPE) },
	{ "gpe_v6_v6_udp", PB_VXLAN_GPE, true, true, 17, TT(VXLAN_GPE) },
	{ "gpe_eth_v4_v6_tcp", PB_VXLAN_GPE_ETH, false, true, 6,
	  TT(VXLAN_GPE) },
	{ "geneve_v4_v4_tcp", PB_GENEVE, false, false, 6, TT(GENEVE) },
	{ "geneve_v4_v6_udp", PB_GENEVE, false, true, 17, TT(GENEVE) },
	{ "geneve_v6_v4_tcp", PB_GENEVE, true, false, 6, TT(GENEVE) },
	{ "geneve_ip_v4_v4_udp", PB_GENEVE_IP, false, false, 17, TT(GENEVE) },
	{ "geneve_ip_v6_v6_tcp", PB_GENEVE_IP, true, true, 6, TT(GENEVE) },
	{ "ipip_v4_v4_tcp", PB_IPIP, false, false, 6, TT(IPIP) },
	{ "ipip_v4_v6_udp", PB_IPIP, false, true, 17, TT(IPIP) },
	{ "ipip_v6_v4_udp", PB_IPIP, true, false, 17, TT(IPIP) },
	{ "ipip_v6_v6_tcp", PB_IPIP, true, true, 6, TT(IPIP) },
};

/* The outer headers of pb_tunnel(), as a description the reference takes. */
static struct pb_ip outer_of(enum pb_tunnel t, const struct pb_ip *outer,
			     const struct pb_ip *inner)
{
	struct pb_ip o = *outer;

	o.payload = 0;
	switch (t) {
	case PB_IPIP:
		o.proto = inner->v6 ? 41 : 4;
		break;
	case PB_GRE:
	case PB_GRE_KEY:
	case PB_GRE_CSUM:
	case PB_GRE_TEB:
	case PB_NVGRE:
		o.proto = 47;
		break;
	default:
		o.proto = 17;
		if (!o.sport)
			o.sport = 49152;
		o.dport = t == PB_GRE_UDP ? 4754 : t == PB_VXLAN ? 4789 :
			  t == PB_GENEVE || t == PB_GENEVE_IP ? 6081 : 4790;
	}
	return o;
}

static void tun_flows(const struct tun_row *r, uint16_t n,
		      struct pb_ip *outer, struct pb_ip *inner)
{
	fill_ip(outer, r->outer_v6, 0, 900);
	outer->sport = 40000;
	fill_ip(inner, r->inner_v6, r->proto, n);
}

static uint32_t tun_frame(uint8_t *f, const struct tun_row *r,
			  struct vd_dev *to, const uint8_t *from,
			  const struct pb_ip *outer, const struct pb_ip *inner)
{
	return pb_tunnel(f, r->t, to->mac, from, outer, inner);
}

/* Send one tunnelled flow; hashed inside when @inside, else outside. */
static void tun_expect(struct ut_env *e, struct vd_dev *d,
		       const struct tun_row *r, uint16_t n, bool inside)
{
	struct pb_ip outer, inner, o;
	uint8_t f[PB_MAX];
	uint32_t h, len;
	uint16_t rep;

	tun_flows(r, n, &outer, &inner);
	len = tun_frame(f, r, d, far_mac, &outer, &inner);
	o = outer_of(r->t, &outer, &inner);
	h = pb_expected_hash(inside ? &inner : &o, T_ALL, pb_ms_key, 40,
			     &rep);
	assert_int_not_equal(rep, 0);
	send_check(e, d, f, len, h, rep);
}

static void tunnel_types(void **state)
{
	struct ut_env *e = *state;
	const struct tun_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	uint16_t n;

	rss_on(d, T_ALL);
	/* 5.1.6.4.4.x: initially every type is off: the outer headers */
	tun_expect(e, d, r, 1, false);
	/* each of the types the packet matches turns the inner hash on */
	for (n = 0; n < 9; n++) {
		if (!(r->type & 1u << n))
			continue;
		assert_int_equal(vd_ctrl_hash_tunnel(d, 1u << n),
				 VIRTIO_NET_OK);
		tun_expect(e, d, r, 2 + n, true);
	}
	/* every other type enabled: no match, the outer headers */
	assert_int_equal(vd_ctrl_hash_tunnel(d, T_ALL & ~r->type),
			 VIRTIO_NET_OK);
	tun_expect(e, d, r, 20, false);
	assert_int_equal(vd_ctrl_hash_tunnel(d, T_ALL), VIRTIO_NET_OK);
	tun_expect(e, d, r, 21, true);
	assert_int_equal(vd_ctrl_hash_tunnel(d, 0), VIRTIO_NET_OK);
	tun_expect(e, d, r, 22, false);
}

/*
 * The host's policy: it decides for a driver without HASH_TUNNEL, and a
 * driver with HASH_TUNNEL decides for itself.
 */
static void tunnel_policy(void **state)
{
	struct ut_env *e = *state;
	const struct tun_row *r = e->param;
	struct vd_dev *plain = rdev(e, 0, F_RSS);
	struct vd_dev *aware = rdev(e, 1, F_TUN);

	rss_on(plain, T_ALL);
	rss_on(aware, T_ALL);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, r->type),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 1, T_ALL),
			 OVNIC_STATUS_OK);
	tun_expect(e, plain, r, 1, true);
	tun_expect(e, aware, r, 1, false);	/* its own setting: none */
	assert_int_equal(vd_ctrl_hash_tunnel(aware, r->type), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 1, 0), OVNIC_STATUS_OK);
	tun_expect(e, aware, r, 2, true);	/* policy off: still its own */
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, T_ALL & ~r->type),
			 OVNIC_STATUS_OK);
	tun_expect(e, plain, r, 3, false);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, 0), OVNIC_STATUS_OK);
	tun_expect(e, plain, r, 4, false);
}

/*
 * The same tunnelled frame sent by another device, its bytes cut into
 * 1..12 descriptors (inner headers past the 64 contiguous bytes, headers
 * straddling pieces): the same hash as from the wire.
 */
static void tunnel_pieces(void **state)
{
	struct ut_env *e = *state;
	const struct tun_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	struct vd_dev *s = ut_dev(e, 1, NULL);
	struct pb_ip outer, inner;
	uint8_t f[PB_MAX];
	unsigned int segs;
	uint16_t rep;
	uint32_t h, len;

	rss_on(d, T_ALL);
	assert_int_equal(vd_ctrl_hash_tunnel(d, T_ALL), VIRTIO_NET_OK);
	tun_flows(r, 5, &outer, &inner);
	len = tun_frame(f, r, d, s->mac, &outer, &inner);
	h = pb_expected_hash(&inner, T_ALL, pb_ms_key, 40, &rep);
	for (segs = 1; segs <= 12; segs++) {
		struct vd_tx_opts o = { .nsegs = segs,
					.hdr_separate = segs & 1 };
		int q;

		assert_true(vd_tx_post(vd_txq(s, 0), f, len, &o) >= 0);
		assert_int_equal(vd_vq_kick_run(vd_txq(s, 0)), 0);
		assert_int_equal(vd_vq_drain(vd_txq(s, 0)), 1);
		q = recv_one(d);
		assert_int_equal(pkt.len, len);
		assert_int_equal(pkt.hash_report, rep);
		assert_int_equal(pkt.hash_value, h);
		assert_int_equal(q, (h & 127) % NQ);
	}
}

/* Every prefix of a tunnelled frame: no overread, a sane hash or none. */
static void tunnel_truncated(void **state)
{
	struct ut_env *e = *state;
	const struct tun_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	struct pb_ip outer, inner, o, o_ip, i_ip;
	uint32_t hi, hiip, ho, hoip, len, l;
	uint16_t ri, riip, ro, roip;
	uint8_t f[PB_MAX];

	rss_on(d, T_ALL);
	assert_int_equal(vd_ctrl_hash_tunnel(d, T_ALL), VIRTIO_NET_OK);
	tun_flows(r, 6, &outer, &inner);
	len = tun_frame(f, r, d, far_mac, &outer, &inner);
	o = outer_of(r->t, &outer, &inner);
	o_ip = o;
	o_ip.proto = 1;
	i_ip = inner;
	i_ip.proto = inner.v6 ? 58 : 1;
	hi = pb_expected_hash(&inner, T_ALL, pb_ms_key, 40, &ri);
	hiip = pb_expected_hash(&i_ip, T_ALL, pb_ms_key, 40, &riip);
	ho = pb_expected_hash(&o, T_ALL, pb_ms_key, 40, &ro);
	hoip = pb_expected_hash(&o_ip, T_ALL, pb_ms_key, 40, &roip);
	for (l = 14; l <= len; l++) {
		wire_send(e, f, l);
		recv_one(d);
		assert_int_equal(pkt.len, l);
		if (pkt.hash_report == ri && pkt.hash_value == hi)
			continue;
		/* inner IP header whole, inner TCP/UDP header cut */
		if (pkt.hash_report == riip && pkt.hash_value == hiip)
			continue;
		if (pkt.hash_report == ro && pkt.hash_value == ho)
			continue;
		if (pkt.hash_report == roip && pkt.hash_value == hoip)
			continue;
		if (pkt.hash_report == 0 && pkt.hash_value == 0)
			continue;
		fail_msg("prefix %u of %u: report %u hash %#x", l, len,
			 pkt.hash_report, pkt.hash_value);
	}
	/* the whole frame is hashed inside */
	send_check(e, d, f, len, hi, ri);
}

/* ---- malformed tunnel headers ---- */

enum want { W_OUTER, W_OUTER_IP, W_NONE };

struct bad_row {
	const char *name;
	enum pb_tunnel t;
	uint32_t off;		/* byte to change, IPv4 outer */
	uint8_t and, or;
	enum want want;
	uint32_t cut;		/* frame length, 0: whole */
};

/* Offsets in a frame with an IPv4 outer header and no VLAN. */
#define O_IP	14
#define O_L4	34
#define O_TUN	42

static const struct bad_row bad_rows[] = {
	{ "vxlan_no_i_flag", PB_VXLAN, O_TUN, 0xf7, 0, W_OUTER },
	{ "gre_version_1", PB_GRE, O_L4 + 1, 0xff, 1, W_OUTER_IP },
	{ "gre_routing", PB_GRE, O_L4, 0xff, 0x40, W_OUTER_IP },
	{ "gre_strict_route", PB_GRE, O_L4, 0xff, 0x08, W_OUTER_IP },
	{ "gre_recursion", PB_GRE, O_L4, 0xff, 0x04, W_OUTER_IP },
	{ "gre_key_cut", PB_GRE_KEY, 0, 0xff, 0, W_OUTER_IP, O_L4 + 6 },
	{ "gre_udp_version_7", PB_GRE_UDP, O_TUN + 1, 0xff, 7, W_OUTER },
	{ "geneve_version_1", PB_GENEVE, O_TUN, 0xff, 0x40, W_OUTER },
	{ "geneve_options_past_frame", PB_GENEVE, O_TUN, 0xc0, 0x3f,
	  W_OUTER },
	{ "geneve_cut_in_options", PB_GENEVE, 0, 0xff, 0, W_OUTER,
	  O_TUN + 12 },
	{ "geneve_protocol_mpls", PB_GENEVE_IP, O_TUN + 2, 0, 0x88, W_NONE },
	{ "gpe_no_p_flag", PB_VXLAN_GPE, O_TUN, 0xfb, 0, W_OUTER },
	{ "gpe_version_1", PB_VXLAN_GPE, O_TUN, 0xff, 0x10, W_OUTER },
	{ "gpe_next_nsh", PB_VXLAN_GPE, O_TUN + 3, 0, 4, W_NONE },
	{ "gpe_next_0xff", PB_VXLAN_GPE, O_TUN + 3, 0, 0xff, W_NONE },
	{ "vxlan_cut_header", PB_VXLAN, 0, 0xff, 0, W_OUTER, O_TUN + 7 },
	{ "vxlan_inner_arp", PB_VXLAN, O_TUN + 8 + 12 + 1, 0, 0x06, W_NONE },
	{ "vxlan_inner_cut", PB_VXLAN, 0, 0xff, 0, W_NONE, O_TUN + 8 + 20 },
	{ "vxlan_inner_bad_version", PB_VXLAN, O_TUN + 8 + 14, 0x0f, 0x50,
	  W_NONE },
	{ "vxlan_inner_ihl_4", PB_VXLAN, O_TUN + 8 + 14, 0xf0, 0x04,
	  W_NONE },
	{ "ipip_inner_is_v6", PB_IPIP, O_L4, 0x0f, 0x60, W_NONE },
	/* the outer IP length ends before the VXLAN header */
	{ "outer_len_ends_at_udp", PB_VXLAN, O_IP + 3, 0, 28, W_OUTER },
	/* and before its own header ends: not IP at all */
	{ "outer_len_below_header", PB_VXLAN, O_IP + 3, 0, 10, W_NONE },
	{ "outer_ihl_15_cut", PB_VXLAN, O_IP, 0xf0, 0x0f, W_NONE, O_IP + 40 },
};

static void tunnel_malformed(void **state)
{
	struct ut_env *e = *state;
	const struct bad_row *r = e->param;
	struct tun_row tr = { .t = r->t, .proto = 17 };
	struct vd_dev *d = rdev(e, 0, F_TUN);
	struct pb_ip outer, inner, o;
	uint8_t f[PB_MAX];
	uint32_t h, len;
	uint16_t rep;

	rss_on(d, T_ALL);
	assert_int_equal(vd_ctrl_hash_tunnel(d, T_ALL), VIRTIO_NET_OK);
	tun_flows(&tr, 7, &outer, &inner);
	len = tun_frame(f, &tr, d, far_mac, &outer, &inner);
	if (r->and != 0xff || r->or)
		f[r->off] = (uint8_t)((f[r->off] & r->and) | r->or);
	if (r->cut)
		len = r->cut;
	o = outer_of(r->t, &outer, &inner);
	if (r->want == W_OUTER_IP)
		o.proto = 1;
	h = pb_expected_hash(&o, T_ALL, pb_ms_key, 40, &rep);
	if (r->want == W_NONE)
		h = rep = 0;
	assert_int_equal(send_check(e, d, f, len, h, rep),
			 rep ? (int)((h & 127) % NQ) : 0);
}

/* ---- steering ---- */

/* 64 UDP flows land where the table says; a queue-free table sends none. */
static void steer_table(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	uint16_t table[16] = { 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1 };
	struct vd_rss rss = { .hash_types = HT(UDPv4), .table_len = 16,
			      .table = table, .unclassified = 2,
			      .max_tx_vq = 4, .key_len = 40, .key = pb_ms_key };
	unsigned int hits[NQ] = { 0 };
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;
	int q;

	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	for (n = 0; n < 64; n++) {
		fill_ip(&ip, false, 17, n);
		h = pb_expected_hash(&ip, HT(UDPv4), pb_ms_key, 40, &rep);
		len = ip_frame(f, d, &ip);
		q = send_check(e, d, f, len, h, rep);
		assert_int_equal(q, table[h & 15]);
		hits[q]++;
	}
	assert_int_equal(hits[0], 0);
	assert_int_equal(hits[2], 0);
	assert_true(hits[1] > 0 && hits[3] > 0);
	/* TCP is not enabled: unclassified, queue 2, no report */
	fill_ip(&ip, false, 6, 1);
	len = ip_frame(f, d, &ip);
	assert_int_equal(send_check(e, d, f, len, 0, 0), 2);
	/* nor is anything that isn't IP */
	len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0806, 28, 1);
	assert_int_equal(send_check(e, d, f, len, 0, 0), 2);
}

/*
 * RSS_CONFIG's max_tx_vq sets the pairs in use (Linux relies on it);
 * VQ_PAIRS_SET after it is automatic steering again (5.1.6.5.5).
 */
static void steer_modes(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	uint16_t table[1] = { 3 };
	struct vd_rss rss = { .hash_types = T_ALL, .table_len = 1,
			      .table = table, .max_tx_vq = 2, .key_len = 40,
			      .key = pb_ms_key };
	struct ovnic_resp_rss_query qr;
	unsigned int hits[NQ] = { 0 };
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;

	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &qr), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le16_to_cpu(qr.curr_vqp), 2);
	assert_int_equal(qr.steering, OVNIC_RSS_STEER_TABLE);
	fill_ip(&ip, false, 6, 1);
	h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
	len = ip_frame(f, d, &ip);
	assert_int_equal(send_check(e, d, f, len, h, rep), 3);

	assert_int_equal(vd_ctrl_mq_pairs(d, 2), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &qr), OVNIC_STATUS_OK);
	assert_int_equal(qr.steering, OVNIC_RSS_STEER_AUTO);
	/* the hash still reported, the queue now among the 2 pairs */
	for (n = 0; n < 64; n++) {
		fill_ip(&ip, false, 6, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		len = ip_frame(f, d, &ip);
		hits[send_check(e, d, f, len, h, rep)]++;
	}
	assert_true(hits[0] > 0 && hits[1] > 0);
	assert_int_equal(hits[2] + hits[3], 0);
}

/* Only HASH_REPORT: HASH_CONFIG, hashes reported, automatic steering. */
static void steer_hash_config(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_HR);
	unsigned int hits[NQ] = { 0 };
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;

	/* before HASH_CONFIG: reports NONE, only receiveq1 */
	fill_ip(&ip, true, 17, 1);
	len = ip_frame(f, d, &ip);
	assert_int_equal(send_check(e, d, f, len, 0, 0), 0);
	assert_int_equal(vd_ctrl_hash_config(d, HT(UDPv6) | HT(IPv6),
					     pb_ms_key, 40), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mq_pairs(d, NQ), VIRTIO_NET_OK);
	for (n = 0; n < 64; n++) {
		fill_ip(&ip, true, 17, n);
		h = pb_expected_hash(&ip, HT(UDPv6) | HT(IPv6), pb_ms_key, 40,
				     &rep);
		len = ip_frame(f, d, &ip);
		hits[send_check(e, d, f, len, h, rep)]++;
	}
	for (n = 0; n < NQ; n++)
		assert_true(hits[n] > 0);
	/* RSS is not negotiated: RSS_CONFIG is refused */
	assert_int_equal(vd_ctrl_rss(d, &(struct vd_rss){ .table_len = 1,
							  .max_tx_vq = 1 }),
			 VIRTIO_NET_ERR);
}

/* Frames from another device of the card are steered as the wire's. */
static void steer_dev_to_dev(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	struct vd_dev *s = ut_dev(e, 1, NULL);
	uint8_t b[PB_MAX], f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;
	int q;

	rss_on(d, T_ALL);
	for (n = 0; n < 16; n++) {
		fill_ip(&ip, n & 1, 6, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		len = pb_ip(b, &ip, NULL, 0);
		len = pb_eth(f, d->mac, s->mac, 0xffff,
			     ip.v6 ? 0x86dd : 0x0800, b, len);
		assert_int_equal(ut_send(s, f, len), 0);
		assert_int_equal(vd_vq_drain(vd_txq(s, 0)), 1);
		q = recv_one(d);
		assert_int_equal(pkt.hash_report, rep);
		assert_int_equal(pkt.hash_value, h);
		assert_int_equal(q, (h & 127) % NQ);
	}
}

/*
 * Loopback (DEV_SET_LOOPBACK): a device's own frames come back steered,
 * hashed and reported exactly as the same frames from the wire, in the
 * same virtio-net header, through its 20-byte transmit headers
 * (HASH_REPORT) too.
 */
static void steer_loopback(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	unsigned int hits = 0;
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;
	int q, wq;

	rss_on(d, T_ALL);
	assert_int_equal(d->hdr_len, VD_NET_HDR_HASH_LEN);
	for (n = 0; n < 16; n++) {
		assert_int_equal(vd_cmd_set_loopback(e->c, 0,
						     OVNIC_LOOPBACK_OFF),
				 OVNIC_STATUS_OK);
		fill_ip(&ip, n & 1, n & 2 ? 17 : 6, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		len = ip_frame(f, d, &ip);
		wq = send_check(e, d, f, len, h, rep);
		assert_int_equal(vd_cmd_set_loopback(e->c, 0, OVNIC_LOOPBACK_ON),
				 OVNIC_STATUS_OK);
		assert_int_equal(ut_send(d, f, len), 0);
		assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
		q = recv_one(d);
		assert_int_equal(q, wq);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		assert_int_equal(pkt.hash_report, rep);
		assert_int_equal(pkt.hash_value, h);
		assert_int_equal(pkt.hdr.flags, 0);
		assert_int_equal(pkt.hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
		assert_int_equal(pkt.hdr.num_buffers, 1);
		assert_int_equal(pkt.used_len, d->hdr_len + len);
		hits |= 1u << q;
	}
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	/* the frames went over more than one queue */
	assert_true(hits & (hits - 1));
	assert_int_equal(ut_ctr(vd_txq(d, 0), OVNIC_VQC_PACKETS), 16);
}

/* The card's maximum: 32 queue pairs, a 128-entry table over all of them. */
static void steer_32_pairs(void **state)
{
	struct ovnic_card_params params = { .max_devices = 2, .max_vqp = 32,
					    .max_queue_size = 256,
					    .num_cores = 2 };
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = 32, .features = F_RSS,
				  .queue_size = 64 };
	uint16_t table[128];
	struct vd_rss rss = { .hash_types = T_ALL, .table_len = 128,
			      .table = table, .max_tx_vq = 32, .key_len = 40,
			      .key = pb_ms_key };
	unsigned int hits[32] = { 0 }, q, busy = 0;
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	struct vd_dev *d;
	uint16_t n, rep;
	uint32_t h;

	ut_card_free(e->c);
	e->c = vd_card_new(&params);
	assert_non_null(e->c);
	d = ut_dev(e, 0, &cfg);
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (q = 0; q < 32; q++) {
		vd_rx_fill(vd_rxq(d, q), 32, RX_BUF);
		vd_vq_kick_run(vd_rxq(d, q));
	}
	for (n = 0; n < 128; n++)
		table[n] = (uint16_t)(127 - n) % 32;
	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	for (n = 0; n < 256; n++) {
		fill_ip(&ip, n & 1, 17, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		wire_send(e, f, ip_frame(f, d, &ip));
		q = table[h & 127];
		assert_int_equal(vd_rx_recv(vd_rxq(d, q), &pkt), 1);
		assert_int_equal(pkt.hash_value, h);
		hits[q]++;
	}
	for (q = 0; q < 32; q++)
		busy += hits[q] > 0;
	assert_true(busy >= 28);
	/* 33 pairs does not exist: the last entry at 32 is refused */
	table[127] = 32;
	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_ERR);
}

/* A table entry naming a queue the driver never enabled: a counted drop. */
static void steer_queue_not_ready(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = NQ, .features = F_RSS };
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	uint16_t table[1] = { 3 };
	struct vd_rss rss = { .hash_types = T_ALL, .table_len = 1,
			      .table = table, .max_tx_vq = NQ, .key_len = 40,
			      .key = pb_ms_key };
	struct ovnic_cmd_vq_modify m = {
		.qid = ovnic_cpu_to_le16(6),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY),
		.ready = 0,
	};
	uint8_t f[PB_MAX];
	struct pb_ip ip;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
	fill_ip(&ip, false, 6, 1);
	wire_send(e, f, ip_frame(f, d, &ip));
	assert_int_equal(ut_ctr(vd_rxq(d, 3), OVNIC_VQC_DROP_NO_BUFFER), 1);
	assert_int_equal(ut_ctr(vd_rxq(d, 3), OVNIC_VQC_PACKETS), 0);
}

/* ---- the header on transmit ---- */

/* With HASH_REPORT the driver's transmit header is 20 bytes too. */
static void tx_hash_header(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .features = F_HR };
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	uint8_t f[200];
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(d->hdr_len, VD_NET_HDR_HASH_LEN);
	len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 100, 3);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);
	/* a bare Ethernet header after the 20 bytes is a frame ... */
	assert_int_equal(ut_send(d, f, 14), 0);
	ut_expect_wire(e->c, f, 14);
	/* ... one byte less is not */
	assert_int_equal(ut_send(d, f, 13), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(ut_ctr(vd_txq(d, 0), OVNIC_VQC_DROP_BAD_DESC), 1);
}

/* ---- command validation ---- */

struct cmd_row {
	const char *name;
	uint8_t cmd;		/* VIRTIO_NET_CTRL_MQ_* or 0xf7: tunnel set */
	const uint8_t *data;
	uint32_t len;
	uint8_t ack;
	uint64_t features;	/* 0: F_TUN */
};

#define D(...)	((const uint8_t[]){ __VA_ARGS__ }), \
		sizeof((const uint8_t[]){ __VA_ARGS__ })
#define TUNNEL_SET	0xf7
#define KEY40		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, \
			17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, \
			31, 32, 33, 34, 35, 36, 37, 38, 39, 40
#define TYPES_ALL	0xff, 0x01, 0, 0
#define RSS_OK_1	TYPES_ALL, 0, 0, 1, 0, /* one entry: */ 2, 0, \
			/* max_tx_vq */ 4, 0
#define T8		0, 0, 1, 0, 2, 0, 3, 0, 0, 0, 1, 0, 2, 0, 3, 0

static const struct cmd_row cmd_rows[] = {
	/* RSS_CONFIG */
	{ "rss_ok_one_entry", 1, D(RSS_OK_1, 4, 1, 2, 3, 4), VIRTIO_NET_OK },
	{ "rss_ok_key_0", 1, D(RSS_OK_1, 0), VIRTIO_NET_OK },
	{ "rss_ok_key_40", 1, D(RSS_OK_1, 40, KEY40), VIRTIO_NET_OK },
	{ "rss_ok_8_entries", 1, D(TYPES_ALL, 7, 0, 0, 0, T8, 4, 0, 1, 9),
	  VIRTIO_NET_OK },
	{ "rss_ok_no_types", 1, D(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0),
	  VIRTIO_NET_OK },
	{ "rss_empty", 1, NULL, 0, VIRTIO_NET_ERR },
	{ "rss_7_bytes", 1, D(TYPES_ALL, 0, 0, 0), VIRTIO_NET_ERR },
	{ "rss_header_only", 1, D(TYPES_ALL, 0, 0, 0, 0), VIRTIO_NET_ERR },
	{ "rss_no_trailer", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0),
	  VIRTIO_NET_ERR },
	{ "rss_trailer_short", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0, 4, 0),
	  VIRTIO_NET_ERR },
	{ "rss_key_short", 1, D(RSS_OK_1, 4, 1, 2, 3), VIRTIO_NET_ERR },
	/* Linux 6.12 sends a padding byte after the key */
	{ "rss_ok_trailing_byte", 1, D(RSS_OK_1, 1, 7, 0), VIRTIO_NET_OK },
	{ "rss_key_41", 1, D(RSS_OK_1, 41, KEY40, 41), VIRTIO_NET_ERR },
	{ "rss_table_3", 1, D(TYPES_ALL, 2, 0, 0, 0, 0, 0, 1, 0, 2, 0, 4, 0,
			      0), VIRTIO_NET_ERR },
	{ "rss_table_6", 1, D(TYPES_ALL, 5, 0, 0, 0, 0, 0, 1, 0, 2, 0, 3, 0,
			      0, 0, 1, 0, 4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_table_256", 1, D(TYPES_ALL, 0xff, 0, 0, 0, 1, 0, 4, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_table_65536", 1, D(TYPES_ALL, 0xff, 0xff, 0, 0, 1, 0, 4, 0,
				  0), VIRTIO_NET_ERR },
	{ "rss_entry_out_of_range", 1, D(TYPES_ALL, 1, 0, 0, 0, 1, 0, 4, 0,
					 4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_entry_reserved_bit", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0x80, 4,
					 0, 0), VIRTIO_NET_ERR },
	{ "rss_unclassified_out_of_range", 1, D(TYPES_ALL, 0, 0, 4, 0, 1, 0,
						4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_unclassified_reserved_bit", 1, D(TYPES_ALL, 0, 0, 0, 0x80, 1,
						0, 4, 0, 0), VIRTIO_NET_ERR },
	{ "rss_max_tx_vq_0", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_max_tx_vq_5", 1, D(TYPES_ALL, 0, 0, 0, 0, 1, 0, 5, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_type_bit_9", 1, D(0, 2, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_type_bit_31", 1, D(0, 0, 0, 0x80, 0, 0, 0, 0, 1, 0, 4, 0, 0),
	  VIRTIO_NET_ERR },
	{ "rss_not_negotiated", 1, D(RSS_OK_1, 0), VIRTIO_NET_ERR, F_HR },
	/* HASH_CONFIG */
	{ "hash_ok", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 2, 7, 8),
	  VIRTIO_NET_OK },
	{ "hash_ok_reserved_nonzero", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 4, 0,
					   0), VIRTIO_NET_OK },
	{ "hash_ok_key_40", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 40,
				 KEY40), VIRTIO_NET_OK },
	{ "hash_ok_hash_report_only", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0,
					   0), VIRTIO_NET_OK, F_HR },
	{ "hash_empty", 2, NULL, 0, VIRTIO_NET_ERR },
	{ "hash_12_bytes", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "hash_key_short", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 2, 7),
	  VIRTIO_NET_ERR },
	{ "hash_ok_trailing", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1),
	  VIRTIO_NET_OK },
	{ "hash_key_41", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 41, KEY40,
			      41), VIRTIO_NET_ERR },
	{ "hash_type_bit_9", 2, D(0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR },
	{ "hash_not_negotiated", 2, D(TYPES_ALL, 0, 0, 0, 0, 0, 0, 0, 0, 0),
	  VIRTIO_NET_ERR, F_RSS_ONLY },
	/* MQ */
	{ "mq_unknown_cmd", 3, D(0, 0), VIRTIO_NET_ERR },
	{ "mq_pairs_ok", 0, D(2, 0), VIRTIO_NET_OK },
	{ "mq_pairs_rss_without_mq", 0, D(2, 0), VIRTIO_NET_ERR,
	  (F_RSS & ~VD_BIT(VIRTIO_NET_F_MQ)) },
	/* HASH_TUNNEL_SET */
	{ "tunnel_ok_all", TUNNEL_SET, D(0xff, 1, 0, 0), VIRTIO_NET_OK },
	{ "tunnel_ok_none", TUNNEL_SET, D(0, 0, 0, 0), VIRTIO_NET_OK },
	{ "tunnel_bit_9", TUNNEL_SET, D(0, 2, 0, 0), VIRTIO_NET_ERR },
	{ "tunnel_bit_31", TUNNEL_SET, D(0, 0, 0, 0x80), VIRTIO_NET_ERR },
	{ "tunnel_3_bytes", TUNNEL_SET, D(1, 0, 0), VIRTIO_NET_ERR },
	{ "tunnel_5_bytes", TUNNEL_SET, D(1, 0, 0, 0, 0), VIRTIO_NET_ERR },
	{ "tunnel_empty", TUNNEL_SET, NULL, 0, VIRTIO_NET_ERR },
	{ "tunnel_not_negotiated", TUNNEL_SET, D(1, 0, 0, 0), VIRTIO_NET_ERR,
	  F_RSS },
};

/* Something other than the defaults, for "state unchanged" to mean much. */
static void ctrl_baseline(struct vd_dev *d)
{
	uint16_t table[4] = { 1, 2, 3, 0 };
	struct vd_rss rss = { .hash_types = HT(TCPv4) | HT(UDPv6),
			      .table_len = 4, .table = table,
			      .unclassified = 3, .max_tx_vq = 3, .key_len = 40,
			      .key = pb_ms_key };

	if (vd_has(d, VIRTIO_NET_F_RSS))
		assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	else if (vd_has(d, VIRTIO_NET_F_HASH_REPORT))
		assert_int_equal(vd_ctrl_hash_config(d, HT(IPv4), pb_ms_key,
						     40), VIRTIO_NET_OK);
	if (vd_has(d, VD_NET_F_HASH_TUNNEL))
		assert_int_equal(vd_ctrl_hash_tunnel(d, TT(VXLAN) | TT(IPIP)),
				 VIRTIO_NET_OK);
}

static void ctrl_validate(void **state)
{
	struct ut_env *e = *state;
	const struct cmd_row *r = e->param;
	struct vd_dev *d = rdev(e, 0, r->features ? r->features : F_TUN);
	struct ovnic_resp_rss_query before, after;
	struct vd_iov iov = { r->data, r->len };
	uint8_t cls = r->cmd == TUNNEL_SET ? 7 : VIRTIO_NET_CTRL_MQ;
	uint8_t cmd = r->cmd == TUNNEL_SET ? 0 : r->cmd;
	uint64_t errs = ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS);

	ctrl_baseline(d);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &before), OVNIC_STATUS_OK);
	assert_int_equal(vd_ctrl_sg(d, cls, cmd, &iov, r->len ? 1 : 0),
			 r->ack);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &after), OVNIC_STATUS_OK);
	if (r->ack == VIRTIO_NET_ERR) {
		assert_memory_equal(&before, &after, sizeof(before));
		assert_int_equal(ut_ctr(vd_cvq(d), OVNIC_VQC_CTRL_ERRORS),
				 errs + 1);
	}
	ut_vq_clean(vd_cvq(d));
}

/*
 * What Linux 6.12's virtio_net sends (virtnet_commit_rss_command): its
 * header struct, then its trailer struct with sizeof() padding after the
 * key; with HASH_REPORT only, the same with one table entry as
 * HASH_CONFIG, its queue count in reserved[].
 */
static void ctrl_linux_layout(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	struct vd_dev *h = rdev(e, 1, F_HR);
	uint8_t hdr[8 + 2 * 128], tr[4 + 40], hhdr[10];
	struct vd_iov iov[2] = { { hdr, sizeof(hdr) }, { tr, sizeof(tr) } };
	struct ovnic_resp_rss_query q;
	unsigned int i;

	memset(hdr, 0, sizeof(hdr));
	hdr[0] = 0x3f;			/* all but the _EX types */
	hdr[4] = 127;
	for (i = 0; i < 128; i++)
		hdr[8 + 2 * i] = (uint8_t)(i % 2);
	memset(tr, 0xcc, sizeof(tr));	/* padding is whatever it is */
	tr[0] = 2;
	tr[1] = 0;
	tr[2] = 40;
	memcpy(tr + 3, pb_ms_key, 40);
	assert_int_equal(vd_ctrl_sg(d, VIRTIO_NET_CTRL_MQ,
				    VIRTIO_NET_CTRL_MQ_RSS_CONFIG, iov, 2),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le16_to_cpu(q.curr_vqp), 2);
	assert_int_equal(ovnic_le16_to_cpu(q.table_len), 128);
	assert_memory_equal(q.key, pb_ms_key, 40);

	memset(hhdr, 0, sizeof(hhdr));
	hhdr[0] = 0x3f;
	iov[0] = (struct vd_iov){ hhdr, sizeof(hhdr) };
	assert_int_equal(vd_ctrl_sg(h, VIRTIO_NET_CTRL_MQ,
				    VIRTIO_NET_CTRL_MQ_HASH_CONFIG, iov, 2),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 1, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(q.hash_types), 0x3f);
	assert_int_equal(q.steering, OVNIC_RSS_STEER_AUTO);
}

/* A valid RSS_CONFIG is what RSS_QUERY reads back. */
static void ctrl_rss_readback(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	uint16_t table[8] = { 3, 2, 1, 0, 0, 1, 2, 3 };
	struct vd_rss rss = { .hash_types = HT(TCPv6) | HT(IPv4),
			      .table_len = 8, .table = table,
			      .unclassified = 1, .max_tx_vq = 3, .key_len = 20,
			      .key = pb_ms_key };
	struct ovnic_resp_rss_query q;
	unsigned int i;

	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_hash_tunnel(d, TT(GENEVE)), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, TT(VXLAN)),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(q.hash_types),
			 HT(TCPv6) | HT(IPv4));
	assert_int_equal(ovnic_le32_to_cpu(q.supported_hash_types), T_ALL);
	assert_int_equal(ovnic_le32_to_cpu(q.guest_tunnel_types), TT(GENEVE));
	assert_int_equal(ovnic_le32_to_cpu(q.policy_tunnel_types), TT(VXLAN));
	/* the driver negotiated HASH_TUNNEL: its setting is the one used */
	assert_int_equal(ovnic_le32_to_cpu(q.active_tunnel_types),
			 TT(GENEVE));
	assert_int_equal(ovnic_le32_to_cpu(q.supported_tunnel_types), T_ALL);
	assert_int_equal(ovnic_le32_to_cpu(q.flags), OVNIC_RSS_F_HASH_REPORT |
			 OVNIC_RSS_F_RSS | OVNIC_RSS_F_HASH_TUNNEL);
	assert_int_equal(ovnic_le16_to_cpu(q.curr_vqp), 3);
	assert_int_equal(ovnic_le16_to_cpu(q.max_tx_vq), 3);
	assert_int_equal(ovnic_le16_to_cpu(q.unclassified_queue), 1);
	assert_int_equal(ovnic_le16_to_cpu(q.table_len), 8);
	assert_int_equal(q.steering, OVNIC_RSS_STEER_TABLE);
	assert_int_equal(q.key_len, 20);
	assert_memory_equal(q.key, pb_ms_key, 20);
	for (i = 0; i < 20; i++)
		assert_int_equal(q.key[20 + i], 0);
	for (i = 0; i < 8; i++)
		assert_int_equal(ovnic_le16_to_cpu(q.table[i]), table[i]);
}

/* 2.4 + 5.1.6.5.6: reset forgets it all but the host's policy. */
static void rss_reset(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_TUN);
	struct ovnic_resp_rss_query q;
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	unsigned int i;

	ctrl_baseline(d);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, TT(NVGRE)),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_dev_reinit(d), 0);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(q.hash_types, 0);
	assert_int_equal(q.guest_tunnel_types, 0);
	assert_int_equal(q.active_tunnel_types, 0);
	assert_int_equal(ovnic_le32_to_cpu(q.policy_tunnel_types), TT(NVGRE));
	assert_int_equal(q.steering, OVNIC_RSS_STEER_AUTO);
	assert_int_equal(ovnic_le16_to_cpu(q.curr_vqp), 1);
	assert_int_equal(q.key_len, 0);
	assert_int_equal(q.max_tx_vq, 0);
	assert_int_equal(q.unclassified_queue, 0);
	for (i = 0; i < 128; i++)
		assert_int_equal(q.table[i], 0);
	/* only receiveq1, and no hash in the header */
	for (i = 0; i < NQ; i++) {
		vd_rx_fill(vd_rxq(d, i), 64, RX_BUF);
		vd_vq_kick_run(vd_rxq(d, i));
	}
	for (i = 0; i < 16; i++) {
		fill_ip(&ip, false, 6, (uint16_t)i);
		assert_int_equal(send_check(e, d, f, ip_frame(f, d, &ip), 0, 0),
				 0);
	}
}

/* ---- features, config space, mailbox ---- */

static void rss_features(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = NQ };
	struct vd_dev *d;
	int err;

	/* HASH_TUNNEL needs RSS or HASH_REPORT (5.1.3.1) */
	cfg.dev_id = 0;
	cfg.offered = VD_F_DEFAULT | VD_BIT(VD_NET_F_HASH_TUNNEL);
	assert_null(vd_dev_new(e->c, &cfg, &err));
	assert_int_equal(err, OVNIC_STATUS_BAD_PARAM);
	cfg.offered = 0;
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT |
					  VD_BIT(VD_NET_F_HASH_TUNNEL)),
			 -ENOTSUP);
	assert_int_equal(vd_dev_reset(d), 0);
	/* HASH_REPORT and RSS need the control queue */
	assert_int_equal(vd_dev_negotiate(d, VD_BIT(VIRTIO_F_VERSION_1) |
					  VD_BIT(VIRTIO_NET_F_HASH_REPORT)),
			 -ENOTSUP);
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, VD_BIT(VIRTIO_F_VERSION_1) |
					  VD_BIT(VIRTIO_NET_F_RSS)), -ENOTSUP);
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, F_TUN), 0);
	/* RSS alone means max_virtqueue_pairs queues too (5.1.2) */
	assert_int_equal(vd_dev_reset(d), 0);
	assert_int_equal(vd_dev_negotiate(d, F_RSS & ~VD_BIT(VIRTIO_NET_F_MQ)),
			 0);
	assert_int_equal(d->cvq_idx, 2 * NQ);
}

#define CFG_LEN	28	/* struct virtio_net_config of virtio 1.4 */

static void rss_config_space(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = NQ };
	struct virtio_net_config c;
	uint32_t tunnels;
	uint8_t raw[CFG_LEN];
	struct vd_dev *d;

	/* virtio 1.4: supported_tunnel_types follows supported_hash_types */
	assert_int_equal(sizeof(c), 24);
	d = ut_dev(e, 0, &cfg);
	assert_int_equal(vd_config_read(d, 0, raw, CFG_LEN), 0);
	memcpy(&c, raw, sizeof(c));
	assert_int_equal(c.rss_max_key_size, 40);
	assert_int_equal(c.rss_max_indirection_table_length, 128);
	assert_int_equal(c.supported_hash_types, T_ALL);
	memcpy(&tunnels, raw + 24, 4);
	assert_int_equal(tunnels, T_ALL);
	/* and is the last field */
	assert_int_not_equal(vd_config_read(d, CFG_LEN, raw, 1), 0);
	/* a device offering none of them shows zeroes */
	cfg.offered = VD_F_DEFAULT;
	d = ut_dev(e, 1, &cfg);
	assert_int_equal(vd_config_read(d, 0, raw, CFG_LEN), 0);
	memcpy(&c, raw, sizeof(c));
	assert_int_equal(c.rss_max_key_size, 0);
	assert_int_equal(c.rss_max_indirection_table_length, 0);
	assert_int_equal(c.supported_hash_types, 0);
	memcpy(&tunnels, raw + 24, 4);
	assert_int_equal(tunnels, 0);
}

static void rss_mailbox(void **state)
{
	struct ut_env *e = *state;
	struct ovnic_resp_rss_query q;
	struct ovnic_cmd_rss_set_policy p = {
		.tunnel_types = ovnic_cpu_to_le32(1),
	};
	struct ovnic_cmd_hdr h;
	uint8_t small[16];

	rdev(e, 0, F_RSS);
	assert_int_equal(vd_cmd_rss_query(e->c, 5, &q), OVNIC_STATUS_NO_DEVICE);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 5, 1),
			 OVNIC_STATUS_NO_DEVICE);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, 1u << 9),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, 0x80000000u),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(q.policy_tunnel_types, 0);
	assert_int_equal(ovnic_le32_to_cpu(q.flags),
			 OVNIC_RSS_F_HASH_REPORT | OVNIC_RSS_F_RSS);
	assert_int_equal(vd_cmd_rss_set_policy(e->c, 0, T_ALL),
			 OVNIC_STATUS_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &q), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le32_to_cpu(q.policy_tunnel_types), T_ALL);
	/* no HASH_TUNNEL negotiated: the policy is what the card uses */
	assert_int_equal(ovnic_le32_to_cpu(q.active_tunnel_types), T_ALL);
	/* short buffers */
	vd_cmd_hdr_init(&h, OVNIC_CMD_RSS_QUERY, 0);
	assert_int_equal(vd_mbox(e->c, &h, sizeof(h), small, sizeof(small)),
			 OVNIC_STATUS_BAD_LENGTH);
	vd_cmd_hdr_init(&p.hdr, OVNIC_CMD_RSS_SET_POLICY, 0);
	assert_int_equal(vd_mbox(e->c, &p, sizeof(p) - 1, small, 8),
			 OVNIC_STATUS_BAD_LENGTH);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, toeplitz_ms_vectors, ms_rows);
	UT_ADD_TABLE(&l, hash_types, type_rows);
	UT_ADD(&l, hash_vlan_tagged);
	UT_ADD_TABLE(&l, tunnel_types, tun_rows);
	UT_ADD_TABLE(&l, tunnel_policy, tun_rows);
	UT_ADD_TABLE(&l, tunnel_pieces, tun_rows);
	UT_ADD_TABLE(&l, tunnel_truncated, tun_rows);
	UT_ADD_TABLE(&l, tunnel_malformed, bad_rows);
	UT_ADD(&l, steer_table);
	UT_ADD(&l, steer_modes);
	UT_ADD(&l, steer_hash_config);
	UT_ADD(&l, steer_dev_to_dev);
	UT_ADD(&l, steer_loopback);
	UT_ADD(&l, steer_32_pairs);
	UT_ADD(&l, steer_queue_not_ready);
	UT_ADD(&l, tx_hash_header);
	UT_ADD_TABLE(&l, ctrl_validate, cmd_rows);
	UT_ADD(&l, ctrl_linux_layout);
	UT_ADD(&l, ctrl_rss_readback);
	UT_ADD(&l, rss_reset);
	UT_ADD(&l, rss_features);
	UT_ADD(&l, rss_config_space);
	UT_ADD(&l, rss_mailbox);
	return ut_run("rss", &l);
}
