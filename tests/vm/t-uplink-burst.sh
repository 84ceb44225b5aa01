#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The uplink's xmit_more batching (kernel/uplink.c, uplink_burst): kernel
# pktgen with "burst 20" (19 of every 20 transmits say more follow; not a
# divisor of the uplink's 32, so runs end inside a burst) sends a fixed
# count on ovnic0 to a device, with batching on and off, plain and
# with page fragments (the card copies from the skb's pieces): every frame
# pktgen counted as sent is counted by the uplink (tx_packets + tx_dropped)
# and taken by the card's port (port_in_packets), so no frame stays in a
# burst after the transmit that ended its run; the device receives them.
# Then the uplink goes down while pktgen sends without end: what the
# stopped queue left in a burst is sent by ndo_stop, and the counts still
# agree.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

PG=/proc/net/pktgen
PARAM=/sys/module/ovnic/parameters/uplink_burst

ovnic_load
load_mod virtio_vdpa
load_mod pktgen
[ -w "$PARAM" ] || fail "no writable $PARAM"
[ "$(cat "$PARAM")" = Y ] || fail "uplink_burst is $(cat "$PARAM"), want Y by default"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
vdpa_add db mac 02:00:00:00:03:02
B_DEV=$(netdev_of db)
ip netns add b || fail "netns b"
ip link set dev "$B_DEV" netns b || fail "$B_DEV to netns b"
ip -n b link set dev "$B_DEV" up || fail "$B_DEV up"
ip link set dev ovnic0 up || fail "ovnic0 up"
B_MAC=$(ip netns exec b cat "/sys/class/net/$B_DEV/address")

rx() {
	ip netns exec b cat "/sys/class/net/$B_DEV/statistics/rx_packets"
}
tx_stat() {
	cat "/sys/class/net/ovnic0/statistics/$1"
}
port_in() {
	ethtool -S ovnic0 | awk '$1 == "port_in_packets:" { print $2 }'
}
pg_setup() {	# pg_setup COUNT FRAME FRAGS BURST
	local kv
	echo "rem_device_all" >"$PG/kpktgend_0"
	echo "add_device ovnic0" >"$PG/kpktgend_0" || fail "pktgen add_device"
	for kv in "count $1" "clone_skb 0" "burst $4" "delay 0" \
		  "pkt_size $2" "frags $3" "dst_mac $B_MAC" "dst 198.18.0.2" \
		  "src_min 198.18.0.1" "src_max 198.18.0.1"; do
		echo "$kv" >"$PG/ovnic0" || fail "pktgen ovnic0: $kv"
	done
}
pg_sent() {
	sed -n 's/^Result: OK: [^,]*, \([0-9]*\) (.*/\1/p' "$PG/ovnic0"
}

# counts_agree WHAT SENT TX0 TXD0 P0: the uplink and the card saw SENT.
counts_agree() {
	local tx txd p
	tx=$(($(tx_stat tx_packets) - $3))
	txd=$(($(tx_stat tx_dropped) - $4))
	p=$(($(port_in) - $5))
	[ $((tx + txd)) = "$2" ] ||
		fail "$1: pktgen sent $2, the uplink counted $tx sent + $txd dropped"
	[ "$txd" = 0 ] || fail "$1: the uplink dropped $txd"
	[ "$p" = "$tx" ] || fail "$1: the card's port took $p of $tx"
}

# Not a multiple of 32: the last run ends with frames in a burst.
N=20020
for mode in 1 0; do
	for frags in 0 3; do
		echo "$mode" >"$PARAM"
		pg_setup "$N" 600 "$frags" 20
		r0=$(rx)
		tx0=$(tx_stat tx_packets)
		txd0=$(tx_stat tx_dropped)
		p0=$(port_in)
		# pktgen waits for its skb to come back: a frame held in a
		# burst past the end of the run hangs it here.
		run_to 120 sh -c "echo start >$PG/pgctrl" ||
			fail "uplink_burst=$mode frags $frags: pktgen did not finish (a frame held?)"
		sent=$(pg_sent)
		[ "$sent" = "$N" ] || { cat "$PG/ovnic0"; fail "pktgen sent '$sent' of $N"; }
		counts_agree "uplink_burst=$mode frags $frags" "$sent" "$tx0" "$txd0" "$p0"
		wait_for "[ \$((\$(rx) - $r0)) -gt 0 ]" 10 ||
			fail "uplink_burst=$mode frags $frags: the device received nothing"
		log "uplink_burst=$mode, frags $frags: $sent sent, all taken by the card, $(($(rx) - r0)) received"
	done
done

# Down while sending: the queue stops between two transmits of a burst.
echo 1 >"$PARAM"
pg_setup 0 64 0 32
tx0=$(tx_stat tx_packets)
txd0=$(tx_stat tx_dropped)
p0=$(port_in)
sh -c "echo start >$PG/pgctrl" &
pid=$!
sleep 2
ip link set dev ovnic0 down || fail "ovnic0 down"
sleep 0.5
echo stop >"$PG/pgctrl"
wait "$pid"
sent=$(pg_sent)
[ -n "$sent" ] && [ "$sent" -gt 0 ] || { cat "$PG/ovnic0"; fail "pktgen sent nothing"; }
# The port went down after the last frames: the card counts those as
# refused (port_in_drop_link_down), not taken; the uplink counted them.
tx=$(($(tx_stat tx_packets) - tx0))
txd=$(($(tx_stat tx_dropped) - txd0))
[ $((tx + txd)) = "$sent" ] ||
	fail "down while sending: pktgen sent $sent, the uplink counted $tx sent + $txd dropped"
log "down while sending: $sent sent, uplink counted $tx + $txd dropped, card took $(($(port_in) - p0))"
echo "rem_device_all" >"$PG/kpktgend_0"
exit 0
