// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The control virtqueue (virtio 1.2 section 5.1.6.5).  Each command is a
 * class/command header and its data in readable buffers, then the writable
 * ack byte and, for commands that return data, the command-specific-result.
 * Every command is answered at once: the driver busy-waits.  Class handlers
 * are fw_ctrl_handler (fw.h); a class's own file may hold them.
 */
#include "fw.h"

/*
 * Filter updates are read locklessly by other cores (eswitch.c) under a
 * sequence count; the device lock keeps the writers, this queue and the
 * host's mailbox, one at a time, and the reader's wait short.
 */
static void filter_begin(struct ovnic_dev *dev)
{
	dev->card->plat.lock(dev->cfg_lock);
	fw_atomic_add(&dev->filter.seq, 1);
	fw_wmb();
}

static void filter_end(struct ovnic_dev *dev)
{
	fw_wmb();
	fw_atomic_add(&dev->filter.seq, 1);
	dev->card->plat.unlock(dev->cfg_lock);
}

/* 5.1.6.5.1 Packet receive filtering */
static u8 ctrl_rx(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	bool on;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_RX) || c->len != 1)
		return VIRTIO_NET_ERR;
	on = c->data[0] != 0;
	filter_begin(dev);
	switch (c->cmd) {
	case VIRTIO_NET_CTRL_RX_PROMISC:
		fw_write_once(&dev->filter.promisc, on);
		break;
	case VIRTIO_NET_CTRL_RX_ALLMULTI:
		fw_write_once(&dev->filter.allmulti, on);
		break;
	default:
		filter_end(dev);
		return VIRTIO_NET_ERR;
	}
	filter_end(dev);
	return VIRTIO_NET_OK;
}

/* Parse one MAC table: le32 count, then count addresses. */
static bool mac_table_parse(const u8 **p, u32 *left, u32 *count,
			    const u8 **macs)
{
	if (*left < 4)
		return false;
	*count = fw_get_le32(*p);
	*p += 4;
	*left -= 4;
	if (*count > *left / 6)
		return false;
	*macs = *p;
	*p += *count * 6;
	*left -= *count * 6;
	return true;
}

/* Under filter_begin(): other cores read the table as it changes. */
static void mac_table_store(u8 (*table)[6], u32 *stored, bool *overflow,
			    const u8 *macs, u32 count)
{
	bool over = count > OVNIC_MAC_TABLE_MAX;
	u32 i, n = over ? 0 : count;

	fw_write_once(overflow, over);
	fw_write_once(stored, n);
	for (i = 0; i < n; i++)
		fw_mac_write_once(table[i], macs + 6 * i);
}

/* 5.1.6.5.2 Setting MAC address filtering */
static u8 ctrl_mac(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	const u8 *p = c->data, *uc, *mc;
	u32 left = c->len, n_uc, n_mc;

	if (c->cmd == VIRTIO_NET_CTRL_MAC_ADDR_SET) {
		if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_MAC_ADDR) ||
		    c->len != 6 || (p[0] & 1))
			return VIRTIO_NET_ERR;
		return fw_dev_set_mac(dev, p) ? VIRTIO_NET_OK : VIRTIO_NET_ERR;
	}
	if (c->cmd != VIRTIO_NET_CTRL_MAC_TABLE_SET ||
	    !fw_dev_has(dev, VIRTIO_NET_F_CTRL_RX))
		return VIRTIO_NET_ERR;
	if (!mac_table_parse(&p, &left, &n_uc, &uc) ||
	    !mac_table_parse(&p, &left, &n_mc, &mc) || left)
		return VIRTIO_NET_ERR;
	filter_begin(dev);
	mac_table_store(dev->filter.uc, &dev->filter.uc_count,
			&dev->filter.uc_overflow, uc, n_uc);
	mac_table_store(dev->filter.mc, &dev->filter.mc_count,
			&dev->filter.mc_overflow, mc, n_mc);
	/*
	 * The table filters what the device receives.  Only where the host
	 * lets the driver claim addresses (ANY) does it move traffic here.
	 */
	for (left = 0; left < dev->filter.uc_count; left++)
		_fw_mac_claim(dev, dev->filter.uc[left]);
	_fw_mac_release_unused(dev);
	filter_end(dev);
	return VIRTIO_NET_OK;
}

/* 5.1.6.5.3 VLAN filtering */
static u8 ctrl_vlan(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	u32 word;
	u16 vid;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_VLAN) || c->len != 2)
		return VIRTIO_NET_ERR;
	vid = fw_get_le16(c->data);
	if (vid >= 4096 || c->cmd > VIRTIO_NET_CTRL_VLAN_DEL)
		return VIRTIO_NET_ERR;
	filter_begin(dev);
	word = dev->filter.vlans[vid >> 5];
	if (c->cmd == VIRTIO_NET_CTRL_VLAN_ADD)
		word |= 1u << (vid & 31);
	else
		word &= ~(1u << (vid & 31));
	fw_write_once(&dev->filter.vlans[vid >> 5], word);
	filter_end(dev);
	return VIRTIO_NET_OK;
}

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
	[VIRTIO_NET_CTRL_RX] = ctrl_rx,
	[VIRTIO_NET_CTRL_MAC] = ctrl_mac,
	[VIRTIO_NET_CTRL_VLAN] = ctrl_vlan,
	[VIRTIO_NET_CTRL_ANNOUNCE] = ctrl_announce,
	[VIRTIO_NET_CTRL_MQ] = fw_ctrl_mq,		/* rss.c */
	[VIRTIO_NET_CTRL_NOTF_COAL] = fw_ctrl_notf_coal,
	[VIRTIO_NET_CTRL_HASH_TUNNEL] = fw_ctrl_hash_tunnel,	/* rss.c */
	[VIRTIO_NET_CTRL_STATS] = fw_ctrl_stats,
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
	filter_begin(dev);
	fw_write_once(&dev->filter.uc_count, 0);
	fw_write_once(&dev->filter.mc_count, 0);
	fw_write_once(&dev->filter.uc_overflow, true);
	fw_write_once(&dev->filter.mc_overflow, true);
	_fw_mac_release_unused(dev);
	filter_end(dev);
	return VIRTIO_NET_OK;
}

/*
 * Gather the readable part and run the command.  A result the command
 * writes goes to core->ctrl_result, at most @result_room bytes.
 */
static u8 ctrl_run(struct ovnic_dev *dev, const struct ovnic_chain *chain,
		   struct ovnic_core *core, u32 result_room, u32 *result_len)
{
	struct fw_ctrl_cmd c;
	u32 i, off = 0;
	u8 ack;

	*result_len = 0;
	if (chain->read_len < 2)
		return VIRTIO_NET_ERR;
	if (chain->read_len > sizeof(core->ctrl))
		return ctrl_oversized(dev, chain);
	for (i = 0; i < chain->nsegs && off < chain->read_len; i++) {
		fw_memcpy(core->ctrl + off, chain->seg[i].ptr,
			  chain->seg[i].len);
		off += chain->seg[i].len;
	}
	c.class = core->ctrl[0];
	c.cmd = core->ctrl[1];
	c.data = core->ctrl + 2;
	c.len = chain->read_len - 2;
	c.result = core->ctrl_result;
	c.result_room = MIN(result_room, (u32)sizeof(core->ctrl_result));
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

unsigned int fw_ctrl_vq(struct ovnic_vq *vq, struct ovnic_core *core,
			unsigned int budget)
{
	struct ovnic_chain *chain = &core->chain;
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
		fw_vq_consume(vq);
		done++;
		if (ret == FW_CHAIN_OK && chain->len > chain->read_len) {
			ack = ctrl_run(vq->dev, chain, core,
				       chain->len - chain->read_len - 1,
				       &result_len);
			used_len = ctrl_reply(chain, core->ctrl_result,
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
		fw_vq_push_used(vq, chain->head, used_len);
		/* Answer each command now: the driver spins on it. */
		fw_vq_flush(vq);
	}
	if (done == budget)
		fw_store_release(&vq->kicked, 1);
	return done;
}
