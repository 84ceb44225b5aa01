/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench's constants and kinds of run, for all its files.  From the top:
 * fw_bench.c (runs, options, output) over fw_bench_driver.c (the driver
 * side) and fw_bench_ref.c (memcpy reference, machine load);
 * fw_bench_host.c (the host side of the card) under the driver;
 * fw_bench_sys.c (errors, time, threads) under all.
 */
#ifndef OVNIC_FW_BENCH_DEFS_H
#define OVNIC_FW_BENCH_DEFS_H

#include "vdriver.h"

#define BENCH_DEV_A		0
#define BENCH_DEV_B		1
#define BENCH_MTU		9000
#define BENCH_MAX_FLOWS		2
#define BENCH_MAX_CORES		16
#define BENCH_MAX_THREADS	(2 * BENCH_MAX_FLOWS)
#define BENCH_FEATURES		(VD_F_DEFAULT | VD_BIT(VIRTIO_RING_F_EVENT_IDX))
#define CACHELINE		64

enum bench_kind { BENCH_DEV2DEV, BENCH_DEV2WIRE, BENCH_WIRE2DEV };
enum bench_mode { MODE_INLINE, MODE_SPLIT };

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

#endif /* OVNIC_FW_BENCH_DEFS_H */
