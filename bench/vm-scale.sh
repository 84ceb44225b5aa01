#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The card's memory per device and per queue pair, and a leak check over
# repeated add/delete cycles of 64 devices: boots the test VM, runs
# bench/vm/scale-guest.sh in it, prints a table and writes
# BUILD/vm-scale.json and BUILD/vm-scale.txt.
#
#   bash bench/vm-scale.sh      (after make; make bench runs it)
#
# Kernel memory = SUnreclaim + VmallocUsed + Percpu + KernelStack from
# /proc/meminfo (large kmallocs count in SUnreclaim; MemFree moves with the
# page cache and per-CPU page lists and is only shown).  Leak check, against
# the snapshot after a warm-up cycle and a control step (as many vdpa runs,
# no device):
#   - kernel memory after every delete within TOL of it, and the last
#     cycle's no more than TOL above the first's.  TOL = max(256 KiB, 4x the
#     change between two snapshots of an idle guest): 256 KiB is one page
#     per device of 64, so a page left behind per device shows;
#   - every slab cache the devices use (grew on every add by at least one
#     object per device, and quiet in the control step; vmap_area is left
#     out, as vmalloc frees its areas lazily): after each delete less than one object per device
#     left, and less than half an object per device per further cycle
#     gained (one leaked object per device per cycle shows), each beyond
#     one slab per CPU (objects on CPU slabs count as in use).
#
# Environment: BUILD (default <repo>/build/bench); BENCH_DEVICES,
# BENCH_CYCLES, BENCH_QPS passed to the guest.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
mkdir -p "$BUILD"
cd "$repo"
[ -f kernel/ovnic.ko ] || { echo "scale bench: build first (make)" >&2; exit 1; }

run=build/vm/runs/bench-scale
rm -f "$run"/scale-raw.txt "$run"/slab-*.txt
args=()
for v in BENCH_DEVICES BENCH_CYCLES BENCH_QPS; do
	[ -n "${!v:-}" ] && args+=("$v=${!v}")
done
echo "scale bench: booting the VM (a few minutes under TCG)..." >&2
bash tests/vm/run-vm.sh --name bench-scale --smp 2 --timeout 2400 \
	bench/vm/scale-guest.sh "${args[@]}" >"$BUILD/vm-scale.log" 2>&1 ||
	{ tail -n 40 "$BUILD/vm-scale.log" >&2; echo "scale bench: the VM run failed" >&2; exit 1; }
[ -s "$run/scale-raw.txt" ] || { echo "scale bench: no results" >&2; exit 1; }

python3 - "$run" "$BUILD" <<'EOF'
import json, os, platform, statistics, subprocess, sys, time

run, build = sys.argv[1], sys.argv[2]
KERNEL = ('SUnreclaim', 'VmallocUsed', 'Percpu', 'KernelStack')
meta, snaps, order, times = {}, {}, [], []
for line in open(os.path.join(run, 'scale-raw.txt')):
    w = line.split()
    if not w:
        continue
    if w[0] == 'meta':
        meta[w[1]] = w[2]
    elif w[0] == 'time':
        times.append({'op': w[1], 'qp': int(w[2]), 'ms': int(w[3])})
    elif w[0] == 'snap':
        s = {k: int(v) for k, v in (kv.split('=') for kv in w[2:])}
        s['kernel'] = sum(s[k] for k in KERNEL)
        snaps[w[1]] = s
        order.append(w[1])


def slab(label):
    d = {}
    for line in open(os.path.join(run, 'slab-%s.txt' % label)):
        n, objs, size, per_slab = line.split()
        d[n] = (int(objs), int(size), int(per_slab))
    return d


ndev, cycles = int(meta['devices']), int(meta['cycles'])
nproc = int(meta['nproc'])
qps = sorted({int(l.split('-')[1][1:]) for l in order if l.startswith('add-')})
slabs = {l: slab(l) for l in order}
noise = abs(snaps['idle']['kernel'] - snaps['loaded']['kernel'])
tol = max(256, 4 * noise)


def objs(label, cache):
    return slabs[label].get(cache, (0, 0))[0]


def delta(a, b):
    return snaps[b]['kernel'] - snaps[a]['kernel']


per_qp, leaks, problems = {}, [], []
ctl = {n: objs('base', n) - objs('warm', n) for n in slabs['base']}
# Caches that move with the tool's processes alone (in the control, by a
# quarter of an object per device and more than a slab per CPU), and
# vmap_area (vmalloc's areas, freed lazily and purged in batches: the
# memory behind them is VmallocUsed, which is exact) are left to the
# total-memory check.
churn = {n: g for n, g in ctl.items()
         if n == 'vmap_area' or
         (abs(g) >= ndev / 4 and abs(g) > nproc * slabs['base'][n][2])}
for qp in qps:
    rows, prev = [], 'base'
    for c in range(1, cycles + 1):
        add, dele = 'add-q%d-c%d' % (qp, c), 'del-q%d-c%d' % (qp, c)
        grew = {n: objs(add, n) - objs(prev, n) for n in slabs[add]}
        slab_kb = sum((objs(add, n) - objs(prev, n)) * slabs[add][n][1]
                      for n in slabs[add]) / 1024
        rows.append({'cycle': c, 'kernel_kb': delta(prev, add),
                     'per_device_kb': delta(prev, add) / ndev,
                     'sunreclaim_kb': snaps[add]['SUnreclaim'] - snaps[prev]['SUnreclaim'],
                     'vmalloc_kb': snaps[add]['VmallocUsed'] - snaps[prev]['VmallocUsed'],
                     'slab_objects_kb': round(slab_kb),
                     'memfree_kb': snaps[prev]['MemFree'] - snaps[add]['MemFree'],
                     'residual_kb': delta('base', dele),
                     'top_caches': sorted(([n, g] for n, g in grew.items() if g >= ndev),
                                          key=lambda x: -x[1] * slabs[add][x[0]][1])[:6]})
        prev = dele
    # caches the devices use: one object per device on every add, and
    # quiet in the control
    used = sorted(n for n in slabs['add-q%d-c1' % qp]
                  if n not in churn and
                  all(objs('add-q%d-c%d' % (qp, c), n) - objs('base', n) >= ndev
                      for c in range(1, cycles + 1)))
    caches = {}
    for n in used:
        res = [objs('del-q%d-c%d' % (qp, c), n) - objs('base', n)
               for c in range(1, cycles + 1)]
        # a slab in use per CPU: the granularity of the count
        slack = nproc * slabs['base'][n][2]
        caches[n] = res
        if max(res) >= ndev + slack or (
                cycles > 1 and res[-1] - res[0] >= ndev * (cycles - 1) / 2 + slack):
            leaks.append('qp %d: slab cache %s keeps %s objects after the deletes' %
                         (qp, n, res))
    res = [r['residual_kb'] for r in rows]
    if max(res) > tol:
        problems.append('qp %d: kernel memory after delete %s kB above the baseline (tolerance %d)' %
                        (qp, res, tol))
    if cycles > 1 and res[-1] - res[0] > tol:
        problems.append('qp %d: kernel memory grows over the cycles: %s kB' % (qp, res))
    per_qp[qp] = {'cycles': rows,
                  'per_device_kb': statistics.median(r['per_device_kb'] for r in rows),
                  'residual_kb': res, 'device_caches_residual_objects': caches,
                  'add_ms': [t['ms'] for t in times if t['op'] == 'add' and t['qp'] == qp],
                  'del_ms': [t['ms'] for t in times if t['op'] == 'del' and t['qp'] == qp]}

extra_qp = None
if len(qps) >= 2:
    lo, hi = qps[0], qps[-1]
    extra_qp = (per_qp[hi]['per_device_kb'] - per_qp[lo]['per_device_kb']) / (hi - lo)


def cpu():
    for line in open('/proc/cpuinfo'):
        if line.startswith('model name'):
            return line.split(':', 1)[1].strip()
    return platform.processor()


r = {'devices': ndev, 'cycles': cycles, 'bound': 'none (no vDPA bus driver loaded)',
     'control_slab_growth_objects': churn,
     'kernel_memory': ' + '.join(KERNEL) + ' (/proc/meminfo)',
     'module_kb': delta('preload', 'loaded'),
     'unload_residual_kb': delta('preload', 'unloaded'),
     'idle_noise_kb': noise, 'tolerance_kb': tol,
     'per_qp_config': {str(k): v for k, v in per_qp.items()},
     'per_extra_queue_pair_kb': extra_qp,
     'leak_check': 'ok' if not leaks and not problems else 'FAIL',
     'leak_problems': problems + leaks,
     'snapshots': {l: snaps[l] for l in order},
     'machine': {'host_cpu': cpu(), 'host_ncpu': os.cpu_count(),
                 'guest': 'QEMU TCG, %s vCPUs, %s' % (meta.get('nproc', '?'),
                                                     meta.get('kernel', '?'))},
     'date': time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime()),
     'git': subprocess.run(['git', 'describe', '--always', '--dirty'],
                           capture_output=True, text=True).stdout.strip()}
json.dump(r, open(os.path.join(build, 'vm-scale.json'), 'w'), indent=1)

L = ['%d devices, unbound; kernel memory = %s' % (ndev, r['kernel_memory']), '']
hdr = '%-8s %5s %9s %9s %9s %9s %9s %10s %9s' % (
    'max_vqp', 'cycle', 'added kB', 'kB/dev', 'SUnrecl', 'vmalloc',
    'slab obj', 'after del', 'ms/add')
L += [hdr, '-' * len(hdr)]
for qp in qps:
    for i, row in enumerate(per_qp[qp]['cycles']):
        L.append('%-8d %5d %9d %9.1f %9d %9d %9d %10d %9.0f' % (
            qp, row['cycle'], row['kernel_kb'], row['per_device_kb'],
            row['sunreclaim_kb'], row['vmalloc_kb'], row['slab_objects_kb'],
            row['residual_kb'], per_qp[qp]['add_ms'][i] / ndev))
L.append('added kB: kernel memory added by the devices; SUnrecl, vmalloc: its parts; slab obj: of '
         'SUnrecl, in slab objects (the rest is page-sized kmallocs); ms/add: one vdpa run, '
         'process start included')
L.append('')
for qp in qps:
    top = per_qp[qp]['cycles'][0]['top_caches']
    L.append('max_vqp %d: %.1f kB per device (median); slab caches per device: %s' % (
        qp, per_qp[qp]['per_device_kb'],
        ', '.join('%s %.1f' % (n, g / ndev) for n, g in top) or '-'))
if extra_qp is not None:
    L.append('per additional queue pair: %.2f kB' % extra_qp)
L.append('module loaded (card, uplink, no device): %d kB; after rmmod: %+d kB vs before load' %
         (r['module_kb'], r['unload_residual_kb']))
L.append('"after del" = kernel memory after deleting all devices, against the baseline '
         '(kB); tolerance %d kB (idle noise %d kB)' % (tol, noise))
for qp in qps:
    c = per_qp[qp]['device_caches_residual_objects']
    L.append('max_vqp %d: objects left in the devices\' slab caches per cycle: %s' % (
        qp, '; '.join('%s %s' % (n, v) for n, v in c.items()) or '-'))
L.append('slab caches left to the total (vmap_area: lazily freed; others: move in the control, '
         '%d vdpa runs with no device): %s' % (2 * ndev, ', '.join('%s %+d' % (n, g) for n, g in sorted(churn.items())) or '-'))
L.append('leak check: %s%s' % (r['leak_check'],
                              ''.join('\n  ' + p for p in r['leak_problems'])))
L.append('guest %s; host %s' % (r['machine']['guest'], r['machine']['host_cpu']))
table = '\n'.join(L)
open(os.path.join(build, 'vm-scale.txt'), 'w').write(table + '\n')
print(table)
print('\nJSON: %s' % os.path.join(build, 'vm-scale.json'))
EOF
