#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packet rate against the reference device, run inside the VM by
# bench/vm-pps.sh.  Kernel pktgen (thread 0, one skb per frame) sends UDP
# frames of each size for a fixed time from a virtio_vdpa netdev:
#
#   sim-loop    upstream's vdpa_sim_net, which loops its TX back to its RX;
#               pktgen to the netdev's own MAC, counted on the same netdev
#   ovnic-loop  an ovnic device with loopback on (vdpa-ctl dev link set DEV
#               loopback on), the same traffic, counted the same way
#   dev2dev     ovnic device A to device B's MAC, counted on B
#   dev2up      ovnic device A to the uplink ovnic0's MAC, counted on ovnic0
#
# Receivers have no IP address (B and the uplink in their own namespaces):
# the frames die in ip_rcv and nothing answers.  Received = delta of the
# receiving netdev's rx_packets minus its rx_dropped, over pktgen's elapsed
# time, read 0.5 s after pktgen stopped so the rings drain.  The cases run
# in rounds (every size, and for each size every case, once per round), so
# a change in the load of a shared host falls on all of them alike.
#
# Raw results, one line per round, case and frame size, go to
# $OVNIC_VM_OUT/pps-raw.txt:
#	CASE FRAME ROUND SENT USECS PKTGEN_PPS ERRORS RECEIVED CPU_BUSY_PCT
#	CASE FRAME ROUND skipped REASON...
# plus "meta KEY VALUE" lines.
#
# Arguments: BENCH_SECS=N (seconds per case, 3), BENCH_ROUNDS=N (5),
# BENCH_FRAMES="64 1500" (L2 frame lengths without FCS, as pktgen's
# pkt_size), BENCH_CASES="sim-loop ovnic-loop dev2dev dev2up",
# BENCH_SIM_DIR (the vdpa_sim modules, build/bench/vdpa_sim).
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh
. bench/vm/lib.sh

bench_args "$@"
SECS=${BENCH_SECS:-3}
ROUNDS=${BENCH_ROUNDS:-5}
FRAMES=${BENCH_FRAMES:-64 1500}
CASES=${BENCH_CASES:-sim-loop ovnic-loop dev2dev dev2up}
SIM=${BENCH_SIM_DIR:-$PWD/build/bench/vdpa_sim}
OUT=${OVNIC_VM_OUT:-/tmp}/pps-raw.txt
VC=$PWD/vdpa-ctl/vdpa-ctl
PG=/proc/net/pktgen
: >"$OUT"

for m in vringh vdpa_sim vdpa_sim_net; do
	[ -f "$SIM/$m.ko" ] || fail "no $SIM/$m.ko (bash bench/vdpa-sim-build.sh)"
done
[ -x "$VC" ] || fail "no $VC (make)"

# Nothing of the guest's own (router solicitations, MLD) on the wires.
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

ovnic_load
load_mod virtio_vdpa
load_mod pktgen
# vringh is not in Debian's kernel: ours, after its dependency vhost_iotlb.
load_mod vhost_iotlb
for m in vringh vdpa_sim vdpa_sim_net; do
	[ -d /sys/module/$m ] || run_to 60 insmod "$SIM/$m.ko" ||
		fail "insmod $SIM/$m.ko"
done

{
	echo "meta nproc $(nproc)"
	echo "meta kernel $(uname -r)"
	echo "meta secs $SECS"
	echo "meta rounds $ROUNDS"
} >>"$OUT"

# ---- devices ----
run_to 30 vdpa dev add name sim0 mgmtdev vdpasim_net mac 02:00:00:00:01:01 ||
	fail "vdpa dev add sim0"
vdpa_add lp0 mac 02:00:00:00:02:01
vdpa_add da mac 02:00:00:00:03:01
vdpa_add db mac 02:00:00:00:03:02
SIM_DEV=$(netdev_of sim0)
LP_DEV=$(netdev_of lp0)
A_DEV=$(netdev_of da)
B_DEV=$(netdev_of db)
for d in "$SIM_DEV" "$LP_DEV" "$A_DEV"; do
	ip link set dev "$d" up || fail "$d up"
done
for p in "$B_DEV:b" "ovnic0:up"; do
	ns=${p#*:}
	ip netns add "$ns" || fail "netns $ns"
	ip link set dev "${p%:*}" netns "$ns" || fail "${p%:*} to netns $ns"
	ip -n "$ns" link set dev "${p%:*}" up || fail "${p%:*} up"
done
UP_MAC=$(ip netns exec up cat /sys/class/net/ovnic0/address)
B_MAC=$(ip netns exec b cat "/sys/class/net/$B_DEV/address")
vdpa dev show
log "netdevs: sim0 $SIM_DEV, lp0 $LP_DEV, da $A_DEV, db $B_DEV (netns b), ovnic0 (netns up)"

LOOP=0
if run_to 30 "$VC" dev link set lp0 loopback on; then
	LOOP=1
	log "ovnic loopback on lp0"
fi

# rx NS DEV: received packets of DEV (NS "-" = this namespace), rx_packets
# less rx_dropped (frames counted and then refused by the stack's backlog).
rx() {
	local s=/sys/class/net/$2/statistics
	if [ "$1" = - ]; then
		echo $(($(cat "$s/rx_packets") - $(cat "$s/rx_dropped")))
	else
		ip netns exec "$1" sh -c "echo \$((\$(cat $s/rx_packets) - \$(cat $s/rx_dropped)))"
	fi
}

pg_set() {	# pg_set FILE "CMD ARGS"...
	local f=$1 kv
	shift
	for kv in "$@"; do
		echo "$kv" >"$f" || fail "pktgen $f: $kv"
	done
}

cpu_ticks() {	# BUSY TOTAL over all vCPUs
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i;
		       print t - $5 - $6, t }' /proc/stat
}

# run_case NAME ROUND FRAME TXDEV DST_MAC RXNS RXDEV: SECS of pktgen.
run_case() {
	local name=$1 round=$2 frame=$3 tx=$4 mac=$5 ns=$6 rxd=$7
	local r0 r1 res usec sent pps err pid b0 t0 b1 t1 cpu
	echo "rem_device_all" >"$PG/kpktgend_0"
	echo "add_device $tx" >"$PG/kpktgend_0" || fail "pktgen add_device $tx"
	pg_set "$PG/$tx" "count 0" "clone_skb 0" "burst 1" "delay 0" \
		"pkt_size $frame" "dst_mac $mac" "dst 198.18.0.2" \
		"src_min 198.18.0.1" "src_max 198.18.0.1" \
		"udp_src_min 9" "udp_src_max 9"
	r0=$(rx "$ns" "$rxd")
	read -r b0 t0 < <(cpu_ticks)
	sh -c "echo start >$PG/pgctrl" &
	pid=$!
	sleep "$SECS"
	echo stop >"$PG/pgctrl"
	wait "$pid"
	read -r b1 t1 < <(cpu_ticks)
	sleep 0.5
	r1=$(rx "$ns" "$rxd")
	cpu=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) \
		'BEGIN { printf "%.1f", t ? 100 * b / t : 0 }')
	# Result: OK: 5000393(c5000000+d393) usec, 312345 (64byte,0frags)
	#   62468pps 31Mb/sec (31983616bps) errors: 0
	res=$(sed -n '/^Result: OK/,$p' "$PG/$tx")
	[ -n "$res" ] || { cat "$PG/$tx"; fail "no pktgen result for $name"; }
	usec=$(sed -n 's/^Result: OK: \([0-9]*\)(.*/\1/p' <<<"$res")
	sent=$(sed -n 's/^Result: OK: [^,]*, \([0-9]*\) (.*/\1/p' <<<"$res")
	pps=$(sed -n 's/^ *\([0-9]*\)pps .*/\1/p' <<<"$res")
	err=$(sed -n 's/.*pps .*errors: \([0-9]*\).*/\1/p' <<<"$res")
	if [ -z "$usec" ] || [ -z "$sent" ] || [ -z "$pps" ] || [ -z "$err" ]; then
		fail "cannot parse pktgen result: $res"
	fi
	echo "$name $frame $round $sent $usec $pps $err $((r1 - r0)) $cpu" >>"$OUT"
	log "round $round, $name $frame bytes: sent $sent in $usec us ($pps pps, $err errors), received $((r1 - r0)): $(((r1 - r0) * 1000000 / usec)) pps, cpu $cpu%"
}

# Every other round runs the cases in reverse order, so that a drift in the
# host's load favours none of them.
for round in $(seq "$ROUNDS"); do
	order=$CASES
	# shellcheck disable=SC2086 # a list
	[ $((round % 2)) = 0 ] && order=$(printf '%s\n' $CASES | tac | tr '\n' ' ')
	for frame in $FRAMES; do
		for c in $order; do
			case "$c" in
			sim-loop)
				run_case sim-loop "$round" "$frame" "$SIM_DEV" \
					02:00:00:00:01:01 - "$SIM_DEV" ;;
			ovnic-loop)
				if [ "$LOOP" = 1 ]; then
					run_case ovnic-loop "$round" "$frame" "$LP_DEV" \
						02:00:00:00:02:01 - "$LP_DEV"
				else
					[ "$round$frame" = "1${FRAMES%% *}" ] &&
						echo "ovnic-loop: skipped (no loopback support)"
					echo "ovnic-loop $frame $round skipped no loopback support" >>"$OUT"
				fi ;;
			dev2dev)
				run_case dev2dev "$round" "$frame" "$A_DEV" "$B_MAC" b "$B_DEV" ;;
			dev2up)
				run_case dev2up "$round" "$frame" "$A_DEV" "$UP_MAC" up ovnic0 ;;
			*) fail "unknown case $c" ;;
			esac
		done
	done
done
echo "rem_device_all" >"$PG/kpktgend_0"

# the devices' own view, for the log
for d in sim0 lp0 da db; do
	vdpa dev vstats show "$d" qidx 0 2>/dev/null
done
cat "$OUT"
exit 0
