// SPDX-License-Identifier: GPL-2.0
/* Count every frame (xdp_count.h) and pass it on. */
#include "xdp_count.h"

SEC("xdp.frags")
int xdp_pass(struct xdp_md *ctx)
{
	count_frame(ctx);
	return XDP_PASS;
}
