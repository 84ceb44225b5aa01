/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ovnic: vDPA parent driver for the ovnic virtio-net card.  One adapter per
 * card; it owns the card's bus handle, the uplink netdev standing for the
 * physical port, and the vDPA management device.
 */
#ifndef OVNIC_H
#define OVNIC_H

#include <linux/idr.h>
#include <linux/mod_devicetable.h>
#include <linux/rcupdate.h>
#include <linux/types.h>
#include <linux/vdpa.h>

#include "ovnic_hw.h"

#define OVNIC_MAX_CARDS		16
#define OVNIC_MAX_DEVICES	64	/* vector space: 64 * 128 vectors */
#define OVNIC_MAX_VQP		32	/* queue pairs per device */

struct net_device;
struct ovnic_vdpa;

struct ovnic_adapter {
	unsigned int index;
	struct ovnic_hw *hw;

	/* Capabilities read from the register window at probe. */
	u32 max_devices;
	u32 max_vqp;
	u32 max_queue_size;
	u64 features;

	struct net_device *uplink;

	struct device *mgmt_parent;	/* "ovnicN", no bus */
	struct vdpa_mgmt_dev mgmt;
	struct ida dev_ids;		/* card device slots */
	/* Devices by slot, for interrupt dispatch; written under the vDPA
	 * core's device lock (dev_add/dev_del), read under RCU.
	 */
	struct ovnic_vdpa __rcu *devs[OVNIC_MAX_DEVICES];
};

static inline struct device *ovnic_adapter_dev(struct ovnic_adapter *ad)
{
	return ad->mgmt_parent;
}

#endif /* OVNIC_H */
