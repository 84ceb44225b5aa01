// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Split virtqueues, device side (virtio 1.2 section 2.7): fetch descriptor
 * chains from the available ring, return them through the used ring, and
 * decide when to notify the driver (2.7.7, 2.7.10); coalescing
 * (notf_coal.c) decides whether to ask.  A head index outside the ring
 * breaks the queue.
 */
#include "vq_ring.h"

bool fw_split_has_avail(struct ovnic_vq *vq)
{
	if (vq->avail_shadow != vq->last_avail_idx)
		return true;
	vq->avail_shadow = fw_le16_load_acquire(&vq->avail->idx);
	return vq->avail_shadow != vq->last_avail_idx;
}

/*
 * Whether @next, a notification's available index, claims more than
 * avail->idx shows.  An index behind the card's is old news, not wrong:
 * the card may have taken what the driver added after it rang.
 */
bool fw_split_notify_ahead(struct ovnic_vq *vq, u16 next)
{
	u16 shown = fw_le16_load_acquire(&vq->avail->idx) - vq->last_avail_idx;
	u16 claimed = next - vq->last_avail_idx;

	return claimed <= vq->size && claimed > shown;
}

/* The general walk: chained and indirect descriptors. */
static fw_noinline int vq_peek_chain(struct ovnic_vq *vq,
				     struct ovnic_chain *chain, int expect,
				     u16 head)
{
	const struct vring_desc *table = vq->desc;
	u32 table_size = vq->size, count = 0, i;
	bool in_indirect = false, seen_write = false;

	for (i = head;;) {
		struct vring_desc d;
		u16 flags;
		bool write;
		int ret;

		if (i >= table_size || ++count > table_size)
			return FW_CHAIN_BAD_DESC;	/* bad index or loop */
		/* Indirect tables need not be aligned: copy, don't cast. */
		fw_memcpy(&d, &table[i], sizeof(d));
		__atomic_signal_fence(__ATOMIC_ACQUIRE);
		flags = ovnic_le16_to_cpu(d.flags);
		chain->ndescs++;

		if (flags & VRING_DESC_F_INDIRECT) {
			u32 len = ovnic_le32_to_cpu(d.len), mapped;

			if (in_indirect || !vq->indirect ||
			    (flags & VRING_DESC_F_NEXT) || !len ||
			    len % sizeof(struct vring_desc) ||
			    len / sizeof(struct vring_desc) > vq->size)
				return FW_CHAIN_BAD_DESC;
			/* Chains never exceed the queue size (2.7.5.3.1). */
			table = vq_xlate(vq, ovnic_le64_to_cpu(d.addr), len,
					 OVNIC_MR_PERM_READ, &mapped);
			if (!table || mapped != len)
				return FW_CHAIN_BAD_ADDR;
			table_size = len / sizeof(struct vring_desc);
			in_indirect = true;
			count = 0;
			i = 0;
			continue;
		}

		write = flags & VRING_DESC_F_WRITE;
		if (!vq_desc_dir_ok(expect, write, seen_write))
			return FW_CHAIN_BAD_DESC;
		seen_write |= write;
		if (d.len) {
			ret = vq_chain_add(vq, chain, ovnic_le64_to_cpu(d.addr),
					ovnic_le32_to_cpu(d.len), write);
			if (ret)
				return ret;
		}
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		i = ovnic_le16_to_cpu(d.next);
	}
	fw_count(&vq->stats.c[OVNIC_VQC_DESCS], chain->ndescs);
	return FW_CHAIN_OK;
}

/* A lone direct descriptor, what drivers post most, takes the short way. */
int fw_split_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect)
{
	struct vring_desc d;
	u16 head, flags;
	bool write;
	int ret;

	if (vq->avail_shadow == vq->last_avail_idx) {
		vq->avail_shadow = fw_le16_load_acquire(&vq->avail->idx);
		if (vq->avail_shadow == vq->last_avail_idx)
			return FW_CHAIN_EMPTY;
	}
	if ((u16)(vq->avail_shadow - vq->last_avail_idx) > vq->size) {
		vq_break(vq, "available index moved beyond the ring");
		return FW_CHAIN_BROKEN;
	}
	head = fw_le16_load(&vq->avail->ring[vq->last_avail_idx &
					     (vq->size - 1)]);
	if (head >= vq->size) {
		vq_break(vq, "head descriptor index out of range");
		return FW_CHAIN_BROKEN;
	}
	vq_chain_init(chain, head);
	fw_memcpy(&d, &vq->desc[head], sizeof(d));
	__atomic_signal_fence(__ATOMIC_ACQUIRE);
	flags = ovnic_le16_to_cpu(d.flags);
	if (unlikely(flags & (VRING_DESC_F_NEXT | VRING_DESC_F_INDIRECT)))
		return vq_peek_chain(vq, chain, expect, head);

	chain->ndescs = 1;
	write = flags & VRING_DESC_F_WRITE;
	if (!vq_desc_dir_ok(expect, write, false))
		return FW_CHAIN_BAD_DESC;
	ret = vq_chain_add_one(vq, chain, ovnic_le64_to_cpu(d.addr),
			       ovnic_le32_to_cpu(d.len), write);
	if (ret)
		return ret;
	fw_count(&vq->stats.c[OVNIC_VQC_DESCS], 1);
	return FW_CHAIN_OK;
}

/* Write a used element; the driver sees it at the next fw_vq_publish(). */
void fw_split_push_used(struct ovnic_vq *vq, u16 head, u32 len)
{
	struct vring_used_elem *e = &vq->used->ring[vq->used_idx &
						    (vq->size - 1)];

	fw_le32_store(&e->id, head);
	fw_le32_store(&e->len, len);
	fw_write_once(&vq->used_idx, vq->used_idx + 1);
}

bool fw_split_should_notify(struct ovnic_vq *vq)
{
	u16 old = vq->signalled_used, new = vq->used_published;
	bool valid = vq->signalled_valid;

	/* Order the used index before reading the driver's suppression. */
	fw_mb();
	if (!vq->event_idx)
		return !(fw_le16_load(&vq->avail->flags) &
			 VRING_AVAIL_F_NO_INTERRUPT);
	vq->signalled_used = new;
	vq->signalled_valid = true;
	if (!valid)
		return true;
	return vring_need_event(fw_le16_load(&vq->avail->ring[vq->size]),
				new, old);
}

/*
 * Ask for a kick when the driver adds a buffer: with EVENT_IDX at our
 * position (avail_event), else by clearing NO_NOTIFY.
 */
void fw_split_enable_notify(struct ovnic_vq *vq)
{
	if (vq->event_idx)
		fw_le16_store((ovnic_le16 *)&vq->used->ring[vq->size],
			      vq->last_avail_idx);
	else if (fw_le16_load(&vq->used->flags) & VRING_USED_F_NO_NOTIFY)
		fw_le16_store(&vq->used->flags, 0);
	fw_mb();
}

/*
 * No kicks while the card serves the queue, without EVENT_IDX: the driver
 * would ring for every batch it adds (a system call for a userspace one).
 * With EVENT_IDX the position the card last asked for stays behind and
 * costs a kick per 65536 buffers, left as it is.
 */
void fw_split_disable_notify(struct ovnic_vq *vq)
{
	if (!vq->event_idx &&
	    !(fw_le16_load(&vq->used->flags) & VRING_USED_F_NO_NOTIFY))
		fw_le16_store(&vq->used->flags, VRING_USED_F_NO_NOTIFY);
}

/*
 * Once the ring is mapped: a receive queue wants no kicks (the card fills
 * it as frames come and looks at the ring then); with EVENT_IDX its
 * avail_event, left at 0, asks for one in 65536.
 */
void fw_split_init_events(struct ovnic_vq *vq)
{
	if (vq->no_kicks && !vq->event_idx)
		fw_le16_store(&vq->used->flags, VRING_USED_F_NO_NOTIFY);
}
