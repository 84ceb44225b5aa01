#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# vdpa-ctl against the kernel's vdpa generic netlink family, next to
# iproute2's vdpa.  Run in the VM from the repository root, after
# "make -C vdpa-ctl" (and "make module" for the parts that need ovnic):
#
#	tests/vm/run-vm.sh --name vdpa-ctl tests/vm/t-vdpa-ctl.sh
#
# Without the vdpa family: the error.  With the vdpa core only: empty
# listings and the kernel's extack messages.  With ovnic.ko: devices added
# with feature names, every show command in text and JSON compared with
# iproute2's, negotiated features through virtio_vdpa, vendor statistics,
# and the kernel's refusals.  Skips (exit 4) without a built vdpa-ctl; the
# ovnic part is skipped, with a message, without a loadable ovnic.ko.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

# same_error ARGS...: iproute2's vdpa prints the same kernel message.
same_error() {
	local msg rc=0
	msg=$(head -n 1 "$ERR")
	msg=${msg#Error: }
	run_to 30 vdpa "$@" >/dev/null 2>/tmp/ip.err || rc=$?
	grep -qF -- "$msg" /tmp/ip.err ||
		fail "iproute2 says \"$(cat /tmp/ip.err)\", vdpa-ctl \"$msg\""
	# iproute2 6.1's "dev vstats show" exits 0 after a kernel error
	[ "$rc" != 0 ] || log "note: iproute2 vdpa $* printed the error but exited 0"
}

# ---- no vdpa family ----------------------------------------------------------
if [ ! -d /sys/module/vdpa ]; then
	vc 1 mgmtdev show
	err_is 'Error: generic netlink family "vdpa" not found: is the vdpa module loaded (modprobe vdpa)?'
	vc 2 dev add name x		# usage errors come before the socket
	err_is "Error: management device is missing (mgmtdev MGMTDEV)"
	log "without the vdpa module: ok"
fi

# ---- vdpa core, no parent ------------------------------------------------------
load_mod vdpa
for args in "mgmtdev show" "dev show" "dev config show"; do
	# shellcheck disable=SC2086 # word splitting wanted
	vc 0 $args
	out_is ""
done
vc 0 -j mgmtdev show
out_is '{"mgmtdev":{}}'
vc 0 -p dev show
out_is $'{\n    "dev": {}\n}'
vc 0 -j dev config show
out_is '{"config":{}}'

vc 1 mgmtdev show nosuch0
err_is "Error: vdpa: Fail to find the specified mgmt device"
same_error mgmtdev show nosuch0
vc 1 -j mgmtdev show nosuch0
out_is '{"mgmtdev":{}}'
vc 1 dev show nosuch
err_is "Error: vdpa: device not found"
same_error dev show nosuch
vc 1 dev config show nosuch
err_is "Error: vdpa: device not found"
vc 1 dev del nosuch
err_is "Error: vdpa: device not found"
same_error dev del nosuch
vc 1 dev vstats show nosuch qidx 0
err_is "Error: vdpa: device not found"
vc 1 dev add name x mgmtdev nosuch0
err_is "Error: vdpa: Fail to find the specified management device"
same_error dev add name x mgmtdev nosuch0
vc 1 dev add name x mgmtdev nosuch0 max_vqp 0
err_is "Error: vdpa: At least one pair of VQs is required"
vc 1 dev add name x mgmtdev nosuch0 mac 02:00:00:00:00:01 device_features VERSION_1
err_is "Error: vdpa: Missing features 0x20 for provided attributes"
vc 1 dev set nosuch mac 02:00:00:00:00:01
err_is "Error: vdpa: device not found"
log "vdpa core without devices: ok"

# ---- ovnic ---------------------------------------------------------------------
if [ ! -f "$OVNIC_KO" ] || ! (load_mod "$OVNIC_KO") >/tmp/insmod.log 2>&1; then
	cat /tmp/insmod.log 2>/dev/null
	log "ovnic.ko missing or not loadable: the ovnic part is not run"
	exit 0
fi
ovnic_load

# Feature names -> bits, from vdpa-ctl's own table (also iproute2's spellings).
vc 0 -j feature show
cp "$OUT" /tmp/features.json
# bits FILE KEY...: the feature mask of the name list at j[KEY]...[KEY] in FILE.
bits() {
	python3 - "$@" <<'EOF'
import json, re, sys
t = json.load(open("/tmp/features.json"))["feature"]
names = {}
for n, f in t.items():
    names[n] = f["bit"]
    if "alias" in f:
        names[f["alias"]] = f["bit"]
j = json.load(open(sys.argv[1]))
for k in sys.argv[2:]:
    j = j[k]
m = 0
for n in j:
    if isinstance(n, int):	# iproute2 6.1: bits it has no name for
        m |= 1 << n
        continue
    b = re.fullmatch(r"bit_(\d+)", n)
    m |= 1 << (int(b.group(1)) if b else names[n])
print(hex(m))
EOF
}

vc 0 mgmtdev show
grep -q "^ovnic0:$" "$OUT" || fail "mgmtdev text: $(cat "$OUT")"
grep -q "^  supported_classes net$" "$OUT" || fail "mgmtdev text: $(cat "$OUT")"
vc 0 -j mgmtdev show ovnic0
cp "$OUT" /tmp/mgmt.json
vdpa -j mgmtdev show ovnic0 >/tmp/ip-mgmt.json || fail "iproute2 mgmtdev show"
json 'j["mgmtdev"]["ovnic0"]["supported_classes"] == ["net"]'
python3 - <<'EOF' || fail "mgmtdev differs from iproute2's"
import json
a = json.load(open("/tmp/mgmt.json"))["mgmtdev"]["ovnic0"]
b = json.load(open("/tmp/ip-mgmt.json"))["mgmtdev"]["ovnic0"]
assert a["supported_classes"] == b["supported_classes"], (a, b)
assert a["max_supported_vqs"] == b["max_supported_vqs"], (a, b)
EOF
card=$(bits /tmp/mgmt.json mgmtdev ovnic0 dev_features)
ip_card=$(bits /tmp/ip-mgmt.json mgmtdev ovnic0 dev_features)
[ "$card" = "$ip_card" ] || fail "card features $card, iproute2 says $ip_card"
log "mgmtdev ovnic0 offers $card"

# The features d0 asks for: those of this list the card offers.
want=
for f in VERSION_1 ACCESS_PLATFORM MAC MTU STATUS CTRL_VQ MQ CTRL_RX CTRL_VLAN; do
	b=$(python3 -c 'import json, sys
t = json.load(open("/tmp/features.json"))["feature"]
print(t[sys.argv[1]]["bit"])' "$f")
	if (( card >> b & 1 )); then
		want+=${want:+,}$f
	fi
done
case ",$want," in
*,MAC,*MTU,*MQ,*) ;;
*) fail "the card lacks MAC, MTU or MQ: $want" ;;
esac
vc 0 dev add name d0 mgmtdev ovnic0 mac 02:00:00:00:00:0a mtu 9000 max_vqp 2 \
	device_features "$want"
out_is ""
log "dev add d0 device_features $want"
# lower case and kernel spellings, and a hex mask, name the same bits
kernel_names=$(python3 -c 'import json, sys
t = json.load(open("/tmp/features.json"))["feature"]
print(",".join(("virtio_f_" + n.lower()) if t[n]["type"] == "transport"
               else "VIRTIO_NET_F_" + n for n in sys.argv[1].split(",")))' "$want")
vc 0 dev add name d1 mgmtdev ovnic0 device_features "$kernel_names"
vc 0 -j dev config show d1
d1=$(bits "$OUT" config d1 dev_features)
vc 0 dev add name d2 mgmtdev ovnic0 device_features "$d1"
vc 0 -j dev config show d2
[ "$(bits "$OUT" config d2 dev_features)" = "$d1" ] || fail "hex mask $d1 gave other features"

vc 0 dev show d0
ip_text=$(vdpa dev show d0)
[[ "$(cat "$OUT")" == "$ip_text"* ]] ||	# iproute2 6.1 has no min_vq_size
	fail "dev show: \"$(cat "$OUT")\", iproute2: \"$ip_text\""
vc 0 -j dev show
cp "$OUT" /tmp/dev.json
vdpa -j dev show >/tmp/ip-dev.json || fail "iproute2 dev show"
python3 - <<'EOF' || fail "dev show differs from iproute2's"
import json
a = json.load(open("/tmp/dev.json"))["dev"]
b = json.load(open("/tmp/ip-dev.json"))["dev"]
assert sorted(a) == sorted(b) == ["d0", "d1", "d2"], (a, b)
for d in a:
    for k in b[d]:
        assert a[d][k] == b[d][k], (d, k, a[d], b[d])
EOF

vc 0 dev config show d0
head -n 1 "$OUT" | grep -q "^d0: mac 02:00:00:00:00:0a link up link_announce false mtu 9000 max_vq_pairs 2$" ||
	fail "config text: $(cat "$OUT")"
vc 0 -j dev config show d0
cp "$OUT" /tmp/cfg.json
json 'j["config"]["d0"]["mac"] == "02:00:00:00:00:0a" and j["config"]["d0"]["mtu"] == 9000'
json '"negotiated_features" not in j["config"]["d0"]'
python3 -c 'import json, sys
t = json.load(open("/tmp/features.json"))["feature"]
j = json.load(open("/tmp/cfg.json"))["config"]["d0"]["dev_features"]
want = sys.argv[1].split(",")
assert set(j) == set(want), (j, want)' "$want" || fail "dev_features of d0 are not $want"
vdpa -j dev config show d0 >/tmp/ip-cfg.json || fail "iproute2 dev config show"
python3 - <<'EOF' || fail "config differs from iproute2's"
import json
a = json.load(open("/tmp/cfg.json"))["config"]["d0"]
b = json.load(open("/tmp/ip-cfg.json"))["config"]["d0"]
for k in ("mac", "mtu", "max_vq_pairs"):
    assert a[k] == b[k], (k, a, b)
# iproute2 6.1 names these "link " and "link_announce " (trailing space)
assert a["link"] == b.get("link", b.get("link ")), (a, b)
EOF

# refusals
vc 1 dev add name d0 mgmtdev ovnic0
grep -q "^Error: " "$ERR" || fail "no error for a duplicate name"
log "duplicate name: $(cat "$ERR")"
vc 1 dev add name x mgmtdev ovnic0 mtu 9001
log "mtu 9001: $(cat "$ERR")"
vc 1 dev add name x mgmtdev ovnic0 mac 02:00:00:00:00:01 device_features VERSION_1
err_is "Error: vdpa: Missing features 0x20 for provided attributes"
vc 2 dev add name x mgmtdev ovnic0 device_features VERSION_1,NO_SUCH
err_is 'Error: unknown feature "NO_SUCH" (see "vdpa-ctl feature show")'
# dev set: d0 takes another address and goes back (t-dev-set-mac.sh has more)
vc 0 dev set d0 mac 02:00:00:00:00:0b
vc 0 -j dev config show d0
json 'j["config"]["d0"]["mac"] == "02:00:00:00:00:0b"'
vc 0 dev set d0 mac 02:00:00:00:00:0a
vc 1 dev set d0 mac 01:00:5e:00:00:01
err_is "Error: vdpa: Invalid MAC address"
vc 0 -j dev show
json 'sorted(j["dev"]) == ["d0", "d1", "d2"]'

# vendor statistics, before and after a driver negotiated features
vc 1 dev vstats show d0 qidx 0
log "vstats before FEATURES_OK: $(cat "$ERR")"
load_mod virtio_net	# the guest has no udev to load it for the new virtio devices
load_mod virtio_vdpa
# shellcheck disable=SC2016 # expanded by wait_for's eval
wait_for '"$VC" -j dev config show d0 | grep -q negotiated_features' 30 ||
	fail "virtio_vdpa did not negotiate d0's features"
vc 0 -j dev config show d0
neg=$(bits "$OUT" config d0 negotiated_features)
vdpa -j dev config show d0 >/tmp/ip-cfg.json
ip_neg=$(bits /tmp/ip-cfg.json config d0 negotiated_features)
[ "$neg" = "$ip_neg" ] || fail "negotiated $neg, iproute2 says $ip_neg"
(( neg >> 32 & 1 )) || fail "VERSION_1 not negotiated: $neg"
log "d0 negotiated $neg"

vc 0 dev vstats show d0 qidx 1
head -n 1 "$OUT" | grep -q "^d0: queue_index 1 queue_type tx$" || fail "vstats text: $(cat "$OUT")"
vc 0 -j dev vstats show d0 qidx 4
json 'j["vstats"]["d0"]["queue_type"] == "control_vq" and len(j["vstats"]["d0"]["vendor_stats"]) > 0'
json 'all(set(p) == {"name", "value"} for p in j["vstats"]["d0"]["vendor_stats"])'
names=$(python3 -c 'import json; print(" ".join(p["name"] for p in json.load(open("/tmp/vc.out"))["vstats"]["d0"]["vendor_stats"]))')
vdpa dev vstats show d0 qidx 4 >/tmp/ip-vs.txt 2>&1 || fail "iproute2 vstats: $(cat /tmp/ip-vs.txt)"
for n in $names; do
	grep -qw "$n" /tmp/ip-vs.txt || fail "iproute2's vstats lack $n: $(cat /tmp/ip-vs.txt)"
done
log "vstats names: $names"
vc 0 -p dev vstats show d0 qidx 0
json 'j["vstats"]["d0"]["queue_type"] == "rx"'
vc 1 dev vstats show d0 qidx 1000
log "qidx 1000: $(cat "$ERR")"
same_error dev vstats show d0 qidx 1000

# The ovnic objects under "dev", and their old top-level spellings and
# hyphenated keywords, deprecated for one release: they still work, with a
# warning naming the new spelling.
vc 0 dev coal set d0 rx_usecs 30 adaptive_rx on
[ ! -s "$ERR" ] || fail "dev coal set warned: $(cat "$ERR")"
vc 0 -j dev coal show d0
json 'j["coal"]["d0"]["rx_usecs"] == 30 and j["coal"]["d0"]["adaptive_rx"] is True'
vc 0 coal set d0 rx-usecs 40 adaptive-rx off
grep -qx 'Warning: "vdpa-ctl coal" is deprecated, use "vdpa-ctl dev coal"' "$ERR" ||
	fail "no warning for the old coal: $(cat "$ERR")"
grep -qx 'Warning: "rx-usecs" is deprecated, use "rx_usecs"' "$ERR" ||
	fail "no warning for rx-usecs: $(cat "$ERR")"
vc 0 -j coal show d0
json 'j["coal"]["d0"]["rx_usecs"] == 40 and j["coal"]["d0"]["adaptive_rx"] is False'
for obj in link queue stats hash rss mac; do
	vc 0 -j "$obj" show d0
	json "list(j) == [\"$obj\"] and \"d0\" in j[\"$obj\"]"
	head -n 1 "$ERR" | grep -qx "Warning: \"vdpa-ctl $obj\" is deprecated, use \"vdpa-ctl dev $obj\"" ||
		fail "$obj show: no warning: $(cat "$ERR")"
	cp "$OUT" /tmp/old.json
	vc 0 -j dev "$obj" show d0
	[ ! -s "$ERR" ] || fail "dev $obj show warned: $(cat "$ERR")"
	# stats move between two reads; the others are the same
	[ "$obj" = stats ] || cmp -s "$OUT" /tmp/old.json ||
		fail "$obj show and dev $obj show differ: $(cat /tmp/old.json "$OUT")"
done
vc 0 dev coal set d0 rx_usecs 0
log "dev coal/link/queue/stats/hash/rss/mac, and the deprecated spellings: ok"

# del
for d in d0 d1 d2; do
	vc 0 dev del "$d"
done
vc 0 dev show
out_is ""
log "ok"
exit 0
