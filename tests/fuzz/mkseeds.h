/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * What mkseeds's seed writers share (seeds_*.c, one per fuzz target):
 * an input being built, and save() (seed.c) to write it to
 * corpus/<target>/.
 */
#ifndef OVNIC_FUZZ_MKSEEDS_H
#define OVNIC_FUZZ_MKSEEDS_H

#include <stddef.h>
#include <stdint.h>

#include <linux/virtio_net.h>

#include "ovnic_hw.h"
#include "pktbuild.h"

/* ---- an input being built ---- */

struct seed {
	uint8_t b[16384];
	size_t n;
};

static inline void u8(struct seed *s, unsigned int v)
{
	if (s->n < sizeof(s->b))
		s->b[s->n++] = (uint8_t)v;
}

static inline void u16(struct seed *s, unsigned int v)
{
	u8(s, v);
	u8(s, v >> 8);
}

static inline void u32(struct seed *s, uint32_t v)
{
	u16(s, v);
	u16(s, v >> 16);
}

static inline void bytes(struct seed *s, const void *p, size_t n)
{
	const uint8_t *q = p;

	while (n--)
		u8(s, *q++);
}

/* seed.c: where save() writes, corpus/ unless main() says otherwise */
extern const char *outdir;

void save(const char *target, const struct seed *s, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* one writer per target, each in its seeds_<target>.c */
void seeds_split_ring(void);
void seeds_packed_ring(void);
void seeds_ctrl_cmd(void);
void seeds_mailbox(void);
void seeds_pkt_parse(void);
void seeds_switch(void);
void seeds_offload(void);
void seeds_offload_path(void);

#endif /* OVNIC_FUZZ_MKSEEDS_H */
