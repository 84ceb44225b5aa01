#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of run-vm.sh's kernel log scan: this guest script passes, but it
# plants a fake warning in the kernel log, so the run must FAIL (exit 1).
#	tests/vm/run-vm.sh tests/vm/selftest-logscan.sh; [ $? -eq 1 ]
echo '<4>WARNING: ovnic logscan selftest (expected)' >/dev/kmsg
echo "planted a fake WARNING; run-vm.sh must report failure"
exit 0
