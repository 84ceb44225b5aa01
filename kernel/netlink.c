// SPDX-License-Identifier: GPL-2.0
/*
 * The "ovnic" generic netlink family: the family, how its ops find the
 * registry's devices (registry.c), and events.  The ops themselves live in
 * nl_*.c; their policies and the op table are generated from the family's
 * spec, Documentation/netlink/specs/ovnic.yaml, into nl_gen.c
 * (make netlink-gen).
 *
 * Every op, do and dump, has a policy (those that take no attribute one
 * that refuses all; ovnic_nl_init() refuses a table with an op that has
 * none), and validation is strict (the family has no resv_start_op):
 * attributes an op does not list, unknown types and trailing bytes are
 * refused by the core with an extack message; every change needs CAP_NET_ADMIN
 * (GENL_ADMIN_PERM); every error an op returns carries an extack message.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

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
 * removal waits for the op (see registry.c).  @unbound: for an op that
 * needs the device without a bus driver, and none binding while it runs
 * (ovnic_nl_lock_unbound()).
 */
static int __ovnic_nl_pre_doit(struct genl_info *info, bool unbound)
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
	if (unbound) {
		err = ovnic_nl_lock_unbound(ovnic_vdpa_of_reg(rd), info);
		if (err)
			return err;
	}
	info->user_ptr[0] = ovnic_vdpa_of_reg(rd);
	return 0;
}

/* The pre_doit and post_doit of the op table (nl_gen.c). */
int ovnic_nl_pre_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
		      struct genl_info *info)
{
	return __ovnic_nl_pre_doit(info, false);
}

int ovnic_nl_pre_doit_unbound(const struct genl_split_ops *ops,
			      struct sk_buff *skb, struct genl_info *info)
{
	return __ovnic_nl_pre_doit(info, true);
}

void ovnic_nl_post_doit(const struct genl_split_ops *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	ovnic_reg_unlock();
}

void ovnic_nl_post_doit_unbound(const struct genl_split_ops *ops,
				struct sk_buff *skb, struct genl_info *info)
{
	struct device *dev = &ovnic_nl_info_dev(info)->vdpa.dev;

	ovnic_reg_unlock();
	device_unlock(dev);
	put_device(dev);
}

/* ---- GET ops: one device's object, or every device's ---- */

int ovnic_nl_get_reply(struct genl_info *info, ovnic_nl_fill_fn *fill)
{
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = fill(msg, ovnic_nl_info_dev(info), info->snd_portid,
		   info->snd_seq, 0, info->extack);
	if (err) {
		nlmsg_free(msg);
		if (err == -EMSGSIZE)
			NL_SET_ERR_MSG(info->extack, "reply too large");
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* Every device, in card and slot order; see ovnic_nl_dump_dev(). */
int ovnic_nl_get_dump(struct sk_buff *skb, struct netlink_callback *cb,
		      ovnic_nl_fill_fn *fill)
{
	struct ovnic_vdpa *ovd;
	int err = 0;

	ovnic_nl_dump_lock();
	while ((ovd = ovnic_nl_dump_dev(cb))) {
		err = fill(skb, ovd, NETLINK_CB(cb->skb).portid,
			   cb->nlh->nlmsg_seq, NLM_F_MULTI, cb->extack);
		if (err)
			break;
		ovnic_nl_dump_dev_done(cb);
	}
	ovnic_nl_dump_unlock();
	/* A full skb ends this round; the next one goes on with @ovd. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}

/* ---- The family ---- */

/*
 * The policies (one per do and dump, what it accepts and nothing else) and
 * the op table, ovnic_nl_ops[], are generated from the spec into nl_gen.c.
 * The family itself is not: the generator would make it netnsok.  Nor is
 * its multicast group table (a generated one would be static to nl_gen.c).
 */
static const struct genl_multicast_group ovnic_nl_mcgrps[] = {
	[OVNIC_NL_MCGRP_EVENTS]	= { .name = OVNIC_GENL_MCGRP_EVENTS },
};

/*
 * Not netnsok: vDPA devices belong to no network namespace (as for the
 * "vdpa" family), so the family lives in the initial one.  Parallel ops:
 * the registry lock serializes what needs it, not genl_mutex.  A request to
 * the family, when the module is not loaded, loads it.
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

MODULE_ALIAS_GENL_FAMILY(OVNIC_GENL_NAME);
