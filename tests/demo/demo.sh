#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# `make demo`, run inside the VM: load ovnic, create two virtio-net vDPA
# devices on card ovnic0, put each netdev and the uplink in its own
# namespace, and show traffic crossing the card.
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh

banner() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

queue_counters() {	# queue_counters VDPA_DEV QUEUE_PAIRS
	local q
	for q in $(seq 0 $((2 * $2 - 1))); do
		vdpa dev vstats show "$1" qidx "$q" 2>/dev/null || true
	done
}

banner "Loading the vDPA core and ovnic"
ovnic_load
load_mod virtio_vdpa
vdpa mgmtdev show

banner "Creating two devices: d0 (1 queue pair), d1 (2 queue pairs)"
vdpa_add d0 mac 02:00:00:00:00:02
vdpa_add d1 mac 02:00:00:00:00:03 max_vqp 2
vdpa dev show
vdpa dev config show

banner "Namespaces: up=uplink ovnic0 10.0.0.1, a=d0 10.0.0.2, b=d1 10.0.0.3"
three_ns
ip -n a -br addr show dev "$A_DEV"
ip -n b -br addr show dev "$B_DEV"
ip -n up -br addr show dev ovnic0

banner "ping across the card"
in_ns a ping -c 3 -i 0.2 10.0.0.3
in_ns up ping -c 3 -i 0.2 10.0.0.2

banner "iperf3 TCP: uplink -> d0, d1 -> d0"
iperf_tcp a 10.0.0.2 up
iperf_tcp a 10.0.0.2 b

banner "Guest-side counters"
ip -n a -s link show dev "$A_DEV"
ip -n b -s link show dev "$B_DEV"
ip -n up -s link show dev ovnic0

banner "Card-side per-queue counters"
queue_counters d0 1
queue_counters d1 2

banner "Cleaning up"
vdpa dev del d0
vdpa dev del d1
ovnic_unload
echo "demo done"
