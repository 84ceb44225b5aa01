/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/* Do not edit directly, auto-generated from: */
/*	Documentation/netlink/specs/ovnic.yaml */
/* YNL-GEN kernel header */

#ifndef _LINUX_OVNIC_GEN_H
#define _LINUX_OVNIC_GEN_H

#include <net/netlink.h>
#include <net/genetlink.h>

#include <uapi/linux/ovnic.h>
#include <ovnic.h>
#include <ovnic.h>
#include <ovnic.h>
#include <ovnic.h>
#include <ovnic.h>

/* Common nested types */
extern const struct nla_policy ovnic_mac_list_nl_policy[OVNIC_NL_MACL_ADDR + 1];

/* Ops table for ovnic */
extern const struct genl_split_ops ovnic_nl_ops[15];

int ovnic_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info);
int ovnic_nl_pre_doit_unbound(const struct genl_split_ops *ops,
			      struct sk_buff *skb, struct genl_info *info);
void
ovnic_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		   struct genl_info *info);
void
ovnic_nl_post_doit_unbound(const struct genl_split_ops *ops,
			   struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_stats_get_start(struct netlink_callback *cb);

int ovnic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_link_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_queues_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_coal_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_coal_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_coal_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_rss_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_rss_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_hash_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_mac_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_mac_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_mac_set_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* _LINUX_OVNIC_GEN_H */
