#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Firmware datapath benchmark: build fw_bench, time every scenario in each
# configuration (mode: inline or split; device cores: 1 or 2), count
# instructions per packet under callgrind (inline, 1 core), print a table
# and write JSON.  The 64 KiB TSO scenarios (tso2dev_whole, tso2dev_seg,
# tso2dev_seg_partial, tso2wire) get a table of their own: rates per frame,
# Gbit/s of TCP payload and of frame bytes, against memcpy of the same
# bytes, instructions per frame and per payload byte.  dev2dev_packed,
# dev2wire_packed and wire2dev_packed are the first three over packed rings
# (layout=packed), each timed right after its split twin so that the two
# see the same machine; bench/summary.py sets them side by side.  A card
# without packed rings skips them, saying so.
#
#   bash bench/fw-bench.sh [fw_bench filters: -s SCENARIO -q RING -l FRAME]
#
# Environment:
#   BUILD		output directory (default <repo>/build/bench)
#   FWLIB		firmware archive to link (default: compile the sources)
#   BENCH_CONFIGS	MODE:CORES list ("inline:1 split:1 inline:2")
#   BENCH_SECS		seconds per timed repetition (0.3)
#   BENCH_REPS		repetitions, the best is kept (3)
#   BENCH_BATCH		packets per kick (64)
#   BENCH_SCENARIOS	scenarios timed, one at a time (all ten:
#			"dev2dev dev2dev_packed dev2wire dev2wire_packed
#			wire2dev wire2dev_packed tso2dev_whole tso2dev_seg
#			tso2dev_seg_partial tso2wire")
#   BENCH_CG_PACKETS	packets counted under callgrind (8192)
#   BENCH_CG_TSO_FRAMES	TSO frames counted under callgrind (256)
#   BENCH_NO_CG=1	skip callgrind
#   BENCH_QUIET_WAIT	seconds to wait for a quiet machine before each
#			configuration and scenario (60; 0: don't)
#   BENCH_QUIET_LOAD	quiet: fewer CPUs than this busy with other work (0.3)
#
# Outputs, under BUILD: fw.json, fw.txt (the table), raw/*.log and
# callgrind/ (one profile per scenario, its annotated top functions in
# callgrind/*.top).  Time varies on shared machines (each line says how many
# CPUs' worth of other work ran meanwhile: others_cpu); instruction counts
# don't.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
CONFIGS=${BENCH_CONFIGS:-inline:1 split:1 inline:2}
SECS=${BENCH_SECS:-0.3}
REPS=${BENCH_REPS:-3}
BATCH=${BENCH_BATCH:-64}
CG_PACKETS=${BENCH_CG_PACKETS:-8192}
CG_TSO_FRAMES=${BENCH_CG_TSO_FRAMES:-256}
QUIET_WAIT=${BENCH_QUIET_WAIT:-60}
QUIET_LOAD=${BENCH_QUIET_LOAD:-0.3}

make -s -C "$here" BUILD="$BUILD" FWLIB="${FWLIB:-}" all
bin=$BUILD/fw_bench
mkdir -p "$BUILD/raw" "$BUILD/callgrind"
rm -f "$BUILD"/callgrind/cg.* "$BUILD"/callgrind/*.top "$BUILD"/raw/timed*.log

# Scenarios one at a time, each after waiting for a quiet machine, unless
# the caller picked one.
scenarios=${BENCH_SCENARIOS:-dev2dev dev2dev_packed dev2wire dev2wire_packed \
wire2dev wire2dev_packed tso2dev_whole tso2dev_seg tso2dev_seg_partial \
tso2wire}
case " $* " in *" -s "*) scenarios=any ;; esac

: >"$BUILD/raw/timed.log"
for conf in $CONFIGS; do
	mode=${conf%:*}
	cores=${conf#*:}
	echo "fw_bench: $mode, $cores device core(s): timing (batch $BATCH, best of $REPS x ${SECS}s)..." >&2
	for scen in $scenarios; do
		log=$BUILD/raw/timed-$mode-$cores-$scen.log
		sel=()
		[ "$scen" = any ] || sel=(-s "$scen")
		[ "$QUIET_WAIT" = 0 ] ||
			bash "$here/quiet.sh" "$QUIET_WAIT" "$QUIET_LOAD" || true
		rc=0
		"$bin" -M "$mode" -c "$cores" -b "$BATCH" -t "$SECS" \
			-r "$REPS" "${sel[@]}" "$@" >"$log" 2>"$log.err" || rc=$?
		cat "$log" >&2
		if [ $rc = 1 ] && grep -q 'needs .* CPUs' "$log.err"; then
			# Not enough CPUs for the configuration: said, not failed.
			cat "$log.err" >&2
			continue 2
		fi
		if [ $rc = 3 ] && grep -q 'RING_PACKED' "$log.err"; then
			# A card without packed rings: said, not failed.
			cat "$log.err" >&2
			continue
		fi
		if [ $rc != 0 ]; then
			cat "$log.err" >&2
			echo "fw_bench: $mode:$cores $scen failed ($rc)" >&2
			exit 1
		fi
		cat "$log" >>"$BUILD/raw/timed.log"
	done
done

# Valgrind counts every iteration of "rep movsb" as an instruction, so
# glibc's memcpy of more than a few KB would read as one instruction per
# byte: under callgrind it keeps to its vector loop.
NO_REP=$((64 << 20))

cg=1
if [ -n "${BENCH_NO_CG:-}" ]; then
	cg=0
elif ! command -v valgrind >/dev/null || ! command -v callgrind_annotate \
	>/dev/null; then
	echo "fw_bench: valgrind not installed, no instruction counts" >&2
	cg=0
fi

: >"$BUILD/raw/callgrind.log"
if [ $cg = 1 ]; then
	echo "fw_bench: counting instructions ($CG_PACKETS packets each, inline, 1 core)..." >&2
	grep -E '^mode=inline cores=1 ' "$BUILD/raw/timed.log" |
	while read -r line; do
		eval "$(echo "$line" | tr ' ' '\n' |
			grep -E '^(scenario|ring|frame)=' | sed 's/^/local_/')"
		name=$local_scenario-$local_ring-$local_frame
		out=$BUILD/callgrind/cg.$name
		n=$CG_PACKETS
		case $local_scenario in tso*) n=$CG_TSO_FRAMES ;; esac
		GLIBC_TUNABLES=glibc.cpu.x86_rep_movsb_threshold=$NO_REP \
		valgrind --tool=callgrind --callgrind-out-file="$out" \
			--zero-before=bench_region_begin \
			--dump-before=bench_region_end \
			"$bin" -s "$local_scenario" -q "$local_ring" \
			-l "$local_frame" -b "$BATCH" -n "$n" \
			>"$out.stdout" 2>"$out.stderr"
		if ! grep -q 'ok=1' "$out.stdout"; then
			echo "fw_bench: $name failed under callgrind" >&2
			exit 1
		fi
		# The region's dump is the first one.
		total=$(awk '/^totals:/ { print $2 }' "$out.1")
		fw=$(callgrind_annotate --inclusive=yes --threshold=100 \
			--auto=no "$out.1" | tr -d , |
			awk '/:ovnic_card_(core_poll|doorbell|wire_rx|wire_rx_burst) / { s += $1 }
			     END { print s + 0 }')
		callgrind_annotate --threshold=100 --auto=no "$out.1" |
			sed -n '/file:function/,$p' | tail -n +3 |
			grep -v -e '(below main)' -e '__libc_start' \
				-e 'ld-linux' | sed -n 1,15p >"$out.top"
		echo "mode=inline cores=1 scenario=$local_scenario ring=$local_ring frame=$local_frame total_ir=$total fw_ir=$fw packets=$n" |
			tee -a "$BUILD/raw/callgrind.log" >&2
	done
fi

python3 - "$BUILD" "$BATCH" "$CG_PACKETS" "$SECS" "$REPS" <<'EOF'
import json, os, re, sys, platform, subprocess, time

build, batch, cg_packets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
secs, reps = float(sys.argv[4]), int(sys.argv[5])


def kv(path):
    rows = []
    for line in open(path):
        d = dict(f.split('=', 1) for f in line.split() if '=' in f)
        if d:
            rows.append(d)
    return rows


def key(d):
    return (d['mode'], int(d['cores']), d['scenario'], int(d['ring']),
            int(d['frame']))


cg = {key(d): d for d in kv(os.path.join(build, 'raw/callgrind.log'))}
topre = re.compile(r'^\s*([\d,]+)\s+\(\s*([\d.]+)%\)\s+(\S+?):(\S+)')
results = []
for d in kv(os.path.join(build, 'raw/timed.log')):
    k = key(d)
    offered = int(d['offered'])
    tso = k[2].startswith('tso')
    layout = d.get('layout', 'split')
    # packed: the split scenario of that name without _packed
    r_base = k[2][:-len('_packed')] if layout == 'packed' else k[2]
    r = {
        'mode': k[0], 'cores': k[1], 'threads': int(d['threads']),
        'scenario': k[2], 'ring': k[3], 'frame': k[4],
        'layout': layout, 'base_scenario': r_base,
        'batch': int(d['batch']), 'free_thresh': int(d['free_thresh']),
        'pps': float(d['pps']), 'gbps': float(d['gbps']),
        'ns_per_pkt': float(d['ns_per_pkt']),
        # CPU time per packet: every thread of the run spins
        'cpu_ns_per_pkt': float(d['ns_per_pkt']) * int(d['threads']),
        # 0: not measured (dev2wire copies nothing)
        'memcpy_pps': float(d['memcpy_pps']) or None,
        'memcpy_gbps': float(d['memcpy_gbps']) or None,
        # dev2wire copies nothing (the uplink is a DMA sink); tso2wire
        # neither, but is set against memcpy of its bytes all the same
        'ratio_to_memcpy': (float(d['ratio'])
                            if r_base != 'dev2wire' else None),
        'packets': int(d['packets']), 'offered': offered,
        'drops': int(d['drops']),
        'drop_pct': (100.0 * int(d['drops']) /
                     (offered * int(d.get('rx_units', 1)))
                     if offered else None),
        'kicks_per_pkt': int(d['kicks']) / offered if offered else None,
        'irqs': int(d['irqs']),
        'others_cpu': float(d['others_cpu']),
        'ok': d['ok'] == '1',
    }
    if tso:
        # per TSO frame: pps, ns_per_pkt, ir_per_pkt, memcpy_pps; gbps is
        # TCP payload, frame_gbps the frame's bytes, memcpy_gbps the bytes
        # memcpy copied (the frame's)
        r.update({'tso': True, 'payload_bytes': int(d['payload']),
                  'segments': int(d['segs']),
                  'payload_gbps': float(d['gbps']),
                  'frame_gbps': float(d['frame_gbps']),
                  'rx_buf': int(d['rx_buf']),
                  'rx_bufs_per_frame': int(d['rx_bufs']),
                  'rx_units_per_frame': int(d['rx_units']),
                  # tso2dev_seg: the card's checksum loop alone, bytes
                  # summed over the same buffers
                  'csum_gbps': float(d.get('csum_gbps', 0)) or None,
                  # per CPU-second of the process times its threads: what
                  # time-slicing by other work on the machine takes out
                  'cpu_pps': float(d['cpu_pps']),
                  'cpu_payload_gbps': float(d['cpu_gbps']),
                  'memcpy_cpu_gbps': float(d['memcpy_cpu_gbps']) or None,
                  'cpu_ratio_to_memcpy': float(d['cpu_ratio']) or None})
    c = cg.get(k)
    if c:
        n = int(c['packets'])
        r['ir_per_pkt'] = int(c['total_ir']) / n
        r['fw_ir_per_pkt'] = int(c['fw_ir']) / n
        if tso:
            r['ir_per_payload_byte'] = r['ir_per_pkt'] / r['payload_bytes']
        top = []
        f = os.path.join(build, 'callgrind', 'cg.%s-%d-%d.top' % k[2:])
        for line in open(f):
            m = topre.match(line)
            if m:
                top.append({'function': m.group(4),
                            'file': os.path.basename(m.group(3)),
                            'ir_per_pkt': int(m.group(1).replace(',', ''))
                            / n,
                            'pct': float(m.group(2))})
        r['hot'] = top[:10]
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
    'git': subprocess.run(['git', 'describe', '--always', '--dirty'],
                          capture_output=True, text=True,
                          cwd=os.path.dirname(os.path.abspath(build))
                          ).stdout.strip(),
    'batch': batch, 'secs': secs, 'reps': reps,
    'callgrind_packets': cg_packets,
    'notes': 'userspace firmware, split ring (layout packed, the '
             '*_packed scenarios: packed ring, driver event suppression '
             'disabled), EVENT_IDX, used buffer '
             'notifications parked; mode inline: the driver and the device '
             'core on one thread per flow; split: on two threads (CPUs); '
             'cores: device cores, one flow each; pps: packets arrived, '
             'best of reps; drops: frames the card dropped for want of a '
             'receive buffer (split mode); others_cpu: CPUs worth of other '
             'work and steal during the timing; ir = instructions/packet '
             'under callgrind, inline 1 core (total: firmware + minimal '
             'driver; fw: inside ovnic_card_* entry points); TSO scenarios '
             '(tso: true): 65214-byte TCP/IPv4 GSO frames of 45 x 1448 '
             'payload bytes, every per-packet figure per frame, gbps of '
             'TCP payload, frame_gbps of frame bytes, memcpy of the same '
             'frame bytes from the same transmit buffers into as much '
             'memory as the receive ring; csum_gbps: the card\'s checksum '
             'loop alone over the same buffers; drops in receive units '
             '(segments when cut)',
    'results': results,
}
with open(os.path.join(build, 'fw.json'), 'w') as f:
    json.dump(out, f, indent=1)

hdr = ('%-6s %1s %-15s %4s %4s %7s %7s %7s %6s %6s %7s %6s %5s %6s' %
       ('mode', 'c', 'scenario', 'ring', 'frame', 'Mpps', 'Gbit/s',
        'ns/pkt', 'Ir/pkt', 'fwIr', 'mcGbit', 'ovn/mc', 'drop%',
        'others'))
lines = [hdr, '-' * len(hdr)]
for r in results:
    if r.get('tso'):
        continue
    lines.append('%-6s %1d %-15s %4d %5d %7.2f %7.1f %7.1f %6s %6s %7s %6s %5s %6.2f' % (
        r['mode'], r['cores'], r['scenario'], r['ring'], r['frame'],
        r['pps'] / 1e6, r['gbps'], r['ns_per_pkt'],
        '%.0f' % r['ir_per_pkt'] if 'ir_per_pkt' in r else '-',
        '%.0f' % r['fw_ir_per_pkt'] if 'fw_ir_per_pkt' in r else '-',
        '%.1f' % r['memcpy_gbps'] if r['memcpy_gbps'] else '-',
        '%.2f' % r['ratio_to_memcpy']
        if r['ratio_to_memcpy'] is not None else '-',
        '%.1f' % (100.0 * r['drops'] / r['offered'])
        if r['offered'] else '-',
        r['others_cpu']))
tso_rows = [r for r in results if r.get('tso')]
if tso_rows:
    th = ('%-6s %1s %-19s %4s %5s %7s %7s %7s %6s %7s %7s %6s %7s %8s %5s %5s %6s' %
          ('mode', 'c', 'scenario', 'ring', 'batch', 'kfps', 'payGbit',
           'mcGbit', 'ovn/mc', 'cpuPay', 'cpuMc', 'cpu/mc', 'csGbit',
           'Ir/frame', 'Ir/B', 'drop%', 'others'))
    lines += ['', '64 KiB TSO frames (65214 bytes, 45 x 1448 payload): '
              'per frame, Gbit/s of TCP payload', th, '-' * len(th)]
    for r in tso_rows:
        lines.append('%-6s %1d %-19s %4d %5d %7.1f %7.1f %7s %6s %7.1f %7s %6s %7s %8s %5s %5s %6.2f' % (
            r['mode'], r['cores'], r['scenario'], r['ring'], r['batch'],
            r['pps'] / 1e3, r['payload_gbps'],
            '%.1f' % r['memcpy_gbps'] if r['memcpy_gbps'] else '-',
            '%.2f' % r['ratio_to_memcpy']
            if r['ratio_to_memcpy'] is not None else '-',
            r['cpu_payload_gbps'],
            '%.1f' % r['memcpy_cpu_gbps'] if r['memcpy_cpu_gbps'] else '-',
            '%.2f' % r['cpu_ratio_to_memcpy']
            if r['cpu_ratio_to_memcpy'] else '-',
            '%.1f' % r['csum_gbps'] if r['csum_gbps'] else '-',
            '%.0f' % r['ir_per_pkt'] if 'ir_per_pkt' in r else '-',
            '%.2f' % r['ir_per_payload_byte']
            if 'ir_per_payload_byte' in r else '-',
            '%.1f' % r['drop_pct'] if r['drop_pct'] is not None else '-',
            r['others_cpu']))
table = '\n'.join(lines)
with open(os.path.join(build, 'fw.txt'), 'w') as f:
    f.write(table + '\n')
print(table)
print('\nbatch %d packets/kick; c = device cores (one flow each); split = '
      'driver and device core on separate threads; Ir = instructions/packet '
      '(callgrind, %d packets, inline 1 core); mcGbit = memcpy of the same '
      'buffers, as many threads as flows; ovn/mc = ovnic pps / memcpy pps; '
      'others = CPUs busy with other work meanwhile; *_packed = the same '
      'over packed rings (bench/summary.py: packed/split)' %
      (batch, cg_packets))
if tso_rows:
    print('TSO: kfps = thousands of frames/s; payGbit = TCP payload '
          '(frame bytes: 1.0008 x, in the JSON); mcGbit = memcpy of the '
          'frame bytes from '
          'the same transmit buffers into as much memory as the receive '
          'ring; ovn/mc = frames/s over copies/s; cpuPay, cpuMc, cpu/mc = '
          'the same per CPU-second of the process times its threads '
          '(time-slicing by other work taken out); csGbit = the card\'s '
          'checksum loop alone over the same buffers (tso2dev_seg); '
          'Ir/frame and Ir/B '
          '(per payload byte) under callgrind; drop% of receive units '
          '(segments when cut); batch = frames per kick, as many as the '
          'receive ring holds')
classic = [x for x in results if not x.get('tso')]
for r in results:
    if not r.get('hot'):
        continue
    if r.get('tso'):
        if r['ring'] != max(x['ring'] for x in tso_rows):
            continue
    elif r['frame'] != min(x['frame'] for x in classic) \
            or r['ring'] != max(x['ring'] for x in classic):
        continue
    print('\nhot spots, %s ring %d frame %d (self Ir/%s, %% of all):' %
          (r['scenario'], r['ring'], r['frame'],
           'frame' if r.get('tso') else 'pkt'))
    for h in r['hot']:
        print('  %7.1f %5.1f%%  %s (%s)' % (h['ir_per_pkt'], h['pct'],
                                           h['function'], h['file']))
print('\nprofiles: %s/callgrind/cg.*.1 (callgrind_annotate)' % build)
print('JSON: %s' % os.path.join(build, 'fw.json'))
EOF
