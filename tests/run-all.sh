#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run ovnic's test suites and end with one line "N passed, N failed".
#   tests/run-all.sh [all|quick|unit|vm]
#	all	unit tests (plain and ASan/UBSan at once) and vdpa-ctl's,
#		the netlink code generated from its spec being current,
#		each fuzz target for FUZZ_SECONDS (10 here), the
#		firmware on real threads (plain, TSan, ASan/UBSan), the
#		fresh-clone check, the VM tests (the nested QEMU test beside
#		the others)
#	quick	unit tests (plain) and vdpa-ctl's, then the VM smoke test:
#		the edit-compile-test loop
#	unit, vm	one part of "all"
# Unit tests count each cmocka case, VM tests each guest script
# (tests/vm/t-*.sh, each in its own VM).  Results: the time of each test in
# the summary, build/test-results.txt (a line per test) and
# build/test-results.xml (JUnit).  Exit status non-zero on any failure.
# OVNIC_TEST_SERIAL=1 runs the nested test in line with the others.
set -uo pipefail

cd "$(dirname "$0")/.."
suite=${1:-all}
passed=0
failed=0
skipped=0
failures=()
mkdir -p build
tsv=build/test-results.tsv	# suite, test, result, seconds, detail
: >"$tsv"
SECONDS_START=$(date +%s%N)

now_ms() {
	echo $(($(date +%s%N) / 1000000))
}

# record SUITE NAME RC SECONDS [DETAIL]: one test's result.
record() {
	local result
	case "$3" in
	0) passed=$((passed + 1)); result=pass ;;
	4) skipped=$((skipped + 1)); result=skip ;;
	*) failed=$((failed + 1)); failures+=("$1: $2"); result=fail ;;
	esac
	printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$2" "$result" "$4" "${5:-}" >>"$tsv"
}

# cmocka_cases SUITE LOG RC SECONDS: a result per case of a cmocka log,
# plus one failure for a binary that died without its own.
cmocka_cases() {
	local bin= line name n_fail=0 died
	while IFS= read -r line; do
		case "$line" in
		'=== '*:*) ;;
		'=== '*) bin=${line#=== } ;;
		'[       OK ] '*)
			name=${line#\[       OK \] }
			record "$1" "$bin/$name" 0 0 ;;
		'[  SKIPPED ] '*)
			name=${line#\[  SKIPPED \] }
			record "$1" "$bin/$name" 4 0 ;;
		'[  FAILED  ] '[a-z]*)
			name=${line#\[  FAILED  \] }
			# the summary lists each failure once more
			grep -qxF "$bin/$name" <(cut -f2 "$tsv") && continue
			n_fail=$((n_fail + 1))
			record "$1" "$bin/$name" 1 0 ;;
		esac
	done <"$2"
	died=$(grep -c ': FAILED (exit' "$2")
	if [ "$3" -ne 0 ] && [ "$died" -gt 0 ] && [ "$n_fail" -eq 0 ]; then
		record "$1" "(binary died or sanitizer report, exit $3)" 1 "$4"
	elif [ "$3" -ne 0 ] && [ "$n_fail" -eq 0 ]; then
		record "$1" "(build or run failed, exit $3)" 1 "$4"
	fi
	printf '%s\t(all)\ttime\t%s\t\n' "$1" "$4" >>"$tsv"
}

# in_background NAME CMD...: run CMD with its output in build/NAME.log,
# its exit status in build/NAME.rc and its time (s) in build/NAME.time.
in_background() {
	local name=$1
	shift
	(
		t0=$(now_ms)
		"$@" >"build/$name.log" 2>&1
		echo $? >"build/$name.rc"
		echo $((($(now_ms) - t0) / 1000)) >"build/$name.time"
	) &
}

run_unit() {	# run_unit VARIANTS...: the firmware's and vdpa-ctl's
	local v jobs=()
	echo "=== unit tests (${*}), at once"
	for v in "$@"; do
		in_background "unit-$v" make -s -C tests/unit -j2 \
			FWDIR="$PWD/firmware-model" BUILD="$PWD/build/unit-$v" "$v"
	done
	in_background vdpa-ctl-test make -s -C vdpa-ctl test
	in_background netlink-gen bash scripts/netlink-gen.sh check
	[ " $* " = " run asan " ] &&
		in_background vdpa-ctl-test-asan make -s -C vdpa-ctl test-asan
	wait
	for v in "$@"; do
		jobs+=("unit-$v")
	done
	jobs+=(vdpa-ctl-test)
	[ -f build/vdpa-ctl-test-asan.rc ] && [ " $* " = " run asan " ] &&
		jobs+=(vdpa-ctl-test-asan)
	for v in "${jobs[@]}"; do
		echo "=== $v"
		cat "build/$v.log"
		cmocka_cases "$v" "build/$v.log" "$(cat "build/$v.rc")" \
			"$(cat "build/$v.time")"
	done
	# The uapi header, policies and op table generated from
	# Documentation/netlink/specs/ovnic.yaml are what it gives now.
	echo "=== netlink-gen"
	cat build/netlink-gen.log
	record unit "netlink code generated from its spec is current" \
		"$(cat build/netlink-gen.rc)" "$(cat build/netlink-gen.time)" \
		"$(tail -n 1 build/netlink-gen.log)"
	rm -f build/unit-*.rc build/vdpa-ctl-test*.rc build/netlink-gen.rc \
		build/*.time
}

# Each libFuzzer target from its seeds for a little while: a regression
# the seeds reach shows at once.  make fuzz runs them longer.
run_fuzz() {
	local t line
	echo "=== fuzz (tests/fuzz, ${FUZZ_SECONDS:-10} s each)"
	make -s -C tests/fuzz BUILD="$PWD/build/fuzz" \
		FUZZ_SECONDS="${FUZZ_SECONDS:-10}" run 2>&1 | tee build/fuzz.log
	for t in fuzz_split_ring fuzz_packed_ring fuzz_ctrl_cmd fuzz_mailbox \
		 fuzz_pkt_parse fuzz_switch fuzz_offload fuzz_offload_path; do
		line=$(grep "^$t: " build/fuzz.log)
		case "$line" in
		*", ok") record fuzz "$t" 0 "${FUZZ_SECONDS:-10}" "$line" ;;
		*) record fuzz "$t" 1 "${FUZZ_SECONDS:-10}" \
			"${line:-no result}" ;;
		esac
	done
}

# The firmware on real threads: each variant (plain, ThreadSanitizer,
# ASan+UBSan) is a test; STRESS_SECONDS each (10 here).
run_stress() {
	local t0 line v rc
	echo "=== stress (tests/stress)"
	t0=$(now_ms)
	make -s -C tests/stress BUILD="$PWD/build/stress" \
		STRESS_SECONDS="${STRESS_SECONDS:-10}" run 2>&1 |
		tee build/stress.log
	rc=${PIPESTATUS[0]}
	for v in plain tsan asan; do
		line=$(grep "^stress $v: " build/stress.log)
		case "$line" in
		*": PASS"*) record stress "$v" 0 "$((($(now_ms) - t0) / 3000))" ;;
		*) record stress "$v" 1 "$((($(now_ms) - t0) / 3000))" \
			"${line:-no result (exit $rc)}" ;;
		esac
	done
}

# The module must be built for the kernel the VM boots (scripts/kver.sh);
# one left from another kernel's build is rebuilt from clean.
build_all() {
	local t0 rc ko=kernel/ovnic.ko want
	want=$(bash scripts/kver.sh) || want=
	if [ -f "$ko" ] && [ -n "$want" ] &&
	   [ "$(modinfo -F vermagic "$ko" | cut -d' ' -f1)" != "$want" ]; then
		echo "=== $ko is built for another kernel: rebuilding for $want"
		make -s -C kernel clean >/dev/null 2>&1
	fi
	echo "=== build"
	t0=$(now_ms)
	make -s all >build/build.log 2>&1
	rc=$?
	[ $rc -ne 0 ] && cat build/build.log
	record build "make all" $rc "$((($(now_ms) - t0) / 1000))"
	return $rc
}

# guest_clock_jumped CONSOLE: whether the guest's clocksource leapt ahead
# of its watchdog by more than a minute (seen once under TCG: 65667 s in
# 0.4 s, which fires every timeout in the guest at once).
guest_clock_jumped() {
	awk '/clocksource: Long readout interval/ {
		for (i = 1; i < NF; i++) {
			if ($i == "cs_nsec:") cs = $(i + 1)
			if ($i == "wd_nsec:") wd = $(i + 1)
		}
		if (cs - wd > 60e9) found = 1
	} END { exit !found }' "$1"
}

# The VM tests run with Linux's virtio_ring on packed rings, which ovnic
# offers.  These run a second time on split rings (OVNIC_RING=split: ovnic.ko
# loaded with ring_packed=0): the data paths whose ring code differs (plain
# traffic, mergeable buffers and offloads, notification suppression and
# coalescing, resets, multiqueue, jumbo frames).  OVNIC_RING=split in the
# environment runs every VM test on split rings instead.
SPLIT_PASS="t-traffic t-offload t-coal t-lifecycle t-rss t-jumbo"

# vm_test SCRIPT [split]: one guest script in its own VM, on split rings if
# asked.  A run whose guest clock jumped is the emulator's, not the test's:
# it runs once more, and says so.
vm_test() {
	local t=$1 name args t0 rc try ring=${OVNIC_RING:-}
	name=$(basename "$t" .sh)
	if [ "${2:-}" = split ]; then
		ring=split
		name+=-split
	fi
	echo "=== vm: $name"
	# A test may ask for VM resources in a "# vm-args:" line.
	args=$(sed -n 's/^# vm-args: //p' "$t")
	t0=$(now_ms)
	for try in 1 2; do
		# shellcheck disable=SC2086
		OVNIC_RING=$ring OVNIC_VM_ENV="${OVNIC_VM_ENV:-} OVNIC_RING" \
			bash tests/vm/run-vm.sh --name "$name" --timeout 900 $args "$t"
		rc=$?
		[ "$rc" -ne 0 ] && [ "$try" = 1 ] &&
			guest_clock_jumped "build/vm/runs/$name/console.txt" ||
			break
		echo "=== vm: $name: the guest's clock jumped (TCG); once more"
	done
	record vm "$name" "$rc" "$((($(now_ms) - t0) / 1000))"
}

fresh_clone() {
	local t0
	echo "=== fresh clone in a 0700 home"
	t0=$(now_ms)
	bash tests/fresh-clone.sh
	record setup "fresh clone in a 0700 home, umask 077" $? \
		"$((($(now_ms) - t0) / 1000))"
}

# The nested QEMU test is the longest and mostly one thread: it runs
# beside the other VM tests unless OVNIC_TEST_SERIAL is set.
run_vm() {
	local t nested=tests/vm/t-vhost-nested.sh t0 rc
	build_all || return
	[ "$suite" = all ] && fresh_clone
	if [ -z "${OVNIC_TEST_SERIAL:-}" ] && [ -f "$nested" ]; then
		echo "=== vm: t-vhost-nested (in the background: build/vm-nested.log)"
		t0=$(now_ms)
		OVNIC_VM_ENV="${OVNIC_VM_ENV:-} OVNIC_RING" \
			in_background vm-nested bash tests/vm/run-vm.sh \
			--name t-vhost-nested --timeout 900 "$nested"
	fi
	for t in tests/vm/t-*.sh; do
		[ -n "${t0:-}" ] && [ "$t" = "$nested" ] && continue
		vm_test "$t"
	done
	if [ "${OVNIC_RING:-}" != split ]; then
		for t in $SPLIT_PASS; do
			vm_test "tests/vm/$t.sh" split
		done
	fi
	if [ -n "${t0:-}" ]; then
		wait
		echo "=== vm: t-vhost-nested"
		cat build/vm-nested.log
		rc=$(cat build/vm-nested.rc)
		record vm t-vhost-nested "$rc" "$(cat build/vm-nested.time)"
		rm -f build/vm-nested.rc build/vm-nested.time
	fi
}

run_quick() {
	run_unit run
	build_all && vm_test tests/vm/t-smoke.sh
}

case "$suite" in
all) run_unit run asan; run_fuzz; run_stress; run_vm ;;
quick) run_quick ;;
unit) run_unit run asan ;;
vm) run_vm ;;
*) echo "usage: $0 [all|quick|unit|vm]" >&2; exit 2 ;;
esac

# ---- summary ---------------------------------------------------------------------
total=$((($(date +%s%N) - SECONDS_START) / 1000000000))
awk -F'\t' '$3 == "pass" || $3 == "fail" || $3 == "skip" {
	print toupper($3) " " $1 ": " $2 }' "$tsv" >build/test-results.txt
python3 tests/junit.py "$tsv" build/test-results.xml "$total" ||
	echo "warning: no JUnit XML written" >&2
echo
echo "time per test (s):"
awk -F'\t' '
	$2 == "(all)" { printf "  %5d  %s (all its cases)\n", $4, $1; next }
	$1 == "vm" || $1 == "build" || $1 == "setup" || $1 == "stress" ||
	$1 == "fuzz" {
		printf "  %5d  %s: %s %s\n", $4, $1, $2, toupper($3) }' "$tsv"
echo "  total ${total} s; results: build/test-results.txt, build/test-results.xml"
# console_summary CONSOLE: the lines of a failed VM test's console that say
# why, at most 12.  After a kernel oops: what failed where (the BUG, RIP and
# the first frames of its call trace), as registers and the panic at the
# end say nothing.  Otherwise: the console's last lines.
console_summary() {
	if grep -qE '(BUG:|Oops:|general protection|WARNING:|RIP: 00)' "$1"; then
		awk '/(BUG:|Oops:|general protection|WARNING:|RIP: 00)/ && n < 4 {
			print; n++; next }
		     /Call Trace:/ { t = 1; next }
		     t && /\+0x/ && !/\] +\? / && m < 8 { print; m++ }
		     t && /<\/TASK>|---\[ end/ { t = 0 }' "$1"
	else
		grep -v -e 'reboot: Power down' -e 'ACPI: PM:' "$1" | tail -n 12
	fi | cut -c1-200 | sed 's/^/  | /'
}

# CI shows only the end of this output: a failed VM test's last words too.
for f in "${failures[@]}"; do
	echo "failed: $f"
	case "$f" in
	"vm: "*)
		console=build/vm/runs/${f#vm: }/console.txt
		[ -f "$console" ] && console_summary "$console" ;;
	esac
done
[ "$skipped" -gt 0 ] && echo "$skipped skipped (see build/test-results.txt)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
