/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * A virtio-net device's lifecycle (device_lifecycle.c): what the mailbox
 * and the doorbells do to a device.
 */
#ifndef OVNIC_FW_DEVICE_LIFECYCLE_H
#define OVNIC_FW_DEVICE_LIFECYCLE_H

#include "fw_base.h"

struct ovnic_dev;
struct ovnic_vq;
struct fw_platform;
struct fw_fdb;

/* What the card can offer a device. */
struct fw_dev_limits {
	u64 features;
	u16 max_vqp;
	u16 max_queue_size;
};

int fw_dev_create(struct fw_platform *pf, struct fw_fdb *fdb,
		  const struct fw_dev_limits *lim, u16 id,
		  const struct ovnic_cmd_dev_create *cmd, struct ovnic_dev **out);
void fw_dev_destroy(struct ovnic_dev *dev);
void fw_dev_reset(struct ovnic_dev *dev);
int fw_dev_set_status(struct ovnic_dev *dev, u8 status);
int fw_dev_suspend(struct ovnic_dev *dev);
int fw_dev_resume(struct ovnic_dev *dev);
int fw_dev_set_features(struct ovnic_dev *dev, u64 features);
void fw_dev_set_link(struct ovnic_dev *dev, bool up);
int fw_dev_set_loopback(struct ovnic_dev *dev, u8 mode);
int fw_dev_set_queues(struct ovnic_dev *dev, u16 max_vqp, u16 max_queue_size);
void fw_dev_vq_reset(struct ovnic_vq *vq);
int fw_dev_vq_modify(struct ovnic_vq *vq,
		     const struct ovnic_cmd_vq_modify *cmd);
void fw_dev_doorbell(struct ovnic_dev *dev, u16 qid);

#endif /* OVNIC_FW_DEVICE_LIFECYCLE_H */
