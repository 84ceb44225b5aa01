#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# run-vm.sh [--timeout SECS] [--smp N] [--mem MB] [--accel ACCEL] [--name NAME]
#           GUEST_SCRIPT [ARGS...]
#
# Boot Debian's 6.12 kernel under QEMU (TCG) with the host's root shared
# read-only over 9p plus a tmpfs overlay, run "bash GUEST_SCRIPT ARGS..." as
# root in the guest (cwd = the current directory), then power off.  Results go
# to build/vm/runs/NAME/: console.txt, dmesg.txt, rc.  Exit status: the guest
# script's (0 pass, 4 skip), or 1 if the VM timed out, crashed, or the guest
# kernel log shows a warning, BUG, oops, lockdep or sanitizer report.
#
# --accel is QEMU's -accel value, e.g. tcg,thread=single (the default is
# $OVNIC_VM_ACCEL, else tcg).
# Environment: OVNIC_VM_KERNEL (vmlinuz to boot), OVNIC_VM_ACCEL (default tcg),
# OVNIC_VM_CPU (default max,-avx,-avx2: AVX under
# QEMU 7.2 TCG breaks a nested TCG QEMU), OVNIC_VM_BUILD (default <repo>/build/vm),
# OVNIC_VM_APPEND (extra kernel command line), OVNIC_VM_QEMU_ARGS (extra QEMU
# arguments, word-split), OVNIC_VM_LOGSCAN_IGNORE (ERE: kernel log lines to
# not count as errors), OVNIC_VM_BUSYBOX (static busybox, default /bin/busybox),
# OVNIC_VM_MODROOT (the kernel's modules are in MODROOT/lib/modules/KVER, not
# the host's /lib/modules; the guest sees them at /lib/modules/KVER),
# OVNIC_VM_ENV (names of environment variables to pass to the guest script).
set -euo pipefail

# Physical paths: the guest resolves them in the host's root as they are,
# whatever symlinks lead to the checkout.
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
REPO=$(cd "$HERE/../.." && pwd -P)
BUILD=${OVNIC_VM_BUILD:-$REPO/build/vm}

timeout_s=600
smp=2
mem=1024
accel=${OVNIC_VM_ACCEL:-tcg}
name=

usage() {
	sed -n '4,/^set -e/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() {
	echo "run-vm: $*" >&2
	exit 1
}

while [ $# -gt 0 ]; do
	case "$1" in
	--timeout) timeout_s=${2:?}; shift 2 ;;
	--smp) smp=${2:?}; shift 2 ;;
	--mem) mem=${2:?}; shift 2 ;;
	--accel) accel=${2:?}; shift 2 ;;
	--name) name=${2:?}; shift 2 ;;
	-h | --help) usage ;;
	--) shift; break ;;
	-*) usage ;;
	*) break ;;
	esac
done
[ $# -ge 1 ] || usage
for v in "$timeout_s" "$smp" "$mem"; do
	[[ "$v" =~ ^[1-9][0-9]*$ ]] || die "not a positive number: $v"
done
[ -f "$1" ] || die "guest script not found: $1"
[ -n "$name" ] || name=$(basename "$1" .sh)
[[ "$name" =~ ^[A-Za-z0-9._-]+$ ]] || die "bad run name: $name"
[[ "$HERE$PWD" != *[[:space:]]* ]] || die "paths with whitespace are not supported"
# The guest mounts fresh file systems on these: host files there are hidden.
for p in "$PWD" "$(pwd -P)" "$HERE" "$(realpath "$1")"; do
	case "$p/" in
	/tmp/* | /run/* | /dev/* | /proc/* | /sys/*)
		die "$p is hidden in the guest (tmpfs/proc/sys/dev mounted there): use another directory" ;;
	esac
done

# --- kernel -------------------------------------------------------------------
kernel=${OVNIC_VM_KERNEL:-}
if [ -z "$kernel" ]; then
	# The kernel the module was built for (the Makefile asks kver.sh too).
	kernel=$(bash "$REPO/scripts/kver.sh") ||
		die "no 6.12 kernel with image, modules and headers (run make setup)"
	kernel=/boot/vmlinuz-$kernel
fi
[ -r "$kernel" ] || die "cannot read kernel $kernel"
kver=$(basename "$kernel")
kver=${kver#vmlinuz-}
modroot=${OVNIC_VM_MODROOT:+$(realpath "$OVNIC_VM_MODROOT")}
moddir=$modroot/lib/modules/$kver
[ -d "$moddir" ] || die "no $moddir for kernel $kernel"
command -v qemu-system-x86_64 >/dev/null || die "qemu-system-x86_64 missing (run scripts/setup.sh)"

# --- initramfs (cached) -------------------------------------------------------
IR_MODULES=(netfs 9pnet 9pnet_virtio 9p overlay)
key=$(cat "${BASH_SOURCE[0]}" "$HERE/initramfs-init.sh" | sha256sum | cut -c1-16)
initrd=$BUILD/initramfs-$kver-$key.cpio

build_initramfs() {
	local busybox tmp m f a
	busybox=${OVNIC_VM_BUSYBOX:-/bin/busybox}
	[ -x "$busybox" ] || die "busybox missing (busybox-static)"
	tmp=$(mktemp -d "$BUILD/initramfs.XXXXXX")
	mkdir -p "$tmp/bin" "$tmp/lib/modules"
	cp "$busybox" "$tmp/bin/busybox"
	for a in sh mount umount insmod mkdir sleep cat poweroff switch_root echo; do
		ln -s busybox "$tmp/bin/$a"
	done
	for m in "${IR_MODULES[@]}"; do
		f=$(modinfo ${modroot:+-b "$modroot"} -k "$kver" -n "$m" 2>/dev/null) ||
			die "module $m not found for $kver"
		case "$f" in
		\(builtin\)) ;; # initramfs-init.sh skips it
		*.ko.xz) xz -dc "$f" >"$tmp/lib/modules/$m.ko" ;;
		*.ko.zst) zstd -qdc "$f" >"$tmp/lib/modules/$m.ko" ;;
		*.ko.gz) gzip -dc "$f" >"$tmp/lib/modules/$m.ko" ;;
		*.ko) cp "$f" "$tmp/lib/modules/$m.ko" ;;
		*) die "module $m is built in or unknown ($f): update IR_MODULES" ;;
		esac
	done
	install -m 0755 "$HERE/initramfs-init.sh" "$tmp/init"
	(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$tmp.cpio"
	rm -rf "$tmp"
	mv "$tmp.cpio" "$initrd"
}

mkdir -p "$BUILD/runs"
if [ ! -s "$initrd" ]; then
	exec 9>"$BUILD/.initramfs.lock"
	flock -w 120 9 || die "timed out waiting for $BUILD/.initramfs.lock"
	if [ ! -s "$initrd" ]; then
		rm -f "$BUILD"/initramfs-*.cpio
		echo "run-vm: building $initrd" >&2
		build_initramfs
	fi
	exec 9>&-
fi

# --- the kernel's YNL library (cached) ----------------------------------------
# Tests that speak the "ovnic" family read its spec with it (tests/vm/lib.sh,
# need_ynl).  The host extracts it from linux-source-6.12 once: under TCG
# the guest would take minutes.
if [ -s "${OVNIC_KERNEL_SOURCE:-/usr/src/linux-source-6.12.tar.xz}" ]; then
	bash "$REPO/scripts/netlink-gen.sh" tree >/dev/null ||
		echo "run-vm: warning: no YNL library (scripts/netlink-gen.sh tree)" >&2
fi

# --- run directory ------------------------------------------------------------
run=$BUILD/runs/$name
rm -rf "$run"
mkdir -p "$run"
console=$run/console.txt
: >"$console"

# Leave the guest time to collect its kernel log before the host kills it.
if [ "$timeout_s" -gt 60 ]; then
	guest_to=$((timeout_s - 30))
else
	guest_to=$((timeout_s * 2 / 3))
fi
{
	printf 'OVNIC_VM_CWD=%q\n' "$PWD"
	printf 'OVNIC_VM_TIMEOUT=%q\n' "$guest_to"
	printf 'OVNIC_VM_ARGV=('
	printf '%q ' "$@"
	printf ')\n'
	printf 'OVNIC_VM_MODROOT=%q\n' "$modroot"
	for v in ${OVNIC_VM_ENV:-}; do
		[[ "$v" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "bad name in OVNIC_VM_ENV: $v"
		printf 'export %s=%q\n' "$v" "${!v-}"
	done
} >"$run/job"

append="console=ttyS0,115200 panic=-1 mitigations=off quiet loglevel=5"
append+=" rdinit=/init ovnic_vm.init=$HERE/guest-init.sh ${OVNIC_VM_APPEND:-}"

qemu=(qemu-system-x86_64
	-accel "$accel" -cpu "${OVNIC_VM_CPU:-max,-avx,-avx2}"
	-smp "$smp" -m "$mem"
	-nodefaults -no-user-config -display none -vga none -no-reboot
	-monitor none -nic none
	-chardev "file,id=con,path=$console" -serial chardev:con
	-kernel "$kernel" -initrd "$initrd" -append "$append"
	-virtfs "local,path=/,mount_tag=hostroot,security_model=none,readonly=on,multidevs=remap"
	-virtfs "local,path=$run,mount_tag=ovnicout,security_model=none,multidevs=remap"
	-device virtio-rng-pci)
# shellcheck disable=SC2206 # word splitting wanted
qemu+=(${OVNIC_VM_QEMU_ARGS:-})

echo "run-vm: $kver, $accel, ${smp} vCPU, ${mem} MB, timeout ${timeout_s}s, results in $run" >&2

# boot_vm: run QEMU once, streaming the console; sets qrc.
boot_vm() {
	: >"$console"
	rm -f "$run/rc" "$run/dmesg.txt" "$run/script-start-uptime"
	timeout -k 10 "$timeout_s" "${qemu[@]}" </dev/null 2>"$run/qemu-stderr.txt" &
	qpid=$!
	trap 'kill "$qpid" 2>/dev/null' INT TERM
	# Stream the console while QEMU runs (tail exits when QEMU does).
	tail -s 0.2 -n +1 -f --pid="$qpid" "$console" &
	tpid=$!
	qrc=0
	wait "$qpid" || qrc=$?
	# Let tail notice QEMU exited and flush the rest; never wait forever.
	timeout 10 tail --pid="$tpid" -f /dev/null 2>/dev/null || kill "$tpid" 2>/dev/null || true
	wait "$tpid" 2>/dev/null || true
	trap - INT TERM
}

start=$(date +%s%N)
boot_vm
# Under TCG on a loaded host the guest kernel very rarely dies while it
# patches its own text during boot (an int3 oops before any of our code is
# loaded).  That is the emulator's fault, not the test's: boot once more.
# A guest that reached the test script is never retried.
if [ ! -s "$run/script-start-uptime" ] &&
	grep -q -E 'Kernel panic|Oops:' "$console"; then
	mv "$console" "$run/console-boot-failure.txt"
	echo "run-vm: the guest kernel died during boot (before the test script; see" \
		"$run/console-boot-failure.txt): booting again" >&2
	boot_vm
# The same race can strike later, in code the kernel patched at boot (seen
# once in netif_receive_skb_list_internal under a demo's first ping, with
# no ovnic code on the stack).  An int3 trap in kernel text comes only from
# text patching (BUG() is ud2), so such a run is the emulator's: the whole
# run is tried once more, and says so.  guest-init.sh and warm-keys.py
# take or hold the keys tests would flip under traffic, which makes it
# rare: CI once lost t-tenant twice in a row to it while the timestamp
# holder was dead (every ping patched __netif_receive_skb_core).
elif grep -q 'Oops: int3' "$console"; then
	mv "$console" "$run/console-int3.txt"
	echo "run-vm: the guest kernel died of an int3 trap in its own patched text (QEMU" \
		"TCG's text-poke race, see $run/console-int3.txt): running again" >&2
	boot_vm
fi
elapsed_ms=$((($(date +%s%N) - start) / 1000000))
elapsed=$((elapsed_ms / 1000)).$(printf %03d $((elapsed_ms % 1000)))

status=0
rc=
if [ "$qrc" -eq 124 ] || [ "$qrc" -eq 137 ]; then
	echo "run-vm: TIMEOUT: VM killed after ${timeout_s}s" >&2
	status=1
elif [ "$qrc" -ne 0 ]; then
	echo "run-vm: QEMU failed (exit $qrc):" >&2
	cat "$run/qemu-stderr.txt" >&2
	status=1
fi
if [ -s "$run/rc" ]; then
	rc=$(cat "$run/rc")
elif [ "$status" -eq 0 ]; then
	echo "run-vm: FAIL: the guest did not report an exit code (crash or early failure); see $console" >&2
	status=1
fi
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "run-vm: TIMEOUT: the guest script did not finish within ${guest_to}s" >&2
	status=1
fi

# Scan the kernel log (the console too, in case the guest died before dumping it).
pattern='WARNING:|BUG:|Oops|Kernel panic|general protection|lockdep|possible recursive locking'
pattern+='|KASAN|UBSAN|Call Trace:|RIP:|blocked for more than|detected stall'
logs=("$console")
[ -f "$run/dmesg.txt" ] && logs=("$run/dmesg.txt")
[ "$status" -ne 0 ] && [ -f "$run/dmesg.txt" ] && logs+=("$console")
hits=$(grep -E -n -h "$pattern" "${logs[@]}" |
	grep -E -v "${OVNIC_VM_LOGSCAN_IGNORE:-^\$}" | head -n 40) || true
if [ -n "$hits" ]; then
	echo "run-vm: FAIL: guest kernel log has errors:" >&2
	printf '%s\n' "$hits" >&2
	status=1
fi

boot=$(cat "$run/script-start-uptime" 2>/dev/null || echo "?")
echo "run-vm: guest boot-to-script ${boot}s (guest uptime), VM wall time ${elapsed}s" >&2
if [ "$status" -ne 0 ]; then
	echo "run-vm: $name: FAIL (logs in $run)" >&2
	exit 1
fi
case "$rc" in
0) echo "run-vm: $name: PASS" >&2 ;;
4) echo "run-vm: $name: SKIP" >&2 ;;
*) echo "run-vm: $name: FAIL (guest script exit $rc)" >&2 ;;
esac
exit "$rc"
