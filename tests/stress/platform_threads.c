// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A real-threads platform for the card's firmware.  See platform_threads.h.
 */
#include <errno.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "platform_threads.h"

#define TP_TIMER_MAGIC	0x54494d52u
#define TP_SPIN_YIELD	64	/* spins before the waiter yields the CPU */

#define tp_inc(p)	__atomic_add_fetch((p), 1, __ATOMIC_RELAXED)
#define tp_dec(p)	__atomic_sub_fetch((p), 1, __ATOMIC_RELAXED)

static const char *const tp_lock_name[OVNIC_LOCK_CLASSES] = {
	[OVNIC_LOCK_CONTROL]	= "control",
	[OVNIC_LOCK_DEV]	= "dev",
	[OVNIC_LOCK_SWITCH]	= "switch",
	[OVNIC_LOCK_RXQ]	= "rxq",
};

/* What the calling thread holds and whether it runs the data path. */
struct tp_self {
	unsigned int held[OVNIC_LOCK_CLASSES];
	unsigned int spins;	/* spinlocks held */
	bool atomic;		/* device core, wire receive, timer callback */
};

static __thread struct tp_self tp_self;

static uintptr_t tp_self_id(void)
{
	return (uintptr_t)&tp_self;
}

static bool tp_in_atomic(void)
{
	return tp_self.atomic || tp_self.spins;
}

void tp_thread_atomic(bool on)
{
	tp_self.atomic = on;
}

uint64_t tp_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

static void tp_msg(struct tp_plat *p, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Misuse reports: the first few are printed, all are counted. */
static void tp_msg(struct tp_plat *p, const char *fmt, ...)
{
	va_list ap;

	if (__atomic_sub_fetch(&p->log_budget, 1, __ATOMIC_RELAXED) < 0)
		return;
	va_start(ap, fmt);
	fputs("platform_threads: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static void tp_check_sleepable(struct tp_plat *p, const char *what)
{
	if (!tp_in_atomic())
		return;
	tp_inc(&p->st.atomic_misuse);
	tp_msg(p, "%s in atomic context (%s)", what,
	       tp_self.spins ? "spinlock held" : "data-path thread");
}

/* ---- memory ---- */

static void *tp_zalloc(void *ctx, unsigned long size)
{
	struct tp_plat *p = ctx;
	void *ptr;

	tp_check_sleepable(p, "zalloc");
	ptr = calloc(1, size ? size : 1);
	if (ptr) {
		tp_inc(&p->st.allocs);
		tp_inc(&p->st.alloc_total);
	}
	return ptr;
}

static void tp_free(void *ctx, void *ptr)
{
	struct tp_plat *p = ctx;

	if (!ptr)
		return;
	tp_check_sleepable(p, "free");
	tp_dec(&p->st.allocs);
	free(ptr);
}

/* ---- DMA window: arenas are fixed once the threads run ---- */

static void *tp_phys_to_ptr(void *ctx, ovnic_u64 pa, ovnic_u64 len)
{
	struct tp_plat *p = ctx;
	unsigned int i;

	for (i = 0; i < p->narenas; i++) {
		uint64_t start = (uintptr_t)p->arena[i].base;
		uint64_t size = p->arena[i].size;

		if (pa < start || pa - start >= size || !len ||
		    len > size - (pa - start))
			continue;
		return (void *)(uintptr_t)pa;
	}
	tp_inc(&p->st.phys_refused);
	return NULL;
}

static void *tp_phys_span(void *ctx, ovnic_u64 pa, ovnic_u64 *first,
			  ovnic_u64 *last)
{
	struct tp_plat *p = ctx;
	unsigned int i;

	for (i = 0; i < p->narenas; i++) {
		uint64_t start = (uintptr_t)p->arena[i].base;

		if (pa < start || pa - start >= p->arena[i].size)
			continue;
		*first = start;
		*last = start + p->arena[i].size - 1;
		return p->arena[i].base;
	}
	return NULL;
}

void *tp_arena_create(struct tp_plat *p, size_t size)
{
	void *base;

	if (p->narenas >= TP_MAX_ARENAS)
		return NULL;
	base = mmap(NULL, size, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (base == MAP_FAILED)
		return NULL;
	p->arena[p->narenas++] = (struct tp_arena){ .base = base,
						    .size = size };
	return base;
}

/* ---- locks: a mutex for CONTROL, spinlocks for the rest ---- */

struct ovnic_lock {
	struct tp_plat *plat;
	enum ovnic_lock_class cls;
	pthread_mutex_t mutex;	/* OVNIC_LOCK_CONTROL */
	int spin;		/* the others: 1 while held */
	uintptr_t owner;	/* atomic: tp_self_id() of the holder */
	unsigned int recursion;	/* acquisitions refused by the holder */
};

static struct ovnic_lock *tp_lock_new(void *ctx, enum ovnic_lock_class cls)
{
	struct tp_plat *p = ctx;
	struct ovnic_lock *l;

	tp_check_sleepable(p, "lock_new");
	if (cls >= OVNIC_LOCK_CLASSES)
		return NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->plat = p;
	l->cls = cls;
	if (cls == OVNIC_LOCK_CONTROL)
		pthread_mutex_init(&l->mutex, NULL);
	tp_inc(&p->st.locks_live);
	return l;
}

static void tp_lock_free(void *ctx, struct ovnic_lock *l)
{
	struct tp_plat *p = ctx;

	if (!l)
		return;
	tp_check_sleepable(p, "lock_free");
	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED)) {
		tp_inc(&p->st.lock_errors);
		tp_msg(p, "%s lock freed while held", tp_lock_name[l->cls]);
	}
	if (l->cls == OVNIC_LOCK_CONTROL)
		pthread_mutex_destroy(&l->mutex);
	tp_dec(&p->st.locks_live);
	free(l);
}

static void tp_spin_lock(int *spin)
{
	unsigned int n = 0;

	while (__atomic_exchange_n(spin, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(spin, __ATOMIC_RELAXED)) {
			if (++n % TP_SPIN_YIELD == 0)
				sched_yield();
			else
				__builtin_ia32_pause();
		}
	}
}

static void tp_lock(struct ovnic_lock *l)
{
	struct tp_plat *p = l->plat;
	unsigned int c;

	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) == tp_self_id()) {
		/* Taking it would deadlock: count, and pair the unlock. */
		tp_inc(&p->st.lock_errors);
		tp_msg(p, "recursive %s lock", tp_lock_name[l->cls]);
		l->recursion++;
		return;
	}
	for (c = l->cls; c < OVNIC_LOCK_CLASSES; c++) {
		if (!tp_self.held[c] ||
		    (c == l->cls && c == OVNIC_LOCK_CONTROL))
			continue;
		tp_inc(&p->st.lock_order);
		tp_msg(p, "%s lock taken with a %s lock held",
		       tp_lock_name[l->cls], tp_lock_name[c]);
	}
	if (l->cls == OVNIC_LOCK_CONTROL) {
		tp_check_sleepable(p, "control lock");
		pthread_mutex_lock(&l->mutex);
	} else {
		tp_spin_lock(&l->spin);
		tp_self.spins++;
	}
	__atomic_store_n(&l->owner, tp_self_id(), __ATOMIC_RELAXED);
	tp_self.held[l->cls]++;
}

static void tp_unlock(struct ovnic_lock *l)
{
	struct tp_plat *p = l->plat;

	if (__atomic_load_n(&l->owner, __ATOMIC_RELAXED) != tp_self_id()) {
		tp_inc(&p->st.lock_errors);
		tp_msg(p, "unlock of a %s lock this thread doesn't hold",
		       tp_lock_name[l->cls]);
		return;
	}
	if (l->recursion) {
		l->recursion--;
		return;
	}
	tp_self.held[l->cls]--;
	__atomic_store_n(&l->owner, 0, __ATOMIC_RELAXED);
	if (l->cls == OVNIC_LOCK_CONTROL) {
		pthread_mutex_unlock(&l->mutex);
	} else {
		tp_self.spins--;
		__atomic_store_n(&l->spin, 0, __ATOMIC_RELEASE);
	}
}

/* ---- clock and timers ---- */

static ovnic_u64 tp_now_cb(void *ctx)
{
	(void)ctx;
	return tp_now_ns();
}

struct ovnic_timer {
	uint32_t magic;
	struct tp_plat *plat;
	struct ovnic_timer *next;
	ovnic_timer_fn *fn;
	void *arg;
	bool armed;
	uint64_t deadline;
};

static struct ovnic_timer *tp_timer_new(void *ctx, ovnic_timer_fn *fn,
					void *arg)
{
	struct tp_plat *p = ctx;
	struct ovnic_timer *t;

	tp_check_sleepable(p, "timer_new");
	t = calloc(1, sizeof(*t));
	if (!t)
		return NULL;
	t->magic = TP_TIMER_MAGIC;
	t->plat = p;
	t->fn = fn;
	t->arg = arg;
	pthread_mutex_lock(&p->timer_mutex);
	t->next = p->timers;
	p->timers = t;
	pthread_mutex_unlock(&p->timer_mutex);
	tp_inc(&p->st.timers_live);
	return t;
}

/* With timer_mutex held. */
static bool tp_timer_ok(struct tp_plat *p, struct ovnic_timer *t)
{
	if (t && t->magic == TP_TIMER_MAGIC)
		return true;
	tp_inc(&p->st.timer_misuse);
	tp_msg(p, "use of a freed or bogus timer");
	return false;
}

/* Disarm @t and wait for its callback; with timer_mutex held. */
static void tp_timer_stop_sync(struct tp_plat *p, struct ovnic_timer *t)
{
	t->armed = false;
	while (p->timer_running == t)
		pthread_cond_wait(&p->timer_done, &p->timer_mutex);
}

static void tp_timer_free(void *ctx, struct ovnic_timer *t)
{
	struct tp_plat *p = ctx;
	struct ovnic_timer **pp;

	tp_check_sleepable(p, "timer_free");
	pthread_mutex_lock(&p->timer_mutex);
	if (!t || !tp_timer_ok(p, t)) {
		pthread_mutex_unlock(&p->timer_mutex);
		return;
	}
	tp_timer_stop_sync(p, t);
	for (pp = &p->timers; *pp; pp = &(*pp)->next) {
		if (*pp == t) {
			*pp = t->next;
			break;
		}
	}
	t->magic = 0;
	pthread_mutex_unlock(&p->timer_mutex);
	tp_dec(&p->st.timers_live);
	free(t);
}

/*
 * Data-path calls: the mutex here stands for the kernel's hrtimer base
 * lock, which is also taken with interrupts off from any context.
 */
static void tp_timer_arm(struct ovnic_timer *t, ovnic_u64 delay_ns)
{
	struct tp_plat *p = t->plat;

	pthread_mutex_lock(&p->timer_mutex);
	if (tp_timer_ok(p, t)) {
		t->armed = true;
		t->deadline = tp_now_ns() + delay_ns;
		tp_inc(&p->st.timer_arms);
		pthread_cond_signal(&p->timer_cond);
	}
	pthread_mutex_unlock(&p->timer_mutex);
}

static void tp_timer_cancel(struct ovnic_timer *t)
{
	struct tp_plat *p = t->plat;

	pthread_mutex_lock(&p->timer_mutex);
	if (tp_timer_ok(p, t))
		t->armed = false;
	pthread_mutex_unlock(&p->timer_mutex);
}

static void tp_timer_cancel_sync(struct ovnic_timer *t)
{
	struct tp_plat *p = t->plat;

	tp_check_sleepable(p, "timer_cancel_sync");
	pthread_mutex_lock(&p->timer_mutex);
	if (tp_timer_ok(p, t))
		tp_timer_stop_sync(p, t);
	pthread_mutex_unlock(&p->timer_mutex);
}

static struct ovnic_timer *tp_timer_earliest(struct tp_plat *p)
{
	struct ovnic_timer *t, *best = NULL;

	for (t = p->timers; t; t = t->next)
		if (t->armed && (!best || t->deadline < best->deadline))
			best = t;
	return best;
}

/* Callbacks run here, in "interrupt" context, one at a time. */
static void *tp_timer_thread(void *arg)
{
	struct tp_plat *p = arg;

	tp_thread_atomic(true);
	pthread_mutex_lock(&p->timer_mutex);
	while (!p->timer_stop) {
		struct ovnic_timer *t = tp_timer_earliest(p);
		uint64_t now = tp_now_ns();
		struct timespec ts;

		if (!t) {
			pthread_cond_wait(&p->timer_cond, &p->timer_mutex);
			continue;
		}
		if (t->deadline > now) {
			ts.tv_sec = (time_t)(t->deadline / 1000000000ull);
			ts.tv_nsec = (long)(t->deadline % 1000000000ull);
			pthread_cond_timedwait(&p->timer_cond, &p->timer_mutex,
					       &ts);
			continue;
		}
		t->armed = false;
		p->timer_running = t;
		pthread_mutex_unlock(&p->timer_mutex);
		t->fn(t->arg);
		tp_inc(&p->st.timer_fires);
		pthread_mutex_lock(&p->timer_mutex);
		p->timer_running = NULL;
		pthread_cond_broadcast(&p->timer_done);
	}
	pthread_mutex_unlock(&p->timer_mutex);
	return NULL;
}

int tp_timers_start(struct tp_plat *p)
{
	if (pthread_create(&p->timer_thread, NULL, tp_timer_thread, p))
		return -1;
	p->timer_started = true;
	return 0;
}

void tp_timers_stop(struct tp_plat *p)
{
	if (!p->timer_started)
		return;
	pthread_mutex_lock(&p->timer_mutex);
	p->timer_stop = true;
	pthread_cond_broadcast(&p->timer_cond);
	pthread_mutex_unlock(&p->timer_mutex);
	pthread_join(p->timer_thread, NULL);
	p->timer_started = false;
}

/* ---- device cores ---- */

/*
 * Like the kernel's: the waker sets the core's pending flag and signals
 * only a core that sleeps.  Both sides store their own flag, then read the
 * other's (sequentially consistent), so one of them always sees the other.
 */
static void tp_wake_core(void *ctx, unsigned int core)
{
	struct tp_plat *p = ctx;
	struct tp_core *c;

	if (core >= p->ncores) {
		tp_inc(&p->st.bad_core);
		tp_msg(p, "wake of core %u, the card has %u", core, p->ncores);
		return;
	}
	c = &p->core[core];
	tp_inc(&c->wakes);
	if (__atomic_exchange_n(&c->pending, 1, __ATOMIC_SEQ_CST))
		return;
	if (!__atomic_load_n(&c->sleeping, __ATOMIC_SEQ_CST))
		return;
	pthread_mutex_lock(&c->mutex);
	pthread_cond_signal(&c->cond);
	pthread_mutex_unlock(&c->mutex);
}

static bool tp_core_stopping(struct tp_plat *p)
{
	return __atomic_load_n(&p->cores_stop, __ATOMIC_ACQUIRE);
}

static void tp_core_sleep(struct tp_core *c)
{
	pthread_mutex_lock(&c->mutex);
	__atomic_store_n(&c->sleeping, 1, __ATOMIC_SEQ_CST);
	while (!__atomic_load_n(&c->pending, __ATOMIC_SEQ_CST) &&
	       !tp_core_stopping(c->plat))
		pthread_cond_wait(&c->cond, &c->mutex);
	__atomic_store_n(&c->sleeping, 0, __ATOMIC_SEQ_CST);
	pthread_mutex_unlock(&c->mutex);
}

static void *tp_core_thread(void *arg)
{
	struct tp_core *c = arg;
	struct tp_plat *p = c->plat;
	int more;

	tp_thread_atomic(true);
	while (!tp_core_stopping(p)) {
		if (!__atomic_exchange_n(&c->pending, 0, __ATOMIC_SEQ_CST)) {
			tp_core_sleep(c);
			continue;
		}
		do {
			more = ovnic_card_core_poll(p->card, c->index,
						    TP_CORE_BUDGET);
			c->polls++;
			/* two CPUs for a dozen threads: let the others in */
			sched_yield();
		} while (more && !tp_core_stopping(p));
	}
	return NULL;
}

int tp_cores_start(struct tp_plat *p, struct ovnic_card *card,
		   unsigned int ncores)
{
	unsigned int i;

	if (ncores > TP_MAX_CORES)
		return -1;
	p->card = card;
	p->ncores = ncores;
	for (i = 0; i < ncores; i++) {
		struct tp_core *c = &p->core[i];

		c->plat = p;
		c->index = i;
		pthread_mutex_init(&c->mutex, NULL);
		pthread_cond_init(&c->cond, NULL);
		if (pthread_create(&c->thread, NULL, tp_core_thread, c)) {
			tp_cores_stop(p);
			return -1;
		}
		c->started = true;
	}
	return 0;
}

void tp_cores_stop(struct tp_plat *p)
{
	unsigned int i;

	__atomic_store_n(&p->cores_stop, 1, __ATOMIC_RELEASE);
	for (i = 0; i < p->ncores; i++) {
		struct tp_core *c = &p->core[i];

		if (!c->started)
			continue;
		pthread_mutex_lock(&c->mutex);
		pthread_cond_signal(&c->cond);
		pthread_mutex_unlock(&c->mutex);
		pthread_join(c->thread, NULL);
		c->started = false;
	}
}

/* ---- interrupts, the port, logging ---- */

static void tp_irq(void *ctx, ovnic_u32 vector)
{
	struct tp_plat *p = ctx;

	tp_inc(&p->st.irq_total);
	if (vector >= TP_MAX_VECTORS) {
		tp_inc(&p->st.irq_bad_vector);
		return;
	}
	tp_inc(&p->irq_count[vector]);
}

static void tp_wire_tx(void *ctx, const struct ovnic_wire_hdr *hdr,
		       const void *const *piece, const ovnic_u32 *piece_len,
		       ovnic_u32 npieces)
{
	struct tp_plat *p = ctx;
	struct tp_wire_slot *s;
	uint32_t len = 0, i;

	(void)hdr;	/* the stress frames carry no offload state */

	for (i = 0; i < npieces; i++)
		len += piece_len[i];
	tp_inc(&p->st.wire_frames);
	__atomic_add_fetch(&p->st.wire_bytes, len, __ATOMIC_RELAXED);
	if (!p->wire_keep || len > TP_WIRE_FRAME)
		return;
	pthread_mutex_lock(&p->wire_mutex);
	if (p->wire_head - p->wire_tail >= TP_WIRE_SLOTS) {
		pthread_mutex_unlock(&p->wire_mutex);
		tp_inc(&p->st.wire_dropped);
		return;
	}
	s = &p->wire[p->wire_head++ % TP_WIRE_SLOTS];
	s->len = 0;
	for (i = 0; i < npieces; i++) {
		memcpy(s->data + s->len, piece[i], piece_len[i]);
		s->len += piece_len[i];
	}
	pthread_mutex_unlock(&p->wire_mutex);
}

unsigned int tp_wire_pop(struct tp_plat *p, struct tp_wire_slot *out,
			 unsigned int max)
{
	unsigned int n = 0;

	pthread_mutex_lock(&p->wire_mutex);
	while (n < max && p->wire_tail != p->wire_head) {
		const struct tp_wire_slot *s =
			&p->wire[p->wire_tail++ % TP_WIRE_SLOTS];

		out[n].len = s->len;
		memcpy(out[n].data, s->data, s->len);
		n++;
	}
	pthread_mutex_unlock(&p->wire_mutex);
	return n;
}

static void tp_log(void *ctx, enum ovnic_log_level level, const char *fmt,
		   __builtin_va_list ap)
{
	static const char *const lvl[] = { "err", "warn", "info", "debug" };
	struct tp_plat *p = ctx;
	char buf[256];

	if (level == OVNIC_LOG_ERR)
		tp_inc(&p->st.log_err);
	else if (level == OVNIC_LOG_WARN)
		tp_inc(&p->st.log_warn);
	if (!fmt || (level > OVNIC_LOG_WARN && !p->verbose))
		return;
	if (__atomic_sub_fetch(&p->log_budget, 1, __ATOMIC_RELAXED) < 0)
		return;
	vsnprintf(buf, sizeof(buf), fmt, ap);
	buf[strcspn(buf, "\n")] = '\0';
	fprintf(stderr, "ovnic %s: %s\n",
		(unsigned int)level < 4 ? lvl[level] : "?", buf);
}

/* ---- lifetime ---- */

struct tp_plat *tp_plat_new(void)
{
	struct tp_plat *p = calloc(1, sizeof(*p));
	pthread_condattr_t attr;
	const char *v;

	if (!p)
		return NULL;
	p->wire = calloc(TP_WIRE_SLOTS, sizeof(*p->wire));
	if (!p->wire) {
		free(p);
		return NULL;
	}
	p->ops = (struct ovnic_platform){
		.ctx		= p,
		.zalloc		= tp_zalloc,
		.free		= tp_free,
		.phys_to_ptr	= tp_phys_to_ptr,
		.phys_span	= tp_phys_span,
		.lock_new	= tp_lock_new,
		.lock_free	= tp_lock_free,
		.lock		= tp_lock,
		.unlock		= tp_unlock,
		.now_ns		= tp_now_cb,
		.timer_new	= tp_timer_new,
		.timer_free	= tp_timer_free,
		.timer_arm	= tp_timer_arm,
		.timer_cancel	= tp_timer_cancel,
		.timer_cancel_sync = tp_timer_cancel_sync,
		.wake_core	= tp_wake_core,
		.irq		= tp_irq,
		.wire_tx	= tp_wire_tx,
		.log		= tp_log,
	};
	pthread_mutex_init(&p->timer_mutex, NULL);
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&p->timer_cond, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&p->timer_done, NULL);
	pthread_mutex_init(&p->wire_mutex, NULL);
	v = getenv("OVNIC_TEST_VERBOSE");
	p->verbose = v && *v && strcmp(v, "0");
	p->log_budget = p->verbose ? 100000 : 40;
	return p;
}

void tp_plat_free(struct tp_plat *p)
{
	unsigned int i;

	if (!p)
		return;
	tp_cores_stop(p);
	tp_timers_stop(p);
	while (p->timers) {
		struct ovnic_timer *t = p->timers;

		p->timers = t->next;
		free(t);
	}
	for (i = 0; i < p->narenas; i++)
		munmap(p->arena[i].base, p->arena[i].size);
	pthread_mutex_destroy(&p->timer_mutex);
	pthread_cond_destroy(&p->timer_cond);
	pthread_cond_destroy(&p->timer_done);
	pthread_mutex_destroy(&p->wire_mutex);
	free(p->wire);
	free(p);
}

const struct ovnic_platform *tp_plat_ops(struct tp_plat *p)
{
	return &p->ops;
}
