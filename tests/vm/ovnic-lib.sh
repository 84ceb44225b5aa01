# SPDX-License-Identifier: GPL-2.0
#
# ovnic helpers for guest scripts, on top of lib.sh.  Source after lib.sh.
# shellcheck shell=bash

OVNIC_KO=${OVNIC_KO:-$PWD/kernel/ovnic.ko}

# ovnic_load [MODULE PARAMS...]: load the vDPA core and ovnic.  With
# OVNIC_RING=split (run-all.sh's split pass) the card offers split rings
# only; else Linux's virtio_ring negotiates packed ones.
ovnic_load() {
	[ "${OVNIC_RING:-}" = split ] && set -- "$@" ring_packed=0
	load_mod vdpa
	# No udev in the guest: virtio_vdpa's devices need virtio_net loaded.
	load_mod virtio_net
	[ -f "$OVNIC_KO" ] || fail "no $OVNIC_KO: run make first"
	# A module left from another kernel's build says so, not just "failed".
	[ "$(modinfo -F vermagic "$OVNIC_KO" | cut -d' ' -f1)" = "$(uname -r)" ] ||
		fail "$OVNIC_KO is built for $(modinfo -F vermagic "$OVNIC_KO" |
			cut -d' ' -f1), the VM runs $(uname -r): run make"
	load_mod "$OVNIC_KO" "$@"
	wait_for '[ -e /sys/class/net/ovnic0 ]' 10 || fail "no uplink netdev ovnic0"
}

# ovnic_unload: remove ovnic (devices and all).
ovnic_unload() {
	run_to 60 rmmod ovnic || fail "rmmod ovnic failed"
}

# vdpa_add NAME [ARGS...]: vdpa dev add on card 0, fatal on error.
vdpa_add() {
	local n=$1
	shift
	run_to 30 vdpa dev add name "$n" mgmtdev ovnic0 "$@" ||
		fail "vdpa dev add $n $* failed"
}

# vhost_node DEV: DEV's /dev/vhost-vdpa-N, once it is there.
vhost_node() {
	local n
	wait_for "compgen -G '/sys/bus/vdpa/devices/$1/vhost-vdpa-*' >/dev/null" 10 ||
		fail "$1 is not bound to vhost_vdpa"
	n=$(basename /sys/bus/vdpa/devices/"$1"/vhost-vdpa-*)
	wait_for "[ -e /dev/$n ]" 10 || fail "no /dev/$n"
	echo "/dev/$n"
}

# netdev_of NAME: the virtio_vdpa netdev of vDPA device NAME, fatal if none,
# and fatal if the split pass (OVNIC_RING=split) finds a packed ring.
netdev_of() {
	dev_by_vdpa "$1" 10 || fail "no netdev for vDPA device $1"
	[ "${OVNIC_RING:-}" != split ] || [ "$(ring_of "$1")" = split ] ||
		fail "$1 negotiated packed rings in the split pass"
}

# ring_of NAME: the ring layout virtio_vdpa's driver negotiated on vDPA device
# NAME: packed or split (VIRTIO_F_RING_PACKED, bit 34 of the features file).
ring_of() {
	local f
	f=$(cat /sys/bus/vdpa/devices/"$1"/virtio*/features) ||
		fail "no virtio features for $1"
	[ "${f:34:1}" = 1 ] && echo packed || echo split
}

# in_ns NS CMD...: run CMD in network namespace NS with a timeout.
in_ns() {
	local ns=$1
	shift
	run_to 120 ip netns exec "$ns" "$@"
}

# ping_ok NS DST [PING ARGS...]: three pings from NS to DST must all pass.
ping_ok() {
	local ns=$1 dst=$2
	shift 2
	in_ns "$ns" ping -q -c 3 -i 0.2 -W 5 "$@" "$dst" >/tmp/ping.out 2>&1 ||
		{ cat /tmp/ping.out; fail "ping $* from $ns to $dst failed"; }
	log "ping $* $ns -> $dst ok"
}

# iperf_tcp SERVER_NS SERVER_IP CLIENT_NS: 3 s of TCP, prints Mbit/s.
iperf_tcp() {
	local sns=$1 sip=$2 cns=$3 bps
	in_ns "$sns" iperf3 -s -1 -D -B "$sip" -p 5201 --logfile /tmp/iperf-s.log ||
		fail "iperf3 server in $sns"
	# shellcheck disable=SC2016 # expanded by wait_for's eval
	wait_for 'ip netns exec "$sns" ss -Hltn "sport = :5201" | grep -q .' 10 ||
		fail "iperf3 server in $sns never listened"
	in_ns "$cns" iperf3 -c "$sip" -p 5201 -t 3 -J >/tmp/iperf.json ||
		{ cat /tmp/iperf.json; fail "iperf3 $cns -> $sip failed"; }
	bps=$(python3 -c 'import json,sys; d=json.load(open("/tmp/iperf.json")); print(int(d["end"]["sum_received"]["bits_per_second"]))')
	[ "$bps" -gt 0 ] || fail "iperf3 $cns -> $sip moved nothing"
	log "iperf3 TCP $cns -> $sns: $((bps / 1000000)) Mbit/s"
}

# three_ns [MTU]: devices d0, d1 and the uplink, each in its own namespace:
# up 10.0.0.1 (ovnic0), a 10.0.0.2 (d0), b 10.0.0.3 (d1).
three_ns() {
	local mtu=${1:-1500} a b
	a=$(netdev_of d0)
	b=$(netdev_of d1)
	ip link set dev ovnic0 mtu "$mtu" || fail "uplink mtu $mtu"
	netns_move ovnic0 up 10.0.0.1/24
	netns_move "$a" a 10.0.0.2/24
	netns_move "$b" b 10.0.0.3/24
	ip -n a link set dev "$a" mtu "$mtu" || fail "$a mtu $mtu"
	ip -n b link set dev "$b" mtu "$mtu" || fail "$b mtu $mtu"
	export A_DEV=$a B_DEV=$b
}
