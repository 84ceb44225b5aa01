/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A device's receive filter (virtio 1.2 sections 5.1.6.5.1 to 5.1.6.5.3):
 * promiscuous and all-multicast modes, the MAC tables, the VLAN filter and
 * the current MAC (rx_filter.c).
 */
#ifndef OVNIC_FW_RX_FILTER_H
#define OVNIC_FW_RX_FILTER_H

#include "frame.h"

/*
 * Written under the device lock, read on any core under @seq: every field
 * (and struct ovnic_dev's cur_mac) is accessed with fw_read_once() /
 * fw_write_once() or fw_mac_read_once() / fw_mac_write_once(), except by
 * holders of the device lock.
 */
struct ovnic_rx_filter {
	u32 seq;		/* odd while the owner updates */
	bool promisc;
	bool allmulti;
	bool uc_overflow;	/* more addresses than the table holds */
	bool mc_overflow;
	u32 uc_count;
	u32 mc_count;
	u8 uc[OVNIC_MAC_TABLE_MAX][6];
	u8 mc[OVNIC_MAC_TABLE_MAX][6];
	u32 vlans[4096 / 32];
};

struct ovnic_dev;
struct fw_ctrl_cmd;

bool fw_rx_filter_accepts(struct ovnic_dev *dev, const struct ovnic_frame *f);
void _fw_rx_filter_reset(struct ovnic_dev *dev);
void _fw_rx_filter_set_mac(struct ovnic_dev *dev, const u8 *mac);
bool _fw_rx_filter_set_tables(struct ovnic_dev *dev, const u8 *data, u32 len);
void _fw_rx_filter_overflow(struct ovnic_dev *dev);
u8 fw_ctrl_rx(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);
u8 fw_ctrl_vlan(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);

#endif /* OVNIC_FW_RX_FILTER_H */
