// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The inner header hash of virtio 1.4: every tunnel type with IPv4/IPv6
 * and TCP/UDP inside, the host's inner-hash policy, frames in many
 * pieces, truncated and malformed tunnel headers.
 */
#include "test_rss.h"

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

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, tunnel_types, tun_rows);
	UT_ADD_TABLE(&l, tunnel_policy, tun_rows);
	UT_ADD_TABLE(&l, tunnel_pieces, tun_rows);
	UT_ADD_TABLE(&l, tunnel_truncated, tun_rows);
	UT_ADD_TABLE(&l, tunnel_malformed, bad_rows);
	return ut_run("rss_tunnel", &l);
}
