/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel's "vdpa" generic netlink family: options to attributes,
 * replies to attribute tables.
 */
#ifndef VDPA_CTL_VDPA_NL_H
#define VDPA_CTL_VDPA_NL_H

#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "args.h"
#include "nl.h"
#include "vdpa_compat.h"

extern struct nlctl_family vdpa_family;

struct nl_msg *vdpa_req(uint8_t cmd, int flags, const struct opts *o);
int vdpa_parse(struct nl_msg *msg, struct nlattr **tb, const char *what);
const char *vdpa_mgmtdev_handle(struct nlattr **tb, char *buf, size_t size);

#endif
