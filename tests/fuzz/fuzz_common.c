// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What the libFuzzer targets share.  See fuzz_common.h.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "fuzz_common.h"

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FZ_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__) && !defined(FZ_ASAN)
#define FZ_ASAN 1
#endif
#ifdef FZ_ASAN
#include <sanitizer/asan_interface.h>
#endif

void fz_fail(const char *what, const char *file, int line)
{
	fprintf(stderr, "\nfuzz: invariant violated at %s:%d: %s\n", file,
		line, what);
	fflush(stderr);
	__builtin_trap();
}

int fz_tracing = -1;

void fz_trace_init(void)
{
	const char *v = getenv("FUZZ_TRACE");

	fz_tracing = v && *v && strcmp(v, "0");
}

void fz_trace(const char *fmt, ...)
{
	va_list ap;

	if (fz_tracing < 0)
		fz_trace_init();
	if (!fz_tracing)
		return;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

size_t fz_bytes(struct fz_in *in, void *dst, size_t len)
{
	size_t n = len < in->n ? len : in->n;

	if (n)
		memcpy(dst, in->p, n);
	if (len > n)
		memset((uint8_t *)dst + n, 0, len - n);
	in->p += n;
	in->n -= n;
	return n;
}

/* ---- DMA memory ---- */

void fz_poison(const void *p, size_t len)
{
#ifdef FZ_ASAN
	ASAN_POISON_MEMORY_REGION(p, len);
#else
	(void)p;
	(void)len;
#endif
}

void fz_unpoison(const void *p, size_t len)
{
#ifdef FZ_ASAN
	ASAN_UNPOISON_MEMORY_REGION(p, len);
#else
	(void)p;
	(void)len;
#endif
}

#define FZ_RAW	__attribute__((no_sanitize("address", "coverage")))

FZ_RAW void fz_mem_write(void *dst, const void *src, size_t len)
{
	volatile uint8_t *d = dst;
	const uint8_t *p = src;
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = p[i];
}

FZ_RAW void fz_mem_read(void *dst, const void *src, size_t len)
{
	const volatile uint8_t *p = src;
	uint8_t *d = dst;
	size_t i;

	for (i = 0; i < len; i++)
		d[i] = p[i];
}

/* No two neighbours equal, so a shifted copy never matches. */
uint8_t fz_pattern(size_t off)
{
	return (uint8_t)(0xa5 ^ off ^ off >> 8);
}

static uint8_t *fz_pat;		/* the pattern of the whole arena */

struct fz_arena *fz_arena_get(size_t size)
{
	static struct fz_arena a;
	size_t i;
	void *p;

	if (a.base) {
		fz_assert(a.size == size);
		return &a;
	}
	size = (size + 4095) & ~(size_t)4095;
	a.guard = FZ_GUARD;
	a.size = size;
	a.total = size + 2 * a.guard;
	p = mmap(NULL, a.total, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	fz_assert(p != MAP_FAILED);
	fz_pat = malloc(a.total);
	fz_assert(fz_pat);
	for (i = 0; i < a.total; i++)
		fz_pat[i] = fz_pattern(i);
	a.base = p;
	a.body = a.base + a.guard;
	return &a;
}

void fz_arena_reset(struct fz_arena *a)
{
	fz_unpoison(a->base, a->total);
	memcpy(a->base, fz_pat, a->total);
}

void fz_arena_reset_guards(struct fz_arena *a)
{
	size_t hi = a->guard + a->size;

	fz_unpoison(a->base, a->total);
	memcpy(a->base, fz_pat, a->guard);
	memcpy(a->base + hi, fz_pat + hi, a->guard);
}

bool fz_arena_guards_ok(const struct fz_arena *a)
{
	size_t hi = a->guard + a->size;

	fz_unpoison(a->base, a->guard);
	fz_unpoison(a->base + hi, a->guard);
	return !memcmp(a->base, fz_pat, a->guard) &&
	       !memcmp(a->base + hi, fz_pat + hi, a->guard);
}

/* ---- the card ---- */

/*
 * The card's own structure is larger than ASan's allocator keeps: each
 * run would mmap() and fault it in afresh.  One block is kept across runs
 * instead; the platform's allocation count sees no difference.
 */
#define FZ_BIG		(64u << 10)

static void *(*fz_plat_zalloc)(void *ctx, unsigned long size);
static void (*fz_plat_free)(void *ctx, void *ptr);
static void *fz_big;
static unsigned long fz_big_size;
static bool fz_big_used;

static void *fz_zalloc(void *ctx, unsigned long size)
{
	struct up_plat *p = ctx;

	if (size < FZ_BIG || fz_big_used)
		return fz_plat_zalloc(ctx, size);
	if (fz_big_size < size) {
		free(fz_big);
		fz_big = malloc(size);
		fz_assert(fz_big);
		fz_big_size = size;
	}
	memset(fz_big, 0, size);
	fz_big_used = true;
	p->allocs++;
	p->alloc_total++;
	return fz_big;
}

static void fz_free(void *ctx, void *ptr)
{
	struct up_plat *p = ctx;

	if (!ptr || ptr != fz_big) {
		fz_plat_free(ctx, ptr);
		return;
	}
	fz_assert(fz_big_used);
	fz_big_used = false;
	p->allocs--;
}

struct vd_card *fz_card_new(const struct ovnic_card_params *params,
			    struct fz_arena *a, bool guards_are_memory)
{
	static const struct ovnic_card_params def = {
		.max_devices	= 8,
		.max_vqp	= 4,
		.max_queue_size	= 256,
		.num_cores	= 2,
	};
	struct vd_card *c = calloc(1, sizeof(*c));

	fz_assert(c);
	c->params = params ? *params : def;
	c->budget = 64;
	c->poll_limit = FZ_POLL_LIMIT;
	c->plat = up_plat_new();
	fz_assert(c->plat);
	/* Registered, not created: the platform leaves it mapped. */
	if (guards_are_memory)
		fz_assert(!up_arena_add(c->plat, a->base, a->total));
	else
		fz_assert(!up_arena_add(c->plat, a->body, a->size));
	vd_card_set_pool(c, a->body, a->size);
	fz_plat_zalloc = c->plat->ops.zalloc;
	fz_plat_free = c->plat->ops.free;
	c->plat->ops.zalloc = fz_zalloc;
	c->plat->ops.free = fz_free;
	c->card = ovnic_card_new(up_plat_ops(c->plat), &c->params);
	return c;
}

void fz_check_plat(struct vd_card *c, bool vectors)
{
	struct up_plat *p = c->plat;
	unsigned int i;

	fz_assert(p->lock_errors == 0);
	for (i = 0; i < OVNIC_LOCK_CLASSES; i++)
		fz_assert(p->held_by_class[i] == 0);
	for (i = c->params.num_cores; i < UP_MAX_CORES; i++)
		fz_assert(p->wake_count[i] == 0);
	if (vectors)
		fz_assert(p->irq_bad_vector == 0);
}

void fz_card_free(struct vd_card *c)
{
	struct up_plat *p = c->plat;

	if (c->card) {
		ovnic_card_free(c->card);
		c->card = NULL;
	}
	fz_check_plat(c, false);
	fz_assert(p->allocs == 0);
	fz_assert(p->locks_live == 0);
	fz_assert(p->timer.live == 0);
	fz_assert(p->timer.misuse == 0);
	vd_card_free(c);
}

void fz_run(struct vd_card *c)
{
	int r = vd_card_run(c);

	/* The card must come to rest: nothing the driver did is endless. */
	fz_assert(r == 0);
}
