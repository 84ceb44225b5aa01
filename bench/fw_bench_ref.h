/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_ref.c: what a run is measured against.
 */
#ifndef OVNIC_FW_BENCH_REF_H
#define OVNIC_FW_BENCH_REF_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_bench_defs.h"

struct load_mark {
	double wall;
	double busy;		/* CPU-seconds busy, every process + steal */
	double self;		/* CPU-seconds of this process */
};

double memcpy_rate(uint32_t ring, uint32_t len, unsigned int nthreads,
		   bool single_src, double secs, unsigned int reps);
double memcpy_rate_big(uint32_t ring, uint32_t len, uint64_t dst_size,
		       unsigned int nthreads, double secs, unsigned int reps,
		       double *cpu_rate);
void load_mark(struct load_mark *m);
double load_others(const struct load_mark *a, const struct load_mark *b);

#endif /* OVNIC_FW_BENCH_REF_H */
