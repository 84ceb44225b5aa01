/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * The Toeplitz hash (virtio 1.2 section 5.1.6.4.3.1), table driven
 * (toeplitz.c).
 */
#ifndef OVNIC_FW_TOEPLITZ_H
#define OVNIC_FW_TOEPLITZ_H

#include "fw_base.h"

/* The longest hash input: two IPv6 addresses and two ports. */
#define FW_HASH_INPUT_MAX	36

/* Toeplitz contributions of every 4-bit value at every input nibble. */
struct fw_toeplitz {
	u32 lut[2 * FW_HASH_INPUT_MAX][16];
};

void fw_toeplitz_init(struct fw_toeplitz *tz, const u8 *key, u32 key_len);
u32 fw_toeplitz_hash(const struct fw_toeplitz *tz, const u8 *in, u32 len);

#endif /* OVNIC_FW_TOEPLITZ_H */
