#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the Debian 6.12 kernel release that ovnic builds for and the VM
# tests boot: the newest (by version, not by spelling: 6.12.10 is newer
# than 6.12.9) that has its image in /boot, its modules in /lib/modules and
# its build tree.  The build and the rig both ask this script, so the
# module's vermagic always matches the kernel the VM boots, whatever older
# kernels a machine keeps.  Prints nothing and fails when there is none.
set -euo pipefail

best=
for dir in /lib/modules/6.12*-amd64; do
	[ -d "$dir" ] || continue
	v=${dir#/lib/modules/}
	[ -r "/boot/vmlinuz-$v" ] && [ -d "$dir/build" ] || continue
	best+="$v"$'\n'
done
best=$(printf '%s' "$best" | sort -V | tail -n 1)
[ -n "$best" ] || exit 1
echo "$best"
