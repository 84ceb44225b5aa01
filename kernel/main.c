// SPDX-License-Identifier: GPL-2.0
/*
 * ovnic: vDPA parent driver for the ovnic virtio-net card.  Module glue:
 * probe each card through the bus of ovnic_hw.h, then expose its uplink
 * netdev and its vDPA management device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/err.h>
#include <linux/module.h>
#include <linux/moduleparam.h>
#include <linux/slab.h>

#include "cmds.h"
#include "mgmt.h"
#include "netlink.h"
#include "ovnic.h"
#include "registry.h"
#include "uplink.h"
#include "vdpa_core.h"

static unsigned int num_cards = 1;
module_param(num_cards, uint, 0444);
MODULE_PARM_DESC(num_cards, "Cards to create (1-16, default 1)");

static bool ring_packed = true;
module_param(ring_packed, bool, 0444);
MODULE_PARM_DESC(ring_packed,
		 "Offer packed virtqueues (VIRTIO_F_RING_PACKED) where the card has them (default Y)");

static struct ovnic_adapter *ovnic_adapters[OVNIC_MAX_CARDS];

static void ovnic_host_irq(void *ctx, ovnic_u32 vector)
{
	ovnic_vdpa_irq(ctx, vector);
}

static void ovnic_host_wire_tx(void *ctx, const struct ovnic_wire_hdr *hdr,
			       const void *const *piece,
			       const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	ovnic_uplink_wire_tx(ctx, hdr, piece, piece_len, npieces);
}

static const struct ovnic_hw_host_ops ovnic_host_ops = {
	.irq		= ovnic_host_irq,
	.wire_tx	= ovnic_host_wire_tx,
};

/* Identity, version and capabilities from the register window. */
static int ovnic_adapter_read_caps(struct ovnic_adapter *ad)
{
	struct device *dev = ovnic_adapter_dev(ad);
	u32 magic, version, status;

	magic = ovnic_hw_reg_read(ad->hw, OVNIC_REG_MAGIC);
	if (magic != OVNIC_MAGIC) {
		dev_err(dev, "bad magic %#x, expected %#x\n", magic,
			OVNIC_MAGIC);
		return -ENODEV;
	}
	version = ovnic_hw_reg_read(ad->hw, OVNIC_REG_VERSION);
	if (version >> 16 != OVNIC_HW_VERSION_MAJOR) {
		dev_err(dev, "hardware interface %u.%u, the driver speaks %u.x\n",
			version >> 16, version & 0xffff,
			OVNIC_HW_VERSION_MAJOR);
		return -ENODEV;
	}
	status = ovnic_hw_reg_read(ad->hw, OVNIC_REG_CARD_STATUS);
	if (!(status & OVNIC_CARD_STATUS_READY) ||
	    (status & OVNIC_CARD_STATUS_FATAL)) {
		dev_err(dev, "card not ready (status %#x)\n", status);
		return -EIO;
	}

	ad->max_devices = min_t(u32, ovnic_hw_reg_read(ad->hw,
						       OVNIC_REG_MAX_DEVICES),
				OVNIC_MAX_DEVICES);
	ad->max_vqp = min_t(u32, ovnic_hw_reg_read(ad->hw, OVNIC_REG_MAX_VQP),
			    OVNIC_MAX_VQP);
	ad->max_queue_size = min_t(u32, ovnic_hw_reg_read(ad->hw,
							  OVNIC_REG_MAX_QUEUE_SIZE),
				   U16_MAX);
	ad->features = ovnic_hw_reg_read(ad->hw, OVNIC_REG_FEATURES_LO) |
		       (u64)ovnic_hw_reg_read(ad->hw, OVNIC_REG_FEATURES_HI) << 32;
	/* Split rings only: what a driver negotiating packed would not test. */
	if (!ring_packed)
		ad->features &= ~BIT_ULL(VIRTIO_F_RING_PACKED);
	/*
	 * vDPA cannot carry the card's queue reset: it has no op for it, and
	 * QEMU would pass RING_RESET to a guest whose resets it forwards only
	 * to TAP backends (docs/lifecycle.md).
	 */
	ad->features &= ~BIT_ULL(VIRTIO_F_RING_RESET);
	if (!ad->max_devices || !ad->max_vqp || !ad->max_queue_size) {
		dev_err(dev, "card offers no devices, queue pairs or queue slots\n");
		return -ENODEV;
	}
	dev_info(dev, "interface %u.%u, %u devices, %u queue pairs, queue size %u, features %#llx\n",
		 version >> 16, version & 0xffff, ad->max_devices, ad->max_vqp,
		 ad->max_queue_size, ad->features);
	return 0;
}

static struct ovnic_adapter *ovnic_adapter_create(unsigned int index)
{
	struct ovnic_adapter *ad;
	int err;

	ad = kzalloc(sizeof(*ad), GFP_KERNEL);
	if (!ad)
		return ERR_PTR(-ENOMEM);
	ad->index = index;
	ida_init(&ad->dev_ids);

	err = ovnic_mgmt_parent_create(ad);
	if (err)
		goto err_free_adapter;
	err = ovnic_uplink_alloc(ad);
	if (err)
		goto err_destroy_parent;

	ad->hw = ovnic_hw_attach(index, &ovnic_host_ops, ad);
	if (!ad->hw) {
		dev_err(ovnic_adapter_dev(ad), "cannot attach card %u\n", index);
		err = -ENODEV;
		goto err_free_uplink;
	}
	err = ovnic_adapter_read_caps(ad);
	if (err)
		goto err_detach;

	err = ovnic_uplink_register(ad);
	if (err)
		goto err_detach;
	err = ovnic_mgmt_register(ad);
	if (err) {
		dev_err(ovnic_adapter_dev(ad),
			"cannot register the vDPA management device: %pe\n",
			ERR_PTR(err));
		goto err_unregister_uplink;
	}
	return ad;

err_unregister_uplink:
	ovnic_uplink_unregister(ad);
err_detach:
	ovnic_hw_detach(ad->hw);
err_free_uplink:
	ovnic_uplink_free(ad);
err_destroy_parent:
	ovnic_mgmt_parent_destroy(ad);
err_free_adapter:
	ida_destroy(&ad->dev_ids);
	kfree(ad);
	return ERR_PTR(err);
}

static void ovnic_adapter_destroy(struct ovnic_adapter *ad)
{
	ovnic_mgmt_unregister(ad);
	ovnic_uplink_unregister(ad);
	ovnic_hw_detach(ad->hw);
	ovnic_uplink_free(ad);
	ovnic_mgmt_parent_destroy(ad);
	ida_destroy(&ad->dev_ids);
	kfree(ad);
}

static void ovnic_destroy_all(void)
{
	int i;

	for (i = OVNIC_MAX_CARDS - 1; i >= 0; i--) {
		if (ovnic_adapters[i])
			ovnic_adapter_destroy(ovnic_adapters[i]);
		ovnic_adapters[i] = NULL;
	}
}

/*
 * The netlink family comes first and goes last: a device can be added as
 * soon as its card's management device is registered, and its removal
 * (with every card's, at exit) is an event.
 */
static int __init ovnic_init(void)
{
	struct ovnic_adapter *ad;
	unsigned int i;
	int err;

	if (!num_cards || num_cards > OVNIC_MAX_CARDS) {
		pr_err("num_cards %u out of range [1, %d]\n", num_cards,
		       OVNIC_MAX_CARDS);
		return -EINVAL;
	}
	err = ovnic_nl_init();
	if (err)
		return err;
	for (i = 0; i < num_cards; i++) {
		ad = ovnic_adapter_create(i);
		if (IS_ERR(ad)) {
			ovnic_destroy_all();
			ovnic_reg_exit();
			ovnic_nl_exit();
			return PTR_ERR(ad);
		}
		ovnic_adapters[i] = ad;
	}
	return 0;
}

static void __exit ovnic_exit(void)
{
	ovnic_destroy_all();
	ovnic_reg_exit();
	ovnic_nl_exit();
}

module_init(ovnic_init);
module_exit(ovnic_exit);

MODULE_DESCRIPTION("vDPA parent driver for the ovnic virtio-net card");
MODULE_LICENSE("GPL");
