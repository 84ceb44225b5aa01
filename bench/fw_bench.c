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
 *	      [-b batch] [-F free_thresh] [-t secs] [-r reps] [-f]
 *	time every matching scenario (all by default), one line each;
 *	-F: split mode's driver takes TX heads back once fewer are free and
 *	refills RX once that many are back (32, as DPDK's virtio PMD);
 *	-f allows more threads than CPUs
 *   fw_bench -s S -q Q -l L -n N
 *	count mode (inline, 1 core), for callgrind: set up and warm up, then
 *	exactly N packets between bench_region_begin() and bench_region_end()
 *   fw_bench -m [-c threads] -q Q -l L
 *	only the memcpy reference
 *
 * Output is one "key=value" line per scenario; bench/fw-bench.sh turns it
 * into a table and JSON.  Packets are counted where they arrive (the
 * receiver's used ring, or the wire); in split mode the sender may outrun
 * the receiver's refill, and the frames the card dropped for want of a
 * buffer are reported as drops=.
 */
#include <errno.h>
#include <getopt.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "vdriver.h"

#define BENCH_DEV_A		0
#define BENCH_DEV_B		1
#define BENCH_MTU		9000
#define BENCH_MAX_FLOWS		2
#define BENCH_MAX_CORES		16
#define BENCH_MAX_THREADS	(2 * BENCH_MAX_FLOWS)
#define BENCH_FEATURES		(VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX))
#define CACHELINE		64

enum bench_kind { BENCH_DEV2DEV, BENCH_DEV2WIRE, BENCH_WIRE2DEV };
enum bench_mode { MODE_INLINE, MODE_SPLIT };

static const char *const kind_name[] = {
	[BENCH_DEV2DEV]		= "dev2dev",
	[BENCH_DEV2WIRE]	= "dev2wire",
	[BENCH_WIRE2DEV]	= "wire2dev",
};

static const char *const mode_name[] = {
	[MODE_INLINE]	= "inline",
	[MODE_SPLIT]	= "split",
};

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

/* ---- the host side of the card: doorbell words, locks, uplink ---- */

/* One per device core: set by wake_core(), cleared by the core's poller. */
struct core_bell {
	uint32_t pending;
	uint64_t wakes;
} __attribute__((aligned(CACHELINE)));

static struct core_bell bells[BENCH_MAX_CORES];
static uint64_t irq_total;
static long lock_errors;

static void bench_wake_core(void *ctx, unsigned int core)
{
	(void)ctx;
	if (core >= BENCH_MAX_CORES) {
		__atomic_add_fetch(&lock_errors, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_store_n(&bells[core].pending, 1, __ATOMIC_SEQ_CST);
}

static void bench_irq(void *ctx, ovnic_u32 vector)
{
	(void)ctx;
	(void)vector;
	__atomic_add_fetch(&irq_total, 1, __ATOMIC_RELAXED);
}

struct bench_lock {
	int locked;
} __attribute__((aligned(CACHELINE)));

static struct ovnic_lock *bench_lock_new(void *ctx, enum ovnic_lock_class cls)
{
	struct bench_lock *l = aligned_alloc(CACHELINE, sizeof(*l));

	(void)ctx;
	(void)cls;
	if (l)
		l->locked = 0;
	return (struct ovnic_lock *)l;
}

static void bench_lock_free(void *ctx, struct ovnic_lock *lock)
{
	struct bench_lock *l = (struct bench_lock *)lock;

	(void)ctx;
	if (l && l->locked)
		__atomic_add_fetch(&lock_errors, 1, __ATOMIC_RELAXED);
	free(l);
}

static void bench_lock(struct ovnic_lock *lock)
{
	struct bench_lock *l = (struct bench_lock *)lock;

	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
			cpu_relax();
}

static void bench_unlock(struct ovnic_lock *lock)
{
	struct bench_lock *l = (struct bench_lock *)lock;

	if (!__atomic_load_n(&l->locked, __ATOMIC_RELAXED))
		__atomic_add_fetch(&lock_errors, 1, __ATOMIC_RELAXED);
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
}

/* The uplink: count, don't copy; each thread counts for its own flow. */
struct wire_count {
	uint64_t frames;
	uint64_t bytes;
} __attribute__((aligned(CACHELINE)));

static __thread struct wire_count *wire_ctr;
static struct wire_count wire_other;

static void bench_wire_tx(void *ctx, const void *const *piece,
			  const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	struct wire_count *w = wire_ctr ? wire_ctr : &wire_other;
	uint64_t bytes = 0;
	ovnic_u32 i;

	(void)ctx;
	(void)piece;
	for (i = 0; i < npieces; i++)
		bytes += piece_len[i];
	/* one writer per counter; the main thread reads */
	__atomic_store_n(&w->bytes, w->bytes + bytes, __ATOMIC_RELAXED);
	__atomic_store_n(&w->frames, w->frames + 1, __ATOMIC_RELAXED);
}

/* ---- the driver side of one split ring, as lean as a PMD's ---- */

struct bq {
	struct vd_vq *q;
	uint16_t size;
	uint16_t mask;
	uint16_t avail_idx;
	uint16_t last_used;
	uint16_t kick_old;	/* avail idx at the last kick decision */
	uint16_t last_head;	/* last head reaped */
	uint16_t *free;		/* FIFO of heads the driver owns */
	uint32_t free_head, free_tail;	/* free-running */
	uint16_t *avail_event;	/* written by the device */
	uint8_t **buf;
	uint64_t reaped;	/* read by the main thread */
	uint64_t bad_len;
	uint64_t kicks;
	uint64_t kicks_skipped;
};

struct flow {
	struct bench *b;
	unsigned int id;
	int core;		/* device core of the TX queue; -1: none */
	struct vd_dev *src;	/* NULL: the wire */
	struct vd_dev *dst;	/* NULL: the wire */
	struct bq tx;		/* src's TX queue 0 */
	struct bq rx;		/* dst's RX queue 0 */
	uint8_t *frame;		/* wire2dev source, reference for checks */
	uint64_t offered;	/* posted on TX, or handed to wire_rx */
	uint64_t drops0;	/* dst's no-buffer drops before the run */
	struct wire_count wire;	/* dev2wire: what reached the uplink */
} __attribute__((aligned(CACHELINE)));

struct bench {
	enum bench_kind kind;
	enum bench_mode mode;
	unsigned int cores;
	uint32_t ring;
	uint32_t frame_len;
	uint32_t batch;
	uint32_t free_thresh;	/* split mode's driver: see thread_driver() */
	struct vd_card *c;
	struct vd_dev *dev[2];
	struct flow flow[BENCH_MAX_FLOWS];
	unsigned int nflows;
	int stop;
};

static void die(const char *what, int err)
{
	fprintf(stderr, "fw_bench: %s failed (%d)\n", what, err);
	exit(1);
}

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s,
			       .tv_nsec = (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* Markers for callgrind's --zero-before / --dump-before. */
__attribute__((noinline)) void bench_region_begin(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bench_region_end(void)
{
	__asm__ volatile("" ::: "memory");
}

/* vd_card_new(), with this host's uplink, cores, locks and interrupts. */
static struct vd_card *bench_card_new(unsigned int cores)
{
	struct ovnic_card_params params = {
		.max_devices	= 2,
		.max_vqp	= 1,
		.max_queue_size	= 1024,
		.num_cores	= cores,
	};
	struct ovnic_platform ops;
	struct vd_card *c = calloc(1, sizeof(*c));

	if (!c)
		die("calloc", -ENOMEM);
	c->params = params;
	c->budget = 256;
	c->poll_limit = 1000000;
	c->plat = up_plat_new();
	if (!c->plat || !up_arena_create(c->plat, VD_CARD_ARENA))
		die("platform", -ENOMEM);
	ops = *up_plat_ops(c->plat);
	ops.wire_tx = bench_wire_tx;
	ops.wake_core = bench_wake_core;
	ops.irq = bench_irq;
	ops.lock_new = bench_lock_new;
	ops.lock_free = bench_lock_free;
	ops.lock = bench_lock;
	ops.unlock = bench_unlock;
	c->card = ovnic_card_new(&ops, &params);
	if (!c->card)
		die("ovnic_card_new", -ENOMEM);
	return c;
}

static void bq_init(struct vd_card *c, struct bq *r, struct vd_vq *q,
		    uint32_t buf_len, bool write, const uint8_t *frame)
{
	uint32_t i;

	r->q = q;
	r->size = q->size;
	r->mask = q->size - 1;
	r->avail_idx = q->avail_idx;
	r->last_used = q->last_used;
	r->kick_old = q->avail_idx;
	r->avail_event = (uint16_t *)&q->used->ring[q->size];
	r->free = calloc(r->size, sizeof(*r->free));
	r->buf = calloc(r->size, sizeof(*r->buf));
	if (!r->free || !r->buf)
		die("calloc", -ENOMEM);
	/*
	 * No used buffer notifications wanted: with EVENT_IDX, park
	 * used_event half a wrap away (one interrupt per 64K entries, as
	 * Linux's "callbacks off" does), without it the flag.
	 */
	q->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
	q->avail->ring[q->size] = (uint16_t)(q->last_used + 0x8000);
	for (i = 0; i < r->size; i++) {
		struct vring_desc *d = &q->desc[i];

		r->buf[i] = vd_dma_alloc(c, buf_len);
		if (!r->buf[i])
			die("vd_dma_alloc", -ENOMEM);
		if (frame) {
			memset(r->buf[i], 0, VD_NET_HDR_LEN);
			memcpy(r->buf[i] + VD_NET_HDR_LEN, frame,
			       buf_len - VD_NET_HDR_LEN);
		} else {
			memset(r->buf[i], 0, buf_len);
		}
		d->addr = vd_iova(q->dev, r->buf[i]);
		d->len = buf_len;
		d->flags = write ? VRING_DESC_F_WRITE : 0;
		d->next = 0;
		r->free[i] = i;
	}
	r->free_head = 0;
	r->free_tail = r->size;
}

static inline unsigned int bq_nfree(const struct bq *r)
{
	return r->free_tail - r->free_head;
}

/* Put up to @n owned heads on the avail ring; returns how many. */
static inline unsigned int bq_post(struct bq *r, unsigned int n)
{
	unsigned int i;

	if (n > bq_nfree(r))
		n = bq_nfree(r);
	if (!n)
		return 0;
	for (i = 0; i < n; i++)
		r->q->avail->ring[(uint16_t)(r->avail_idx + i) & r->mask] =
			r->free[r->free_head++ & r->mask];
	r->avail_idx += n;
	__atomic_store_n(&r->q->avail->idx, r->avail_idx, __ATOMIC_RELEASE);
	return n;
}

/* Ring the doorbell if the device asked (2.7.10); returns whether rung. */
static inline bool bq_kick(struct bench *b, struct bq *r)
{
	uint16_t new = r->avail_idx, old = r->kick_old;
	uint16_t event;

	if (new == old)
		return false;
	/* The avail index before the device's avail_event (store-load). */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	event = __atomic_load_n(r->avail_event, __ATOMIC_RELAXED);
	r->kick_old = new;
	if (!vring_need_event(event, new, old)) {
		r->kicks_skipped++;
		return false;
	}
	ovnic_card_doorbell(b->c->card, r->q->dev->dev_id, r->q->qid);
	r->kicks++;
	return true;
}

/* Take every used head back; @want_len checks the used length (0: no). */
static inline unsigned int bq_reap(struct bq *r, uint32_t want_len)
{
	uint16_t end = __atomic_load_n(&r->q->used->idx, __ATOMIC_ACQUIRE);
	unsigned int n = (uint16_t)(end - r->last_used);
	unsigned int i;

	for (i = 0; i < n; i++) {
		const struct vring_used_elem *e =
			&r->q->used->ring[(uint16_t)(r->last_used + i) &
					  r->mask];

		if (want_len && e->len != want_len)
			r->bad_len++;
		r->last_head = (uint16_t)e->id;
		r->free[r->free_tail++ & r->mask] = (uint16_t)e->id;
	}
	r->last_used = end;
	__atomic_store_n(&r->reaped, r->reaped + n, __ATOMIC_RELAXED);
	return n;
}

static uint64_t flow_delivered(struct flow *f)
{
	if (f->b->kind == BENCH_DEV2WIRE)
		return __atomic_load_n(&f->wire.frames, __ATOMIC_RELAXED);
	return __atomic_load_n(&f->rx.reaped, __ATOMIC_RELAXED);
}

/* Run the flow's device core until its queues are empty (inline). */
static inline void flow_poll(struct flow *f)
{
	struct bench *b = f->b;

	if (!__atomic_exchange_n(&bells[f->core].pending, 0, __ATOMIC_ACQ_REL))
		return;
	bells[f->core].wakes++;
	while (ovnic_card_core_poll(b->c->card, f->core, b->batch))
		;
}

static inline unsigned int flow_rx_refill(struct flow *f)
{
	struct bench *b = f->b;
	unsigned int n = bq_reap(&f->rx, VD_NET_HDR_LEN + b->frame_len);

	if (n) {
		bq_post(&f->rx, bq_nfree(&f->rx));
		bq_kick(b, &f->rx);
	}
	return n;
}

/*
 * The uplink hands the card @n frames, in bursts of up to 32 as a NIC's
 * receive path (or DPDK's rx_burst) would.
 */
static void wire_burst(struct bench *b, struct flow *f, unsigned int n)
{
	const void *frame[32];
	uint32_t len[32];
	unsigned int i, k;

	for (i = 0; i < 32; i++) {
		frame[i] = f->frame;
		len[i] = b->frame_len;
	}
	for (i = 0; i < n; i += k) {
		k = n - i < 32 ? n - i : 32;
		ovnic_card_wire_rx_burst(b->c->card, frame, len, k);
	}
}

/* Inline: one batch, driver and device core; returns frames offered. */
static inline unsigned int flow_batch(struct flow *f, unsigned int want)
{
	struct bench *b = f->b;
	unsigned int n = want < b->batch ? want : b->batch;

	if (f->src) {
		n = bq_post(&f->tx, n);
		bq_kick(b, &f->tx);
		flow_poll(f);
		bq_reap(&f->tx, 0);
	} else {
		wire_burst(b, f, n);
	}
	if (f->dst)
		flow_rx_refill(f);
	f->offered += n;
	return n;
}

static void flow_run_count(struct flow *f, uint64_t count)
{
	uint64_t done = 0;

	while (done < count) {
		unsigned int n = flow_batch(f, count - done);

		if (!n)
			die("no free TX head", -ENOSPC);
		done += n;
	}
}

static bool bench_stopped(struct bench *b)
{
	return __atomic_load_n(&b->stop, __ATOMIC_RELAXED);
}

static void *thread_inline(void *arg)
{
	struct flow *f = arg;

	wire_ctr = &f->wire;
	while (!bench_stopped(f->b))
		flow_batch(f, f->b->batch);
	return NULL;
}

/*
 * Split, driver side, as DPDK's virtio PMD does it: post up to a batch
 * whenever heads are free, kick when asked; take transmitted heads back
 * only once fewer than free_thresh are free (tx_free_thresh), and refill
 * the receive ring once free_thresh heads are back (rx_free_thresh).
 */
static void *thread_driver(void *arg)
{
	struct flow *f = arg;
	struct bench *b = f->b;
	const uint32_t want = VD_NET_HDR_LEN + b->frame_len;

	while (!bench_stopped(b)) {
		unsigned int work = 0, n;

		if (f->src) {
			if (bq_nfree(&f->tx) < b->free_thresh)
				work += bq_reap(&f->tx, 0);
			n = bq_post(&f->tx, b->batch);
			if (n) {
				f->offered += n;
				bq_kick(b, &f->tx);
				work += n;
			}
		}
		if (f->dst) {
			work += bq_reap(&f->rx, want);
			if (bq_nfree(&f->rx) >= b->free_thresh &&
			    bq_post(&f->rx, bq_nfree(&f->rx)))
				bq_kick(b, &f->rx);
		}
		if (!work)
			cpu_relax();
	}
	return NULL;
}

/* Split, device side: the core's thread, spinning on its doorbell word. */
static void *thread_core(void *arg)
{
	struct flow *f = arg;
	struct bench *b = f->b;
	struct core_bell *bell = &bells[f->core];

	wire_ctr = &f->wire;
	while (!bench_stopped(b)) {
		if (!__atomic_load_n(&bell->pending, __ATOMIC_RELAXED) ||
		    !__atomic_exchange_n(&bell->pending, 0, __ATOMIC_ACQ_REL)) {
			cpu_relax();
			continue;
		}
		bell->wakes++;
		while (ovnic_card_core_poll(b->c->card, f->core, b->batch) &&
		       !bench_stopped(b))
			;
	}
	return NULL;
}

/* Split, wire2dev: the uplink handing frames to the card. */
static void *thread_uplink(void *arg)
{
	struct flow *f = arg;
	struct bench *b = f->b;

	while (!bench_stopped(b)) {
		wire_burst(b, f, b->batch);
		f->offered += b->batch;
	}
	return NULL;
}

/* The CPUs this process may run on. */
static unsigned int online_cpus(int *cpu, unsigned int max)
{
	cpu_set_t set;
	unsigned int n = 0;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = 0; i < CPU_SETSIZE && n < max; i++)
		if (CPU_ISSET(i, &set))
			cpu[n++] = i;
	return n;
}

struct threads {
	pthread_t t[BENCH_MAX_THREADS];
	unsigned int n;
	int cpu[BENCH_MAX_THREADS];
	unsigned int ncpu;
};

static void threads_start(struct threads *th, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int err;

	if (th->n >= BENCH_MAX_THREADS)
		die("too many threads", -EINVAL);
	pthread_attr_init(&attr);
	if (th->ncpu >= 2) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(th->cpu[th->n % th->ncpu], &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	err = pthread_create(&th->t[th->n], &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (err)
		die("pthread_create", -err);
	th->n++;
}

static void threads_join(struct threads *th)
{
	unsigned int i;

	for (i = 0; i < th->n; i++)
		pthread_join(th->t[i], NULL);
	th->n = 0;
}

static unsigned int bench_threads(enum bench_mode mode, unsigned int cores)
{
	return mode == MODE_SPLIT ? 2 * cores : cores;
}

/* Which core runs @q: ring its doorbell once and see which word moved. */
static int vq_core(struct bench *b, struct vd_vq *q)
{
	unsigned int i;
	int core = -1;

	for (i = 0; i < BENCH_MAX_CORES; i++)
		bells[i].pending = 0;
	ovnic_card_doorbell(b->c->card, q->dev->dev_id, q->qid);
	for (i = 0; i < BENCH_MAX_CORES; i++) {
		if (bells[i].pending)
			core = core < 0 ? (int)i : -2;
		bells[i].pending = 0;
	}
	if (core < 0)
		die("finding the TX queue's device core", core);
	/* Let the core find the queue empty, which arms avail_event. */
	while (ovnic_card_core_poll(b->c->card, core, b->batch))
		;
	return core;
}

static void flow_setup(struct bench *b, struct flow *f, struct vd_dev *src,
		       struct vd_dev *dst)
{
	uint32_t buf_len = VD_NET_HDR_LEN + b->frame_len;
	uint8_t *frame = calloc(1, b->frame_len + 64);

	if (!frame)
		die("calloc", -ENOMEM);
	f->b = b;
	f->src = src;
	f->dst = dst;
	f->core = -1;
	vd_frame(frame, dst ? dst->mac : far_mac, src ? src->mac : far_mac,
		 VD_NO_VLAN, 0x0800, b->frame_len - 14, (uint8_t)(1 + f->id));
	if (src) {
		bq_init(b->c, &f->tx, vd_txq(src, 0), buf_len, false, frame);
		f->core = vq_core(b, f->tx.q);
	}
	if (dst) {
		/* Room for the header and the largest frame of the size. */
		bq_init(b->c, &f->rx, vd_rxq(dst, 0), (buf_len + 63) & ~63u,
			true, NULL);
		bq_post(&f->rx, f->rx.size);
		bq_kick(b, &f->rx);
	}
	f->frame = vd_dma_alloc(b->c, b->frame_len);
	if (!f->frame)
		die("vd_dma_alloc", -ENOMEM);
	memcpy(f->frame, frame, b->frame_len);
	free(frame);
}

static void bench_setup(struct bench *b)
{
	struct vd_dev_cfg cfg = {
		.mtu = BENCH_MTU,
		.queue_size = b->ring,
		.features = BENCH_FEATURES,
		.no_cvq = true,
	};
	struct vd_dev *a, *d;
	uint8_t learn[64];
	unsigned int i;
	int err = 0;

	memset(bells, 0, sizeof(bells));
	irq_total = 0;
	b->c = bench_card_new(b->cores);
	vd_reg_write(b->c, OVNIC_REG_WIRE_LINK, 1);
	cfg.dev_id = BENCH_DEV_A;
	a = b->dev[0] = vd_dev_bringup(b->c, &cfg, &err);
	if (!a)
		die("bring-up of device A", err);
	if (b->kind != BENCH_DEV2WIRE || b->cores > 1) {
		cfg.dev_id = BENCH_DEV_B;
		d = b->dev[1] = vd_dev_bringup(b->c, &cfg, &err);
		if (!d)
			die("bring-up of device B", err);
	} else {
		d = NULL;
	}
	if (!vd_has(a, VIRTIO_RING_F_EVENT_IDX))
		die("negotiating EVENT_IDX", -ENOTSUP);
	/* Teach the switch that far_mac is behind the uplink. */
	vd_frame(learn, a->mac, far_mac, VD_NO_VLAN, 0x0800, 46, 0);
	ovnic_card_wire_rx(b->c->card, learn, 60);

	b->nflows = b->cores;
	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];
		/* flow 0 leaves A (or enters B), flow 1 the other way */
		struct vd_dev *x = i ? d : a, *y = i ? a : d;

		f->id = i;
		switch (b->kind) {
		case BENCH_DEV2DEV:
			flow_setup(b, f, x, y);
			break;
		case BENCH_DEV2WIRE:
			flow_setup(b, f, x, NULL);
			break;
		case BENCH_WIRE2DEV:
			flow_setup(b, f, NULL, y);
			break;
		}
	}
	/* The learning frame found no buffer on A: not the run's. */
	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];
		uint64_t c[OVNIC_VQC_NUM];

		if (!f->dst)
			continue;
		err = vd_vq_stats(f->rx.q, c);
		if (err)
			die("reading the RX queue's counters", err);
		f->drops0 = c[OVNIC_VQC_DROP_NO_BUFFER];
	}
	wire_other.frames = 0;
	wire_other.bytes = 0;
	if (b->nflows == 2 && b->flow[0].core >= 0 &&
	    b->flow[0].core == b->flow[1].core)
		die("spreading the flows over the cores", -EINVAL);
}

static void bq_free(struct bq *r)
{
	free(r->free);
	free(r->buf);
}

static void bench_free(struct bench *b)
{
	unsigned int i;

	vd_dev_free(b->dev[0]);
	vd_dev_free(b->dev[1]);
	vd_card_free(b->c);
	for (i = 0; i < b->nflows; i++) {
		bq_free(&b->flow[i].tx);
		bq_free(&b->flow[i].rx);
	}
}

/* After the threads stopped: let the cores finish, take everything back. */
static void bench_drain(struct bench *b)
{
	unsigned int i;

	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];

		if (!f->src)
			continue;
		/* what reaches the wire now counts for this flow */
		wire_ctr = &f->wire;
		ovnic_card_doorbell(b->c->card, f->src->dev_id, f->tx.q->qid);
		while (ovnic_card_core_poll(b->c->card, f->core, b->batch))
			;
		bells[f->core].pending = 0;
	}
	wire_ctr = NULL;
	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];

		if (f->src)
			bq_reap(&f->tx, 0);
		if (f->dst)
			bq_reap(&f->rx, VD_NET_HDR_LEN + b->frame_len);
	}
}

struct check {
	uint64_t offered;
	uint64_t delivered;
	uint64_t drops;		/* receive: no buffer */
	uint64_t kicks;
	bool ok;
};

static bool vq_clean(struct vd_vq *q, uint64_t *no_buffer)
{
	uint64_t c[OVNIC_VQC_NUM];

	if (vd_vq_stats(q, c))
		return false;
	if (no_buffer)
		*no_buffer = c[OVNIC_VQC_DROP_NO_BUFFER];
	else if (c[OVNIC_VQC_DROP_NO_BUFFER])
		return false;
	return !c[OVNIC_VQC_DROP_TOO_BIG] && !c[OVNIC_VQC_DROP_BAD_DESC] &&
	       !c[OVNIC_VQC_DROP_BAD_ADDR] && !c[OVNIC_VQC_DROP_FILTERED];
}

/*
 * Every frame offered arrived intact, or (receive side, split mode) was
 * dropped by the card for want of a buffer; every TX buffer came back.
 */
static void bench_check(struct bench *b, struct check *ck)
{
	bool reported = false;
	unsigned int i;

	memset(ck, 0, sizeof(*ck));
	ck->ok = true;
	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];
		uint64_t got, drops = 0;

		if (f->src) {
			ck->ok &= f->tx.reaped == f->offered;
			ck->ok &= vq_clean(f->tx.q, NULL);
			ck->kicks += f->tx.kicks;
		}
		if (f->dst) {
			ck->kicks += f->rx.kicks;
			got = f->rx.reaped;
			ck->ok &= vq_clean(f->rx.q, &drops);
			drops -= f->drops0;
			ck->ok &= !f->rx.bad_len;
			if (b->mode == MODE_INLINE)
				ck->ok &= !drops;
			ck->ok &= got + drops == f->offered;
			if (got && memcmp(f->rx.buf[f->rx.last_head] +
					  VD_NET_HDR_LEN, f->frame,
					  b->frame_len))
				ck->ok = false;
		} else {
			got = f->wire.frames;
			ck->ok &= got == f->offered;
			ck->ok &= f->wire.bytes == got * b->frame_len;
		}
		ck->offered += f->offered;
		ck->delivered += got;
		ck->drops += drops;
		if (!ck->ok && !reported) {
			fprintf(stderr, "fw_bench: flow %u: offered %llu, tx back %llu, arrived %llu, no-buffer drops %llu, bad lengths %llu\n",
				i, (unsigned long long)f->offered,
				(unsigned long long)f->tx.reaped,
				(unsigned long long)got,
				(unsigned long long)drops,
				(unsigned long long)f->rx.bad_len);
			reported = true;
		}
	}
	ck->ok &= !wire_other.frames;
	ck->ok &= !lock_errors && !b->c->plat->log_errors &&
		  !b->c->plat->phys_refused;
}

/* ---- memcpy reference ---- */

struct mc_worker {
	uint32_t ring;
	uint32_t len;
	bool single_src;	/* one source buffer (wire2dev) */
	int *stop;
	uint64_t copies;	/* read by the main thread */
} __attribute__((aligned(CACHELINE)));

/* memcpy over the same buffers the rings would use, until stopped. */
static void *mc_thread(void *arg)
{
	struct mc_worker *w = arg;
	size_t stride = (VD_NET_HDR_LEN + w->len + 63) & ~(size_t)63;
	uint8_t *src = aligned_alloc(64, stride * (w->single_src ? 1 :
							  w->ring));
	uint8_t *dst = aligned_alloc(64, stride * w->ring);

	if (!src || !dst)
		die("aligned_alloc", -ENOMEM);
	memset(src, 0x5a, stride * (w->single_src ? 1 : w->ring));
	memset(dst, 0, stride * w->ring);
	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
		uint32_t i;

		for (i = 0; i < w->ring; i++) {
			memcpy(dst + i * stride + VD_NET_HDR_LEN,
			       src + (w->single_src ? 0 : i * stride) +
			       VD_NET_HDR_LEN, w->len);
			__asm__ volatile("" : : "r"(dst) : "memory");
		}
		__atomic_store_n(&w->copies, w->copies + w->ring,
				 __ATOMIC_RELAXED);
	}
	free(src);
	free(dst);
	return NULL;
}

struct mc_result {
	uint32_t ring, len, nthreads;
	bool single_src;
	double rate;
};

static struct mc_result mc_cache[64];
static unsigned int mc_cached;

/* Copies per second with @nthreads copying at once (one per CPU). */
static double memcpy_rate(uint32_t ring, uint32_t len, unsigned int nthreads,
			  bool single_src, double secs, unsigned int reps)
{
	struct mc_worker w[BENCH_MAX_THREADS];
	struct threads th = { 0 };
	double best = 0;
	unsigned int i, rep;
	int stop = 0;

	for (i = 0; i < mc_cached; i++)
		if (mc_cache[i].ring == ring && mc_cache[i].len == len &&
		    mc_cache[i].nthreads == nthreads &&
		    mc_cache[i].single_src == single_src)
			return mc_cache[i].rate;
	th.ncpu = online_cpus(th.cpu, BENCH_MAX_THREADS);
	for (i = 0; i < nthreads; i++) {
		w[i] = (struct mc_worker){ .ring = ring, .len = len,
					   .single_src = single_src,
					   .stop = &stop };
		threads_start(&th, mc_thread, &w[i]);
	}
	for (i = 0; i < nthreads; i++)
		while (!__atomic_load_n(&w[i].copies, __ATOMIC_RELAXED))
			sleep_s(0.001);
	for (rep = 0; rep < reps; rep++) {
		uint64_t n0 = 0, n1 = 0;
		double t0, t1;

		for (i = 0; i < nthreads; i++)
			n0 += __atomic_load_n(&w[i].copies, __ATOMIC_RELAXED);
		t0 = now_s();
		sleep_s(secs);
		for (i = 0; i < nthreads; i++)
			n1 += __atomic_load_n(&w[i].copies, __ATOMIC_RELAXED);
		t1 = now_s();
		if ((n1 - n0) / (t1 - t0) > best)
			best = (n1 - n0) / (t1 - t0);
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	threads_join(&th);
	if (mc_cached < sizeof(mc_cache) / sizeof(mc_cache[0]))
		mc_cache[mc_cached++] = (struct mc_result){
			.ring = ring, .len = len, .nthreads = nthreads,
			.single_src = single_src, .rate = best };
	return best;
}

/* ---- what else ran on the machine meanwhile ---- */

struct load_mark {
	double wall;
	double busy;		/* CPU-seconds busy, every process + steal */
	double self;		/* CPU-seconds of this process */
};

static void load_mark(struct load_mark *m)
{
	unsigned long long v[8] = { 0 };
	double hz = sysconf(_SC_CLK_TCK);
	struct rusage ru;
	FILE *f = fopen("/proc/stat", "r");

	m->wall = now_s();
	m->busy = 0;
	if (f) {
		/* cpu user nice system idle iowait irq softirq steal */
		if (fscanf(f, "cpu %llu %llu %llu %*u %*u %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6)
			m->busy = (v[0] + v[1] + v[2] + v[3] + v[4] + v[5]) /
				  hz;
		fclose(f);
	}
	getrusage(RUSAGE_SELF, &ru);
	m->self = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
		  ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

/* CPUs' worth of other work (and hypervisor steal) between two marks. */
static double load_others(const struct load_mark *a,
			  const struct load_mark *b)
{
	double others = (b->busy - a->busy) - (b->self - a->self);

	if (b->wall <= a->wall || !a->busy || others < 0)
		return 0;
	return others / (b->wall - a->wall);
}

/* ---- runs ---- */

struct opts {
	int kind;		/* -1: all */
	enum bench_mode mode;
	unsigned int cores;
	uint32_t ring;		/* 0: 256 and 1024 */
	uint32_t frame_len;	/* 0: 64, 1500, 9000 */
	uint32_t batch;
	uint32_t free_thresh;
	double secs;
	unsigned int reps;
	uint64_t count;		/* count mode */
	bool memcpy_only;
	bool force;
};

static uint64_t bench_delivered(struct bench *b)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < b->nflows; i++)
		n += flow_delivered(&b->flow[i]);
	return n;
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

static void run_timed(const struct opts *o, enum bench_kind kind,
		      uint32_t ring, uint32_t len)
{
	struct bench b = { .kind = kind, .mode = o->mode, .cores = o->cores,
			   .ring = ring, .frame_len = len,
			   .batch = o->batch, .free_thresh = o->free_thresh };
	struct load_mark m0 = { 0 }, m1 = { 0 };
	struct threads th = { 0 };
	struct check ck;
	double best = 0, mc;
	unsigned int i, rep;
	bool stalled = false;

	if (b.batch > ring)
		b.batch = ring;
	if (b.free_thresh > ring / 2)
		b.free_thresh = ring / 2;
	bench_setup(&b);
	th.ncpu = online_cpus(th.cpu, BENCH_MAX_THREADS);
	for (i = 0; i < b.nflows; i++) {
		struct flow *f = &b.flow[i];

		if (o->mode == MODE_INLINE) {
			threads_start(&th, thread_inline, f);
		} else {
			threads_start(&th, thread_driver, f);
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
			double t0, t1;

			n0 = bench_delivered(&b);
			t0 = now_s();
			sleep_s(o->secs);
			n1 = bench_delivered(&b);
			t1 = now_s();
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
	/* What the card copies: nothing on dev2wire (the port DMAs). */
	mc = kind == BENCH_DEV2WIRE ? 0 :
	     memcpy_rate(ring, len, b.nflows, kind == BENCH_WIRE2DEV,
			 o->secs, o->reps);
	printf("mode=%s cores=%u threads=%u scenario=%s ring=%u frame=%u batch=%u free_thresh=%u pps=%.0f gbps=%.3f ns_per_pkt=%.2f memcpy_pps=%.0f memcpy_gbps=%.3f ratio=%.3f packets=%llu offered=%llu drops=%llu kicks=%llu irqs=%llu others_cpu=%.2f ok=%d\n",
	       mode_name[o->mode], o->cores, bench_threads(o->mode, o->cores),
	       kind_name[kind], ring, len, b.batch, b.free_thresh, best,
	       best * len * 8 / 1e9, best ? 1e9 / best : 0, mc,
	       mc * len * 8 / 1e9, mc ? best / mc : 0,
	       (unsigned long long)ck.delivered,
	       (unsigned long long)ck.offered, (unsigned long long)ck.drops,
	       (unsigned long long)ck.kicks,
	       (unsigned long long)__atomic_load_n(&irq_total,
						   __ATOMIC_RELAXED),
	       load_others(&m0, &m1), ck.ok);
	fflush(stdout);
	bench_free(&b);
	if (!ck.ok) {
		fprintf(stderr, "fw_bench: %s %s cores %u ring %u frame %u: %s\n",
			mode_name[o->mode], kind_name[kind], o->cores, ring,
			len, stalled ? "stalled" :
			"packets lost or damaged");
		exit(2);
	}
}

static void run_count(const struct opts *o, enum bench_kind kind,
		      uint32_t ring, uint32_t len)
{
	struct bench b = { .kind = kind, .mode = MODE_INLINE, .cores = 1,
			   .ring = ring, .frame_len = len,
			   .batch = o->batch };
	struct flow *f;
	struct check ck;

	if (b.batch > ring)
		b.batch = ring;
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
	printf("mode=inline cores=1 scenario=%s ring=%u frame=%u batch=%u count=%llu ok=%d\n",
	       kind_name[kind], ring, len, b.batch,
	       (unsigned long long)o->count, ck.ok);
	bench_free(&b);
	if (!ck.ok)
		exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fw_bench [-M inline|split] [-c cores] [-s dev2dev|dev2wire|wire2dev]\n"
		"                [-q ring] [-l frame] [-b batch] [-F free_thresh]\n"
		"                [-t seconds] [-r reps]\n"
		"                [-n count] [-m] [-f]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	uint32_t rings[] = { 256, 1024 };
	uint32_t lens[] = { 64, 1500, 9000 };
	unsigned int nrings = 2, nlens = 3;
	struct opts o = { .kind = -1, .mode = MODE_INLINE, .cores = 1,
			  .batch = 64, .free_thresh = 32, .secs = 0.3,
			  .reps = 3 };
	int cpus[BENCH_MAX_THREADS];
	unsigned int k, r, l, ncpu;
	int ch;

	while ((ch = getopt(argc, argv, "M:c:s:q:l:b:F:t:r:n:mfh")) != -1) {
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
			for (k = 0; k < 3; k++)
				if (!strcmp(optarg, kind_name[k]))
					o.kind = k;
			if (o.kind < 0)
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
	    (o.frame_len && (o.frame_len < 60 || o.frame_len > 9014)) ||
	    !o.batch || !o.reps || o.secs <= 0 || !o.cores ||
	    o.cores > BENCH_MAX_FLOWS)
		usage();
	if (o.count && (o.mode != MODE_INLINE || o.cores != 1)) {
		fprintf(stderr, "fw_bench: count mode is inline with one core\n");
		return 1;
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
		double mc = memcpy_rate(ring, len, o.cores, false, o.secs,
					o.reps);

		printf("memcpy threads=%u ring=%u frame=%u pps=%.0f gbps=%.3f\n",
		       o.cores, ring, len, mc, mc * len * 8 / 1e9);
		return 0;
	}
	for (k = 0; k < 3; k++) {
		if (o.kind >= 0 && (int)k != o.kind)
			continue;
		for (r = 0; r < nrings; r++) {
			for (l = 0; l < nlens; l++) {
				if (o.count)
					run_count(&o, k, rings[r], lens[l]);
				else
					run_timed(&o, k, rings[r], lens[l]);
			}
		}
	}
	return 0;
}
