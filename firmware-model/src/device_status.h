/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A device's status field (virtio 1.2 section 2.1) and configuration
 * change notifications (2.5, 4.1.4.5 analogue): what a device's queues
 * tell the driver when they break (device_status.c).
 */
#ifndef OVNIC_FW_DEVICE_STATUS_H
#define OVNIC_FW_DEVICE_STATUS_H

#include "platform.h"

struct fw_status {
	struct fw_platform *pf;
	u8 status;		/* VIRTIO_S_*; cores set NEEDS_RESET */
	u32 config_generation;
	u32 config_vector;
};

void fw_status_config_changed(struct fw_status *st);
void fw_status_needs_reset(struct fw_status *st);

/* DRIVER_OK, and neither NEEDS_RESET nor FAILED: the data path runs. */
static inline bool fw_status_running(const struct fw_status *st)
{
	return (fw_load_acquire(&st->status) &
		(VIRTIO_S_DRIVER_OK | VIRTIO_S_NEEDS_RESET | VIRTIO_S_FAILED))
		== VIRTIO_S_DRIVER_OK;
}

#endif /* OVNIC_FW_DEVICE_STATUS_H */
