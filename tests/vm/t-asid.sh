#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Virtqueue groups and address spaces through vhost-vdpa (tools/
# vhost-asid.c): two groups and two spaces, the control queue alone in
# group 1 with and without MQ, SET_GROUP_ASID and IOTLB messages with an
# address space (VHOST_BACKEND_F_IOTLB_ASID), bad ones refused with EINVAL,
# a control command answered through address space 1, the group back in
# space 0 after a reset, and a control queue whose rings are not in its
# space breaking cleanly (counted, NEEDS_RESET).  Then the same device
# under virtio_vdpa: every group in the identity space 0, its control
# queue and traffic work.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

cc -O2 -Wall -o /tmp/vhost-asid "$REPO/tests/vm/tools/vhost-asid.c" ||
	fail "cc vhost-asid"

ovnic_load
# vhost_vdpa first: new devices bind to it.
load_mod vhost_vdpa
vdpa_add d0 mac 02:00:00:00:00:10 max_vqp 4
vdpa_add d1 mac 02:00:00:00:00:11

# counter DEV GROUP NAME: the card's counter of DEV (rx, tx or ctrl group).
counter() {
	"$VC" -j dev stats show "$1" >/tmp/stats.json || fail "stats show $1"
	python3 -c 'import json, sys
print(json.load(open("/tmp/stats.json"))["stats"][sys.argv[1]][sys.argv[2]][sys.argv[3]])' "$@"
}

# qcounter DEV QIDX NAME: the card's counter NAME of DEV's queue QIDX.
qcounter() {
	"$VC" -j dev stats show "$1" qidx "$2" >/tmp/stats.json ||
		fail "stats show $1 qidx $2"
	python3 -c 'import json, sys
print(json.load(open("/tmp/stats.json"))["stats"][sys.argv[1]]["queues"][0][sys.argv[2]])' "$1" "$3"
}

# d0: 4 queue pairs, MQ negotiated (control queue 8) and not (queue 2).
for mode in mq:8 nomq:2; do
	cvq=${mode#*:}
	mode=${mode%:*}
	bad=$(qcounter d0 "$cvq" drop_bad_addr)
	run_to 60 /tmp/vhost-asid "$(vhost_node d0)" "$mode" >/tmp/asid.out 2>&1 ||
		{ cat /tmp/asid.out; fail "vhost-asid d0 $mode"; }
	sed 's/^/  /' /tmp/asid.out
	[ "$(qcounter d0 "$cvq" drop_bad_addr)" -gt "$bad" ] ||
		fail "d0 $mode: the control ring outside its space was not counted"
	log "d0 ($mode): groups and address spaces ok"
done
# d1: one queue pair, no MQ to offer
run_to 60 /tmp/vhost-asid "$(vhost_node d1)" nomq >/tmp/asid.out 2>&1 ||
	{ cat /tmp/asid.out; fail "vhost-asid d1 nomq"; }
log "d1 (one pair): groups and address spaces ok"

# The same device under virtio_vdpa: identity in space 0 for every queue.
load_mod virtio_vdpa
echo d0 >/sys/bus/vdpa/drivers/vhost_vdpa/unbind || fail "unbind d0"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind d0 to virtio_vdpa"
a=$(netdev_of d0)
errs=$(counter d0 ctrl ctrl_errors)
netns_move ovnic0 up 10.0.0.1/24
netns_move "$a" a 10.0.0.2/24
# a control command from virtio_net (the rings at physical addresses)
ip -n a link set dev "$a" promisc on || fail "promisc on"
ip -n a link set dev "$a" promisc off || fail "promisc off"
ping_ok a 10.0.0.1
[ "$(counter d0 ctrl ctrl_errors)" = "$errs" ] ||
	fail "d0 under virtio_vdpa: control queue errors"
log "d0 under virtio_vdpa after vhost-asid: control queue and traffic ok"
log "PASS"
