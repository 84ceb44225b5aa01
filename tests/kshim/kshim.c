// SPDX-License-Identifier: GPL-2.0
/*
 * kshim: printk with %pe, the ratelimit and jiffies, for the userspace
 * build of kernel/cmds.c.  See kshim.h.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/array_size.h>
#include <linux/err.h>
#include <linux/ratelimit.h>

#include "kshim.h"

/* ---- printk ---- */

/* The names %pe prints, for the errnos a driver returns. */
static const char *const kshim_errname[] = {
	[EPERM]		= "-EPERM",
	[ENOENT]	= "-ENOENT",
	[EINTR]		= "-EINTR",
	[EIO]		= "-EIO",
	[ENXIO]		= "-ENXIO",
	[E2BIG]		= "-E2BIG",
	[EAGAIN]	= "-EAGAIN",
	[ENOMEM]	= "-ENOMEM",
	[EACCES]	= "-EACCES",
	[EFAULT]	= "-EFAULT",
	[EBUSY]		= "-EBUSY",
	[EEXIST]	= "-EEXIST",
	[ENODEV]	= "-ENODEV",
	[EINVAL]	= "-EINVAL",
	[ENOSPC]	= "-ENOSPC",
	[ERANGE]	= "-ERANGE",
	[ENODATA]	= "-ENODATA",
	[EPROTO]	= "-EPROTO",
	[EBADMSG]	= "-EBADMSG",
	[EOVERFLOW]	= "-EOVERFLOW",
	[EMSGSIZE]	= "-EMSGSIZE",
	[EOPNOTSUPP]	= "-EOPNOTSUPP",
	[ENOBUFS]	= "-ENOBUFS",
	[ETIMEDOUT]	= "-ETIMEDOUT",
	[ECANCELED]	= "-ECANCELED",
};

/* Appends @s (@n bytes) to what fits of @buf; *@len counts it all. */
static void kshim_put(char *buf, size_t size, size_t *len, const char *s,
		      size_t n)
{
	if (*len < size) {
		size_t room = size - *len - 1;

		memcpy(buf + *len, s, n < room ? n : room);
	}
	*len += n;
}

/* %pe: an error pointer by its errno's name (its number if unnamed). */
static void kshim_put_errptr(char *buf, size_t size, size_t *len,
			     const void *ptr)
{
	long err = PTR_ERR(ptr);
	char num[32];
	int n;

	if (IS_ERR(ptr) && -err < (long)ARRAY_SIZE(kshim_errname) &&
	    kshim_errname[-err]) {
		kshim_put(buf, size, len, kshim_errname[-err],
			  strlen(kshim_errname[-err]));
		return;
	}
	if (IS_ERR(ptr))
		n = snprintf(num, sizeof(num), "%ld", err);
	else
		n = snprintf(num, sizeof(num), "%p", ptr);
	kshim_put(buf, size, len, num, n);
}

/* One conversion, @spec as printf takes it, its argument from @ap. */
static int kshim_put_one(char *buf, size_t size, size_t len,
			 const char *spec, char conv, const char *lenmod,
			 va_list *ap)
{
	char *out = len < size ? buf + len : NULL;
	size_t room = len < size ? size - len : 0;
	bool is_long = lenmod[0] == 'l' && !lenmod[1];
	bool is_llong = lenmod[0] == 'l' && lenmod[1] == 'l';
	bool is_size = lenmod[0] == 'z';

	switch (conv) {
	case 'd':
	case 'i':
		if (is_llong)
			return snprintf(out, room, spec, va_arg(*ap, long long));
		if (is_long || is_size)
			return snprintf(out, room, spec, va_arg(*ap, long));
		return snprintf(out, room, spec, va_arg(*ap, int));
	case 'u':
	case 'x':
	case 'X':
	case 'o':
		if (is_llong)
			return snprintf(out, room, spec,
					va_arg(*ap, unsigned long long));
		if (is_long || is_size)
			return snprintf(out, room, spec,
					va_arg(*ap, unsigned long));
		return snprintf(out, room, spec, va_arg(*ap, unsigned int));
	case 'c':
		return snprintf(out, room, spec, va_arg(*ap, int));
	case 's':
		return snprintf(out, room, spec, va_arg(*ap, const char *));
	case 'p':
		return snprintf(out, room, spec, va_arg(*ap, void *));
	}
	/* a conversion the kernel code here doesn't use: a shim bug */
	fprintf(stderr, "kshim: unsupported conversion '%s'\n", spec);
	abort();
}

int kshim_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	size_t len = 0;
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		char spec[32], lenmod[3] = "";
		size_t n = 0, m = 0;

		if (*fmt != '%' || fmt[1] == '%') {
			kshim_put(buf, size, &len, fmt, 1);
			fmt += *fmt == '%' ? 2 : 1;
			continue;
		}
		spec[n++] = *fmt++;
		while (*fmt && strchr("-+ #0123456789.", *fmt) &&
		       n < sizeof(spec) - 4)
			spec[n++] = *fmt++;
		while (*fmt && strchr("hlzjt", *fmt) && m < 2) {
			lenmod[m++] = *fmt;
			spec[n++] = *fmt++;
		}
		spec[n++] = *fmt;
		spec[n] = '\0';
		if (fmt[0] == 'p' && fmt[1] == 'e') {
			kshim_put_errptr(buf, size, &len,
					 va_arg(args, void *));
			fmt += 2;
			continue;
		}
		len += kshim_put_one(buf, size, len, spec, *fmt, lenmod,
				     &args);
		if (*fmt)
			fmt++;
	}
	va_end(args);
	if (size)
		buf[len < size ? len : size - 1] = '\0';
	return (int)len;
}

static bool kshim_verbose(void)
{
	const char *v = getenv("OVNIC_TEST_VERBOSE");

	return v && *v && strcmp(v, "0");
}

static void kshim_log_default(void *ctx, enum kshim_level level,
			      const struct device *dev, const char *msg)
{
	(void)ctx;
	fprintf(stderr, "<%d>%s%s%s", level, dev ? dev->name : "",
		dev ? ": " : "", msg);
}

static kshim_log_fn kshim_log = kshim_log_default;
static void *kshim_log_ctx;

void kshim_set_log(kshim_log_fn fn, void *ctx)
{
	kshim_log = fn ? fn : kshim_log_default;
	kshim_log_ctx = fn ? ctx : NULL;
}

void kshim_dev_printk(enum kshim_level level, const struct device *dev,
		      const char *fmt, ...)
{
	static int verbose = -1;
	char msg[512];
	va_list ap;

	/* quiet by default: negative tests and fuzzers fail many commands */
	if (verbose < 0)
		verbose = kshim_verbose();
	if (kshim_log == kshim_log_default && !verbose)
		return;
	va_start(ap, fmt);
	kshim_vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	kshim_log(kshim_log_ctx, level, dev, msg);
}

/* ---- jiffies and the ratelimit ---- */

static unsigned long kshim_jiffies_offset;

unsigned long kshim_jiffies(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * KSHIM_HZ +
	       (unsigned long)ts.tv_nsec / (1000000000 / KSHIM_HZ) +
	       __atomic_load_n(&kshim_jiffies_offset, __ATOMIC_RELAXED);
}

void kshim_jiffies_advance(unsigned long delta)
{
	__atomic_fetch_add(&kshim_jiffies_offset, delta, __ATOMIC_RELAXED);
}

/* The kernel takes a per-state raw spinlock by trylock; one lock will do. */
static pthread_mutex_t kshim_ratelimit_lock = PTHREAD_MUTEX_INITIALIZER;

int ___ratelimit(struct ratelimit_state *rs, const char *func)
{
	unsigned long now = kshim_jiffies();
	int missed = 0;
	int ret;

	if (!rs->interval)
		return 1;
	/* contended: held back, as in the kernel */
	if (pthread_mutex_trylock(&kshim_ratelimit_lock))
		return 0;
	if (!rs->begin)
		rs->begin = now;
	if ((long)(now - (rs->begin + rs->interval)) > 0) {
		missed = rs->missed;
		rs->begin = now;
		rs->printed = 0;
		rs->missed = 0;
	}
	if (rs->burst && rs->burst > rs->printed) {
		rs->printed++;
		ret = 1;
	} else {
		rs->missed++;
		ret = 0;
	}
	pthread_mutex_unlock(&kshim_ratelimit_lock);
	if (missed)
		kshim_dev_printk(KSHIM_WARNING, NULL,
				 "%s: %d callbacks suppressed\n", func, missed);
	return ret;
}
