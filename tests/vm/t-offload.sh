#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Data-plane offloads with everything on (issue 13), through virtio_vdpa
# and Linux's virtio_net: devices d0 (netns a) and d1 (netns b) and the
# uplink ovnic0 (this namespace).
#
#   - virtio_net negotiated CSUM, GUEST_CSUM, CTRL_GUEST_OFFLOADS, the
#     TSO/ECN/USO features both ways and MRG_RXBUF; ethtool -k shows them
#     (tx-checksumming, TSO, ECN, USO changeable, rx-gro-hw on and
#     changeable), the uplink has checksum and TSO offloads, and the card
#     advertises the checksum and GSO statistics types;
#   - iperf3 TCP and UDP, IPv4 and IPv6, MTU 1500 and 9000: d0 -> d1,
#     d0 -> uplink, uplink -> d0.  For TCP the sender hands the card GSO
#     frames (its average transmitted frame is larger than the MTU) and the
#     receiver gets them whole (so is its average received frame): the
#     card passes GSO frames intact between devices that negotiated the
#     guest offloads, and to and from the uplink.  After each MTU, the
#     card's counters (ethtool -S and the netdev family's queue
#     statistics) show checksum and GSO offload at work on both sides;
#   - UDP segmentation (UDP_SEGMENT, tx-udp-segmentation on): every
#     datagram arrives, checked byte for byte;
#   - a few MB copied with nc (md5) d0 -> d1, uplink -> d0, d0 -> uplink;
#     no TCP or UDP checksum error anywhere.
#
# Throughput is printed at the end, not asserted.  Checks go on after a
# failure and are listed at the end with the features they need
# (offload-lib.sh; OVNIC_OFFLOAD_XFAIL=1 for a tree without them).
# t-offload-seg.sh covers offloads off and the card segmenting.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"
. "$(dirname "$0")/offload-lib.sh"

for t in iperf3 ethtool nc; do
	command -v $t >/dev/null || skip "no $t (make setup)"
done
need_ynl

ofl_devices 9000
vdpa mgmtdev show
vdpa dev config show d0
ofl_features d0 d1
for f in $OFL_WANT; do
	expect "$f" "virtio_net and the card negotiated $f" test -n "${OFL_HAVE[$f]:-}"
done

log "== ethtool -i, -k"
ip netns exec a ethtool -i "$A_DEV"
ip netns exec a ethtool -k "$A_DEV" | grep -E '^(rx-|tx-|scatter|tcp|generic|large)' |
	grep -v ': off \[fixed\]'
[ "$(ip netns exec a ethtool -i "$A_DEV" | sed -n 's/^driver: //p')" = virtio_net ] ||
	fail "$A_DEV is not a virtio_net netdev"
ka=$(at a ethtool -k "$A_DEV")
kup=$(at up ethtool -k ovnic0)
kon() {	# kon NEEDS FEATURE WANT: ethtool -k FEATURE of a is WANT
	local v
	v=$(feature_of a "$2" "$ka")
	# shellcheck disable=SC2053 # $3 is a pattern
	expect "$1" "$A_DEV: $2 is $3 ($v)" eval "[[ \"\$v\" == $3 ]]"
}
kon CSUM tx-checksumming "on*"
kon CSUM tx-checksum-ip-generic "on*"
kon CSUM scatter-gather "on*"
kon HOST_TSO4 tx-tcp-segmentation "on*"
kon HOST_TSO6 tx-tcp6-segmentation "on*"
kon HOST_ECN tx-tcp-ecn-segmentation "on*"
# virtio_net offers USO to the stack without turning it on
v=$(feature_of a tx-udp-segmentation "$ka")
expect HOST_USO "$A_DEV: tx-udp-segmentation can be turned on ($v)" \
	test "${v% \[*}" = "$v"
kon GUEST_TSO4 rx-gro-hw "on*"
v=$(feature_of a rx-gro-hw "$ka")
expect CTRL_GUEST_OFFLOADS "$A_DEV: rx-gro-hw can be changed ($v)" \
	test "${v% \[*}" = "$v"
ethtool -k ovnic0 | grep -E '^(tx-checksumming|scatter|tcp|generic)'
for f in tx-checksumming scatter-gather tx-tcp-segmentation tx-tcp6-segmentation; do
	v=$(feature_of up "$f" "$kup")
	expect uplink "uplink ovnic0: $f is on ($v)" test "${v%% *}" = on
done
ofl_stats_caps a
expect GUEST_CSUM,DEVICE_STATS,stats:RX_CSUM "the card advertises RX_CSUM statistics" \
	test -n "${OFL_HAVE[stats:RX_CSUM]:-}"
expect CSUM,DEVICE_STATS,stats:TX_CSUM "the card advertises TX_CSUM statistics" \
	test -n "${OFL_HAVE[stats:TX_CSUM]:-}"
expect GUEST_TSO4,DEVICE_STATS,stats:RX_GSO "the card advertises RX_GSO statistics" \
	test -n "${OFL_HAVE[stats:RX_GSO]:-}"
expect HOST_TSO4,DEVICE_STATS,stats:TX_GSO "the card advertises TX_GSO statistics" \
	test -n "${OFL_HAVE[stats:TX_GSO]:-}"

ping_ok a 10.0.0.3
ping_ok a fd00::3
ping_ok a 10.0.0.1
ping_ok b fd00::1
csum0=$(csum_errors)

# tso_need EP FAMILY: what an endpoint needs to send GSO frames.
tso_need() {
	if [ "$1" = up ]; then echo uplink; else echo "HOST_TSO$2"; fi
}
# gro_need EP FAMILY: what an endpoint needs to receive them whole.
gro_need() {
	if [ "$1" = up ]; then echo uplink; else echo "GUEST_TSO$2"; fi
}

# tcp_flow FAMILY SRC DST: iperf3 TCP; SRC hands the card GSO frames and
# DST receives them whole.
tcp_flow() {
	local fam=$1 src=$2 dst=$3 mtu tx rx
	local -A s0 s1 d0 d1
	read -r mtu <"/sys/class/net/ovnic0/mtu"
	ofl_snap "$src" s0 s
	ofl_snap "$dst" d0 s
	ofl_iperf TCP "$fam" "$src" "$dst" || return
	ofl_snap "$src" s1 s
	ofl_snap "$dst" d1 s
	tx=$(avg_frame s0 s1 tx)
	rx=$(avg_frame d0 d1 rx)
	expect "$(tso_need "$src" "$fam")" \
		"TCP IPv$fam MTU $mtu $src -> $dst: $src hands the card GSO frames (average $tx bytes)" \
		test "$tx" -gt $((mtu + 14))
	expect "$(tso_need "$src" "$fam"),$(gro_need "$dst" "$fam")" \
		"TCP IPv$fam MTU $mtu $src -> $dst: $dst receives them whole (average $rx bytes)" \
		test "$rx" -gt $((mtu + 14))
}

# moved NEEDS MSG SNAP1 SNAP2 KEY...: the counters KEYs grew.
moved() {
	local needs=$1 msg=$2 d
	d=$(sdelta "$3" "$4" "${@:5}")
	expect "$needs" "$msg: ${d:-no such counter} (${*:5})" test "${d:-0}" -gt 0
}

OFL_MODE="offloads on"
ofl_servers a b up
# shellcheck disable=SC2034 # filled and read through namerefs
declare -A a0 a1 b0 b1
for mtu in 1500 9000; do
	log "== MTU $mtu, offloads on"
	set_mtu "$mtu"
	ofl_snap a a0 q
	ofl_snap b b0 q
	for fam in 4 6; do
		tcp_flow "$fam" a b
		tcp_flow "$fam" a up
		tcp_flow "$fam" up a
		ofl_iperf UDP "$fam" a b
		ofl_iperf UDP "$fam" a up
		ofl_iperf UDP "$fam" up a
	done
	ofl_snap a a1 q
	ofl_snap b b1 q
	moved CSUM,stats:TX_CSUM "MTU $mtu: d0's tx_needs_csum counted its partial checksums" \
		a0 a1 q.tx-needs-csum
	moved HOST_TSO4,stats:TX_GSO "MTU $mtu: d0's tx GSO counters counted its GSO frames" \
		a0 a1 q.tx-hw-gso-packets eth.tx_hw_gso_packets_noseg
	moved GUEST_CSUM,stats:RX_CSUM "MTU $mtu: d1's rx checksum counters moved (needs_csum, csum_valid)" \
		b0 b1 eth.rx_hw_needs_csum q.rx-csum-unnecessary
	moved GUEST_TSO4,stats:RX_GSO "MTU $mtu: d1's rx_gso_packets counted the GSO frames from d0" \
		b0 b1 q.rx-hw-gro-packets
	moved GUEST_TSO4,stats:RX_GSO,uplink "MTU $mtu: d0's rx_gso_packets counted the GSO frames from the uplink" \
		a0 a1 q.rx-hw-gro-packets
	grep -E '^q\.(rx-csum|rx-hw-gro|tx-needs|tx-csum|tx-hw-gso)|^eth\.(rx|tx)_hw_(needs|gso)' \
		/tmp/b1 /tmp/a1 | sed 's/^/  /'
	if [ "$mtu" = 1500 ]; then
		ofl_copy a b 4
		ofl_copy up a 6
	else
		ofl_copy a up 4
		ofl_copy b a 4
	fi
done

ofl_servers_stop

log "== UDP segmentation (UDP_SEGMENT), MTU 1500"
set_mtu 1500
# shellcheck disable=SC2034 # filled and read through namerefs
declare -A s0 s1 d0 d1
ofl_ethtool_k a tx-udp-segmentation on
v=$(feature_of a tx-udp-segmentation)
expect HOST_USO "$A_DEV: tx-udp-segmentation on ($v)" test "${v%% *}" = on
N=60 SEGS=8
for fam in 4 6; do
	if [ "$fam" = 4 ]; then ip=10.0.0.3; else ip=fd00::3; fi
	port=$((OFL_PORT += 1))
	rm -f /tmp/uso.ready /tmp/uso.out
	ofl_snap a s0 s
	ofl_snap b d0 s
	nsx b python3 "$REPO/tests/vm/tools/uso.py" recv "$ip" "$port" /tmp/uso.ready >/tmp/uso.out &
	pid=$!
	wait_for '[ -e /tmp/uso.ready ]' 20 || fail "uso.py recv did not start"
	nsx a python3 "$REPO/tests/vm/tools/uso.py" send "$ip" "$port" "$N" "$SEGS" 1400 ||
		bad - "uso.py send over IPv$fam failed"
	wait "$pid"
	ofl_snap a s1 s
	ofl_snap b d1 s
	read -r _ valid _ badd _ <"/tmp/uso.out" || valid=0
	log "USO IPv$fam: $(cat /tmp/uso.out) of $((N * SEGS)) sent"
	expect - "USO IPv$fam: at least 90% of $((N * SEGS)) datagrams arrived intact ($valid)" \
		test "${valid:-0}" -ge $((N * SEGS * 9 / 10))
	expect - "USO IPv$fam: no damaged datagram (${badd:-?})" test "${badd:-1}" = 0
	tx=$(avg_frame s0 s1 tx)
	rx=$(avg_frame d0 d1 rx)
	expect HOST_USO "USO IPv$fam: d0 hands the card UDP GSO frames (average $tx bytes)" \
		test "$tx" -gt 1514
	expect "HOST_USO,GUEST_USO$fam" "USO IPv$fam: d1 receives them whole (average $rx bytes)" \
		test "$rx" -gt 1514
done

csum1=$(csum_errors)
expect - "no TCP or UDP checksum errors in any namespace ($((csum1 - csum0)))" \
	test "$csum1" = "$csum0"
run_to 30 "$REPO/vdpa-ctl/vdpa-ctl" dev stats show d0 || true
run_to 30 "$REPO/vdpa-ctl/vdpa-ctl" dev stats show d1 || true
ofl_finish
