// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: what it needs of the system: errors, time, the CPUs it may
 * run on, threads pinned one per CPU.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "fw_bench_sys.h"

void die(const char *what, int err)
{
	fprintf(stderr, "fw_bench: %s failed (%d)\n", what, err);
	exit(1);
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* CPU time of every thread of the process. */
double cpu_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

void sleep_s(double s)
{
	struct timespec ts = { .tv_sec = (time_t)s,
			       .tv_nsec = (long)((s - (time_t)s) * 1e9) };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

/* The CPUs this process may run on. */
unsigned int online_cpus(int *cpu, unsigned int max)
{
	cpu_set_t set;
	unsigned int n = 0;
	int i;

	if (sched_getaffinity(0, sizeof(set), &set))
		return 0;
	for (i = 0; i < CPU_SETSIZE && n < max; i++)
		if (CPU_ISSET(i, &set))
			cpu[n++] = i;
	return n;
}

void threads_start(struct threads *th, void *(*fn)(void *), void *arg)
{
	pthread_attr_t attr;
	int err;

	if (th->n >= BENCH_MAX_THREADS)
		die("too many threads", -EINVAL);
	pthread_attr_init(&attr);
	if (th->ncpu >= 2) {
		cpu_set_t set;

		CPU_ZERO(&set);
		CPU_SET(th->cpu[th->n % th->ncpu], &set);
		pthread_attr_setaffinity_np(&attr, sizeof(set), &set);
	}
	err = pthread_create(&th->t[th->n], &attr, fn, arg);
	pthread_attr_destroy(&attr);
	if (err)
		die("pthread_create", -err);
	th->n++;
}

void threads_join(struct threads *th)
{
	unsigned int i;

	for (i = 0; i < th->n; i++)
		pthread_join(th->t[i], NULL);
	th->n = 0;
}

int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}
