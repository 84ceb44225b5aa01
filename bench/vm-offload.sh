#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# TCP throughput through the card with its offloads on and off, against a
# veth pair in the same guest as the software ceiling: boots the test VM
# with 2 vCPUs, runs bench/vm/offload-guest.sh in it, prints a table and
# writes BUILD/vm-offload.json and BUILD/vm-offload.txt.
#
#   bash bench/vm-offload.sh    (after make; make bench runs it)
#
# Ratios per MTU: offload/no-offload and offload/veth, each taken per round
# (the cases of a round ran back to back), then the median.
#
# Environment: BUILD (default <repo>/build/bench); BENCH_SECS,
# BENCH_ROUNDS, BENCH_MTUS, BENCH_CASES passed to the guest (see
# bench/vm/offload-guest.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
mkdir -p "$BUILD"
cd "$repo"
[ -f kernel/ovnic.ko ] || { echo "offload bench: build first (make)" >&2; exit 1; }

run=build/vm/runs/bench-offload
# shellcheck source=bench/vm-host.sh
. bench/vm-host.sh
bench_vm_run offload bench-offload 1200 bench/vm/offload-guest.sh "$run/offload-raw.txt" \
	"BENCH_SECS BENCH_ROUNDS BENCH_MTUS BENCH_CASES"

python3 - "$run/offload-raw.txt" "$BUILD" "$BENCH_LOAD0" "$BENCH_LOAD1" <<'EOF'
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
    runs[key].append({'round': int(w[2]), 'mbit_s': float(w[3]),
                      'retransmits': int(w[4]), 'cpu_pct': float(w[5])})

cases = []
for name, mtu in order:
    rr = runs[(name, mtu)]
    cases.append({'case': name, 'mtu': mtu, 'rounds': rr,
                  'offloads': meta.get('state_%s.%d' % (name, mtu)),
                  'mbit_s': statistics.median(x['mbit_s'] for x in rr),
                  'mbit_s_min': min(x['mbit_s'] for x in rr),
                  'mbit_s_max': max(x['mbit_s'] for x in rr),
                  'retransmits': sum(x['retransmits'] for x in rr),
                  'cpu_pct': statistics.median(x['cpu_pct'] for x in rr)})


def ratio(num, den, mtu):
    """Per round num/den (the two ran back to back), and their median."""
    a = {x['round']: x['mbit_s'] for x in runs.get((num, mtu), [])}
    b = {x['round']: x['mbit_s'] for x in runs.get((den, mtu), [])}
    rr = [round(a[r] / b[r], 2) for r in sorted(a) if r in b and b[r]]
    return (round(statistics.median(rr), 2) if rr else None), rr


mtus = sorted({m for _, m in order})
ratios = {}
for m in mtus:
    on_off, on_off_r = ratio('offload', 'nooffload', m)
    on_veth, on_veth_r = ratio('offload', 'veth', m)
    ratios[str(m)] = {'offload_to_nooffload': on_off,
                      'offload_to_nooffload_per_round': on_off_r,
                      'offload_to_veth': on_veth,
                      'offload_to_veth_per_round': on_veth_r}


def cpu():
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            return line.split(':', 1)[1].strip()
    return platform.processor()


r = {'cases': cases, 'ratios': ratios,
     'features_negotiated': {'da': meta.get('features_da', '').split(),
                             'db': meta.get('features_db', '').split()},
     'traffic': 'iperf3, one TCP stream, %s s per run, median of %s rounds; '
                'Mbit/s as the receiver counted' %
                (meta.get('secs', '?'), meta.get('rounds', '?')),
     'machine': {'host_cpu': cpu(), 'host_ncpu': os.cpu_count(),
                 'host_load_before_after': host_load,
                 'guest': 'QEMU TCG, %s vCPUs, %s' % (meta.get('nproc', '?'),
                                                     meta.get('kernel', '?'))},
     'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
     'git': subprocess.run(['git', 'describe', '--always', '--dirty'],
                           capture_output=True, text=True).stdout.strip()}
json.dump(r, open(os.path.join(build, 'vm-offload.json'), 'w'), indent=1)

desc = {'offload': 'ovnic dev->dev, offloads on',
        'nooffload': 'ovnic dev->dev, offloads off',
        'veth': 'veth pair (software ceiling)'}
hdr = '%-32s %5s %9s %15s %6s %6s' % ('case', 'MTU', 'Mbit/s', 'min..max',
                                      'retr', 'cpu %')
L = [hdr, '-' * len(hdr)]
for c in cases:
    L.append('%-32s %5d %9.0f %15s %6d %6.1f' % (
        desc.get(c['case'], c['case']), c['mtu'], c['mbit_s'],
        '%.0f..%.0f' % (c['mbit_s_min'], c['mbit_s_max']), c['retransmits'],
        c['cpu_pct']))
L.append('')
fmt = lambda v: '%.2fx' % v if v is not None else 'n/a'
for m in mtus:
    x = ratios[str(m)]
    L.append('MTU %4d: offload/no-offload %s (per round: %s); offload/veth %s (per round: %s)' % (
        m, fmt(x['offload_to_nooffload']),
        ' '.join('%.2f' % v for v in x['offload_to_nooffload_per_round']) or '-',
        fmt(x['offload_to_veth']),
        ' '.join('%.2f' % v for v in x['offload_to_veth_per_round']) or '-'))
feat = r['features_negotiated']['da']
L.append('offload features the devices negotiated: %s' % (' '.join(feat) or
         'none (the card offers no offload: "on" and "off" are the same path)'))
for c in cases:
    if c['offloads'] and c['case'] != 'veth':
        L.append('  %s, MTU %d: %s' % (c['case'], c['mtu'], c['offloads']))
L.append('%s; guest %s; host %s, load %.1f -> %.1f' %
         (r['traffic'], r['machine']['guest'], r['machine']['host_cpu'],
          host_load[0], host_load[1]))
table = '\n'.join(L)
open(os.path.join(build, 'vm-offload.txt'), 'w').write(table + '\n')
print(table)
print('\nJSON: %s' % os.path.join(build, 'vm-offload.json'))
EOF
