// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink ops on receive steering and hashing: RSS_GET (what the driver
 * programmed through its control queue -- hash types, key, indirection
 * table -- and the inner-header hash: the driver's tunnel types, the
 * host's, the ones in use) and HASH_SET (the host's inner-header hash
 * policy).  docs/rss-and-hashing.md says which setting wins.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/slab.h>

#include "cmds.h"
#include "netlink.h"
#include "vdpa_core.h"

static int ovnic_nl_rss_put(struct sk_buff *skb,
			    const struct ovnic_rss_info *r)
{
	u16 n = min_t(u16, r->table_len, OVNIC_RSS_TABLE_MAX);
	struct nlattr *table;
	u32 *entry;
	u16 i;

	if (nla_put_u32(skb, OVNIC_NL_A_HASH_TYPES, r->hash_types) ||
	    nla_put_u32(skb, OVNIC_NL_A_HASH_TYPES_SUPPORTED,
			r->supported_hash_types) ||
	    nla_put_u8(skb, OVNIC_NL_A_HASH_REPORT,
		       !!(r->flags & OVNIC_RSS_F_HASH_REPORT)) ||
	    nla_put_u8(skb, OVNIC_NL_A_HASH_TUNNEL,
		       !!(r->flags & OVNIC_RSS_F_HASH_TUNNEL)) ||
	    nla_put_u32(skb, OVNIC_NL_A_HASH_TUNNEL_GUEST,
			r->guest_tunnel_types) ||
	    nla_put_u32(skb, OVNIC_NL_A_HASH_TUNNEL_POLICY,
			r->policy_tunnel_types) ||
	    nla_put_u32(skb, OVNIC_NL_A_HASH_TUNNEL_ACTIVE,
			r->active_tunnel_types) ||
	    nla_put_u32(skb, OVNIC_NL_A_HASH_TUNNEL_SUPPORTED,
			r->supported_tunnel_types) ||
	    nla_put_u8(skb, OVNIC_NL_A_RSS, !!(r->flags & OVNIC_RSS_F_RSS)) ||
	    nla_put_u8(skb, OVNIC_NL_A_RSS_STEERING,
		       r->steering == OVNIC_RSS_STEER_TABLE ?
		       OVNIC_NL_STEERING_TABLE : OVNIC_NL_STEERING_AUTO) ||
	    nla_put_u16(skb, OVNIC_NL_A_QUEUE_PAIRS, r->curr_vqp) ||
	    nla_put_u16(skb, OVNIC_NL_A_RSS_UNCLASSIFIED,
			r->unclassified_queue) ||
	    nla_put_u16(skb, OVNIC_NL_A_RSS_MAX_TX_VQ, r->max_tx_vq) ||
	    nla_put(skb, OVNIC_NL_A_RSS_KEY, r->key_len, r->key))
		return -EMSGSIZE;
	table = nla_reserve(skb, OVNIC_NL_A_RSS_TABLE, n * sizeof(*entry));
	if (!table)
		return -EMSGSIZE;
	entry = nla_data(table);
	for (i = 0; i < n; i++)
		entry[i] = r->table[i];
	return 0;
}

static int ovnic_nl_rss_fill(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			     u32 portid, u32 seq, int flags,
			     struct netlink_ext_ack *extack)
{
	struct ovnic_rss_info *r;
	void *hdr;
	int err;

	r = kmalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	hdr = genlmsg_put(skb, portid, seq, &ovnic_nl_family, flags,
			  OVNIC_NL_CMD_RSS_GET);
	if (!hdr) {
		err = -EMSGSIZE;
		goto out;
	}
	err = ovnic_cmd_rss_query(ovd->ad, ovd->dev_id, r);
	if (err) {
		NL_SET_ERR_MSG(extack, "the card did not answer RSS_QUERY");
		goto err_cancel;
	}
	err = ovnic_nl_put_handle(skb, ovd) ?: ovnic_nl_rss_put(skb, r);
	if (err)
		goto err_cancel;
	genlmsg_end(skb, hdr);
	goto out;

err_cancel:
	genlmsg_cancel(skb, hdr);
out:
	kfree(r);
	return err;
}

int ovnic_nl_rss_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovnic_nl_get_reply(info, ovnic_nl_rss_fill);
}

int ovnic_nl_rss_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ovnic_nl_get_dump(skb, cb, ovnic_nl_rss_fill);
}

int ovnic_nl_hash_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovnic_vdpa *ovd = ovnic_nl_info_dev(info);
	int err;

	if (!ovnic_nl_require(info, OVNIC_NL_A_HASH_TUNNEL_POLICY,
			      "the tunnel types (HASH_TUNNEL_POLICY)"))
		return -EINVAL;
	err = ovnic_cmd_rss_set_policy(ovd->ad, ovd->dev_id,
				       nla_get_u32(info->attrs[OVNIC_NL_A_HASH_TUNNEL_POLICY]));
	if (err) {
		NL_SET_ERR_MSG_ATTR(info->extack,
				    info->attrs[OVNIC_NL_A_HASH_TUNNEL_POLICY],
				    "the card refused the tunnel types");
		return err;
	}
	ovnic_nl_notify_policy(ovd, OVNIC_NL_POLICY_HASH);
	return 0;
}
