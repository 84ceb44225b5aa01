#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What happens to one device does not reach the others through the "ovnic"
# netlink family: a per-queue statistics dump that spans many rounds, with
# the device it is in the middle of deleted between two rounds, still
# brings every queue of every other device exactly once
# (tests/vm/tools/genl-bad.py dump-del).
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

TOOLS=$REPO/tests/vm/tools

ovnic_load

# ---- a multi-round per-queue dump, a device deleted between two rounds ------------
for i in 0 1 2 3 4 5 6 7; do
	vdpa_add "q$i" max_vqp 8
done
run_to 300 python3 "$TOOLS/genl-bad.py" dump-del ||
	fail "a device deleted in the middle of a per-queue dump"
for i in 0 1 2 3 4 5 6 7; do
	[ -d "/sys/bus/vdpa/devices/q$i" ] || continue
	run_to 30 vdpa dev del "q$i" || fail "vdpa dev del q$i"
done
log "per-queue dump across a deletion: ok"

ovnic_unload
log "ok"
exit 0
