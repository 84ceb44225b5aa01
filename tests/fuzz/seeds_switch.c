// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * mkseeds: the seeds of fuzz_switch, in its input format (the comment
 * at the top of fuzz_switch.c).
 */
#include <stdlib.h>

#include "mkseeds.h"

enum { SW_WIRE_OP = 0, SW_TX_OP = 2, SW_CTRL_OP = 5, SW_DEV_OP = 6,
	SW_FLOOD_OP = 8 };

/* Frame fields: destination and source from the palette, length. */
static void sw_frame(struct seed *s, unsigned int dst, unsigned int src,
		     unsigned int len, int vlan)
{
	u8(s, dst);
	u8(s, vlan ? 0x40 : 0);
	u16(s, len);
	u8(s, src);
	if (vlan)
		u8(s, 3);
}

static void sw_wire(struct seed *s, unsigned int dst, unsigned int src,
		    unsigned int len)
{
	u8(s, SW_WIRE_OP);
	sw_frame(s, dst, src, len, 0);
}

static void sw_tx(struct seed *s, unsigned int dev, unsigned int dst,
		  unsigned int len, unsigned int pieces)
{
	u8(s, SW_TX_OP);
	u8(s, dev);			/* one frame */
	u8(s, pieces - 1);
	sw_frame(s, dst, dev, len, 0);
}

/* The byte b with b % 4 == dev, (b >> 2) % kinds == kind, bit 7 == on. */
static unsigned int sw_pick(unsigned int dev, unsigned int kind,
			    unsigned int kinds, int on)
{
	unsigned int b;

	for (b = 0; b < 256; b++)
		if (b % 4 == dev && (b >> 2) % kinds == kind &&
		    !(b & 0x80) == !on)
			return b;
	abort();
}

static void sw_ctrl(struct seed *s, unsigned int dev, unsigned int kind,
		    int on)
{
	u8(s, SW_CTRL_OP);
	u8(s, sw_pick(dev, kind, 5, on));
}

static void sw_devop(struct seed *s, unsigned int dev, unsigned int kind,
		     int on)
{
	u8(s, SW_DEV_OP);
	u8(s, sw_pick(dev, kind, 6, on));
}

void seeds_switch(void)
{
	const char *t = "fuzz_switch";
	struct seed s;
	unsigned int i;

	/* the wire to each device, broadcast, multicast; devices out */
	s.n = 0;
	for (i = 0; i < 4; i++)
		sw_wire(&s, i, 11, 100 + i);
	sw_wire(&s, 8, 12, 60);
	sw_wire(&s, 9, 12, 60);
	for (i = 0; i < 4; i++)
		sw_tx(&s, i, (i + 1) % 4, 200, 1 + i);
	sw_tx(&s, 0, 11, 300, 2);
	sw_tx(&s, 1, 8, 64, 1);
	save(t, &s, "traffic");

	/* a burst, indirect, jumbo frames to the 9000-byte device */
	s.n = 0;
	u8(&s, SW_TX_OP);
	u8(&s, 1 | 3 << 2 | 0x80);	/* device 1, 4 frames, indirect */
	for (i = 0; i < 4; i++) {
		u8(&s, i);
		sw_frame(&s, i == 3 ? 8 : 2, 1, 500 + i, i == 2);
	}
	u8(&s, SW_TX_OP);
	u8(&s, 2);
	u8(&s, 3);
	u8(&s, 11);			/* to the wire */
	u8(&s, 0x80);			/* long */
	u16(&s, 8990);
	u8(&s, 2);
	save(t, &s, "burst_jumbo");

	/* filters: promiscuous off, MAC table, MAC address, VLAN */
	s.n = 0;
	for (i = 0; i < 4; i++)
		sw_ctrl(&s, i, 0, 0);
	sw_wire(&s, 11, 12, 80);	/* unknown unicast */
	sw_ctrl(&s, 1, 2, 0);
	u8(&s, 2);			/* 2 unicast */
	u8(&s, 1);			/* 1 multicast */
	u8(&s, 5);
	u8(&s, 11);
	u8(&s, 9);
	sw_wire(&s, 11, 12, 80);
	sw_ctrl(&s, 2, 3, 0);
	u8(&s, 6);			/* device 2 takes a spare address */
	sw_wire(&s, 6, 12, 80);
	sw_ctrl(&s, 3, 4, 1);
	u8(&s, 3);			/* VLAN 3 */
	u8(&s, SW_WIRE_OP);
	sw_frame(&s, 3, 12, 90, 1);
	save(t, &s, "filters");

	/*
	 * A MAC table that overflows, a reset, promiscuous off; then a
	 * frame for an address the switch learned on device 0.
	 */
	s.n = 0;
	sw_ctrl(&s, 0, 2, 0);
	u8(&s, 70);
	u8(&s, 0);
	for (i = 0; i < 70; i++)
		u8(&s, 4 + i % 3);
	sw_devop(&s, 0, 2, 0);		/* reset */
	sw_ctrl(&s, 0, 0, 0);
	u8(&s, SW_TX_OP);
	u8(&s, 0);
	u8(&s, 0);
	sw_frame(&s, 12, 13, 80, 0);	/* device 0 sends as station 13 */
	sw_wire(&s, 13, 12, 80);	/* and the wire answers it */
	save(t, &s, "overflow_reset");

	/* link, port, loopback, starving, destroy and create */
	s.n = 0;
	sw_devop(&s, 1, 0, 0);		/* link down */
	sw_wire(&s, 1, 11, 100);
	sw_tx(&s, 1, 0, 100, 1);
	sw_devop(&s, 1, 0, 1);
	sw_devop(&s, 0, 1, 1);		/* loopback */
	sw_tx(&s, 0, 0, 100, 2);
	sw_tx(&s, 2, 0, 100, 1);
	sw_devop(&s, 0, 1, 0);
	sw_devop(&s, 3, 4, 1);		/* starve */
	sw_wire(&s, 3, 11, 100);
	sw_devop(&s, 3, 4, 0);
	sw_devop(&s, 0, 5, 0);		/* port down */
	sw_wire(&s, 0, 11, 100);
	sw_tx(&s, 1, 8, 100, 1);
	sw_devop(&s, 0, 5, 1);
	sw_devop(&s, 2, 3, 0);		/* destroy */
	sw_wire(&s, 2, 11, 100);
	sw_devop(&s, 2, 3, 0);		/* and create */
	sw_wire(&s, 2, 11, 100);
	save(t, &s, "lifecycle");

	/* a full forwarding database; a static address needs room in it */
	s.n = 0;
	u8(&s, SW_FLOOD_OP);
	u16(&s, 1099);
	u16(&s, 7);
	sw_ctrl(&s, 1, 3, 0);
	u8(&s, 5);			/* device 1 takes a spare address */
	u8(&s, SW_FLOOD_OP);
	u16(&s, 1099);
	u16(&s, 3000);
	sw_wire(&s, 5, 11, 100);
	sw_tx(&s, 0, 1, 100, 1);
	save(t, &s, "fdb_full");
}
