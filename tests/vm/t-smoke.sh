#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Smoke test of the VM rig: right kernel, vDPA modules present and loadable,
# the vdpa tool works, the test tools are there, the overlay is writable.
#	tests/vm/run-vm.sh tests/vm/t-smoke.sh
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

[ "${OVNIC_VM:-}" = 1 ] || skip "run me inside the VM: tests/vm/run-vm.sh $0"

kver=$(uname -r)
log "kernel $kver, $(nproc) CPUs, $(awk '/MemTotal/ {print $2 / 1024 " MB"}' /proc/meminfo)"
[[ "$kver" == 6.12* ]] || fail "expected a 6.12 kernel, got $kver"

for m in vdpa virtio_vdpa vhost_vdpa; do
	f=$(modinfo -n "$m" 2>/dev/null) || fail "no $m module in /lib/modules/$kver"
	[[ "$f" == /lib/modules/$kver/*/$m.ko* ]] || fail "$m is not a module file: $f"
	log "found $f"
done
for m in vdpa virtio_vdpa vhost_vdpa; do
	load_mod "$m"
	[ -d "/sys/module/$m" ] || fail "$m not loaded"
done
[ -d /sys/bus/vdpa ] || fail "no /sys/bus/vdpa"
log "loaded: $(lsmod | awk 'NR > 1 {print $1}' | sort | tr '\n' ' ')"

out=$(run_to 10 vdpa mgmtdev show 2>&1) || fail "vdpa mgmtdev show failed: $out"
log "vdpa mgmtdev show: ${out:-(no management devices)}"
run_to 10 vdpa dev show >/dev/null || fail "vdpa dev show failed"

for c in ping iperf3 ethtool ip tc modprobe qemu-system-x86_64; do
	command -v "$c" >/dev/null || fail "$c not found"
done
run_to 10 ping -c 1 -W 2 127.0.0.1 >/dev/null || fail "ping 127.0.0.1 failed"

mountpoint -q /sys/kernel/debug || fail "debugfs not mounted"
echo ok >/usr/ovnic-smoke || fail "root overlay not writable"
[ "$(hostname)" = ovnic-vm ] || fail "hostname is $(hostname)"
[ -w "$OVNIC_VM_OUT" ] || fail "results dir $OVNIC_VM_OUT not writable"

log "PASS"
