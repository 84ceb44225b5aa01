// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: Ethernet frames and addresses for the tests.
 */
#include <string.h>

#include "vdriver.h"

const uint8_t vd_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

void vd_mac(uint8_t mac[6], uint8_t a, uint8_t b)
{
	mac[0] = 0x02;
	mac[1] = mac[2] = mac[3] = 0;
	mac[4] = a;
	mac[5] = b;
}

/* ---- frames ---- */

uint32_t vd_frame(uint8_t *buf, const uint8_t dst[6], const uint8_t src[6],
		  uint16_t vlan, uint16_t ethertype, uint32_t payload,
		  uint8_t seed)
{
	uint32_t off = 12, i;

	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	if (vlan != VD_NO_VLAN) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = vlan >> 8;
		buf[off++] = vlan & 0xff;
	}
	buf[off++] = ethertype >> 8;
	buf[off++] = ethertype & 0xff;
	for (i = 0; i < payload; i++)
		buf[off + i] = (uint8_t)(seed + i * 7);
	return off + payload;
}
