/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the ovnic family's output tests share (test_ovnic*.c): a reply of
 * the family, and the device handle in it.
 */
#ifndef VDPA_CTL_TEST_OVNIC_H
#define VDPA_CTL_TEST_OVNIC_H

#include <netlink/genl/genl.h>

#include "helpers.h"
#include "args.h"
#include "objects.h"
#include "ovnic_nl.h"

static inline struct nl_msg *reply(uint8_t cmd)
{
	struct nl_msg *m = nlmsg_alloc();

	assert_non_null(m);
	assert_non_null(genlmsg_put(m, 0, 1, 0x21, 0, 0, cmd, 1));
	return m;
}

static inline void handle(struct nl_msg *m, const char *dev)
{
	nla_put_string(m, OVNIC_NL_A_DEV_NAME, dev);
	nla_put_string(m, OVNIC_NL_A_MGMTDEV_NAME, "ovnic0");
}

#endif /* VDPA_CTL_TEST_OVNIC_H */
