// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * What both ring layouts use to build a chain and to give up on a queue
 * its driver corrupted (vq_ring.h).
 */
#include "vq_ring.h"

void vq_break(struct ovnic_vq *vq, const char *why)
{
	if (!vq->broken)
		fw_log(vq->pf, OVNIC_LOG_WARN,
		       "dev %u vq %u: %s, device needs reset\n",
		       vq->dev_id, vq->qid, why);
	fw_write_once(&vq->broken, true);
	fw_status_needs_reset(vq->st);
}

/* Add [addr, addr + len) of one descriptor to the chain, piece by piece. */
int vq_chain_add(struct ovnic_vq *vq, struct ovnic_chain *chain, u64 addr,
		 u32 len, bool write)
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
