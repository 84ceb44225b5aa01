#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-args: --mem 1536
#
# vhost_vdpa with a real client: a nested QEMU guest whose virtio-net-pci
# NIC sits on `-netdev type=vhost-vdpa` over an ovnic device pings the
# uplink.  The nested guest's memory reaches the card through dma_map.
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
bash "$(dirname "$0")/nested/run-nested.sh" --ip 10.0.0.2/24 --ping 10.0.0.1 \
	--mac 52:54:00:0e:5e:02 --timeout 600 --log "$console" ||
	fail "nested guest could not ping the uplink"
ip -s link show dev ovnic0
vdpa dev del d0 || fail "dev del after vhost use"
exit 0
