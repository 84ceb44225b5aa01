/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "ovnic" generic netlink family (uapi/linux/ovnic.h): registration,
 * the devices it can address, events.  netlink.c holds the family, its
 * policies and op table; each object's ops live in a file of their own
 * (nl_dev.c, nl_stats.c, ...).  docs/netlink.md says how to add one.
 */
#ifndef OVNIC_NETLINK_H
#define OVNIC_NETLINK_H

#include <net/genetlink.h>

#include "uapi/linux/ovnic.h"

struct ovnic_vdpa;

/* ---- For the rest of the driver ---- */

int ovnic_nl_init(void);
void ovnic_nl_exit(void);

/* A registered device becomes addressable; listeners get DEV_ADD_NTF. */
void ovnic_nl_dev_add(struct ovnic_vdpa *ovd);
/*
 * Before a device is unregistered: waits for an operation on it to end,
 * makes it unaddressable and sends DEV_DEL_NTF.  Harmless for a device
 * never added.
 */
void ovnic_nl_dev_del(struct ovnic_vdpa *ovd);

/* Events; process context (they allocate with GFP_KERNEL). */
void ovnic_nl_notify_needs_reset(struct ovnic_vdpa *ovd, u8 status);
void ovnic_nl_notify_link(struct ovnic_vdpa *ovd, bool up, bool loopback);
void ovnic_nl_notify_policy(struct ovnic_vdpa *ovd, enum ovnic_nl_policy what);

/* ---- For the op files ---- */

extern struct genl_family ovnic_nl_family;

/*
 * The device a doit addresses: looked up by pre_doit from
 * OVNIC_NL_A_DEV_NAME, with ovnic_nl_lock held until post_doit.
 */
static inline struct ovnic_vdpa *ovnic_nl_info_dev(struct genl_info *info)
{
	return info->user_ptr[0];
}

/*
 * Dumps: the next addressable device at or after *@pos (then *@pos is its
 * position), or NULL.  Call with ovnic_nl_lock held (ovnic_nl_dump_lock()).
 */
struct ovnic_vdpa *ovnic_nl_dump_next(unsigned long *pos);
void ovnic_nl_dump_lock(void);
void ovnic_nl_dump_unlock(void);

/* The device a dump's OVNIC_NL_A_DEV_NAME filter names (lock held). */
struct ovnic_vdpa *ovnic_nl_dev_find(const struct nlattr *name);

/* Every reply and event starts with these: device and card name. */
int ovnic_nl_put_handle(struct sk_buff *skb, struct ovnic_vdpa *ovd);

/* Whether @attr is present; if not, says which is missing in extack. */
bool ovnic_nl_require(struct genl_info *info, int attr, const char *what);

/* Op handlers, one group per file. */
int ovnic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_link_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_queues_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_coal_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_coal_get_dumpit(struct sk_buff *skb,
			     struct netlink_callback *cb);
int ovnic_nl_coal_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_rss_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_rss_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_hash_set_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_mac_get_doit(struct sk_buff *skb, struct genl_info *info);
int ovnic_nl_mac_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb);
int ovnic_nl_mac_set_doit(struct sk_buff *skb, struct genl_info *info);

#endif /* OVNIC_NETLINK_H */
