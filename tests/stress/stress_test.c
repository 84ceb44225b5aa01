// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * stress: what every thread uses: failures, its random numbers, sleeping.
 */
#include <stdarg.h>
#include <stdio.h>
#include <time.h>

#include "stress_test.h"

void st_fail(struct st_test *t, const char *fmt, ...)
{
	va_list ap;

	if (__atomic_add_fetch(&t->failures, 1, __ATOMIC_RELAXED) >
	    ST_MAX_FAIL_MSGS)
		return;
	va_start(ap, fmt);
	fputs("stress: FAIL: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

bool st_stopping(struct st_test *t)
{
	return __atomic_load_n(&t->stop, __ATOMIC_ACQUIRE);
}

uint32_t st_rand(uint32_t *s)
{
	uint32_t x = *s;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	*s = x;
	return x;
}

void st_usleep(unsigned int us)
{
	struct timespec ts = { .tv_sec = us / 1000000,
			       .tv_nsec = (long)(us % 1000000) * 1000 };

	nanosleep(&ts, NULL);
}
