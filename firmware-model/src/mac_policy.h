/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Which MAC addresses a device owns, and the driver's MAC: the host's
 * policy (DEV_SET_MAC_POLICY), the driver's claims, and the MAC class of
 * the control queue (5.1.6.5.2) (mac_policy.c).
 */
#ifndef OVNIC_FW_MAC_POLICY_H
#define OVNIC_FW_MAC_POLICY_H

#include "fw_base.h"

/* The host's MAC policy and what the driver claimed. */
struct fw_mac_policy {
	u8 flags;		/* OVNIC_MACP_* */
	u8 spoof;		/* OVNIC_SPOOF_*, read by transmit */
	u8 n_allowed;
	u8 n_claimed;
	u8 allowed[OVNIC_MAC_ALLOWED_MAX][6];
	u8 claimed[OVNIC_MAC_OWNED_MAX][6];
};

struct ovnic_dev;
struct fw_ctrl_cmd;

bool fw_mac_owned(const struct ovnic_dev *dev, const u8 *mac);
bool _fw_mac_set(struct ovnic_dev *dev, const u8 *mac);
void _fw_mac_release_claims(struct ovnic_dev *dev);
bool fw_mac_spoof_check(const struct ovnic_dev *dev);
bool fw_mac_takes_unknown(const struct ovnic_dev *dev);
/* DEV_SET_MAC (ovnic_hw.h): an OVNIC_STATUS_*. */
int fw_mac_provision(struct ovnic_dev *dev, const u8 *mac);
int fw_mac_policy_set(struct ovnic_dev *dev,
		      const struct ovnic_mac_policy *in);
void fw_mac_policy_get(struct ovnic_dev *dev,
		       struct ovnic_resp_dev_mac_policy *r);
u8 fw_ctrl_mac(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);
void fw_mac_table_overflow(struct ovnic_dev *dev);

#endif /* OVNIC_FW_MAC_POLICY_H */
