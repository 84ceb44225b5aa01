/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_csum.c: the firmware's checksum loop as a reference.  Apart
 * from the other fw_bench files: it includes the firmware's own headers,
 * which Linux's virtio headers would clash with.
 */
#ifndef OVNIC_FW_BENCH_CSUM_H
#define OVNIC_FW_BENCH_CSUM_H

#include <stdint.h>

/*
 * Bytes a CPU-second fw_csum_complete() sums over @len-byte frames (from byte
 * 34, as a TCP/IPv4 frame's) in @ring buffers of @stride bytes, one after
 * another, the frame @hdr bytes in: best of @reps runs of @secs of the
 * thread's CPU time.
 */
double csum_rate(uint32_t ring, uint32_t stride, uint32_t hdr, uint32_t len,
		 double secs, unsigned int reps);

#endif /* OVNIC_FW_BENCH_CSUM_H */
