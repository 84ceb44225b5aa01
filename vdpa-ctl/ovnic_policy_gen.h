/* SPDX-License-Identifier: ((GPL-2.0 WITH Linux-syscall-note) OR BSD-3-Clause) */
/*
 * Generated from Documentation/netlink/specs/ovnic.yaml
 * by scripts/netlink-gen-libnl.py, do not edit; make netlink-gen.
 * What a reader of the ovnic family's replies and events checks
 * (the script says what).
 */
#ifndef VDPA_CTL_OVNIC_POLICY_GEN_H
#define VDPA_CTL_OVNIC_POLICY_GEN_H

#include <netlink/attr.h>

#include "uapi/linux/ovnic.h"

extern const struct nla_policy ovnic_policy[OVNIC_NL_A_MAX + 1];
extern const struct nla_policy ovnic_stat_policy[OVNIC_NL_STAT_MAX + 1];
extern const struct nla_policy ovnic_coal_queue_policy[OVNIC_NL_COALQ_MAX + 1];
extern const struct nla_policy ovnic_mac_list_policy[OVNIC_NL_MACL_MAX + 1];

#endif
