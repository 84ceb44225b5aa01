#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Reference for the firmware benchmark: DPDK's vhost library, the fastest
# software virtio backend, measured on this machine in the same run.  Two
# dpdk-testpmd processes (Debian's dpdk-dev), each with one forwarding core
# on its own CPU and 2 MB hugepages (--single-file-segments):
#
#   backend   --vdev net_vhost0,iface=SOCK,queues=1             (the device)
#   guest     --vdev net_virtio_user0,path=SOCK,queues=1,queue_size=1024
#
#   guest TX  virtio-user txonly  ->  vhost rxonly
#   guest RX  vhost txonly        ->  virtio-user rxonly
#
# at 64 and 1500 bytes.  Packets per second are the receiver's Rx-pps from
# testpmd's port statistics (--stats-period 1: a sample every 1-2 s, each
# the rate since the last), the first one after the peer connected and the
# last one dropped; best and median of the rest.
#
#   bash bench/dpdk-ref.sh        (root: it reserves hugepages)
#
# testpmd's main lcore only prints the statistics; it shares the CPU of the
# forwarding lcore (--lcores 0@N,1@N), since testpmd refuses to forward with
# a single lcore.
#
# Environment:
#   BUILD		output directory (default <repo>/build/bench)
#   DPDK_SECS		seconds measured per run (10)
#   DPDK_WARMUP		seconds before the measurement (3)
#   DPDK_FRAMES		frame sizes ("64 1500")
#   DPDK_RING		virtio-user queue size (1024)
#   DPDK_HUGEPAGES	2 MB pages needed free (512)
#   BENCH_QUIET_WAIT	seconds to wait for a quiet machine before each run
#			(60; 0: don't), BENCH_QUIET_LOAD (0.3): see quiet.sh
#
# Outputs, under BUILD: dpdk.json, dpdk.txt, raw/dpdk-*.log.  Hugepages
# reserved and a hugetlbfs mounted by the script are given back at exit.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
SECS=${DPDK_SECS:-10}
WARMUP=${DPDK_WARMUP:-3}
FRAMES=${DPDK_FRAMES:-64 1500}
RING=${DPDK_RING:-1024}
NEED_PAGES=${DPDK_HUGEPAGES:-512}
HP=/sys/kernel/mm/hugepages/hugepages-2048kB
TESTPMD=${DPDK_TESTPMD:-dpdk-testpmd}
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
QUIET_LOAD=${BENCH_QUIET_LOAD:-0.3}

mkdir -p "$BUILD/raw"
json=$BUILD/dpdk.json

# Written when the reference cannot run, so the summary can say why.
skip() {
	echo "dpdk-ref: skipped: $*" >&2
	python3 -c 'import json, sys; json.dump({"skipped": sys.argv[2]}, open(sys.argv[1], "w"))' \
		"$json" "$*"
	exit 0
}

command -v "$TESTPMD" >/dev/null ||
	skip "$TESTPMD not installed (Debian: dpdk-dev; make setup)"
pmds=$(ls -d /usr/lib/*/dpdk/pmds-* 2>/dev/null | head -n 1 || true)
for lib in librte_net_vhost librte_net_virtio librte_mempool_ring; do
	ls "$pmds"/$lib.so* >/dev/null 2>&1 ||
		skip "$lib not installed (Debian: ${lib//_/-}23; make setup)"
done
[ -d "$HP" ] || skip "no 2 MB hugepage support"

tmp=$(mktemp -d /tmp/ovnic-dpdk.XXXXXX)
orig_pages=
huge_mounted=
pids=()
vh_prefix=ovnic-vh-$$
vu_prefix=ovnic-vu-$$

cleanup() {
	local p

	for p in "${pids[@]}"; do
		kill -INT "$p" 2>/dev/null || true
	done
	for p in "${pids[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	[ -n "$huge_mounted" ] && umount "$huge_mounted" 2>/dev/null || true
	if [ -n "$orig_pages" ]; then
		echo "$orig_pages" >"$HP/nr_hugepages" 2>/dev/null || true
	fi
	rm -rf "$tmp" "/var/run/dpdk/$vh_prefix" "/var/run/dpdk/$vu_prefix"
}
trap cleanup EXIT

# Hugepages: reserve what is missing, give it back at exit.
free_pages=$(cat "$HP/free_hugepages")
if [ "$free_pages" -lt "$NEED_PAGES" ]; then
	[ "$(id -u)" = 0 ] || skip "need $NEED_PAGES free 2 MB hugepages (root reserves them)"
	orig_pages=$(cat "$HP/nr_hugepages")
	echo $((orig_pages + NEED_PAGES - free_pages)) >"$HP/nr_hugepages"
	free_pages=$(cat "$HP/free_hugepages")
	[ "$free_pages" -ge "$NEED_PAGES" ] ||
		skip "could reserve only $free_pages free 2 MB hugepages"
	echo "dpdk-ref: reserved $((NEED_PAGES)) 2 MB hugepages (were $orig_pages)" >&2
fi
huge=$(awk '$3 == "hugetlbfs" && ($4 ~ /pagesize=2M/ || $4 !~ /pagesize=/) { print $2; exit }' /proc/mounts)
if [ -z "$huge" ]; then
	[ "$(id -u)" = 0 ] || skip "no hugetlbfs mounted (root mounts one)"
	huge=$tmp/huge
	mkdir -p "$huge"
	mount -t hugetlbfs -o pagesize=2M nodev "$huge"
	huge_mounted=$huge
fi

# One forwarding core each, on CPUs of their own when there are two.
mapfile -t cpus < <(python3 -c 'import os; print("\n".join(map(str, sorted(os.sched_getaffinity(0)))))')
cpu_vh=${cpus[0]}
cpu_vu=${cpus[1]:-${cpus[0]}}

# busy CPU-seconds of the machine (with steal) and of two processes
load_mark() {
	local hz busy own=0 p

	hz=$(getconf CLK_TCK)
	busy=$(awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat)
	for p in "$@"; do
		own=$((own + $(awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null || echo 0)))
	done
	echo "$(date +%s.%N) $busy $own $hz"
}

# run DIRECTION FRAME: one measurement, logs in raw/
run_one() {
	local dir=$1 frame=$2 vh_fwd vu_fwd sock vh vu i m0 m1
	local vh_log=$BUILD/raw/dpdk-$dir-$frame-vhost.log
	local vu_log=$BUILD/raw/dpdk-$dir-$frame-virtio.log

	if [ "$dir" = guest_tx ]; then
		vh_fwd=rxonly vu_fwd=txonly
	else
		vh_fwd=txonly vu_fwd=rxonly
	fi
	sock=$tmp/vhost-$dir-$frame.sock
	rm -f "$sock"
	[ "$QUIET_WAIT" = 0 ] ||
		bash "$here/quiet.sh" "$QUIET_WAIT" "$QUIET_LOAD" || true
	"$TESTPMD" --lcores="0@$cpu_vh,1@$cpu_vh" --no-pci \
		--file-prefix="$vh_prefix" --huge-dir="$huge" \
		--single-file-segments \
		--vdev "net_vhost0,iface=$sock,queues=1" -- \
		--forward-mode="$vh_fwd" --txpkts="$frame" --nb-cores=1 \
		--rxq=1 --txq=1 --rxd="$RING" --txd="$RING" \
		--stats-period=1 </dev/null >"$vh_log" 2>&1 &
	vh=$!
	pids=("$vh")
	for i in $(seq 100); do
		[ -S "$sock" ] && break
		kill -0 "$vh" 2>/dev/null || break
		sleep 0.1
	done
	if [ ! -S "$sock" ]; then
		echo "dpdk-ref: the vhost testpmd did not start, see $vh_log" >&2
		return 1
	fi
	"$TESTPMD" --lcores="0@$cpu_vu,1@$cpu_vu" --no-pci \
		--file-prefix="$vu_prefix" --huge-dir="$huge" \
		--single-file-segments \
		--vdev "net_virtio_user0,path=$sock,queues=1,queue_size=$RING" -- \
		--forward-mode="$vu_fwd" --txpkts="$frame" --nb-cores=1 \
		--rxq=1 --txq=1 --rxd="$RING" --txd="$RING" \
		--stats-period=1 </dev/null >"$vu_log" 2>&1 &
	vu=$!
	pids=("$vu" "$vh")
	sleep "$WARMUP"
	m0=$(load_mark "$vh" "$vu")
	sleep "$SECS"
	m1=$(load_mark "$vh" "$vu")
	sleep 1.2
	kill -INT "$vu" 2>/dev/null || true
	wait "$vu" || true
	kill -INT "$vh" 2>/dev/null || true
	wait "$vh" || true
	pids=()
	echo "$dir $frame $m0 $m1" >>"$BUILD/raw/dpdk-load.log"
}

: >"$BUILD/raw/dpdk-load.log"
echo "dpdk-ref: testpmd vhost (CPU $cpu_vh) <-> virtio-user (CPU $cpu_vu), ring $RING, ${WARMUP}s warm-up + ${SECS}s each" >&2
for frame in $FRAMES; do
	for dir in guest_tx guest_rx; do
		run_one "$dir" "$frame" || true
	done
done

version=$(dpkg-query -W -f='${Version}' dpdk-dev 2>/dev/null ||
	"$TESTPMD" --version 2>/dev/null | head -n 1 || echo unknown)
python3 - "$BUILD" "$WARMUP" "$SECS" "$RING" "$version" "$cpu_vh" "$cpu_vu" $FRAMES <<'EOF'
import json, os, platform, re, statistics, sys, time

build, warmup, secs, ring, version = sys.argv[1:6]
cpu_vh, cpu_vu = sys.argv[6:8]
frames = [int(x) for x in sys.argv[8:]]
warmup, secs, ring = int(warmup), float(secs), int(ring)


def stats(path, what):
    """Per-second Rx-pps or Tx-pps samples from testpmd's port stats."""
    try:
        text = open(path, errors='replace').read()
    except OSError:
        return []
    return [int(x) for x in re.findall(r'%s:\s+(\d+)' % what, text)]


def steady(samples):
    # Forwarding starts before the peer connects: drop the samples up to
    # and with the first nonzero one (it holds the connection), and the
    # last (stopping) one.  testpmd prints every 1-2 s (it sleeps a second
    # between looks at the clock), each sample the rate since the last.
    i = next((n for n, v in enumerate(samples) if v), len(samples))
    return samples[i + 1:-1]


loads = {}
try:
    for line in open(os.path.join(build, 'raw/dpdk-load.log')):
        f = line.split()
        t0, b0, o0, hz, t1, b1, o1, _ = map(float, f[2:10])
        loads[(f[0], int(f[1]))] = max(0.0, ((b1 - b0) - (o1 - o0)) / hz /
                                       (t1 - t0))
except (OSError, ValueError):
    pass

results = []
for frame in frames:
    for d in ('guest_tx', 'guest_rx'):
        base = os.path.join(build, 'raw', 'dpdk-%s-%d-' % (d, frame))
        rx_side, tx_side = (('vhost', 'virtio') if d == 'guest_tx'
                            else ('virtio', 'vhost'))
        rx = steady(stats(base + rx_side + '.log', 'Rx-pps'))
        tx = steady(stats(base + tx_side + '.log', 'Tx-pps'))
        r = {'direction': d, 'frame': frame, 'ring': ring,
             'sender': tx_side, 'receiver': rx_side,
             'samples': rx, 'ok': bool(rx) and max(rx) > 0}
        if r['ok']:
            r['pps'] = max(rx)
            r['pps_median'] = statistics.median(rx)
            r['gbps'] = r['pps'] * frame * 8 / 1e9
            r['sender_pps'] = max(tx) if tx else None
        r['others_cpu'] = loads.get((d, frame))
        results.append(r)


def cpu():
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            return line.split(':', 1)[1].strip()
    return platform.processor()


out = {
    'machine': {'cpu': cpu(), 'ncpu': os.cpu_count(),
                'kernel': platform.release()},
    'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
    'dpdk': version,
    'config': {'ring': ring, 'warmup_s': warmup, 'secs': secs,
               'cpu_vhost': int(cpu_vh), 'cpu_virtio_user': int(cpu_vu),
               'hugepages': '2M, --single-file-segments',
               'forwarding_cores': 1},
    'notes': 'pps = receiver Rx-pps (testpmd port stats, 1 s periods), '
             'best of the steady periods; guest_tx: virtio-user txonly -> '
             'vhost rxonly; guest_rx: vhost txonly -> virtio-user rxonly',
    'results': results,
}
with open(os.path.join(build, 'dpdk.json'), 'w') as f:
    json.dump(out, f, indent=1)

lines = ['%-9s %5s %8s %8s %8s %11s %6s' % ('direction', 'frame', 'Mpps',
                                            'median', 'Gbit/s', 'sender Mpps',
                                            'others'),
         '-' * 61]
for r in results:
    if not r['ok']:
        lines.append('%-9s %5d  failed (see raw/dpdk-%s-%d-*.log)' %
                     (r['direction'], r['frame'], r['direction'],
                      r['frame']))
        continue
    lines.append('%-9s %5d %8.2f %8.2f %8.1f %11s %6s' % (
        r['direction'], r['frame'], r['pps'] / 1e6, r['pps_median'] / 1e6,
        r['gbps'],
        '%.2f' % (r['sender_pps'] / 1e6) if r['sender_pps'] else '-',
        '%.2f' % r['others_cpu'] if r['others_cpu'] is not None else '-'))
table = '\n'.join(lines)
with open(os.path.join(build, 'dpdk.txt'), 'w') as f:
    f.write(table + '\n')
print('DPDK %s vhost <-> virtio-user, ring %d, one forwarding core each' %
      (version, ring))
print(table)
print('JSON: %s' % os.path.join(build, 'dpdk.json'))
sys.exit(0 if all(r['ok'] for r in results) else 1)
EOF
