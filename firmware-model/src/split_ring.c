// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Split virtqueues, device side (virtio 1.2 section 2.7): fetch descriptor
 * chains from the available ring, return them through the used ring, and
 * decide when to notify the driver (2.7.7, 2.7.10); coalescing
 * (notf_coal.c) decides whether to ask.
 *
 * Everything read from the rings is untrusted: indices, lengths, flags and
 * addresses are checked before use, loops are bounded by the table size,
 * and a head index outside the ring breaks the queue (NEEDS_RESET).
 */
#include "split_ring.h"

static struct ovnic_as *vq_as(struct ovnic_vq *vq)
{
	return &vq->spaces[vq->asid];
}

/* A buffer's translation, through the queue's cache (dma.h). */
static inline void *vq_xlate(struct ovnic_vq *vq, u64 iova, u32 len, u32 perm,
			     u32 *mapped)
{
	return fw_dma_xlate(vq->pf, vq_as(vq), &vq->xlate, iova, len, perm,
			    mapped);
}

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
	vq->last_avail_idx = 0;
	vq->avail_shadow = 0;
	vq->used_idx = 0;
	vq->used_published = 0;
	vq->signalled_used = 0;
	vq->signalled_valid = false;
	vq->ring_generation = 0;
	vq->ring_mem_generation = 0;
	vq->desc = NULL;
	vq->avail = NULL;
	vq->used = NULL;
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

		if (!is_pow2(size) || size > max_size)
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

/* What the driver negotiated (FEATURES_OK), before anything runs. */
void fw_vq_negotiated(struct ovnic_vq *vq, bool event_idx, bool indirect)
{
	vq->event_idx = event_idx;
	vq->indirect = indirect;
}

static void vq_break(struct ovnic_vq *vq, const char *why)
{
	if (!vq->broken)
		fw_log(vq->pf, OVNIC_LOG_WARN,
		       "dev %u vq %u: %s, device needs reset\n",
		       vq->dev_id, vq->qid, why);
	fw_write_once(&vq->broken, true);
	fw_status_needs_reset(vq->st);
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
	struct vring_desc *desc;
	struct vring_avail *avail;
	struct vring_used *used;
	const char *why = NULL;

	if (!fw_load_acquire(&vq->ready) || vq->broken)
		return false;
	/* Identity rings live in host memory, which hotplug may move. */
	if (vq->desc && vq->ring_generation == gen &&
	    vq->ring_mem_generation == mem_gen)
		return true;
	desc = fw_dma_ptr(pf, as, vq->desc_addr, 16ull * vq->size,
			  OVNIC_MR_PERM_READ);
	avail = fw_dma_ptr(pf, as, vq->driver_addr, vring_avail_bytes(vq->size),
			   OVNIC_MR_PERM_READ);
	used = fw_dma_ptr(pf, as, vq->device_addr, vring_used_bytes(vq->size),
			  OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE);
	if (!desc || !avail || !used)
		why = "ring outside the DMA window";
	/*
	 * VQ_MODIFY checked the IOVAs' alignment (2.7); a region may still
	 * map them to host addresses with other low bits.
	 */
	else if ((unsigned long)desc & 15 || (unsigned long)avail & 1 ||
		 (unsigned long)used & 3)
		why = "ring misaligned in host memory";
	if (why) {
		vq->desc = NULL;
		fw_count(&vq->stats.c[OVNIC_VQC_DROP_BAD_ADDR], 1);
		vq_break(vq, why);
		return false;
	}
	vq->desc = desc;
	vq->avail = avail;
	vq->used = used;
	vq->ring_generation = gen;
	vq->ring_mem_generation = mem_gen;
	return true;
}

bool fw_vq_has_avail(struct ovnic_vq *vq)
{
	if (vq->avail_shadow != vq->last_avail_idx)
		return true;
	vq->avail_shadow = fw_le16_load_acquire(&vq->avail->idx);
	return vq->avail_shadow != vq->last_avail_idx;
}

/* Add [addr, addr + len) of one descriptor to the chain, piece by piece. */
static int chain_add(struct ovnic_vq *vq, struct ovnic_chain *chain,
		     u64 addr, u32 len, bool write)
{
	u32 perm = write ? OVNIC_MR_PERM_WRITE : OVNIC_MR_PERM_READ;

	if (chain->len + len < chain->len)
		return FW_CHAIN_BAD_DESC;
	while (len) {
		u32 mapped;
		u8 *p = vq_xlate(vq, addr, len, perm, &mapped);

		if (!p)
			return FW_CHAIN_BAD_ADDR;
		if (chain->nsegs == OVNIC_MAX_SEGS)
			return FW_CHAIN_BAD_DESC;
		chain->seg[chain->nsegs].ptr = p;
		chain->seg[chain->nsegs].len = mapped;
		chain->nsegs++;
		chain->len += mapped;
		if (!write)
			chain->read_len += mapped;
		addr += mapped;
		len -= mapped;
	}
	return FW_CHAIN_OK;
}

static void chain_init(struct ovnic_chain *chain, u16 head)
{
	chain->head = head;
	chain->ndescs = 0;
	chain->nsegs = 0;
	chain->len = 0;
	chain->read_len = 0;
}

static bool desc_dir_ok(int expect, bool write, bool seen_write)
{
	return !((expect == FW_EXPECT_READ && write) ||
		 (expect == FW_EXPECT_WRITE && !write) ||
		 (!write && seen_write));
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
		if (!desc_dir_ok(expect, write, seen_write))
			return FW_CHAIN_BAD_DESC;
		seen_write |= write;
		if (d.len) {
			ret = chain_add(vq, chain, ovnic_le64_to_cpu(d.addr),
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

/*
 * Fetch the chain at last_avail_idx without consuming it.  @expect says
 * which descriptors the queue accepts: FW_EXPECT_READ (transmit),
 * FW_EXPECT_WRITE (receive) or FW_EXPECT_MIXED (readable then writable,
 * as the control queue uses).  A lone direct descriptor, what drivers
 * post most, takes the short way.
 */
int fw_vq_peek(struct ovnic_vq *vq, struct ovnic_chain *chain, int expect)
{
	struct vring_desc d;
	u32 len, mapped;
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
	chain_init(chain, head);
	fw_memcpy(&d, &vq->desc[head], sizeof(d));
	__atomic_signal_fence(__ATOMIC_ACQUIRE);
	flags = ovnic_le16_to_cpu(d.flags);
	if (unlikely(flags & (VRING_DESC_F_NEXT | VRING_DESC_F_INDIRECT)))
		return vq_peek_chain(vq, chain, expect, head);

	chain->ndescs = 1;
	write = flags & VRING_DESC_F_WRITE;
	if (!desc_dir_ok(expect, write, false))
		return FW_CHAIN_BAD_DESC;
	len = ovnic_le32_to_cpu(d.len);
	if (len) {
		u8 *p = vq_xlate(vq, ovnic_le64_to_cpu(d.addr), len,
				 write ? OVNIC_MR_PERM_WRITE :
					 OVNIC_MR_PERM_READ, &mapped);

		if (!p)
			return FW_CHAIN_BAD_ADDR;
		if (mapped == len) {
			chain->seg[0].ptr = p;
			chain->seg[0].len = len;
			chain->nsegs = 1;
			chain->len = len;
			chain->read_len = write ? 0 : len;
		} else {
			/* Across regions: piece by piece. */
			ret = chain_add(vq, chain, ovnic_le64_to_cpu(d.addr),
					len, write);
			if (ret)
				return ret;
		}
	}
	fw_count(&vq->stats.c[OVNIC_VQC_DESCS], 1);
	return FW_CHAIN_OK;
}

/* VQ_QUERY reads the indices on the mailbox, as the owner moves them. */
void fw_vq_consume(struct ovnic_vq *vq)
{
	fw_write_once(&vq->last_avail_idx, vq->last_avail_idx + 1);
}

/* Write a used element; the driver sees it at the next fw_vq_publish(). */
void fw_vq_push_used(struct ovnic_vq *vq, u16 head, u32 len)
{
	struct vring_used_elem *e = &vq->used->ring[vq->used_idx &
						    (vq->size - 1)];

	fw_le32_store(&e->id, head);
	fw_le32_store(&e->len, len);
	fw_write_once(&vq->used_idx, vq->used_idx + 1);
}

static bool vq_should_notify(struct ovnic_vq *vq)
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

/* A used buffer notification for what was published, if not suppressed. */
void fw_vq_notify(struct ovnic_vq *vq)
{
	if (vq_should_notify(vq) && vq->vector != OVNIC_NO_VECTOR) {
		fw_count(&vq->stats.c[OVNIC_VQC_INTERRUPTS], 1);
		fw_raise_irq(vq->pf, vq->vector);
	}
}

/*
 * Ask the driver to kick when it adds buffers (avail_event with EVENT_IDX,
 * 2.7.10), then look again so a buffer added meanwhile isn't missed.
 */
void fw_vq_enable_notify(struct ovnic_vq *vq)
{
	if (vq->event_idx) {
		fw_le16_store((ovnic_le16 *)&vq->used->ring[vq->size],
			      vq->last_avail_idx);
		fw_mb();
	}
}
