// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: speed of the card's firmware datapath in userspace.
 *
 * A card is driven by a minimal virtio driver: the devices are brought up
 * through vdriver (tests/lib) with VIRTIO_F_EVENT_IDX, then every
 * descriptor of every data queue is written once, pointing at its own
 * buffer, and the loops only move head indices: publish TX heads, ring
 * the doorbell when the device asked for it (avail_event), take the used
 * heads back in bulk, and give the receiver's used heads straight back to
 * its avail ring.  The driver polls (used_event parked, as Linux does with
 * callbacks off), so what is measured is the firmware's cost and the
 * minimal driver's.
 *
 * Scenarios (a "flow" is one stream of frames):
 *   dev2dev   TX of device A lands in RX of device B through the switch
 *   dev2wire  TX of device A leaves through the uplink (wire_tx)
 *   wire2dev  ovnic_card_wire_rx_burst() into RX of device B
 * With two device cores there are two flows, one per core: dev2dev runs
 * A->B and B->A, dev2wire A's and B's TX, wire2dev the wire into B and
 * into A (wire_rx runs on its caller, the uplink, not on a device core).
 *
 * Packed rings: dev2dev_packed, dev2wire_packed and wire2dev_packed are
 * the same three with VIRTIO_F_RING_PACKED negotiated, every data queue
 * packed (fw_bench_packed.h): the driver writes each descriptor as it
 * makes it available (address, length, id, then the flags), finds used
 * ones by their flags, keeps used buffer notifications disabled in the
 * driver's event suppression structure and kicks as the device's asks
 * (EVENT_IDX: desc).  Their lines say layout=packed, the others
 * layout=split; set side by side (same mode, cores, ring and frame) they
 * give packed/split.  Exit status 3 when the card doesn't offer packed
 * rings.  No TSO scenario runs packed.
 *
 * TSO scenarios: device A sends 64 KiB TCP/IPv4 GSO frames (65214 bytes:
 * 54 of headers, 45 segments of 1448; NEEDS_CSUM with the pseudo-header
 * sum in the TCP checksum, GSO_TCPV4, one transmit descriptor each, the
 * 12-byte virtio_net_hdr_v1 in front) at MTU 1500:
 *   tso2dev_whole        to B with GUEST_CSUM, GUEST_TSO4 and MRG_RXBUF:
 *                        the frame arrives whole over num_buffers receive
 *                        buffers of 4096 bytes (-B), 16 of them
 *   tso2dev_seg          to B without receive offloads: the card cuts it
 *                        into 45 segments with complete checksums, one
 *                        1536-byte buffer each
 *   tso2dev_seg_partial  to B with GUEST_CSUM only: 45 segments with
 *                        partial checksums
 *   tso2wire             out through the uplink whole (the sink counts)
 * Rates are of TSO frames (pps) and TCP payload (gbps; frame_gbps: the
 * frame's bytes); the memcpy reference copies the same 65214 bytes from
 * the same transmit buffers into as much memory as the receive ring's
 * buffers (ring x 4096 for tso2wire), once per frame, and ratio is frames
 * over copies.  cpu_* are the same per CPU-second of the process times
 * its threads: what the run would reach with CPUs of its own, however the
 * machine's other work time-slices it (not how it shares caches and
 * memory); cpu_ratio is the ratio of those.  tso2dev_seg also times the
 * card's checksum loop alone over the same buffers (csum_gbps: bytes
 * summed per CPU-second).  A batch holds as many frames as the receive
 * ring has buffers for.  Before it is timed, each TSO scenario
 * runs once on a card of its own and everything that arrives is checked
 * against what was sent (bench_verify()); the timed run checks its last
 * frame or segment again.
 *
 * Modes:
 *   inline    one thread per flow runs the driver and, after each batch,
 *             the device core that owns the flow's TX queue (callgrind
 *             counts this one, cores=1)
 *   split     the driver and the device core on two threads (two CPUs):
 *             the core thread spins on a doorbell word that the card's
 *             wake_core() sets, then polls until the queue is empty, which
 *             is when the firmware re-arms avail_event; the driver kicks
 *             only when avail_event says so.  That is the kernel's device
 *             core thread with a polling wait instead of a sleep.  For
 *             wire2dev the second thread is the uplink calling wire_rx.
 * Threads are pinned one per CPU when there are at least two.
 *
 * The uplink's wire_tx is a sink that counts frames: a real port DMAs them,
 * so nothing is copied on that side.  Locks are spinlocks, as the kernel's
 * platform uses (the test platform's counting locks are single-threaded).
 *
 * Usage:
 *   fw_bench [-M inline|split] [-c cores] [-s scenario] [-q ring] [-l frame]
 *	      [-b batch] [-F free_thresh] [-B mrg_buf] [-W wire] [-t secs]
 *	      [-r reps] [-f]
 *	time every matching scenario (all by default), one line each;
 *	-l: 60 to 9014, or 65214 for the TSO scenarios only (which take no
 *	other size);
 *	-F: split mode's driver takes TX heads back once fewer are free and
 *	refills RX once that many are back (32, as DPDK's virtio PMD);
 *	-B: tso2dev_whole's receive buffer size (4096);
 *	-W: how wire2dev hands the card frames: flat bursts of 32 (the
 *	default), or with a wire header as the uplink netdev does, in bursts
 *	of 32 (sg, reported as wire2dev_sg) or one per call (sg1,
 *	wire2dev_sg1: uplink_burst=0);
 *	-f allows more threads than CPUs
 *   fw_bench -s S -q Q -l L -n N
 *	count mode (inline, 1 core), for callgrind: set up and warm up, then
 *	exactly N packets between bench_region_begin() and bench_region_end()
 *   fw_bench -m [-c threads] -q Q -l L
 *	only the memcpy reference
 *   fw_bench -s ctrl [-n samples]
 *	a control command's round trip, the driver spinning on its used
 *	entry as virtio_net does: median and p99 (fw_bench_ctrl.c; 20000
 *	samples by default)
 *
 * Output is one "key=value" line per scenario; bench/fw-bench.sh turns it
 * into a table and JSON.  Packets are counted where they arrive (the
 * receiver's used ring, or the wire); in split mode the sender may outrun
 * the receiver's refill, and the frames the card dropped for want of a
 * buffer are reported as drops=.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_bench_csum.h"
#include "fw_bench_ctrl.h"
#include "fw_bench_driver.h"
#include "fw_bench_ref.h"
#include "fw_bench_sys.h"

static const char *const kind_name[] = {
	[BENCH_DEV2DEV]		= "dev2dev",
	[BENCH_DEV2WIRE]	= "dev2wire",
	[BENCH_WIRE2DEV]	= "wire2dev",
	[BENCH_TSO2DEV_WHOLE]	= "tso2dev_whole",
	[BENCH_TSO2DEV_SEG]	= "tso2dev_seg",
	[BENCH_TSO2DEV_SEG_PARTIAL] = "tso2dev_seg_partial",
	[BENCH_TSO2WIRE]	= "tso2wire",
};

static const char *const wire_name[] = {
	[WIRE_FLAT]	= "flat",
	[WIRE_SG]	= "sg",
	[WIRE_SG1]	= "sg1",
};

#define PACKED_SUFFIX	"_packed"

/*
 * wire2dev with another entry than the flat burst: wire2dev_sg, _sg1;
 * over packed rings, _packed after it.
 */
static const char *scenario_name(enum bench_kind kind, enum bench_wire wire,
				 bool packed)
{
	static char name[48];

	snprintf(name, sizeof(name), "%s%s%s%s", kind_name[kind],
		 kind == BENCH_WIRE2DEV && wire != WIRE_FLAT ? "_" : "",
		 kind == BENCH_WIRE2DEV && wire != WIRE_FLAT ?
		 wire_name[wire] : "", packed ? PACKED_SUFFIX : "");
	return name;
}

static const char *layout_name(bool packed)
{
	return packed ? "packed" : "split";
}

static const char *const mode_name[] = {
	[MODE_INLINE]	= "inline",
	[MODE_SPLIT]	= "split",
};

/* Markers for callgrind's --zero-before / --dump-before. */
__attribute__((noinline)) void bench_region_begin(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bench_region_end(void)
{
	__asm__ volatile("" ::: "memory");
}

/* ---- runs ---- */

/* Threads a run takes: one per device core, two in split mode. */
static unsigned int bench_threads(enum bench_mode mode, unsigned int cores)
{
	return mode == MODE_SPLIT ? 2 * cores : cores;
}

struct opts {
	int kind;		/* -1: all */
	enum bench_mode mode;
	unsigned int cores;
	uint32_t ring;		/* 0: 256 and 1024 */
	uint32_t frame_len;	/* 0: 64, 1500, 9000 */
	uint32_t batch;
	uint32_t free_thresh;
	uint32_t mrg_buf;	/* tso2dev_whole's receive buffers */
	enum bench_wire wire;	/* -W */
	int packed;		/* ring layout: -1 both (no -s), 0, 1 */
	double secs;
	unsigned int reps;
	uint64_t count;		/* count mode */
	bool memcpy_only;
	bool force;
	bool ctrl;		/* -s ctrl: fw_bench_ctrl.c */
};

static uint64_t bench_delivered(struct bench *b)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < b->nflows; i++)
		n += flow_delivered(&b->flow[i]);
	return n;
}

/*
 * A batch no larger than the ring, and than the frames the receive ring
 * has buffers for: 45 a frame when the card cuts it, num_buffers when it
 * arrives whole (the inline driver refills after each batch).
 */
static void bench_batch(struct bench *b)
{
	uint32_t chains = bench_rx_chains(b);

	if (b->batch > b->ring)
		b->batch = b->ring;
	if (chains <= 1)
		return;
	if (b->ring < chains) {
		fprintf(stderr, "fw_bench: %s needs a ring of %u or more\n",
			kind_name[b->kind], chains);
		exit(1);
	}
	if (b->batch > b->ring / chains)
		b->batch = b->ring / chains;
}

/* A TSO scenario's checking run (bench_verify()); exits when it fails. */
static void bench_verify_or_exit(const struct bench *b)
{
	if (!kind_tso(b->kind) || bench_verify(b))
		return;
	fprintf(stderr, "fw_bench: %s ring %u: what arrived is not what was sent\n",
		kind_name[b->kind], b->ring);
	exit(2);
}

/* Until every flow has moved two rings' worth; false when one stalls. */
static bool bench_warm(struct bench *b)
{
	double t0 = now_s();
	unsigned int i;

	for (;;) {
		bool warm = true;

		for (i = 0; i < b->nflows; i++)
			warm &= flow_delivered(&b->flow[i]) >= 2ull * b->ring;
		if (warm)
			return true;
		if (now_s() - t0 > 10)
			return false;
		sleep_s(0.001);
	}
}

/*
 * A TSO scenario's line: @best is what arrived a second (segments when
 * the card cut the frames); rates are of frames, their TCP payload
 * (gbps) and their bytes (frame_gbps), against memcpy of the same bytes.
 */
static void print_tso(const struct opts *o, const struct bench *b,
		      const struct check *ck, double best, double best_cpu,
		      struct load_mark m0, struct load_mark m1)
{
	/* into as much memory as the receive ring's buffers (4096 each) */
	uint64_t dst = (uint64_t)b->ring * (b->rx_buf ? b->rx_buf :
							TSO_MRG_BUF);
	double fps = best / b->rx_units, cfps = best_cpu / b->rx_units, cmc;
	double mc = memcpy_rate_big(b->ring, TSO_FRAME_LEN, dst, b->nflows,
				    o->secs, o->reps, &cmc);
	/* where the card completes checksums: its loop alone, one thread */
	double cs = b->kind != BENCH_TSO2DEV_SEG ? 0 :
		    csum_rate(b->ring, (VD_NET_HDR_LEN + TSO_FRAME_LEN + 63) &
				       ~63u, VD_NET_HDR_LEN, TSO_FRAME_LEN,
			      o->secs, o->reps);

	printf("mode=%s cores=%u threads=%u scenario=%s layout=split ring=%u frame=%u batch=%u free_thresh=%u pps=%.0f gbps=%.3f frame_gbps=%.3f ns_per_pkt=%.2f memcpy_pps=%.0f memcpy_gbps=%.3f ratio=%.3f packets=%llu offered=%llu drops=%llu kicks=%llu irqs=%llu others_cpu=%.2f ok=%d payload=%u segs=%u rx_buf=%u rx_bufs=%u rx_units=%u csum_gbps=%.3f cpu_pps=%.0f cpu_gbps=%.3f memcpy_cpu_gbps=%.3f cpu_ratio=%.3f\n",
	       mode_name[o->mode], o->cores, bench_threads(o->mode, o->cores),
	       kind_name[b->kind], b->ring, TSO_FRAME_LEN, b->batch,
	       b->free_thresh, fps, fps * TSO_PAYLOAD * 8 / 1e9,
	       fps * TSO_FRAME_LEN * 8 / 1e9, fps ? 1e9 / fps : 0, mc,
	       mc * TSO_FRAME_LEN * 8 / 1e9, mc ? fps / mc : 0,
	       (unsigned long long)ck->delivered,
	       (unsigned long long)ck->offered, (unsigned long long)ck->drops,
	       (unsigned long long)ck->kicks,
	       (unsigned long long)__atomic_load_n(&irq_total,
						   __ATOMIC_RELAXED),
	       load_others(&m0, &m1), ck->ok, TSO_PAYLOAD, TSO_SEGS,
	       b->rx_buf, b->rx_chains, b->rx_units, cs * 8 / 1e9, cfps,
	       cfps * TSO_PAYLOAD * 8 / 1e9, cmc * TSO_FRAME_LEN * 8 / 1e9,
	       cmc ? cfps / cmc : 0);
}

static void run_timed(const struct opts *o, enum bench_kind kind,
		      uint32_t ring, uint32_t len, bool packed)
{
	struct bench b = { .kind = kind, .mode = o->mode, .cores = o->cores,
			   .ring = ring, .frame_len = len,
			   .batch = o->batch, .free_thresh = o->free_thresh,
			   .mrg_buf = o->mrg_buf, .wire = o->wire,
			   .packed = packed };
	struct load_mark m0 = { 0 }, m1 = { 0 };
	struct threads th = { 0 };
	struct check ck;
	double best = 0, best_cpu = 0, mc;
	unsigned int i, rep;
	bool stalled = false;

	bench_batch(&b);
	if (b.free_thresh > ring / 2)
		b.free_thresh = ring / 2;
	bench_verify_or_exit(&b);
	bench_setup(&b);
	th.ncpu = online_cpus(th.cpu, BENCH_MAX_THREADS);
	for (i = 0; i < b.nflows; i++) {
		struct flow *f = &b.flow[i];

		if (o->mode == MODE_INLINE) {
			threads_start(&th, packed ? thread_inline_packed :
					   thread_inline, f);
		} else {
			threads_start(&th, packed ? thread_driver_packed :
					   thread_driver, f);
			threads_start(&th, f->src ? thread_core :
					   thread_uplink, f);
		}
	}
	if (!bench_warm(&b)) {
		stalled = true;
	} else {
		load_mark(&m0);
		for (rep = 0; rep < o->reps; rep++) {
			uint64_t n0, n1;
			double t0, t1, c0, c1;

			n0 = bench_delivered(&b);
			t0 = now_s();
			c0 = cpu_s();
			sleep_s(o->secs);
			n1 = bench_delivered(&b);
			t1 = now_s();
			c1 = cpu_s();
			/* per CPU-second of the process, times its threads */
			if (c1 > c0 && (n1 - n0) / (c1 - c0) *
			    bench_threads(o->mode, o->cores) > best_cpu)
				best_cpu = (n1 - n0) / (c1 - c0) *
					   bench_threads(o->mode, o->cores);
			/*
			 * Nothing moved: a lost kick, or on a busy machine a
			 * thread that got no CPU; only the first lasts.
			 */
			if (n1 == n0) {
				sleep_s(2);
				stalled |= bench_delivered(&b) == n1;
			}
			if ((n1 - n0) / (t1 - t0) > best)
				best = (n1 - n0) / (t1 - t0);
		}
		load_mark(&m1);
	}
	__atomic_store_n(&b.stop, 1, __ATOMIC_RELAXED);
	threads_join(&th);
	bench_drain(&b);
	bench_check(&b, &ck);
	ck.ok &= !stalled;
	if (kind_tso(kind)) {
		print_tso(o, &b, &ck, best, best_cpu, m0, m1);
		goto out;
	}
	/* What the card copies: nothing on dev2wire (the port DMAs). */
	mc = kind == BENCH_DEV2WIRE ? 0 :
	     memcpy_rate(ring, len, b.nflows, kind == BENCH_WIRE2DEV,
			 o->secs, o->reps);
	printf("mode=%s cores=%u threads=%u scenario=%s layout=%s ring=%u frame=%u batch=%u free_thresh=%u pps=%.0f gbps=%.3f ns_per_pkt=%.2f memcpy_pps=%.0f memcpy_gbps=%.3f ratio=%.3f packets=%llu offered=%llu drops=%llu kicks=%llu irqs=%llu others_cpu=%.2f ok=%d\n",
	       mode_name[o->mode], o->cores, bench_threads(o->mode, o->cores),
	       scenario_name(kind, o->wire, packed), layout_name(packed),
	       ring, len, b.batch,
	       b.free_thresh, best,
	       best * len * 8 / 1e9, best ? 1e9 / best : 0, mc,
	       mc * len * 8 / 1e9, mc ? best / mc : 0,
	       (unsigned long long)ck.delivered,
	       (unsigned long long)ck.offered, (unsigned long long)ck.drops,
	       (unsigned long long)ck.kicks,
	       (unsigned long long)__atomic_load_n(&irq_total,
						   __ATOMIC_RELAXED),
	       load_others(&m0, &m1), ck.ok);
out:
	fflush(stdout);
	bench_free(&b);
	if (!ck.ok) {
		fprintf(stderr, "fw_bench: %s %s cores %u ring %u frame %u: %s\n",
			mode_name[o->mode],
			scenario_name(kind, o->wire, packed), o->cores, ring,
			len, stalled ? "stalled" :
			"packets lost or damaged");
		exit(2);
	}
}

static void run_count(const struct opts *o, enum bench_kind kind,
		      uint32_t ring, uint32_t len, bool packed)
{
	struct bench b = { .kind = kind, .mode = MODE_INLINE, .cores = 1,
			   .ring = ring, .frame_len = len,
			   .batch = o->batch, .mrg_buf = o->mrg_buf,
			   .packed = packed };
	struct flow *f;
	struct check ck;

	bench_batch(&b);
	bench_verify_or_exit(&b);
	bench_setup(&b);
	f = &b.flow[0];
	wire_ctr = &f->wire;
	/* Warm up: every buffer of both rings touched twice. */
	flow_run_count(f, 2 * b.ring);
	bench_region_begin();
	flow_run_count(f, o->count);
	bench_region_end();
	bench_drain(&b);
	bench_check(&b, &ck);
	printf("mode=inline cores=1 scenario=%s layout=%s ring=%u frame=%u batch=%u count=%llu ok=%d\n",
	       scenario_name(kind, WIRE_FLAT, packed), layout_name(packed),
	       ring, len, b.batch,
	       (unsigned long long)o->count, ck.ok);
	bench_free(&b);
	if (!ck.ok)
		exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fw_bench [-M inline|split] [-c cores] [-s dev2dev|dev2wire|wire2dev|\n"
		"                dev2dev_packed|dev2wire_packed|wire2dev_packed|\n"
		"                tso2dev_whole|tso2dev_seg|tso2dev_seg_partial|tso2wire|\n"
		"                ctrl]\n"
		"                [-q ring] [-l frame] [-b batch] [-F free_thresh]\n"
		"                [-B mrg_buf] [-t seconds] [-r reps]\n"
		"                [-W flat|sg|sg1] [-n count] [-m] [-f]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	uint32_t rings[] = { 256, 1024 };
	uint32_t lens[] = { 64, 1500, 9000 };
	unsigned int nrings = 2, nlens = 3;
	struct opts o = { .kind = -1, .mode = MODE_INLINE, .cores = 1,
			  .batch = 64, .free_thresh = 32, .packed = -1,
			  .secs = 0.3, .reps = 3 };
	int cpus[BENCH_MAX_THREADS];
	unsigned int k, r, l, ncpu, pk;
	size_t n;
	int ch;

	while ((ch = getopt(argc, argv, "M:c:s:q:l:b:F:B:W:t:r:n:mfh")) != -1) {
		switch (ch) {
		case 'M':
			if (!strcmp(optarg, "inline"))
				o.mode = MODE_INLINE;
			else if (!strcmp(optarg, "split"))
				o.mode = MODE_SPLIT;
			else
				usage();
			break;
		case 'c':
			o.cores = strtoul(optarg, NULL, 0);
			break;
		case 's':
			if (!strcmp(optarg, "ctrl")) {
				o.ctrl = true;
				break;
			}
			/* SCENARIO_packed: the same over packed rings */
			n = strlen(optarg);
			o.packed = n > strlen(PACKED_SUFFIX) &&
				   !strcmp(optarg + n - strlen(PACKED_SUFFIX),
					   PACKED_SUFFIX);
			if (o.packed)
				n -= strlen(PACKED_SUFFIX);
			for (k = 0; k < BENCH_KINDS; k++)
				if (strlen(kind_name[k]) == n &&
				    !strncmp(optarg, kind_name[k], n))
					o.kind = k;
			if (o.kind < 0 || (o.packed && kind_tso(o.kind)))
				usage();
			break;
		case 'q':
			o.ring = strtoul(optarg, NULL, 0);
			break;
		case 'l':
			o.frame_len = strtoul(optarg, NULL, 0);
			break;
		case 'b':
			o.batch = strtoul(optarg, NULL, 0);
			break;
		case 'F':
			o.free_thresh = strtoul(optarg, NULL, 0);
			break;
		case 'B':
			o.mrg_buf = strtoul(optarg, NULL, 0);
			break;
		case 'W':
			for (k = 0; k < 3 && strcmp(optarg, wire_name[k]); k++)
				;
			if (k == 3)
				usage();
			o.wire = k;
			break;
		case 't':
			o.secs = strtod(optarg, NULL);
			break;
		case 'r':
			o.reps = strtoul(optarg, NULL, 0);
			break;
		case 'n':
			o.count = strtoull(optarg, NULL, 0);
			break;
		case 'm':
			o.memcpy_only = true;
			break;
		case 'f':
			o.force = true;
			break;
		default:
			usage();
		}
	}
	if ((o.ring && (o.ring & (o.ring - 1) || o.ring < 2 || o.ring > 1024)) ||
	    (o.frame_len && (o.frame_len < 60 || (o.frame_len > 9014 &&
					     o.frame_len != TSO_FRAME_LEN))) ||
	    (o.mrg_buf && (o.mrg_buf < 64 || o.mrg_buf > 65536)) ||
	    !o.batch || !o.reps || o.secs <= 0 || !o.cores ||
	    o.cores > BENCH_MAX_FLOWS)
		usage();
	if (o.count && (o.mode != MODE_INLINE || o.cores != 1)) {
		fprintf(stderr, "fw_bench: count mode is inline with one core\n");
		return 1;
	}
	if (o.ctrl) {
		run_ctrl(o.count ? (unsigned int)o.count : 20000);
		return 0;
	}
	ncpu = online_cpus(cpus, BENCH_MAX_THREADS);
	if (!o.count && !o.force &&
	    bench_threads(o.mode, o.cores) > (ncpu ? ncpu : 1)) {
		fprintf(stderr, "fw_bench: %s with %u cores needs %u CPUs, this process has %u (-f runs it anyway)\n",
			mode_name[o.mode], o.cores,
			bench_threads(o.mode, o.cores), ncpu);
		return 1;
	}
	if (o.ring) {
		rings[0] = o.ring;
		nrings = 1;
	}
	if (o.frame_len) {
		lens[0] = o.frame_len;
		nlens = 1;
	}
	if (o.memcpy_only) {
		uint32_t ring = o.ring ? o.ring : 1024;
		uint32_t len = o.frame_len ? o.frame_len : 1500;
		double mc = len == TSO_FRAME_LEN ?
			    memcpy_rate_big(ring, len,
					    (uint64_t)ring * TSO_MRG_BUF,
					    o.cores, o.secs, o.reps, NULL) :
			    memcpy_rate(ring, len, o.cores, false, o.secs,
					o.reps);

		printf("memcpy threads=%u ring=%u frame=%u pps=%.0f gbps=%.3f\n",
		       o.cores, ring, len, mc, mc * len * 8 / 1e9);
		return 0;
	}
	/* Split rings, then packed ones (no TSO scenario), or as -s says. */
	for (pk = 0; pk < 2; pk++) {
		if (o.packed >= 0 && (int)pk != o.packed)
			continue;
		for (k = 0; k < BENCH_KINDS; k++) {
			if ((o.kind >= 0 && (int)k != o.kind) ||
			    (pk && kind_tso(k)))
				continue;
			for (r = 0; r < nrings; r++) {
				for (l = 0; l < nlens; l++) {
					/* TSO: its own frame, or none */
					uint32_t len = kind_tso(k) ?
						       TSO_FRAME_LEN : lens[l];

					if (kind_tso(k) ?
					    l || (o.frame_len &&
						  o.frame_len != len) :
					    len > 9014)
						continue;
					if (o.count)
						run_count(&o, k, rings[r], len,
							  pk);
					else
						run_timed(&o, k, rings[r], len,
							  pk);
				}
			}
		}
	}
	return 0;
}
