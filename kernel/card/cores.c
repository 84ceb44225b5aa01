// SPDX-License-Identifier: GPL-2.0
/*
 * Device cores: one kernel thread per core of the card, woken by the
 * firmware (doorbells, received frames) and running its poll loop.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bitops.h>
#include <linux/bottom_half.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/sched.h>
#include <linux/slab.h>
#include <linux/wait.h>

#include "glue.h"

#define OVNIC_CORE_BUDGET	64
#define OVNIC_CORE_PENDING	0	/* bit in ovnic_core_thread.flags */

struct ovnic_core_thread {
	struct ovnic_hw *hw;
	unsigned int index;
	unsigned long flags;
	wait_queue_head_t wq;
	struct task_struct *task;
};

struct ovnic_cores {
	unsigned int count;
	struct ovnic_core_thread core[] __counted_by(count);
};

static bool ovnic_core_woken(struct ovnic_core_thread *c)
{
	return test_bit(OVNIC_CORE_PENDING, &c->flags) || kthread_should_stop();
}

static int ovnic_core_fn(void *arg)
{
	struct ovnic_core_thread *c = arg;
	struct ovnic_card *card = c->hw->card;
	int more;

	while (!kthread_should_stop()) {
		wait_event_interruptible(c->wq, ovnic_core_woken(c));
		if (!test_and_clear_bit(OVNIC_CORE_PENDING, &c->flags))
			continue;
		/* Pairs with the barrier implied by test_and_set_bit(). */
		smp_mb__after_atomic();
		do {
			/*
			 * Interrupts end in vDPA callbacks that schedule NAPI:
			 * softirqs raised here run at local_bh_enable().
			 */
			local_bh_disable();
			more = ovnic_card_core_poll(card, c->index,
						    OVNIC_CORE_BUDGET);
			local_bh_enable();
			cond_resched();
		} while (more && !kthread_should_stop());
	}
	return 0;
}

void ovnic_cores_wake(struct ovnic_cores *cores, unsigned int core)
{
	struct ovnic_core_thread *c;

	if (core >= cores->count)
		return;
	c = &cores->core[core];
	if (!test_and_set_bit(OVNIC_CORE_PENDING, &c->flags))
		wake_up(&c->wq);
}

struct ovnic_cores *ovnic_cores_start(struct ovnic_hw *hw,
				      unsigned int num_cores)
{
	struct ovnic_cores *cores;
	unsigned int i;
	int err;

	cores = kzalloc(struct_size(cores, core, num_cores), GFP_KERNEL);
	if (!cores)
		return ERR_PTR(-ENOMEM);
	cores->count = num_cores;

	for (i = 0; i < num_cores; i++) {
		struct ovnic_core_thread *c = &cores->core[i];

		c->hw = hw;
		c->index = i;
		init_waitqueue_head(&c->wq);
		c->task = kthread_run(ovnic_core_fn, c, "ovnic%u-core%u",
				      hw->index, i);
		if (IS_ERR(c->task)) {
			err = PTR_ERR(c->task);
			c->task = NULL;
			goto err_stop;
		}
	}
	return cores;

err_stop:
	ovnic_cores_stop(cores);
	return ERR_PTR(err);
}

/* The caller makes sure nothing wakes @cores any more. */
void ovnic_cores_stop(struct ovnic_cores *cores)
{
	unsigned int i;

	for (i = 0; i < cores->count; i++)
		if (cores->core[i].task)
			kthread_stop(cores->core[i].task);
	kfree(cores);
}
