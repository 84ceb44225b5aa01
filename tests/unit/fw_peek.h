/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What a test needs of the card's insides that no command gives: the
 * platform the card copied (to hook it), and a writer's stores at the
 * moment another CPU would make them.  fw_peek.c is built as the firmware
 * is (freestanding), as it reads the firmware's own structures.
 */
#ifndef OVNIC_UNIT_FW_PEEK_H
#define OVNIC_UNIT_FW_PEEK_H

#include "ovnic_hw.h"

struct ovnic_card;
struct ovnic_platform;

/* The card's copy of its platform: the one it calls. */
struct ovnic_platform *fw_peek_host(struct ovnic_card *card);

/*
 * What a writer of device @dev_id's address space @asid (MR_UNMAP,
 * MR_RESET, leaving identity) does before it waits for the card's epoch:
 * the window changes (here: identity is left, nothing is mapped) and the
 * generation moves.  The caller's memory stays valid, as it would until
 * that wait ends.
 */
void fw_peek_as_writer_begins(struct ovnic_card *card, ovnic_u16 dev_id,
			      ovnic_u32 asid);

#endif /* OVNIC_UNIT_FW_PEEK_H */
