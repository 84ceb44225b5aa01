// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Packet reception (virtio 1.2 sections 5.1.6.3 and 5.1.6.4): choose a
 * receiveq, fill one chain of driver buffers with the virtio-net header
 * and the frame, and return it through the used ring.
 */
#include "fw.h"

/*
 * Automatic receive steering (5.1.6.5.5): a flow always lands on the same
 * queue.  Hash the Ethernet addresses and, for IPv4/IPv6, the IP addresses
 * and ports.
 */
static u32 flow_hash(const struct ovnic_frame *f)
{
	const u8 *h = f->head;
	u32 hash = 2166136261u, i, start = 0, end = 12;

	if (f->head_len >= 38 && h[12] == 0x08 && h[13] == 0x00) {
		start = 26;	/* IPv4 saddr, daddr, ports */
		end = 14 + ((h[14] & 0xf) << 2) + 4;
		if (end > f->head_len || (h[23] != 6 && h[23] != 17))
			end = 34;
	} else if (f->head_len >= 58 && h[12] == 0x86 && h[13] == 0xdd) {
		start = 22;	/* IPv6 saddr, daddr */
		end = 54;
	}
	for (i = start; i < end && i < f->head_len; i++)
		hash = (hash ^ h[i]) * 16777619u;
	return hash;
}

/* Copy @len bytes from @src into the chain at byte @off. */
static void chain_write(const struct ovnic_chain *c, u32 *seg, u32 *off,
			const u8 *src, u32 len)
{
	while (len) {
		u32 room = c->seg[*seg].len - *off;
		u32 n = MIN(room, len);

		fw_memcpy(c->seg[*seg].ptr + *off, src, n);
		src += n;
		len -= n;
		*off += n;
		if (*off == c->seg[*seg].len) {
			(*seg)++;
			*off = 0;
		}
	}
}

static bool rx_fill(struct ovnic_vq *vq, const struct ovnic_frame *f)
{
	struct ovnic_chain *c = vq->rx_chain;
	struct virtio_net_hdr_v1 hdr = {
		.gso_type = VIRTIO_NET_HDR_GSO_NONE,
		.num_buffers = ovnic_cpu_to_le16(1),
	};
	u32 need = sizeof(hdr) + f->len, seg = 0, off = 0, i;
	int ret = fw_vq_peek(vq, c, FW_EXPECT_WRITE);

	if (ret == FW_CHAIN_EMPTY) {
		vq->stats.c[OVNIC_VQC_DROP_NO_BUFFER]++;
		return false;
	}
	if (ret == FW_CHAIN_BROKEN)
		return false;
	if (ret != FW_CHAIN_OK) {
		/* Give the bad buffer back unused; the frame is lost. */
		vq->stats.c[ret == FW_CHAIN_BAD_ADDR ? OVNIC_VQC_DROP_BAD_ADDR :
			    OVNIC_VQC_DROP_BAD_DESC]++;
		fw_vq_consume(vq);
		fw_vq_push_used(vq, c->head, 0);
		return false;
	}
	if (c->len < need) {
		vq->stats.c[OVNIC_VQC_DROP_TOO_BIG]++;
		return false;
	}
	chain_write(c, &seg, &off, (const u8 *)&hdr, sizeof(hdr));
	for (i = 0; i < f->npieces; i++)
		chain_write(c, &seg, &off, f->piece[i], f->piece_len[i]);
	fw_vq_consume(vq);
	fw_vq_push_used(vq, c->head, need);
	vq->stats.c[OVNIC_VQC_PACKETS]++;
	vq->stats.c[OVNIC_VQC_BYTES] += f->len;
	return true;
}

bool fw_net_rx_deliver(struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	struct ovnic_card *card = dev->card;
	u16 pairs = fw_read_once(&dev->curr_vqp);
	struct ovnic_vq *vq;
	bool ok = false;

	if (!fw_dev_running(dev))
		return false;
	if (!pairs || pairs > dev->max_vqp)
		pairs = 1;
	vq = &dev->vq[2 * (flow_hash(f) % pairs)];
	card->plat.lock(vq->rx_lock);
	if (!fw_read_once(&dev->link_up))
		vq->stats.c[OVNIC_VQC_DROP_FILTERED]++;
	else if (fw_vq_prepare(vq)) {
		ok = rx_fill(vq, f);
		fw_vq_flush(vq);
	}
	card->plat.unlock(vq->rx_lock);
	return ok;
}
