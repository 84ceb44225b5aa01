/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A control command (virtio 1.2 section 5.1.6.5) as the module of its
 * class sees it; the control queue (ctrl_vq.c) parses and dispatches.
 */
#ifndef OVNIC_FW_CTRL_CMD_H
#define OVNIC_FW_CTRL_CMD_H

#include "fw_base.h"

/* One control command (5.1.6.5), as a class handler sees it. */
struct fw_ctrl_cmd {
	u8 class;
	u8 cmd;
	const u8 *data;		/* command-specific-data */
	u32 len;
	u8 *result;		/* command-specific-result, for the handler */
	u32 result_room;	/* bytes the driver's buffer holds */
	u32 result_len;		/* bytes the handler wrote */
};

struct ovnic_dev;

/* Runs @c for @dev; returns VIRTIO_NET_OK or VIRTIO_NET_ERR. */
typedef u8 fw_ctrl_handler(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);

#endif /* OVNIC_FW_CTRL_CMD_H */
