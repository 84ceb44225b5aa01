#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the nested guest (busybox sh).  Kernel command line:
#	ovnic.ip=ADDR/PREFIX	address for the NIC (default 10.0.0.2/24)
#	ovnic.ping=ADDR		target to ping; without it only the link is checked
#	ovnic.count=N		echo replies required (default 3)
#	ovnic.mac=MAC		set this address (CTRL_MAC_ADDR) before bringing
#				the NIC up
#	ovnic.pairs=N		use N queue pairs (ethtool -L, VQ_PAIRS_SET)
#	ovnic.flows=ADDR:PORT:N	after the replies, N TCP connections to
#				ADDR:PORT, each sending "flow I" and expecting
#				"ok flow I" back (flows for the queues to spread)
#	ovnic.stream=ADDR:PORT	after the replies, keep running: ping the target
#				every second and send "seq N" lines, 5 a second
#				at most, over one TCP connection to ADDR:PORT
# Prints NESTED-PING-OK or NESTED-PING-FAIL (NESTED-UP-OK / NESTED-UP-FAIL
# when there is no ping target), then powers off; with ovnic.stream it prints
# NESTED-RUNNING instead of NESTED-PING-OK and runs until it is stopped.

export PATH=/bin
mkdir -p /proc /sys /dev
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1
# run-nested.sh tells a kernel that died during boot from a failed test by this.
read -r up _ </proc/uptime
echo "nested: init started at ${up}s"

ip=10.0.0.2/24
target=
count=3
mac=
pairs=
stream=
flows=
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case "$arg" in
	ovnic.ip=*) ip=${arg#*=} ;;
	ovnic.ping=*) target=${arg#*=} ;;
	ovnic.count=*) count=${arg#*=} ;;
	ovnic.mac=*) mac=${arg#*=} ;;
	ovnic.pairs=*) pairs=${arg#*=} ;;
	ovnic.flows=*) flows=${arg#*=} ;;
	ovnic.stream=*) stream=${arg#*=} ;;
	esac
done
kind=UP
[ -n "$target" ] && kind=PING

result() {
	read -r up _ </proc/uptime
	echo "nested: $2 (uptime ${up}s)"
	echo "NESTED-$kind-$1"
	sleep 1
	poweroff -f
	sleep 10
}

while read -r m; do
	insmod "/lib/modules/$m.ko" || result FAIL "insmod $m failed"
done </lib/modules/load-order

# The first virtio NIC: eth0 unless renamed.
dev=
i=0
while [ -z "$dev" ] && [ "$i" -lt 100 ]; do
	for n in /sys/class/net/*; do
		[ -e "$n/device/driver" ] || continue
		case "$(readlink "$n/device/driver")" in
		*/virtio_net) dev=${n##*/} ;;
		esac
	done
	[ -n "$dev" ] || sleep 0.1
	i=$((i + 1))
done
[ -n "$dev" ] || result FAIL "no virtio-net interface appeared"

ip link set lo up
# No IPv6: a live migration test counts every frame, and needs quiet.
[ -z "$stream" ] || echo 1 >"/proc/sys/net/ipv6/conf/$dev/disable_ipv6"
if [ -n "$mac" ]; then
	# busybox ip sends no address family, which the kernel refuses
	ifconfig "$dev" hw ether "$mac" || result FAIL "cannot set address $mac"
fi
if [ -n "$pairs" ]; then
	ethtool -L "$dev" combined "$pairs" || result FAIL "cannot use $pairs queue pairs"
fi
ip addr add "$ip" dev "$dev" || result FAIL "cannot set $ip on $dev"
ip link set "$dev" up || result FAIL "cannot bring $dev up"
i=0
while [ "$(cat "/sys/class/net/$dev/carrier" 2>/dev/null)" != 1 ]; do
	[ "$i" -lt 100 ] || result FAIL "$dev has no carrier"
	sleep 0.1
	i=$((i + 1))
done
echo "nested: $dev up with $ip, mac $(cat "/sys/class/net/$dev/address")"
# The features the guest's driver negotiated, bit 0 first (ring layout: 34).
echo "nested: features $(cat "/sys/class/net/$dev/device/features")"
[ -n "$target" ] || result OK "$dev is up"

# Warm up (ARP, link) with single pings, then require COUNT replies.
i=0
until ping -c 1 -W 2 "$target" >/dev/null 2>&1; do
	i=$((i + 1))
	[ "$i" -lt 10 ] || result FAIL "no reply from $target"
done
out=$(ping -c "$count" -W 2 "$target" 2>&1)
echo "$out"
case "$out" in
*" $count packets received"*) ;;
*) result FAIL "lost replies from $target" ;;
esac
if [ -n "$flows" ]; then
	faddr=${flows%%:*}
	fport=${flows#*:}
	nflows=${fport#*:}
	fport=${fport%%:*}
	i=0
	while [ "$i" -lt "$nflows" ]; do
		reply=$(echo "flow $i" | nc -w 10 "$faddr" "$fport")
		if [ "$reply" != "ok flow $i" ]; then
			ethtool -S "$dev" | grep -v ': 0$'
			result FAIL "flow $i to $faddr:$fport answered '$reply'"
		fi
		i=$((i + 1))
	done
	echo "nested: $nflows flows to $faddr:$fport answered"
fi
[ -n "$stream" ] || result OK "$count/$count replies from $target"

# The guest's side of a live migration: traffic that must survive it.  A
# "stop" line from the far end of the stream ends the traffic; once the
# NIC's counters stand still the guest prints them, for the test to hold
# against the card's.
ping "$target" &
pinger=$!
(
	i=0
	while [ ! -e /stop ]; do
		echo "seq $i"
		i=$((i + 1))
		sleep 0.2
	done | nc "${stream%:*}" "${stream##*:}" | while read -r line; do
		[ "$line" = stop ] && : >/stop
	done
	echo "nested: the stream to $stream ended"
) &
echo "NESTED-RUNNING"
until [ -e /stop ]; do
	sleep 0.2
done
kill "$pinger"
stats=/sys/class/net/$dev/statistics
now=
until [ -n "$now" ] && [ "$now" = "$before" ]; do
	before=$now
	sleep 1
	now="rx_packets=$(cat "$stats/rx_packets") tx_packets=$(cat "$stats/tx_packets")"
	now="$now rx_dropped=$(cat "$stats/rx_dropped") rx_errors=$(cat "$stats/rx_errors")"
done
echo "NESTED-STATS $now"
ethtool -S "$dev"
while :; do
	sleep 3600
done
