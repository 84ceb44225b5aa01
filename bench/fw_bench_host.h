/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_host.c: the host side of the card: doorbell words, interrupts,
 * locks, the uplink.
 */
#ifndef OVNIC_FW_BENCH_HOST_H
#define OVNIC_FW_BENCH_HOST_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_bench_defs.h"

/*
 * One per device core: set by wake_core(), cleared by the core's poller.
 * A poller that sleeps (fw_bench_ctrl.c) says so in @sleeping and waits on
 * @pending's futex: wake_core() then wakes it, as the kernel's does.
 */
struct core_bell {
	uint32_t pending;
	uint32_t sleeping;
	uint64_t wakes;
} __attribute__((aligned(CACHELINE)));

/* The uplink: count, don't copy; each thread counts for its own flow. */
struct wire_count {
	uint64_t frames;
	uint64_t bytes;
} __attribute__((aligned(CACHELINE)));

extern struct core_bell bells[BENCH_MAX_CORES];
extern uint64_t irq_total;
extern long lock_errors;	/* and cores out of range */
extern __thread struct wire_count *wire_ctr;	/* this thread's flow's */
extern struct wire_count wire_other;		/* any other thread's */

/* What a checking run's uplink shows: one frame, gathered. */
extern void (*wire_inspect)(const struct ovnic_wire_hdr *hdr,
			    const uint8_t *frame, uint32_t len);

struct vd_card *bench_card_new(unsigned int cores, bool inspect);

#endif /* OVNIC_FW_BENCH_HOST_H */
