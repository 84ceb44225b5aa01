// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
#include "../../firmware-model/src/card.h"
#include "fw_peek.h"

struct ovnic_platform *fw_peek_host(struct ovnic_card *card)
{
	return &card->pf.host;
}

void fw_peek_as_writer_begins(struct ovnic_card *card, ovnic_u16 dev_id,
			      ovnic_u32 asid)
{
	struct ovnic_as *as = &card->sw.port[dev_id]->as[asid];

	__atomic_store_n(&as->identity, false, __ATOMIC_RELEASE);
	__atomic_add_fetch(&as->generation, 1, __ATOMIC_RELEASE);
}
