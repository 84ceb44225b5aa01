/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Notification coalescing state (virtio 1.3 5.1.6.5.9, notf_coal.c) and the
 * card's own adaptive moderation (notf_coal_adaptive.c).  Included by fw.h
 * only, after its fixed-width types.
 *
 * Each data queue has an owner that publishes its used entries: its device
 * core for a transmit queue, the holder of its rx_lock for a receive queue.
 * Everything but the parameter word and the event flag is the owner's
 * alone, so the packet path takes no lock for coalescing.
 */
#ifndef OVNIC_NOTF_COAL_H
#define OVNIC_NOTF_COAL_H

#define FW_COAL_RX		0
#define FW_COAL_TX		1

/*
 * The parameters and who set them, in one 64-bit word so that a set is
 * never seen half done: max_packets in bits 31:0, max_usecs in 55:32 (at
 * most OVNIC_COAL_USECS_MAX), the enum ovnic_coal_source in 63:56.  The
 * control queue and the mailbox store it; the owner's adaptive moderation
 * replaces it only by compare-and-swap, so a driver's set always wins.
 */
static inline u64 fw_coal_word(u32 usecs, u32 packets, u8 source)
{
	return (u64)source << 56 | (u64)(usecs & 0xffffff) << 32 | packets;
}

static inline u32 fw_coal_packets(u64 w)
{
	return (u32)w;
}

static inline u32 fw_coal_usecs(u64 w)
{
	return (u32)(w >> 32) & 0xffffff;
}

static inline u8 fw_coal_source(u64 w)
{
	return (u8)(w >> 56);
}

/* Both nonzero: otherwise every packet is notified (5.1.6.5.9.1). */
static inline bool fw_coal_on(u64 w)
{
	return fw_coal_packets(w) && fw_coal_usecs(w);
}

static inline bool fw_coal_cas(u64 *word, u64 old, u64 new)
{
	return __atomic_compare_exchange_n(word, &old, new, false,
					   __ATOMIC_SEQ_CST, __ATOMIC_RELAXED);
}

/* The card's rate measurement of one queue (owner only). */
struct fw_coal_adapt {
	u64 window_ns;		/* start of the current measurement window */
	u32 window_pkts;	/* packets published in it */
	u32 since_sample;	/* packets since the clock was last read */
	u32 rate;		/* smoothed packets per second */
};

struct fw_coal {
	u64 word;		/* fw_coal_word(); see above */
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
struct ovnic_card;

/* notf_coal.c: lifetime and state changes, on the control path */
int fw_coal_dev_init(struct ovnic_dev *dev);
void fw_coal_dev_fini(struct ovnic_dev *dev);
void fw_coal_dev_reset(struct ovnic_dev *dev);
void fw_coal_vq_enable(struct ovnic_vq *vq);
void fw_coal_vq_disable(struct ovnic_vq *vq);
int fw_coal_policy_set(struct ovnic_dev *dev,
		       const struct ovnic_coal_policy *p);
void fw_coal_policy_get(struct ovnic_dev *dev, struct ovnic_coal_policy *p);
int fw_coal_vq_query(struct ovnic_vq *vq, struct ovnic_resp_coal_vq *r);

/* notf_coal.c: the owner's side */
bool fw_coal_defer(struct ovnic_vq *vq, u16 published);
void fw_coal_run(struct ovnic_card *card, unsigned int core,
		 struct ovnic_dev *dev);

/* notf_coal_adaptive.c: the owner's, but for fw_coal_adaptive_on() */
bool fw_coal_adaptive_on(const struct ovnic_vq *vq, u64 word);
u64 fw_coal_adapt_flush(struct ovnic_vq *vq, u64 word, u16 published,
			u64 *now);
u64 fw_coal_adapt_sample(struct ovnic_vq *vq, u64 word, u64 now);

#endif /* OVNIC_NOTF_COAL_H */
