#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Lifecycle under load: `vdpa dev del` while traffic runs, rebinding a
# device between bus drivers, and rmmod with devices present, in a loop.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

load_mod virtio_vdpa
for round in 1 2 3; do
	ovnic_load
	vdpa_add d0
	vdpa_add d1
	three_ns
	ping_ok a 10.0.0.3
	# A flood from each side, then delete a device under it.
	in_ns a ping -f -w 20 10.0.0.3 >/dev/null 2>&1 &
	in_ns up ping -f -w 20 10.0.0.2 >/dev/null 2>&1 &
	sleep 2
	run_to 30 vdpa dev del d1 || fail "dev del under traffic (round $round)"
	wait
	vdpa dev show | grep -q d1 && fail "d1 still listed after dev del"
	ping_ok a 10.0.0.1
	# Unbind d0 from virtio_vdpa and bind it again.
	echo d0 > /sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind d0"
	echo d0 > /sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind d0"
	netdev_of d0 >/dev/null
	vdpa_add d2
	ip netns del a
	ip netns del b
	ip netns del up
	ovnic_unload
	[ -e /sys/bus/vdpa/devices/d0 ] && fail "d0 survived rmmod"
	log "round $round ok"
done
exit 0
