/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A frame crossing the card: the pieces of one transmit chain or a wire
 * buffer, described without copying, and its first bytes for parsing.
 */
#ifndef OVNIC_FW_FRAME_H
#define OVNIC_FW_FRAME_H

#include "fw_base.h"

/*
 * What a frame carries besides its bytes: its virtio-net header's offload
 * fields (virtio 1.2 5.1.6.2), checked on entry (net_offload.c).  All zero:
 * a complete frame.
 */
struct ovnic_offload {
	u8 flags;		/* VIRTIO_NET_HDR_F_NEEDS_CSUM, _DATA_VALID */
	u8 gso_type;		/* VIRTIO_NET_HDR_GSO_*, with _ECN */
	u16 gso_size;
	u16 csum_start;
	u16 csum_offset;
	/* GSO frames only, measured by the card, not taken from the header: */
	u16 l3_off;		/* IP header */
	u16 hdr_len;		/* Ethernet to the end of TCP/UDP header */
};

struct ovnic_frame {
	struct ovnic_offload off;
	u32 len;
	u32 npieces;
	const u8 *piece[OVNIC_MAX_SEGS];
	u32 piece_len[OVNIC_MAX_SEGS];
	u8 head[64];		/* first bytes, contiguous, for parsing */
	u32 head_len;
};

/* A frame's first bytes, contiguous, from its pieces. */
static inline void fw_frame_fill_head(struct ovnic_frame *f)
{
	u32 i, n;

	f->head_len = 0;
	for (i = 0; i < f->npieces && f->head_len < sizeof(f->head); i++) {
		n = MIN(f->piece_len[i], (u32)sizeof(f->head) - f->head_len);
		fw_memcpy(f->head + f->head_len, f->piece[i], n);
		f->head_len += n;
	}
}

#endif /* OVNIC_FW_FRAME_H */
