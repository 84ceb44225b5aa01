#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Data-plane offloads partly or wholly off (issue 13): the card must
# deliver complete frames to whoever can't take GSO frames or partial
# checksums.  Devices d0 (netns a), d1 (netns b), the uplink ovnic0 (this
# namespace), and d2 (netns c), provisioned with vdpa-ctl without any guest
# offload (GUEST_CSUM, GUEST_TSO4/6, GUEST_ECN, GUEST_UFO, GUEST_USO4/6).
#
#   - sender offloads off (ethtool -K tx off tso off gso off on d0 and the
#     uplink): iperf3 TCP IPv4 at MTU 1500 and IPv6 at MTU 9000, d0 -> d1,
#     d0 -> uplink, uplink -> d0, UDP d0 -> d1; the senders really send
#     complete frames no larger than the MTU, and d0's tx_csum_none counts
#     them; an nc copy arrives intact;
#   - receiver guest offloads off (ethtool -K rx-gro-hw off on d1:
#     CTRL_GUEST_OFFLOADS_SET), MTU 9000: d0 and the uplink hand the card
#     GSO frames and d1 receives them cut to its MTU (the card segments);
#     rx-gro-hw on again and d1 receives them whole again;
#   - d2 negotiated no guest offload, MTU 1500: d0's and the uplink's GSO
#     frames reach it cut to its MTU, checksums complete (nc copies
#     intact);
#   - no TCP or UDP checksum error in any namespace.
#
# Throughput is printed at the end, not asserted.  Checks go on after a
# failure and are listed at the end with the features they need
# (offload-lib.sh; OVNIC_OFFLOAD_XFAIL=1 for a tree without them).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"
. "$(dirname "$0")/offload-lib.sh"

for t in iperf3 ethtool nc; do
	command -v $t >/dev/null || skip "no $t (make setup)"
done
need_ynl
VC=$REPO/vdpa-ctl/vdpa-ctl
[ -x "$VC" ] || fail "no $VC (make)"

ofl_devices 9000
ofl_features d0 d1

# d2: what d0 negotiated, less every guest offload and CTRL_GUEST_OFFLOADS
# (5.1.3.1: nothing else depends on them).
bits=$(vdpa_features d0)
mask=0
for ((i = 0; i < 64; i++)); do
	[ "${bits:i:1}" = 1 ] && mask=$((mask | 1 << i))
done
for f in GUEST_CSUM GUEST_TSO4 GUEST_TSO6 GUEST_ECN GUEST_USO4 GUEST_USO6 \
	 CTRL_GUEST_OFFLOADS; do
	mask=$((mask & ~(1 << OFL_BIT[$f])))
done
mask=$((mask & ~(1 << 10 | 1 << 59)))	# GUEST_UFO, GUEST_HDRLEN
servers=(a b up)
if run_to 30 "$VC" dev add name d2 mgmtdev ovnic0 mac 02:00:00:00:00:04 mtu 9000 \
	device_features "$(printf '%#x' "$mask")"; then
	C_DEV=$(netdev_of d2)
	netns_move "$C_DEV" c 10.0.0.4/24
	ip -n c addr add fd00::4/64 dev "$C_DEV" nodad || fail "c: fd00::4"
	EP_NS[c]=c EP_DEV[c]=$C_DEV EP_IP4[c]=10.0.0.4 EP_IP6[c]=fd00::4
	OFL_EXTRA_NS=c
	servers+=(c)
	c_bits=$(vdpa_features d2)
	for f in GUEST_CSUM GUEST_TSO4 GUEST_TSO6 GUEST_USO4; do
		[ "${c_bits:${OFL_BIT[$f]}:1}" = 0 ] ||
			fail "d2 negotiated $f, provisioned without it"
	done
	log "d2 provisioned with features $(printf '%#x' "$mask"): no guest offload"
	ping_ok a 10.0.0.4
	ping_ok c fd00::1
else
	bad - "vdpa-ctl dev add d2 with device_features $(printf '%#x' "$mask") (d0's less the guest offloads) failed"
fi
ping_ok a 10.0.0.3
csum0=$(csum_errors)
ofl_servers "${servers[@]}"

# tso_need EP FAMILY: what an endpoint needs to send GSO frames.
tso_need() {
	if [ "$1" = up ]; then echo uplink; else echo "HOST_TSO$2"; fi
}

log "== sender offloads off (tx, tso, gso) on d0 and the uplink"
OFL_MODE="sender off"
ofl_ethtool_k a tx off tso off gso off
ofl_ethtool_k up tx off tso off gso off
for f in tx-checksumming tcp-segmentation-offload generic-segmentation-offload; do
	for ep in a up; do
		v=$(feature_of "$ep" "$f")
		expect - "$ep: $f off ($v)" test "${v%% *}" = off
	done
done
# shellcheck disable=SC2034 # filled and read through namerefs
declare -A a0 a1 s0 s1
for mtu in 1500 9000; do
	set_mtu "$mtu" "${servers[@]}"
	ofl_snap a a0 q
	fam=$((mtu == 1500 ? 4 : 6))
	for pair in "a b" "a up" "up a"; do
		read -r src dst <<<"$pair"
		ofl_snap "$src" s0 s
		ofl_iperf TCP "$fam" "$src" "$dst" || continue
		ofl_snap "$src" s1 s
		tx=$(avg_frame s0 s1 tx)
		expect - "TCP IPv$fam MTU $mtu $src -> $dst: $src sent no frame above the MTU with its offloads off (average $tx bytes)" \
			test "$tx" -le $((mtu + 14))
	done
	ofl_iperf UDP "$fam" a b
	ofl_snap a a1 q
	v=$(sdelta a0 a1 q.tx-csum-none)
	expect stats:TX_CSUM "MTU $mtu: d0's tx_csum_none counted its complete checksums (${v:-no such counter})" \
		test "${v:-0}" -gt 0
	v=$(sdelta a0 a1 q.tx-needs-csum)
	[ -n "$v" ] && expect - "MTU $mtu: and its tx_needs_csum nothing ($v)" test "$v" = 0
done
ofl_copy a b 4 4
ofl_copy up a 6 4
ofl_ethtool_k a tx on tso on gso on
ofl_ethtool_k up tx on tso on gso on

# seg_flow FAMILY SRC DST: TCP; SRC hands the card GSO frames and DST
# receives them cut to its MTU.  NEED: what DST relies on.
seg_flow() {
	local fam=$1 src=$2 dst=$3 mtu tx rx
	# shellcheck disable=SC2034 # filled and read through namerefs
	local -A s0 s1 d0 d1
	read -r mtu <"/sys/class/net/ovnic0/mtu"
	ofl_snap "$src" s0 s
	ofl_snap "$dst" d0 s
	ofl_iperf TCP "$fam" "$src" "$dst" || return
	ofl_snap "$src" s1 s
	ofl_snap "$dst" d1 s
	tx=$(avg_frame s0 s1 tx)
	rx=$(avg_frame d0 d1 rx)
	log "TCP IPv$fam MTU $mtu $src -> $dst: $src sent $tx-byte frames on average, $dst received $rx"
	expect "$(tso_need "$src" "$fam")" \
		"TCP IPv$fam MTU $mtu $src -> $dst: $src hands the card GSO frames (average $tx bytes)" \
		test "$tx" -gt $((mtu + 14))
	expect "$NEED" "TCP IPv$fam MTU $mtu $src -> $dst: $dst receives no frame above its MTU (average $rx bytes)" \
		test "$rx" -le $((mtu + 14))
}

log "== d1's guest offloads off (rx-gro-hw off), MTU 9000"
OFL_MODE="rx-gro-hw off"
set_mtu 9000 "${servers[@]}"
ofl_ethtool_k b rx-gro-hw off
v=$(feature_of b rx-gro-hw)
expect CTRL_GUEST_OFFLOADS "d1: rx-gro-hw off ($v)" test "$v" = off
NEED=CTRL_GUEST_OFFLOADS
seg_flow 4 a b
seg_flow 6 a b
seg_flow 4 up b
ofl_copy a b 4 4
ofl_ethtool_k b rx-gro-hw on
OFL_MODE="rx-gro-hw on"
# shellcheck disable=SC2034 # filled and read through namerefs
declare -A d0 d1
ofl_snap b d0 s
ofl_iperf TCP 4 a b
ofl_snap b d1 s
rx=$(avg_frame d0 d1 rx)
expect HOST_TSO4,GUEST_TSO4,CTRL_GUEST_OFFLOADS \
	"d1: rx-gro-hw on again, GSO frames reach it whole again (average $rx bytes)" \
	test "$rx" -gt 9014

if [ -n "${EP_NS[c]:-}" ]; then
	log "== d2 negotiated no guest offload, MTU 1500"
	OFL_MODE="d2 no offload"
	NEED=-
	set_mtu 1500 "${servers[@]}"
	seg_flow 4 a c
	seg_flow 6 a c
	seg_flow 4 up c
	ofl_copy a c 4 4
	ofl_copy up c 6 4
fi
ofl_servers_stop

csum1=$(csum_errors)
expect - "no TCP or UDP checksum errors in any namespace ($((csum1 - csum0)))" \
	test "$csum1" = "$csum0"
ofl_finish
