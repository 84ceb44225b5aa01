// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fw_bench: the firmware's checksum loop, fw_csum_complete() of
 * net_offload.c, timed alone over the transmit buffers of a TSO scenario:
 * what completing a 64 KiB frame's checksums costs the card (tso2dev_seg)
 * before it copies anything.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "net_offload.h"
#include "fw_bench_csum.h"

/* This thread's CPU time: other work on the machine doesn't count. */
static double thread_cpu_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec + t.tv_nsec * 1e-9;
}

double csum_rate(uint32_t ring, uint32_t stride, uint32_t hdr, uint32_t len,
		 double secs, unsigned int reps)
{
	const uint32_t start = 14 + 20;
	uint8_t *buf = aligned_alloc(64, (size_t)ring * stride);
	struct ovnic_frame f;
	u32 sink = 0;
	double best = 0;
	unsigned int rep;
	uint32_t i;

	if (!buf || len <= start + 18 || hdr + len > stride) {
		fprintf(stderr, "fw_bench: checksum reference: %s\n",
			strerror(ENOMEM));
		exit(1);
	}
	memset(buf, 0x5a, (size_t)ring * stride);
	memset(&f, 0, sizeof(f));
	f.len = len;
	f.npieces = 1;
	f.piece_len[0] = len;
	f.off.flags = VIRTIO_NET_HDR_F_NEEDS_CSUM;
	f.off.csum_start = start;
	f.off.csum_offset = 16;
	for (rep = 0; rep <= reps; rep++) {
		double t0 = thread_cpu_s(), t;
		uint64_t n = 0;

		do {
			for (i = 0; i < ring; i++) {
				f.piece[0] = buf + (size_t)i * stride + hdr;
				sink += fw_csum_complete(&f);
			}
			n += ring;
			t = thread_cpu_s() - t0;
		} while (t < secs);
		/* the first pass warms up */
		if (rep && n * (double)(len - start) / t > best)
			best = n * (double)(len - start) / t;
	}
	__asm__ volatile("" : : "r"(sink));
	free(buf);
	return best;
}
