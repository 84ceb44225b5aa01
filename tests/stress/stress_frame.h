/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * stress_frame.c: the test's addresses and frames.
 */
#ifndef OVNIC_STRESS_FRAME_H
#define OVNIC_STRESS_FRAME_H

#include <stdbool.h>
#include <stdint.h>

#include "stress_test.h"

extern const uint8_t st_bcast[6];

void st_mac(uint8_t *mac, uint8_t kind, uint8_t a, uint8_t b);
void st_dev_mac(uint8_t *mac, unsigned int dev);
int st_mac_dev(const uint8_t *mac);
uint32_t st_frame(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
		  int vid, uint32_t len, uint16_t src_dev, uint32_t seq);
bool st_frame_ok(const uint8_t *f, uint32_t len, struct st_payload *pl);

#endif /* OVNIC_STRESS_FRAME_H */
