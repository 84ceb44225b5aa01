#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install, from Debian's packages, everything ovnic's build, demo, tests and
# benchmarks need.  Idempotent: packages already present are not fetched again.
set -euo pipefail

PACKAGES=(
	build-essential make gcc pkg-config kmod cpio busybox-static
	linux-image-6.12-amd64 linux-headers-6.12-amd64 linux-source-6.12
	iproute2 ethtool iperf3 iputils-ping procps sockperf
	libnl-3-dev libnl-genl-3-dev libcmocka-dev
	clang libclang-rt-14-dev sparse dkms xz-utils python3 valgrind
	# the kernel's YNL generator (make netlink-gen) and library (VM tests)
	python3-yaml python3-jsonschema
	dpdk-dev librte-net-vhost23 librte-net-virtio23 librte-mempool-ring23
	gnuplot-nox
	# XDP programs of the VM tests (clang -target bpf, bpf_helpers.h,
	# bpftool to load them and read their maps), data checks over the card
	llvm libbpf-dev bpftool netcat-openbsd
	flex bison bc libelf-dev libssl-dev
)

# QEMU 10.0 comes from Debian's bookworm-backports, pinned to QEMU's own
# packages: Debian 12's QEMU 7.2 migrates a vhost-vdpa NIC only with every
# ring shadowed from boot (x-svq=on), while 10.0 keeps the data path on the
# card until migration starts, shadows the control queue in its own address
# space and replays the device's state on the destination (docs/lifecycle.md).
BACKPORTS_PACKAGES=(qemu-system-x86 qemu-system-common qemu-system-data seabios)
QEMU_MIN_VERSION=1:10.0
BACKPORTS_LIST=/etc/apt/sources.list.d/ovnic-bookworm-backports.sources
BACKPORTS_PIN=/etc/apt/preferences.d/ovnic-qemu-backports

write_if_changed() { # FILE: stdin becomes FILE's content, if it differs
	local tmp
	tmp=$(mktemp)
	cat >"$tmp"
	if cmp -s "$tmp" "$1"; then
		rm -f "$tmp"
		return 1
	fi
	install -m 0644 "$tmp" "$1"
	rm -f "$tmp"
}

missing=()
for p in "${PACKAGES[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing+=("$p")
done
qemu_version=$(dpkg-query -W -f='${Version}' qemu-system-x86 2>/dev/null || true)
if [ -z "$qemu_version" ] ||
	dpkg --compare-versions "$qemu_version" lt "$QEMU_MIN_VERSION"; then
	missing+=("${BACKPORTS_PACKAGES[@]}")
fi

if [ "${#missing[@]}" -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "setup: need root to install: ${missing[*]}" >&2
		exit 1
	fi
	echo "setup: installing ${missing[*]}"
	export DEBIAN_FRONTEND=noninteractive
	# Only QEMU's packages may come from backports: everything else
	# keeps Debian 12's version (backports' default priority is 100).
	write_if_changed "$BACKPORTS_LIST" <<-EOF || true
		Types: deb
		URIs: http://deb.debian.org/debian
		Suites: bookworm-backports
		Components: main
		Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
	EOF
	write_if_changed "$BACKPORTS_PIN" <<-EOF || true
		Package: ${BACKPORTS_PACKAGES[*]} qemu-system-gui qemu-system-modules-* qemu-utils qemu-block-extra
		Pin: release n=bookworm-backports
		Pin-Priority: 500
	EOF
	# Another apt (unattended upgrades, a second setup) may hold dpkg's
	# lock: wait for it rather than fail.
	apt-get -o DPkg::Lock::Timeout=600 update -qq
	apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
		--no-install-recommends "${missing[@]}" >/dev/null
fi

# checkpatch.pl and its data files come from the kernel source tarball.
src=/usr/src/linux-source-6.12
if [ ! -x "$src/scripts/checkpatch.pl" ] && [ -f "$src.tar.xz" ]; then
	tar -C /usr/src -xf "$src.tar.xz" \
		linux-source-6.12/scripts linux-source-6.12/Documentation/dev-tools \
		linux-source-6.12/drivers/vdpa linux-source-6.12/drivers/vhost \
		linux-source-6.12/include 2>/dev/null ||
		tar -C /usr/src -xf "$src.tar.xz"
fi
echo "setup: ok"
