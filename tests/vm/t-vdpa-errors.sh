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

must_fail() {	# must_fail WHY ARGS...
	local why=$1
	shift
	if vdpa dev add "$@" >/tmp/err 2>&1; then
		fail "accepted: vdpa dev add $* ($why)"
	fi
	[ -s /tmp/err ] || fail "no error message for: $*"
	log "refused ($why): $(head -1 /tmp/err)"
}

must_fail "duplicate name" name good mgmtdev ovnic0
must_fail "unknown mgmtdev" name x mgmtdev nosuch0
must_fail "mtu too large" name x mgmtdev ovnic0 mtu 9001
must_fail "mtu too small" name x mgmtdev ovnic0 mtu 67
must_fail "too many queue pairs" name x mgmtdev ovnic0 max_vqp 33
must_fail "zero queue pairs" name x mgmtdev ovnic0 max_vqp 0
must_fail "multicast mac" name x mgmtdev ovnic0 mac 01:00:5e:00:00:01
must_fail "zero mac" name x mgmtdev ovnic0 mac 00:00:00:00:00:00

vdpa dev show | tee /tmp/devs
[ "$(grep -c '^[a-z]' /tmp/devs)" = 1 ] || fail "failed adds left devices behind"
vdpa dev config show good | grep -q "mac 02:00:00:00:00:10" ||
	fail "existing device changed"
vdpa dev del nosuch >/tmp/err 2>&1 && fail "deleting an unknown device succeeded"
vdpa dev del good || fail "dev del good"
[ -z "$(vdpa dev show)" ] || fail "device left after dev del"
exit 0
