#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Bad input to the "ovnic" netlink family changes nothing and says why:
# crafted messages (wrong types, missing attributes, huge strings, unknown
# devices, attributes of other commands, truncated headers) and random ones
# (tests/vm/tools/genl-bad.py); through vdpa-ctl, unknown devices, another
# vendor's device (a VDUSE device), out-of-range values, unknown names and
# an unprivileged user.  The devices' state is compared before and after.
# Last, netlink operations race vdpa dev del and rmmod.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

TOOLS=$REPO/tests/vm/tools

# state: everything the card and the vDPA core say about the devices.
state() {
	{
		"$VC" -j card show
		"$VC" -j dev show
		"$VC" -j dev config show
		"$VC" -j dev mac show
	} >"$1" || fail "cannot read the state"
}

# ---- another vendor's vDPA device: VDUSE ----------------------------------------
load_mod vdpa
load_mod vduse
cc -O2 -Wall -o /tmp/vduse-dev "$TOOLS/vduse-dev.c" || fail "cc vduse-dev"
wait_for '[ -e /dev/vduse/control ]' 10 || fail "no /dev/vduse/control"
/tmp/vduse-dev create vd0 || fail "cannot create VDUSE device vd0"
run_to 30 vdpa dev add name vd0 mgmtdev vduse || fail "vdpa dev add vd0 (vduse)"

ovnic_load		# no bus driver: nothing binds to vd0 or to ovnic's devices
vdpa_add d0 mac 02:00:00:00:00:0a max_vqp 4
vdpa_add d1
vc 0 dev link set d1 state down	# a state that is not the default
state /tmp/before.json

# ---- crafted and random messages --------------------------------------------------
# genl-bad.py takes the family's commands and attributes from its spec
# (Documentation/netlink/specs/ovnic.yaml), through the kernel's YNL library.
need_ynl
run_to 120 python3 "$TOOLS/genl-bad.py" cases d0 || fail "crafted messages"
# shellcheck disable=SC2046 # word splitting wanted
run_to 120 env $(nobody_ynl) "${NOBODY[@]}" python3 "$(nobody_copy "$TOOLS/genl-bad.py")" \
	unpriv d0 || fail "unprivileged messages"
seed=$(date +%s)
log "fuzz seed $seed"
run_to 600 python3 "$TOOLS/genl-bad.py" fuzz 3000 "$seed" || fail "random messages (seed $seed)"

# ---- through vdpa-ctl ---------------------------------------------------------------
for cmd in "card show" "dev link show" "dev link set DEV state down" \
	   "dev link set DEV loopback on" "dev queue show" \
	   "dev queue set DEV max_pairs 1" "dev stats show" "dev stats show DEV qidx 0" \
	   "dev stats show DEV scope queue" "dev mac show" "dev mac set DEV trust on" \
	   "dev mac set DEV allow none"; do
	for dev in nosuch vd0; do
		case $cmd in
		*DEV*) line=${cmd//DEV/$dev} ;;
		*) line="$cmd $dev" ;;
		esac
		# shellcheck disable=SC2086 # word splitting wanted
		vc 1 $line
		if [ "$dev" = vd0 ]; then
			err_is 'Error: "vd0" is not an ovnic device (its management device is vduse)'
		else
			err_is 'Error: no vDPA device "nosuch"'
		fi
	done
done
log "unknown and non-ovnic devices: ok"

vc 1 dev queue set d0 max_pairs 0
err_is "Error: integer out of range (valid: 1 to 32)"
vc 1 dev queue set d0 max_pairs 9
err_is "Error: more queue pairs than the 4 provisioned at dev add"
vc 1 dev queue set d1 max_pairs 2
err_is "Error: more queue pairs than the 1 provisioned at dev add"
vc 1 dev queue set d0 max_size 1
err_is "Error: integer out of range (valid: 2 to 65535)"
vc 1 dev queue set d0 max_size 3000
err_is "Error: the ring size must be a power of 2"
vc 1 dev stats show d0 qidx 9
err_is "Error: the device has queues 0 to 8"
vc 2 dev link set d0 state sideways
err_is 'Error: state "sideways" is neither up nor down'
vc 2 dev link set d0
err_is "Error: nothing to set: give state up|down or loopback on|off"
vc 2 dev link set d0 loopback maybe
err_is 'Error: loopback "maybe" is neither on nor off'
vc 2 dev link set d1 state up loopback maybe	# nothing sent: d1 stays down
err_is 'Error: loopback "maybe" is neither on nor off'
vc 2 dev queue set d0 max_pairs many
vc 2 dev queue set d0
err_is "Error: nothing to set: give max_pairs or max_size"
vc 2 dev stats show d0 interval 0
vc 2 dev stats show d0 scope all
vc 2 dev stats show qidx 1
err_is "Error: qidx needs a device"
vc 2 dev stats show d0 qidx 70000
vc 2 monitor count -1
vc 2 link sett d0
vc 2 dev add name x mgmtdev ovnic0 device_features VERSION_1,NO_SUCH
err_is 'Error: unknown feature "NO_SUCH" (see "vdpa-ctl feature show")'
vc 1 dev add name x mgmtdev nosuch0
err_is "Error: vdpa: Fail to find the specified management device"
log "out-of-range values and unknown names: ok"

# ---- an unprivileged user: changes fail, reads work ----------------------------------
for args in "dev link set d0 state down" "dev link set d0 loopback on" \
	    "dev queue set d0 max_size 256" "dev del d0" \
	    "dev add name x mgmtdev ovnic0"; do
	# shellcheck disable=SC2086 # word splitting wanted
	vc_nobody 1 $args
	err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
done
vc_nobody 0 -j card show
vc_nobody 0 -j dev link show d1
vc_nobody 0 dev stats show d0 scope queue
# and listening to events
run_to 120 "${NOBODY[@]}" "$VC_NOBODY" -j monitor count 1 >/tmp/mon.json 2>&1 &
MON_PID=$!
for _ in $(seq 100); do
	vc 0 dev link set d1 state up
	vc 0 dev link set d1 state down
	[ -s /tmp/mon.json ] && break
	sleep 0.2
done
wait "$MON_PID" || fail "unprivileged monitor: $(cat /tmp/mon.json)"
grep -q '"event":"link_change","dev":"d1"' /tmp/mon.json ||
	fail "unprivileged monitor printed: $(cat /tmp/mon.json)"
log "unprivileged user: ok"

# ---- nothing changed ------------------------------------------------------------------
state /tmp/after.json
diff -u /tmp/before.json /tmp/after.json || fail "bad input changed something"

vc 0 dev del d0
vc 0 dev del d1
run_to 30 vdpa dev del vd0 || fail "vdpa dev del vd0"
/tmp/vduse-dev destroy vd0 || fail "cannot destroy VDUSE device vd0"

# ---- operations racing vdpa dev del and rmmod -------------------------------------
# Two clients read, dump and change devices s0-s2 while they come and go,
# and go on while the module is removed; they may fail, the kernel may not.
hammer() {
	local end=$((SECONDS + 90)) d onoff=(on off)
	while [ "$SECONDS" -lt "$end" ] && [ ! -e /tmp/hammer.stop ]; do
		d=s$((RANDOM % 3))
		"$VC" -j card show
		"$VC" dev stats show scope queue
		"$VC" dev stats show "$d" qidx $((RANDOM % 4)) && echo "$d" >>"/tmp/hammer.$1"
		"$VC" dev link set "$d" state down
		"$VC" dev link set "$d" state up
		"$VC" dev link set "$d" loopback "${onoff[RANDOM % 2]}"
		"$VC" dev queue set "$d" max_size $((128 << RANDOM % 3))
		"$VC" monitor count 1 & sleep 0.1; kill $! 2>/dev/null
	done >/dev/null 2>&1
}
rm -f /tmp/hammer.*
hammer 1 &
H1=$!
hammer 2 &
H2=$!
for round in 1 2 3 4 5 6; do
	for d in s0 s1 s2; do
		run_to 30 vdpa dev add name "$d" mgmtdev ovnic0 max_vqp 2 ||
			fail "dev add $d (round $round)"
	done
	for d in s2 s0 s1; do
		run_to 30 vdpa dev del "$d" || fail "dev del $d (round $round)"
	done
done
for d in s0 s1 s2; do
	vdpa_add "$d"
done
# rmmod fails with EBUSY while a dump holds the module: try again
for _ in $(seq 60); do
	run_to 60 rmmod ovnic 2>/dev/null && break
	sleep 0.5
done
[ -d /sys/module/ovnic ] && fail "rmmod ovnic kept failing under netlink traffic"
touch /tmp/hammer.stop
wait "$H1" "$H2"
hits=$(cat /tmp/hammer.[12] 2>/dev/null | wc -l)
[ "$hits" -gt 0 ] || fail "the racing clients never reached a device"
log "operations racing dev del and rmmod: ok ($hits reads reached a live device)"
log "ok"
exit 0
