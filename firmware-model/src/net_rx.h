/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Packet reception (virtio 1.2 sections 5.1.6.3, 5.1.6.4): a frame into a
 * device's receive queue (net_rx.c).
 */
#ifndef OVNIC_FW_NET_RX_H
#define OVNIC_FW_NET_RX_H

#include "frame.h"

struct ovnic_dev;
struct ovnic_vq;

/*
 * Frames delivered in a row to one receive queue share one lock hold and
 * one used-ring publication: the batch holds the queue's lock until
 * fw_rx_batch_end().
 */
struct fw_rx_batch {
	struct ovnic_vq *vq;	/* locked, or NULL */
	unsigned int filled;	/* since the last flush */
};

bool fw_net_rx_deliver(struct ovnic_dev *dev, const struct ovnic_frame *f,
		       struct fw_rx_batch *rxb);
void fw_rx_batch_end(struct fw_rx_batch *rxb);

#endif /* OVNIC_FW_NET_RX_H */
