#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# RSS and hash reporting with Linux 6.12's virtio_net through virtio_vdpa,
# on a device with 4 queue pairs, traffic from the uplink's namespace:
#   - virtio_net negotiates RSS and HASH_REPORT (20-byte headers both ways:
#     ping and iperf3 work); without RSS it configures hashing with
#     HASH_CONFIG;
#   - ethtool -l/-L, -x/-X (equal, weight, default), -N rx-flow-hash and
#     -K rxhash change where 64 UDP or 64 TCP flows land;
#   - the card's view (vdpa-ctl dev rss show, hash show) matches the guest's
#     (ethtool -x): the same key and table;
#   - VXLAN, GRE and IPIP tunnel devices and crafted GENEVE frames carry 64
#     inner flows in one outer flow: one queue, as the card hashes outer
#     headers for a driver without HASH_TUNNEL; with the host's inner-hash
#     policy on (vdpa-ctl dev hash set d0 tunnel ...) they spread over all
#     queues, and off again they don't.
# Where packets land is read twice per queue: the card's counters (vdpa-ctl
# dev vstats) and the driver's (netdev netlink qstats); they must agree.
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$REPO/tests/vm/lib.sh"
. "$REPO/tests/vm/ovnic-lib.sh"

VC=$REPO/vdpa-ctl/vdpa-ctl
FLOWS=$REPO/tests/vm/flows.py
[ -x "$VC" ] || skip "no $VC: run make first"
# The system interpreter: a pyenv shim costs seconds per start under TCG.
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3) || skip "python3 missing"
NQ=4
N=64
MAC=02:00:00:00:00:02
UP_MAC=02:00:00:00:00:01

ovnic_load
load_mod virtio_vdpa
for m in vxlan ip_gre ipip; do
	load_mod "$m"
done
vdpa_add d0 mac $MAC max_vqp $NQ
DEV=$(netdev_of d0)
feat=$(cat /sys/bus/vdpa/devices/d0/virtio*/features)
[ "${feat:57:1}" = 1 ] || fail "HASH_REPORT not negotiated: $feat"
[ "${feat:60:1}" = 1 ] || fail "RSS not negotiated: $feat"
[ "${feat:51:1}" = 0 ] || fail "HASH_TUNNEL negotiated by Linux 6.12?: $feat"
log "$DEV negotiated RSS and HASH_REPORT"

ip link set dev ovnic0 address $UP_MAC
netns_move ovnic0 up 10.0.0.1/24
netns_move "$DEV" a 10.0.0.2/24
# Nothing but the test's packets towards the guest: no IPv6, no ARP.
for ns in up a; do
	in_ns $ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
	in_ns $ns sysctl -qw net.ipv6.conf.default.disable_ipv6=1
done
ip -n up neigh replace 10.0.0.2 lladdr $MAC dev ovnic0 nud permanent
ip -n a neigh replace 10.0.0.1 lladdr $UP_MAC dev "$DEV" nud permanent
ping_ok up 10.0.0.2
ping_ok a 10.0.0.1 -s 1400
iperf_tcp up 10.0.0.1 a	# the guest sends: its 20-byte headers

# card_rxq: packets the card put on each receive queue of d0.
card_rxq() {
	local q v out=
	for ((q = 0; q < NQ; q++)); do
		run_to 30 "$VC" dev vstats show d0 qidx $((2 * q)) >/tmp/vs.txt ||
			fail "vdpa-ctl dev vstats show d0 qidx $((2 * q))"
		v=$(awk '{ for (i = 1; i < NF; i++) if ($i == "packets") {
			print $(i + 1); exit } }' /tmp/vs.txt)
		[[ "$v" =~ ^[0-9]+$ ]] || fail "no packets counter: $(cat /tmp/vs.txt)"
		out+="$v "
	done
	echo $out
}

# guest_rxq: packets the driver took from each receive queue.
guest_rxq() {
	in_ns a "$PY" "$FLOWS" rxq "$DEV" || fail "qstats of $DEV"
}

# measure WHAT ARGS...: send N flows with flows.py; sets D[q] to the
# packets each receive queue got, after checking card and driver agree.
# Nothing else reaches the guest, so one reading ends a measurement and
# starts the next.
measure() {
	local c0 g0 c1 g1 csum gsum i q
	[ -n "${C_LAST:-}" ] || C_LAST=$(card_rxq)
	[ -n "${G_LAST:-}" ] || G_LAST=$(guest_rxq)
	read -ra c0 <<<"$C_LAST"
	read -ra g0 <<<"$G_LAST"
	in_ns up "$PY" "$FLOWS" "$@" || fail "flows.py $*"
	for ((i = 0; i < 60; i++)); do
		read -ra c1 <<<"$(card_rxq)"
		read -ra g1 <<<"$(guest_rxq)"
		csum=0
		gsum=0
		for ((q = 0; q < NQ; q++)); do
			D[q]=$((c1[q] - c0[q]))
			# the driver lists only the queues in use (ethtool -L)
			if [ -n "${g0[q]:-}" ] && [ -n "${g1[q]:-}" ]; then
				G[q]=$((g1[q] - g0[q]))
			else
				G[q]=0
			fi
			csum=$((csum + D[q]))
			gsum=$((gsum + G[q]))
		done
		[ "$csum" -ge "$N" ] && [ "$gsum" = "$csum" ] && break
		sleep 0.5
	done
	C_LAST=${c1[*]}
	G_LAST=${g1[*]}
	log "$*: per queue ${D[*]} (driver ${G[*]})"
	[ "$csum" -ge "$N" ] || fail "$*: $csum packets arrived, sent $N"
	for ((q = 0; q < NQ; q++)); do
		[ "${G[q]}" = "${D[q]}" ] ||
			fail "$*: queue $q: card ${D[q]}, driver ${G[q]}"
	done
}

# expect_on QUEUES...: packets on all of QUEUES and on no other queue.
expect_on() {
	local q want
	for ((q = 0; q < NQ; q++)); do
		want=0
		[[ " $* " == *" $q "* ]] && want=1
		if [ "$want" = 1 ] && [ "${D[q]}" = 0 ]; then
			fail "no packets on queue $q: ${D[*]}"
		elif [ "$want" = 0 ] && [ "${D[q]}" != 0 ]; then
			fail "${D[q]} packets on queue $q: ${D[*]}"
		fi
	done
}

# expect_spread PORT: the packets of "measure udp 10.0.0.2 $N PORT" on the
# queues the Toeplitz hash under $KEY and the default table of $NQ queues
# chooses, exactly.
expect_spread() {
	local want
	want=$("$PY" "$FLOWS" spread "$KEY" 10.0.0.2 "$N" "$1" "$NQ") ||
		fail "flows.py spread"
	[ "${D[*]}" = "$want" ] || fail "udp port $1: per queue ${D[*]}, want $want"
}

# expect_one: every packet on one queue.
expect_one() {
	local q busy=0
	for ((q = 0; q < NQ; q++)); do
		[ "${D[q]}" != 0 ] && busy=$((busy + 1))
	done
	[ "$busy" = 1 ] || fail "packets on $busy queues, want 1: ${D[*]}"
}

et() {
	in_ns a ethtool "$@" >/tmp/et.out 2>&1 || { cat /tmp/et.out; fail "ethtool $*"; }
}

# vc ARGS...: vdpa-ctl, output in /tmp/vc.out; fatal on error.
vc() {
	run_to 30 "$VC" "$@" >/tmp/vc.out 2>&1 || { cat /tmp/vc.out; fail "vdpa-ctl $*"; }
}

# same_table: the key and indirection table the guest set (ethtool -x) are
# what the card uses (vdpa-ctl dev rss show).
same_table() {
	local guest card gkey ckey
	et -x "$DEV"
	guest=$(awk '/^ *[0-9]+: / { for (i = 2; i <= NF; i++) printf "%s ", $i }' /tmp/et.out)
	gkey=$(grep -A1 "RSS hash key" /tmp/et.out | tail -n 1)
	vc -j dev rss show d0
	card=$("$PY" -c 'import json
j = json.load(open("/tmp/vc.out"))["rss"]["d0"]
print(" ".join(str(q) for q in j["indirection_table"]), end=" ")')
	ckey=$("$PY" -c 'import json
print(json.load(open("/tmp/vc.out"))["rss"]["d0"]["key"])')
	[ "$guest" = "$card" ] || fail "table: guest $guest, card $card"
	[ "$gkey" = "$ckey" ] || fail "key: guest $gkey, card $ckey"
	log "card's table and key are the guest's: ${guest:0:32}..."
}

# ---- channels ----
et -l "$DEV"
grep -A4 "Pre-set maximums" /tmp/et.out | grep -q "Combined:.*$NQ" ||
	fail "max channels: $(cat /tmp/et.out)"
et -L "$DEV" combined $NQ
et -l "$DEV"
grep -A4 "Current hardware" /tmp/et.out | grep -q "Combined:.*$NQ" ||
	fail "channels not $NQ: $(cat /tmp/et.out)"
et -K "$DEV" rxhash on
et -x "$DEV"
grep -q "with $NQ RX ring" /tmp/et.out || fail "ethtool -x: $(cat /tmp/et.out)"
[ "$(grep -cE '^ *[0-9]+: ' /tmp/et.out)" = 16 ] ||
	fail "indirection table is not 128 entries: $(cat /tmp/et.out)"
key=$(grep -A1 "RSS hash key" /tmp/et.out | tail -n 1)
[ "$(tr ':' '\n' <<<"$key" | wc -l)" = 40 ] || fail "RSS key is not 40 bytes: $key"
grep -q "toeplitz: on" /tmp/et.out || fail "hash function: $(cat /tmp/et.out)"
# The guest draws its key at random at every boot, and under some keys 64
# flows that differ only in a port leave a queue empty (about one boot in
# thirty for the UDP sets below).  A fixed key makes where each UDP flow
# lands known: flows.py spread computes it, and the card must agree.
KEY=6d:5a:56:da:25:5b:0e:c2:41:67:25:3d:43:a3:8f:b0:d0:ca:2b:cb:ae:7b:30:b4
KEY+=:77:cb:2d:a3:80:30:f2:0c:6a:42:b7:3b:be:ac:01:fa
et -X "$DEV" hkey $KEY
et -x "$DEV"
grep -qx "$KEY" /tmp/et.out || fail "hkey not taken: $(cat /tmp/et.out)"

same_table
vc dev rss show d0
grep -q "steering table pairs $NQ max_tx_vq $NQ unclassified_queue 0" /tmp/vc.out ||
	fail "rss show: $(cat /tmp/vc.out)"
vc dev hash show d0
grep -q "hash_report true hash_tunnel false" /tmp/vc.out ||
	fail "hash show: $(cat /tmp/vc.out)"
grep -q "tunnel_active none" /tmp/vc.out || fail "hash show: $(cat /tmp/vc.out)"
measure udp 10.0.0.2 $N 10000
expect_on 0 1 2 3
expect_spread 10000
measure tcp 10.0.0.2 $N
expect_on 0 1 2 3
# With RSS and a default table, -L sends RSS_CONFIG with the new table.
et -L "$DEV" combined 2
measure udp 10.0.0.2 $N 11000
expect_on 0 1
et -L "$DEV" combined $NQ

# ---- indirection table ----
et -X "$DEV" equal 2
measure udp 10.0.0.2 $N 13000
expect_on 0 1
et -X "$DEV" weight 0 0 1 0
same_table
measure tcp 10.0.0.2 $N 21000
expect_on 2
et -X "$DEV" default
measure udp 10.0.0.2 $N 15000
expect_on 0 1 2 3
expect_spread 15000

# ---- hash fields ----
et -N "$DEV" rx-flow-hash udp4 sd
et -n "$DEV" rx-flow-hash udp4
grep -q "IP SA" /tmp/et.out && ! grep -q "L4 bytes" /tmp/et.out ||
	fail "udp4 hash fields: $(cat /tmp/et.out)"
measure udp 10.0.0.2 $N 16000
expect_one
et -N "$DEV" rx-flow-hash udp4 sdfn
measure udp 10.0.0.2 $N 17000
expect_on 0 1 2 3
# rxhash off: no hash types, everything unclassified (queue 0)
et -K "$DEV" rxhash off
measure tcp 10.0.0.2 $N 23000
expect_on 0
et -K "$DEV" rxhash on

# ---- tunnels: one outer flow each ----
ip -n up link add vx0 type vxlan id 42 local 10.0.0.1 remote 10.0.0.2 \
	dstport 4789 srcport 4789 4790 nolearning || fail "vxlan device"
ip -n up link add gre1 type gre local 10.0.0.1 remote 10.0.0.2 ttl 64 ||
	fail "gre device"
ip -n up link add ipip1 type ipip local 10.0.0.1 remote 10.0.0.2 ttl 64 ||
	fail "ipip device"
n=10
for t in vx0 gre1 ipip1; do
	ip -n up addr add 192.168.$n.1/24 dev $t
	ip -n up link set dev $t up
	n=$((n + 1))
done
ip -n up neigh replace 192.168.10.2 lladdr 02:00:00:00:10:02 dev vx0 nud permanent
measure udp 192.168.10.2 $N
expect_one
measure udp 192.168.11.2 $N
expect_one
measure udp 192.168.12.2 $N
expect_one
measure geneve ovnic0 $MAC $N
expect_one

# ---- the host's inner-header hash policy ----
run_to 60 "$VC" monitor count 1 >/tmp/mon.out 2>&1 &
mon=$!
sleep 1
vc dev hash set d0 tunnel vxlan,gre_2784,ipip,geneve
wait $mon || fail "vdpa-ctl monitor: $(cat /tmp/mon.out)"
grep -q "policy_change dev d0 mgmtdev ovnic0 policy hash" /tmp/mon.out ||
	fail "no policy event: $(cat /tmp/mon.out)"
vc dev hash show d0
grep -q "tunnel_active gre_2784 vxlan geneve ipip" /tmp/vc.out &&
	grep -q "tunnel_policy gre_2784 vxlan geneve ipip" /tmp/vc.out ||
	fail "hash show: $(cat /tmp/vc.out)"
measure udp 192.168.10.2 $N 18000
expect_on 0 1 2 3
measure udp 192.168.11.2 $N 18000
expect_on 0 1 2 3
measure udp 192.168.12.2 $N 18000
expect_on 0 1 2 3
measure geneve ovnic0 $MAC $N
expect_on 0 1 2 3
# GRE is enabled, not VXLAN: VXLAN stays on one queue
vc dev hash set d0 tunnel gre_2784
measure udp 192.168.10.2 $N 19000
expect_one
vc dev hash set d0 tunnel none
measure udp 192.168.11.2 $N 19000
expect_one
# refused: not a tunnel type (the tool), no such device (the kernel)
! "$VC" dev hash set d0 tunnel 0x200 2>/tmp/vc.err || fail "tunnel 0x200 accepted"
grep -q "not a mask of tunnel types" /tmp/vc.err || fail "$(cat /tmp/vc.err)"
! "$VC" dev hash set nosuch tunnel vxlan 2>/tmp/vc.err || fail "nosuch accepted"
grep -q "nosuch" /tmp/vc.err || fail "$(cat /tmp/vc.err)"

# ---- HASH_REPORT without RSS: virtio_net sends HASH_CONFIG ----
vc dev add name d1 mgmtdev ovnic0 mac 02:00:00:00:00:03 max_vqp 2 \
	device_features VERSION_1,ACCESS_PLATFORM,MAC,STATUS,CTRL_VQ,MQ,HASH_REPORT
D1=$(netdev_of d1)
feat=$(cat /sys/bus/vdpa/devices/d1/virtio*/features)
[ "${feat:57:1}${feat:60:1}" = 10 ] || fail "d1 negotiated $feat"
vc dev hash show d1
grep -q "hash_report true" /tmp/vc.out &&
	grep -q "hash_types ipv4 tcpv4 udpv4 ipv6 tcpv6 udpv6$" /tmp/vc.out ||
	fail "hash show d1: $(cat /tmp/vc.out)"
vc dev rss show d1
grep -q "rss false steering auto pairs 2" /tmp/vc.out || fail "rss show d1: $(cat /tmp/vc.out)"
netns_move "$D1" b 10.0.0.3/24
ping_ok up 10.0.0.3 -s 1400

# ---- the management side still reads the config ----
vdpa dev config show d0 | tee /tmp/cfg
grep -q "mac $MAC" /tmp/cfg || fail "vdpa dev config show: $(cat /tmp/cfg)"
grep -q "max_vq_pairs $NQ" /tmp/cfg || fail "vdpa dev config show: $(cat /tmp/cfg)"
run_to 30 "$VC" dev config show d0 || fail "vdpa-ctl dev config show"
log "ok"
exit 0
