#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the VM tests that drive vdpa-ctl; source after lib.sh with
# REPO set.  Skips the test when vdpa-ctl isn't built or python3 is missing.
#   vc RC ARGS...		run vdpa-ctl; its exit status must be RC
#   vc_nobody RC ARGS...	the same as user nobody (VC_NOBODY: a copy of
#				vdpa-ctl that nobody may run)
#   err_is MSG, out_is TEXT	first line of stderr / all of stdout
#   json EXPR			Python EXPR over the output parsed as j
# shellcheck disable=SC2034 # VC, OUT, ERR, NOBODY, VC_NOBODY are for the tests too

VC=$REPO/vdpa-ctl/vdpa-ctl
[ -x "$VC" ] || skip "no $VC: run make -C vdpa-ctl first"
command -v python3 >/dev/null || skip "python3 missing"
OUT=/tmp/vc.out
ERR=/tmp/vc.err
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
VC_NOBODY=$(nobody_copy "$VC")

vc() {
	local want=$1 rc=0
	shift
	run_to 60 "$VC" "$@" >"$OUT" 2>"$ERR" || rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$OUT" "$ERR" >&2
		fail "vdpa-ctl $*: exit $rc, want $want"
	fi
}

vc_nobody() {
	local want=$1 rc=0
	shift
	run_to 60 "${NOBODY[@]}" "$VC_NOBODY" "$@" >"$OUT" 2>"$ERR" || rc=$?
	if [ "$rc" != "$want" ]; then
		cat "$OUT" "$ERR" >&2
		fail "(nobody) vdpa-ctl $*: exit $rc, want $want"
	fi
}

err_is() {
	[ "$(head -n 1 "$ERR")" = "$1" ] ||
		fail "error \"$(head -n 1 "$ERR")\", want \"$1\""
}

out_is() {
	[ "$(cat "$OUT")" = "$1" ] || fail "output \"$(cat "$OUT")\", want \"$1\""
}

json() {
	python3 -c 'import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if eval(sys.argv[2]) else 1)' "$OUT" "$1" ||
		{ cat "$OUT" >&2; fail "JSON check failed: $1"; }
}
