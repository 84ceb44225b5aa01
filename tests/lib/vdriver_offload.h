/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * vdriver's offload side (virtio 1.2 5.1.6.2 - 5.1.6.4, 5.1.6.5.6): a
 * transmit header the test chooses (checksum and GSO requests), receive
 * buffers as Linux posts them - mergeable buffers (MRG_RXBUF) and "big
 * packet" chains - and a received frame put back together from its
 * buffers, the physical port with a frame's offload state both ways, and
 * CTRL_GUEST_OFFLOADS.
 *
 * Like the rest of vdriver it never asserts: 0 / a count, a negative errno
 * for the harness, a card status or a virtio ack.
 *
 * Files: vdriver_offload.c (transmit, port, control), vdriver_mrg.c
 * (receive buffers and reassembly).
 */
#ifndef OVNIC_TEST_VDRIVER_OFFLOAD_H
#define OVNIC_TEST_VDRIVER_OFFLOAD_H

#include "vdriver.h"

/* virtio 1.2; Debian 12's userspace headers (Linux 6.1) lack them. */
#ifndef VIRTIO_NET_F_GUEST_USO4
#define VIRTIO_NET_F_GUEST_USO4		54
#define VIRTIO_NET_F_GUEST_USO6		55
#define VIRTIO_NET_F_HOST_USO		56
#endif
#ifndef VIRTIO_NET_HDR_GSO_UDP_L4
#define VIRTIO_NET_HDR_GSO_UDP_L4	5
#endif
#ifndef VIRTIO_NET_F_GUEST_HDRLEN
#define VIRTIO_NET_F_GUEST_HDRLEN	59
#endif

/* What a sender needs to hand the card checksum and GSO work. */
#define VD_F_HOST_OFFLOADS	(VD_BIT(VIRTIO_NET_F_CSUM) |		\
				 VD_BIT(VIRTIO_NET_F_HOST_TSO4) |	\
				 VD_BIT(VIRTIO_NET_F_HOST_TSO6) |	\
				 VD_BIT(VIRTIO_NET_F_HOST_ECN) |	\
				 VD_BIT(VIRTIO_NET_F_HOST_USO))
/* What a receiver takes partial checksums and GSO frames with. */
#define VD_F_GUEST_OFFLOADS	(VD_BIT(VIRTIO_NET_F_GUEST_CSUM) |	\
				 VD_BIT(VIRTIO_NET_F_GUEST_TSO4) |	\
				 VD_BIT(VIRTIO_NET_F_GUEST_TSO6) |	\
				 VD_BIT(VIRTIO_NET_F_GUEST_ECN) |	\
				 VD_BIT(VIRTIO_NET_F_GUEST_USO4) |	\
				 VD_BIT(VIRTIO_NET_F_GUEST_USO6))
/* Every offload feature the card offers (not GUEST_UFO / HOST_UFO). */
#define VD_F_OFFLOADS		(VD_F_HOST_OFFLOADS | VD_F_GUEST_OFFLOADS | \
				 VD_BIT(VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) | \
				 VD_BIT(VIRTIO_NET_F_MRG_RXBUF) |	\
				 VD_BIT(VIRTIO_NET_F_GUEST_HDRLEN))
/*
 * VD_F_CARD with the offloads: what a device must be offered at DEV_CREATE
 * for the offload tests.  (VD_F_CARD itself stays as it was: other tests
 * compare the card's features with it.)
 */
#define VD_F_CARD_OFFLOAD	(VD_F_CARD | VD_F_OFFLOADS)

/* ---- transmit ---- */

/*
 * vd_tx_post() with the virtio-net header @hdr (NULL: all zero; the hash
 * fields of a 20-byte header are zero).  @o as for vd_tx_post(), cuts
 * included.  Returns the head.  Doesn't kick.
 */
int vd_tx_post_hdr(struct vd_vq *q, const struct virtio_net_hdr_v1 *hdr,
		   const void *frame, uint32_t len, const struct vd_tx_opts *o);

/*
 * Post, kick and run the card; then reap the chain's used entry.  0, or a
 * negative error (-ETIMEDOUT: the card didn't return the chain).
 */
int vd_tx_send_hdr(struct vd_vq *q, const struct virtio_net_hdr_v1 *hdr,
		   const void *frame, uint32_t len, const struct vd_tx_opts *o);

/* ---- receive ---- */

/* Linux's "big packets" without MRG_RXBUF: header + 17 pages >= 65562. */
#define VD_BIG_PAGE		4096u
#define VD_BIG_PAGES		17u

/*
 * One big-packet chain: a descriptor for the virtio-net header, then
 * @pages descriptors of VD_BIG_PAGE bytes (0: VD_BIG_PAGES); indirect when
 * @indirect, as Linux does with INDIRECT_DESC.  Returns the head.
 */
int vd_rx_post_big(struct vd_vq *q, unsigned int pages, bool indirect);
/* Post @n such chains (fewer when the ring fills); returns posted. */
int vd_rx_fill_big(struct vd_vq *q, unsigned int n, unsigned int pages,
		   bool indirect);
/*
 * Mergeable buffers are one descriptor each, as Linux posts them: use
 * vd_rx_fill(q, n, size) / vd_rx_post(q, size, NULL) with a small size.
 */

/* A received frame of up to 64 KiB of IP, with its buffers. */
#define VD_RX_FRAME_MAX		(OVNIC_WIRE_GSO_MAX + 64)
#define VD_RX_MAX_BUFS		512

struct vd_rx_frame {
	struct virtio_net_hdr_v1 hdr;	/* from the first buffer */
	uint32_t hash_value;		/* with VIRTIO_NET_F_HASH_REPORT */
	uint16_t hash_report;
	uint16_t nbufs;			/* used entries it took */
	uint32_t id[VD_RX_MAX_BUFS];	/* their heads, in order */
	uint32_t used_len[VD_RX_MAX_BUFS];
	uint32_t len;			/* frame bytes after the header */
	uint8_t data[VD_RX_FRAME_MAX];
};

/*
 * The next received frame.  With MRG_RXBUF negotiated it spans the first
 * used entry and the num_buffers - 1 after it, gathered in order; without,
 * one used entry (num_buffers is reported, not followed).  Returns 1, 0
 * when no used entry is pending, or -EPROTO without consuming anything
 * when the frame is bogus: first buffer shorter than the header,
 * num_buffers 0 or over VD_RX_MAX_BUFS, fewer used entries published than
 * num_buffers, a used id not outstanding, or more than VD_RX_FRAME_MAX
 * bytes.
 */
int vd_rx_recv_frame(struct vd_vq *q, struct vd_rx_frame *f);

/* ---- the physical port ---- */

/* struct ovnic_wire_hdr <-> the first ten bytes of a virtio-net header. */
void vd_wire_hdr_from_net(struct ovnic_wire_hdr *w,
			  const struct virtio_net_hdr_v1 *h);
void vd_wire_hdr_to_net(struct virtio_net_hdr_v1 *h,
			const struct ovnic_wire_hdr *w);

/*
 * A frame with offload state @hdr (NULL: none) into the card through
 * ovnic_card_wire_rx_sg(), cut into @npieces about even pieces (0: 1; at
 * most OVNIC_WIRE_MAX_PIECES), then run the card.
 */
int vd_wire_rx_hdr(struct vd_card *c, const struct virtio_net_hdr_v1 *hdr,
		   const void *frame, uint32_t len, unsigned int npieces);
/* The same with the caller's pieces. */
int vd_wire_rx_sg(struct vd_card *c, const struct virtio_net_hdr_v1 *hdr,
		  const void *const *piece, const uint32_t *piece_len,
		  unsigned int npieces);
/*
 * The oldest frame the card sent out of the port (up_wire_pop()), its
 * offload state as a virtio-net header in *hdr.  NULL when none; free()
 * it.
 */
struct up_frame *vd_wire_pop_hdr(struct vd_card *c,
				 struct virtio_net_hdr_v1 *hdr);

/* PORT_STATS: the card's status. */
int vd_cmd_port_stats(struct vd_card *c, struct ovnic_resp_port_stats *out);

/* ---- control ---- */

/* VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET with the le64 @offloads: the ack. */
int vd_ctrl_guest_offloads(struct vd_dev *d, uint64_t offloads);

#endif /* OVNIC_TEST_VDRIVER_OFFLOAD_H */
