/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_sys.c: errors, time, the CPUs, threads pinned one per CPU;
 * sorting samples.  The other benchmarks (fair_bench, suspend_bench) use it
 * too.
 */
#ifndef OVNIC_FW_BENCH_SYS_H
#define OVNIC_FW_BENCH_SYS_H

#include <pthread.h>

#include "fw_bench_defs.h"

struct threads {
	pthread_t t[BENCH_MAX_THREADS];
	unsigned int n;
	int cpu[BENCH_MAX_THREADS];
	unsigned int ncpu;
};

void die(const char *what, int err);
double now_s(void);
uint64_t now_ns(void);
double cpu_s(void);
void sleep_s(double s);
unsigned int online_cpus(int *cpu, unsigned int max);
void threads_start(struct threads *th, void *(*fn)(void *), void *arg);
void threads_join(struct threads *th);
/* qsort() order of uint64_t samples. */
int cmp_u64(const void *a, const void *b);

#endif /* OVNIC_FW_BENCH_SYS_H */
