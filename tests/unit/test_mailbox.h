/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the mailbox tests share (test_mailbox*.c): a device to send
 * commands to, and a MAC address no device has.
 */
#ifndef OVNIC_UNIT_TEST_MAILBOX_H
#define OVNIC_UNIT_TEST_MAILBOX_H

#include "unit.h"

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

static inline struct vd_dev *mbox_dev(struct ut_env *e)
{
	return ut_dev(e, 0, NULL);
}

#endif /* OVNIC_UNIT_TEST_MAILBOX_H */
