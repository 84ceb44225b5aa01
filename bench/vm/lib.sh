# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the VM benchmarks, sourced after tests/vm/lib.sh (for fail).
# bench_args "$@": the host passes settings as BENCH_NAME=value arguments;
# each becomes an environment variable, anything else is an error.
bench_args() {
	local kv

	for kv in "$@"; do
		case "$kv" in
		BENCH_*=*) export "${kv?}" ;;
		*) fail "unknown argument $kv" ;;
		esac
	done
}
