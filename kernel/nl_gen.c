// SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause)
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovnic.yaml */
/* YNL-GEN kernel source */

#include <net/netlink.h>
#include <net/genetlink.h>

#include "nl_gen.h"

#include <uapi/linux/ovnic.h>
#include <ovnic.h>
#include <ovnic.h>
#include <ovnic.h>
#include <ovnic.h>
#include <ovnic.h>

/* Integer value ranges */
static const struct netlink_range_validation ovnic_nl_a_coal_rx_usecs_range = {
	.max	= OVNIC_COAL_USECS_MAX,
};

static const struct netlink_range_validation ovnic_nl_a_coal_tx_usecs_range = {
	.max	= OVNIC_COAL_USECS_MAX,
};

static const struct netlink_range_validation ovnic_nl_a_coal_irq_rate_range = {
	.min	= OVNIC_COAL_IRQ_RATE_MIN,
	.max	= OVNIC_COAL_IRQ_RATE_MAX,
};

/* Common nested types */
const struct nla_policy ovnic_mac_list_nl_policy[OVNIC_NL_MACL_ADDR + 1] = {
	[OVNIC_NL_MACL_ADDR] = NLA_POLICY_EXACT_LEN(6),
};

/* OVNIC_NL_CMD_DEV_GET - do */
static const struct nla_policy ovnic_dev_get_do_nl_policy[OVNIC_NL_A_DEV_NAME + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
};

/* OVNIC_NL_CMD_DEV_GET - dump */
static const struct nla_policy ovnic_dev_get_dump_nl_policy[OVNIC_NL_A_PAD + 1] = {
};

/* OVNIC_NL_CMD_LINK_SET - do */
static const struct nla_policy ovnic_link_set_nl_policy[OVNIC_NL_A_LINK_LOOPBACK + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_LINK_UP] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_LINK_LOOPBACK] = NLA_POLICY_MAX(NLA_U8, 1),
};

/* OVNIC_NL_CMD_QUEUES_SET - do */
static const struct nla_policy ovnic_queues_set_nl_policy[OVNIC_NL_A_QUEUE_SIZE_MAX + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_QUEUE_PAIRS_MAX] = NLA_POLICY_RANGE(NLA_U16, 1, OVNIC_MAX_VQP),
	[OVNIC_NL_A_QUEUE_SIZE_MAX] = NLA_POLICY_MIN(NLA_U16, 2),
};

/* OVNIC_NL_CMD_STATS_GET - do */
static const struct nla_policy ovnic_stats_get_do_nl_policy[OVNIC_NL_A_STATS_QUEUE_INDEX + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_STATS_QUEUE_INDEX] = { .type = NLA_U16, },
};

/* OVNIC_NL_CMD_STATS_GET - dump */
static const struct nla_policy ovnic_stats_get_dump_nl_policy[OVNIC_NL_A_STATS_PER_QUEUE + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_STATS_PER_QUEUE] = { .type = NLA_FLAG, },
};

/* OVNIC_NL_CMD_COAL_GET - do */
static const struct nla_policy ovnic_coal_get_do_nl_policy[OVNIC_NL_A_DEV_NAME + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
};

/* OVNIC_NL_CMD_COAL_GET - dump */
static const struct nla_policy ovnic_coal_get_dump_nl_policy[OVNIC_NL_A_PAD + 1] = {
};

/* OVNIC_NL_CMD_COAL_SET - do */
static const struct nla_policy ovnic_coal_set_nl_policy[OVNIC_NL_A_COAL_IRQ_RATE + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_COAL_RX_USECS] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovnic_nl_a_coal_rx_usecs_range),
	[OVNIC_NL_A_COAL_RX_FRAMES] = { .type = NLA_U32, },
	[OVNIC_NL_A_COAL_TX_USECS] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovnic_nl_a_coal_tx_usecs_range),
	[OVNIC_NL_A_COAL_TX_FRAMES] = { .type = NLA_U32, },
	[OVNIC_NL_A_COAL_ADAPTIVE_RX] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_COAL_ADAPTIVE_TX] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_COAL_IRQ_RATE] = NLA_POLICY_FULL_RANGE(NLA_U32, &ovnic_nl_a_coal_irq_rate_range),
};

/* OVNIC_NL_CMD_RSS_GET - do */
static const struct nla_policy ovnic_rss_get_do_nl_policy[OVNIC_NL_A_DEV_NAME + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
};

/* OVNIC_NL_CMD_RSS_GET - dump */
static const struct nla_policy ovnic_rss_get_dump_nl_policy[OVNIC_NL_A_PAD + 1] = {
};

/* OVNIC_NL_CMD_HASH_SET - do */
static const struct nla_policy ovnic_hash_set_nl_policy[OVNIC_NL_A_HASH_TUNNEL_POLICY + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_HASH_TUNNEL_POLICY] = NLA_POLICY_MASK(NLA_U32, 0x1ff),
};

/* OVNIC_NL_CMD_MAC_GET - do */
static const struct nla_policy ovnic_mac_get_do_nl_policy[OVNIC_NL_A_DEV_NAME + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
};

/* OVNIC_NL_CMD_MAC_GET - dump */
static const struct nla_policy ovnic_mac_get_dump_nl_policy[OVNIC_NL_A_PAD + 1] = {
};

/* OVNIC_NL_CMD_MAC_SET - do */
static const struct nla_policy ovnic_mac_set_nl_policy[OVNIC_NL_A_MAC_SPOOFCHK + 1] = {
	[OVNIC_NL_A_DEV_NAME] = { .type = NLA_NUL_STRING, .len = 63, },
	[OVNIC_NL_A_MAC_ALLOWED] = NLA_POLICY_NESTED(ovnic_mac_list_nl_policy),
	[OVNIC_NL_A_MAC_TRUST] = NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_MAC_SPOOFCHK] = NLA_POLICY_MAX(NLA_U8, 2),
};

/* Ops table for ovnic */
const struct genl_split_ops ovnic_nl_ops[15] = {
	{
		.cmd		= OVNIC_NL_CMD_DEV_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_dev_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_dev_get_do_nl_policy,
		.maxattr	= OVNIC_NL_A_DEV_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_DEV_GET,
		.dumpit		= ovnic_nl_dev_get_dumpit,
		.policy		= ovnic_dev_get_dump_nl_policy,
		.maxattr	= OVNIC_NL_A_PAD,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_LINK_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_link_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_link_set_nl_policy,
		.maxattr	= OVNIC_NL_A_LINK_LOOPBACK,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_QUEUES_SET,
		.pre_doit	= ovnic_nl_pre_doit_unbound,
		.doit		= ovnic_nl_queues_set_doit,
		.post_doit	= ovnic_nl_post_doit_unbound,
		.policy		= ovnic_queues_set_nl_policy,
		.maxattr	= OVNIC_NL_A_QUEUE_SIZE_MAX,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_STATS_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_stats_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_stats_get_do_nl_policy,
		.maxattr	= OVNIC_NL_A_STATS_QUEUE_INDEX,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_STATS_GET,
		.start		= ovnic_nl_stats_get_start,
		.dumpit		= ovnic_nl_stats_get_dumpit,
		.policy		= ovnic_stats_get_dump_nl_policy,
		.maxattr	= OVNIC_NL_A_STATS_PER_QUEUE,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_COAL_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_coal_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_coal_get_do_nl_policy,
		.maxattr	= OVNIC_NL_A_DEV_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_COAL_GET,
		.dumpit		= ovnic_nl_coal_get_dumpit,
		.policy		= ovnic_coal_get_dump_nl_policy,
		.maxattr	= OVNIC_NL_A_PAD,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_COAL_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_coal_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_coal_set_nl_policy,
		.maxattr	= OVNIC_NL_A_COAL_IRQ_RATE,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_RSS_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_rss_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_rss_get_do_nl_policy,
		.maxattr	= OVNIC_NL_A_DEV_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_RSS_GET,
		.dumpit		= ovnic_nl_rss_get_dumpit,
		.policy		= ovnic_rss_get_dump_nl_policy,
		.maxattr	= OVNIC_NL_A_PAD,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_HASH_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_hash_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_hash_set_nl_policy,
		.maxattr	= OVNIC_NL_A_HASH_TUNNEL_POLICY,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_MAC_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_mac_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_mac_get_do_nl_policy,
		.maxattr	= OVNIC_NL_A_DEV_NAME,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_MAC_GET,
		.dumpit		= ovnic_nl_mac_get_dumpit,
		.policy		= ovnic_mac_get_dump_nl_policy,
		.maxattr	= OVNIC_NL_A_PAD,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_MAC_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_mac_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_mac_set_nl_policy,
		.maxattr	= OVNIC_NL_A_MAC_SPOOFCHK,
		.flags		= GENL_ADMIN_PERM | GENL_CMD_CAP_DO,
	},
};
