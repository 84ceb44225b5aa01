#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh [kernel|module|run GUEST_SCRIPT...|test]
#
# A 6.12 debug kernel for the VM tests: KASAN, lockdep (PROVE_LOCKING),
# DEBUG_ATOMIC_SLEEP, kmemleak, DEBUG_OBJECTS, DEBUG_LIST, UBSAN bounds,
# built from Debian's linux-source-6.12 with x86_64 defconfig +
# kvm_guest.config + scripts/debug-kernel.config.
#
#   kernel   build the kernel and its modules (cached: rebuilt only when the
#            source package, the config fragment or this recipe change)
#   module   kernel, then ovnic.ko against it, from a copy of kernel/ in
#            build/debug-kernel/module (the in-place build for Debian's
#            kernel is left alone)
#   run      kernel, module, then tests/vm/run-vm.sh on each GUEST_SCRIPT
#            with the debug kernel; exit status of the last failure, else 0
#   test     kernel, module, "make all" (the userspace tools), then every
#            tests/vm/t-*.sh; ends with "N passed, N failed", results in
#            build/debug-kernel/test-results.txt (default command)
#
# Under build/debug-kernel (OVNIC_DEBUG_KERNEL_BUILD): src/ (the extracted
# source), obj/ (O= build tree, KDIR for out-of-tree modules), root/lib/
# modules/KVER (modules_install), vmlinuz-KVER, kernelrelease, build.log,
# module/ (ovnic.ko), vm/ (run-vm.sh's initramfs and runs/NAME results).
#
# Environment: OVNIC_DEBUG_JOBS (make -j, default 2), OVNIC_DEBUG_TIMEOUT
# (per VM test, default 1800 s), OVNIC_DEBUG_NESTED=1 (test: also run
# t-vhost-nested and t-migrate; skipped by default: on this kernel QEMU's
# vhost-vdpa IOTLB update fails with EFAULT and the nested guest hangs, see
# tests/vm/README.md),
# OVNIC_DEBUG_SOURCE (tarball, default /usr/src/linux-source-6.12.tar.xz).
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO=$(cd "$HERE/.." && pwd)
DK=${OVNIC_DEBUG_KERNEL_BUILD:-$REPO/build/debug-kernel}
TARBALL=${OVNIC_DEBUG_SOURCE:-/usr/src/linux-source-6.12.tar.xz}
FRAGMENT=$HERE/debug-kernel.config
JOBS=${OVNIC_DEBUG_JOBS:-2}
# The base the fragment is merged over; part of the cache key.
BASE_RECIPE="x86_64 defconfig + kernel/configs/kvm_guest.config"

usage() {
	sed -n '4,/^set -e/s/^# \{0,1\}//p' "${BASH_SOURCE[0]}" >&2
	exit 2
}
die() {
	echo "debug-kernel: FAILED: $*" >&2
	exit 1
}
say() {
	echo "debug-kernel: $*" >&2
}

# One build at a time, whichever command started it.
lock() {
	mkdir -p "$DK"
	exec 8>"$DK/.lock"
	if ! flock -n 8; then
		say "waiting for another debug-kernel.sh (lock $DK/.lock)"
		flock 8
	fi
}

apt_busy() {
	pgrep -x dpkg >/dev/null || pgrep -x apt-get >/dev/null || pgrep -x apt >/dev/null
}

# The apt/dpkg front end may still be installing linux-source-6.12: wait
# while apt or dpkg runs (up to 20 minutes).
wait_for_source() {
	local i
	for i in $(seq 1 120); do
		apt_busy || break
		[ "$i" -eq 1 ] && say "waiting for apt/dpkg to finish (linux-source-6.12 may be installing)"
		sleep 10
	done
	apt_busy && die "apt/dpkg still busy after 20 minutes"
	[ -s "$TARBALL" ] || die "no $TARBALL: install linux-source-6.12 (make setup)"
}

source_id() {
	local v
	v=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null) || v=unpackaged
	echo "$(basename "$TARBALL") $v $(stat -c '%s %Y' "$TARBALL")"
}

cache_key() {
	{
		source_id
		echo "$BASE_RECIPE"
		cat "$FRAGMENT"
		gcc --version | head -n 1
	} | sha256sum | cut -c1-16
}

# check_config: every setting of the fragment made it into obj/.config.
check_config() {
	local line sym bad=()
	while IFS= read -r line; do
		case "$line" in
		CONFIG_*=*)
			grep -qxF -- "$line" "$DK/obj/.config" ||
				bad+=("want $line, got: $(grep -E "^(# )?${line%%=*}[= ]" \
					"$DK/obj/.config" || echo "(absent)")")
			;;
		"# CONFIG_"*" is not set")
			sym=${line#\# }
			sym=${sym%% *}
			! grep -qE "^$sym=" "$DK/obj/.config" ||
				bad+=("want $sym unset, got: $(grep -E "^$sym=" "$DK/obj/.config")")
			;;
		esac
	done <"$FRAGMENT"
	if [ "${#bad[@]}" -gt 0 ]; then
		printf 'debug-kernel:   %s\n' "${bad[@]}" >&2
		die "the merged config lost ${#bad[@]} setting(s) of $FRAGMENT (dependencies?)"
	fi
}

# kmake ARGS...: make in the source tree with the output in obj/, niced.
kmake() {
	nice -n 19 make -C "$DK/src" O="$DK/obj" "$@"
}

build_kernel() {
	local key src_id kver t0 t1
	wait_for_source
	key=$(cache_key)
	if [ "$(cat "$DK/obj/.ovnic-key" 2>/dev/null)" = "$key" ] &&
		[ -s "$DK/kernelrelease" ]; then
		kver=$(cat "$DK/kernelrelease")
		if [ -s "$DK/vmlinuz-$kver" ] && [ -d "$DK/root/lib/modules/$kver" ]; then
			say "kernel $kver is up to date ($DK/vmlinuz-$kver)"
			return 0
		fi
	fi
	t0=$(date +%s)

	# Source: extract again only when the tarball changed.
	src_id=$(source_id)
	if [ "$(cat "$DK/src/.ovnic-source" 2>/dev/null)" != "$src_id" ]; then
		say "extracting $TARBALL into $DK/src"
		rm -rf "$DK/src" "$DK/src.tmp" "$DK/obj"
		mkdir -p "$DK/src.tmp"
		nice -n 19 tar -C "$DK/src.tmp" --strip-components=1 -xJf "$TARBALL" ||
			die "cannot extract $TARBALL"
		echo "$src_id" >"$DK/src.tmp/.ovnic-source"
		mv "$DK/src.tmp" "$DK/src"
	fi

	# Config: from scratch each time the key changes; the objects stay,
	# so make rebuilds only what the change touches.
	say "configuring ($BASE_RECIPE + $(basename "$FRAGMENT"))"
	rm -f "$DK/obj/.ovnic-key" "$DK/kernelrelease"
	mkdir -p "$DK/obj"
	rm -f "$DK/obj/.config"
	kmake -s defconfig >"$DK/config.log" 2>&1 ||
		{ cat "$DK/config.log" >&2; die "make defconfig"; }
	(cd "$DK/src" && nice -n 19 scripts/kconfig/merge_config.sh -O "$DK/obj" \
		"$DK/obj/.config" kernel/configs/kvm_guest.config "$FRAGMENT") \
		>>"$DK/config.log" 2>&1 ||
		{ cat "$DK/config.log" >&2; die "merge_config.sh"; }
	check_config

	say "building bzImage and modules (make -j$JOBS, niced; log in $DK/build.log)"
	if ! kmake -j"$JOBS" bzImage modules >"$DK/build.log" 2>&1; then
		grep -E -B2 -A8 'error:|Error [0-9]' "$DK/build.log" | tail -n 60 >&2 ||
			tail -n 60 "$DK/build.log" >&2
		die "kernel build failed (full log: $DK/build.log)"
	fi
	kver=$(cat "$DK/obj/include/config/kernel.release") || die "no kernel.release"
	rm -rf "$DK/root"
	kmake -s INSTALL_MOD_PATH="$DK/root" modules_install >>"$DK/build.log" 2>&1 ||
		{ tail -n 30 "$DK/build.log" >&2; die "modules_install"; }
	[ -s "$DK/root/lib/modules/$kver/modules.builtin" ] || die "no modules.builtin for $kver"
	rm -f "$DK"/vmlinuz-*
	cp "$DK/obj/arch/x86/boot/bzImage" "$DK/vmlinuz-$kver"
	echo "$kver" >"$DK/kernelrelease"
	echo "$key" >"$DK/obj/.ovnic-key"
	# run-vm.sh keys its cached initramfs by kernel release and its own
	# sources, not by the kernel's build: drop it.
	rm -f "$DK"/vm/initramfs-*.cpio
	t1=$(date +%s)
	say "built $kver in $(((t1 - t0) / 60)) min $(((t1 - t0) % 60)) s: $DK/vmlinuz-$kver"
}

# build_module: ovnic.ko against obj/, from a copy of kernel/ (only changed
# files are copied, so make rebuilds only what changed).
build_module() {
	local mod=$DK/module f rel
	mkdir -p "$mod"
	(cd "$REPO/kernel" && find -L . -path ./fw -prune -o -type f \
		\( -name '*.[ch]' -o -name Kbuild -o -name Makefile \) \
		! -name '*.mod.c' -print) | sort >"$mod/.sources.new"
	# Files gone from kernel/ go from the copy (the Kbuild globs the firmware).
	if [ -f "$mod/.sources" ]; then
		comm -23 "$mod/.sources" "$mod/.sources.new" | while IFS= read -r rel; do
			rm -f "$mod/$rel"
		done
	fi
	while IFS= read -r rel; do
		f=$REPO/kernel/$rel
		if ! cmp -s "$f" "$mod/$rel"; then
			mkdir -p "$(dirname "$mod/$rel")"
			cp "$f" "$mod/$rel"
		fi
	done <"$mod/.sources.new"
	mv "$mod/.sources.new" "$mod/.sources"
	say "building ovnic.ko against $(cat "$DK/kernelrelease") in $mod"
	# -g: the kernel has no DWARF, the module does (faddr2line on reports).
	if ! nice -n 19 make -C "$DK/obj" M="$mod" KCFLAGS=-g -j"$JOBS" modules \
		>"$mod/build.log" 2>&1; then
		cat "$mod/build.log" >&2
		die "ovnic.ko build against the debug kernel failed"
	fi
	grep -E 'warning:' "$mod/build.log" >&2 || true
	[ -f "$mod/ovnic.ko" ] || die "no $mod/ovnic.ko"
	[ "$(modinfo -F vermagic "$mod/ovnic.ko" | cut -d' ' -f1)" = "$(cat "$DK/kernelrelease")" ] ||
		die "ovnic.ko vermagic $(modinfo -F vermagic "$mod/ovnic.ko") is not $(cat "$DK/kernelrelease")"
}

# vm_env: point run-vm.sh at the debug kernel (tests/vm/debug-kernel-env.sh).
vm_env() {
	# shellcheck source-path=SCRIPTDIR source=../tests/vm/debug-kernel-env.sh
	OVNIC_DEBUG_KERNEL_BUILD=$DK . "$REPO/tests/vm/debug-kernel-env.sh" ||
		die "tests/vm/debug-kernel-env.sh"
}

# run_tests GUEST_SCRIPT...: run-vm.sh on each (after vm_env).
run_tests() {
	local t rc last=0
	for t in "$@"; do
		rc=0
		# shellcheck disable=SC2046 # the "# vm-args:" line is word-split on purpose
		bash "$REPO/tests/vm/run-vm.sh" --timeout "${OVNIC_DEBUG_TIMEOUT:-1800}" \
			$(sed -n 's/^# vm-args: //p' "$t") "$t" || rc=$?
		[ "$rc" -ne 0 ] && [ "$rc" -ne 4 ] && last=$rc
	done
	return "$last"
}

# The VM suite as tests/run-all.sh vm runs it, on the debug kernel.
suite() {
	local t name rc log=$DK/test-results.txt passed=0 failed=0 skipped=0 failures=()
	: >"$log"
	say "building the userspace tools (make all)"
	make -s -C "$REPO" all >"$DK/make-all.log" 2>&1 ||
		{ cat "$DK/make-all.log" >&2; die "make all"; }
	vm_env
	for t in "$REPO"/tests/vm/t-*.sh; do
		name=$(basename "$t" .sh)
		if { [ "$name" = t-vhost-nested ] || [[ "$name" = t-migrate* ]]; } &&
			[ "${OVNIC_DEBUG_NESTED:-0}" != 1 ]; then
			echo "SKIP vm:$name (nested guest; OVNIC_DEBUG_NESTED=1 runs it)" >>"$log"
			skipped=$((skipped + 1))
			continue
		fi
		echo "=== vm (debug kernel): $name"
		rc=0
		(cd "$REPO" && run_tests "tests/vm/$name.sh") || rc=$?
		case "$rc" in
		0) passed=$((passed + 1)); echo "PASS vm:$name" >>"$log" ;;
		4) skipped=$((skipped + 1)); echo "SKIP vm:$name" >>"$log" ;;
		*) failed=$((failed + 1)); failures+=("vm:$name"); echo "FAIL vm:$name" >>"$log" ;;
		esac
	done
	echo
	for t in "${failures[@]}"; do
		echo "failed: $t (debug kernel; logs in $OVNIC_VM_BUILD/runs)"
	done
	[ "$skipped" -gt 0 ] && echo "$skipped skipped (see $log)"
	echo "$passed passed, $failed failed"
	[ "$failed" -eq 0 ]
}

cmd=${1:-test}
[ $# -gt 0 ] && shift
case "$cmd" in
kernel) lock; build_kernel ;;
module) lock; build_kernel; build_module ;;
run)
	[ $# -ge 1 ] || usage
	lock; build_kernel; build_module; exec 8>&-
	vm_env
	run_tests "$@"
	;;
test) lock; build_kernel; build_module; exec 8>&-; suite ;;
-h | --help) usage ;;
*) usage ;;
esac
