// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_offload: checksum offload and segmentation (net_offload.c), called
 * directly: the library keeps no state and needs no card.  A driver's
 * transmit header and frame, in pieces of their own allocation each, so
 * ASan sees any read past a piece.
 *
 * The input:
 *   12 bytes  a struct virtio_net_hdr_v1 as a driver wrote it
 *    8 bytes  the features the sender negotiated (little-endian)
 *    1 byte   the frame's pieces: 1 + b % 8
 *    2 bytes  per piece but the last: its length, modulo what is left + 1
 *             (empty pieces too)
 *    the rest the frame
 *
 * Checked:
 *   - fw_offload_from_hdr() leaves f->off all zero when it refuses; what
 *     it accepts keeps the rules: NEEDS_CSUM only with CSUM negotiated
 *     and inside the frame; a GSO type negotiated, with NEEDS_CSUM, ECN
 *     only on TCP with HOST_ECN, csum_offset 16 or 6, IP after an
 *     Ethernet header with at most one tag, headers shorter than the
 *     frame and FW_GSO_MAX_HDR, at most FW_GSO_MAX_SEGS segments;
 *   - fw_csum_complete() equals a byte-at-a-time RFC 1071 sum over a flat
 *     copy of the frame;
 *   - fw_gso_segment(), in both modes: each segment longer than the
 *     headers and at most hdr_len + gso_size, full but for the last, its
 *     pieces and head consistent, its payload the frame's next bytes (in
 *     all: len - hdr_len), the segments as many as it says; Ethernet
 *     kept, IPv4 header checksum valid, IP and UDP lengths right, the L4
 *     checksum valid over its pseudo header (completed with
 *     fw_csum_complete() in the partial mode, whose field must hold the
 *     pseudo-header sum).
 *
 * net_offload.h brings the firmware's own virtio definitions, which
 * vdriver's Linux headers (through fuzz_common.h) would clash with: so
 * this target reads its input and fails by itself.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../firmware-model/src/net_offload.h"

#define NEEDS		VIRTIO_NET_HDR_F_NEEDS_CSUM
#define MAX_PIECES	8

#define CHECK(c)							\
	do {								\
		if (!(c))						\
			fail(#c, __LINE__);				\
	} while (0)

static void fail(const char *what, int line)
{
	fprintf(stderr, "\nfuzz_offload: invariant violated at line %d: %s\n",
		line, what);
	fflush(stderr);
	abort();
}

static int tracing = -1;

static void trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void trace(const char *fmt, ...)
{
	va_list ap;

	if (tracing < 0)
		tracing = getenv("FUZZ_TRACE") && strcmp(getenv("FUZZ_TRACE"),
							  "0");
	if (!tracing)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/* ---- input: past its end every read gives zeroes ---- */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t in_u8(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint16_t in_u16(struct in *in)
{
	uint16_t lo = in_u8(in);

	return (uint16_t)(lo | in_u8(in) << 8);
}

static uint64_t in_u64(struct in *in)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)in_u8(in) << (8 * i);
	return v;
}

/* ---- the reference ---- */

static uint64_t ref_add(uint64_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		sum += i & 1 ? p[i] : (uint32_t)p[i] << 8;
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

/* A u16 the firmware returns in memory order, as a number. */
static uint16_t mem16(uint16_t v)
{
	uint8_t b[2];

	memcpy(b, &v, 2);
	return be16(b);
}

static bool has(uint64_t features, unsigned int bit)
{
	return (features >> bit) & 1;
}

/* ---- the header check ---- */

static void check_refused(const struct ovnic_offload *o)
{
	static const struct ovnic_offload zero;

	CHECK(!memcmp(o, &zero, sizeof(zero)));
}

static void check_accepted(const struct ovnic_frame *f, const uint8_t *flat,
			   uint64_t features)
{
	const struct ovnic_offload *o = &f->off;
	uint8_t base = o->gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
	uint32_t payload;
	uint16_t type;

	CHECK(!(o->flags & ~NEEDS));
	if (o->flags) {
		CHECK(has(features, VIRTIO_NET_F_CSUM));
		CHECK((uint32_t)o->csum_start + o->csum_offset + 2 <= f->len);
	} else {
		CHECK(!o->csum_start && !o->csum_offset);
	}
	if (!o->gso_type) {
		CHECK(!o->gso_size && !o->l3_off && !o->hdr_len);
		return;
	}
	CHECK(o->flags == NEEDS && o->gso_size);
	CHECK((base == VIRTIO_NET_HDR_GSO_TCPV4 &&
	       has(features, VIRTIO_NET_F_HOST_TSO4)) ||
	      (base == VIRTIO_NET_HDR_GSO_TCPV6 &&
	       has(features, VIRTIO_NET_F_HOST_TSO6)) ||
	      (base == VIRTIO_NET_HDR_GSO_UDP_L4 &&
	       has(features, VIRTIO_NET_F_HOST_USO)));
	if (o->gso_type & VIRTIO_NET_HDR_GSO_ECN)
		CHECK(base != VIRTIO_NET_HDR_GSO_UDP_L4 &&
		      has(features, VIRTIO_NET_F_HOST_ECN));
	CHECK(o->csum_offset == (base == VIRTIO_NET_HDR_GSO_UDP_L4 ? 6 : 16));
	CHECK(o->l3_off == 14 || o->l3_off == 18);
	type = be16(flat + o->l3_off - 2);
	CHECK(type == (base == VIRTIO_NET_HDR_GSO_TCPV4 ? 0x0800 :
		       base == VIRTIO_NET_HDR_GSO_TCPV6 ? 0x86dd : type));
	CHECK(type == 0x0800 || type == 0x86dd);
	CHECK(o->csum_start >= o->l3_off + 20);
	CHECK(o->hdr_len - o->csum_start ==
	      (base == VIRTIO_NET_HDR_GSO_UDP_L4 ? 8 :
	       (flat[o->csum_start + 12] >> 4) * 4u));
	CHECK(o->hdr_len < f->len && o->hdr_len <= FW_GSO_MAX_HDR);
	CHECK(f->len <= OVNIC_WIRE_GSO_MAX);
	payload = f->len - o->hdr_len;
	CHECK((payload + o->gso_size - 1) / o->gso_size <= FW_GSO_MAX_SEGS);
}

/* ---- segments ---- */

struct seg_check {
	const struct ovnic_frame *f;
	const struct fw_gso_scratch *scr;
	const uint8_t *flat;
	bool partial;
	bool v6;
	uint8_t proto;
	uint32_t next;		/* the frame's next payload byte */
	uint32_t n;
	uint8_t buf[OVNIC_WIRE_GSO_MAX];
};

/* The L4 checksum of segment @d over its pseudo header. */
static bool l4_valid(const struct seg_check *c, const uint8_t *d,
		     uint32_t len)
{
	const struct ovnic_offload *o = &c->f->off;
	const uint8_t *ip = d + o->l3_off;
	uint32_t l4_len = len - o->csum_start;
	uint64_t s;

	s = c->v6 ? ref_add(0, ip + 8, 32) : ref_add(0, ip + 12, 8);
	s += c->proto + l4_len;
	return ref_fold(ref_add(s, d + o->csum_start, l4_len)) == 0xffff;
}

static uint16_t pseudo_sum(const struct seg_check *c, const uint8_t *d,
			   uint32_t len)
{
	const struct ovnic_offload *o = &c->f->off;
	const uint8_t *ip = d + o->l3_off;
	uint64_t s = c->v6 ? ref_add(0, ip + 8, 32) : ref_add(0, ip + 12, 8);

	return ref_fold(s + c->proto + len - o->csum_start);
}

static void check_seg_bytes(struct seg_check *c, const struct ovnic_frame *seg)
{
	const struct ovnic_offload *o = &c->f->off;
	uint32_t field = o->csum_start + o->csum_offset;
	uint8_t *d = c->buf;
	uint16_t v;

	CHECK(!memcmp(d, c->flat, o->l3_off));
	if (c->v6) {
		CHECK(be16(d + o->l3_off + 4) == seg->len - o->csum_start);
	} else {
		CHECK(be16(d + o->l3_off + 2) == seg->len - o->l3_off);
		CHECK(ref_fold(ref_add(0, d + o->l3_off,
				       o->csum_start - o->l3_off)) == 0xffff);
	}
	if (c->proto == 17)
		CHECK(be16(d + o->csum_start + 4) == seg->len - o->csum_start);
	if (c->partial) {
		CHECK(seg->off.flags == NEEDS);
		CHECK(seg->off.csum_start == o->csum_start);
		CHECK(seg->off.csum_offset == o->csum_offset);
		CHECK(be16(d + field) == pseudo_sum(c, d, seg->len));
		v = fw_csum_complete(seg);
		memcpy(d + field, &v, 2);
	} else {
		CHECK(seg->off.flags == VIRTIO_NET_HDR_F_DATA_VALID);
	}
	CHECK(l4_valid(c, d, seg->len));
}

static void emit(void *arg, const struct ovnic_frame *seg)
{
	struct seg_check *c = arg;
	const struct ovnic_offload *o = &c->f->off;
	uint32_t i, at = 0, plen;

	CHECK(seg == &c->scr->seg);
	CHECK(seg->len <= sizeof(c->buf));
	CHECK(seg->len > o->hdr_len && seg->len <= o->hdr_len + o->gso_size);
	CHECK(seg->npieces >= 2 && seg->npieces <= OVNIC_MAX_SEGS);
	CHECK(seg->piece[0] == c->scr->hdr && seg->piece_len[0] == o->hdr_len);
	CHECK(!seg->off.gso_type && !seg->off.gso_size);
	for (i = 0; i < seg->npieces; i++) {
		CHECK(seg->piece_len[i] && seg->piece_len[i] <= seg->len - at);
		memcpy(c->buf + at, seg->piece[i], seg->piece_len[i]);
		at += seg->piece_len[i];
	}
	CHECK(at == seg->len);
	CHECK(seg->head_len == (seg->len < 64 ? seg->len : 64));
	CHECK(!memcmp(seg->head, c->buf, seg->head_len));
	plen = seg->len - o->hdr_len;
	CHECK(plen <= c->f->len - c->next);
	CHECK(!memcmp(c->buf + o->hdr_len, c->flat + c->next, plen));
	c->next += plen;
	/* only the last segment is short */
	CHECK(plen == o->gso_size || c->next == c->f->len);
	check_seg_bytes(c, seg);
	c->n++;
}

static void segment(const struct ovnic_frame *f, const uint8_t *flat,
		    bool partial)
{
	static struct fw_gso_scratch scr;
	static struct seg_check c;
	uint8_t base = f->off.gso_type & (uint8_t)~VIRTIO_NET_HDR_GSO_ECN;
	uint32_t n, want;

	c.f = f;
	c.scr = &scr;
	c.flat = flat;
	c.partial = partial;
	c.v6 = flat[f->off.l3_off] >> 4 == 6;
	c.proto = base == VIRTIO_NET_HDR_GSO_UDP_L4 ? 17 : 6;
	c.next = f->off.hdr_len;
	c.n = 0;
	n = fw_gso_segment(f, &scr, partial, emit, &c);
	want = (f->len - f->off.hdr_len + f->off.gso_size - 1) /
	       f->off.gso_size;
	trace("  %s: %u segments\n", partial ? "partial" : "complete", n);
	CHECK(n == c.n);
	/* at most 1 + MAX_PIECES pieces a segment: never too many */
	CHECK(n == want);
	CHECK(c.next == f->len);
}

/* ---- the frame ---- */

struct pieces {
	uint32_t n;
	uint8_t *mem[MAX_PIECES];
};

static void make_frame(struct ovnic_frame *f, struct pieces *pc,
		       const uint16_t *cut, const uint8_t *data, uint32_t len)
{
	uint32_t i, at = 0, k;

	memset(f, 0, sizeof(*f));
	for (i = 0; i < pc->n; i++) {
		k = i == pc->n - 1 ? len - at : cut[i] % (len - at + 1);
		/* exactly sized: ASan sees a read past the piece */
		pc->mem[i] = malloc(k ? k : 1);
		CHECK(pc->mem[i]);
		memcpy(pc->mem[i], data + at, k);
		f->piece[i] = pc->mem[i];
		f->piece_len[i] = k;
		at += k;
		if (f->head_len < sizeof(f->head)) {
			k = k < sizeof(f->head) - f->head_len ? k :
				sizeof(f->head) - f->head_len;
			memcpy(f->head + f->head_len, f->piece[i], k);
			f->head_len += k;
		}
	}
	f->npieces = pc->n;
	f->len = len;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ovnic_frame f;
	struct in in = { data, size };
	struct virtio_net_hdr_v1 hdr;
	uint16_t cut[MAX_PIECES] = { 0 };
	struct pieces pc;
	uint64_t features;
	uint32_t i, len;
	uint16_t want;
	int r;

	for (i = 0; i < sizeof(hdr); i++)
		((uint8_t *)&hdr)[i] = in_u8(&in);
	features = in_u64(&in);
	pc.n = 1 + in_u8(&in) % MAX_PIECES;
	for (i = 0; i + 1 < pc.n; i++)
		cut[i] = in_u16(&in);
	len = (uint32_t)in.n;
	make_frame(&f, &pc, cut, in.p, len);

	r = fw_offload_from_hdr(&f, &hdr, features);
	trace("len %u pieces %u flags %#x gso %#x size %u start %u off %u "
	      "features %#llx: %d\n", len, pc.n, hdr.flags, hdr.gso_type,
	      ovnic_le16_to_cpu(hdr.gso_size),
	      ovnic_le16_to_cpu(hdr.csum_start),
	      ovnic_le16_to_cpu(hdr.csum_offset),
	      (unsigned long long)features, r);
	CHECK(r == 0 || r == -1);
	if (r) {
		check_refused(&f.off);
	} else {
		check_accepted(&f, in.p, features);
		if (f.off.flags & NEEDS) {
			want = (uint16_t)~ref_fold(ref_add(0, in.p +
							   f.off.csum_start,
							   len -
							   f.off.csum_start));
			CHECK(mem16(fw_csum_complete(&f)) == (want ? want :
							       0xffff));
		}
		if (f.off.gso_type) {
			segment(&f, in.p, false);
			segment(&f, in.p, true);
		}
	}
	for (i = 0; i < pc.n; i++)
		free(pc.mem[i]);
	return 0;
}
