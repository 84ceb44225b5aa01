/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fuzz_offload_path's input format, shared by the target (fuzz_offload_path.c
 * and its parts, fop.h) and its seed writer (seeds_offload_path.c).  Plain
 * constants only: both sides include their own virtio headers.
 *
 * The input:
 *   per device (3):
 *     u16 sel    features asked for: bit FP_SEL_x asks for its feature
 *     u8  flags  FP_DEVF_*
 *     u8  rxkind receive buffers kept posted: FP_RX_* kind in bits 0-1,
 *                bit 2 indirect, bits 3-5 descriptors per chain - 1
 *     u8  rxcnt  how many chains (small: % 129, big: % 17)
 *     u16 rxsize small: 20 + v % 4077 bytes; big: 1 + v % 17 pages
 *   then operations, a byte each (% FP_OPS) and what the operation reads:
 *     TX     u8 b: sender b % 3, 1 + (b >> 2) % 4 frames; per frame a
 *            u8 destination (FP_DST_* in bits 0-2, bit 7: indirect; bit
 *            6: a chain the card must refuse instead: outside the window,
 *            with bit 5 across its end, with bit 4 device-writable), u8
 *            layout (FP_LAY_* in bits 0-1, a count in bits 2-7), then the
 *            frame, then FP_LAY_CUTS's 1 + count % 16 u16 cut offsets;
 *            with b bit 7 a u8 c: c % 69 copies of the last frame, each
 *            in one descriptor
 *     WIRE   u8 destination, u8 pieces (% 34: 0 and 33 are refused), a
 *            u16 cut per piece but the last, then the frame
 *     RX     u8 b: device b % 3 (bit 7: first a chain the card must
 *            refuse, kind (b >> 4) % 4), then rxkind, rxcnt, rxsize as
 *            above: the device's receive policy from now on, applied
 *     CTRL   u8 b: device b % 3; u8 offloads (bit i: FP_GO_x); with b bit 7
 *            one more bit (u8 % 64) of anything
 *     RESET  u8 b: device b % 3; with b bit 7 new features (u16 sel, u8
 *            flags) for the bring-up after it
 *   a frame:
 *     u8  kind   bits 0-1: 0 a valid frame then corrupted, else valid;
 *                FP_K_* flags
 *     u8  t      TCP flags (with FP_K_TCPFLAGS), VLAN id
 *     u16 pay    payload bytes, modulo what 64 KiB of IP leaves
 *     u8  h      header: FP_H_* mode in bits 0-1, FP_H_* flags
 *     u16 gso    gso_size
 *     [raw mode: u8 flags, u8 gso_type, u16 hdr_len, u16 csum_start,
 *      u16 csum_offset]
 *     [FP_H_TWEAK: u16 xor into field (h >> 4) % 6 of the header]
 *     [corrupted: u8 c: c % 8 pairs of (u8 offset, u8 xor) follow, then
 *      with c bit 3 a u16 length the frame is cut to (modulo its length + 1),
 *      with c bit 4 a u8 n: 1 + 4n bytes added after it]
 */
#ifndef OVNIC_FUZZ_FOP_INPUT_H
#define OVNIC_FUZZ_FOP_INPUT_H

/* Feature selector bits (u16 sel). */
enum {
	FP_SEL_CSUM,
	FP_SEL_GUEST_CSUM,
	FP_SEL_CTRL_GUEST_OFFLOADS,
	FP_SEL_CTRL_VQ,
	FP_SEL_GUEST_TSO4,
	FP_SEL_GUEST_TSO6,
	FP_SEL_GUEST_ECN,
	FP_SEL_GUEST_USO4,
	FP_SEL_GUEST_USO6,
	FP_SEL_HOST_TSO4,
	FP_SEL_HOST_TSO6,
	FP_SEL_HOST_ECN,
	FP_SEL_HOST_USO,
	FP_SEL_MRG_RXBUF,
	FP_SEL_HASH_REPORT,
	FP_SEL_GUEST_HDRLEN,
	FP_SEL_NUM,
};

/* Device flags. */
#define FP_DEVF_JUMBO		0x01	/* MTU 9000, else 1500 (at creation) */
#define FP_DEVF_KEEP_REFUSED	0x02	/* FEATURES_OK refused: stay so */
#define FP_DEVF_EVENT_IDX	0x04
#define FP_DEVF_CHUNK_SHIFT	3	/* bits 3-4: the IOTLB in regions of */
#define FP_DEVF_CHUNK_MASK	0x18	/* the whole, 4 MiB, 1 MiB, 256 KiB */

/* Receive buffer kinds. */
enum {
	FP_RX_NONE,		/* none posted: starving */
	FP_RX_SMALL,		/* one chain of rxsize bytes: MRG buffers */
	FP_RX_BIG,		/* Linux's big packets: header + pages */
	FP_RX_SMALL2,		/* the same as SMALL */
};

/* Operations. */
enum {
	FP_OP_TX,		/* 0-2 */
	FP_OP_WIRE = 3,		/* 3-4 */
	FP_OP_RX = 5,
	FP_OP_CTRL = 6,
	FP_OP_RESET = 7,
	FP_OPS = 8,
};

/* Destinations (% 8). */
enum {
	FP_DST_DEV0,		/* 0-2: a device's MAC (its own too) */
	FP_DST_BCAST = 3,
	FP_DST_MCAST4 = 4,
	FP_DST_MCAST6 = 5,
	FP_DST_STATION = 6,	/* a station the wire frames come from */
	FP_DST_UNKNOWN = 7,	/* an address nobody has */
};

/* Transmit chain layouts. */
enum {
	FP_LAY_ONE,		/* header and frame in one descriptor */
	FP_LAY_HDR,		/* header apart, the frame in 1 + n / 8 */
	FP_LAY_CUTS,		/* cut at 1 + n u16 offsets of the input */
	FP_LAY_EVEN,		/* 1 + n even pieces, at most FP_MAX_DESCS */
};

/* Frame kind bits. */
#define FP_K_V6			0x04
#define FP_K_UDP		0x08
#define FP_K_VLAN		0x10
#define FP_K_COMPLETE		0x20	/* checksum complete, not partial */
#define FP_K_TCPOPT		0x40	/* 12 bytes of TCP options */
#define FP_K_TCPFLAGS		0x80	/* TCP flags from t */

/* Header modes and flags. */
enum {
	FP_H_NONE,		/* flags 0 */
	FP_H_CSUM,		/* NEEDS_CSUM at the L4 header */
	FP_H_GSO,		/* NEEDS_CSUM and the frame's GSO type */
	FP_H_RAW,		/* every field from the input */
};
#define FP_H_ECN		0x04
#define FP_H_TWEAK		0x08
#define FP_H_DATA_VALID		0x80	/* from the wire: the host checked it */

/* CTRL_GUEST_OFFLOADS bits (u8). */
enum {
	FP_GO_CSUM,
	FP_GO_TSO4,
	FP_GO_TSO6,
	FP_GO_ECN,
	FP_GO_USO4,
	FP_GO_USO6,
	FP_GO_HDRLEN,
	FP_GO_UFO,
};

#define FP_NDEV			3
#define FP_MAX_DESCS		48	/* descriptors of a transmit chain */

#endif /* OVNIC_FUZZ_FOP_INPUT_H */
