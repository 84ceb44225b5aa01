/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The card: the top layer, behind the public API (ovnic_card.h).  card.c
 * holds its lifetime, registers, doorbells, wire receive and the device
 * cores' scheduling; mailbox.c its command mailbox.
 */
#ifndef OVNIC_FW_CARD_H
#define OVNIC_FW_CARD_H

#include "device.h"
#include "eswitch.h"
#include "net_tx.h"
#include "ctrl_vq.h"

#define OVNIC_DOORBELL_SCRATCH	4

/* One device core: what its thread works with. */
struct ovnic_core {
	unsigned int rr_next;	/* device the next data round starts at */
	struct fw_tx_scratch tx;
	struct fw_ctrl_scratch ctrl;
};

struct ovnic_card {
	struct fw_platform pf;
	struct ovnic_card_params params;
	u64 features;
	u32 status;
	struct ovnic_lock *control_lock;
	struct ovnic_lock *switch_lock;
	struct fw_switch sw;		/* its ports are the devices */
	struct ovnic_core core[OVNIC_FW_MAX_CORES];
	/*
	 * Scratch for doorbells answering control commands inline
	 * (card.c): bit i of @doorbell_scr_busy holds @doorbell_scr[i].
	 * A few per card, not one per device: a doorbell that finds them
	 * all taken leaves its commands to the device core.
	 */
	u32 doorbell_scr_busy;
	struct fw_ctrl_scratch doorbell_scr[OVNIC_DOORBELL_SCRATCH];
};

/* Device @id, or NULL; the data path's view, any context. */
static inline struct ovnic_dev *card_dev(struct ovnic_card *card, u16 id)
{
	return __atomic_load_n(&card->sw.port[id], __ATOMIC_ACQUIRE);
}

#endif /* OVNIC_FW_CARD_H */
