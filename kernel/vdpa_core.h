/* SPDX-License-Identifier: GPL-2.0 */
/* vDPA devices of a card: creation, removal and interrupt dispatch. */
#ifndef OVNIC_VDPA_DEV_H
#define OVNIC_VDPA_DEV_H

#include <linux/atomic.h>
#include <linux/interrupt.h>
#include <linux/seqlock.h>
#include <linux/types.h>
#include <linux/vdpa.h>
#include <linux/workqueue.h>

#include "ovnic.h"
#include "registry.h"

#define OVNIC_VDPA_MAX_VQS	(2 * OVNIC_MAX_VQP + 1)

struct ovnic_dev_params;

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
};

static inline const char *ovnic_vdpa_name(const struct ovnic_vdpa *ovd)
{
	return dev_name(&ovd->vdpa.dev);
}

static inline struct ovnic_vdpa *ovnic_vdpa_of_reg(struct ovnic_reg_dev *rd)
{
	return container_of(rd, struct ovnic_vdpa, reg);
}

extern const struct dma_map_ops ovnic_dma_api_ops;

int ovnic_vdpa_add(struct ovnic_adapter *ad, const char *name,
		   const struct ovnic_dev_params *params);
void ovnic_vdpa_del(struct ovnic_adapter *ad, struct vdpa_device *vdev);
void ovnic_vdpa_irq(struct ovnic_adapter *ad, u32 vector);
/* With device_lock held and no bus driver bound. */
int ovnic_vdpa_reset_unbound(struct ovnic_vdpa *ovd);

#endif /* OVNIC_VDPA_DEV_H */
