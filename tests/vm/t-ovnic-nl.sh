#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vdpa-ctl against the module's "ovnic" generic netlink family, with real
# devices: the card's view of each device (text and JSON, next to what
# iproute2's vdpa and sysfs say), events from "vdpa-ctl monitor", errors
# for unknown devices, and reads by an unprivileged user.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"

VC=$REPO/vdpa-ctl/vdpa-ctl
[ -x "$VC" ] || skip "no $VC: run make -C vdpa-ctl first"
command -v python3 >/dev/null || skip "python3 missing"
OUT=/tmp/vc.out
ERR=/tmp/vc.err
MON=/tmp/mon.json
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# vc RC ARGS...: run vdpa-ctl; its exit status must be RC.
vc() {
	local want=$1 rc=0
	shift
	run_to 60 "$VC" "$@" >"$OUT" 2>"$ERR" || rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$OUT" "$ERR" >&2
		fail "vdpa-ctl $*: exit $rc, want $want"
	fi
}

# vc_nobody RC ARGS...: the same as user nobody.
vc_nobody() {
	local want=$1 rc=0
	shift
	run_to 60 "${NOBODY[@]}" "$VC" "$@" >"$OUT" 2>"$ERR" || rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$OUT" "$ERR" >&2
		fail "(nobody) vdpa-ctl $*: exit $rc, want $want"
	fi
}

err_is() {
	[ "$(head -n 1 "$ERR")" = "$1" ] ||
		fail "error \"$(head -n 1 "$ERR")\", want \"$1\""
}

# json EXPR: python EXPR over j = vdpa-ctl's JSON output must be true.
json() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" ||
		{ cat "$OUT" >&2; fail "JSON check failed: $1"; }
}

# ---- without the module --------------------------------------------------------
load_mod vdpa
vc 1 card show
err_is 'Error: generic netlink family "ovnic" not found: is the ovnic module loaded?'

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

vdpa_add d0 mac 02:00:00:00:00:0a max_vqp 2
vdpa_add d1
vc 0 -j card show d0
json 'j["card"]["d0"]["mgmtdev"] == "ovnic0" and j["card"]["d0"]["driver"] == "none"'
json 'j["card"]["d0"]["status"] == ["RESET"] and j["card"]["d0"]["link"] == "up"'
json 'j["card"]["d0"]["speed"] == 100000 and j["card"]["d0"]["duplex"] == "full"'
vc 0 card show d0
head -n 1 "$OUT" | grep -Eq '^d0: mgmtdev ovnic0 slot [0-9]+ driver none$' ||
	fail "card show text: $(cat "$OUT")"
grep -q '^  status RESET$' "$OUT" || fail "card show text: $(cat "$OUT")"
grep -q '^  link up speed 100000 duplex full$' "$OUT" || fail "card show text: $(cat "$OUT")"

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

# ---- events: what happened since the mark ------------------------------------------
vc 0 dev del d1
ovnic_unload	# deletes d0: an event too, then the family is gone
wait_for "[ \$(wc -l <$MON) -ge $((mark + 4)) ]" 30 ||
	{ cat "$MON"; fail "monitor missed events"; }
wait_for "[ \$(wc -l </tmp/mon.txt) -ge $((mark_txt + 4)) ]" 30 ||
	{ cat /tmp/mon.txt; fail "text monitor missed events"; }
kill "$MON_PID" "$MON_TXT_PID"
wait "$MON_PID" "$MON_TXT_PID" 2>/dev/null
tail -n +$((mark + 1)) "$MON" >/tmp/events.json
python3 - <<'EOF' || { cat /tmp/events.json; fail "wrong events"; }
import json
ev = [json.loads(l) for l in open("/tmp/events.json")]
want = [("dev_add", "d0"), ("dev_add", "d1"), ("dev_del", "d1"), ("dev_del", "d0")]
got = [(e["event"], e["dev"]) for e in ev]
assert got == want, got
assert all(e["mgmtdev"] == "ovnic0" for e in ev), ev
EOF
log "events: $(tr '\n' ' ' </tmp/events.json)"
tail -n +$((mark_txt + 1)) /tmp/mon.txt >/tmp/events.txt
diff -u - /tmp/events.txt <<'EOF' || fail "text events differ"
dev_add dev d0 mgmtdev ovnic0
dev_add dev d1 mgmtdev ovnic0
dev_del dev d1 mgmtdev ovnic0
dev_del dev d0 mgmtdev ovnic0
EOF

vc 1 card show
err_is 'Error: generic netlink family "ovnic" not found: is the ovnic module loaded?'
log "ok"
exit 0
