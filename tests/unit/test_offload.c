// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Checksum offload and segmentation (net_offload.c), called directly:
 *
 *   csum/...    fw_csum_complete() against a byte-at-a-time RFC 1071 sum
 *               over random lengths, offsets and piece splits (odd
 *               lengths, odd addresses, empty pieces), known answers;
 *   gso/...     TSO4, TSO6 and USO over IPv4 and IPv6 of frames built
 *               here, in both checksum modes: every segment checked
 *               against what the test computes itself (lengths, IPv4
 *               identification and header checksum, TCP sequence numbers
 *               and flags, UDP length, the L4 checksum over its pseudo
 *               header, the payload in order);
 *   hdr/...     every rule of fw_offload_from_hdr(), each row run on a
 *               frame in one piece and on one whose headers are cut into
 *               pieces of 1-3 bytes.
 *
 * The firmware's own header comes in, not vdriver's, whose Linux virtio
 * headers define the same structures: so no unit.h here, and a small
 * runner of its own with the same UT_FILTER / UT_SKIP variables.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "../../firmware-model/src/net_offload.h"

#define N_ELEM(a)	(sizeof(a) / sizeof((a)[0]))
#define BIT(n)		(1ull << (n))
#define F_ALL		(BIT(VIRTIO_NET_F_CSUM) | BIT(VIRTIO_NET_F_HOST_TSO4) | \
			 BIT(VIRTIO_NET_F_HOST_TSO6) | \
			 BIT(VIRTIO_NET_F_HOST_ECN) | BIT(VIRTIO_NET_F_HOST_USO))

#define TCP_FIN		0x01
#define TCP_SYN		0x02
#define TCP_PSH		0x08
#define TCP_ACK		0x10
#define TCP_ECE		0x40
#define TCP_CWR		0x80

/* ---- randomness: fixed seed, OFFLOAD_SEED to vary it ---- */

static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint32_t rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)(rng >> 16);
}

static uint32_t rnd_below(uint32_t n)
{
	return n ? rnd() % n : 0;
}

/* ---- the reference: RFC 1071, one byte at a time ---- */

/* Add @n bytes whose first is at position @pos of the summed range. */
static uint64_t ref_add(uint64_t sum, const uint8_t *p, size_t n, size_t pos)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum += (pos + i) & 1 ? p[i] : (uint32_t)p[i] << 8;
	return sum;
}

static uint16_t ref_fold(uint64_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

static uint16_t be16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t be32(const uint8_t *p)
{
	return (uint32_t)be16(p) << 16 | be16(p + 2);
}

static void wr16(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void wr32(uint8_t *p, uint32_t v)
{
	wr16(p, v >> 16);
	wr16(p + 2, v);
}

/* A u16 the firmware returns in memory order, as a number. */
static uint16_t mem16(uint16_t v)
{
	uint8_t b[2];

	memcpy(b, &v, 2);
	return be16(b);
}

/* ---- frames in pieces ---- */

enum split {
	SPLIT_ONE,		/* one piece */
	SPLIT_TINY_HDR,		/* 1-3 byte pieces over the first 160 bytes */
	SPLIT_RANDOM,		/* 2-64 pieces, odd sizes, some empty */
};

/* A frame whose pieces each have an allocation of their own (ASan). */
struct tframe {
	struct ovnic_frame f;
	uint8_t *mem[OVNIC_MAX_SEGS];
};

static void tf_free(struct tframe *t)
{
	uint32_t i;

	for (i = 0; i < t->f.npieces; i++)
		free(t->mem[i]);
	t->f.npieces = 0;
}

/* @data cut in pieces of the lengths @plen[0..n), summing to @len. */
static void tf_make(struct tframe *t, const uint8_t *data, uint32_t len,
		    const uint32_t *plen, uint32_t n)
{
	uint32_t i, at = 0;

	assert_true(n >= 1 && n <= OVNIC_MAX_SEGS);
	memset(&t->f, 0, sizeof(t->f));
	for (i = 0; i < n; i++) {
		/* every other piece at an odd address */
		uint32_t odd = rnd() & 1;

		t->mem[i] = malloc(plen[i] + odd + 1);
		assert_non_null(t->mem[i]);
		memcpy(t->mem[i] + odd, data + at, plen[i]);
		/* ends exactly where ASan's redzone starts, but for odd=0 */
		t->f.piece[i] = t->mem[i] + odd;
		t->f.piece_len[i] = plen[i];
		at += plen[i];
	}
	assert_int_equal(at, len);
	t->f.npieces = n;
	t->f.len = len;
	for (i = 0; i < n && t->f.head_len < sizeof(t->f.head); i++) {
		uint32_t k = plen[i];

		if (k > sizeof(t->f.head) - t->f.head_len)
			k = sizeof(t->f.head) - t->f.head_len;
		memcpy(t->f.head + t->f.head_len, t->f.piece[i], k);
		t->f.head_len += k;
	}
}

/* Piece lengths for @len bytes cut as @how says; returns how many. */
static uint32_t split(uint32_t len, enum split how, uint32_t *plen)
{
	uint32_t n = 0, at = 0, i, k, want;

	switch (how) {
	case SPLIT_ONE:
		plen[0] = len;
		return 1;
	case SPLIT_TINY_HDR:
		while (at < len && at < 160 && n < OVNIC_MAX_SEGS - 1) {
			k = 1 + n % 3;
			if (k > len - at)
				k = len - at;
			plen[n++] = k;
			at += k;
		}
		while (at < len && n < OVNIC_MAX_SEGS - 1) {
			k = 1 + rnd_below(4096);
			if (k > len - at)
				k = len - at;
			plen[n++] = k;
			at += k;
		}
		break;
	case SPLIT_RANDOM:
		want = 2 + rnd_below(OVNIC_MAX_SEGS - 1);
		for (i = 0; i < want - 1; i++) {
			k = rnd_below(3) ? rnd_below(2 * (len / want) + 2) :
					   rnd_below(4);
			if (k > len - at)
				k = len - at;
			plen[n++] = k;
			at += k;
		}
		break;
	}
	if (at < len || !n)
		plen[n++] = len - at;
	else
		plen[n - 1] += len - at;
	return n;
}

/* ---- fw_csum_complete ---- */

/* What fw_csum_complete() must return, as a number. */
static uint16_t ref_complete(const uint8_t *d, uint32_t len, uint32_t start)
{
	uint16_t r = (uint16_t)~ref_fold(ref_add(0, d + start, len - start, 0));

	return r ? r : 0xffff;
}

static uint16_t complete(const uint8_t *d, uint32_t len, uint32_t start,
			 uint32_t offset, enum split how)
{
	uint32_t plen[OVNIC_MAX_SEGS], n = split(len, how, plen);
	struct tframe t;
	uint16_t r;

	tf_make(&t, d, len, plen, n);
	t.f.off.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	t.f.off.csum_start = (uint16_t)start;
	t.f.off.csum_offset = (uint16_t)offset;
	r = mem16(fw_csum_complete(&t.f));
	tf_free(&t);
	return r;
}

static void csum_random(void **state)
{
	static uint8_t d[70000];
	uint32_t iter, len, start, off;
	enum split how;

	(void)state;
	for (iter = 0; iter < 3000; iter++) {
		uint32_t i;

		len = iter % 50 == 0 ? 60000 + rnd_below(5553) :
				       2 + rnd_below(iter % 3 ? 200 : 4000);
		start = rnd_below(len - 1);
		off = rnd_below(len - start - 1);
		for (i = 0; i < len; i++)
			d[i] = (uint8_t)rnd();
		if (iter % 7 == 0)	/* runs of 0xff: carries everywhere */
			memset(d, 0xff, len);
		how = (enum split)(iter % 3);
		if (complete(d, len, start, off, how) !=
		    ref_complete(d, len, start))
			fail_msg("iteration %u: len %u start %u split %d", iter,
				 len, start, how);
	}
}

/* RFC 1071 section 3's example, and the 0 that goes out as 0xffff. */
static void csum_known(void **state)
{
	static const uint8_t rfc[] = { 0x00, 0x01, 0xf2, 0x03,
				       0xf4, 0xf5, 0xf6, 0xf7 };
	static const uint8_t ones[] = { 0xaa, 0xff, 0xff };
	static const uint8_t zero[] = { 0xaa, 0x00, 0x00, 0x00 };
	static const uint8_t odd[] = { 0x12, 0x34, 0x56 };
	uint8_t d[8];

	(void)state;
	memcpy(d, rfc, 8);
	/* sum 0x2ddf0 -> 0xddf2, complement 0x220d */
	assert_int_equal(complete(d, 8, 0, 0, SPLIT_ONE), 0x220d);
	assert_int_equal(complete(d, 8, 0, 6, SPLIT_RANDOM), 0x220d);
	/* sum 0xffff from byte 1: complement 0, stored as 0xffff */
	assert_int_equal(complete(ones, 3, 1, 0, SPLIT_ONE), 0xffff);
	/* all zero: complement 0xffff as well */
	assert_int_equal(complete(zero, 4, 1, 0, SPLIT_ONE), 0xffff);
	/* an odd end is padded with zero: 0x1234 + 0x5600 */
	assert_int_equal(complete(odd, 3, 0, 0, SPLIT_ONE),
			 (uint16_t)~(0x1234 + 0x5600));
	/* the field holds the pseudo-header sum and is summed with it */
	assert_int_equal(complete(odd, 3, 1, 0, SPLIT_ONE),
			 (uint16_t)~0x3456);
}

/* Pieces of odd lengths: the parity of a byte follows the frame. */
static void csum_odd_pieces(void **state)
{
	uint8_t d[301];
	uint32_t plen[OVNIC_MAX_SEGS], n, i, start;
	struct tframe t;

	(void)state;
	for (i = 0; i < sizeof(d); i++)
		d[i] = (uint8_t)(i * 37 + 11);
	for (start = 0; start < 8; start++) {
		uint32_t sum = 0;

		/* 1, 3, 1, 3 ... with a 2 every fifth: both parities */
		for (n = 0; n < 59; n++) {
			plen[n] = 1 + (n % 2) * 2 + (n % 5 == 0);
			sum += plen[n];
		}
		plen[n++] = sizeof(d) - sum;
		tf_make(&t, d, sizeof(d), plen, n);
		t.f.off.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
		t.f.off.csum_start = (uint16_t)start;
		assert_int_equal(mem16(fw_csum_complete(&t.f)),
				 ref_complete(d, sizeof(d), start));
		tf_free(&t);
	}
}

/* ---- building packets ---- */

struct spec {
	const char *name;
	uint8_t l3;		/* 4 or 6 */
	uint8_t l4;		/* 6 TCP, 17 UDP */
	uint16_t vlan;		/* TPID of one tag, 0 for none */
	uint8_t ip_opts;	/* IPv4 option bytes, multiple of 4 */
	uint8_t tcp_opts;	/* TCP option bytes, multiple of 4 */
	uint32_t payload;
	uint16_t mss;
	uint8_t tcp_flags;
	enum split how;
	bool ecn;		/* GSO type with the ECN bit */
};

struct pkt {
	uint8_t *buf;
	uint32_t len, l3, l4, end;
};

static const uint8_t v4_src[4] = { 192, 0, 2, 1 };
static const uint8_t v4_dst[4] = { 198, 51, 100, 7 };
static const uint8_t v6_src[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
static const uint8_t v6_dst[16] = { 0x20, 0x01, 0x0d, 0xb8, [14] = 0xab,
				    [15] = 2 };

#define SEQ0		0xfffff000u	/* wraps within a 64 KiB frame */
#define IPID0		0xfffeu		/* wraps too */

/* The pseudo-header sum, unfolded (RFC 793, 768, 8200 8.1). */
static uint64_t ref_pseudo(const uint8_t *ip, bool v6, uint8_t proto,
			   uint32_t l4_len)
{
	uint64_t s = v6 ? ref_add(0, ip + 8, 32, 0) : ref_add(0, ip + 12, 8, 0);

	return s + proto + l4_len;
}

static void build(const struct spec *s, struct pkt *p)
{
	uint32_t l4h = s->l4 == 6 ? 20u + s->tcp_opts : 8u, i;
	uint8_t *b, *ip, *th;

	p->l3 = 14 + (s->vlan ? 4 : 0);
	p->l4 = p->l3 + (s->l3 == 4 ? 20u + s->ip_opts : 40u);
	p->end = p->l4 + l4h;
	p->len = p->end + s->payload;
	b = p->buf = calloc(1, p->len);
	assert_non_null(b);
	memcpy(b, "\x02\x00\x00\x00\x00\x01\x02\x00\x00\x00\x00\x02", 12);
	if (s->vlan) {
		wr16(b + 12, s->vlan);
		wr16(b + 14, 0x2064);	/* priority 1, VLAN 100 */
	}
	wr16(b + p->l3 - 2, s->l3 == 4 ? 0x0800 : 0x86dd);
	ip = b + p->l3;
	if (s->l3 == 4) {
		ip[0] = (uint8_t)(0x45 + s->ip_opts / 4);
		ip[1] = 0x02;		/* ECT(0) */
		wr16(ip + 2, p->len - p->l3 > 0xffff ? 0 : p->len - p->l3);
		wr16(ip + 4, IPID0);
		wr16(ip + 6, 0x4000);	/* DF */
		ip[8] = 64;
		ip[9] = s->l4;
		memcpy(ip + 12, v4_src, 4);
		memcpy(ip + 16, v4_dst, 4);
		for (i = 0; i < s->ip_opts; i++)	/* NOP options */
			ip[20 + i] = 1;
		wr16(ip + 10, (uint16_t)~ref_fold(ref_add(0, ip, p->l4 - p->l3,
							  0)));
	} else {
		wr32(ip, 0x60abcdef);
		wr16(ip + 4, p->len - p->l4 > 0xffff ? 0 : p->len - p->l4);
		ip[6] = s->l4;
		ip[7] = 64;
		memcpy(ip + 8, v6_src, 16);
		memcpy(ip + 24, v6_dst, 16);
	}
	th = b + p->l4;
	wr16(th, 40000);
	wr16(th + 2, s->l4 == 6 ? 5201 : 4791);
	if (s->l4 == 6) {
		wr32(th + 4, SEQ0);
		wr32(th + 8, 0x11223344);
		th[12] = (uint8_t)((5 + s->tcp_opts / 4) << 4);
		th[13] = s->tcp_flags;
		wr16(th + 14, 0x7210);
		wr16(th + 18, 0);
		for (i = 0; i < s->tcp_opts; i++)	/* NOP, then TS-ish */
			th[20 + i] = i < 2 ? 1 : (uint8_t)(0x40 + i);
	} else {
		wr16(th + 4, p->len - p->l4 > 0xffff ? 0 : p->len - p->l4);
	}
	/* the field holds the pseudo-header sum, as Linux leaves it */
	wr16(th + (s->l4 == 6 ? 16 : 6),
	     ref_fold(ref_pseudo(ip, s->l3 == 6, s->l4, p->len - p->l4)));
	for (i = p->end; i < p->len; i++)
		b[i] = (uint8_t)rnd();
}

static uint8_t gso_type_of(const struct spec *s)
{
	uint8_t t = s->l4 == 17 ? VIRTIO_NET_HDR_GSO_UDP_L4 :
		    s->l3 == 4 ? VIRTIO_NET_HDR_GSO_TCPV4 :
				 VIRTIO_NET_HDR_GSO_TCPV6;

	return s->ecn ? t | VIRTIO_NET_HDR_GSO_ECN : t;
}

static void make_hdr(const struct spec *s, const struct pkt *p,
		     struct virtio_net_hdr_v1 *h)
{
	memset(h, 0, sizeof(*h));
	h->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	h->gso_type = gso_type_of(s);
	h->hdr_len = ovnic_cpu_to_le16((uint16_t)p->end);
	h->gso_size = ovnic_cpu_to_le16(s->mss);
	h->csum_start = ovnic_cpu_to_le16((uint16_t)p->l4);
	h->csum_offset = ovnic_cpu_to_le16(s->l4 == 6 ? 16 : 6);
}

static void frame_of(struct tframe *t, const struct pkt *p, enum split how)
{
	uint32_t plen[OVNIC_MAX_SEGS], n = split(p->len, how, plen);

	tf_make(t, p->buf, p->len, plen, n);
}

/* ---- segments as fw_gso_segment() hands them out ---- */

struct segs {
	const struct fw_gso_scratch *scr;
	bool partial;
	uint32_t hdr_len;
	uint32_t csum_pos;	/* of the L4 checksum field */
	uint32_t n;
	uint8_t *data[FW_GSO_MAX_SEGS + 1];
	uint32_t len[FW_GSO_MAX_SEGS + 1];
	uint16_t completed[FW_GSO_MAX_SEGS + 1];	/* partial mode */
};

/* The segment's form; its bytes are kept, flat. */
static void collect(void *arg, const struct ovnic_frame *seg)
{
	struct segs *s = arg;
	uint32_t i, at = 0;
	uint8_t *d;

	assert_true(s->n <= FW_GSO_MAX_SEGS);
	assert_true(seg == &s->scr->seg);
	assert_true(seg->npieces >= 2 && seg->npieces <= OVNIC_MAX_SEGS);
	assert_ptr_equal(seg->piece[0], s->scr->hdr);
	assert_int_equal(seg->piece_len[0], s->hdr_len);
	d = malloc(seg->len);
	assert_non_null(d);
	for (i = 0; i < seg->npieces; i++) {
		assert_true(seg->piece_len[i] > 0);
		assert_true(at + seg->piece_len[i] <= seg->len);
		memcpy(d + at, seg->piece[i], seg->piece_len[i]);
		at += seg->piece_len[i];
	}
	assert_int_equal(at, seg->len);
	assert_int_equal(seg->head_len, seg->len < 64 ? seg->len : 64);
	assert_memory_equal(seg->head, d, seg->head_len);
	assert_int_equal(seg->off.gso_type, 0);
	assert_int_equal(seg->off.gso_size, 0);
	if (s->partial) {
		assert_int_equal(seg->off.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
		s->completed[s->n] = fw_csum_complete(seg);
	} else {
		assert_int_equal(seg->off.flags, VIRTIO_NET_HDR_F_DATA_VALID);
	}
	s->data[s->n] = d;
	s->len[s->n++] = seg->len;
}

static void segs_free(struct segs *s)
{
	while (s->n)
		free(s->data[--s->n]);
}

/* An L4 checksum is valid over its pseudo header: the sum is all ones. */
static bool l4_valid(const uint8_t *d, uint32_t len, const struct pkt *p,
		     const struct spec *s)
{
	uint64_t sum = ref_pseudo(d + p->l3, s->l3 == 6, s->l4, len - p->l4);

	return ref_fold(ref_add(sum, d + p->l4, len - p->l4, 0)) == 0xffff;
}

static void check_ip(const struct spec *s, const struct pkt *p,
		     const uint8_t *d, uint32_t len, uint32_t i)
{
	const uint8_t *ip = d + p->l3, *o = p->buf + p->l3;

	if (s->l3 == 4) {
		assert_int_equal(ip[0], o[0]);
		assert_int_equal(ip[1], o[1]);
		assert_int_equal(be16(ip + 2), len - p->l3);
		assert_int_equal(be16(ip + 4), (uint16_t)(IPID0 + i));
		assert_memory_equal(ip + 6, o + 6, 4);
		assert_memory_equal(ip + 12, o + 12, p->l4 - p->l3 - 12);
		assert_int_equal(ref_fold(ref_add(0, ip, p->l4 - p->l3, 0)),
				 0xffff);
	} else {
		assert_memory_equal(ip, o, 4);
		assert_int_equal(be16(ip + 4), len - p->l4);
		assert_memory_equal(ip + 6, o + 6, 34);
	}
}

static void check_l4(const struct spec *s, const struct pkt *p,
		     const uint8_t *d, uint32_t len, uint32_t i, uint32_t n)
{
	const uint8_t *th = d + p->l4, *o = p->buf + p->l4;
	uint8_t flags;

	assert_memory_equal(th, o, 4);
	if (s->l4 == 17) {
		assert_int_equal(be16(th + 4), len - p->l4);
		return;
	}
	assert_int_equal(be32(th + 4), (uint32_t)(SEQ0 + i * s->mss));
	assert_memory_equal(th + 8, o + 8, 5);
	flags = o[13] & (uint8_t)~(TCP_FIN | TCP_PSH | TCP_CWR);
	if (i == 0)
		flags |= o[13] & TCP_CWR;
	if (i == n - 1)
		flags |= o[13] & (TCP_FIN | TCP_PSH);
	assert_int_equal(th[13], flags);
	assert_memory_equal(th + 14, o + 14, 2);
	assert_memory_equal(th + 18, o + 18, p->end - p->l4 - 18);
}

/* Each segment against the original, computed here. */
static void check_segs(const struct spec *s, const struct pkt *p,
		       struct segs *sg)
{
	uint32_t payload = p->len - p->end, at = p->end, i, plen;
	uint32_t n = (payload + s->mss - 1) / s->mss;
	uint32_t field = p->l4 + (s->l4 == 6 ? 16 : 6);
	uint8_t *d;

	assert_int_equal(sg->n, n);
	for (i = 0; i < n; i++) {
		d = sg->data[i];
		plen = payload - i * s->mss < s->mss ? payload - i * s->mss :
						      s->mss;
		assert_int_equal(sg->len[i], p->end + plen);
		assert_memory_equal(d, p->buf, p->l3);
		check_ip(s, p, d, sg->len[i], i);
		check_l4(s, p, d, sg->len[i], i, n);
		assert_memory_equal(d + p->end, p->buf + at, plen);
		at += plen;
		if (sg->partial) {
			/* the pseudo-header sum, not complemented */
			assert_int_equal(be16(d + field),
					 ref_fold(ref_pseudo(d + p->l3,
							     s->l3 == 6, s->l4,
							     sg->len[i] -
							     p->l4)));
			memcpy(d + field, &sg->completed[i], 2);
		}
		assert_true(l4_valid(d, sg->len[i], p, s));
		assert_int_not_equal(be16(d + field), 0);
	}
	assert_int_equal(at, p->len);
}

static void segment_and_check(const struct spec *s, const struct pkt *p,
			      const struct tframe *t, bool partial)
{
	static struct fw_gso_scratch scr;
	static struct segs sg;
	uint32_t n;

	memset(&sg, 0, sizeof(sg));
	memset(&scr, 0x5a, sizeof(scr));
	sg.scr = &scr;
	sg.partial = partial;
	sg.hdr_len = p->end;
	n = fw_gso_segment(&t->f, &scr, partial, collect, &sg);
	assert_int_equal(n, sg.n);
	check_segs(s, p, &sg);
	segs_free(&sg);
}

static void gso_case(void **state)
{
	const struct spec *s = *state;
	struct virtio_net_hdr_v1 h;
	struct tframe t;
	struct pkt p;

	build(s, &p);
	make_hdr(s, &p, &h);
	frame_of(&t, &p, s->how);
	assert_int_equal(fw_offload_from_hdr(&t.f, &h, F_ALL), 0);
	assert_int_equal(t.f.off.flags, VIRTIO_NET_HDR_F_NEEDS_CSUM);
	assert_int_equal(t.f.off.gso_type, gso_type_of(s));
	assert_int_equal(t.f.off.gso_size, s->mss);
	assert_int_equal(t.f.off.csum_start, p.l4);
	assert_int_equal(t.f.off.csum_offset, s->l4 == 6 ? 16 : 6);
	assert_int_equal(t.f.off.l3_off, p.l3);
	assert_int_equal(t.f.off.hdr_len, p.end);
	/* the frame's own checksum completes too */
	{
		uint16_t c = fw_csum_complete(&t.f);
		uint8_t *fld = p.buf + p.l4 + (s->l4 == 6 ? 16 : 6);
		uint8_t save[2];

		memcpy(save, fld, 2);
		memcpy(fld, &c, 2);
		assert_true(l4_valid(p.buf, p.len, &p, s));
		memcpy(fld, save, 2);
	}
	segment_and_check(s, &p, &t, false);
	segment_and_check(s, &p, &t, true);
	tf_free(&t);
	free(p.buf);
}

#define ALLF	(TCP_ACK | TCP_PSH | TCP_FIN | TCP_CWR | TCP_ECE)

static const struct spec gso_rows[] = {
	{ "tso4", 4, 6, .payload = 10000, .mss = 1448, .tcp_flags = ALLF },
	{ "tso4_vlan_options_random_pieces", 4, 6, 0x8100, 8, 12, 4000, 1000,
	  TCP_ACK | TCP_PSH, SPLIT_RANDOM },
	{ "tso4_qinq_tag_tiny_header_pieces", 4, 6, 0x88a8, 0, 0, 7000, 1460,
	  TCP_ACK | TCP_FIN, SPLIT_TINY_HDR },
	{ "tso4_headers_past_head", 4, 6, 0x8100, 40, 40, 9000, 1200,
	  ALLF, SPLIT_TINY_HDR },
	{ "tso4_64k", 4, 6, 0, 0, 12, 65000, 1448, ALLF, SPLIT_RANDOM },
	{ "tso4_one_short_segment", 4, 6, .payload = 500, .mss = 1448,
	  .tcp_flags = ALLF },
	{ "tso4_exactly_one_segment", 4, 6, .payload = 1448, .mss = 1448,
	  .tcp_flags = ALLF },
	{ "tso4_last_one_byte", 4, 6, .payload = 2897, .mss = 1448,
	  .tcp_flags = ALLF, .how = SPLIT_RANDOM },
	{ "tso4_odd_mss_random_pieces", 4, 6, 0, 4, 4, 30001, 1001, ALLF,
	  SPLIT_RANDOM },
	{ "tso4_mss_1_1024_segments", 4, 6, .payload = 1024, .mss = 1,
	  .tcp_flags = ALLF },
	{ "tso4_ecn", 4, 6, .payload = 5000, .mss = 1448,
	  .tcp_flags = TCP_ACK | TCP_CWR | TCP_ECE, .ecn = true },
	{ "tso6", 6, 6, .payload = 10000, .mss = 1428, .tcp_flags = ALLF },
	{ "tso6_vlan_options_tiny_pieces", 6, 6, 0x8100, 0, 40, 6000, 1000,
	  ALLF, SPLIT_TINY_HDR },
	{ "tso6_64k_random_pieces", 6, 6, 0, 0, 0, 65400, 1440, ALLF,
	  SPLIT_RANDOM },
	{ "tso6_odd_mss", 6, 6, 0, 0, 8, 20000, 999, TCP_ACK, SPLIT_RANDOM },
	{ "uso4", 4, 17, .payload = 8000, .mss = 1472 },
	{ "uso4_vlan_tiny_pieces", 4, 17, 0x8100, 8, 0, 4000, 1000,
	  .how = SPLIT_TINY_HDR },
	{ "uso4_odd_mss_random_pieces", 4, 17, 0, 0, 0, 12345, 777,
	  .how = SPLIT_RANDOM },
	{ "uso6", 6, 17, .payload = 8000, .mss = 1452 },
	{ "uso6_64k_random_pieces", 6, 17, 0, 0, 0, 65000, 8000,
	  .how = SPLIT_RANDOM },
	{ "uso6_one_segment", 6, 17, .payload = 100, .mss = 1452 },
};

/* The same frame cut in many ways: the segments never depend on it. */
static void gso_random_splits(void **state)
{
	struct spec s = { "random", 4, 6, 0x8100, 4, 12, 0, 0, ALLF,
			  SPLIT_RANDOM };
	uint32_t iter;

	(void)state;
	for (iter = 0; iter < 120; iter++) {
		void *st = &s;

		s.l3 = iter & 1 ? 6 : 4;
		s.l4 = iter & 2 ? 17 : 6;
		s.vlan = iter & 4 ? 0x8100 : 0;
		s.payload = 1 + rnd_below(iter % 10 ? 9000 : 65000);
		s.mss = (uint16_t)(1 + rnd_below(iter % 4 ? 3000 : 200));
		if ((s.payload - 1) / s.mss + 1 > FW_GSO_MAX_SEGS)
			s.mss = (uint16_t)(s.payload / FW_GSO_MAX_SEGS + 1);
		s.how = (enum split)(iter % 3);
		gso_case(&st);
	}
}

/*
 * A segment's pieces are its header and its payload's: when the payload
 * spans more than OVNIC_MAX_SEGS - 1 of them, segmentation stops there.
 */
static void gso_too_many_pieces(void **state)
{
	struct spec s = { "pieces", 4, 6, .payload = 64, .mss = 64,
			  .tcp_flags = TCP_ACK };
	static struct fw_gso_scratch scr;
	uint32_t plen[OVNIC_MAX_SEGS], i;
	struct virtio_net_hdr_v1 h;
	struct segs *sg = calloc(1, sizeof(*sg));
	struct tframe t;
	struct pkt p;

	(void)state;
	assert_non_null(sg);
	build(&s, &p);
	/* the header and one payload byte, then a byte per piece */
	plen[0] = p.end + 1;
	for (i = 1; i < OVNIC_MAX_SEGS; i++)
		plen[i] = 1;
	tf_make(&t, p.buf, p.len, plen, OVNIC_MAX_SEGS);
	make_hdr(&s, &p, &h);
	assert_int_equal(fw_offload_from_hdr(&t.f, &h, F_ALL), 0);
	sg->scr = &scr;
	sg->hdr_len = p.end;
	/* one segment of 64 pieces of payload: 65 in all */
	assert_int_equal(fw_gso_segment(&t.f, &scr, false, collect, sg), 0);
	assert_int_equal(sg->n, 0);
	/* two of 32: fine */
	t.f.off.gso_size = 32;
	s.mss = 32;
	assert_int_equal(fw_gso_segment(&t.f, &scr, false, collect, sg), 2);
	check_segs(&s, &p, sg);
	segs_free(sg);
	/* 63 pieces of payload in the first segment: exactly 64 */
	t.f.off.gso_size = 63;
	s.mss = 63;
	assert_int_equal(fw_gso_segment(&t.f, &scr, false, collect, sg), 2);
	check_segs(&s, &p, sg);
	segs_free(sg);
	free(sg);
	tf_free(&t);
	free(p.buf);
}

/*
 * The driver rewrites the headers after the check: segmentation reads
 * its own copy and refuses one that no longer fits what was measured.
 */
static void gso_header_changed(void **state)
{
	struct spec s = { "changed", 4, 6, 0x8100, 40, 20, 3000, 1000, ALLF };
	static struct fw_gso_scratch scr;
	struct virtio_net_hdr_v1 h;
	struct segs *sg = calloc(1, sizeof(*sg));
	struct tframe t;
	struct pkt p;
	uint8_t *doff;

	(void)state;
	assert_non_null(sg);
	build(&s, &p);
	make_hdr(&s, &p, &h);
	frame_of(&t, &p, SPLIT_ONE);
	assert_int_equal(fw_offload_from_hdr(&t.f, &h, F_ALL), 0);
	sg->scr = &scr;
	sg->hdr_len = p.end;
	/* past the head, which the frame copied: TCP data offset */
	assert_true(p.l4 + 12 >= sizeof(t.f.head));
	doff = (uint8_t *)t.f.piece[0] + p.l4 + 12;
	*doff = 0xf0;
	assert_int_equal(fw_gso_segment(&t.f, &scr, false, collect, sg), 0);
	*doff = 0x50;
	assert_int_equal(fw_gso_segment(&t.f, &scr, true, collect, sg), 0);
	*doff = (uint8_t)((5 + s.tcp_opts / 4) << 4);
	assert_int_equal(fw_gso_segment(&t.f, &scr, false, collect, sg), 3);
	check_segs(&s, &p, sg);
	segs_free(sg);
	/* not a GSO frame: nothing */
	t.f.off.gso_type = 0;
	assert_int_equal(fw_gso_segment(&t.f, &scr, true, collect, sg), 0);
	free(sg);
	tf_free(&t);
	free(p.buf);
}

/* ---- fw_offload_from_hdr's rules ---- */

struct ocase {
	struct spec s;
	struct pkt p;
	struct virtio_net_hdr_v1 h;
	uint64_t features;
};

struct hdr_row {
	const char *name;
	struct spec base;
	void (*mut)(struct ocase *c);
	int want;
	uint8_t want_flags;	/* f->off.flags when accepted */
};

#define TSO4	{ "", 4, 6, .payload = 3000, .mss = 1000, .tcp_flags = TCP_ACK }
#define TSO6	{ "", 6, 6, .payload = 3000, .mss = 1000, .tcp_flags = TCP_ACK }
#define USO4	{ "", 4, 17, .payload = 3000, .mss = 1000 }
#define USO6	{ "", 6, 17, .payload = 3000, .mss = 1000 }
#define NEEDS	VIRTIO_NET_HDR_F_NEEDS_CSUM

static void set16(ovnic_le16 *f, uint32_t v)
{
	*f = ovnic_cpu_to_le16((uint16_t)v);
}

static void m_none(struct ocase *c)
{
	(void)c;
}

static void m_gso_size_0(struct ocase *c)
{
	set16(&c->h.gso_size, 0);
}

static void m_no_needs_csum(struct ocase *c)
{
	c->h.flags = 0;
}

static void m_no_f_csum(struct ocase *c)
{
	c->features &= ~BIT(VIRTIO_NET_F_CSUM);
}

static void m_no_tso4(struct ocase *c)
{
	c->features &= ~BIT(VIRTIO_NET_F_HOST_TSO4);
}

static void m_no_tso6(struct ocase *c)
{
	c->features &= ~BIT(VIRTIO_NET_F_HOST_TSO6);
}

static void m_no_uso(struct ocase *c)
{
	c->features &= ~BIT(VIRTIO_NET_F_HOST_USO);
}

static void m_only_tso4(struct ocase *c)
{
	c->features = BIT(VIRTIO_NET_F_CSUM) | BIT(VIRTIO_NET_F_HOST_TSO4);
}

static void m_ufo(struct ocase *c)
{
	c->h.gso_type = VIRTIO_NET_HDR_GSO_UDP;
	c->features |= BIT(VIRTIO_NET_F_HOST_UFO);
}

static void m_ecn(struct ocase *c)
{
	c->h.gso_type |= VIRTIO_NET_HDR_GSO_ECN;
}

static void m_ecn_no_feature(struct ocase *c)
{
	m_ecn(c);
	c->features &= ~BIT(VIRTIO_NET_F_HOST_ECN);
}

static void m_ecn_alone(struct ocase *c)
{
	c->h.gso_type = VIRTIO_NET_HDR_GSO_ECN;
}

static void m_type_2(struct ocase *c)
{
	c->h.gso_type = 2;
}

static void m_type_6(struct ocase *c)
{
	c->h.gso_type = 6;
}

static void m_type_7f(struct ocase *c)
{
	c->h.gso_type = 0x7f;
}

static void m_type_tcpv4(struct ocase *c)
{
	c->h.gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
}

static void m_type_tcpv6(struct ocase *c)
{
	c->h.gso_type = VIRTIO_NET_HDR_GSO_TCPV6;
}

static void m_type_uso(struct ocase *c)
{
	c->h.gso_type = VIRTIO_NET_HDR_GSO_UDP_L4;
	set16(&c->h.csum_offset, 6);
}

static void m_csum_offset_6(struct ocase *c)
{
	set16(&c->h.csum_offset, 6);
}

static void m_csum_offset_16(struct ocase *c)
{
	set16(&c->h.csum_offset, 16);
}

static void m_csum_start_plus_2(struct ocase *c)
{
	set16(&c->h.csum_start, c->p.l4 + 2);
}

static void m_csum_start_minus_4(struct ocase *c)
{
	set16(&c->h.csum_start, c->p.l4 - 4);
}

static void m_ipv4_mf(struct ocase *c)
{
	c->p.buf[c->p.l3 + 6] |= 0x20;
}

static void m_ipv4_frag_offset(struct ocase *c)
{
	c->p.buf[c->p.l3 + 7] = 1;
}

static void m_ipv4_no_df(struct ocase *c)
{
	c->p.buf[c->p.l3 + 6] = 0;
}

static void m_ipv4_ihl_4(struct ocase *c)
{
	c->p.buf[c->p.l3] = 0x44;
	set16(&c->h.csum_start, c->p.l3 + 16);
}

static void m_ip_version(struct ocase *c)
{
	c->p.buf[c->p.l3] ^= 0x20;	/* 4 <-> 6 */
}

static void m_ipv4_proto_udp(struct ocase *c)
{
	c->p.buf[c->p.l3 + 9] = 17;
}

static void m_ipv4_proto_tcp(struct ocase *c)
{
	c->p.buf[c->p.l3 + 9] = 6;
}

static void m_ipv6_hop_by_hop(struct ocase *c)
{
	c->p.buf[c->p.l3 + 6] = 0;
}

static void m_ipv6_fragment(struct ocase *c)
{
	c->p.buf[c->p.l3 + 6] = 44;
}

static void m_tcp_doff_4(struct ocase *c)
{
	c->p.buf[c->p.l4 + 12] = 0x40;
}

static void m_arp(struct ocase *c)
{
	wr16(c->p.buf + 12, 0x0806);
}

static void m_two_tags(struct ocase *c)
{
	wr16(c->p.buf + 16, 0x8100);
}

static void m_truncated_header(struct ocase *c)
{
	c->p.len = c->p.end - 1;
}

static void m_no_payload(struct ocase *c)
{
	c->p.len = c->p.end;
}

static void m_one_payload_byte(struct ocase *c)
{
	c->p.len = c->p.end + 1;
}

static void m_hdr_len_hint_wrong(struct ocase *c)
{
	set16(&c->h.hdr_len, 0xffff);
}

static void m_hdr_len_hint_zero(struct ocase *c)
{
	set16(&c->h.hdr_len, 0);
}

static void m_device_flags(struct ocase *c)
{
	c->h.flags |= VIRTIO_NET_HDR_F_DATA_VALID |
		      VIRTIO_NET_HDR_F_RSC_INFO | 0xf0;
}

static void m_mss_1(struct ocase *c)
{
	set16(&c->h.gso_size, 1);
}

static void m_mss_max(struct ocase *c)
{
	set16(&c->h.gso_size, 0xffff);
}

/* Not GSO: NEEDS_CSUM alone, or nothing at all. */
static void m_plain(struct ocase *c)
{
	c->h.gso_type = VIRTIO_NET_HDR_GSO_NONE;
}

static void m_plain_garbage(struct ocase *c)
{
	memset(&c->h, 0xee, sizeof(c->h));
	c->h.flags = VIRTIO_NET_HDR_F_DATA_VALID | 0x80;
	c->h.gso_type = VIRTIO_NET_HDR_GSO_NONE;
}

static void m_plain_no_f_csum(struct ocase *c)
{
	m_plain(c);
	m_no_f_csum(c);
}

static void m_plain_csum_last(struct ocase *c)
{
	m_plain(c);
	set16(&c->h.csum_start, c->p.len - 2);
	set16(&c->h.csum_offset, 0);
}

static void m_plain_csum_beyond(struct ocase *c)
{
	m_plain(c);
	set16(&c->h.csum_start, c->p.len - 1);
	set16(&c->h.csum_offset, 0);
}

static void m_plain_offset_beyond(struct ocase *c)
{
	m_plain(c);
	set16(&c->h.csum_start, 0);
	set16(&c->h.csum_offset, c->p.len - 1);
}

static void m_plain_start_max(struct ocase *c)
{
	m_plain(c);
	set16(&c->h.csum_start, 0xffff);
	set16(&c->h.csum_offset, 0xffff);
}

static void m_plain_any_offset(struct ocase *c)
{
	m_plain(c);
	set16(&c->h.csum_start, 1);
	set16(&c->h.csum_offset, 7);
}

static void m_too_long(struct ocase *c)
{
	set16(&c->h.gso_size, 1448);
}

static const struct hdr_row hdr_rows[] = {
	/* accepted */
	{ "tso4", TSO4, m_none, 0, NEEDS },
	{ "tso6", TSO6, m_none, 0, NEEDS },
	{ "uso4", USO4, m_none, 0, NEEDS },
	{ "uso6", USO6, m_none, 0, NEEDS },
	{ "vlan_8021q", { "", 4, 6, 0x8100, .payload = 3000, .mss = 1000 },
	  m_none, 0, NEEDS },
	{ "vlan_8021ad", { "", 6, 17, 0x88a8, .payload = 3000, .mss = 1000 },
	  m_none, 0, NEEDS },
	{ "headers_past_head", { "", 4, 6, 0x8100, 40, 40, 3000, 1000 },
	  m_none, 0, NEEDS },
	{ "ecn_tso4", TSO4, m_ecn, 0, NEEDS },
	{ "ecn_tso6", TSO6, m_ecn, 0, NEEDS },
	{ "only_csum_and_tso4", TSO4, m_only_tso4, 0, NEEDS },
	{ "ipv4_without_df", TSO4, m_ipv4_no_df, 0, NEEDS },
	{ "payload_below_gso_size", TSO4, m_one_payload_byte, 0, NEEDS },
	{ "hdr_len_hint_wrong", TSO4, m_hdr_len_hint_wrong, 0, NEEDS },
	{ "hdr_len_hint_zero", USO6, m_hdr_len_hint_zero, 0, NEEDS },
	{ "device_flags_ignored", TSO6, m_device_flags, 0, NEEDS },
	{ "gso_size_max", TSO6, m_mss_max, 0, NEEDS },
	{ "1024_segments", { "", 4, 6, .payload = 1024 }, m_mss_1, 0, NEEDS },
	{ "len_max_with_vlan", { "", 4, 6, 0x8100, .payload = 65495 },
	  m_too_long, 0, NEEDS },
	{ "ipv6_len_max_one_segment", { "", 6, 6, .payload = 65479 },
	  m_mss_max, 0, NEEDS },
	{ "plain_needs_csum", TSO4, m_plain, 0, NEEDS },
	{ "plain_csum_at_the_end", TSO4, m_plain_csum_last, 0, NEEDS },
	{ "plain_any_offset", TSO4, m_plain_any_offset, 0, NEEDS },
	{ "plain_nothing", TSO4, m_plain_garbage, 0, 0 },
	/* refused */
	{ "gso_size_0", TSO4, m_gso_size_0, -1 },
	{ "gso_size_0_uso", USO6, m_gso_size_0, -1 },
	{ "gso_without_needs_csum", TSO4, m_no_needs_csum, -1 },
	{ "gso_without_f_csum", TSO6, m_no_f_csum, -1 },
	{ "tso4_not_negotiated", TSO4, m_no_tso4, -1 },
	{ "tso6_not_negotiated", TSO6, m_no_tso6, -1 },
	{ "uso_not_negotiated", USO4, m_no_uso, -1 },
	{ "tso6_with_only_tso4", TSO6, m_only_tso4, -1 },
	{ "ufo", USO4, m_ufo, -1 },
	{ "ecn_without_host_ecn", TSO4, m_ecn_no_feature, -1 },
	{ "ecn_on_uso", USO4, m_ecn, -1 },
	{ "ecn_alone", TSO4, m_ecn_alone, -1 },
	{ "gso_type_2", TSO4, m_type_2, -1 },
	{ "gso_type_6", TSO4, m_type_6, -1 },
	{ "gso_type_7f", TSO4, m_type_7f, -1 },
	{ "tcpv4_on_ipv6", TSO6, m_type_tcpv4, -1 },
	{ "tcpv6_on_ipv4", TSO4, m_type_tcpv6, -1 },
	{ "uso_on_tcp", TSO4, m_type_uso, -1 },
	{ "csum_offset_6_on_tcp", TSO4, m_csum_offset_6, -1 },
	{ "csum_offset_16_on_udp", USO6, m_csum_offset_16, -1 },
	{ "csum_start_after_l4", TSO4, m_csum_start_plus_2, -1 },
	{ "csum_start_before_l4", USO4, m_csum_start_minus_4, -1 },
	{ "ipv4_more_fragments", TSO4, m_ipv4_mf, -1 },
	{ "ipv4_fragment_offset", USO4, m_ipv4_frag_offset, -1 },
	{ "ipv4_ihl_4", TSO4, m_ipv4_ihl_4, -1 },
	{ "ipv4_version_6", TSO4, m_ip_version, -1 },
	{ "ipv6_version_4", TSO6, m_ip_version, -1 },
	{ "ipv4_udp_for_tcpv4", TSO4, m_ipv4_proto_udp, -1 },
	{ "ipv4_tcp_for_uso", USO4, m_ipv4_proto_tcp, -1 },
	{ "ipv6_hop_by_hop", TSO6, m_ipv6_hop_by_hop, -1 },
	{ "ipv6_fragment_header", USO6, m_ipv6_fragment, -1 },
	{ "tcp_doff_4", TSO4, m_tcp_doff_4, -1 },
	{ "not_ip", TSO4, m_arp, -1 },
	{ "two_vlan_tags", { "", 4, 6, 0x88a8, .payload = 3000, .mss = 1000 },
	  m_two_tags, -1 },
	{ "header_longer_than_frame", TSO4, m_truncated_header, -1 },
	{ "header_longer_than_frame_uso", USO6, m_truncated_header, -1 },
	{ "no_payload", TSO6, m_no_payload, -1 },
	{ "1025_segments", { "", 4, 6, .payload = 1025 }, m_mss_1, -1 },
	{ "longer_than_wire_gso_max", { "", 4, 6, .payload = 65500 },
	  m_too_long, -1 },
	{ "segment_ip_length_overflow", { "", 4, 6, .payload = 65499 },
	  m_mss_max, -1 },
	{ "plain_needs_csum_without_f_csum", TSO4, m_plain_no_f_csum, -1 },
	{ "plain_csum_past_the_end", TSO4, m_plain_csum_beyond, -1 },
	{ "plain_offset_past_the_end", TSO4, m_plain_offset_beyond, -1 },
	{ "plain_csum_start_max", TSO4, m_plain_start_max, -1 },
};

static void check_accepted(const struct hdr_row *r, const struct ocase *c,
			   const struct ovnic_offload *o)
{
	assert_int_equal(o->flags, r->want_flags);
	if (!(o->flags & NEEDS)) {
		assert_int_equal(o->csum_start, 0);
		assert_int_equal(o->csum_offset, 0);
	} else {
		assert_int_equal(o->csum_start,
				 ovnic_le16_to_cpu(c->h.csum_start));
		assert_int_equal(o->csum_offset,
				 ovnic_le16_to_cpu(c->h.csum_offset));
	}
	if (c->h.gso_type == VIRTIO_NET_HDR_GSO_NONE) {
		assert_int_equal(o->gso_type, 0);
		assert_int_equal(o->gso_size, 0);
		assert_int_equal(o->l3_off, 0);
		assert_int_equal(o->hdr_len, 0);
		return;
	}
	assert_int_equal(o->gso_type, c->h.gso_type);
	assert_int_equal(o->gso_size, ovnic_le16_to_cpu(c->h.gso_size));
	assert_int_equal(o->l3_off, c->p.l3);
	assert_int_equal(o->hdr_len, c->p.end);
}

static void hdr_case(void **state)
{
	const struct hdr_row *r = *state;
	static const struct ovnic_offload zero;
	enum split how;

	for (how = SPLIT_ONE; how <= SPLIT_TINY_HDR; how++) {
		struct ocase c = { .s = r->base, .features = F_ALL };
		struct tframe t;
		int ret;

		if (!c.s.mss)
			c.s.mss = 1000;
		build(&c.s, &c.p);
		make_hdr(&c.s, &c.p, &c.h);
		r->mut(&c);
		frame_of(&t, &c.p, how);
		memset(&t.f.off, 0xa5, sizeof(t.f.off));
		ret = fw_offload_from_hdr(&t.f, &c.h, c.features);
		if (ret != r->want)
			fail_msg("%s split %d: %d, not %d", r->name, how, ret,
				 r->want);
		if (ret)
			assert_memory_equal(&t.f.off, &zero, sizeof(zero));
		else
			check_accepted(r, &c, &t.f.off);
		tf_free(&t);
		free(c.p.buf);
	}
}

/* ---- runner ---- */

struct list {
	struct CMUnitTest t[256];
	char *names[256];
	size_t n;
};

static void add(struct list *l, const char *group, const char *name,
		CMUnitTestFunction fn, const void *row)
{
	char *s;

	if (l->n == N_ELEM(l->t) || asprintf(&s, "%s/%s", group, name) < 0)
		abort();
	l->names[l->n] = s;
	l->t[l->n++] = (struct CMUnitTest){
		.name = s,
		.test_func = fn,
		.initial_state = (void *)row,
	};
}

int main(void)
{
	static struct list l;
	const char *seed = getenv("OFFLOAD_SEED");
	size_t i;
	int ret;

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (seed)
		rng = strtoull(seed, NULL, 0) | 1;
	printf("offload: seed %#llx\n", (unsigned long long)rng);
	add(&l, "csum", "random", csum_random, NULL);
	add(&l, "csum", "known", csum_known, NULL);
	add(&l, "csum", "odd_pieces", csum_odd_pieces, NULL);
	for (i = 0; i < N_ELEM(gso_rows); i++)
		add(&l, "gso", gso_rows[i].name, gso_case, &gso_rows[i]);
	add(&l, "gso", "random_splits", gso_random_splits, NULL);
	add(&l, "gso", "too_many_pieces", gso_too_many_pieces, NULL);
	add(&l, "gso", "header_changed", gso_header_changed, NULL);
	for (i = 0; i < N_ELEM(hdr_rows); i++)
		add(&l, "hdr", hdr_rows[i].name, hdr_case, &hdr_rows[i]);
	if (getenv("UT_FILTER"))
		cmocka_set_test_filter(getenv("UT_FILTER"));
	if (getenv("UT_SKIP"))
		cmocka_set_skip_filter(getenv("UT_SKIP"));
	ret = _cmocka_run_group_tests("offload", l.t, l.n, NULL, NULL);
	for (i = 0; i < l.n; i++)
		free(l.names[i]);
	return ret ? 1 : 0;
}
