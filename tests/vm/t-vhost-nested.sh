#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# vm-args: --mem 1536
#
# vhost_vdpa with a real client: a nested QEMU guest whose virtio-net-pci
# NIC (packed=on, mq=on) sits on `-netdev type=vhost-vdpa` over an ovnic
# device with 4 queue pairs.  The guest takes all 4 (ethtool -L, through
# the control queue), pings the uplink and opens 24 TCP connections to it;
# its flows spread over the pairs both ways (the guest's XPS hashes flows
# over the 4 transmit queues of its one CPU, the card's steering over the
# receive queues), which the card's queue counters must show: at least 3
# of 4 queues each way carried frames.  The ring layout the guest
# negotiated is checked: packed (t-migrate's guest uses split ones).  The
# nested guest's memory reaches the card through dma_map.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"
. "$REPO/tests/vm/vdpa-ctl-lib.sh"

PAIRS=4
FLOWS=24

# queue_packets QIDX: the card's frame counter of d0's queue QIDX.
queue_packets() {
	"$VC" -j dev stats show d0 qidx "$1" >/tmp/stats.json ||
		fail "stats show d0 qidx $1"
	python3 -c 'import json
print(json.load(open("/tmp/stats.json"))["stats"]["d0"]["queues"][0]["packets"])'
}

ovnic_load
load_mod vhost_vdpa
vdpa_add d0 mac 52:54:00:0e:5e:02 max_vqp $PAIRS
wait_for '[ -e /dev/vhost-vdpa-0 ]' 10 || fail "no /dev/vhost-vdpa-0"
ip addr add 10.0.0.1/24 dev ovnic0
ip link set ovnic0 up
# The far end of the guest's flows: a line in, "ok LINE" back, closed.
python3 -c '
import socket
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("10.0.0.1", 7777))
s.listen(64)
while True:
    c, _ = s.accept()
    c.settimeout(10)
    try:
        line = c.makefile().readline().strip()
        c.sendall(("ok " + line + "\n").encode())
    except OSError:
        pass
    c.close()
' &
server=$!
# run-nested.sh shows the nested console as it runs and ends a failure with
# a digest of it; the whole console is kept with the run's results.
console=$OVNIC_VM_OUT/nested-console.txt
rc=0
NESTED_DEVICE_OPTS=",packed=on,mq=on,vectors=$((2 * PAIRS + 2))" \
	NESTED_APPEND="ovnic.pairs=$PAIRS ovnic.flows=10.0.0.1:7777:$FLOWS" \
	bash "$REPO/tests/vm/nested/run-nested.sh" --ip 10.0.0.2/24 --ping 10.0.0.1 \
	--mac 52:54:00:0e:5e:02 --timeout 600 --log "$console" || rc=$?
kill "$server"
# The card's side of it, whatever happened.
used_rx=0 used_tx=0
for ((q = 0; q < 2 * PAIRS; q++)); do
	# its counters that are not 0
	"$VC" dev stats show d0 qidx $q |
		awk '{ for (i = 1; i < NF; i++) if ($(i + 1) ~ /^[0-9]+$/ && $i ~ /^[a-z_]+$/ && $i != "queue") { if ($(i + 1) != 0) printf " %s %s", $i, $(i + 1); i++ } }
		     END { print "" }' | sed "s/^/d0 queue $q:/"
	n=$(queue_packets $q)
	[ "$n" -gt 0 ] || continue
	if ((q % 2)); then used_tx=$((used_tx + 1)); else used_rx=$((used_rx + 1)); fi
done
[ "$rc" = 0 ] || fail "nested guest could not ping the uplink or open its flows"
grep -q "nested: $FLOWS flows to 10.0.0.1:7777 answered" "$console" ||
	fail "the nested guest's flows did not all complete"
log "$FLOWS flows used $used_rx receive and $used_tx transmit queues of $PAIRS"
[ "$used_rx" -ge 3 ] && [ "$used_tx" -ge 3 ] ||
	fail "$FLOWS flows were not spread over at least 3 of $PAIRS queues each way"
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
