// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: writes the seed corpora of the fuzz targets, corpus/<target>/,
 * in each target's input format (see the comment at the top of each
 * target).  The seeds are the well-formed cases, from which the fuzzer's
 * mutations reach the rest: rings with valid chains of every kind, every
 * control command, a device brought up through the mailbox, frames of
 * every tunnel type, switch traffic between devices and the wire, GSO
 * frames of each type.
 *
 *   make -C tests/fuzz seeds	(mkseeds corpus)
 *
 * The files are checked in; rerun this after changing an input format.
 * The seeds of each target are written by its seeds_<target>.c, with
 * the input builder of mkseeds.h and save() of seed.c.
 */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "mkseeds.h"

int main(int argc, char **argv)
{
	outdir = argc > 1 ? argv[1] : "corpus";
	if (mkdir(outdir, 0755) && errno != EEXIST) {
		perror(outdir);
		return 1;
	}
	seeds_split_ring();
	seeds_packed_ring();
	seeds_ctrl_cmd();
	seeds_mailbox();
	seeds_pkt_parse();
	seeds_switch();
	seeds_offload();
	seeds_offload_path();
	return 0;
}
