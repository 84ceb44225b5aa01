/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_driver.c: the driver side: rings, flows, the threads' loops,
 * setting up, draining and checking a run.
 */
#ifndef OVNIC_FW_BENCH_DRIVER_H
#define OVNIC_FW_BENCH_DRIVER_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_bench_host.h"

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
	uint64_t frames;	/* MRG_RXBUF: frames, num_buffers chains each */
	uint16_t frame_at;	/* MRG_RXBUF: the last frame's first entry */
	uint16_t frame_nbufs;	/* ... and its num_buffers */
	uint64_t bad_len;
	uint64_t kicks;
	uint64_t kicks_skipped;
};

/* The packed layout's ring: struct pk, over struct bq. */
#include "fw_bench_packed.h"

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
	/* packed rings instead of tx and rx (after them: their offsets stay) */
	struct pk ptx;
	struct pk prx;
} __attribute__((aligned(CACHELINE)));

struct bench {
	enum bench_kind kind;
	enum bench_mode mode;
	unsigned int cores;
	uint32_t ring;
	uint32_t frame_len;
	uint32_t batch;
	uint32_t free_thresh;	/* split mode's driver: see thread_driver() */
	uint32_t mrg_buf;	/* tso2dev_whole's receive buffers (0: 4096) */
	enum bench_wire wire;	/* wire2dev's entry */
	bool verify;		/* a checking run: bench_verify() */
	bool packed;		/* packed rings (flow's ptx, prx) */
	/* set by bench_setup() */
	uint32_t rx_buf;	/* bytes of each receive buffer */
	uint32_t rx_want;	/* used length of a chain, or a MRG frame's */
	bool rx_mrg;		/* frames span num_buffers chains */
	uint32_t rx_units;	/* what arrives of a frame: 45 segments or 1 */
	uint32_t rx_chains;	/* receive chains a frame takes (0: none) */
	struct vd_card *c;
	struct vd_dev *dev[2];
	struct flow flow[BENCH_MAX_FLOWS];
	unsigned int nflows;
	int stop;
};

/* What bench_check() found of a run. */
struct check {
	uint64_t offered;
	uint64_t delivered;	/* frames, or whole frames' worth of segments */
	uint64_t drops;		/* receive: no buffer; segments when cut */
	uint64_t kicks;
	bool ok;
};

uint64_t flow_delivered(struct flow *f);
void flow_run_count(struct flow *f, uint64_t count);
void *thread_inline(void *arg);
void *thread_driver(void *arg);
void *thread_inline_packed(void *arg);
void *thread_driver_packed(void *arg);
void *thread_core(void *arg);
void *thread_uplink(void *arg);
uint32_t bench_rx_chains(const struct bench *b);
void bench_setup(struct bench *b);
bool bench_verify(const struct bench *b);
void bench_free(struct bench *b);
void bench_drain(struct bench *b);
void bench_check(struct bench *b, struct check *ck);

#endif /* OVNIC_FW_BENCH_DRIVER_H */
