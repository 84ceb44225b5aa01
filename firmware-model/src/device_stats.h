/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* Device statistics, the control class of 5.1.6.5.10 (device_stats.c). */
#ifndef OVNIC_FW_DEVICE_STATS_H
#define OVNIC_FW_DEVICE_STATS_H

#include "fw_base.h"

struct ovnic_dev;
struct fw_ctrl_cmd;

u8 fw_ctrl_stats(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);

#endif /* OVNIC_FW_DEVICE_STATS_H */
