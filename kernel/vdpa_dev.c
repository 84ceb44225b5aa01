// SPDX-License-Identifier: GPL-2.0
/*
 * An ovnic vDPA device: its device and DMA ops (its virtqueue ops are in
 * vdpa_vq.c), the ops table, and creation and removal.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/device.h>
#include <linux/dma-map-ops.h>
#include <linux/dma-mapping.h>
#include <linux/err.h>
#include <linux/minmax.h>
#include <linux/rcupdate.h>
#include <linux/string.h>
#include <linux/vdpa.h>
#include <linux/vhost_types.h>
#include <linux/virtio_config.h>
#include <uapi/linux/virtio_ids.h>
#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "ovnic.h"
#include "registry.h"
#include "vdpa_core.h"
#include "vdpa_dev.h"
#include "vdpa_vq.h"

#define OVNIC_VENDOR_ID		0

/* ---- Device ops ---- */

static u32 ovnic_vdpa_get_vq_align(struct vdpa_device *vdev)
{
	return PAGE_SIZE;
}

static u32 ovnic_vdpa_get_vq_group(struct vdpa_device *vdev, u16 idx)
{
	return ovnic_vdpa_vq_group(to_ovd(vdev), idx);
}

static int ovnic_vdpa_set_group_asid_op(struct vdpa_device *vdev,
					unsigned int group, unsigned int asid)
{
	return ovnic_vdpa_set_group_asid(to_ovd(vdev), group, asid);
}

static u64 ovnic_vdpa_get_device_features(struct vdpa_device *vdev)
{
	return to_ovd(vdev)->device_features;
}

static int ovnic_vdpa_set_driver_features(struct vdpa_device *vdev,
					  u64 features)
{
	return ovnic_vdpa_set_features(to_ovd(vdev), features);
}

static u64 ovnic_vdpa_get_driver_features(struct vdpa_device *vdev)
{
	return ovnic_vdpa_driver_features(to_ovd(vdev));
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
	return READ_ONCE(to_ovd(vdev)->max_queue_size);
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
 * The card starts on the rings at DRIVER_OK.  A driver that got its
 * addresses from the device's DMA API (virtio_vdpa) gave physical
 * addresses: the window becomes identity now, not before, so that no
 * address a vhost user chose is ever read as a physical one.
 */
static void ovnic_vdpa_set_status(struct vdpa_device *vdev, u8 status)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (!status) {
		ovnic_vdpa_reset_dev(ovd, 0);
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

/*
 * vhost_vdpa's VHOST_VDPA_SUSPEND: when the card answers, every queue
 * stands at a descriptor boundary with its used entries published, and
 * get_vq_state reads the state a destination resumes from (the card's
 * VQ_QUERY: nothing is cached here).  Frames for the device are dropped
 * and counted until resume; a reset ends the suspension.
 */
static int ovnic_vdpa_suspend(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	return ovnic_cmd_dev_suspend(ovd->ad, ovd->dev_id);
}

/* -EINVAL when the device was not suspended. */
static int ovnic_vdpa_resume(struct vdpa_device *vdev)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	return ovnic_cmd_dev_resume(ovd->ad, ovd->dev_id);
}

/*
 * The card starts a queue enabled after DRIVER_OK (VQ_MODIFY READY runs
 * what was kicked before), which is what QEMU does on every start.
 * SUSPEND and RESUME come from the ops themselves (vhost_vdpa checks
 * them); DESC_ASID would need the descriptor groups this driver lacks.
 */
static u64 ovnic_vdpa_get_backend_features(const struct vdpa_device *vdev)
{
	return BIT_ULL(VHOST_BACKEND_F_ENABLE_AFTER_DRIVER_OK);
}

static int ovnic_vdpa_reset(struct vdpa_device *vdev)
{
	return ovnic_vdpa_reset_dev(to_ovd(vdev), 0);
}

static int ovnic_vdpa_compat_reset(struct vdpa_device *vdev, u32 flags)
{
	return ovnic_vdpa_reset_dev(to_ovd(vdev), flags);
}

static size_t ovnic_vdpa_get_config_size(struct vdpa_device *vdev)
{
	return to_ovd(vdev)->config_size;
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
	.set_group_asid		= ovnic_vdpa_set_group_asid_op,
	.suspend		= ovnic_vdpa_suspend,
	.resume			= ovnic_vdpa_resume,
	.get_backend_features	= ovnic_vdpa_get_backend_features,

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
	dev = &ovd->vdpa.dev;
	err = ovnic_vdpa_core_init(ovd, ad, id, num_vqs);
	if (err)
		goto err_put;
	ovd->vdpa.mdev = &ad->mgmt;

	/*
	 * The kernel's DMA API on the device hands out physical addresses
	 * and tells the driver it was used (dma_api.c).
	 */
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
	ovnic_vdpa_core_fini(ovd);
	ovnic_reg_remove(&ovd->reg);
err_put:
	put_device(dev);
err_destroy:
	ovnic_cmd_dev_destroy(ad, id);
err_free_id:
	ida_free(&ad->dev_ids, id);
	return err;
}

/*
 * The card moves the device's ownership and forwarding to @mac, and shows
 * it in config space to a driver that used the old one; it refuses an
 * address another port of the card owns.
 */
int ovnic_vdpa_set_mac(struct vdpa_device *vdev, const u8 *mac)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	int err;

	err = ovnic_cmd_dev_set_mac(ovd->ad, ovd->dev_id, mac);
	if (err == -EEXIST)
		dev_err(&vdev->dev, "MAC %pM is another port's on the card\n",
			mac);
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
	ovnic_vdpa_core_fini(ovd);
	err = ovnic_cmd_dev_destroy(ad, id);
	put_device(&vdev->dev);

	/* A slot the card still holds is never handed out again. */
	if (!err)
		ida_free(&ad->dev_ids, id);
}
