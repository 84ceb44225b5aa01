// SPDX-License-Identifier: GPL-2.0
/*
 * feature: the virtio feature names vdpa-ctl reads and prints (features.c
 * holds the table).  No kernel involved.
 *
 *	CSUM: bit 0 type net
 *	ACCESS_PLATFORM: bit 33 type transport alias IOMMU_PLATFORM
 */
#include "args.h"
#include "features.h"
#include "objects.h"
#include "print.h"

static const struct cmd_spec feature_show_spec = { 0 };

static int feature_show(int argc, char **argv)
{
	const struct feature *f;
	size_t i, n;
	int ret;
	struct opts o;

	ret = opts_parse(&o, &feature_show_spec, argc, argv);
	if (ret)
		return ret;
	f = feature_table(&n);
	print_section_start("feature");
	for (i = 0; i < n; i++) {
		print_handle_start(f[i].name);
		print_uint("bit", f[i].bit);
		print_str("type", f[i].transport ? "transport" : "net");
		if (f[i].alias)
			print_str("alias", f[i].alias);
		print_handle_end();
	}
	print_section_end();
	return EXIT_OK;
}

const struct cmd feature_cmds[] = {
	{ .name = "show", .run = feature_show, .spec = &feature_show_spec, .is_default = true },
	{ }
};
