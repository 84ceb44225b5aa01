// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_packed_ring: the packed ring walker (packed_ring.c, virtio 1.2
 * section 2.8) and the transmit, receive (mergeable buffers too) and
 * control paths behind it, driven by a hostile driver through an IOTLB
 * address space (MR_MAP, asid 0; never identity).
 *
 * The arena and its maps are fuzz_split_ring's (sr.h, sr_mem.c):
 *   ring   the descriptor rings of five queues (rx0 tx0 rx1 tx1 cvq,
 *          room for 128 slots each) and the driver's event suppression
 *          structures, mapped at SR_RING_IOVA in 1-4 adjacent pieces,
 *          writable unless the setup says otherwise (a packed ring needs
 *          it: the queues must break then)
 *   table  indirect tables, at SR_TABLE_IOVA, mapped as the ring
 *   used   the device's event suppression structures, at SR_USED_IOVA,
 *          read-write
 *   data   buffers: four regions whose place, size, IOVA and permissions
 *          the input chooses, holes between them
 *
 * Input: a setup block, then up to SR_MAX_OPS operations (enum pr_op of
 * pr_ops.c), each followed by the checks.  The setup: a byte of features
 * (0x01 INDIRECT_DESC, 0x02 EVENT_IDX, 0x04 CTRL_VQ, 0x08 MQ, 0x10
 * HASH_REPORT, 0x20 loopback, 0x80 link down), a second (0x01 MRG_RXBUF,
 * 0x02 ring and table windows read-only), five queue sizes (1 + byte %
 * 128: any size, odd ones too), the pieces of the windows, the MTU, the
 * four data regions as fuzz_split_ring has them.  The operations: chains
 * as a driver posts them at its next slots (lap bits of each slot's lap,
 * NEXT across the ring's end, indirect tables) with addresses, lengths,
 * ids and flags from the input; raw descriptors in any slot with any lap
 * bits; raw table entries; the driver's event suppression structure;
 * kicks, runs and single polls; frames from the wire (loopback turns
 * transmitted ones into received ones); IOTLB unmaps and maps under
 * running queues; VQ_MODIFY of a queue's state (a restore, a jump, any
 * positions and wrap counters, past the ring's end or apart; a new size)
 * or of everything (rings anywhere); resets, status writes, link, the
 * host's coalescing policy and the clock.
 *
 * Checked after every operation:
 *   - ASan: the card never touches a byte no region maps (poisoned), nor
 *     anything outside the arena; a copy of the arena: the card never
 *     changes a byte no writable region maps, guards included (before
 *     every change of the maps and at the end);
 *   - per queue (VQ_QUERY): position and wrap counter within the ring;
 *     avail and used state move by the same slots (each chain taken is
 *     given back, taken back whole when a frame runs out of buffers);
 *     equal when they started equal; state outside the ring never moves;
 *     a broken queue shows DEVICE_NEEDS_RESET;
 *   - a queue whose chains the harness knows (its own chains, raw
 *     descriptors without NEXT, stray lap bits): replayed from the ring
 *     as the driver wrote it, the card took only chains the driver made
 *     available (first descriptor's lap bits), within a lap, and its
 *     avail position is at a chain's end; reading as a driver does, from
 *     the driver's used position on, each chain's slot count further,
 *     there is a used descriptor (exactly the lap's flags) for every
 *     chain taken, naming a buffer id taken and not yet given back, each
 *     once, with a length the chain allows (0 for a transmit chain or a
 *     chain the card must refuse, at most the writable bytes, a whole
 *     frame without MRG_RXBUF), and the reading ends at the card's used
 *     position;
 *   - a hostile queue (see pr.h: a raw descriptor with NEXT, a jump of
 *     the positions) whose chains the harness can't know: every slot that
 *     changed is a used descriptor (flags of a lap, address untouched, an
 *     id the driver wrote in that ring, a sane length);
 *   - the ring, table and used windows: nothing changed but those used
 *     descriptors and the card's event suppression structures (ENABLE,
 *     DISABLE on receive queues, a position within the ring with
 *     EVENT_IDX);
 *   - no interrupt on a queue's vector while the driver's structure says
 *     DISABLE; one after used descriptors with ENABLE, as long as the
 *     host never set a coalescing policy;
 *   - locks balanced, interrupts only on the device's vectors, the card
 *     comes to rest, and at the end every allocation, lock and timer is
 *     given back.
 *
 * When the card may read descriptors the harness doesn't control (an
 * indirect table outside the table window, rings moved by VQ_MODIFY) it
 * may write anywhere a region allows, windows included: the input is
 * "tainted" and only positions are compared.
 *
 * The harness is in parts: pr.h (the packed queues), sr_mem.c (the maps,
 * addresses, memory operations: fuzz_split_ring's), pr_dev.c (bring-up
 * and the checks), pr_ops.c (the operations); this file sets up from the
 * input and runs it.
 */
#include <stdlib.h>
#include <string.h>

#include "pr.h"

static void pr_setup(struct pr *p)
{
	struct sr *s = &p->s;
	uint8_t f = fz_u8(s->in), g = fz_u8(s->in);
	unsigned int i;
	int st;

	vd_mac(s->mac, SR_DEV, 1);
	for (i = 0; i < SR_NQ; i++)
		p->qsize[i] = 1 + fz_u8(s->in) % SR_QSIZE_MAX;
	s->pieces = 1 + fz_u8(s->in) % 4;
	s->special_perm = OVNIC_MR_PERM_READ |
			  (g & 0x02 ? 0 : OVNIC_MR_PERM_WRITE);
	s->want = VD_BIT(VIRTIO_F_VERSION_1) |
		  VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |
		  VD_BIT(VIRTIO_F_RING_PACKED) | VD_BIT(VIRTIO_NET_F_MTU) |
		  VD_BIT(VIRTIO_NET_F_MAC) | VD_BIT(VIRTIO_NET_F_STATUS);
	if (f & 0x01)
		s->want |= VD_BIT(VIRTIO_RING_F_INDIRECT_DESC);
	if (f & 0x02)
		s->want |= VD_BIT(VIRTIO_RING_F_EVENT_IDX);
	if (f & 0x04)
		s->want |= VD_BIT(VIRTIO_NET_F_CTRL_VQ);
	if (f & 0x08)
		s->want |= VD_BIT(VIRTIO_NET_F_MQ) |
			   VD_BIT(VIRTIO_NET_F_CTRL_VQ);
	if (f & 0x10)
		s->want |= VD_BIT(VIRTIO_NET_F_HASH_REPORT) |
			   VD_BIT(VIRTIO_NET_F_CTRL_VQ);
	if (g & 0x01)
		s->want |= VD_BIT(VIRTIO_NET_F_MRG_RXBUF);
	if (g & 0x04)
		s->want |= VD_BIT(VIRTIO_F_NOTIFICATION_DATA);

	st = vd_cmd_dev_create(s->c, SR_DEV,
			       VD_F_CARD | VD_BIT(VIRTIO_NET_F_MRG_RXBUF), s->mac,
			       68 + fz_u16(s->in) % 8933, 2,
			       sr_vector(OVNIC_VECTORS_PER_DEV - 1));
	fz_assert(st == OVNIC_STATUS_OK);

	/* Leave identity behind before the card sees any address. */
	sr_map_setup(s);

	pr_bringup(p);
	if (f & 0x20)
		vd_cmd_set_loopback(s->c, SR_DEV, OVNIC_LOOPBACK_ON);
	if (f & 0x80)
		vd_cmd_set_link(s->c, SR_DEV, false);
	pr_settle(p);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pr p;
	static uint8_t *snap;
	struct fz_in in = { data, size };
	struct sr *s = &p.s;
	unsigned int n;

	memset(&p, 0, sizeof(p));
	s->in = &in;
	s->a = fz_arena_get(SR_BODY);
	if (!snap)
		snap = malloc(s->a->total);
	fz_assert(snap);
	s->snap = snap;
	fz_arena_reset(s->a);
	memcpy(s->snap, s->a->base, s->a->total);
	s->c = fz_card_new(NULL, s->a, true);
	fz_assert(s->c->card);

	pr_setup(&p);
	for (n = 0; n < SR_MAX_OPS && fz_more(&in); n++)
		pr_op(&p);
	fz_run(s->c);
	pr_settle(&p);
	sr_mem_verify(s);
	fz_assert(fz_arena_guards_ok(s->a));

	fz_assert(vd_cmd_dev_destroy(s->c, SR_DEV) == OVNIC_STATUS_OK);
	fz_card_free(s->c);
	fz_unpoison(s->a->base, s->a->total);
	return 0;
}
