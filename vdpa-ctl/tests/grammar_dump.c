// SPDX-License-Identifier: GPL-2.0
/*
 * Prints vdpa-ctl's command tree from its tables, for tests/completion.sh
 * to check the bash completion against:
 *
 *	cmds|PATH|WORD...		the commands under PATH (not deprecated)
 *	args|PATH|POS|KEYWORD...	a command: POS is "dev", "mgmtdev"
 *					or "-" (no positional argument)
 *	values|PATH|KEYWORD|VALUE...	a keyword's fixed values, or
 *					its table's (tunnel types, features)
 *
 * PATH is the words after "vdpa-ctl", joined by spaces; a deprecated
 * word's subtree is printed under its old words too.
 */
#include <stdio.h>

#include "args.h"
#include "cmd.h"
#include "features.h"
#include "objects.h"
#include "tunnel.h"

static const char *positional(uint64_t bit)
{
	switch (bit) {
	case OPT_NAME:
		return "dev";
	case OPT_MGMTDEV:
		return "mgmtdev";
	default:
		return "-";
	}
}

/* The values of keywords whose values come from a table of their own. */
static void dump_table_values(const char *path, uint64_t keys)
{
	const struct feature *f;
	const char *const *t;
	size_t i, n;

	if (keys & OPT_TUNNEL) {
		t = tunnel_type_names(&n);
		printf("values|%s|%s|", path, opt_keyword(OPT_TUNNEL));
		for (i = 0; i < n; i++)
			if (t[i])
				printf("%s ", t[i]);
		printf("all none\n");
	}
	if (keys & OPT_FEATURES) {
		f = feature_table(&n);
		printf("values|%s|%s|", path, opt_keyword(OPT_FEATURES));
		for (i = 0; i < n; i++)
			printf("%s%s", i ? " " : "", f[i].name);
		printf("\n");
	}
}

static void dump_leaf(const char *path, const struct cmd_spec *spec)
{
	uint64_t keys = (spec->required | spec->optional) & ~spec->positional;
	unsigned int b;

	printf("args|%s|%s|", path, positional(spec->positional));
	for (b = 0; b < 64; b++)
		if (keys & BIT_ULL(b))
			printf(" %s", opt_keyword(BIT_ULL(b)));
	printf("\n");
	for (b = 0; b < 64; b++)
		if ((keys & BIT_ULL(b)) && opt_values(BIT_ULL(b)))
			printf("values|%s|%s|%s\n", path,
			       opt_keyword(BIT_ULL(b)), opt_values(BIT_ULL(b)));
	dump_table_values(path, keys);
}

static void dump(const struct cmd *table, const char *path)
{
	char sub[128];
	const struct cmd *c;

	printf("cmds|%s|", path);
	for (c = table; c->name; c++)
		if (!c->replaced_by)
			printf(" %s", c->name);
	printf("\n");
	for (c = table; c->name; c++) {
		snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? " " : "",
			 c->name);
		if (c->sub)
			dump(c->sub, sub);
		else if (c->spec)
			dump_leaf(sub, c->spec);
		else
			printf("nospec|%s\n", sub);
	}
}

int main(void)
{
	dump(top_cmds, "");
	return 0;
}
