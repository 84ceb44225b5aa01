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
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define SR_NQ		5
#define SR_QSIZE_MAX	128
#define SR_DESC_STRIDE	(16 * SR_QSIZE_MAX)
#define SR_AVAIL_OFF	(SR_NQ * SR_DESC_STRIDE)
#define SR_AVAIL_STRIDE	512
#define SR_RING_SIZE	16384
#define SR_TABLE_OFF	SR_RING_SIZE
#define SR_TABLE_SIZE	4096
#define SR_USED_OFF	(SR_TABLE_OFF + SR_TABLE_SIZE)
#define SR_USED_STRIDE	2048
#define SR_USED_SIZE	(SR_NQ * SR_USED_STRIDE)
#define SR_DATA_OFF	32768
#define SR_DATA_SIZE	32768
#define SR_BODY		(SR_DATA_OFF + SR_DATA_SIZE)

#define SR_RING_IOVA	0x10000ull
#define SR_TABLE_IOVA	0x18000ull
#define SR_USED_IOVA	0x20000ull
#define SR_WIN_LO	0x10000ull	/* the harness's windows */
#define SR_WIN_HI	0x30000ull
#define SR_FAR		(1ull << 40)	/* moves an address out of them */
#define SR_DATA_IOVA	0x100000ull	/* region r: (r + 1) * this + ... */

#define SR_NREG		4
#define SR_MAPS		48
#define SR_MAX_OPS	256
#define SR_DEV		0

struct sr_map {
	uint64_t iova;
	uint64_t last;
	uint32_t host;		/* offset from the arena's first byte */
	uint32_t perm;
};

struct sr_region {
	uint64_t iova;
	uint32_t off;		/* in the data area */
	uint32_t size;
	uint32_t perm;
};

struct sr_q {
	bool on;
	bool wild;		/* VQ_MODIFY from the input: counts only */
	uint16_t size;
	uint16_t avail_idx;	/* the harness's next */
	uint16_t seen_avail;	/* the card's, at the last check */
	uint16_t seen_used;
	uint16_t out[SR_QSIZE_MAX];	/* consumed, not yet returned */
};

struct sr_span {
	uint32_t lo, hi;	/* [lo, hi) of the arena */
};

struct sr {
	struct fz_in *in;
	struct vd_card *c;
	struct fz_arena *a;
	uint8_t *snap;		/* the arena as the card must have left it */
	struct sr_map map[SR_MAPS];	/* asid 0, as the card has it */
	unsigned int nmaps;
	struct sr_map map1;	/* asid 1, fixed */
	struct sr_span acc[2 * SR_MAPS + 2];	/* mapped at all */
	unsigned int nacc;
	struct sr_span ro[2 * SR_MAPS + 4];	/* not mapped writable */
	unsigned int nro;
	struct sr_region reg[SR_NREG];
	struct sr_q q[SR_NQ];
	uint8_t qsize_log[SR_NQ];
	unsigned int pieces;	/* of the ring and used windows */
	uint32_t special_perm;	/* of the ring and table windows */
	uint64_t want;		/* features the driver asks for */
	uint64_t features;	/* negotiated */
	uint16_t cvq;		/* qid, or SR_NQ without one */
	uint16_t hdr_len;
	bool tainted;
	uint8_t mac[6];
};

/* ---- the harness's own view of memory (never through ASan) ---- */

static void sr_write(struct sr *s, uint32_t off, const void *src,
		     uint32_t len)
{
	fz_assert(off <= s->a->total && len <= s->a->total - off);
	fz_mem_write(s->a->base + off, src, len);
	memcpy(s->snap + off, src, len);
}

static void sr_read(struct sr *s, uint32_t off, void *dst, uint32_t len)
{
	fz_mem_read(dst, s->a->base + off, len);
}

static void sr_put16(struct sr *s, uint32_t off, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	sr_write(s, off, b, 2);
}

static uint16_t sr_get16(struct sr *s, uint32_t off)
{
	uint8_t b[2];

	sr_read(s, off, b, 2);
	return (uint16_t)(b[0] | b[1] << 8);
}

static uint32_t sr_get32(struct sr *s, uint32_t off)
{
	uint8_t b[4];

	sr_read(s, off, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static uint32_t sr_body(uint32_t off)
{
	return FZ_GUARD + off;
}

static uint32_t sr_desc_off(unsigned int q, unsigned int i)
{
	return sr_body(q * SR_DESC_STRIDE + 16 * i);
}

static uint32_t sr_avail_off(unsigned int q)
{
	return sr_body(SR_AVAIL_OFF + q * SR_AVAIL_STRIDE);
}

static uint32_t sr_used_off(unsigned int q)
{
	return sr_body(SR_USED_OFF + q * SR_USED_STRIDE);
}

/* ---- the maps: what the card may read and write ---- */

static int span_cmp(const void *x, const void *y)
{
	const struct sr_span *a = x, *b = y;

	return a->lo < b->lo ? -1 : a->lo > b->lo;
}

/* Sort and merge @n spans in place; returns the count. */
static unsigned int span_merge(struct sr_span *sp, unsigned int n)
{
	unsigned int i, k = 0;

	qsort(sp, n, sizeof(*sp), span_cmp);
	for (i = 0; i < n; i++) {
		if (k && sp[i].lo <= sp[k - 1].hi) {
			if (sp[i].hi > sp[k - 1].hi)
				sp[k - 1].hi = sp[i].hi;
			continue;
		}
		sp[k++] = sp[i];
	}
	return k;
}

static struct sr_span map_span(const struct sr_map *m)
{
	return (struct sr_span){ m->host,
				 m->host + (uint32_t)(m->last - m->iova + 1) };
}

/* Recompute the spans from the maps, then poison what isn't mapped. */
static void sr_maps_changed(struct sr *s)
{
	struct sr_span wr[SR_MAPS + 1];
	unsigned int i, nwr = 0;
	uint32_t at = 0;

	s->nacc = 0;
	for (i = 0; i < s->nmaps; i++) {
		s->acc[s->nacc++] = map_span(&s->map[i]);
		if (s->map[i].perm & OVNIC_MR_PERM_WRITE)
			wr[nwr++] = map_span(&s->map[i]);
	}
	s->acc[s->nacc++] = map_span(&s->map1);
	if (s->map1.perm & OVNIC_MR_PERM_WRITE)
		wr[nwr++] = map_span(&s->map1);
	s->nacc = span_merge(s->acc, s->nacc);
	nwr = span_merge(wr, nwr);

	s->nro = 0;
	for (i = 0; i < nwr; i++) {
		if (wr[i].lo > at)
			s->ro[s->nro++] = (struct sr_span){ at, wr[i].lo };
		at = wr[i].hi;
	}
	if (at < s->a->total)
		s->ro[s->nro++] = (struct sr_span){ at, (uint32_t)s->a->total };

	fz_poison(s->a->base, s->a->total);
	for (i = 0; i < s->nacc; i++)
		fz_unpoison(s->a->base + s->acc[i].lo,
			    s->acc[i].hi - s->acc[i].lo);
}

/*
 * Nothing the card may not write has changed since the last look; then
 * take the card's writes into the copy.
 */
static void sr_mem_verify(struct sr *s)
{
	const uint8_t *base = s->a->base;
	unsigned int i;
	uint32_t j;

	fz_unpoison(base, s->a->total);
	for (i = 0; i < s->nro; i++) {
		const struct sr_span *r = &s->ro[i];

		if (!memcmp(base + r->lo, s->snap + r->lo, r->hi - r->lo))
			continue;
		for (j = r->lo; base[j] == s->snap[j]; j++)
			;
		fprintf(stderr, "fuzz_split_ring: body offset %ld changed\n",
			(long)j - (long)s->a->guard);
		fz_assert(!"write outside the writable regions");
	}
	memcpy(s->snap, base, s->a->total);
	sr_maps_changed(s);
}

static int sr_map_add(struct sr *s, uint64_t iova, uint64_t size,
		      uint32_t host, uint32_t perm)
{
	int st;

	if (s->nmaps == SR_MAPS)
		return -1;
	st = vd_cmd_mr_map(s->c, SR_DEV, 0, iova, size,
			   (uintptr_t)(s->a->base + host), perm);
	if (st == OVNIC_STATUS_OK)
		s->map[s->nmaps++] = (struct sr_map){ iova, iova + size - 1,
						      host, perm };
	fz_trace("map %#llx +%#llx -> arena %#x perm %u: %d\n",
		 (unsigned long long)iova, (unsigned long long)size, host,
		 perm, st);
	return st;
}

/* As the card cuts its table (dma.c fw_as_unmap). */
static void sr_map_cut(struct sr *s, uint64_t iova, uint64_t size)
{
	struct sr_map out[SR_MAPS + 1];
	uint64_t last = iova + size - 1;
	unsigned int i, n = 0;

	for (i = 0; i < s->nmaps; i++) {
		struct sr_map m = s->map[i];

		if (last < m.iova || iova > m.last) {
			out[n++] = m;
			continue;
		}
		if (m.iova < iova) {
			struct sr_map lo = m;

			lo.last = iova - 1;
			out[n++] = lo;
		}
		if (m.last > last) {
			struct sr_map hi = m;

			hi.iova = last + 1;
			hi.host = m.host + (uint32_t)(hi.iova - m.iova);
			out[n++] = hi;
		}
	}
	fz_assert(n <= SR_MAPS);
	memcpy(s->map, out, n * sizeof(out[0]));
	s->nmaps = n;
}

static int sr_unmap(struct sr *s, uint64_t iova, uint64_t size)
{
	int st;

	/* A cut in the middle adds a region: keep room for it. */
	if (s->nmaps == SR_MAPS)
		return -1;
	st = vd_cmd_mr_unmap(s->c, SR_DEV, 0, iova, size);
	if (st == OVNIC_STATUS_OK)
		sr_map_cut(s, iova, size);
	return st;
}

/* The ring, table and used windows, @pieces regions each for two. */
static void sr_map_special(struct sr *s)
{
	unsigned int k;

	for (k = 0; k < s->pieces; k++) {
		uint32_t lo = SR_RING_SIZE * k / s->pieces;
		uint32_t hi = SR_RING_SIZE * (k + 1) / s->pieces;

		sr_map_add(s, SR_RING_IOVA + lo, hi - lo, sr_body(lo),
			   s->special_perm);
		lo = SR_USED_SIZE * k / s->pieces;
		hi = SR_USED_SIZE * (k + 1) / s->pieces;
		sr_map_add(s, SR_USED_IOVA + lo, hi - lo,
			   sr_body(SR_USED_OFF + lo),
			   OVNIC_MR_PERM_READ | OVNIC_MR_PERM_WRITE);
	}
	sr_map_add(s, SR_TABLE_IOVA, SR_TABLE_SIZE, sr_body(SR_TABLE_OFF),
		   s->special_perm);
}

static bool in_windows(uint64_t a, uint64_t len)
{
	uint64_t last = a + (len ? len : 1) - 1;

	if (last < a)		/* wraps: [a, 2^64) and [0, last] */
		return a < SR_WIN_HI || last >= SR_WIN_LO;
	return a < SR_WIN_HI && last >= SR_WIN_LO;
}

/* Out of the harness's windows, whatever @a was. */
static uint64_t out_of_windows(uint64_t a, uint64_t len)
{
	if (in_windows(a, len))
		a ^= SR_FAR;
	return in_windows(a, len) ? SR_FAR : a;
}

/* ---- addresses from the input ---- */

/* A buffer: never in the harness's windows. */
static uint64_t sr_buf_addr(struct sr *s, uint32_t len)
{
	uint8_t sel = fz_u8(s->in);
	const struct sr_region *r = &s->reg[(sel >> 3) % SR_NREG];
	uint64_t a;

	switch (sel & 7) {
	case 4:		/* across the region's end */
		a = r->iova + r->size - fz_u8(s->in);
		break;
	case 5:
		a = fz_u64(s->in);
		break;
	case 6:		/* wrapping around 2^64 */
		a = UINT64_MAX - fz_u8(s->in);
		break;
	case 7:		/* from below the region */
		a = r->iova - 1 - fz_u8(s->in);
		break;
	default:
		a = s->reg[sel & 3].iova + fz_u16(s->in);
		break;
	}
	return out_of_windows(a, len);
}

/* An indirect table: in the table window, or anything (tainting). */
static uint64_t sr_table_addr(struct sr *s, uint32_t len)
{
	uint8_t sel = fz_u8(s->in);
	uint64_t a;

	if (sel < 0xe0)
		return SR_TABLE_IOVA + fz_u16(s->in) % SR_TABLE_SIZE;
	a = sr_buf_addr(s, len);
	s->tainted = true;
	return a;
}

struct sr_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static void sr_desc_in(struct sr *s, struct sr_desc *d)
{
	uint8_t f = fz_u8(s->in);

	d->flags = f & 7;
	if (f & 0x08)
		d->flags |= (uint16_t)fz_u8(s->in) << 3;
	d->len = fz_u16(s->in);
	if (f & 0x10)
		d->len |= (uint32_t)fz_u16(s->in) << 16;
	d->next = f & 0x20 ? fz_u16(s->in) : fz_u8(s->in);
	d->addr = d->flags & VRING_DESC_F_INDIRECT ?
		  sr_table_addr(s, d->len) : sr_buf_addr(s, d->len);
}

static void sr_desc_put(struct sr *s, uint32_t off, const struct sr_desc *d)
{
	uint8_t b[16];
	int i;

	for (i = 0; i < 8; i++)
		b[i] = (uint8_t)(d->addr >> (8 * i));
	for (i = 0; i < 4; i++)
		b[8 + i] = (uint8_t)(d->len >> (8 * i));
	b[12] = (uint8_t)d->flags;
	b[13] = (uint8_t)(d->flags >> 8);
	b[14] = (uint8_t)d->next;
	b[15] = (uint8_t)(d->next >> 8);
	sr_write(s, off, b, 16);
}

/* ---- the device ---- */

static uint32_t sr_vector(uint16_t qid)
{
	return SR_DEV * OVNIC_VECTORS_PER_DEV + qid;
}

static bool sr_has(const struct sr *s, unsigned int bit)
{
	return s->features & VD_BIT(bit);
}

/* The card's indexes become the harness's starting point. */
static void sr_q_resync(struct sr *s, uint16_t qid)
{
	struct ovnic_resp_vq_query r;
	struct sr_q *q = &s->q[qid];

	fz_assert(vd_cmd_vq_query(s->c, SR_DEV, qid, &r) == OVNIC_STATUS_OK);
	q->seen_avail = ovnic_le16_to_cpu(r.avail_idx);
	q->seen_used = ovnic_le16_to_cpu(r.used_idx);
	memset(q->out, 0, sizeof(q->out));
}

/* Fresh rings, as a driver lays them out after a reset. */
static void sr_q_mem_init(struct sr *s, uint16_t qid)
{
	static const uint8_t zero[SR_DESC_STRIDE];
	struct sr_q *q = &s->q[qid];

	q->size = (uint16_t)(2u << s->qsize_log[qid]);
	sr_write(s, sr_desc_off(qid, 0), zero, 16u * q->size);
	sr_write(s, sr_avail_off(qid), zero, 4);
	sr_put16(s, sr_avail_off(qid) + 4 + 2 * q->size, 0);
	sr_write(s, sr_used_off(qid), zero, 4);
	sr_put16(s, sr_used_off(qid) + 4 + 8 * q->size, 0);
	q->avail_idx = 0;
}

static void sr_q_setup(struct sr *s, uint16_t qid)
{
	struct ovnic_cmd_vq_modify m = { 0 };
	struct sr_q *q = &s->q[qid];

	sr_q_mem_init(s, qid);

	m.qid = ovnic_cpu_to_le16(qid);
	m.size = ovnic_cpu_to_le16(q->size);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ADDR |
					  OVNIC_VQ_MODIFY_SIZE |
					  OVNIC_VQ_MODIFY_VECTOR |
					  OVNIC_VQ_MODIFY_READY);
	m.desc_addr = ovnic_cpu_to_le64(SR_RING_IOVA + qid * SR_DESC_STRIDE);
	m.driver_addr = ovnic_cpu_to_le64(SR_RING_IOVA + SR_AVAIL_OFF +
					  qid * SR_AVAIL_STRIDE);
	m.device_addr = ovnic_cpu_to_le64(SR_USED_IOVA + qid * SR_USED_STRIDE);
	m.vector = ovnic_cpu_to_le32(sr_vector(qid));
	m.ready = 1;
	fz_assert(vd_cmd_vq_modify(s->c, SR_DEV, &m) == OVNIC_STATUS_OK);
	fz_trace("q%u: size %u\n", qid, q->size);
	q->on = true;
	q->wild = false;
	sr_q_resync(s, qid);
}

/* Status, features, queues, DRIVER_OK: what a driver does after reset. */
static void sr_bringup(struct sr *s)
{
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
	s->hdr_len = sr_has(s, VIRTIO_NET_F_HASH_REPORT) ?
		     VD_NET_HDR_HASH_LEN : VD_NET_HDR_LEN;
	pairs = sr_has(s, VIRTIO_NET_F_MQ) ? 2 : 1;
	s->cvq = sr_has(s, VIRTIO_NET_F_CTRL_VQ) ? 2 * pairs : SR_NQ;
	for (i = 0; i < SR_NQ; i++)
		s->q[i].on = false;
	for (i = 0; i < 2 * pairs; i++)
		sr_q_setup(s, i);
	if (s->cvq < SR_NQ)
		sr_q_setup(s, s->cvq);
	st |= VIRTIO_CONFIG_S_DRIVER_OK;
	fz_assert(vd_cmd_dev_set_status(s->c, SR_DEV, st) == OVNIC_STATUS_OK);
}

/* ---- the checks after the card ran ---- */

static void sr_check_used(struct sr *s, uint16_t qid, uint32_t id,
			  uint32_t len)
{
	struct sr_q *q = &s->q[qid];

	fz_assert(id < q->size);
	fz_assert(q->out[id] > 0);	/* consumed and not yet returned */
	q->out[id]--;
	if (qid == s->cvq) {
		fz_assert(len <= 4097);	/* ack and a result of 4 KiB */
	} else if (qid % 2) {
		fz_assert(len == 0);	/* transmit: nothing written */
	} else {
		fz_assert(len == 0 || (len >= s->hdr_len + 14u &&
				       len <= s->hdr_len + 9018u));
	}
}

static void sr_account(struct sr *s, uint16_t qid)
{
	struct sr_q *q = &s->q[qid];
	struct ovnic_resp_vq_query r;
	uint16_t avail, used, consumed, i;

	fz_assert(vd_cmd_vq_query(s->c, SR_DEV, qid, &r) == OVNIC_STATUS_OK);
	avail = ovnic_le16_to_cpu(r.avail_idx);
	used = ovnic_le16_to_cpu(r.used_idx);
	consumed = avail - q->seen_avail;
	fz_trace("q%u: card avail %u used %u (seen %u %u)%s\n", qid, avail,
		 used, q->seen_avail, q->seen_used, r.broken ? " broken" : "");
	/* Every chain the card took went back at once, and only once. */
	fz_assert(consumed == (uint16_t)(used - q->seen_used));
	if (r.broken) {
		struct ovnic_resp_dev_query dq;

		fz_assert(vd_cmd_dev_query(s->c, SR_DEV, &dq) ==
			  OVNIC_STATUS_OK);
		fz_assert(dq.status & VIRTIO_CONFIG_S_NEEDS_RESET);
	}
	if (!s->tainted && !q->wild) {
		uint32_t ring = sr_avail_off(qid) + 4;
		uint32_t u = sr_used_off(qid);

		/*
		 * More than the ring holds is possible: a driver that
		 * overwrote slots the card had not read yet.  Each slot read
		 * now is what the card read: the harness wrote nothing while
		 * the card ran.
		 */
		for (i = 0; i < consumed; i++) {
			uint16_t slot = (q->seen_avail + i) & (q->size - 1);
			uint16_t head = sr_get16(s, ring + 2 * slot);

			fz_assert(head < q->size);
			q->out[head]++;
		}
		fz_assert(sr_get16(s, u + 2) == used);
		if (consumed > q->size) {
			/* The used ring wrapped: only its last lap is there. */
			for (i = 0; i < q->size; i++)
				fz_assert(sr_get32(s, u + 4 + 8 * i) <
					  q->size);
			memset(q->out, 0, sizeof(q->out));
		}
		for (i = 0; i < consumed && consumed <= q->size; i++) {
			uint16_t slot = (q->seen_used + i) & (q->size - 1);

			sr_check_used(s, qid, sr_get32(s, u + 4 + 8 * slot),
				      sr_get32(s, u + 8 + 8 * slot));
		}
	}
	q->seen_avail = avail;
	q->seen_used = used;
}

static void sr_settle(struct sr *s)
{
	unsigned int i;

	fz_check_plat(s->c, true);
	for (i = 0; i < SR_NQ; i++)
		if (s->q[i].on)
			sr_account(s, (uint16_t)i);
	up_wire_clear(s->c->plat);
}

static void sr_run(struct sr *s)
{
	fz_run(s->c);
	sr_settle(s);
}

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
	fz_trace("kick %#x\n", val);
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

static void op_poke(struct sr *s)
{
	uint8_t buf[32];
	uint32_t off = fz_u16(s->in) % SR_DATA_SIZE;
	uint32_t n = 1 + fz_u8(s->in) % sizeof(buf);

	if (n > SR_DATA_SIZE - off)
		n = SR_DATA_SIZE - off;
	fz_bytes(s->in, buf, n);
	fz_trace("poke data+%u, %u bytes\n", off, n);
	sr_write(s, sr_body(SR_DATA_OFF + off), buf, n);
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

static void op_unmap(struct sr *s)
{
	uint8_t sel = fz_u8(s->in);
	uint64_t iova, size;
	int st;

	if (sel % 8 == 7) {
		/* Everything at once: the window is empty afterwards. */
		sr_mem_verify(s);
		fz_assert(vd_cmd_mr_reset(s->c, SR_DEV, 0) == OVNIC_STATUS_OK);
		s->nmaps = 0;
		fz_trace("mr_reset\n");
		sr_maps_changed(s);
		return;
	}
	if (sel % 6 < SR_NREG) {
		const struct sr_region *r = &s->reg[sel % 6];

		iova = r->iova + fz_u16(s->in) % r->size;
		size = 1 + fz_u16(s->in);
	} else if (sel % 6 == 4) {
		iova = fz_u64(s->in);
		size = fz_u64(s->in);
	} else {
		/* The rings themselves: the queues must break, not stray. */
		iova = SR_WIN_LO + fz_u32(s->in) % (SR_WIN_HI - SR_WIN_LO);
		size = 1 + fz_u16(s->in);
	}
	sr_mem_verify(s);
	st = sr_unmap(s, iova, size);
	fz_trace("unmap %#llx +%#llx: %d\n", (unsigned long long)iova,
		 (unsigned long long)size, st);
	sr_maps_changed(s);
}

static void op_map(struct sr *s)
{
	uint8_t sel = fz_u8(s->in);

	sr_mem_verify(s);
	if (sel % 6 < SR_NREG) {
		const struct sr_region *r = &s->reg[sel % 6];

		sr_map_add(s, r->iova, r->size, sr_body(SR_DATA_OFF + r->off),
			   r->perm);
	} else if (sel % 6 == 4) {
		uint32_t off = fz_u16(s->in) % SR_DATA_SIZE;
		uint32_t size = 1 + fz_u16(s->in) % (SR_DATA_SIZE - off);
		uint64_t iova = out_of_windows(fz_u64(s->in), size);
		uint32_t perm = fz_u8(s->in) % 4;

		sr_map_add(s, iova, size, sr_body(SR_DATA_OFF + off), perm);
	} else {
		/* Put the windows back as they were. */
		sr_unmap(s, SR_WIN_LO, SR_WIN_HI - SR_WIN_LO);
		sr_map_special(s);
	}
	sr_maps_changed(s);
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

static void sr_op(struct sr *s)
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
		op_poke(s);
		break;
	case OP_WIRE:
		op_wire(s);
		break;
	case OP_TIME:
		op_time(s);
		break;
	case OP_UNMAP:
		op_unmap(s);
		break;
	case OP_MAP:
		op_map(s);
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

/* ---- setup ---- */

static void sr_regions(struct sr *s)
{
	unsigned int r;

	for (r = 0; r < SR_NREG; r++) {
		struct sr_region *g = &s->reg[r];
		uint8_t sel;

		g->off = fz_u16(s->in) % SR_DATA_SIZE;
		g->size = 1 + fz_u16(s->in) % (SR_DATA_SIZE - g->off);
		sel = fz_u8(s->in);
		g->perm = 1 + sel % 3;
		if (sel & 0x80)
			g->iova = out_of_windows(fz_u64(s->in), g->size);
		else
			g->iova = (r + 1) * SR_DATA_IOVA + fz_u16(s->in);
		sr_map_add(s, g->iova, g->size,
			   sr_body(SR_DATA_OFF + g->off), g->perm);
	}
}

static void sr_setup(struct sr *s)
{
	uint8_t f = fz_u8(s->in);
	unsigned int i;
	int st;

	vd_mac(s->mac, SR_DEV, 1);
	for (i = 0; i < SR_NQ; i++)
		s->qsize_log[i] = fz_u8(s->in) % 7;
	s->pieces = 1 + fz_u8(s->in) % 4;
	s->special_perm = OVNIC_MR_PERM_READ |
			  (f & 0x40 ? OVNIC_MR_PERM_WRITE : 0);
	s->want = VD_BIT(VIRTIO_F_VERSION_1) |
		  VD_BIT(VIRTIO_F_ACCESS_PLATFORM) | VD_BIT(VIRTIO_NET_F_MTU) |
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

	st = vd_cmd_dev_create(s->c, SR_DEV, VD_F_CARD, s->mac,
			       68 + fz_u16(s->in) % 8933, 2,
			       sr_vector(OVNIC_VECTORS_PER_DEV - 1));
	fz_assert(st == OVNIC_STATUS_OK);

	/* Leave identity behind before the card sees any address. */
	sr_map_special(s);
	sr_regions(s);
	/* asid 1 too, for queues moved there: one read-only region. */
	s->map1 = (struct sr_map){ SR_DATA_IOVA, SR_DATA_IOVA + 4095,
				   sr_body(SR_DATA_OFF), OVNIC_MR_PERM_READ };
	fz_assert(vd_cmd_mr_map(s->c, SR_DEV, 1, s->map1.iova, 4096,
				(uintptr_t)(s->a->base + s->map1.host),
				s->map1.perm) == OVNIC_STATUS_OK);
	sr_maps_changed(s);

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
