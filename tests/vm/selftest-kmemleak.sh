#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the rig's kmemleak check: must FAIL on a kernel with kmemleak
# (the debug kernel).  Builds the kernel's own samples/kmemleak/kmemleak-test.c
# against the running kernel's build tree and loads it: it leaks on purpose,
# so guest-init's kmemleak_check must report "BUG: kmemleak".  Skips on a
# kernel without kmemleak.
#	bash scripts/debug-kernel.sh run tests/vm/selftest-kmemleak.sh
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

[ -e /sys/kernel/debug/kmemleak ] || skip "no kmemleak in $(uname -r)"
kdir=/lib/modules/$(uname -r)/build
src=$kdir/source/samples/kmemleak/kmemleak-test.c
[ -f "$src" ] || skip "no $src"
mkdir -p /tmp/kml
cp "$src" /tmp/kml/
echo 'obj-m := kmemleak-test.o' >/tmp/kml/Kbuild
run_to 600 make -s -C "$kdir" M=/tmp/kml modules || fail "cannot build kmemleak-test.ko"
load_mod /tmp/kml/kmemleak-test.ko
rmmod kmemleak_test || fail "rmmod kmemleak_test"
log "kmemleak-test loaded and removed: its leaks must fail this run"
exit 0
