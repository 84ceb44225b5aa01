// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The DMA window: each device address space is either identity (IOVA is a
 * host physical address, as for a device behind no IOMMU) or a table of
 * memory regions the driver programmed, like mlx5's memory keys.  Every
 * address a driver hands the card goes through here.
 *
 * The data path reads a table without locks inside an epoch; the control
 * path replaces a table and waits for the epoch before freeing the old one.
 * Regions appended above the highest IOVA (how vhost maps a memory region,
 * piece by piece) go into spare capacity in place, published by the count.
 */
#include "fw.h"

static struct ovnic_mr_table *table_alloc(struct ovnic_card *card, u32 cap)
{
	struct ovnic_mr_table *t;

	t = card->plat.zalloc(card->plat.ctx,
			      sizeof(*t) + (unsigned long)cap * sizeof(t->mr[0]));
	if (t)
		t->capacity = cap;
	return t;
}

static void table_replace(struct ovnic_card *card, struct ovnic_as *as,
			  struct ovnic_mr_table *t)
{
	struct ovnic_mr_table *old = as->table;

	__atomic_store_n(&as->table, t, __ATOMIC_RELEASE);
	fw_atomic_add(&as->generation, 1);
	if (old) {
		fw_epoch_sync(card);
		card->plat.free(card->plat.ctx, old);
	}
}

static const struct ovnic_mr *table_find(const struct ovnic_mr_table *t,
					 u32 count, u64 iova)
{
	u32 lo = 0, hi = count;

	while (lo < hi) {
		u32 mid = lo + (hi - lo) / 2;
		const struct ovnic_mr *mr = &t->mr[mid];

		if (iova < mr->iova)
			hi = mid;
		else if (iova > fw_read_once(&mr->last))
			lo = mid + 1;
		else
			return mr;
	}
	return NULL;
}

/*
 * Host pointer for [iova, iova + len) with @perm, or NULL.  *mapped gets
 * how many bytes from @iova are contiguous behind the pointer (at most len).
 */
void *fw_dma_ptr_partial(struct ovnic_as *as, struct ovnic_card *card,
			 u64 iova, u64 len, u32 perm, u64 *mapped)
{
	struct ovnic_mr_table *t = __atomic_load_n(&as->table,
						   __ATOMIC_ACQUIRE);
	const struct ovnic_mr *mr, *first, *end;
	u64 avail;
	u32 count;

	if (!len || iova + len - 1 < iova)
		return NULL;
	if (!t) {
		*mapped = len;
		return card->plat.phys_to_ptr(card->plat.ctx, iova, len);
	}
	count = __atomic_load_n(&t->count, __ATOMIC_ACQUIRE);
	mr = table_find(t, count, iova);
	if (!mr || (mr->perm & perm) != perm)
		return NULL;
	first = mr;
	avail = mr->last - iova + 1;
	/* Regions adjacent in IOVA and in host memory read as one. */
	for (end = t->mr + count; avail < len && mr + 1 < end; mr++) {
		if (mr[1].iova != mr->last + 1 || (mr[1].perm & perm) != perm ||
		    mr[1].ptr != mr->ptr + (mr->last - mr->iova + 1))
			break;
		avail += mr[1].last - mr[1].iova + 1;
	}
	*mapped = len < avail ? len : avail;
	return first->ptr + (iova - first->iova);
}

void *fw_dma_ptr(struct ovnic_as *as, struct ovnic_card *card, u64 iova,
		 u64 len, u32 perm)
{
	u64 mapped;
	void *p = fw_dma_ptr_partial(as, card, iova, len, perm, &mapped);

	return p && mapped == len ? p : NULL;
}

/*
 * Translate through the address space and remember the region the address
 * lies in (a memory region, or the host's stretch of physical memory for
 * an identity space) in the queue's cache.  The generations are read
 * first: a change racing with the lookup leaves the cache stale, and the
 * next lookup comes back here.
 */
void *fw_dma_xlate_slow(struct ovnic_vq *vq, u64 iova, u32 len, u32 perm,
			u32 *mapped)
{
	struct ovnic_as *as = &vq->dev->as[vq->asid];
	struct ovnic_card *card = vq->dev->card;
	u32 as_gen = fw_load_acquire(&as->generation);
	u32 mem_gen = fw_load_acquire(&card->mem_generation);
	struct ovnic_mr_table *t = __atomic_load_n(&as->table,
						   __ATOMIC_ACQUIRE);
	struct fw_xlate x = { .as_gen = as_gen, .mem_gen = mem_gen };
	u64 m;
	void *p = fw_dma_ptr_partial(as, card, iova, len, perm, &m);

	if (!p)
		return NULL;
	*mapped = (u32)m;
	if (t) {
		const struct ovnic_mr *mr;

		mr = table_find(t, __atomic_load_n(&t->count, __ATOMIC_ACQUIRE),
				iova);
		if (!mr)
			return p;
		x.first = mr->iova;
		x.last = fw_read_once(&mr->last);
		x.ptr = mr->ptr;
		x.perm = mr->perm;
	} else if (card->plat.phys_span) {
		x.ptr = card->plat.phys_span(card->plat.ctx, iova, &x.first,
					     &x.last);
		if (!x.ptr || iova < x.first || iova > x.last)
			return p;
		x.perm = OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE;
	} else {
		return p;
	}
	vq->xlate = x;
	return p;
}

static bool overlaps(const struct ovnic_mr *mr, u64 first, u64 last)
{
	return !(last < mr->iova || first > mr->last);
}

int fw_as_map(struct ovnic_card *card, struct ovnic_as *as, u64 iova,
	      u64 size, u64 pa, u32 perm)
{
	struct ovnic_mr_table *t = as->table, *n;
	struct ovnic_mr mr;
	u32 i, pos, cap;
	u8 *ptr;

	if (!size || iova + size - 1 < iova || pa + size - 1 < pa ||
	    !perm || (perm & ~(OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE)))
		return OVNIC_STATUS_BAD_PARAM;
	ptr = card->plat.phys_to_ptr(card->plat.ctx, pa, size);
	if (!ptr)
		return OVNIC_STATUS_BAD_PARAM;
	mr = (struct ovnic_mr){ .iova = iova, .last = iova + size - 1,
				.ptr = ptr, .perm = perm };

	pos = 0;
	if (t) {
		for (i = 0; i < t->count; i++)
			if (overlaps(&t->mr[i], mr.iova, mr.last))
				return OVNIC_STATUS_EXISTS;
		while (pos < t->count && t->mr[pos].iova < iova)
			pos++;
		/* Appending above every region: fill spare capacity in place. */
		if (pos == t->count && t->count < t->capacity) {
			t->mr[pos] = mr;
			__atomic_store_n(&t->count, pos + 1, __ATOMIC_RELEASE);
			fw_atomic_add(&as->generation, 1);
			return OVNIC_STATUS_OK;
		}
	}
	cap = t ? t->count * 2 : 16;
	if (cap < 16)
		cap = 16;
	n = table_alloc(card, cap);
	if (!n)
		return OVNIC_STATUS_NO_MEMORY;
	for (i = 0; t && i < pos; i++)
		n->mr[n->count++] = t->mr[i];
	n->mr[n->count++] = mr;
	for (i = pos; t && i < t->count; i++)
		n->mr[n->count++] = t->mr[i];
	table_replace(card, as, n);
	return OVNIC_STATUS_OK;
}

int fw_as_unmap(struct ovnic_card *card, struct ovnic_as *as, u64 iova,
		u64 size)
{
	struct ovnic_mr_table *t = as->table, *n;
	u64 last = iova + size - 1;
	u32 i, hits = 0;

	if (!size || last < iova)
		return OVNIC_STATUS_BAD_PARAM;
	if (!t)
		return OVNIC_STATUS_OK;
	for (i = 0; i < t->count; i++)
		hits += overlaps(&t->mr[i], iova, last);
	if (!hits)
		return OVNIC_STATUS_OK;	/* unmapping nothing succeeds */

	/* A region cut in the middle becomes two. */
	n = table_alloc(card, t->count + 1 > 16 ? t->count + 1 : 16);
	if (!n)
		return OVNIC_STATUS_NO_MEMORY;
	for (i = 0; i < t->count; i++) {
		struct ovnic_mr mr = t->mr[i];

		if (!overlaps(&mr, iova, last)) {
			n->mr[n->count++] = mr;
			continue;
		}
		if (mr.iova < iova) {
			struct ovnic_mr lo = mr;

			lo.last = iova - 1;
			n->mr[n->count++] = lo;
		}
		if (mr.last > last) {
			struct ovnic_mr hi = mr;

			hi.iova = last + 1;
			hi.ptr = mr.ptr + (hi.iova - mr.iova);
			n->mr[n->count++] = hi;
		}
	}
	table_replace(card, as, n);
	return OVNIC_STATUS_OK;
}

/* Back to identity, as after creation. */
void fw_as_reset(struct ovnic_card *card, struct ovnic_as *as)
{
	table_replace(card, as, NULL);
}
