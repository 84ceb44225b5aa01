// SPDX-License-Identifier: GPL-2.0
/*
 * The "ovnic" generic netlink family: its policies and op table, how its
 * ops find the registry's devices (registry.c), and events.  The ops
 * themselves live in nl_*.c.
 *
 * Every op, do and dump, has a policy (those that take no attribute one
 * that refuses all; ovnic_nl_init() refuses a table with an op that has
 * none), and validation is strict (the family has no resv_start_op):
 * attributes an op does not list, unknown types and trailing bytes are
 * refused by the core with an extack message; every change needs CAP_NET_ADMIN
 * (GENL_ADMIN_PERM); every error an op returns carries an extack message.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/device.h>
#include <linux/string.h>

#include "netlink.h"
#include "ovnic.h"
#include "registry.h"
#include "vdpa_core.h"

enum ovnic_nl_mcgrp {
	OVNIC_NL_MCGRP_EVENTS,
};

void ovnic_nl_dump_lock(void)
{
	ovnic_reg_lock();
}

void ovnic_nl_dump_unlock(void)
{
	ovnic_reg_unlock();
}

/*
 * Dumps walk the devices by card and slot.  Between two rounds devices may
 * come and go, and another device may take the slot of the one the dump
 * was at: its serial number tells them apart, so a dump goes on where it
 * was only with the device it was at, and starts any other from its first
 * queue.  A device deleted meanwhile is just not there any more; no device
 * after it is skipped or repeated.
 */
struct ovnic_vdpa *ovnic_nl_dump_dev(struct netlink_callback *cb)
{
	struct ovnic_nl_dump_ctx *ctx = ovnic_nl_dump_ctx(cb);
	struct ovnic_reg_dev *rd;

	for (; (rd = ovnic_reg_next(&ctx->pos)); ctx->pos++) {
		if (ctx->only && rd->serial != ctx->only)
			continue;
		if (rd->serial != ctx->serial) {
			ctx->serial = rd->serial;
			ctx->queue = 0;
		}
		return ovnic_vdpa_of_reg(rd);
	}
	return NULL;
}

void ovnic_nl_dump_dev_done(struct netlink_callback *cb)
{
	struct ovnic_nl_dump_ctx *ctx = ovnic_nl_dump_ctx(cb);

	ctx->pos++;
	ctx->serial = 0;
	ctx->queue = 0;
}

/* @name is an OVNIC_NL_A_DEV_NAME, NUL-terminated by its policy. */
static struct ovnic_reg_dev *ovnic_nl_dev_find(const struct nlattr *name)
{
	return ovnic_reg_find(nla_data(name));
}

int ovnic_nl_dump_filter(struct netlink_callback *cb,
			 const struct nlattr *name)
{
	struct ovnic_nl_dump_ctx *ctx = ovnic_nl_dump_ctx(cb);
	struct ovnic_reg_dev *rd;

	ovnic_reg_lock();
	rd = ovnic_nl_dev_find(name);
	if (rd) {
		ctx->pos = rd->pos;
		ctx->only = rd->serial;
	}
	ovnic_reg_unlock();
	if (!rd) {
		NL_SET_ERR_MSG_ATTR(cb->extack, name,
				    "no ovnic device of this name");
		return -ENODEV;
	}
	return 0;
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

static void ovnic_nl_notify_needs_reset(struct ovnic_reg_dev *rd, u8 status)
{
	struct sk_buff *skb;
	void *hdr;

	skb = ovnic_nl_ntf_new(ovnic_vdpa_of_reg(rd), OVNIC_NL_CMD_NEEDS_RESET_NTF, &hdr);
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

/* ---- The registry's listener ---- */

static void ovnic_nl_dev_added(struct ovnic_reg_dev *rd)
{
	ovnic_nl_notify_dev(ovnic_vdpa_of_reg(rd), OVNIC_NL_CMD_DEV_ADD_NTF);
}

static void ovnic_nl_dev_removed(struct ovnic_reg_dev *rd)
{
	ovnic_nl_notify_dev(ovnic_vdpa_of_reg(rd), OVNIC_NL_CMD_DEV_DEL_NTF);
}

static const struct ovnic_reg_listener ovnic_nl_listener = {
	.added		= ovnic_nl_dev_added,
	.removed	= ovnic_nl_dev_removed,
	.needs_reset	= ovnic_nl_notify_needs_reset,
};

/* ---- Doit: find the device, hold the lock ---- */

/* Flags of an op (internal_flags). */
#define OVNIC_NL_UNBOUND	BIT(0)	/* no bus driver, none binds meanwhile */

/*
 * For an op that needs @ovd without a bus driver, and none binding while
 * it runs: the device's device_lock.  An unbind holds that lock for as long
 * as its driver's remove takes (vhost_vdpa's waits until its file is
 * closed, which is up to whoever holds it), so it is never waited for
 * under the registry lock: with a driver bound the op fails at once;
 * otherwise, holding a reference, the op lets go of the registry lock,
 * takes device_lock and the registry lock again, and goes on only if the
 * device is still published and still has no driver.
 *
 * Called with the registry lock held; returns 0 with it, the device lock
 * and a reference held (ovnic_nl_post_doit() drops them), or an error with
 * none of them.
 */
static int ovnic_nl_lock_unbound(struct ovnic_vdpa *ovd,
				 struct genl_info *info)
{
	struct device *dev = &ovd->vdpa.dev;
	const char *driver;
	int err = -EBUSY;

	driver = ovnic_reg_driver(&ovd->reg);
	if (driver) {
		GENL_SET_ERR_MSG_FMT(info, "%s is bound to %s: unbind it first",
				     ovnic_vdpa_name(ovd), driver);
		ovnic_reg_unlock();
		return -EBUSY;
	}
	get_device(dev);
	ovnic_reg_unlock();

	device_lock(dev);
	ovnic_reg_lock();
	if (!ovnic_reg_published(&ovd->reg)) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[OVNIC_NL_A_DEV_NAME],
				    "the device was deleted meanwhile");
		err = -ENODEV;
		goto err_unlock;
	}
	if (dev->driver) {
		GENL_SET_ERR_MSG_FMT(info, "%s is bound to %s: unbind it first",
				     ovnic_vdpa_name(ovd), dev->driver->name);
		goto err_unlock;
	}
	return 0;

err_unlock:
	ovnic_reg_unlock();
	device_unlock(dev);
	put_device(dev);
	return err;
}

/*
 * The device an op addresses, with the registry lock held until post_doit:
 * removal waits for the op (see registry.c).
 */
static int ovnic_nl_pre_doit(const struct genl_split_ops *ops,
			     struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *name = info->attrs[OVNIC_NL_A_DEV_NAME];
	struct ovnic_reg_dev *rd;
	int err;

	if (!ovnic_nl_require(info, OVNIC_NL_A_DEV_NAME, "the device name"))
		return -EINVAL;
	ovnic_reg_lock();
	rd = ovnic_nl_dev_find(name);
	if (!rd) {
		ovnic_reg_unlock();
		NL_SET_ERR_MSG_ATTR(info->extack, name,
				    "no ovnic device of this name");
		return -ENODEV;
	}
	if (ops->internal_flags & OVNIC_NL_UNBOUND) {
		err = ovnic_nl_lock_unbound(ovnic_vdpa_of_reg(rd), info);
		if (err)
			return err;
	}
	info->user_ptr[0] = ovnic_vdpa_of_reg(rd);
	return 0;
}

static void ovnic_nl_post_doit(const struct genl_split_ops *ops,
			       struct sk_buff *skb, struct genl_info *info)
{
	struct device *dev = &ovnic_nl_info_dev(info)->vdpa.dev;

	ovnic_reg_unlock();
	if (ops->internal_flags & OVNIC_NL_UNBOUND) {
		device_unlock(dev);
		put_device(dev);
	}
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
		.internal_flags	= OVNIC_NL_UNBOUND,
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
		.start		= ovnic_nl_stats_get_start,
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
		.policy		= ovnic_nl_no_attr_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_no_attr_policy) - 1,
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
		.policy		= ovnic_nl_no_attr_policy,
		.maxattr	= ARRAY_SIZE(ovnic_nl_no_attr_policy) - 1,
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
 * the registry lock serializes what needs it, not genl_mutex.
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

/*
 * A split op without a policy gets no attribute parsed: the core would
 * accept anything in its request, and a dump would answer for every device
 * whatever the request names.  Refuse to register such a table.
 */
static int ovnic_nl_check_ops(void)
{
	const struct genl_split_ops *op;

	for (op = ovnic_nl_ops; op < ovnic_nl_ops + ARRAY_SIZE(ovnic_nl_ops);
	     op++)
		if (!op->policy || !op->maxattr) {
			pr_err("netlink command %u (%s) has no policy\n",
			       op->cmd, op->dumpit ? "dump" : "do");
			return -EINVAL;
		}
	return 0;
}

int ovnic_nl_init(void)
{
	int err;

	err = ovnic_nl_check_ops();
	if (err)
		return err;
	err = genl_register_family(&ovnic_nl_family);
	if (err) {
		pr_err("cannot register the \"%s\" netlink family: %pe\n",
		       OVNIC_GENL_NAME, ERR_PTR(err));
		return err;
	}
	ovnic_reg_listen(&ovnic_nl_listener);
	return 0;
}

/* After every adapter is gone: no device is published any more. */
void ovnic_nl_exit(void)
{
	ovnic_reg_unlisten();
	genl_unregister_family(&ovnic_nl_family);
}
