/* SPDX-License-Identifier: GPL-2.0 */
/*
 * An ovnic vDPA device, what its config ops share (vdpa_vq.c, vdpa_dev.c)
 * and what the rest of the driver may do with it: the bus driver's
 * callbacks and the interrupts that reach them, reset, and the state the
 * driver keeps instead of asking the card.
 */
#ifndef OVNIC_VDPA_CORE_H
#define OVNIC_VDPA_CORE_H

#include <linux/atomic.h>
#include <linux/interrupt.h>
#include <linux/seqlock.h>
#include <linux/types.h>
#include <linux/vdpa.h>
#include <linux/workqueue.h>

#include "ovnic.h"
#include "registry.h"

#define OVNIC_VDPA_MAX_VQS	(2 * OVNIC_MAX_VQP + 1)

/*
 * Virtqueue groups and address spaces: the data queues are group 0, the
 * control queue alone is group 1, so that a vhost user (QEMU) can shadow
 * the control queue in address space 1 while the data queues stay on the
 * card in address space 0.  The card has OVNIC_MAX_ASID spaces a device.
 */
#define OVNIC_VDPA_DATA_GROUP	0
#define OVNIC_VDPA_CVQ_GROUP	1
#define OVNIC_VDPA_NGROUPS	2
#define OVNIC_VDPA_NAS		OVNIC_MAX_ASID
/* A device's last vector is its config interrupt. */
#define OVNIC_VDPA_CONFIG_VEC	(OVNIC_VECTORS_PER_DEV - 1)

struct ovnic_vdpa_cb {
	irqreturn_t (*callback)(void *data);
	void *private;
};

struct ovnic_vdpa {
	struct vdpa_device vdpa;
	struct ovnic_adapter *ad;
	u16 dev_id;
	u16 num_vqs;		/* as provisioned: 2 * max_vqp + 1 */
	struct ovnic_reg_dev reg;	/* its entry in the registry */
	/*
	 * Protects the callbacks below: set by the bus driver through the
	 * config ops, read by the interrupt dispatch on device cores.
	 */
	seqlock_t cb_lock;
	struct ovnic_vdpa_cb config_cb;
	struct ovnic_vdpa_cb vq_cb[OVNIC_VDPA_MAX_VQS];

	/*
	 * Config interrupts are also events for netlink listeners; the
	 * interrupt cannot sleep, the mailbox query behind an event may, so
	 * the interrupt only schedules this work.  @resets counts resets so
	 * that NEEDS_RESET is reported once per reset cycle
	 * (@needs_reset_reported, touched by the work only).
	 */
	struct work_struct config_work;
	atomic_t resets;
	int needs_reset_reported;

	/*
	 * The DMA window.  @kernel_dma: the device's DMA API (dma_api.c)
	 * handed out addresses since the last reset, so the bus driver is
	 * the host kernel's virtio_vdpa; set from any context, cleared at
	 * reset.  @identity: address space 0 translates by identity
	 * (MR_IDENTITY), granted at DRIVER_OK only after kernel DMA and
	 * taken back at every reset.  Both under the vDPA core's cf_lock
	 * otherwise (the status and reset ops).
	 */
	bool kernel_dma;
	bool identity;

	/*
	 * The address space of each virtqueue group (set_group_asid), 0
	 * after a reset as the card's queues are.  The card holds each
	 * queue's space; this is what a queue enabled later gets, whichever
	 * group the negotiated features put it in.  Written by
	 * set_group_asid and reset, read by set_vq_ready: the bus driver
	 * serializes them (vhost_vdpa under its device mutex; virtio_vdpa
	 * never moves a group).
	 */
	u8 group_asid[OVNIC_VDPA_NGROUPS];

	/*
	 * What the getters answer without a mailbox round trip: only what
	 * cannot change behind the driver's back.  @device_features and
	 * @config_size are the card's DEV_QUERY answer at creation, and the
	 * card changes neither afterwards.  @max_queue_size (what
	 * get_vq_num_max offers) changes only by DEV_SET_QUEUES, which only
	 * ovnic_vdpa_set_queues() sends.  @driver_features: what the last
	 * DEV_SET_FEATURES the card accepted set, 0 after a reset (the card
	 * clears them then, and nothing else changes them).  The status, the
	 * config space and its generation, and queue state are the card's:
	 * it sets NEEDS_RESET, refuses FEATURES_OK, changes the link, moves
	 * the rings; they are always asked for.  Written under the vDPA
	 * core's cf_lock or, for an unbound device, its device_lock; read
	 * with READ_ONCE() by getters that may run without either.
	 */
	u64 device_features;
	u64 driver_features;
	u32 config_size;
	u16 max_queue_size;
	u16 max_vqp;		/* as DEV_SET_QUEUES left it, like above */
};

static inline struct ovnic_vdpa *to_ovd(struct vdpa_device *vdev)
{
	return container_of(vdev, struct ovnic_vdpa, vdpa);
}

static inline u32 ovnic_vdpa_vector(const struct ovnic_vdpa *ovd, u16 idx)
{
	return ovd->dev_id * OVNIC_VECTORS_PER_DEV + idx;
}

static inline const char *ovnic_vdpa_name(const struct ovnic_vdpa *ovd)
{
	return dev_name(&ovd->vdpa.dev);
}

static inline struct ovnic_vdpa *ovnic_vdpa_of_reg(struct ovnic_reg_dev *rd)
{
	return container_of(rd, struct ovnic_vdpa, reg);
}

extern const struct dma_map_ops ovnic_dma_api_ops;

static inline u64 ovnic_vdpa_driver_features(const struct ovnic_vdpa *ovd)
{
	return READ_ONCE(ovd->driver_features);
}

/*
 * A new device's own state, before the vDPA core sees it, and what the
 * card created says of it: 0 or an errno.
 */
int ovnic_vdpa_core_init(struct ovnic_vdpa *ovd, struct ovnic_adapter *ad,
			 u16 dev_id, u16 num_vqs);
/* After the device is unpublished for interrupts: no config work runs. */
void ovnic_vdpa_core_fini(struct ovnic_vdpa *ovd);

/* Sets one of the bus driver's callbacks; NULL clears it. */
void ovnic_vdpa_cb_set(struct ovnic_vdpa *ovd, struct ovnic_vdpa_cb *cb,
		       const struct vdpa_callback *from);
/* The card raised @vector: from device cores or wire receive. */
void ovnic_vdpa_irq(struct ovnic_adapter *ad, u32 vector);

/* Reset (VDPA_RESET_F_* @flags); the vDPA core's cf_lock held. */
int ovnic_vdpa_reset_dev(struct ovnic_vdpa *ovd, u32 flags);
/* With device_lock held and no bus driver bound. */
int ovnic_vdpa_reset_unbound(struct ovnic_vdpa *ovd);
/* DEV_SET_QUEUES, same arguments; device_lock held, no bus driver bound. */
int ovnic_vdpa_set_queues(struct ovnic_vdpa *ovd, u16 max_vqp,
			  u16 max_queue_size);
/* The group of queue @idx under the features negotiated (or offered). */
u32 ovnic_vdpa_vq_group(const struct ovnic_vdpa *ovd, u16 idx);
/* set_group_asid; serialized with reset and set_vq_ready by the bus driver. */
int ovnic_vdpa_set_group_asid(struct ovnic_vdpa *ovd, u32 group, u32 asid);
/* DEV_SET_FEATURES; the vDPA core's cf_lock held. */
int ovnic_vdpa_set_features(struct ovnic_vdpa *ovd, u64 features);

#endif /* OVNIC_VDPA_CORE_H */
