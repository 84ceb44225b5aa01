#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Notification coalescing and device statistics through virtio_vdpa and
# Linux's virtio_net: ethtool -c/-C globally and per queue, adaptive-rx
# (the guest's DIM sends VQ_SET and the card applies it), ethtool -S
# hardware counters against traffic counted here, vdpa dev vstats against
# ethtool -S, fewer interrupts per packet under a UDP flood from the uplink
# with coalescing on, a reset clearing everything, the host's policy through
# vdpa-ctl (defaults applied at the guest's reset, card-side adaptive
# moderation yielding to the guest), and vdpa dev del in the middle of a
# flood with coalescing timers running.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/ovnic-lib.sh"

D0_MAC=02:00:00:00:00:02
PG=/proc/net/pktgen

ovnic_load
load_mod virtio_vdpa
load_mod pktgen
command -v ethtool >/dev/null || skip "no ethtool"

vdpa_add d0 mac "$D0_MAC" max_vqp 2
dev=$(netdev_of d0)
sysctl -qw net.ipv6.conf.all.disable_ipv6=1
sysctl -qw net.ipv6.conf.default.disable_ipv6=1
ip addr add 10.0.0.1/24 dev ovnic0 || fail "uplink address"
ip link set ovnic0 up || fail "uplink up"
netns_move "$dev" a 10.0.0.2/24
# No neighbour traffic of its own: the counters below are ours alone.
ip -n a neigh add 10.0.0.1 lladdr "$(cat /sys/class/net/ovnic0/address)" \
	dev "$dev" nud permanent
ip neigh add 10.0.0.2 lladdr "$D0_MAC" dev ovnic0 nud permanent

eta() { in_ns a ethtool "$@"; }

# vs_load QIDX: the card's counters and coalescing fields of queue QIDX
# into VS[name] ("d0: queue_type rx packets 0 bytes 0 ...").
declare -A VS
vs_load() {
	local line
	line=$(run_to 30 vdpa dev vstats show d0 qidx "$1") ||
		fail "vdpa dev vstats show d0 qidx $1"
	# shellcheck disable=SC2086 # split into name/value words
	set -- ${line#*: }
	VS=()
	while [ $# -ge 2 ]; do
		VS[$1]=$2
		shift 2
	done
}

vstat() {	# vstat QIDX NAME
	vs_load "$1"
	echo "${VS[$2]}"
}

# expect_coal QIDX USECS FRAMES SOURCE: the card's view of a queue.
expect_coal() {
	vs_load "$1"
	[ "${VS[coal_usecs]}/${VS[coal_frames]}/${VS[coal_source]}" = "$2/$3/$4" ] ||
		fail "queue $1 coalesces ${VS[coal_usecs]} us/${VS[coal_frames]} frames (source ${VS[coal_source]}), expected $2/$3/$4"
}

# ethtool_field OUTPUT_FILE NAME: "NAME: value" from ethtool -c/-S output.
ethtool_field() {
	sed -n "s/^[[:space:]]*$2:[[:space:]]*//p" "$1" | head -n 1
}

read_stats() {	# ethtool -S into /tmp/stats.txt
	eta -S "$dev" >/tmp/stats.txt || fail "ethtool -S failed"
}

hw_sum() {	# hw_sum ERE: the sum of the ethtool -S fields named ERE
	awk -v n="$1" -F': *' '$1 ~ "^ *"n"$" { s += $2 } END { print s + 0 }' \
		/tmp/stats.txt
}

echo "add_device ovnic0" >"$PG/kpktgend_0" || fail "pktgen add_device"
# pktgen_cfg COUNT [PPS]: UDP from the uplink to d0's MAC, 64-byte frames,
# for an address d0 doesn't have: it drops them without an ICMP answer.
PG_DST=10.0.0.99
pktgen_cfg() {
	local f=$PG/ovnic0 kv rate="delay 0"
	[ -n "${2:-}" ] && rate="ratep $2"
	for kv in "count $1" "pkt_size 64" "$rate" \
		  "dst $PG_DST" "dst_mac $D0_MAC" "src_min 10.0.0.1" \
		  "src_max 10.0.0.1"; do
		echo "$kv" >"$f" || fail "pktgen: $kv"
	done
}
pktgen_run() {	# pktgen_run COUNT [PPS]
	pktgen_cfg "$@"
	run_to 300 sh -c "echo start >$PG/pgctrl" || fail "pktgen run"
	grep -q "Result: OK" "$PG/ovnic0" || fail "pktgen: $(grep Result "$PG/ovnic0")"
}
rx_total() {	# rx_total FIELD: the card's FIELD summed over both rx queues
	local a
	vs_load 0
	a=${VS[$1]}
	vs_load 2
	echo $((a + VS[$1]))
}

log "== defaults: no coalescing, as Linux expects after a reset"
eta -c "$dev" >/tmp/c.txt || fail "ethtool -c"
[ "$(ethtool_field /tmp/c.txt rx-usecs)" = 0 ] || fail "rx-usecs not 0: $(cat /tmp/c.txt)"
for q in 0 1 2 3; do expect_coal $q 0 0 0; done

log "== ethtool -C: global RX_SET and TX_SET"
eta -C "$dev" rx-usecs 60 rx-frames 32 || fail "ethtool -C rx"
eta -C "$dev" tx-usecs 20 tx-frames 8 || fail "ethtool -C tx"
eta -c "$dev" >/tmp/c.txt
[ "$(ethtool_field /tmp/c.txt rx-usecs)/$(ethtool_field /tmp/c.txt rx-frames)" = 60/32 ] ||
	fail "ethtool -c after -C: $(cat /tmp/c.txt)"
expect_coal 0 60 32 1
expect_coal 2 60 32 1
expect_coal 1 20 8 1
expect_coal 3 20 8 1
# out of the card's range: the driver gets ERR, nothing changes
eta -C "$dev" rx-usecs 2000000 2>/dev/null && fail "rx-usecs 2000000 accepted"
expect_coal 0 60 32 1

log "== ethtool --per-queue: VQ_SET of queue pair 1 only"
eta --per-queue "$dev" queue_mask 0x2 --coalesce rx-usecs 10 rx-frames 4 ||
	fail "per-queue set"
eta --per-queue "$dev" queue_mask 0x2 --show-coalesce >/tmp/pq.txt ||
	fail "per-queue show"
[ "$(ethtool_field /tmp/pq.txt rx-usecs)/$(ethtool_field /tmp/pq.txt rx-frames)" = 10/4 ] ||
	fail "per-queue show: $(cat /tmp/pq.txt)"
expect_coal 2 10 4 2
expect_coal 3 20 8 2
expect_coal 0 60 32 1

log "== ethtool -S and vdpa dev vstats against traffic counted here"
eta -C "$dev" rx-usecs 0 rx-frames 0 || fail "coalescing off"
sleep 0.5
read_stats
p0=$(hw_sum 'rx[0-9]+_hw_packets'); b0=$(hw_sum 'rx[0-9]+_hw_bytes')
t0=$(hw_sum 'tx[0-9]+_hw_packets'); tb0=$(hw_sum 'tx[0-9]+_hw_bytes')
d0=$(rx_total drop_no_buffer)
N=2000
pktgen_run $N 2000
in_ns a ping -q -c 20 -i 0.05 10.0.0.1 >/dev/null || fail "ping to the uplink"
sleep 0.5
read_stats
p1=$(hw_sum 'rx[0-9]+_hw_packets'); b1=$(hw_sum 'rx[0-9]+_hw_bytes')
t1=$(hw_sum 'tx[0-9]+_hw_packets'); tb1=$(hw_sum 'tx[0-9]+_hw_bytes')
d1=$(rx_total drop_no_buffer)
drops=$((d1 - d0)); rxp=$((p1 - p0)); rxb=$((b1 - b0))
# pktgen's frames are 64 bytes, an echo reply 98
exp_p=$((N - drops + 20)); exp_b=$(((N - drops) * 64 + 20 * 98))
log "rx: $rxp packets, $rxb bytes ($drops dropped) for $N pktgen frames + 20 ping replies"
[ "$rxp" -ge "$exp_p" ] && [ "$rxp" -le $((exp_p + 5)) ] ||
	fail "rx hw packets $rxp, expected $exp_p"
[ "$rxb" -ge "$exp_b" ] && [ "$rxb" -le $((exp_b + 5 * 1514)) ] ||
	fail "rx hw bytes $rxb, expected $exp_b"
txp=$((t1 - t0)); txb=$((tb1 - tb0))
log "tx: $txp packets, $txb bytes for 20 pings"
[ "$txp" -ge 20 ] && [ "$txp" -le 25 ] || fail "tx hw packets $txp for 20 pings"
[ "$txb" -ge $((20 * 98)) ] && [ "$txb" -le $((20 * 98 + 5 * 1514)) ] ||
	fail "tx hw bytes $txb for 20 pings"
# The same counters through the vDPA core's vendor statistics: read
# between two ethtool -S, each lies between the two (the guest may send
# something of its own meanwhile).
read_stats
cp /tmp/stats.txt /tmp/stats-before.txt
declare -A VQS
for qidx in 0 1 2 3; do
	vs_load "$qidx"
	for n in packets bytes interrupts kicks; do
		VQS[$qidx.$n]=${VS[$n]}
	done
done
read_stats
for qidx in 0 1 2 3; do
	kind=rx
	[ $((qidx % 2)) = 1 ] && kind=tx
	for pair in packets:packets bytes:bytes interrupts:interrupts \
		    kicks:notifications; do
		f=$kind$((qidx / 2))_hw_${pair##*:}
		v=${VQS[$qidx.${pair%%:*}]}
		lo=$(ethtool_field /tmp/stats-before.txt "$f")
		hi=$(ethtool_field /tmp/stats.txt "$f")
		# at most 20 packets of the guest's own in between
		spread=20
		[ "${pair%%:*}" = bytes ] && spread=$((20 * 1514))
		[ "$lo" -le "$v" ] && [ "$v" -le "$hi" ] &&
			[ $((hi - lo)) -le "$spread" ] ||
			fail "vstats qidx $qidx ${pair%%:*} $v, ethtool -S $f $lo then $hi"
	done
done

log "== a UDP flood from the uplink: interrupts per packet"
flood_ratio() {	# flood_ratio COUNT: RATIO = interrupts per 1000 packets
	local p0 i0 p1 i1
	p0=$(rx_total packets); i0=$(rx_total interrupts)
	pktgen_run "$1"
	sleep 0.5
	p1=$(rx_total packets); i1=$(rx_total interrupts)
	[ $((p1 - p0)) -gt 0 ] || fail "the flood delivered nothing"
	RATIO=$(((i1 - i0) * 1000 / (p1 - p0)))
}
flood_ratio 5000
off=$RATIO
eta -C "$dev" rx-usecs 5000 rx-frames 128 || fail "coalescing on"
flood_ratio 5000
on=$RATIO
log "interrupts per 1000 packets: $off without coalescing, $on with 5000 us/128 frames"
[ $((on * 4)) -lt "$off" ] || fail "coalescing did not cut interrupts ($off -> $on)"
[ "$(rx_total coalesced)" -gt 0 ] || fail "no coalesced notifications counted"

log "== adaptive-rx: the guest's DIM drives VQ_SET"
eta -C "$dev" rx-usecs 0 rx-frames 0 || fail "coalescing off"
eta -C "$dev" adaptive-rx on || fail "adaptive-rx on"
eta -c "$dev" >/tmp/c.txt
grep -q "Adaptive RX: on" /tmp/c.txt || fail "ethtool -c: $(cat /tmp/c.txt)"
pktgen_run 10000 >/dev/null
sleep 0.5
# the flood is one flow: DIM runs on the queue that receives it
vs_load 0
q=0
[ "${VS[packets]}" -lt "$(vstat 2 packets)" ] && q=1
vs_load $((2 * q))
src=${VS[coal_source]}; u=${VS[coal_usecs]}; f=${VS[coal_frames]}
log "after DIM: receive queue $q coalesces $u us/$f frames (source $src)"
[ "$src" = 2 ] || fail "DIM sent no VQ_SET for receive queue $q (source $src)"
case "$u/$f" in
1/256 | 8/256 | 64/256 | 128/256 | 256/256) ;;
*) fail "receive queue $q has $u us/$f frames, not a DIM profile" ;;
esac
# with DIM's parameters in force, the receive path still answers
ping_ok a 10.0.0.1
eta --per-queue "$dev" queue_mask $((1 << q)) --show-coalesce >/tmp/pq.txt
[ "$(ethtool_field /tmp/pq.txt rx-usecs)/$(ethtool_field /tmp/pq.txt rx-frames)" = "$u/$f" ] ||
	fail "the driver thinks queue $q has $(ethtool_field /tmp/pq.txt rx-usecs) us, the card $u"

log "== reset: unbind and bind virtio_vdpa, everything back to 0"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind"
dev=$(netdev_of d0)
for q in 0 1 2 3; do expect_coal $q 0 0 0; done
ethtool -c "$dev" >/tmp/c.txt || fail "ethtool -c after rebind"
grep -q "Adaptive RX: off" /tmp/c.txt || fail "adaptive still on after reset"

log "== the host's policy through vdpa-ctl: defaults applied at the guest's reset"
VC=$PWD/vdpa-ctl/vdpa-ctl
[ -x "$VC" ] || fail "no $VC (make)"
vc() {	# vc ARGS...: vdpa-ctl, which must succeed
	run_to 60 "$VC" "$@" >/tmp/vc.out 2>/tmp/vc.err ||
		fail "vdpa-ctl $*: $(cat /tmp/vc.out /tmp/vc.err)"
}
vc dev coal set d0 rx_usecs 40 rx_frames 16 tx_usecs 10 tx_frames 4
vc -j dev coal show d0
python3 - <<'PY' || fail "coal show: $(cat /tmp/vc.out)"
import json
d = json.load(open("/tmp/vc.out"))["coal"]["d0"]
assert (d["rx_usecs"], d["rx_frames"], d["tx_usecs"], d["tx_frames"]) == (40, 16, 10, 4), d
assert d["adaptive_rx"] is False and len(d["queues"]) == 4, d
# the guest has not reset its device yet: its queues are as they were
assert all(q["usecs"] == 0 and q["source"] == "default" for q in d["queues"]), d
PY
run_to 60 "$VC" dev coal set d0 rx_usecs 2000000 >/tmp/vc.out 2>&1 &&
	fail "rx_usecs 2000000 accepted: $(cat /tmp/vc.out)"
grep -q "Error" /tmp/vc.out || fail "no error message: $(cat /tmp/vc.out)"
run_to 60 "$VC" dev coal set d0 >/tmp/vc.out 2>&1 && fail "an empty coal set succeeded"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind"
dev=$(netdev_of d0)
expect_coal 0 40 16 0
expect_coal 2 40 16 0
expect_coal 1 10 4 0
expect_coal 3 10 4 0
vc dev coal set d0 rx_usecs 0 rx_frames 0 tx_usecs 0 tx_frames 0

log "== card-side adaptive moderation, for a guest that doesn't set anything"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/unbind || fail "unbind"
echo d0 >/sys/bus/vdpa/drivers/virtio_vdpa/bind || fail "bind"
dev=$(netdev_of d0)
netns_move "$dev" a 10.0.0.2/24
ip -n a neigh add 10.0.0.1 lladdr "$(cat /sys/class/net/ovnic0/address)" \
	dev "$dev" nud permanent
# under TCG a flood is a few thousand packets/s: aim at 200 interrupts/s
vc dev coal set d0 adaptive_rx on irq_rate 200
flood_ratio 5000
adaptive=$RATIO
vc -j dev coal show d0
python3 - "$adaptive" <<'PY' || fail "adaptive moderation: $(cat /tmp/vc.out)"
import json, sys
d = json.load(open("/tmp/vc.out"))["coal"]["d0"]
assert d["adaptive_rx"] is True and d["irq_rate"] == 200, d
rx = [q for q in d["queues"] if q["queue"] % 2 == 0]
busy = max(rx, key=lambda q: q["rate"])
assert busy["source"] == "adaptive" and busy["rate"] > 0, d
tx = [q for q in d["queues"] if q["queue"] % 2 == 1]
assert all(q["source"] == "default" for q in tx), d
PY
log "interrupts per 1000 packets with the card's adaptive moderation: $adaptive (without: $off)"
[ "$adaptive" -lt "$off" ] || fail "adaptive moderation did not cut interrupts ($off -> $adaptive)"
ping_ok a 10.0.0.1
# the guest's own set wins over the card's
eta -C "$dev" rx-usecs 3 rx-frames 3 || fail "ethtool -C under adaptive"
expect_coal 0 3 3 1
vc dev coal set d0 adaptive_rx off

log "== vdpa dev del in a flood, coalescing timers running"
eta -C "$dev" rx-usecs 100 rx-frames 64 tx-usecs 50 tx-frames 16 ||
	fail "coalescing on"
pktgen_cfg 0
sh -c "echo start >$PG/pgctrl" &
pg=$!
sleep 2
[ "$(rx_total coalesced)" -gt 0 ] || fail "the flood did not reach d0"
run_to 60 vdpa dev del d0 || fail "vdpa dev del in a flood"
sleep 0.5
echo stop >"$PG/pgctrl"
wait $pg
ovnic_unload
exit 0
