// SPDX-License-Identifier: GPL-2.0
/*
 * The bus of ovnic_hw.h for cards whose firmware runs inside this module:
 * attach creates the card and starts its device cores.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/bottom_half.h>
#include <linux/cpumask.h>
#include <linux/err.h>
#include <linux/irqflags.h>
#include <linux/minmax.h>
#include <linux/moduleparam.h>
#include <linux/preempt.h>
#include <linux/printk.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>

#include "glue.h"

static unsigned int max_devices = 16;
module_param(max_devices, uint, 0444);
MODULE_PARM_DESC(max_devices, "vDPA devices per card (1-64, default 16)");

static unsigned int max_vqp = 8;
module_param(max_vqp, uint, 0444);
MODULE_PARM_DESC(max_vqp, "Queue pairs per device (1-32, default 8)");

static unsigned int max_queue_size = 1024;
module_param(max_queue_size, uint, 0444);
MODULE_PARM_DESC(max_queue_size,
		 "Descriptors per ring, a power of 2 (default 1024)");

/*
 * Off, a control command waits for a device core thread as a data queue's
 * work does: for comparison (bench/vm-cvq.sh) and diagnosis.
 */
static bool cvq_inline = true;
module_param(cvq_inline, bool, 0644);
MODULE_PARM_DESC(cvq_inline,
		 "Answer control commands in the doorbell when interrupts are on (default on)");

static unsigned int num_cores;
module_param(num_cores, uint, 0444);
MODULE_PARM_DESC(num_cores,
		 "Device cores (threads) per card (1-16, default min(online CPUs, 4))");

static void ovnic_hw_forget_card(struct ovnic_hw *hw)
{
	mutex_lock(&hw->ram_lock);
	hw->card = NULL;
	mutex_unlock(&hw->ram_lock);
}

struct ovnic_hw *ovnic_hw_attach(unsigned int index,
				 const struct ovnic_hw_host_ops *ops, void *ctx)
{
	struct ovnic_card_params params = {
		.max_devices	= max_devices,
		.max_vqp	= max_vqp,
		.max_queue_size	= max_queue_size,
		.num_cores	= num_cores ?: min(num_online_cpus(), 4U),
	};
	struct ovnic_card *card;
	struct ovnic_cores *cores;
	struct ovnic_hw *hw;

	hw = kzalloc(sizeof(*hw), GFP_KERNEL);
	if (!hw)
		return NULL;
	hw->index = index;
	hw->ops = ops;
	hw->ctx = ctx;
	if (ovnic_platform_init(hw))
		goto err_free_hw;

	card = ovnic_card_new(&hw->plat, &params);
	if (!card) {
		pr_err("card%u: cannot create the card (max_devices %u, max_vqp %u, max_queue_size %u, num_cores %u)\n",
		       index, params.max_devices, params.max_vqp,
		       params.max_queue_size, params.num_cores);
		goto err_platform;
	}
	/* Under ram_lock: the memory notifier tells the card of changes. */
	mutex_lock(&hw->ram_lock);
	hw->card = card;
	mutex_unlock(&hw->ram_lock);

	cores = ovnic_cores_start(hw, params.num_cores);
	if (IS_ERR(cores)) {
		pr_err("card%u: cannot start device cores: %pe\n",
		       index, cores);
		goto err_free_card;
	}
	WRITE_ONCE(hw->cores, cores);
	return hw;

err_free_card:
	ovnic_hw_forget_card(hw);
	ovnic_card_free(card);
err_platform:
	ovnic_platform_exit(hw);
err_free_hw:
	kfree(hw);
	return NULL;
}

void ovnic_hw_detach(struct ovnic_hw *hw)
{
	struct ovnic_cores *cores = hw->cores;
	struct ovnic_card *card;

	WRITE_ONCE(hw->cores, NULL);
	/*
	 * Whoever wakes a core (doorbells, wire receive, firmware timers)
	 * runs with preemption, bottom halves or interrupts off: once the
	 * grace period ends, none of them holds the old pointer.
	 */
	synchronize_rcu();
	ovnic_cores_stop(cores);
	card = hw->card;
	ovnic_hw_forget_card(hw);
	ovnic_card_free(card);
	ovnic_platform_exit(hw);
	kfree(hw);
}

ovnic_u32 ovnic_hw_reg_read(struct ovnic_hw *hw, ovnic_u32 offset)
{
	return ovnic_card_reg_read(hw->card, offset);
}

void ovnic_hw_reg_write(struct ovnic_hw *hw, ovnic_u32 offset, ovnic_u32 val)
{
	ovnic_card_reg_write(hw->card, offset, val);
}

int ovnic_hw_mailbox(struct ovnic_hw *hw, const void *cmd, ovnic_u32 cmd_len,
		     void *resp, ovnic_u32 resp_len)
{
	might_sleep();
	return ovnic_card_mailbox(hw->card, cmd, cmd_len, resp, resp_len);
}

/*
 * Doorbells and received frames are firmware data-path readers, which must
 * not be preempted.  Doorbells may come with interrupts off (netpoll): then
 * they only disable preemption and leave the work to a core; frames take
 * the card's BH-safe locks.
 */
static void ovnic_hw_ring(struct ovnic_hw *hw, ovnic_u16 dev_id,
			  ovnic_u32 val, bool data)
{
	/*
	 * The driver spins on a control command: with interrupts on, the
	 * card answers it here, with its BH-safe locks, rather than after
	 * waking a core thread.  The work is bounded and the kicker's.
	 */
	if (READ_ONCE(cvq_inline) && !irqs_disabled() && !in_hardirq()) {
		local_bh_disable();
		if (data)
			ovnic_card_doorbell_data(hw->card, dev_id, val, 1);
		else
			ovnic_card_doorbell_serve(hw->card, dev_id, val);
		local_bh_enable();
		return;
	}
	preempt_disable();
	if (data)
		ovnic_card_doorbell_data(hw->card, dev_id, val, 0);
	else
		ovnic_card_doorbell(hw->card, dev_id, val);
	preempt_enable();
}

void ovnic_hw_doorbell(struct ovnic_hw *hw, ovnic_u16 dev_id, ovnic_u32 val)
{
	ovnic_hw_ring(hw, dev_id, val, false);
}

void ovnic_hw_doorbell_data(struct ovnic_hw *hw, ovnic_u16 dev_id,
			    ovnic_u32 data)
{
	ovnic_hw_ring(hw, dev_id, data, true);
}

void ovnic_hw_wire_rx(struct ovnic_hw *hw, const void *frame, ovnic_u32 len)
{
	local_bh_disable();
	ovnic_card_wire_rx(hw->card, frame, len);
	local_bh_enable();
}

void ovnic_hw_wire_rx_sg(struct ovnic_hw *hw, const struct ovnic_wire_hdr *hdr,
			 const void *const *piece, const ovnic_u32 *piece_len,
			 ovnic_u32 npieces)
{
	local_bh_disable();
	ovnic_card_wire_rx_sg(hw->card, hdr, piece, piece_len, npieces);
	local_bh_enable();
}

ovnic_u32 ovnic_hw_wire_rx_sg_burst(struct ovnic_hw *hw,
				    const struct ovnic_wire_frame *frame,
				    ovnic_u32 n)
{
	ovnic_u32 taken;

	local_bh_disable();
	taken = ovnic_card_wire_rx_sg_burst(hw->card, frame, n);
	local_bh_enable();
	return taken;
}
