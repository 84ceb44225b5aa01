// SPDX-License-Identifier: GPL-2.0
/*
 * The command tree walker: finds the command for the words given, prints
 * usage for "help" and for usage errors.
 */
#include <string.h>

#include "cmd.h"
#include "util.h"

#define CMD_PATH_MAX	128

bool cmd_is_help(const char *word)
{
	return str_eq(word, "help") || str_eq(word, "--help") || str_eq(word, "-h");
}

static void usage_walk(FILE *fp, const struct cmd *table, const char *path,
		       bool *first)
{
	char sub[CMD_PATH_MAX];
	const struct cmd *c;

	for (c = table; c->name; c++) {
		if (c->replaced_by)
			continue;
		snprintf(sub, sizeof(sub), "%s %s", path, c->name);
		if (c->sub) {
			usage_walk(fp, c->sub, sub, first);
			continue;
		}
		fprintf(fp, "%s%s%s%s\n", *first ? "Usage: " : "       ", sub,
			c->args ? " " : "", c->args ? c->args : "");
		*first = false;
	}
}

/* Usage of every command under @table, whose words so far are @path. */
void cmd_usage(FILE *fp, const struct cmd *table, const char *path)
{
	bool first = true;

	usage_walk(fp, table, path, &first);
}

static void leaf_usage(FILE *fp, const struct cmd *c, const char *path)
{
	fprintf(fp, "Usage: %s%s%s\n", path, c->args ? " " : "",
		c->args ? c->args : "");
}

/* The command @word names in @table, or the default one if @word is NULL. */
static const struct cmd *cmd_find(const struct cmd *table, const char *word)
{
	const struct cmd *c;

	for (c = table; c->name; c++)
		if (word ? str_eq(word, c->name) : c->is_default)
			return c;
	return NULL;
}

static int dispatch(const struct cmd *table, const char *path, int argc,
		    char **argv)
{
	char sub[CMD_PATH_MAX];
	const struct cmd *c;
	int ret;

	if (argc > 0 && cmd_is_help(argv[0])) {
		cmd_usage(stdout, table, path);
		return EXIT_OK;
	}
	c = cmd_find(table, argc > 0 ? argv[0] : NULL);
	if (!c) {
		if (argc > 0)
			pr_err("unknown command \"%s\" for \"%s\"", argv[0], path);
		else
			pr_err("\"%s\" needs a command", path);
		cmd_usage(err_file(), table, path);
		return EXIT_USAGE;
	}
	if (argc > 0) {
		argc--;
		argv++;
	}

	if (c->replaced_by) {
		pr_warn("\"%s %s\" is deprecated, use \"%s %s\"", path,
			c->name, CMD_PROG, c->replaced_by);
		snprintf(sub, sizeof(sub), "%s %s", CMD_PROG, c->replaced_by);
	} else {
		snprintf(sub, sizeof(sub), "%s %s", path, c->name);
	}
	if (c->sub)
		return dispatch(c->sub, sub, argc, argv);
	if (argc > 0 && cmd_is_help(argv[0])) {
		leaf_usage(stdout, c, sub);
		return EXIT_OK;
	}
	ret = c->run(argc, argv);
	if (ret == EXIT_USAGE)
		leaf_usage(err_file(), c, sub);
	return ret;
}

/* Runs the command named by @argv in @table; returns the exit status. */
int cmd_dispatch(const struct cmd *table, int argc, char **argv)
{
	return dispatch(table, CMD_PROG, argc, argv);
}
