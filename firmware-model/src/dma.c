// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The DMA window: each device address space is empty, a table of memory
 * regions the driver programmed (like mlx5's memory keys), or identity (an
 * IOVA is a host physical address).  Every address a driver hands the card
 * goes through here, and an address nothing maps is a bad address.
 *
 * Identity is the host driver's explicit choice (MR_IDENTITY), for a
 * driver whose addresses come from the host kernel's own DMA API.  A new
 * address space, and one after MR_RESET, maps nothing: whoever drives a
 * device through an IOTLB (a vhost user) reaches only what it mapped.
 *
 * The data path reads a table without locks inside an epoch; the control
 * path replaces a table and waits for the epoch before reusing the old one.
 * Regions appended above the highest IOVA (how vhost maps a memory region,
 * piece by piece) go into spare capacity in place, published by the count.
 * Each space keeps a spare table as large as the live one, and both keep
 * a free slot: an unmap, even one that cuts a region in two, is built in
 * the spare and swapped in, so it never allocates and never fails.  The
 * host may already have released the pages it unmaps.
 */
#include "dma.h"

#define TABLE_MIN	16

static struct ovnic_mr_table *table_alloc(struct fw_platform *pf, u32 cap)
{
	struct ovnic_mr_table *t;

	t = fw_zalloc(pf, sizeof(*t) + (unsigned long)cap * sizeof(t->mr[0]));
	if (t)
		t->capacity = cap;
	return t;
}

static void table_free(struct fw_platform *pf, struct ovnic_mr_table *t)
{
	if (t)
		fw_free(pf, t);
}

/*
 * Publish @t (NULL: nothing mapped) and return the table it replaces, which
 * no data path reads any more.
 */
static struct ovnic_mr_table *table_swap(struct fw_platform *pf,
					 struct ovnic_as *as,
					 struct ovnic_mr_table *t)
{
	struct ovnic_mr_table *old = as->table;

	__atomic_store_n(&as->table, t, __ATOMIC_RELEASE);
	fw_atomic_add(&as->generation, 1);
	if (old)
		fw_epoch_sync(pf);
	return old;
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
void *fw_dma_ptr_partial(struct fw_platform *pf, struct ovnic_as *as,
			 u64 iova, u64 len, u32 perm, u64 *mapped)
{
	struct ovnic_mr_table *t;
	const struct ovnic_mr *mr, *first, *end;
	u64 avail;
	u32 count;

	if (!len || iova + len - 1 < iova)
		return NULL;
	if (fw_load_acquire(&as->identity)) {
		*mapped = len;
		return pf->host.phys_to_ptr(pf->host.ctx, iova, len);
	}
	t = __atomic_load_n(&as->table, __ATOMIC_ACQUIRE);
	if (!t)
		return NULL;
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

void *fw_dma_ptr(struct fw_platform *pf, struct ovnic_as *as, u64 iova,
		 u64 len, u32 perm)
{
	u64 mapped;
	void *p = fw_dma_ptr_partial(pf, as, iova, len, perm, &mapped);

	return p && mapped == len ? p : NULL;
}

/*
 * Translate through the address space and remember the region the address
 * lies in (a memory region, or the host's stretch of physical memory for
 * an identity space) in @cache.  The generations are read
 * first: a change racing with the lookup leaves the cache stale, and the
 * next lookup comes back here.
 */
void *fw_dma_xlate_slow(struct fw_platform *pf, struct ovnic_as *as,
			struct fw_xlate *cache, u64 iova, u32 len, u32 perm,
			u32 *mapped)
{
	u32 as_gen = fw_load_acquire(&as->generation);
	u32 mem_gen = fw_load_acquire(&pf->mem_generation);
	bool identity = fw_load_acquire(&as->identity);
	struct ovnic_mr_table *t = __atomic_load_n(&as->table,
						   __ATOMIC_ACQUIRE);
	struct fw_xlate x = { .as_gen = as_gen, .mem_gen = mem_gen };
	u64 m;
	void *p = fw_dma_ptr_partial(pf, as, iova, len, perm, &m);

	if (!p)
		return NULL;
	*mapped = (u32)m;
	if (!identity && t) {
		const struct ovnic_mr *mr;

		mr = table_find(t, __atomic_load_n(&t->count, __ATOMIC_ACQUIRE),
				iova);
		if (!mr)
			return p;
		x.first = mr->iova;
		x.last = fw_read_once(&mr->last);
		x.ptr = mr->ptr;
		x.perm = mr->perm;
	} else if (identity && pf->host.phys_span) {
		x.ptr = pf->host.phys_span(pf->host.ctx, iova, &x.first,
					     &x.last);
		if (!x.ptr || iova < x.first || iova > x.last)
			return p;
		x.perm = OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE;
	} else {
		return p;
	}
	*cache = x;
	return p;
}

static bool overlaps(const struct ovnic_mr *mr, u64 first, u64 last)
{
	return !(last < mr->iova || first > mr->last);
}

/* Leave identity: the data path sees the table from now on. */
static void as_leave_identity(struct fw_platform *pf, struct ovnic_as *as)
{
	if (!as->identity)
		return;
	fw_store_release(&as->identity, false);
	fw_atomic_add(&as->generation, 1);
	fw_epoch_sync(pf);
}

int fw_as_map(struct fw_platform *pf, struct ovnic_as *as, u64 iova,
	      u64 size, u64 pa, u32 perm)
{
	struct ovnic_mr_table *t, *n, *spare;
	struct ovnic_mr mr;
	u32 i, pos, cap;
	u8 *ptr;

	if (!size || iova + size - 1 < iova || pa + size - 1 < pa ||
	    !perm || (perm & ~(OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE)))
		return OVNIC_STATUS_BAD_PARAM;
	ptr = pf->host.phys_to_ptr(pf->host.ctx, pa, size);
	if (!ptr)
		return OVNIC_STATUS_BAD_PARAM;
	mr = (struct ovnic_mr){ .iova = iova, .last = iova + size - 1,
				.ptr = ptr, .perm = perm };

	/* A first map on an identity space starts from an empty table. */
	t = as->identity ? NULL : as->table;
	pos = 0;
	if (t) {
		for (i = 0; i < t->count; i++)
			if (overlaps(&t->mr[i], mr.iova, mr.last))
				return OVNIC_STATUS_EXISTS;
		while (pos < t->count && t->mr[pos].iova < iova)
			pos++;
		/*
		 * Appending above every region: fill spare capacity in place,
		 * keeping the free slot an unmap may need.
		 */
		if (pos == t->count && t->count + 2 <= t->capacity) {
			t->mr[pos] = mr;
			__atomic_store_n(&t->count, pos + 1, __ATOMIC_RELEASE);
			fw_atomic_add(&as->generation, 1);
			return OVNIC_STATUS_OK;
		}
	}
	cap = t ? 2 * (t->count + 2) : TABLE_MIN;
	if (cap < TABLE_MIN)
		cap = TABLE_MIN;
	n = table_alloc(pf, cap);
	spare = table_alloc(pf, cap);
	if (!n || !spare) {
		table_free(pf, n);
		table_free(pf, spare);
		return OVNIC_STATUS_NO_MEMORY;
	}
	for (i = 0; t && i < pos; i++)
		n->mr[n->count++] = t->mr[i];
	n->mr[n->count++] = mr;
	for (i = pos; t && i < t->count; i++)
		n->mr[n->count++] = t->mr[i];
	table_free(pf, table_swap(pf, as, n));
	table_free(pf, as->spare);
	as->spare = spare;
	as_leave_identity(pf, as);
	return OVNIC_STATUS_OK;
}

/*
 * Remove every byte of [iova, iova + size) from the map.  Never allocates:
 * the new table is built in the spare, which holds one region more than
 * the live table can (a region cut in the middle becomes two).
 */
int fw_as_unmap(struct fw_platform *pf, struct ovnic_as *as, u64 iova,
		u64 size)
{
	struct ovnic_mr_table *t = as->table, *n = as->spare;
	u64 last = iova + size - 1;
	u32 i, hits = 0;
	bool room;

	if (!size || last < iova)
		return OVNIC_STATUS_BAD_PARAM;
	if (as->identity || !t)
		return OVNIC_STATUS_OK;	/* unmapping nothing succeeds */
	for (i = 0; i < t->count; i++)
		hits += overlaps(&t->mr[i], iova, last);
	if (!hits)
		return OVNIC_STATUS_OK;

	/*
	 * Only a range inside one region cuts it in two, so the new table
	 * holds at most one region more.  Maps keep that slot free; a driver
	 * that cuts regions again and again without mapping in between may
	 * use it up, and then loses the upper piece too: less is mapped than
	 * it asked for, never more.
	 */
	room = t->count < n->capacity;
	n->count = 0;
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
		if (mr.last > last && (mr.iova >= iova || room)) {
			struct ovnic_mr hi = mr;

			hi.iova = last + 1;
			hi.ptr = mr.ptr + (hi.iova - mr.iova);
			n->mr[n->count++] = hi;
		} else if (mr.last > last) {
			fw_log(pf, OVNIC_LOG_WARN,
			       "unmap cut a region with no slot left: %llx-%llx unmapped too\n",
			       last + 1, mr.last);
		}
	}
	/*
	 * The swap waits out every reader of the old table; until the spare
	 * is swapped in again, only the control path touches it.
	 */
	as->spare = table_swap(pf, as, n);
	return OVNIC_STATUS_OK;
}

/* Nothing mapped, as after creation. */
void fw_as_reset(struct fw_platform *pf, struct ovnic_as *as)
{
	struct ovnic_mr_table *old;

	as_leave_identity(pf, as);
	old = table_swap(pf, as, NULL);
	table_free(pf, old);
	table_free(pf, as->spare);
	as->spare = NULL;
}

/* IOVA is host physical address, for the host kernel's own DMA API. */
void fw_as_set_identity(struct fw_platform *pf, struct ovnic_as *as)
{
	fw_as_reset(pf, as);
	fw_store_release(&as->identity, true);
	fw_atomic_add(&as->generation, 1);
}
