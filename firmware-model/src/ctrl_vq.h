/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The control virtqueue (virtio 1.2 section 5.1.6.5): one command as a
 * class handler sees it, and the queue's service (ctrl_vq.c).
 */
#ifndef OVNIC_FW_CTRL_VQ_H
#define OVNIC_FW_CTRL_VQ_H

#include "virtqueue.h"
#include "ctrl_cmd.h"

/* A device core's scratch for control commands. */
struct fw_ctrl_scratch {
	struct ovnic_chain chain;
	u8 cmd[4096];		/* the command being parsed */
	u8 result[4096];	/* its command-specific-result */
};

unsigned int fw_ctrl_vq(struct ovnic_vq *vq, struct fw_ctrl_scratch *scr,
			unsigned int budget);

#endif /* OVNIC_FW_CTRL_VQ_H */
