// SPDX-License-Identifier: GPL-2.0
/*
 * The vDPA management device: validates what "vdpa dev add" provisions and
 * turns it into a card device.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bits.h>
#include <linux/device.h>
#include <linux/etherdevice.h>
#include <linux/slab.h>
#include <linux/vdpa.h>
#include <linux/virtio_config.h>
#include <uapi/linux/vdpa.h>
#include <uapi/linux/virtio_ids.h>
#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "mgmt.h"
#include "ovnic.h"
#include "vdpa_dev.h"

#define OVNIC_MTU_MIN		68
#define OVNIC_MTU_MAX		9000
#define OVNIC_MTU_DEFAULT	ETH_DATA_LEN

/* virtio 1.4's inner header hash; Linux 6.12's headers have no name for it. */
#ifndef VIRTIO_NET_F_HASH_TUNNEL
#define VIRTIO_NET_F_HASH_TUNNEL	51
#endif

/* Features that only work through the control virtqueue (virtio 5.1.3.1). */
#define OVNIC_NEEDS_CTRL_VQ	(BIT_ULL(VIRTIO_NET_F_CTRL_RX) |	\
				 BIT_ULL(VIRTIO_NET_F_CTRL_VLAN) |	\
				 BIT_ULL(VIRTIO_NET_F_GUEST_ANNOUNCE) |	\
				 BIT_ULL(VIRTIO_NET_F_MQ) |		\
				 BIT_ULL(VIRTIO_NET_F_CTRL_MAC_ADDR) |	\
				 BIT_ULL(VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) | \
				 BIT_ULL(VIRTIO_NET_F_RSS) |		\
				 BIT_ULL(VIRTIO_NET_F_HASH_REPORT) |	\
				 BIT_ULL(VIRTIO_NET_F_HASH_TUNNEL) |	\
				 BIT_ULL(VIRTIO_NET_F_NOTF_COAL) |	\
				 BIT_ULL(VIRTIO_NET_F_VQ_NOTF_COAL) |	\
				 BIT_ULL(VIRTIO_NET_F_DEVICE_STATS))

/*
 * Feature bits that need one of others (virtio 1.2 5.1.3.1; HASH_TUNNEL:
 * virtio 1.4), checked on what a device is provisioned with.  Those that
 * need CTRL_VQ are OVNIC_NEEDS_CTRL_VQ.
 */
struct ovnic_feature_dep {
	unsigned int bit;
	const char *name;
	u64 needs;		/* any one of them */
	const char *needs_name;
};

#define OVNIC_DEP(f, n)		{ VIRTIO_NET_F_##f, #f,			\
				  BIT_ULL(VIRTIO_NET_F_##n), #n }
#define OVNIC_DEP2(f, n1, n2)	{ VIRTIO_NET_F_##f, #f,			\
				  BIT_ULL(VIRTIO_NET_F_##n1) |		\
				  BIT_ULL(VIRTIO_NET_F_##n2), #n1 " or " #n2 }

static const struct ovnic_feature_dep ovnic_feature_deps[] = {
	OVNIC_DEP(GUEST_TSO4, GUEST_CSUM),
	OVNIC_DEP(GUEST_TSO6, GUEST_CSUM),
	OVNIC_DEP2(GUEST_ECN, GUEST_TSO4, GUEST_TSO6),
	OVNIC_DEP(GUEST_UFO, GUEST_CSUM),
	OVNIC_DEP(GUEST_USO4, GUEST_CSUM),
	OVNIC_DEP(GUEST_USO6, GUEST_CSUM),
	OVNIC_DEP(HOST_TSO4, CSUM),
	OVNIC_DEP(HOST_TSO6, CSUM),
	OVNIC_DEP2(HOST_ECN, HOST_TSO4, HOST_TSO6),
	OVNIC_DEP(HOST_UFO, CSUM),
	OVNIC_DEP(HOST_USO, CSUM),
	OVNIC_DEP2(RSC_EXT, HOST_TSO4, HOST_TSO6),
	OVNIC_DEP2(HASH_TUNNEL, RSS, HASH_REPORT),
};

static struct virtio_device_id ovnic_id_table[] = {
	{ VIRTIO_ID_NET, VIRTIO_DEV_ANY_ID },
	{ 0 },
};

static struct ovnic_adapter *to_adapter(struct vdpa_mgmt_dev *mdev)
{
	return container_of(mdev, struct ovnic_adapter, mgmt);
}

/* Fills @p from @config and the card's defaults; logs what is wrong. */
static int ovnic_mgmt_params(struct ovnic_adapter *ad, const char *name,
			     const struct vdpa_dev_set_config *config,
			     struct ovnic_dev_params *p)
{
	struct device *dev = ovnic_adapter_dev(ad);
	u64 implied = 0;
	unsigned int i;

	p->features = ad->features;
	if (config->mask & BIT_ULL(VDPA_ATTR_DEV_FEATURES)) {
		if (config->device_features & ~ad->features) {
			dev_err(dev, "%s: features %#llx not offered by the card (it offers %#llx)\n",
				name, config->device_features & ~ad->features,
				ad->features);
			return -EOPNOTSUPP;
		}
		p->features = config->device_features;
	}
	if (!(p->features & BIT_ULL(VIRTIO_F_VERSION_1)) ||
	    !(p->features & BIT_ULL(VIRTIO_F_ACCESS_PLATFORM))) {
		dev_err(dev, "%s: the card needs VERSION_1 and ACCESS_PLATFORM (feature bits %d and %d)\n",
			name, VIRTIO_F_VERSION_1, VIRTIO_F_ACCESS_PLATFORM);
		return -EINVAL;
	}
	if ((p->features & OVNIC_NEEDS_CTRL_VQ) &&
	    !(p->features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ))) {
		dev_err(dev, "%s: features %#llx need CTRL_VQ (feature bit %d)\n",
			name, p->features & OVNIC_NEEDS_CTRL_VQ,
			VIRTIO_NET_F_CTRL_VQ);
		return -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(ovnic_feature_deps); i++) {
		const struct ovnic_feature_dep *d = &ovnic_feature_deps[i];

		if ((p->features & BIT_ULL(d->bit)) && !(p->features & d->needs)) {
			dev_err(dev, "%s: %s (feature bit %u) needs %s\n",
				name, d->name, d->bit, d->needs_name);
			return -EINVAL;
		}
	}

	if (config->mask & BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MACADDR)) {
		if (!is_valid_ether_addr(config->net.mac)) {
			dev_err(dev, "%s: MAC %pM is not a unicast address\n",
				name, config->net.mac);
			return -EINVAL;
		}
		ether_addr_copy(p->mac, config->net.mac);
		implied |= BIT_ULL(VIRTIO_NET_F_MAC);
	} else {
		eth_random_addr(p->mac);
	}

	p->mtu = OVNIC_MTU_DEFAULT;
	if (config->mask & BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MTU)) {
		p->mtu = config->net.mtu;
		if (p->mtu < OVNIC_MTU_MIN || p->mtu > OVNIC_MTU_MAX) {
			dev_err(dev, "%s: MTU %u out of range [%d, %d]\n",
				name, p->mtu, OVNIC_MTU_MIN, OVNIC_MTU_MAX);
			return -EINVAL;
		}
		implied |= BIT_ULL(VIRTIO_NET_F_MTU);
	}

	p->max_vqp = 1;
	if (config->mask & BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MAX_VQP)) {
		p->max_vqp = config->net.max_vq_pairs;
		if (!p->max_vqp || p->max_vqp > ad->max_vqp) {
			dev_err(dev, "%s: max_vqp %u out of range [1, %u]\n",
				name, p->max_vqp, ad->max_vqp);
			return -EINVAL;
		}
		if (p->max_vqp > 1)
			implied |= BIT_ULL(VIRTIO_NET_F_MQ);
	}

	if (implied & ~p->features) {
		dev_err(dev, "%s: the given attributes need features %#llx, missing from %#llx\n",
			name, implied & ~p->features, p->features);
		return -EINVAL;
	}
	return 0;
}

static int ovnic_mgmt_dev_add(struct vdpa_mgmt_dev *mdev, const char *name,
			      const struct vdpa_dev_set_config *config)
{
	struct ovnic_adapter *ad = to_adapter(mdev);
	struct ovnic_dev_params params = {};
	int err;

	err = ovnic_mgmt_params(ad, name, config, &params);
	if (err)
		return err;
	return ovnic_vdpa_add(ad, name, &params);
}

static void ovnic_mgmt_dev_del(struct vdpa_mgmt_dev *mdev,
			       struct vdpa_device *vdev)
{
	ovnic_vdpa_del(to_adapter(mdev), vdev);
}

/*
 * "vdpa dev set DEV mac M".  6.12's op has no extack: the vDPA core
 * refuses a multicast or zero address itself ("Invalid MAC address");
 * what only ovnic refuses is logged here and returned as an errno.
 */
static int ovnic_mgmt_dev_set_attr(struct vdpa_mgmt_dev *mdev,
				   struct vdpa_device *vdev,
				   const struct vdpa_dev_set_config *config)
{
	if (config->mask != BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MACADDR))
		return -EOPNOTSUPP;
	if (!is_valid_ether_addr(config->net.mac)) {
		dev_err(&vdev->dev, "MAC %pM is not a unicast address\n",
			config->net.mac);
		return -EINVAL;
	}
	return ovnic_vdpa_set_mac(vdev, config->net.mac);
}

static const struct vdpa_mgmtdev_ops ovnic_mgmt_ops = {
	.dev_add	= ovnic_mgmt_dev_add,
	.dev_del	= ovnic_mgmt_dev_del,
	.dev_set_attr	= ovnic_mgmt_dev_set_attr,
};

static void ovnic_mgmt_parent_release(struct device *dev)
{
	kfree(dev);
}

/* The management device's struct device: on no bus, like vdpa_sim's. */
int ovnic_mgmt_parent_create(struct ovnic_adapter *ad)
{
	struct device *dev;
	int err;

	dev = kzalloc(sizeof(*dev), GFP_KERNEL);
	if (!dev)
		return -ENOMEM;
	dev->release = ovnic_mgmt_parent_release;
	device_initialize(dev);
	err = dev_set_name(dev, "ovnic%u", ad->index);
	if (!err)
		err = device_add(dev);
	if (err) {
		put_device(dev);
		return err;
	}
	ad->mgmt_parent = dev;
	return 0;
}

void ovnic_mgmt_parent_destroy(struct ovnic_adapter *ad)
{
	device_unregister(ad->mgmt_parent);
	ad->mgmt_parent = NULL;
}

int ovnic_mgmt_register(struct ovnic_adapter *ad)
{
	ad->mgmt = (struct vdpa_mgmt_dev) {
		.device			= ad->mgmt_parent,
		.ops			= &ovnic_mgmt_ops,
		.id_table		= ovnic_id_table,
		.config_attr_mask	= BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MACADDR) |
					  BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MTU) |
					  BIT_ULL(VDPA_ATTR_DEV_NET_CFG_MAX_VQP) |
					  BIT_ULL(VDPA_ATTR_DEV_FEATURES),
		.supported_features	= ad->features,
		.max_supported_vqs	= 2 * ad->max_vqp + 1,
	};
	return vdpa_mgmtdev_register(&ad->mgmt);
}

/* Deletes every device of the card first. */
void ovnic_mgmt_unregister(struct ovnic_adapter *ad)
{
	vdpa_mgmtdev_unregister(&ad->mgmt);
}
