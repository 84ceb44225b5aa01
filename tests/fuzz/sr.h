/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What the parts of fuzz_split_ring share: the arena's layout and the
 * harness's state (struct sr), its own view of memory, and the
 * functions of sr_mem.c (the maps, addresses from the input, the
 * operations on them), sr_dev.c (the device and the checks after the
 * card ran) and sr_ops.c (the operations).  fuzz_split_ring.c describes
 * the whole.  fuzz_packed_ring (pr.h) uses the layout, struct sr and
 * sr_mem.c too.
 */
#ifndef OVNIC_FUZZ_SR_H
#define OVNIC_FUZZ_SR_H

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

static inline void sr_write(struct sr *s, uint32_t off, const void *src,
			    uint32_t len)
{
	fz_assert(off <= s->a->total && len <= s->a->total - off);
	fz_mem_write(s->a->base + off, src, len);
	memcpy(s->snap + off, src, len);
}

static inline void sr_read(struct sr *s, uint32_t off, void *dst, uint32_t len)
{
	fz_mem_read(dst, s->a->base + off, len);
}

static inline void sr_put16(struct sr *s, uint32_t off, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)v, (uint8_t)(v >> 8) };

	sr_write(s, off, b, 2);
}

static inline uint16_t sr_get16(struct sr *s, uint32_t off)
{
	uint8_t b[2];

	sr_read(s, off, b, 2);
	return (uint16_t)(b[0] | b[1] << 8);
}

static inline uint32_t sr_get32(struct sr *s, uint32_t off)
{
	uint8_t b[4];

	sr_read(s, off, b, 4);
	return (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
	       (uint32_t)b[3] << 24;
}

static inline uint32_t sr_body(uint32_t off)
{
	return FZ_GUARD + off;
}

static inline uint32_t sr_desc_off(unsigned int q, unsigned int i)
{
	return sr_body(q * SR_DESC_STRIDE + 16 * i);
}

static inline uint32_t sr_avail_off(unsigned int q)
{
	return sr_body(SR_AVAIL_OFF + q * SR_AVAIL_STRIDE);
}

static inline uint32_t sr_used_off(unsigned int q)
{
	return sr_body(SR_USED_OFF + q * SR_USED_STRIDE);
}

struct sr_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

static inline uint32_t sr_vector(uint16_t qid)
{
	return SR_DEV * OVNIC_VECTORS_PER_DEV + qid;
}

/* sr_mem.c (fuzz_packed_ring's too) */
void sr_maps_changed(struct sr *s);
void sr_mem_verify(struct sr *s);
int sr_map_add(struct sr *s, uint64_t iova, uint64_t size, uint32_t host,
	       uint32_t perm);
int sr_unmap(struct sr *s, uint64_t iova, uint64_t size);
void sr_map_special(struct sr *s);
void sr_map_setup(struct sr *s);
uint64_t out_of_windows(uint64_t a, uint64_t len);
uint64_t sr_buf_addr(struct sr *s, uint32_t len);
uint64_t sr_table_addr(struct sr *s, uint32_t len);
void sr_desc_in(struct sr *s, struct sr_desc *d);
void sr_desc_put(struct sr *s, uint32_t off, const struct sr_desc *d);
void sr_op_poke(struct sr *s);
void sr_op_unmap(struct sr *s);
void sr_op_map(struct sr *s);

/* sr_dev.c */
void sr_q_resync(struct sr *s, uint16_t qid);
void sr_q_mem_init(struct sr *s, uint16_t qid);
void sr_bringup(struct sr *s);
void sr_settle(struct sr *s);
void sr_run(struct sr *s);

/* sr_ops.c */
void sr_op(struct sr *s);

#endif /* OVNIC_FUZZ_SR_H */
