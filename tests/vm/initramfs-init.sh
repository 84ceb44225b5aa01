#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the outer VM's initramfs (busybox sh).  Loads the 9p and overlay
# modules, mounts the host's root read-only through 9p with a tmpfs overlay on
# top, mounts the writable per-run results share at /ovnic-out inside it, and
# switch_roots into guest-init.sh (path given on the kernel command line as
# ovnic_vm.init=...), after mounting proc, sys, dev, run, tmp, debugfs etc.
# in it.  Any failure powers the VM off; the host then reports
# that the guest never wrote its exit code.

export PATH=/bin

die() {
	echo "ovnic-vm initramfs: $*"
	sleep 1
	poweroff -f
}

mkdir -p /proc /sys /dev /lower /rw /newroot
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
exec </dev/console >/dev/console 2>&1

for m in netfs 9pnet 9pnet_virtio 9p overlay; do
	[ -e "/lib/modules/$m.ko" ] || continue # built into the kernel
	insmod "/lib/modules/$m.ko" || die "insmod $m failed"
done

stage2=
read -r cmdline </proc/cmdline
for arg in $cmdline; do
	case "$arg" in
	ovnic_vm.init=*) stage2=${arg#ovnic_vm.init=} ;;
	esac
done
[ -n "$stage2" ] || die "no ovnic_vm.init= on the kernel command line"

mount -t 9p -o trans=virtio,version=9p2000.L,ro,cache=loose,msize=512000 \
	hostroot /lower || die "cannot mount the host root (9p tag hostroot)"
mount -t tmpfs -o mode=0755 tmpfs /rw || die "cannot mount tmpfs"
mkdir -p /rw/upper /rw/work
mount -t overlay -o lowerdir=/lower,upperdir=/rw/upper,workdir=/rw/work \
	overlay /newroot || die "cannot mount the overlay"
mkdir -p /newroot/ovnic-out
mount -t 9p -o trans=virtio,version=9p2000.L,rw,cache=none,msize=512000 \
	ovnicout /newroot/ovnic-out || die "cannot mount the results share"
[ -r "/newroot$stage2" ] || die "guest init $stage2 not found"

for d in dev proc sys; do
	mount --move "/$d" "/newroot/$d" || die "cannot move /$d"
done
# The rest of the guest's pseudo file systems: cheaper here (busybox, no
# dynamic linking over 9p) than in guest-init.sh.
cd /newroot || die "no /newroot"
mkdir -p dev/pts dev/shm run tmp
mount -t devpts -o mode=620,ptmxmode=666 devpts dev/pts
mount -t tmpfs -o mode=1777 tmpfs dev/shm
mount -t tmpfs -o mode=0755 tmpfs run
mount -t tmpfs -o mode=1777 tmpfs tmp
mount -t debugfs debugfs sys/kernel/debug
mount -t tracefs tracefs sys/kernel/tracing
mount -t cgroup2 cgroup2 sys/fs/cgroup
mkdir -p run/netns var/tmp
cd /
exec switch_root /newroot /bin/bash "$stage2"
