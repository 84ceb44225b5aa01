// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The Toeplitz hash of virtio 1.2 section 5.1.6.5.7 (RSS) and 5.1.6.4.3,
 * as Microsoft's RSS specification defines it: for every set bit of the
 * input, most significant bit of the first byte first, XOR in the 32 bits
 * of the key that start at that bit position.
 *
 * The hash is linear in its input, so the contribution of each 4-bit
 * piece of the input can be tabulated once per key: a packet then costs
 * two table lookups per input byte (24 for an IPv4 4-tuple, 72 for IPv6)
 * instead of a loop over every bit.  The table is built on the control
 * path when the driver sets a key.
 */
#include "toeplitz.h"

/* Key bytes beyond the key's length count as zero. */
#define TZ_KEY_ROOM	(OVNIC_RSS_KEY_MAX + 8)

/* The 32 key bits starting at bit @bit. */
static u32 key_window(const u8 *key, u32 bit)
{
	const u8 *p = key + bit / 8;
	u64 v = (u64)p[0] << 32 | (u64)p[1] << 24 | (u64)p[2] << 16 |
		(u64)p[3] << 8 | p[4];

	return (u32)(v >> (8 - bit % 8));
}

void fw_toeplitz_init(struct fw_toeplitz *tz, const u8 *key, u32 key_len)
{
	u8 k[TZ_KEY_ROOM];
	u32 pos, v, b;

	fw_memset(k, 0, sizeof(k));
	fw_memcpy(k, key, MIN(key_len, (u32)OVNIC_RSS_KEY_MAX));
	for (pos = 0; pos < ARRAY_LEN(tz->lut); pos++) {
		u32 w[4];

		for (b = 0; b < 4; b++)
			w[b] = key_window(k, 4 * pos + b);
		for (v = 0; v < 16; v++) {
			u32 h = 0;

			for (b = 0; b < 4; b++)
				if (v & (8u >> b))
					h ^= w[b];
			tz->lut[pos][v] = h;
		}
	}
}

/* Input past FW_HASH_INPUT_MAX bytes is not hashed. */
/* Its tables may be a latch's copy being rewritten (rss.c): see fw_base.h. */
fw_latch_reader u32 fw_toeplitz_hash(const struct fw_toeplitz *tz,
				     const u8 *in, u32 len)
{
	const u32 (*lut)[16] = tz->lut;
	const u8 *end = in + MIN(len, (u32)FW_HASH_INPUT_MAX);
	u32 h = 0;

	for (; in < end; in++, lut += 2)
		h ^= lut[0][*in >> 4] ^ lut[1][*in & 15];
	return h;
}
