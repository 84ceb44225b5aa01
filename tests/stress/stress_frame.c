// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * stress: addresses (a kind, a device, a number) and test frames that
 * carry their length, sender and sequence number, and a pattern to check.
 */
#include <string.h>

#include "stress_frame.h"

/* ---- addresses and frames ---- */

void st_mac(uint8_t *mac, uint8_t kind, uint8_t a, uint8_t b)
{
	mac[0] = 0x02;
	mac[1] = kind;
	mac[2] = 0;
	mac[3] = 0;
	mac[4] = a;
	mac[5] = b;
}

/* Provisioned MACs are 02:00:00:00:10:<dev> (sdrv.c). */
void st_dev_mac(uint8_t *mac, unsigned int dev)
{
	st_mac(mac, 0x00, 0x10, (uint8_t)dev);
}

/* The device a provisioned MAC belongs to, or -1. */
int st_mac_dev(const uint8_t *mac)
{
	uint8_t m[6];

	if (mac[5] >= ST_DEVS)
		return -1;
	st_dev_mac(m, mac[5]);
	return memcmp(m, mac, 6) ? -1 : mac[5];
}

const uint8_t st_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static uint8_t st_pattern(uint32_t seq, uint32_t k)
{
	return (uint8_t)(seq * 7 + k);
}

uint32_t st_frame(uint8_t *buf, const uint8_t *dst, const uint8_t *src,
		  int vid, uint32_t len, uint16_t src_dev, uint32_t seq)
{
	struct st_payload pl = { .magic = ST_MAGIC, .len = (uint16_t)len,
				 .src_dev = src_dev, .seq = seq };
	uint32_t off = 12, k;

	memcpy(buf, dst, 6);
	memcpy(buf + 6, src, 6);
	if (vid >= 0) {
		buf[off++] = 0x81;
		buf[off++] = 0x00;
		buf[off++] = (uint8_t)(vid >> 8);
		buf[off++] = (uint8_t)vid;
	}
	buf[off++] = ST_ETHERTYPE >> 8;
	buf[off++] = ST_ETHERTYPE & 0xff;
	memcpy(buf + off, &pl, sizeof(pl));
	off += sizeof(pl);
	for (k = 0; off + k < len; k++)
		buf[off + k] = st_pattern(seq, k);
	return len;
}

/* Whether @f is a test frame, whole; *pl gets its payload header. */
bool st_frame_ok(const uint8_t *f, uint32_t len, struct st_payload *pl)
{
	uint32_t off = 12, k;

	if (len >= 16 && f[12] == 0x81 && f[13] == 0x00)
		off += 4;
	if (len < off + 2 + sizeof(*pl) ||
	    (f[off] << 8 | f[off + 1]) != ST_ETHERTYPE)
		return false;
	off += 2;
	memcpy(pl, f + off, sizeof(*pl));
	off += sizeof(*pl);
	if (pl->magic != ST_MAGIC || pl->len != len)
		return false;
	for (k = 0; off + k < len; k++)
		if (f[off + k] != st_pattern(pl->seq, k))
			return false;
	return true;
}
