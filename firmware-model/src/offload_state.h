/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The offload features' dependencies (virtio 1.2 5.1.3.1) and the receive
 * offloads' run-time state (5.1.6.5.6, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS):
 * offload_state.c.
 */
#ifndef OVNIC_FW_OFFLOAD_STATE_H
#define OVNIC_FW_OFFLOAD_STATE_H

#include "ctrl_cmd.h"

struct ovnic_dev;

/* The GUEST_* offloads CTRL_GUEST_OFFLOADS may turn on and off. */
#define FW_GUEST_OFFLOADS ((1ull << VIRTIO_NET_F_GUEST_CSUM) | \
			   (1ull << VIRTIO_NET_F_GUEST_TSO4) | \
			   (1ull << VIRTIO_NET_F_GUEST_TSO6) | \
			   (1ull << VIRTIO_NET_F_GUEST_ECN) | \
			   (1ull << VIRTIO_NET_F_GUEST_UFO) | \
			   (1ull << VIRTIO_NET_F_GUEST_USO4) | \
			   (1ull << VIRTIO_NET_F_GUEST_USO6))

/* The transmit offloads the card performs for a sender. */
#define FW_HOST_OFFLOADS ((1ull << VIRTIO_NET_F_CSUM) | \
			  (1ull << VIRTIO_NET_F_HOST_TSO4) | \
			  (1ull << VIRTIO_NET_F_HOST_TSO6) | \
			  (1ull << VIRTIO_NET_F_HOST_ECN) | \
			  (1ull << VIRTIO_NET_F_HOST_USO))

bool fw_offload_features_ok(u64 features);
void fw_offload_negotiated(struct ovnic_dev *dev);
fw_ctrl_handler fw_ctrl_guest_offloads;

#endif /* OVNIC_FW_OFFLOAD_STATE_H */
