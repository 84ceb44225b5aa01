/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A frame crossing the card: the pieces of one transmit chain or a wire
 * buffer, described without copying, and its first bytes for parsing.
 */
#ifndef OVNIC_FW_FRAME_H
#define OVNIC_FW_FRAME_H

#include "fw_base.h"

struct ovnic_frame {
	u32 len;
	u32 npieces;
	const u8 *piece[OVNIC_MAX_SEGS];
	u32 piece_len[OVNIC_MAX_SEGS];
	u8 head[64];		/* first bytes, contiguous, for parsing */
	u32 head_len;
};

#endif /* OVNIC_FW_FRAME_H */
