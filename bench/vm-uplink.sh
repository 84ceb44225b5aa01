#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Uplink -> device packet rate with the uplink's xmit_more batching on and
# off (ovnic's uplink_burst parameter) in one VM run: boots the test VM with
# 2 vCPUs, runs bench/vm/uplink-guest.sh in it, prints a table and writes
# BUILD/vm-uplink.json and BUILD/vm-uplink.txt.
#
#   bash bench/vm-uplink.sh     (after make; make bench runs it)
#
# Ratio per frame size: burst/single received rate, taken per round (the
# two ran back to back), then the median over the rounds.
#
# Environment: BUILD (default <repo>/build/bench); BENCH_SECS,
# BENCH_ROUNDS, BENCH_FRAMES passed to the guest (see
# bench/vm/uplink-guest.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
mkdir -p "$BUILD"
cd "$repo"
[ -f kernel/ovnic.ko ] || { echo "uplink bench: build first (make)" >&2; exit 1; }

run=build/vm/runs/bench-uplink
# shellcheck source=bench/vm-host.sh
. bench/vm-host.sh
bench_vm_run uplink bench-uplink 1200 bench/vm/uplink-guest.sh "$run/uplink-raw.txt" \
	"BENCH_SECS BENCH_ROUNDS BENCH_FRAMES"

python3 - "$run/uplink-raw.txt" "$BUILD" "$BENCH_LOAD0" "$BENCH_LOAD1" <<'EOF'
import json, os, platform, statistics, subprocess, sys, time

src, build = sys.argv[1], sys.argv[2]
host_load = [float(sys.argv[3]), float(sys.argv[4])]
meta, runs, order = {}, {}, []
for line in open(src):
    w = line.split()
    if not w:
        continue
    if w[0] == 'meta':
        meta[w[1]] = ' '.join(w[2:])
        continue
    key = (w[0], int(w[1]))
    if key not in runs:
        runs[key] = []
        order.append(key)
    sent, usec, pg_pps, errors, rx = (int(x) for x in w[3:8])
    runs[key].append({'round': int(w[2]), 'secs': usec / 1e6, 'sent': sent,
                      'received': rx, 'pktgen_errors': errors,
                      'sent_pps': pg_pps, 'rx_pps': round(rx * 1e6 / usec),
                      'drops': max(sent - rx, 0), 'cpu_pct': float(w[8])})

cases = []
for mode, frame in order:
    rr = runs[(mode, frame)]
    cases.append({'mode': mode, 'frame': frame, 'rounds': rr,
                  'sent_pps': round(statistics.median(x['sent_pps'] for x in rr)),
                  'rx_pps': round(statistics.median(x['rx_pps'] for x in rr)),
                  'rx_pps_min': min(x['rx_pps'] for x in rr),
                  'rx_pps_max': max(x['rx_pps'] for x in rr),
                  'drops': sum(x['drops'] for x in rr),
                  'sent': sum(x['sent'] for x in rr),
                  'cpu_pct': statistics.median(x['cpu_pct'] for x in rr)})

frames = sorted({c['frame'] for c in cases})
ratios, ratio_rounds = {}, {}
for f in frames:
    b = next((c for c in cases if c['mode'] == 'burst' and c['frame'] == f), None)
    s = next((c for c in cases if c['mode'] == 'single' and c['frame'] == f), None)
    rr = []
    if b and s:
        by = {x['round']: x for x in s['rounds']}
        rr = [round(x['rx_pps'] / by[x['round']]['rx_pps'], 2)
              for x in b['rounds'] if x['round'] in by and by[x['round']]['rx_pps']]
    ratio_rounds[str(f)] = rr
    ratios[str(f)] = round(statistics.median(rr), 2) if rr else None


def cpu():
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            return line.split(':', 1)[1].strip()
    return platform.processor()


r = {'cases': cases, 'ratio_burst_to_single': ratios,
     'ratio_per_round': ratio_rounds,
     'traffic': 'kernel pktgen on the uplink ovnic0, thread 0, burst 32, UDP, '
                'clone_skb 0, to an ovnic device (virtio_vdpa, no IP), '
                '%s s per case, median of %s rounds; frame = L2 length '
                'without FCS' % (meta.get('secs', '?'), meta.get('rounds', '?')),
     'machine': {'host_cpu': cpu(), 'host_ncpu': os.cpu_count(),
                 'host_load_before_after': host_load,
                 'guest': 'QEMU TCG, %s vCPUs, %s' % (meta.get('nproc', '?'),
                                                     meta.get('kernel', '?'))},
     'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
     'git': subprocess.run(['git', 'describe', '--always', '--dirty'],
                           capture_output=True, text=True).stdout.strip()}
json.dump(r, open(os.path.join(build, 'vm-uplink.json'), 'w'), indent=1)

desc = {'burst': 'uplink -> dev, burst', 'single': 'uplink -> dev, single'}
hdr = '%-24s %6s %10s %10s %17s %8s %7s %6s' % (
    'case', 'frame', 'sent pps', 'rx pps', 'rx min..max', 'drops', 'drop %',
    'cpu %')
lines = [hdr, '-' * len(hdr)]
for c in cases:
    lines.append('%-24s %6d %10d %10d %17s %8d %6.1f%% %6.1f' % (
        desc.get(c['mode'], c['mode']), c['frame'], c['sent_pps'], c['rx_pps'],
        '%d..%d' % (c['rx_pps_min'], c['rx_pps_max']), c['drops'],
        100.0 * c['drops'] / c['sent'] if c['sent'] else 0, c['cpu_pct']))
lines.append('')
for f in frames:
    v = ratios[str(f)]
    lines.append('burst/single, %4d-byte frames: %s%s' %
                 (f, '%.2fx' % v if v is not None else 'n/a',
                  '; per round: ' + ' '.join('%.2f' % x for x in ratio_rounds[str(f)])
                  if ratio_rounds[str(f)] else ''))
lines.append('rx pps (received by the device, median of the rounds) is the '
             'primary figure; burst = uplink_burst=1 (xmit_more batching), '
             'single = uplink_burst=0; cpu % = guest busy, all vCPUs')
lines.append('%s; guest %s; host %s, load %.1f -> %.1f' %
             (r['traffic'], r['machine']['guest'], r['machine']['host_cpu'],
              host_load[0], host_load[1]))
table = '\n'.join(lines)
open(os.path.join(build, 'vm-uplink.txt'), 'w').write(table + '\n')
print(table)
print('\nJSON: %s' % os.path.join(build, 'vm-uplink.json'))
EOF
