// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Packet transmission (virtio 1.2 section 5.1.6.2): take chains from a
 * transmitq, strip the virtio-net header and hand each frame to the
 * embedded switch without copying it; the switch copies it once, into the
 * receiver's buffers or out through the wire.  A device in loopback
 * (DEV_SET_LOOPBACK) receives what it sends instead: the frame skips the
 * switch, and its forwarding database learns nothing.  A frame whose
 * source address the device does not own is dropped when the host's MAC
 * policy checks sources (mac_policy.c).
 */
#include "device.h"
#include "net_offload.h"
#include "net_tx.h"
#include "offload_state.h"

#define ETH_HLEN	14u
#define VLAN_HLEN	4u

/* Describe the chain's bytes after @skip as a frame (no copy). */
static void frame_from_chain(struct ovnic_frame *f, const struct ovnic_chain *c,
			 u32 skip)
{
	u32 i;

	f->len = c->len - skip;
	/* One buffer holding header and frame: what drivers post most. */
	if (c->nsegs == 1 && f->len >= sizeof(f->head)) {
		f->npieces = 1;
		f->piece[0] = c->seg[0].ptr + skip;
		f->piece_len[0] = f->len;
		fw_memcpy(f->head, f->piece[0], sizeof(f->head));
		f->head_len = sizeof(f->head);
		return;
	}
	f->npieces = 0;
	for (i = 0; i < c->nsegs; i++) {
		const u8 *p = c->seg[i].ptr;
		u32 len = c->seg[i].len;

		if (skip >= len) {
			skip -= len;
			continue;
		}
		f->piece[f->npieces] = p + skip;
		f->piece_len[f->npieces++] = len - skip;
		skip = 0;
	}
	fw_frame_fill_head(f);
}

/* The virtio-net header in front of the frame, whatever its buffers. */
static void hdr_from_chain(struct virtio_net_hdr_v1 *hdr,
			   const struct ovnic_chain *c)
{
	u8 *dst = (u8 *)hdr;
	u32 left = sizeof(*hdr), i;

	for (i = 0; i < c->nsegs && left; i++) {
		u32 n = MIN(c->seg[i].len, left);

		fw_memcpy(dst, c->seg[i].ptr, n);
		dst += n;
		left -= n;
	}
}

static void tx_count(struct ovnic_vq *vq, const struct ovnic_frame *f)
{
	fw_count(&vq->stats.c[OVNIC_VQC_PACKETS], 1);
	fw_count(&vq->stats.c[OVNIC_VQC_BYTES], f->len);
	if (f->off.flags & VIRTIO_NET_HDR_F_NEEDS_CSUM)
		fw_count(&vq->stats.c[OVNIC_VQC_CSUM_PARTIAL], 1);
	if (f->off.gso_type) {
		fw_count(&vq->stats.c[OVNIC_VQC_GSO_PACKETS], 1);
		fw_count(&vq->stats.c[OVNIC_VQC_GSO_BYTES], f->len);
	}
}

/* After the switch: a GSO frame that every receiver took whole. */
static void tx_count_noseg(struct ovnic_vq *vq, const struct ovnic_frame *f,
			   const struct fw_switch_in *in)
{
	if (!f->off.gso_type || in->segmented)
		return;
	fw_count(&vq->stats.c[OVNIC_VQC_GSO_NOSEG_PACKETS], 1);
	fw_count(&vq->stats.c[OVNIC_VQC_GSO_NOSEG_BYTES], f->len);
}

static void tx_one(struct fw_switch *sw, struct fw_switch_in *in,
		   struct ovnic_vq *vq, const struct ovnic_chain *chain,
		   struct ovnic_frame *f)
{
	struct ovnic_dev *dev = vq->dev;
	const u32 hdr_len = fw_dev_hdr_len(dev);
	struct virtio_net_hdr_v1 hdr;
	bool spoof_check;

	if (chain->len < hdr_len + ETH_HLEN) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_DESC], 1);
		return;
	}
	/* Cheap first: nothing longer than 64 KiB of IP can be right. */
	if (chain->len - hdr_len > OVNIC_WIRE_GSO_MAX) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_TOO_BIG], 1);
		return;
	}
	if (!fw_read_once(&dev->link_up)) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_FILTERED], 1);
		return;
	}
	frame_from_chain(f, chain, hdr_len);
	hdr_from_chain(&hdr, chain);
	if (fw_offload_from_hdr(f, &hdr,
				dev->driver_features & FW_HOST_OFFLOADS)) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_OFFLOAD], 1);
		return;
	}
	/*
	 * 5.1.6.2: up to the MTU, and the tag's four bytes to tagged
	 * frames only; a GSO frame's segments are measured by the switch.
	 */
	if (!f->off.gso_type && f->len > dev->mtu + ETH_HLEN &&
	    !(f->len <= dev->mtu + ETH_HLEN + VLAN_HLEN &&
	      f->head[12] == 0x81 && f->head[13] == 0x00)) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_TOO_BIG], 1);
		return;
	}
	in->segmented = false;
	if (fw_read_once(&dev->loopback)) {
		tx_count(vq, f);
		fw_switch_loopback(dev, in, f);
		tx_count_noseg(vq, f, in);
		return;
	}
	/*
	 * A source the device does not own: a tenant's spoofing, dropped
	 * before the switch learns anything from it.
	 */
	spoof_check = fw_mac_spoof_check(dev);
	if (!fw_switch_source(sw, in, f->head + 6, !spoof_check) &&
	    spoof_check) {
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_SPOOFED], 1);
		return;
	}
	tx_count(vq, f);
	fw_switch_forward(sw, in, f);
	tx_count_noseg(vq, f, in);
}

unsigned int fw_net_tx(struct fw_switch *sw, struct ovnic_vq *vq,
		       struct fw_tx_scratch *scr, unsigned int budget)
{
	struct fw_switch_in in = {
		.port = (u8)vq->dev->id,
		.memo = &vq->fdb_memo,
		.to_wire = &scr->to_wire,
		.sender = &vq->stats,
	};
	struct ovnic_chain *chain = &scr->chain;
	unsigned int done = 0;

	fw_vq_disable_notify(vq);
	while (done < budget) {
		int ret = fw_vq_peek(vq, chain, FW_EXPECT_READ);

		if (ret == FW_CHAIN_EMPTY) {
			fw_vq_enable_notify(vq);
			if (!fw_vq_has_avail(vq))
				break;
			continue;
		}
		if (ret == FW_CHAIN_BROKEN)
			break;
		fw_vq_consume(vq, chain);
		done++;
		if (ret == FW_CHAIN_OK)
			tx_one(sw, &in, vq, chain, &scr->frame);
		else if (ret == FW_CHAIN_BAD_ADDR)
			fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_ADDR], 1);
		else
			fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_DESC], 1);
		/* The frame has been copied: the buffer goes back at once. */
		fw_vq_push_used(vq, chain, 0);
		if (done % OVNIC_BURST == 0) {
			fw_switch_end(&in);
			fw_coal_flush(vq);
		}
	}
	fw_switch_end(&in);
	fw_coal_flush(vq);
	if (done == budget)
		fw_store_release(&vq->kicked, 1);
	return done;
}
