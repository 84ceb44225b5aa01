// SPDX-License-Identifier: GPL-2.0
/*
 * Bounce the frames of EtherType 0x88b5 (IEEE local experimental, what
 * tools/xdp-bounce.py sends) back where they came from: swap the MAC
 * addresses and XDP_TX, payload and fragments untouched.  Everything else
 * passes.
 */
#include <linux/if_ether.h>
#include <bpf/bpf_endian.h>
#include "xdp_count.h"

#define ETH_P_BOUNCE	0x88b5

SEC("xdp.frags")
int xdp_tx(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char mac[ETH_ALEN];

	count_frame(ctx);
	if (data + sizeof(*eth) > data_end ||
	    eth->h_proto != bpf_htons(ETH_P_BOUNCE))
		return XDP_PASS;
	__builtin_memcpy(mac, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, mac, ETH_ALEN);
	count(CNT_ACTED);
	return XDP_TX;
}
