#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What happens to one device does not reach the others through the "ovnic"
# netlink family:
# - a per-queue statistics dump that spans many rounds, with the device it
#   is in the middle of deleted between two rounds, still brings every
#   queue of every other device exactly once (tests/vm/tools/genl-bad.py
#   dump-del);
# - while a process holds a device's /dev/vhost-vdpa-N open, unbinding
#   vhost_vdpa from it waits (vhost_vdpa's remove waits for the file to be
#   closed, holding the device's device_lock); meanwhile the ovnic
#   commands on the other devices, the dumps over all of them (the waiting
#   device too), QUEUES_SET on the waiting device (EBUSY at once) and vdpa
#   dev add/del of other devices answer within a few seconds.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

TOOLS=$REPO/tests/vm/tools
QUICK=8		# seconds an answer may take (TCG, a loaded host)

ovnic_load

# ---- a multi-round per-queue dump, a device deleted between two rounds ------------
for i in 0 1 2 3 4 5 6 7; do
	vdpa_add "q$i" max_vqp 8
done
need_ynl	# genl-bad.py reads the family's spec with the kernel's YNL library
run_to 300 python3 "$TOOLS/genl-bad.py" dump-del ||
	fail "a device deleted in the middle of a per-queue dump"
for i in 0 1 2 3 4 5 6 7; do
	[ -d "/sys/bus/vdpa/devices/q$i" ] || continue
	run_to 30 vdpa dev del "q$i" || fail "vdpa dev del q$i"
done
log "per-queue dump across a deletion: ok"

# ---- an unbind waiting for a vhost-vdpa file -----------------------------------------
load_mod vhost_vdpa	# the only bus driver: new devices bind to it
vdpa_add h0
vdpa_add h1
vdpa_add h2 max_vqp 2
echo h2 >/sys/bus/vdpa/drivers/vhost_vdpa/unbind || fail "unbind h2"
vhdev=$(basename /sys/bus/vdpa/devices/h0/vhost-vdpa-*)
wait_for "[ -c /dev/$vhdev ]" 10 || fail "no /dev/$vhdev"
# each command once before, so that the timed runs find them cached
vc 0 card show
vc 0 card show h1
vc 0 dev stats show scope queue
run_to 30 vdpa dev show >/dev/null || fail "vdpa dev show"

sleep 600 9<>"/dev/$vhdev" &
HOLD=$!
wait_for "[ -e /proc/$HOLD/fd/9 ]" 10 || fail "cannot open /dev/$vhdev"
bash -c 'echo h0 >/sys/bus/vdpa/drivers/vhost_vdpa/unbind; echo $? >/tmp/unbind.rc' &
UNBIND=$!
# vhost_vdpa's remove deletes the character device, then waits for the file
wait_for "! ls /sys/bus/vdpa/devices/h0/ | grep -q vhost-vdpa" 30 ||
	fail "the unbind of h0 did not start"
sleep 1
[ ! -e /tmp/unbind.rc ] || fail "the unbind of h0 did not wait for the open file"
log "h0's unbind waits for /dev/$vhdev, held open by $HOLD"

STUCK=()
NQ=0
# quick NAME WANT_RC CMD...: CMD ends within $QUICK s with status WANT_RC;
# its output is in /tmp/quick.out.  One that does not is left running (it
# may sleep where no signal reaches it) and reported at the end.
quick() {
	local name=$1 want=$2 t0 ms rc
	shift 2
	NQ=$((NQ + 1))
	rc=/tmp/quick.$NQ.rc
	t0=$(date +%s%N)
	("$@" >"/tmp/quick.$NQ.out" 2>&1; echo $? >"$rc") &
	if ! wait_for "[ -s $rc ]" "$QUICK"; then
		log "no answer within ${QUICK}s: $name"
		: >/tmp/quick.out
		STUCK+=("$name")
		return
	fi
	ms=$((($(date +%s%N) - t0) / 1000000))
	cp "/tmp/quick.$NQ.out" /tmp/quick.out
	[ "$(cat "$rc")" = "$want" ] ||
		{ cat /tmp/quick.out; STUCK+=("$name (exit $(cat "$rc"), want $want)"); }
	log "$name: ${ms} ms"
}

quick "card show (every device)" 0 "$VC" -j card show
cp /tmp/quick.out /tmp/card.json
quick "card show h1" 0 "$VC" -j card show h1
quick "card show h0 (its unbind waits)" 0 "$VC" -j card show h0
cp /tmp/quick.out /tmp/card-h0.json
quick "link show h1" 0 "$VC" dev link show h1
quick "queue set h2 (unbound)" 0 "$VC" dev queue set h2 max_size 256
quick "queue set h0 (bound, its unbind waits)" 1 "$VC" dev queue set h0 max_size 256
cp /tmp/quick.out /tmp/queue-h0.out
quick "stats show (every device)" 0 "$VC" dev stats show
quick "stats show scope queue (every queue)" 0 "$VC" dev stats show scope queue
quick "coal show (every device)" 0 "$VC" dev coal show
quick "rss show (every device)" 0 "$VC" dev rss show
quick "link set h1 state down" 0 "$VC" dev link set h1 state down
quick "vdpa dev add h3" 0 vdpa dev add name h3 mgmtdev ovnic0
quick "vdpa dev del h1" 0 vdpa dev del h1
quick "vdpa dev show" 0 vdpa dev show

# let go of the file: the unbind ends, and so does anything still waiting
kill "$HOLD"
wait "$HOLD" 2>/dev/null
wait_for '[ -e /tmp/unbind.rc ]' 30 || fail "the unbind of h0 never ended"
wait "$UNBIND"
[ "$(cat /tmp/unbind.rc)" = 0 ] || fail "the unbind of h0 failed"
wait_for "[ \$(jobs -pr | wc -l) -eq 0 ]" 60 || fail "commands still waiting after the unbind"
[ ${#STUCK[@]} -eq 0 ] || fail "while h0's unbind waited: ${STUCK[*]}"

python3 - <<'EOF' || fail "card show while h0's unbind waited"
import json
j = json.load(open("/tmp/card.json"))["card"]
assert sorted(j) == ["h0", "h1", "h2"], j
assert j["h0"]["driver"] == "vhost_vdpa" and j["h1"]["driver"] == "vhost_vdpa", j
assert j["h2"]["driver"] == "none", j
h0 = json.load(open("/tmp/card-h0.json"))["card"]["h0"]
assert h0["driver"] == "vhost_vdpa", h0
EOF
grep -qx "Error: h0 is bound to vhost_vdpa: unbind it first" /tmp/queue-h0.out ||
	fail "queue set h0 while its unbind waited: $(cat /tmp/queue-h0.out)"
vc 0 -j card show h0
json 'j["card"]["h0"]["driver"] == "none"'
vc 0 dev queue set h0 max_size 256
vc 0 -j dev queue show h2
json 'j["queue"]["h2"]["max_size"] == 256'
log "an unbind waiting for a vhost-vdpa file stalls nothing else: ok"

for d in h0 h2 h3; do
	run_to 30 vdpa dev del "$d" || fail "vdpa dev del $d"
done
ovnic_unload
log "ok"
exit 0
