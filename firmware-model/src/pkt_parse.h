/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The header parser (pkt_parse.c): Ethernet, IPv4, IPv6 and its extension
 * headers, TCP, UDP and the nine tunnel types of virtio 1.4's "Inner
 * Header Hash": the fields the hash types are computed over.
 */
#ifndef OVNIC_FW_PKT_PARSE_H
#define OVNIC_FW_PKT_PARSE_H

#include "frame.h"

#define FW_L3_NONE	0
#define FW_L3_IPV4	1
#define FW_L3_IPV6	2

#define FW_L4_NONE	0
#define FW_L4_TCP	1
#define FW_L4_UDP	2

/* What the parser found: the fields the hash types are computed over. */
struct fw_flow {
	u8 l3;			/* FW_L3_* */
	u8 l4;			/* FW_L4_*, NONE for fragments */
	bool ipv6_ext;		/* IPv6 with extension headers */
	bool has_home;		/* home address option present */
	bool has_rh2;		/* routing header type 2 present */
	u32 tunnel;		/* VIRTIO_NET_HASH_TUNNEL_TYPE_* hashed inside */
	u8 src[16];		/* IPv4 uses the first 4 bytes */
	u8 dst[16];
	u8 home[16];
	u8 rh2[16];
	u8 ports[4];		/* source, destination, network order */
};

void fw_pkt_parse(const struct ovnic_frame *f, u32 tunnel_types,
		  struct fw_flow *fl);

#endif /* OVNIC_FW_PKT_PARSE_H */
