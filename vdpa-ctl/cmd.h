/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Object -> command dispatch.  Each object file exports a table of its
 * commands; a command either runs (run) or has commands of its own (sub),
 * as "dev config show" does.  Words match exactly.  "help" or "--help" at
 * any level prints the usage of everything below it.
 *
 * A command that runs names the options it parses (spec), so that the
 * tests can check the bash completion against the tables.  A deprecated
 * word (an old spelling kept for one release) names its replacement:
 * it still works, warns, and is left out of the usage.
 *
 * Adding an object: write foo.c with
 *	const struct cmd foo_cmds[] = {
 *		{ .name = "show", .run = foo_show, .args = "[ DEV ]", .is_default = true },
 *		{ }
 *	};
 * declare it in objects.h and add { .name = "foo", .sub = foo_cmds } to
 * dev_cmds[] in dev.c for a device's object ("dev foo show DEV"), or to
 * the object table in main.c for one of its own.
 */
#ifndef VDPA_CTL_CMD_H
#define VDPA_CTL_CMD_H

#include <stdbool.h>
#include <stdio.h>

struct cmd_spec;

struct cmd {
	const char *name;
	/* Runs with the words after the command; returns an exit status. */
	int (*run)(int argc, char **argv);
	const struct cmd_spec *spec;	/* what run parses (args.h) */
	const struct cmd *sub;	/* or commands under this word */
	const char *args;	/* usage after the command's words */
	bool is_default;	/* what runs when no command word is given */
	/* Deprecated: the words that replace this one after the program's name. */
	const char *replaced_by;
};

#define CMD_PROG	"vdpa-ctl"

int cmd_dispatch(const struct cmd *table, int argc, char **argv);
void cmd_usage(FILE *fp, const struct cmd *table, const char *path);
bool cmd_is_help(const char *word);

#endif
