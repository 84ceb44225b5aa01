// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_split_ring, in its input format (the comment
 * at the top of fuzz_split_ring.c).
 */
#include <string.h>

#include "mkseeds.h"

/* enum sr_op of sr_ops.c */
enum {
	SR_DESC, SR_IDESC, SR_AVAIL, SR_AVAIL_IDX, SR_FLAGS, SR_KICK, SR_RUN,
	SR_POLL, SR_POKE, SR_WIRE, SR_TIME, SR_UNMAP, SR_MAP, SR_VQ_MODIFY,
	SR_RESET, SR_STATUS, SR_LINK, SR_LOOPBACK, SR_CHAIN, SR_COAL,
};

#define SR_F_INDIRECT	0x01
#define SR_F_EVENT_IDX	0x02
#define SR_F_CVQ	0x04
#define SR_F_MQ		0x08
#define SR_F_HASH	0x10
#define SR_F_LOOPBACK	0x20
#define SR_F_RINGS_RW	0x40

/* Features, five queues of 2 << @qlog, @pieces, MTU 1500, four regions. */
static void sr_setup(struct seed *s, unsigned int f, unsigned int qlog,
		     unsigned int pieces)
{
	int r;

	u8(s, f);
	for (r = 0; r < 5; r++)
		u8(s, qlog);
	u8(s, pieces - 1);
	u16(s, 1500 - 68);
	/* data regions: RW, RO, WO, RW, 8 KiB each, no holes */
	for (r = 0; r < 4; r++) {
		static const unsigned int perm_sel[] = { 2, 0, 1, 2 };

		u16(s, r * 8192);
		u16(s, 8192 - 1);
		u8(s, perm_sel[r]);
		u16(s, 0);
	}
}

/* A chain of @k descriptors of @seg bytes from region @r, then a kick. */
static void sr_chain(struct seed *s, unsigned int q, unsigned int k,
		     unsigned int r, unsigned int off, unsigned int seg,
		     int indirect, unsigned int start)
{
	u8(s, SR_CHAIN);
	u8(s, q);
	u8(s, (k - 1) | (indirect ? 8 : 0) | r << 4 | 0x80);
	u8(s, start);
	u16(s, off);
	u16(s, seg - 1);
	u8(s, 4 * start);
}

static void sr_wire(struct seed *s, unsigned int len, unsigned int seed)
{
	uint8_t f[1600];
	unsigned int i;

	u8(s, SR_WIRE);
	u16(s, len);
	for (i = 0; i < len; i++)
		f[i] = (uint8_t)(seed + 3 * i);
	f[0] = 0x02;
	f[12] = 0x08;
	f[13] = 0x00;
	bytes(s, f, len);
}

void seeds_split_ring(void)
{
	const char *t = "fuzz_split_ring";
	uint8_t cmd[3] = { VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 1 };
	struct seed s;
	unsigned int i;

	/* transmit: one buffer, then several, read-only memory */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ, 3, 1);
	sr_chain(&s, 1, 1, 1, 0, 200, 0, 0);
	sr_chain(&s, 1, 4, 1, 512, 40, 0, 1);
	u8(&s, SR_RUN);
	save(t, &s, "tx");

	/* receive from the wire into buffers split three ways */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ, 4, 2);
	for (i = 0; i < 4; i++)
		sr_chain(&s, 0, 1 + i % 3, 0, 2048 * i, 600, 0, 3 * i);
	sr_wire(&s, 60, 1);
	sr_wire(&s, 1000, 2);
	u8(&s, SR_RUN);
	save(t, &s, "rx_wire");

	/* loopback: transmitted frames land in receive buffers */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ | SR_F_LOOPBACK, 3, 1);
	sr_chain(&s, 0, 2, 3, 0, 800, 1, 0);
	sr_chain(&s, 0, 1, 0, 0, 1600, 0, 1);
	sr_chain(&s, 1, 3, 1, 100, 60, 1, 0);
	sr_chain(&s, 1, 1, 1, 1000, 300, 0, 1);
	u8(&s, SR_RUN);
	save(t, &s, "loopback_indirect");

	/* the same, hash report header, event index, rings in 3 pieces */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_EVENT_IDX | SR_F_HASH |
		 SR_F_LOOPBACK | SR_F_RINGS_RW, 5, 3);
	sr_chain(&s, 0, 1, 0, 0, 2000, 0, 0);
	sr_chain(&s, 1, 2, 1, 0, 120, 0, 0);
	u8(&s, SR_FLAGS);
	u8(&s, 0);
	u16(&s, 0);
	u16(&s, 1);
	u8(&s, SR_RUN);
	save(t, &s, "event_idx_hash");

	/* a control command: header, data, ack */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ, 3, 1);
	u8(&s, SR_POKE);
	u16(&s, 3 * 8192);
	u8(&s, sizeof(cmd) - 1);
	bytes(&s, cmd, sizeof(cmd));
	u8(&s, SR_CHAIN);
	u8(&s, 2);
	u8(&s, 1 | 3 << 4 | 0x80);	/* 2 descriptors, region 3 */
	u8(&s, 0);
	u16(&s, 0);
	u16(&s, 2);			/* 3 bytes each */
	u8(&s, 0);
	u8(&s, SR_RUN);
	save(t, &s, "cvq");

	/* two pairs: the second pair's queues, and an unmap under them */
	s.n = 0;
	sr_setup(&s, SR_F_MQ | SR_F_INDIRECT, 3, 1);
	sr_chain(&s, 3, 2, 1, 0, 100, 0, 0);
	sr_chain(&s, 2, 1, 3, 0, 1600, 0, 0);
	u8(&s, SR_UNMAP);
	u8(&s, 1);
	u16(&s, 0);
	u16(&s, 4095);
	u8(&s, SR_RUN);
	u8(&s, SR_MAP);
	u8(&s, 1);
	sr_chain(&s, 3, 1, 1, 4096, 100, 0, 2);
	u8(&s, SR_RUN);
	save(t, &s, "unmap_remap");

	/* hand-made descriptors: a loop, then a valid one */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ, 2, 1);
	for (i = 0; i < 2; i++) {
		u8(&s, SR_DESC);
		u8(&s, 1);
		u8(&s, i);
		u8(&s, 0x01);		/* NEXT */
		u16(&s, 64);
		u8(&s, 1 - i);		/* next: the other one */
		u8(&s, 1);		/* region 1 + offset */
		u16(&s, 64 * i);
	}
	u8(&s, SR_AVAIL);
	u8(&s, 1);
	u8(&s, 0);
	u8(&s, SR_KICK);
	u8(&s, 6);			/* queue 1 */
	u8(&s, SR_RUN);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 2);
	u8(&s, SR_RUN);
	save(t, &s, "desc_loop");

	/* an indirect table written by hand */
	s.n = 0;
	sr_setup(&s, SR_F_INDIRECT | SR_F_CVQ, 3, 1);
	for (i = 0; i < 2; i++) {
		u8(&s, SR_IDESC);
		u16(&s, 16 * i);
		u8(&s, i ? 0x00 : 0x01);
		u16(&s, i ? 80 : 12);
		u8(&s, 1);
		u8(&s, 1);
		u16(&s, i ? 12 : 0);
	}
	u8(&s, SR_DESC);
	u8(&s, 1);
	u8(&s, 0);
	u8(&s, 0x04);			/* INDIRECT */
	u16(&s, 32);
	u8(&s, 0);
	u8(&s, 0);			/* the table window */
	u16(&s, 0);
	u8(&s, SR_AVAIL);
	u8(&s, 1);
	u8(&s, 0);
	u8(&s, SR_KICK);
	u8(&s, 6);
	u8(&s, SR_POLL);
	u8(&s, 0x0c);			/* core 0, budget 3 */
	u8(&s, SR_RUN);
	save(t, &s, "indirect_by_hand");

	/* reset, VQ_MODIFY and status from the guest's side */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ, 3, 1);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 0);
	u8(&s, SR_RESET);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 0);
	u8(&s, SR_RUN);
	u8(&s, SR_VQ_MODIFY);
	u8(&s, 1);
	u8(&s, 0x16);			/* size 16, ready */
	u8(&s, 0x1f);
	for (i = 0; i < 3; i++) {
		u8(&s, 0);
		u16(&s, 1024 * i);
	}
	u16(&s, 0);
	u16(&s, 0);
	u8(&s, SR_KICK);
	u8(&s, 6);
	u8(&s, SR_RUN);
	u8(&s, SR_STATUS);
	u8(&s, 0);
	u8(&s, SR_RESET);
	u8(&s, SR_LINK);
	u8(&s, 0);
	sr_chain(&s, 1, 1, 1, 0, 100, 0, 0);
	u8(&s, SR_TIME);
	u32(&s, 100000);
	save(t, &s, "reset_vq_modify");

	/* the host's adaptive coalescing, looped traffic, the clock */
	s.n = 0;
	sr_setup(&s, SR_F_CVQ | SR_F_LOOPBACK, 4, 1);
	u8(&s, SR_COAL);
	u16(&s, 10);
	u8(&s, 4);
	u16(&s, 10);
	u8(&s, 4);
	u8(&s, 3);			/* adaptive both ways */
	/* 3 frames per 96 us: above the 25 kpps where moderation starts */
	for (i = 0; i < 36; i++) {
		sr_chain(&s, 0, 1, 0, 1300 * (i % 3), 1300, 0, i % 32);
		sr_chain(&s, 1, 1, 1, 200 * (i % 3), 100, 0, i % 32);
		if (i % 3 == 2) {
			u8(&s, SR_TIME);
			u32(&s, 1500);
		}
	}
	u8(&s, SR_RUN);
	save(t, &s, "coalescing");
}
