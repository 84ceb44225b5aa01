/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The adapter of the userspace build of kernel/cmds.c: what ovnic.h and
 * kernel/card/bus.c are to it in the module.  An adapter drives one card
 * of the firmware library through ovnic_card_mailbox(), or for tests of
 * the command layer itself a mailbox of their own.
 *
 * Include this (it brings cmds.h and the kernel's types), not the kernel's
 * headers; the ovnic_cmd_* functions then take &adapter.
 */
#ifndef OVNIC_KSHIM_ADAPTER_H
#define OVNIC_KSHIM_ADAPTER_H

#include "kshim.h"
#include "ovnic_card.h"
#include "cmds.h"

struct ovnic_hw;

/* A mailbox in place of the card's: the same contract as ovnic_hw_mailbox. */
typedef int (*ovnic_hw_mailbox_fn)(struct ovnic_hw *hw, const void *cmd,
				   u32 cmd_len, void *resp, u32 resp_len);

/* The bus to one card, and what the last command got back. */
struct ovnic_hw {
	struct ovnic_card *card;
	ovnic_hw_mailbox_fn mailbox;	/* NULL: the card's */
	void *priv;			/* @mailbox's */
	/*
	 * The last command: whether the mailbox answered (returned no error,
	 * into room for a response header) and the status it answered,
	 * read as cmds.c reads it.
	 */
	bool answered;
	int status;
	/* when set, a copy of the next responses (up to @tap_len bytes) */
	void *tap;
	u32 tap_len;
};

struct ovnic_adapter {
	struct ovnic_hw hw;
	struct device dev;
};

/* @card or @mailbox (the other NULL); @name is what the log names. */
void ovnic_adapter_init(struct ovnic_adapter *ad, struct ovnic_card *card,
			ovnic_hw_mailbox_fn mailbox, void *priv,
			const char *name);

#endif /* OVNIC_KSHIM_ADAPTER_H */
