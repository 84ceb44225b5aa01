/* SPDX-License-Identifier: GPL-2.0 */
/* Creating and removing a card's vDPA devices, for its management device. */
#ifndef OVNIC_VDPA_DEV_H
#define OVNIC_VDPA_DEV_H

#include <linux/types.h>

struct ovnic_adapter;
struct ovnic_dev_params;
struct vdpa_device;

int ovnic_vdpa_add(struct ovnic_adapter *ad, const char *name,
		   const struct ovnic_dev_params *params);
void ovnic_vdpa_del(struct ovnic_adapter *ad, struct vdpa_device *vdev);
/* A new provisioned MAC ("vdpa dev set"); the vDPA core's cf_lock held. */
int ovnic_vdpa_set_mac(struct vdpa_device *vdev, const u8 *mac);

#endif /* OVNIC_VDPA_DEV_H */
