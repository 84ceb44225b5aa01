/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vdpa generic netlink uAPI as Linux 6.12 has it, on top of the
 * <linux/vdpa.h> of the build host.
 *
 * Debian 12's linux-libc-dev (6.1) lacks VDPA_CMD_DEV_ATTR_SET and the
 * block device attributes, and its VDPA_ATTR_MAX is 22 where 6.12's is 37.
 * Worse, it has VDPA_ATTR_VDPA_DEV_SUPPORTED_FEATURES (21), which upstream
 * dropped before any kernel sent it: in 6.12 attribute 21 is
 * VDPA_ATTR_DEV_BLK_CFG_CAPACITY.  vdpa-ctl never uses that name.
 *
 * Values from include/uapi/linux/vdpa.h of Linux 6.12; the enum values
 * before them are the same in both headers (checked below).
 */
#ifndef VDPA_CTL_VDPA_COMPAT_H
#define VDPA_CTL_VDPA_COMPAT_H

#include <linux/vdpa.h>

/* enum vdpa_command */
#define VDPA_CTL_CMD_DEV_ATTR_SET	8

/* enum vdpa_attr: the last attribute Linux 6.12 knows (VDPA_ATTR_DEV_BLK_FLUSH) */
#define VDPA_CTL_ATTR_MAX		36

_Static_assert(VDPA_CMD_DEV_VSTATS_GET == 7, "vdpa command numbering changed");
_Static_assert(VDPA_ATTR_DEV_FEATURES == 20, "vdpa attribute numbering changed");

#endif
