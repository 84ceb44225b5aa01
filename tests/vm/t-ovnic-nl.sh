#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vdpa-ctl against the module's "ovnic" generic netlink family, with real
# devices: the card's view of each device (text and JSON, next to what
# iproute2's vdpa says); queue limits set while unbound and seen by the
# guest's virtio_net (ethtool -l/-g) and the vDPA core; link down and up
# seen by the guest (carrier, ethtool) with the card's drops; statistics
# per device and queue, next to the vdpa family's, and rates; NEEDS_RESET
# from a vhost-vdpa user that breaks a ring; every event in "vdpa-ctl
# monitor" (JSON and text); unknown devices; unprivileged reads and
# changes.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

MON=/tmp/mon.json

# ---- without the module --------------------------------------------------------
load_mod vdpa
vc 1 card show
err_is 'Error: generic netlink family "ovnic" not found: is the ovnic module loaded?'

# Once installed, a request to the family loads the module.
modinfo -F alias "$OVNIC_KO" | grep -qx 'net-pf-16-proto-16-family-ovnic' ||
	fail "ovnic.ko has no alias for its netlink family"

ovnic_load
# Two monitors, JSON and text, until the end.
"$VC" -j monitor >"$MON" 2>/tmp/mon.err &
MON_PID=$!
"$VC" monitor >/tmp/mon.txt 2>/tmp/mon-txt.err &
MON_TXT_PID=$!
# They have joined the group once they report a device coming and going.
for _ in $(seq 100); do
	run_to 30 vdpa dev add name sync0 mgmtdev ovnic0 || fail "dev add sync0"
	run_to 30 vdpa dev del sync0 || fail "dev del sync0"
	grep -q '"sync0"' "$MON" && grep -q ' sync0 ' /tmp/mon.txt && break
	sleep 0.2
done
grep -q '"sync0"' "$MON" && grep -q ' sync0 ' /tmp/mon.txt ||
	{ cat /tmp/mon.err /tmp/mon-txt.err; fail "a monitor saw no event"; }
log "monitors are listening"
mark=$(wc -l <"$MON")
mark_txt=$(wc -l </tmp/mon.txt)

# ---- the card's view of its devices ----------------------------------------------
vc 0 card show
[ ! -s "$OUT" ] || fail "card show without devices printed: $(cat "$OUT")"
vc 0 -j card show
json 'j == {"card": {}}'

vdpa_add d0 mac 02:00:00:00:00:0a max_vqp 4
vdpa_add d1
vc 0 -j card show d0
json 'j["card"]["d0"]["mgmtdev"] == "ovnic0" and j["card"]["d0"]["driver"] == "none"'
json 'j["card"]["d0"]["status"] == ["RESET"] and j["card"]["d0"]["link"] == "up"'
json 'j["card"]["d0"]["speed"] == 100000 and j["card"]["d0"]["duplex"] == "full"'
vc 0 card show d0
head -n 1 "$OUT" | grep -Eq '^d0: mgmtdev ovnic0 slot [0-9]+ driver none$' ||
	fail "card show text: $(cat "$OUT")"
grep -q '^  status RESET$' "$OUT" || fail "card show text: $(cat "$OUT")"
grep -q '^  link up speed 100000 duplex full loopback off$' "$OUT" || fail "card show text: $(cat "$OUT")"

# bound to virtio_vdpa: the driver, and the status it reached
load_mod virtio_vdpa
netdev_of d0 >/dev/null
netdev_of d1 >/dev/null
vc 0 -j card show
cp "$OUT" /tmp/card.json
json 'sorted(j["card"]) == ["d0", "d1"]'
json 'all(d["driver"] == "virtio_vdpa" for d in j["card"].values())'
json 'j["card"]["d0"]["status"] == ["ACKNOWLEDGE", "DRIVER", "FEATURES_OK", "DRIVER_OK"]'
json 'j["card"]["d0"]["slot"] != j["card"]["d1"]["slot"]'
vc 0 -p card show d1
json 'j["card"]["d1"]["driver"] == "virtio_vdpa"'
# the same devices as the vdpa family lists
vdpa -j dev show >/tmp/ip-dev.json || fail "iproute2 dev show"
python3 - <<'EOF' || fail "card show and vdpa dev show list other devices"
import json
a = json.load(open("/tmp/card.json"))["card"]
b = json.load(open("/tmp/ip-dev.json"))["dev"]
assert sorted(a) == sorted(b), (a, b)
for d in a:
    assert a[d]["mgmtdev"] == b[d]["mgmtdev"], (d, a[d], b[d])
EOF

# reads need no privilege
vc_nobody 0 -j card show d0
json 'j["card"]["d0"]["driver"] == "virtio_vdpa"'

# ---- errors ----------------------------------------------------------------------
vc 1 card show nosuch
err_is 'Error: no vDPA device "nosuch"'
vc 1 -j card show nosuch
[ "$(cat "$OUT")" = '{"card":{}}' ] || fail "JSON after an error: $(cat "$OUT")"
vc 2 card show d0 extra
vc 2 card shw

# ---- queues: limits offered to the next driver ------------------------------------
nd=$(netdev_of d0)
vc 0 -j dev queue show d0
json 'j["queue"]["d0"]["max_pairs"] == 4 and j["queue"]["d0"]["max_pairs_limit"] == 4'
json 'j["queue"]["d0"]["max_size"] == j["queue"]["d0"]["max_size_limit"] == 1024'
ncpu=$(nproc)
want_pairs=$((ncpu < 4 ? ncpu : 4))
json "j['queue']['d0']['pairs'] == $want_pairs"	# virtio_net uses one pair per CPU
combined() {	# combined NETDEV: pre-set maximum and current
	ethtool -l "$1" | awk '/^Pre-set/ {p = 1} /^Current/ {p = 0; c = 1}
		/^Combined:/ {print $2}' | tr '\n' ' '
}
[ "$(combined "$nd")" = "4 $want_pairs " ] || fail "ethtool -l $nd: $(ethtool -l "$nd")"
vc 1 dev queue set d0 max_pairs 2
err_is "Error: d0 is bound to virtio_vdpa: unbind it first"
vc_nobody 1 dev queue set d0 max_pairs 2
err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind d0"
vc 1 dev queue set d0 max_pairs 5
err_is "Error: more queue pairs than the 4 provisioned at dev add"
vc 1 dev queue set d0 max_size 1000
err_is "Error: the ring size must be a power of 2"
vc 1 dev queue set d0 max_size 2048
err_is "Error: ring size above the card's 1024"
vc 2 dev queue set d0
vc 0 dev queue set d0 max_pairs 2 max_size 256
vc 0 dev queue show d0
[ "$(cat "$OUT")" = "d0: max_pairs 2 max_pairs_limit 4 pairs 1 max_size 256 max_size_limit 1024" ] ||
	fail "queue show: $(cat "$OUT")"
# what the vDPA core reports: the same limits
vdpa -j dev show d0 >/tmp/ip.json
python3 -c 'import json; d = json.load(open("/tmp/ip.json"))["dev"]["d0"]
assert d["max_vq_size"] == 256, d' || fail "vdpa dev show: $(cat /tmp/ip.json)"
vdpa -j dev config show d0 >/tmp/ip.json
python3 -c 'import json; d = json.load(open("/tmp/ip.json"))["config"]["d0"]
assert d["max_vq_pairs"] == 2, d' || fail "vdpa dev config show: $(cat /tmp/ip.json)"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind d0"
nd=$(netdev_of d0)
want_pairs=$((ncpu < 2 ? ncpu : 2))
[ "$(combined "$nd")" = "2 $want_pairs " ] || fail "ethtool -l $nd after queue set: $(ethtool -l "$nd")"
ethtool -g "$nd" | awk '/^Pre-set/ {p = 1} /^Current/ {p = 0} p && /^RX:/ {print $2}' >/tmp/ring
[ "$(cat /tmp/ring)" = 256 ] || fail "ethtool -g $nd: $(ethtool -g "$nd")"
vc 0 -j dev queue show d0
json "j['queue']['d0']['pairs'] == $want_pairs and j['queue']['d0']['max_size'] == 256"
log "queues: d0 offers 2 pairs of 256-entry rings, its driver uses $want_pairs"

# ---- link: carrier in the guest, drops on the card ---------------------------------
three_ns
ping_ok a 10.0.0.3
vc 0 -j dev link show d0
json 'j == {"link": {"d0": {"link": "up", "speed": 100000, "duplex": "full", "loopback": False}}}'
ip netns exec a ethtool "$A_DEV" >/tmp/ethtool.txt
grep -q "Speed: 100000Mb/s" /tmp/ethtool.txt && grep -q "Duplex: Full" /tmp/ethtool.txt ||
	fail "the guest sees another speed or duplex: $(cat /tmp/ethtool.txt)"
vc 0 -j dev stats show d0
rx_before=$(python3 -c 'import json; print(json.load(open("/tmp/vc.out"))["stats"]["d0"]["rx"]["drop_filtered"])')
vc_nobody 1 dev link set d0 state down
err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
vc 0 dev link set d0 state down
[ ! -s "$ERR" ] || fail "link set printed: $(cat "$ERR")"
# shellcheck disable=SC2016 # expanded by wait_for's eval
wait_for '[ "$(ip netns exec a cat /sys/class/net/$A_DEV/carrier)" = 0 ]' 30 ||
	fail "the guest's $A_DEV kept its carrier"
ip -n a link show dev "$A_DEV" | grep -q NO-CARRIER || fail "ip link: $(ip -n a link show dev "$A_DEV")"
vdpa dev config show d0 | grep -q "link down" || fail "vdpa dev config show: $(vdpa dev config show d0)"
vc 0 dev link show d0
[ "$(cat "$OUT")" = "d0: link down speed 100000 duplex full loopback off" ] || fail "link show: $(cat "$OUT")"
vc 0 dev link set d0 state down	# no change, no event
# the card drops what d0 would receive meanwhile, and counts it (the
# guest sends nothing without carrier)
in_ns b ping -q -c 5 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1 && fail "ping through a link that is down"
vc 0 -j dev stats show d0
json "j['stats']['d0']['rx']['drop_filtered'] >= $rx_before + 5"
vc 0 dev link set d0 state up
# shellcheck disable=SC2016 # expanded by wait_for's eval
wait_for '[ "$(ip netns exec a cat /sys/class/net/$A_DEV/carrier)" = 1 ]' 30 ||
	fail "the guest's $A_DEV got no carrier back"
ping_ok a 10.0.0.3
log "link: down and up seen by the guest"

# ---- statistics ---------------------------------------------------------------------
vc 0 dev stats show d0
grep -Eq '^  rx packets [1-9][0-9]* bytes ' "$OUT" && grep -Eq '^  tx packets [1-9]' "$OUT" &&
	grep -Eq '^  ctrl packets [1-9]' "$OUT" || fail "stats text: $(cat "$OUT")"
# the per-queue counters sum to the device's, and match the vdpa family's
vc 0 -j dev stats show d0 scope queue
cp "$OUT" /tmp/queues.json
vc 0 -j dev stats show d0
cp "$OUT" /tmp/sums.json
vc 0 -j dev stats show d0 qidx 1
cp "$OUT" /tmp/q1.json
# the vdpa family's vendor statistics of the same queue (iproute2 6.1's JSON
# repeats keys, so vdpa-ctl's "dev vstats show" reads them)
"$VC" -j dev vstats show d0 qidx 1 >/tmp/ip-vs.json || fail "dev vstats show"
python3 - <<'EOF' || fail "per-queue statistics disagree"
import json
qs = json.load(open("/tmp/queues.json"))["stats"]["d0"]["queues"]
sums = json.load(open("/tmp/sums.json"))["stats"]["d0"]
q1 = json.load(open("/tmp/q1.json"))["stats"]["d0"]["queues"]
assert [q["queue"] for q in qs] == list(range(9)), qs
types = [q["type"] for q in qs]
assert types[:5] == ["rx", "tx", "rx", "tx", "ctrl"] and set(types[5:]) == {"unused"}, types
assert len(q1) == 1 and q1[0]["queue"] == 1 and q1[0]["type"] == "tx", q1
# read one after the other while some IPv6 noise may flow: never less later
for t in ("rx", "tx", "ctrl"):
    for k in ("packets", "bytes", "drop_filtered"):
        s = sum(q[k] for q in qs if q["type"] == t)
        assert sums[t][k] >= s, (t, k, sums[t][k], s)
v = {p["name"]: p["value"] for p in json.load(open("/tmp/ip-vs.json"))["vstats"]["d0"]["vendor_stats"]}
assert v["packets"] >= q1[0]["packets"] >= qs[1]["packets"], (v, q1, qs[1])
assert qs[4]["packets"] > 0, qs[4]	# the control queue's commands
EOF
# rates, while d0 pings for a few seconds
in_ns a ping -q -c 40 -i 0.1 10.0.0.3 >/dev/null 2>&1 &
PING_PID=$!
vc 0 -j dev stats show d0 interval 2
wait "$PING_PID" || fail "ping during stats interval"
json 'j["rates"]["d0"]["interval_ms"] >= 2000 and j["rates"]["d0"]["tx"]["packets"] > 0'
vc 0 dev stats show interval 0.5
head -n 1 "$OUT" | grep -Eq '^d0: interval_ms [0-9]+$' || fail "rates text: $(cat "$OUT")"
vc 0 -j dev stats show
json 'sorted(j["stats"]) == ["d0", "d1"]'
vc 1 dev stats show d0 qidx 9
err_is "Error: the device has queues 0 to 8"
vc 2 dev stats show qidx 1
vc_nobody 0 -j dev stats show d1 scope queue
json 'len(j["stats"]["d1"]["queues"]) == 3'
log "statistics ok"

# ---- NEEDS_RESET: a vhost-vdpa user that breaks a ring ------------------------------
cc -O2 -Wall -o /tmp/vhost-break "$REPO/tests/vm/tools/vhost-break.c" || fail "cc vhost-break"
load_mod vhost_vdpa
vdpa_add dbrk
echo dbrk >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind dbrk"
echo dbrk >/sys/bus/vdpa/drivers/vhost_vdpa/bind || fail "bind dbrk to vhost_vdpa"
vc 0 -j card show dbrk
json 'j["card"]["dbrk"]["driver"] == "vhost_vdpa"'
vhdev=$(basename /sys/bus/vdpa/devices/dbrk/vhost-vdpa-*)
wait_for "[ -e /dev/$vhdev ]" 10 || fail "no /dev/$vhdev"
run_to 60 /tmp/vhost-break "/dev/$vhdev" || fail "vhost-break saw no NEEDS_RESET"
vc 0 -j dev stats show dbrk qidx 1
log "dbrk after vhost-break: $(cat "$OUT")"
vc 0 dev del dbrk

# ---- events: what happened since the mark ------------------------------------------
vc 0 dev del d1
ovnic_unload	# deletes d0: an event too, then the family is gone
wait_for "[ \$(wc -l <$MON) -ge $((mark + 10)) ]" 30 ||
	{ cat "$MON"; fail "monitor missed events"; }
wait_for "[ \$(wc -l </tmp/mon.txt) -ge $((mark_txt + 10)) ]" 30 ||
	{ cat /tmp/mon.txt; fail "text monitor missed events"; }
kill "$MON_PID" "$MON_TXT_PID"
wait "$MON_PID" "$MON_TXT_PID" 2>/dev/null
tail -n +$((mark + 1)) "$MON" >/tmp/events.json
python3 - <<'EOF' || { cat /tmp/events.json; fail "wrong events"; }
import json
ev = [json.loads(l) for l in open("/tmp/events.json")]
want = [("dev_add", "d0"), ("dev_add", "d1"), ("policy_change", "d0"),
        ("link_change", "d0"), ("link_change", "d0"), ("dev_add", "dbrk"),
        ("needs_reset", "dbrk"), ("dev_del", "dbrk"), ("dev_del", "d1"),
        ("dev_del", "d0")]
got = [(e["event"], e["dev"]) for e in ev]
assert got == want, got
assert all(e["mgmtdev"] == "ovnic0" for e in ev), ev
assert ev[2]["policy"] == "queues", ev[2]
assert [ev[3]["link"], ev[4]["link"]] == ["down", "up"], ev[3:5]
assert ev[3]["loopback"] is False and ev[4]["loopback"] is False, ev[3:5]
assert "NEEDS_RESET" in ev[6]["status"] and "DRIVER_OK" in ev[6]["status"], ev[6]
EOF
log "events: $(tr '\n' ' ' </tmp/events.json)"
tail -n +$((mark_txt + 1)) /tmp/mon.txt >/tmp/events.txt
diff -u - /tmp/events.txt <<'EOF' || fail "text events differ"
dev_add dev d0 mgmtdev ovnic0
dev_add dev d1 mgmtdev ovnic0
policy_change dev d0 mgmtdev ovnic0 policy queues
link_change dev d0 mgmtdev ovnic0 link down loopback off
link_change dev d0 mgmtdev ovnic0 link up loopback off
dev_add dev dbrk mgmtdev ovnic0
needs_reset dev dbrk mgmtdev ovnic0 status ACKNOWLEDGE DRIVER FEATURES_OK DRIVER_OK NEEDS_RESET
dev_del dev dbrk mgmtdev ovnic0
dev_del dev d1 mgmtdev ovnic0
dev_del dev d0 mgmtdev ovnic0
EOF

vc 1 card show
err_is 'Error: generic netlink family "ovnic" not found: is the ovnic module loaded?'
log "ok"
exit 0
