// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Packet reception (virtio 1.2 sections 5.1.6.3 and 5.1.6.4): choose a
 * receiveq (rss.c), fill one chain of driver buffers with the virtio-net
 * header, the hash report with VIRTIO_NET_F_HASH_REPORT (5.1.6.4.4), and
 * the frame, and return it through the used ring.
 */
#include "device.h"
#include "net_rx.h"

/*
 * Copy @len bytes from @src into the chain at byte @off.  A frame from a
 * transmit buffer may overlap the receive buffer: both are driver memory,
 * and the driver may hand the card the same bytes twice.
 */
static void chain_write(const struct ovnic_chain *c, u32 *seg, u32 *off,
			const u8 *src, u32 len)
{
	while (len) {
		u32 room = c->seg[*seg].len - *off;
		u32 n = MIN(room, len);

		fw_memmove(c->seg[*seg].ptr + *off, src, n);
		src += n;
		len -= n;
		*off += n;
		if (*off == c->seg[*seg].len) {
			(*seg)++;
			*off = 0;
		}
	}
}

static bool rx_fill(struct ovnic_vq *vq, const struct ovnic_frame *f,
		    const struct fw_rx_hash *hash)
{
	struct ovnic_chain *c = vq->rx_chain;
	struct virtio_net_hdr_v1_hash hdr = {
		.hdr.gso_type = VIRTIO_NET_HDR_GSO_NONE,
		.hdr.num_buffers = ovnic_cpu_to_le16(1),
		.hash_value = ovnic_cpu_to_le32(hash->value),
		.hash_report = ovnic_cpu_to_le16(hash->report),
	};
	u32 hdr_len = fw_dev_hdr_len(vq->dev);
	u32 need = hdr_len + f->len, seg = 0, off = 0, i;
	int ret = fw_vq_peek(vq, c, FW_EXPECT_WRITE);

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
		fw_vq_consume(vq);
		fw_vq_push_used(vq, c->head, 0);
		return false;
	}
	if (c->len < need) {
		/* the switch adds to this one from any core */
		fw_atomic_add(&vq->stats.c[OVNIC_VQC_DROP_TOO_BIG], 1);
		return false;
	}
	if (c->nsegs == 1 && f->npieces == 1 && need >= sizeof(hdr)) {
		/*
		 * One buffer, one piece: a fixed-size header copy, then
		 * the frame over the part of it that isn't this header.
		 */
		fw_memcpy(c->seg[0].ptr, &hdr, sizeof(hdr));
		fw_memmove(c->seg[0].ptr + hdr_len, f->piece[0], f->len);
	} else {
		chain_write(c, &seg, &off, (const u8 *)&hdr, hdr_len);
		for (i = 0; i < f->npieces; i++)
			chain_write(c, &seg, &off, f->piece[i],
				    f->piece_len[i]);
	}
	fw_vq_consume(vq);
	fw_vq_push_used(vq, c->head, need);
	fw_count(&vq->stats.c[OVNIC_VQC_PACKETS], 1);
	fw_count(&vq->stats.c[OVNIC_VQC_BYTES], f->len);
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
		fw_lock(dev->pf, vq->rx_lock);
		rxb->vq = vq;
	}
	if (!fw_read_once(&dev->link_up)) {
		fw_atomic_add(&vq->stats.c[OVNIC_VQC_DROP_FILTERED], 1);
	} else if (fw_vq_prepare(vq)) {
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
