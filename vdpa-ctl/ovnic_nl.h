/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The module's "ovnic" generic netlink family (kernel/include/uapi/linux/
 * ovnic.h): options to attributes, replies to attribute tables, and the
 * errors only ovnic commands have (a vDPA device of another vendor).
 */
#ifndef VDPA_CTL_OVNIC_NL_H
#define VDPA_CTL_OVNIC_NL_H

#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "uapi/linux/ovnic.h"

#include "args.h"
#include "nl.h"
#include "ovnic_policy_gen.h"

extern struct nlctl_family ovnic_family;

struct nl_msg *ovnic_req(uint8_t cmd, int flags, const struct opts *o);
int ovnic_run(struct nl_msg *msg, nlctl_reply_fn reply, void *arg,
	      const struct opts *o);
int ovnic_show(int argc, char **argv, uint8_t cmd, const char *section,
	       nlctl_reply_fn reply, void *arg);
int ovnic_parse(struct nl_msg *msg, struct nlattr **tb, const char *what);
int ovnic_parse_nested(struct nlattr *nest, struct nlattr **tb, int max,
		       const struct nla_policy *policy, const char *what);
const char *ovnic_duplex_name(uint8_t duplex);

#endif
