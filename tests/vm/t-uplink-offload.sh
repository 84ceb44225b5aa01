#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The uplink's offloads: `ethtool -k ovnic0` shows scatter-gather, highdma
# and rx-checksumming on, the transmit checksum and segmentation offloads
# changeable (on or off by default: kernel/uplink.c's ovnic_uplink_offloads)
# and what the card can't do fixed off.  With them turned on, frames the
# host sends carry partial checksums and GSO state to the card, which must
# complete and segment them for devices that negotiated no offloads: jumbo
# and fragmented pings, iperf3 TCP both ways and a UDP_SEGMENT burst cross
# it with no checksum error at the receivers, and the uplink's average
# transmitted frame is larger than the MTU (GSO frames did go to the card).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

ovnic_load
load_mod virtio_vdpa
vdpa_add d0 mac 02:00:00:00:00:02 mtu 9000
vdpa_add d1 mac 02:00:00:00:00:03 mtu 9000
three_ns 9000

# feature NAME: "on", "off", "on [fixed]" ... from ethtool -k.
feature() {
	ip netns exec up ethtool -k ovnic0 |
		awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }'
}
want_feature() {
	local got
	got=$(feature "$1")
	[[ "$got" =~ ^$2$ ]] || fail "$1 is '$got', want '$2'"
}

ip netns exec up ethtool -k ovnic0 | tee /tmp/features
want_feature tx-scatter-gather on
want_feature highdma "on \[fixed\]"
want_feature rx-checksumming on
# TSO_MANGLEID: the core offers it with TSO (off by default).
for f in tx-checksum-ip-generic tx-tcp-segmentation tx-tcp-ecn-segmentation \
	 tx-tcp6-segmentation tx-udp-segmentation \
	 tx-tcp-mangleid-segmentation; do
	want_feature "$f" "(on|off)"
done
for f in tx-checksum-ipv4 tx-checksum-ipv6 tx-gso-robust tx-gre-segmentation \
	 tx-udp_tnl-segmentation tx-scatter-gather-fraglist; do
	want_feature "$f" "off \[fixed\]"
done

# Off and on again: ethtool -K reaches the uplink's features both ways.
in_ns up ethtool -K ovnic0 tso off tx-udp-segmentation off tx off ||
	fail "ethtool -K ovnic0 tx off"
want_feature tx-checksum-ip-generic off
want_feature tx-tcp-segmentation off
in_ns up ethtool -K ovnic0 tx on sg on tso on tx-udp-segmentation on ||
	fail "ethtool -K ovnic0 tx on tso on"
for f in tx-checksum-ip-generic tx-tcp-segmentation tx-tcp-ecn-segmentation \
	 tx-tcp6-segmentation tx-udp-segmentation; do
	want_feature "$f" on
done

tx_stats() {
	ip -n up -j -s link show dev ovnic0 |
		python3 -c 'import json,sys; s=json.load(sys.stdin)[0]["stats64"]["tx"]; print(s["packets"], s["bytes"], s["dropped"])'
}

ping_ok up 10.0.0.2 -s 8972 -M "do"
ping_ok a 10.0.0.1 -s 8972 -M "do"
ping_ok up 10.0.0.2 -s 30000
ping_ok up 10.0.0.3 -s 1400

read -r p0 b0 _ < <(tx_stats)
iperf_tcp a 10.0.0.2 up
read -r p1 b1 d1 < <(tx_stats)
avg=$(((b1 - b0) / (p1 - p0 > 0 ? p1 - p0 : 1)))
log "uplink sent $((p1 - p0)) frames, $((b1 - b0)) bytes, average $avg"
[ "$avg" -gt 9018 ] || fail "average uplink frame $avg bytes: no TSO frames"
[ "$d1" -eq 0 ] || fail "uplink tx_dropped $d1"
iperf_tcp up 10.0.0.1 a

# UDP segmentation: one 8000-byte send with UDP_SEGMENT 1000 must arrive as
# eight 1000-byte datagrams, their checksums right.
cat >/tmp/udp-rx.py <<'EOF'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("10.0.0.2", 9999))
s.settimeout(10)
open("/tmp/udp-rx.ready", "w").close()
got = []
try:
    while len(got) < 8:
        d = s.recv(65535)
        got.append(d)
except socket.timeout:
    pass
print(len(got), sorted(set(len(d) for d in got)),
      all(d == bytes([i]) * 1000 for i, d in enumerate(got)))
EOF
cat >/tmp/udp-tx.py <<'EOF'
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_UDP, 103, 1000)  # UDP_SEGMENT
s.sendto(b"".join(bytes([i]) * 1000 for i in range(8)), ("10.0.0.2", 9999))
EOF
rm -f /tmp/udp-rx.ready
ip netns exec a python3 /tmp/udp-rx.py >/tmp/udp-rx.out 2>&1 &
rx_pid=$!
wait_for '[ -e /tmp/udp-rx.ready ]' 20 || fail "UDP receiver never started"
in_ns up python3 /tmp/udp-tx.py || fail "UDP_SEGMENT send failed"
wait "$rx_pid"
cat /tmp/udp-rx.out
[ "$(cat /tmp/udp-rx.out)" = "8 [1000] True" ] ||
	fail "UDP_SEGMENT burst arrived as: $(cat /tmp/udp-rx.out)"
log "UDP_SEGMENT: 8 datagrams of 1000 bytes"

# No receiver saw a bad checksum: the card completed every partial one.
for ns in a b; do
	ip netns exec "$ns" nstat -az TcpInCsumErrors UdpInCsumErrors \
		Icmp_InCsumErrors IpExtInCsumErrors >/tmp/nstat.out
	bad=$(awk '$1 ~ /CsumErrors$/ && $2 != 0' /tmp/nstat.out)
	[ -z "$bad" ] || { cat /tmp/nstat.out; fail "checksum errors in $ns"; }
done
log "no checksum errors at the receivers"
exit 0
