#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run ovnic's test suites and end with one line "N passed, N failed".
#   tests/run-all.sh [unit|vm|all]
# Unit tests count each cmocka case; VM tests count each guest script
# (tests/vm/t-*.sh), run in its own VM.  Exit status is non-zero on any
# failure.
set -uo pipefail

cd "$(dirname "$0")/.."
suite=${1:-all}
passed=0
failed=0
skipped=0
failures=()
mkdir -p build
log=build/test-results.txt
: >"$log"

record() {	# record NAME RC
	case "$2" in
	0) passed=$((passed + 1)); echo "PASS $1" >>"$log" ;;
	4) skipped=$((skipped + 1)); echo "SKIP $1" >>"$log" ;;
	*) failed=$((failed + 1)); failures+=("$1"); echo "FAIL $1" >>"$log" ;;
	esac
}

# Count cmocka's per-binary summaries in OUTPUT.
count_cmocka() {	# count_cmocka NAME OUTPUT_FILE RC
	local p f
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$2" |
		awk '{s += $1} END {print s + 0}')
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$2" |
		awk '{s += $1} END {print s + 0}')
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("$1: $f cmocka case(s)")
	# A binary that died (crash, sanitizer report, build failure) without
	# its own cmocka failure line counts once more.
	local died
	died=$(grep -c ': FAILED (exit' "$2")
	if [ "$3" -ne 0 ] && [ "$died" -gt "$f" ]; then
		failed=$((failed + 1))
		failures+=("$1 (a binary died, exit $3)")
	elif [ "$3" -ne 0 ] && [ "$f" -eq 0 ]; then
		failed=$((failed + 1))
		failures+=("$1 (exit $3)")
	fi
	echo "$1: $p passed, $f failed (exit $3)" >>"$log"
}

run_unit() {
	local out rc
	for variant in run asan; do
		out=build/unit-$variant.log
		echo "=== unit tests ($variant)"
		make -s -C tests/unit FWDIR="$PWD/firmware-model" \
			BUILD="$PWD/build/unit-$variant" "$variant" 2>&1 |
			tee "$out"
		rc=${PIPESTATUS[0]}
		count_cmocka "unit-$variant" "$out" "$rc"
	done
	for variant in test test-asan; do
		out=build/vdpa-ctl-$variant.log
		echo "=== vdpa-ctl unit tests ($variant)"
		make -s -C vdpa-ctl "$variant" 2>&1 | tee "$out"
		rc=${PIPESTATUS[0]}
		count_cmocka "vdpa-ctl-$variant" "$out" "$rc"
	done
}

run_vm() {
	local t name rc args
	echo "=== build"
	make -s all >build/build.log 2>&1
	rc=$?
	[ $rc -ne 0 ] && cat build/build.log
	record build $rc
	[ $rc -ne 0 ] && return
	for t in tests/vm/t-*.sh; do
		name=$(basename "$t" .sh)
		echo "=== vm: $name"
		# A test may ask for VM resources in a "# vm-args:" line.
		args=$(sed -n 's/^# vm-args: //p' "$t")
		# shellcheck disable=SC2086
		bash tests/vm/run-vm.sh --name "$name" --timeout 900 $args "$t"
		record "vm:$name" $?
	done
}

case "$suite" in
unit) run_unit ;;
vm) run_vm ;;
all) run_unit; run_vm ;;
*) echo "usage: $0 [unit|vm|all]" >&2; exit 2 ;;
esac

echo
for f in "${failures[@]}"; do
	echo "failed: $f"
done
[ "$skipped" -gt 0 ] && echo "$skipped skipped (see $log)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
