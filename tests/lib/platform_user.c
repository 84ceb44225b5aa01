// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Userspace platform for the card's firmware.  See platform_user.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "platform_user.h"

struct ovnic_lock {
	struct up_plat *plat;
	enum ovnic_lock_class cls;
	unsigned int held;
};

#define UP_TIMER_MAGIC	0x74696d72u

struct ovnic_timer {
	uint32_t magic;
	struct up_plat *plat;
	struct ovnic_timer *next;
	ovnic_timer_fn *fn;
	void *arg;
	bool armed;
	bool raced;		/* cancelled while "running": fire later */
	uint64_t deadline;
};

static const char *const up_lock_name[OVNIC_LOCK_CLASSES] = {
	[OVNIC_LOCK_CONTROL]	= "control",
	[OVNIC_LOCK_DEV]	= "dev",
	[OVNIC_LOCK_SWITCH]	= "switch",
	[OVNIC_LOCK_RXQ]	= "rxq",
};

static void up_msg(struct up_plat *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void up_msg(struct up_plat *p, const char *fmt, ...)
{
	va_list ap;

	(void)p;
	va_start(ap, fmt);
	fputs("platform_user: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

/* ---- memory ---- */

static void *up_zalloc(void *ctx, unsigned long size)
{
	struct up_plat *p = ctx;
	void *ptr;

	if (p->alloc_fail) {
		p->alloc_refused++;
		return NULL;
	}
	ptr = calloc(1, size ? size : 1);
	if (ptr) {
		p->allocs++;
		p->alloc_total++;
	}
	return ptr;
}

static void up_free(void *ctx, void *ptr)
{
	struct up_plat *p = ctx;

	if (!ptr)
		return;
	p->allocs--;
	free(ptr);
}

/* ---- DMA window: only registered arenas are host memory ---- */

static void *up_phys_to_ptr(void *ctx, ovnic_u64 pa, ovnic_u64 len)
{
	struct up_plat *p = ctx;
	unsigned int i;

	for (i = 0; i < p->narenas; i++) {
		uint64_t start = (uintptr_t)p->arena[i].base;
		uint64_t size = p->arena[i].size;

		if (pa < start || pa - start > size)
			continue;
		if (len > size - (pa - start))
			continue;
		if (len == 0 && pa - start == size)
			continue;
		return (void *)(uintptr_t)pa;
	}
	p->phys_refused++;
	return NULL;
}

/* Arenas are only ever added: a span stays valid for the card's life. */
static void *up_phys_span(void *ctx, ovnic_u64 pa, ovnic_u64 *first,
			  ovnic_u64 *last)
{
	struct up_plat *p = ctx;
	unsigned int i;

	for (i = 0; i < p->narenas; i++) {
		uint64_t start = (uintptr_t)p->arena[i].base;
		uint64_t size = p->arena[i].size;

		if (pa < start || pa - start >= size)
			continue;
		*first = start;
		*last = start + size - 1;
		return p->arena[i].base;
	}
	return NULL;
}

int up_arena_add(struct up_plat *p, void *base, size_t size)
{
	if (p->narenas >= UP_MAX_ARENAS || !base || !size)
		return -1;
	p->arena[p->narenas++] = (struct up_arena){ .base = base,
						    .size = size };
	return 0;
}

void *up_arena_create(struct up_plat *p, size_t size)
{
	void *base;

	if (p->narenas >= UP_MAX_ARENAS)
		return NULL;
	base = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	p->arena[p->narenas++] = (struct up_arena){ .base = base,
						    .size = size,
						    .mapped = true };
	return base;
}

/* Bump allocation from the first arena with room; never freed. */
void *up_arena_alloc(struct up_plat *p, size_t size, size_t align)
{
	unsigned int i;

	if (!align)
		align = 1;
	for (i = 0; i < p->narenas; i++) {
		struct up_arena *a = &p->arena[i];
		size_t off = (a->used + align - 1) & ~(align - 1);

		if (!a->mapped || off > a->size || size > a->size - off)
			continue;
		a->used = off + size;
		return a->base + off;
	}
	return NULL;
}

bool up_arena_contains(struct up_plat *p, const void *ptr, size_t len)
{
	long refused = p->phys_refused;
	bool ok = up_phys_to_ptr(p, (uintptr_t)ptr, len) != NULL;

	p->phys_refused = refused;
	return ok;
}

/* ---- locks: counters that never block ---- */

static struct ovnic_lock *up_lock_new(void *ctx, enum ovnic_lock_class cls)
{
	struct up_plat *p = ctx;
	struct ovnic_lock *l = calloc(1, sizeof(*l));

	if (!l)
		return NULL;
	l->plat = p;
	l->cls = cls;
	p->locks_live++;
	return l;
}

static void up_lock_free(void *ctx, struct ovnic_lock *l)
{
	struct up_plat *p = ctx;

	if (!l)
		return;
	if (l->held) {
		p->lock_errors++;
		up_msg(p, "%s lock freed while held",
		       l->cls < OVNIC_LOCK_CLASSES ? up_lock_name[l->cls] :
						     "?");
		if (l->cls < OVNIC_LOCK_CLASSES)
			p->held_by_class[l->cls] -= l->held;
	}
	p->locks_live--;
	free(l);
}

static void up_lock(struct ovnic_lock *l)
{
	struct up_plat *p = l->plat;
	unsigned int c;

	if (l->cls >= OVNIC_LOCK_CLASSES) {
		p->lock_errors++;
		up_msg(p, "lock of unknown class %u", l->cls);
		return;
	}
	if (l->held) {
		p->lock_errors++;
		up_msg(p, "recursive %s lock (would deadlock)",
		       up_lock_name[l->cls]);
	}
	for (c = l->cls + 1; c < OVNIC_LOCK_CLASSES; c++) {
		if (p->held_by_class[c]) {
			p->lock_order_warnings++;
			if (p->verbose)
				up_msg(p, "%s lock taken under %s lock",
				       up_lock_name[l->cls], up_lock_name[c]);
		}
	}
	l->held++;
	p->held_by_class[l->cls]++;
}

static void up_unlock(struct ovnic_lock *l)
{
	struct up_plat *p = l->plat;

	if (l->cls >= OVNIC_LOCK_CLASSES)
		return;
	if (!l->held) {
		p->lock_errors++;
		up_msg(p, "unlock of free %s lock", up_lock_name[l->cls]);
		return;
	}
	l->held--;
	p->held_by_class[l->cls]--;
}

/* ---- timers: fired by the test, on the virtual clock ---- */

static struct ovnic_timer *up_timer_new(void *ctx, ovnic_timer_fn *fn,
					void *arg)
{
	struct up_plat *p = ctx;
	struct ovnic_timer *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->magic = UP_TIMER_MAGIC;
	t->plat = p;
	t->fn = fn;
	t->arg = arg;
	t->next = p->timers;
	p->timers = t;
	p->timer.created++;
	p->timer.live++;
	return t;
}

static bool up_timer_ok(struct ovnic_timer *t)
{
	if (t && t->magic == UP_TIMER_MAGIC)
		return true;
	fprintf(stderr, "platform_user: use of a freed or bogus timer\n");
	return false;
}

static void up_timer_free(void *ctx, struct ovnic_timer *t)
{
	struct up_plat *p = ctx;
	struct ovnic_timer **pp;

	if (!up_timer_ok(t)) {
		p->timer.misuse++;
		return;
	}
	for (pp = &p->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->magic = 0;
	p->timer.live--;
	free(t);
}

static void up_timer_arm(struct ovnic_timer *t, ovnic_u64 delay_ns)
{
	if (!up_timer_ok(t))
		return;
	t->armed = true;
	t->deadline = t->plat->now + delay_ns;
	t->plat->timer.arms++;
}

static void up_timer_cancel(struct ovnic_timer *t)
{
	if (!up_timer_ok(t))
		return;
	if (t->armed) {
		t->plat->timer.cancels++;
		if (t->plat->cancel_races)
			t->raced = true;
	}
	t->armed = false;
}

static void up_timer_cancel_sync(struct ovnic_timer *t)
{
	if (!up_timer_ok(t))
		return;
	t->armed = false;
	t->raced = false;	/* it waited for the callback */
}

static struct ovnic_timer *up_timer_due(struct up_plat *p)
{
	struct ovnic_timer *t, *best = NULL;

	for (t = p->timers; t; t = t->next)
		if (t->armed && t->deadline <= p->now &&
		    (!best || t->deadline < best->deadline))
			best = t;
	return best;
}

unsigned int up_timers_run(struct up_plat *p)
{
	unsigned int n = 0;
	struct ovnic_timer *t;

	/* a callback re-arming for "now" forever would be a bug: bounded */
	while (n < 100000 && (t = up_timer_due(p))) {
		t->armed = false;
		p->timer.fires++;
		n++;
		t->fn(t->arg);
	}
	return n;
}

unsigned int up_timers_run_raced(struct up_plat *p)
{
	struct ovnic_timer *t;
	unsigned int n = 0;

	for (t = p->timers; t; t = t->next) {
		if (!t->raced)
			continue;
		t->raced = false;
		p->timer.fires++;
		n++;
		t->fn(t->arg);
	}
	return n;
}

unsigned int up_timers_armed(struct up_plat *p)
{
	struct ovnic_timer *t;
	unsigned int n = 0;

	for (t = p->timers; t; t = t->next)
		n += t->armed;
	return n;
}

uint64_t up_timer_next(struct up_plat *p)
{
	struct ovnic_timer *t;
	uint64_t next = UINT64_MAX;

	for (t = p->timers; t; t = t->next)
		if (t->armed && t->deadline < next)
			next = t->deadline;
	return next;
}

/* ---- clock, cores, interrupts, wire ---- */

static ovnic_u64 up_now_ns(void *ctx)
{
	struct up_plat *p = ctx;

	return p->now;
}

static void up_wake_core(void *ctx, unsigned int core)
{
	struct up_plat *p = ctx;

	if (core >= UP_MAX_CORES) {
		up_msg(p, "wake of core %u out of range", core);
		p->lock_errors++;
		return;
	}
	p->wake_pending |= 1u << core;
	p->wake_count[core]++;
}

static void up_irq(void *ctx, ovnic_u32 vector)
{
	struct up_plat *p = ctx;

	p->irq_total++;
	if (vector >= UP_MAX_VECTORS) {
		p->irq_bad_vector++;
		return;
	}
	p->irq_count[vector]++;
}

uint32_t up_irq_count(struct up_plat *p, uint32_t vector)
{
	return vector < UP_MAX_VECTORS ? p->irq_count[vector] : 0;
}

void up_irq_clear(struct up_plat *p)
{
	memset(p->irq_count, 0, sizeof(p->irq_count));
	p->irq_total = 0;
	p->irq_bad_vector = 0;
}

static void up_wire_tx(void *ctx, const struct ovnic_wire_hdr *hdr,
		       const void *const *piece, const ovnic_u32 *piece_len,
		       ovnic_u32 npieces)
{
	struct up_plat *p = ctx;
	struct up_frame *f;
	size_t len = 0, off = 0;
	ovnic_u32 i;

	for (i = 0; i < npieces; i++)
		len += piece_len[i];
	f = malloc(sizeof(*f) + len);
	if (!f) {
		up_msg(p, "wire_tx: out of memory");
		return;
	}
	for (i = 0; i < npieces; i++) {
		memcpy(f->data + off, piece[i], piece_len[i]);
		off += piece_len[i];
	}
	f->next = NULL;
	f->hdr = *hdr;
	f->len = len;
	f->npieces = npieces;
	*p->wire_tail = f;
	p->wire_tail = &f->next;
	p->wire_len++;
	p->wire_total++;
}

unsigned int up_wire_pending(struct up_plat *p)
{
	return p->wire_len;
}

struct up_frame *up_wire_pop(struct up_plat *p)
{
	struct up_frame *f = p->wire_head;

	if (!f)
		return NULL;
	p->wire_head = f->next;
	if (!p->wire_head)
		p->wire_tail = &p->wire_head;
	p->wire_len--;
	f->next = NULL;
	return f;
}

void up_wire_clear(struct up_plat *p)
{
	struct up_frame *f;

	while ((f = up_wire_pop(p)))
		free(f);
}

static void up_log(void *ctx, enum ovnic_log_level level, const char *fmt,
		   __builtin_va_list ap)
{
	static const char *const lvl[] = { "err", "warn", "info", "debug" };
	struct up_plat *p = ctx;

	size_t n;

	if (level == OVNIC_LOG_ERR)
		p->log_errors++;
	if (!p->verbose || !fmt)
		return;
	n = strlen(fmt);
	fprintf(stderr, "ovnic %s: ",
		(unsigned int)level < 4 ? lvl[level] : "?");
	vfprintf(stderr, fmt, ap);
	if (!n || fmt[n - 1] != '\n')
		fputc('\n', stderr);
}

/* ---- lifetime ---- */

struct up_plat *up_plat_new(void)
{
	struct up_plat *p = calloc(1, sizeof(*p));
	const char *v;

	if (!p)
		return NULL;
	p->ops = (struct ovnic_platform){
		.ctx		= p,
		.zalloc		= up_zalloc,
		.free		= up_free,
		.phys_to_ptr	= up_phys_to_ptr,
		.phys_span	= up_phys_span,
		.lock_new	= up_lock_new,
		.lock_free	= up_lock_free,
		.lock		= up_lock,
		.unlock		= up_unlock,
		.now_ns		= up_now_ns,
		.timer_new	= up_timer_new,
		.timer_free	= up_timer_free,
		.timer_arm	= up_timer_arm,
		.timer_cancel	= up_timer_cancel,
		.timer_cancel_sync = up_timer_cancel_sync,
		.wake_core	= up_wake_core,
		.irq		= up_irq,
		.wire_tx	= up_wire_tx,
		.log		= up_log,
	};
	p->wire_tail = &p->wire_head;
	p->now = 1000000000ull;		/* not zero: catches "0 = unset" */
	v = getenv("OVNIC_TEST_VERBOSE");
	p->verbose = v && *v && strcmp(v, "0");
	return p;
}

void up_plat_free(struct up_plat *p)
{
	unsigned int i;

	if (!p)
		return;
	while (p->timers) {
		struct ovnic_timer *t = p->timers;

		p->timers = t->next;
		t->magic = 0;
		free(t);
	}
	up_wire_clear(p);
	for (i = 0; i < p->narenas; i++)
		if (p->arena[i].mapped)
			munmap(p->arena[i].base, p->arena[i].size);
	free(p);
}

const struct ovnic_platform *up_plat_ops(struct up_plat *p)
{
	return &p->ops;
}
