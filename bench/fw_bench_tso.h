/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench_tso.c: the TSO scenarios' 64 KiB TCP/IPv4 GSO frame, and the
 * checks of what arrives of it: whole (GUEST_TSO4), cut into segments with
 * complete or partial checksums, or out of the uplink.
 */
#ifndef OVNIC_FW_BENCH_TSO_H
#define OVNIC_FW_BENCH_TSO_H

#include <stdbool.h>
#include <stdint.h>

#include "fw_bench_defs.h"

/*
 * Flow @id's frame from @src to @dst, TSO_FRAME_LEN bytes at @frame, its
 * TCP checksum field holding the pseudo-header sum as Linux leaves it, and
 * the header a driver sends it with: NEEDS_CSUM at the TCP header,
 * GSO_TCPV4, gso_size TSO_MSS, hdr_len TSO_HDR_LEN.
 */
void tso_build(uint8_t *frame, struct virtio_net_hdr_v1 *hdr,
	       const uint8_t dst[6], const uint8_t src[6], unsigned int id);

/*
 * @got (@len bytes after the header @h, gathered from @h's num_buffers
 * chains) is @sent whole, with the GSO state a GUEST_TSO4 receiver gets.
 */
bool tso_check_whole(const uint8_t *sent, const struct virtio_net_hdr_v1 *h,
		     uint16_t want_bufs, const uint8_t *got, uint32_t len);

/*
 * @got is a segment of @sent as the sender's stack would have cut it:
 * complete checksums, or with @partial (a GUEST_CSUM receiver) NEEDS_CSUM
 * and the pseudo-header sum.  Its index in *@index.
 */
bool tso_check_seg(const uint8_t *sent, bool partial,
		   const struct virtio_net_hdr_v1 *h, const uint8_t *got,
		   uint32_t len, uint32_t *index);

/* @got is @sent, with its offload state, out of the uplink. */
bool tso_check_wire(const uint8_t *sent, const struct ovnic_wire_hdr *h,
		    const uint8_t *got, uint32_t len);

#endif /* OVNIC_FW_BENCH_TSO_H */
