# SPDX-License-Identifier: GPL-2.0
#
# Helpers of the data-plane offload tests (t-offload.sh, t-offload-seg.sh,
# t-xdp.sh), on top of lib.sh and ovnic-lib.sh.  Source after them.
#
# A check that fails does not stop the test: it is recorded with what it
# needs (virtio features the devices must have negotiated, the uplink's
# offloads, statistics types the card must advertise), and ofl_finish
# prints every failure, each saying which of its needs are missing, and
# exits 1.  With OVNIC_OFFLOAD_XFAIL=1 a failure whose needs are not all
# there is reported as XFAIL and does not fail the test: for running the
# tests on a tree that lacks a feature, to see that the rest of the logic
# holds (pass it into the VM with OVNIC_VM_ENV=OVNIC_OFFLOAD_XFAIL).
#
# Endpoints: "a" and "b" are the virtio_vdpa netdevs of d0 and d1, each in
# its namespace of that name; "up" is the uplink ovnic0 in this namespace.
# Throughput is logged and collected for the end of the log, never
# asserted.
# shellcheck shell=bash

REPO=${REPO:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
OFL_FAILED=()
OFL_XFAILED=()
OFL_TPUT=()
OFL_PORT=5300
declare -A OFL_HAVE	# need -> 1: a feature every device negotiated, ...
declare -A EP_NS EP_DEV EP_IP4 EP_IP6

# The virtio-net features the offload tests look at (virtio 1.2 5.1.3).
declare -A OFL_BIT=(
	[CSUM]=0 [GUEST_CSUM]=1 [CTRL_GUEST_OFFLOADS]=2 [GUEST_TSO4]=7
	[GUEST_TSO6]=8 [GUEST_ECN]=9 [HOST_TSO4]=11 [HOST_TSO6]=12
	[HOST_ECN]=13 [MRG_RXBUF]=15 [CTRL_VQ]=17 [MQ]=22 [DEVICE_STATS]=50
	[GUEST_USO4]=54 [GUEST_USO6]=55 [HOST_USO]=56
)
# What issue 13 adds: each must be negotiated by Linux's virtio_net.
OFL_WANT="CSUM GUEST_CSUM CTRL_GUEST_OFFLOADS GUEST_TSO4 GUEST_TSO6 GUEST_ECN
	  GUEST_USO4 GUEST_USO6 HOST_TSO4 HOST_TSO6 HOST_ECN HOST_USO MRG_RXBUF"

good() {
	log "ok: $*"
}

# bad NEEDS MSG...: record a failed check.  NEEDS: comma-separated needs
# ("-" for none): feature names of OFL_BIT, "uplink" (the uplink netdev's
# offloads), "stats:TYPE" (the card advertises DEVICE_STATS type TYPE:
# RX_CSUM, TX_CSUM, RX_GSO, TX_GSO).
bad() {
	local needs=$1 n missing=() why
	shift
	if [ "$needs" != - ]; then
		for n in ${needs//,/ }; do
			[ -n "${OFL_HAVE[$n]:-}" ] || missing+=("$n")
		done
	fi
	if [ "${#missing[@]}" -gt 0 ]; then
		why=" [needs $needs; missing: ${missing[*]}]"
		if [ "${OVNIC_OFFLOAD_XFAIL:-0}" = 1 ]; then
			log "XFAIL: $*$why"
			OFL_XFAILED+=("$*$why")
			return 0
		fi
	elif [ "$needs" != - ]; then
		why=" [needs $needs: all there]"
	fi
	log "FAIL: $*${why:-}" >&2
	OFL_FAILED+=("$*${why:-}")
}

# expect NEEDS MSG CMD...: good MSG when CMD succeeds, else bad NEEDS MSG.
expect() {
	local needs=$1 msg=$2
	shift 2
	if "$@"; then
		good "$msg"
	else
		bad "$needs" "$msg"
	fi
}

# ofl_finish: the throughput table, then every failed check; exit 1 if
# any, 0 otherwise.
ofl_finish() {
	local f
	if [ "${#OFL_TPUT[@]}" -gt 0 ]; then
		log "throughput (Mbit/s at the receiver, QEMU TCG; not asserted):"
		printf '  %s\n' "${OFL_TPUT[@]}" |
			tee "${OVNIC_VM_OUT:-/tmp}/$OVNIC_TEST-throughput.txt"
	fi
	for f in "${OFL_XFAILED[@]}"; do
		log "expected failure (OVNIC_OFFLOAD_XFAIL=1): $f"
	done
	if [ "${#OFL_FAILED[@]}" -gt 0 ]; then
		for f in "${OFL_FAILED[@]}"; do
			log "failed: $f" >&2
		done
		log "${#OFL_FAILED[@]} check(s) failed, ${#OFL_XFAILED[@]} expected failure(s)" >&2
		exit 1
	fi
	log "all checks passed (${#OFL_XFAILED[@]} expected failures)"
	exit 0
}

# vdpa_features NAME: the features the virtio device on vDPA device NAME
# negotiated, as virtio's sysfs bit string (character i is bit i).
vdpa_features() {
	local f
	for f in /sys/bus/vdpa/devices/"$1"/virtio*/features; do
		cat "$f"
		return
	done
	fail "no virtio device on vDPA device $1"
}

# ofl_features NAME...: OFL_HAVE[F] for each feature F of OFL_BIT that
# every listed vDPA device negotiated; logs what is missing of OFL_WANT.
ofl_features() {
	local f d bits missing=()
	for f in "${!OFL_BIT[@]}"; do
		OFL_HAVE[$f]=1
	done
	for d in "$@"; do
		bits=$(vdpa_features "$d")
		for f in "${!OFL_BIT[@]}"; do
			[ "${bits:${OFL_BIT[$f]}:1}" = 1 ] || unset "OFL_HAVE[$f]"
		done
	done
	for f in $OFL_WANT; do
		[ -n "${OFL_HAVE[$f]:-}" ] || missing+=("$f")
	done
	log "devices $*: negotiated offload features: $(for f in $OFL_WANT; do
		[ -n "${OFL_HAVE[$f]:-}" ] && printf '%s ' "$f"; done)"
	[ "${#missing[@]}" -eq 0 ] ||
		log "devices $*: not negotiated: ${missing[*]}"
}

# ofl_stats_caps EP: OFL_HAVE[stats:T] for the DEVICE_STATS types the
# card advertised to endpoint EP's device, as Linux's virtio_net shows
# them: ethtool -S names rxN_hw_needs_csum (RX_CSUM) and
# txN_hw_gso_packets_noseg (TX_GSO); the netdev family's queue statistics
# rx-csum-unnecessary (RX_CSUM), rx-hw-gro-packets (RX_GSO),
# tx-needs-csum (TX_CSUM) and tx-hw-gso-packets (TX_GSO).
ofl_stats_caps() {
	local -A c
	local t
	ofl_snap "$1" c q
	[ -n "${c[eth.rx_hw_needs_csum]:-}" ] && [ -n "${c[q.rx-csum-unnecessary]:-}" ] &&
		OFL_HAVE[stats:RX_CSUM]=1
	[ -n "${c[q.tx-needs-csum]:-}" ] && OFL_HAVE[stats:TX_CSUM]=1
	[ -n "${c[q.rx-hw-gro-packets]:-}" ] && OFL_HAVE[stats:RX_GSO]=1
	[ -n "${c[eth.tx_hw_gso_packets_noseg]:-}" ] && [ -n "${c[q.tx-hw-gso-packets]:-}" ] &&
		OFL_HAVE[stats:TX_GSO]=1
	log "$1: DEVICE_STATS offload types advertised: $(for t in RX_CSUM TX_CSUM RX_GSO TX_GSO; do
		[ -n "${OFL_HAVE[stats:$t]:-}" ] && printf '%s ' "$t"; done)"
}

# nsx NS CMD...: CMD in network namespace NS ("-": this one), with a timeout.
nsx() {
	local ns=$1
	shift
	if [ "$ns" = - ]; then
		run_to 120 "$@"
	else
		run_to 120 ip netns exec "$ns" "$@"
	fi
}

# at EP CMD...: CMD in endpoint EP's namespace, no timeout (quick reads:
# under TCG every process counts).
at() {
	local ns=${EP_NS[$1]}
	shift
	if [ "$ns" = - ]; then
		"$@"
	else
		ip netns exec "$ns" "$@"
	fi
}

# ofl_snap EP VAR [q|s]: the counters of endpoint EP's netdev into the
# associative array VAR: sys.* (the netdev's statistics), eth.* (ethtool
# -S, when the driver has it; not with s) and, with q, q.*
# (tools/qstats.py: the netdev family's queue statistics; a few seconds
# under TCG).
ofl_snap() {
	local ep=$1 dev=${EP_DEV[$1]} k v pre=sys. eth
	eth="echo --; ethtool -S $dev 2>/dev/null"
	local -n _snap=$2
	_snap=()
	[ "${3:-}" = s ] && eth=:
	while read -r k v; do
		if [ "$k" = -- ]; then
			pre=eth.
		elif [[ "$v" =~ ^[0-9]+$ ]]; then
			_snap[$pre${k%:}]=$v
		fi
	done < <(at "$ep" sh -c "cd /sys/class/net/$dev/statistics || exit
		for k in rx_packets rx_bytes tx_packets tx_bytes rx_dropped; do
			read v <\$k; echo \$k \$v; done
		$eth")
	[ -n "${_snap[sys.rx_packets]:-}" ] || fail "cannot read $dev's statistics"
	[ "${3:-}" = q ] || return 0
	while read -r dev k v; do
		_snap[q.$k]=$v
	done < <(at "$ep" env OVNIC_YNL="${OVNIC_YNL_DIR:-}" \
		python3 "$REPO/tests/vm/tools/qstats.py" "${EP_DEV[$ep]}" 2>/tmp/qstats.err)
	[ -s /tmp/qstats.err ] && log "qstats.py: $(cat /tmp/qstats.err)"
	return 0
}

# sdelta VAR1 VAR2 KEY...: the sum over KEYs of their change between two
# snapshots; empty if no KEY is in both.
sdelta() {
	local -n _s0=$1 _s1=$2
	local k x y sum=''
	shift 2
	for k in "$@"; do
		x=${_s0[$k]:-} y=${_s1[$k]:-}
		[ -n "$x" ] && [ -n "$y" ] && sum=$((${sum:-0} + y - x))
	done
	echo "$sum"
}

# avg_frame VAR1 VAR2 rx|tx: the average frame of a direction between two
# snapshots (bytes per packet, Ethernet header included), 0 if none.
avg_frame() {
	local -n _a0=$1 _a1=$2
	local kp=sys.$3_packets kb=sys.$3_bytes p b
	p=$((${_a1[$kp]:-0} - ${_a0[$kp]:-0}))
	b=$((${_a1[$kb]:-0} - ${_a0[$kb]:-0}))
	if [ "$p" -gt 0 ]; then echo $((b / p)); else echo 0; fi
}

# ofl_devices MTU [VDPA ADD ARGS OF d1...]: ovnic with devices d0 and d1
# (MTU provisioned, MACs 02:00:00:00:00:02 and :03) on virtio_vdpa, d0's
# netdev in namespace a (10.0.0.2, fd00::2), d1's in b (10.0.0.3,
# fd00::3), the uplink ovnic0 here (10.0.0.1, fd00::1).  Sets A_DEV,
# B_DEV and the EP_* tables.
ofl_devices() {
	local mtu=$1
	shift
	ovnic_load
	load_mod virtio_vdpa
	vdpa_add d0 mac 02:00:00:00:00:02 mtu "$mtu"
	vdpa_add d1 mac 02:00:00:00:00:03 mtu "$mtu" "$@"
	A_DEV=$(netdev_of d0)
	B_DEV=$(netdev_of d1)
	ip link set dev ovnic0 mtu "$mtu" || fail "uplink mtu $mtu"
	ip addr add 10.0.0.1/24 dev ovnic0 || fail "uplink address"
	ip addr add fd00::1/64 dev ovnic0 nodad || fail "uplink address"
	ip link set dev ovnic0 up || fail "uplink up"
	netns_move "$A_DEV" a 10.0.0.2/24
	netns_move "$B_DEV" b 10.0.0.3/24
	ip -n a addr add fd00::2/64 dev "$A_DEV" nodad || fail "a: fd00::2"
	ip -n b addr add fd00::3/64 dev "$B_DEV" nodad || fail "b: fd00::3"
	EP_NS=([a]=a [b]=b [up]=-)
	EP_DEV=([a]=$A_DEV [b]=$B_DEV [up]=ovnic0)
	EP_IP4=([a]=10.0.0.2 [b]=10.0.0.3 [up]=10.0.0.1)
	EP_IP6=([a]=fd00::2 [b]=fd00::3 [up]=fd00::1)
	ethtool -k ovnic0 | grep -q '^tx-checksumming: on' && OFL_HAVE[uplink]=1
	return 0
}

# set_mtu MTU [EP...]: the MTU of the endpoints (default a, b, up).
set_mtu() {
	local mtu=$1 e eps=("${@:2}")
	[ "${#eps[@]}" -gt 0 ] || eps=(a b up)
	for e in "${eps[@]}"; do
		at "$e" ip link set dev "${EP_DEV[$e]}" mtu "$mtu" || fail "$e: mtu $mtu"
	done
}

# feature_of EP NAME [TEXT]: "on" or "off" (with " [fixed]" and the like)
# from ethtool -k of endpoint EP's netdev, or from TEXT, its output taken
# before.
feature_of() {
	local k v
	while read -r k v; do
		[ "$k" = "$2:" ] && { echo "$v"; return; }
	done < <(if [ -n "${3:-}" ]; then echo "$3"; else at "$1" ethtool -k "${EP_DEV[$1]}"; fi)
}

# ofl_ethtool_k EP ETHTOOL_K_ARGS...: ethtool -K on an endpoint, one
# feature at a time (virtio_net refuses some, e.g. rx, which it fixes on);
# logs what it refused.
ofl_ethtool_k() {
	local ep=$1 long
	local -A name=([tx]=tx-checksumming [rx]=rx-checksumming [sg]=scatter-gather
		[tso]=tcp-segmentation-offload [gso]=generic-segmentation-offload
		[gro]=generic-receive-offload [lro]=large-receive-offload)
	shift
	while [ $# -ge 2 ]; do
		long=${name[$1]:-$1}
		at "$ep" ethtool -K "${EP_DEV[$ep]}" "$1" "$2" 2>/dev/null ||
			log "$ep: ethtool -K $1 $2 refused ($long: $(feature_of "$ep" "$long"))"
		shift 2
	done
}

# listening EP PORT: something listens on TCP PORT in EP's namespace.
listening() {
	at "$1" ss -Hltn "sport = :$2" | grep -q .
}

# ofl_servers EP...: an iperf3 server on port 5201 in each endpoint's
# namespace (IPv4 and IPv6), for ofl_iperf; ofl_servers_stop ends them.
ofl_servers() {
	local ep
	for ep in "$@"; do
		nsx "${EP_NS[$ep]}" iperf3 -s -D -p 5201 -I "/tmp/iperf-$ep.pid" \
			--logfile "/tmp/iperf-$ep.log" || fail "iperf3 server on $ep"
	done
	for ep in "$@"; do
		wait_for "listening $ep 5201" 10 || fail "iperf3 server on $ep never listened"
	done
}

ofl_servers_stop() {
	local f
	for f in /tmp/iperf-*.pid; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
		rm -f "$f"
	done
	return 0
}

# ofl_iperf PROTO FAMILY SRC DST: one iperf3 run from endpoint SRC to DST
# (its server from ofl_servers): TCP for 2 s, or UDP for 1 s (300 Mbit/s
# offered, datagrams as large as the MTU allows); IPv4 or IPv6 (FAMILY 4
# or 6).  Sets MBPS (as the receiver saw it), LOST ("lost/total" for UDP)
# and RETR (TCP retransmissions); records the throughput.  Returns 1
# (after a bad check) if the run failed.
ofl_iperf() {
	local proto=$1 fam=$2 src=$3 dst=$4 ip mtu args=(-t 2) line rc=0
	if [ "$fam" = 4 ]; then ip=${EP_IP4[$dst]}; else ip=${EP_IP6[$dst]}; fi
	read -r mtu <<<"$(at "$src" cat "/sys/class/net/${EP_DEV[$src]}/mtu")"
	[ "$proto" = UDP ] && args=(-t 1 -u -b 300M -l $((mtu - (fam == 4 ? 28 : 48))))
	MBPS=0 LOST='' RETR=''
	nsx "${EP_NS[$src]}" iperf3 -c "$ip" -p 5201 -f m "${args[@]}" \
		>/tmp/iperf-c.txt 2>&1 || rc=$?
	line=$(grep ' receiver$' /tmp/iperf-c.txt | tail -n 1)
	if [ "$rc" -ne 0 ] || [ -z "$line" ]; then
		tail -n 15 /tmp/iperf-c.txt "/tmp/iperf-$dst.log"
		bad - "iperf3 $proto IPv$fam MTU $mtu $src -> $dst failed (exit $rc)"
		return 1
	fi
	MBPS=$(awk '{ for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") print $(i - 1) }' <<<"$line")
	if [ "$proto" = UDP ]; then
		LOST=$(awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\/[0-9]+$/) print $i }' <<<"$line")
	else
		RETR=$(grep ' sender$' /tmp/iperf-c.txt | tail -n 1 |
			awk '{ for (i = 2; i <= NF; i++) if ($i == "Mbits/sec") print $(i + 1) }')
	fi
	OFL_TPUT+=("$(printf '%-3s IPv%s MTU %-4s %-13s %-2s -> %-2s %8s%s' \
		"$proto" "$fam" "$mtu" "${OFL_MODE:-}" "$src" "$dst" "$MBPS" \
		"${LOST:+  lost $LOST}${RETR:+  retr $RETR}")")
	log "iperf3 $proto IPv$fam MTU $mtu $src -> $dst: $MBPS Mbit/s${LOST:+, lost $LOST}${RETR:+, $RETR retransmissions}"
	if [ "$proto" = UDP ] && [ "${LOST#*/}" = "${LOST%/*}" ]; then
		bad - "iperf3 UDP IPv$fam MTU $mtu $src -> $dst: every datagram lost ($LOST)"
		return 1
	fi
	return 0
}

# ofl_copy SRC DST FAMILY [MB=4]: send MB of random bytes with nc from
# endpoint SRC to DST over TCP; the copy must arrive whole (md5).
ofl_copy() {
	local src=$1 dst=$2 fam=$3 mb=${4:-4} ip port want got
	port=$((OFL_PORT += 1))
	if [ "$fam" = 4 ]; then ip=${EP_IP4[$dst]}; else ip=${EP_IP6[$dst]}; fi
	if [ ! -f /tmp/copy-src.bin ] ||
	   [ "$(stat -c %s /tmp/copy-src.bin)" != $((mb << 20)) ]; then
		head -c $((mb << 20)) /dev/urandom >/tmp/copy-src.bin
	fi
	want=$(md5sum </tmp/copy-src.bin)
	rm -f /tmp/copy-dst.bin
	nsx "${EP_NS[$dst]}" nc -l "$ip" "$port" >/tmp/copy-dst.bin &
	local pid=$!
	if ! wait_for "listening $dst $port" 10; then
		kill "$pid" 2>/dev/null
		bad - "nc on $dst never listened"
		return 1
	fi
	nsx "${EP_NS[$src]}" nc -N "$ip" "$port" </tmp/copy-src.bin ||
		log "nc $src -> $dst: exit $?"
	wait "$pid"
	got=$(md5sum </tmp/copy-dst.bin)
	if [ "$got" = "$want" ]; then
		good "$mb MB over TCP/IPv$fam $src -> $dst ${OFL_MODE:-} arrived intact"
	else
		bad - "$mb MB over TCP/IPv$fam $src -> $dst ${OFL_MODE:-}: $(stat -c %s /tmp/copy-dst.bin) bytes arrived, md5 $got, sent $want"
	fi
}

# csum_errors: the TCP and UDP checksum errors counted in every namespace.
csum_errors() {
	local ns n=0 v
	for ns in - a b ${OFL_EXTRA_NS:-}; do
		# shellcheck disable=SC2016 # awk's
		v=$(nsx "$ns" awk '
			/^(Tcp|Udp):/ && !h[$1]++ {
				for (i = 2; i <= NF; i++) col[$1, $i] = i; next }
			/^(Tcp|Udp):/ { s += $(col[$1, "InCsumErrors"]) }
			END { print s + 0 }' /proc/net/snmp)
		n=$((n + v))
		# shellcheck disable=SC2016 # awk's
		v=$(nsx "$ns" awk '$1 == "Udp6InCsumErrors" { print $2 }' /proc/net/snmp6)
		n=$((n + ${v:-0}))
	done
	echo "$n"
}
