#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# What an unprivileged user reaches, run from wherever the checkout is
# (tests/fresh-clone.sh runs it from a clone in a directory only root may
# enter, written under umask 077): reads through vdpa-ctl and the raw
# ovnic family work, changes are refused with EPERM.  Not a t-*.sh: the
# suite runs the same steps inside t-ovnic-nl-bad.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

ovnic_load
vdpa_add d0
vc_nobody 0 -j card show d0
json '"d0" in j["card"]'
vc_nobody 1 dev link set d0 state down
err_is "Error: Operation not permitted (changes need CAP_NET_ADMIN)"
# genl-bad.py reads the family's spec with the kernel's YNL library: copies
# of both that nobody can read, as of the script itself.
# shellcheck disable=SC2046 # word splitting wanted
run_to 120 env $(nobody_ynl) "${NOBODY[@]}" python3 \
	"$(nobody_copy "$REPO/tests/vm/tools/genl-bad.py")" \
	unpriv d0 || fail "unprivileged messages"
vc 0 dev del d0
log "ok"
