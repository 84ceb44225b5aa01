#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Second-stage init of the outer VM (PID 1, after switch_root into the
# overlay of the host's root).  Reads the job written by run-vm.sh from
# /ovnic-out/job, runs the guest script, stores its exit code and the kernel
# log in /ovnic-out and powers off.  Never exits: PID 1 must not die.

export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root LANG=C.UTF-8 TERM=dumb
OUT=/ovnic-out

say() { echo "ovnic-vm: $*"; }

halt_vm() {
	sync
	/bin/busybox poweroff -f
	echo o >/proc/sysrq-trigger
	sleep 30
}

# initramfs-init.sh mounted proc, sys, dev, run, tmp, debugfs, tracefs, cgroup2.
[ -e /proc/self ] || mount -t proc proc /proc
ln -sf /proc/self/fd /dev/fd
echo 1 >/proc/sys/kernel/sysrq

echo ovnic-vm >/proc/sys/kernel/hostname
ip link set lo up

# The job: OVNIC_VM_CWD, OVNIC_VM_TIMEOUT and the argv array OVNIC_VM_ARGV.
OVNIC_VM_CWD=/ OVNIC_VM_TIMEOUT=600 OVNIC_VM_ARGV=()
# shellcheck source=/dev/null
. "$OUT/job" || say "cannot read $OUT/job"
export OVNIC_VM=1 OVNIC_VM_OUT=$OUT
# A kernel whose modules are not in the host's /lib/modules (run-vm.sh's
# OVNIC_VM_MODROOT, e.g. the debug kernel): put them where modprobe looks.
if [ -n "${OVNIC_VM_MODROOT:-}" ]; then
	mods=/lib/modules/$(uname -r)
	{ mkdir -p "$mods" && mount --bind "$OVNIC_VM_MODROOT$mods" "$mods"; } ||
		say "cannot bind $OVNIC_VM_MODROOT$mods on $mods"
fi
# kmemleak_baseline, kmemleak_check (they do nothing without kmemleak).
# shellcheck source-path=SCRIPTDIR source=kmemleak.sh
. "$(dirname "$0")/kmemleak.sh" || say "cannot read kmemleak.sh"

# Before the test: see warm-keys.py.
read -r t0 _ </proc/uptime
timeout 60 python3 -S "$(dirname "$0")/warm-keys.py" 2>&1
# Transmit packet steering is a counted key too: virtio_net maps its
# queues at every probe and unmaps them at remove, so the first device
# bound and the last unbound patch the transmit path, under traffic of
# the other devices.  A multiqueue dummy with a map keeps it on.
{ ip link add ovnic-vm-xps numtxqueues 2 type dummy &&
	echo 1 >/sys/class/net/ovnic-vm-xps/queues/tx-0/xps_cpus; } ||
	say "cannot hold transmit packet steering on (no dummy netdev?)"
read -r t1 _ </proc/uptime
say "warm-keys: $t0 -> $t1"
read -r up _ </proc/uptime
echo "$up" >"$OUT/script-start-uptime"
say "booted in ${up}s, running ${OVNIC_VM_ARGV[*]} (timeout ${OVNIC_VM_TIMEOUT}s)"
kmemleak_baseline

rc=1
if [ "${#OVNIC_VM_ARGV[@]}" -gt 0 ] && cd "$OVNIC_VM_CWD"; then
	timeout -k 10 "$OVNIC_VM_TIMEOUT" bash "${OVNIC_VM_ARGV[@]}" </dev/null
	rc=$?
	[ "$rc" -eq 124 ] && say "guest script timed out after ${OVNIC_VM_TIMEOUT}s"
fi
cd /

read -r up _ </proc/uptime
say "script exited with $rc at ${up}s"
[ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] && kmemleak_check
dmesg >"$OUT/dmesg.txt" 2>&1
echo "$rc" >"$OUT/rc"
halt_vm
