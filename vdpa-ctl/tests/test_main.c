// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of vdpa-ctl: argument parsing, feature names, the printing
 * API, the output of each command for given kernel replies, and dispatch.
 * Exit status: the number of failed tests (0: all passed).
 */
#include "helpers.h"

int main(void)
{
	int failed = 0;

	failed += run_args_tests();
	failed += run_features_tests();
	failed += run_print_tests();
	failed += run_output_tests();
	failed += run_cmd_tests();
	failed += run_ovnic_tests();
	failed += run_ovnic_stats_tests();
	failed += run_ovnic_request_tests();
	printf("vdpa-ctl unit tests: %s (%d failed)\n",
	       failed ? "FAILED" : "all passed", failed);
	return failed ? 1 : 0;
}
