// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_split_ring: the split ring walker (split_ring.c) and the transmit,
 * receive and control paths behind it, driven by a hostile driver through
 * an IOTLB address space (MR_MAP, asid 0; never identity).
 *
 * The arena's body, by offset:
 *   ring   desc tables and avail rings of five queues (rx0 tx0 rx1 tx1
 *          cvq), mapped at SR_RING_IOVA in 1-4 adjacent pieces, read-only
 *          unless the setup says otherwise
 *   table  indirect tables the harness writes, at SR_TABLE_IOVA
 *   used   used rings, at SR_USED_IOVA, read-write, in as many pieces
 *   data   buffers: four regions whose place, size, IOVA and permissions
 *          the input chooses, holes between them
 * Guard pages around the body are host memory to the platform: only the
 * card's memory regions keep it away from them.
 *
 * The input is a setup block (features, queue sizes, regions) and then
 * operations (enum sr_op): descriptors with any address, length, flags
 * and next, indirect tables, avail heads and indexes, kicks, polls,
 * frames from the wire, raw bytes in the data regions, IOTLB unmaps and
 * maps, VQ_MODIFY with guest addresses, resets and status writes, and the
 * host's coalescing policy (adaptive too) with the clock moving.
 *
 * Checked:
 *   - ASan: the card never touches a byte no region maps (poisoned), nor
 *     anything outside the arena;
 *   - a copy of the arena: the card never changes a byte no writable
 *     region maps, guards included (checked before every change of the
 *     maps and at the end);
 *   - after every poll, per queue (VQ_QUERY): every chain consumed went
 *     back to the used ring, exactly once; each used entry names a head
 *     that was consumed and not yet returned, with a sane length; used->idx
 *     in memory is the card's;
 *   - a broken queue shows DEVICE_NEEDS_RESET; locks balanced; interrupts
 *     only on the device's vectors; the card comes to rest; at the end
 *     every allocation, lock and timer is given back.
 *
 * The used-entry checks need every address the card can write through to
 * stay out of the ring, table and used windows.  The harness keeps its own
 * descriptors so; when the input makes the card read descriptors from
 * memory the harness doesn't control (an indirect table in a data region,
 * rings moved by VQ_MODIFY), the input is "tainted" and only the card's
 * own counts are compared.
 *
 * The harness is in parts: sr.h (the layout, struct sr, the harness's
 * view of memory), sr_mem.c (the maps, addresses from the input, the
 * operations on memory and maps), sr_dev.c (bring-up and the checks after
 * the card ran), sr_ops.c (the operations); this file sets up from the
 * input and runs it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sr.h"

/* ---- setup ---- */

static void sr_setup(struct sr *s)
{
	uint8_t f = fz_u8(s->in), pieces;
	unsigned int i;
	int st;

	vd_mac(s->mac, SR_DEV, 1);
	for (i = 0; i < SR_NQ; i++)
		s->qsize_log[i] = fz_u8(s->in) % 7;
	pieces = fz_u8(s->in);
	s->pieces = 1 + pieces % 4;
	s->special_perm = OVNIC_MR_PERM_READ |
			  (f & 0x40 ? OVNIC_MR_PERM_WRITE : 0);
	s->want = VD_BIT(VIRTIO_F_VERSION_1) |
		  VD_BIT(VIRTIO_F_ACCESS_PLATFORM) | VD_BIT(VIRTIO_NET_F_MTU) |
		  VD_BIT(VIRTIO_NET_F_MAC) | VD_BIT(VIRTIO_NET_F_STATUS);
	if (pieces & 0x80)
		s->want |= VD_BIT(VIRTIO_F_NOTIFICATION_DATA);
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

	st = vd_cmd_dev_create(s->c, SR_DEV, VD_F_CARD, s->mac,
			       68 + fz_u16(s->in) % 8933, 2,
			       sr_vector(OVNIC_VECTORS_PER_DEV - 1));
	fz_assert(st == OVNIC_STATUS_OK);

	/* Leave identity behind before the card sees any address. */
	sr_map_setup(s);

	sr_bringup(s);
	if (f & 0x20)
		vd_cmd_set_loopback(s->c, SR_DEV, OVNIC_LOOPBACK_ON);
	if (f & 0x80)
		vd_cmd_set_link(s->c, SR_DEV, false);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t *snap;
	struct fz_in in = { data, size };
	struct sr s = { .in = &in };
	unsigned int n;

	s.a = fz_arena_get(SR_BODY);
	if (!snap)
		snap = malloc(s.a->total);
	fz_assert(snap);
	s.snap = snap;
	fz_arena_reset(s.a);
	memcpy(s.snap, s.a->base, s.a->total);
	s.c = fz_card_new(NULL, s.a, true);
	fz_assert(s.c->card);

	sr_setup(&s);
	for (n = 0; n < SR_MAX_OPS && fz_more(&in); n++)
		sr_op(&s);
	sr_run(&s);
	sr_mem_verify(&s);
	fz_assert(fz_arena_guards_ok(s.a));

	fz_assert(vd_cmd_dev_destroy(s.c, SR_DEV) == OVNIC_STATUS_OK);
	fz_card_free(s.c);
	fz_unpoison(s.a->base, s.a->total);
	return 0;
}
