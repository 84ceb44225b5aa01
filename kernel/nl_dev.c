// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink ops on a device as a whole: DEV_GET (the card's view of it: slot,
 * status, bus driver, link and loopback, queue limits), LINK_SET and
 * QUEUES_SET.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/log2.h>
#include <linux/stddef.h>
#include <linux/unaligned.h>
#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "netlink.h"
#include "registry.h"
#include "vdpa_core.h"

/*
 * The bus driver bound to @ovd, if any, as the driver core last said.  Not
 * under device_lock: an unbind may hold that for as long as userspace
 * keeps a vhost-vdpa file open, and this runs under the registry lock.
 */
static int ovnic_nl_put_driver(struct sk_buff *skb, struct ovnic_vdpa *ovd)
{
	const char *driver = ovnic_reg_driver(&ovd->reg);

	if (!driver)
		return 0;
	return nla_put_string(skb, OVNIC_NL_A_DEV_DRIVER, driver);
}

/* Speed and duplex from the config space, when the device offers them. */
static int ovnic_nl_put_speed(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			      const struct ovnic_dev_info *info)
{
	const u16 off = offsetof(struct virtio_net_config, speed);
	u8 duplex, nl_duplex;
	u8 buf[5];
	u32 speed;
	int err;

	if (!(info->device_features & BIT_ULL(VIRTIO_NET_F_SPEED_DUPLEX)))
		return 0;
	BUILD_BUG_ON(offsetof(struct virtio_net_config, duplex) != off + 4);
	err = ovnic_cmd_dev_config_read(ovd->ad, ovd->dev_id, off, buf,
					sizeof(buf));
	if (err)
		return err;
	speed = get_unaligned_le32(buf);
	duplex = buf[4];
	nl_duplex = duplex == DUPLEX_FULL ? OVNIC_NL_DUPLEX_FULL :
		    duplex == DUPLEX_HALF ? OVNIC_NL_DUPLEX_HALF :
		    OVNIC_NL_DUPLEX_UNKNOWN;
	if (speed != SPEED_UNKNOWN &&
	    nla_put_u32(skb, OVNIC_NL_A_LINK_SPEED, speed))
		return -EMSGSIZE;
	if (nla_put_u8(skb, OVNIC_NL_A_LINK_DUPLEX, nl_duplex))
		return -EMSGSIZE;
	return 0;
}

static int ovnic_nl_dev_fill(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			     u32 portid, u32 seq, int flags,
			     struct netlink_ext_ack *extack)
{
	struct ovnic_dev_info info;
	void *hdr;
	int err;

	hdr = genlmsg_put(skb, portid, seq, &ovnic_nl_family, flags,
			  OVNIC_NL_CMD_DEV_GET);
	if (!hdr)
		return -EMSGSIZE;
	err = ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info);
	if (err) {
		NL_SET_ERR_MSG(extack, "the card did not answer DEV_QUERY");
		goto err_cancel;
	}
	err = -EMSGSIZE;
	if (ovnic_nl_put_handle(skb, ovd) ||
	    nla_put_u32(skb, OVNIC_NL_A_DEV_SLOT, ovd->dev_id) ||
	    nla_put_u8(skb, OVNIC_NL_A_DEV_STATUS, info.status) ||
	    ovnic_nl_put_driver(skb, ovd) ||
	    nla_put_u8(skb, OVNIC_NL_A_LINK_UP, info.link_up) ||
	    nla_put_u8(skb, OVNIC_NL_A_LINK_LOOPBACK, info.loopback) ||
	    nla_put_u16(skb, OVNIC_NL_A_QUEUE_PAIRS_MAX, info.max_vqp) ||
	    nla_put_u16(skb, OVNIC_NL_A_QUEUE_PAIRS_LIMIT,
			(ovd->num_vqs - 1) / 2) ||
	    nla_put_u16(skb, OVNIC_NL_A_QUEUE_PAIRS, info.curr_vqp) ||
	    nla_put_u16(skb, OVNIC_NL_A_QUEUE_SIZE_MAX, info.max_queue_size) ||
	    nla_put_u16(skb, OVNIC_NL_A_QUEUE_SIZE_LIMIT,
			ovd->ad->max_queue_size))
		goto err_cancel;
	err = ovnic_nl_put_speed(skb, ovd, &info);
	if (err) {
		if (err != -EMSGSIZE)
			NL_SET_ERR_MSG(extack, "the card did not answer DEV_CONFIG_READ");
		goto err_cancel;
	}
	genlmsg_end(skb, hdr);
	return 0;

err_cancel:
	genlmsg_cancel(skb, hdr);
	return err;
}

int ovnic_nl_dev_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return ovnic_nl_get_reply(info, ovnic_nl_dev_fill);
}

int ovnic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return ovnic_nl_get_dump(skb, cb, ovnic_nl_dev_fill);
}

/*
 * The administrative link state and loopback, either or both, all or
 * nothing.  With STATUS negotiated the card tells the driver of a link
 * change through a config interrupt; while the link is down it drops what
 * the device sends and what it would receive (drop_filtered).  In loopback
 * the card gives the device back what it sends and the switch delivers it
 * nothing; its driver is not told (the carrier follows the link state).
 * Both are host policy and survive the driver's resets.
 */
int ovnic_nl_link_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *up_attr = info->attrs[OVNIC_NL_A_LINK_UP];
	struct nlattr *lb_attr = info->attrs[OVNIC_NL_A_LINK_LOOPBACK];
	struct ovnic_vdpa *ovd = ovnic_nl_info_dev(info);
	struct ovnic_dev_info dev_info;
	bool up, loopback;
	int err;

	if (!up_attr && !lb_attr) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give the link state or loopback");
		return -EINVAL;
	}
	err = ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &dev_info);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "the card did not answer DEV_QUERY");
		return err;
	}
	up = up_attr ? nla_get_u8(up_attr) : dev_info.link_up;
	loopback = lb_attr ? nla_get_u8(lb_attr) : dev_info.loopback;
	if (up == dev_info.link_up && loopback == dev_info.loopback)
		return 0;
	if (loopback != dev_info.loopback) {
		err = ovnic_cmd_dev_set_loopback(ovd->ad, ovd->dev_id, loopback);
		if (err) {
			NL_SET_ERR_MSG(info->extack,
				       "the card refused DEV_SET_LOOPBACK");
			return err;
		}
	}
	if (up != dev_info.link_up) {
		err = ovnic_cmd_dev_set_link(ovd->ad, ovd->dev_id, up);
		if (err) {
			NL_SET_ERR_MSG(info->extack, "the card refused DEV_SET_LINK");
			/* Loopback back as it was; if even that fails, say so. */
			if (loopback != dev_info.loopback &&
			    ovnic_cmd_dev_set_loopback(ovd->ad, ovd->dev_id,
						       dev_info.loopback))
				ovnic_nl_notify_link(ovd, dev_info.link_up,
						     loopback);
			return err;
		}
		if (!(dev_info.device_features & BIT_ULL(VIRTIO_NET_F_STATUS)))
			NL_SET_ERR_MSG(info->extack,
				       "the device does not offer STATUS: its driver is not told");
	}
	ovnic_nl_notify_link(ovd, up, loopback);
	return 0;
}

/*
 * A driver reads the queue limits when it starts (virtio_vdpa at probe,
 * vhost_vdpa's user at open), so they change only while no driver is
 * bound; the card wants the device reset, which an unbound device may not
 * quite be (ACKNOWLEDGE).  The op's pre_doit is ovnic_nl_pre_doit_unbound():
 * it checked that no driver is bound and holds device_lock, so none binds
 * meanwhile.
 */
static int ovnic_nl_queues_check(struct ovnic_vdpa *ovd,
				 struct genl_info *info,
				 const struct ovnic_dev_info *dev_info)
{
	struct nlattr *pairs = info->attrs[OVNIC_NL_A_QUEUE_PAIRS_MAX];
	struct nlattr *size = info->attrs[OVNIC_NL_A_QUEUE_SIZE_MAX];
	u16 limit = (ovd->num_vqs - 1) / 2;

	if (pairs && nla_get_u16(pairs) > limit) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, pairs,
					"more queue pairs than the %u provisioned at dev add",
					limit);
		return -ERANGE;
	}
	if (pairs && nla_get_u16(pairs) > 1 &&
	    !(dev_info->device_features & BIT_ULL(VIRTIO_NET_F_MQ))) {
		NL_SET_ERR_MSG_ATTR(info->extack, pairs,
				    "more than one queue pair needs MQ, not offered");
		return -EINVAL;
	}
	if (size && !is_power_of_2(nla_get_u16(size))) {
		NL_SET_ERR_MSG_ATTR(info->extack, size,
				    "the ring size must be a power of 2");
		return -EINVAL;
	}
	if (size && nla_get_u16(size) > ovd->ad->max_queue_size) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, size,
					"ring size above the card's %u",
					ovd->ad->max_queue_size);
		return -ERANGE;
	}
	return 0;
}

int ovnic_nl_queues_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *pairs = info->attrs[OVNIC_NL_A_QUEUE_PAIRS_MAX];
	struct nlattr *size = info->attrs[OVNIC_NL_A_QUEUE_SIZE_MAX];
	struct ovnic_vdpa *ovd = ovnic_nl_info_dev(info);
	struct ovnic_dev_info dev_info;
	int err;

	device_lock_assert(&ovd->vdpa.dev);
	if (!pairs && !size) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set: give the queue pairs or the ring size");
		return -EINVAL;
	}
	err = ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &dev_info);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "the card did not answer DEV_QUERY");
		return err;
	}
	err = ovnic_nl_queues_check(ovd, info, &dev_info);
	if (err)
		return err;
	if (dev_info.status) {
		err = ovnic_vdpa_reset_unbound(ovd);
		if (err) {
			NL_SET_ERR_MSG(info->extack, "the card did not reset the device");
			return err;
		}
	}
	err = ovnic_vdpa_set_queues(ovd, pairs ? nla_get_u16(pairs) : 0,
				    size ? nla_get_u16(size) : 0);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "the card refused DEV_SET_QUEUES");
		return err;
	}
	ovnic_nl_notify_policy(ovd, OVNIC_NL_POLICY_QUEUES);
	return 0;
}
