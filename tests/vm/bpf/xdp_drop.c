// SPDX-License-Identifier: GPL-2.0
/*
 * Drop the frames longer than XDP_BIG_LEN (their whole length, every
 * buffer of a multi-buffer frame counted) and pass the rest, so that
 * neighbour discovery and small pings still work while large ones fail.
 */
#include "xdp_count.h"

SEC("xdp.frags")
int xdp_drop(struct xdp_md *ctx)
{
	if (!count_frame(ctx))
		return XDP_PASS;
	count(CNT_ACTED);
	return XDP_DROP;
}
