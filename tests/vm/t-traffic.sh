#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two devices and the uplink, each in its own namespace, through
# virtio_vdpa: ping every pair both ways, a 1400-byte ping, iperf3 TCP
# between a device and the uplink and between the two devices, on the ring
# layout expected (packed, or split in run-all.sh's split pass), kicked
# with notification data that the card found true; the card's port
# counters (ethtool -S on the uplink) agree with the uplink netdev's.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

ovnic_load
load_mod virtio_vdpa
vdpa_add d0 mac 02:00:00:00:00:02
vdpa_add d1 mac 02:00:00:00:00:03 max_vqp 2
vdpa dev show
vdpa dev config show d0 | tee /tmp/cfg
grep -q "mac 02:00:00:00:00:02" /tmp/cfg || fail "config shows wrong mac"
grep -q "link up" /tmp/cfg || fail "config shows link not up"
three_ns
# Linux's virtio_ring takes packed rings when offered; the split pass hides them.
want=packed
[ "${OVNIC_RING:-}" = split ] && want=split
for d in d0 d1; do
	[ "$(ring_of $d)" = $want ] || fail "$d uses $(ring_of $d) rings, want $want"
done
log "ring layout: $want"

for pair in "up 10.0.0.2" "up 10.0.0.3" "a 10.0.0.1" "a 10.0.0.3" \
	    "b 10.0.0.1" "b 10.0.0.2"; do
	# shellcheck disable=SC2086
	ping_ok $pair
done
ping_ok a 10.0.0.1 -s 1400
ping_ok b 10.0.0.2 -s 1400
iperf_tcp up 10.0.0.1 a
iperf_tcp a 10.0.0.2 b
ip -n a -s link show dev "$A_DEV"

# virtio_vdpa rings with notification data (kick_vq_with_data) once
# NOTIFICATION_DATA is negotiated: the card checked every notification's
# data against its ring and found none ahead of it.
VC=$(cd "$(dirname "$0")/../.." && pwd)/vdpa-ctl/vdpa-ctl
for d in d0 d1; do
	f=$(cat /sys/bus/vdpa/devices/$d/virtio*/features)
	[ "${f:38:1}" = 1 ] || fail "$d did not negotiate NOTIFICATION_DATA"
	"$VC" -j dev stats show $d >/tmp/stats.json || fail "stats show $d"
	python3 - "$d" <<'PY' || fail "$d: notification data ahead of its rings"
import json, sys
d = sys.argv[1]
s = json.load(open("/tmp/stats.json"))["stats"][d]
print(d, {t: (s[t]["kicks"], s[t]["bad_notify"]) for t in ("rx", "tx", "ctrl")})
assert s["tx"]["kicks"] > 0 and s["ctrl"]["kicks"] > 0
assert all(s[t]["bad_notify"] == 0 for t in ("rx", "tx", "ctrl"))
PY
done

# What the card sent out of its port is what the uplink received, what it
# took in is what the uplink sent: each ip reading lies between two of the
# card's (neighbour traffic may move them meanwhile).
port_stat() {
	ip netns exec up ethtool -S ovnic0 | awk -v k="$1:" '$1 == k { print $2 }'
}
link_stat() {
	ip -n up -j -s link show dev ovnic0 |
		python3 -c "import json,sys; print(json.load(sys.stdin)[0]['stats64']['$1']['packets'])"
}
ip netns exec up ethtool -S ovnic0
for pair in "port_out_packets rx" "port_in_packets tx"; do
	set -- $pair
	before=$(port_stat "$1")
	uplink=$(link_stat "$2")
	after=$(port_stat "$1")
	log "$1: $before..$after, uplink $2 packets $uplink"
	[ -n "$before" ] && [ "$before" -gt 100 ] ||
		fail "$1 is '$before' after the traffic"
	[ "$before" -le "$uplink" ] && [ "$uplink" -le "$after" ] ||
		fail "$1 $before..$after disagrees with uplink $2 $uplink"
done
# A reset keeps every queue's counters, and the device's totals with them:
# after the guest's driver lets d1 (2 queue pairs) go, no total drops.
"$VC" -j dev stats show d1 scope queue >/tmp/queues.json || fail "queues d1"
"$VC" -j dev stats show d1 >/tmp/before.json || fail "stats show d1"
echo d1 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind d1"
"$VC" -j dev stats show d1 >/tmp/after.json || fail "stats show d1 after reset"
python3 - <<'PY' || fail "d1's totals dropped at its reset"
import json
q = json.load(open("/tmp/queues.json"))["stats"]["d1"]["queues"]
print("d1 pair 1:", [(x["queue"], x["packets"], x["kicks"]) for x in q
                     if x["queue"] in (2, 3)])
b, a = (json.load(open(f))["stats"]["d1"]
        for f in ("/tmp/before.json", "/tmp/after.json"))
for t in ("rx", "tx", "ctrl"):
    for k in ("packets", "bytes", "descs", "kicks", "interrupts"):
        assert a[t][k] >= b[t][k], (t, k, b[t][k], a[t][k])
print("d1 totals before/after reset:",
      {t: (b[t]["packets"], a[t]["packets"]) for t in ("rx", "tx")})
PY
exit 0
