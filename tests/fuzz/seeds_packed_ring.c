// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_packed_ring, in its input format (the
 * comment at the top of fuzz_packed_ring.c).
 */
#include <string.h>

#include "mkseeds.h"

/* enum pr_op of pr_ops.c */
enum {
	PR_CHAIN, PR_DESC, PR_IDESC, PR_EVENT, PR_KICK, PR_RUN, PR_POLL,
	PR_POKE, PR_WIRE, PR_TIME, PR_UNMAP, PR_MAP, PR_VQ_STATE,
	PR_VQ_MODIFY, PR_RESET, PR_STATUS, PR_LINK, PR_LOOPBACK, PR_COAL,
};

/* the first setup byte */
#define PR_F_INDIRECT	0x01
#define PR_F_EVENT_IDX	0x02
#define PR_F_CVQ	0x04
#define PR_F_MQ		0x08
#define PR_F_HASH	0x10
#define PR_F_LOOPBACK	0x20
/* the second */
#define PR_G_MRG	0x01

/*
 * OP_CHAIN's optional byte (pr_ops.c); its high nibble also picks the
 * descriptor CH_FLIP flips
 */
#define CH_FLIP		0x01
#define CH_IND_NEXT	0x20

/* Features, five queues of @size, @pieces, MTU 1500, four regions. */
static void pr_setup(struct seed *s, unsigned int f, unsigned int g,
		     unsigned int size, unsigned int pieces)
{
	int r;

	u8(s, f);
	u8(s, g);
	for (r = 0; r < 5; r++)
		u8(s, size - 1);
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

/*
 * A chain of @k descriptors of @seg bytes from region @r at @off, buffer
 * id @id, indirect or not, then a kick; @v the optional byte, if any.
 */
static void pr_chain(struct seed *s, unsigned int q, unsigned int k,
		     unsigned int r, unsigned int off, unsigned int seg,
		     int indirect, unsigned int id, unsigned int v)
{
	u8(s, PR_CHAIN);
	u8(s, q);
	u8(s, (k - 1) | (indirect ? 8 : 0) | r << 4 | (v ? 0x40 : 0) | 0x80);
	if (v)
		u8(s, v);
	u16(s, off);
	u16(s, seg - 1);
	u8(s, id);
	u8(s, 8 * id);			/* table offset: 128 bytes per id */
	if (v & CH_IND_NEXT && indirect)
		u16(s, id);		/* the indirect descriptor's id */
}

static void pr_wire(struct seed *s, unsigned int len, unsigned int seed)
{
	uint8_t f[1600];
	unsigned int i;

	u8(s, PR_WIRE);
	u16(s, len);
	for (i = 0; i < len; i++)
		f[i] = (uint8_t)(seed + 3 * i);
	f[0] = 0x02;
	f[12] = 0x08;
	f[13] = 0x00;
	bytes(s, f, len);
}

static void pr_event(struct seed *s, unsigned int q, unsigned int flags,
		     unsigned int off_wrap)
{
	u8(s, PR_EVENT);
	u8(s, q);
	u8(s, flags);
	u16(s, off_wrap);
}

/* OP_VQ_STATE: @mode of pr_ops.c with its argument. */
static void pr_state(struct seed *s, unsigned int q, unsigned int b,
		     unsigned int a1, unsigned int a2)
{
	u8(s, PR_VQ_STATE);
	u8(s, q);
	u8(s, b);
	switch (b & 3) {
	case 1:
		u16(s, a1);
		break;
	case 2:
		u16(s, a1);
		if (!(b & 4))
			u16(s, a2);
		break;
	case 3:
		u8(s, a1 - 1);
		break;
	}
}

void seeds_packed_ring(void)
{
	const char *t = "fuzz_packed_ring";
	uint8_t cmd[3] = { VIRTIO_NET_CTRL_RX, VIRTIO_NET_CTRL_RX_PROMISC, 1 };
	struct seed s;
	unsigned int i;

	/* transmit: one buffer, then several, read-only memory */
	s.n = 0;
	pr_setup(&s, PR_F_INDIRECT | PR_F_CVQ, 0, 8, 1);
	pr_chain(&s, 1, 1, 1, 0, 200, 0, 0, 0);
	pr_chain(&s, 1, 4, 1, 512, 40, 0, 1, 0);
	u8(&s, PR_RUN);
	save(t, &s, "tx");

	/* receive from the wire into chains of 1-3 buffers */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ, 0, 16, 2);
	for (i = 0; i < 4; i++)
		pr_chain(&s, 0, 1 + i % 3, 0, 2048 * i, 600, 0, 3 * i, 0);
	pr_wire(&s, 60, 1);
	pr_wire(&s, 1000, 2);
	u8(&s, PR_RUN);
	save(t, &s, "rx_wire");

	/*
	 * Mergeable buffers: a frame over three, then one that runs out
	 * after the first (taken back unseen), then room for it.
	 */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ, PR_G_MRG, 6, 1);
	for (i = 0; i < 3; i++)
		pr_chain(&s, 0, 1, 0, 600 * i, 600, 0, i, 0);
	pr_wire(&s, 1500, 3);
	pr_chain(&s, 0, 1, 3, 0, 700, 0, 7, 0);
	pr_wire(&s, 1400, 4);
	pr_chain(&s, 0, 2, 3, 2048, 400, 0, 8, 0);
	pr_wire(&s, 1400, 5);
	u8(&s, PR_RUN);
	save(t, &s, "rx_mrg");

	/* loopback: transmitted frames land in receive buffers */
	s.n = 0;
	pr_setup(&s, PR_F_INDIRECT | PR_F_CVQ | PR_F_LOOPBACK, PR_G_MRG, 8,
		 1);
	pr_chain(&s, 0, 2, 3, 0, 800, 1, 0, 0);
	pr_chain(&s, 0, 1, 0, 0, 1600, 0, 1, 0);
	pr_chain(&s, 1, 3, 1, 100, 60, 1, 0, 0);
	pr_chain(&s, 1, 1, 1, 1000, 300, 0, 1, 0);
	u8(&s, PR_RUN);
	save(t, &s, "loopback_indirect");

	/* an odd size: chains across the ring's end, lap after lap */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ | PR_F_LOOPBACK, 0, 5, 1);
	for (i = 0; i < 12; i++) {
		pr_chain(&s, 1, 2, 1, 64 * i, 64, 0, i, 0);
		pr_chain(&s, 0, 3, 0, 1024 * (i % 4), 500, 0, i, 0);
		u8(&s, PR_RUN);
	}
	save(t, &s, "odd_size_laps");

	/* event index, hash report, rings in 3 pieces, suppression */
	s.n = 0;
	pr_setup(&s, PR_F_INDIRECT | PR_F_EVENT_IDX | PR_F_HASH |
		 PR_F_LOOPBACK, 0, 32, 3);
	pr_event(&s, 1, 1, 0);		/* tx: DISABLE */
	pr_chain(&s, 0, 1, 0, 0, 2000, 0, 0, 0);
	pr_chain(&s, 1, 2, 1, 0, 120, 0, 0, 0);
	u8(&s, PR_RUN);
	pr_event(&s, 0, 2, 0x8003);	/* rx: DESC at position 3 */
	pr_event(&s, 1, 0, 0);
	pr_chain(&s, 0, 1, 0, 2048, 2000, 0, 1, 0);
	pr_chain(&s, 1, 1, 1, 200, 120, 0, 1, 0);
	u8(&s, PR_RUN);
	save(t, &s, "event_idx_hash");

	/* a control command: header, data, ack */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ, 0, 8, 1);
	u8(&s, PR_POKE);
	u16(&s, 3 * 8192);
	u8(&s, sizeof(cmd) - 1);
	bytes(&s, cmd, sizeof(cmd));
	pr_chain(&s, 2, 2, 3, 0, 3, 0, 5, 0);
	u8(&s, PR_RUN);
	save(t, &s, "cvq");

	/* two pairs: the second pair's queues, and an unmap under them */
	s.n = 0;
	pr_setup(&s, PR_F_MQ | PR_F_INDIRECT, PR_G_MRG, 8, 1);
	pr_chain(&s, 3, 2, 1, 0, 100, 0, 0, 0);
	pr_chain(&s, 2, 1, 3, 0, 1600, 0, 0, 0);
	u8(&s, PR_UNMAP);
	u8(&s, 1);
	u16(&s, 0);
	u16(&s, 4095);
	u8(&s, PR_RUN);
	u8(&s, PR_MAP);
	u8(&s, 1);
	pr_chain(&s, 3, 1, 1, 4096, 100, 0, 2, 0);
	u8(&s, PR_RUN);
	/* the rings' window itself: the queues break */
	u8(&s, PR_UNMAP);
	u8(&s, 5);
	u32(&s, 0);
	u16(&s, 0xffff);
	pr_chain(&s, 3, 1, 1, 0, 100, 0, 3, 0);
	u8(&s, PR_RUN);
	save(t, &s, "unmap_remap");

	/* chains the card refuses, their ends still found */
	s.n = 0;
	pr_setup(&s, PR_F_INDIRECT | PR_F_CVQ, 0, 7, 1);
	pr_chain(&s, 0, 3, 0, 0, 300, 0, 1, CH_FLIP | CH_IND_NEXT);
	pr_chain(&s, 0, 2, 0, 1024, 300, 1, 2, CH_IND_NEXT);
	pr_chain(&s, 0, 2, 0, 2048, 800, 0, 3, 0);
	pr_wire(&s, 100, 6);
	pr_wire(&s, 100, 7);
	pr_chain(&s, 1, 2, 1, 0, 100, 1, 4, CH_IND_NEXT);
	u8(&s, PR_RUN);
	save(t, &s, "refused_chains");

	/* raw descriptors: one available, then a chain without an end */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ, 0, 4, 1);
	u8(&s, PR_DESC);
	u8(&s, 1);
	u8(&s, 0);			/* the driver's next slot */
	u8(&s, 0);			/* its lap, no other flags */
	u16(&s, 64);
	u8(&s, 9);			/* id */
	u8(&s, 1);			/* region 1 */
	u16(&s, 0);
	u8(&s, PR_KICK);
	u8(&s, 6);			/* queue 1 */
	u8(&s, PR_RUN);
	for (i = 0; i < 4; i++) {
		u8(&s, PR_DESC);
		u8(&s, 1);
		u8(&s, 0x80 | i);	/* slot i */
		u8(&s, 0x04 | (i == 1 ? 0 : 1));	/* NEXT */
		u16(&s, 64);
		u8(&s, i);
		u8(&s, 1);
		u16(&s, 64 * i);
	}
	u8(&s, PR_KICK);
	u8(&s, 6);			/* queue 1 */
	u8(&s, PR_RUN);
	save(t, &s, "raw_desc_endless");

	/* VQ_MODIFY of state: a restore, a jump, past the end, new size */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ, 0, 8, 1);
	pr_chain(&s, 1, 3, 1, 0, 100, 0, 1, 0);
	u8(&s, PR_RUN);
	pr_state(&s, 1, 0, 0, 0);
	pr_chain(&s, 1, 2, 1, 0, 100, 0, 2, 0);
	u8(&s, PR_RUN);
	pr_state(&s, 1, 1 | 0, 6, 0);	/* position 6 of lap 0 */
	pr_chain(&s, 1, 3, 1, 0, 100, 0, 3, 0);
	u8(&s, PR_RUN);
	pr_state(&s, 1, 3, 11, 0);	/* a fresh ring of 11 */
	pr_chain(&s, 1, 4, 1, 0, 100, 0, 4, 0);
	u8(&s, PR_RUN);
	pr_state(&s, 1, 2 | 4, 0x8000 | 20, 0);	/* past the end */
	pr_chain(&s, 1, 1, 1, 0, 100, 0, 5, 0);
	u8(&s, PR_RUN);
	save(t, &s, "vq_state");

	/* reset, status, guest-chosen rings, the clock */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ, 0, 8, 1);
	pr_chain(&s, 1, 1, 1, 0, 100, 0, 0, 0);
	u8(&s, PR_RESET);
	pr_chain(&s, 1, 1, 1, 0, 100, 0, 0, 0);
	u8(&s, PR_RUN);
	u8(&s, PR_VQ_MODIFY);
	u8(&s, 1);
	u8(&s, 0x50);			/* size 1 + 16, ready */
	u8(&s, 0x1f);
	for (i = 0; i < 3; i++) {
		u8(&s, 0);
		u16(&s, 1024 * i);
	}
	u16(&s, 0x8000);
	u16(&s, 0x8000);
	u8(&s, PR_KICK);
	u8(&s, 6);			/* queue 1 */
	u8(&s, PR_RUN);
	u8(&s, PR_STATUS);
	u8(&s, 0);
	u8(&s, PR_RESET);
	u8(&s, PR_LINK);
	u8(&s, 0);
	pr_chain(&s, 1, 1, 1, 0, 100, 0, 0, 0);
	u8(&s, PR_TIME);
	u32(&s, 100000);
	save(t, &s, "reset_vq_modify");

	/* the host's adaptive coalescing, looped traffic, the clock */
	s.n = 0;
	pr_setup(&s, PR_F_CVQ | PR_F_LOOPBACK, 0, 33, 1);
	u8(&s, PR_COAL);
	u16(&s, 10);
	u8(&s, 4);
	u16(&s, 10);
	u8(&s, 4);
	u8(&s, 3);			/* adaptive both ways */
	for (i = 0; i < 36; i++) {
		pr_chain(&s, 0, 1, 0, 1300 * (i % 3), 1300, 0, i % 32, 0);
		pr_chain(&s, 1, 1, 1, 200 * (i % 3), 100, 0, i % 32, 0);
		if (i % 3 == 2) {
			u8(&s, PR_TIME);
			u32(&s, 1500);
		}
	}
	u8(&s, PR_RUN);
	save(t, &s, "coalescing");
}
