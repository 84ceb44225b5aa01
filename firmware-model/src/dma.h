/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Address spaces: the DMA window through which the card reaches driver
 * memory (dma.c).
 */
#ifndef OVNIC_FW_DMA_H
#define OVNIC_FW_DMA_H

#include "platform.h"

struct ovnic_mr {
	u64 iova;
	u64 last;		/* inclusive */
	u8 *ptr;		/* host pointer for iova */
	u32 perm;
};

struct ovnic_mr_table {
	u32 count;
	u32 capacity;
	struct ovnic_mr mr[];	/* sorted by iova, non-overlapping */
};

struct ovnic_as {
	/* Identity: IOVA == host physical address, the table is unused. */
	bool identity;
	struct ovnic_mr_table *table;	/* NULL: nothing mapped */
	/* As large as @table, control path only: where unmaps are built. */
	struct ovnic_mr_table *spare;
	u32 generation;		/* bumped on every change */
};

/*
 * The stretch of IOVA a user (a queue) last translated through: buffers
 * come from a few large regions, so most lookups end here.  Valid while
 * both generations match.
 */
struct fw_xlate {
	u64 first;
	u64 last;		/* inclusive */
	u8 *ptr;		/* host pointer for @first */
	u32 perm;
	u32 as_gen;		/* ovnic_as.generation */
	u32 mem_gen;		/* fw_platform.mem_generation */
};

void *fw_dma_ptr(struct fw_platform *pf, struct ovnic_as *as, u64 iova,
		 u64 len, u32 perm);
void *fw_dma_ptr_partial(struct fw_platform *pf, struct ovnic_as *as,
			 u64 iova, u64 len, u32 perm, u64 *mapped);
int fw_as_map(struct fw_platform *pf, struct ovnic_as *as, u64 iova,
	      u64 size, u64 pa, u32 perm);
int fw_as_unmap(struct fw_platform *pf, struct ovnic_as *as, u64 iova,
		u64 size);
void fw_as_reset(struct fw_platform *pf, struct ovnic_as *as);
void fw_as_set_identity(struct fw_platform *pf, struct ovnic_as *as);
void *fw_dma_xlate_slow(struct fw_platform *pf, struct ovnic_as *as,
			struct fw_xlate *cache, u64 iova, u32 len, u32 perm,
			u32 *mapped);

/*
 * The translation of [iova, iova + len) through @as: host pointer, with
 * *mapped the bytes contiguous behind it (at most @len), or NULL.
 */
static inline void *fw_dma_xlate(struct fw_platform *pf, struct ovnic_as *as,
				 struct fw_xlate *cache, u64 iova, u32 len,
				 u32 perm, u32 *mapped)
{
	const struct fw_xlate *x = cache;

	if (fw_likely(iova >= x->first && len && iova <= x->last &&
		   len - 1 <= x->last - iova && (x->perm & perm) == perm &&
		   x->as_gen == fw_read_once(&as->generation) &&
		   x->mem_gen == fw_read_once(&pf->mem_generation))) {
		*mapped = len;
		return x->ptr + (iova - x->first);
	}
	return fw_dma_xlate_slow(pf, as, cache, iova, len, perm, mapped);
}

#endif /* OVNIC_FW_DMA_H */
