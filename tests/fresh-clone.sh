#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The README's build and tests as a new user runs them: from a fresh clone
# of HEAD in a home directory only its owner may enter (mode 0700, like
# /root), made under umask 077.  Builds everything there, then runs the
# module and the unprivileged steps (tests/vm/unpriv.sh) in a VM from that
# clone.  `make setup` is not repeated: the suite that calls this ran it.
# Uncommitted changes are not in the clone.
#	tests/fresh-clone.sh
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd -P)
home=$REPO/build/fresh-clone/home
clone=$home/ovnic

rm -rf "$REPO/build/fresh-clone"
mkdir -p "$home"
chmod 0700 "$home"
umask 077
git clone -q --no-hardlinks "$REPO" "$clone"
cd "$clone"
echo "fresh-clone: $(git log -1 --format='%h %s' | cut -c1-72) in $home (0700, umask 077)"
if ! make -s all >"$REPO/build/fresh-clone/build.log" 2>&1; then
	tail -n 30 "$REPO/build/fresh-clone/build.log"
	echo "fresh-clone: FAIL: make all in the clone"
	exit 1
fi
for t in tests/vm/unpriv.sh; do
	OVNIC_VM_BUILD=$clone/build/vm bash tests/vm/run-vm.sh --timeout 300 \
		--name "fresh-$(basename "$t" .sh)" "$t" ||
		{ echo "fresh-clone: FAIL: $t from the clone"; exit 1; }
done
echo "fresh-clone: ok"
