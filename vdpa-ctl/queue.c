// SPDX-License-Identifier: GPL-2.0
/*
 * queue: the queue limits a device offers its driver.
 *
 *	d0: max_pairs 4 max_pairs_limit 4 pairs 1 max_size 1024 max_size_limit 1024
 *
 * max_pairs (max_virtqueue_pairs in the config space) and max_size (the
 * largest ring) are what the next driver finds; they can be lowered below
 * the limits (the pairs provisioned at "dev add", the card's ring size)
 * only while no driver is bound and the device is reset, because a driver
 * reads them once, when it starts.
 */
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"

static int queue_show(int argc, char **argv)
{
	return card_show_parts(argc, argv, "queue", CARD_QUEUES);
}

static const struct cmd_spec queue_set_spec = {
	.required	= OPT_NAME,
	.optional	= OPT_MAX_PAIRS | OPT_MAX_SIZE,
	.positional	= OPT_NAME,
};

static int queue_set(int argc, char **argv)
{
	struct opts o;
	int ret;

	ret = opts_parse(&o, &queue_set_spec, argc, argv);
	if (ret)
		return ret;
	if (!(o.present & (OPT_MAX_PAIRS | OPT_MAX_SIZE))) {
		pr_err("nothing to set: give max_pairs or max_size");
		return EXIT_USAGE;
	}
	return ovnic_run(ovnic_req(OVNIC_NL_CMD_QUEUES_SET, 0, &o), NULL, NULL,
			 &o);
}

const struct cmd queue_cmds[] = {
	{ .name = "show", .run = queue_show, .spec = &spec_dev_optional, .args = "[ DEV ]", .is_default = true },
	{ .name = "set", .run = queue_set, .spec = &queue_set_spec,
	  .args = "DEV [ max_pairs N ] [ max_size N ]" },
	{ }
};
