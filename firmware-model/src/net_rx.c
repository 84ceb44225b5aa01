// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Packet reception (virtio 1.2 sections 5.1.6.3 and 5.1.6.4): choose a
 * receiveq (rss.c), fill one chain of driver buffers with the virtio-net
 * header, the hash report with VIRTIO_NET_F_HASH_REPORT (5.1.6.4.4), and
 * the frame, and return it through the used ring.
 */
#include "device.h"
#include "net_offload.h"
#include "net_rx.h"

/*
 * Where a frame is being written: a chain of the receive queue and the
 * byte in it.  With VIRTIO_NET_F_MRG_RXBUF a frame continues into the
 * next chains (5.1.6.3.2); each chain's used entry is written as it
 * fills, and nothing is published before the frame is whole, so a frame
 * that runs out of buffers is taken back without the driver seeing it.
 */
struct rx_cursor {
	struct ovnic_vq *vq;
	struct ovnic_chain *c;	/* being filled */
	u32 seg, off;
	u32 chain_len;		/* bytes written into @c */
	u16 nbufs;
	bool mrg;
	int failed;		/* FW_CHAIN_* of the chain that was missing */
};

static bool cursor_next_chain(struct rx_cursor *cur)
{
	struct ovnic_vq *vq = cur->vq;
	int ret;

	if (!cur->mrg)
		return false;
	fw_vq_push_used(vq, cur->c, cur->chain_len);
	cur->c = &vq->rx_chain[1];
	ret = fw_vq_peek(vq, cur->c, FW_EXPECT_WRITE);
	if (ret != FW_CHAIN_OK) {
		cur->failed = ret;
		return false;
	}
	fw_vq_consume(vq, cur->c);
	cur->seg = 0;
	cur->off = 0;
	cur->chain_len = 0;
	cur->nbufs++;
	return true;
}

/*
 * A frame from a transmit buffer may overlap the receive buffer: both are
 * driver memory, and the driver may hand the card the same bytes twice.
 */
static bool cursor_write(struct rx_cursor *cur, const u8 *src, u32 len)
{
	while (len) {
		const struct ovnic_chain_seg *seg;
		u32 n;

		if (cur->seg == cur->c->nsegs) {
			if (!cursor_next_chain(cur))
				return false;
			continue;
		}
		seg = &cur->c->seg[cur->seg];
		n = MIN(seg->len - cur->off, len);
		fw_memmove(seg->ptr + cur->off, src, n);
		src += n;
		len -= n;
		cur->off += n;
		cur->chain_len += n;
		if (cur->off == seg->len) {
			cur->seg++;
			cur->off = 0;
		}
	}
	return true;
}

/*
 * The frame's bytes, with the two at @at replaced by @patch when it is
 * set: the checksum the card completed (5.1.6.4.1).
 */
static bool cursor_write_frame(struct rx_cursor *cur,
			       const struct ovnic_frame *f, u32 at,
			       const u8 *patch)
{
	u32 pos = 0, i;

	for (i = 0; i < f->npieces; i++) {
		const u8 *p = f->piece[i];
		u32 len = f->piece_len[i];

		while (len) {
			const u8 *src = p;
			u32 n = len;

			if (patch && pos >= at && pos < at + 2) {
				src = patch + (pos - at);
				n = MIN(n, at + 2 - pos);
			} else if (patch && pos < at) {
				n = MIN(n, at - pos);
			}
			if (!cursor_write(cur, src, n))
				return false;
			p += n;
			len -= n;
			pos += n;
		}
	}
	return true;
}

/* @len bytes at byte @at of one chain, which holds them. */
static void chain_write_at(const struct ovnic_chain *c, u32 at, const u8 *src,
			   u32 len)
{
	u32 i;

	for (i = 0; i < c->nsegs && len; i++) {
		u32 n;

		if (at >= c->seg[i].len) {
			at -= c->seg[i].len;
			continue;
		}
		n = MIN(c->seg[i].len - at, len);
		fw_memcpy(c->seg[i].ptr + at, src, n);
		src += n;
		len -= n;
		at = 0;
	}
}

/*
 * The header a receiver sees (5.1.6.4): the frame's offload state as far
 * as the receiver takes it; the switch hands it GSO frames whole only
 * when it negotiated them.  Returns whether the card must complete the
 * frame's checksum itself.
 */
static bool rx_hdr(const struct ovnic_vq *vq, const struct ovnic_frame *f,
		   struct virtio_net_hdr_v1 *h)
{
	const struct ovnic_dev *dev = vq->dev;
	bool partial = f->off.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM;
	bool csum_ok = f->off.gso_type ?
		       fw_dev_has(dev, VIRTIO_NET_F_GUEST_CSUM) :
		       fw_dev_rx_offload(dev, VIRTIO_NET_F_GUEST_CSUM);

	if (!csum_ok)
		return partial;
	h->flags = f->off.flags & (VIRTIO_NET_HDR_F_NEEDS_CSUM |
				   VIRTIO_NET_HDR_F_DATA_VALID);
	if (partial) {
		h->csum_start = ovnic_cpu_to_le16(f->off.csum_start);
		h->csum_offset = ovnic_cpu_to_le16(f->off.csum_offset);
	}
	if (f->off.gso_type) {
		h->gso_type = f->off.gso_type;
		h->gso_size = ovnic_cpu_to_le16(f->off.gso_size);
		h->hdr_len = ovnic_cpu_to_le16(f->off.hdr_len);
	}
	return false;
}

static void rx_count(struct ovnic_vq *vq, const struct ovnic_frame *f,
		     const struct virtio_net_hdr_v1 *h)
{
	fw_count(&vq->stats.c[OVNIC_VQC_PACKETS], 1);
	fw_count(&vq->stats.c[OVNIC_VQC_BYTES], f->len);
	if (h->flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		fw_count(&vq->stats.c[OVNIC_VQC_CSUM_PARTIAL], 1);
	else if (h->flags & VIRTIO_NET_HDR_F_DATA_VALID)
		fw_count(&vq->stats.c[OVNIC_VQC_CSUM_VALID], 1);
	if (h->gso_type) {
		fw_count(&vq->stats.c[OVNIC_VQC_GSO_PACKETS], 1);
		fw_count(&vq->stats.c[OVNIC_VQC_GSO_BYTES], f->len);
	}
}

/* Give the chains of a frame that didn't fit back to the ring. */
static void rx_take_back(struct rx_cursor *cur, const struct fw_vq_mark *start)
{
	struct ovnic_vq *vq = cur->vq;

	fw_vq_rewind(vq, start);
	if (cur->failed == FW_CHAIN_EMPTY)
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_NO_BUFFER], 1);
	else if (cur->failed == FW_CHAIN_BAD_ADDR)
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_ADDR], 1);
	else if (cur->failed != FW_CHAIN_BROKEN)
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_DESC], 1);
}

static bool rx_fill(struct ovnic_vq *vq, const struct ovnic_frame *f,
		    const struct fw_rx_hash *hash)
{
	struct ovnic_chain *c = &vq->rx_chain[0];
	struct virtio_net_hdr_v1_hash hdr = {
		.hdr.gso_type = VIRTIO_NET_HDR_GSO_NONE,
		.hdr.num_buffers = ovnic_cpu_to_le16(1),
		.hash_value = ovnic_cpu_to_le32(hash->value),
		.hash_report = ovnic_cpu_to_le16(hash->report),
	};
	struct rx_cursor cur = { .vq = vq, .c = c, .nbufs = 1 };
	u32 hdr_len = fw_dev_hdr_len(vq->dev);
	u32 need = hdr_len + f->len, csum_at = 0;
	struct fw_vq_mark start;
	u8 csum[2], *patch = NULL;
	int ret;

	fw_vq_mark(vq, &start);
	ret = fw_vq_peek(vq, c, FW_EXPECT_WRITE);

	if (ret == FW_CHAIN_EMPTY) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_NO_BUFFER], 1);
		return false;
	}
	if (ret == FW_CHAIN_BROKEN)
		return false;
	if (ret != FW_CHAIN_OK) {
		/* Give the bad buffer back unused; the frame is lost. */
		fw_count(&vq->stats.c[ret == FW_CHAIN_BAD_ADDR ?
				      OVNIC_VQC_DROP_BAD_ADDR :
				      OVNIC_VQC_DROP_BAD_DESC], 1);
		fw_vq_consume(vq, c);
		fw_vq_push_used(vq, c, 0);
		return false;
	}
	cur.mrg = fw_dev_has(vq->dev, VIRTIO_NET_F_MRG_RXBUF);
	if (cur.mrg && c->len < hdr_len) {
		/*
		 * 5.1.6.3.1: a mergeable buffer holds at least the header,
		 * num_buffers included; a shorter one is malformed.
		 */
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_DESC], 1);
		fw_vq_consume(vq, c);
		fw_vq_push_used(vq, c, 0);
		return false;
	}
	if (c->len < need && !cur.mrg) {
		/* the switch adds to this one from any core */
		fw_atomic_add(&vq->stats.c[OVNIC_VQC_DROP_TOO_BIG], 1);
		return false;
	}
	if (rx_hdr(vq, f, &hdr.hdr)) {
		u16 sum = fw_csum_complete(f);

		fw_memcpy(csum, &sum, 2);
		csum_at = f->off.csum_start + f->off.csum_offset;
		patch = csum;
	}
	fw_vq_consume(vq, c);
	if (c->nsegs == 1 && f->npieces == 1 && !patch && c->len >= need &&
	    need >= sizeof(hdr)) {
		/*
		 * One buffer, one piece: a fixed-size header copy, then
		 * the frame over the part of it that isn't this header.
		 */
		fw_memcpy(c->seg[0].ptr, &hdr, sizeof(hdr));
		fw_memmove(c->seg[0].ptr + hdr_len, f->piece[0], f->len);
		fw_vq_push_used(vq, c, need);
		rx_count(vq, f, &hdr.hdr);
		return true;
	}
	if (!cursor_write(&cur, (const u8 *)&hdr, hdr_len) ||
	    !cursor_write_frame(&cur, f, csum_at, patch)) {
		rx_take_back(&cur, &start);
		return false;
	}
	fw_vq_push_used(vq, cur.c, cur.chain_len);
	if (cur.nbufs > 1) {
		u8 n[2];

		/* num_buffers, in the first chain's header (5.1.6.4) */
		fw_put_le16(n, cur.nbufs);
		chain_write_at(c, 10, n, 2);
	}
	rx_count(vq, f, &hdr.hdr);
	return true;
}

/* Publish what the batch filled and release its queue. */
void fw_rx_batch_end(struct fw_rx_batch *rxb)
{
	struct ovnic_vq *vq = rxb->vq;

	if (!vq)
		return;
	fw_coal_flush(vq);
	fw_unlock(vq->pf, vq->rx_lock);
	rxb->vq = NULL;
	rxb->filled = 0;
}

/*
 * Deliver @f to @dev.  With @rxb the receive queue stays locked for the
 * frames that follow to the same queue, until fw_rx_batch_end(); the
 * caller ends the batch before it takes any other receive queue's lock or
 * lets the frame leave the card.
 */
bool fw_net_rx_deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
		       struct fw_rx_batch *rxb)
{
	struct fw_rx_batch one = { NULL, 0 };
	struct fw_rx_hash hash;
	struct ovnic_vq *vq;
	bool ok = false;

	if (!fw_dev_running(dev))
		return false;
	vq = &dev->vq[2 * fw_rss_steer(dev, f, &hash)];
	if (!rxb)
		rxb = &one;
	if (rxb->vq != vq) {
		fw_rx_batch_end(rxb);
		/*
		 * Once per batch: DEV_SUSPEND waits for the epoch of every
		 * batch that took the queue before it saw the flag.  A
		 * stopped port drops what comes, counted as lacking buffers.
		 */
		if (unlikely(fw_dev_suspended(dev))) {
			fw_atomic_add(&vq->stats.c[OVNIC_VQC_DROP_NO_BUFFER],
				      1);
			return false;
		}
		fw_lock(dev->pf, vq->rx_lock);
		rxb->vq = vq;
	}
	if (!fw_read_once(&dev->link_up)) {
		fw_atomic_add(&vq->stats.c[OVNIC_VQC_DROP_FILTERED], 1);
	} else if (fw_vq_prepare(vq)) {
		fw_vq_check_notify(vq);
		ok = rx_fill(vq, f, &hash);
		if (++rxb->filled == OVNIC_BURST) {
			fw_coal_flush(vq);
			rxb->filled = 0;
		}
	} else {
		/* Not enabled (or being reset): 5.1.6.5.7.2 says drop. */
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_NO_BUFFER], 1);
	}
	if (rxb == &one)
		fw_rx_batch_end(&one);
	return ok;
}
