// SPDX-License-Identifier: GPL-2.0
/*
 * What an ovnic vDPA device's config ops share: the bus driver's
 * callbacks and the interrupts that reach them, config interrupts as
 * events, and reset.  The driver keeps only what the card cannot hold for
 * it; every op maps to card commands (cmds.c).
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/atomic.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/string.h>
#include <linux/vdpa.h>
#include <linux/virtio_config.h>
#include <linux/workqueue.h>
#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "ovnic.h"
#include "registry.h"
#include "vdpa_core.h"

void ovnic_vdpa_cb_set(struct ovnic_vdpa *ovd, struct ovnic_vdpa_cb *cb,
		       const struct vdpa_callback *from)
{
	write_seqlock_bh(&ovd->cb_lock);
	cb->callback = from ? from->callback : NULL;
	cb->private = from ? from->private : NULL;
	write_sequnlock_bh(&ovd->cb_lock);
}

/* Called with the RCU read lock held, from device cores or wire receive. */
static void ovnic_vdpa_cb_call(struct ovnic_vdpa *ovd,
			       const struct ovnic_vdpa_cb *cb)
{
	irqreturn_t (*callback)(void *data);
	unsigned int seq;
	void *private;

	do {
		seq = read_seqbegin(&ovd->cb_lock);
		callback = cb->callback;
		private = cb->private;
	} while (read_seqretry(&ovd->cb_lock, seq));
	if (callback)
		callback(private);
}

void ovnic_vdpa_irq(struct ovnic_adapter *ad, u32 vector)
{
	u32 id = vector / OVNIC_VECTORS_PER_DEV;
	u32 idx = vector % OVNIC_VECTORS_PER_DEV;
	struct ovnic_vdpa *ovd;

	if (id >= OVNIC_MAX_DEVICES)
		return;
	rcu_read_lock();
	ovd = rcu_dereference(ad->devs[id]);
	if (ovd) {
		if (idx == OVNIC_VDPA_CONFIG_VEC) {
			ovnic_vdpa_cb_call(ovd, &ovd->config_cb);
			schedule_work(&ovd->config_work);
		} else if (idx < ovd->num_vqs)
			ovnic_vdpa_cb_call(ovd, &ovd->vq_cb[idx]);
	}
	rcu_read_unlock();
}

/*
 * A config interrupt: for netlink listeners, a NEEDS_RESET the card raised
 * since the last reset.  (Link changes are reported by the op that makes
 * them, as the card raises no interrupt without a driver.)
 */
static void ovnic_vdpa_config_work(struct work_struct *work)
{
	struct ovnic_vdpa *ovd = container_of(work, struct ovnic_vdpa,
					      config_work);
	int resets = atomic_read(&ovd->resets);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return;
	if (info.status & VIRTIO_CONFIG_S_NEEDS_RESET &&
	    ovd->needs_reset_reported != resets) {
		ovd->needs_reset_reported = resets;
		ovnic_reg_notify_needs_reset(&ovd->reg, info.status);
	}
}

int ovnic_vdpa_core_init(struct ovnic_vdpa *ovd, struct ovnic_adapter *ad,
			 u16 dev_id, u16 num_vqs)
{
	struct ovnic_dev_info info;
	int err;

	ovd->ad = ad;
	ovd->dev_id = dev_id;
	ovd->num_vqs = num_vqs;
	seqlock_init(&ovd->cb_lock);
	INIT_WORK(&ovd->config_work, ovnic_vdpa_config_work);
	ovd->needs_reset_reported = -1;

	err = ovnic_cmd_dev_query(ad, dev_id, &info);
	if (err)
		return err;
	ovd->device_features = info.device_features;
	ovd->driver_features = info.driver_features;
	ovd->config_size = info.config_size;
	ovd->max_queue_size = info.max_queue_size;
	ovd->max_vqp = info.max_vqp;
	return 0;
}

void ovnic_vdpa_core_fini(struct ovnic_vdpa *ovd)
{
	cancel_work_sync(&ovd->config_work);
}

/* ---- Driver features ---- */

int ovnic_vdpa_set_features(struct ovnic_vdpa *ovd, u64 features)
{
	int err;

	err = ovnic_cmd_dev_set_features(ovd->ad, ovd->dev_id, features);
	if (!err)
		WRITE_ONCE(ovd->driver_features, features);
	return err;
}

/*
 * After DEV_RESET: the card cleared the driver's features, unless the
 * reset failed (@reset_err), when they are whatever the card says.
 */
static void ovnic_vdpa_reset_features(struct ovnic_vdpa *ovd, int reset_err)
{
	struct ovnic_dev_info info;
	u64 features = 0;

	if (reset_err && !ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		features = info.driver_features;
	WRITE_ONCE(ovd->driver_features, features);
}

/* ---- Virtqueue groups and address spaces ---- */

/*
 * The control queue follows the data queues the driver may use (virtio
 * 1.2 5.1.2): index 2 without MQ (and RSS), 2 * max_vqp with it, as the
 * card places it.  Before the driver set its features the answer is for
 * a driver that takes all the device offers: vhost users may ask first
 * (QEMU 8 and later set features before they ask, as mlx5_vdpa needs).
 * Without CTRL_VQ there is no control queue and every queue is data.
 */
u32 ovnic_vdpa_vq_group(const struct ovnic_vdpa *ovd, u16 idx)
{
	u64 features = ovnic_vdpa_driver_features(ovd) ?:
		       READ_ONCE(ovd->device_features);
	u16 pairs = 1;

	if (!(features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ)))
		return OVNIC_VDPA_DATA_GROUP;
	if (features & (BIT_ULL(VIRTIO_NET_F_MQ) | BIT_ULL(VIRTIO_NET_F_RSS)))
		pairs = READ_ONCE(ovd->max_vqp);
	return idx == 2 * pairs ? OVNIC_VDPA_CVQ_GROUP : OVNIC_VDPA_DATA_GROUP;
}

static int ovnic_vdpa_group_to_card(struct ovnic_vdpa *ovd, u32 group,
				    u8 asid)
{
	u16 idx, nvqs = 2 * READ_ONCE(ovd->max_vqp) + 1;
	int err;

	for (idx = 0; idx < nvqs; idx++) {
		if (ovnic_vdpa_vq_group(ovd, idx) != group)
			continue;
		err = ovnic_cmd_vq_set_asid(ovd->ad, ovd->dev_id, idx, asid);
		if (err)
			return err;
	}
	return 0;
}

/*
 * The card switches the group's queues now; the ones enabled later get
 * the group's space when they are (ovnic_vdpa_set_vq_ready()).  An enabled
 * queue keeps reading its rings where it does: the card refuses (EBUSY)
 * and the group stays where it was, every queue of it included.
 */
int ovnic_vdpa_set_group_asid(struct ovnic_vdpa *ovd, u32 group, u32 asid)
{
	u8 old;
	int err;

	if (group >= OVNIC_VDPA_NGROUPS || asid >= ovd->vdpa.nas)
		return -EINVAL;
	old = ovd->group_asid[group];
	err = ovnic_vdpa_group_to_card(ovd, group, asid);
	if (err) {
		ovnic_vdpa_group_to_card(ovd, group, old);
		return err;
	}
	ovd->group_asid[group] = asid;
	return 0;
}

/* ---- Reset ---- */

/*
 * After a reset no callback of the bus driver runs any more: the card has
 * stopped the queues, the callbacks are cleared and the RCU grace period
 * waits out a dispatch that read them before.
 */
int ovnic_vdpa_reset_dev(struct ovnic_vdpa *ovd, u32 flags)
{
	unsigned int asid;
	int err, i;

	atomic_inc(&ovd->resets);
	err = ovnic_cmd_dev_reset(ovd->ad, ovd->dev_id);
	ovnic_vdpa_reset_features(ovd, err);

	ovnic_vdpa_cb_set(ovd, &ovd->config_cb, NULL);
	for (i = 0; i < ovd->num_vqs; i++)
		ovnic_vdpa_cb_set(ovd, &ovd->vq_cb[i], NULL);
	synchronize_rcu();

	/*
	 * Identity lasts one driver session: whoever drives the device next
	 * (vhost_vdpa resets on open, without CLEAN_MAP the first time)
	 * starts from an empty window unless the kernel's DMA API is used.
	 */
	WRITE_ONCE(ovd->kernel_dma, false);
	/* As the card's queues, every group is back in address space 0. */
	memset(ovd->group_asid, 0, sizeof(ovd->group_asid));
	if (ovd->identity) {
		err = ovnic_cmd_mr_reset(ovd->ad, ovd->dev_id, 0) ?: err;
		ovd->identity = false;
	}
	if (flags & VDPA_RESET_F_CLEAN_MAP)
		for (asid = 0; asid < ovd->vdpa.nas; asid++)
			err = ovnic_cmd_mr_reset(ovd->ad, ovd->dev_id, asid) ?:
			      err;
	return err;
}

/*
 * A device no bus driver is bound to may still show ACKNOWLEDGE: the virtio
 * core sets it again after a driver's remove.  Every bus driver resets the
 * device when it starts, so resetting it now takes nothing from anyone.
 */
int ovnic_vdpa_reset_unbound(struct ovnic_vdpa *ovd)
{
	device_lock_assert(&ovd->vdpa.dev);
	if (WARN_ON_ONCE(ovd->vdpa.dev.driver))
		return -EBUSY;
	return ovnic_vdpa_reset_dev(ovd, 0);
}

/*
 * Only while no bus driver is bound (the card also wants the device
 * reset): no driver has read the limits, none reads them meanwhile.
 */
int ovnic_vdpa_set_queues(struct ovnic_vdpa *ovd, u16 max_vqp,
			  u16 max_queue_size)
{
	int err;

	device_lock_assert(&ovd->vdpa.dev);
	err = ovnic_cmd_dev_set_queues(ovd->ad, ovd->dev_id, max_vqp,
				       max_queue_size);
	if (!err && max_queue_size)
		WRITE_ONCE(ovd->max_queue_size, max_queue_size);
	if (!err && max_vqp)
		WRITE_ONCE(ovd->max_vqp, max_vqp);
	return err;
}
