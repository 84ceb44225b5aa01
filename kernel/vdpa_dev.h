/* SPDX-License-Identifier: GPL-2.0 */
/* vDPA devices of a card: creation, removal and interrupt dispatch. */
#ifndef OVNIC_VDPA_DEV_H
#define OVNIC_VDPA_DEV_H

#include <linux/types.h>

struct ovnic_adapter;
struct ovnic_dev_params;
struct vdpa_device;

int ovnic_vdpa_add(struct ovnic_adapter *ad, const char *name,
		   const struct ovnic_dev_params *params);
void ovnic_vdpa_del(struct ovnic_adapter *ad, struct vdpa_device *vdev);
void ovnic_vdpa_irq(struct ovnic_adapter *ad, u32 vector);

#endif /* OVNIC_VDPA_DEV_H */
