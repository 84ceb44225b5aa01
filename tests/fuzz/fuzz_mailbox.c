// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_mailbox: the command mailbox (ovnic_card_mailbox) with any
 * opcode, version, device id, length and field, in sequences, mixed with
 * doorbells, polls of the device cores, frames from the wire, register
 * accesses, clock ticks and bytes written into DMA memory, on a card whose
 * parameters the input chooses.
 *
 * The mailbox is the host driver's, which is trusted; it must still never
 * crash the card or leak.  Host memory is a 64 KiB arena between two guard
 * pages that are not host memory at all (poisoned, and checked for their
 * pattern at the end); MR_MAP host addresses and ring addresses are
 * steered into the arena for most commands, raw for the rest.
 *
 * Each command is sent from a buffer of exactly its length, with a
 * response buffer of exactly its length (ASan catches a read or write
 * past either).  Checked after each:
 *   - the return value is a status, and the one the response carries,
 *     with the command's opcode;
 *   - framing: an unknown opcode is BAD_OPCODE, a version other than 1
 *     BAD_VERSION, a short command or response buffer BAD_LENGTH, a
 *     device command for a slot without a device NO_DEVICE, DEV_CREATE on
 *     a taken slot EXISTS (the harness tracks the slots);
 *   - DEV_QUERY: the queue count is the provisioned one;
 *   - locks balanced, no core woken that the card doesn't have;
 * and at the end every allocation, lock and timer given back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define MB_BODY		(64u << 10)
#define MB_MAX_OPS	64
#define MB_MAX_DEV	8
#define MB_IOVA_SPAN	(1u << 20)	/* fixed-up IOVAs fall below */

struct mb_op {
	uint16_t opcode;
	uint16_t cmd_len;
	uint16_t resp_len;
	bool needs_dev;
};

#define MB(o, c, r, d) { OVNIC_CMD_##o, sizeof(c), sizeof(r), d }

static const struct mb_op mb_ops[] = {
	MB(DEV_CREATE, struct ovnic_cmd_dev_create, struct ovnic_resp_hdr,
	   false),
	MB(DEV_DESTROY, struct ovnic_cmd_hdr, struct ovnic_resp_hdr, true),
	MB(DEV_RESET, struct ovnic_cmd_hdr, struct ovnic_resp_hdr, true),
	MB(DEV_SET_STATUS, struct ovnic_cmd_dev_set_status,
	   struct ovnic_resp_hdr, true),
	MB(DEV_QUERY, struct ovnic_cmd_hdr, struct ovnic_resp_dev_query, true),
	MB(DEV_SET_FEATURES, struct ovnic_cmd_dev_set_features,
	   struct ovnic_resp_hdr, true),
	MB(DEV_CONFIG_READ, struct ovnic_cmd_dev_config,
	   struct ovnic_resp_dev_config, true),
	MB(DEV_CONFIG_WRITE, struct ovnic_cmd_dev_config,
	   struct ovnic_resp_hdr, true),
	MB(DEV_SET_LINK, struct ovnic_cmd_dev_set_link, struct ovnic_resp_hdr,
	   true),
	MB(DEV_SET_LOOPBACK, struct ovnic_cmd_dev_set_loopback,
	   struct ovnic_resp_hdr, true),
	MB(DEV_SET_MAC_POLICY, struct ovnic_cmd_dev_mac_policy,
	   struct ovnic_resp_hdr, true),
	MB(DEV_GET_MAC_POLICY, struct ovnic_cmd_hdr,
	   struct ovnic_resp_dev_mac_policy, true),
	MB(DEV_SET_QUEUES, struct ovnic_cmd_dev_set_queues,
	   struct ovnic_resp_hdr, true),
	MB(VQ_MODIFY, struct ovnic_cmd_vq_modify, struct ovnic_resp_hdr, true),
	MB(VQ_QUERY, struct ovnic_cmd_vq, struct ovnic_resp_vq_query, true),
	MB(VQ_STATS, struct ovnic_cmd_vq, struct ovnic_resp_vq_stats, true),
	MB(MR_MAP, struct ovnic_cmd_mr_map, struct ovnic_resp_hdr, true),
	MB(MR_UNMAP, struct ovnic_cmd_mr_unmap, struct ovnic_resp_hdr, true),
	MB(MR_RESET, struct ovnic_cmd_mr_reset, struct ovnic_resp_hdr, true),
	MB(MR_IDENTITY, struct ovnic_cmd_mr_identity, struct ovnic_resp_hdr,
	   true),
	MB(RSS_QUERY, struct ovnic_cmd_hdr, struct ovnic_resp_rss_query, true),
	MB(RSS_SET_POLICY, struct ovnic_cmd_rss_set_policy,
	   struct ovnic_resp_hdr, true),
	MB(COAL_POLICY_SET, struct ovnic_cmd_coal_policy,
	   struct ovnic_resp_hdr, true),
	MB(COAL_POLICY_GET, struct ovnic_cmd_hdr,
	   struct ovnic_resp_coal_policy, true),
	MB(COAL_VQ_QUERY, struct ovnic_cmd_vq, struct ovnic_resp_coal_vq,
	   true),
	MB(PORT_STATS, struct ovnic_cmd_hdr, struct ovnic_resp_port_stats,
	   false),
	/* Last, so that the seeds' indexes keep their commands. */
	MB(DEV_SUSPEND, struct ovnic_cmd_hdr, struct ovnic_resp_hdr, true),
	MB(DEV_RESUME, struct ovnic_cmd_hdr, struct ovnic_resp_hdr, true),
	MB(DEV_SET_MAC, struct ovnic_cmd_dev_set_mac, struct ovnic_resp_hdr,
	   true),
};

#define MB_NOPS		FZ_ARRAY_SIZE(mb_ops)
#define MB_CMD_MAX	256	/* larger than any command */

struct mb {
	struct fz_in *in;
	struct vd_card *c;
	struct fz_arena *a;
	struct ovnic_card_params params;
	bool dev[MB_MAX_DEV];	/* the slots the harness filled */
	uint16_t vqs[MB_MAX_DEV];	/* their queue counts */
};

static const struct mb_op *mb_find(uint16_t opcode)
{
	unsigned int i;

	for (i = 0; i < MB_NOPS; i++)
		if (mb_ops[i].opcode == opcode)
			return &mb_ops[i];
	return NULL;
}

/* ---- fields ---- */

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put64(uint8_t *p, uint64_t v)
{
	unsigned int i;

	for (i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* An address in the arena, identity style. */
static uint64_t mb_host(struct mb *m, uint64_t raw, unsigned int align)
{
	return ((uintptr_t)m->a->body + raw % MB_BODY) & ~(uint64_t)(align - 1);
}

/* A ring address: in the arena (identity) or low (mapped) IOVA. */
static uint64_t mb_ring(struct mb *m, uint64_t raw, unsigned int align)
{
	if (raw & 1)
		return mb_host(m, raw >> 1, align);
	return (raw >> 1) % MB_IOVA_SPAN & ~(uint64_t)(align - 1);
}

/*
 * Most commands get their addresses and sizes steered where they mean
 * something; the input's bytes stay as they are otherwise.
 */
static void mb_fixup(struct mb *m, uint16_t opcode, uint8_t *b)
{
	struct ovnic_cmd_dev_create *dc = (void *)b;
	struct ovnic_cmd_vq_modify *vm = (void *)b;
	struct ovnic_cmd_mr_map *mm = (void *)b;
	struct ovnic_cmd_mr_unmap *mu = (void *)b;
	uint64_t off;

	switch (opcode) {
	case OVNIC_CMD_DEV_CREATE:
		put64(b + 8, (get64(b + 8) & VD_F_CARD) |
		      VD_BIT(VIRTIO_F_VERSION_1));
		dc->mac[0] &= 0xfe;
		dc->mac[5] |= 1;
		put16((uint8_t *)&dc->mtu, 68 + ovnic_le16_to_cpu(dc->mtu) % 9000);
		put16((uint8_t *)&dc->max_vqp,
		      1 + ovnic_le16_to_cpu(dc->max_vqp) % 4);
		break;
	case OVNIC_CMD_VQ_MODIFY:
		put16((uint8_t *)&vm->qid, ovnic_le16_to_cpu(vm->qid) % 10);
		put16((uint8_t *)&vm->size,
		      1u << ovnic_le16_to_cpu(vm->size) % 12);
		put64((uint8_t *)&vm->desc_addr,
		      mb_ring(m, ovnic_le64_to_cpu(vm->desc_addr), 16));
		put64((uint8_t *)&vm->driver_addr,
		      mb_ring(m, ovnic_le64_to_cpu(vm->driver_addr), 2));
		put64((uint8_t *)&vm->device_addr,
		      mb_ring(m, ovnic_le64_to_cpu(vm->device_addr), 4));
		vm->asid %= 3;
		break;
	case OVNIC_CMD_MR_MAP:
		off = ovnic_le64_to_cpu(mm->host_addr) % MB_BODY;
		put64((uint8_t *)&mm->host_addr, (uintptr_t)m->a->body + off);
		put64((uint8_t *)&mm->size, 1 + ovnic_le64_to_cpu(mm->size) %
					    (MB_BODY - off));
		put64((uint8_t *)&mm->iova,
		      ovnic_le64_to_cpu(mm->iova) % MB_IOVA_SPAN);
		mm->asid = ovnic_cpu_to_le32(ovnic_le32_to_cpu(mm->asid) % 3);
		break;
	case OVNIC_CMD_MR_UNMAP:
		put64((uint8_t *)&mu->iova,
		      ovnic_le64_to_cpu(mu->iova) % MB_IOVA_SPAN);
		put64((uint8_t *)&mu->size,
		      1 + ovnic_le64_to_cpu(mu->size) % MB_IOVA_SPAN);
		mu->asid = ovnic_cpu_to_le32(ovnic_le32_to_cpu(mu->asid) % 3);
		break;
	}
}

/* ---- one command ---- */

static void mb_check_query(struct mb *m, uint16_t id,
			   const struct ovnic_resp_dev_query *q)
{
	fz_assert(ovnic_le16_to_cpu(q->num_vqs) == m->vqs[id]);
	fz_assert(ovnic_le16_to_cpu(q->max_vqp) >= 1 &&
		  2u * ovnic_le16_to_cpu(q->max_vqp) < m->vqs[id]);
	fz_assert(ovnic_le16_to_cpu(q->curr_vqp) >= 1 &&
		  2u * ovnic_le16_to_cpu(q->curr_vqp) < m->vqs[id]);
	fz_assert(q->loopback <= OVNIC_LOOPBACK_ON);
}

/* The status the framing alone decides, or -1 when the command runs. */
static int mb_framing(struct mb *m, const struct ovnic_cmd_hdr *h,
		      uint32_t cmd_len, uint32_t resp_len)
{
	const struct mb_op *op = mb_find(ovnic_le16_to_cpu(h->opcode));
	uint16_t id = ovnic_le16_to_cpu(h->dev_id);
	bool exists = id < m->params.max_devices && id < MB_MAX_DEV &&
		      m->dev[id];

	if (!op)
		return OVNIC_STATUS_BAD_OPCODE;
	if (ovnic_le16_to_cpu(h->version) != OVNIC_CMD_VERSION)
		return OVNIC_STATUS_BAD_VERSION;
	if (cmd_len < op->cmd_len || resp_len < op->resp_len)
		return OVNIC_STATUS_BAD_LENGTH;
	if (op->needs_dev && !exists)
		return OVNIC_STATUS_NO_DEVICE;
	if (op->opcode == OVNIC_CMD_DEV_CREATE && exists)
		return OVNIC_STATUS_EXISTS;
	return -1;
}

static void mb_command(struct mb *m)
{
	uint8_t sel = fz_u8(m->in), lsel = fz_u8(m->in);
	uint8_t full[MB_CMD_MAX] = { 0 }, *cmd, *resp;
	struct ovnic_cmd_hdr *h = (void *)full;
	const struct mb_op *op;
	uint32_t cmd_len, resp_len;
	uint16_t opcode, id;
	int rc, want;

	opcode = sel < 0xe0 ? mb_ops[sel % MB_NOPS].opcode : fz_u16(m->in);
	op = mb_find(opcode);
	fz_bytes(m->in, full, op ? op->cmd_len : 8);
	h->opcode = ovnic_cpu_to_le16(opcode);
	if (!(lsel & 0x40))
		h->version = ovnic_cpu_to_le16(OVNIC_CMD_VERSION);
	id = ovnic_le16_to_cpu(h->dev_id);
	if (!(lsel & 0x20))
		id %= m->params.max_devices + 1;
	h->dev_id = ovnic_cpu_to_le16(id);
	if (lsel < 0x80 && op)
		mb_fixup(m, opcode, full);
	if (lsel < 0xe0 && op) {
		cmd_len = op->cmd_len;
		resp_len = op->resp_len;
	} else {
		cmd_len = fz_u16(m->in) % MB_CMD_MAX;
		resp_len = fz_u16(m->in) % 1024;
	}

	/* Exactly as long as they say: ASan sees any access past them. */
	cmd = malloc(cmd_len ? cmd_len : 1);
	resp = malloc(resp_len ? resp_len : 1);
	fz_assert(cmd && resp);
	memcpy(cmd, full, cmd_len);
	want = cmd_len >= sizeof(*h) ? mb_framing(m, h, cmd_len, resp_len) :
				       OVNIC_STATUS_BAD_LENGTH;
	rc = ovnic_card_mailbox(m->c->card, (lsel & 0x1f) == 0x1f ? NULL : cmd,
				cmd_len, resp, resp_len);
	fz_trace("cmd %#x dev %u len %u/%u: %d\n", opcode, id, cmd_len,
		 resp_len, rc);

	fz_assert(rc >= 0 && rc <= OVNIC_STATUS_EXISTS);
	if (resp_len < sizeof(struct ovnic_resp_hdr)) {
		fz_assert(rc == OVNIC_STATUS_BAD_LENGTH);
		goto out;
	}
	fz_assert(((struct ovnic_resp_hdr *)resp)->status == rc);
	if ((lsel & 0x1f) == 0x1f || cmd_len < sizeof(*h)) {
		fz_assert(rc == OVNIC_STATUS_BAD_LENGTH);
		goto out;
	}
	fz_assert(((struct ovnic_resp_hdr *)resp)->opcode == h->opcode);
	if (want >= 0)
		fz_assert(rc == want);
	if (rc != OVNIC_STATUS_OK)
		goto out;
	if (opcode == OVNIC_CMD_DEV_CREATE) {
		struct ovnic_cmd_dev_create *dc = (void *)full;

		fz_assert(id < MB_MAX_DEV);
		m->dev[id] = true;
		m->vqs[id] = 2 * ovnic_le16_to_cpu(dc->max_vqp) + 1;
	} else if (opcode == OVNIC_CMD_DEV_DESTROY) {
		m->dev[id] = false;
	} else if (opcode == OVNIC_CMD_DEV_QUERY) {
		mb_check_query(m, id, (void *)resp);
	}
out:
	free(cmd);
	free(resp);
}

/* ---- everything else the host and the network do ---- */

static void mb_other(struct mb *m)
{
	uint8_t sel = fz_u8(m->in);
	uint8_t buf[32];
	uint32_t off, n;

	switch (sel % 8) {
	case 0:		/* a doorbell, maybe for no device */
		ovnic_card_doorbell(m->c->card,
				    fz_u8(m->in) % (MB_MAX_DEV + 1),
				    fz_u32(m->in));
		break;
	case 1:		/* one poll, maybe of a core the card lacks */
		ovnic_card_core_poll(m->c->card, fz_u8(m->in) %
				     (m->params.num_cores + 1),
				     fz_u8(m->in) % 65);
		break;
	case 2:
		fz_run(m->c);
		break;
	case 3: {	/* a frame from the wire */
		uint16_t len = fz_u16(m->in) % 1600;
		uint8_t *f = malloc(len ? len : 1);

		fz_assert(f);
		fz_bytes(m->in, f, len);
		ovnic_card_wire_rx(m->c->card, f, len);
		free(f);
		break;
	}
	case 4:
		off = fz_u8(m->in);
		if (sel & 0x80)
			ovnic_card_reg_write(m->c->card, off, fz_u32(m->in));
		else
			ovnic_card_reg_read(m->c->card, off);
		break;
	case 5:
		up_advance(m->c->plat, (uint64_t)fz_u32(m->in) << 8);
		fz_run(m->c);
		break;
	case 6:
		ovnic_card_host_memory_changed(m->c->card);
		break;
	case 7:		/* the host's memory: rings, buffers */
		off = fz_u16(m->in) % MB_BODY;
		n = 1 + fz_u8(m->in) % sizeof(buf);
		if (n > MB_BODY - off)
			n = MB_BODY - off;
		fz_bytes(m->in, buf, n);
		memcpy(m->a->body + off, buf, n);
		break;
	}
}

static bool mb_params(struct mb *m)
{
	uint8_t p = fz_u8(m->in);

	if (p & 0x80) {
		m->params.max_devices = fz_u32(m->in);
		m->params.max_vqp = fz_u32(m->in);
		m->params.max_queue_size = fz_u32(m->in);
		m->params.num_cores = fz_u32(m->in);
	} else {
		m->params.max_devices = 1 + p % MB_MAX_DEV;
		m->params.max_vqp = 1 + (p >> 3) % 4;
		m->params.max_queue_size = 1u << (fz_u8(m->in) % 13);
		m->params.num_cores = 1 + fz_u8(m->in) % 4;
	}
	/* The harness's tables stay small; the card must refuse the rest. */
	return m->params.max_devices <= MB_MAX_DEV &&
	       m->params.max_vqp <= 32 && m->params.num_cores <= 16;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct fz_in in = { data, size };
	struct mb m = { .in = &in };
	unsigned int n;
	bool ok;

	m.a = fz_arena_get(MB_BODY);
	fz_arena_reset(m.a);
	ok = mb_params(&m);
	m.c = fz_card_new(&m.params, m.a, false);
	if (!m.c->card || !ok) {
		fz_card_free(m.c);
		return 0;
	}
	/*
	 * Rings of 4096 entries with an avail index the pattern chose keep
	 * a core busy for many polls of 64; a livelock still fails (-timeout).
	 */
	m.c->poll_limit = 1u << 16;
	fz_poison(m.a->base, m.a->guard);
	fz_poison(m.a->body + m.a->size, m.a->guard);

	for (n = 0; n < MB_MAX_OPS && fz_more(&in); n++) {
		if (fz_u8(&in) % 4)
			mb_command(&m);
		else
			mb_other(&m);
		fz_check_plat(m.c, false);
	}
	fz_run(m.c);

	fz_assert(fz_arena_guards_ok(m.a));
	fz_card_free(m.c);
	return 0;
}
