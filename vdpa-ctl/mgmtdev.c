// SPDX-License-Identifier: GPL-2.0
/*
 * mgmtdev: the vDPA management devices (parents that create devices).
 *
 *	ovnic0:
 *	  supported_classes net
 *	  max_supported_vqs 65
 *	  dev_features CSUM GUEST_CSUM MTU MAC ...
 */
#include "args.h"
#include "features.h"
#include "virtio_compat.h"
#include "objects.h"
#include "print.h"
#include "vdpa_nl.h"

/* virtio device IDs by name, as iproute2 shows supported classes */
static const char *class_name(unsigned int id, char *buf, size_t size)
{
	switch (id) {
	case 1:
		return "net";
	case 2:
		return "block";
	default:
		snprintf(buf, size, "class_%u", id);
		return buf;
	}
}

int mgmtdev_print(struct nl_msg *msg, void *arg)
{
	struct nlattr *tb[VDPA_CTL_ATTR_MAX + 1];
	char buf[128], cbuf[16];
	const char *handle;
	uint64_t classes = 0;
	unsigned int id;

	(void)arg;
	if (vdpa_parse(msg, tb, "mgmtdev"))
		return EXIT_FAIL;
	handle = vdpa_mgmtdev_handle(tb, buf, sizeof(buf));
	if (!handle) {
		pr_err("management device without a name in the kernel's reply");
		return EXIT_FAIL;
	}
	print_handle_start(handle);
	if (tb[VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES]) {
		classes = nla_get_u64(tb[VDPA_ATTR_MGMTDEV_SUPPORTED_CLASSES]);
		print_line();
		print_list_start("supported_classes");
		for (id = 1; id < 64; id++)
			if (classes & BIT_ULL(id))
				print_list_str(class_name(id, cbuf, sizeof(cbuf)));
		print_list_end();
	}
	if (tb[VDPA_ATTR_DEV_MGMTDEV_MAX_VQS]) {
		print_line();
		print_uint("max_supported_vqs",
			   nla_get_u32(tb[VDPA_ATTR_DEV_MGMTDEV_MAX_VQS]));
	}
	if (tb[VDPA_ATTR_DEV_SUPPORTED_FEATURES]) {
		print_line();
		/* Network names if it makes network devices, else bit_N. */
		print_features("dev_features",
			       nla_get_u64(tb[VDPA_ATTR_DEV_SUPPORTED_FEATURES]),
			       classes & BIT_ULL(VIRTIO_ID_NET) ?
			       VIRTIO_ID_NET : 0);
	}
	print_handle_end();
	return EXIT_OK;
}

static const struct cmd_spec mgmtdev_show_spec = {
	.optional	= OPT_MGMTDEV,
	.positional	= OPT_MGMTDEV,
};

static int mgmtdev_show(int argc, char **argv)
{
	struct nl_msg *msg;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &mgmtdev_show_spec, argc, argv);
	if (ret)
		return ret;
	msg = vdpa_req(VDPA_CMD_MGMTDEV_GET, o.present ? 0 : NLM_F_DUMP, &o);
	if (!msg)
		return EXIT_FAIL;
	print_section_start("mgmtdev");
	ret = nlctl_run(msg, mgmtdev_print, NULL);
	print_section_end();
	return ret;
}

const struct cmd mgmtdev_cmds[] = {
	{ .name = "show", .run = mgmtdev_show, .spec = &mgmtdev_show_spec, .args = "[ MGMTDEV ]",
	  .is_default = true },
	{ }
};
