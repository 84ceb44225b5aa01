#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Packet rate of ovnic against upstream's vdpa_sim_net in one VM run: builds
# the reference device (bench/vdpa-sim-build.sh), boots the test VM with 2
# vCPUs, runs bench/vm/pps-guest.sh in it, prints a table and writes
# BUILD/vm-pps.json and BUILD/vm-pps.txt.
#
#   bash bench/vm-pps.sh        (after make; make bench runs it)
#
# Environment: BUILD (default <repo>/build/bench); BENCH_SECS, BENCH_ROUNDS,
# BENCH_FRAMES, BENCH_CASES passed to the guest (see bench/vm/pps-guest.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
mkdir -p "$BUILD"
cd "$repo"
if [ ! -f kernel/ovnic.ko ] || [ ! -x vdpa-ctl/vdpa-ctl ]; then
	echo "pps bench: build first (make)" >&2
	exit 1
fi
bash bench/vdpa-sim-build.sh "$BUILD/vdpa_sim" >&2

run=build/vm/runs/bench-pps
# shellcheck source=bench/vm-host.sh
. bench/vm-host.sh
bench_vm_run pps bench-pps 1200 bench/vm/pps-guest.sh "$run/pps-raw.txt" \
	"BENCH_SECS BENCH_ROUNDS BENCH_FRAMES BENCH_CASES" "BENCH_SIM_DIR=$BUILD/vdpa_sim"

python3 - "$run/pps-raw.txt" "$BUILD" "$BENCH_LOAD0" "$BENCH_LOAD1" <<'EOF'
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
    if w[3] == 'skipped':
        runs[key].append({'round': int(w[2]), 'skipped': ' '.join(w[4:])})
        continue
    sent, usec, pg_pps, errors, rx = (int(x) for x in w[3:8])
    runs[key].append({'round': int(w[2]), 'secs': usec / 1e6, 'sent': sent,
                      'received': rx, 'pktgen_errors': errors,
                      'sent_pps': pg_pps, 'rx_pps': round(rx * 1e6 / usec),
                      'drops': max(sent - rx, 0), 'cpu_pct': float(w[8])})

# Per case and size: medians over the rounds, drops summed.
cases = []
for name, frame in order:
    rr = [x for x in runs[(name, frame)] if 'skipped' not in x]
    c = {'case': name, 'frame': frame, 'rounds': runs[(name, frame)]}
    if not rr:
        c.update({'skipped': runs[(name, frame)][0]['skipped'],
                  'sent_pps': None, 'rx_pps': None, 'drops': None})
    else:
        c.update({'sent_pps': round(statistics.median(x['sent_pps'] for x in rr)),
                  'rx_pps': round(statistics.median(x['rx_pps'] for x in rr)),
                  'rx_pps_min': min(x['rx_pps'] for x in rr),
                  'rx_pps_max': max(x['rx_pps'] for x in rr),
                  'drops': sum(x['drops'] for x in rr),
                  'sent': sum(x['sent'] for x in rr),
                  'cpu_pct': statistics.median(x['cpu_pct'] for x in rr)})
    cases.append(c)


def find(name, frame):
    return next((c for c in cases if c['case'] == name and c['frame'] == frame), None)


# ovnic-loop against sim-loop: per round (the two ran one after the other),
# then the median over the rounds.
frames = sorted({c['frame'] for c in cases})
ratios, ratio_rounds = {}, {}
for f in frames:
    o, s = find('ovnic-loop', f), find('sim-loop', f)
    rr = []
    if o and s:
        so = {x['round']: x for x in s['rounds'] if 'skipped' not in x}
        rr = [round(x['rx_pps'] / so[x['round']]['rx_pps'], 2)
              for x in o['rounds'] if 'skipped' not in x and
              x['round'] in so and so[x['round']]['rx_pps']]
    ratio_rounds[str(f)] = rr
    ratios[str(f)] = round(statistics.median(rr), 2) if rr else None


def cpu():
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            return line.split(':', 1)[1].strip()
    return platform.processor()


r = {'cases': cases, 'ratio_ovnic_loop_to_sim_loop': ratios,
     'ratio_per_round': ratio_rounds, 'target_ratio': 5,
     'traffic': 'kernel pktgen, thread 0, UDP, clone_skb 0, %s s per case, '
                'median of %s rounds; frame = L2 length without FCS' %
                (meta.get('secs', '?'), meta.get('rounds', '?')),
     'machine': {'host_cpu': cpu(), 'host_ncpu': os.cpu_count(),
                 'host_load_before_after': host_load,
                 'guest': 'QEMU TCG, %s vCPUs, %s' % (meta.get('nproc', '?'),
                                                     meta.get('kernel', '?'))},
     'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
     'git': subprocess.run(['git', 'describe', '--always', '--dirty'],
                           capture_output=True, text=True).stdout.strip()}
json.dump(r, open(os.path.join(build, 'vm-pps.json'), 'w'), indent=1)

desc = {'sim-loop': 'vdpa_sim_net loopback', 'ovnic-loop': 'ovnic loopback',
        'dev2dev': 'ovnic device -> device', 'dev2up': 'ovnic device -> uplink'}
hdr = '%-24s %6s %10s %10s %17s %8s %7s %6s' % (
    'case', 'frame', 'sent pps', 'rx pps', 'rx min..max', 'drops', 'drop %',
    'cpu %')
lines = [hdr, '-' * len(hdr)]
for c in cases:
    name = desc.get(c['case'], c['case'])
    if c.get('skipped'):
        lines.append('%-24s %6d %s' % (name, c['frame'], 'skipped (%s)' % c['skipped']))
        continue
    lines.append('%-24s %6d %10d %10d %17s %8d %6.1f%% %6.1f' % (
        name, c['frame'], c['sent_pps'], c['rx_pps'],
        '%d..%d' % (c['rx_pps_min'], c['rx_pps_max']), c['drops'],
        100.0 * c['drops'] / c['sent'] if c['sent'] else 0, c['cpu_pct']))
lines.append('')
for f in frames:
    v = ratios[str(f)]
    lines.append('ovnic/vdpa_sim_net loopback, %4d-byte frames: %s (target >= 5x)%s' %
                 (f, '%.2fx' % v if v is not None else 'n/a',
                  '; per round: ' + ' '.join('%.2f' % x for x in ratio_rounds[str(f)])
                  if ratio_rounds[str(f)] else ''))
lines.append('rx pps (received, median of the rounds) is the primary figure; '
             'drops over all rounds; cpu % = guest busy, all vCPUs; ratio: median '
             'over the rounds of the two loopbacks run back to back')
lines.append('%s; guest %s; host %s, load %.1f -> %.1f' %
             (r['traffic'], r['machine']['guest'], r['machine']['host_cpu'],
              host_load[0], host_load[1]))
table = '\n'.join(lines)
open(os.path.join(build, 'vm-pps.txt'), 'w').write(table + '\n')
print(table)
print('\nJSON: %s' % os.path.join(build, 'vm-pps.json'))
EOF
