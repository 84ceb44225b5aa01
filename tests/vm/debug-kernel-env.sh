# SPDX-License-Identifier: GPL-2.0
#
# Point tests/vm/run-vm.sh at the debug kernel that scripts/debug-kernel.sh
# built (KASAN, lockdep, kmemleak, ...).  Source it from bash:
#	bash scripts/debug-kernel.sh module	# build (cached)
#	. tests/vm/debug-kernel-env.sh && tests/vm/run-vm.sh tests/vm/t-traffic.sh
# Exports OVNIC_VM_KERNEL (its vmlinuz), OVNIC_VM_MODROOT (its modules),
# OVNIC_VM_BUILD (build/debug-kernel/vm: its own initramfs and runs/NAME),
# OVNIC_KO (ovnic.ko built against it) and adds OVNIC_KO to OVNIC_VM_ENV so
# the guest scripts load that one; adds "acpi=noirq no5lvl" to OVNIC_VM_APPEND
# and the debug kernel's harmless boot lines to OVNIC_VM_LOGSCAN_IGNORE.
# Returns 1 (exports nothing) if the kernel or the module has not been built.
# OVNIC_DEBUG_KERNEL_BUILD: the build directory (default
# <repo>/build/debug-kernel).
# shellcheck shell=bash

ovnic_debug_env() {
	local repo dk kver ign
	repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
	dk=${OVNIC_DEBUG_KERNEL_BUILD:-$repo/build/debug-kernel}
	kver=$(cat "$dk/kernelrelease" 2>/dev/null) || {
		echo "debug-kernel-env: no debug kernel in $dk (bash scripts/debug-kernel.sh module)" >&2
		return 1
	}
	if [ ! -f "$dk/vmlinuz-$kver" ] || [ ! -f "$dk/module/ovnic.ko" ]; then
		echo "debug-kernel-env: $dk lacks vmlinuz-$kver or module/ovnic.ko" \
			"(bash scripts/debug-kernel.sh module)" >&2
		return 1
	fi
	export OVNIC_VM_KERNEL=$dk/vmlinuz-$kver
	export OVNIC_VM_MODROOT=$dk/root
	export OVNIC_VM_BUILD=$dk/vm
	export OVNIC_KO=$dk/module/ovnic.ko
	# The AML of QEMU's _PRT (PCI interrupt routing) runs so slowly on this
	# kernel under TCG that each of the three virtio-pci devices hits
	# ACPICA's 30 s loop timeout: 90 s of boot, and ACPI errors.  Virtio
	# uses MSI-X; route the legacy interrupts without ACPI.
	# no5lvl: with 5-level paging (QEMU's "max" CPU has LA57), an interrupt
	# that lands while identify_cpu() has zeroed the boot CPU's feature
	# bits makes KASAN see a direct-map address as unshadowed: a false
	# "BUG: KASAN: wild-memory-access" in do_raw_spin_lock from
	# handle_edge_irq at ~0.9 s (1 boot in 8 here).  4-level paging has no
	# such window.
	case " ${OVNIC_VM_APPEND:-} " in
	*" acpi=noirq no5lvl "*) ;;
	*) export OVNIC_VM_APPEND="${OVNIC_VM_APPEND:+$OVNIC_VM_APPEND }acpi=noirq no5lvl" ;;
	esac
	# Printed at every boot of a PROVE_RCU kernel.
	ign='rcu:[[:space:]]+RCU lockdep checking is enabled\.$'
	case "${OVNIC_VM_LOGSCAN_IGNORE:-}" in
	*"$ign"*) ;;
	*) export OVNIC_VM_LOGSCAN_IGNORE="${OVNIC_VM_LOGSCAN_IGNORE:+$OVNIC_VM_LOGSCAN_IGNORE|}$ign" ;;
	esac
	case " ${OVNIC_VM_ENV:-} " in
	*" OVNIC_KO "*) ;;
	*) export OVNIC_VM_ENV="${OVNIC_VM_ENV:+$OVNIC_VM_ENV }OVNIC_KO" ;;
	esac
	echo "debug-kernel-env: run-vm.sh boots $OVNIC_VM_KERNEL, guests load $OVNIC_KO" >&2
}
ovnic_debug_env
