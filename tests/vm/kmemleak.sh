# SPDX-License-Identifier: GPL-2.0
#
# kmemleak in the VM rig; guest-init.sh sources this.  On a kernel with
# kmemleak (the debug kernel, scripts/debug-kernel.sh), kmemleak_baseline,
# before the test script, scans and then forgets whatever boot left
# unreferenced; kmemleak_check, after the script, scans again and, if new
# unreferenced objects turn up, saves the report to $OUT/kmemleak.txt, shows
# it on the console and writes a "BUG: kmemleak" line to the kernel log,
# which fails the run (run-vm.sh's log scan).  A kmemleak that cannot scan
# (it turns itself off on internal errors) fails the run the same way.
# Without kmemleak both do nothing.
# shellcheck shell=bash

KMEMLEAK=/sys/kernel/debug/kmemleak
# kmemleak reports no object younger than 5 s: let the newest ones age.
KMEMLEAK_AGE=6

# kmemleak_scan: one scan, bounded (a fatal signal stops a scan).
kmemleak_scan() {
	timeout -k 5 60 sh -c "echo scan >$KMEMLEAK" 2>/dev/null
}

# kmemleak_bug MSG: a kernel log line that run-vm.sh counts as an error.
kmemleak_bug() {
	say "BUG: kmemleak: $*"
	echo "<3>ovnic-vm: BUG: kmemleak: $*" >/dev/kmsg
}

kmemleak_baseline() {
	local t0 t1
	[ -e "$KMEMLEAK" ] || return 0
	read -r t0 _ </proc/uptime
	# Twice, so that what boot allocated just now is old enough too.
	if ! kmemleak_scan || ! sleep "$KMEMLEAK_AGE" || ! kmemleak_scan; then
		kmemleak_bug "cannot scan (kmemleak off?): no leak check for this run"
		return 0
	fi
	echo clear >"$KMEMLEAK"
	read -r t1 _ </proc/uptime
	say "kmemleak: baseline taken (boot's suspects forgotten) in $t0 -> $t1 s"
}

kmemleak_check() {
	local n
	[ -e "$KMEMLEAK" ] || return 0
	if ! kmemleak_scan || ! sleep "$KMEMLEAK_AGE" || ! kmemleak_scan; then
		kmemleak_bug "cannot scan (kmemleak off?): leaks not checked"
		return 0
	fi
	cat "$KMEMLEAK" >"$OUT/kmemleak.txt"
	n=$(grep -c '^unreferenced object' "$OUT/kmemleak.txt")
	if [ "$n" -eq 0 ]; then
		rm -f "$OUT/kmemleak.txt"
		say "kmemleak: no new suspected leaks"
		return 0
	fi
	say "kmemleak report (first 80 lines):"
	head -n 80 "$OUT/kmemleak.txt"
	kmemleak_bug "$n new suspected memory leak(s) since the test script started (kmemleak.txt)"
}
