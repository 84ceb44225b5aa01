/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The card glue: the firmware library (ovnic_card.h) run inside the module
 * on kernel threads, behind the bus of ovnic_hw.h.  Only card/ includes
 * this header.
 */
#ifndef OVNIC_CARD_GLUE_H
#define OVNIC_CARD_GLUE_H

#include <linux/mutex.h>
#include <linux/notifier.h>
#include <linux/ratelimit.h>
#include <linux/types.h>

#include "ovnic_card.h"

struct ovnic_cores;
struct ovnic_ram_map;

/* One card: the firmware instance, its device cores and host callbacks. */
struct ovnic_hw {
	unsigned int index;
	struct ovnic_card *card;
	const struct ovnic_hw_host_ops *ops;
	void *ctx;
	struct ovnic_platform plat;
	struct ovnic_cores *cores;
	struct ovnic_ram_map __rcu *ram;	/* System RAM, for phys_to_ptr */
	struct mutex ram_lock;		/* serializes updates of @ram */
	struct notifier_block mem_nb;	/* memory hotplug: rebuild @ram */
	struct ratelimit_state log_rs;
};

/* platform.c */
int ovnic_platform_init(struct ovnic_hw *hw);
void ovnic_platform_exit(struct ovnic_hw *hw);

/* cores.c */
struct ovnic_cores *ovnic_cores_start(struct ovnic_hw *hw,
				      unsigned int num_cores);
void ovnic_cores_stop(struct ovnic_cores *cores);
void ovnic_cores_wake(struct ovnic_cores *cores, unsigned int core);

#endif /* OVNIC_CARD_GLUE_H */
