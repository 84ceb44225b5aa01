# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Host side of the VM benchmarks, sourced by bench/vm-*.sh in the repository's
# root with BUILD set.
#
# bench_vm_run TAG NAME TIMEOUT GUEST RAW VARS [ARG...]: boots the test VM
# (2 vCPUs) as NAME with GUEST, passing the ARGs and, as NAME=value, every
# variable of the space-separated list VARS that is set; the log goes to
# BUILD/vm-TAG.log.  Fails unless GUEST wrote RAW.  Sets BENCH_LOAD0 and
# BENCH_LOAD1, the host's load before and after: the guest's speed follows it.
bench_vm_run() {
	local tag=$1 name=$2 timeout=$3 guest=$4 raw=$5 vars=$6 v
	local args=("${@:7}")

	for v in $vars; do
		[ -n "${!v:-}" ] && args+=("$v=${!v}")
	done
	rm -f "$raw"
	BENCH_LOAD0=$(cut -d' ' -f1 /proc/loadavg)
	echo "$tag bench: booting the VM (a few minutes under TCG)..." >&2
	bash tests/vm/run-vm.sh --name "$name" --smp 2 --timeout "$timeout" \
		"$guest" "${args[@]}" >"$BUILD/vm-$tag.log" 2>&1 || {
		tail -n 40 "$BUILD/vm-$tag.log" >&2
		echo "$tag bench: the VM run failed" >&2
		exit 1
	}
	[ -s "$raw" ] || { echo "$tag bench: no results" >&2; exit 1; }
	BENCH_LOAD1=$(cut -d' ' -f1 /proc/loadavg)
	export BENCH_LOAD0 BENCH_LOAD1
}
