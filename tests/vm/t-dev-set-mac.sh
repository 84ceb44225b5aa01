#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# "vdpa dev set DEV mac M" (Debian 12's iproute2 has no "dev set": vdpa-ctl
# sends the same VDPA_CMD_DEV_ATTR_SET).  The card moves the device's MAC
# ownership and forwarding: "dev config show" and a virtio_vdpa netdev
# created afterwards show the new address, traffic to it reaches the
# device, traffic to the old one doesn't, and the old one is free for
# another device.  Refusals: multicast and zero (the vDPA core, with its
# extended ack), another port's address (the card: EEXIST and a kernel log
# line), an unknown device; none changes anything.  A change under a live
# driver reaches config space.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

OLD=02:00:00:00:00:10
NEW=02:00:00:00:00:20
D1=02:00:00:00:00:11

ovnic_load
# no bus driver yet: the devices wait unbound
vdpa_add d0 mac $OLD
vdpa_add d1 mac $D1

# cfg_mac DEV: the MAC in DEV's config space, as "vdpa dev config show" says.
cfg_mac() {
	run_to 10 vdpa -j dev config show "$1" >/tmp/cfg.json ||
		fail "vdpa dev config show $1"
	python3 -c 'import json, sys
print(json.load(open("/tmp/cfg.json"))["config"][sys.argv[1]]["mac"])' "$1"
}

# must_fail WHY ERROR LOG ARGS...: "vdpa-ctl dev set ARGS" must fail with
# first error line ERROR, and the kernel log gain a line matching LOG (ERE,
# "-" for none); d0 and d1 keep their addresses.
must_fail() {
	local why=$1 want=$2 klog=$3 before
	shift 3
	before=$(dmesg | wc -l)
	vc 1 dev set "$@"
	err_is "$want"
	if [ "$klog" != - ] &&
	   ! dmesg | tail -n +"$((before + 1))" | grep -Eq "$klog"; then
		dmesg | tail -n +"$((before + 1))" >&2
		fail "dev set $* ($why): no kernel log line /$klog/"
	fi
	[ "$(cfg_mac d1)" = $D1 ] || fail "dev set $* ($why) changed d1"
	log "refused ($why): $(head -1 "$ERR")"
}

vc 0 dev set d0 mac $NEW
[ "$(cfg_mac d0)" = $NEW ] || fail "config shows $(cfg_mac d0), want $NEW"
log "d0: $OLD -> $NEW in config space"

must_fail "multicast" "Error: vdpa: Invalid MAC address" - d1 mac 01:00:5e:00:00:01
must_fail "broadcast" "Error: vdpa: Invalid MAC address" - d1 mac ff:ff:ff:ff:ff:ff
must_fail "zero" "Error: vdpa: Invalid MAC address" - d1 mac 00:00:00:00:00:00
must_fail "another device's" "Error: File exists" \
	"d1: MAC $NEW is another port's on the card" d1 mac $NEW
must_fail "unknown device" "Error: vdpa: device not found" - nosuch mac 02:00:00:00:00:30
vc 2 dev set d1 mac 02:00:00:00:00
log "refused (not a MAC): $(head -1 "$ERR")"
# the old address is nobody's now: d1 may have it, and give it back
vc 0 dev set d1 mac $OLD
vc 0 dev set d1 mac $D1
[ "$(cfg_mac d0)" = $NEW ] || fail "d0 changed"

# the netdev virtio_vdpa creates now has the new address
load_mod virtio_vdpa
a=$(netdev_of d0)
[ "$(cat /sys/class/net/"$a"/address)" = $NEW ] ||
	fail "$a has $(cat /sys/class/net/"$a"/address), want $NEW"
netns_move ovnic0 up 10.0.0.1/24
netns_move "$a" a 10.0.0.2/24
ping_ok up 10.0.0.2
# Frames of a local experimental EtherType from the uplink, 20 to each
# address, counted on d0's netdev by destination (a packet socket: d0
# stays non-promiscuous, so only what the card delivers as d0's counts).
cat >/tmp/ethx.py <<'PY'
import socket, sys, time
ETH_P = 0x88b5
mode, dev = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P))
s.bind((dev, ETH_P if mode == "recv" else 0))
if mode == "send":
    src = s.getsockname()[4]
    for dst in sys.argv[3:]:
        for i in range(20):
            s.send(bytes.fromhex(dst.replace(":", "")) + src +
                   ETH_P.to_bytes(2, "big") + bytes(50))
            time.sleep(0.01)
    sys.exit(0)
s.settimeout(0.2)
seen = {}
open("/tmp/ethx.ready", "w").close()
end = time.time() + float(sys.argv[3])
while time.time() < end:
    try:
        f = s.recv(2048)
    except socket.timeout:
        continue
    d = ":".join("%02x" % b for b in f[:6])
    seen[d] = seen.get(d, 0) + 1
for d, n in sorted(seen.items()):
    print(d, n)
PY
rm -f /tmp/ethx.ready
ip netns exec a python3 /tmp/ethx.py recv "$a" 8 >/tmp/ethx.out &
recv=$!
wait_for '[ -e /tmp/ethx.ready ]' 10 || fail "receiver did not start"
in_ns up python3 /tmp/ethx.py send ovnic0 $OLD $NEW || fail "sender"
wait $recv || fail "receiver"
cat /tmp/ethx.out
grep -q "^$NEW 20$" /tmp/ethx.out || fail "d0 did not get the 20 frames to $NEW"
grep -q "^$OLD " /tmp/ethx.out && fail "d0 got frames to its old address $OLD"
log "traffic: to $NEW reaches d0, to $OLD doesn't"

# under a live driver: config space follows (the netdev keeps its address)
b=$(netdev_of d1)
vc 0 dev set d1 mac 02:00:00:00:00:21
[ "$(cfg_mac d1)" = 02:00:00:00:00:21 ] || fail "d1: config shows $(cfg_mac d1)"
log "d1 under virtio_vdpa ($b): config space shows 02:00:00:00:00:21"
log "PASS"
