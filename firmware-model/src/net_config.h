/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/* The network device's configuration layout, 5.1.4 (net_config.c). */
#ifndef OVNIC_FW_NET_CONFIG_H
#define OVNIC_FW_NET_CONFIG_H

#include "fw_base.h"

struct ovnic_dev;

u32 fw_dev_config_size(void);
int fw_dev_config_read(struct ovnic_dev *dev, u32 off, u32 len, u8 *out);
int fw_dev_config_write(struct ovnic_dev *dev, u32 off, u32 len,
			const u8 *in);

#endif /* OVNIC_FW_NET_CONFIG_H */
