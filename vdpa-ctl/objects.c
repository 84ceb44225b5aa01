// SPDX-License-Identifier: GPL-2.0
/*
 * The table of objects: each object's commands live in a file of their
 * own (mgmtdev.c, dev.c, feature.c for the vdpa family; card.c, monitor.c
 * and a device's objects under "dev" for the ovnic family).  Apart from
 * main.c so that the tests dispatch through it.
 */
#include "objects.h"

const struct cmd top_cmds[] = {
	{ .name = "mgmtdev",	.sub = mgmtdev_cmds },
	{ .name = "dev",	.sub = dev_cmds },
	{ .name = "feature",	.sub = feature_cmds },
	/* the ovnic family: the card's view of its devices, its events */
	{ .name = "card",	.sub = card_cmds },
	{ .name = "monitor",	.run = monitor_run, .spec = &monitor_spec,
	  .args = "[ count N ]" },
	/* deprecated: a device's objects before they moved under "dev" */
	{ .name = "link",	.sub = link_cmds,	.replaced_by = "dev link" },
	{ .name = "queue",	.sub = queue_cmds,	.replaced_by = "dev queue" },
	{ .name = "stats",	.sub = stats_cmds,	.replaced_by = "dev stats" },
	{ .name = "coal",	.sub = coal_cmds,	.replaced_by = "dev coal" },
	{ .name = "hash",	.sub = hash_cmds,	.replaced_by = "dev hash" },
	{ .name = "rss",	.sub = rss_cmds,	.replaced_by = "dev rss" },
	{ .name = "mac",	.sub = mac_cmds,	.replaced_by = "dev mac" },
	{ }
};
