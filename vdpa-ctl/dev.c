// SPDX-License-Identifier: GPL-2.0
/*
 * dev: vDPA devices -- add, del, set, show, config show, vstats show.
 *
 *	d0: type network mgmtdev ovnic0 vendor_id 0 max_vqs 3 max_vq_size 256
 *	d0: mac 02:00:00:00:00:02 link up link_announce false mtu 1500
 *	  negotiated_features MTU MAC STATUS CTRL_VQ VERSION_1 ...
 *	  dev_features CSUM GUEST_CSUM MTU MAC ...
 *	d0: queue_index 1 queue_type tx
 *	  descs 12 kicks 3 ...
 */
#include "args.h"
#include "features.h"
#include "objects.h"
#include "print.h"
#include "vdpa_nl.h"
#include "virtio_compat.h"

static const char *device_type_name(uint32_t id, char *buf, size_t size)
{
	switch (id) {
	case VIRTIO_ID_NET:
		return "network";
	case VIRTIO_ID_BLOCK:
		return "block";
	default:
		snprintf(buf, size, "id_%u", id);
		return buf;
	}
}

static int need(struct nlattr **tb, int attr, const char *what)
{
	if (tb[attr])
		return 0;
	pr_err("%s missing in the kernel's reply", what);
	return -1;
}

/* ---- dev show ---- */

int dev_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VDPA_CTL_ATTR_MAX + 1];
	char buf[128], tbuf[16];
	const char *mgmtdev;

	(void)arg;
	if (vdpa_parse(msg, tb, "dev"))
		return EXIT_FAIL;
	if (need(tb, VDPA_ATTR_DEV_NAME, "device name") ||
	    need(tb, VDPA_ATTR_DEV_ID, "device type"))
		return EXIT_FAIL;
	mgmtdev = vdpa_mgmtdev_handle(tb, buf, sizeof(buf));

	print_handle_start(nla_get_string(tb[VDPA_ATTR_DEV_NAME]));
	print_str("type", device_type_name(nla_get_u32(tb[VDPA_ATTR_DEV_ID]),
					   tbuf, sizeof(tbuf)));
	if (mgmtdev)
		print_str("mgmtdev", mgmtdev);
	if (tb[VDPA_ATTR_DEV_VENDOR_ID])
		print_uint("vendor_id", nla_get_u32(tb[VDPA_ATTR_DEV_VENDOR_ID]));
	if (tb[VDPA_ATTR_DEV_MAX_VQS])
		print_uint("max_vqs", nla_get_u32(tb[VDPA_ATTR_DEV_MAX_VQS]));
	if (tb[VDPA_ATTR_DEV_MAX_VQ_SIZE])
		print_uint("max_vq_size", nla_get_u16(tb[VDPA_ATTR_DEV_MAX_VQ_SIZE]));
	if (tb[VDPA_ATTR_DEV_MIN_VQ_SIZE])
		print_uint("min_vq_size", nla_get_u16(tb[VDPA_ATTR_DEV_MIN_VQ_SIZE]));
	print_handle_end();
	return EXIT_OK;
}

/* A "show" of one device by name, or of all of them. */
static int dev_get(int argc, char **argv, uint8_t cmd, const char *section,
		   nlctl_reply_fn print)
{
	struct nl_msg *msg;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &spec_dev_optional, argc, argv);
	if (ret)
		return ret;
	msg = vdpa_req(cmd, o.present ? 0 : NLM_F_DUMP, &o);
	if (!msg)
		return EXIT_FAIL;
	print_section_start(section);
	ret = nlctl_run(msg, print, NULL);
	print_section_end();
	return ret;
}

static int dev_show(int argc, char **argv)
{
	return dev_get(argc, argv, VDPA_CMD_DEV_GET, "dev", dev_print);
}

/* ---- dev add, del, set ---- */

/* A request that only changes something: no reply but the ack. */
static int dev_change(const struct cmd_spec *spec, uint8_t cmd, int argc,
		      char **argv)
{
	struct opts o;
	int ret;

	ret = opts_parse(&o, spec, argc, argv);
	if (ret)
		return ret;
	return nlctl_run(vdpa_req(cmd, 0, &o), NULL, NULL);
}

static const struct cmd_spec dev_add_spec = {
	.required	= OPT_NAME | OPT_MGMTDEV,
	.optional	= OPT_MAC | OPT_MTU | OPT_MAX_VQP | OPT_FEATURES |
			  OPT_PROFILE,
};

static int supported_features_reply(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VDPA_CTL_ATTR_MAX + 1];

	if (vdpa_parse(msg, tb, "mgmtdev") ||
	    need(tb, VDPA_ATTR_DEV_SUPPORTED_FEATURES, "dev_features"))
		return EXIT_FAIL;
	*(uint64_t *)arg = nla_get_u64(tb[VDPA_ATTR_DEV_SUPPORTED_FEATURES]);
	return EXIT_OK;
}

/* A profile's features: those of its management device it allows. */
static int profile_features(struct opts *o)
{
	struct opts mgmt = { .present = OPT_MGMTDEV };
	uint64_t supported = 0;
	int ret;

	memcpy(mgmt.mgmtdev_bus, o->mgmtdev_bus, sizeof(mgmt.mgmtdev_bus));
	mgmt.mgmtdev_name = o->mgmtdev_name;
	ret = nlctl_run(vdpa_req(VDPA_CMD_MGMTDEV_GET, 0, &mgmt),
			supported_features_reply, &supported);
	if (ret)
		return ret;
	if (feature_profile_apply(o->profile, supported, &o->features))
		return EXIT_FAIL;
	o->present |= OPT_FEATURES;
	return EXIT_OK;
}

static int dev_add(int argc, char **argv)
{
	struct opts o;
	int ret;

	ret = opts_parse(&o, &dev_add_spec, argc, argv);
	if (ret)
		return ret;
	if ((o.present & OPT_PROFILE) && (o.present & OPT_FEATURES)) {
		pr_err("give device_features or profile, not both");
		return EXIT_USAGE;
	}
	if (o.present & OPT_PROFILE) {
		ret = profile_features(&o);
		if (ret)
			return ret;
	}
	return nlctl_run(vdpa_req(VDPA_CMD_DEV_NEW, 0, &o), NULL, NULL);
}

static const struct cmd_spec dev_del_spec = {
	.required	= OPT_NAME,
	.positional	= OPT_NAME,
};

static int dev_del(int argc, char **argv)
{
	return dev_change(&dev_del_spec, VDPA_CMD_DEV_DEL, argc, argv);
}

/* Linux 6.12 sets only the MAC address of a network device. */
static const struct cmd_spec dev_set_spec = {
	.required	= OPT_NAME | OPT_MAC,
	.positional	= OPT_NAME,
};

static int dev_set(int argc, char **argv)
{
	return dev_change(&dev_set_spec, VDPA_CTL_CMD_DEV_ATTR_SET, argc, argv);
}

/* ---- dev config show ---- */

static void dev_net_config_print(struct nlattr **tb)
{
	struct nlattr *a;
	char mac[32];
	uint16_t status;

	a = tb[VDPA_ATTR_DEV_NET_CFG_MACADDR];
	if (a) {
		format_mac(nla_data(a), nla_len(a), mac, sizeof(mac));
		print_str("mac", mac);
	}
	a = tb[VDPA_ATTR_DEV_NET_STATUS];
	if (a) {
		/* u8 in the uAPI header, u16 from the kernel */
		status = nla_len(a) >= 2 ? nla_get_u16(a) : nla_get_u8(a);
		print_str("link", status & VIRTIO_NET_S_LINK_UP ? "up" : "down");
		print_bool("link_announce", status & VIRTIO_NET_S_ANNOUNCE);
	}
	if (tb[VDPA_ATTR_DEV_NET_CFG_MTU])
		print_uint("mtu", nla_get_u16(tb[VDPA_ATTR_DEV_NET_CFG_MTU]));
	if (tb[VDPA_ATTR_DEV_NET_CFG_MAX_VQP])
		print_uint("max_vq_pairs",
			   nla_get_u16(tb[VDPA_ATTR_DEV_NET_CFG_MAX_VQP]));
}

int dev_config_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VDPA_CTL_ATTR_MAX + 1];
	uint32_t id;

	(void)arg;
	if (vdpa_parse(msg, tb, "dev config"))
		return EXIT_FAIL;
	if (need(tb, VDPA_ATTR_DEV_NAME, "device name") ||
	    need(tb, VDPA_ATTR_DEV_ID, "device type"))
		return EXIT_FAIL;
	id = nla_get_u32(tb[VDPA_ATTR_DEV_ID]);

	print_handle_start(nla_get_string(tb[VDPA_ATTR_DEV_NAME]));
	if (id == VIRTIO_ID_NET)
		dev_net_config_print(tb);
	/* Only once the driver has set FEATURES_OK. */
	if (tb[VDPA_ATTR_DEV_NEGOTIATED_FEATURES]) {
		print_line();
		print_features("negotiated_features",
			       nla_get_u64(tb[VDPA_ATTR_DEV_NEGOTIATED_FEATURES]),
			       id);
	}
	if (tb[VDPA_ATTR_DEV_FEATURES]) {
		print_line();
		print_features("dev_features",
			       nla_get_u64(tb[VDPA_ATTR_DEV_FEATURES]), id);
	}
	print_handle_end();
	return EXIT_OK;
}

static int dev_config_show(int argc, char **argv)
{
	return dev_get(argc, argv, VDPA_CMD_DEV_CONFIG_GET, "config",
		       dev_config_print);
}

/* ---- dev vstats show ---- */

/*
 * virtio 5.1.2: receiveqN is 2(N-1), transmitqN 2(N-1)+1, the control queue
 * 2N, where N is max_virtqueue_pairs with MQ or RSS and 1 without.
 */
static const char *queue_type(uint32_t idx, uint64_t features, uint16_t max_vqp)
{
	uint32_t pairs = 1;

	if (features & (BIT_ULL(VIRTIO_NET_F_MQ) | BIT_ULL(VIRTIO_NET_F_RSS)))
		pairs = max_vqp;
	if ((features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ)) && idx == 2 * pairs)
		return "control_vq";
	if (idx >= 2 * pairs)
		return "unknown";
	return idx & 1 ? "tx" : "rx";
}

/*
 * The vendor's counters: VDPA_ATTR_DEV_VENDOR_ATTR_NAME and _VALUE pairs,
 * repeated, in the order the driver put them (padding in between).
 */
static int vendor_stats_print(struct nl_msg *msg)
{
	struct genlmsghdr *gnlh = nlmsg_data(nlmsg_hdr(msg));
	const char *name = NULL;
	struct nlattr *a;
	int rem;

	print_pairs_start("vendor_stats");
	nla_for_each_attr(a, genlmsg_attrdata(gnlh, 0), genlmsg_attrlen(gnlh, 0),
			  rem) {
		switch (nla_type(a)) {
		case VDPA_ATTR_DEV_VENDOR_ATTR_NAME:
			if (name || nla_len(a) < 1 ||
			    ((char *)nla_data(a))[nla_len(a) - 1])
				goto bad;
			name = nla_data(a);
			break;
		case VDPA_ATTR_DEV_VENDOR_ATTR_VALUE:
			if (!name || nla_len(a) != sizeof(uint64_t))
				goto bad;
			print_pair(name, nla_get_u64(a));
			name = NULL;
			break;
		}
	}
	if (name)
		goto bad;
	print_list_end();
	return EXIT_OK;
bad:
	print_list_end();
	pr_err("malformed vendor statistics in the kernel's reply");
	return EXIT_FAIL;
}

int dev_vstats_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VDPA_CTL_ATTR_MAX + 1];
	uint64_t features = 0;
	uint16_t max_vqp = 1;
	uint32_t idx;
	int ret;

	(void)arg;
	if (vdpa_parse(msg, tb, "dev vstats"))
		return EXIT_FAIL;
	if (need(tb, VDPA_ATTR_DEV_NAME, "device name") ||
	    need(tb, VDPA_ATTR_DEV_QUEUE_INDEX, "queue index"))
		return EXIT_FAIL;
	idx = nla_get_u32(tb[VDPA_ATTR_DEV_QUEUE_INDEX]);
	if (tb[VDPA_ATTR_DEV_NEGOTIATED_FEATURES])
		features = nla_get_u64(tb[VDPA_ATTR_DEV_NEGOTIATED_FEATURES]);
	if (tb[VDPA_ATTR_DEV_NET_CFG_MAX_VQP])
		max_vqp = nla_get_u16(tb[VDPA_ATTR_DEV_NET_CFG_MAX_VQP]);

	print_handle_start(nla_get_string(tb[VDPA_ATTR_DEV_NAME]));
	print_uint("queue_index", idx);
	if (!tb[VDPA_ATTR_DEV_ID] ||
	    nla_get_u32(tb[VDPA_ATTR_DEV_ID]) == VIRTIO_ID_NET)
		print_str("queue_type", queue_type(idx, features, max_vqp));
	print_line();
	ret = vendor_stats_print(msg);
	print_handle_end();
	return ret;
}

static const struct cmd_spec dev_vstats_spec = {
	.required	= OPT_NAME | OPT_QIDX,
	.positional	= OPT_NAME,
};

static int dev_vstats_show(int argc, char **argv)
{
	struct nl_msg *msg;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &dev_vstats_spec, argc, argv);
	if (ret)
		return ret;
	msg = vdpa_req(VDPA_CMD_DEV_VSTATS_GET, 0, &o);
	if (!msg)
		return EXIT_FAIL;
	print_section_start("vstats");
	ret = nlctl_run(msg, dev_vstats_print, NULL);
	print_section_end();
	return ret;
}

/* ---- command table ---- */

static const struct cmd dev_config_cmds[] = {
	{ .name = "show", .run = dev_config_show, .spec = &spec_dev_optional,
	  .args = "[ DEV ]",
	  .is_default = true },
	{ }
};

static const struct cmd dev_vstats_cmds[] = {
	{ .name = "show", .run = dev_vstats_show, .spec = &dev_vstats_spec,
	  .args = "DEV qidx QUEUE_INDEX" },
	{ }
};

/*
 * The vdpa family's commands, then a device's objects that the ovnic
 * family serves ("dev coal show d0"), as iproute2 keeps config and vstats
 * under "vdpa dev".
 */
const struct cmd dev_cmds[] = {
	{ .name = "show", .run = dev_show, .spec = &spec_dev_optional,
	  .args = "[ DEV ]", .is_default = true },
	{ .name = "add", .run = dev_add, .spec = &dev_add_spec,
	  .args = "name NAME mgmtdev MGMTDEV [ mac MAC ] [ mtu MTU ]\n"
		  "\t[ max_vqp MAX_VQP ] [ device_features FEATURES | profile migratable ]" },
	{ .name = "del", .run = dev_del, .spec = &dev_del_spec, .args = "DEV" },
	{ .name = "set", .run = dev_set, .spec = &dev_set_spec, .args = "DEV mac MAC" },
	{ .name = "config", .sub = dev_config_cmds },
	{ .name = "vstats", .sub = dev_vstats_cmds },
	/* the ovnic family */
	{ .name = "link", .sub = link_cmds },
	{ .name = "queue", .sub = queue_cmds },
	{ .name = "stats", .sub = stats_cmds },
	{ .name = "coal", .sub = coal_cmds },
	{ .name = "hash", .sub = hash_cmds },
	{ .name = "rss", .sub = rss_cmds },
	{ .name = "mac", .sub = mac_cmds },
	{ }
};
