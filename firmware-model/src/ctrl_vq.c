// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The control virtqueue (virtio 1.2 section 5.1.6.5).  Each command is a
 * class/command header and its data in readable buffers, then the writable
 * ack byte and, for commands that return data, the command-specific-result.
 * Every command is answered at once: the driver busy-waits.  Class handlers
 * are fw_ctrl_handler (ctrl_vq.h), each in the file of its class.
 */
#include "device.h"
#include "ctrl_vq.h"
#include "device_stats.h"
#include "notf_coal.h"
#include "offload_state.h"

/* 5.1.6.5.4 Gratuitous packet sending */
static u8 ctrl_announce(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	if (!fw_dev_has(dev, VIRTIO_NET_F_GUEST_ANNOUNCE) || c->len ||
	    c->cmd != VIRTIO_NET_CTRL_ANNOUNCE_ACK)
		return VIRTIO_NET_ERR;
	/* The mailbox reads it (config space) and sets it (link up). */
	fw_write_once(&dev->announce, false);
	return VIRTIO_NET_OK;
}

static fw_ctrl_handler *const ctrl_classes[] = {
	[VIRTIO_NET_CTRL_RX] = fw_ctrl_rx,		/* rx_filter.c */
	[VIRTIO_NET_CTRL_MAC] = fw_ctrl_mac,		/* mac_policy.c */
	[VIRTIO_NET_CTRL_VLAN] = fw_ctrl_vlan,		/* rx_filter.c */
	[VIRTIO_NET_CTRL_ANNOUNCE] = ctrl_announce,
	[VIRTIO_NET_CTRL_GUEST_OFFLOADS] = fw_ctrl_guest_offloads,
	[VIRTIO_NET_CTRL_MQ] = fw_ctrl_mq,		/* rss.c */
	[VIRTIO_NET_CTRL_NOTF_COAL] = fw_ctrl_notf_coal,	/* notf_coal.c */
	[VIRTIO_NET_CTRL_HASH_TUNNEL] = fw_ctrl_hash_tunnel,	/* rss.c */
	[VIRTIO_NET_CTRL_STATS] = fw_ctrl_stats,	/* device_stats.c */
};

/* Copy @len readable bytes from byte @off of the chain; false if short. */
static bool chain_copy(const struct ovnic_chain *chain, u32 off, u8 *dst,
		       u32 len)
{
	u32 i;

	if (off > chain->read_len || len > chain->read_len - off)
		return false;
	for (i = 0; i < chain->nsegs && len; i++) {
		u32 seg_len = chain->seg[i].len, take;

		if (off >= seg_len) {
			off -= seg_len;
			continue;
		}
		take = MIN(seg_len - off, len);
		fw_memcpy(dst, chain->seg[i].ptr + off, take);
		dst += take;
		len -= take;
		off = 0;
	}
	return true;
}

/*
 * A command larger than the parse buffer can only be a huge MAC table:
 * like QEMU, fall back to accepting all unicast and multicast.
 */
static u8 ctrl_oversized(struct ovnic_dev *dev, const struct ovnic_chain *chain)
{
	u8 hdr[2], n[4];
	u32 off = 2, n_uc, n_mc;

	if (!chain_copy(chain, 0, hdr, 2) || hdr[0] != VIRTIO_NET_CTRL_MAC ||
	    hdr[1] != VIRTIO_NET_CTRL_MAC_TABLE_SET ||
	    !fw_dev_has(dev, VIRTIO_NET_F_CTRL_RX) ||
	    !chain_copy(chain, off, n, 4))
		return VIRTIO_NET_ERR;
	n_uc = fw_get_le32(n);
	if (n_uc > (chain->read_len - 6) / 6)
		return VIRTIO_NET_ERR;
	off += 4 + 6 * n_uc;
	if (!chain_copy(chain, off, n, 4))
		return VIRTIO_NET_ERR;
	n_mc = fw_get_le32(n);
	off += 4;
	if (n_mc > (chain->read_len - off) / 6 ||
	    off + 6 * n_mc != chain->read_len)
		return VIRTIO_NET_ERR;
	fw_mac_table_overflow(dev);
	return VIRTIO_NET_OK;
}

/*
 * Gather the readable part and run the command.  A result the command
 * writes goes to scr->result, at most @result_room bytes.
 */
static u8 ctrl_run(struct ovnic_dev *dev, const struct ovnic_chain *chain,
		   struct fw_ctrl_scratch *scr, u32 result_room,
		   u32 *result_len)
{
	struct fw_ctrl_cmd c;
	u32 i, off = 0;
	u8 ack;

	*result_len = 0;
	if (chain->read_len < 2)
		return VIRTIO_NET_ERR;
	if (chain->read_len > sizeof(scr->cmd))
		return ctrl_oversized(dev, chain);
	for (i = 0; i < chain->nsegs && off < chain->read_len; i++) {
		fw_memcpy(scr->cmd + off, chain->seg[i].ptr,
			  chain->seg[i].len);
		off += chain->seg[i].len;
	}
	c.class = scr->cmd[0];
	c.cmd = scr->cmd[1];
	c.data = scr->cmd + 2;
	c.len = chain->read_len - 2;
	c.result = scr->result;
	c.result_room = MIN(result_room, (u32)sizeof(scr->result));
	c.result_len = 0;
	if (c.class >= ARRAY_LEN(ctrl_classes) || !ctrl_classes[c.class])
		return VIRTIO_NET_ERR;
	ack = ctrl_classes[c.class](dev, &c);
	if (ack == VIRTIO_NET_OK)
		*result_len = MIN(c.result_len, c.result_room);
	return ack;
}

/*
 * The writable part of a command is the ack byte followed by the
 * command-specific-result (5.1.6.5).  Writes both and returns the bytes
 * written.
 */
static u32 ctrl_reply(const struct ovnic_chain *chain, const u8 *result,
		      u32 result_len, u8 ack)
{
	u32 i, off = 0, write_off = 0, want = result_len + 1;

	for (i = 0; i < chain->nsegs && write_off < want; i++) {
		const struct ovnic_chain_seg *seg = &chain->seg[i];
		u32 skip = 0, n;

		/* Readable segments come first (fw_vq_peek checks). */
		if (off < chain->read_len) {
			off += seg->len;
			continue;
		}
		if (write_off == 0) {
			seg->ptr[0] = ack;
			skip = 1;
		}
		/* Result byte k goes to writable offset k + 1. */
		n = MIN(seg->len - skip, want - write_off - skip);
		if (n)
			fw_memcpy(seg->ptr + skip,
				  result + write_off + skip - 1, n);
		write_off += skip + n;
	}
	return write_off;
}

unsigned int fw_ctrl_vq(struct ovnic_vq *vq, struct fw_ctrl_scratch *scr,
			unsigned int budget)
{
	struct ovnic_chain *chain = &scr->chain;
	unsigned int done = 0;

	while (done < budget) {
		int ret = fw_vq_peek(vq, chain, FW_EXPECT_MIXED);
		u32 used_len = 0, result_len;
		u8 ack = VIRTIO_NET_ERR;

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
		if (ret == FW_CHAIN_OK && chain->len > chain->read_len) {
			ack = ctrl_run(vq->dev, chain, scr,
				       chain->len - chain->read_len - 1,
				       &result_len);
			used_len = ctrl_reply(chain, scr->result,
					      result_len, ack);
		} else {
			/* No room for an ack: nothing can be answered. */
			fw_count(&vq->stats.c[ret == FW_CHAIN_BAD_ADDR ?
					      OVNIC_VQC_DROP_BAD_ADDR :
					      OVNIC_VQC_DROP_BAD_DESC], 1);
		}
		if (ack != VIRTIO_NET_OK)
			fw_count(&vq->stats.c[OVNIC_VQC_CTRL_ERRORS], 1);
		fw_count(&vq->stats.c[OVNIC_VQC_PACKETS], 1);
		fw_vq_push_used(vq, chain, used_len);
		/* Answer each command now: the driver spins on it. */
		fw_coal_flush(vq);
	}
	if (done == budget)
		fw_store_release(&vq->kicked, 1);
	return done;
}
