// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: speed of the card's firmware datapath in userspace.
 *
 * A card with one device core is driven by a minimal virtio driver: the
 * devices are brought up through vdriver (tests/lib), then every descriptor
 * of every data queue is written once, pointing at its own buffer, and the
 * timed loop only moves head indices: publish a batch of TX heads, ring the
 * doorbell, poll the device core, take the used heads back in bulk, and
 * give the receiver's used heads straight back to its avail ring.
 * Interrupts are suppressed (the driver polls, as a PMD does), so what is
 * measured is the firmware's cost.
 *
 * Scenarios:
 *   dev2dev   TX of device 0 lands in RX of device 1 through the switch
 *   dev2wire  TX of device 0 leaves through the uplink (wire_tx)
 *   wire2dev  ovnic_card_wire_rx() into RX of device 1
 *
 * The uplink's wire_tx is a sink that counts frames: a real port DMAs them,
 * so nothing is copied on that side.
 *
 * Usage:
 *   fw_bench [-s scenario] [-q ring] [-l frame] [-b batch] [-t ms] [-r reps]
 *	time every matching scenario (all by default), one line each
 *   fw_bench -s S -q Q -l L -n N
 *	count mode, for callgrind: set up and warm up, then exactly N packets
 *	between bench_region_begin() and bench_region_end()
 *   fw_bench -m -q Q -l L
 *	only the memcpy reference
 *
 * Output is one "key=value" line per scenario; bench/run.sh turns it into
 * a table and JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "vdriver.h"

#define BENCH_DEV_A		0
#define BENCH_DEV_B		1
#define BENCH_MTU		9000
#define BENCH_CORE		0

enum bench_kind { BENCH_DEV2DEV, BENCH_DEV2WIRE, BENCH_WIRE2DEV };

static const char *const kind_name[] = {
	[BENCH_DEV2DEV]		= "dev2dev",
	[BENCH_DEV2WIRE]	= "dev2wire",
	[BENCH_WIRE2DEV]	= "wire2dev",
};

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* The uplink: count, don't copy. */
static uint64_t wire_frames, wire_bytes;

static void bench_wire_tx(void *ctx, const void *const *piece,
			  const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	ovnic_u32 i;

	(void)ctx;
	(void)piece;
	for (i = 0; i < npieces; i++)
		wire_bytes += piece_len[i];
	wire_frames++;
}

/* Driver side of one split ring, as lean as a PMD's. */
struct bq {
	struct vd_vq *q;
	uint16_t size;
	uint16_t mask;
	uint16_t avail_idx;
	uint16_t last_used;
	uint16_t *free;		/* FIFO of heads the driver owns */
	uint32_t free_head, free_tail;	/* free-running */
	uint8_t **buf;
	uint64_t reaped;
	uint64_t bad_len;
};

struct bench {
	enum bench_kind kind;
	uint32_t ring;
	uint32_t frame_len;
	uint32_t batch;
	struct vd_card *c;
	struct vd_dev *a, *b;
	struct bq tx;		/* device A's TX queue 0 */
	struct bq rx;		/* device B's RX queue 0 */
	uint8_t *wire_frame;	/* wire2dev source */
	uint64_t sent;
	uint64_t received;
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

/* Markers for callgrind's --zero-before / --dump-before. */
__attribute__((noinline)) void bench_region_begin(void)
{
	__asm__ volatile("" ::: "memory");
}

__attribute__((noinline)) void bench_region_end(void)
{
	__asm__ volatile("" ::: "memory");
}

/* vd_card_new(), with the counting uplink. */
static struct vd_card *bench_card_new(void)
{
	struct ovnic_card_params params = {
		.max_devices	= 2,
		.max_vqp	= 1,
		.max_queue_size	= 1024,
		.num_cores	= 1,
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
	c->card = ovnic_card_new(&ops, &params);
	if (!c->card)
		die("ovnic_card_new", -ENOMEM);
	return c;
}

static void bq_init(struct bench *b, struct bq *r, struct vd_vq *q,
		    uint32_t buf_len, bool write, const uint8_t *frame)
{
	uint32_t i;

	r->q = q;
	r->size = q->size;
	r->mask = q->size - 1;
	r->avail_idx = q->avail_idx;
	r->last_used = q->last_used;
	r->free = calloc(r->size, sizeof(*r->free));
	r->buf = calloc(r->size, sizeof(*r->buf));
	if (!r->free || !r->buf)
		die("calloc", -ENOMEM);
	q->avail->flags |= VRING_AVAIL_F_NO_INTERRUPT;
	for (i = 0; i < r->size; i++) {
		struct vring_desc *d = &q->desc[i];

		r->buf[i] = vd_dma_alloc(b->c, buf_len);
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
	for (i = 0; i < n; i++)
		r->q->avail->ring[(uint16_t)(r->avail_idx + i) & r->mask] =
			r->free[r->free_head++ & r->mask];
	r->avail_idx += n;
	__atomic_store_n(&r->q->avail->idx, r->avail_idx, __ATOMIC_RELEASE);
	return n;
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
		r->free[r->free_tail++ & r->mask] = (uint16_t)e->id;
	}
	r->last_used = end;
	r->reaped += n;
	return n;
}

static inline void bench_poll(struct bench *b)
{
	while (ovnic_card_core_poll(b->c->card, BENCH_CORE, b->batch))
		;
	b->c->plat->wake_pending = 0;
}

static inline void bench_rx_refill(struct bench *b)
{
	if (bq_reap(&b->rx, VD_NET_HDR_LEN + b->frame_len) && bq_post(&b->rx,
								bq_nfree(&b->rx)))
		ovnic_card_doorbell(b->c->card, b->b->dev_id, b->rx.q->qid);
}

/* One batch: up to b->batch packets; returns how many were sent. */
static inline unsigned int bench_batch(struct bench *b, unsigned int want)
{
	unsigned int n = want < b->batch ? want : b->batch;
	unsigned int i;

	switch (b->kind) {
	case BENCH_DEV2DEV:
	case BENCH_DEV2WIRE:
		n = bq_post(&b->tx, n);
		ovnic_card_doorbell(b->c->card, b->a->dev_id, b->tx.q->qid);
		bench_poll(b);
		bq_reap(&b->tx, 0);
		break;
	case BENCH_WIRE2DEV:
		for (i = 0; i < n; i++)
			ovnic_card_wire_rx(b->c->card, b->wire_frame,
					   b->frame_len);
		break;
	}
	if (b->kind != BENCH_DEV2WIRE)
		bench_rx_refill(b);
	b->sent += n;
	return n;
}

static uint64_t bench_run_count(struct bench *b, uint64_t count)
{
	uint64_t done = 0;

	while (done < count) {
		unsigned int n = bench_batch(b, count - done);

		if (!n)
			die("no free TX head", -ENOSPC);
		done += n;
	}
	return done;
}

static void bench_setup(struct bench *b)
{
	struct vd_dev_cfg cfg = {
		.mtu = BENCH_MTU,
		.queue_size = b->ring,
		.no_cvq = true,
	};
	uint32_t buf_len = VD_NET_HDR_LEN + b->frame_len;
	uint8_t *frame = calloc(1, b->frame_len + 64);
	uint8_t learn[64];
	int err = 0;

	if (!frame)
		die("calloc", -ENOMEM);
	wire_frames = 0;
	wire_bytes = 0;
	b->c = bench_card_new();
	vd_reg_write(b->c, OVNIC_REG_WIRE_LINK, 1);
	cfg.dev_id = BENCH_DEV_A;
	b->a = vd_dev_bringup(b->c, &cfg, &err);
	if (!b->a)
		die("bring-up of device A", err);
	if (b->kind != BENCH_DEV2WIRE) {
		cfg.dev_id = BENCH_DEV_B;
		b->b = vd_dev_bringup(b->c, &cfg, &err);
		if (!b->b)
			die("bring-up of device B", err);
	}
	/* Teach the switch that far_mac is behind the uplink. */
	vd_frame(learn, b->a->mac, far_mac, VD_NO_VLAN, 0x0800, 46, 0);
	ovnic_card_wire_rx(b->c->card, learn, 60);

	switch (b->kind) {
	case BENCH_DEV2DEV:
		vd_frame(frame, b->b->mac, b->a->mac, VD_NO_VLAN, 0x0800,
			 b->frame_len - 14, 1);
		break;
	case BENCH_DEV2WIRE:
		vd_frame(frame, far_mac, b->a->mac, VD_NO_VLAN, 0x0800,
			 b->frame_len - 14, 1);
		break;
	case BENCH_WIRE2DEV:
		vd_frame(frame, b->b->mac, far_mac, VD_NO_VLAN, 0x0800,
			 b->frame_len - 14, 1);
		break;
	}
	if (b->kind != BENCH_WIRE2DEV)
		bq_init(b, &b->tx, vd_txq(b->a, 0), buf_len, false, frame);
	if (b->b) {
		/* Room for the header and the largest frame of the size. */
		bq_init(b, &b->rx, vd_rxq(b->b, 0), (buf_len + 63) & ~63u,
			true, NULL);
		bq_post(&b->rx, b->rx.size);
		ovnic_card_doorbell(b->c->card, b->b->dev_id, b->rx.q->qid);
	}
	b->wire_frame = vd_dma_alloc(b->c, b->frame_len);
	memcpy(b->wire_frame, frame, b->frame_len);
	free(frame);
	/* Warm up: every buffer of both rings touched twice. */
	bench_run_count(b, 2 * b->ring);
	b->sent = 0;
	b->rx.reaped = 0;
	b->tx.reaped = 0;
	wire_frames = 0;
	wire_bytes = 0;
}

/* Every packet went where it should, none dropped, none bent. */
static bool bench_check(struct bench *b)
{
	uint64_t got;

	bench_poll(b);
	if (b->kind != BENCH_WIRE2DEV)
		bq_reap(&b->tx, 0);
	if (b->kind == BENCH_DEV2WIRE) {
		got = wire_frames;
		if (wire_bytes != got * b->frame_len)
			return false;
	} else {
		bench_rx_refill(b);
		got = b->rx.reaped;
		if (b->rx.bad_len)
			return false;
		if (memcmp(b->rx.buf[0] + VD_NET_HDR_LEN, b->wire_frame,
			   b->frame_len))
			return false;
	}
	if (b->kind != BENCH_WIRE2DEV && b->tx.reaped != b->sent)
		return false;
	b->received = got;
	return got == b->sent && b->c->plat->lock_errors == 0;
}

static void bq_free(struct bq *r)
{
	free(r->free);
	free(r->buf);
}

static void bench_free(struct bench *b)
{
	vd_dev_free(b->a);
	vd_dev_free(b->b);
	vd_card_free(b->c);
	bq_free(&b->tx);
	bq_free(&b->rx);
}

/* memcpy over the same buffers a ring of @ring entries would use. */
static double memcpy_rate(uint32_t ring, uint32_t len, double secs)
{
	size_t stride = (VD_NET_HDR_LEN + len + 63) & ~(size_t)63;
	uint8_t *src = aligned_alloc(64, stride * ring);
	uint8_t *dst = aligned_alloc(64, stride * ring);
	double best = 0;
	unsigned int rep;

	if (!src || !dst)
		die("aligned_alloc", -ENOMEM);
	memset(src, 0x5a, stride * ring);
	memset(dst, 0, stride * ring);
	for (rep = 0; rep < 3; rep++) {
		uint64_t n = 0;
		double t0 = now_s(), t;

		do {
			uint32_t i;

			for (i = 0; i < ring; i++) {
				memcpy(dst + i * stride + VD_NET_HDR_LEN,
				       src + i * stride + VD_NET_HDR_LEN, len);
				__asm__ volatile("" : : "r"(dst) : "memory");
			}
			n += ring;
			t = now_s() - t0;
		} while (t < secs / 3);
		if (n / t > best)
			best = n / t;
	}
	free(src);
	free(dst);
	return best;
}

struct opts {
	int kind;		/* -1: all */
	uint32_t ring;		/* 0: 256 and 1024 */
	uint32_t frame_len;	/* 0: 64, 1500, 9000 */
	uint32_t batch;
	double secs;
	unsigned int reps;
	uint64_t count;		/* count mode */
	bool memcpy_only;
};

static void run_timed(const struct opts *o, enum bench_kind kind,
		      uint32_t ring, uint32_t len)
{
	struct bench b = { .kind = kind, .ring = ring, .frame_len = len,
			   .batch = o->batch };
	double best = 0, mc;
	unsigned int rep;
	bool ok;

	if (b.batch > ring)
		b.batch = ring;
	bench_setup(&b);
	for (rep = 0; rep < o->reps; rep++) {
		uint64_t n = 0;
		double t0 = now_s(), t;

		do {
			n += bench_run_count(&b, 16 * b.batch);
			t = now_s() - t0;
		} while (t < o->secs);
		if (n / t > best)
			best = n / t;
	}
	ok = bench_check(&b);
	mc = memcpy_rate(ring, len, o->secs);
	printf("scenario=%s ring=%u frame=%u batch=%u pps=%.0f gbps=%.3f ns_per_pkt=%.2f memcpy_pps=%.0f memcpy_gbps=%.3f ratio=%.3f packets=%llu ok=%d\n",
	       kind_name[kind], ring, len, b.batch, best,
	       best * len * 8 / 1e9, 1e9 / best, mc, mc * len * 8 / 1e9,
	       best / mc, (unsigned long long)b.sent, ok);
	fflush(stdout);
	bench_free(&b);
	if (!ok) {
		fprintf(stderr, "fw_bench: %s ring %u frame %u: packets lost or damaged\n",
			kind_name[kind], ring, len);
		exit(2);
	}
}

static void run_count(const struct opts *o, enum bench_kind kind,
		      uint32_t ring, uint32_t len)
{
	struct bench b = { .kind = kind, .ring = ring, .frame_len = len,
			   .batch = o->batch };
	bool ok;

	if (b.batch > ring)
		b.batch = ring;
	bench_setup(&b);
	bench_region_begin();
	bench_run_count(&b, o->count);
	bench_region_end();
	ok = bench_check(&b);
	printf("scenario=%s ring=%u frame=%u batch=%u count=%llu ok=%d\n",
	       kind_name[kind], ring, len, b.batch,
	       (unsigned long long)o->count, ok);
	bench_free(&b);
	if (!ok)
		exit(2);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: fw_bench [-s dev2dev|dev2wire|wire2dev] [-q ring] [-l frame]\n"
		"                [-b batch] [-t seconds] [-r reps] [-n count] [-m]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	uint32_t rings[] = { 256, 1024 };
	uint32_t lens[] = { 64, 1500, 9000 };
	unsigned int nrings = 2, nlens = 3;
	struct opts o = { .kind = -1, .batch = 64, .secs = 0.3, .reps = 3 };
	unsigned int k, r, l;
	int ch;

	while ((ch = getopt(argc, argv, "s:q:l:b:t:r:n:mh")) != -1) {
		switch (ch) {
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
		default:
			usage();
		}
	}
	if ((o.ring && (o.ring & (o.ring - 1) || o.ring < 2 || o.ring > 1024)) ||
	    (o.frame_len && (o.frame_len < 60 || o.frame_len > 9014)) ||
	    !o.batch || !o.reps || o.secs <= 0)
		usage();
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
		double mc = memcpy_rate(ring, len, o.secs);

		printf("memcpy ring=%u frame=%u pps=%.0f gbps=%.3f\n", ring, len,
		       mc, mc * len * 8 / 1e9);
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
