# SPDX-License-Identifier: GPL-2.0
#
# Helpers for guest scripts run by run-vm.sh.  Source it:
#	. "$(dirname "$0")/lib.sh"
# Exit codes follow kselftest: 0 pass, 1 fail, 4 skip.
# shellcheck shell=bash

OVNIC_TEST=${OVNIC_TEST:-$(basename "$0" .sh)}
KSFT_SKIP=4

# log MSG...: a timestamped progress line on stdout.
log() {
	printf '[%s] %s: %s\n' "$(date +%T)" "$OVNIC_TEST" "$*"
}

# fail MSG...: report and exit 1.
fail() {
	log "FAIL: $*" >&2
	exit 1
}

# skip MSG...: report and exit 4.
skip() {
	log "SKIP: $*"
	exit "$KSFT_SKIP"
}

# run_to TIMEOUT CMD [ARGS...]: run CMD, killing it after TIMEOUT seconds
# (SIGTERM, then SIGKILL 5 s later).  Returns CMD's status, 124 on timeout.
run_to() {
	local t=$1 rc=0
	shift
	timeout -k 5 "$t" "$@" || rc=$?
	[ "$rc" -eq 124 ] && log "timed out after ${t}s: $*" >&2
	return "$rc"
}

# wait_for CMD [TIMEOUT=10]: evaluate the shell command string CMD every
# 0.1 s until it succeeds (return 0) or TIMEOUT seconds pass (return 1).
# CMD must itself be quick (wrap slow commands in run_to).
wait_for() {
	local _wf_end
	_wf_end=$(($(date +%s%N) + ${2:-10} * 1000000000))
	until eval "$1"; do
		[ "$(date +%s%N)" -lt "$_wf_end" ] || return 1
		sleep 0.1
	done
}

# nobody_copy FILE: print the path of a copy of FILE that every user can read
# and run, in the guest's own /tmp.  A test that drops privileges must not
# run files from the checkout: it may live where only root can enter (a
# clone in /root, mode 0700) or have been written under a umask of 077.
nobody_copy() {
	local dir=/tmp/ovnic-nobody
	mkdir -p "$dir" && chmod 0755 "$dir" || fail "cannot make $dir"
	install -m 0755 "$1" "$dir/" || fail "cannot copy $1 to $dir"
	echo "$dir/$(basename "$1")"
}

# The kernel's YNL library (tools/net/ynl/lib of linux-source-6.12), which
# the host extracted into build/ynl (run-vm.sh runs scripts/netlink-gen.sh
# tree), and the family's spec: what tools that speak the "ovnic" family
# read its commands and attributes from.
# need_ynl: fail unless the YNL library is there and python3 can use it;
# sets OVNIC_YNL_DIR and OVNIC_NL_SPEC_FILE.
need_ynl() {
	OVNIC_YNL_DIR=${REPO:?}/build/ynl/linux-source-6.12/tools/net/ynl
	OVNIC_NL_SPEC_FILE=$REPO/Documentation/netlink/specs/ovnic.yaml
	[ -f "$OVNIC_YNL_DIR/lib/ynl.py" ] ||
		fail "no YNL library in $OVNIC_YNL_DIR: run scripts/netlink-gen.sh tree on the host"
	python3 -c 'import yaml' 2>/dev/null ||
		fail "python3 has no yaml module (python3-yaml, make setup)"
}

# nobody_ynl: copies of the YNL library and the spec that every user can
# read (see nobody_copy); prints the environment that points genl-bad.py
# at them.
nobody_ynl() {
	local dir=/tmp/ovnic-nobody
	need_ynl
	mkdir -p "$dir/ynl" && chmod 0755 "$dir" "$dir/ynl" &&
		cp -r "$OVNIC_YNL_DIR/lib" "$dir/ynl/" &&
		install -m 0644 "$OVNIC_NL_SPEC_FILE" "$dir/" &&
		chmod -R a+rX "$dir/ynl" || fail "cannot copy the YNL library to $dir"
	echo "OVNIC_YNL=$dir/ynl OVNIC_NL_SPEC=$dir/$(basename "$OVNIC_NL_SPEC_FILE")"
}

# load_mod NAME|PATH.ko [PARAMS...]: modprobe NAME from /lib/modules of the
# running kernel, or insmod PATH after modprobing the modules it depends on.
# Already loaded is fine; failure is fatal.
load_mod() {
	local m=$1 name dep
	shift
	if [[ "$m" == */* || "$m" == *.ko* ]]; then
		[ -f "$m" ] || fail "no module file $m"
		name=$(basename "$m")
		name=${name%%.ko*}
		name=${name//-/_}
		[ -d "/sys/module/$name" ] && return 0
		for dep in $(modinfo -F depends "$m" | tr , ' '); do
			run_to 60 modprobe "$dep" || fail "modprobe $dep (needed by $m) failed"
		done
		run_to 60 insmod "$m" "$@" || fail "insmod $m failed"
	else
		run_to 60 modprobe "$m" "$@" || fail "modprobe $m failed"
	fi
}

# netns_move IFACE NS IP/PREFIX: create netns NS (if needed), move IFACE into
# it, give it IP/PREFIX and bring it and the namespace's lo up.
netns_move() {
	local dev=$1 ns=$2 addr=$3
	[ -e "/run/netns/$ns" ] || ip netns add "$ns" || fail "ip netns add $ns"
	ip link set dev "$dev" netns "$ns" || fail "cannot move $dev to netns $ns"
	ip -n "$ns" link set dev lo up
	ip -n "$ns" addr add "$addr" dev "$dev" || fail "cannot set $addr on $dev in $ns"
	ip -n "$ns" link set dev "$dev" up || fail "cannot bring up $dev in $ns"
}

# dev_by_vdpa NAME [TIMEOUT=10]: print the netdev virtio_vdpa created for vDPA
# device NAME (waits for it to appear).  Returns 1 if there is none.
dev_by_vdpa() {
	local d=/sys/bus/vdpa/devices/$1 n
	# shellcheck disable=SC2016 # expanded by wait_for's eval
	wait_for 'compgen -G "$d/virtio*/net/*" >/dev/null' "${2:-10}" || return 1
	for n in "$d"/virtio*/net/*; do
		basename "$n"
		return 0
	done
}
