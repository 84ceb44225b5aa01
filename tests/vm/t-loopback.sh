#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Loopback (vdpa-ctl dev link set DEV loopback on|off): with it on, what the
# guest's virtio_net sends through d0 comes back to d0 -- unicast to its own
# MAC and broadcast, each frame exactly once -- and reaches neither the
# uplink nor d1 (packet sockets there see none of it; the uplink's
# counters don't move with it), while the card counts it as sent and
# received; d0 is off the switch (pings both ways fail).  It survives the
# guest's reset (unbind and bind virtio_vdpa).  Off again, broadcasts from
# d0 reach the uplink and d1 and pings work.  Output (text, JSON, events),
# bad input (exit 2, state unchanged) and an unprivileged user.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

LB=$REPO/tests/vm/tools/loopback.py
MON=/tmp/mon.json
N=100

# card_ctr DEV GROUP COUNTER: the card's counter summed over DEV's queues.
card_ctr() {
	"$VC" -j dev stats show "$1" >/tmp/stats.json || fail "stats show $1"
	python3 -c 'import json, sys
print(json.load(open("/tmp/stats.json"))["stats"][sys.argv[1]][sys.argv[2]][sys.argv[3]])' "$@"
}

# rx_packets NS IFACE: the netdev's receive counter.
rx_packets() {
	ip netns exec "$1" cat "/sys/class/net/$2/statistics/rx_packets"
}

# send NS IFACE DST WANT: N marked frames to DST; WANT must come back.
send() {
	local got
	got=$(in_ns "$1" python3 "$LB" send "$2" "$3" "$N") || fail "send from $2 in $1"
	if [ "$got" != "$4" ]; then
		"$VC" dev stats show d0 >&2
		ip -n "$1" -s link show dev "$2" >&2
		fail "$2 sent $N frames to $3 and got $got back, want $4"
	fi
	log "$2 -> $3: $N sent, $got back"
}

# sniff_start / sniff_stop WANT_UP WANT_B: marked frames seen by the uplink
# (namespace up) and by d1 (namespace b) meanwhile.
sniff_start() {
	rm -f /tmp/sniff.*
	ip netns exec up python3 "$LB" sniff ovnic0 /tmp/sniff.up.ready /tmp/sniff.up &
	SNIFF_UP=$!
	ip netns exec b python3 "$LB" sniff "$B_DEV" /tmp/sniff.b.ready /tmp/sniff.b &
	SNIFF_B=$!
	wait_for '[ -e /tmp/sniff.up.ready ] && [ -e /tmp/sniff.b.ready ]' 30 ||
		fail "the sniffers did not start"
}

sniff_stop() {
	kill "$SNIFF_UP" "$SNIFF_B"
	wait "$SNIFF_UP" "$SNIFF_B" || fail "a sniffer failed"
	[ "$(cat /tmp/sniff.up)" = "$1" ] ||
		fail "the uplink saw $(cat /tmp/sniff.up) marked frames, want $1"
	[ "$(cat /tmp/sniff.b)" = "$2" ] ||
		fail "d1 saw $(cat /tmp/sniff.b) marked frames, want $2"
}

ovnic_load
load_mod virtio_vdpa
"$VC" -j monitor >"$MON" 2>/tmp/mon.err &
MON_PID=$!
for _ in $(seq 100); do
	run_to 30 vdpa dev add name sync0 mgmtdev ovnic0 || fail "dev add sync0"
	run_to 30 vdpa dev del sync0 || fail "dev del sync0"
	grep -q '"sync0"' "$MON" && break
	sleep 0.2
done
grep -q '"sync0"' "$MON" || { cat /tmp/mon.err; fail "the monitor saw no event"; }
mark=$(wc -l <"$MON")

vdpa_add d0 mac 02:00:00:00:00:0a
vdpa_add d1 mac 02:00:00:00:00:0b
three_ns
ping_ok a 10.0.0.1
ping_ok a 10.0.0.3

# ---- off by default; bad input changes nothing ------------------------------------
vc 0 -j dev link show d0
json 'j == {"link": {"d0": {"link": "up", "speed": 100000, "duplex": "full", "loopback": False}}}'
vc 2 dev link set d0 loopback maybe
err_is 'Error: loopback "maybe" is neither on nor off'
grep -q '^Usage: vdpa-ctl dev link set DEV \[ state { up | down } \] \[ loopback { on | off } \]$' "$ERR" ||
	fail "no usage after the error: $(cat "$ERR")"
vc 2 dev link set d0 state down loopback maybe
vc 2 dev link set d0 loopback
err_is 'Error: "loopback" needs a value'
vc 2 dev link set d0
err_is "Error: nothing to set: give state up|down or loopback on|off"
vc_nobody 1 dev link set d0 loopback on
err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
vc 0 dev link show d0
out_is "d0: link up speed 100000 duplex full loopback off"
log "bad input: exit 2, nothing changed"

# ---- on: d0 gets back what it sends, nobody else does -----------------------------
vc 0 dev link set d0 loopback on
[ ! -s "$ERR" ] || fail "link set printed: $(cat "$ERR")"
vc 0 dev link set d0 loopback on	# no change, no event
vc 0 dev link show d0
out_is "d0: link up speed 100000 duplex full loopback on"
vc_nobody 0 -j card show d0
json 'j["card"]["d0"]["loopback"] is True and j["card"]["d0"]["link"] == "up"'
vc 0 -j dev link show d1
json 'j["link"]["d1"]["loopback"] is False'

tx0=$(card_ctr d0 tx packets)
rx0=$(card_ctr d0 rx packets)
nd_rx0=$(rx_packets a "$A_DEV")
up_rx0=$(rx_packets up ovnic0)
sniff_start
send a "$A_DEV" self "$N"
send a "$A_DEV" ff:ff:ff:ff:ff:ff "$N"
sniff_stop 0 0
tx1=$(card_ctr d0 tx packets)
rx1=$(card_ctr d0 rx packets)
nd_rx1=$(rx_packets a "$A_DEV")
up_rx1=$(rx_packets up ovnic0)
log "card d0: tx +$((tx1 - tx0)) rx +$((rx1 - rx0)); $A_DEV rx_packets +$((nd_rx1 - nd_rx0)); ovnic0 rx_packets +$((up_rx1 - up_rx0))"
# the guest's own IPv6 chatter may come along, never less than what we sent
[ $((tx1 - tx0)) -ge $((2 * N)) ] || fail "the card counted $((tx1 - tx0)) sent"
[ $((rx1 - rx0)) -ge $((2 * N)) ] || fail "the card counted $((rx1 - rx0)) received"
[ $((rx1 - rx0)) -le $((tx1 - tx0)) ] || fail "d0 received more than it sent"
[ $((nd_rx1 - nd_rx0)) -ge $((2 * N)) ] || fail "$A_DEV counted $((nd_rx1 - nd_rx0)) received"
[ $((up_rx1 - up_rx0)) -lt "$N" ] || fail "the uplink received $((up_rx1 - up_rx0)) meanwhile"

# off the switch: no ping either way; the uplink's ARP and pings to d0 are dropped
filt0=$(card_ctr d0 rx drop_filtered)
in_ns a ping -q -c 3 -i 0.2 -W 1 10.0.0.1 >/dev/null 2>&1 && fail "d0 reached the uplink in loopback"
in_ns up ping -q -c 3 -i 0.2 -W 1 10.0.0.2 >/dev/null 2>&1 && fail "the uplink reached d0 in loopback"
[ "$(card_ctr d0 rx drop_filtered)" -gt "$filt0" ] || fail "nothing for d0 was dropped"
ping_ok b 10.0.0.1	# the others switch as before
log "loopback on: d0's frames came back to d0 only"

# ---- it survives the guest's reset --------------------------------------------------
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind d0"
vc 0 -j card show d0
json 'j["card"]["d0"]["loopback"] is True and j["card"]["d0"]["driver"] == "none"'
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind d0"
nd=$(netdev_of d0)
netns_move "$nd" a 10.0.0.2/24
A_DEV=$nd
vc 0 dev link show d0
out_is "d0: link up speed 100000 duplex full loopback on"
sniff_start
send a "$A_DEV" self "$N"
sniff_stop 0 0
log "loopback survived unbind and bind ($A_DEV now)"

# ---- off: normal switching again ----------------------------------------------------
vc 0 dev link set d0 loopback off
vc 0 -j dev link show d0
json 'j["link"]["d0"]["loopback"] is False'
ping_ok a 10.0.0.1
ping_ok up 10.0.0.2
ping_ok a 10.0.0.3
sniff_start
send a "$A_DEV" ff:ff:ff:ff:ff:ff 0	# floods to the others, not back
send a "$A_DEV" self 0			# never back where it came from
sniff_stop "$N" "$N"
log "loopback off: d0 switches again"

# ---- both at once, in either order ----------------------------------------------------
vc 0 dev link set d0 state down loopback on
vc 0 dev link show d0
out_is "d0: link down speed 100000 duplex full loopback on"
vc 0 dev link set d0 loopback off state up
vc 0 -j dev link show d0
json 'j["link"]["d0"]["link"] == "up" and j["link"]["d0"]["loopback"] is False'
ping_ok a 10.0.0.1

# ---- events ---------------------------------------------------------------------------
# shellcheck disable=SC2016 # expanded by wait_for's eval
wait_for '[ "$(tail -n +$((mark + 1)) "$MON" | grep -c link_change)" -ge 4 ]' 30 ||
	{ cat "$MON"; fail "monitor missed events"; }
kill "$MON_PID"
wait "$MON_PID" 2>/dev/null
tail -n +$((mark + 1)) "$MON" | grep '"link_change"' >/tmp/events.json
python3 - <<'EOF' || { cat /tmp/events.json; fail "wrong link events"; }
import json
ev = [json.loads(l) for l in open("/tmp/events.json")]
got = [(e["dev"], e["link"], e["loopback"]) for e in ev]
want = [("d0", "up", True), ("d0", "up", False), ("d0", "down", True), ("d0", "up", False)]
assert got == want, got
EOF
log "events: $(tr '\n' ' ' </tmp/events.json)"
vc 0 dev del d0
vc 0 dev del d1
log "ok"
exit 0
