// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: the driver side, as lean as a PMD's: split rings whose
 * descriptors are written once, the flows over them, the loops each thread
 * runs, and setting up, draining and checking a run.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fw_bench_driver.h"
#include "fw_bench_host.h"
#include "fw_bench_sys.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* ---- the driver side of one split ring, as lean as a PMD's ---- */

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

uint64_t flow_delivered(struct flow *f)
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

void flow_run_count(struct flow *f, uint64_t count)
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

void *thread_inline(void *arg)
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
void *thread_driver(void *arg)
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
void *thread_core(void *arg)
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
void *thread_uplink(void *arg)
{
	struct flow *f = arg;
	struct bench *b = f->b;

	while (!bench_stopped(b)) {
		wire_burst(b, f, b->batch);
		f->offered += b->batch;
	}
	return NULL;
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

void bench_setup(struct bench *b)
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

void bench_free(struct bench *b)
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
void bench_drain(struct bench *b)
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
void bench_check(struct bench *b, struct check *ck)
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
