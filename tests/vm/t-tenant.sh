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
#
# Then MAC ownership (vdpa-ctl mac): d0 and d1 under virtio_vdpa in
# namespaces a and b, the uplink -- the tenants' gateway -- in namespace up.
# d1's driver can't take d0's or the gateway's address (ip link set address
# fails), and what d0 sends to the gateway never reaches d1, even with d1
# promiscuous and the gateway's address in d1's unicast filter.  An address
# the host allows d1 becomes d1's (ip link set address works, traffic to it
# reaches d1, nobody else may be allowed it); taken back, it is nobody's.
# Trusted, d1's driver claims free addresses until its reset.  With
# spoofchk on, frames d1 sends from an address it doesn't own are dropped
# and counted (drop_spoofed).  Bad input, refusals of the kernel and of the
# card, an unprivileged user, and the policy_change events.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

cc -O2 -Wall -o /tmp/vhost-phys "$REPO/tests/vm/tools/vhost-phys.c" ||
	fail "cc vhost-phys"

# counter DEV GROUP NAME: the card's counter of DEV (rx, tx or ctrl group).
counter() {
	"$VC" -j dev stats show "$1" >/tmp/stats.json || fail "stats show $1"
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
log "physical addresses: ok"

# ==== MAC ownership ====================================================================
LB=$REPO/tests/vm/tools/loopback.py
MON=/tmp/mon.json
N=20
D0=02:00:00:00:00:0a
D1=02:00:00:00:00:0b
M=02:00:00:00:66:01		# an address the host allows d1
# nobody's: d1 forges it.  Not the gateway's: the card learns a source
# it drops as spoofed (a firmware bug, reported), which would send the
# gateway's traffic to d1 for the rest of the test.
S=02:00:00:00:66:66

# mac_of NS IFACE: IFACE's address.
mac_of() {
	ip netns exec "$1" cat "/sys/class/net/$2/address"
}

# frames NS IFACE SRC DST N: N frames marked as loopback.py marks them
# (its sniffers count them), from SRC ("own": IFACE's address) to DST.
frames() {
	in_ns "$1" python3 - "$2" "$3" "$4" "$5" <<-'EOF' || fail "cannot send from $2 in $1"
	import socket, sys
	iface, src, dst, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
	if src == "own":
	    src = open("/sys/class/net/%s/address" % iface).read().strip()
	mac = lambda m: bytes.fromhex(m.replace(":", ""))
	s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
	s.bind((iface, 0))
	for i in range(n):
	    s.send(mac(dst) + mac(src) + b"\x88\xb5" +
	           (b"ovnic-loopback tenant %d" % i).ljust(46, b"\0"))
	EOF
}

# sniff_start: count the marked frames the uplink, d0 and d1 receive.
sniff_start() {
	local ns dev
	rm -f /tmp/sniff.*
	SNIFF=()
	for ns in up a b; do
		case $ns in
		up) dev=ovnic0 ;;
		a) dev=$A_DEV ;;
		b) dev=$B_DEV ;;
		esac
		ip netns exec "$ns" python3 "$LB" sniff "$dev" "/tmp/sniff.$ns.ready" \
			"/tmp/sniff.$ns" &
		SNIFF+=("$!")
	done
	wait_for '[ -e /tmp/sniff.up.ready ] && [ -e /tmp/sniff.a.ready ] &&
		  [ -e /tmp/sniff.b.ready ]' 30 || fail "the sniffers did not start"
}

# sniff_stop UP A B: what the uplink, d0 and d1 must have seen since sniff_start.
sniff_stop() {
	local got
	sleep 1		# frames still on their way
	kill "${SNIFF[@]}"
	wait "${SNIFF[@]}" || fail "a sniffer failed"
	got="$(cat /tmp/sniff.up) $(cat /tmp/sniff.a) $(cat /tmp/sniff.b)"
	[ "$got" = "$*" ] ||
		fail "marked frames seen by the uplink, d0, d1: $got; want $*"
}

# addr_refused ADDR: d1's driver may not take ADDR (the card refuses its
# MAC_ADDR_SET, virtio_net says EINVAL).
addr_refused() {
	if ip -n b link set dev "$B_DEV" address "$1" 2>/tmp/ip.err; then
		fail "d1's driver took $1"
	fi
	grep -q "Invalid argument" /tmp/ip.err ||
		fail "ip link set address $1: $(cat /tmp/ip.err)"
}

# mac_json EXPR [DEV=d1]: EXPR over DEV's "mac show" as m.
mac_json() {
	vc 0 -j dev mac show "${2:-d1}"
	json "(lambda m: $1)(j['mac']['${2:-d1}'])"
}

# d1_rebind: d1 reset by its driver (unbind, bind); its netdev back in b.
d1_rebind() {
	echo d1 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind d1"
	echo d1 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind d1"
	B_DEV=$(netdev_of d1)
	netns_move "$B_DEV" b 10.0.0.3/24
}

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

vdpa_add d0 mac "$D0"
vdpa_add d1 mac "$D1"
rebind d0 virtio_vdpa
rebind d1 virtio_vdpa
three_ns
ping_ok a 10.0.0.1	# the card learns the gateway's address at the uplink
ping_ok b 10.0.0.1
GW=$(mac_of up ovnic0)

# ---- the defaults: the provisioned address only ------------------------------------------
vc 0 dev mac show d1
out_is "d1: mgmtdev ovnic0 mac $D1 trust off spoofchk auto spoofchk_active no
  allowed none
  claimed none"
mac_json "m == {'mgmtdev': 'ovnic0', 'mac': '$D1', 'trust': False, 'spoofchk': 'auto',
	     'spoofchk_active': False, 'allowed': [], 'claimed': []}"
vc_nobody 0 -j dev mac show
json "sorted(j['mac']) == ['d0', 'd1'] and j['mac']['d0']['mac'] == '$D0'"

# ---- d1's driver can't take d0's address, the gateway's, or one not allowed -------------
err0=$(counter d1 ctrl ctrl_errors)
addr_refused "$D0"
addr_refused "$GW"
addr_refused "$M"
[ "$(mac_of b "$B_DEV")" = "$D1" ] || fail "d1's netdev address changed"
[ "$(counter d1 ctrl ctrl_errors)" -ge $((err0 + 3)) ] ||
	fail "the card did not refuse d1's MAC_ADDR_SET"
mac_json "m['mac'] == '$D1'"
log "d1's driver can't take $D0 (d0), $GW (gateway) or $M"

# ---- d0's traffic to the gateway reaches the uplink, never d1 ---------------------------
# gw_frames: N marked frames from d0 to the gateway: all to the uplink, none to d1.
gw_frames() {
	sniff_start
	frames a "$A_DEV" own "$GW" "$N"
	sniff_stop "$N" 0 0
	ping_ok a 10.0.0.1
}

# rx_mode_sent CMD...: run CMD, then wait for d1's driver to program the
# card (virtio_net sends its receive mode and MAC table from a work item).
rx_mode_sent() {
	local cmds
	# shellcheck disable=SC2034 # read by wait_for's eval
	cmds=$(counter d1 ctrl packets)
	"$@" || fail "$*"
	# shellcheck disable=SC2016 # expanded by wait_for's eval
	wait_for '[ "$(counter d1 ctrl packets)" -gt "$cmds" ]' 10 ||
		fail "d1's driver sent no control command after $*"
}

gw_frames
rx_mode_sent ip -n b link set dev "$B_DEV" promisc on
gw_frames
log "d0 -> gateway: not to d1, promiscuous"
rx_mode_sent ip netns exec b bridge fdb add "$GW" dev "$B_DEV" self permanent
gw_frames
log "d0 -> gateway: not to d1, promiscuous with the gateway's address in its MAC table"
rx_mode_sent ip netns exec b bridge fdb del "$GW" dev "$B_DEV" self
rx_mode_sent ip -n b link set dev "$B_DEV" promisc off
ping_ok b 10.0.0.1

# ---- refusals change nothing --------------------------------------------------------------
vc 1 dev mac set d0 allow "$D1"
err_is "Error: $D1: address owned by another port"
vc 1 dev mac set d1 allow "$M,$D0"
err_is "Error: address owned by another port"
vc 1 dev mac set d1 allow 01:00:5e:00:00:01
err_is "Error: 01:00:5e:00:00:01: a multicast address, no device can own it"
vc 1 dev mac set d1 allow "$M,00:00:00:00:00:00" trust on
err_is "Error: 00:00:00:00:00:00: no device can own the zero address"
vc 2 dev mac set d1 allow "$M,$M"
err_is "Error: allow: $M is given twice"
vc 2 dev mac set d1 allow "$M,02:00:00:00:66:02,02:00:00:00:66:03,02:00:00:00:66:04,02:00:00:00:66:05,02:00:00:00:66:06,02:00:00:00:66:07,02:00:00:00:66:08"
err_is "Error: allow: too many addresses (at most 7)"
vc 2 dev mac set d1 allow 02:00:00:00:66
err_is 'Error: "02:00:00:00:66" is not a MAC address (XX:XX:XX:XX:XX:XX)'
vc 2 dev mac set d1 spoofchk maybe
err_is 'Error: spoofchk "maybe" is not on, off or auto'
grep -q '^Usage: vdpa-ctl dev mac set DEV \[ allow { MAC\[,MAC...\] | none } \]' "$ERR" ||
	fail "no usage after the error: $(cat "$ERR")"
vc 2 dev mac set d1 trusted on
err_is 'Error: unknown argument "trusted"'
vc 2 dev mac set d1
err_is "Error: nothing to set: give allow, trust or spoofchk"
vc_nobody 1 dev mac set d1 allow "$M"
err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
vc_nobody 1 dev mac set d1 spoofchk off
err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
vc 1 dev mac set nosuch trust on
err_is 'Error: no vDPA device "nosuch"'
mac_json "m == {'mgmtdev': 'ovnic0', 'mac': '$D1', 'trust': False, 'spoofchk': 'auto',
	     'spoofchk_active': False, 'allowed': [], 'claimed': []}"
mac_json "m['allowed'] == [] and m['trust'] is False" d0
log "refused: another port's address, multicast, zero, bad input, unprivileged"

# ---- an address the host allows d1 ------------------------------------------------------
vc 0 dev mac set d1 allow "$M"
[ ! -s "$ERR" ] || fail "mac set printed: $(cat "$ERR")"
vc 0 dev mac set d1 allow "$M"	# no change, no event
mac_json "m['allowed'] == ['$M'] and m['mac'] == '$D1'"
vc 1 dev mac set d0 allow "$M"
err_is "Error: $M: address owned by another port"
ip -n b link set dev "$B_DEV" address "$M" || fail "d1's driver can't take $M, allowed"
mac_json "m['mac'] == '$M' and m['claimed'] == []"
ip -n up neigh flush dev ovnic0
ping_ok up 10.0.0.3
ip -n up neigh show 10.0.0.3 | grep -q "lladdr $M" ||
	fail "the uplink did not reach d1 at $M: $(ip -n up neigh show 10.0.0.3)"
sniff_start
frames up ovnic0 own "$M" "$N"
sniff_stop 0 0 "$N"
log "allowed: d1 took $M, traffic to it reaches d1 only"

# ---- taken back --------------------------------------------------------------------------
vc 0 dev mac set d1 allow none
err_is "Warning: the driver's MAC $M was taken away: back to $D1"
mac_json "m['allowed'] == [] and m['mac'] == '$D1'"
# virtio_net does not read the MAC on a config change: its netdev keeps
# $M, which the card no longer delivers to
sniff_start
frames up ovnic0 own "$M" "$N"
sniff_stop 0 0 0
ip -n b link set dev "$B_DEV" address "$D1" || fail "d1 back to $D1"
addr_refused "$M"
vc 0 dev mac set d0 allow "$M"	# nobody's now
mac_json "m['allowed'] == ['$M']" d0
vc 0 dev mac set d0 allow none
ip -n up neigh flush dev ovnic0
ping_ok up 10.0.0.3
log "taken back: $M is nobody's, d1 back to $D1"

# ---- trusted: the driver claims free addresses, until its reset -------------------------
vc 0 dev mac set d1 trust on
ip -n b link set dev "$B_DEV" address 02:00:00:00:77:02 || fail "a trusted driver can't claim"
rx_mode_sent ip netns exec b bridge fdb add 02:00:00:00:77:01 dev "$B_DEV" self permanent
mac_json "m['trust'] is True and m['mac'] == '02:00:00:00:77:02' and
	  sorted(m['claimed']) == ['02:00:00:00:77:01', '02:00:00:00:77:02']"
addr_refused "$D0"	# trusted, but d0's is d0's
d1_rebind
mac_json "m['trust'] is True and m['claimed'] == [] and m['mac'] == '$D1'"
vc 0 dev mac set d1 trust off
mac_json "m['trust'] is False and m['claimed'] == []"
addr_refused 02:00:00:00:77:02
ping_ok b 10.0.0.1
log "trusted: claims, gone after a reset"

# ---- anti-spoofing -------------------------------------------------------------------------
# auto, under virtio_vdpa: not checked
sniff_start
frames b "$B_DEV" "$S" ff:ff:ff:ff:ff:ff "$N"
sniff_stop "$N" "$N" 0
spoofed=$(counter d1 tx drop_spoofed)
vc 0 dev mac set d1 spoofchk on
mac_json "m['spoofchk'] == 'on' and m['spoofchk_active'] is True"
sniff_start
frames b "$B_DEV" "$S" ff:ff:ff:ff:ff:ff "$N"
frames b "$B_DEV" "$S" "$GW" "$N"
frames b "$B_DEV" "$S" "$D0" "$N"
sniff_stop 0 0 0
spoofed=$(($(counter d1 tx drop_spoofed) - spoofed))
[ "$spoofed" -ge $((3 * N)) ] || fail "drop_spoofed counted $spoofed of $((3 * N))"
vc 0 dev stats show d1
grep -q " drop_spoofed [1-9]" "$OUT" || fail "stats show: $(cat "$OUT")"
ping_ok b 10.0.0.1	# its own address passes
vc 0 dev mac set d1 spoofchk off
mac_json "m['spoofchk'] == 'off' and m['spoofchk_active'] is False"
vc 0 dev mac set d1 spoofchk auto
mac_json "m['spoofchk'] == 'auto' and m['spoofchk_active'] is False"
log "spoofchk on: $spoofed frames from $S dropped and counted"

# ---- events: one per change -----------------------------------------------------------------
want='["d1", "d1", "d0", "d0", "d1", "d1", "d1", "d1", "d1"]'
# shellcheck disable=SC2016 # expanded by wait_for's eval
wait_for '[ "$(tail -n +$((mark + 1)) "$MON" | grep -c "\"policy_change\"")" -ge 9 ]' 30 ||
	{ cat "$MON"; fail "monitor missed events"; }
sleep 1
kill "$MON_PID"
wait "$MON_PID" 2>/dev/null
tail -n +$((mark + 1)) "$MON" | grep '"policy_change"' >/tmp/events.json
python3 - "$want" <<'EOF' || { cat /tmp/events.json; fail "wrong policy events"; }
import json, sys
ev = [json.loads(l) for l in open("/tmp/events.json")]
assert all(e["policy"] == "mac" for e in ev), ev
assert [e["dev"] for e in ev] == json.loads(sys.argv[1]), ev
EOF
log "events: $(wc -l </tmp/events.json) policy_change mac"

vc 0 dev del d0
vc 0 dev del d1
log "ok"
exit 0
