// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * vdriver: userspace virtio-net driver harness for the card.  See vdriver.h.
 * This file: the card (its platform, polling its cores, DMA memory,
 * registers, the wire).  Commands are in vdriver_cmds.c, devices in
 * vdriver_dev.c, virtqueues in vdriver_ring.c, the control queue in
 * vdriver_ctrl.c, frames in vdriver_frame.c, offloads in
 * vdriver_offload.c and vdriver_mrg.c.
 */
#include <errno.h>
#include <stdlib.h>

#include "adapter.h"
#include "vdriver.h"
#include "vdriver_int.h"

/* ---- card ---- */

struct vd_card *vd_card_new(const struct ovnic_card_params *params)
{
	static const struct ovnic_card_params def = {
		.max_devices	= 8,
		.max_vqp	= 4,
		.max_queue_size	= 4096,
		.num_cores	= 2,
	};
	struct vd_card *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	c->params = params ? *params : def;
	c->budget = 64;
	c->poll_limit = 1000000;
	c->plat = up_plat_new();
	if (!c->plat)
		goto err_free;
	if (!up_arena_create(c->plat, VD_CARD_ARENA))
		goto err_plat;
	c->card = ovnic_card_new(up_plat_ops(c->plat), &c->params);
	if (!c->card)
		goto err_plat;
	return c;

err_plat:
	up_plat_free(c->plat);
err_free:
	free(c);
	return NULL;
}

void vd_card_free(struct vd_card *c)
{
	if (!c)
		return;
	if (c->card)
		ovnic_card_free(c->card);
	up_plat_free(c->plat);
	free(c->ad);
	free(c);
}

int vd_card_run(struct vd_card *c)
{
	unsigned int ncores = c->params.num_cores;
	uint32_t all = ncores >= 32 ? ~0u : (1u << ncores) - 1;
	unsigned long n = 0;

	while (n < c->poll_limit) {
		uint32_t mask, more = 0;
		unsigned int core;

		/* timers due now fire as they would on their own */
		up_timers_run(c->plat);
		mask = c->plat->wake_pending;

		if (c->poll_all)
			mask |= all;
		if (!mask)
			return 0;
		c->plat->wake_pending &= ~mask;
		for (core = 0; core < 32; core++) {
			if (!(mask & (1u << core)))
				continue;
			if (ovnic_card_core_poll(c->card, core, c->budget))
				more |= 1u << core;
			n++;
			c->polls++;
		}
		c->plat->wake_pending |= more;
		if (c->poll_all && !c->plat->wake_pending)
			return 0;
	}
	return -ETIMEDOUT;
}

/* From the card's pool when one is set, else from its arenas. */
void *vd_alloc(struct vd_card *c, size_t size, size_t align)
{
	size_t off;

	if (!size)
		size = 1;
	if (!c->pool)
		return up_arena_alloc(c->plat, size, align);
	off = (c->pool_used + align - 1) & ~(align - 1);
	if (off > c->pool_size || size > c->pool_size - off)
		return NULL;
	c->pool_used = off + size;
	return c->pool + off;
}

void *vd_dma_alloc(struct vd_card *c, size_t size)
{
	return vd_alloc(c, size, 64);
}

void vd_card_set_pool(struct vd_card *c, void *base, size_t size)
{
	c->pool = base;
	c->pool_size = base ? size : 0;
	c->pool_used = 0;
}

uint32_t vd_reg_read(struct vd_card *c, uint32_t off)
{
	return ovnic_card_reg_read(c->card, off);
}

void vd_reg_write(struct vd_card *c, uint32_t off, uint32_t val)
{
	ovnic_card_reg_write(c->card, off, val);
}

int vd_wire_rx(struct vd_card *c, const void *frame, uint32_t len)
{
	ovnic_card_wire_rx(c->card, frame, len);
	return vd_card_run(c);
}

