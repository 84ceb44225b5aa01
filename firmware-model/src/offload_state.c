// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Offloads: which feature needs which (virtio 1.2 5.1.3.1), and the
 * receive offloads a driver turns on and off at run time (5.1.6.5.6
 * Offloads State Configuration): Linux's virtio_net turns them off while
 * an XDP program runs, and `ethtool -K` changes them.  The switch reads
 * the state in force on any core (fw_dev_rx_offload()).
 */
#include "device.h"
#include "offload_state.h"

#define BIT(b)		(1ull << (b))

static bool needs(u64 f, u64 feature, u64 any_of)
{
	return !(f & feature) || (f & any_of);
}

bool fw_offload_features_ok(u64 f)
{
	const u64 guest_csum = BIT(VIRTIO_NET_F_GUEST_CSUM);
	const u64 csum = BIT(VIRTIO_NET_F_CSUM);

	return needs(f, BIT(VIRTIO_NET_F_GUEST_TSO4), guest_csum) &&
	       needs(f, BIT(VIRTIO_NET_F_GUEST_TSO6), guest_csum) &&
	       needs(f, BIT(VIRTIO_NET_F_GUEST_UFO), guest_csum) &&
	       needs(f, BIT(VIRTIO_NET_F_GUEST_USO4), guest_csum) &&
	       needs(f, BIT(VIRTIO_NET_F_GUEST_USO6), guest_csum) &&
	       needs(f, BIT(VIRTIO_NET_F_GUEST_ECN),
		     BIT(VIRTIO_NET_F_GUEST_TSO4) |
		     BIT(VIRTIO_NET_F_GUEST_TSO6)) &&
	       needs(f, BIT(VIRTIO_NET_F_HOST_TSO4), csum) &&
	       needs(f, BIT(VIRTIO_NET_F_HOST_TSO6), csum) &&
	       needs(f, BIT(VIRTIO_NET_F_HOST_USO), csum) &&
	       needs(f, BIT(VIRTIO_NET_F_HOST_ECN),
		     BIT(VIRTIO_NET_F_HOST_TSO4) |
		     BIT(VIRTIO_NET_F_HOST_TSO6)) &&
	       needs(f, BIT(VIRTIO_NET_F_CTRL_GUEST_OFFLOADS),
		     BIT(VIRTIO_NET_F_CTRL_VQ));
}

/* FEATURES_OK, and reset: every negotiated receive offload is on. */
void fw_offload_negotiated(struct ovnic_dev *dev)
{
	fw_write_once(&dev->guest_offloads,
		      dev->driver_features & FW_GUEST_OFFLOADS);
}

/*
 * What a driver may name in the set: Linux 6.12 counts GUEST_HDRLEN among
 * its guest offloads and sends it back whenever it was negotiated, though
 * it changes nothing on receive.
 */
#define FW_GUEST_OFFLOAD_BITS (FW_GUEST_OFFLOADS | \
			       (1ull << VIRTIO_NET_F_GUEST_HDRLEN))

/*
 * VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET: a le64 of GUEST_* bits, each one
 * negotiated.  Like QEMU, any such set is taken: Linux turns GUEST_CSUM
 * off alone for `ethtool -K rx off`.  The switch hands a receiver GSO
 * frames only while GUEST_CSUM is on too, as they need a partial checksum.
 */
u8 fw_ctrl_guest_offloads(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	u64 on;
	u32 i;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) ||
	    c->cmd != VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET || c->len != 8)
		return VIRTIO_NET_ERR;
	on = 0;
	for (i = 0; i < 8; i++)
		on |= (u64)c->data[i] << (8 * i);
	if (on & ~(dev->driver_features & FW_GUEST_OFFLOAD_BITS))
		return VIRTIO_NET_ERR;
	fw_write_once(&dev->guest_offloads, on & FW_GUEST_OFFLOADS);
	return VIRTIO_NET_OK;
}
