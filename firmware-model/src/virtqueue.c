// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Virtqueues, device side, in both layouts: a queue's life (creation,
 * VQ_MODIFY, enabling, reset), the translation of its ring areas, the
 * buffers of a descriptor chain, and the used buffer notification
 * (virtio 1.2 sections 2.6, 2.7.10 and 2.8.10); the layouts themselves
 * are split_ring.c and packed_ring.c.
 *
 * Everything read from the rings is untrusted: indices, lengths, flags and
 * addresses are checked before use, loops are bounded by the table size,
 * and a ring the driver corrupted breaks the queue (NEEDS_RESET).
 */
#include "virtqueue.h"

void fw_vq_init(struct ovnic_vq *vq, struct fw_platform *pf,
		struct ovnic_as *spaces, struct fw_status *st, u16 dev_id,
		u16 qid)
{
	vq->pf = pf;
	vq->spaces = spaces;
	vq->st = st;
	vq->dev_id = dev_id;
	vq->qid = qid;
}

/*
 * Back to the state after creation, field by field: the device is
 * quiesced (not ready, status 0, the epoch waited out), but a doorbell on
 * any CPU still sets @kicked and counts the kick, a frame for the device
 * still counts its drop in @stats, and a coalescing timer callback still
 * reads @dev and @qid.  A memset here let them read a NULL @dev, or lose
 * their count to the copy of the counters put back over it.  Counters
 * survive a reset: operators read them across resets.  The coalescing
 * state is fw_coal_dev_reset()'s, which stops the timer first.
 */
void fw_vq_reset(struct ovnic_vq *vq)
{
	/* @ready is false since the quiesce, which stored it for readers. */
	vq->size = 0;
	vq->broken = false;
	vq->event_idx = false;
	vq->indirect = false;
	vq->asid = 0;
	vq->desc_addr = 0;
	vq->driver_addr = 0;
	vq->device_addr = 0;
	vq->vector = OVNIC_NO_VECTOR;
	vq->packed = false;
	vq->no_kicks = false;
	vq->last_avail_idx = 0;
	vq->avail_shadow = 0;
	vq->used_idx = 0;
	vq->used_published = 0;
	vq->signalled_used = 0;
	vq->signalled_valid = false;
	vq->npending = 0;
	vq->signal_slots = 0;
	fw_write_once(&vq->notify_next, 0u);
	vq->ring_generation = 0;
	vq->ring_mem_generation = 0;
	vq->desc = NULL;
	vq->avail = NULL;
	vq->used = NULL;
	fw_memset(&vq->xlate, 0, sizeof(vq->xlate));
	fw_memset(&vq->fdb_memo, 0, sizeof(vq->fdb_memo));
}

/*
 * A queue reset (RING_RESET, 2.6.1), the queue stopped: back to its state
 * after FEATURES_OK, the negotiated layout and the address space kept.
 */
void fw_vq_queue_reset(struct ovnic_vq *vq, u16 max_size)
{
	u16 start = vq->packed ? VRING_PACKED_WRAP : 0;

	vq->size = max_size;
	vq->broken = false;
	vq->desc_addr = 0;
	vq->driver_addr = 0;
	vq->device_addr = 0;
	vq->vector = OVNIC_NO_VECTOR;
	fw_write_once(&vq->last_avail_idx, start);
	vq->avail_shadow = start;
	fw_write_once(&vq->used_idx, start);
	vq->used_published = start;
	vq->signalled_used = 0;
	vq->signalled_valid = false;
	vq->npending = 0;
	vq->signal_slots = 0;
	fw_write_once(&vq->notify_next, 0u);
	vq->desc = NULL;
	fw_memset(&vq->xlate, 0, sizeof(vq->xlate));
	fw_memset(&vq->fdb_memo, 0, sizeof(vq->fdb_memo));
}

static bool is_pow2(u32 v)
{
	return v && !(v & (v - 1));
}

/*
 * Everything of VQ_MODIFY but the vector's owner (the device's) and
 * enabling (fw_vq_set_ready()), checked before anything changes.
 */
int fw_vq_modify(struct ovnic_vq *vq, const struct ovnic_cmd_vq_modify *cmd,
		 u16 max_size)
{
	u32 mask = ovnic_le32_to_cpu(cmd->modify_mask);

	/* Within the card's limit: DEV_SET_QUEUES checked max_queue_size. */
	if (mask & OVNIC_VQ_MODIFY_SIZE) {
		u16 size = ovnic_le16_to_cpu(cmd->size);

		/* Packed rings take any size (2.8.10.1). */
		if (!size || (!vq->packed && !is_pow2(size)) ||
		    size > max_size)
			return OVNIC_STATUS_BAD_PARAM;
	}
	if (mask & OVNIC_VQ_MODIFY_ASID && cmd->asid >= OVNIC_MAX_ASID)
		return OVNIC_STATUS_BAD_PARAM;
	if (mask & OVNIC_VQ_MODIFY_ADDR &&
	    ((ovnic_le64_to_cpu(cmd->desc_addr) & 15) ||
	     (ovnic_le64_to_cpu(cmd->driver_addr) & 1) ||
	     (ovnic_le64_to_cpu(cmd->device_addr) & 3)))
		return OVNIC_STATUS_BAD_PARAM;

	if (mask & OVNIC_VQ_MODIFY_READY && cmd->ready &&
	    !(mask & OVNIC_VQ_MODIFY_SIZE ? ovnic_le16_to_cpu(cmd->size) :
	      vq->size))
		return OVNIC_STATUS_BAD_PARAM;

	if (mask & OVNIC_VQ_MODIFY_SIZE)
		vq->size = ovnic_le16_to_cpu(cmd->size);
	if (mask & OVNIC_VQ_MODIFY_ADDR) {
		vq->desc_addr = ovnic_le64_to_cpu(cmd->desc_addr);
		vq->driver_addr = ovnic_le64_to_cpu(cmd->driver_addr);
		vq->device_addr = ovnic_le64_to_cpu(cmd->device_addr);
	}
	if (mask & OVNIC_VQ_MODIFY_VECTOR)
		vq->vector = ovnic_le32_to_cpu(cmd->vector);
	if (mask & OVNIC_VQ_MODIFY_ASID)
		vq->asid = cmd->asid;
	if (mask & OVNIC_VQ_MODIFY_STATE) {
		vq->last_avail_idx = ovnic_le16_to_cpu(cmd->avail_idx);
		vq->avail_shadow = vq->last_avail_idx;
		vq->used_idx = ovnic_le16_to_cpu(cmd->used_idx);
		vq->used_published = vq->used_idx;
		vq->signalled_valid = false;
		vq->npending = 0;
		vq->signal_slots = 0;
		fw_write_once(&vq->notify_next, 0u);
	}
	/*
	 * Any change invalidates the cached ring translation, the buffer
	 * translation (the address space may be another one now) and what
	 * we last read of the available index.
	 */
	vq->desc = NULL;
	fw_memset(&vq->xlate, 0, sizeof(vq->xlate));
	vq->avail_shadow = vq->last_avail_idx;
	return OVNIC_STATUS_OK;
}

/* The caller stopped the owner first when disabling (an epoch). */
void fw_vq_set_ready(struct ovnic_vq *vq, bool ready)
{
	fw_store_release(&vq->ready, ready);
	if (!ready)
		vq->broken = false;
}

/*
 * What the driver negotiated (FEATURES_OK), before anything runs.  A
 * packed ring starts at position 0 with both wrap counters 1 (2.8.1).
 */
void fw_vq_negotiated(struct ovnic_vq *vq, bool event_idx, bool indirect,
		      bool packed, bool no_kicks)
{
	vq->event_idx = event_idx;
	vq->indirect = indirect;
	vq->no_kicks = no_kicks;
	vq->packed = packed && vq->pending;
	if (vq->packed) {
		vq->last_avail_idx = VRING_PACKED_WRAP;
		vq->used_idx = VRING_PACKED_WRAP;
		vq->used_published = VRING_PACKED_WRAP;
		vq->npending = 0;
		vq->signal_slots = 0;
	}
}

/*
 * Translate the three ring areas once; redone when the address space or
 * the host's memory changes.  Each area must be contiguous in host memory.
 *
 * A batch may call this again mid-way (a receive batch per frame) after a
 * writer changed the address space: the writer waits for our epoch before
 * the old memory goes, so until then the entries the batch already pushed
 * are published through the old used ring.  The rings are only replaced
 * when all three translate; on failure vq->desc alone goes (the queue is
 * broken).
 */
/* The three areas of a ring, or NULL where one does not translate. */
static void vq_map_rings(struct ovnic_vq *vq, void **desc, void **driver,
			 void **device)
{
	struct ovnic_as *as = vq_as(vq);
	struct fw_platform *pf = vq->pf;
	bool packed = vq->packed;

	*desc = fw_dma_ptr(pf, as, vq->desc_addr, 16ull * vq->size,
			   OVNIC_MR_PERM_READ | (packed ? OVNIC_MR_PERM_WRITE : 0));
	*driver = fw_dma_ptr(pf, as, vq->driver_addr,
			     packed ? sizeof(struct vring_packed_event) :
				      vring_avail_bytes(vq->size),
			     OVNIC_MR_PERM_READ);
	*device = fw_dma_ptr(pf, as, vq->device_addr,
			     packed ? sizeof(struct vring_packed_event) :
				      vring_used_bytes(vq->size),
			     OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE);
}

/* Why the ring areas can't be used as they are, or NULL. */
static const char *vq_rings_bad(struct ovnic_vq *vq, void *desc, void *driver,
				void *device)
{
	unsigned long driver_mask = vq->packed ? 3 : 1;

	if (!desc || !driver || !device)
		return "ring outside the DMA window";
	/*
	 * VQ_MODIFY checked the IOVAs' alignment for a split ring (2.7); a
	 * packed ring's event structures need 4 (2.8.10), and a region may
	 * still map the IOVAs to host addresses with other low bits.
	 */
	if ((unsigned long)desc & 15 || (unsigned long)driver & driver_mask ||
	    (unsigned long)device & 3 || vq->driver_addr & driver_mask)
		return "ring misaligned";
	if (vq->packed &&
	    ((vq->last_avail_idx & ~VRING_PACKED_WRAP) >= vq->size ||
	     (vq->used_idx & ~VRING_PACKED_WRAP) >= vq->size))
		return "ring state outside the ring";
	return NULL;
}

/*
 * Translate the three ring areas once; redone when the address space or
 * the host's memory changes.  Each area must be contiguous in host memory.
 *
 * A batch may call this again mid-way (a receive batch per frame) after a
 * writer changed the address space: the writer waits for our epoch before
 * the old memory goes, so until then the entries the batch already pushed
 * are published through the old used ring.  The rings are only replaced
 * when all three translate; on failure vq->desc alone goes (the queue is
 * broken).
 */
bool fw_vq_prepare(struct ovnic_vq *vq)
{
	struct ovnic_as *as = vq_as(vq);
	struct fw_platform *pf = vq->pf;
	u32 gen = fw_load_acquire(&as->generation);
	u32 mem_gen = fw_load_acquire(&pf->mem_generation);
	void *desc, *driver, *device;
	const char *why;

	if (!fw_load_acquire(&vq->ready) || vq->broken)
		return false;
	/* Identity rings live in host memory, which hotplug may move. */
	if (vq->desc && vq->ring_generation == gen &&
	    vq->ring_mem_generation == mem_gen)
		return true;
	vq_map_rings(vq, &desc, &driver, &device);
	why = vq_rings_bad(vq, desc, driver, device);
	if (why) {
		vq->desc = NULL;
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_ADDR], 1);
		vq_break(vq, why);
		return false;
	}
	vq->desc = desc;
	vq->avail = driver;
	vq->used = device;
	vq->ring_generation = gen;
	vq->ring_mem_generation = mem_gen;
	if (vq->packed)
		fw_packed_init_events(vq);
	else
		fw_split_init_events(vq);
	return true;
}

/*
 * The last notification data against the ring: data ahead of what the
 * ring shows means the driver rang before its buffers were visible.  The
 * queue's server owns the available side, so the ring cannot move under
 * the check but forwards (the driver adding more is fine).
 */
void fw_vq_check_notify_slow(struct ovnic_vq *vq)
{
	u32 data = fw_atomic_xchg(&vq->notify_next, 0u);
	u16 next = (u16)data;

	if (!(data & FW_NOTIFY_SET) || !vq->desc)
		return;
	if (vq->packed ? fw_packed_notify_ahead(vq, next) :
			 fw_split_notify_ahead(vq, next))
		fw_count(&vq->stats.c[OVNIC_VQC_BAD_NOTIFY], 1);
}

/* A used buffer notification for what was published, if not suppressed. */
void fw_vq_notify(struct ovnic_vq *vq)
{
	bool notify = unlikely(vq->packed) ? fw_packed_should_notify(vq) :
					     fw_split_should_notify(vq);

	if (notify && vq->vector != OVNIC_NO_VECTOR) {
		fw_count(&vq->stats.c[OVNIC_VQC_INTERRUPTS], 1);
		fw_raise_irq(vq->pf, vq->vector);
	}
}
