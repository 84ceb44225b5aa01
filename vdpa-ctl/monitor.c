// SPDX-License-Identifier: GPL-2.0
/*
 * monitor: the ovnic family's events, one line each, as they happen.
 *
 *	dev_add dev d0 mgmtdev ovnic0
 *	link_change dev d0 mgmtdev ovnic0 link down loopback off
 *	needs_reset dev d0 mgmtdev ovnic0 status ACKNOWLEDGE ... NEEDS_RESET
 *	policy_change dev d0 mgmtdev ovnic0 policy queues
 *	policy_change dev d1 mgmtdev ovnic0 policy mac
 *	dev_del dev d0 mgmtdev ovnic0
 *
 * With -j, each line is a JSON object: {"event":"dev_add","dev":"d0",...}.
 */
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"
#include "print.h"

static const char *event_name(uint8_t cmd, char *buf, size_t size)
{
	switch (cmd) {
	case OVNIC_NL_CMD_DEV_ADD_NTF:
		return "dev_add";
	case OVNIC_NL_CMD_DEV_DEL_NTF:
		return "dev_del";
	case OVNIC_NL_CMD_LINK_NTF:
		return "link_change";
	case OVNIC_NL_CMD_NEEDS_RESET_NTF:
		return "needs_reset";
	case OVNIC_NL_CMD_POLICY_NTF:
		return "policy_change";
	default:
		snprintf(buf, size, "event_%u", cmd);
		return buf;
	}
}

static const char *policy_name(uint8_t policy, char *buf, size_t size)
{
	switch (policy) {
	case OVNIC_NL_POLICY_QUEUES:
		return "queues";
	case OVNIC_NL_POLICY_COAL:
		return "coalescing";
	case OVNIC_NL_POLICY_HASH:
		return "hash";
	case OVNIC_NL_POLICY_MAC:
		return "mac";
	default:
		snprintf(buf, size, "policy_%u", policy);
		return buf;
	}
}

int monitor_print(struct nl_msg *msg, void *arg)
{
	struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(msg));
	struct nlattr *tb[OVNIC_NL_A_MAX + 1];
	uint64_t *left = arg;	/* events before stopping; 0: no limit */
	char buf[32];

	if (ovnic_parse(msg, tb, "event"))
		return EXIT_FAIL;
	print_record_start(event_name(g->cmd, buf, sizeof(buf)));
	print_str("dev", nla_get_string(tb[OVNIC_NL_A_DEV_NAME]));
	if (tb[OVNIC_NL_A_MGMTDEV_NAME])
		print_str("mgmtdev", nla_get_string(tb[OVNIC_NL_A_MGMTDEV_NAME]));
	if (tb[OVNIC_NL_A_LINK_UP])
		print_str("link", nla_get_u8(tb[OVNIC_NL_A_LINK_UP]) ? "up" : "down");
	if (tb[OVNIC_NL_A_LINK_LOOPBACK])
		print_onoff("loopback", nla_get_u8(tb[OVNIC_NL_A_LINK_LOOPBACK]));
	if (tb[OVNIC_NL_A_DEV_STATUS])
		print_status("status", nla_get_u8(tb[OVNIC_NL_A_DEV_STATUS]));
	if (tb[OVNIC_NL_A_POLICY])
		print_str("policy", policy_name(nla_get_u8(tb[OVNIC_NL_A_POLICY]),
						buf, sizeof(buf)));
	print_record_end();
	if (left && *left && !--*left)
		return NLCTL_STOP;
	return EXIT_OK;
}

const struct cmd_spec monitor_spec = {
	.optional	= OPT_COUNT,
};

int monitor_run(int argc, char **argv)
{
	uint64_t left = 0;
	struct opts o;
	int ret;

	ret = opts_parse(&o, &monitor_spec, argc, argv);
	if (ret)
		return ret;
	if (o.present & OPT_COUNT)
		left = o.count;
	return nlctl_listen(&ovnic_family, OVNIC_GENL_MCGRP_EVENTS,
			    monitor_print, &left);
}
