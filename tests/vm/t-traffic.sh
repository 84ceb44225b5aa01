#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Two devices and the uplink, each in its own namespace, through
# virtio_vdpa: ping every pair both ways, a 1400-byte ping, iperf3 TCP
# between a device and the uplink and between the two devices.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

ovnic_load
load_mod virtio_vdpa
vdpa_add d0 mac 02:00:00:00:00:02
vdpa_add d1 mac 02:00:00:00:00:03 max_vqp 2
vdpa dev show
vdpa dev config show d0 | tee /tmp/cfg
grep -q "mac 02:00:00:00:00:02" /tmp/cfg || fail "config shows wrong mac"
grep -q "link up" /tmp/cfg || fail "config shows link not up"
three_ns

for pair in "up 10.0.0.2" "up 10.0.0.3" "a 10.0.0.1" "a 10.0.0.3" \
	    "b 10.0.0.1" "b 10.0.0.2"; do
	# shellcheck disable=SC2086
	ping_ok $pair
done
ping_ok a 10.0.0.1 -s 1400
ping_ok b 10.0.0.2 -s 1400
iperf_tcp up 10.0.0.1 a
iperf_tcp a 10.0.0.2 b
ip -n a -s link show dev "$A_DEV"
exit 0
