// SPDX-License-Identifier: GPL-2.0
/*
 * link: a device's link as its card reports and sets it.
 *
 *	d0: link up speed 100000 duplex full loopback off
 *
 * "link set" changes the administrative state, loopback, or both: with
 * STATUS negotiated the driver sees the carrier change (a config
 * interrupt); the card drops what the device sends and would receive
 * while the link is down.  In loopback the card hands the device back
 * what it sends, and the switch delivers it nothing else.
 */
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"

static int link_show(int argc, char **argv)
{
	return card_show_parts(argc, argv, "link", CARD_LINK);
}

static const struct cmd_spec link_set_spec = {
	.required	= OPT_NAME,
	.optional	= OPT_STATE | OPT_LOOPBACK,
	.positional	= OPT_NAME,
};

static int link_set(int argc, char **argv)
{
	struct opts o;
	int ret;

	ret = opts_parse(&o, &link_set_spec, argc, argv);
	if (ret)
		return ret;
	if (!(o.present & (OPT_STATE | OPT_LOOPBACK))) {
		pr_err("nothing to set: give state up|down or loopback on|off");
		return EXIT_USAGE;
	}
	return ovnic_run(ovnic_req(OVNIC_NL_CMD_LINK_SET, 0, &o), NULL, NULL,
			 &o);
}

const struct cmd link_cmds[] = {
	{ .name = "show", .run = link_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ .name = "set", .run = link_set, .spec = &link_set_spec,
	  .args = "DEV [ state { up | down } ] [ loopback { on | off } ]" },
	{ }
};
