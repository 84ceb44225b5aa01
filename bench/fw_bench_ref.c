// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: what a run is measured against: the rate of memcpy over the
 * same buffers, and what else ran on the machine meanwhile.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "fw_bench_ref.h"
#include "fw_bench_sys.h"

/* ---- memcpy reference ---- */

struct mc_worker {
	uint32_t ring;
	uint32_t len;
	bool single_src;	/* one source buffer (wire2dev) */
	uint64_t dst_size;	/* TSO: into this much, one copy after another */
	int *stop;
	uint64_t copies;	/* read by the main thread */
} __attribute__((aligned(CACHELINE)));

/* memcpy over the same buffers the rings would use, until stopped. */
static void *mc_thread(void *arg)
{
	struct mc_worker *w = arg;
	size_t stride = (VD_NET_HDR_LEN + w->len + 63) & ~(size_t)63;
	uint8_t *src = aligned_alloc(64, stride * (w->single_src ? 1 :
							  w->ring));
	uint8_t *dst = aligned_alloc(64, stride * w->ring);

	if (!src || !dst)
		die("aligned_alloc", -ENOMEM);
	memset(src, 0x5a, stride * (w->single_src ? 1 : w->ring));
	memset(dst, 0, stride * w->ring);
	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
		uint32_t i;

		for (i = 0; i < w->ring; i++) {
			memcpy(dst + i * stride + VD_NET_HDR_LEN,
			       src + (w->single_src ? 0 : i * stride) +
			       VD_NET_HDR_LEN, w->len);
			__asm__ volatile("" : : "r"(dst) : "memory");
		}
		__atomic_store_n(&w->copies, w->copies + w->ring,
				 __ATOMIC_RELAXED);
	}
	free(src);
	free(dst);
	return NULL;
}

/*
 * 64 KiB frames (TSO): memcpy of @len bytes from each of the ring's
 * transmit-sized buffers, after the header as the card reads them, into
 * @dst_size bytes of destination, one copy after another (64-byte
 * aligned), around again when it is full: the bytes the card copies into
 * a receive ring, without its chains.
 */
static void *mc_thread_tso(void *arg)
{
	struct mc_worker *w = arg;
	size_t stride = (VD_NET_HDR_LEN + w->len + 63) & ~(size_t)63;
	size_t step = (w->len + 63) & ~(size_t)63, at = 0;
	uint8_t *src = aligned_alloc(64, stride * w->ring);
	uint8_t *dst = aligned_alloc(64, w->dst_size);

	if (!src || !dst || w->dst_size < step)
		die("aligned_alloc", -ENOMEM);
	memset(src, 0x5a, stride * w->ring);
	memset(dst, 0, w->dst_size);
	while (!__atomic_load_n(w->stop, __ATOMIC_RELAXED)) {
		uint32_t i;

		for (i = 0; i < w->ring; i++) {
			if (at + step > w->dst_size)
				at = 0;
			memcpy(dst + at, src + i * stride + VD_NET_HDR_LEN,
			       w->len);
			__asm__ volatile("" : : "r"(dst) : "memory");
			at += step;
		}
		__atomic_store_n(&w->copies, w->copies + w->ring,
				 __ATOMIC_RELAXED);
	}
	free(src);
	free(dst);
	return NULL;
}

struct mc_result {
	uint32_t ring, len, nthreads;
	bool single_src;
	uint64_t dst_size;
	double rate;
	double cpu_rate;
};

static struct mc_result mc_cache[64];
static unsigned int mc_cached;

/*
 * Copies a second, best of @reps; *@cpu_rate (when not NULL): copies per
 * CPU-second of the process times @nthreads, what the threads would copy
 * with CPUs of their own however the machine's other work slices them.
 */
static double mc_run(uint32_t ring, uint32_t len, unsigned int nthreads,
		     bool single_src, uint64_t dst_size, double secs,
		     unsigned int reps, double *cpu_rate)
{
	struct mc_worker w[BENCH_MAX_THREADS];
	struct threads th = { 0 };
	double best = 0, best_cpu = 0;
	unsigned int i, rep;
	int stop = 0;

	for (i = 0; i < mc_cached; i++)
		if (mc_cache[i].ring == ring && mc_cache[i].len == len &&
		    mc_cache[i].nthreads == nthreads &&
		    mc_cache[i].single_src == single_src &&
		    mc_cache[i].dst_size == dst_size) {
			if (cpu_rate)
				*cpu_rate = mc_cache[i].cpu_rate;
			return mc_cache[i].rate;
		}
	th.ncpu = online_cpus(th.cpu, BENCH_MAX_THREADS);
	for (i = 0; i < nthreads; i++) {
		w[i] = (struct mc_worker){ .ring = ring, .len = len,
					   .single_src = single_src,
					   .dst_size = dst_size,
					   .stop = &stop };
		threads_start(&th, dst_size ? mc_thread_tso : mc_thread,
			      &w[i]);
	}
	for (i = 0; i < nthreads; i++)
		while (!__atomic_load_n(&w[i].copies, __ATOMIC_RELAXED))
			sleep_s(0.001);
	for (rep = 0; rep < reps; rep++) {
		uint64_t n0 = 0, n1 = 0;
		double t0, t1, c0, c1;

		for (i = 0; i < nthreads; i++)
			n0 += __atomic_load_n(&w[i].copies, __ATOMIC_RELAXED);
		t0 = now_s();
		c0 = cpu_s();
		sleep_s(secs);
		for (i = 0; i < nthreads; i++)
			n1 += __atomic_load_n(&w[i].copies, __ATOMIC_RELAXED);
		t1 = now_s();
		c1 = cpu_s();
		if ((n1 - n0) / (t1 - t0) > best)
			best = (n1 - n0) / (t1 - t0);
		if (c1 > c0 && (n1 - n0) / (c1 - c0) * nthreads > best_cpu)
			best_cpu = (n1 - n0) / (c1 - c0) * nthreads;
	}
	__atomic_store_n(&stop, 1, __ATOMIC_RELAXED);
	threads_join(&th);
	if (mc_cached < sizeof(mc_cache) / sizeof(mc_cache[0]))
		mc_cache[mc_cached++] = (struct mc_result){
			.ring = ring, .len = len, .nthreads = nthreads,
			.single_src = single_src, .dst_size = dst_size,
			.rate = best, .cpu_rate = best_cpu };
	if (cpu_rate)
		*cpu_rate = best_cpu;
	return best;
}

/* Copies per second with @nthreads copying at once (one per CPU). */
double memcpy_rate(uint32_t ring, uint32_t len, unsigned int nthreads,
		   bool single_src, double secs, unsigned int reps)
{
	return mc_run(ring, len, nthreads, single_src, 0, secs, reps, NULL);
}

/*
 * The same for @len-byte frames copied into @dst_size bytes (TSO), and
 * in *@cpu_rate per CPU-second of the process times @nthreads.
 */
double memcpy_rate_big(uint32_t ring, uint32_t len, uint64_t dst_size,
		       unsigned int nthreads, double secs, unsigned int reps,
		       double *cpu_rate)
{
	return mc_run(ring, len, nthreads, false, dst_size, secs, reps,
		      cpu_rate);
}

/* ---- what else ran on the machine meanwhile ---- */

void load_mark(struct load_mark *m)
{
	unsigned long long v[8] = { 0 };
	double hz = sysconf(_SC_CLK_TCK);
	struct rusage ru;
	FILE *f = fopen("/proc/stat", "r");

	m->wall = now_s();
	m->busy = 0;
	if (f) {
		/* cpu user nice system idle iowait irq softirq steal */
		if (fscanf(f, "cpu %llu %llu %llu %*u %*u %llu %llu %llu",
			   &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) == 6)
			m->busy = (v[0] + v[1] + v[2] + v[3] + v[4] + v[5]) /
				  hz;
		fclose(f);
	}
	getrusage(RUSAGE_SELF, &ru);
	m->self = ru.ru_utime.tv_sec + ru.ru_utime.tv_usec * 1e-6 +
		  ru.ru_stime.tv_sec + ru.ru_stime.tv_usec * 1e-6;
}

/* CPUs' worth of other work (and hypervisor steal) between two marks. */
double load_others(const struct load_mark *a,
		   const struct load_mark *b)
{
	double others = (b->busy - a->busy) - (b->self - a->self);

	if (b->wall <= a->wall || !a->busy || others < 0)
		return 0;
	return others / (b->wall - a->wall);
}
