/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kshim: the little of the kernel that kernel/cmds.c uses, for its
 * userspace build.  This header is plain C: the kernel's fixed-width
 * types, struct device, printk's sink and the clock behind jiffies.  The
 * kernel's own names (dev_err, __ratelimit, ERR_PTR, ...) are in
 * include/linux/, which only cmds.c and the shim itself see.
 */
#ifndef OVNIC_KSHIM_H
#define OVNIC_KSHIM_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* As the kernel has them (int-ll64): u64 is unsigned long long. */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

struct device {
	const char *name;
};

/* printk's levels, as the kernel numbers them. */
enum kshim_level {
	KSHIM_ERR	= 3,
	KSHIM_WARNING	= 4,
	KSHIM_INFO	= 6,
};

/*
 * Where formatted messages go: one call per message, @dev NULL for a
 * message of no device, @msg with its newline.  The default sink writes to
 * stderr when OVNIC_TEST_VERBOSE is set and drops the message otherwise.
 */
typedef void (*kshim_log_fn)(void *ctx, enum kshim_level level,
			     const struct device *dev, const char *msg);
void kshim_set_log(kshim_log_fn fn, void *ctx);

#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* printf with the kernel's %pe (an ERR_PTR as its errno's name). */
int kshim_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
__printf(3, 4)
void kshim_dev_printk(enum kshim_level level, const struct device *dev,
		      const char *fmt, ...);

/*
 * jiffies count milliseconds of CLOCK_MONOTONIC plus an offset the tests
 * move forward (a rate limit's interval, without waiting for it).
 */
#define KSHIM_HZ	1000
unsigned long kshim_jiffies(void);
void kshim_jiffies_advance(unsigned long delta);

#endif /* OVNIC_KSHIM_H */
