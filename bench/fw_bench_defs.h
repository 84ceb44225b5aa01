/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fw_bench's constants and kinds of run, for all its files.  From the top:
 * fw_bench.c (runs, options, output) over fw_bench_driver.c (the driver
 * side) and fw_bench_ref.c (memcpy reference, machine load);
 * fw_bench_tso.c (the 64 KiB TSO frame and the checks of what arrives)
 * and fw_bench_host.c (the host side of the card) under the driver;
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

/*
 * The TSO scenarios' frame: one TCP/IPv4 GSO frame as Linux hands it to
 * virtio_net, 14 + 20 + 20 bytes of headers (no TCP options) and 45
 * segments of 1448 bytes: 65160 bytes of payload, 65200 of IP.
 */
#define TSO_MSS			1448
#define TSO_HDR_LEN		54
#define TSO_SEGS		45
#define TSO_PAYLOAD		(TSO_SEGS * TSO_MSS)
#define TSO_FRAME_LEN		(TSO_HDR_LEN + TSO_PAYLOAD)	/* 65214 */
#define TSO_SEG_LEN		(TSO_HDR_LEN + TSO_MSS)		/* 1502 */
#define TSO_MTU			1500
/* Receive buffers: without MRG_RXBUF (segments), and mergeable ones. */
#define TSO_SEG_BUF		1536
#define TSO_MRG_BUF		4096

enum bench_kind {
	BENCH_DEV2DEV,
	BENCH_DEV2WIRE,
	BENCH_WIRE2DEV,
	/* device A sends TSO_FRAME_LEN GSO frames; B negotiated ... */
	BENCH_TSO2DEV_WHOLE,	/* GUEST_CSUM, GUEST_TSO4, MRG_RXBUF */
	BENCH_TSO2DEV_SEG,	/* no receive offload: full checksums */
	BENCH_TSO2DEV_SEG_PARTIAL,	/* GUEST_CSUM: partial checksums */
	BENCH_TSO2WIRE,		/* ... or they leave through the uplink */
	BENCH_KINDS,
};
enum bench_mode { MODE_INLINE, MODE_SPLIT };
/*
 * How wire2dev hands the card frames (-W): flat bursts of 32
 * (ovnic_card_wire_rx_burst), or as the uplink netdev does, with a wire
 * header and in pieces: bursts of 32 (ovnic_card_wire_rx_sg_burst), or
 * one per call (ovnic_card_wire_rx_sg, uplink_burst=0).
 */
enum bench_wire { WIRE_FLAT, WIRE_SG, WIRE_SG1 };

static inline bool kind_tso(enum bench_kind k)
{
	return k >= BENCH_TSO2DEV_WHOLE;
}

/* The card cuts the frame: one receive chain per segment. */
static inline bool kind_seg(enum bench_kind k)
{
	return k == BENCH_TSO2DEV_SEG || k == BENCH_TSO2DEV_SEG_PARTIAL;
}

static inline bool kind_to_wire(enum bench_kind k)
{
	return k == BENCH_DEV2WIRE || k == BENCH_TSO2WIRE;
}

static inline void cpu_relax(void)
{
	__builtin_ia32_pause();
}

#endif /* OVNIC_FW_BENCH_DEFS_H */
