#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Self-test of the nested-guest tooling without ovnic: boot the nested guest
# inside the VM with a user-mode (slirp) NIC and ping slirp's gateway.
#	tests/vm/run-vm.sh tests/vm/selftest-nested.sh
set -u
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

[ "${OVNIC_VM:-}" = 1 ] || skip "run me inside the VM: tests/vm/run-vm.sh $0"
NESTED_NETDEV=user,id=n0 "$(dirname "$0")/nested/run-nested.sh" \
	--ip 10.0.2.15/24 --ping 10.0.2.2 --timeout 300 \
	--log "$OVNIC_VM_OUT/nested-console.txt" || fail "nested guest failed"
log PASS
