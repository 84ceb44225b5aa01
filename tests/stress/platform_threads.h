/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A real-threads platform for the card's firmware (struct ovnic_platform),
 * for the stress test.  Where platform_user.c is single-threaded and
 * deterministic, this one runs the firmware the way the kernel does:
 *
 *   - CONTROL locks are pthread mutexes (they may sleep); every other class
 *     is a spinlock, taken in "atomic context";
 *   - a monotonic clock, and one-shot timers fired by a timer thread,
 *     concurrently with the data path, with the arm/cancel/cancel_sync/free
 *     semantics ovnic_card.h documents;
 *   - one thread per device core, woken by wake_core() and running
 *     ovnic_card_core_poll() until it says no work remains;
 *   - irq() and wire_tx() count; wire_tx() copies frames into a ring that
 *     another thread may feed back into the card;
 *   - phys_to_ptr() over arenas registered before the threads start;
 *   - zalloc()/free() over calloc, with an atomic count of live blocks.
 *
 * Misuse is counted, never asserted: recursive or foreign unlocks, lock
 * order against the class nesting, and control-path calls (CONTROL lock,
 * zalloc, timer_new/free/cancel_sync) from atomic context: a device core,
 * a wire receive, a timer callback or with a spinlock held.
 */
#ifndef OVNIC_TEST_PLATFORM_THREADS_H
#define OVNIC_TEST_PLATFORM_THREADS_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ovnic_card.h"

#define TP_MAX_CORES	16
#define TP_MAX_ARENAS	8
#define TP_MAX_VECTORS	(64 * OVNIC_VECTORS_PER_DEV)
#define TP_WIRE_SLOTS	256
#define TP_WIRE_FRAME	(9000 + 14 + 4)
#define TP_CORE_BUDGET	64

struct tp_arena {
	uint8_t *base;
	size_t size;
};

/* Frames the card sent out of its port, for someone to feed back in. */
struct tp_wire_slot {
	uint32_t len;
	uint8_t data[TP_WIRE_FRAME];
};

struct tp_core {
	struct tp_plat *plat;
	unsigned int index;
	pthread_t thread;
	bool started;
	int pending;		/* atomic: a wake since the last poll */
	int sleeping;		/* atomic: waiting on @cond */
	pthread_mutex_t mutex;
	pthread_cond_t cond;
	uint64_t polls;
	uint64_t wakes;		/* atomic */
};

struct tp_stats {
	/* every field is updated atomically */
	long allocs;		/* live zalloc() blocks */
	long alloc_total;
	long locks_live;
	long timers_live;
	uint64_t lock_errors;	/* recursion, unlock of a free or foreign lock */
	uint64_t lock_order;	/* a class taken under a later one */
	uint64_t atomic_misuse;	/* control-path call in atomic context */
	uint64_t timer_misuse;	/* use of a freed or bogus timer */
	uint64_t timer_arms;
	uint64_t timer_fires;
	uint64_t irq_total;
	uint64_t irq_bad_vector;
	uint64_t bad_core;	/* wake_core() of a core that doesn't exist */
	uint64_t wire_frames;
	uint64_t wire_bytes;
	uint64_t wire_dropped;	/* ring full */
	uint64_t log_err;
	uint64_t log_warn;
	uint64_t phys_refused;
};

struct tp_plat {
	struct ovnic_platform ops;
	struct ovnic_card *card;	/* set before the cores start */
	struct tp_stats st;
	bool verbose;
	int log_budget;		/* atomic: messages still printed */

	/* DMA-able memory: only added before any thread runs */
	struct tp_arena arena[TP_MAX_ARENAS];
	unsigned int narenas;

	/* timers */
	pthread_mutex_t timer_mutex;
	pthread_cond_t timer_cond;	/* list or deadlines changed */
	pthread_cond_t timer_done;	/* a callback returned */
	struct ovnic_timer *timers;
	struct ovnic_timer *timer_running;
	pthread_t timer_thread;
	bool timer_started;
	bool timer_stop;

	/* device cores */
	unsigned int ncores;
	int cores_stop;		/* atomic */
	struct tp_core core[TP_MAX_CORES];

	/* interrupts: counted per vector */
	uint32_t irq_count[TP_MAX_VECTORS];	/* atomic */

	/* the port: frames out, kept for a loop back */
	pthread_mutex_t wire_mutex;
	unsigned int wire_head, wire_tail;	/* under wire_mutex */
	struct tp_wire_slot *wire;		/* TP_WIRE_SLOTS of them */
	bool wire_keep;		/* keep frames for tp_wire_pop() */
};

struct tp_plat *tp_plat_new(void);
/* Stops what still runs (cores, timer thread) and frees everything. */
void tp_plat_free(struct tp_plat *p);
const struct ovnic_platform *tp_plat_ops(struct tp_plat *p);

/* An mmap()ed arena the card may reach; before tp_cores_start(). */
void *tp_arena_create(struct tp_plat *p, size_t size);

/* The timer thread; stopped by tp_timers_stop() or tp_plat_free(). */
int tp_timers_start(struct tp_plat *p);
void tp_timers_stop(struct tp_plat *p);

/* One thread per core, polling @card; stop joins them. */
int tp_cores_start(struct tp_plat *p, struct ovnic_card *card,
		   unsigned int ncores);
void tp_cores_stop(struct tp_plat *p);

/*
 * The calling thread runs the data path from now on (a device core, a
 * wire receive): control-path calls from it are counted as misuse.
 */
void tp_thread_atomic(bool on);

/* Up to @max frames the card sent out, oldest first; returns how many. */
unsigned int tp_wire_pop(struct tp_plat *p, struct tp_wire_slot *out,
			 unsigned int max);

uint64_t tp_now_ns(void);

#endif /* OVNIC_TEST_PLATFORM_THREADS_H */
