#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP throughput through the card with and without its data-plane offloads,
# and over a veth pair as the software ceiling, run inside the VM by
# bench/vm-offload.sh.  iperf3, one TCP stream for a fixed time, in one
# guest:
#
#   offload     ovnic device A (netns a) to device B (netns b), every
#               offload the devices negotiated on (checksum, TSO, the
#               guest's GRO_HW)
#   nooffload   the same devices, the sender with ethtool -K tx off tso off
#               gso off, the receiver with rx off gro off lro off rx-gro-hw
#               off (what virtio_net refuses to change stays as it is; the
#               raw file records the features in force)
#   veth        a veth pair (netns va, vb), the kernel's defaults: what the
#               guest's stack alone moves, no device in between
#
# The cases run in rounds (every MTU, and for each MTU every case, in
# reverse order every other round), so a change in the load of a shared
# host falls on all of them alike.  Raw results go to
# $OVNIC_VM_OUT/offload-raw.txt, one line per round, case and MTU:
#	CASE MTU ROUND MBIT_S RETRANSMITS CPU_BUSY_PCT
# plus "meta KEY VALUE..." lines (the features each device negotiated,
# the offloads in force per case).
#
# Arguments: BENCH_SECS=N (seconds per run, 5), BENCH_ROUNDS=N (3),
# BENCH_MTUS="1500 9000", BENCH_CASES="offload nooffload veth".
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh
. bench/vm/lib.sh

bench_args "$@"
SECS=${BENCH_SECS:-5}
ROUNDS=${BENCH_ROUNDS:-3}
MTUS=${BENCH_MTUS:-1500 9000}
CASES=${BENCH_CASES:-offload nooffload veth}
OUT=${OVNIC_VM_OUT:-/tmp}/offload-raw.txt
: >"$OUT"
command -v iperf3 >/dev/null || fail "no iperf3 (make setup)"

# shellcheck disable=SC2119 # no module parameters
ovnic_load
load_mod virtio_vdpa
load_mod veth
vdpa_add da mac 02:00:00:00:03:01 mtu 9000
vdpa_add db mac 02:00:00:00:03:02 mtu 9000
A_DEV=$(netdev_of da)
B_DEV=$(netdev_of db)
netns_move "$A_DEV" a 10.0.0.2/24
netns_move "$B_DEV" b 10.0.0.3/24
ip netns add va || fail "netns va"
ip netns add vb || fail "netns vb"
ip link add va0 netns va type veth peer name vb0 netns vb || fail "veth pair"
for v in "va 10.1.0.2" "vb 10.1.0.3"; do
	read -r n d <<<"$v"
	ip -n "$n" addr add "$d/24" dev "${n}0" || fail "$n: $d"
	ip -n "$n" link set "${n}0" up || fail "$n: ${n}0 up"
	ip -n "$n" link set lo up || fail "$n: lo up"
done

# features NAME: the offload-related features vDPA device NAME negotiated.
features() {
	local f bits
	local -A bit=([CSUM]=0 [GUEST_CSUM]=1 [CTRL_GUEST_OFFLOADS]=2
		[GUEST_TSO4]=7 [GUEST_TSO6]=8 [GUEST_ECN]=9 [HOST_TSO4]=11
		[HOST_TSO6]=12 [HOST_ECN]=13 [MRG_RXBUF]=15 [GUEST_USO4]=54
		[GUEST_USO6]=55 [HOST_USO]=56)
	for f in /sys/bus/vdpa/devices/"$1"/virtio*/features; do
		read -r bits <"$f"
	done
	for f in CSUM GUEST_CSUM CTRL_GUEST_OFFLOADS GUEST_TSO4 GUEST_TSO6 \
		 GUEST_ECN HOST_TSO4 HOST_TSO6 HOST_ECN MRG_RXBUF GUEST_USO4 \
		 GUEST_USO6 HOST_USO; do
		[ "${bits:${bit[$f]}:1}" = 1 ] && printf '%s ' "$f"
	done
}

{
	echo "meta nproc $(nproc)"
	echo "meta kernel $(uname -r)"
	echo "meta secs $SECS"
	echo "meta rounds $ROUNDS"
	echo "meta features_da $(features da)"
	echo "meta features_db $(features db)"
} >>"$OUT"
log "da negotiated: $(features da)"

# kset NS DEV ARGS...: ethtool -K one feature at a time, refusals ignored
# (virtio_net fixes what the device did not offer).
kset() {
	local ns=$1 dev=$2
	shift 2
	while [ $# -ge 2 ]; do
		ip netns exec "$ns" ethtool -K "$dev" "$1" "$2" 2>/dev/null
		shift 2
	done
}

# kstate NS DEV tx|rx: the sender's or the receiver's offloads in force,
# in one line.
kstate() {
	local re='^(tx-checksumming|tcp-segmentation-offload|generic-segmentation-offload):'
	[ "$3" = rx ] && re='^(rx-checksumming|generic-receive-offload|rx-gro-hw):'
	ip netns exec "$1" ethtool -k "$2" |
		awk -F': ' -v re="$re" '$0 ~ re { split($2, v, " "); printf "%s=%s ", $1, v[1] }'
}

offloads() {	# offloads on|off: the ovnic devices' state for a case
	if [ "$1" = on ]; then
		kset a "$A_DEV" tx on tso on gso on
		kset b "$B_DEV" rx on gro on rx-gro-hw on
	else
		kset a "$A_DEV" tx off tso off gso off
		kset b "$B_DEV" rx off gro off lro off rx-gro-hw off
	fi
}

for ns in b vb; do
	ip netns exec "$ns" iperf3 -s -D -p 5201 -I "/tmp/iperf-$ns.pid" \
		--logfile "/tmp/iperf-$ns.log" || fail "iperf3 server in $ns"
done
# shellcheck disable=SC2016 # expanded by wait_for's eval
wait_for 'ip netns exec b ss -Hltn "sport = :5201" | grep -q . &&
	ip netns exec vb ss -Hltn "sport = :5201" | grep -q .' 10 ||
	fail "iperf3 servers never listened"

cpu_ticks() {	# BUSY TOTAL over all vCPUs
	awk '/^cpu / { t = 0; for (i = 2; i <= NF; i++) t += $i;
		       print t - $5 - $6, t }' /proc/stat
}

# run_case CASE MTU ROUND
declare -A SEEN
run_case() {
	local c=$1 mtu=$2 round=$3 cns sip b0 t0 b1 t1 cpu mbps retr
	case "$c" in
	offload) offloads on; cns=a sip=10.0.0.3 ;;
	nooffload) offloads off; cns=a sip=10.0.0.3 ;;
	veth) cns=va sip=10.1.0.3 ;;
	*) fail "unknown case $c" ;;
	esac
	if [ -z "${SEEN[$c.$mtu]:-}" ]; then
		SEEN[$c.$mtu]=1
		if [ "$c" = veth ]; then
			echo "meta state_$c.$mtu sender: $(kstate va va0 tx)receiver: $(kstate vb vb0 rx)"
		else
			echo "meta state_$c.$mtu sender: $(kstate a "$A_DEV" tx)receiver: $(kstate b "$B_DEV" rx)"
		fi >>"$OUT"
	fi
	read -r b0 t0 < <(cpu_ticks)
	ip netns exec "$cns" iperf3 -c "$sip" -p 5201 -t "$SECS" -f m \
		>/tmp/iperf-c.txt 2>&1 ||
		{ cat /tmp/iperf-c.txt; fail "iperf3 $c MTU $mtu round $round"; }
	read -r b1 t1 < <(cpu_ticks)
	cpu=$(awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) \
		'BEGIN { printf "%.1f", t ? 100 * b / t : 0 }')
	mbps=$(awk '/ receiver$/ { for (i = 2; i <= NF; i++)
		if ($i == "Mbits/sec") print $(i - 1) }' /tmp/iperf-c.txt | tail -n 1)
	retr=$(awk '/ sender$/ { for (i = 2; i <= NF; i++)
		if ($i == "Mbits/sec") print $(i + 1) }' /tmp/iperf-c.txt | tail -n 1)
	[ -n "$mbps" ] || { cat /tmp/iperf-c.txt; fail "cannot parse iperf3's output"; }
	echo "$c $mtu $round $mbps ${retr:-0} $cpu" >>"$OUT"
	log "round $round, $c MTU $mtu: $mbps Mbit/s, ${retr:-0} retransmissions, cpu $cpu%"
}

for round in $(seq "$ROUNDS"); do
	order=$CASES
	# shellcheck disable=SC2086 # a list
	[ $((round % 2)) = 0 ] && order=$(printf '%s\n' $CASES | tac | tr '\n' ' ')
	for mtu in $MTUS; do
		for v in "a $A_DEV" "b $B_DEV" "va va0" "vb vb0"; do
			read -r n d <<<"$v"
			ip -n "$n" link set dev "$d" mtu "$mtu" || fail "$d: mtu $mtu"
		done
		for c in $order; do
			run_case "$c" "$mtu" "$round"
		done
	done
done
for ns in b vb; do
	kill "$(cat "/tmp/iperf-$ns.pid")" 2>/dev/null
done
cat "$OUT"
exit 0
