// SPDX-License-Identifier: GPL-2.0
/*
 * The "ovnic" generic netlink family: its policies and op table, the
 * devices it can address, and events.  The ops themselves live in nl_*.c.
 *
 * Every op has a policy (those that take no attribute one that refuses
 * all), and validation is strict (the family has no resv_start_op):
 * attributes an op does not list, unknown types and trailing bytes are
 * refused by the core with an extack message; every change needs CAP_NET_ADMIN
 * (GENL_ADMIN_PERM); every error an op returns carries an extack message.
 */
#include <linux/mutex.h>
#include <linux/string.h>

#include "netlink.h"
#include "ovnic.h"
#include "vdpa_dev.h"

enum ovnic_nl_mcgrp {
	OVNIC_NL_MCGRP_EVENTS,
};

/*
 * ovnic_nl_lock guards ovnic_nl_devs[], the devices netlink can address,
 * and is held through every operation on one of them (pre_doit to
 * post_doit, or one dumpit call).  A device is listed after its vDPA device
 * is registered and unlisted, under this lock, before it is unregistered,
 * so while the lock is held a listed device, its card slot and its adapter
 * all exist; removal (vdpa dev del, rmmod) waits for the operation in
 * flight.  Lock order: the vDPA core's vdpa_dev_lock, this lock, then a
 * vDPA device's device_lock and the card's control lock.  Nothing that
 * holds device_lock or a card lock takes this lock, and the interrupt path
 * never does (it only schedules work).
 */
static DEFINE_MUTEX(ovnic_nl_lock);
static struct ovnic_vdpa *ovnic_nl_devs[OVNIC_MAX_CARDS * OVNIC_MAX_DEVICES];

static unsigned long ovnic_nl_pos(const struct ovnic_vdpa *ovd)
{
	return ovd->ad->index * OVNIC_MAX_DEVICES + ovd->dev_id;
}

void ovnic_nl_dump_lock(void)
{
	mutex_lock(&ovnic_nl_lock);
}

void ovnic_nl_dump_unlock(void)
{
	mutex_unlock(&ovnic_nl_lock);
}

struct ovnic_vdpa *ovnic_nl_dump_next(unsigned long *pos)
{
	lockdep_assert_held(&ovnic_nl_lock);
	for (; *pos < ARRAY_SIZE(ovnic_nl_devs); (*pos)++)
		if (ovnic_nl_devs[*pos])
			return ovnic_nl_devs[*pos];
	return NULL;
}

struct ovnic_vdpa *ovnic_nl_dev_find(const struct nlattr *name)
{
	unsigned int i;

	lockdep_assert_held(&ovnic_nl_lock);
	for (i = 0; i < ARRAY_SIZE(ovnic_nl_devs); i++)
		if (ovnic_nl_devs[i] &&
		    !nla_strcmp(name, ovnic_vdpa_name(ovnic_nl_devs[i])))
			return ovnic_nl_devs[i];
	return NULL;
}

bool ovnic_nl_require(struct genl_info *info, int attr, const char *what)
{
	if (info->attrs[attr])
		return true;
	NL_SET_ERR_ATTR_MISS(info->extack, NULL, attr);
	GENL_SET_ERR_MSG_FMT(info, "%s is missing", what);
	return false;
}

int ovnic_nl_put_handle(struct sk_buff *skb, struct ovnic_vdpa *ovd)
{
	if (nla_put_string(skb, OVNIC_NL_A_DEV_NAME, ovnic_vdpa_name(ovd)) ||
	    nla_put_string(skb, OVNIC_NL_A_MGMTDEV_NAME,
			   dev_name(ovnic_adapter_dev(ovd->ad))))
		return -EMSGSIZE;
	return 0;
}

/* ---- Events ---- */

/* A notification about @ovd, or NULL when no one listens or no memory. */
static struct sk_buff *ovnic_nl_ntf_new(struct ovnic_vdpa *ovd, u8 cmd,
					void **hdr)
{
	struct sk_buff *skb;

	if (!genl_has_listeners(&ovnic_nl_family, &init_net,
				OVNIC_NL_MCGRP_EVENTS))
		return NULL;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &ovnic_nl_family, 0, cmd);
	if (!*hdr || ovnic_nl_put_handle(skb, ovd)) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

static void ovnic_nl_ntf_send(struct sk_buff *skb, void *hdr)
{
	genlmsg_end(skb, hdr);
	genlmsg_multicast(&ovnic_nl_family, skb, 0, OVNIC_NL_MCGRP_EVENTS,
			  GFP_KERNEL);
}

static void ovnic_nl_notify_dev(struct ovnic_vdpa *ovd, u8 cmd)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ovnic_nl_ntf_new(ovd, cmd, &hdr);
	if (skb)
		ovnic_nl_ntf_send(skb, hdr);
}

void ovnic_nl_notify_needs_reset(struct ovnic_vdpa *ovd, u8 status)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ovnic_nl_ntf_new(ovd, OVNIC_NL_CMD_NEEDS_RESET_NTF, &hdr);
	if (!skb)
		return;
	if (nla_put_u8(skb, OVNIC_NL_A_DEV_STATUS, status)) {
		nlmsg_free(skb);
		return;
	}
	ovnic_nl_ntf_send(skb, hdr);
}

void ovnic_nl_notify_link(struct ovnic_vdpa *ovd, bool up, bool loopback)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ovnic_nl_ntf_new(ovd, OVNIC_NL_CMD_LINK_NTF, &hdr);
	if (!skb)
		return;
	if (nla_put_u8(skb, OVNIC_NL_A_LINK_UP, up) ||
	    nla_put_u8(skb, OVNIC_NL_A_LINK_LOOPBACK, loopback)) {
		nlmsg_free(skb);
		return;
	}
	ovnic_nl_ntf_send(skb, hdr);
}

void ovnic_nl_notify_policy(struct ovnic_vdpa *ovd, enum ovnic_nl_policy what)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ovnic_nl_ntf_new(ovd, OVNIC_NL_CMD_POLICY_NTF, &hdr);
	if (!skb)
		return;
	if (nla_put_u8(skb, OVNIC_NL_A_POLICY, what)) {
		nlmsg_free(skb);
		return;
	}
	ovnic_nl_ntf_send(skb, hdr);
}

/* ---- Device lifetime ---- */

void ovnic_nl_dev_add(struct ovnic_vdpa *ovd)
{
	mutex_lock(&ovnic_nl_lock);
	ovnic_nl_devs[ovnic_nl_pos(ovd)] = ovd;
	mutex_unlock(&ovnic_nl_lock);
	ovnic_nl_notify_dev(ovd, OVNIC_NL_CMD_DEV_ADD_NTF);
}

void ovnic_nl_dev_del(struct ovnic_vdpa *ovd)
{
	bool listed;

	mutex_lock(&ovnic_nl_lock);
	listed = ovnic_nl_devs[ovnic_nl_pos(ovd)] == ovd;
	if (listed)
		ovnic_nl_devs[ovnic_nl_pos(ovd)] = NULL;
	mutex_unlock(&ovnic_nl_lock);
	if (listed)
		ovnic_nl_notify_dev(ovd, OVNIC_NL_CMD_DEV_DEL_NTF);
}

/* ---- Doit: find the device, hold the lock ---- */

static int ovnic_nl_pre_doit(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[OVNIC_NL_A_DEV_NAME];
	struct ovnic_vdpa *ovd;

	if (!ovnic_nl_require(info, OVNIC_NL_A_DEV_NAME, "the device name"))
		return -EINVAL;
	mutex_lock(&ovnic_nl_lock);
	ovd = ovnic_nl_dev_find(name);
	if (!ovd) {
		mutex_unlock(&ovnic_nl_lock);
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no ovnic device of this name");
		return -ENODEV;
	}
	info->user_ptr[0] = ovd;
	return 0;
}

static void ovnic_nl_post_doit(const struct genl_split_ops *ops,
			       struct sk_buff *skb, struct genl_info *info)
{
	mutex_unlock(&ovnic_nl_lock);
}

/* ---- Policies: one per op, what it accepts and nothing else ---- */

/*
 * Ops that take no attribute.  The core gives full ops without a policy
 * one like this, but not split ops: without it a dump would ignore what
 * it is sent instead of refusing it.
 */
static const struct nla_policy ovnic_nl_no_attr_policy[] = {
	[OVNIC_NL_A_UNSPEC]	= { .type = NLA_REJECT },
	[OVNIC_NL_A_PAD]	= { .type = NLA_REJECT },
};

#define OVNIC_NL_POLICY_DEV_NAME \
	{ .type = NLA_NUL_STRING, .len = OVNIC_NL_DEV_NAME_MAX - 1 }

static const struct nla_policy ovnic_nl_dev_get_policy[] = {
	[OVNIC_NL_A_DEV_NAME]	= OVNIC_NL_POLICY_DEV_NAME,
};

static const struct nla_policy ovnic_nl_link_set_policy[] = {
	[OVNIC_NL_A_DEV_NAME]	= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_LINK_UP]	= NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_LINK_LOOPBACK] = NLA_POLICY_MAX(NLA_U8, 1),
};

static const struct nla_policy ovnic_nl_queues_set_policy[] = {
	[OVNIC_NL_A_DEV_NAME]		= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_QUEUE_PAIRS_MAX]	= NLA_POLICY_RANGE(NLA_U16, 1,
							   OVNIC_MAX_VQP),
	/* the upper bound is the card's, checked by the op */
	[OVNIC_NL_A_QUEUE_SIZE_MAX]	= NLA_POLICY_MIN(NLA_U16, 2),
};

static const struct nla_policy ovnic_nl_stats_get_do_policy[] = {
	[OVNIC_NL_A_DEV_NAME]		= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_STATS_QUEUE_INDEX]	= { .type = NLA_U16 },
};

static const struct nla_policy ovnic_nl_stats_get_dump_policy[] = {
	[OVNIC_NL_A_DEV_NAME]		= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_STATS_PER_QUEUE]	= { .type = NLA_FLAG },
};

static const struct nla_policy ovnic_nl_coal_get_policy[] = {
	[OVNIC_NL_A_DEV_NAME]	= OVNIC_NL_POLICY_DEV_NAME,
};

static const struct netlink_range_validation ovnic_nl_coal_usecs_range = {
	.max	= OVNIC_COAL_USECS_MAX,
};

static const struct netlink_range_validation ovnic_nl_coal_rate_range = {
	.min	= OVNIC_COAL_IRQ_RATE_MIN,
	.max	= OVNIC_COAL_IRQ_RATE_MAX,
};

static const struct nla_policy ovnic_nl_coal_set_policy[] = {
	[OVNIC_NL_A_DEV_NAME]		= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_COAL_RX_USECS]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovnic_nl_coal_usecs_range),
	[OVNIC_NL_A_COAL_RX_FRAMES]	= { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_TX_USECS]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovnic_nl_coal_usecs_range),
	[OVNIC_NL_A_COAL_TX_FRAMES]	= { .type = NLA_U32 },
	[OVNIC_NL_A_COAL_ADAPTIVE_RX]	= NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_COAL_ADAPTIVE_TX]	= NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_COAL_IRQ_RATE]	=
		NLA_POLICY_FULL_RANGE(NLA_U32, &ovnic_nl_coal_rate_range),
};

static const struct nla_policy ovnic_nl_rss_get_policy[] = {
	[OVNIC_NL_A_DEV_NAME]	= OVNIC_NL_POLICY_DEV_NAME,
};

/* The nine VIRTIO_NET_HASH_TUNNEL_TYPE_* bits of virtio 1.4. */
static const struct nla_policy ovnic_nl_hash_set_policy[] = {
	[OVNIC_NL_A_DEV_NAME]	= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_HASH_TUNNEL_POLICY] = NLA_POLICY_MASK(NLA_U32, 0x1ff),
};

static const struct nla_policy ovnic_nl_mac_get_policy[] = {
	[OVNIC_NL_A_DEV_NAME]	= OVNIC_NL_POLICY_DEV_NAME,
};

/* The entries of an address list: exactly six bytes each. */
static const struct nla_policy ovnic_nl_mac_list_policy[] = {
	[OVNIC_NL_MACL_ADDR]	= NLA_POLICY_ETH_ADDR,
};

static const struct nla_policy ovnic_nl_mac_set_policy[] = {
	[OVNIC_NL_A_DEV_NAME]		= OVNIC_NL_POLICY_DEV_NAME,
	[OVNIC_NL_A_MAC_ALLOWED]	=
		NLA_POLICY_NESTED(ovnic_nl_mac_list_policy),
	[OVNIC_NL_A_MAC_TRUST]		= NLA_POLICY_MAX(NLA_U8, 1),
	[OVNIC_NL_A_MAC_SPOOFCHK]	=
		NLA_POLICY_MAX(NLA_U8, OVNIC_NL_SPOOFCHK_OFF),
};

/* ---- The family ---- */

static const struct genl_split_ops ovnic_nl_ops[] = {
	{
		.cmd		= OVNIC_NL_CMD_DEV_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_dev_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_dev_get_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_dev_get_policy) - 1,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_DEV_GET,
		.dumpit		= ovnic_nl_dev_get_dumpit,
		.policy		= ovnic_nl_no_attr_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_no_attr_policy) - 1,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_LINK_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_link_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_link_set_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_link_set_policy) - 1,
		.flags		= GENL_CMD_CAP_DO | GENL_ADMIN_PERM,
	},
	{
		.cmd		= OVNIC_NL_CMD_QUEUES_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_queues_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_queues_set_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_queues_set_policy) - 1,
		.flags		= GENL_CMD_CAP_DO | GENL_ADMIN_PERM,
	},
	{
		.cmd		= OVNIC_NL_CMD_STATS_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_stats_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_stats_get_do_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_stats_get_do_policy) - 1,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_STATS_GET,
		.dumpit		= ovnic_nl_stats_get_dumpit,
		.policy		= ovnic_nl_stats_get_dump_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_stats_get_dump_policy) - 1,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_COAL_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_coal_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_coal_get_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_coal_get_policy) - 1,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_COAL_GET,
		.dumpit		= ovnic_nl_coal_get_dumpit,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_COAL_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_coal_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_coal_set_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_coal_set_policy) - 1,
		.flags		= GENL_CMD_CAP_DO | GENL_ADMIN_PERM,
	},
	{
		.cmd		= OVNIC_NL_CMD_RSS_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_rss_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_rss_get_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_rss_get_policy) - 1,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_RSS_GET,
		.dumpit		= ovnic_nl_rss_get_dumpit,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_HASH_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_hash_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_hash_set_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_hash_set_policy) - 1,
		.flags		= GENL_CMD_CAP_DO | GENL_ADMIN_PERM,
	},
	{
		.cmd		= OVNIC_NL_CMD_MAC_GET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_mac_get_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_mac_get_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_mac_get_policy) - 1,
		.flags		= GENL_CMD_CAP_DO,
	},
	{
		.cmd		= OVNIC_NL_CMD_MAC_GET,
		.dumpit		= ovnic_nl_mac_get_dumpit,
		.policy		= ovnic_nl_no_attr_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_no_attr_policy) - 1,
		.flags		= GENL_CMD_CAP_DUMP,
	},
	{
		.cmd		= OVNIC_NL_CMD_MAC_SET,
		.pre_doit	= ovnic_nl_pre_doit,
		.doit		= ovnic_nl_mac_set_doit,
		.post_doit	= ovnic_nl_post_doit,
		.policy		= ovnic_nl_mac_set_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_mac_set_policy) - 1,
		.flags		= GENL_CMD_CAP_DO | GENL_ADMIN_PERM,
	},
};

static const struct genl_multicast_group ovnic_nl_mcgrps[] = {
	[OVNIC_NL_MCGRP_EVENTS]	= { .name = OVNIC_GENL_MCGRP_EVENTS },
};

/*
 * Not netnsok: vDPA devices belong to no network namespace (as for the
 * "vdpa" family), so the family lives in the initial one.  Parallel ops:
 * ovnic_nl_lock serializes what needs it, not genl_mutex.
 */
struct genl_family ovnic_nl_family __ro_after_init = {
	.name		= OVNIC_GENL_NAME,
	.version	= OVNIC_GENL_VERSION,
	.netnsok	= false,
	.parallel_ops	= true,
	.module		= THIS_MODULE,
	.split_ops	= ovnic_nl_ops,
	.n_split_ops	= ARRAY_SIZE(ovnic_nl_ops),
	.mcgrps		= ovnic_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(ovnic_nl_mcgrps),
};

int ovnic_nl_init(void)
{
	int err;

	err = genl_register_family(&ovnic_nl_family);
	if (err)
		pr_err("ovnic: cannot register the \"%s\" netlink family: %pe\n",
		       OVNIC_GENL_NAME, ERR_PTR(err));
	return err;
}

/* After every adapter is gone: no device is listed any more. */
void ovnic_nl_exit(void)
{
	genl_unregister_family(&ovnic_nl_family);
}
