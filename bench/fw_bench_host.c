// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: the host side of the card: doorbell words, interrupts, locks,
 * the uplink, and a card built over them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/syscall.h>

#include "fw_bench_host.h"
#include "fw_bench_sys.h"

struct core_bell bells[BENCH_MAX_CORES];
uint64_t irq_total;
long lock_errors;

static void bench_wake_core(void *ctx, unsigned int core)
{
	(void)ctx;
	if (core >= BENCH_MAX_CORES) {
		__atomic_add_fetch(&lock_errors, 1, __ATOMIC_RELAXED);
		return;
	}
	__atomic_store_n(&bells[core].pending, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&bells[core].sleeping, __ATOMIC_SEQ_CST))
		syscall(SYS_futex, &bells[core].pending, FUTEX_WAKE_PRIVATE, 1,
			NULL, NULL, 0);
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
__thread struct wire_count *wire_ctr;
struct wire_count wire_other;

static void bench_wire_tx(void *ctx, const struct ovnic_wire_hdr *hdr,
			  const void *const *piece, const ovnic_u32 *piece_len,
			  ovnic_u32 npieces)
{
	struct wire_count *w = wire_ctr ? wire_ctr : &wire_other;
	uint64_t bytes = 0;
	ovnic_u32 i;

	(void)ctx;
	(void)hdr;
	(void)piece;
	for (i = 0; i < npieces; i++)
		bytes += piece_len[i];
	/* one writer per counter; the main thread reads */
	__atomic_store_n(&w->bytes, w->bytes + bytes, __ATOMIC_RELAXED);
	__atomic_store_n(&w->frames, w->frames + 1, __ATOMIC_RELAXED);
}

/* A checking run's uplink: each frame gathered and shown, then counted. */
void (*wire_inspect)(const struct ovnic_wire_hdr *hdr, const uint8_t *frame,
		     uint32_t len);

static void bench_wire_tx_inspect(void *ctx, const struct ovnic_wire_hdr *hdr,
				  const void *const *piece,
				  const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	static uint8_t frame[OVNIC_WIRE_GSO_MAX];
	uint32_t len = 0;
	ovnic_u32 i;

	for (i = 0; i < npieces; i++) {
		if (piece_len[i] > sizeof(frame) - len) {
			len = 0;	/* too long: shown as empty */
			break;
		}
		memcpy(frame + len, piece[i], piece_len[i]);
		len += piece_len[i];
	}
	if (wire_inspect)
		wire_inspect(hdr, frame, len);
	bench_wire_tx(ctx, hdr, piece, piece_len, npieces);
}

/*
 * vd_card_new(), with this host's uplink, cores, locks and interrupts;
 * @inspect: the uplink shows every frame to wire_inspect.
 */
struct vd_card *bench_card_new(unsigned int cores, bool inspect)
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
	ops.wire_tx = inspect ? bench_wire_tx_inspect : bench_wire_tx;
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
