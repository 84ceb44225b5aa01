#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install ovnic's module source for DKMS and build it for the running
# kernel (or KERNELVER=...).  The DKMS tree is kernel/ with the firmware
# sources copied in where kernel/firmware-model links to them.
set -euo pipefail

cd "$(dirname "$0")/.."
ver=$(sed -n 's/^PACKAGE_VERSION="\{0,1\}\([^"]*\)"\{0,1\}/\1/p' kernel/dkms.conf)
dest=/usr/src/ovnic-$ver
kver=${KERNELVER:-$(uname -r)}

command -v dkms >/dev/null || { echo "dkms-install: install dkms first" >&2; exit 1; }
dkms status ovnic/"$ver" 2>/dev/null | grep -q ovnic && dkms remove ovnic/"$ver" --all
rm -rf "$dest"
mkdir -p "$dest"
cp -a kernel/. "$dest"/
rm -f "$dest/firmware-model"
mkdir -p "$dest/firmware-model"
cp -a firmware-model/include firmware-model/src "$dest/firmware-model/"
find "$dest" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
dkms add ovnic/"$ver"
dkms build ovnic/"$ver" -k "$kver"
dkms install ovnic/"$ver" -k "$kver"
echo "ovnic $ver installed for $kver: modprobe vdpa && modprobe ovnic"
