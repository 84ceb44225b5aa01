/* SPDX-License-Identifier: GPL-2.0 */
/* The uplink netdev: the host's end of the card's physical port. */
#ifndef OVNIC_UPLINK_H
#define OVNIC_UPLINK_H

#include "ovnic_hw.h"

struct ovnic_adapter;

int ovnic_uplink_alloc(struct ovnic_adapter *ad);
void ovnic_uplink_free(struct ovnic_adapter *ad);
int ovnic_uplink_register(struct ovnic_adapter *ad);
void ovnic_uplink_unregister(struct ovnic_adapter *ad);
void ovnic_uplink_wire_tx(struct ovnic_adapter *ad,
			  const struct ovnic_wire_hdr *hdr,
			  const void *const *piece,
			  const ovnic_u32 *piece_len, ovnic_u32 npieces);

#endif /* OVNIC_UPLINK_H */
