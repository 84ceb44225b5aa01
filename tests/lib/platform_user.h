/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Userspace platform for the card's firmware (struct ovnic_platform), used by
 * the unit tests, fuzzers and benchmarks.  Single-threaded and deterministic:
 *
 *   - memory from calloc/free, with a count of live allocations;
 *   - plain counter locks that record recursion and unbalanced unlocks
 *     instead of deadlocking;
 *   - a virtual clock that only moves when the test advances it, and
 *     timers that fire only when the test (or vdriver's vd_card_run()) asks
 *     for the ones due; a cancel can be made to "lose the race" with a
 *     callback already running, deterministically;
 *   - wake_core() recorded as a pending mask the harness polls;
 *   - irq() counted per vector;
 *   - wire_tx() frames queued for the test to read;
 *   - phys_to_ptr() that only hands out memory inside registered arenas, so
 *     a guest address outside them is refused rather than dereferenced.
 *
 * Nothing here asserts: errors are counted and the tests check the counts.
 */
#ifndef OVNIC_TEST_PLATFORM_USER_H
#define OVNIC_TEST_PLATFORM_USER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ovnic_card.h"

#define UP_MAX_VECTORS	(64 * OVNIC_VECTORS_PER_DEV)
#define UP_MAX_CORES	32
#define UP_MAX_ARENAS	16
#define UP_WIRE_MAX_FRAME 16384

struct up_frame {
	struct up_frame *next;
	struct ovnic_wire_hdr hdr;	/* its offload state */
	uint32_t len;
	uint32_t npieces;	/* how the card handed it over */
	uint8_t data[];
};

struct up_arena {
	uint8_t *base;
	size_t size;
	size_t used;		/* bump allocator */
	bool mapped;		/* mmap()ed by us, unmap on free */
};

struct up_timer_stats {
	uint64_t created;
	long live;
	uint64_t arms;
	uint64_t cancels;	/* timer_cancel() of an armed timer */
	uint64_t fires;
	uint64_t misuse;	/* arm/cancel of a freed or foreign timer */
};

struct up_plat {
	struct ovnic_platform ops;

	/* memory */
	long allocs;		/* live zalloc() blocks */
	long alloc_total;
	bool alloc_fail;	/* zalloc() answers NULL while set */
	uint64_t alloc_refused;

	/* locks */
	long locks_live;
	long lock_errors;	/* recursion, unlock of a free lock, ... */
	long lock_order_warnings;
	unsigned int held_by_class[OVNIC_LOCK_CLASSES];

	/* clock and timers */
	uint64_t now;
	struct ovnic_timer *timers;	/* every live timer */
	struct up_timer_stats timer;
	bool cancel_races;	/* timer_cancel() lets the callback run */

	/* device cores */
	uint32_t wake_pending;	/* bit per core, cleared by the poller */
	uint64_t wake_count[UP_MAX_CORES];

	/* interrupts */
	uint32_t irq_count[UP_MAX_VECTORS];
	uint64_t irq_total;
	uint64_t irq_bad_vector;

	/* physical port */
	struct up_frame *wire_head, **wire_tail;
	unsigned int wire_len;
	uint64_t wire_total;

	/* DMA-able memory */
	struct up_arena arena[UP_MAX_ARENAS];
	unsigned int narenas;
	uint64_t phys_refused;	/* phys_to_ptr() calls answered NULL */

	bool verbose;
	int log_errors;		/* OVNIC_LOG_ERR messages seen */
};

struct up_plat *up_plat_new(void);
void up_plat_free(struct up_plat *p);
const struct ovnic_platform *up_plat_ops(struct up_plat *p);

/* Arenas: memory the card may reach through phys_to_ptr(). */
int up_arena_add(struct up_plat *p, void *base, size_t size);
void *up_arena_create(struct up_plat *p, size_t size);
void *up_arena_alloc(struct up_plat *p, size_t size, size_t align);
bool up_arena_contains(struct up_plat *p, const void *ptr, size_t len);

/* Virtual clock. */
static inline uint64_t up_now(struct up_plat *p)
{
	return p->now;
}

static inline void up_advance(struct up_plat *p, uint64_t ns)
{
	p->now += ns;
}

/*
 * Timers.  up_timers_run() fires every armed timer due at the current
 * time, earliest first; up_timers_armed() counts the armed ones and
 * up_timer_next() gives the earliest deadline (UINT64_MAX when none).
 * With cancel_races set, timer_cancel() leaves the callback pending as if
 * it had already started on another CPU; up_timers_run_raced() runs those
 * callbacks now, the way they would have finished after the cancel.
 */
unsigned int up_timers_run(struct up_plat *p);
unsigned int up_timers_run_raced(struct up_plat *p);
unsigned int up_timers_armed(struct up_plat *p);
uint64_t up_timer_next(struct up_plat *p);

/* Interrupts. */
uint32_t up_irq_count(struct up_plat *p, uint32_t vector);
void up_irq_clear(struct up_plat *p);

/* Frames that left through the wire, oldest first. */
unsigned int up_wire_pending(struct up_plat *p);
/* Returns the frame (free() it) or NULL when none. */
struct up_frame *up_wire_pop(struct up_plat *p);
void up_wire_clear(struct up_plat *p);

#endif /* OVNIC_TEST_PLATFORM_USER_H */
