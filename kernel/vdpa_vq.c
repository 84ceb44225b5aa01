// SPDX-License-Identifier: GPL-2.0
/*
 * The virtqueue ops of an ovnic vDPA device: each maps to a card command
 * on one queue, or rings its doorbell.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/vdpa.h>
#include <linux/virtio_config.h>
#include <net/netlink.h>
#include <uapi/linux/vdpa.h>

#include "cmds.h"
#include "ovnic.h"
#include "vdpa_core.h"
#include "vdpa_vq.h"

int ovnic_vdpa_set_vq_address(struct vdpa_device *vdev, u16 idx,
			      u64 desc_area, u64 driver_area,
			      u64 device_area)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	return ovnic_cmd_vq_set_addr(ovd->ad, ovd->dev_id, idx, desc_area,
				     driver_area, device_area);
}

/* The card refuses a size above what the device offers, and logs it. */
void ovnic_vdpa_set_vq_num(struct vdpa_device *vdev, u16 idx, u32 num)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (num > U16_MAX) {
		dev_err_ratelimited(&vdev->dev, "queue %u: size %u above %u\n",
				    idx, num, U16_MAX);
		return;
	}
	ovnic_cmd_vq_set_size(ovd->ad, ovd->dev_id, idx, num);
}

void ovnic_vdpa_kick_vq(struct vdpa_device *vdev, u16 idx)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	ovnic_hw_doorbell(ovd->ad->hw, ovd->dev_id, idx);
}

void ovnic_vdpa_kick_vq_with_data(struct vdpa_device *vdev, u32 data)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	ovnic_hw_doorbell_data(ovd->ad->hw, ovd->dev_id, data);
}

void ovnic_vdpa_set_vq_cb(struct vdpa_device *vdev, u16 idx,
			  struct vdpa_callback *cb)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);

	if (idx < ovd->num_vqs)
		ovnic_vdpa_cb_set(ovd, &ovd->vq_cb[idx], cb);
}

/*
 * An enabled queue reads its rings in its group's address space, the
 * group its index has under the features negotiated by now.
 */
void ovnic_vdpa_set_vq_ready(struct vdpa_device *vdev, u16 idx,
			     bool ready)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	u32 group = ovnic_vdpa_vq_group(ovd, idx);

	ovnic_cmd_vq_set_ready(ovd->ad, ovd->dev_id, idx, ready,
			       ovnic_vdpa_vector(ovd, idx),
			       ovd->group_asid[group]);
}

bool ovnic_vdpa_get_vq_ready(struct vdpa_device *vdev, u16 idx)
{
	struct ovnic_vdpa *ovd = to_ovd(vdev);
	struct ovnic_vq_info info;

	if (ovnic_cmd_vq_query(ovd->ad, ovd->dev_id, idx, &info))
		return false;
	return info.ready;
}

static bool ovnic_vdpa_packed(struct ovnic_vdpa *ovd)
{
	return ovnic_vdpa_driver_features(ovd) & BIT_ULL(VIRTIO_F_RING_PACKED);
}

/*
 * Split rings: the card resumes reading at avail_index and, as every
 * descriptor before it is taken as used, writes used entries there too.
 * Packed rings: indexes carry their wrap counter in bit 15.
 */
int ovnic_vdpa_set_vq_state(struct vdpa_device *vdev, u16 idx,
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

int ovnic_vdpa_get_vq_state(struct vdpa_device *vdev, u16 idx,
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
	[OVNIC_VQC_DROP_BAD_OFFLOAD]	= "drop_bad_offload",
	[OVNIC_VQC_CSUM_PARTIAL]		= "csum_partial",
	[OVNIC_VQC_CSUM_VALID]		= "csum_valid",
	[OVNIC_VQC_GSO_PACKETS]		= "gso_packets",
	[OVNIC_VQC_GSO_BYTES]		= "gso_bytes",
	[OVNIC_VQC_GSO_SEGMENTS]		= "gso_segments",
	[OVNIC_VQC_GSO_SEGMENT_BYTES]	= "gso_segment_bytes",
	[OVNIC_VQC_GSO_NOSEG_PACKETS]	= "gso_noseg_packets",
	[OVNIC_VQC_GSO_NOSEG_BYTES]	= "gso_noseg_bytes",
	[OVNIC_VQC_BAD_NOTIFY]		= "bad_notify",
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

int ovnic_vdpa_get_vendor_vq_stats(struct vdpa_device *vdev, u16 idx,
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
