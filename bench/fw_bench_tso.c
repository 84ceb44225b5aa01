// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: the TSO scenarios' frame, and what a receiver must find of it.
 * The references are tests/lib/pktbuild's (pb_segment(), its checksums),
 * written apart from the card's net_offload.c.  A check that fails says
 * why on stderr, once.
 */
#include <endian.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pktbuild.h"
#include "fw_bench_sys.h"
#include "fw_bench_tso.h"

#define TSO_CSUM_START	(14 + 20)
#define TSO_CSUM_OFFSET	16
#define TSO_CSUM_AT	(TSO_CSUM_START + TSO_CSUM_OFFSET)

void tso_build(uint8_t *frame, struct virtio_net_hdr_v1 *hdr,
	       const uint8_t dst[6], const uint8_t src[6], unsigned int id)
{
	struct pb_flow fl = {
		.proto		= PB_TCP,
		.vlan		= PB_NO_VLAN,
		.sport		= (uint16_t)(40000 + id),
		.dport		= 5201,
		.ip_id		= 0xfff0,	/* wraps while segmenting */
		.seq		= 0xfffff000u,	/* wraps too */
		.payload	= TSO_PAYLOAD,
		.seed		= (uint8_t)(1 + id),
		.csum_partial	= true,
	};
	struct pb_layout lay;

	memcpy(fl.dst_mac, dst, 6);
	memcpy(fl.src_mac, src, 6);
	pb_v4(fl.src, 192, 0, 2, (uint8_t)(1 + id));
	pb_v4(fl.dst, 198, 51, 100, 2);
	if (pb_flow_frame(frame, TSO_FRAME_LEN, &fl, &lay) != TSO_FRAME_LEN ||
	    lay.hdr_len != TSO_HDR_LEN || lay.l4_off != TSO_CSUM_START ||
	    lay.gso_type != VIRTIO_NET_HDR_GSO_TCPV4)
		die("building the TSO frame", -EINVAL);
	memset(hdr, 0, sizeof(*hdr));
	hdr->flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	hdr->gso_type = VIRTIO_NET_HDR_GSO_TCPV4;
	hdr->hdr_len = htole16(TSO_HDR_LEN);
	hdr->gso_size = htole16(TSO_MSS);
	hdr->csum_start = htole16(TSO_CSUM_START);
	hdr->csum_offset = htole16(TSO_CSUM_OFFSET);
}

static bool said;

/* @got is @want; else said (the first time) and false. */
static bool eq(const char *what, unsigned long long got,
	       unsigned long long want)
{
	if (got == want)
		return true;
	if (!said)
		fprintf(stderr, "fw_bench: TSO check: %s is %llu (0x%llx), not %llu\n",
			what, got, got, want);
	said = true;
	return false;
}

/* The first byte where @a and @b differ, or @len. */
static uint32_t first_diff(const uint8_t *a, const uint8_t *b, uint32_t len)
{
	uint32_t i;

	for (i = 0; i < len && a[i] == b[i]; i++)
		;
	return i;
}

/* A header carrying the frame's GSO state: what GUEST_TSO4 gets. */
static bool gso_state_ok(uint8_t flags, uint8_t gso_type, uint16_t hdr_len,
			 uint16_t gso_size, uint16_t start, uint16_t offset)
{
	return eq("flags", flags, VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	       eq("gso_type", gso_type, VIRTIO_NET_HDR_GSO_TCPV4) &&
	       eq("hdr_len", hdr_len, TSO_HDR_LEN) &&
	       eq("gso_size", gso_size, TSO_MSS) &&
	       eq("csum_start", start, TSO_CSUM_START) &&
	       eq("csum_offset", offset, TSO_CSUM_OFFSET);
}

bool tso_check_whole(const uint8_t *sent, const struct virtio_net_hdr_v1 *h,
		     uint16_t want_bufs, const uint8_t *got, uint32_t len)
{
	return gso_state_ok(h->flags, h->gso_type, le16toh(h->hdr_len),
			    le16toh(h->gso_size), le16toh(h->csum_start),
			    le16toh(h->csum_offset)) &&
	       eq("num_buffers", le16toh(h->num_buffers), want_bufs) &&
	       eq("the whole frame's length", len, TSO_FRAME_LEN) &&
	       eq("the whole frame's first wrong byte",
		  first_diff(got, sent, len), len) &&
	       /* what the receiver completes: the pseudo-header sum */
	       eq("the whole frame's partial checksum being right",
		  pb_l4_csum_partial(got, len), true);
}

/* The segment's header as the receiver must find it. */
static bool seg_hdr_ok(bool partial, const struct virtio_net_hdr_v1 *h)
{
	if (!eq("a segment's gso_type", h->gso_type,
		VIRTIO_NET_HDR_GSO_NONE) ||
	    !eq("a segment's num_buffers", le16toh(h->num_buffers), 1))
		return false;
	/* without GUEST_CSUM not even DATA_VALID may be said */
	if (!partial)
		return eq("a segment's flags", h->flags, 0);
	return eq("a segment's flags", h->flags,
		  VIRTIO_NET_HDR_F_NEEDS_CSUM) &&
	       eq("a segment's csum_start", le16toh(h->csum_start),
		  TSO_CSUM_START) &&
	       eq("a segment's csum_offset", le16toh(h->csum_offset),
		  TSO_CSUM_OFFSET);
}

/* Which segment @got is, by its sequence number: false if none. */
static bool seg_index(const uint8_t *sent, const uint8_t *got, uint32_t len,
		      uint32_t *index)
{
	struct pb_pkt gp, sp;
	uint32_t off;

	if (!eq("a segment's length", len, TSO_SEG_LEN) ||
	    !eq("a segment parsing", pb_parse(got, len, &gp), 0) ||
	    !eq("the sent frame parsing",
		pb_parse(sent, TSO_FRAME_LEN, &sp), 0))
		return false;
	off = gp.seq - sp.seq;
	*index = off / TSO_MSS;
	return eq("a segment's sequence offset", off,
		  (uint64_t)*index * TSO_MSS) &&
	       eq("a segment's index being in the frame", *index < TSO_SEGS,
		  true);
}

bool tso_check_seg(const uint8_t *sent, bool partial,
		   const struct virtio_net_hdr_v1 *h, const uint8_t *got,
		   uint32_t len, uint32_t *index)
{
	static uint8_t ref[TSO_SEG_LEN];
	const uint32_t after = TSO_CSUM_AT + 2;

	if (!seg_hdr_ok(partial, h) || !seg_index(sent, got, len, index))
		return false;
	/* all but the TCP checksum, which is checked for what it must be */
	return eq("the reference segment's length",
		  pb_segment(ref, sizeof(ref), sent, TSO_FRAME_LEN, TSO_MSS,
			     *index), len) &&
	       eq("a segment's first wrong header byte",
		  first_diff(got, ref, TSO_CSUM_AT), TSO_CSUM_AT) &&
	       eq("a segment's first wrong byte after the TCP checksum",
		  after + first_diff(got + after, ref + after, len - after),
		  len) &&
	       eq("a segment's IP checksum being right",
		  pb_ip_csum_ok(got, len), true) &&
	       (partial ?
		eq("a segment's pseudo-header sum being right",
		   pb_l4_csum_partial(got, len), true) :
		eq("a segment's TCP checksum being right",
		   pb_l4_csum_ok(got, len), true));
}

bool tso_check_wire(const uint8_t *sent, const struct ovnic_wire_hdr *h,
		    const uint8_t *got, uint32_t len)
{
	return gso_state_ok(h->flags, h->gso_type, le16toh(h->hdr_len),
			    le16toh(h->gso_size), le16toh(h->csum_start),
			    le16toh(h->csum_offset)) &&
	       eq("the wire frame's length", len, TSO_FRAME_LEN) &&
	       eq("the wire frame's first wrong byte",
		  first_diff(got, sent, len), len);
}
