#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Uplink -> device packet rate with the uplink's xmit_more batching on and
# off, run inside the VM by bench/vm-uplink.sh.  Kernel pktgen (thread 0,
# "burst 32": 32 transmits per skb, all but the last with xmit_more) sends
# UDP frames on the uplink netdev ovnic0 to the MAC of an ovnic device
# whose virtio_vdpa netdev receives them in its own namespace, with no IP
# address (the frames die in ip_rcv; nothing answers).
#
#   burst   ovnic's uplink_burst=1: frames wait while xmit_more says more
#           follow and reach the card 32 at a time, one receive batch
#   single  uplink_burst=0: the card takes each frame on its own
#
# The parameter is flipped between cases (/sys/module/ovnic/parameters),
# so both run in the same boot, in rounds, alternating the order.  After
# each case the uplink's tx_packets must have grown by pktgen's count and
# the card's port_in_packets with it: a frame held past the call that
# ended its burst would show here.
#
# Raw results to $OVNIC_VM_OUT/uplink-raw.txt, one line per case:
#	MODE FRAME ROUND SENT USECS PKTGEN_PPS ERRORS RECEIVED CPU_BUSY_PCT
# plus "meta KEY VALUE" lines.
#
# Arguments: BENCH_SECS=N (seconds per case, 3), BENCH_ROUNDS=N (3),
# BENCH_FRAMES="64 1500" (pkt_size: L2 length without FCS).
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh
. bench/vm/lib.sh

bench_args "$@"
SECS=${BENCH_SECS:-3}
ROUNDS=${BENCH_ROUNDS:-3}
FRAMES=${BENCH_FRAMES:-64 1500}
OUT=${OVNIC_VM_OUT:-/tmp}/uplink-raw.txt
PG=/proc/net/pktgen
PARAM=/sys/module/ovnic/parameters/uplink_burst
: >"$OUT"

sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
ovnic_load
load_mod virtio_vdpa
load_mod pktgen
[ -w "$PARAM" ] || fail "no writable $PARAM"

{
	echo "meta nproc $(nproc)"
	echo "meta kernel $(uname -r)"
	echo "meta secs $SECS"
	echo "meta rounds $ROUNDS"
} >>"$OUT"

vdpa_add db mac 02:00:00:00:03:02
B_DEV=$(netdev_of db)
ip netns add b || fail "netns b"
ip link set dev "$B_DEV" netns b || fail "$B_DEV to netns b"
ip -n b link set dev "$B_DEV" up || fail "$B_DEV up"
ip link set dev ovnic0 up || fail "ovnic0 up"
B_MAC=$(ip netns exec b cat "/sys/class/net/$B_DEV/address")
log "receiver db: $B_DEV ($B_MAC) in netns b; sender ovnic0"

# Received by the device's netdev: rx_packets less rx_dropped.
rx() {
	local s=/sys/class/net/$B_DEV/statistics
	ip netns exec b sh -c "echo \$((\$(cat $s/rx_packets) - \$(cat $s/rx_dropped)))"
}

tx_stat() {
	cat "/sys/class/net/ovnic0/statistics/$1"
}

# The card's count of frames that arrived at its port.
port_in() {
	ethtool -S ovnic0 | awk '$1 == "port_in_packets:" { print $2 }'
}

cpu_ticks() {	# BUSY TOTAL over all vCPUs
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i;
		       print t - $5 - $6, t }' /proc/stat
}

# run_case MODE ROUND FRAME: SECS of pktgen with uplink_burst per MODE.
run_case() {
	local mode=$1 round=$2 frame=$3 kv r0 r1 res usec sent pps err pid
	local b0 t0 b1 t1 cpu tx0 tx1 txd0 txd1 p0 p1

	case "$mode" in
	burst) echo 1 >"$PARAM" ;;
	single) echo 0 >"$PARAM" ;;
	*) fail "unknown mode $mode" ;;
	esac
	echo "rem_device_all" >"$PG/kpktgend_0"
	echo "add_device ovnic0" >"$PG/kpktgend_0" || fail "pktgen add_device"
	for kv in "count 0" "clone_skb 0" "burst 32" "delay 0" \
		  "pkt_size $frame" "dst_mac $B_MAC" "dst 198.18.0.2" \
		  "src_min 198.18.0.1" "src_max 198.18.0.1" \
		  "udp_src_min 9" "udp_src_max 9"; do
		echo "$kv" >"$PG/ovnic0" || fail "pktgen ovnic0: $kv"
	done
	r0=$(rx)
	tx0=$(tx_stat tx_packets)
	txd0=$(tx_stat tx_dropped)
	p0=$(port_in)
	read -r b0 t0 < <(cpu_ticks)
	sh -c "echo start >$PG/pgctrl" &
	pid=$!
	sleep "$SECS"
	echo stop >"$PG/pgctrl"
	wait "$pid"
	read -r b1 t1 < <(cpu_ticks)
	sleep 0.5
	r1=$(rx)
	tx1=$(tx_stat tx_packets)
	txd1=$(tx_stat tx_dropped)
	p1=$(port_in)
	cpu=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) \
		'BEGIN { printf "%.1f", t ? 100 * b / t : 0 }')
	res=$(sed -n '/^Result: OK/,$p' "$PG/ovnic0")
	[ -n "$res" ] || { cat "$PG/ovnic0"; fail "no pktgen result"; }
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' <<<"$res")
	sent=$(sed -n 's/^Result: OK: [^,]*, \([0-9]*\) (.*/\1/p' <<<"$res")
	pps=$(sed -n 's/^ *\([0-9]*\)pps .*/\1/p' <<<"$res")
	err=$(sed -n 's/.*pps .*errors: \([0-9]*\).*/\1/p' <<<"$res")
	if [ -z "$usec" ] || [ -z "$sent" ] || [ -z "$pps" ] || [ -z "$err" ]; then
		fail "cannot parse pktgen result: $res"
	fi
	# Every frame pktgen sent reached the card (none held in a burst).
	[ $((tx1 - tx0 + txd1 - txd0)) = "$sent" ] ||
		fail "$mode $frame: pktgen sent $sent, uplink counted $((tx1 - tx0)) + $((txd1 - txd0)) dropped"
	[ $((p1 - p0)) = $((tx1 - tx0)) ] ||
		fail "$mode $frame: the card's port took $((p1 - p0)) of $((tx1 - tx0))"
	echo "$mode $frame $round $sent $usec $pps $err $((r1 - r0)) $cpu" >>"$OUT"
	log "round $round, $mode $frame bytes: sent $sent in $usec us ($pps pps), received $((r1 - r0)): $(((r1 - r0) * 1000000 / usec)) pps, cpu $cpu%"
}

for round in $(seq "$ROUNDS"); do
	order="burst single"
	[ $((round % 2)) = 0 ] && order="single burst"
	for frame in $FRAMES; do
		for m in $order; do
			run_case "$m" "$round" "$frame"
		done
	done
done
echo "rem_device_all" >"$PG/kpktgend_0"
echo 1 >"$PARAM"
vdpa dev vstats show db qidx 0 2>/dev/null
ethtool -S ovnic0
cat "$OUT"
exit 0
