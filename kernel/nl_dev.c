// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink ops on a device as a whole: DEV_GET (the card's view of it: slot,
 * status, bus driver, link).
 */
#include <linux/device.h>
#include <linux/ethtool.h>
#include <linux/stddef.h>
#include <linux/unaligned.h>
#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "netlink.h"
#include "vdpa_dev.h"

/* The bus driver bound to @ovd, if any, named while binding cannot change. */
static int ovnic_nl_put_driver(struct sk_buff *skb, struct ovnic_vdpa *ovd)
{
	struct device *dev = &ovd->vdpa.dev;
	int err = 0;

	device_lock(dev);
	if (dev->driver)
		err = nla_put_string(skb, OVNIC_NL_A_DEV_DRIVER,
				     dev->driver->name);
	device_unlock(dev);
	return err;
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
	    nla_put_u8(skb, OVNIC_NL_A_LINK_UP, info.link_up))
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
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = ovnic_nl_dev_fill(msg, ovnic_nl_info_dev(info), info->snd_portid,
				info->snd_seq, 0, info->extack);
	if (err) {
		nlmsg_free(msg);
		if (err == -EMSGSIZE)
			NL_SET_ERR_MSG(info->extack, "reply too large");
		return err;
	}
	return genlmsg_reply(msg, info);
}

/* cb->args[0]: position of the next device to dump. */
int ovnic_nl_dev_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	unsigned long pos = cb->args[0];
	struct ovnic_vdpa *ovd;
	int err = 0;

	ovnic_nl_dump_lock();
	for (; (ovd = ovnic_nl_dump_next(&pos)); pos++) {
		err = ovnic_nl_dev_fill(skb, ovd, NETLINK_CB(cb->skb).portid,
					cb->nlh->nlmsg_seq, NLM_F_MULTI,
					cb->extack);
		if (err)
			break;
	}
	ovnic_nl_dump_unlock();
	cb->args[0] = pos;
	/* A full skb ends this round; the next one resumes at @pos. */
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
