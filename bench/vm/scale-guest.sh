#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Memory per device and per queue pair, and what adding and removing
# devices leaves behind; run inside the VM by bench/vm-scale.sh.
#
# ovnic is loaded with max_devices=64; no vDPA bus driver is loaded, so the
# devices stay unbound: what is measured is the card's and its driver's
# memory (the rings and a virtio_net netdev would be the bus driver's).
# After a warm-up cycle (one-time allocations: IDs, sysfs directories,
# netlink state) and a control step (as many vdpa runs, no device), for
# max_vqp 1 and then 4, three cycles of: add 64 devices with iproute2's
# vdpa, snapshot, delete them all, snapshot.
#
# A snapshot is taken after 2 s (deferred RCU frees) and a shrink of every
# slab cache (/sys/kernel/slab/*/shrink, so per-CPU slabs don't count as
# in use), and records /proc/meminfo and /proc/slabinfo.  Raw output in
# $OVNIC_VM_OUT:
#	scale-raw.txt	"snap LABEL FIELD=kB..." lines, "time add|del QP MSECS"
#			(all NDEV devices), "meta KEY VALUE" lines
#	slab-LABEL.txt	"CACHE ACTIVE_OBJS OBJSIZE" per slab cache
#
# Arguments: BENCH_DEVICES=N (64), BENCH_CYCLES=N (3), BENCH_QPS="1 4".
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh

for kv in "$@"; do
	case "$kv" in
	BENCH_*=*) export "${kv?}" ;;
	*) fail "unknown argument $kv" ;;
	esac
done
NDEV=${BENCH_DEVICES:-64}
CYCLES=${BENCH_CYCLES:-3}
QPS=${BENCH_QPS:-1 4}
O=${OVNIC_VM_OUT:-/tmp}
OUT=$O/scale-raw.txt
: >"$OUT"
[ -r /proc/slabinfo ] || fail "no /proc/slabinfo"
[ -d /sys/kernel/slab ] || fail "no /sys/kernel/slab (SLUB sysfs)"

# The fields that hold kernel memory which the card and driver can use.
FIELDS="MemFree MemAvailable Slab SReclaimable SUnreclaim VmallocUsed Percpu KernelStack PageTables"
snap() {	# snap LABEL
	local f v line
	sync
	sleep 2
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
	line="snap $1"
	for f in $FIELDS; do
		v=$(awk -v k="$f:" '$1 == k { print $2 }' /proc/meminfo)
		line="$line $f=${v:-0}"
	done
	echo "$line" >>"$OUT"
	awk 'NR > 2 { print $1, $2, $4 }' /proc/slabinfo >"$O/slab-$1.txt"
}

mac() {	# mac INDEX
	printf '02:00:00:10:%02x:%02x' $(($1 / 256)) $(($1 % 256))
}

add_all() {	# add_all QP
	local i args=() t0
	[ "$1" -gt 1 ] && args=(max_vqp "$1")
	t0=$(date +%s%N)
	for i in $(seq 0 $((NDEV - 1))); do
		vdpa_add "s$i" mac "$(mac "$i")" "${args[@]}"
	done
	echo "time add $1 $((($(date +%s%N) - t0) / 1000000))" >>"$OUT"
	[ "$(find /sys/bus/vdpa/devices -mindepth 1 -maxdepth 1 | wc -l)" -eq "$NDEV" ] ||
		fail "expected $NDEV vDPA devices"
}

del_all() {	# del_all QP
	local i t0
	t0=$(date +%s%N)
	for i in $(seq 0 $((NDEV - 1))); do
		run_to 30 vdpa dev del "s$i" || fail "vdpa dev del s$i"
	done
	echo "time del $1 $((($(date +%s%N) - t0) / 1000000))" >>"$OUT"
	[ -z "$(ls /sys/bus/vdpa/devices)" ] || fail "vDPA devices left: $(ls /sys/bus/vdpa/devices)"
	[ -z "$(vdpa dev show)" ] || fail "vdpa dev show lists devices after delete"
}

load_mod vdpa
{
	echo "meta nproc $(nproc)"
	echo "meta kernel $(uname -r)"
	echo "meta devices $NDEV"
	echo "meta cycles $CYCLES"
	echo "meta page_size $(getconf PAGESIZE)"
} >>"$OUT"
# The tools' binaries and libraries into the page cache first.
vdpa mgmtdev show >/dev/null 2>&1
snap preload
load_mod "$OVNIC_KO" max_devices="$NDEV"
wait_for '[ -e /sys/class/net/ovnic0 ]' 10 || fail "no uplink netdev ovnic0"
vdpa mgmtdev show
snap loaded
snap idle
add_all 4
del_all 4
snap warm
# The control: the same number of vdpa runs, no device made.  Caches that
# grow with the tool's processes (VMAs, lazily freed stacks) grow here too.
for i in $(seq "$NDEV"); do
	run_to 30 vdpa dev show >/dev/null || fail "vdpa dev show"
done
snap base
for qp in $QPS; do
	for c in $(seq "$CYCLES"); do
		add_all "$qp"
		log "qp $qp cycle $c: $NDEV devices added"
		snap "add-q$qp-c$c"
		del_all "$qp"
		snap "del-q$qp-c$c"
	done
done
ovnic_unload
snap unloaded
cat "$OUT"
exit 0
