// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_offload_path: the frames of an operation, built from the input,
 * and what the card must do with them, written from docs/offloads.md and
 * virtio 1.2 (5.1.3.1, 5.1.6.2, 5.1.6.4) without the firmware's code: the
 * feature dependencies, the transmit header check, and which receiver
 * takes a frame whole and which gets it cut.  See fop.h.
 */
#include <stdlib.h>
#include <string.h>

#include "fop.h"

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static bool has(uint64_t f, unsigned int bit)
{
	return f & VD_BIT(bit);
}

/* ---- features (5.1.3.1) ---- */

/* Feature @bit needs one of @any_of. */
struct fp_dep {
	unsigned int bit;
	uint64_t any_of;
};

#define B(x)	VD_BIT(VIRTIO_NET_F_##x)

/* In an order fp_features_fix() can drop them in: dependents first. */
static const struct fp_dep fp_deps[] = {
	{ VIRTIO_NET_F_GUEST_ECN, B(GUEST_TSO4) | B(GUEST_TSO6) },
	{ VIRTIO_NET_F_GUEST_TSO4, B(GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_TSO6, B(GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_UFO, B(GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_USO4, B(GUEST_CSUM) },
	{ VIRTIO_NET_F_GUEST_USO6, B(GUEST_CSUM) },
	{ VIRTIO_NET_F_HOST_ECN, B(HOST_TSO4) | B(HOST_TSO6) },
	{ VIRTIO_NET_F_HOST_TSO4, B(CSUM) },
	{ VIRTIO_NET_F_HOST_TSO6, B(CSUM) },
	{ VIRTIO_NET_F_HOST_USO, B(CSUM) },
	{ VIRTIO_NET_F_CTRL_GUEST_OFFLOADS, B(CTRL_VQ) },
	/* the card's choice, as its other control-queue features */
	{ VIRTIO_NET_F_HASH_REPORT, B(CTRL_VQ) },
};

bool fp_features_ok(uint64_t f)
{
	unsigned int i;

	for (i = 0; i < FZ_ARRAY_SIZE(fp_deps); i++)
		if (has(f, fp_deps[i].bit) && !(f & fp_deps[i].any_of))
			return false;
	return true;
}

uint64_t fp_features_fix(uint64_t f)
{
	unsigned int i, pass;

	/* GUEST_ECN may lose its TSO only after it was looked at */
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < FZ_ARRAY_SIZE(fp_deps); i++)
			if (has(f, fp_deps[i].bit) &&
			    !(f & fp_deps[i].any_of))
				f &= ~VD_BIT(fp_deps[i].bit);
	return f;
}

static const uint8_t fp_sel_bit[FP_SEL_NUM] = {
	[FP_SEL_CSUM]			= VIRTIO_NET_F_CSUM,
	[FP_SEL_GUEST_CSUM]		= VIRTIO_NET_F_GUEST_CSUM,
	[FP_SEL_CTRL_GUEST_OFFLOADS]	= VIRTIO_NET_F_CTRL_GUEST_OFFLOADS,
	[FP_SEL_CTRL_VQ]		= VIRTIO_NET_F_CTRL_VQ,
	[FP_SEL_GUEST_TSO4]		= VIRTIO_NET_F_GUEST_TSO4,
	[FP_SEL_GUEST_TSO6]		= VIRTIO_NET_F_GUEST_TSO6,
	[FP_SEL_GUEST_ECN]		= VIRTIO_NET_F_GUEST_ECN,
	[FP_SEL_GUEST_USO4]		= VIRTIO_NET_F_GUEST_USO4,
	[FP_SEL_GUEST_USO6]		= VIRTIO_NET_F_GUEST_USO6,
	[FP_SEL_HOST_TSO4]		= VIRTIO_NET_F_HOST_TSO4,
	[FP_SEL_HOST_TSO6]		= VIRTIO_NET_F_HOST_TSO6,
	[FP_SEL_HOST_ECN]		= VIRTIO_NET_F_HOST_ECN,
	[FP_SEL_HOST_USO]		= VIRTIO_NET_F_HOST_USO,
	[FP_SEL_MRG_RXBUF]		= VIRTIO_NET_F_MRG_RXBUF,
	[FP_SEL_HASH_REPORT]		= VIRTIO_NET_F_HASH_REPORT,
	[FP_SEL_GUEST_HDRLEN]		= VIRTIO_NET_F_GUEST_HDRLEN,
};

uint64_t fp_features(uint16_t sel, uint8_t flags)
{
	uint64_t f = VD_BIT(VIRTIO_F_VERSION_1) |
		     VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |
		     VD_BIT(VIRTIO_RING_F_INDIRECT_DESC) |
		     VD_BIT(VIRTIO_NET_F_MAC) | VD_BIT(VIRTIO_NET_F_MTU) |
		     VD_BIT(VIRTIO_NET_F_STATUS);
	unsigned int i;

	for (i = 0; i < FP_SEL_NUM; i++)
		if (sel & (1u << i))
			f |= VD_BIT(fp_sel_bit[i]);
	if (flags & FP_DEVF_EVENT_IDX)
		f |= VD_BIT(VIRTIO_RING_F_EVENT_IDX);
	return f;
}

/* ---- the transmit header check (docs/offloads.md, 5.1.6.2) ---- */

/* Ethernet with at most one 802.1Q or 802.1ad tag. */
static int eth_type(const uint8_t *f, uint32_t len, uint16_t *l3,
		    uint16_t *type)
{
	if (len < 14)
		return -1;
	*type = be16(f + 12);
	*l3 = 14;
	if (*type == 0x8100 || *type == 0x88a8) {
		if (len < 18)
			return -1;
		*type = be16(f + 16);
		*l3 = 18;
	}
	return 0;
}

/* A GSO type the sender negotiated, NEEDS_CSUM and a segment size. */
static int gso_type_ok(const struct virtio_net_hdr_v1 *h, uint64_t feat)
{
	uint8_t base = h->gso_type & (uint8_t)~FP_ECN;
	bool ecn = h->gso_type & FP_ECN;

	if (base == VIRTIO_NET_HDR_GSO_TCPV4) {
		if (!has(feat, VIRTIO_NET_F_HOST_TSO4))
			return -1;
	} else if (base == VIRTIO_NET_HDR_GSO_TCPV6) {
		if (!has(feat, VIRTIO_NET_F_HOST_TSO6))
			return -1;
	} else if (base == VIRTIO_NET_HDR_GSO_UDP_L4) {
		if (!has(feat, VIRTIO_NET_F_HOST_USO) || ecn)
			return -1;
	} else {
		return -1;	/* GSO_UDP (UFO) and anything unknown */
	}
	if (ecn && !has(feat, VIRTIO_NET_F_HOST_ECN))
		return -1;
	if (!(h->flags & FP_NEEDS) || !h->gso_size)
		return -1;
	return 0;
}

/* IPv4 without fragments, or IPv6 with TCP/UDP right after it. */
static int gso_ip(const uint8_t *f, uint32_t len, uint8_t base,
		  uint16_t type, struct fp_off *o)
{
	const uint8_t *ip = f + o->l3;
	uint32_t ihl;

	if (type == 0x0800 && base != VIRTIO_NET_HDR_GSO_TCPV6) {
		if (len < o->l3 + 20u || ip[0] >> 4 != 4 || ip[9] != o->proto)
			return -1;
		ihl = (ip[0] & 15) * 4u;
		if (ihl < 20 || be16(ip + 6) & 0x3fff)
			return -1;
		o->l4 = (uint16_t)(o->l3 + ihl);
		return 0;
	}
	if (type == 0x86dd && base != VIRTIO_NET_HDR_GSO_TCPV4) {
		if (len < o->l3 + 8u || ip[0] >> 4 != 6 || ip[6] != o->proto)
			return -1;
		o->v6 = true;
		o->l4 = (uint16_t)(o->l3 + 40);
		return 0;
	}
	return -1;
}

int fp_offload_check(const uint8_t *f, uint32_t len,
		     const struct virtio_net_hdr_v1 *h, uint64_t feat,
		     struct fp_off *o)
{
	uint8_t base = h->gso_type & (uint8_t)~FP_ECN;
	uint32_t doff, payload, seg, ip_len;
	uint16_t type;

	memset(o, 0, sizeof(*o));
	if (h->flags & FP_NEEDS) {
		if (!has(feat, VIRTIO_NET_F_CSUM) ||
		    (uint32_t)h->csum_start + h->csum_offset + 2 > len)
			goto bad;
		o->flags = FP_NEEDS;
		o->csum_start = h->csum_start;
		o->csum_offset = h->csum_offset;
	}
	if (h->gso_type == VIRTIO_NET_HDR_GSO_NONE)
		return 0;
	if (gso_type_ok(h, feat) || eth_type(f, len, &o->l3, &type))
		goto bad;
	o->proto = base == VIRTIO_NET_HDR_GSO_UDP_L4 ? 17 : 6;
	if (gso_ip(f, len, base, type, o) || h->csum_start != o->l4)
		goto bad;
	if (o->proto == 17) {
		if (h->csum_offset != 6 || len < o->l4 + 8u)
			goto bad;
		o->end = (uint16_t)(o->l4 + 8);
	} else {
		if (h->csum_offset != 16 || len < o->l4 + 20u)
			goto bad;
		doff = (f[o->l4 + 12] >> 4) * 4u;
		if (doff < 20)
			goto bad;
		o->end = (uint16_t)(o->l4 + doff);
	}
	/* headers the card rebuilds, some payload, 64 KiB, 1024 segments */
	if (o->end > FP_GSO_HDR_MAX || o->end >= len || len > FP_FRAME_MAX)
		goto bad;
	payload = len - o->end;
	if ((payload - 1) / h->gso_size + 1 > FP_GSO_SEGS_MAX)
		goto bad;
	seg = o->end + (payload < h->gso_size ? payload : h->gso_size);
	ip_len = o->v6 ? seg - o->l4 : seg - o->l3;
	if (ip_len > 0xffff)
		goto bad;
	o->gso_type = h->gso_type;
	o->gso_size = h->gso_size;
	return 0;
bad:
	memset(o, 0, sizeof(*o));
	return -1;
}

/* ---- receivers ---- */

bool fp_rx_on(const struct fp_dev *v, unsigned int bit)
{
	return v->guest & VD_BIT(bit);
}

/* The matching GUEST_* offload in force, and GUEST_CSUM (5.1.6.4). */
bool fp_takes_gso(const struct fp_dev *v, const struct fp_off *o)
{
	uint8_t base = o->gso_type & (uint8_t)~FP_ECN;
	unsigned int bit;

	if (!fp_rx_on(v, VIRTIO_NET_F_GUEST_CSUM))
		return false;
	if (o->gso_type & FP_ECN && !fp_rx_on(v, VIRTIO_NET_F_GUEST_ECN))
		return false;
	if (base == VIRTIO_NET_HDR_GSO_TCPV4)
		bit = VIRTIO_NET_F_GUEST_TSO4;
	else if (base == VIRTIO_NET_HDR_GSO_TCPV6)
		bit = VIRTIO_NET_F_GUEST_TSO6;
	else
		bit = o->v6 ? VIRTIO_NET_F_GUEST_USO6 : VIRTIO_NET_F_GUEST_USO4;
	return fp_rx_on(v, bit);
}

/* The tag's four bytes count only for 802.1Q, as the card's MTU check. */
bool fp_tagged(const uint8_t *f, uint32_t len)
{
	return len >= 14 && f[12] == 0x81 && f[13] == 0x00;
}

bool fp_fits_mtu(const struct fp_dev *v, const uint8_t *f, uint32_t len)
{
	return len <= v->mtu + 14u + (fp_tagged(f, len) ? 4 : 0);
}

uint32_t fp_seg_payload(const struct fp_frame *fr, uint32_t k)
{
	uint32_t payload = fr->len - fr->off.end, at = k * fr->off.gso_size;

	return payload - at < fr->off.gso_size ? payload - at :
						 fr->off.gso_size;
}

/* ---- frames from the input ---- */

static const uint8_t fp_far_src[6] = { 0x02, 0, 0, 0, 0x99, 0x01 };

/* A valid TCP or UDP frame, as pktbuild makes it; its layout in *lay. */
static void build_valid(struct fp *s, struct fp_frame *fr, uint8_t k,
			uint8_t t, uint16_t pay, const uint8_t dst[6],
			const uint8_t src[6], struct pb_layout *lay)
{
	static uint8_t buf[FP_FRAME_MAX];
	struct pb_flow fl;
	uint32_t max;

	memset(&fl, 0, sizeof(fl));
	fl.v6 = k & FP_K_V6;
	fl.proto = k & FP_K_UDP ? PB_UDP : PB_TCP;
	fl.vlan = k & FP_K_VLAN ? (uint16_t)(1 + t % 7) : PB_NO_VLAN;
	memcpy(fl.dst_mac, dst, 6);
	memcpy(fl.src_mac, src, 6);
	if (fl.v6) {
		pb_v6(fl.src, 0x10, 1);
		pb_v6(fl.dst, 0x20, 2);
	} else {
		pb_v4(fl.src, 192, 0, 2, 1);
		pb_v4(fl.dst, 198, 51, 100, 2);
	}
	fl.sport = (uint16_t)(40000 + s->seed);
	fl.dport = 5201;
	fl.ip_id = (uint16_t)(0xfff0 + (t >> 4));	/* wraps when cut */
	fl.seq = 0xffffc000u + t * 977u;		/* so does this */
	fl.tcp_flags = k & FP_K_TCPFLAGS ? t : 0;
	fl.tcp_opt_len = fl.proto == PB_TCP && k & FP_K_TCPOPT ? 12 : 0;
	fl.seed = s->seed++;
	fl.csum_partial = !(k & FP_K_COMPLETE);
	max = PB_IP_MAX - (fl.v6 ? 40u : 20u) -
	      (fl.proto == PB_TCP ? 20u + fl.tcp_opt_len : 8u);
	fl.payload = pay % (max + 1);
	fr->len = pb_flow_frame(buf, sizeof(buf), &fl, lay);
	fz_assert(fr->len);
	fr->data = malloc(fr->len);
	fz_assert(fr->data);
	memcpy(fr->data, buf, fr->len);
}

/* Field @i of the header the input tweaks. */
static void tweak(struct virtio_net_hdr_v1 *h, unsigned int i, uint16_t x)
{
	switch (i % 6) {
	case 0:
		h->flags ^= (uint8_t)x;
		break;
	case 1:
		h->gso_type ^= (uint8_t)x;
		break;
	case 2:
		h->hdr_len ^= x;
		break;
	case 3:
		h->gso_size ^= x;
		break;
	case 4:
		h->csum_start ^= x;
		break;
	default:
		h->csum_offset ^= x;
		break;
	}
}

/*
 * Bytes of a valid frame flipped, in the 256 after the addresses (the
 * headers, mostly), perhaps cut short, perhaps with bytes after the IP
 * packet (up to 1 KiB: past 64 KiB of IP too).  The addresses stay: the
 * sender's is its own, as its MAC policy wants.
 */
static void corrupt(struct fz_in *in, struct fp_frame *fr)
{
	uint8_t c = fz_u8(in);
	unsigned int n = c % 8, i;
	uint32_t more;

	for (i = 0; i < n; i++) {
		uint8_t off = fz_u8(in), x = fz_u8(in);

		fr->data[12 + off % (fr->len - 12)] ^= x;
	}
	if (c & 8)
		fr->len = fz_u16(in) % (fr->len + 1);
	if (c & 16) {
		/* (a cut leaves the bytes: the addresses are still there) */
		more = 1 + fz_u8(in) * 4u;
		fr->data = realloc(fr->data, fr->len + more);
		fz_assert(fr->data);
		for (i = 0; i < more; i++)
			if (fr->len + i >= 12)
				fr->data[fr->len + i] = (uint8_t)(i * 13 + c);
		fr->len += more;
	}
}

void fp_frame_build(struct fp *s, struct fp_frame *fr, const uint8_t dst[6],
		    const uint8_t src[6], bool wire)
{
	struct fz_in *in = s->in;
	struct virtio_net_hdr_v1 *h = &fr->hdr;
	uint8_t k = fz_u8(in), t = fz_u8(in);
	uint16_t pay = fz_u16(in);
	uint8_t hm = fz_u8(in);
	uint16_t gso = fz_u16(in);
	struct pb_layout lay;
	bool corrupted = k % 4 == 0;

	memset(fr, 0, sizeof(*fr));
	build_valid(s, fr, k, t, pay, dst, src ? src : fp_far_src, &lay);
	switch (hm % 4) {
	case FP_H_NONE:
		break;
	case FP_H_CSUM:
		h->flags = FP_NEEDS;
		h->csum_start = lay.l4_off;
		h->csum_offset = lay.csum_offset;
		break;
	case FP_H_GSO:
		h->flags = FP_NEEDS;
		h->csum_start = lay.l4_off;
		h->csum_offset = lay.csum_offset;
		h->gso_type = lay.gso_type | (hm & FP_H_ECN ? FP_ECN : 0);
		h->gso_size = gso;
		h->hdr_len = lay.hdr_len;
		break;
	default:
		h->flags = fz_u8(in);
		h->gso_type = fz_u8(in);
		h->hdr_len = fz_u16(in);
		h->gso_size = gso;
		h->csum_start = fz_u16(in);
		h->csum_offset = fz_u16(in);
		break;
	}
	if (hm & FP_H_TWEAK)
		tweak(h, hm >> 4, fz_u16(in));
	if (wire && hm & FP_H_DATA_VALID)
		h->flags |= FP_VALID;
	if (corrupted)
		corrupt(in, fr);
	/* what must hold of its checksum when it arrives without NEEDS_CSUM */
	if (corrupted)
		fr->csum_valid = false;
	else if (h->flags & FP_NEEDS)
		fr->csum_valid = !(k & FP_K_COMPLETE) &&
				 h->csum_start == lay.l4_off &&
				 h->csum_offset == lay.csum_offset;
	else
		fr->csum_valid = k & FP_K_COMPLETE;
}

/* ---- fate and route ---- */

static const uint64_t fp_host_offloads =
	VD_BIT(VIRTIO_NET_F_CSUM) | VD_BIT(VIRTIO_NET_F_HOST_TSO4) |
	VD_BIT(VIRTIO_NET_F_HOST_TSO6) | VD_BIT(VIRTIO_NET_F_HOST_ECN) |
	VD_BIT(VIRTIO_NET_F_HOST_USO);

void fp_frame_fate(struct fp_frame *fr, const struct fp_dev *v)
{
	fr->fate = FP_ACCEPT;
	if (!v) {
		/* the port: an skb's pieces, checked as a driver's header */
		if (!fr->npieces || fr->npieces > OVNIC_WIRE_MAX_PIECES ||
		    fr->len < 14 || fr->len > FP_FRAME_MAX)
			fr->fate = FP_BAD_DESC;
		else if (fp_offload_check(fr->data, fr->len, &fr->hdr,
					  fp_host_offloads, &fr->off))
			fr->fate = FP_BAD_OFFLOAD;
		else if (!fr->off.gso_type && fr->len > FP_PLAIN_MAX)
			fr->fate = FP_BAD_DESC;
		else if (fr->hdr.flags & FP_VALID && !fr->off.flags)
			fr->off.flags = FP_VALID;
		return;
	}
	if (fr->bad_chain)
		fr->fate = fr->bad_chain_desc ? FP_BAD_DESC : FP_BAD_ADDR;
	else if (fr->len < 14)
		fr->fate = FP_BAD_DESC;
	else if (fr->len > FP_FRAME_MAX)
		fr->fate = FP_TOO_BIG;
	else if (fp_offload_check(fr->data, fr->len, &fr->hdr,
				  v->features & fp_host_offloads, &fr->off))
		fr->fate = FP_BAD_OFFLOAD;
	else if (!fr->off.gso_type && fr->len > v->mtu + 14u &&
		 !(fr->len <= v->mtu + 18u && fp_tagged(fr->data, fr->len)))
		fr->fate = FP_TOO_BIG;
}

static bool is_dev_mac(const struct fp *s, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < FP_NDEV; i++)
		if (!memcmp(s->dev[i].mac, mac, 6))
			return true;
	return false;
}

/*
 * The switch (docs/offloads.md "The switch"): multicast to every other
 * device and out of the port; unicast to the device that owns the
 * address, never back to the sender; from a device, an address no device
 * owns goes out of the port only (the devices here take no unknown
 * unicast: their address spaces are not identity).  Every filter is
 * promiscuous, every link up.  A device that doesn't run takes nothing.
 */
void fp_frame_route(struct fp *s, struct fp_frame *fr)
{
	const uint8_t *dst = fr->data;
	bool mc;
	unsigned int r;

	memset(fr->how, 0, sizeof(fr->how));
	fr->nseg = 0;
	if (fr->fate != FP_ACCEPT)
		return;
	mc = dst[0] & 1;
	if (fr->off.gso_type)
		fr->nseg = (fr->len - fr->off.end + fr->off.gso_size - 1) /
			   fr->off.gso_size;
	for (r = 0; r < FP_NDEV; r++) {
		const struct fp_dev *v = &s->dev[r];

		if ((int)r == fr->src || !v->running)
			continue;
		if (!mc && memcmp(dst, v->mac, 6))
			continue;
		fr->how[r] = fr->off.gso_type && !fp_takes_gso(v, &fr->off) ?
			     FP_SEGS : FP_WHOLE;
	}
	if (fr->src >= 0 && (mc || !is_dev_mac(s, dst)))
		fr->how[FP_WIRE] = FP_WHOLE;
}
