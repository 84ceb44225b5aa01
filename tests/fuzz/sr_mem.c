// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_split_ring's address space, fuzz_packed_ring's too: the maps it
 * gave the card (what the card may read and write, checked against a copy
 * of the arena), addresses of buffers and tables drawn from the input,
 * and the operations on the data area and the maps.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sr.h"

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
void sr_maps_changed(struct sr *s)
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
void sr_mem_verify(struct sr *s)
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
		fprintf(stderr, "fuzz: body offset %ld changed\n",
			(long)j - (long)s->a->guard);
		fz_assert(!"write outside the writable regions");
	}
	memcpy(s->snap, base, s->a->total);
	sr_maps_changed(s);
}

int sr_map_add(struct sr *s, uint64_t iova, uint64_t size, uint32_t host,
	       uint32_t perm)
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

int sr_unmap(struct sr *s, uint64_t iova, uint64_t size)
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
void sr_map_special(struct sr *s)
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

/*
 * The windows, the data regions the input places, and asid 1's one
 * read-only region (for queues moved there): before the card sees any
 * address.
 */
void sr_map_setup(struct sr *s)
{
	sr_map_special(s);
	sr_regions(s);
	s->map1 = (struct sr_map){ SR_DATA_IOVA, SR_DATA_IOVA + 4095,
				   sr_body(SR_DATA_OFF), OVNIC_MR_PERM_READ };
	fz_assert(vd_cmd_mr_map(s->c, SR_DEV, 1, s->map1.iova, 4096,
				(uintptr_t)(s->a->base + s->map1.host),
				s->map1.perm) == OVNIC_STATUS_OK);
	sr_maps_changed(s);
}

static bool in_windows(uint64_t a, uint64_t len)
{
	uint64_t last = a + (len ? len : 1) - 1;

	if (last < a)		/* wraps: [a, 2^64) and [0, last] */
		return a < SR_WIN_HI || last >= SR_WIN_LO;
	return a < SR_WIN_HI && last >= SR_WIN_LO;
}

/* Out of the harness's windows, whatever @a was. */
uint64_t out_of_windows(uint64_t a, uint64_t len)
{
	if (in_windows(a, len))
		a ^= SR_FAR;
	return in_windows(a, len) ? SR_FAR : a;
}

/* ---- addresses from the input ---- */

/* A buffer: never in the harness's windows. */
uint64_t sr_buf_addr(struct sr *s, uint32_t len)
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
uint64_t sr_table_addr(struct sr *s, uint32_t len)
{
	uint8_t sel = fz_u8(s->in);
	uint64_t a;

	if (sel < 0xe0)
		return SR_TABLE_IOVA + fz_u16(s->in) % SR_TABLE_SIZE;
	a = sr_buf_addr(s, len);
	s->tainted = true;
	return a;
}

void sr_desc_in(struct sr *s, struct sr_desc *d)
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

void sr_desc_put(struct sr *s, uint32_t off, const struct sr_desc *d)
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

/* ---- operations on the memory and the maps (sr_ops.c, pr_ops.c) ---- */

void sr_op_poke(struct sr *s)
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

void sr_op_unmap(struct sr *s)
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

void sr_op_map(struct sr *s)
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
