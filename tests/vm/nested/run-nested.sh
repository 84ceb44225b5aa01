#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-nested.sh [--ip ADDR/PREFIX] [--ping ADDR] [--count N] [--mac MAC]
#               [--vhostdev DEV] [--timeout SECS] [--initrd FILE] [--log FILE]
#               [--smp N] [--exec]
#
# Run inside the outer VM: boot a nested QEMU (TCG, 256 MB) with a
# virtio-net-pci NIC on a vhost-vdpa backend, have its busybox init ping ADDR
# and look for NESTED-PING-OK (NESTED-UP-OK without --ping).  Exit 0 on the
# OK marker, 1 otherwise (FAIL marker, no marker, timeout).
#
# Defaults: --ip 10.0.0.2/24 --ping 10.0.0.1 --count 3 --mac 52:54:00:0e:5e:02
# --vhostdev /dev/vhost-vdpa-0 --timeout 240 --log /tmp/nested-console.txt; the
# initramfs is built into /tmp unless --initrd is given.
# --exec: no marker, no log, no retry: exec QEMU itself (console on stdout),
# for a caller that drives the guest (nested/migrate.py); needs --initrd.
# Environment: NESTED_NETDEV replaces the whole -netdev value (it must contain
# id=n0), e.g. NESTED_NETDEV=user,id=n0 --ip 10.0.2.15/24 --ping 10.0.2.2;
# NESTED_KERNEL (default /boot/vmlinuz-$(uname -r)); NESTED_QEMU_ARGS (extra
# QEMU arguments, word-split); NESTED_APPEND (more of the guest's command
# line: init.sh's options); NESTED_DEVICE_OPTS (appended to the
# virtio-net-pci device's options, e.g. ,mq=on).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ip=10.0.0.2/24
target=10.0.0.1
count=3
mac=52:54:00:0e:5e:02
vhostdev=/dev/vhost-vdpa-0
timeout_s=240
initrd=
log=/tmp/nested-console.txt
smp=1
exec_qemu=

usage() {
	sed -n '4,/^set -e/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() {
	echo "run-nested: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case "$1" in
	--ip) ip=${2:?}; shift 2 ;;
	--ping) target=${2?}; shift 2 ;;
	--count) count=${2:?}; shift 2 ;;
	--mac) mac=${2:?}; shift 2 ;;
	--vhostdev) vhostdev=${2:?}; shift 2 ;;
	--timeout) timeout_s=${2:?}; shift 2 ;;
	--initrd) initrd=${2:?}; shift 2 ;;
	--log) log=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--exec) exec_qemu=1; shift ;;
	*) usage ;;
	esac
done

kernel=${NESTED_KERNEL:-}
if [ -z "$kernel" ]; then
	kernel=/boot/vmlinuz-$(uname -r)
	if [ ! -e "$kernel" ]; then # not in the VM: newest 6.12
		kernel=$(find /boot -maxdepth 1 -name 'vmlinuz-6.12*' | sort -V | tail -n 1)
	fi
fi
[ -r "$kernel" ] || die "cannot read kernel ${kernel:-(none)}"

[ -z "$exec_qemu" ] || [ -n "$initrd" ] || die "--exec needs --initrd"
if [ -z "$initrd" ]; then
	initrd=$(mktemp /tmp/nested-initramfs.XXXXXX)
	trap 'rm -f "$initrd"' EXIT
	NESTED_KVER=${NESTED_KVER:-$(basename "$kernel" | sed 's/^vmlinuz-//')} \
		timeout 120 "$HERE/build-initramfs.sh" "$initrd" || die "cannot build the initramfs"
fi

netdev=${NESTED_NETDEV:-type=vhost-vdpa,vhostdev=$vhostdev,id=n0}
if [ -z "${NESTED_NETDEV:-}" ]; then
	[ -c "$vhostdev" ] || die "no vhost-vdpa device $vhostdev"
fi

append="console=ttyS0 panic=-1 quiet mitigations=off ovnic.ip=$ip ovnic.count=$count"
[ -n "$target" ] && append+=" ovnic.ping=$target"
append+=${NESTED_APPEND:+ $NESTED_APPEND}
marker=NESTED-UP
[ -n "$target" ] && marker=NESTED-PING

# No CMPXCHG16B for the nested guest: its kernel then calls cmpxchg16b_emu
# instead.  The instruction, run by this TCG QEMU inside a TCG guest, now
# and then breaks the nested kernel in SLUB's fast path (a double fault in
# kmalloc, garbage in EFLAGS), during boot and far more often on a loaded
# host: every boot of six with two VMs on the two cores.
qemu=(qemu-system-x86_64 -accel tcg -cpu qemu64,-cx16 -m 256 -smp "$smp"
	-nodefaults -no-user-config -display none -no-reboot
	-monitor none -serial stdio
	-kernel "$kernel" -initrd "$initrd" -append "$append"
	-netdev "$netdev" -device "virtio-net-pci,netdev=n0,mac=$mac${NESTED_DEVICE_OPTS:-}")
# shellcheck disable=SC2206 # word splitting wanted
qemu+=(${NESTED_QEMU_ARGS:-})

# vhost-vdpa pins all guest memory: the default 8 MB memlock limit is too low.
ulimit -l unlimited
[ -z "$exec_qemu" ] || exec "${qemu[@]}" </dev/null
echo "run-nested: booting the nested guest (netdev $netdev, timeout ${timeout_s}s)" >&2
start=$(date +%s)
# One line per boot, and the first lines of any oops: the end of a failed
# run's output is often all that is left of it.
boot_summary() {
	local init=no
	grep -q '^nested: init started' "$log" && init=yes
	echo "run-nested: boot $1: QEMU exit $rc, init started: $init," \
		"last kernel time $(grep -o '^\[ *[0-9.]*\]' "$log" | tail -n 1)" >&2
	grep -E -m 8 'BUG:|Oops|RIP:|double fault|general protection|Kernel panic|Call Trace|^ *[a-z_0-9.]+\+0x' \
		"$log" | sed 's/^/run-nested:   /' >&2 || true
}
# A nested TCG kernel now and then dies during boot, before its init runs
# (in text_poke_early; in SLUB before CMPXCHG16B was taken away): that is
# the emulator, not the device under test, which nothing drives yet.  Such
# a boot is tried again, up to three boots in all.  A guest whose init
# started is never retried.
for attempt in 1 2 3; do
	rc=0
	timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>&1 | tee "$log" || rc=$?
	boot_summary "$attempt"
	grep -q '^nested: init started' "$log" && break
	grep -q 'Kernel panic' "$log" || break
	[ "$attempt" -lt 3 ] || break
	cp "$log" "$log.boot-failure"
	echo "run-nested: the nested kernel died during boot (see $log.boot-failure): booting again" >&2
done
elapsed=$(($(date +%s) - start))

if grep -q "^$marker-OK" "$log"; then
	echo "run-nested: $marker-OK after ${elapsed}s" >&2
	exit 0
fi
if [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
	echo "run-nested: TIMEOUT: nested guest killed after ${timeout_s}s" >&2
elif grep -q "^$marker-FAIL" "$log"; then
	echo "run-nested: $marker-FAIL after ${elapsed}s:" >&2
	grep '^nested:' "$log" >&2 || true
else
	echo "run-nested: no $marker marker (QEMU exit $rc) after ${elapsed}s; see $log" >&2
fi
boot_summary "$attempt"
exit 1
