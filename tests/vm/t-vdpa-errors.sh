#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# iproute2's `vdpa` against bad requests: each fails with a message and
# leaves the devices as they were.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

ovnic_load
vdpa mgmtdev show | tee /tmp/mgmt
grep -q "ovnic0" /tmp/mgmt || fail "mgmtdev ovnic0 not listed"
grep -q "supported_classes net" /tmp/mgmt || fail "mgmtdev is not a net class"
vdpa_add good mac 02:00:00:00:00:10 mtu 1500

# must_fail WHY ERROR LOG ARGS...: "vdpa dev add ARGS" must fail, its error
# output must match ERROR (ERE: the extack message or the errno text), and
# the kernel log must gain a line matching LOG (ERE, "-" for none): the
# refusals that only ovnic makes reach iproute2 as a bare errno (6.12's
# dev_add op has no extack), and the driver's log says which check it was.
must_fail() {
	local why=$1 want=$2 klog=$3 before
	shift 3
	before=$(dmesg | wc -l)
	if vdpa dev add "$@" >/tmp/err 2>&1; then
		fail "accepted: vdpa dev add $* ($why)"
	fi
	grep -Eq "$want" /tmp/err ||
		fail "vdpa dev add $* ($why): \"$(head -1 /tmp/err)\", want /$want/"
	if [ "$klog" != - ] &&
	   ! dmesg | tail -n +"$((before + 1))" | grep -Eq "$klog"; then
		dmesg | tail -n +"$((before + 1))" >&2
		fail "vdpa dev add $* ($why): no kernel log line /$klog/"
	fi
	log "refused ($why): $(head -1 /tmp/err)"
}

must_fail "duplicate name" "File exists" - name good mgmtdev ovnic0
must_fail "unknown mgmtdev" "Fail to find the specified management device" - \
	name x mgmtdev nosuch0
must_fail "mtu too large" "Invalid argument" "x: MTU 9001 out of range" \
	name x mgmtdev ovnic0 mtu 9001
# the vDPA family's own policy: MTU at least 68
must_fail "mtu too small" "Error: integer out of range" - \
	name x mgmtdev ovnic0 mtu 67
must_fail "too many queue pairs" "Invalid argument" "x: max_vqp 33 out of range" \
	name x mgmtdev ovnic0 max_vqp 33
must_fail "zero queue pairs" "At least one pair of VQs is required" - \
	name x mgmtdev ovnic0 max_vqp 0
must_fail "multicast mac" "Invalid argument" "x: MAC 01:00:5e:00:00:01 is not a unicast" \
	name x mgmtdev ovnic0 mac 01:00:5e:00:00:01
must_fail "zero mac" "Invalid argument" "x: MAC 00:00:00:00:00:00 is not a unicast" \
	name x mgmtdev ovnic0 mac 00:00:00:00:00:00
must_fail "another device's mac" "File exists" "DEV_CREATE failed: -EEXIST" \
	name x mgmtdev ovnic0 mac 02:00:00:00:00:10

vdpa dev show | tee /tmp/devs
[ "$(grep -c '^[a-z]' /tmp/devs)" = 1 ] || fail "failed adds left devices behind"
vdpa dev config show good | grep -q "mac 02:00:00:00:00:10" ||
	fail "existing device changed"
vdpa dev del nosuch >/tmp/err 2>&1 && fail "deleting an unknown device succeeded"
grep -q "device not found" /tmp/err || fail "dev del nosuch: $(cat /tmp/err)"
vdpa dev del good || fail "dev del good"
[ -z "$(vdpa dev show)" ] || fail "device left after dev del"
exit 0
