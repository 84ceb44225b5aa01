#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-args: --mem 2048
#
# Live migration with QEMU's default vhost-vdpa mode: the data path stays on
# the card until migration starts.  Two cards stand for two hosts, their
# uplinks bridged onto one segment with the far end (10.0.0.1).  A nested
# guest (2 queue pairs) runs on device d0 of card 0, a second QEMU
# waits with -incoming on d1 of card 1; both devices are provisioned with
# vdpa-ctl's "migratable" profile.  The guest pings the far end and streams
# over TCP while QMP migrates it (nested/migrate.py).
#
# Checked: QEMU sees no migration blocker; the migration completes; ping and
# the TCP stream go on; every frame the guest sent or received went through
# one of the two devices exactly once (the guest's counters against the sum
# of the cards'); card 1 holds what QEMU replayed through the shadowed
# control queue: the address the guest set, two queue pairs and a receive
# filter that is no longer promiscuous.  Reported: downtime and pings lost.
# Then a device with the card's every feature: QEMU must refuse to migrate.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

NIC_MAC=52:54:00:0e:5e:02
GUEST_MAC=52:54:00:0e:5e:12
FOREIGN_MAC=02:00:00:00:00:99
PAIRS=${MIGRATE_PAIRS:-2}
# t-migrate-svq.sh: every ring shadowed from the start (",x-svq=on").
NETDEV_OPTS=${MIGRATE_NETDEV_OPTS:-}
NESTED=$REPO/tests/vm/nested

qemu_major=$(qemu-system-x86_64 --version | sed -n 's/^QEMU emulator version \([0-9]*\).*/\1/p')
[ "${qemu_major:-0}" -ge 10 ] ||
	fail "QEMU $qemu_major migrates vhost-vdpa only with x-svq=on: make setup installs 10.0"

# queue_packets DEV QIDX: the card's frame counter of DEV's queue QIDX.  The
# device totals follow the queue layout the driver negotiated, which a reset
# takes back to one pair: after the source QEMU is gone, d0's second pair
# counts only queue by queue.
queue_packets() {
	"$VC" -j dev stats show "$1" qidx "$2" >/tmp/stats.json ||
		fail "stats show $1 qidx $2"
	python3 -c 'import json, sys
print(json.load(open("/tmp/stats.json"))["stats"][sys.argv[1]]["queues"][0]["packets"])' "$1"
}

# dir_packets DEV Q: DEV's frames in direction Q (0 receive, 1 send),
# queue by queue.
dir_packets() {
	local n=0 i
	for ((i = $2; i < 2 * PAIRS; i += 2)); do
		n=$((n + $(queue_packets "$1" $i)))
	done
	echo "$n"
}

# json_field FILE KEY: a field of migrate.py's result.
json_field() {
	python3 -c 'import json, sys; print(json.load(open(sys.argv[1])).get(sys.argv[2], ""))' "$1" "$2"
}

ovnic_load num_cards=2
load_mod vhost_vdpa
load_mod bridge
wait_for '[ -e /sys/class/net/ovnic1 ]' 10 || fail "no uplink of card 1"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

vc 0 dev add name d0 mgmtdev ovnic0 mac "$NIC_MAC" max_vqp "$PAIRS" profile migratable
vc 0 dev add name d1 mgmtdev ovnic1 mac "$NIC_MAC" max_vqp "$PAIRS" profile migratable
# The host lets the guest use the address it sets, on both cards: the
# destination's policy must allow what the source's allowed.  Trusted, a
# device may also take unicast for addresses nobody owns, when its receive
# filter does: that shows the filter QEMU replays on d1 (below).
vc 0 dev mac set d0 allow "$NIC_MAC,$GUEST_MAC" trust on
vc 0 dev mac set d1 allow "$NIC_MAC,$GUEST_MAC" trust on
vc 0 -j dev config show d0
for f in VERSION_1 ACCESS_PLATFORM CTRL_VQ MQ CTRL_MAC_ADDR CTRL_RX RSS; do
	json "'$f' in j['config']['d0']['dev_features']"
done
for f in INDIRECT_DESC GUEST_ANNOUNCE NOTF_COAL DEVICE_STATS HASH_TUNNEL CTRL_VLAN; do
	json "'$f' not in j['config']['d0']['dev_features']"
done
src=$(vhost_node d0)
dst=$(vhost_node d1)

ip link add br0 type bridge || fail "no bridge"
ip link set ovnic0 master br0 && ip link set ovnic1 master br0 || fail "bridge ports"
ip addr add 10.0.0.1/24 dev br0
for l in ovnic0 ovnic1 br0; do
	ip link set "$l" up
done

# No ARP from this side to the guest: the frame counts below must be quiet.
ip neigh replace 10.0.0.2 lladdr "$GUEST_MAC" dev br0 nud permanent
initrd=/tmp/nested-initramfs.cpio
timeout 120 "$NESTED/build-initramfs.sh" "$initrd" || fail "nested initramfs"

log "migrating the nested guest from d0 ($src) to d1 ($dst)"
res=$OVNIC_VM_OUT/migrate.json
python3 "$NESTED/migrate.py" --src "$src" --dst "$dst" --mac "$NIC_MAC" --pairs "$PAIRS" \
	--guest-mac "$GUEST_MAC" --initrd "$initrd" --outdir "$OVNIC_VM_OUT" \
	--netdev-opts "$NETDEV_OPTS" >"$res" || { cat "$res"; fail "live migration"; }
cat "$res"
dst_pid=$(json_field "$res" dst_pid)
log "downtime: QEMU says $(json_field "$res" qemu_downtime_ms) ms," \
	"the largest gap in ping replies (every 100 ms) was" \
	"$(json_field "$res" ping_max_gap_ms) ms; $(json_field "$res" pings_lost) pings lost;" \
	"migration took $(json_field "$res" qemu_total_ms) ms"

log "control commands served: d0 $(queue_packets d0 $((2 * PAIRS))), d1 $(queue_packets d1 $((2 * PAIRS)))"
# Every frame exactly once: the guest's counters against both devices'
# together (even queues receive, odd ones send).
for dir in tx:1 rx:0; do
	q=${dir#*:}
	dir=${dir%:*}
	guest=$(json_field "$res" "guest_${dir}_packets")
	card=0
	for d in d0 d1; do
		n=$(dir_packets $d "$q")
		log "$dir: $d $n frames"
		card=$((card + n))
	done
	log "$dir: the guest counted $guest frames, the cards $card"
	[ "$card" = "$guest" ] ||
		fail "$dir: the guest counted $guest frames, d0 and d1 $card" \
			"(the guest dropped $(json_field "$res" guest_rx_dropped)," \
			"errors $(json_field "$res" guest_rx_errors))"
done
[ "$(dir_packets d1 0)" -gt 0 ] && [ "$(dir_packets d1 1)" -gt 0 ] ||
	fail "d1 carried no traffic after the migration"

# What QEMU replayed on card 1's device.
vc 0 -j dev mac show d1
json "j['mac']['d1']['mac'] == '$GUEST_MAC'"
vc 0 -j card show d1
json "j['card']['d1']['pairs'] == $PAIRS"
# A device is promiscuous after a reset until its driver says otherwise:
# without the replayed RX_PROMISC 0, d1 would take these.
got=$(dir_packets d1 0)
ip neigh replace 10.0.0.99 lladdr "$FOREIGN_MAC" dev br0 nud permanent
ping -q -c 5 -i 0.2 -W 1 10.0.0.99 >/dev/null 2>&1 || true
sleep 1
[ "$(dir_packets d1 0)" = "$got" ] ||
	fail "d1 took frames for another address: its receive filter was not replayed"

kill "$dst_pid" 2>/dev/null
wait_for "! kill -0 $dst_pid 2>/dev/null" 30 || fail "destination QEMU did not stop"

# A device offering what QEMU's shadow rings cannot carry blocks migration
# (once is enough: t-migrate-svq.sh stops here).
vc 0 dev del d0
vc 0 dev del d1
[ -z "$NETDEV_OPTS" ] || exit 0
vc 0 dev add name d0 mgmtdev ovnic0 mac "$NIC_MAC" max_vqp 2
python3 "$NESTED/migrate.py" --src "$(vhost_node d0)" --mac "$NIC_MAC" \
	--initrd "$initrd" --outdir "$OVNIC_VM_OUT" --expect-blocked >"$res" ||
	{ cat "$res"; fail "QEMU would migrate a device it cannot carry"; }
log "the card's every feature: $(json_field "$res" blocked_reasons)"
vc 0 dev del d0
exit 0
