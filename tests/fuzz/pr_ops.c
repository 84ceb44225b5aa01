// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_packed_ring's operations (enum pr_op): what the input does to the
 * packed rings, the memory, the maps and the device, one at a time, each
 * followed by the checks of pr_settle().
 */
#include <stdlib.h>
#include <string.h>

#include "pr.h"

enum pr_op {
	OP_CHAIN,	/* a chain as a driver posts it, oddities allowed */
	OP_DESC,	/* a raw descriptor in a ring slot */
	OP_IDESC,	/* a raw descriptor in the table window */
	OP_EVENT,	/* the driver's event suppression structure */
	OP_KICK,
	OP_RUN,
	OP_POLL,	/* one poll of one core, small budget */
	OP_POKE,	/* bytes into the data area */
	OP_WIRE,	/* a frame from the network */
	OP_TIME,
	OP_UNMAP,
	OP_MAP,
	OP_VQ_STATE,	/* VQ_MODIFY of positions (or size) in place */
	OP_VQ_MODIFY,	/* guest-chosen ring addresses and state */
	OP_RESET,
	OP_STATUS,
	OP_LINK,
	OP_LOOPBACK,
	OP_COAL,	/* the host's coalescing policy, adaptive or not */
	OP_NUM,
};

/* The chain variations of OP_CHAIN's optional byte. */
#define CH_FLIP		0x01	/* one descriptor the wrong direction */
#define CH_ANY_ADDR	0x02	/* addresses from sr_buf_addr() */
#define CH_ANY_LEN	0x04	/* lengths from the input */
#define CH_ID16		0x08	/* a 16-bit buffer id */
#define CH_IDS		0x10	/* other ids on all but the last */
#define CH_IND_NEXT	0x20	/* an indirect descriptor with a second */
#define CH_LAP_BITS	0x40	/* any lap bits on all but the first */
#define CH_ODD_BITS	0x80	/* flag bits the card doesn't know */

static uint16_t pr_qid(struct pr *p)
{
	return fz_u8(p->s.in) % SR_NQ;
}

/* Slots the driver may still fill: the ring less what is outstanding. */
static uint32_t pr_free(struct pr_q *q)
{
	uint32_t out;

	if (!pr_valid(q->avail, q->size) || !pr_valid(q->seen_avail, q->size))
		return 0;
	out = pr_dist(q->seen_avail, q->avail, q->size);
	if (out > q->size) {
		/* a hostile queue's guess gone stale */
		q->avail = q->seen_avail;
		out = 0;
	}
	return q->size - out;
}

static void pr_kick(struct pr *p, uint16_t qid)
{
	ovnic_card_doorbell(p->s.c->card, SR_DEV, qid);
}

/*
 * A chain of 1-8 descriptors (or one indirect descriptor, a table of
 * them) at the driver's next slots, each with the lap bits of its own
 * slot, the first one's flags written last: what a driver posts.  The
 * optional byte adds what the card must refuse or ignore without losing
 * the chain's end: a wrong direction, addresses and lengths from the
 * input, ids of any value, an indirect descriptor with NEXT, unknown
 * flag bits, stray lap bits after the first slot (stale slots that look
 * available a lap later: pr_dev.c's replay sees them as the card does).
 */
static void op_chain(struct pr *p)
{
	struct sr *s = &p->s;
	uint16_t qid = pr_qid(p);
	struct pr_q *q = &p->q[qid];
	uint8_t b = fz_u8(s->in), v = b & 0x40 ? fz_u8(s->in) : 0;
	unsigned int k = 1 + (b & 7), nslots, i;
	bool indirect = b & 8;
	const struct sr_region *r = &s->reg[(b >> 4) % SR_NREG];
	uint32_t off = fz_u16(s->in) % r->size;
	uint32_t seg = 1 + fz_u16(s->in) % 2048;
	uint16_t id = v & CH_ID16 ? fz_u16(s->in) : fz_u8(s->in);
	uint32_t table = fz_u8(s->in) * 16u % (SR_TABLE_SIZE - 128);
	uint32_t free_slots = q->on ? pr_free(q) : 0;
	struct pr_desc d[8];

	nslots = indirect ? 1 + !!(v & CH_IND_NEXT) : k;
	if (nslots > free_slots) {
		if (indirect || !free_slots)
			goto kick;
		k = nslots = free_slots;
	}
	for (i = 0; i < k; i++) {
		bool write = qid == s->cvq ? i + 1 == k : pr_is_rx(p, qid);

		if (v & CH_FLIP && i == (v >> 4) % k)
			write = !write;
		d[i].addr = v & CH_ANY_ADDR ? sr_buf_addr(s, seg) :
			    out_of_windows(r->iova + off + i * seg, seg);
		d[i].len = v & CH_ANY_LEN ? fz_u32(s->in) : seg;
		d[i].flags = write ? VRING_DESC_F_WRITE : 0;
		if (v & CH_ODD_BITS)
			d[i].flags |= fz_u16(s->in) & 0x7f78;
		d[i].id = id;
		if (v & CH_IDS && i + 1 < (indirect ? 0 : k))
			d[i].id = fz_u16(s->in);
		if (!indirect)
			pr_id_seen(q, d[i].id);
	}
	if (indirect) {
		uint8_t raw[16];
		struct pr_desc t = {
			.addr = SR_TABLE_IOVA + table,
			.len = 16 * k,
			.id = id,
			.flags = VRING_DESC_F_INDIRECT,
		};

		for (i = 0; i < k; i++) {
			/* a table's own ids and lap bits mean nothing */
			pr_desc_enc(raw, &d[i]);
			sr_write(s, sr_body(SR_TABLE_OFF + table + 16 * i),
				 raw, 16);
		}
		if (v & CH_ANY_ADDR)
			t.addr = sr_table_addr(s, t.len);
		if (v & CH_ANY_LEN)
			t.len = fz_u16(s->in);
		if (v & CH_ODD_BITS)
			t.flags |= fz_u16(s->in) & 0x7f7a;
		d[0] = t;
		if (nslots > 1) {
			/* INDIRECT with NEXT: refused, the end still found */
			d[0].flags |= VRING_DESC_F_NEXT;
			d[0].id = fz_u16(s->in);
			d[1] = (struct pr_desc){
				.addr = out_of_windows(r->iova + off, seg),
				.len = seg,
				.id = id,
				.flags = pr_is_rx(p, qid) ?
					 VRING_DESC_F_WRITE : 0,
			};
		}
		for (i = 0; i < nslots; i++)
			pr_id_seen(q, d[i].id);
	}
	/* Lap bits and NEXT, then the slots: the first one last. */
	for (i = nslots; i-- > 0;) {
		uint16_t x = pr_advance(q->avail, i, q->size);

		if (i + 1 < nslots)
			d[i].flags |= VRING_DESC_F_NEXT;
		d[i].flags &= ~(PR_F_AVAIL | PR_F_USED);
		if (i && v & CH_LAP_BITS) {
			d[i].flags |= fz_u8(s->in) & 1 ? PR_F_AVAIL : 0;
			d[i].flags |= fz_u8(s->in) & 1 ? PR_F_USED : 0;
		} else {
			d[i].flags |= pr_avail_bits(x);
		}
		pr_desc_put(p, qid, PR_POS(x), &d[i]);
	}
	fz_trace("chain q%u @%#x: %u slots, %u x %u bytes, id %u%s, v %#x\n",
		 qid, q->avail, nslots, k, seg, id,
		 indirect ? ", indirect" : "", v);
	q->avail = pr_advance(q->avail, nslots, q->size);
kick:
	if (b & 0x80)
		pr_kick(p, qid);
}

/*
 * Any descriptor in any slot: near the driver's next slot or at an
 * absolute one, with the lap bits of its slot's lap, of the other, of a
 * used descriptor or any.  Alone in its chain, it keeps the replay of
 * pr_dev.c sound (no walk can reach past the ring's lap); with NEXT the
 * queue is hostile from then on.
 */
static void op_desc(struct pr *p)
{
	struct sr *s = &p->s;
	uint16_t qid = pr_qid(p);
	struct pr_q *q = &p->q[qid];
	uint8_t sel = fz_u8(s->in), m = fz_u8(s->in);
	uint16_t x = q->avail, lap;
	unsigned int slot;
	struct pr_desc d;

	if (!(sel & 0x80) && pr_valid(q->avail, q->size)) {
		x = pr_advance(q->avail, sel, q->size);
		slot = PR_POS(x);
	} else {
		slot = sel & 0x7f;
	}
	switch (m & 3) {
	case 0:
		lap = pr_avail_bits(x);
		break;
	case 1:
		lap = pr_avail_bits(x ^ PR_WRAP);
		break;
	case 2:
		lap = pr_used_bits(x);
		break;
	default:
		lap = fz_u16(s->in) & (PR_F_AVAIL | PR_F_USED);
		break;
	}
	d.flags = lap | ((m >> 2) & 7);
	d.len = m & 0x20 ? fz_u32(s->in) : fz_u16(s->in);
	d.id = m & 0x40 ? fz_u16(s->in) : fz_u8(s->in);
	d.addr = d.flags & VRING_DESC_F_INDIRECT ? sr_table_addr(s, d.len) :
						   sr_buf_addr(s, d.len);
	fz_trace("desc q%u [%u]: addr %#llx len %u id %u flags %#x\n", qid,
		 slot, (unsigned long long)d.addr, d.len, d.id, d.flags);
	pr_desc_put(p, qid, slot, &d);
	pr_id_seen(q, d.id);
	if (d.flags & VRING_DESC_F_NEXT)
		q->hostile = true;
}

/* A table entry: only its address, length and WRITE count (2.8.7). */
static void op_idesc(struct pr *p)
{
	struct sr *s = &p->s;
	uint32_t off = fz_u16(s->in) % (SR_TABLE_SIZE - 15);
	uint8_t m = fz_u8(s->in), raw[16];
	struct pr_desc d;

	d.flags = m & 0x80 ? fz_u16(s->in) : m & 7;
	d.len = m & 0x40 ? fz_u32(s->in) : fz_u16(s->in);
	d.id = fz_u16(s->in);
	d.addr = sr_buf_addr(s, d.len);
	pr_desc_enc(raw, &d);
	fz_trace("idesc @%u: addr %#llx len %u flags %#x\n", off,
		 (unsigned long long)d.addr, d.len, d.flags);
	sr_write(s, sr_body(SR_TABLE_OFF + off), raw, 16);
}

/* The driver's event suppression: ENABLE, DISABLE, DESC, or any. */
static void op_event(struct pr *p)
{
	uint16_t qid = pr_qid(p);
	uint8_t m = fz_u8(p->s.in);
	uint16_t flags = m & 0x80 ? fz_u16(p->s.in) : m & 3;
	uint16_t off_wrap = fz_u16(p->s.in);

	fz_trace("event q%u: flags %#x off_wrap %#x\n", qid, flags, off_wrap);
	sr_put16(&p->s, sr_avail_off(qid), off_wrap);
	sr_put16(&p->s, sr_avail_off(qid) + 2, flags);
}

static void op_kick(struct pr *p)
{
	uint8_t b = fz_u8(p->s.in);
	uint32_t val = b < 0xf0 ? b % SR_NQ : fz_u16(p->s.in);

	if (b & 1)
		val |= (uint32_t)fz_u16(p->s.in) << 16;
	fz_trace("kick %#x%s\n", val, b & 2 ? " (data doorbell)" : "");
	/*
	 * Never answered inline: the accounting reads the rings as the card
	 * read them, so the card runs only when the harness says.
	 */
	if (b & 2)
		ovnic_card_doorbell_data(p->s.c->card,
					 b == 0xff ? SR_DEV + 1 : SR_DEV, val, 0);
	else
		ovnic_card_doorbell(p->s.c->card, b == 0xff ? SR_DEV + 1 : SR_DEV,
				    val);
}

static void op_poll(struct pr *p)
{
	uint8_t b = fz_u8(p->s.in);

	fz_trace("poll core %u budget %u\n", b % 3, (b >> 2) % 8);
	ovnic_card_core_poll(p->s.c->card, b % 3, (b >> 2) % 8);
}

static void op_wire(struct pr *p)
{
	uint16_t len = fz_u16(p->s.in);
	uint8_t *f;

	len = len & 0x8000 ? 9000 + len % 64 : len % 1600;
	/* Exactly the frame's size: ASan sees a read past its end. */
	f = malloc(len ? len : 1);
	fz_assert(f);
	fz_bytes(p->s.in, f, len);
	if (len >= 6 && !(f[0] & 1))
		memcpy(f, p->s.mac, 6);
	fz_trace("wire rx %u bytes\n", len);
	ovnic_card_wire_rx(p->s.c->card, f, len);
	free(f);
}

/* Off, then new positions (and size) on the same rings, then on again. */
static void op_vq_state(struct pr *p)
{
	struct ovnic_cmd_vq_modify m = { 0 };
	uint16_t qid = pr_qid(p);
	struct pr_q *q = &p->q[qid];
	uint8_t b = fz_u8(p->s.in);
	uint32_t mask = OVNIC_VQ_MODIFY_STATE | OVNIC_VQ_MODIFY_READY;
	uint16_t avail = q->seen_avail, used = q->seen_used, size = 0;
	int st;

	switch (b & 3) {
	case 0:		/* as the card has them: a restore */
		break;
	case 1:		/* the driver jumps: both at one place */
		avail = q->size ? fz_u16(p->s.in) % q->size : 0;
		avail |= b & 4 ? PR_WRAP : 0;
		used = avail;
		break;
	case 2:		/* anything, past the ring's end or apart */
		avail = fz_u16(p->s.in);
		used = b & 4 ? avail : fz_u16(p->s.in);
		break;
	default:	/* a fresh ring of another size */
		size = 1 + fz_u8(p->s.in) % SR_QSIZE_MAX;
		mask |= OVNIC_VQ_MODIFY_SIZE;
		avail = used = PR_WRAP;
		break;
	}
	if (!q->on)
		return;
	m.qid = ovnic_cpu_to_le16(qid);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	vd_cmd_vq_modify(p->s.c, SR_DEV, &m);	/* off first */
	if (size)
		pr_q_mem_init(p, qid, size);
	else if (avail != q->seen_avail || used != q->seen_used)
		q->hostile = true;
	m.modify_mask = ovnic_cpu_to_le32(mask);
	m.size = ovnic_cpu_to_le16(size);
	m.avail_idx = ovnic_cpu_to_le16(avail);
	m.used_idx = ovnic_cpu_to_le16(used);
	m.ready = !(b & 0x80);
	st = vd_cmd_vq_modify(p->s.c, SR_DEV, &m);
	fz_trace("vq_state q%u avail %#x used %#x size %u ready %u: %d\n", qid,
		 avail, used, size, m.ready, st);
	pr_q_resync(p, qid);
}

/* Rings anywhere, any state: from then on only positions are compared. */
static void op_vq_modify(struct pr *p)
{
	struct ovnic_cmd_vq_modify m = { 0 };
	struct sr *s = &p->s;
	uint16_t qid = pr_qid(p);
	uint8_t b = fz_u8(s->in);
	int st;

	m.qid = ovnic_cpu_to_le16(qid);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	vd_cmd_vq_modify(s->c, SR_DEV, &m);	/* off first */

	m.modify_mask = ovnic_cpu_to_le32(fz_u8(s->in) & 0x3f);
	m.desc_addr = ovnic_cpu_to_le64(sr_buf_addr(s, 16) & ~15ull);
	m.driver_addr = ovnic_cpu_to_le64(sr_buf_addr(s, 4) & ~1ull);
	m.device_addr = ovnic_cpu_to_le64(sr_buf_addr(s, 4) & ~3ull);
	m.size = ovnic_cpu_to_le16(b & 0x80 ? fz_u16(s->in) : 1 + b % 64);
	m.vector = ovnic_cpu_to_le32(sr_vector(qid));
	m.avail_idx = ovnic_cpu_to_le16(fz_u16(s->in));
	m.used_idx = ovnic_cpu_to_le16(fz_u16(s->in));
	m.ready = (b >> 6) & 1;
	m.asid = (b >> 4) % 3;
	st = vd_cmd_vq_modify(s->c, SR_DEV, &m);
	fz_trace("vq_modify q%u mask %#x: %d\n", qid,
		 ovnic_le32_to_cpu(m.modify_mask), st);
	s->tainted = true;
	p->q[qid].on = true;
	p->q[qid].hostile = true;
	pr_q_resync(p, qid);
}

static void op_status(struct pr *p)
{
	uint8_t v = fz_u8(p->s.in);
	unsigned int i;

	fz_trace("status %#x: %d\n", v, vd_cmd_dev_set_status(p->s.c, SR_DEV,
							       v));
	/* Reset: the card starts its queues afresh, the driver too. */
	for (i = 0; i < SR_NQ; i++) {
		if (!p->q[i].on)
			continue;
		if (!v)
			pr_q_mem_init(p, (uint16_t)i, p->q[i].size);
		pr_q_resync(p, (uint16_t)i);
	}
}

/* Coalescing defers notifications, never used descriptors. */
static void op_coal(struct pr *p)
{
	struct sr *s = &p->s;
	struct ovnic_coal_policy c = {
		.rx_usecs = ovnic_cpu_to_le32(fz_u16(s->in) * 16u),
		.rx_frames = ovnic_cpu_to_le32(fz_u8(s->in)),
		.tx_usecs = ovnic_cpu_to_le32(fz_u16(s->in) * 16u),
		.tx_frames = ovnic_cpu_to_le32(fz_u8(s->in)),
	};
	uint8_t b = fz_u8(s->in);

	c.flags = ovnic_cpu_to_le32(b & 3);
	c.irq_rate = ovnic_cpu_to_le32(b & 4 ? fz_u32(s->in) % 2000000 : 0);
	p->coal = true;
	fz_trace("coal policy: %d\n",
		 vd_cmd_coal_policy_set(s->c, SR_DEV, &c));
}

void pr_op(struct pr *p)
{
	struct sr *s = &p->s;
	unsigned int op = fz_u8(s->in) % OP_NUM;

	fz_trace("op %u\n", op);
	switch (op) {
	case OP_CHAIN:
		op_chain(p);
		break;
	case OP_DESC:
		op_desc(p);
		break;
	case OP_IDESC:
		op_idesc(p);
		break;
	case OP_EVENT:
		op_event(p);
		break;
	case OP_KICK:
		op_kick(p);
		break;
	case OP_RUN:
		fz_run(s->c);
		break;
	case OP_POLL:
		op_poll(p);
		break;
	case OP_POKE:
		sr_op_poke(s);
		break;
	case OP_WIRE:
		op_wire(p);
		break;
	case OP_TIME:
		up_advance(s->c->plat, (uint64_t)fz_u32(s->in) << 6);
		fz_run(s->c);
		break;
	case OP_UNMAP:
		sr_op_unmap(s);
		break;
	case OP_MAP:
		sr_op_map(s);
		break;
	case OP_VQ_STATE:
		op_vq_state(p);
		break;
	case OP_VQ_MODIFY:
		op_vq_modify(p);
		break;
	case OP_RESET:
		fz_assert(vd_cmd_dev_reset(s->c, SR_DEV) == OVNIC_STATUS_OK);
		pr_bringup(p);
		break;
	case OP_STATUS:
		op_status(p);
		break;
	case OP_LINK:
		vd_cmd_set_link(s->c, SR_DEV, fz_u8(s->in) & 1);
		break;
	case OP_LOOPBACK:
		vd_cmd_set_loopback(s->c, SR_DEV, fz_u8(s->in) % 3);
		break;
	case OP_COAL:
		op_coal(p);
		break;
	}
	pr_settle(p);
}
