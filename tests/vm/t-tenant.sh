#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tenant isolation, seen from the host: what the untrusted user of a device
# can reach.  A process holding /dev/vhost-vdpa-N programs rings and
# buffers at host physical addresses without mapping them (tools/
# vhost-phys.c): on a new device, on one that virtio_vdpa drove before, and
# after the previous user closed the fd.  The card must read and write
# none of that memory, count the bad address and ask for a reset; no
# frame it could only have read there may leave through the uplink.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

cc -O2 -Wall -o /tmp/vhost-phys "$REPO/tests/vm/tools/vhost-phys.c" ||
	fail "cc vhost-phys"

# counter DEV GROUP NAME: the card's counter of DEV (rx, tx or ctrl group).
counter() {
	"$VC" -j stats show "$1" >/tmp/stats.json || fail "stats show $1"
	python3 -c 'import json, sys
print(json.load(open("/tmp/stats.json"))["stats"][sys.argv[1]][sys.argv[2]][sys.argv[3]])' "$@"
}

uplink_rx() {
	cat /sys/class/net/ovnic0/statistics/rx_packets
}

# rebind DEV DRIVER: bind DEV to bus driver DRIVER (virtio_vdpa, vhost_vdpa).
rebind() {
	local drv
	drv=$(basename "$(readlink "/sys/bus/vdpa/devices/$1/driver" 2>/dev/null)")
	[ "$drv" = "$2" ] && return 0
	if [ -n "$drv" ]; then
		echo "$1" >"/sys/bus/vdpa/drivers/$drv/unbind" ||
			fail "unbind $1 from $drv"
	fi
	echo "$1" >"/sys/bus/vdpa/drivers/$2/bind" || fail "bind $1 to $2"
}

# to_vhost DEV: bind DEV to vhost_vdpa and print its /dev node.
to_vhost() {
	rebind "$1" vhost_vdpa
	wait_for "compgen -G '/sys/bus/vdpa/devices/$1/vhost-vdpa-*' >/dev/null" 10 ||
		fail "no vhost-vdpa node for $1"
	basename /sys/bus/vdpa/devices/"$1"/vhost-vdpa-*
}

# phys_tx DEV: the vhost user transmits from physical addresses.
phys_tx() {
	local node before bad
	node=$(to_vhost "$1")
	wait_for "[ -e /dev/$node ]" 10 || fail "no /dev/$node"
	before=$(uplink_rx)
	bad=$(counter "$1" tx drop_bad_addr)
	run_to 60 /tmp/vhost-phys "/dev/$node" tx 2 ||
		fail "$1: the card read a ring at a physical address, or set no NEEDS_RESET"
	[ "$(uplink_rx)" = "$before" ] ||
		fail "$1: a frame only readable at a physical address reached the uplink"
	[ "$(counter "$1" tx drop_bad_addr)" -gt "$bad" ] ||
		fail "$1: the bad ring address was not counted"
	log "$1: transmit ring at physical addresses refused"
}

# phys_rx DEV: the vhost user posts a physical receive buffer while the
# uplink floods broadcast frames.
phys_rx() {
	local node pid
	node=$(to_vhost "$1")
	wait_for "[ -e /dev/$node ]" 10 || fail "no /dev/$node"
	run_to 60 /tmp/vhost-phys "/dev/$node" rx 4 >/tmp/phys.out 2>&1 &
	pid=$!
	wait_for 'grep -q ready /tmp/phys.out' 20 || fail "vhost-phys did not start"
	python3 - <<-'EOF' || fail "cannot send into the uplink"
	import socket, time
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
	s.bind(("ovnic0", 0))
	frame = b"\xff" * 6 + b"\x02\x00\x00\x00\x99\x02" + b"\x88\xb5" + b"x" * 100
	end = time.time() + 2
	while time.time() < end:
	    s.send(frame)
	    time.sleep(0.01)
	EOF
	wait "$pid" || { cat /tmp/phys.out; fail "$1: the card wrote a buffer at a physical address"; }
	log "$1: receive buffer at a physical address untouched ($(cat /tmp/phys.out))"
}

ovnic_load
ip link set dev ovnic0 up || fail "uplink up"
load_mod vhost_vdpa
load_mod virtio_vdpa

# ---- a new device, straight to a vhost user -----------------------------------------
vdpa_add t0 mac 02:00:00:00:99:10
phys_tx t0
phys_rx t0
# ---- after the previous user closed the fd (vhost_vdpa's reset_map) -----------------
phys_tx t0

# ---- a device the host kernel's virtio_vdpa drove, then handed to a tenant ------------
vdpa_add t1 mac 02:00:00:00:99:11
rebind t1 virtio_vdpa
ip addr add 10.9.0.1/24 dev ovnic0
netns_move "$(netdev_of t1)" a 10.9.0.2/24
in_ns a ping -q -c 2 -W 5 10.9.0.1 >/dev/null ||
	fail "virtio_vdpa traffic on t1 before the hand-over"
log "t1 under virtio_vdpa: traffic ok"
phys_rx t1
phys_tx t1
# ---- and back to virtio_vdpa: identity again, traffic again --------------------------
rebind t1 virtio_vdpa
netns_move "$(netdev_of t1)" a 10.9.0.2/24
in_ns a ping -q -c 2 -W 5 10.9.0.1 >/dev/null ||
	fail "virtio_vdpa traffic on t1 after the vhost user"
log "t1 back under virtio_vdpa: traffic ok"

vc 0 dev del t0
vc 0 dev del t1
log "ok"
exit 0
