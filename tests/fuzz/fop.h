/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * fuzz_offload_path's harness, in parts:
 *   fuzz_offload_path.c  the card, the devices, the operations, the entry
 *   fop_model.c          the frames (from the input) and a model of what
 *                        the card does with them: the transmit header
 *                        check, written from docs/offloads.md apart from
 *                        net_offload.c, and where each frame goes, whole
 *                        or cut
 *   fop_check.c          what arrives, checked against the model, and the
 *                        card's counters against what arrived
 * The input format is in fop_input.h.
 */
#ifndef OVNIC_FUZZ_FOP_H
#define OVNIC_FUZZ_FOP_H

#include "fuzz_common.h"
#include "fop_input.h"
#include "pktbuild.h"
#include "vdriver_offload.h"

#define FP_WIRE		FP_NDEV		/* receiver index of the wire */
#define FP_NRX		(FP_NDEV + 1)
#define FP_BURST	4		/* frames of one transmit operation */
#define FP_MAX_FRAMES	72		/* ... with copies of the last */
#define FP_MAX_OPS	48
#define FP_QSIZE	256
#define FP_FRAME_MAX	OVNIC_WIRE_GSO_MAX	/* 64 KiB of IP + headers */
#define FP_PLAIN_MAX	(9000 + 14 + 4)		/* a frame without GSO */
#define FP_GSO_HDR_MAX	256
#define FP_GSO_SEGS_MAX	1024

#define FP_NEEDS	VIRTIO_NET_HDR_F_NEEDS_CSUM
#define FP_VALID	VIRTIO_NET_HDR_F_DATA_VALID
#define FP_ECN		VIRTIO_NET_HDR_GSO_ECN

/* The GUEST_* offloads CTRL_GUEST_OFFLOADS turns on and off. */
#define FP_GUEST_OFFLOADS (VD_BIT(VIRTIO_NET_F_GUEST_CSUM) |		\
			   VD_BIT(VIRTIO_NET_F_GUEST_TSO4) |		\
			   VD_BIT(VIRTIO_NET_F_GUEST_TSO6) |		\
			   VD_BIT(VIRTIO_NET_F_GUEST_ECN) |		\
			   VD_BIT(VIRTIO_NET_F_GUEST_UFO) |		\
			   VD_BIT(VIRTIO_NET_F_GUEST_USO4) |		\
			   VD_BIT(VIRTIO_NET_F_GUEST_USO6))

/* A frame's offload state as the card must see it (docs/offloads.md). */
struct fp_off {
	uint8_t flags;		/* NEEDS_CSUM, DATA_VALID (wire) or 0 */
	uint8_t gso_type;	/* with the ECN bit */
	uint16_t gso_size;
	uint16_t csum_start;	/* with NEEDS_CSUM */
	uint16_t csum_offset;
	/* GSO only, as the card measures them */
	uint16_t l3, l4, end;
	bool v6;
	uint8_t proto;
};

enum fp_fate {
	FP_ACCEPT,		/* into the switch */
	FP_BAD_DESC,		/* shorter than Ethernet; wire: or pieces */
	FP_TOO_BIG,		/* over 64 KiB, or over the MTU */
	FP_BAD_OFFLOAD,		/* its header refused */
	FP_BAD_ADDR,		/* a chain outside the sender's window */
	FP_FATES,
};

enum fp_how {
	FP_NONE,		/* not for this receiver */
	FP_WHOLE,		/* as sent: plain, or GSO taken whole */
	FP_SEGS,		/* cut by the card */
};

struct fp_frame {
	uint8_t *data;
	uint32_t len;
	struct virtio_net_hdr_v1 hdr;	/* as the driver or host wrote it */
	int src;			/* device, or -1: the wire */
	uint32_t npieces;		/* wire: pieces handed to the card */
	bool bad_chain;			/* sent as a chain the card refuses */
	bool bad_chain_desc;		/* ... for its direction */
	/*
	 * Built valid and sent so that, delivered without NEEDS_CSUM, its
	 * L4 checksum must be right: complete and no NEEDS_CSUM, or partial
	 * with NEEDS_CSUM at its L4 header.
	 */
	bool csum_valid;
	enum fp_fate fate;
	struct fp_off off;
	uint32_t nseg;			/* GSO: segments it holds */
	enum fp_how how[FP_NRX];
	/* what arrived so far, per receiver */
	uint32_t got[FP_NRX];
	uint32_t next_k[FP_NRX];	/* the next segment may be this one */
};

/* Receive buffers a device keeps posted. */
struct fp_rxp {
	uint8_t kind;		/* FP_RX_* */
	bool indirect;
	uint8_t nsegs;
	uint16_t count;
	uint32_t size;		/* bytes; big: pages */
};

struct fp_dev {
	struct vd_dev *d;
	uint16_t sel;		/* features asked for (fop_input.h) */
	uint8_t flags;		/* FP_DEVF_* */
	uint8_t mac[6];
	uint16_t mtu;
	uint64_t features;	/* negotiated */
	bool running;		/* DRIVER_OK */
	uint64_t guest;		/* receive offloads in force */
	struct fp_rxp rxp;
};

/* The card's counters around an operation. */
struct fp_snap {
	uint64_t rx[FP_NDEV][OVNIC_VQC_NUM];
	uint64_t tx[FP_NDEV][OVNIC_VQC_NUM];
	uint64_t to_wire[OVNIC_VQC_NUM];
	uint64_t from_wire[OVNIC_VQC_NUM];
	unsigned int rx_chains[FP_NDEV];	/* receive chains posted */
	uint32_t rx_min_cap[FP_NDEV];		/* the smallest one's bytes */
	unsigned int rx_bad[FP_NDEV];		/* ... that the card refuses */
};

struct fp {
	struct fz_in *in;
	struct vd_card *c;
	struct fz_arena *a;
	struct fp_dev dev[FP_NDEV];
	struct fp_frame fr[FP_MAX_FRAMES];
	unsigned int nfr;		/* frames of this operation */
	unsigned int cur[FP_NRX];	/* per receiver: frame being matched */
	uint32_t arrived[FP_NRX];	/* per receiver, this operation */
	uint32_t arrived_flags[FP_NRX][3];	/* NEEDS, DATA_VALID, GSO */
	uint8_t seed;			/* payload patterns */
	unsigned int resets;
	uint8_t *scratch;		/* DMA memory no chain may change */
};

#define FP_SCRATCH	4096
#define FP_BODY		(32u << 20)
#define FP_IOVA		0x40000000ull

/* ---- fop_model.c ---- */

bool fp_features_ok(uint64_t f);
/* @f without what lacks its dependencies (5.1.3.1). */
uint64_t fp_features_fix(uint64_t f);
uint64_t fp_features(uint16_t sel, uint8_t flags);

/*
 * docs/offloads.md "Transmit: what the card checks": 0 and *o filled, or
 * -1 (o zeroed) when the card must refuse @h for frame @f.
 */
int fp_offload_check(const uint8_t *f, uint32_t len,
		     const struct virtio_net_hdr_v1 *h, uint64_t features,
		     struct fp_off *o);
bool fp_rx_on(const struct fp_dev *v, unsigned int bit);
bool fp_takes_gso(const struct fp_dev *v, const struct fp_off *o);
bool fp_tagged(const uint8_t *f, uint32_t len);
bool fp_fits_mtu(const struct fp_dev *v, const uint8_t *f, uint32_t len);
/* Segment @k's payload bytes. */
uint32_t fp_seg_payload(const struct fp_frame *fr, uint32_t k);

/* The frame of an operation from the input: bytes and header. */
void fp_frame_build(struct fp *s, struct fp_frame *fr, const uint8_t dst[6],
		    const uint8_t src[6], bool wire);
/* Its fate sent by device @v, or (v NULL) arriving from the wire. */
void fp_frame_fate(struct fp_frame *fr, const struct fp_dev *v);
/* Where an accepted frame goes: fr->how, fr->nseg. */
void fp_frame_route(struct fp *s, struct fp_frame *fr);

/* ---- fop_check.c ---- */

void fp_snapshot(struct fp *s, struct fp_snap *snap);
/* Reap every queue and the wire, check each arrival and the counters. */
void fp_reap_check(struct fp *s, const struct fp_snap *before);

#endif /* OVNIC_FUZZ_FOP_H */
