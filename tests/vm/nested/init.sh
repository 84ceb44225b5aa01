#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the nested guest (busybox sh).  Kernel command line:
#	ovnic.ip=ADDR/PREFIX	address for the NIC (default 10.0.0.2/24)
#	ovnic.ping=ADDR		target to ping; without it only the link is checked
#	ovnic.count=N		echo replies required (default 3)
# Prints NESTED-PING-OK or NESTED-PING-FAIL (NESTED-UP-OK / NESTED-UP-FAIL
# when there is no ping target), then powers off.

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
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case "$arg" in
	ovnic.ip=*) ip=${arg#*=} ;;
	ovnic.ping=*) target=${arg#*=} ;;
	ovnic.count=*) count=${arg#*=} ;;
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
ip addr add "$ip" dev "$dev" || result FAIL "cannot set $ip on $dev"
ip link set "$dev" up || result FAIL "cannot bring $dev up"
i=0
while [ "$(cat "/sys/class/net/$dev/carrier" 2>/dev/null)" != 1 ]; do
	[ "$i" -lt 100 ] || result FAIL "$dev has no carrier"
	sleep 0.1
	i=$((i + 1))
done
echo "nested: $dev up with $ip, mac $(cat "/sys/class/net/$dev/address")"
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
*" $count packets received"*) result OK "$count/$count replies from $target" ;;
*) result FAIL "lost replies from $target" ;;
esac
