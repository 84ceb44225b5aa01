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
	/* Netlink's name for it, never reused while the module is loaded. */
	u64 nl_serial;
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
	 * driver_lock protects @driver: the name of the bus driver bound to
	 * the device, from the driver core's BOUND_DRIVER to its
	 * UNBOUND_DRIVER notification (a driver cannot go while bound, so
	 * neither can its name), so that netlink can tell it without
	 * device_lock: an unbind holds that for as long as the driver's
	 * remove takes, and vhost_vdpa's waits for its file to be closed.
	 */
	spinlock_t driver_lock;
	const char *driver;
};

/* Room for a bus driver's name, as ovnic_vdpa_driver() copies it. */
#define OVNIC_VDPA_DRIVER_MAX	32

static inline const char *ovnic_vdpa_name(const struct ovnic_vdpa *ovd)
{
	return dev_name(&ovd->vdpa.dev);
}

extern const struct dma_map_ops ovnic_dma_api_ops;

int ovnic_vdpa_add(struct ovnic_adapter *ad, const char *name,
		   const struct ovnic_dev_params *params);
void ovnic_vdpa_del(struct ovnic_adapter *ad, struct vdpa_device *vdev);
void ovnic_vdpa_irq(struct ovnic_adapter *ad, u32 vector);
/* At module exit, after the last device: stops watching the vDPA bus. */
void ovnic_vdpa_exit(void);
/*
 * Copies the name of the bus driver bound to @ovd to @buf (truncated to
 * @size); false when none is.  Process context.
 */
bool ovnic_vdpa_driver(struct ovnic_vdpa *ovd, char *buf, size_t size);
/* With device_lock held and no bus driver bound. */
int ovnic_vdpa_reset_unbound(struct ovnic_vdpa *ovd);

#endif /* OVNIC_VDPA_DEV_H */
