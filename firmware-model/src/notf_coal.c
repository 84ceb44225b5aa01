// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Notifications coalescing (virtio 1.3 section 5.1.6.5.9,
 * VIRTIO_NET_F_NOTF_COAL and VIRTIO_NET_F_VQ_NOTF_COAL): the control class
 * and the per-queue engine behind it.
 *
 * A queue coalesces when both max_usecs and max_packets are nonzero.  The
 * count starts with the first entry published after a notification; the
 * notification conditions are met when max_packets entries have been
 * published or max_usecs have passed since the first of them, whichever
 * comes first (5.1.6.5.9.1).  The notification is then sent as the driver's
 * own suppression allows (VRING_AVAIL_F_NO_INTERRUPT, or used_event with
 * VIRTIO_F_EVENT_IDX: 2.7.7, 2.7.10), and counting starts again with the
 * next entry.  The last set for a queue wins, whichever command made it;
 * an enabled queue starts from the driver's last RX_SET/TX_SET, else from
 * the device's policy (0 unless the host's administrator chose otherwise);
 * a reset clears everything.  New parameters that are already met notify
 * at once (5.1.6.5.9.4).
 *
 * The engine runs in the queue's owner (see notf_coal.h).  Two other
 * contexts reach a queue: its timer and the control queue (or mailbox)
 * changing its parameters.  Neither touches the owner's state: both raise
 * the queue's event flag and wake the owner's device core, which
 * re-evaluates the queue (coal_service()).  The race that matters is the
 * timer firing while the owner ends the period itself, by count: the
 * owner's timer_cancel() does not wait, so the old period's expiry may be
 * delivered after the next period began.  The owner then finds the new
 * period not yet due and re-arms for it: each period is notified exactly
 * once, by whichever of count, expiry or parameter change comes first.
 */
#include "device.h"
#include "ctrl_cmd.h"

static unsigned int coal_dir(const struct ovnic_vq *vq)
{
	return vq->qid % 2 ? FW_COAL_TX : FW_COAL_RX;
}

static const struct ovnic_platform *coal_plat(const struct ovnic_vq *vq)
{
	return &vq->pf->host;
}

/* Have the owner look at @vq again; any context, timer callbacks too. */
static void coal_request(struct ovnic_vq *vq)
{
	fw_store_release(&vq->coal.event, 1);
	fw_core_kick(vq->pf, vq->dev_id, vq->qid);
}

static void coal_timer_fn(void *arg)
{
	coal_request(arg);
}

/* ---- The owner's side ---- */

static u64 coal_now(const struct ovnic_vq *vq)
{
	return coal_plat(vq)->now_ns(coal_plat(vq)->ctx);
}

static void coal_arm(struct ovnic_vq *vq, u64 delay_ns)
{
	coal_plat(vq)->timer_arm(vq->coal.timer, delay_ns);
	fw_write_once(&vq->coal.armed, true);
}

/* The period's entries are being notified: start counting again. */
static void coal_end(struct ovnic_vq *vq)
{
	fw_write_once(&vq->coal.pending, 0);
	if (vq->coal.armed) {
		coal_plat(vq)->timer_cancel(vq->coal.timer);
		fw_write_once(&vq->coal.armed, false);
	}
}

/*
 * After @published used entries were published: true when coalescing
 * holds their notification back, false when the caller notifies now.
 */
static bool coal_defer(struct ovnic_vq *vq, u16 published)
{
	struct fw_coal *co = &vq->coal;
	u64 w, now = 0;

	if (!co->active)
		return false;
	w = fw_read_once(&co->word);
	if (fw_coal_adaptive_on(vq, w))
		w = fw_coal_adapt_flush(vq, w, published, &now);
	if (!fw_coal_on(w)) {
		if (co->pending)
			coal_end(vq);
		return false;
	}
	if (!co->pending)
		co->first_ns = now ? now : coal_now(vq);
	fw_write_once(&co->pending, co->pending + published);
	if (co->pending >= fw_coal_packets(w)) {
		coal_end(vq);
		return false;
	}
	if (co->pending == published)
		coal_arm(vq, fw_coal_usecs(w) * 1000ull);
	fw_count(&vq->stats.c[OVNIC_VQC_COALESCED], published);
	return true;
}

/*
 * Publish what the owner put in @vq's used ring, and notify the driver
 * unless coalescing holds the notification back.
 */
void fw_coal_flush(struct ovnic_vq *vq)
{
	u16 published = fw_vq_publish(vq);

	if (published && !coal_defer(vq, published))
		fw_vq_notify(vq);
}

/* The timer fired or the parameters changed: notify if now due. */
static void coal_service(struct ovnic_vq *vq)
{
	struct fw_coal *co = &vq->coal;
	u64 w, now, due;

	if (!co->active || !fw_vq_prepare(vq))
		return;
	w = fw_read_once(&co->word);
	now = coal_now(vq);
	if (fw_coal_adaptive_on(vq, w))
		w = fw_coal_adapt_sample(vq, w, now);
	if (!co->pending)
		return;
	due = co->first_ns + fw_coal_usecs(w) * 1000ull;
	if (fw_coal_on(w) && co->pending < fw_coal_packets(w) && now < due) {
		/* An old period's expiry, or a longer max_usecs. */
		coal_arm(vq, due - now);
		return;
	}
	coal_end(vq);
	fw_vq_notify(vq);
}

/* Device core @core: serve the events of the queues it owns on @dev. */
void fw_coal_run(unsigned int core, struct ovnic_dev *dev)
{
	u16 q;

	for (q = 0; q + 1u < dev->num_vqs; q++) {
		struct ovnic_vq *vq = &dev->vq[q];

		/*
		 * A queue that is not enabled has its state rewritten by the
		 * control path (coal_stop()); it waits for this epoch to end
		 * after it disabled the queue.
		 */
		if (!fw_load_acquire(&vq->ready) ||
		    !fw_read_once(&vq->coal.event) ||
		    fw_vq_core(dev->pf, dev->id, q) != core ||
		    !fw_atomic_xchg(&vq->coal.event, 0))
			continue;
		if (!fw_dev_running(dev))
			continue;
		if (coal_dir(vq) == FW_COAL_RX) {
			fw_lock(dev->pf, vq->rx_lock);
			coal_service(vq);
			fw_unlock(dev->pf, vq->rx_lock);
		} else {
			coal_service(vq);
		}
	}
}

/* ---- Lifetime, on the control path ---- */

/* The data queues (all but the last) get their timers with the device. */
int fw_coal_dev_init(struct ovnic_dev *dev)
{
	const struct ovnic_platform *plat = &dev->pf->host;
	u16 q;

	for (q = 0; q + 1u < dev->num_vqs; q++) {
		dev->vq[q].coal.timer = plat->timer_new(plat->ctx, coal_timer_fn,
							&dev->vq[q]);
		if (!dev->vq[q].coal.timer) {
			fw_coal_dev_fini(dev);
			return OVNIC_STATUS_NO_MEMORY;
		}
	}
	dev->coal.irq_rate = OVNIC_COAL_IRQ_RATE_DEFAULT;
	return OVNIC_STATUS_OK;
}

/* After the device was quiesced: no callback runs once this returns. */
void fw_coal_dev_fini(struct ovnic_dev *dev)
{
	const struct ovnic_platform *plat = &dev->pf->host;
	u16 q;

	for (q = 0; q + 1u < dev->num_vqs; q++) {
		if (dev->vq[q].coal.timer)
			plat->timer_free(plat->ctx, dev->vq[q].coal.timer);
		dev->vq[q].coal.timer = NULL;
	}
}

/* Stop a queue's engine; its timer is cancelled and has finished. */
static void coal_stop(struct ovnic_vq *vq)
{
	struct ovnic_timer *timer = vq->coal.timer;

	if (timer)
		coal_plat(vq)->timer_cancel_sync(timer);
	fw_memset(&vq->coal, 0, sizeof(vq->coal));
	vq->coal.timer = timer;
}

/*
 * Reset (after the device was quiesced): every parameter back to 0 and the
 * driver's global sets forgotten (5.1.6.5.9, device
 * requirements); the policy stays.
 */
void fw_coal_dev_reset(struct ovnic_dev *dev)
{
	u16 q;

	for (q = 0; q < dev->num_vqs; q++)
		coal_stop(&dev->vq[q]);
	fw_memset(dev->coal.global, 0, sizeof(dev->coal.global));
	fw_memset(dev->coal.global_set, 0, sizeof(dev->coal.global_set));
}

/*
 * The driver enables @vq: a data queue takes the parameters of the last
 * RX_SET/TX_SET, or, if the driver made none, the policy's.
 */
void fw_coal_vq_enable(struct ovnic_vq *vq)
{
	struct ovnic_dev *dev = vq->dev;
	struct fw_coal_dev *cd = &dev->coal;
	unsigned int dir = coal_dir(vq);

	coal_stop(vq);
	if (vq->qid >= fw_dev_cvq(dev) || !vq->coal.timer)
		return;
	if (fw_load_acquire(&cd->global_set[dir]))
		vq->coal.word = fw_read_once(&cd->global[dir]);
	else
		vq->coal.word = fw_coal_word(cd->default_usecs[dir],
					     cd->default_packets[dir],
					     OVNIC_COAL_SRC_DEFAULT);
	vq->coal.active = true;
}

/* After the owner stopped using @vq (the caller moved the epoch). */
void fw_coal_vq_disable(struct ovnic_vq *vq)
{
	coal_stop(vq);
}

/*
 * DEV_SUSPEND stopped every owner of @dev's queues (the epoch turned after
 * the flag): the control path owns them until DEV_RESUME, and notifies now
 * what coalescing held back, so that a suspended device owes its driver
 * nothing.  A timer that fires meanwhile only raises the event, served
 * after the resume with nothing pending.
 */
void fw_coal_dev_suspended(struct ovnic_dev *dev)
{
	u16 q;

	for (q = 0; q + 1u < dev->num_vqs; q++) {
		struct ovnic_vq *vq = &dev->vq[q];

		if (!fw_load_acquire(&vq->ready) || !vq->coal.pending ||
		    !fw_vq_prepare(vq))
			continue;
		coal_end(vq);
		fw_vq_notify(vq);
	}
}

/* DEV_RESUME: the events the timers raised while no core served them. */
void fw_coal_dev_resumed(struct ovnic_dev *dev)
{
	u16 q;

	for (q = 0; q + 1u < dev->num_vqs; q++)
		if (fw_load_acquire(&dev->vq[q].coal.event))
			fw_core_kick(dev->pf, dev->id, q);
}

/* ---- The control class (5.1.6.5.9) ---- */

#define COAL_LEN	8	/* struct virtio_net_ctrl_coal */
#define COAL_VQ_LEN	12	/* struct virtio_net_ctrl_coal_vq */

/* le32 max_packets, le32 max_usecs. */
static bool coal_parse(const u8 *p, u8 source, u64 *word)
{
	u32 packets = fw_get_le32(p), usecs = fw_get_le32(p + 4);

	if (usecs > OVNIC_COAL_USECS_MAX)
		return false;	/* not able to: ERR */
	*word = fw_coal_word(usecs, packets, source);
	return true;
}

static void coal_set(struct ovnic_vq *vq, u64 word)
{
	fw_write_once(&vq->coal.word, word);
	coal_request(vq);
}

/* An enabled transmit or receive queue, the only ones VQ_SET/GET name. */
static struct ovnic_vq *coal_enabled_vq(struct ovnic_dev *dev, u16 qid)
{
	struct ovnic_vq *vq;

	if (qid >= fw_dev_cvq(dev))
		return NULL;
	vq = &dev->vq[qid];
	if (!fw_load_acquire(&vq->ready) || !vq->coal.active)
		return NULL;
	return vq;
}

static u8 coal_global_set(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	unsigned int dir = c->cmd == VIRTIO_NET_CTRL_NOTF_COAL_TX_SET ?
			   FW_COAL_TX : FW_COAL_RX;
	u64 word;
	u16 q;

	if (!fw_dev_has(dev, VIRTIO_NET_F_NOTF_COAL) || c->len != COAL_LEN ||
	    !coal_parse(c->data, OVNIC_COAL_SRC_DRIVER_GLOBAL, &word))
		return VIRTIO_NET_ERR;
	/* Read by the mailbox when the driver enables a queue meanwhile. */
	fw_write_once(&dev->coal.global[dir], word);
	fw_store_release(&dev->coal.global_set[dir], true);
	for (q = (u16)dir; q < fw_dev_cvq(dev); q += 2)
		if (coal_enabled_vq(dev, q))
			coal_set(&dev->vq[q], word);
	return VIRTIO_NET_OK;
}

static u8 coal_vq_set(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	struct ovnic_vq *vq;
	u64 word;

	if (!fw_dev_has(dev, VIRTIO_NET_F_VQ_NOTF_COAL) ||
	    c->len != COAL_VQ_LEN)
		return VIRTIO_NET_ERR;
	vq = coal_enabled_vq(dev, fw_get_le16(c->data));
	if (!vq || !coal_parse(c->data + 4, OVNIC_COAL_SRC_DRIVER_VQ, &word))
		return VIRTIO_NET_ERR;
	coal_set(vq, word);
	return VIRTIO_NET_OK;
}

/* vq_index and reserved in, struct virtio_net_ctrl_coal after the ack. */
static u8 coal_vq_get(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	struct ovnic_vq *vq;
	u64 word;

	if (!fw_dev_has(dev, VIRTIO_NET_F_VQ_NOTF_COAL) || c->len != 4 ||
	    c->result_room < COAL_LEN)
		return VIRTIO_NET_ERR;
	vq = coal_enabled_vq(dev, fw_get_le16(c->data));
	if (!vq)
		return VIRTIO_NET_ERR;
	word = fw_read_once(&vq->coal.word);
	fw_put_le32(c->result, fw_coal_packets(word));
	fw_put_le32(c->result + 4, fw_coal_usecs(word));
	c->result_len = COAL_LEN;
	return VIRTIO_NET_OK;
}

u8 fw_ctrl_notf_coal(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	switch (c->cmd) {
	case VIRTIO_NET_CTRL_NOTF_COAL_TX_SET:
	case VIRTIO_NET_CTRL_NOTF_COAL_RX_SET:
		return coal_global_set(dev, c);
	case VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET:
		return coal_vq_set(dev, c);
	case VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET:
		return coal_vq_get(dev, c);
	default:
		return VIRTIO_NET_ERR;
	}
}

/* ---- The host's policy (mailbox COAL_POLICY_SET/GET, COAL_VQ_QUERY) ---- */

int fw_coal_policy_set(struct ovnic_dev *dev,
		       const struct ovnic_coal_policy *p)
{
	struct fw_coal_dev *cd = &dev->coal;
	u32 flags = ovnic_le32_to_cpu(p->flags);
	u32 rate = ovnic_le32_to_cpu(p->irq_rate);
	u16 q;

	if (ovnic_le32_to_cpu(p->rx_usecs) > OVNIC_COAL_USECS_MAX ||
	    ovnic_le32_to_cpu(p->tx_usecs) > OVNIC_COAL_USECS_MAX ||
	    flags & ~(OVNIC_COAL_F_ADAPTIVE_RX | OVNIC_COAL_F_ADAPTIVE_TX) ||
	    (rate && (rate < OVNIC_COAL_IRQ_RATE_MIN ||
		      rate > OVNIC_COAL_IRQ_RATE_MAX)))
		return OVNIC_STATUS_BAD_PARAM;
	cd->default_usecs[FW_COAL_RX] = ovnic_le32_to_cpu(p->rx_usecs);
	cd->default_packets[FW_COAL_RX] = ovnic_le32_to_cpu(p->rx_frames);
	cd->default_usecs[FW_COAL_TX] = ovnic_le32_to_cpu(p->tx_usecs);
	cd->default_packets[FW_COAL_TX] = ovnic_le32_to_cpu(p->tx_frames);
	fw_write_once(&cd->irq_rate, rate ? rate : OVNIC_COAL_IRQ_RATE_DEFAULT);
	fw_write_once(&cd->flags, flags);

	/* Queues the adaptive moderation no longer tunes: the defaults. */
	for (q = 0; q + 1u < dev->num_vqs; q++) {
		struct ovnic_vq *vq = &dev->vq[q];
		unsigned int dir = coal_dir(vq);
		u64 w = fw_read_once(&vq->coal.word);

		if (fw_coal_source(w) != OVNIC_COAL_SRC_ADAPTIVE ||
		    fw_coal_adaptive_on(vq, w))
			continue;
		if (fw_coal_cas(&vq->coal.word, w,
				fw_coal_word(cd->default_usecs[dir],
					     cd->default_packets[dir],
					     OVNIC_COAL_SRC_DEFAULT)))
			coal_request(vq);
	}
	return OVNIC_STATUS_OK;
}

void fw_coal_policy_get(struct ovnic_dev *dev, struct ovnic_coal_policy *p)
{
	struct fw_coal_dev *cd = &dev->coal;

	p->rx_usecs = ovnic_cpu_to_le32(cd->default_usecs[FW_COAL_RX]);
	p->rx_frames = ovnic_cpu_to_le32(cd->default_packets[FW_COAL_RX]);
	p->tx_usecs = ovnic_cpu_to_le32(cd->default_usecs[FW_COAL_TX]);
	p->tx_frames = ovnic_cpu_to_le32(cd->default_packets[FW_COAL_TX]);
	p->flags = ovnic_cpu_to_le32(cd->flags);
	p->irq_rate = ovnic_cpu_to_le32(cd->irq_rate);
}

/*
 * A snapshot: the owner may be changing the period as we read, and
 * stores what is read here with fw_write_once().
 */
int fw_coal_vq_query(struct ovnic_vq *vq, struct ovnic_resp_coal_vq *r)
{
	u64 w = fw_read_once(&vq->coal.word);

	r->usecs = ovnic_cpu_to_le32(fw_coal_usecs(w));
	r->frames = ovnic_cpu_to_le32(fw_coal_packets(w));
	r->source = fw_coal_source(w);
	r->active = fw_read_once(&vq->coal.active) && fw_coal_on(w);
	r->timer_armed = fw_read_once(&vq->coal.armed);
	r->pending = ovnic_cpu_to_le32(fw_read_once(&vq->coal.pending));
	r->rate_pps = ovnic_cpu_to_le32(fw_read_once(&vq->coal.adapt.rate));
	return OVNIC_STATUS_OK;
}
