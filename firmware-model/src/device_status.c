// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A device's status field and configuration change notifications
 * (device_status.h).
 */
#include "device_status.h"

/* Tell the driver the configuration changed (4.1.4.5 analogue). */
void fw_status_config_changed(struct fw_status *st)
{
	st->config_generation++;
	if (st->status & VIRTIO_S_DRIVER_OK &&
	    st->config_vector != OVNIC_NO_VECTOR)
		fw_raise_irq(st->pf, st->config_vector);
}

/* 2.1.2: an error the driver must reset the device to recover from. */
void fw_status_needs_reset(struct fw_status *st)
{
	u8 status = fw_read_once(&st->status);

	if (status & VIRTIO_S_NEEDS_RESET)
		return;
	fw_atomic_or(&st->status, VIRTIO_S_NEEDS_RESET);
	fw_status_config_changed(st);
}
