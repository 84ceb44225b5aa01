#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# build-initramfs.sh OUT
#
# Build the nested guest's initramfs (uncompressed newc cpio): static busybox,
# the host's ethtool and the libraries it links, virtio_net and the modules
# it needs, and nested/init.sh as /init.  Modules
# come from /lib/modules/KVER, KVER = $NESTED_KVER, else the running kernel if
# it has a /boot/vmlinuz, else the newest 6.12 in /boot.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[ $# -eq 1 ] || { echo "usage: $0 OUT" >&2; exit 2; }
out=$1
die() { echo "build-initramfs: $*" >&2; exit 1; }

kver=${NESTED_KVER:-}
if [ -z "$kver" ]; then
	if [ -e "/boot/vmlinuz-$(uname -r)" ]; then
		kver=$(uname -r)
	else
		kver=$(find /boot -maxdepth 1 -name 'vmlinuz-6.12*' -printf '%f\n' | sort -V | tail -n 1)
		kver=${kver#vmlinuz-}
	fi
fi
[ -d "/lib/modules/$kver" ] || die "no /lib/modules/$kver"
busybox=${OVNIC_VM_BUSYBOX:-/bin/busybox}
[ -x "$busybox" ] || die "no static busybox at $busybox (busybox-static)"

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/bin" "$tmp/lib/modules"
cp "$busybox" "$tmp/bin/busybox"
for a in sh mount insmod mkdir sleep cat readlink ip ping poweroff echo nc ifconfig; do
	ln -s busybox "$tmp/bin/$a"
done

# virtio_net and its dependencies, dependencies first; built-ins are skipped.
declare -A seen=()
add_mod() {
	local m=$1 f d
	[ -z "${seen[$m]:-}" ] || return 0
	seen[$m]=1
	f=$(modinfo -k "$kver" -n "$m") || die "no module $m for $kver"
	[[ "$f" == /* ]] || return 0 # built in
	for d in $(modinfo -k "$kver" -F depends "$m" | tr , ' '); do
		add_mod "$d"
	done
	case "$f" in
	*.ko.xz) xz -dc "$f" ;;
	*.ko.zst) zstd -qdc "$f" ;;
	*.ko.gz) gzip -dc "$f" ;;
	*) cat "$f" ;;
	esac >"$tmp/lib/modules/$m.ko"
	echo "$m" >>"$tmp/lib/modules/load-order"
}
add_mod virtio_net

# ethtool (busybox has none) for the queue pairs: the binary and what ldd
# says it loads, at the same paths.
ethtool=$(command -v ethtool || echo /usr/sbin/ethtool)
[ -x "$ethtool" ] || die "no ethtool (make setup installs it)"
cp "$ethtool" "$tmp/bin/ethtool"
for lib in $(ldd "$ethtool" | grep -o '/[^ ]*'); do
	mkdir -p "$tmp$(dirname "$lib")"
	cp -L "$lib" "$tmp$lib"
done
touch "$tmp/lib/modules/load-order"

install -m 0755 "$HERE/init.sh" "$tmp/init"
mkdir -p "$(dirname "$out")"
(cd "$tmp" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) >"$out.tmp"
mv "$out.tmp" "$out"
echo "build-initramfs: $out ($kver: $(tr '\n' ' ' <"$tmp/lib/modules/load-order"))" >&2
