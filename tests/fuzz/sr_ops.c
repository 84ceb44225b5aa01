// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_split_ring's operations (enum sr_op): what the input does to the
 * rings, the memory, the maps and the device, one at a time.
 */
#include <stdlib.h>
#include <string.h>

#include "sr.h"

/* ---- operations ---- */

enum sr_op {
	OP_DESC,	/* a descriptor of a ring's table */
	OP_IDESC,	/* a descriptor in the table window */
	OP_AVAIL,	/* a head on the avail ring */
	OP_AVAIL_IDX,	/* move avail->idx alone */
	OP_FLAGS,	/* avail->flags, used_event */
	OP_KICK,
	OP_RUN,
	OP_POLL,	/* one poll of one core, small budget */
	OP_POKE,	/* bytes into the data area */
	OP_WIRE,	/* a frame from the network */
	OP_TIME,
	OP_UNMAP,
	OP_MAP,
	OP_VQ_MODIFY,	/* guest-chosen ring addresses and state */
	OP_RESET,
	OP_STATUS,
	OP_LINK,
	OP_LOOPBACK,
	OP_CHAIN,	/* a well-formed chain, posted */
	OP_COAL,	/* the host's coalescing policy, adaptive or not */
	OP_NUM,
};

static uint16_t sr_qid(struct sr *s)
{
	return fz_u8(s->in) % SR_NQ;
}

static void op_desc(struct sr *s, bool table)
{
	struct sr_desc d;
	uint32_t off;

	if (table) {
		off = sr_body(SR_TABLE_OFF + fz_u16(s->in) %
			      (SR_TABLE_SIZE - 15));
	} else {
		uint16_t qid = sr_qid(s);

		off = sr_desc_off(qid, fz_u8(s->in) % SR_QSIZE_MAX);
	}
	sr_desc_in(s, &d);
	sr_desc_put(s, off, &d);
	fz_trace("desc @%u: addr %#llx len %u flags %#x next %u\n", off,
		 (unsigned long long)d.addr, d.len, d.flags, d.next);
}

static void sr_push(struct sr *s, uint16_t qid, uint16_t head)
{
	struct sr_q *q = &s->q[qid];
	uint16_t size = q->size ? q->size : 2;
	uint32_t ring = sr_avail_off(qid) + 4;

	fz_trace("avail q%u [%u] = %u\n", qid, q->avail_idx, head);
	sr_put16(s, ring + 2 * (q->avail_idx & (size - 1)), head);
	q->avail_idx++;
	sr_put16(s, sr_avail_off(qid) + 2, q->avail_idx);
}

static void op_avail(struct sr *s)
{
	uint16_t qid = sr_qid(s), head;
	uint8_t b = fz_u8(s->in);

	if (b & 0x80)
		head = (uint16_t)((b & 0x7f) | fz_u8(s->in) << 7);
	else
		head = b % (s->q[qid].size ? s->q[qid].size : 1);
	sr_push(s, qid, head);
}

static void op_avail_idx(struct sr *s)
{
	uint16_t qid = sr_qid(s);

	s->q[qid].avail_idx += fz_u16(s->in);
	fz_trace("avail q%u idx = %u\n", qid, s->q[qid].avail_idx);
	sr_put16(s, sr_avail_off(qid) + 2, s->q[qid].avail_idx);
}

static void op_flags(struct sr *s)
{
	uint16_t qid = sr_qid(s);
	uint16_t size = s->q[qid].size ? s->q[qid].size : 2;

	sr_put16(s, sr_avail_off(qid), fz_u16(s->in));
	sr_put16(s, sr_avail_off(qid) + 4 + 2 * size, fz_u16(s->in));
}

static void op_kick(struct sr *s)
{
	uint8_t b = fz_u8(s->in);
	uint32_t val = b < 0xf0 ? b % SR_NQ : fz_u16(s->in);

	if (b & 1)
		val |= (uint32_t)fz_u16(s->in) << 16;
	fz_trace("kick %#x%s\n", val, b & 2 ? " (data doorbell)" : "");
	/*
	 * Never answered inline: the accounting reads the rings as the card
	 * read them, so the card runs only when the harness says.
	 */
	if (b & 2)
		ovnic_card_doorbell_data(s->c->card,
					 b == 0xff ? SR_DEV + 1 : SR_DEV, val, 0);
	else
		ovnic_card_doorbell(s->c->card, b == 0xff ? SR_DEV + 1 : SR_DEV,
				    val);
}

static void op_poll(struct sr *s)
{
	uint8_t b = fz_u8(s->in);

	fz_trace("poll core %u budget %u\n", b % 3, (b >> 2) % 8);
	ovnic_card_core_poll(s->c->card, b % 3, (b >> 2) % 8);
	sr_settle(s);
}

static void op_wire(struct sr *s)
{
	uint16_t len = fz_u16(s->in);
	uint8_t *f;

	len = len & 0x8000 ? 9000 + len % 64 : len % 1600;
	/* Exactly the frame's size: ASan sees a read past its end. */
	f = malloc(len ? len : 1);
	fz_assert(f);
	fz_bytes(s->in, f, len);
	if (len >= 6 && !(f[0] & 1))
		memcpy(f, s->mac, 6);
	fz_trace("wire rx %u bytes\n", len);
	ovnic_card_wire_rx(s->c->card, f, len);
	free(f);
	sr_settle(s);
}

static void op_time(struct sr *s)
{
	up_advance(s->c->plat, (uint64_t)fz_u32(s->in) << 6);
	sr_run(s);
}

static void op_vq_modify(struct sr *s)
{
	struct ovnic_cmd_vq_modify m = { 0 };
	uint16_t qid = sr_qid(s);
	uint8_t b = fz_u8(s->in);
	int st;

	m.qid = ovnic_cpu_to_le16(qid);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	vd_cmd_vq_modify(s->c, SR_DEV, &m);	/* off first */

	m.modify_mask = ovnic_cpu_to_le32(fz_u8(s->in) & 0x3f);
	m.desc_addr = ovnic_cpu_to_le64(sr_buf_addr(s, 16) & ~15ull);
	m.driver_addr = ovnic_cpu_to_le64(sr_buf_addr(s, 6) & ~1ull);
	m.device_addr = ovnic_cpu_to_le64(sr_buf_addr(s, 6) & ~3ull);
	m.size = ovnic_cpu_to_le16(b & 0x80 ? fz_u16(s->in) :
				   1u << (b % 9));
	m.vector = ovnic_cpu_to_le32(sr_vector(qid));
	m.avail_idx = ovnic_cpu_to_le16(fz_u16(s->in));
	m.used_idx = ovnic_cpu_to_le16(fz_u16(s->in));
	m.ready = (b >> 4) & 1;
	m.asid = (b >> 5) % 3;
	st = vd_cmd_vq_modify(s->c, SR_DEV, &m);
	fz_trace("vq_modify q%u mask %#x: %d\n", qid,
		 ovnic_le32_to_cpu(m.modify_mask), st);
	s->tainted = true;
	s->q[qid].wild = true;
	s->q[qid].on = true;
	s->q[qid].size = (uint16_t)(2u << s->qsize_log[qid]);
	sr_q_resync(s, qid);
}

static void sr_resync_all(struct sr *s)
{
	unsigned int i;

	for (i = 0; i < SR_NQ; i++)
		if (s->q[i].on)
			sr_q_resync(s, (uint16_t)i);
}

static void op_status(struct sr *s)
{
	uint8_t v = fz_u8(s->in);

	unsigned int i;

	fz_trace("status %#x: %d\n", v, vd_cmd_dev_set_status(s->c, SR_DEV,
							       v));
	/* Reset: the card starts its queues from 0, the driver too. */
	if (!v)
		for (i = 0; i < SR_NQ; i++)
			if (s->q[i].on && !s->q[i].wild)
				sr_q_mem_init(s, (uint16_t)i);
	sr_resync_all(s);
}

/* A chain of 1-8 descriptors (or an indirect table of them). */
static void op_chain(struct sr *s)
{
	uint16_t qid = sr_qid(s);
	struct sr_q *q = &s->q[qid];
	uint8_t b = fz_u8(s->in);
	unsigned int k = 1 + (b & 7), i;
	bool indirect = b & 8;
	uint16_t start = fz_u8(s->in), size = q->size ? q->size : 2;
	const struct sr_region *r = &s->reg[(b >> 4) % SR_NREG];
	uint32_t off = fz_u16(s->in) % (r->size ? r->size : 1);
	uint32_t seg = 1 + fz_u16(s->in) % 2048;
	uint32_t table = fz_u8(s->in) * 16u % (SR_TABLE_SIZE - 128);
	struct sr_desc d;

	for (i = 0; i < k; i++) {
		bool write = qid == s->cvq ? i + 1 == k : !(qid % 2);
		uint16_t next = indirect ? (uint16_t)(i + 1) :
			       (uint16_t)((start + i + 1) & (size - 1));

		d.addr = out_of_windows(r->iova + off + i * seg, seg);
		d.len = seg;
		d.flags = (write ? VRING_DESC_F_WRITE : 0) |
			  (i + 1 < k ? VRING_DESC_F_NEXT : 0);
		d.next = i + 1 < k ? next : 0;
		if (indirect)
			sr_desc_put(s, sr_body(SR_TABLE_OFF + table + 16 * i),
				    &d);
		else
			sr_desc_put(s, sr_desc_off(qid, (start + i) &
						   (size - 1)), &d);
	}
	start &= size - 1;
	if (indirect) {
		d = (struct sr_desc){ SR_TABLE_IOVA + table, 16 * k,
				      VRING_DESC_F_INDIRECT, 0 };
		sr_desc_put(s, sr_desc_off(qid, start), &d);
	}
	fz_trace("chain q%u: %u x %u bytes at %#llx%s\n", qid, k, seg,
		 (unsigned long long)(r->iova + off),
		 indirect ? ", indirect" : "");
	sr_push(s, qid, start);
	if (b & 0x80)
		ovnic_card_doorbell(s->c->card, SR_DEV, qid);
}

/* Coalescing defers notifications, never used entries (notf_coal.c). */
static void op_coal(struct sr *s)
{
	struct ovnic_coal_policy p = {
		.rx_usecs = ovnic_cpu_to_le32(fz_u16(s->in) * 16u),
		.rx_frames = ovnic_cpu_to_le32(fz_u8(s->in)),
		.tx_usecs = ovnic_cpu_to_le32(fz_u16(s->in) * 16u),
		.tx_frames = ovnic_cpu_to_le32(fz_u8(s->in)),
	};
	uint8_t b = fz_u8(s->in);

	p.flags = ovnic_cpu_to_le32(b & 3);
	p.irq_rate = ovnic_cpu_to_le32(b & 4 ? fz_u32(s->in) % 2000000 : 0);
	fz_trace("coal policy: %d\n",
		 vd_cmd_coal_policy_set(s->c, SR_DEV, &p));
}

void sr_op(struct sr *s)
{
	unsigned int op = fz_u8(s->in) % OP_NUM;

	fz_trace("op %u\n", op);
	switch (op) {
	case OP_DESC:
		op_desc(s, false);
		break;
	case OP_IDESC:
		op_desc(s, true);
		break;
	case OP_AVAIL:
		op_avail(s);
		break;
	case OP_AVAIL_IDX:
		op_avail_idx(s);
		break;
	case OP_FLAGS:
		op_flags(s);
		break;
	case OP_KICK:
		op_kick(s);
		break;
	case OP_RUN:
		sr_run(s);
		break;
	case OP_POLL:
		op_poll(s);
		break;
	case OP_POKE:
		sr_op_poke(s);
		break;
	case OP_WIRE:
		op_wire(s);
		break;
	case OP_TIME:
		op_time(s);
		break;
	case OP_UNMAP:
		sr_op_unmap(s);
		break;
	case OP_MAP:
		sr_op_map(s);
		break;
	case OP_VQ_MODIFY:
		op_vq_modify(s);
		break;
	case OP_RESET:
		fz_assert(vd_cmd_dev_reset(s->c, SR_DEV) == OVNIC_STATUS_OK);
		sr_bringup(s);
		break;
	case OP_STATUS:
		op_status(s);
		break;
	case OP_LINK:
		vd_cmd_set_link(s->c, SR_DEV, fz_u8(s->in) & 1);
		break;
	case OP_LOOPBACK:
		vd_cmd_set_loopback(s->c, SR_DEV, fz_u8(s->in) % 3);
		break;
	case OP_CHAIN:
		op_chain(s);
		break;
	case OP_COAL:
		op_coal(s);
		break;
	}
}
