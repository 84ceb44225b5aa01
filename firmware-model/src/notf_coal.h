/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Notifications coalescing (virtio 1.3 5.1.6.5.9, notf_coal.c): when a
 * queue's driver hears of the buffers it got back.
 *
 * Each data queue has an owner that publishes its used entries: its device
 * core for a transmit queue, the holder of its rx_lock for a receive queue.
 * Everything but the parameter word and the event flag is the owner's
 * alone, so the packet path takes no lock for coalescing.
 */
#ifndef OVNIC_NOTF_COAL_H
#define OVNIC_NOTF_COAL_H

#include "notf_coal_adaptive.h"

struct fw_coal {
	u64 word;		/* fw_coal_word() (notf_coal_adaptive.h) */
	u32 event;		/* set: the owner must re-evaluate (atomic) */
	bool active;		/* an enabled data queue (control path) */
	bool armed;		/* owner: the timer may be armed */
	u32 pending;		/* owner: published, not yet notified */
	u64 first_ns;		/* owner: when the first of them was */
	struct fw_coal_adapt adapt;	/* owner */
	struct ovnic_timer *timer;	/* data queues: lives with the device */
};

/* Per device: the driver's global sets and the host's policy. */
struct fw_coal_dev {
	u64 global[2];		/* FW_COAL_RX/TX: last RX_SET / TX_SET */
	bool global_set[2];
	u32 default_usecs[2];	/* policy: applied when a queue is enabled */
	u32 default_packets[2];
	u32 flags;		/* OVNIC_COAL_F_*, read by owners */
	u32 irq_rate;		/* adaptive target interrupts/s per queue */
};

struct ovnic_dev;
struct ovnic_vq;
struct fw_ctrl_cmd;

/* Lifetime and state changes, on the control path */
int fw_coal_dev_init(struct ovnic_dev *dev);
void fw_coal_dev_fini(struct ovnic_dev *dev);
void fw_coal_dev_reset(struct ovnic_dev *dev);
void fw_coal_vq_enable(struct ovnic_vq *vq);
void fw_coal_vq_disable(struct ovnic_vq *vq);
void fw_coal_dev_suspended(struct ovnic_dev *dev);
void fw_coal_dev_resumed(struct ovnic_dev *dev);
int fw_coal_policy_set(struct ovnic_dev *dev,
		       const struct ovnic_coal_policy *p);
void fw_coal_policy_get(struct ovnic_dev *dev, struct ovnic_coal_policy *p);
int fw_coal_vq_query(struct ovnic_vq *vq, struct ovnic_resp_coal_vq *r);

/* The owner's side */
void fw_coal_flush(struct ovnic_vq *vq);
void fw_coal_run(unsigned int core, struct ovnic_dev *dev);

/* The control class (5.1.6.5.9) */
u8 fw_ctrl_notf_coal(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);

#endif /* OVNIC_NOTF_COAL_H */
