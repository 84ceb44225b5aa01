#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Coalescing benchmark, run inside the VM by bench/coal.sh: one ovnic
# device under Linux's virtio_net (virtio_vdpa), the uplink ovnic0 as the
# far end.  For each moderation mode:
#
#   - latency at low load: sockperf UDP ping-pong, 64-byte messages, 200
#     per second, from the uplink to the device (half round trip, usecs);
#   - a UDP flood from the uplink at a fixed offered rate (pktgen, 64-byte
#     frames): interrupts per 1000 received packets (the card's counters:
#     virtio_vdpa interrupts never reach /proc/interrupts), guest CPU busy
#     (/proc/stat, all vCPUs), drops;
#   - the same flood unpaced: packets per second delivered.
#
# Then control-queue round trips: the duration of every
# virtnet_send_command_reply() call (function_graph tracer) over a loop of
# ethtool -C / ethtool -S.  Results go to $OVNIC_VM_OUT/coal-bench.json.
#
# Arguments BENCH_FLOOD=N (packets per flood, 10000), BENCH_RATE=N
# (offered pps of the paced flood, 1000: every mode keeps up with it under
# TCG on a shared host), BENCH_LAT_SECS=N (sockperf seconds, 5),
# BENCH_CARD_RATE=N (the card's adaptive target, interrupts/s, 500),
# BENCH_MODES="..." (default "off static dim card").
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh
. bench/vm/lib.sh

bench_args "$@"
FLOOD=${BENCH_FLOOD:-10000}
RATE=${BENCH_RATE:-1000}
LAT_SECS=${BENCH_LAT_SECS:-5}
MODES=${BENCH_MODES:-off static dim card}
D0_MAC=02:00:00:00:00:02
PG=/proc/net/pktgen
OUT=${OVNIC_VM_OUT:-/tmp}/coal-bench.json
STATIC_USECS=256
STATIC_FRAMES=64
# The card's adaptive target: under TCG a flood is a few thousand packets/s.
CARD_RATE=${BENCH_CARD_RATE:-500}
VC=$PWD/vdpa-ctl/vdpa-ctl

command -v sockperf >/dev/null || skip "sockperf is not installed (make setup)"
ovnic_load
load_mod virtio_vdpa
load_mod pktgen
vdpa_add d0 mac "$D0_MAC"
dev=$(netdev_of d0)
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
ip addr add 10.0.0.1/24 dev ovnic0
ip link set ovnic0 up
netns_move "$dev" a 10.0.0.2/24
ip -n a neigh add 10.0.0.1 lladdr "$(cat /sys/class/net/ovnic0/address)" \
	dev "$dev" nud permanent
ip neigh add 10.0.0.2 lladdr "$D0_MAC" dev ovnic0 nud permanent
echo "add_device ovnic0" >"$PG/kpktgend_0"

eta() { in_ns a ethtool "$@"; }

declare -A VS
vs_load() {	# the card's fields of receive queue 0
	local line
	line=$(run_to 30 vdpa dev vstats show d0 qidx 0) || fail "vstats"
	# shellcheck disable=SC2086
	set -- ${line#*: }
	VS=()
	while [ $# -ge 2 ]; do
		VS[$1]=$2
		shift 2
	done
}

cpu_ticks() {	# BUSY TOTAL over all vCPUs
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i;
		       print t - $5 - $6, t }' /proc/stat
}

# flood RATE: pktgen, FLOOD frames to d0's MAC for an address it doesn't
# have (dropped by its stack without an answer); RATE 0 = unpaced.
flood() {
	local f=$PG/ovnic0 kv rate="delay 0" b0 t0 b1 t1 n0 n1
	[ "$1" != 0 ] && rate="ratep $1"
	for kv in "count $FLOOD" "pkt_size 64" "$rate" "dst 10.0.0.99" \
		  "dst_mac $D0_MAC" "src_min 10.0.0.1" "src_max 10.0.0.1"; do
		echo "$kv" >"$f" || fail "pktgen: $kv"
	done
	vs_load
	P0=${VS[packets]}; I0=${VS[interrupts]}; D0=${VS[drop_no_buffer]}
	read -r b0 t0 < <(cpu_ticks)
	n0=$(date +%s%N)
	run_to 600 sh -c "echo start >$PG/pgctrl" || fail "pktgen"
	n1=$(date +%s%N)
	read -r b1 t1 < <(cpu_ticks)
	sleep 0.3
	vs_load
	PKTS=$((VS[packets] - P0)); IRQS=$((VS[interrupts] - I0))
	DROPS=$((VS[drop_no_buffer] - D0))
	CPU=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) \
		'BEGIN { printf "%.1f", t ? 100 * b / t : 0 }')
	PPS=$(( PKTS * 1000000000 / (n1 - n0) ))
}

latency() {	# sockperf ping-pong from the uplink; sets LAT_{AVG,P50,P99}
	in_ns a sockperf server -i 10.0.0.2 -p 11111 >/dev/null 2>&1 &
	local srv=$!
	sleep 1
	run_to $((LAT_SECS + 60)) sockperf ping-pong -i 10.0.0.2 -p 11111 \
		-m 64 --mps 200 -t "$LAT_SECS" >/tmp/sockperf.txt 2>&1 ||
		{ cat /tmp/sockperf.txt; fail "sockperf"; }
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	LAT_AVG=$(sed -n 's/.*avg-latency=\([0-9.]*\).*/\1/p' /tmp/sockperf.txt)
	LAT_P50=$(sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' /tmp/sockperf.txt)
	LAT_P99=$(sed -n 's/.*percentile 99.000 = *\([0-9.]*\).*/\1/p' /tmp/sockperf.txt)
	[ -n "$LAT_P50" ] || { cat /tmp/sockperf.txt; fail "no sockperf result"; }
}

set_mode() {
	eta -C "$dev" adaptive-rx off >/dev/null 2>&1
	case "$1" in
	off) eta -C "$dev" rx-usecs 0 rx-frames 0 ;;
	static) eta -C "$dev" rx-usecs $STATIC_USECS rx-frames $STATIC_FRAMES ;;
	dim) eta -C "$dev" rx-usecs 0 rx-frames 0 && eta -C "$dev" adaptive-rx on ;;
	card)
		# A guest that set nothing since its reset: the card may tune
		# its queues (through the ovnic netlink family).
		[ -x "$VC" ] || return 1
		reset_dev
		run_to 60 "$VC" dev coal set d0 adaptive_rx on irq_rate "$CARD_RATE" ||
			fail "vdpa-ctl dev coal set" ;;
	esac
}

# The guest resets its device (virtio_vdpa unbind, bind): its coalescing
# sets are forgotten.
reset_dev() {
	echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind"
	echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind"
	dev=$(netdev_of d0)
	netns_move "$dev" a 10.0.0.2/24
	ip -n a neigh add 10.0.0.1 lladdr "$(cat /sys/class/net/ovnic0/address)" \
		dev "$dev" nud permanent
}

rows=()
for mode in $MODES; do
	if ! set_mode "$mode"; then
		log "$mode: not available here"
		rows+=("{\"mode\": \"$mode\", \"available\": false}")
		continue
	fi
	latency
	flood "$RATE"
	paced="\"packets\": $PKTS, \"interrupts\": $IRQS, \"drops\": $DROPS, \"cpu_pct\": $CPU"
	log "$mode: latency p50 $LAT_P50 us (avg $LAT_AVG, p99 $LAT_P99); paced $RATE pps: $PKTS packets, $IRQS interrupts, $DROPS drops, cpu $CPU%"
	flood 0
	log "$mode: unpaced: $PPS pps delivered, $IRQS interrupts for $PKTS packets, cpu $CPU%"
	vs_load
	rows+=("{\"mode\": \"$mode\", \"available\": true, \"lat_avg_us\": $LAT_AVG, \"lat_p50_us\": $LAT_P50, \"lat_p99_us\": $LAT_P99, \"paced\": {$paced}, \"unpaced\": {\"pps\": $PPS, \"packets\": $PKTS, \"interrupts\": $IRQS, \"drops\": $DROPS, \"cpu_pct\": $CPU}, \"coal_after\": {\"usecs\": ${VS[coal_usecs]}, \"frames\": ${VS[coal_frames]}, \"source\": ${VS[coal_source]}}}")
done

# ---- control queue round trips ----
[ -x "$VC" ] && run_to 60 "$VC" dev coal set d0 adaptive_rx off >/dev/null
set_mode off
T=/sys/kernel/tracing
cvq='{"available": false}'
if grep -qx virtnet_send_command_reply "$T/available_filter_functions" 2>/dev/null ||
   grep -q "^virtnet_send_command_reply " "$T/available_filter_functions" 2>/dev/null; then
	echo 0 >"$T/tracing_on"
	echo function_graph >"$T/current_tracer"
	echo virtnet_send_command_reply >"$T/set_ftrace_filter"
	echo 1 >"$T/tracing_on"
	# one shell in the namespace: ethtool is the only process per round
	in_ns a bash -c '
		end=$(($(date +%s) + 10)); n=0
		while [ "$(date +%s)" -lt $end ]; do
			ethtool -C "$1" rx-usecs $((n % 50)) rx-frames 8
			ethtool -S "$1" >/dev/null
			n=$((n + 1))
		done' cvq "$dev" >/dev/null
	echo 0 >"$T/tracing_on"
	# " 1)   45.678 us    |  virtnet_send_command_reply();"
	grep -o '[0-9.]* us' "$T/trace" | awk '{ print $1 }' | sort -n >/tmp/cvq.txt
	echo nop >"$T/current_tracer"
	echo >"$T/set_ftrace_filter"
	cnt=$(wc -l </tmp/cvq.txt)
	if [ "$cnt" -gt 0 ]; then
		cvq=$(awk '{ a[NR] = $1; s += $1 } END {
			printf "{\"available\": true, \"commands\": %d, \"mean_us\": %.1f, \"p50_us\": %.1f, \"p99_us\": %.1f, \"per_sec\": %d}",
			NR, s / NR, a[int(NR * 0.5) + 1], a[int(NR * 0.99) + 1], NR * 1000000 / s }' /tmp/cvq.txt)
	fi
	log "control queue: $cvq"
else
	log "virtnet_send_command_reply cannot be traced: no control-queue numbers"
fi

{
	printf '{"flood_packets": %d, "paced_pps": %d, "lat_secs": %d, "static": {"usecs": %d, "frames": %d}, "card_irq_rate": %d,\n' \
		"$FLOOD" "$RATE" "$LAT_SECS" $STATIC_USECS $STATIC_FRAMES "$CARD_RATE"
	printf ' "nproc": %d, "kernel": "%s",\n' "$(nproc)" "$(uname -r)"
	printf ' "cvq": %s,\n "modes": [\n' "$cvq"
	for i in "${!rows[@]}"; do
		[ "$i" -gt 0 ] && printf ',\n'
		printf '  %s' "${rows[$i]}"
	done
	printf '\n ]}\n'
} >"$OUT"
cat "$OUT"
exit 0
