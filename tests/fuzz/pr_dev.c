// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_packed_ring's device: its packed queues brought up and kept in
 * step with the card, and the checks after every operation (what the
 * card took and gave back, what it wrote in the ring windows, its
 * interrupts against the driver's event suppression).
 */
#include <stdio.h>
#include <string.h>

#include "pr.h"

static bool pr_has(const struct pr *p, unsigned int bit)
{
	return p->s.features & VD_BIT(bit);
}

static void pr_query(struct pr *p, uint16_t qid, struct ovnic_resp_vq_query *r)
{
	fz_assert(vd_cmd_vq_query(p->s.c, SR_DEV, qid, r) == OVNIC_STATUS_OK);
}

/* The card's state becomes the driver's: after a reset or a VQ_MODIFY. */
void pr_q_resync(struct pr *p, uint16_t qid)
{
	struct ovnic_resp_vq_query r;
	struct pr_q *q = &p->q[qid];
	uint16_t old = q->seen_avail, size = q->size;

	pr_query(p, qid, &r);
	q->size = ovnic_le16_to_cpu(r.size);
	q->seen_avail = ovnic_le16_to_cpu(r.avail_idx);
	q->seen_used = ovnic_le16_to_cpu(r.used_idx);
	q->irqs = up_irq_count(p->s.c->plat, sr_vector(qid));
	q->skew = q->seen_avail != q->seen_used;
	/* What the driver posted and the card didn't take stays posted. */
	if (q->seen_avail != old || q->size != size ||
	    !pr_valid(q->avail, q->size))
		q->avail = q->seen_avail;
}

/*
 * Fresh rings, as a driver lays them out: descriptors all zero (not
 * available in either lap), both event structures zero (ENABLE).
 */
void pr_q_mem_init(struct pr *p, uint16_t qid, uint16_t size)
{
	static const uint8_t zero[SR_DESC_STRIDE];
	struct pr_q *q = &p->q[qid];

	sr_write(&p->s, sr_desc_off(qid, 0), zero, SR_DESC_STRIDE);
	sr_write(&p->s, sr_avail_off(qid), zero, 4);
	sr_write(&p->s, sr_used_off(qid), zero, 4);
	q->size = size;
	q->avail = 0xffff;	/* nothing posted */
	q->skew = false;
	q->hostile = false;
	memset(q->ids, 0, sizeof(q->ids));
	pr_id_seen(q, 0);
}

static void pr_q_setup(struct pr *p, uint16_t qid)
{
	struct ovnic_cmd_vq_modify m = { 0 };
	struct pr_q *q = &p->q[qid];

	pr_q_mem_init(p, qid, p->qsize[qid]);
	m.qid = ovnic_cpu_to_le16(qid);
	m.size = ovnic_cpu_to_le16(q->size);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ADDR |
					  OVNIC_VQ_MODIFY_SIZE |
					  OVNIC_VQ_MODIFY_VECTOR |
					  OVNIC_VQ_MODIFY_READY);
	m.desc_addr = ovnic_cpu_to_le64(PR_DESC_IOVA(qid));
	m.driver_addr = ovnic_cpu_to_le64(PR_DRIVER_IOVA(qid));
	m.device_addr = ovnic_cpu_to_le64(PR_DEVICE_IOVA(qid));
	m.vector = ovnic_cpu_to_le32(sr_vector(qid));
	m.ready = 1;
	fz_assert(vd_cmd_vq_modify(p->s.c, SR_DEV, &m) == OVNIC_STATUS_OK);
	fz_trace("q%u: size %u\n", qid, q->size);
	q->on = true;
	pr_q_resync(p, qid);
	/* FEATURES_OK: position 0, both wrap counters 1 (2.8.1) */
	fz_assert(q->seen_avail == PR_WRAP && q->seen_used == PR_WRAP);
}

/* Status, features, queues, DRIVER_OK: what a driver does after reset. */
void pr_bringup(struct pr *p)
{
	struct sr *s = &p->s;
	struct ovnic_resp_dev_query dq;
	unsigned int pairs, i;
	uint8_t st = VIRTIO_CONFIG_S_ACKNOWLEDGE | VIRTIO_CONFIG_S_DRIVER;

	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
	fz_assert(vd_cmd_dev_set_features(s->c, SR_DEV, s->want) ==
		  OVNIC_STATUS_OK);
	st |= VIRTIO_CONFIG_S_FEATURES_OK;
	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
	fz_assert(vd_cmd_dev_query(s->c, SR_DEV, &dq) == OVNIC_STATUS_OK);
	fz_assert(dq.status & VIRTIO_CONFIG_S_FEATURES_OK);
	s->features = s->want;
	s->hdr_len = pr_has(p, VIRTIO_NET_F_HASH_REPORT) ?
		     VD_NET_HDR_HASH_LEN : VD_NET_HDR_LEN;
	p->mrg = pr_has(p, VIRTIO_NET_F_MRG_RXBUF);
	pairs = pr_has(p, VIRTIO_NET_F_MQ) ? 2 : 1;
	s->cvq = pr_has(p, VIRTIO_NET_F_CTRL_VQ) ? 2 * pairs : SR_NQ;
	for (i = 0; i < SR_NQ; i++)
		p->q[i].on = false;
	for (i = 0; i < 2 * pairs; i++)
		pr_q_setup(p, i);
	if (s->cvq < SR_NQ)
		pr_q_setup(p, s->cvq);
	st |= VIRTIO_CONFIG_S_DRIVER_OK;
	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
}

/* ---- the checks after the card ran ---- */

/*
 * The first byte at which the arena and its copy differ in [@off, @off +
 * @len), or @off + @len: the harness's raw view, past ASan's poison, a
 * word at a time (every operation compares the windows).
 */
__attribute__((no_sanitize("address", "coverage")))
static uint32_t pr_mem_diff(const struct sr *s, uint32_t off, uint32_t len)
{
	const uint8_t *a = s->a->base, *b = s->snap;
	uint32_t end = off + len;

	for (; off + 8 <= end; off += 8) {
		uint64_t x, y;

		__builtin_memcpy(&x, a + off, 8);
		__builtin_memcpy(&y, b + off, 8);
		if (x != y)
			break;
	}
	for (; off < end; off++)
		if (a[off] != b[off])
			break;
	return off;
}

/* What the driver knows of a chain the card took (from the shadow). */
struct pr_chain {
	uint16_t start;
	uint16_t slots;
	uint16_t id;
	bool bad;		/* a wrong direction or a bad indirect table */
	bool back;		/* its used descriptor was seen */
	uint64_t cap;		/* writable bytes, at most */
};

/* One descriptor of a chain, as the card judges it (packed_ring.c). */
static void pr_judge(struct pr *p, uint16_t qid, struct pr_chain *ch,
		     const struct pr_desc *d, bool write, bool *seen_write)
{
	if (pr_is_rx(p, qid) ? !write :
	    qid == p->s.cvq ? !write && *seen_write : write)
		ch->bad = true;
	*seen_write |= write;
	if (write)
		ch->cap += d->len;
}

/* An indirect table in the table window, or an unknown capacity. */
static void pr_judge_table(struct pr *p, uint16_t qid, struct pr_chain *ch,
			   const struct pr_desc *d, bool *seen_write)
{
	uint64_t lo = SR_TABLE_IOVA, hi = SR_TABLE_IOVA + SR_TABLE_SIZE;
	uint32_t i, n = d->len / 16;

	if (!pr_has(p, VIRTIO_RING_F_INDIRECT_DESC) || !d->len ||
	    d->len % 16 || n > p->q[qid].size) {
		ch->bad = true;
		return;
	}
	if (d->addr < lo || d->addr >= hi || d->len > hi - d->addr) {
		ch->cap = UINT64_MAX / 2;	/* not the harness's memory */
		return;
	}
	for (i = 0; i < n; i++) {
		struct pr_desc e;

		pr_desc_dec(&e, p->s.snap +
			    sr_body(SR_TABLE_OFF + (uint32_t)(d->addr - lo)) +
			    16 * i);
		pr_judge(p, qid, ch, &e, e.flags & VRING_DESC_F_WRITE,
			 seen_write);
	}
}

/*
 * The chain at @x, as the card must read it from the ring the driver
 * wrote: its slots (NEXT), its buffer id (the last descriptor's), and
 * whether it is bad.
 */
static void pr_walk(struct pr *p, uint16_t qid, uint16_t x,
		    struct pr_chain *ch)
{
	struct pr_q *q = &p->q[qid];
	bool seen_write = false;
	struct pr_desc d;

	memset(ch, 0, sizeof(*ch));
	ch->start = x;
	do {
		ch->slots++;
		fz_assert(ch->slots <= q->size);	/* the card breaks */
		pr_shadow_desc(p, qid, PR_POS(x), &d);
		ch->id = d.id;
		if (d.flags & VRING_DESC_F_INDIRECT) {
			if (ch->slots > 1 || d.flags & VRING_DESC_F_NEXT)
				ch->bad = true;
			else
				pr_judge_table(p, qid, ch, &d, &seen_write);
		} else {
			pr_judge(p, qid, ch, &d,
				 d.flags & VRING_DESC_F_WRITE, &seen_write);
		}
		x = pr_advance(x, 1, q->size);
	} while (d.flags & VRING_DESC_F_NEXT);
}

/* A used length the chain allows. */
static void pr_check_len(struct pr *p, uint16_t qid, const struct pr_chain *ch,
			 uint32_t len)
{
	struct sr *s = &p->s;

	if (ch && len)
		fz_assert(!ch->bad && len <= ch->cap);
	if (qid == s->cvq) {
		fz_assert(len <= 4097);	/* ack and a result of 4 KiB */
	} else if (qid % 2) {
		fz_assert(len == 0);	/* transmit: nothing written */
	} else if (p->mrg) {
		fz_assert(len <= s->hdr_len + 9018u);
	} else {
		fz_assert(len == 0 || (len >= s->hdr_len + 14u &&
				       len <= s->hdr_len + 9018u));
	}
}

/* Take the card's writes to slot @i (id, len, flags) into the shadow. */
static void pr_take(struct pr *p, uint16_t qid, unsigned int i)
{
	uint32_t off = sr_desc_off(qid, i) + 8;

	sr_read(&p->s, off, p->s.snap + off, 8);
}

/*
 * A queue whose chains the harness knows: replay what the card took from
 * the ring as the driver wrote it, then read the used descriptors as a
 * driver does, from its used position, each chain's slots on.  Returns
 * how many it found.
 */
static unsigned int pr_account_known(struct pr *p, uint16_t qid,
				     uint16_t avail, uint16_t used,
				     bool broken)
{
	static struct pr_chain ch[2 * SR_QSIZE_MAX];
	struct pr_q *q = &p->q[qid];
	uint32_t want = pr_dist(q->seen_avail, avail, q->size), took = 0;
	unsigned int n = 0, found = 0, i;
	uint16_t x = q->seen_avail;

	/*
	 * Within one lap: no walk of a known queue reaches a slot the card
	 * may have rewritten since this run began (pr.h).
	 */
	fz_assert(want <= q->size);
	while (took < want) {
		struct pr_desc d;

		pr_shadow_desc(p, qid, PR_POS(x), &d);
		/* The card took a chain the driver had made available. */
		fz_assert(pr_is_avail(d.flags, x));
		fz_assert(n < FZ_ARRAY_SIZE(ch));
		pr_walk(p, qid, x, &ch[n]);
		took += ch[n].slots;
		/* The card's position is at a chain's end. */
		fz_assert(took <= want);
		x = pr_advance(x, ch[n].slots, q->size);
		n++;
	}

	x = q->seen_used;
	for (found = 0; found < n; found++) {
		uint8_t b[16];
		struct pr_desc u;

		sr_read(&p->s, sr_desc_off(qid, PR_POS(x)), b, 16);
		pr_desc_dec(&u, b);
		if (broken && u.flags != pr_used_bits(x))
			break;	/* a batch the break cut short */
		fz_trace("q%u used @%#x: id %u len %u flags %#x\n", qid, x,
			 u.id, u.len, u.flags);
		/* A used descriptor where the driver reads the next one. */
		fz_assert(u.flags == pr_used_bits(x));
		for (i = 0; i < n; i++)
			if (!ch[i].back && ch[i].id == u.id)
				break;
		/* It names a chain taken and not yet given back. */
		fz_assert(i < n);
		ch[i].back = true;
		pr_check_len(p, qid, &ch[i], u.len);
		pr_take(p, qid, PR_POS(x));
		x = pr_advance(x, ch[i].slots, q->size);
	}
	if (!broken)
		fz_assert(x == used);	/* VQ_QUERY agrees with the ring */
	else if (x != used)
		q->hostile = true;	/* entries lost: chains unknown */
	return found;
}

/*
 * A queue whose chains the harness can't know: whatever changed in its
 * ring must be a used descriptor the card wrote (id, len and flags only;
 * an id the driver wrote there once; a sane length).
 */
static void pr_account_hostile(struct pr *p, uint16_t qid)
{
	struct pr_q *q = &p->q[qid];
	unsigned int i;

	for (i = 0; i < q->size; i++) {
		uint32_t off = sr_desc_off(qid, i);
		uint8_t b[16];
		struct pr_desc u;

		if (pr_mem_diff(&p->s, off, 16) == off + 16)
			continue;
		sr_read(&p->s, off, b, 16);
		pr_desc_dec(&u, b);
		fz_trace("q%u slot %u written: id %u len %u flags %#x\n",
			 qid, i, u.id, u.len, u.flags);
		fz_assert(!memcmp(b, p->s.snap + off, 8));	/* addr */
		fz_assert(u.flags == pr_used_bits(PR_WRAP) ||
			  u.flags == pr_used_bits(0));
		fz_assert(q->ids[u.id / 64] & 1ull << (u.id % 64));
		pr_check_len(p, qid, NULL, u.len);
		pr_take(p, qid, i);
	}
}

/*
 * The card's event suppression structure: DISABLE on a receive queue,
 * else ENABLE, or with EVENT_IDX a position in the ring (2.8.10), or
 * DISABLE while the card serves the queue; or still the zeroes the driver
 * wrote.
 */
static void pr_check_device_event(struct pr *p, uint16_t qid)
{
	struct pr_q *q = &p->q[qid];
	uint32_t off = sr_used_off(qid);
	uint16_t off_wrap = sr_get16(&p->s, off);
	uint16_t flags = sr_get16(&p->s, off + 2);

	fz_trace("q%u device event: flags %#x off_wrap %#x\n", qid, flags,
		 off_wrap);
	if (pr_is_rx(p, qid)) {
		fz_assert(flags <= 1 && off_wrap == 0);
	} else if (!pr_has(p, VIRTIO_RING_F_EVENT_IDX)) {
		fz_assert(flags <= 1 && off_wrap == 0);
	} else {
		fz_assert(flags <= 2);
		fz_assert(flags != 2 || PR_POS(off_wrap) < q->size);
	}
	sr_read(&p->s, off, p->s.snap + off, 4);
}

static void pr_account(struct pr *p, uint16_t qid)
{
	struct sr *s = &p->s;
	struct pr_q *q = &p->q[qid];
	struct ovnic_resp_vq_query r;
	uint16_t avail, used, ev_flags;
	uint32_t irqs, published = 0;
	bool moved = false, known;

	pr_query(p, qid, &r);
	avail = ovnic_le16_to_cpu(r.avail_idx);
	used = ovnic_le16_to_cpu(r.used_idx);
	fz_trace("q%u: card avail %#x used %#x (seen %#x %#x, driver %#x)%s\n",
		 qid, avail, used, q->seen_avail, q->seen_used, q->avail,
		 r.broken ? " broken" : "");
	if (r.broken) {
		struct ovnic_resp_dev_query dq;

		fz_assert(vd_cmd_dev_query(s->c, SR_DEV, &dq) ==
			  OVNIC_STATUS_OK);
		fz_assert(dq.status & VIRTIO_CONFIG_S_NEEDS_RESET);
	}
	/* Only VQ_MODIFY changes a queue's size. */
	fz_assert(ovnic_le16_to_cpu(r.size) == q->size);
	if (!pr_valid(q->seen_avail, q->size) ||
	    !pr_valid(q->seen_used, q->size)) {
		/* State outside the ring: the queue never moves. */
		fz_assert(avail == q->seen_avail && used == q->seen_used);
		return;
	}
	fz_assert(pr_valid(avail, q->size) && pr_valid(used, q->size));
	/* Each chain taken goes back: both move by its slots. */
	if (!r.broken)
		fz_assert(pr_dist(q->seen_avail, avail, q->size) ==
			  pr_dist(q->seen_used, used, q->size));
	if (!q->skew && !r.broken)
		fz_assert(avail == used);
	moved = used != q->seen_used;

	known = !s->tainted && !q->skew && !q->hostile;
	if (known) {
		published = pr_account_known(p, qid, avail, used, r.broken);
	} else {
		if (!s->tainted)
			pr_account_hostile(p, qid);
		published = moved && !r.broken;
	}
	/* Raw descriptors the card took: the driver goes on after them. */
	if (pr_dist(q->seen_avail, avail, q->size) >
	    pr_dist(q->seen_avail, q->avail, q->size))
		q->avail = avail;

	/*
	 * Interrupts: none while the driver's structure says DISABLE; one
	 * after used descriptors with ENABLE, when the host's coalescing
	 * policy never held any back.  The driver wrote its structure
	 * before the card ran.
	 */
	irqs = up_irq_count(s->c->plat, sr_vector(qid));
	if (!s->tainted) {
		ev_flags = sr_get16(s, sr_avail_off(qid) + 2);
		if ((ev_flags & 3) == 1)
			fz_assert(irqs == q->irqs);
		if (ev_flags == 0 && published && !p->coal)
			fz_assert(irqs != q->irqs);
		pr_check_device_event(p, qid);
	}
	q->irqs = irqs;
	q->seen_avail = avail;
	q->seen_used = used;
}

/*
 * After every operation.  The card wrote into the ring and used windows
 * only what the queues' checks took into the shadow: nothing else there
 * may differ from it (ring windows writable or not).
 */
void pr_settle(struct pr *p)
{
	struct sr *s = &p->s;
	uint32_t lo = sr_body(0), d;
	unsigned int i;

	fz_check_plat(s->c, true);
	for (i = 0; i < SR_NQ; i++)
		if (p->q[i].on)
			pr_account(p, (uint16_t)i);
	if (!s->tainted) {
		d = pr_mem_diff(s, lo, SR_DATA_OFF);
		if (d != lo + SR_DATA_OFF)
			fprintf(stderr, "fuzz_packed_ring: body offset %u changed\n",
				d - lo);
		fz_assert(d == lo + SR_DATA_OFF);
	}
	up_wire_clear(s->c->plat);
}
