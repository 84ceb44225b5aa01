// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink ops on a device's MAC policy, the host's say over which addresses
 * the device owns (as a PF's over its SR-IOV VFs): MAC_GET (the policy, the
 * driver's current MAC, whether sources are checked now, what the driver
 * claimed) and MAC_SET (allowed addresses, trust, anti-spoofing).  The card
 * enforces it: see the comment above struct ovnic_mac_policy in ovnic_hw.h.
 *
 * MAC_SET changes the fields given and keeps the others; the card takes
 * the whole policy at once, so the op reads it first (the registry lock, held
 * through the op, keeps other writers out meanwhile).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>

#include "cmds.h"
#include "netlink.h"
#include "vdpa_core.h"

static const u8 ovnic_nl_spoofchk_of_card[] = {
	[OVNIC_SPOOF_AUTO]	= OVNIC_NL_SPOOFCHK_AUTO,
	[OVNIC_SPOOF_ON]	= OVNIC_NL_SPOOFCHK_ON,
	[OVNIC_SPOOF_OFF]	= OVNIC_NL_SPOOFCHK_OFF,
};

static const u8 ovnic_nl_spoofchk_to_card[] = {
	[OVNIC_NL_SPOOFCHK_AUTO]	= OVNIC_SPOOF_AUTO,
	[OVNIC_NL_SPOOFCHK_ON]		= OVNIC_SPOOF_ON,
	[OVNIC_NL_SPOOFCHK_OFF]		= OVNIC_SPOOF_OFF,
};

static int ovnic_nl_mac_put_list(struct sk_buff *skb, int attr,
				 const u8 (*list)[ETH_ALEN], unsigned int n)
{
	struct nlattr *nest;
	unsigned int i;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < n; i++) {
		if (nla_put(skb, OVNIC_NL_MACL_ADDR, ETH_ALEN, list[i])) {
			nla_nest_cancel(skb, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(skb, nest);
	return 0;
}

static int ovnic_nl_mac_put(struct sk_buff *skb, const struct ovnic_mac_info *m)
{
	u8 spoof = m->policy.spoof;

	if (spoof < ARRAY_SIZE(ovnic_nl_spoofchk_of_card))
		spoof = ovnic_nl_spoofchk_of_card[spoof];
	if (nla_put(skb, OVNIC_NL_A_MAC_CURRENT, ETH_ALEN, m->mac) ||
	    ovnic_nl_mac_put_list(skb, OVNIC_NL_A_MAC_ALLOWED,
				  m->policy.allowed, m->policy.n_allowed) ||
	    nla_put_u8(skb, OVNIC_NL_A_MAC_TRUST,
		       !!(m->policy.flags & OVNIC_MACP_ANY)) ||
	    nla_put_u8(skb, OVNIC_NL_A_MAC_SPOOFCHK, spoof) ||
	    nla_put_u8(skb, OVNIC_NL_A_MAC_SPOOFCHK_ACTIVE, m->spoof_active) ||
	    ovnic_nl_mac_put_list(skb, OVNIC_NL_A_MAC_CLAIMED, m->claimed,
				  m->n_claimed))
		return -EMSGSIZE;
	return 0;
}

static int ovnic_nl_mac_fill(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			     u32 portid, u32 seq, int flags,
			     struct netlink_ext_ack *extack)
{
	struct ovnic_mac_info m;
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &ovnic_nl_family, flags,
			  OVNIC_NL_CMD_MAC_GET);
	if (!hdr)
		return -EMSGSIZE;
	err = ovnic_cmd_mac_policy_get(ovd->ad, ovd->dev_id, &m);
	if (err) {
		NL_SET_ERR_MSG(extack, "the card did not answer DEV_GET_MAC_POLICY");
		goto err_cancel;
	}
	err = ovnic_nl_put_handle(skb, ovd) ?: ovnic_nl_mac_put(skb, &m);
	if (err)
		goto err_cancel;
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return err;
}

int ovnic_nl_mac_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovnic_nl_get_reply(info, ovnic_nl_mac_fill);
}

int ovnic_nl_mac_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ovnic_nl_get_dump(skb, cb, ovnic_nl_mac_fill);
}

static bool ovnic_nl_mac_listed(const u8 (*list)[ETH_ALEN], unsigned int n,
				const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (ether_addr_equal(list[i], mac))
			return true;
	return false;
}

/*
 * The allowed list of a MAC_SET, checked as the card would check it, so
 * that the error names the address (the policy checked every entry's type
 * and length).  An empty nest allows nothing.
 */
static int ovnic_nl_mac_parse_allowed(struct genl_info *info,
				      const struct nlattr *nest,
				      struct ovnic_mac_params *p)
{
	const struct nlattr *a;
	const u8 *mac;
	int rem;

	BUILD_BUG_ON(OVNIC_NL_MAC_ALLOWED_MAX != OVNIC_MAC_ALLOWED_MAX);
	p->n_allowed = 0;
	nla_for_each_nested(a, nest, rem) {
		mac = nla_data(a);
		if (p->n_allowed == OVNIC_MAC_ALLOWED_MAX) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, a,
						"too many addresses: a device may be allowed %u",
						OVNIC_MAC_ALLOWED_MAX);
			return -EINVAL;
		}
		if (is_multicast_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, a,
						"%pM: a multicast address, no device can own it",
						mac);
			return -EINVAL;
		}
		if (is_zero_ether_addr(mac)) {
			NL_SET_ERR_MSG_ATTR(info->extack, a,
					    "00:00:00:00:00:00: no device can own the zero address");
			return -EINVAL;
		}
		if (ovnic_nl_mac_listed(p->allowed, p->n_allowed, mac)) {
			NL_SET_ERR_MSG_ATTR_FMT(info->extack, a,
						"%pM: listed twice", mac);
			return -EINVAL;
		}
		ether_addr_copy(p->allowed[p->n_allowed++], mac);
	}
	return 0;
}

/*
 * The card refused the list with EXISTS: an address it adds is another
 * port's.  Which one the card doesn't say; when only one is new, it is
 * that one.
 */
static void ovnic_nl_mac_exists(struct genl_info *info,
				const struct nlattr *nest,
				const struct ovnic_mac_info *now)
{
	const struct nlattr *a, *culprit = NULL;
	unsigned int n = 0;
	int rem;

	nla_for_each_nested(a, nest, rem) {
		if (ether_addr_equal(nla_data(a), now->mac) ||
		    ovnic_nl_mac_listed(now->policy.allowed,
					now->policy.n_allowed, nla_data(a)) ||
		    ovnic_nl_mac_listed(now->claimed, now->n_claimed,
					nla_data(a)))
			continue;
		culprit = a;
		n++;
	}
	if (n == 1)
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, culprit,
					"%pM: address owned by another port",
					nla_data(culprit));
	else
		NL_SET_ERR_MSG_ATTR(info->extack, nest,
				    "address owned by another port");
}

static bool ovnic_nl_mac_same(const struct ovnic_mac_params *a,
			      const struct ovnic_mac_params *b)
{
	return a->flags == b->flags && a->spoof == b->spoof &&
	       a->n_allowed == b->n_allowed &&
	       !memcmp(a->allowed, b->allowed, a->n_allowed * ETH_ALEN);
}

/*
 * The policy took the driver's MAC away: the card put the device back on
 * its provisioned MAC (a config change the driver may not act on: Linux's
 * virtio_net keeps showing the old one).  Tell the administrator.
 */
static void ovnic_nl_mac_moved(struct ovnic_vdpa *ovd, struct genl_info *info,
			       const struct ovnic_mac_info *before)
{
	struct ovnic_mac_info after;

	if (ovnic_cmd_mac_policy_get(ovd->ad, ovd->dev_id, &after) ||
	    ether_addr_equal(after.mac, before->mac))
		return;
	GENL_SET_ERR_MSG_FMT(info, "the driver's MAC %pM was taken away: back to %pM",
			     before->mac, after.mac);
}

/*
 * Replaces the attributes given (the allowed list as a whole) and keeps
 * the rest; the same policy again is a no-op, without an event.  The card
 * takes every address or none: if the driver's current MAC is no longer
 * the device's, the device goes back to its provisioned MAC (the driver
 * sees a config change; the requester, a warning).
 */
int ovnic_nl_mac_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *allowed = info->attrs[OVNIC_NL_A_MAC_ALLOWED];
	struct nlattr *trust = info->attrs[OVNIC_NL_A_MAC_TRUST];
	struct nlattr *spoof = info->attrs[OVNIC_NL_A_MAC_SPOOFCHK];
	struct ovnic_vdpa *ovd = ovnic_nl_info_dev(info);
	struct ovnic_mac_params p;
	struct ovnic_mac_info now;
	int err;

	if (!allowed && !trust && !spoof) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give the allowed addresses, trust or spoof checking");
		return -EINVAL;
	}
	err = ovnic_cmd_mac_policy_get(ovd->ad, ovd->dev_id, &now);
	if (err) {
		NL_SET_ERR_MSG(info->extack,
			       "the card did not answer DEV_GET_MAC_POLICY");
		return err;
	}
	p = now.policy;
	if (allowed) {
		err = ovnic_nl_mac_parse_allowed(info, allowed, &p);
		if (err)
			return err;
	}
	if (trust && nla_get_u8(trust))
		p.flags |= OVNIC_MACP_ANY;
	else if (trust)
		p.flags &= ~OVNIC_MACP_ANY;
	if (spoof)
		p.spoof = ovnic_nl_spoofchk_to_card[nla_get_u8(spoof)];
	if (ovnic_nl_mac_same(&p, &now.policy))
		return 0;
	err = ovnic_cmd_mac_policy_set(ovd->ad, ovd->dev_id, &p);
	if (err == -EEXIST && allowed) {
		ovnic_nl_mac_exists(info, allowed, &now);
		return err;
	}
	if (err) {
		GENL_SET_ERR_MSG_FMT(info, "the card refused the MAC policy: %pe",
				     ERR_PTR(err));
		return err;
	}
	ovnic_nl_mac_moved(ovd, info, &now);
	ovnic_nl_notify_policy(ovd, OVNIC_NL_POLICY_MAC);
	return 0;
}
