#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Receive hashing benchmark: the cost of each hashing mode per packet
# (timed, and instructions under callgrind) and the per-queue spread of 64
# tunnelled flows on 8 queues with the inner header hash off and on.
#
#   bash bench/rss.sh
#
# Environment: BUILD (default <repo>/build/bench), BENCH_SECS (0.3),
# BENCH_REPS (3), BENCH_CG_PACKETS (8192), BENCH_NO_CG=1.
# Outputs, under BUILD: rss.txt (the tables), rss.json, raw/rss-*.log.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/.." && pwd)
BUILD=${BUILD:-$repo/build/bench}
SECS=${BENCH_SECS:-0.3}
REPS=${BENCH_REPS:-3}
CG_PACKETS=${BENCH_CG_PACKETS:-8192}

make -s -C "$here" BUILD="$BUILD" "$BUILD/rss_bench"
bin=$BUILD/rss_bench
mkdir -p "$BUILD/raw" "$BUILD/callgrind"

echo "rss_bench: timing and spread (best of $REPS x ${SECS}s)..." >&2
"$bin" -t "$SECS" -r "$REPS" | tee "$BUILD/raw/rss-timed.log" >&2

: >"$BUILD/raw/rss-callgrind.log"
if [ -z "${BENCH_NO_CG:-}" ] && command -v valgrind >/dev/null; then
	echo "rss_bench: counting instructions ($CG_PACKETS packets each)..." >&2
	for mode in $(awk '/^cost / { sub("mode=", "", $2); print $2 }' \
		      "$BUILD/raw/rss-timed.log"); do
		out=$BUILD/callgrind/cg.rss-$mode
		valgrind --tool=callgrind --callgrind-out-file="$out" \
			--zero-before=bench_region_begin \
			--dump-before=bench_region_end \
			"$bin" -s "$mode" -n "$CG_PACKETS" \
			>"$out.stdout" 2>"$out.stderr"
		grep -q 'ok=1' "$out.stdout" ||
			{ echo "rss_bench: $mode failed under callgrind" >&2; exit 1; }
		total=$(awk '/^totals:/ { print $2 }' "$out.1")
		echo "mode=$mode total_ir=$total packets=$CG_PACKETS" |
			tee -a "$BUILD/raw/rss-callgrind.log" >&2
	done
else
	echo "rss_bench: no callgrind, no instruction counts" >&2
fi

python3 - "$BUILD" <<'EOF'
import json, os, sys

build = sys.argv[1]


def kv(path, tag=None):
    rows = []
    for line in open(path):
        f = line.split()
        if not f or (tag and f[0] != tag):
            continue
        rows.append(dict(x.split('=', 1) for x in f if '=' in x))
    return rows


timed = kv(os.path.join(build, 'raw/rss-timed.log'), 'cost')
spread = kv(os.path.join(build, 'raw/rss-timed.log'), 'spread')
cg = {d['mode']: int(d['total_ir']) / int(d['packets'])
      for d in kv(os.path.join(build, 'raw/rss-callgrind.log'))}
base_ns = next(float(d['ns_per_pkt']) for d in timed if d['mode'] == 'plain')
base_ir = cg.get('plain')

lines = ['%-14s %5s %8s %9s %8s %10s' % ('mode', 'frame', 'ns/pkt',
                                         '+ns/pkt', 'Ir/pkt', '+Ir/pkt'),
         '-' * 59]
cost = []
for d in timed:
    ns = float(d['ns_per_pkt'])
    ir = cg.get(d['mode'])
    cost.append({'mode': d['mode'], 'frame': int(d['frame']),
                 'ns_per_pkt': ns, 'ir_per_pkt': ir,
                 'hash_ns': ns - base_ns,
                 'hash_ir': ir - base_ir if ir and base_ir else None})
    lines.append('%-14s %5s %8.1f %9.1f %8s %10s' % (
        d['mode'], d['frame'], ns, ns - base_ns,
        '%.0f' % ir if ir else '-',
        '%+.0f' % (ir - base_ir) if ir and base_ir else '-'))
lines += ['', '%-10s %14s %14s %16s %16s' % (
    'tunnel', 'MS key: off', 'MS key: on', '32 keys: off', '32 keys: on'),
    '-' * 74]
for d in spread:
    lines.append('%-10s %14s %14s %16s %16s' % (
        d['tunnel'], d['ms_key_off'], d['ms_key_on'], d['mean_off'],
        d['mean_on']))
table = '\n'.join(lines)
note = ('cost: wire -> 1 receive queue, 1 device core; +ns/+Ir: over '
        '"plain" (no hash); Ir under callgrind.\nspread: busiest queue / '
        'mean, 64 tunnelled flows (one outer flow) on 8 queues, inner '
        'header hash off and on.')
with open(os.path.join(build, 'rss.txt'), 'w') as f:
    f.write(table + '\n\n' + note + '\n')
with open(os.path.join(build, 'rss.json'), 'w') as f:
    json.dump({'cost': cost, 'spread': spread}, f, indent=1)
print(table)
print()
print(note)
print('JSON: %s' % os.path.join(build, 'rss.json'))
EOF
