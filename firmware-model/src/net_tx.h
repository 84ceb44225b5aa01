/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Packet transmission (virtio 1.2 section 5.1.6.2): a device's transmit
 * queue into the switch (net_tx.c).
 */
#ifndef OVNIC_FW_NET_TX_H
#define OVNIC_FW_NET_TX_H

#include "eswitch.h"

/* A device core's scratch for transmission, and its port counters. */
struct fw_tx_scratch {
	struct ovnic_chain chain;
	struct ovnic_frame frame;
	/*
	 * What this core sent to the port: only this core writes it, so the
	 * packet path takes no shared cache line; PORT_STATS sums the cores.
	 */
	struct ovnic_vq_counters to_wire;
};

unsigned int fw_net_tx(struct fw_switch *sw, struct ovnic_vq *vq,
		       struct fw_tx_scratch *scr, unsigned int budget);

#endif /* OVNIC_FW_NET_TX_H */
