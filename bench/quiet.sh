#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Wait for a quiet machine before a timed benchmark: until the CPUs busy
# (with hypervisor steal) over a 2-second look are below THRESH, for at most
# MAX seconds.  On the project's shared 2-CPU machines a VM test of another
# session can take a CPU for minutes; two threads on two CPUs (split mode,
# DPDK's testpmd pair) then measure the scheduler, not the datapath.
#
#   bash bench/quiet.sh MAX [THRESH]      (THRESH in CPUs, default 0.3)
#
# Prints what it saw on stderr; exits 0 when quiet, 1 when it gave up.
set -euo pipefail

max=${1:-0}
thresh=${2:-0.3}
start=$(date +%s)

busy() {
	awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat
}

hz=$(getconf CLK_TCK)
while :; do
	a=$(busy)
	sleep 2
	b=$(busy)
	load=$(awk -v a="$a" -v b="$b" -v hz="$hz" \
		'BEGIN { printf "%.2f", (b - a) / hz / 2 }')
	if awk -v l="$load" -v t="$thresh" 'BEGIN { exit !(l < t) }'; then
		[ $(($(date +%s) - start)) -le 2 ] ||
			echo "quiet: machine quiet ($load CPUs busy) after $(($(date +%s) - start)) s" >&2
		exit 0
	fi
	if [ $(($(date +%s) - start)) -ge "$max" ]; then
		echo "quiet: still $load CPUs busy with other work after ${max} s; measuring anyway" >&2
		exit 1
	fi
done
