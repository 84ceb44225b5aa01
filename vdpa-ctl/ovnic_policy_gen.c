// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/*
 * Generated from Documentation/netlink/specs/ovnic.yaml
 * by scripts/netlink-gen-libnl.py, do not edit; make netlink-gen.
 * What a reader of the ovnic family's replies and events checks
 * (the script says what).
 */
#include "ovnic_policy_gen.h"

const struct nla_policy ovnic_policy[OVNIC_NL_A_MAX + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_STRING },
	[OVNIC_NL_A_MGMTDEV_NAME] = { .type = NLA_STRING },
	[OVNIC_NL_A_DEV_SLOT] = { .type = NLA_U32 },
	[OVNIC_NL_A_DEV_STATUS] = { .type = NLA_U8 },
	[OVNIC_NL_A_DEV_DRIVER] = { .type = NLA_STRING },
	[OVNIC_NL_A_LINK_UP] = { .type = NLA_U8 },
	[OVNIC_NL_A_LINK_SPEED] = { .type = NLA_U32 },
	[OVNIC_NL_A_LINK_DUPLEX] = { .type = NLA_U8 },
	[OVNIC_NL_A_LINK_LOOPBACK] = { .type = NLA_U8 },
	[OVNIC_NL_A_QUEUE_PAIRS_MAX] = { .type = NLA_U16 },
	[OVNIC_NL_A_QUEUE_PAIRS_LIMIT] = { .type = NLA_U16 },
	[OVNIC_NL_A_QUEUE_PAIRS] = { .type = NLA_U16 },
	[OVNIC_NL_A_QUEUE_SIZE_MAX] = { .type = NLA_U16 },
	[OVNIC_NL_A_QUEUE_SIZE_LIMIT] = { .type = NLA_U16 },
	[OVNIC_NL_A_STATS_QUEUE_INDEX] = { .type = NLA_U16 },
	[OVNIC_NL_A_STATS_QUEUE_TYPE] = { .type = NLA_U8 },
	[OVNIC_NL_A_STATS] = { .type = NLA_NESTED },
	[OVNIC_NL_A_STATS_RX] = { .type = NLA_NESTED },
	[OVNIC_NL_A_STATS_TX] = { .type = NLA_NESTED },
	[OVNIC_NL_A_STATS_CTRL] = { .type = NLA_NESTED },
	[OVNIC_NL_A_STATS_PER_QUEUE] = { .type = NLA_FLAG },
	[OVNIC_NL_A_COAL_RX_USECS] = { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_RX_FRAMES] = { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_TX_USECS] = { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_TX_FRAMES] = { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_ADAPTIVE_RX] = { .type = NLA_U8 },
	[OVNIC_NL_A_COAL_ADAPTIVE_TX] = { .type = NLA_U8 },
	[OVNIC_NL_A_COAL_IRQ_RATE] = { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_QUEUE] = { .type = NLA_NESTED },
	[OVNIC_NL_A_HASH_TYPES] = { .type = NLA_U32 },
	[OVNIC_NL_A_HASH_TYPES_SUPPORTED] = { .type = NLA_U32 },
	[OVNIC_NL_A_HASH_REPORT] = { .type = NLA_U8 },
	[OVNIC_NL_A_HASH_TUNNEL] = { .type = NLA_U8 },
	[OVNIC_NL_A_HASH_TUNNEL_GUEST] = { .type = NLA_U32 },
	[OVNIC_NL_A_HASH_TUNNEL_POLICY] = { .type = NLA_U32 },
	[OVNIC_NL_A_HASH_TUNNEL_ACTIVE] = { .type = NLA_U32 },
	[OVNIC_NL_A_HASH_TUNNEL_SUPPORTED] = { .type = NLA_U32 },
	[OVNIC_NL_A_RSS] = { .type = NLA_U8 },
	[OVNIC_NL_A_RSS_STEERING] = { .type = NLA_U8 },
	[OVNIC_NL_A_RSS_KEY] = { .type = NLA_BINARY },
	[OVNIC_NL_A_RSS_TABLE] = { .type = NLA_BINARY },
	[OVNIC_NL_A_RSS_UNCLASSIFIED] = { .type = NLA_U16 },
	[OVNIC_NL_A_RSS_MAX_TX_VQ] = { .type = NLA_U16 },
	[OVNIC_NL_A_POLICY] = { .type = NLA_U8 },
	[OVNIC_NL_A_MAC_CURRENT] = { .type = NLA_BINARY, .minlen = 6, .maxlen = 6 },
	[OVNIC_NL_A_MAC_ALLOWED] = { .type = NLA_NESTED },
	[OVNIC_NL_A_MAC_TRUST] = { .type = NLA_U8 },
	[OVNIC_NL_A_MAC_SPOOFCHK] = { .type = NLA_U8 },
	[OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE] = { .type = NLA_U8 },
	[OVNIC_NL_A_MAC_CLAIMED] = { .type = NLA_NESTED },
};

const struct nla_policy ovnic_stat_policy[OVNIC_NL_STAT_MAX + 1] = {
	[OVNIC_NL_STAT_PACKETS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_BYTES] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DESCS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_KICKS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_INTERRUPTS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_NO_BUFFER] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_TOO_BIG] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_BAD_DESC] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_BAD_ADDR] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_FILTERED] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_CTRL_ERRORS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_COALESCED] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_SPOOFED] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_DROP_BAD_OFFLOAD] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_CSUM_PARTIAL] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_CSUM_VALID] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_GSO_PACKETS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_GSO_BYTES] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_GSO_SEGMENTS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_GSO_SEGMENT_BYTES] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_GSO_NOSEG_PACKETS] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_GSO_NOSEG_BYTES] = { .type = NLA_U64 },
	[OVNIC_NL_STAT_BAD_NOTIFY] = { .type = NLA_U64 },
};

const struct nla_policy ovnic_coal_queue_policy[OVNIC_NL_COALQ_MAX + 1] = {
	[OVNIC_NL_COALQ_INDEX] = { .type = NLA_U16 },
	[OVNIC_NL_COALQ_USECS] = { .type = NLA_U32 },
	[OVNIC_NL_COALQ_FRAMES] = { .type = NLA_U32 },
	[OVNIC_NL_COALQ_SOURCE] = { .type = NLA_U8 },
	[OVNIC_NL_COALQ_ACTIVE] = { .type = NLA_U8 },
	[OVNIC_NL_COALQ_PENDING] = { .type = NLA_U32 },
	[OVNIC_NL_COALQ_RATE] = { .type = NLA_U32 },
};

const struct nla_policy ovnic_mac_list_policy[OVNIC_NL_MACL_MAX + 1] = {
	[OVNIC_NL_MACL_ADDR] = { .type = NLA_BINARY, .minlen = 6, .maxlen = 6 },
};
