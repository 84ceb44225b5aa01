#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-args: --mem 1536
#
# vhost_vdpa with a real client: a nested QEMU guest whose virtio-net-pci
# NIC sits on `-netdev type=vhost-vdpa` over an ovnic device pings the
# uplink, on packed rings (packed=on; t-migrate's guest uses split ones).
# The nested guest's memory reaches the card through dma_map.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

ovnic_load
load_mod vhost_vdpa
vdpa_add d0 mac 52:54:00:0e:5e:02
wait_for '[ -e /dev/vhost-vdpa-0 ]' 10 || fail "no /dev/vhost-vdpa-0"
ip addr add 10.0.0.1/24 dev ovnic0
ip link set ovnic0 up
# run-nested.sh shows the nested console as it runs and ends a failure with
# a digest of it; the whole console is kept with the run's results.
console=$OVNIC_VM_OUT/nested-console.txt
NESTED_DEVICE_OPTS=",packed=on" \
	bash "$(dirname "$0")/nested/run-nested.sh" --ip 10.0.0.2/24 --ping 10.0.0.1 \
	--mac 52:54:00:0e:5e:02 --timeout 600 --log "$console" ||
	fail "nested guest could not ping the uplink"
# init.sh prints the negotiated features, bit 0 first; the split pass's
# ovnic.ko (OVNIC_RING=split) offers no packed rings, and QEMU then uses split.
features=$(sed -n 's/^nested: features \([01]*\).*/\1/p' "$console" | tail -1)
want=1
[ "${OVNIC_RING:-}" = split ] && want=0
[ "${features:34:1}" = $want ] ||
	fail "the nested guest's RING_PACKED is not $want: features '$features'"
log "nested guest's RING_PACKED: $want"
ip -s link show dev ovnic0
vdpa dev del d0 || fail "dev del after vhost use"
exit 0
