/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the libFuzzer targets share: a reader that turns the fuzzer's bytes
 * into values, a card built on the userspace platform without an identity
 * arena, DMA memory with guard pages around it, and the checks every
 * target ends with.
 *
 * Nothing here depends on an address space starting as identity: every
 * target programs MR_MAP before it gives the card an address.
 */
#ifndef OVNIC_FUZZ_COMMON_H
#define OVNIC_FUZZ_COMMON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vdriver.h"

#define FZ_ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* ---- failing ---- */

void fz_fail(const char *what, const char *file, int line)
	__attribute__((noreturn));

/* An invariant of the card: a violation is a crash libFuzzer saves. */
#define fz_assert(cond)							\
	do {								\
		if (!(cond))						\
			fz_fail(#cond, __FILE__, __LINE__);		\
	} while (0)

/* With FUZZ_TRACE=1 in the environment, what a target does (reproducing). */
extern int fz_tracing;
void fz_trace_init(void);
void fz_trace(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- input ---- */

struct fz_in {
	const uint8_t *p;
	size_t n;
};

/* Past the end every read gives zeroes: short inputs stay meaningful. */
static inline uint8_t fz_u8(struct fz_in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static inline uint16_t fz_u16(struct fz_in *in)
{
	uint16_t lo = fz_u8(in);

	return (uint16_t)(lo | fz_u8(in) << 8);
}

static inline uint32_t fz_u32(struct fz_in *in)
{
	uint32_t lo = fz_u16(in);

	return lo | (uint32_t)fz_u16(in) << 16;
}

static inline uint64_t fz_u64(struct fz_in *in)
{
	uint64_t lo = fz_u32(in);

	return lo | (uint64_t)fz_u32(in) << 32;
}

static inline bool fz_more(const struct fz_in *in)
{
	return in->n != 0;
}

/* Copies up to @len bytes, zero-filling what the input lacks. */
size_t fz_bytes(struct fz_in *in, void *dst, size_t len);

/* ---- DMA memory ---- */

/*
 * One mmap()ed stretch: a guard, the body the targets place rings and
 * buffers in, a guard.  Each run starts with the whole of it filled with a
 * pattern; the guards must still hold it at the end.  Under ASan the
 * targets also poison what the card must not touch.
 */
struct fz_arena {
	uint8_t *base;		/* first guard */
	uint8_t *body;
	size_t guard;
	size_t size;		/* body */
	size_t total;		/* guard + body + guard */
};

#define FZ_GUARD	4096

/* The process's arena of @size bytes, created on first use. */
struct fz_arena *fz_arena_get(size_t size);
/* Unpoison, fill with the pattern. */
void fz_arena_reset(struct fz_arena *a);
/* The same for the guards alone (the body is the target's to set up). */
void fz_arena_reset_guards(struct fz_arena *a);
uint8_t fz_pattern(size_t off);
/* Whether the guards still hold the pattern. */
bool fz_arena_guards_ok(const struct fz_arena *a);

void fz_poison(const void *p, size_t len);
void fz_unpoison(const void *p, size_t len);

/*
 * The harness's own accesses to DMA memory: they go past ASan's poison
 * (meant for the card) and are not coverage.  Byte by byte through
 * volatile pointers: a memcpy() would be ASan's, which checks the poison.
 */
void fz_mem_write(void *dst, const void *src, size_t len);
void fz_mem_read(void *dst, const void *src, size_t len);

/* ---- the card ---- */

/*
 * A card and its platform, as vdriver's vd_card (so every vd_* helper
 * works), whose only DMA memory is @body of @a: nothing else is host
 * memory to the card, and vdriver allocates rings and buffers from it.
 */
struct vd_card *fz_card_new(const struct ovnic_card_params *params,
			    struct fz_arena *a, bool guards_are_memory);
/*
 * Free the card and check it gave back every allocation, lock and timer
 * and never misused a lock.
 */
void fz_card_free(struct vd_card *c);
/* Locks balanced and used right, no interrupt on a foreign vector. */
void fz_check_plat(struct vd_card *c, bool vectors);
/* vd_card_run(), which must come to rest within the poll limit. */
void fz_run(struct vd_card *c);

#define FZ_POLL_LIMIT	4096

#endif /* OVNIC_FUZZ_COMMON_H */
