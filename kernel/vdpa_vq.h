/* SPDX-License-Identifier: GPL-2.0 */
/* The virtqueue ops of an ovnic vDPA device, for its ops table. */
#ifndef OVNIC_VDPA_VQ_H
#define OVNIC_VDPA_VQ_H

#include <linux/types.h>

struct netlink_ext_ack;
struct sk_buff;
struct vdpa_callback;
struct vdpa_device;
struct vdpa_vq_state;

int ovnic_vdpa_set_vq_address(struct vdpa_device *vdev, u16 idx,
			      u64 desc_area, u64 driver_area,
			      u64 device_area);
void ovnic_vdpa_set_vq_num(struct vdpa_device *vdev, u16 idx, u32 num);
void ovnic_vdpa_kick_vq(struct vdpa_device *vdev, u16 idx);
void ovnic_vdpa_kick_vq_with_data(struct vdpa_device *vdev, u32 data);
void ovnic_vdpa_set_vq_cb(struct vdpa_device *vdev, u16 idx,
			  struct vdpa_callback *cb);
void ovnic_vdpa_set_vq_ready(struct vdpa_device *vdev, u16 idx,
			     bool ready);
bool ovnic_vdpa_get_vq_ready(struct vdpa_device *vdev, u16 idx);
int ovnic_vdpa_set_vq_state(struct vdpa_device *vdev, u16 idx,
			    const struct vdpa_vq_state *state);
int ovnic_vdpa_get_vq_state(struct vdpa_device *vdev, u16 idx,
			    struct vdpa_vq_state *state);
int ovnic_vdpa_get_vendor_vq_stats(struct vdpa_device *vdev, u16 idx,
				   struct sk_buff *msg,
				   struct netlink_ext_ack *extack);

#endif /* OVNIC_VDPA_VQ_H */
