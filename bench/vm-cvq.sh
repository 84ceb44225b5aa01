#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Control-queue round trip of ovnic against upstream's vdpa_sim_net in one
# VM run: builds the reference device (bench/vdpa-sim-build.sh), boots the
# test VM with 2 vCPUs, runs bench/vm/cvq-guest.sh in it (MAC changes, each
# one control command virtio_net busy-waits for), prints a table and writes
# BUILD/vm-cvq.json and BUILD/vm-cvq.txt.
#
#   bash bench/vm-cvq.sh        (after make; make bench runs it)
#
# Environment: BUILD (default <repo>/build/bench); BENCH_CMDS, BENCH_ROUNDS
# passed to the guest (see bench/vm/cvq-guest.sh).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
mkdir -p "$BUILD"
cd "$repo"
if [ ! -f kernel/ovnic.ko ] || [ ! -x vdpa-ctl/vdpa-ctl ]; then
	echo "cvq bench: build first (make)" >&2
	exit 1
fi
bash bench/vdpa-sim-build.sh "$BUILD/vdpa_sim" >&2

run=build/vm/runs/bench-cvq
# shellcheck source=bench/vm-host.sh
. bench/vm-host.sh
bench_vm_run cvq bench-cvq 1200 bench/vm/cvq-guest.sh "$run/cvq-raw.txt" \
	"BENCH_CMDS BENCH_ROUNDS" "BENCH_SIM_DIR=$BUILD/vdpa_sim"

python3 - "$run/cvq-raw.txt" "$BUILD" "$BENCH_LOAD0" "$BENCH_LOAD1" <<'EOF'
import json, os, statistics, subprocess, sys, time

src, build = sys.argv[1], sys.argv[2]
host_load = [float(sys.argv[3]), float(sys.argv[4])]
meta, wall, dur = {}, {}, {}
for line in open(src):
    w = line.split()
    if not w:
        continue
    if w[0] == 'meta':
        meta[w[1]] = ' '.join(w[2:])
    elif w[0] == 'wall':
        wall.setdefault(w[1], []).append(int(w[4]) / int(w[3]))
    elif w[0] == 'dur':
        dur.setdefault(w[1], []).append(float(w[3]))


def pct(v, p):
    v = sorted(v)
    return v[(len(v) - 1) * p // 100] if v else None


cases = {}
for c in ('sim', 'ovnic', 'ovnic_core'):
    d = dur.get(c, [])
    cases[c] = {
        'wall_us_per_cmd': round(statistics.median(wall[c]), 1) if c in wall else None,
        'wall_us_per_cmd_rounds': [round(x, 1) for x in wall.get(c, [])],
        'traced_cmds': len(d),
        'trace_median_us': round(statistics.median(d), 1) if d else None,
        'trace_p99_us': round(pct(d, 99), 1) if d else None,
    }


def ratio(key, o='ovnic'):
    s, o = cases['sim'][key], cases[o][key]
    return round(s / o, 2) if s and o else None


r = {'cases': cases,
     'ratio_sim_to_ovnic_trace_median': ratio('trace_median_us'),
     'ratio_sim_to_ovnic_wall': ratio('wall_us_per_cmd'),
     'ratio_sim_to_ovnic_core_trace_median': ratio('trace_median_us',
                                                   'ovnic_core'),
     'target_ratio': 2,
     'method': 'ip -batch of %s MAC changes per case and round, %s rounds, '
               'cases alternating; trace: function_graph on '
               'virtnet_send_command_reply' % (meta.get('cmds', '?'),
                                                meta.get('rounds', '?')),
     'machine': {'host_ncpu': os.cpu_count(),
                 'host_load_before_after': host_load,
                 'guest': 'QEMU TCG, %s vCPUs, %s' % (meta.get('nproc', '?'),
                                                     meta.get('kernel', '?'))},
     'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
     'git': subprocess.run(['git', 'describe', '--always', '--dirty'],
                           capture_output=True, text=True).stdout.strip()}
json.dump(r, open(os.path.join(build, 'vm-cvq.json'), 'w'), indent=1)

fmt = lambda v: '%10.1f' % v if v is not None else '%10s' % 'n/a'
hdr = '%-14s %10s %10s %10s %8s' % ('device', 'trace p50', 'trace p99',
                                    'wall/cmd', 'traced')
lines = [hdr, '-' * len(hdr)]
for c, name in (('sim', 'vdpa_sim_net'), ('ovnic', 'ovnic'),
                ('ovnic_core', 'ovnic, core')):
    x = cases[c]
    lines.append('%-14s %s %s %s %8d' % (name, fmt(x['trace_median_us']),
                                          fmt(x['trace_p99_us']),
                                          fmt(x['wall_us_per_cmd']),
                                          x['traced_cmds']))
lines.append('')
lines.append('vdpa_sim_net/ovnic, round trip (trace median): %s (target >= 2x); '
             'wall time per MAC change: %s' %
             ('%.2fx' % r['ratio_sim_to_ovnic_trace_median']
              if r['ratio_sim_to_ovnic_trace_median'] else 'n/a',
              '%.2fx' % r['ratio_sim_to_ovnic_wall']
              if r['ratio_sim_to_ovnic_wall'] else 'n/a'))
lines.append('"ovnic, core": module parameter cvq_inline off, the command '
             'waits for a device core thread (ratio %s)' %
             ('%.2fx' % r['ratio_sim_to_ovnic_core_trace_median']
              if r['ratio_sim_to_ovnic_core_trace_median'] else 'n/a'))
lines.append('µs; %s; guest %s; host load %.1f -> %.1f' %
             (r['method'], r['machine']['guest'], host_load[0], host_load[1]))
table = '\n'.join(lines)
open(os.path.join(build, 'vm-cvq.txt'), 'w').write(table + '\n')
print(table)
print('\nJSON: %s' % os.path.join(build, 'vm-cvq.json'))
EOF
