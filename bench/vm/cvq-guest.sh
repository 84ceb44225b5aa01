#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Control-queue round trip against the reference device, run inside the VM
# by bench/vm-cvq.sh.  Linux's virtio_net busy-waits for every control
# command; a MAC change is one (VIRTIO_NET_CTRL_MAC_ADDR_SET).  For each of
# a virtio_vdpa netdev on upstream's vdpa_sim_net ("sim") and one on an
# ovnic device ("ovnic"; and "ovnic_core", the same with the module
# parameter cvq_inline off: the command waits for a device core thread, as
# before doorbells answered it), one `ip -batch` process changes the
# address BENCH_CMDS times between two addresses, and:
#   - the wall time of the batch over the commands: what a command costs
#     the guest with rtnetlink and notifiers around it;
#   - with the function_graph tracer on virtnet_send_command_reply (when
#     the guest kernel has it), each command's own round trip from posting
#     to the ack, as the tracer times it.
# The cases alternate within each of BENCH_ROUNDS rounds, so a change in
# the shared host's load falls on both.
#
# Raw results go to $OVNIC_VM_OUT/cvq-raw.txt:
#	wall CASE ROUND COMMANDS USECS
#	dur CASE ROUND USECS			(one per traced command)
#	meta KEY VALUE
#
# Arguments: BENCH_CMDS=N (200), BENCH_ROUNDS=N (3), BENCH_SIM_DIR (the
# vdpa_sim modules, build/bench/vdpa_sim).
. tests/vm/lib.sh
. tests/vm/ovnic-lib.sh
. bench/vm/lib.sh

bench_args "$@"
CMDS=${BENCH_CMDS:-200}
ROUNDS=${BENCH_ROUNDS:-3}
SIM=${BENCH_SIM_DIR:-$PWD/build/bench/vdpa_sim}
OUT=${OVNIC_VM_OUT:-/tmp}/cvq-raw.txt
VC=$PWD/vdpa-ctl/vdpa-ctl
TR=/sys/kernel/tracing
: >"$OUT"

for m in vringh vdpa_sim vdpa_sim_net; do
	[ -f "$SIM/$m.ko" ] || fail "no $SIM/$m.ko (bash bench/vdpa-sim-build.sh)"
done
[ -x "$VC" ] || fail "no $VC (make)"
sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1

ovnic_load
load_mod virtio_vdpa
load_mod vhost_iotlb
for m in vringh vdpa_sim vdpa_sim_net; do
	[ -d /sys/module/$m ] || run_to 60 insmod "$SIM/$m.ko" ||
		fail "insmod $SIM/$m.ko"
done

run_to 30 vdpa dev add name sim0 mgmtdev vdpasim_net mac 02:00:00:00:01:01 ||
	fail "vdpa dev add sim0"
vdpa_add c0 mac 02:00:00:00:05:01
SIM_DEV=$(netdev_of sim0)
OV_DEV=$(netdev_of c0)
# The guest may take these two addresses (the host's MAC policy).
run_to 30 "$VC" dev mac set c0 allow 02:00:00:00:05:02,02:00:00:00:05:03 ||
	fail "dev mac set c0 allow"
for d in "$SIM_DEV" "$OV_DEV"; do
	ip link set dev "$d" up || fail "$d up"
done
log "netdevs: sim0 $SIM_DEV, c0 $OV_DEV"

TRACE=0
if [ -w "$TR/set_ftrace_filter" ] &&
	grep -qw virtnet_send_command_reply "$TR/available_filter_functions" &&
	echo virtnet_send_command_reply >"$TR/set_ftrace_filter" &&
	echo function_graph >"$TR/current_tracer"; then
	TRACE=1
	echo 0 >"$TR/tracing_on"
	# Durations only, no interrupts in between.
	echo 0 >"$TR/options/funcgraph-irqs" 2>/dev/null || true
else
	log "no function_graph on virtnet_send_command_reply: wall time only"
fi
{
	echo "meta nproc $(nproc)"
	echo "meta kernel $(uname -r)"
	echo "meta cmds $CMDS"
	echo "meta rounds $ROUNDS"
	echo "meta traced $TRACE"
} >>"$OUT"

# batch_file DEV A B: CMDS address changes of DEV, A and B in turn.
batch_file() {
	local i f=/tmp/cvq-$1.batch
	: >"$f"
	for ((i = 0; i < CMDS; i++)); do
		if ((i % 2)); then
			echo "link set dev $1 address $3" >>"$f"
		else
			echo "link set dev $1 address $2" >>"$f"
		fi
	done
	echo "$f"
}
SIM_BATCH=$(batch_file "$SIM_DEV" 02:00:00:00:01:02 02:00:00:00:01:03)
OV_BATCH=$(batch_file "$OV_DEV" 02:00:00:00:05:02 02:00:00:00:05:03)

INLINE=/sys/module/ovnic/parameters/cvq_inline
[ -w "$INLINE" ] || fail "no $INLINE"

# run_case CASE ROUND BATCH
run_case() {
	local t0 t1
	if [ "$1" = ovnic_core ]; then
		echo N >"$INLINE"
	else
		echo Y >"$INLINE"
	fi
	if [ "$TRACE" = 1 ]; then
		echo >"$TR/trace"
		echo 1 >"$TR/tracing_on"
	fi
	t0=$(date +%s%N)
	run_to 600 ip -batch "$3" || fail "$1: ip -batch $3"
	t1=$(date +%s%N)
	echo "wall $1 $2 $CMDS $(((t1 - t0) / 1000))" >>"$OUT"
	if [ "$TRACE" = 1 ]; then
		echo 0 >"$TR/tracing_on"
		# "  0) ! 1823.456 us |  virtnet_send_command_reply();"
		awk -v c="$1" -v r="$2" '/virtnet_send_command_reply/ {
			for (i = 2; i <= NF; i++)
				if ($i == "us" && $(i - 1) ~ /^[0-9.]+$/) {
					print "dur", c, r, $(i - 1); break
				}
		}' "$TR/trace" >>"$OUT"
	fi
}

for ((r = 1; r <= ROUNDS; r++)); do
	if ((r % 2)); then
		run_case sim "$r" "$SIM_BATCH"
		run_case ovnic "$r" "$OV_BATCH"
		run_case ovnic_core "$r" "$OV_BATCH"
	else
		run_case ovnic_core "$r" "$OV_BATCH"
		run_case ovnic "$r" "$OV_BATCH"
		run_case sim "$r" "$SIM_BATCH"
	fi
	log "round $r done"
done
if [ "$TRACE" = 1 ]; then
	echo nop >"$TR/current_tracer"
fi
echo Y >"$INLINE"

# Every command was answered OK (ip -batch stops at the first refusal):
# the address is the last one set.
last=3
((CMDS % 2)) && last=2
[ "$(cat "/sys/class/net/$OV_DEV/address")" = "02:00:00:00:05:0$last" ] ||
	fail "ovnic: the last address change did not take"
[ "$(cat "/sys/class/net/$SIM_DEV/address")" = "02:00:00:00:01:0$last" ] ||
	fail "sim: the last address change did not take"
run_to 30 vdpa dev del sim0 || true
run_to 30 vdpa dev del c0 || true
log "cvq bench done"
