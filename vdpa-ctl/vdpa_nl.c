// SPDX-License-Identifier: GPL-2.0
/*
 * The "vdpa" family (drivers/vdpa/vdpa.c): how vdpa-ctl's options become
 * attributes and how replies are checked.
 */
#include <stdio.h>

#include "vdpa_nl.h"

struct nlctl_family vdpa_family = {
	.name		= VDPA_GENL_NAME,
	.version	= VDPA_GENL_VERSION,
	.hint		= "is the vdpa module loaded (modprobe vdpa)?",
};

/*
 * What vdpa-ctl reads.  VDPA_ATTR_DEV_NET_STATUS is declared u8 but sent
 * as u16 by the kernel: it is read by its length.  Vendor statistics are
 * walked in order, not through this table.
 */
static const struct nla_policy vdpa_policy[VDPA_CTL_ATTR_MAX + 1] = {
	[VDPA_ATTR_MGMTDEV_BUS_NAME]		= { .type = NLA_STRING },
	[VDPA_ATTR_MGMTDEV_DEV_NAME]		= { .type = NLA_STRING },
	[VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES]	= { .type = NLA_U64 },
	[VDPA_ATTR_DEV_NAME]			= { .type = NLA_STRING },
	[VDPA_ATTR_DEV_ID]			= { .type = NLA_U32 },
	[VDPA_ATTR_DEV_VENDOR_ID]		= { .type = NLA_U32 },
	[VDPA_ATTR_DEV_MAX_VQS]			= { .type = NLA_U32 },
	[VDPA_ATTR_DEV_MAX_VQ_SIZE]		= { .type = NLA_U16 },
	[VDPA_ATTR_DEV_MIN_VQ_SIZE]		= { .type = NLA_U16 },
	[VDPA_ATTR_DEV_NET_CFG_MACADDR]		= { .minlen = ETH_ALEN_CTL },
	[VDPA_ATTR_DEV_NET_STATUS]		= { .minlen = 1 },
	[VDPA_ATTR_DEV_NET_CFG_MAX_VQP]		= { .type = NLA_U16 },
	[VDPA_ATTR_DEV_NET_CFG_MTU]		= { .type = NLA_U16 },
	[VDPA_ATTR_DEV_NEGOTIATED_FEATURES]	= { .type = NLA_U64 },
	[VDPA_ATTR_DEV_MGMTDEV_MAX_VQS]		= { .type = NLA_U32 },
	[VDPA_ATTR_DEV_SUPPORTED_FEATURES]	= { .type = NLA_U64 },
	[VDPA_ATTR_DEV_QUEUE_INDEX]		= { .type = NLA_U32 },
	[VDPA_ATTR_DEV_FEATURES]		= { .type = NLA_U64 },
};

/* A request carrying the options in @o that the family knows. */
struct nl_msg *vdpa_req(uint8_t cmd, int flags, const struct opts *o)
{
	struct nl_msg *msg = nlctl_req(&vdpa_family, cmd, flags);
	uint64_t p = o ? o->present : 0;
	int err = 0;

	if (!msg)
		return NULL;
	if ((p & OPT_MGMTDEV) && o->mgmtdev_bus[0])
		err |= nla_put_string(msg, VDPA_ATTR_MGMTDEV_BUS_NAME,
				      o->mgmtdev_bus);
	if (p & OPT_MGMTDEV)
		err |= nla_put_string(msg, VDPA_ATTR_MGMTDEV_DEV_NAME,
				      o->mgmtdev_name);
	if (p & OPT_NAME)
		err |= nla_put_string(msg, VDPA_ATTR_DEV_NAME, o->name);
	if (p & OPT_MAC)
		err |= nla_put(msg, VDPA_ATTR_DEV_NET_CFG_MACADDR, ETH_ALEN_CTL,
			       o->mac);
	if (p & OPT_MTU)
		err |= nla_put_u16(msg, VDPA_ATTR_DEV_NET_CFG_MTU, o->mtu);
	if (p & OPT_MAX_VQP)
		err |= nla_put_u16(msg, VDPA_ATTR_DEV_NET_CFG_MAX_VQP, o->max_vqp);
	if (p & OPT_FEATURES)
		err |= nla_put_u64(msg, VDPA_ATTR_DEV_FEATURES, o->features);
	if (p & OPT_QIDX)
		err |= nla_put_u32(msg, VDPA_ATTR_DEV_QUEUE_INDEX, o->qidx);
	if (err) {
		nlmsg_free(msg);
		pr_err("request too large");
		return NULL;
	}
	return msg;
}

/* Parses a reply into @tb; a message naming @what if it is malformed. */
int vdpa_parse(struct nl_msg *msg, struct nlattr **tb, const char *what)
{
	int err = genlmsg_parse(nlmsg_hdr(msg), 0, tb, VDPA_CTL_ATTR_MAX,
				vdpa_policy);

	if (err) {
		pr_err("malformed %s reply from the kernel: %s", what,
		       nl_geterror(err));
		return EXIT_FAIL;
	}
	return EXIT_OK;
}

/* "BUS/NAME" or "NAME" of the management device in @tb, or NULL. */
const char *vdpa_mgmtdev_handle(struct nlattr **tb, char *buf, size_t size)
{
	const char *name;

	if (!tb[VDPA_ATTR_MGMTDEV_DEV_NAME])
		return NULL;
	name = nla_get_string(tb[VDPA_ATTR_MGMTDEV_DEV_NAME]);
	if (!tb[VDPA_ATTR_MGMTDEV_BUS_NAME])
		return name;
	snprintf(buf, size, "%s/%s",
		 nla_get_string(tb[VDPA_ATTR_MGMTDEV_BUS_NAME]), name);
	return buf;
}
