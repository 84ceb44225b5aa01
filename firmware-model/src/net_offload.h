/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Checksum offload and segmentation (virtio 1.2 sections 5.1.6.2 and
 * 5.1.6.4.1): checking a frame's offload request, completing a partial
 * checksum, and cutting a GSO frame into segments (net_offload.c).  Pure
 * functions of a frame's bytes: no ring, device or lock.
 */
#ifndef OVNIC_FW_NET_OFFLOAD_H
#define OVNIC_FW_NET_OFFLOAD_H

#include "frame.h"

/* The largest header a GSO frame may have (Ethernet, VLAN, IP, TCP). */
#define FW_GSO_MAX_HDR		256
/* Segments one GSO frame may be cut into. */
#define FW_GSO_MAX_SEGS		OVNIC_WIRE_GSO_MAX_SEGS

/*
 * Check @hdr's offload request for frame @f (f->len, pieces and head set)
 * against the offloads the sender negotiated, @features (VIRTIO_NET_F_CSUM,
 * HOST_TSO4, HOST_TSO6, HOST_ECN, HOST_USO bits), and fill f->off.
 * Returns 0, or -1 when the request is malformed or not negotiated: the
 * caller drops the frame and counts it.  DATA_VALID and RSC_INFO are not
 * for a driver to set (5.1.6.2.1) and are ignored.
 */
int fw_offload_from_hdr(struct ovnic_frame *f,
			const struct virtio_net_hdr_v1 *hdr, u64 features);

/*
 * Complete f's partial checksum (f->off.flags has NEEDS_CSUM): the RFC 1071
 * checksum of bytes csum_start to the end, the field included (it holds
 * the pseudo-header sum), as the two bytes that go at csum_start +
 * csum_offset, in memory order: store it with a 2-byte copy.  A result of
 * 0 comes back as 0xffff, as Linux's skb_checksum_help() sends it.
 */
u16 fw_csum_complete(const struct ovnic_frame *f);

/* One segment of a GSO frame, as fw_gso_segment() hands it out. */
struct fw_gso_scratch {
	struct ovnic_frame seg;	/* piece[0] is @hdr, then the payload's */
	u8 hdr[FW_GSO_MAX_HDR];
};

typedef void fw_gso_emit(void *arg, const struct ovnic_frame *seg);

/*
 * Cut GSO frame @f into segments of at most f->off.gso_size payload bytes
 * each, as the sender's stack would have sent them (TCP: sequence numbers,
 * flags and IPv4 identification advanced; UDP: one datagram per segment)
 * and call @emit for each, in order.  A segment's pieces point into f's
 * (no copy) after a header built in @scr, which the next segment reuses:
 * a segment is valid only during its call.  With @csum_partial each
 * segment keeps NEEDS_CSUM (its L4 checksum field holds the pseudo-header
 * sum), otherwise its checksums are complete and its flags say DATA_VALID.
 * @f must have passed fw_offload_from_hdr() with a GSO type; its headers
 * are copied to @scr once and checked again there, so a frame that changed
 * since is cut by what was checked, or not at all.  Returns the number of
 * segments emitted: fewer than the frame holds only when its pieces end
 * early or a segment would need more than OVNIC_MAX_SEGS pieces.
 */
u32 fw_gso_segment(const struct ovnic_frame *f, struct fw_gso_scratch *scr,
		   bool csum_partial, fw_gso_emit *emit, void *arg);

#endif /* OVNIC_FW_NET_OFFLOAD_H */
