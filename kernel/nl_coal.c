// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink ops for notification coalescing: COAL_GET (a device's policy and
 * every data queue's coalescing now) and COAL_SET (the policy: defaults
 * applied when the driver enables its queues after a reset, card-side
 * adaptive moderation on or off, its target rate).  The card applies them:
 * see docs/coalescing-and-stats.md.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include "cmds.h"
#include "netlink.h"
#include "vdpa_core.h"

static const u8 ovnic_nl_coal_sources[] = {
	[OVNIC_COAL_SRC_DEFAULT]	= OVNIC_NL_COAL_SRC_DEFAULT,
	[OVNIC_COAL_SRC_DRIVER_GLOBAL]	= OVNIC_NL_COAL_SRC_DRIVER,
	[OVNIC_COAL_SRC_DRIVER_VQ]	= OVNIC_NL_COAL_SRC_DRIVER_QUEUE,
	[OVNIC_COAL_SRC_ADAPTIVE]	= OVNIC_NL_COAL_SRC_ADAPTIVE,
};

static int ovnic_nl_coal_put_queue(struct sk_buff *skb, u16 qid,
				   const struct ovnic_coal_vq_info *q)
{
	struct nlattr *nest;

	nest = nla_nest_start(skb, OVNIC_NL_A_COAL_QUEUE);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u16(skb, OVNIC_NL_COALQ_INDEX, qid) ||
	    nla_put_u32(skb, OVNIC_NL_COALQ_USECS, q->usecs) ||
	    nla_put_u32(skb, OVNIC_NL_COALQ_FRAMES, q->frames) ||
	    nla_put_u8(skb, OVNIC_NL_COALQ_SOURCE,
		       q->source < ARRAY_SIZE(ovnic_nl_coal_sources) ?
		       ovnic_nl_coal_sources[q->source] : q->source) ||
	    nla_put_u8(skb, OVNIC_NL_COALQ_ACTIVE, q->active) ||
	    nla_put_u32(skb, OVNIC_NL_COALQ_PENDING, q->pending) ||
	    nla_put_u32(skb, OVNIC_NL_COALQ_RATE, q->rate_pps)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ovnic_nl_coal_fill(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			      u32 portid, u32 seq, int flags,
			      struct netlink_ext_ack *extack)
{
	struct ovnic_coal_params p;
	struct ovnic_coal_vq_info q;
	void *hdr;
	u16 qid;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &ovnic_nl_family, flags,
			  OVNIC_NL_CMD_COAL_GET);
	if (!hdr)
		return -EMSGSIZE;
	err = ovnic_cmd_coal_policy_get(ovd->ad, ovd->dev_id, &p);
	if (err) {
		NL_SET_ERR_MSG(extack, "the card did not answer COAL_POLICY_GET");
		goto err_cancel;
	}
	err = -EMSGSIZE;
	if (ovnic_nl_put_handle(skb, ovd) ||
	    nla_put_u32(skb, OVNIC_NL_A_COAL_RX_USECS, p.rx_usecs) ||
	    nla_put_u32(skb, OVNIC_NL_A_COAL_RX_FRAMES, p.rx_frames) ||
	    nla_put_u32(skb, OVNIC_NL_A_COAL_TX_USECS, p.tx_usecs) ||
	    nla_put_u32(skb, OVNIC_NL_A_COAL_TX_FRAMES, p.tx_frames) ||
	    nla_put_u8(skb, OVNIC_NL_A_COAL_ADAPTIVE_RX,
		       !!(p.flags & OVNIC_COAL_F_ADAPTIVE_RX)) ||
	    nla_put_u8(skb, OVNIC_NL_A_COAL_ADAPTIVE_TX,
		       !!(p.flags & OVNIC_COAL_F_ADAPTIVE_TX)) ||
	    nla_put_u32(skb, OVNIC_NL_A_COAL_IRQ_RATE, p.irq_rate))
		goto err_cancel;
	/* Every data queue; the control queue never coalesces. */
	for (qid = 0; qid + 1 < ovd->num_vqs; qid++) {
		err = ovnic_cmd_coal_vq_query(ovd->ad, ovd->dev_id, qid, &q);
		if (err) {
			NL_SET_ERR_MSG(extack, "the card did not answer COAL_VQ_QUERY");
			goto err_cancel;
		}
		err = ovnic_nl_coal_put_queue(skb, qid, &q);
		if (err)
			goto err_cancel;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return err;
}

int ovnic_nl_coal_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovnic_nl_get_reply(info, ovnic_nl_coal_fill);
}

int ovnic_nl_coal_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ovnic_nl_get_dump(skb, cb, ovnic_nl_coal_fill);
}

static void ovnic_nl_coal_u32(struct genl_info *info, int attr, u32 *val)
{
	if (info->attrs[attr])
		*val = nla_get_u32(info->attrs[attr]);
}

static void ovnic_nl_coal_flag(struct genl_info *info, int attr, u32 bit,
			       u32 *flags)
{
	if (!info->attrs[attr])
		return;
	if (nla_get_u8(info->attrs[attr]))
		*flags |= bit;
	else
		*flags &= ~bit;
}

/* The attributes given replace those fields of the policy; the rest stay. */
int ovnic_nl_coal_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovnic_vdpa *ovd = ovnic_nl_info_dev(info);
	struct ovnic_coal_params p;
	int attr, err;

	for (attr = OVNIC_NL_A_COAL_RX_USECS; attr <= OVNIC_NL_A_COAL_IRQ_RATE;
	     attr++)
		if (info->attrs[attr])
			break;
	if (attr > OVNIC_NL_A_COAL_IRQ_RATE) {
		GENL_SET_ERR_MSG(info, "nothing to set: give a default, an adaptive flag or the rate");
		return -EINVAL;
	}
	err = ovnic_cmd_coal_policy_get(ovd->ad, ovd->dev_id, &p);
	if (err) {
		GENL_SET_ERR_MSG(info, "the card did not answer COAL_POLICY_GET");
		return err;
	}
	ovnic_nl_coal_u32(info, OVNIC_NL_A_COAL_RX_USECS, &p.rx_usecs);
	ovnic_nl_coal_u32(info, OVNIC_NL_A_COAL_RX_FRAMES, &p.rx_frames);
	ovnic_nl_coal_u32(info, OVNIC_NL_A_COAL_TX_USECS, &p.tx_usecs);
	ovnic_nl_coal_u32(info, OVNIC_NL_A_COAL_TX_FRAMES, &p.tx_frames);
	ovnic_nl_coal_u32(info, OVNIC_NL_A_COAL_IRQ_RATE, &p.irq_rate);
	ovnic_nl_coal_flag(info, OVNIC_NL_A_COAL_ADAPTIVE_RX,
			   OVNIC_COAL_F_ADAPTIVE_RX, &p.flags);
	ovnic_nl_coal_flag(info, OVNIC_NL_A_COAL_ADAPTIVE_TX,
			   OVNIC_COAL_F_ADAPTIVE_TX, &p.flags);
	err = ovnic_cmd_coal_policy_set(ovd->ad, ovd->dev_id, &p);
	if (err) {
		GENL_SET_ERR_MSG_FMT(info, "the card refused the coalescing policy: %pe",
				     ERR_PTR(err));
		return err;
	}
	ovnic_nl_notify_policy(ovd, OVNIC_NL_POLICY_COAL);
	return 0;
}
