// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The card: its lifetime, register window, doorbells, the wire's receive
 * side and the device cores that run the virtqueues.  With mailbox.c,
 * this is the firmware's whole public API (ovnic_card.h); everything else
 * is reached from here.
 */
#include "card.h"
#include "device_lifecycle.h"

#define CARD_FEATURES ((1ull << VIRTIO_F_VERSION_1) | \
		       (1ull << VIRTIO_NET_F_CSUM) | \
		       (1ull << VIRTIO_NET_F_GUEST_CSUM) | \
		       (1ull << VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) | \
		       (1ull << VIRTIO_NET_F_GUEST_TSO4) | \
		       (1ull << VIRTIO_NET_F_GUEST_TSO6) | \
		       (1ull << VIRTIO_NET_F_GUEST_ECN) | \
		       (1ull << VIRTIO_NET_F_HOST_TSO4) | \
		       (1ull << VIRTIO_NET_F_HOST_TSO6) | \
		       (1ull << VIRTIO_NET_F_HOST_ECN) | \
		       (1ull << VIRTIO_NET_F_MRG_RXBUF) | \
		       (1ull << VIRTIO_NET_F_GUEST_USO4) | \
		       (1ull << VIRTIO_NET_F_GUEST_USO6) | \
		       (1ull << VIRTIO_NET_F_HOST_USO) | \
		       (1ull << VIRTIO_NET_F_GUEST_HDRLEN) | \
		       (1ull << VIRTIO_F_ACCESS_PLATFORM) | \
		       (1ull << VIRTIO_F_INDIRECT_DESC) | \
		       (1ull << VIRTIO_F_EVENT_IDX) | \
		       (1ull << VIRTIO_F_RING_PACKED) | \
		       (1ull << VIRTIO_F_RING_RESET) | \
		       (1ull << VIRTIO_F_NOTIFICATION_DATA) | \
		       (1ull << VIRTIO_NET_F_MTU) | \
		       (1ull << VIRTIO_NET_F_MAC) | \
		       (1ull << VIRTIO_NET_F_STATUS) | \
		       (1ull << VIRTIO_NET_F_CTRL_VQ) | \
		       (1ull << VIRTIO_NET_F_CTRL_RX) | \
		       (1ull << VIRTIO_NET_F_CTRL_VLAN) | \
		       (1ull << VIRTIO_NET_F_GUEST_ANNOUNCE) | \
		       (1ull << VIRTIO_NET_F_MQ) | \
		       (1ull << VIRTIO_NET_F_CTRL_MAC_ADDR) | \
		       (1ull << VIRTIO_NET_F_DEVICE_STATS) | \
		       (1ull << VIRTIO_NET_F_VQ_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_RSS) | \
		       (1ull << VIRTIO_NET_F_HASH_REPORT) | \
		       (1ull << VIRTIO_NET_F_HASH_TUNNEL) | \
		       (1ull << VIRTIO_NET_F_SPEED_DUPLEX))

void ovnic_card_host_memory_changed(struct ovnic_card *card)
{
	card->pf.host.lock(card->control_lock);
	fw_host_memory_changed(&card->pf);
	card->pf.host.unlock(card->control_lock);
}

struct ovnic_card *ovnic_card_new(const struct ovnic_platform *plat,
				  const struct ovnic_card_params *params)
{
	struct ovnic_card *card;

	if (!params->max_devices ||
	    params->max_devices > OVNIC_FW_MAX_DEVICES ||
	    !params->max_vqp || params->max_vqp > OVNIC_FW_MAX_VQP ||
	    params->max_queue_size < 2 ||
	    params->max_queue_size > OVNIC_FW_MAX_QSIZE ||
	    (params->max_queue_size & (params->max_queue_size - 1)) ||
	    !params->num_cores || params->num_cores > OVNIC_FW_MAX_CORES)
		return NULL;
	card = plat->zalloc(plat->ctx, sizeof(*card));
	if (!card)
		return NULL;
	fw_platform_init(&card->pf, plat, params->num_cores);
	card->params = *params;
	card->features = CARD_FEATURES;
	card->control_lock = plat->lock_new(plat->ctx, OVNIC_LOCK_CONTROL);
	card->switch_lock = plat->lock_new(plat->ctx, OVNIC_LOCK_SWITCH);
	if (!card->control_lock || !card->switch_lock)
		goto err_locks;
	fw_switch_init(&card->sw, &card->pf, params->max_devices,
		       card->switch_lock);
	card->status = OVNIC_CARD_STATUS_READY;
	return card;

err_locks:
	if (card->switch_lock)
		plat->lock_free(plat->ctx, card->switch_lock);
	if (card->control_lock)
		plat->lock_free(plat->ctx, card->control_lock);
	plat->free(plat->ctx, card);
	return NULL;
}

void ovnic_card_free(struct ovnic_card *card)
{
	struct ovnic_platform plat = card->pf.host;
	u32 i;

	for (i = 0; i < OVNIC_FW_MAX_DEVICES; i++) {
		struct ovnic_dev *dev = card->sw.port[i];

		if (dev) {
			__atomic_store_n(&card->sw.port[i], NULL,
					 __ATOMIC_RELEASE);
			fw_dev_destroy(dev);
		}
	}
	plat.lock_free(plat.ctx, card->switch_lock);
	plat.lock_free(plat.ctx, card->control_lock);
	plat.free(plat.ctx, card);
}

/* ---- Register window ---- */

ovnic_u32 ovnic_card_reg_read(struct ovnic_card *card, ovnic_u32 offset)
{
	switch (offset) {
	case OVNIC_REG_MAGIC:
		return OVNIC_MAGIC;
	case OVNIC_REG_VERSION:
		return OVNIC_HW_VERSION_MAJOR << 16 | OVNIC_HW_VERSION_MINOR;
	case OVNIC_REG_CARD_STATUS:
		return card->status;
	case OVNIC_REG_MAX_DEVICES:
		return card->params.max_devices;
	case OVNIC_REG_MAX_VQP:
		return card->params.max_vqp;
	case OVNIC_REG_MAX_QUEUE_SIZE:
		return card->params.max_queue_size;
	case OVNIC_REG_NUM_CORES:
		return card->params.num_cores;
	case OVNIC_REG_FEATURES_LO:
		return (u32)card->features;
	case OVNIC_REG_FEATURES_HI:
		return (u32)(card->features >> 32);
	case OVNIC_REG_WIRE_LINK:
		return fw_read_once(&card->sw.wire_link);
	default:
		return 0;	/* unknown registers read as zero */
	}
}

void ovnic_card_reg_write(struct ovnic_card *card, ovnic_u32 offset,
			  ovnic_u32 val)
{
	if (offset == OVNIC_REG_WIRE_LINK)
		fw_write_once(&card->sw.wire_link, val ? 1u : 0u);
	/* other registers are read-only: writes are ignored */
}

/* ---- Doorbells and device cores ---- */

/*
 * The control queue's single server (device.h): a device core or a
 * doorbell answering inline.  Neither ever waits for the other.
 */
static bool ctrl_claim(struct ovnic_dev *dev)
{
	return fw_atomic_xchg(&dev->ctrl_busy, 1u) == 0;
}

/*
 * Commands the server left (its quantum ran out) or that came while it
 * held the queue and could not claim it: the device core takes them.
 * The kicker stored vq->kicked before it tried to claim, and claim and
 * release are sequentially consistent: this load sees that store.
 */
static void ctrl_release(struct ovnic_dev *dev, struct ovnic_vq *vq)
{
	fw_atomic_xchg(&dev->ctrl_busy, 0u);
	if (__atomic_load_n(&vq->kicked, __ATOMIC_SEQ_CST))
		fw_core_kick(dev->pf, dev->id, vq->qid);
}

/*
 * Commands a doorbell answers inline: virtio_net posts one and spins on
 * it, a flood goes on at the device core's pace.
 */
#define DOORBELL_CTRL_QUANTUM	4

/* A free doorbell scratch, or -1. */
static int doorbell_scr_take(struct ovnic_card *card)
{
	u32 busy = fw_read_once(&card->doorbell_scr_busy);

	for (;;) {
		int i = __builtin_ctz(~busy | (1u << OVNIC_DOORBELL_SCRATCH));

		if (i >= OVNIC_DOORBELL_SCRATCH)
			return -1;
		if (__atomic_compare_exchange_n(&card->doorbell_scr_busy, &busy,
						busy | 1u << i, false,
						__ATOMIC_ACQUIRE,
						__ATOMIC_RELAXED))
			return i;
	}
}

static void doorbell_scr_put(struct ovnic_card *card, int i)
{
	__atomic_fetch_and(&card->doorbell_scr_busy, ~(1u << i),
			   __ATOMIC_RELEASE);
}

/*
 * A control queue's doorbell, answered in the caller's context (its CPU
 * time, not a device core's): the driver busy-waits for every command,
 * and waking a core thread costs it far more than the command.  The work
 * is bounded, takes only the card's non-sleeping locks and never waits
 * for the device core or another doorbell: if one serves the queue now,
 * or every doorbell scratch is taken, the core is kicked as by
 * ovnic_card_doorbell().
 */
static void doorbell_serve_ctrl(struct ovnic_card *card, struct ovnic_dev *dev,
				struct ovnic_vq *vq)
{
	int scr;

	__atomic_add_fetch(&vq->stats.c[OVNIC_VQC_KICKS], 1, __ATOMIC_RELAXED);
	__atomic_store_n(&vq->kicked, 1u, __ATOMIC_SEQ_CST);
	scr = doorbell_scr_take(card);
	if (scr < 0 || !ctrl_claim(dev)) {
		if (scr >= 0)
			doorbell_scr_put(card, scr);
		fw_core_kick(dev->pf, dev->id, vq->qid);
		return;
	}
	if (fw_atomic_xchg(&vq->kicked, 0) && fw_vq_prepare(vq)) {
		fw_vq_check_notify(vq);
		fw_ctrl_vq(vq, &card->doorbell_scr[scr],
			   DOORBELL_CTRL_QUANTUM);
	}
	ctrl_release(dev, vq);
	doorbell_scr_put(card, scr);
}

#define DOORBELL_SERVE	1u	/* may answer a control queue inline */
#define DOORBELL_DATA	2u	/* the data doorbell (ovnic_hw.h) */

/*
 * A doorbell: the queue's core is kicked, or with DOORBELL_SERVE a running
 * control queue is answered here, a few commands, before the kick.  Data
 * is kept for the queue's server only when the driver negotiated it: data
 * on a plain doorbell, or without the feature, is no notification data.
 */
static void card_doorbell(struct ovnic_card *card, u16 dev_id, u32 val,
			  unsigned int how)
{
	bool serve = how & DOORBELL_SERVE;
	u16 qid = OVNIC_DB_QID(val);
	struct ovnic_dev *dev;
	u32 idx;

	if (dev_id >= card->params.max_devices)
		return;
	idx = fw_epoch_enter(&card->pf);
	dev = card_dev(card, dev_id);
	if (how & DOORBELL_DATA && dev && qid < dev->num_vqs &&
	    fw_dev_has(dev, VIRTIO_F_NOTIFICATION_DATA))
		fw_vq_notify_data(&dev->vq[qid], (u16)OVNIC_DB_NEXT(val));
	/*
	 * Which queue is the control queue is stable while it runs.  A
	 * suspended device's kick is only remembered, for DEV_RESUME.
	 */
	if (serve && dev && qid < dev->num_vqs && fw_dev_running(dev) &&
	    !fw_dev_suspended(dev) &&
	    fw_dev_has(dev, VIRTIO_NET_F_CTRL_VQ) && qid == fw_dev_cvq(dev))
		doorbell_serve_ctrl(card, dev, &dev->vq[qid]);
	else if (dev && qid < dev->num_vqs)
		fw_dev_doorbell(dev, qid);
	fw_epoch_exit(&card->pf, idx);
}

void ovnic_card_doorbell(struct ovnic_card *card, ovnic_u16 dev_id,
			 ovnic_u32 val)
{
	card_doorbell(card, dev_id, val, 0);
}

void ovnic_card_doorbell_serve(struct ovnic_card *card, ovnic_u16 dev_id,
			       ovnic_u32 val)
{
	card_doorbell(card, dev_id, val, DOORBELL_SERVE);
}

void ovnic_card_doorbell_data(struct ovnic_card *card, ovnic_u16 dev_id,
			      ovnic_u32 data, int serve)
{
	card_doorbell(card, dev_id, data,
		      DOORBELL_DATA | (serve ? DOORBELL_SERVE : 0));
}

/* ---- The wire ---- */

void ovnic_card_wire_rx_burst(struct ovnic_card *card,
			      const void *const *frame, const ovnic_u32 *len,
			      ovnic_u32 n)
{
	u32 idx = fw_epoch_enter(&card->pf);

	fw_switch_wire_rx(&card->sw, frame, len, n);
	fw_epoch_exit(&card->pf, idx);
}

void ovnic_card_wire_rx(struct ovnic_card *card, const void *frame,
			ovnic_u32 len)
{
	ovnic_card_wire_rx_burst(card, &frame, &len, 1);
}

ovnic_u32 ovnic_card_wire_rx_sg_burst(struct ovnic_card *card,
				      const struct ovnic_wire_frame *frame,
				      ovnic_u32 n)
{
	u32 idx, taken;

	if (n > OVNIC_WIRE_BURST_MAX)
		return 0;
	idx = fw_epoch_enter(&card->pf);
	taken = fw_switch_wire_rx_sg(&card->sw, frame, n);
	fw_epoch_exit(&card->pf, idx);
	return taken;
}

void ovnic_card_wire_rx_sg(struct ovnic_card *card,
			   const struct ovnic_wire_hdr *hdr,
			   const void *const *piece, const ovnic_u32 *piece_len,
			   ovnic_u32 npieces)
{
	struct ovnic_wire_frame f = {
		.hdr = *hdr,
		.npieces = npieces,
		.piece = piece,
		.piece_len = piece_len,
	};

	ovnic_card_wire_rx_sg_burst(card, &f, 1);
}

/* ---- Device cores ---- */

/*
 * Scheduling a core's queues.  Devices are tenants: none may starve
 * another on the same core, however many descriptors it keeps posted.
 *   - Control queues go first, a few commands each per poll: the guest
 *     busy-waits for the answer, and no data flood may delay it.
 *   - Data queues run in rounds: each device with work gets a quantum per
 *     round, spread over its transmit queues from a rotating start, until
 *     the poll's budget is spent.  The next poll starts with the device
 *     after the last one served, so a device waits at most about
 *     (devices with work x quantum / budget) polls.
 */
#define CORE_CTRL_QUANTUM	8		/* commands per poll */
#define CORE_DEV_QUANTUM	OVNIC_BURST	/* descriptors per round */

/*
 * Run one kicked queue for at most @quantum chains; *used gets how many
 * it took.  Returns whether it wants to run again.
 */
static bool core_run_vq(struct ovnic_card *card, unsigned int core,
			struct ovnic_vq *vq, unsigned int quantum,
			unsigned int *used)
{
	struct ovnic_dev *dev = vq->dev;

	*used = 0;
	if (fw_vq_core(&card->pf, dev->id, vq->qid) != core ||
	    !fw_atomic_xchg(&vq->kicked, 0))
		return false;
	if (!quantum) {
		fw_store_release(&vq->kicked, 1);
		return true;
	}
	/* A kick before DRIVER_OK is replayed when the driver gets there. */
	if (!fw_dev_running(dev) || !fw_vq_prepare(vq))
		return false;
	fw_vq_check_notify(vq);
	if (vq->qid == fw_dev_cvq(dev))
		*used = fw_ctrl_vq(vq, &card->core[core].ctrl, quantum);
	else
		*used = fw_net_tx(&card->sw, vq, &card->core[core].tx,
				  quantum);
	return fw_read_once(&vq->kicked) != 0;
}

/*
 * If a doorbell serves the control queue now, the core leaves it: the
 * doorbell kicks the core again on release if commands are left.
 */
static bool core_run_ctrl(struct ovnic_card *card, unsigned int core,
			  struct ovnic_dev *dev, unsigned int *budget)
{
	struct ovnic_vq *vq;
	unsigned int used;
	bool again;

	if (!fw_dev_has(dev, VIRTIO_NET_F_CTRL_VQ))
		return false;
	vq = &dev->vq[fw_dev_cvq(dev)];
	/* Claimed only when there is something to do, on its own core. */
	if (fw_vq_core(&card->pf, dev->id, vq->qid) != core ||
	    !fw_read_once(&vq->kicked) || !ctrl_claim(dev))
		return false;
	again = core_run_vq(card, core, vq, MIN(*budget, CORE_CTRL_QUANTUM),
			    &used);
	*budget -= used;
	/* What is left is returned to this core by @again. */
	fw_atomic_xchg(&dev->ctrl_busy, 0u);
	return again;
}

/* One round of @dev's transmit queues on @core; whether work remains. */
static bool core_run_data(struct ovnic_card *card, unsigned int core,
			  struct ovnic_dev *dev, unsigned int *budget)
{
	unsigned int quantum = MIN(*budget, CORE_DEV_QUANTUM), used, i;
	u16 ntx = fw_dev_cvq(dev) / 2, start = dev->tx_next[core] % ntx;
	bool again = false;

	for (i = 0; i < ntx; i++) {
		u16 q = (u16)(2 * ((start + i) % ntx) + 1);

		again |= core_run_vq(card, core, &dev->vq[q], quantum, &used);
		quantum -= used;
		*budget -= used;
	}
	dev->tx_next[core] = (u16)(start + 1);
	return again;
}

/* The first device of @set from id @from on, wrapping around. */
static unsigned int core_next_dev(u64 set, unsigned int from)
{
	u64 after = from < 64 ? set & (~0ull << from) : 0;

	return (unsigned int)__builtin_ctzll(after ? after : set);
}

int ovnic_card_core_poll(struct ovnic_card *card, unsigned int core,
			 unsigned int budget)
{
	u64 work, round, next = 0, again = 0;
	struct ovnic_core *c;
	unsigned int id, pos;
	u32 idx;

	if (core >= card->params.num_cores)
		return 0;
	c = &card->core[core];
	work = fw_core_take_work(&card->pf, core);
	idx = fw_epoch_enter(&card->pf);

	/*
	 * A device that doesn't run is left alone: its reset rewrites the
	 * features and queues this poll would read, once the epoch that saw
	 * it running is over.  Kicks stay pending until DRIVER_OK replays
	 * them.  A suspended device is left alone too, its kicks pending
	 * until DEV_RESUME: this is the one check suspension costs a core.
	 */
	for (round = work; round; round &= round - 1) {
		struct ovnic_dev *dev;

		id = (unsigned int)__builtin_ctzll(round);
		dev = card_dev(card, (u16)id);
		if (!dev || !fw_dev_running(dev) || fw_dev_suspended(dev))
			work &= ~(1ull << id);
		else if (core_run_ctrl(card, core, dev, &budget))
			again |= 1ull << id;
	}

	pos = c->rr_next;
	for (round = work; round && budget; ) {
		struct ovnic_dev *dev;

		id = core_next_dev(round, pos);
		round &= ~(1ull << id);
		pos = id + 1;
		dev = card_dev(card, (u16)id);
		if (dev && core_run_data(card, core, dev, &budget))
			next |= 1ull << id;
		if (!round) {
			round = next;
			next = 0;
		}
	}
	/* Out of budget: who is left, in this round or the next, resumes. */
	again |= round | next;
	c->rr_next = pos % 64;

	for (round = work; round; round &= round - 1) {
		struct ovnic_dev *dev;

		id = (unsigned int)__builtin_ctzll(round);
		dev = card_dev(card, (u16)id);
		if (dev)
			fw_coal_run(core, dev);
	}
	fw_epoch_exit(&card->pf, idx);
	if (again)
		fw_core_return_work(&card->pf, core, again);
	return again != 0;
}
