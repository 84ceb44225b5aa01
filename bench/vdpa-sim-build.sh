#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build upstream's reference vDPA device, vdpa_sim_net, out of tree, for the
# in-VM benchmarks: Debian's 6.12 kernel builds neither vdpa_sim nor vringh.
# The sources are copied at build time from Debian's linux-source-6.12 (never
# committed) into the build directory, with a generated Kbuild:
#
#	OUT/vringh.ko OUT/vdpa_sim.ko OUT/vdpa_sim_net.ko
#
#   bash bench/vdpa-sim-build.sh [OUT]     (default <repo>/build/bench/vdpa_sim)
#
# Environment: KDIR (default: the first /lib/modules/6.12*/build, as
# kernel/Makefile), SRC (default /usr/src/linux-source-6.12).
#
# In the guest: modprobe vhost_iotlb vdpa; insmod vringh.ko, vdpa_sim.ko,
# vdpa_sim_net.ko, in that order; then
#	vdpa dev add name sim0 mgmtdev vdpasim_net
# binds the device to virtio_vdpa (when that is loaded).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
OUT=${1:-$repo/build/bench/vdpa_sim}
SRC=${SRC:-/usr/src/linux-source-6.12}
if [ -z "${KDIR:-}" ]; then
	for d in /lib/modules/6.12*/build; do
		[ -d "$d" ] && { KDIR=$d; break; }
	done
fi
[ -n "${KDIR:-}" ] && [ -d "$KDIR" ] ||
	{ echo "vdpa-sim-build: no kernel build tree: install linux-headers-6.12-amd64 or set KDIR" >&2; exit 1; }

FILES=(drivers/vdpa/vdpa_sim/vdpa_sim.c drivers/vdpa/vdpa_sim/vdpa_sim.h
       drivers/vdpa/vdpa_sim/vdpa_sim_net.c drivers/vhost/vringh.c)

missing=()
for f in "${FILES[@]}"; do
	[ -f "$SRC/$f" ] || missing+=("$f")
done
if [ "${#missing[@]}" -gt 0 ]; then
	# scripts/setup.sh extracts drivers/vdpa and drivers/vhost; without
	# it (or without write access to /usr/src), take the files from the
	# tarball into a private copy.
	tarball=$SRC.tar.xz
	[ -f "$tarball" ] ||
		{ echo "vdpa-sim-build: no $SRC/${missing[0]} and no $tarball (install linux-source-6.12)" >&2; exit 1; }
	base=$(basename "$SRC")
	tmp=$OUT/.src
	rm -rf "$tmp"
	mkdir -p "$tmp"
	tar -C "$tmp" -xf "$tarball" "${FILES[@]/#/$base/}"
	SRC=$tmp/$base
fi

mkdir -p "$OUT"
for f in "${FILES[@]}"; do
	# only when changed, so an unchanged tree is not rebuilt
	cmp -s "$SRC/$f" "$OUT/$(basename "$f")" ||
		cp "$SRC/$f" "$OUT/$(basename "$f")"
done
kbuild='obj-m := vringh.o vdpa_sim.o vdpa_sim_net.o'
[ "$(cat "$OUT/Kbuild" 2>/dev/null)" = "$kbuild" ] ||
	echo "$kbuild" >"$OUT/Kbuild"

# vringh's exports are needed by vdpa_sim; all three are built in one
# pass, so modpost resolves them from this directory.
make -s -C "$KDIR" M="$OUT" modules >"$OUT/build.log" 2>&1 ||
	{ cat "$OUT/build.log" >&2; echo "vdpa-sim-build: build failed" >&2; exit 1; }
for m in vringh vdpa_sim vdpa_sim_net; do
	[ -f "$OUT/$m.ko" ] || { echo "vdpa-sim-build: no $m.ko" >&2; exit 1; }
done
echo "vdpa-sim-build: $OUT/{vringh,vdpa_sim,vdpa_sim_net}.ko ($(basename "$(dirname "$KDIR")"))"
