// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_ctrl_cmd, in its input format (the comment
 * at the top of fuzz_ctrl_cmd.c).
 */
#include <string.h>

#include "mkseeds.h"

#define CC_ALL_FEATURES	0x1fff

/* A command in one readable and one writable descriptor (or split). */
static void cc_cmd(struct seed *s, unsigned int cls, unsigned int cmd,
		   const void *data, unsigned int len, unsigned int wlen,
		   int indirect, int split)
{
	u8(s, 0);			/* a command */
	u8(s, 0xc0);			/* class and command follow */
	u8(s, cls);
	u8(s, cmd);
	u16(s, len);
	bytes(s, data, len);
	u8(s, indirect);
	u8(s, split ? 2 : 0);		/* readable pieces - 1 */
	u8(s, split ? 3 : 1);		/* writable pieces */
	if (split) {
		u16(s, 1);		/* the header cut in two */
		u16(s, 1);
	}
	if (split) {
		u8(s, 1);
		u8(s, 0);
		u8(s, wlen > 1 ? wlen - 1 : 0);
	} else if (wlen < 200) {
		u8(s, wlen);
	} else {
		u8(s, 200);
		u16(s, wlen - 1);
	}
}

void seeds_ctrl_cmd(void)
{
	const char *t = "fuzz_ctrl_cmd";
	uint8_t d[512];
	struct seed s;
	unsigned int n, i;

#define CC_START(pairs)				\
	do {					\
		s.n = 0;			\
		u16(&s, CC_ALL_FEATURES);	\
		u8(&s, (pairs) - 1);		\
	} while (0)

	CC_START(2);
	d[0] = 1;
	cc_cmd(&s, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, d, 1, 1, 0,
	       0);
	d[0] = 0;
	cc_cmd(&s, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_ALLMULTI, d, 1, 1, 1,
	       1);
	save(t, &s, "rx_mode");

	CC_START(1);
	n = 0;
	d[n++] = 2;
	d[n++] = 0;
	d[n++] = 0;
	d[n++] = 0;
	for (i = 0; i < 12; i++)
		d[n++] = i < 6 ? (uint8_t)(2 + i) : (uint8_t)(0x12 + i);
	d[n++] = 1;
	d[n++] = 0;
	d[n++] = 0;
	d[n++] = 0;
	memcpy(d + n, "\x01\x00\x5e\x00\x00\x07", 6);
	n += 6;
	cc_cmd(&s, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_TABLE_SET, d, n, 1,
	       0, 0);
	memcpy(d, "\x02\x00\x00\x00\x00\x42", 6);
	cc_cmd(&s, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, d, 6, 1,
	       0, 1);
	/* device 1's address: refused */
	memcpy(d, "\x02\x00\x00\x00\x01\x01", 6);
	cc_cmd(&s, VIRTIO_NET_CTRL_MAC, VIRTIO_NET_CTRL_MAC_ADDR_SET, d, 6, 1,
	       0, 0);
	save(t, &s, "mac");

	CC_START(1);
	d[0] = 5;
	d[1] = 0;
	cc_cmd(&s, VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_ADD, d, 2, 1, 0,
	       0);
	cc_cmd(&s, VIRTIO_NET_CTRL_VLAN, VIRTIO_NET_CTRL_VLAN_DEL, d, 2, 1, 1,
	       0);
	cc_cmd(&s, VIRTIO_NET_CTRL_ANNOUNCE, VIRTIO_NET_CTRL_ANNOUNCE_ACK, d,
	       0, 1, 0, 0);
	save(t, &s, "vlan_announce");

	CC_START(4);
	d[0] = 3;
	d[1] = 0;
	cc_cmd(&s, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET, d, 2,
	       1, 0, 0);
	n = 0;
	d[n++] = 0xff;			/* hash types */
	d[n++] = 0x01;
	d[n++] = 0;
	d[n++] = 0;
	d[n++] = 7;			/* 8 entries */
	d[n++] = 0;
	d[n++] = 1;			/* unclassified */
	d[n++] = 0;
	for (i = 0; i < 8; i++) {
		d[n++] = (uint8_t)(i % 4);
		d[n++] = 0;
	}
	d[n++] = 4;			/* max_tx_vq */
	d[n++] = 0;
	d[n++] = 40;
	memcpy(d + n, pb_ms_key, 40);
	n += 40;
	cc_cmd(&s, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_RSS_CONFIG, d, n, 1,
	       0, 1);
	memset(d, 0, 13);
	d[0] = 0x3f;
	d[12] = 40;
	memcpy(d + 13, pb_ms_key, 40);
	cc_cmd(&s, VIRTIO_NET_CTRL_MQ, VIRTIO_NET_CTRL_MQ_HASH_CONFIG, d, 53,
	       1, 0, 0);
	d[0] = 0xff;
	d[1] = 0x01;
	d[2] = 0;
	d[3] = 0;
	cc_cmd(&s, 7, 0, d, 4, 1, 0, 0);	/* HASH_TUNNEL_SET */
	save(t, &s, "mq_rss_hash");

	CC_START(2);
	memset(d, 0, 12);
	d[0] = 16;			/* packets */
	d[4] = 50;			/* usecs */
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, VIRTIO_NET_CTRL_NOTF_COAL_TX_SET,
	       d, 8, 1, 0, 0);
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, VIRTIO_NET_CTRL_NOTF_COAL_RX_SET,
	       d, 8, 1, 0, 0);
	memset(d, 0, 12);
	d[4] = 8;
	d[8] = 20;
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, 2, d, 12, 1, 0, 0);
	cc_cmd(&s, VIRTIO_NET_CTRL_NOTF_COAL, 3, d, 4, 9, 0, 0);
	u8(&s, 14);			/* the clock */
	u32(&s, 1000000);
	save(t, &s, "notf_coal");

	CC_START(2);
	cc_cmd(&s, 8, 0, d, 0, 9, 0, 0);	/* STATS_QUERY */
	memset(d, 0, 48);
	d[8] = 1;			/* queue 0: RX_BASIC */
	d[16] = 1;			/* queue 1: TX_BASIC */
	d[16 + 10] = 1;
	d[32] = 4;			/* the control queue: CVQ */
	d[32 + 12] = 1;
	cc_cmd(&s, 8, 1, d, 48, 400, 0, 0);
	cc_cmd(&s, 8, 1, d, 48, 60, 1, 1);
	save(t, &s, "stats");

	/* a MAC table past the parse buffer, then a reset */
	CC_START(1);
	u8(&s, 13);
	u8(&s, 0);
	u8(&s, 0);
	u16(&s, 600);
	u16(&s, 200);
	u8(&s, 0);			/* direct */
	u8(&s, 3);
	u8(&s, 1);
	u16(&s, 2);
	u16(&s, 3000);
	u16(&s, 1000);
	u8(&s, 1);
	u8(&s, 15);
	cc_cmd(&s, VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, d, 1, 1, 0,
	       0);
	save(t, &s, "oversized_reset");
#undef CC_START
}
