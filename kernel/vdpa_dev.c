// SPDX-License-Identifier: GPL-2.0
/*
 * The vDPA device: every config op maps to one card command.  The driver
 * keeps only what the card cannot hold for it: the bus driver's callbacks,
 * and which bus driver is bound (for netlink).
 */
#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/seqlock.h>
#include <linux/string.h>
#include <linux/vdpa.h>
#include <linux/vhost_types.h>
#include <linux/virtio_config.h>
#include <net/netlink.h>
#include <uapi/linux/vdpa.h>
#include <uapi/linux/virtio_ids.h>
#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "ovnic.h"
#include "vdpa_dev.h"

#define OVNIC_VDPA_CONFIG_VEC	(OVNIC_VECTORS_PER_DEV - 1)
#define OVNIC_VDPA_NGROUPS	1
#define OVNIC_VDPA_NAS		1
#define OVNIC_VENDOR_ID		0

static struct ovnic_vdpa *to_ovd(struct vdpa_device *vdev)
{
	return container_of(vdev, struct ovnic_vdpa, vdpa);
}

static u32 ovnic_vdpa_vector(const struct ovnic_vdpa *ovd, u16 idx)
{
	return ovd->dev_id * OVNIC_VECTORS_PER_DEV + idx;
}

static void ovnic_vdpa_cb_set(struct ovnic_vdpa *ovd, struct ovnic_vdpa_cb *cb,
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

/* ---- Virtqueue ops ---- */

static int ovnic_vdpa_set_vq_address(struct vdpa_device *vdev, u16 idx,
				     u64 desc_area, u64 driver_area,
				     u64 device_area)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	return ovnic_cmd_vq_set_addr(ovd->ad, ovd->dev_id, idx, desc_area,
				     driver_area, device_area);
}

/* The card refuses a size above what the device offers, and logs it. */
static void ovnic_vdpa_set_vq_num(struct vdpa_device *vdev, u16 idx, u32 num)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (num > U16_MAX) {
		dev_err_ratelimited(&vdev->dev, "queue %u: size %u above %u\n",
				    idx, num, U16_MAX);
		return;
	}
	ovnic_cmd_vq_set_size(ovd->ad, ovd->dev_id, idx, num);
}

static void ovnic_vdpa_kick_vq(struct vdpa_device *vdev, u16 idx)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	ovnic_hw_doorbell(ovd->ad->hw, ovd->dev_id, idx);
}

static void ovnic_vdpa_kick_vq_with_data(struct vdpa_device *vdev, u32 data)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	ovnic_hw_doorbell(ovd->ad->hw, ovd->dev_id, data);
}

static void ovnic_vdpa_set_vq_cb(struct vdpa_device *vdev, u16 idx,
				 struct vdpa_callback *cb)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (idx < ovd->num_vqs)
		ovnic_vdpa_cb_set(ovd, &ovd->vq_cb[idx], cb);
}

static void ovnic_vdpa_set_vq_ready(struct vdpa_device *vdev, u16 idx,
				    bool ready)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	ovnic_cmd_vq_set_ready(ovd->ad, ovd->dev_id, idx, ready,
			       ovnic_vdpa_vector(ovd, idx));
}

static bool ovnic_vdpa_get_vq_ready(struct vdpa_device *vdev, u16 idx)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_vq_info info;

	if (ovnic_cmd_vq_query(ovd->ad, ovd->dev_id, idx, &info))
		return false;
	return info.ready;
}

static bool ovnic_vdpa_packed(struct ovnic_vdpa *ovd)
{
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return false;
	return info.driver_features & BIT_ULL(VIRTIO_F_RING_PACKED);
}

/*
 * Split rings: the card resumes reading at avail_index and, as every
 * descriptor before it is taken as used, writes used entries there too.
 * Packed rings: indexes carry their wrap counter in bit 15.
 */
static int ovnic_vdpa_set_vq_state(struct vdpa_device *vdev, u16 idx,
				   const struct vdpa_vq_state *state)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	u16 avail, used;

	if (ovnic_vdpa_packed(ovd)) {
		avail = state->packed.last_avail_idx |
			state->packed.last_avail_counter << 15;
		used = state->packed.last_used_idx |
		       state->packed.last_used_counter << 15;
	} else {
		avail = state->split.avail_index;
		used = avail;
	}
	return ovnic_cmd_vq_set_state(ovd->ad, ovd->dev_id, idx, avail, used);
}

static int ovnic_vdpa_get_vq_state(struct vdpa_device *vdev, u16 idx,
				   struct vdpa_vq_state *state)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_vq_info info;
	int err;

	err = ovnic_cmd_vq_query(ovd->ad, ovd->dev_id, idx, &info);
	if (err)
		return err;
	if (ovnic_vdpa_packed(ovd)) {
		state->packed.last_avail_idx = info.avail_idx & 0x7fff;
		state->packed.last_avail_counter = info.avail_idx >> 15;
		state->packed.last_used_idx = info.used_idx & 0x7fff;
		state->packed.last_used_counter = info.used_idx >> 15;
	} else {
		state->split.avail_index = info.avail_idx;
	}
	return 0;
}

static const char *const ovnic_vq_counter_names[OVNIC_VQC_NUM] = {
	[OVNIC_VQC_PACKETS]		= "packets",
	[OVNIC_VQC_BYTES]		= "bytes",
	[OVNIC_VQC_DESCS]		= "descs",
	[OVNIC_VQC_KICKS]		= "kicks",
	[OVNIC_VQC_INTERRUPTS]		= "interrupts",
	[OVNIC_VQC_DROP_NO_BUFFER]	= "drop_no_buffer",
	[OVNIC_VQC_DROP_TOO_BIG]	= "drop_too_big",
	[OVNIC_VQC_DROP_BAD_DESC]	= "drop_bad_desc",
	[OVNIC_VQC_DROP_BAD_ADDR]	= "drop_bad_addr",
	[OVNIC_VQC_DROP_FILTERED]	= "drop_filtered",
	[OVNIC_VQC_CTRL_ERRORS]		= "ctrl_errors",
	[OVNIC_VQC_COALESCED]		= "coalesced",
	[OVNIC_VQC_DROP_SPOOFED]	= "drop_spoofed",
};

/*
 * Vendor statistics also show how the queue coalesces now: its parameters
 * and who set them (enum ovnic_coal_source: 0 the device's default, 1 the
 * driver's RX_SET/TX_SET, 2 its VQ_SET, 3 the card's adaptive moderation).
 */
static int ovnic_vdpa_put_coal(struct ovnic_vdpa *ovd, u16 idx,
			       struct sk_buff *msg)
{
	static const char *const names[] = {
		"coal_usecs", "coal_frames", "coal_source",
	};
	struct ovnic_coal_vq_info info;
	u64 values[ARRAY_SIZE(names)];
	int err, i;

	err = ovnic_cmd_coal_vq_query(ovd->ad, ovd->dev_id, idx, &info);
	if (err)
		return err;
	values[0] = info.usecs;
	values[1] = info.frames;
	values[2] = info.source;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (nla_put_string(msg, VDPA_ATTR_DEV_VENDOR_ATTR_NAME,
				   names[i]) ||
		    nla_put_u64_64bit(msg, VDPA_ATTR_DEV_VENDOR_ATTR_VALUE,
				      values[i], VDPA_ATTR_PAD))
			return -EMSGSIZE;
	return 0;
}

static int ovnic_vdpa_get_vendor_vq_stats(struct vdpa_device *vdev, u16 idx,
					  struct sk_buff *msg,
					  struct netlink_ext_ack *extack)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	u64 counter[OVNIC_VQC_NUM];
	int err, i;

	if (idx >= ovd->num_vqs) {
		NL_SET_ERR_MSG_MOD(extack, "queue index out of range");
		return -EINVAL;
	}
	err = ovnic_cmd_vq_stats(ovd->ad, ovd->dev_id, idx, counter);
	if (err) {
		NL_SET_ERR_MSG_MOD(extack, "the card failed to report queue statistics");
		return err;
	}
	for (i = 0; i < OVNIC_VQC_NUM; i++) {
		if (nla_put_string(msg, VDPA_ATTR_DEV_VENDOR_ATTR_NAME,
				   ovnic_vq_counter_names[i]) ||
		    nla_put_u64_64bit(msg, VDPA_ATTR_DEV_VENDOR_ATTR_VALUE,
				      counter[i], VDPA_ATTR_PAD))
			return -EMSGSIZE;
	}
	err = ovnic_vdpa_put_coal(ovd, idx, msg);
	if (err == -EMSGSIZE)
		return err;
	if (err)
		NL_SET_ERR_MSG_MOD(extack, "the card failed to report queue coalescing");
	return err;
}

/* ---- Device ops ---- */

static u32 ovnic_vdpa_get_vq_align(struct vdpa_device *vdev)
{
	return PAGE_SIZE;
}

static u32 ovnic_vdpa_get_vq_group(struct vdpa_device *vdev, u16 idx)
{
	return 0;
}

static u64 ovnic_vdpa_get_device_features(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return 0;
	return info.device_features;
}

static int ovnic_vdpa_set_driver_features(struct vdpa_device *vdev,
					  u64 features)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	return ovnic_cmd_dev_set_features(ovd->ad, ovd->dev_id, features);
}

static u64 ovnic_vdpa_get_driver_features(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return 0;
	return info.driver_features;
}

static void ovnic_vdpa_set_config_cb(struct vdpa_device *vdev,
				     struct vdpa_callback *cb)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	ovnic_vdpa_cb_set(ovd, &ovd->config_cb, cb);
}

/* What the device offers: the card's limit unless QUEUES_SET lowered it. */
static u16 ovnic_vdpa_get_vq_num_max(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return ovd->ad->max_queue_size;
	return info.max_queue_size;
}

static u32 ovnic_vdpa_get_device_id(struct vdpa_device *vdev)
{
	return VIRTIO_ID_NET;
}

static u32 ovnic_vdpa_get_vendor_id(struct vdpa_device *vdev)
{
	return OVNIC_VENDOR_ID;
}

static u8 ovnic_vdpa_get_status(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return VIRTIO_CONFIG_S_FAILED;
	return info.status;
}

/*
 * After a reset no callback of the bus driver runs any more: the card has
 * stopped the queues, the callbacks are cleared and the RCU grace period
 * waits out a dispatch that read them before.
 */
static int ovnic_vdpa_do_reset(struct ovnic_vdpa *ovd, u32 flags)
{
	unsigned int asid;
	int err, i;

	atomic_inc(&ovd->resets);
	err = ovnic_cmd_dev_reset(ovd->ad, ovd->dev_id);

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
	return ovnic_vdpa_do_reset(ovd, 0);
}

/*
 * The card starts on the rings at DRIVER_OK.  A driver that got its
 * addresses from the device's DMA API (virtio_vdpa) gave physical
 * addresses: the window becomes identity now, not before, so that no
 * address a vhost user chose is ever read as a physical one.
 */
static void ovnic_vdpa_set_status(struct vdpa_device *vdev, u8 status)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (!status) {
		ovnic_vdpa_do_reset(ovd, 0);
		return;
	}
	if (status & VIRTIO_CONFIG_S_DRIVER_OK && !ovd->identity &&
	    READ_ONCE(ovd->kernel_dma)) {
		if (ovnic_cmd_mr_identity(ovd->ad, ovd->dev_id, 0))
			status |= VIRTIO_CONFIG_S_FAILED;
		else
			ovd->identity = true;
	}
	ovnic_cmd_dev_set_status(ovd->ad, ovd->dev_id, status);
}

static int ovnic_vdpa_reset(struct vdpa_device *vdev)
{
	return ovnic_vdpa_do_reset(to_ovd(vdev), 0);
}

static int ovnic_vdpa_compat_reset(struct vdpa_device *vdev, u32 flags)
{
	return ovnic_vdpa_do_reset(to_ovd(vdev), flags);
}

static size_t ovnic_vdpa_get_config_size(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return sizeof(struct virtio_net_config);
	return info.config_size;
}

static void ovnic_vdpa_get_config(struct vdpa_device *vdev,
				  unsigned int offset, void *buf,
				  unsigned int len)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	unsigned int done, n;

	for (done = 0; done < len; done += n) {
		n = min_t(unsigned int, len - done, OVNIC_CONFIG_CHUNK);
		if (offset + done > U16_MAX ||
		    ovnic_cmd_dev_config_read(ovd->ad, ovd->dev_id,
					      offset + done, buf + done, n)) {
			memset(buf + done, 0, len - done);
			return;
		}
	}
}

static void ovnic_vdpa_set_config(struct vdpa_device *vdev,
				  unsigned int offset, const void *buf,
				  unsigned int len)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	unsigned int done, n;

	for (done = 0; done < len; done += n) {
		n = min_t(unsigned int, len - done, OVNIC_CONFIG_CHUNK);
		if (offset + done > U16_MAX ||
		    ovnic_cmd_dev_config_write(ovd->ad, ovd->dev_id,
					       offset + done, buf + done, n))
			return;
	}
}

static u32 ovnic_vdpa_get_generation(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_dev_info info;

	if (ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info))
		return 0;
	return info.config_generation;
}

static struct vdpa_iova_range ovnic_vdpa_get_iova_range(struct vdpa_device *vdev)
{
	return (struct vdpa_iova_range) {
		.first	= 0,
		.last	= U64_MAX,
	};
}

/* ---- DMA ops: the card's memory regions ---- */

static int ovnic_vdpa_dma_map(struct vdpa_device *vdev, unsigned int asid,
			      u64 iova, u64 size, u64 pa, u32 perm,
			      void *opaque)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	u32 mr_perm = 0;

	if (asid >= vdev->nas)
		return -EINVAL;
	if (perm & VHOST_ACCESS_RO)
		mr_perm |= OVNIC_MR_PERM_READ;
	if (perm & VHOST_ACCESS_WO)
		mr_perm |= OVNIC_MR_PERM_WRITE;
	return ovnic_cmd_mr_map(ovd->ad, ovd->dev_id, asid, iova, size, pa,
				mr_perm);
}

static int ovnic_vdpa_dma_unmap(struct vdpa_device *vdev, unsigned int asid,
				u64 iova, u64 size)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (asid >= vdev->nas)
		return -EINVAL;
	return ovnic_cmd_mr_unmap(ovd->ad, ovd->dev_id, asid, iova, size);
}

/* vhost_vdpa's release: nothing stays mapped for the next user. */
static int ovnic_vdpa_reset_map(struct vdpa_device *vdev, unsigned int asid)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (asid >= vdev->nas)
		return -EINVAL;
	if (!asid)
		ovd->identity = false;
	return ovnic_cmd_mr_reset(ovd->ad, ovd->dev_id, asid);
}

static const struct vdpa_config_ops ovnic_vdpa_ops = {
	/* Virtqueue ops */
	.set_vq_address		= ovnic_vdpa_set_vq_address,
	.set_vq_num		= ovnic_vdpa_set_vq_num,
	.kick_vq		= ovnic_vdpa_kick_vq,
	.kick_vq_with_data	= ovnic_vdpa_kick_vq_with_data,
	.set_vq_cb		= ovnic_vdpa_set_vq_cb,
	.set_vq_ready		= ovnic_vdpa_set_vq_ready,
	.get_vq_ready		= ovnic_vdpa_get_vq_ready,
	.set_vq_state		= ovnic_vdpa_set_vq_state,
	.get_vq_state		= ovnic_vdpa_get_vq_state,
	.get_vendor_vq_stats	= ovnic_vdpa_get_vendor_vq_stats,

	/* Device ops */
	.get_vq_align		= ovnic_vdpa_get_vq_align,
	.get_vq_group		= ovnic_vdpa_get_vq_group,
	.get_device_features	= ovnic_vdpa_get_device_features,
	.set_driver_features	= ovnic_vdpa_set_driver_features,
	.get_driver_features	= ovnic_vdpa_get_driver_features,
	.set_config_cb		= ovnic_vdpa_set_config_cb,
	.get_vq_num_max		= ovnic_vdpa_get_vq_num_max,
	.get_device_id		= ovnic_vdpa_get_device_id,
	.get_vendor_id		= ovnic_vdpa_get_vendor_id,
	.get_status		= ovnic_vdpa_get_status,
	.set_status		= ovnic_vdpa_set_status,
	.reset			= ovnic_vdpa_reset,
	.compat_reset		= ovnic_vdpa_compat_reset,
	.get_config_size	= ovnic_vdpa_get_config_size,
	.get_config		= ovnic_vdpa_get_config,
	.set_config		= ovnic_vdpa_set_config,
	.get_generation		= ovnic_vdpa_get_generation,
	.get_iova_range		= ovnic_vdpa_get_iova_range,

	/* DMA ops */
	.dma_map		= ovnic_vdpa_dma_map,
	.dma_unmap		= ovnic_vdpa_dma_unmap,
	.reset_map		= ovnic_vdpa_reset_map,
};

/* ---- Creation and removal, called by the management device ---- */

int ovnic_vdpa_add(struct ovnic_adapter *ad, const char *name,
		   const struct ovnic_dev_params *params)
{
	u16 num_vqs = 2 * params->max_vqp + 1;
	struct ovnic_vdpa *ovd;
	struct device *dev;
	int id, err;

	id = ida_alloc_max(&ad->dev_ids, ad->max_devices - 1, GFP_KERNEL);
	if (id < 0) {
		dev_err(ovnic_adapter_dev(ad),
			"%s: no free device slot, the card hosts %u devices\n",
			name, ad->max_devices);
		return id;
	}

	err = ovnic_cmd_dev_create(ad, id, params,
				   id * OVNIC_VECTORS_PER_DEV +
				   OVNIC_VDPA_CONFIG_VEC);
	if (err)
		goto err_free_id;

	ovd = vdpa_alloc_device(struct ovnic_vdpa, vdpa, ovnic_adapter_dev(ad),
				&ovnic_vdpa_ops, OVNIC_VDPA_NGROUPS,
				OVNIC_VDPA_NAS, name, false);
	if (IS_ERR(ovd)) {
		err = PTR_ERR(ovd);
		goto err_destroy;
	}
	ovd->ad = ad;
	ovd->dev_id = id;
	ovd->num_vqs = num_vqs;
	seqlock_init(&ovd->cb_lock);
	INIT_WORK(&ovd->config_work, ovnic_vdpa_config_work);
	ovd->needs_reset_reported = -1;
	ovd->vdpa.mdev = &ad->mgmt;

	/*
	 * The kernel's DMA API on the device hands out physical addresses
	 * and tells the driver it was used (dma_api.c).
	 */
	dev = &ovd->vdpa.dev;
	set_dma_ops(dev, &ovnic_dma_api_ops);
	dev->dma_mask = &dev->coherent_dma_mask;
	err = dma_set_mask_and_coherent(dev, DMA_BIT_MASK(64));
	if (err)
		goto err_put;
	ovd->vdpa.dma_dev = dev;
	err = ovnic_reg_enter(&ovd->reg, &ovd->vdpa, ad->index, id);
	if (err)
		goto err_put;

	rcu_assign_pointer(ad->devs[id], ovd);
	err = _vdpa_register_device(&ovd->vdpa, num_vqs);
	if (err)
		goto err_unpublish;
	ovnic_reg_publish(&ovd->reg);
	return 0;

	/* Unpublished for interrupts, and taken out of the registry. */
err_unpublish:
	RCU_INIT_POINTER(ad->devs[id], NULL);
	synchronize_rcu();
	cancel_work_sync(&ovd->config_work);
	ovnic_reg_remove(&ovd->reg);
err_put:
	put_device(dev);
err_destroy:
	ovnic_cmd_dev_destroy(ad, id);
err_free_id:
	ida_free(&ad->dev_ids, id);
	return err;
}

void ovnic_vdpa_del(struct ovnic_adapter *ad, struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	u16 id = ovd->dev_id;
	int err;

	/* Keep ovd until no interrupt or work can reach it. */
	get_device(&vdev->dev);
	ovnic_reg_remove(&ovd->reg);
	_vdpa_unregister_device(vdev);

	/*
	 * The bus driver is gone: no interrupt is needed any more.  Once no
	 * interrupt can find the device, no config work can be scheduled;
	 * the last one ends before the card forgets the device.  The card
	 * quiesces its cores before DEV_DESTROY returns.
	 */
	RCU_INIT_POINTER(ad->devs[id], NULL);
	synchronize_rcu();
	cancel_work_sync(&ovd->config_work);
	err = ovnic_cmd_dev_destroy(ad, id);
	put_device(&vdev->dev);

	/* A slot the card still holds is never handed out again. */
	if (!err)
		ida_free(&ad->dev_ids, id);
}
