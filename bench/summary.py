#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
#
# The firmware benchmark against its targets, from one run's fw.json and
# dpdk.json (bench/fw-bench.sh, bench/dpdk-ref.sh):
#
#   - ovnic/DPDK per direction and frame size, with the same cores: ovnic's
#     split mode (one device core, one driver thread) against testpmd's
#     vhost <-> virtio-user (one forwarding core each), ring 1024;
#     guest TX = dev2wire vs virtio-user txonly -> vhost rxonly,
#     guest RX = wire2dev vs vhost txonly -> virtio-user rxonly;
#     with ovnic's rate over packed rings beside it (dev2wire_packed,
#     wire2dev_packed);
#   - packed rings against split ones, same run, same CPUs: every *_packed
#     scenario over its split twin (same mode, cores, ring and frame),
#     packets/s and instructions per packet, and whether packed is faster;
#   - 9000-byte frames as a fraction of memcpy of the same buffers;
#   - 64 KiB TSO frames (tso2dev_*, tso2wire) against memcpy of their bytes;
#   - a plot of packets/s by frame size, every scenario plus DPDK;
#   - when bench/vm-offload.sh has run (vm-offload.json): TCP throughput
#     through the card in a VM with its offloads on and off, against a veth
#     pair, and the ratios.
#
#   python3 bench/summary.py [BUILD]      (default <repo>/build/bench)
#
# Writes BUILD/summary.json, BUILD/summary.txt and, with gnuplot,
# BUILD/pps-by-frame.png.
import json
import os
import shutil
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))
build = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                        os.path.join(here, '..', 'build', 'bench'))
RING = 1024
PAIRS = (('guest_tx', 'dev2wire'), ('guest_rx', 'wire2dev'))


def load(name):
    try:
        with open(os.path.join(build, name)) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


fw = load('fw.json')
dpdk = load('dpdk.json')
if not fw:
    sys.exit('summary: no fw.json in %s (run bench/fw-bench.sh)' % build)
fwr = fw['results']
dpr = [r for r in (dpdk or {}).get('results', []) if r.get('ok')]


def ovnic(mode, cores, scenario, frame, ring=RING):
    for r in fwr:
        if (r['mode'], r['cores'], r['scenario'], r['frame'],
                r['ring']) == (mode, cores, scenario, frame, ring):
            return r
    return None


def ref(direction, frame):
    for r in dpr:
        if r['direction'] == direction and r['frame'] == frame:
            return r
    return None


versus = []
for frame in sorted({r['frame'] for r in dpr} | {64, 1500}):
    for direction, scenario in PAIRS:
        o = ovnic('split', 1, scenario, frame)
        d = ref(direction, frame)
        row = {'direction': direction, 'frame': frame, 'ring': RING,
               'ovnic_scenario': scenario, 'ovnic_mode': 'split',
               'ovnic_cores': 1,
               'ovnic_pps': o['pps'] if o else None,
               'ovnic_others_cpu': o['others_cpu'] if o else None,
               'dpdk_pps': d['pps'] if d else None,
               'dpdk_others_cpu': d.get('others_cpu') if d else None}
        inl = ovnic('inline', 1, scenario, frame)
        row['ovnic_inline_pps'] = inl['pps'] if inl else None
        pk = ovnic('split', 1, scenario + '_packed', frame)
        row['ovnic_packed_pps'] = pk['pps'] if pk else None
        row['packed_to_split'] = (pk['pps'] / o['pps']
                                  if pk and o and o['pps'] else None)
        row['ratio'] = (row['ovnic_pps'] / row['dpdk_pps']
                        if row['ovnic_pps'] and row['dpdk_pps'] else None)
        row['target'] = 1.0
        row['met'] = row['ratio'] is not None and row['ratio'] >= 1.0
        versus.append(row)

copy = []
for r in fwr:
    if r.get('tso'):
        continue
    if r['frame'] == 9000 and r['ratio_to_memcpy'] is not None:
        copy.append({'mode': r['mode'], 'cores': r['cores'],
                     'scenario': r['scenario'], 'ring': r['ring'],
                     'gbps': r['gbps'], 'memcpy_gbps': r['memcpy_gbps'],
                     'fraction': r['ratio_to_memcpy'],
                     'others_cpu': r['others_cpu']})


def ratio(a, b):
    return a / b if a and b else None


# Packed rings against split ones: each *_packed result over its twin.
packed = []
for r in fwr:
    if r.get('layout') != 'packed':
        continue
    base = r.get('base_scenario') or r['scenario'][:-len('_packed')]
    s = ovnic(r['mode'], r['cores'], base, r['frame'], r['ring'])
    if not s:
        continue
    packed.append({
        'mode': r['mode'], 'cores': r['cores'], 'scenario': base,
        'ring': r['ring'], 'frame': r['frame'],
        'split_pps': s['pps'], 'packed_pps': r['pps'],
        'packed_to_split': ratio(r['pps'], s['pps']),
        'split_ir_per_pkt': s.get('ir_per_pkt'),
        'packed_ir_per_pkt': r.get('ir_per_pkt'),
        'ir_packed_to_split': ratio(r.get('ir_per_pkt'),
                                    s.get('ir_per_pkt')),
        'split_kicks_per_pkt': s.get('kicks_per_pkt'),
        'packed_kicks_per_pkt': r.get('kicks_per_pkt'),
        'others_cpu': max(s['others_cpu'], r['others_cpu'])})


def median(xs):
    xs = sorted(x for x in xs if x is not None)
    if not xs:
        return None
    n = len(xs)
    return xs[n // 2] if n % 2 else (xs[n // 2 - 1] + xs[n // 2]) / 2


# Per mode (inline: one thread, so instructions; split: two threads, so
# also what the rings cost in cache lines passed between them).  Pairs
# timed while other work took more than QUIET CPUs are counted apart.
QUIET = 0.3
packed_verdict = {}
for mode in sorted({p['mode'] for p in packed}):
    ps = [p for p in packed if p['mode'] == mode]
    rs = [p['packed_to_split'] for p in ps
          if p['packed_to_split'] is not None]
    irs = [p['ir_packed_to_split'] for p in ps
           if p['ir_packed_to_split'] is not None]
    packed_verdict[mode] = {
        'pairs': len(ps),
        'packed_faster': sum(1 for x in rs if x > 1.0),
        'median_pps_ratio': median(rs),
        'median_ir_ratio': median(irs),
        'busy_pairs': sum(1 for p in ps if p['others_cpu'] > QUIET),
        'faster': median(rs) is not None and median(rs) > 1.0}

tso = [{'mode': r['mode'], 'cores': r['cores'], 'scenario': r['scenario'],
        'ring': r['ring'], 'frames_per_s': r['pps'],
        'payload_gbps': r['payload_gbps'], 'frame_gbps': r['frame_gbps'],
        'memcpy_gbps': r['memcpy_gbps'], 'fraction': r['ratio_to_memcpy'],
        'cpu_payload_gbps': r.get('cpu_payload_gbps'),
        'memcpy_cpu_gbps': r.get('memcpy_cpu_gbps'),
        'cpu_fraction': r.get('cpu_ratio_to_memcpy'),
        'ir_per_frame': r.get('ir_per_pkt'),
        'others_cpu': r['others_cpu']} for r in fwr if r.get('tso')]

out = {'machine': fw['machine'], 'fw_date': fw['date'], 'git': fw['git'],
       'dpdk_date': (dpdk or {}).get('date'),
       'dpdk': (dpdk or {}).get('dpdk'),
       'dpdk_skipped': (dpdk or {}).get('skipped',
                                        None if dpdk else 'no dpdk.json'),
       'versus_dpdk': versus, 'packed_vs_split': packed,
       'packed_verdict': packed_verdict,
       'copy_bound_9000': copy, 'tso_64k': tso}

lines = ['ovnic (split: 1 device core + 1 driver thread) vs DPDK vhost <-> '
         'virtio-user (1 forwarding core each), ring %d' % RING,
         '%-9s %5s %-9s %9s %9s %8s %7s %7s %6s %6s' % (
             'direction', 'frame', 'ovnic', 'ovn Mpps', 'DPDK Mpps',
             'ovn/DPDK', 'inline', 'packed', 'others', '')]
lines.append('-' * 86)
for v in versus:
    f = lambda x: '%.2f' % (x / 1e6) if x else '-'
    lines.append('%-9s %5d %-9s %9s %9s %8s %7s %7s %6s %6s' % (
        v['direction'], v['frame'], v['ovnic_scenario'], f(v['ovnic_pps']),
        f(v['dpdk_pps']), '%.2f' % v['ratio'] if v['ratio'] else '-',
        f(v['ovnic_inline_pps']), f(v['ovnic_packed_pps']),
        '%.1f/%.1f' % (v['ovnic_others_cpu'] or 0,
                       v['dpdk_others_cpu'] or 0),
        'ok' if v['met'] else 'below'))
if out['dpdk_skipped']:
    lines.append('DPDK reference skipped: %s' % out['dpdk_skipped'])
lines.append('packed = ovnic split mode over packed rings (the DPDK reference '
             'runs split rings)')
if packed:
    lines += ['', 'packed rings against split ones (same run, same CPUs): '
              'Mpps, instructions/packet (callgrind, inline 1 core) and '
              'kicks/packet; packed/split > 1: packed faster',
              '%-6s %1s %-8s %4s %5s %7s %7s %6s %6s %6s %6s %5s %5s %6s' % (
                  'mode', 'c', 'scenario', 'ring', 'frame', 'split', 'packed',
                  'pk/sp', 'Ir sp', 'Ir pk', 'Ir p/s', 'k/p s', 'k/p p',
                  'others'),
              '-' * 96]
    f = lambda x, p='%.2f': p % x if x is not None else '-'
    for p in packed:
        lines.append('%-6s %1d %-8s %4d %5d %7.2f %7.2f %6s %6s %6s %6s %5s %5s %6.2f' % (
            p['mode'], p['cores'], p['scenario'], p['ring'], p['frame'],
            p['split_pps'] / 1e6, p['packed_pps'] / 1e6,
            f(p['packed_to_split']), f(p['split_ir_per_pkt'], '%.0f'),
            f(p['packed_ir_per_pkt'], '%.0f'),
            f(p['ir_packed_to_split']),
            f(p['split_kicks_per_pkt'], '%.3f'),
            f(p['packed_kicks_per_pkt'], '%.3f'), p['others_cpu']))
    for mode, v in packed_verdict.items():
        lines.append('%s: packed faster than split in %d of %d; median '
                     'packed/split %s in packets/s%s: ovnic\'s packed rings '
                     'are %s%s' % (
                         mode, v['packed_faster'], v['pairs'],
                         f(v['median_pps_ratio']),
                         ', %s in instructions/packet' %
                         f(v['median_ir_ratio'])
                         if v['median_ir_ratio'] else '',
                         'faster' if v['faster'] else 'not faster',
                         ' (%d of the pairs timed with others > %.1f: '
                         'not to be trusted)' % (v['busy_pairs'], QUIET)
                         if v['busy_pairs'] else ''))
lines += ['', '9000-byte frames against memcpy of the same buffers '
          '(as many copying threads as flows)',
          '%-6s %5s %-9s %5s %8s %9s %8s' % ('mode', 'cores', 'scenario',
                                            'ring', 'Gbit/s',
                                            'memcpy', 'fraction'),
          '-' * 56]
for c in copy:
    lines.append('%-6s %5d %-9s %5d %8.1f %9.1f %8.2f' % (
        c['mode'], c['cores'], c['scenario'], c['ring'], c['gbps'],
        c['memcpy_gbps'], c['fraction']))
if tso:
    lines += ['', '64 KiB TSO frames (65214 bytes) against memcpy of the '
              'same bytes (Gbit/s of TCP payload; memcpy and fraction per '
              'frame); per CPU-s: the same per CPU-second of the process '
              'times its threads',
              '%-6s %5s %-19s %5s %8s %9s %8s %9s %9s %8s' % (
                  'mode', 'cores', 'scenario', 'ring', 'Gbit/s', 'memcpy',
                  'fraction', 'CPU-s Gb', 'memcpy', 'fraction'), '-' * 96]
    f = lambda x, p='%.1f': p % x if x else '-'
    for t in tso:
        lines.append('%-6s %5d %-19s %5d %8.1f %9s %8s %9s %9s %8s' % (
            t['mode'], t['cores'], t['scenario'], t['ring'],
            t['payload_gbps'], f(t['memcpy_gbps']),
            f(t['fraction'], '%.2f'), f(t['cpu_payload_gbps']),
            f(t['memcpy_cpu_gbps']), f(t['cpu_fraction'], '%.2f')))
lines.append('')
lines.append('inline = the same scenario with the driver and the device core '
             'on one thread; others = CPUs busy with other work during the '
             'ovnic/DPDK timing')


def plot():
    gp = shutil.which('gnuplot')
    if not gp:
        return 'gnuplot not installed (Debian: gnuplot-nox; make setup)'
    frames = (64, 1500, 9000)
    # colour: the scenario; dashes and points: the configuration
    colour = {'dev2dev': '#c0392b', 'dev2wire': '#2471a3',
              'wire2dev': '#229954', 'guest_tx': '#2471a3',
              'guest_rx': '#229954'}
    conf = {('inline', 1): 'dt 1 pt 7', ('split', 1): 'dt 2 pt 5',
            ('inline', 2): 'dt 3 pt 9'}
    series = []
    for mode, cores in sorted({(r['mode'], r['cores']) for r in fwr}):
        for scenario in ('dev2dev', 'dev2wire', 'wire2dev'):
            pts = [ovnic(mode, cores, scenario, fr) for fr in frames]
            if any(pts):
                series.append(('%s %s, %d core%s' % (
                    scenario, mode, cores, 's' if cores > 1 else ''),
                    [p['pps'] / 1e6 if p else None for p in pts],
                    'lw 2 lc rgb "%s" %s' % (
                        colour[scenario],
                        conf.get((mode, cores), 'dt 4 pt 3'))))
    for direction, label in (('guest_tx', 'DPDK vhost, guest TX'),
                             ('guest_rx', 'DPDK vhost, guest RX')):
        pts = [ref(direction, fr) for fr in frames]
        if any(pts):
            series.append((label, [p['pps'] / 1e6 if p else None
                                   for p in pts],
                           'lw 4 lc rgb "%s" dt 1 pt 13 ps 2' %
                           ('#000000' if direction == 'guest_tx'
                            else '#808080')))
    if not series:
        return 'nothing to plot'
    dat = os.path.join(build, 'pps-by-frame.dat')
    with open(dat, 'w') as f:
        for name, ys, _ in series:
            f.write('# %s\n' % name)
            for i, y in enumerate(ys):
                if y:
                    f.write('%d %g\n' % (i, y))
            f.write('\n\n')
    png = os.path.join(build, 'pps-by-frame.png')
    cmds = ['set terminal pngcairo size 960,600 font ",10"',
            'set output "%s"' % png,
            'set title "ovnic firmware datapath (userspace), ring %d: '
            'packets/s by frame size\\n%s, %d CPUs, %s"' % (
                RING, fw['machine']['cpu'], fw['machine']['ncpu'],
                fw['date']),
            'set xtics ("64" 0, "1500" 1, "9000" 2)',
            'set xrange [-0.3:2.3]', 'set xlabel "frame bytes"',
            'set logscale y', 'set ylabel "Mpps (log)"', 'set grid',
            'set key outside right top', 'set style data linespoints']
    plots = []
    for i, (name, _, style) in enumerate(series):
        plots.append('"%s" index %d title "%s" %s' % (dat, i, name, style))
    cmds.append('plot ' + ', '.join(plots))
    p = subprocess.run([gp], input='\n'.join(cmds) + '\n', text=True,
                       capture_output=True)
    if p.returncode:
        return 'gnuplot failed: %s' % p.stderr.strip()
    return None


# The in-VM offload benchmark (bench/vm-offload.sh), when it has run.
vmo = load('vm-offload.json')
if vmo:
    out['vm_offload'] = {'date': vmo['date'], 'git': vmo['git'],
                         'ratios': vmo['ratios'],
                         'features_negotiated': vmo['features_negotiated'],
                         'mbit_s': {'%s/%d' % (c['case'], c['mtu']): c['mbit_s']
                                    for c in vmo['cases']}}
    lines += ['', 'TCP through the card in a VM (vm-offload.json, %s): Mbit/s, '
              'median of the rounds' % vmo['date'],
              '%5s %9s %9s %9s %12s %12s' % ('MTU', 'offload', 'no-offl.',
                                              'veth', 'on/off', 'on/veth'),
              '-' * 61]
    mbit = out['vm_offload']['mbit_s']
    fmt = lambda v, f: f % v if v is not None else '-'
    for m, x in sorted(vmo['ratios'].items(), key=lambda kv: int(kv[0])):
        lines.append('%5s %9s %9s %9s %12s %12s' % (
            m, fmt(mbit.get('offload/' + m), '%.0f'),
            fmt(mbit.get('nooffload/' + m), '%.0f'),
            fmt(mbit.get('veth/' + m), '%.0f'),
            fmt(x['offload_to_nooffload'], '%.2fx'),
            fmt(x['offload_to_veth'], '%.2fx')))
    if not vmo['features_negotiated'].get('da'):
        lines.append('(the devices negotiated no offload feature: on and off '
                     'are the same path)')

err = plot()
out['plot'] = None if err else 'pps-by-frame.png'
if err:
    lines.append('plot: %s' % err)
else:
    lines.append('plot: %s' % os.path.join(build, 'pps-by-frame.png'))
with open(os.path.join(build, 'summary.json'), 'w') as f:
    json.dump(out, f, indent=1)
text = '\n'.join(lines)
with open(os.path.join(build, 'summary.txt'), 'w') as f:
    f.write(text + '\n')
print(text)
print('JSON: %s' % os.path.join(build, 'summary.json'))
