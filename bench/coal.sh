#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Notification coalescing benchmark: boots the test VM, runs
# bench/vm-coal.sh in it (Linux virtio_net on an ovnic device, pktgen and
# sockperf from the uplink), prints a table with every mode against "off"
# from the same run, and writes BUILD/coal.json and BUILD/coal.txt.
#
#   bash bench/coal.sh          (after make; make bench runs it)
#
# Environment: BUILD (default <repo>/build/bench), and BENCH_FLOOD,
# BENCH_RATE, BENCH_LAT_SECS, BENCH_MODES passed to the guest.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
mkdir -p "$BUILD"
cd "$repo"
[ -f kernel/ovnic.ko ] || { echo "coal bench: build first (make)" >&2; exit 1; }

run=build/vm/runs/bench-coal
rm -f "$run/coal-bench.json"
echo "coal bench: booting the VM (several minutes under TCG)..." >&2
args=()
for v in BENCH_FLOOD BENCH_RATE BENCH_LAT_SECS BENCH_MODES BENCH_CARD_RATE; do
	[ -n "${!v:-}" ] && args+=("$v=${!v}")
done
bash tests/vm/run-vm.sh --name bench-coal --timeout 1800 \
	bench/vm-coal.sh "${args[@]}" >"$BUILD/coal-vm.log" 2>&1 ||
	{ tail -n 40 "$BUILD/coal-vm.log" >&2; echo "coal bench: the VM run failed" >&2; exit 1; }
[ -s "$run/coal-bench.json" ] || { echo "coal bench: no results" >&2; exit 1; }

python3 - "$run/coal-bench.json" "$BUILD" <<'EOF'
import json, os, platform, subprocess, sys, time

src, build = sys.argv[1], sys.argv[2]
r = json.load(open(src))


def cpu():
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            return line.split(':', 1)[1].strip()
    return platform.processor()


r['machine'] = {'host_cpu': cpu(), 'host_ncpu': os.cpu_count(),
                'host_kernel': platform.release(),
                'guest': 'QEMU TCG, %d vCPUs, %s' % (r['nproc'], r['kernel'])}
r['date'] = time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())
r['git'] = subprocess.run(['git', 'describe', '--always', '--dirty'],
                          capture_output=True, text=True).stdout.strip()
json.dump(r, open(os.path.join(build, 'coal.json'), 'w'), indent=1)

modes = r['modes']
off = next((m for m in modes if m['mode'] == 'off' and m['available']), None)


def per1000(m, k):
    p = m[k]['packets']
    return 1000.0 * m[k]['interrupts'] / p if p else float('nan')


def ratio(v, base):
    return '%.2f' % (v / base) if base else '-'


names = {'off': 'off', 'static': 'static %d us/%d frames' %
         (r['static']['usecs'], r['static']['frames']),
         'dim': 'guest DIM (adaptive-rx)',
         'card': 'card adaptive, %d irq/s' % r.get('card_irq_rate', 0)}
hdr = ('%-25s %9s %6s %6s %6s %8s %6s | %6s %9s %6s' %
       ('mode', 'irq/1000', 'x off', 'cpu %', 'x off', 'p50 us', 'x off',
        'pps', 'irq/1000', 'drops'))
lines = ['%-25s %-48s | %s' % ('', 'paced flood, latency at low load',
                               'unpaced flood'), hdr, '-' * len(hdr)]
for m in modes:
    name = names.get(m['mode'], m['mode'])
    if not m['available']:
        lines.append('%-25s %s' % (name, 'not available in this tree'))
        continue
    i = per1000(m, 'paced')
    lines.append('%-25s %9.1f %6s %6.1f %6s %8.0f %6s | %6d %9.1f %6d' % (
        name, i, ratio(i, per1000(off, 'paced')) if off else '-',
        m['paced']['cpu_pct'],
        ratio(m['paced']['cpu_pct'], off['paced']['cpu_pct']) if off else '-',
        m['lat_p50_us'],
        ratio(m['lat_p50_us'], off['lat_p50_us']) if off else '-',
        m['unpaced']['pps'], per1000(m, 'unpaced'), m['unpaced']['drops']))
c = r['cvq']
lines.append('')
if c.get('available'):
    lines.append('control queue: %d commands, round trip mean %.1f us, '
                 'p50 %.1f us, p99 %.1f us: %d commands/s back to back' %
                 (c['commands'], c['mean_us'], c['p50_us'], c['p99_us'],
                  c['per_sec']))
else:
    lines.append('control queue: not measured')
lines.append('paced flood: %d pps offered, %d frames of 64 bytes; latency: '
             'sockperf UDP ping-pong, 200 msg/s, %d s; guest %s; host %s' %
             (r['paced_pps'], r['flood_packets'], r['lat_secs'],
              r['machine']['guest'], r['machine']['host_cpu']))
table = '\n'.join(lines)
open(os.path.join(build, 'coal.txt'), 'w').write(table + '\n')
print(table)
print('\nJSON: %s' % os.path.join(build, 'coal.json'))
EOF
