// SPDX-License-Identifier: GPL-2.0
/*
 * vdpa-ctl: manage vDPA devices over generic netlink.
 *
 *	vdpa-ctl [ -j ] [ -p ] OBJECT COMMAND [ ARGS ]
 *
 * The global options; the table of objects is objects.c's.
 */
#include <errno.h>
#include <getopt.h>
#include <string.h>

#include "cmd.h"
#include "nl.h"
#include "objects.h"
#include "print.h"
#include "util.h"

#ifndef VDPA_CTL_VERSION
#define VDPA_CTL_VERSION	"unknown"
#endif

static void usage(FILE *fp)
{
	fprintf(fp,
		"Usage: %s [ OPTIONS ] OBJECT { COMMAND | help }\n"
		"where  OBJECT := { mgmtdev | dev | feature | card | monitor }\n"
		"       OPTIONS := { -j[son] | -p[retty] | -V[ersion] | -h[elp] }\n",
		CMD_PROG);
}

static void help(void)
{
	usage(stdout);
	cmd_usage(stdout, top_cmds, CMD_PROG);
}

int main(int argc, char **argv)
{
	static const struct option long_opts[] = {
		{ "json",	no_argument, NULL, 'j' },
		{ "pretty",	no_argument, NULL, 'p' },
		{ "version",	no_argument, NULL, 'V' },
		{ "help",	no_argument, NULL, 'h' },
		{ }
	};
	unsigned int flags = 0;
	int opt, ret;

	/* "+": options only before the object, like iproute2 */
	while ((opt = getopt_long(argc, argv, "+jpVh", long_opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			flags |= PRINT_JSON;
			break;
		case 'p':
			flags |= PRINT_JSON | PRINT_PRETTY;
			break;
		case 'V':
			printf("%s %s\n", CMD_PROG, VDPA_CTL_VERSION);
			return EXIT_OK;
		case 'h':
			help();
			return EXIT_OK;
		default:
			usage(stderr);
			return EXIT_USAGE;
		}
	}
	argc -= optind;
	argv += optind;

	if (argc == 0) {
		usage(stderr);
		return EXIT_USAGE;
	}
	if (cmd_is_help(argv[0])) {
		help();
		return EXIT_OK;
	}
	print_init(stdout, flags);
	ret = cmd_dispatch(top_cmds, argc, argv);
	nlctl_close();
	if (fflush(stdout) || ferror(stdout)) {
		pr_err("cannot write the output: %s", strerror(errno));
		ret = EXIT_FAIL;
	}
	return ret;
}
