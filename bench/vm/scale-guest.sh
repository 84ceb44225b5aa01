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
# netlink state) and a control step (the same vdpa runs against a missing
# management device: same processes, no device), for
# max_vqp 1 and then 4, three cycles of: add 64 devices with iproute2's
# vdpa, snapshot, delete them all, snapshot.
#
# A snapshot is taken after 2 s (deferred RCU frees) and a shrink of every
# slab cache (/sys/kernel/slab/*/shrink, so per-CPU slabs don't count as
# in use), and records /proc/meminfo and /proc/slabinfo.  Raw output in
# $OVNIC_VM_OUT:
#	scale-raw.txt	"snap LABEL FIELD=kB..." lines, "time add|del QP MSECS"
#			(all NDEV devices), "meta KEY VALUE" lines
#	slab-LABEL.txt	"CACHE ACTIVE_OBJS OBJSIZE OBJS_PER_SLAB" per cache
#
# Arguments: BENCH_DEVICES=N (64), BENCH_CYCLES=N (3), BENCH_QPS="1 4".
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh
. bench/vm/lib.sh

bench_args "$@"
NDEV=${BENCH_DEVICES:-64}
CYCLES=${BENCH_CYCLES:-3}
QPS=${BENCH_QPS:-1 4}
O=${OVNIC_VM_OUT:-/tmp}
OUT=$O/scale-raw.txt
: >"$OUT"
[ -r /proc/slabinfo ] || fail "no /proc/slabinfo"
[ -d /sys/kernel/slab ] || fail "no /sys/kernel/slab (SLUB sysfs)"

# The fields that hold kernel memory which the card and driver can use.
FIELDS=" MemFree MemAvailable Slab SReclaimable SUnreclaim VmallocUsed Percpu KernelStack PageTables "
snap() {	# snap LABEL
	local lab=$1 f line mi sl
	sync
	sleep 2
	for f in /sys/kernel/slab/*/shrink; do
		echo 1 >"$f" 2>/dev/null
	done
	# Read at once, with builtins: a process started between the shrink
	# and the read would take fresh CPU slabs, which count as in use.
	mapfile -t sl </proc/slabinfo
	mapfile -t mi </proc/meminfo
	line="snap $lab"
	for f in "${mi[@]}"; do
		# shellcheck disable=SC2086 # "Key:   value kB"
		set -- $f
		[[ "$FIELDS" == *" ${1%:} "* ]] && line="$line ${1%:}=$2"
	done
	echo "$line" >>"$OUT"
	# name active_objs objsize objperslab
	printf '%s\n' "${sl[@]:2}" | awk '{ print $1, $2, $4, $5 }' >"$O/slab-$lab.txt"
}

# vdpa_loop add|del QP MGMTDEV: vdpa dev add (del) for the NDEV devices,
# one vdpa run each, timed when TIMED=1.  MGMTDEV "-" is the control: the
# same runs, the same processes, against a management device that doesn't
# exist, so every command fails and no device is made.
vdpa_loop() {
	local op=$1 qp=$2 mg=$3 i t0 mac cmd
	t0=$(date +%s%N)
	for ((i = 0; i < NDEV; i++)); do
		printf -v mac '02:00:00:10:%02x:%02x' $((i / 256)) $((i % 256))
		if [ "$op" = add ]; then
			cmd=(vdpa dev add name "s$i" mgmtdev "${mg/#-/nosuch}" mac "$mac")
			[ "$qp" -gt 1 ] && cmd+=(max_vqp "$qp")
		else
			cmd=(vdpa dev del "s$i")
		fi
		if [ "$mg" = - ]; then
			run_to 30 "${cmd[@]}" 2>/dev/null && fail "control: ${cmd[*]} succeeded"
		else
			run_to 30 "${cmd[@]}" || fail "${cmd[*]} failed"
		fi
	done
	[ "$TIMED" = 1 ] && echo "time $op $qp $((($(date +%s%N) - t0) / 1000000))" >>"$OUT"
	i=$(find /sys/bus/vdpa/devices -mindepth 1 -maxdepth 1 | wc -l)
	if [ "$op" = add ] && [ "$mg" != - ]; then
		[ "$i" -eq "$NDEV" ] || fail "expected $NDEV vDPA devices, found $i"
	else
		[ "$i" -eq 0 ] || fail "vDPA devices left: $(ls /sys/bus/vdpa/devices)"
		[ -z "$(vdpa dev show)" ] || fail "vdpa dev show lists devices"
	fi
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
TIMED=0
vdpa_loop add 4 ovnic0
vdpa_loop del 4 ovnic0
snap warm
# Caches that grow with the tool's processes (VMAs, lazily freed stacks)
# grow in the control too.
vdpa_loop add 4 -
vdpa_loop del 4 -
snap base
TIMED=1
for qp in $QPS; do
	for c in $(seq "$CYCLES"); do
		vdpa_loop add "$qp" ovnic0
		log "qp $qp cycle $c: $NDEV devices added"
		snap "add-q$qp-c$c"
		vdpa_loop del "$qp" ovnic0
		snap "del-q$qp-c$c"
	done
done
ovnic_unload
snap unloaded
cat "$OUT"
exit 0
