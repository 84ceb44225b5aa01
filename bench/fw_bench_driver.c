// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: the driver side, as lean as a PMD's: split rings whose
 * descriptors are written once, the flows over them, the loops each thread
 * runs, and setting up, draining and checking a run.  Packed rings
 * (fw_bench_packed.h) have loops of their own beside the split ones, so
 * that the split loops stay as they were.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "vdriver_offload.h"

#include "fw_bench_driver.h"
#include "fw_bench_host.h"
#include "fw_bench_sys.h"
#include "fw_bench_tso.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

/* ---- the driver side of one split ring, as lean as a PMD's ---- */

/* @proto: every buffer's bytes (header and frame), or NULL: zeroes. */
static void bq_init(struct vd_card *c, struct bq *r, struct vd_vq *q,
		    uint32_t buf_len, bool write, const uint8_t *proto)
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
		if (proto)
			memcpy(r->buf[i], proto, buf_len);
		else
			memset(r->buf[i], 0, buf_len);
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

/*
 * With MRG_RXBUF (tso2dev_whole): a frame is the used entry whose header
 * says num_buffers and the chains after it; take them all back.  The card
 * publishes whole frames only; one that isn't all there yet waits.
 * @want: the used lengths of a frame's chains added up.
 */
static inline unsigned int bq_reap_mrg(struct bq *r, uint32_t want)
{
	uint16_t end = __atomic_load_n(&r->q->used->idx, __ATOMIC_ACQUIRE);
	uint16_t at = r->last_used;
	unsigned int frames = 0, n;

	while (at != end) {
		const struct vring_used_elem *e =
			&r->q->used->ring[at & r->mask];
		const struct virtio_net_hdr_v1 *h =
			(const struct virtio_net_hdr_v1 *)r->buf[e->id];
		uint16_t nb = h->num_buffers, k;
		uint32_t total = 0;

		if (nb > (uint16_t)(end - at))
			break;
		if (!nb) {
			r->bad_len++;
			nb = 1;
		}
		for (k = 0; k < nb; k++) {
			e = &r->q->used->ring[(uint16_t)(at + k) & r->mask];
			total += e->len;
			r->free[r->free_tail++ & r->mask] = (uint16_t)e->id;
		}
		if (total != want)
			r->bad_len++;
		r->frame_at = at;
		r->frame_nbufs = nb;
		at += nb;
		frames++;
	}
	n = (uint16_t)(at - r->last_used);
	r->last_used = at;
	__atomic_store_n(&r->reaped, r->reaped + n, __ATOMIC_RELAXED);
	__atomic_store_n(&r->frames, r->frames + frames, __ATOMIC_RELAXED);
	return n;
}

/* The receive ring's used chains taken back; returns how many. */
static inline unsigned int flow_rx_reap(struct flow *f)
{
	if (f->b->rx_mrg)
		return bq_reap_mrg(&f->rx, f->b->rx_want);
	return bq_reap(&f->rx, f->b->rx_want);
}

/* The flow's rings, split or packed: what both count and own. */
static struct bq *flow_txq(struct flow *f)
{
	return f->b->packed ? &f->ptx.s : &f->tx;
}

static struct bq *flow_rxq(struct flow *f)
{
	return f->b->packed ? &f->prx.s : &f->rx;
}

/* What arrived: frames, or segments (b->rx_units a frame) when cut. */
uint64_t flow_delivered(struct flow *f)
{
	if (kind_to_wire(f->b->kind))
		return __atomic_load_n(&f->wire.frames, __ATOMIC_RELAXED);
	if (f->b->rx_mrg)
		return __atomic_load_n(&f->rx.frames, __ATOMIC_RELAXED);
	return __atomic_load_n(&flow_rxq(f)->reaped, __ATOMIC_RELAXED);
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
	unsigned int n = flow_rx_reap(f);

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
	const struct ovnic_wire_hdr hdr = { 0 };
	struct ovnic_wire_frame wf[32];
	const void *frame[32];
	uint32_t len[32];
	unsigned int i, k;

	for (i = 0; i < 32; i++) {
		frame[i] = f->frame;
		len[i] = b->frame_len;
		wf[i] = (struct ovnic_wire_frame){
			.npieces = 1, .piece = &frame[i], .piece_len = &len[i],
		};
	}
	for (i = 0; i < n; i += k) {
		k = n - i < 32 ? n - i : 32;
		if (b->wire == WIRE_SG1) {
			k = 1;
			ovnic_card_wire_rx_sg(b->c->card, &hdr, frame, len, 1);
		} else if (b->wire == WIRE_SG) {
			ovnic_card_wire_rx_sg_burst(b->c->card, wf, k);
		} else {
			ovnic_card_wire_rx_burst(b->c->card, frame, len, k);
		}
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

static void flow_run_count_packed(struct flow *f, uint64_t count);

void flow_run_count(struct flow *f, uint64_t count)
{
	uint64_t done = 0;

	if (f->b->packed) {
		flow_run_count_packed(f, count);
		return;
	}

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
			work += flow_rx_reap(f);
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

/* ---- the same loops over packed rings ---- */

static inline unsigned int flow_rx_refill_packed(struct flow *f)
{
	struct bench *b = f->b;
	unsigned int n = pk_reap(&f->prx, b->rx_want);

	if (n) {
		pk_post(&f->prx, pk_nfree(&f->prx));
		pk_kick(b->c, &f->prx);
	}
	return n;
}

/* Inline: flow_batch() over packed rings. */
static inline unsigned int flow_batch_packed(struct flow *f, unsigned int want)
{
	struct bench *b = f->b;
	unsigned int n = want < b->batch ? want : b->batch;

	if (f->src) {
		n = pk_post(&f->ptx, n);
		pk_kick(b->c, &f->ptx);
		flow_poll(f);
		pk_reap(&f->ptx, 0);
	} else {
		wire_burst(b, f, n);
	}
	if (f->dst)
		flow_rx_refill_packed(f);
	f->offered += n;
	return n;
}

static void flow_run_count_packed(struct flow *f, uint64_t count)
{
	uint64_t done = 0;

	while (done < count) {
		unsigned int n = flow_batch_packed(f, count - done);

		if (!n)
			die("no free TX id", -ENOSPC);
		done += n;
	}
}

void *thread_inline_packed(void *arg)
{
	struct flow *f = arg;

	wire_ctr = &f->wire;
	while (!bench_stopped(f->b))
		flow_batch_packed(f, f->b->batch);
	return NULL;
}

/*
 * Split mode's driver (thread_driver()) over packed rings: the same
 * thresholds, used descriptors found by their flags instead of an index.
 */
void *thread_driver_packed(void *arg)
{
	struct flow *f = arg;
	struct bench *b = f->b;

	while (!bench_stopped(b)) {
		unsigned int work = 0, n;

		if (f->src) {
			if (pk_nfree(&f->ptx) < b->free_thresh)
				work += pk_reap(&f->ptx, 0);
			n = pk_post(&f->ptx, b->batch);
			if (n) {
				f->offered += n;
				pk_kick(b->c, &f->ptx);
				work += n;
			}
		}
		if (f->dst) {
			work += pk_reap(&f->prx, b->rx_want);
			if (pk_nfree(&f->prx) >= b->free_thresh &&
			    pk_post(&f->prx, pk_nfree(&f->prx)))
				pk_kick(b->c, &f->prx);
		}
		if (!work)
			cpu_relax();
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
	/* a transmit buffer: the virtio-net header, then the frame */
	uint8_t *proto = calloc(1, buf_len + 64);
	uint8_t *frame = proto + VD_NET_HDR_LEN;
	const uint8_t *dmac = dst ? dst->mac : far_mac;
	const uint8_t *smac = src ? src->mac : far_mac;

	if (!proto)
		die("calloc", -ENOMEM);
	f->b = b;
	f->src = src;
	f->dst = dst;
	f->core = -1;
	if (kind_tso(b->kind))
		tso_build(frame, (struct virtio_net_hdr_v1 *)proto, dmac, smac,
			  f->id);
	else
		vd_frame(frame, dmac, smac, VD_NO_VLAN, 0x0800,
			 b->frame_len - 14, (uint8_t)(1 + f->id));
	if (src && b->packed)
		pk_init(b->c, &f->ptx, vd_txq(src, 0), buf_len, false, proto);
	else if (src)
		bq_init(b->c, &f->tx, vd_txq(src, 0), buf_len, false, proto);
	if (src)
		f->core = vq_core(b, flow_txq(f)->q);
	if (dst && b->packed) {
		pk_init(b->c, &f->prx, vd_rxq(dst, 0), b->rx_buf, true, NULL);
		pk_post(&f->prx, f->prx.s.size);
		pk_kick(b->c, &f->prx);
	} else if (dst) {
		bq_init(b->c, &f->rx, vd_rxq(dst, 0), b->rx_buf, true, NULL);
		bq_post(&f->rx, f->rx.size);
		bq_kick(b, &f->rx);
	}
	f->frame = vd_dma_alloc(b->c, b->frame_len);
	if (!f->frame)
		die("vd_dma_alloc", -ENOMEM);
	memcpy(f->frame, frame, b->frame_len);
	free(proto);
}

/*
 * The offloads a TSO scenario's devices negotiate, both of them (with two
 * flows B sends to A too): the sender's CSUM and HOST_TSO4, and the
 * receiver's, which decide whether the frame arrives whole.
 */
static uint64_t tso_features(enum bench_kind kind)
{
	uint64_t f = VD_BIT(VIRTIO_NET_F_CSUM) | VD_BIT(VIRTIO_NET_F_HOST_TSO4);

	if (kind == BENCH_TSO2DEV_WHOLE)
		f |= VD_BIT(VIRTIO_NET_F_GUEST_CSUM) |
		     VD_BIT(VIRTIO_NET_F_GUEST_TSO4) |
		     VD_BIT(VIRTIO_NET_F_MRG_RXBUF);
	else if (kind == BENCH_TSO2DEV_SEG_PARTIAL)
		f |= VD_BIT(VIRTIO_NET_F_GUEST_CSUM);
	return f;
}

/* Receive chains one frame takes: 1, num_buffers, segments; 0: none. */
uint32_t bench_rx_chains(const struct bench *b)
{
	uint32_t mrg = b->mrg_buf ? b->mrg_buf : TSO_MRG_BUF;

	switch (b->kind) {
	case BENCH_DEV2WIRE:
	case BENCH_TSO2WIRE:
		return 0;
	case BENCH_TSO2DEV_WHOLE:
		return (VD_NET_HDR_LEN + TSO_FRAME_LEN + mrg - 1) / mrg;
	case BENCH_TSO2DEV_SEG:
	case BENCH_TSO2DEV_SEG_PARTIAL:
		return TSO_SEGS;
	default:
		return 1;
	}
}

/* Receive buffers and what their used entries must say. */
static void bench_rx_layout(struct bench *b)
{
	b->rx_mrg = false;
	b->rx_units = 1;
	b->rx_chains = bench_rx_chains(b);
	switch (b->kind) {
	case BENCH_TSO2DEV_WHOLE:
		b->rx_buf = b->mrg_buf ? b->mrg_buf : TSO_MRG_BUF;
		b->rx_want = VD_NET_HDR_LEN + TSO_FRAME_LEN;
		b->rx_mrg = true;
		break;
	case BENCH_TSO2DEV_SEG:
	case BENCH_TSO2DEV_SEG_PARTIAL:
		b->rx_buf = TSO_SEG_BUF;
		b->rx_want = VD_NET_HDR_LEN + TSO_SEG_LEN;
		b->rx_units = TSO_SEGS;
		break;
	case BENCH_TSO2WIRE:
		b->rx_buf = 0;
		b->rx_want = 0;
		break;
	default:
		/* Room for the header and the largest frame of the size. */
		b->rx_want = VD_NET_HDR_LEN + b->frame_len;
		b->rx_buf = (b->rx_want + 63) & ~63u;
		break;
	}
}

/* A device, with split or packed rings as the run has them. */
static struct vd_dev *bench_dev_up(struct bench *b, struct vd_dev_cfg *cfg,
				   const char *what)
{
	struct vd_dev *d;
	int err = 0;

	if (!b->packed) {
		d = vd_dev_bringup(b->c, cfg, &err);
	} else {
		d = pk_dev_bringup(b->c, cfg, &err);
		/* said, not failed: fw-bench.sh skips the scenario */
		if (!d && err == -ENOTSUP) {
			fprintf(stderr, "fw_bench: packed rings: the card does not offer VIRTIO_F_RING_PACKED\n");
			exit(3);
		}
	}
	if (!d)
		die(what, err);
	return d;
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

	if (kind_tso(b->kind)) {
		cfg.mtu = TSO_MTU;
		cfg.offered = VD_F_CARD_OFFLOAD;
		cfg.features |= tso_features(b->kind);
		b->frame_len = TSO_FRAME_LEN;
	}
	if (b->packed && kind_tso(b->kind))
		die("packed rings with a TSO scenario", -ENOTSUP);
	bench_rx_layout(b);
	memset(bells, 0, sizeof(bells));
	irq_total = 0;
	b->c = bench_card_new(b->cores, b->verify);
	vd_reg_write(b->c, OVNIC_REG_WIRE_LINK, 1);
	cfg.dev_id = BENCH_DEV_A;
	a = b->dev[0] = bench_dev_up(b, &cfg, "bring-up of device A");
	if (!kind_to_wire(b->kind) || b->cores > 1) {
		cfg.dev_id = BENCH_DEV_B;
		d = b->dev[1] = bench_dev_up(b, &cfg, "bring-up of device B");
	} else {
		d = NULL;
	}
	if (!vd_has(a, VIRTIO_RING_F_EVENT_IDX))
		die("negotiating EVENT_IDX", -ENOTSUP);
	for (i = 0; i < 2; i++) {
		if (b->dev[i] &&
		    (b->dev[i]->features & cfg.features) != cfg.features)
			die("negotiating the offloads", -ENOTSUP);
		/* 5.1.6.1: 12 bytes both ways, as the rings are laid out */
		if (b->dev[i] && b->dev[i]->hdr_len != VD_NET_HDR_LEN)
			die("the virtio-net header's length", -EPROTO);
	}
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
		case BENCH_DEV2WIRE:
		case BENCH_TSO2WIRE:
			flow_setup(b, f, x, NULL);
			break;
		case BENCH_WIRE2DEV:
			flow_setup(b, f, NULL, y);
			break;
		default:
			flow_setup(b, f, x, y);
			break;
		}
	}
	/* The learning frame found no buffer on A: not the run's. */
	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];
		uint64_t c[OVNIC_VQC_NUM];

		if (!f->dst)
			continue;
		err = vd_vq_stats(flow_rxq(f)->q, c);
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
		pk_free(&b->flow[i].ptx);
		pk_free(&b->flow[i].prx);
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
		ovnic_card_doorbell(b->c->card, f->src->dev_id,
				    flow_txq(f)->q->qid);
		while (ovnic_card_core_poll(b->c->card, f->core, b->batch))
			;
		bells[f->core].pending = 0;
	}
	wire_ctr = NULL;
	for (i = 0; i < b->nflows; i++) {
		struct flow *f = &b->flow[i];

		if (b->packed) {
			if (f->src)
				pk_reap(&f->ptx, 0);
			if (f->dst)
				pk_reap(&f->prx, b->rx_want);
			continue;
		}
		if (f->src)
			bq_reap(&f->tx, 0);
		if (f->dst)
			flow_rx_reap(f);
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
	       !c[OVNIC_VQC_DROP_BAD_ADDR] && !c[OVNIC_VQC_DROP_FILTERED] &&
	       !c[OVNIC_VQC_DROP_BAD_OFFLOAD];
}

/*
 * The sender's GSO counters: every frame sent as GSO, and cut into its
 * segments exactly when the receiver can't take it whole.
 */
static bool tso_sent_ok(const struct flow *f)
{
	enum bench_kind kind = f->b->kind;
	uint64_t c[OVNIC_VQC_NUM];

	if (vd_vq_stats(f->tx.q, c) || c[OVNIC_VQC_GSO_PACKETS] != f->offered)
		return false;
	if (kind_seg(kind))
		return c[OVNIC_VQC_GSO_SEGMENTS] == f->offered * TSO_SEGS &&
		       !c[OVNIC_VQC_GSO_NOSEG_PACKETS];
	return c[OVNIC_VQC_GSO_NOSEG_PACKETS] == f->offered &&
	       !c[OVNIC_VQC_GSO_SEGMENTS];
}

/*
 * MRG_RXBUF: the frame whose first chain is used entry @at, its @nbufs
 * chains gathered into @out (header included).  Its length, or 0 when it
 * doesn't fit @cap.
 */
static uint32_t mrg_gather(const struct bq *r, uint16_t at, uint16_t nbufs,
			   uint8_t *out, uint32_t cap)
{
	uint32_t len = 0;
	uint16_t k;

	for (k = 0; k < nbufs; k++) {
		const struct vring_used_elem *e =
			&r->q->used->ring[(uint16_t)(at + k) & r->mask];

		if (e->id >= r->size || e->len > cap - len)
			return 0;
		memcpy(out + len, r->buf[e->id], e->len);
		len += e->len;
	}
	return len;
}

/* The last thing that arrived is what was sent. */
static bool flow_last_ok(struct flow *f)
{
	static uint8_t data[VD_NET_HDR_LEN + OVNIC_WIRE_GSO_MAX];
	struct bench *b = f->b;
	struct bq *r = flow_rxq(f);
	const struct vring_used_elem *e;
	uint32_t len, idx;

	if (!kind_tso(b->kind))
		return !memcmp(r->buf[r->last_head] + VD_NET_HDR_LEN,
			       f->frame, b->frame_len);
	if (b->rx_mrg) {
		len = mrg_gather(r, r->frame_at, r->frame_nbufs, data,
				 sizeof(data));
		return len > VD_NET_HDR_LEN &&
		       tso_check_whole(f->frame,
				       (struct virtio_net_hdr_v1 *)data,
				       b->rx_chains, data + VD_NET_HDR_LEN,
				       len - VD_NET_HDR_LEN);
	}
	e = &r->q->used->ring[(uint16_t)(r->last_used - 1) & r->mask];
	return e->len > VD_NET_HDR_LEN &&
	       tso_check_seg(f->frame, b->kind == BENCH_TSO2DEV_SEG_PARTIAL,
			     (struct virtio_net_hdr_v1 *)r->buf[e->id],
			     r->buf[e->id] + VD_NET_HDR_LEN,
			     e->len - VD_NET_HDR_LEN, &idx);
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
		struct bq *tx = flow_txq(f), *rx = flow_rxq(f);
		uint64_t got, drops = 0;

		if (f->src) {
			ck->ok &= tx->reaped == f->offered;
			ck->ok &= vq_clean(tx->q, NULL);
			if (kind_tso(b->kind))
				ck->ok &= tso_sent_ok(f);
			ck->kicks += tx->kicks;
		}
		if (f->dst) {
			ck->kicks += rx->kicks;
			got = flow_delivered(f);
			ck->ok &= vq_clean(rx->q, &drops);
			drops -= f->drops0;
			ck->ok &= !rx->bad_len;
			if (b->mode == MODE_INLINE)
				ck->ok &= !drops;
			/* drops: frames, or segments when cut */
			ck->ok &= got + drops == f->offered * b->rx_units;
			if (got && !flow_last_ok(f))
				ck->ok = false;
		} else {
			got = f->wire.frames;
			ck->ok &= got == f->offered;
			ck->ok &= f->wire.bytes == got * b->frame_len;
		}
		ck->offered += f->offered;
		ck->delivered += got / b->rx_units;
		ck->drops += drops;
		if (!ck->ok && !reported) {
			fprintf(stderr, "fw_bench: flow %u: offered %llu, tx back %llu, arrived %llu, no-buffer drops %llu, bad lengths %llu\n",
				i, (unsigned long long)f->offered,
				(unsigned long long)tx->reaped,
				(unsigned long long)got,
				(unsigned long long)drops,
				(unsigned long long)rx->bad_len);
			reported = true;
		}
	}
	ck->ok &= !wire_other.frames;
	ck->ok &= !lock_errors && !b->c->plat->log_errors &&
		  !b->c->plat->phys_refused;
}

/* ---- the checking run ---- */

static struct flow *inspecting;		/* the flow whose frames leave */
static uint64_t inspected, inspect_bad;

static void inspect_wire(const struct ovnic_wire_hdr *hdr,
			 const uint8_t *frame, uint32_t len)
{
	inspected++;
	if (!inspecting || !tso_check_wire(inspecting->frame, hdr, frame, len))
		inspect_bad++;
}

/*
 * Check, without taking them, the used chains of @f's receive ring: each
 * frame whole and right, or each segment right and in its place (the
 * @*units-th to arrive is segment @*units % TSO_SEGS).
 */
static bool rx_inspect(struct flow *f, uint64_t *units)
{
	static uint8_t data[VD_NET_HDR_LEN + OVNIC_WIRE_GSO_MAX];
	struct bench *b = f->b;
	struct bq *r = &f->rx;
	uint16_t end = __atomic_load_n(&r->q->used->idx, __ATOMIC_ACQUIRE);
	uint16_t at = r->last_used;

	while (at != end) {
		const struct vring_used_elem *e =
			&r->q->used->ring[at & r->mask];
		const struct virtio_net_hdr_v1 *h =
			(const struct virtio_net_hdr_v1 *)r->buf[e->id];
		uint16_t nb = h->num_buffers;
		uint32_t len, idx;

		if (b->rx_mrg) {
			if (!nb || nb > (uint16_t)(end - at))
				return false;
			len = mrg_gather(r, at, nb, data, sizeof(data));
			if (len <= VD_NET_HDR_LEN ||
			    !tso_check_whole(f->frame, h, b->rx_chains,
					     data + VD_NET_HDR_LEN,
					     len - VD_NET_HDR_LEN))
				return false;
			at += nb;
		} else {
			if (e->len <= VD_NET_HDR_LEN ||
			    !tso_check_seg(f->frame,
					   b->kind == BENCH_TSO2DEV_SEG_PARTIAL,
					   h, r->buf[e->id] + VD_NET_HDR_LEN,
					   e->len - VD_NET_HDR_LEN, &idx))
				return false;
			if (idx != *units % TSO_SEGS) {
				fprintf(stderr, "fw_bench: TSO check: segment %u arrived in place %llu\n",
					idx,
					(unsigned long long)(*units % TSO_SEGS));
				return false;
			}
			at++;
		}
		(*units)++;
	}
	return true;
}

/*
 * A TSO scenario's checking run, before it is timed: the same set-up on a
 * card of its own whose uplink shows what leaves it; each flow sends a few
 * batches, inline, and everything that arrives is checked in full against
 * the frame sent (fw_bench_tso.c) before the driver takes it back: frames
 * whole, segments with their headers and checksums, in order.  Then
 * bench_check().  False, said on stderr, when anything is wrong.
 */
bool bench_verify(const struct bench *tmpl)
{
	struct bench b = { .kind = tmpl->kind, .mode = MODE_INLINE,
			   .cores = tmpl->cores, .ring = tmpl->ring,
			   .frame_len = tmpl->frame_len, .batch = tmpl->batch,
			   .free_thresh = tmpl->free_thresh,
			   .mrg_buf = tmpl->mrg_buf, .verify = true };
	struct check ck;
	unsigned int i, k;
	bool ok = true;

	bench_setup(&b);
	wire_inspect = inspect_wire;
	for (i = 0; i < b.nflows; i++) {
		struct flow *f = &b.flow[i];
		uint64_t units = 0, wire0 = inspected;

		wire_ctr = &f->wire;
		inspecting = f;
		for (k = 0; k < 3 && ok; k++) {
			unsigned int n = bq_post(&f->tx, b.batch);

			bq_kick(&b, &f->tx);
			flow_poll(f);
			bq_reap(&f->tx, 0);
			f->offered += n;
			if (f->dst) {
				ok &= rx_inspect(f, &units);
				flow_rx_refill(f);
			}
		}
		if (f->dst)
			ok &= units == f->offered * b.rx_units;
		else
			ok &= inspected - wire0 == f->offered;
	}
	ok &= !inspect_bad;
	wire_inspect = NULL;
	inspecting = NULL;
	wire_ctr = NULL;
	bench_drain(&b);
	bench_check(&b, &ck);
	ok &= ck.ok;
	bench_free(&b);
	if (!ok)
		fprintf(stderr, "fw_bench: the checking run found %s wrong (%llu wire frames inspected, %llu bad)\n",
			kind_tso(b.kind) ? "TSO frames" : "frames",
			(unsigned long long)inspected,
			(unsigned long long)inspect_bad);
	return ok;
}
