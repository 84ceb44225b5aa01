#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Suspend and resume through vhost-vdpa (VHOST_VDPA_SUSPEND/RESUME), as QEMU
# drives them around a live migration.  A device of 32 queue pairs, bound to
# vhost_vdpa and in loopback, is driven by tools/vhost-suspend.c: rings and
# buffers in its own memory behind the IOTLB, queues enabled after
# DRIVER_OK, frames with sequence numbers sent to itself.  It checks the
# backend features (SUSPEND, RESUME, ENABLE_AFTER_DRIVER_OK; no DESC_ASID),
# suspends under traffic, reads every ring base (each equal to the queue's
# used index), sees nothing served while suspended, sets the bases back,
# resumes and gets every frame once; a resume of a running device fails
# with EINVAL.  Then it times suspend + 65 GET_VRING_BASE + resume under
# traffic (TCG: the number is the guest's, reported not judged).  The
# card's counters agree: every frame sent was received, none dropped.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

cc -O2 -Wall -o /tmp/vhost-suspend "$REPO/tests/vm/tools/vhost-suspend.c" ||
	fail "cc vhost-suspend"

# counter DEV GROUP NAME: the card's counter of DEV (rx, tx or ctrl group).
counter() {
	"$VC" -j dev stats show "$1" >/tmp/stats.json || fail "stats show $1"
	python3 -c 'import json, sys
print(json.load(open("/tmp/stats.json"))["stats"][sys.argv[1]][sys.argv[2]][sys.argv[3]])' "$@"
}

ovnic_load max_vqp=32
load_mod vhost_vdpa
vdpa_add s0 mac 02:00:00:00:77:01 max_vqp 32
wait_for "compgen -G '/sys/bus/vdpa/devices/s0/vhost-vdpa-*' >/dev/null" 10 ||
	fail "s0 is not bound to vhost_vdpa"
node=$(basename /sys/bus/vdpa/devices/s0/vhost-vdpa-*)
wait_for "[ -e /dev/$node ]" 10 || fail "no /dev/$node"
vc 0 dev link set s0 loopback on

run_to 300 /tmp/vhost-suspend "/dev/$node" 50 >/tmp/suspend.out 2>&1 || {
	cat /tmp/suspend.out >&2
	fail "vhost-suspend failed"
}
while read -r line; do log "vhost-suspend: $line"; done </tmp/suspend.out
grep -q 'PASS$' /tmp/suspend.out || fail "vhost-suspend did not pass"

# What the tool sent, the card transmitted; what came back, the card
# received; the rest, looped back while a timed cycle's suspension held
# (vhost-suspend.c, wait_quiet), it dropped and counted.
sent=$(sed -n 's/^sent \([0-9]*\),.*/\1/p' /tmp/suspend.out)
back=$(sed -n 's/^sent [0-9]*, back \([0-9]*\),.*/\1/p' /tmp/suspend.out)
tx=$(counter s0 tx packets)
rx=$(counter s0 rx packets)
drops=$(counter s0 rx drop_no_buffer)
log "card: tx packets $tx, rx packets $rx, rx drop_no_buffer $drops; tool: sent $sent, back $back"
[ "$tx" = "$sent" ] || fail "the card sent $tx frames, the tool $sent"
[ "$rx" = "$back" ] || fail "the card received $rx frames, the tool got $back back"
[ "$drops" = $((sent - back)) ] ||
	fail "$((sent - back)) frames did not come back, the card counted $drops drops"
log "ok"
