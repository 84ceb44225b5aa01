// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A device's receive filter (rx_filter.h): packet receive filtering
 * (virtio 1.2 section 5.1.6.5.1), the MAC tables (5.1.6.5.2) and VLAN
 * filtering (5.1.6.5.3).  The switch asks it for every frame it delivers;
 * which addresses a device may own is mac_policy.c's.
 */
#include "device.h"
#include "ctrl_cmd.h"

/*
 * Filter updates are read locklessly by other cores (fw_rx_filter_accepts())
 * under a sequence count; the device lock keeps the writers, the control
 * queue and the host's mailbox, one at a time, and the readers' wait short.
 * The callers of filter_begin() hold it.
 */
static void filter_begin(struct ovnic_dev *dev)
{
	fw_atomic_add(&dev->filter.seq, 1);
	fw_wmb();
}

static void filter_end(struct ovnic_dev *dev)
{
	fw_wmb();
	fw_atomic_add(&dev->filter.seq, 1);
}

/* The current MAC, for lockless readers; with the device lock held. */
void _fw_rx_filter_set_mac(struct ovnic_dev *dev, const u8 *mac)
{
	filter_begin(dev);
	fw_mac_write_once(dev->cur_mac, mac);
	filter_end(dev);
}

/*
 * 2.4: the provisioned MAC, and everything received until the driver
 * programs its filters.  With the device lock held.
 */
void _fw_rx_filter_reset(struct ovnic_dev *dev)
{
	struct ovnic_rx_filter *f = &dev->filter;
	u32 i;

	filter_begin(dev);
	fw_mac_write_once(dev->cur_mac, dev->mac);
	fw_write_once(&f->promisc, true);
	fw_write_once(&f->allmulti, true);
	fw_write_once(&f->uc_count, 0);
	fw_write_once(&f->mc_count, 0);
	fw_write_once(&f->uc_overflow, false);
	fw_write_once(&f->mc_overflow, false);
	for (i = 0; i < ARRAY_LEN(f->vlans); i++)
		fw_write_once(&f->vlans[i], 0);
	filter_end(dev);
}

/* Whether @list holds @mac; the owner may be rewriting it (filter.seq). */
static bool mac_in_once(const u8 (*list)[6], u32 count, const u8 *mac)
{
	u8 entry[6];
	u32 i;

	for (i = 0; i < count && i < OVNIC_MAC_TABLE_MAX; i++) {
		fw_mac_read_once(entry, list[i]);
		if (!fw_memcmp(entry, mac, 6))
			return true;
	}
	return false;
}

static bool filter_check(struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	const struct ovnic_rx_filter *flt = &dev->filter;
	const u8 *dst = f->head;
	u8 mac[6];

	if (fw_dev_has(dev, VIRTIO_NET_F_CTRL_VLAN) && f->head_len >= 16 &&
	    f->head[12] == 0x81 && f->head[13] == 0x00) {
		u16 vid = (u16)((f->head[14] << 8 | f->head[15]) & 0xfff);

		if (!(fw_read_once(&flt->vlans[vid >> 5]) & (1u << (vid & 31))))
			return false;
	}
	if (fw_read_once(&flt->promisc))
		return true;
	if (dst[0] & 1) {
		static const u8 bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff,
					     0xff };

		return !fw_memcmp(dst, bcast, 6) ||
		       fw_read_once(&flt->allmulti) ||
		       fw_read_once(&flt->mc_overflow) ||
		       mac_in_once(flt->mc, fw_read_once(&flt->mc_count), dst);
	}
	fw_mac_read_once(mac, dev->cur_mac);
	return !fw_memcmp(dst, mac, 6) || fw_read_once(&flt->uc_overflow) ||
	       mac_in_once(flt->uc, fw_read_once(&flt->uc_count), dst);
}

/* Whether @dev takes @f; the filter may be changing (filter_begin()). */
bool fw_rx_filter_accepts(struct ovnic_dev *dev, const struct ovnic_frame *f)
{
	u32 seq;
	bool ok;

	do {
		seq = fw_load_acquire(&dev->filter.seq);
		if (seq & 1) {
			fw_cpu_relax();
			continue;
		}
		ok = filter_check(dev, f);
		fw_rmb();
	} while (seq & 1 || fw_read_once(&dev->filter.seq) != seq);
	return ok;
}

/* 5.1.6.5.1 Packet receive filtering */
u8 fw_ctrl_rx(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	bool *mode;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_RX) || c->len != 1)
		return VIRTIO_NET_ERR;
	if (c->cmd == VIRTIO_NET_CTRL_RX_PROMISC)
		mode = &dev->filter.promisc;
	else if (c->cmd == VIRTIO_NET_CTRL_RX_ALLMULTI)
		mode = &dev->filter.allmulti;
	else
		return VIRTIO_NET_ERR;
	fw_lock(dev->pf, dev->cfg_lock);
	filter_begin(dev);
	fw_write_once(mode, c->data[0] != 0);
	filter_end(dev);
	fw_unlock(dev->pf, dev->cfg_lock);
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

/* Inside filter_begin(): other cores read the table as it changes. */
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

/*
 * 5.1.6.5.2 VIRTIO_NET_CTRL_MAC_TABLE_SET's data: the unicast and the
 * multicast table.  False, and nothing changed, when it doesn't parse.
 * With the device lock held.
 */
bool _fw_rx_filter_set_tables(struct ovnic_dev *dev, const u8 *data, u32 len)
{
	const u8 *p = data, *uc, *mc;
	u32 left = len, n_uc, n_mc;

	if (!mac_table_parse(&p, &left, &n_uc, &uc) ||
	    !mac_table_parse(&p, &left, &n_mc, &mc) || left)
		return false;
	filter_begin(dev);
	mac_table_store(dev->filter.uc, &dev->filter.uc_count,
			&dev->filter.uc_overflow, uc, n_uc);
	mac_table_store(dev->filter.mc, &dev->filter.mc_count,
			&dev->filter.mc_overflow, mc, n_mc);
	filter_end(dev);
	return true;
}

/*
 * A MAC table too large to parse: all unicast and multicast, as QEMU
 * does.  With the device lock held.
 */
void _fw_rx_filter_overflow(struct ovnic_dev *dev)
{
	filter_begin(dev);
	fw_write_once(&dev->filter.uc_count, 0);
	fw_write_once(&dev->filter.mc_count, 0);
	fw_write_once(&dev->filter.uc_overflow, true);
	fw_write_once(&dev->filter.mc_overflow, true);
	filter_end(dev);
}

/* 5.1.6.5.3 VLAN filtering */
u8 fw_ctrl_vlan(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	u32 word;
	u16 vid;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_VLAN) || c->len != 2)
		return VIRTIO_NET_ERR;
	vid = fw_get_le16(c->data);
	if (vid >= 4096 || c->cmd > VIRTIO_NET_CTRL_VLAN_DEL)
		return VIRTIO_NET_ERR;
	fw_lock(dev->pf, dev->cfg_lock);
	filter_begin(dev);
	word = dev->filter.vlans[vid >> 5];
	if (c->cmd == VIRTIO_NET_CTRL_VLAN_ADD)
		word |= 1u << (vid & 31);
	else
		word &= ~(1u << (vid & 31));
	fw_write_once(&dev->filter.vlans[vid >> 5], word);
	filter_end(dev);
	fw_unlock(dev->pf, dev->cfg_lock);
	return VIRTIO_NET_OK;
}
