// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A virtio-net device's lifecycle: creation and destruction, device status
 * and feature negotiation (virtio 1.2 sections 2.1, 2.2, 3.1), reset
 * (2.4), enabling its queues, and the host's settings (link, loopback,
 * queues offered).  The device layer's top: it composes the modules below.
 */
#include "device.h"
#include "device_lifecycle.h"
#include "fdb.h"
#include "offload_state.h"

/* Features that only make sense with a control queue (5.1.3.1). */
#define NEEDS_CTRL_VQ ((1ull << VIRTIO_NET_F_CTRL_RX) | \
		       (1ull << VIRTIO_NET_F_CTRL_VLAN) | \
		       (1ull << VIRTIO_NET_F_GUEST_ANNOUNCE) | \
		       (1ull << VIRTIO_NET_F_MQ) | \
		       (1ull << VIRTIO_NET_F_CTRL_MAC_ADDR) | \
		       (1ull << VIRTIO_NET_F_CTRL_GUEST_OFFLOADS) | \
		       (1ull << VIRTIO_NET_F_DEVICE_STATS) | \
		       (1ull << VIRTIO_NET_F_VQ_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_RSS) | \
		       (1ull << VIRTIO_NET_F_HASH_REPORT) | \
		       (1ull << VIRTIO_NET_F_HASH_TUNNEL))

/*
 * Every device offers, and every driver must accept, VERSION_1 and
 * ACCESS_PLATFORM (6.1): the card reaches memory only through its DMA
 * window, never by the addresses a driver assumes are physical.
 */
#define FEATURES_REQUIRED ((1ull << VIRTIO_F_VERSION_1) | \
			   (1ull << VIRTIO_F_ACCESS_PLATFORM))

static bool mac_is_valid_unicast(const u8 *mac)
{
	static const u8 zero[6];

	return !(mac[0] & 1) && fw_memcmp(mac, zero, 6);
}

static void dev_free_rxqs(struct ovnic_dev *dev, u32 count)
{
	u32 i;

	for (i = 0; i < count; i++) {
		if (dev->vq[i].rx_lock)
			fw_lock_free(dev->pf, dev->vq[i].rx_lock);
		if (dev->vq[i].rx_chain)
			fw_free(dev->pf, dev->vq[i].rx_chain);
	}
	/* dev_alloc_packed()'s one allocation */
	if (dev->vq[0].pending)
		fw_free(dev->pf, dev->vq[0].pending);
}

/*
 * A packed ring's used entries wait for fw_vq_publish() (packed_ring.c):
 * room for a full ring per queue, only on a device that offers the layout.
 */
static bool dev_alloc_packed(struct ovnic_dev *dev)
{
	unsigned long per_vq = dev->queue_size_limit;
	struct fw_packed_used *all;
	u32 i;

	if (!(dev->device_features & (1ull << VIRTIO_F_RING_PACKED)))
		return true;
	all = fw_zalloc(dev->pf, per_vq * dev->num_vqs * sizeof(*all));
	if (!all)
		return false;
	for (i = 0; i < dev->num_vqs; i++)
		dev->vq[i].pending = all + i * per_vq;
	return true;
}

/*
 * A new device @id on @pf, its provisioned MAC reserved in @fdb; the
 * caller publishes *out to the switch.
 */
int fw_dev_create(struct fw_platform *pf, struct fw_fdb *fdb,
		  const struct fw_dev_limits *lim, u16 id,
		  const struct ovnic_cmd_dev_create *cmd, struct ovnic_dev **out)
{
	u64 features = ovnic_le64_to_cpu(cmd->device_features);
	u16 mtu = ovnic_le16_to_cpu(cmd->mtu);
	u16 max_vqp = ovnic_le16_to_cpu(cmd->max_vqp);
	struct ovnic_dev *dev;
	u32 i;

	if (features & ~lim->features ||
	    (features & FEATURES_REQUIRED) != FEATURES_REQUIRED ||
	    mtu < OVNIC_MTU_MIN || mtu > OVNIC_MTU_MAX ||
	    !max_vqp || max_vqp > lim->max_vqp ||
	    !mac_is_valid_unicast(cmd->mac))
		return OVNIC_STATUS_BAD_PARAM;
	if (max_vqp > 1 && !(features & (1ull << VIRTIO_NET_F_MQ)))
		return OVNIC_STATUS_BAD_PARAM;
	if (features & NEEDS_CTRL_VQ &&
	    !(features & (1ull << VIRTIO_NET_F_CTRL_VQ)))
		return OVNIC_STATUS_BAD_PARAM;
	if (!fw_rss_features_ok(features) || !fw_offload_features_ok(features))
		return OVNIC_STATUS_BAD_PARAM;
	if (ovnic_le32_to_cpu(cmd->config_vector) != OVNIC_NO_VECTOR &&
	    ovnic_le32_to_cpu(cmd->config_vector) / OVNIC_VECTORS_PER_DEV != id)
		return OVNIC_STATUS_BAD_PARAM;

	if (!fw_fdb_available(fdb, cmd->mac, (u8)id))
		return OVNIC_STATUS_EXISTS;	/* another port's address */
	/* Only the queues provisioned: a device costs what it offers. */
	dev = fw_zalloc(pf, sizeof(*dev) +
			(2ul * max_vqp + 1) * sizeof(dev->vq[0]));
	if (!dev)
		return OVNIC_STATUS_NO_MEMORY;
	dev->pf = pf;
	dev->fdb = fdb;
	dev->id = id;
	dev->max_vqp = max_vqp;
	dev->num_vqs = 2 * max_vqp + 1;
	dev->max_queue_size = lim->max_queue_size;
	dev->queue_size_limit = lim->max_queue_size;
	dev->mtu = mtu;
	dev->device_features = features;
	dev->st.pf = pf;
	dev->st.config_vector = ovnic_le32_to_cpu(cmd->config_vector);
	dev->link_up = true;
	fw_memcpy(dev->mac, cmd->mac, 6);
	fw_memcpy(dev->cur_mac, cmd->mac, 6);
	dev->cfg_lock = fw_lock_new(pf, OVNIC_LOCK_DEV);
	if (!dev->cfg_lock)
		goto err_rxq;
	for (i = 0; i < dev->num_vqs; i++) {
		dev->vq[i].dev = dev;
		fw_vq_init(&dev->vq[i], pf, dev->as, &dev->st, id, (u16)i);
		if (i % 2 == 0 && i + 1 < dev->num_vqs) {
			dev->vq[i].rx_lock = fw_lock_new(pf, OVNIC_LOCK_RXQ);
			dev->vq[i].rx_chain = fw_zalloc(pf,
					2 * sizeof(*dev->vq[i].rx_chain));
			if (!dev->vq[i].rx_lock || !dev->vq[i].rx_chain)
				goto err_rxq;
		}
	}
	if (!dev_alloc_packed(dev) || fw_coal_dev_init(dev))
		goto err_rxq;
	fw_dev_reset(dev);
	/*
	 * The provisioned address is the device's before anything can
	 * reach it; every device's owned addresses fit in the table, so
	 * only another port's ownership refuses it.
	 */
	if (!fw_fdb_set(fdb, dev->mac, (u8)id)) {
		fw_coal_dev_fini(dev);
		dev_free_rxqs(dev, dev->num_vqs);
		fw_lock_free(pf, dev->cfg_lock);
		fw_free(pf, dev);
		return OVNIC_STATUS_EXISTS;
	}
	*out = dev;
	return OVNIC_STATUS_OK;

err_rxq:
	dev_free_rxqs(dev, dev->num_vqs);
	if (dev->cfg_lock)
		fw_lock_free(pf, dev->cfg_lock);
	fw_free(pf, dev);
	return OVNIC_STATUS_NO_MEMORY;
}

/* Stop the data path on @dev and wait until no device core touches it. */
static void dev_quiesce(struct ovnic_dev *dev)
{
	u32 i;

	for (i = 0; i < dev->num_vqs; i++)
		fw_store_release(&dev->vq[i].ready, false);
	fw_store_release(&dev->st.status, 0);
	fw_epoch_sync(dev->pf);
}

/* After the caller took @dev off the switch. */
void fw_dev_destroy(struct ovnic_dev *dev)
{
	struct fw_platform *pf = dev->pf;
	u32 i;

	dev_quiesce(dev);
	fw_coal_dev_fini(dev);
	fw_fdb_purge_port(dev->fdb, (u8)dev->id);
	for (i = 0; i < OVNIC_MAX_ASID; i++)
		fw_as_reset(pf, &dev->as[i]);
	dev_free_rxqs(dev, dev->num_vqs);
	fw_lock_free(pf, dev->cfg_lock);
	fw_free(pf, dev);
}

/* 2.4: back to the state after creation; the DMA window is kept. */
void fw_dev_reset(struct ovnic_dev *dev)
{
	u32 i;

	dev_quiesce(dev);
	/* The cores look at nothing of the device now: no epoch to wait. */
	fw_write_once(&dev->suspended, false);
	for (i = 0; i < dev->num_vqs; i++)
		fw_vq_reset(&dev->vq[i]);
	fw_coal_dev_reset(dev);
	dev->driver_features = 0;
	fw_offload_negotiated(dev);
	dev->curr_vqp = 1;
	fw_rss_reset(dev);
	dev->announce = false;
	fw_lock(dev->pf, dev->cfg_lock);
	_fw_rx_filter_reset(dev);
	/* The driver's claims end with it; the host's policy stays. */
	_fw_mac_release_claims(dev);
	fw_unlock(dev->pf, dev->cfg_lock);
	dev->st.config_generation++;
}

static bool features_acceptable(const struct ovnic_dev *dev, u64 f)
{
	if (f & ~dev->device_features)
		return false;
	if ((f & FEATURES_REQUIRED) != FEATURES_REQUIRED)
		return false;
	if (f & NEEDS_CTRL_VQ && !(f & (1ull << VIRTIO_NET_F_CTRL_VQ)))
		return false;
	return fw_rss_features_ok(f) && fw_offload_features_ok(f);
}

/* Have @vq's core run it. */
static void dev_kick(struct ovnic_dev *dev, struct ovnic_vq *vq)
{
	fw_store_release(&vq->kicked, 1);
	fw_core_kick(dev->pf, dev->id, vq->qid);
}

/* DRIVER_OK: what the driver kicked before runs now. */
static void dev_kick_all(struct ovnic_dev *dev)
{
	u32 i;

	for (i = 1; i <= fw_dev_cvq(dev); i += i + 1u < fw_dev_cvq(dev) ? 2 : 1) {
		if (i % 2 == 0 && !fw_dev_has(dev, VIRTIO_NET_F_CTRL_VQ))
			break;
		dev_kick(dev, &dev->vq[i]);
	}
}

/*
 * The driver rang @qid's doorbell.  Receive kicks only say buffers were
 * added: nothing to run.  Which queue is the control queue depends on the
 * features, stable only while the device runs (a reset rewrites them after
 * it waited the caller's epoch out); kicks before DRIVER_OK are replayed
 * then.
 */
void fw_dev_doorbell(struct ovnic_dev *dev, u16 qid)
{
	struct ovnic_vq *vq = &dev->vq[qid];

	__atomic_add_fetch(&vq->stats.c[OVNIC_VQC_KICKS], 1, __ATOMIC_RELAXED);
	if (qid % 2 || (fw_dev_running(dev) && qid == fw_dev_cvq(dev)))
		dev_kick(dev, vq);
}

/* FEATURES_OK: what the queues follow of the features. */
static void dev_negotiated(struct ovnic_dev *dev)
{
	u32 i;

	for (i = 0; i < dev->num_vqs; i++)
		fw_vq_negotiated(&dev->vq[i],
				 fw_dev_has(dev, VIRTIO_F_EVENT_IDX),
				 fw_dev_has(dev, VIRTIO_F_INDIRECT_DESC),
				 fw_dev_has(dev, VIRTIO_F_RING_PACKED),
				 i % 2 == 0 && i != fw_dev_cvq(dev));
	fw_offload_negotiated(dev);
}

int fw_dev_set_status(struct ovnic_dev *dev, u8 status)
{
	u8 old = fw_load_acquire(&dev->st.status);

	if (!status) {
		fw_dev_reset(dev);
		return OVNIC_STATUS_OK;
	}
	/* The driver never clears a bit except by reset (2.1.1). */
	if (old & ~status & ~VIRTIO_S_NEEDS_RESET)
		return OVNIC_STATUS_BAD_PARAM;
	if (status & VIRTIO_S_FEATURES_OK && !(old & VIRTIO_S_FEATURES_OK) &&
	    !features_acceptable(dev, dev->driver_features))
		status &= ~VIRTIO_S_FEATURES_OK;
	if (status & VIRTIO_S_DRIVER_OK && !(status & VIRTIO_S_FEATURES_OK))
		return OVNIC_STATUS_BAD_PARAM;
	if (status & VIRTIO_S_FEATURES_OK && !(old & VIRTIO_S_FEATURES_OK))
		dev_negotiated(dev);
	/*
	 * A core may set NEEDS_RESET meanwhile (fw_status_needs_reset()):
	 * the driver's bits go in without losing it.
	 */
	while (!__atomic_compare_exchange_n(&dev->st.status, &old,
					    status | (old &
						      VIRTIO_S_NEEDS_RESET),
					    false, __ATOMIC_ACQ_REL,
					    __ATOMIC_ACQUIRE))
		;
	if (status & VIRTIO_S_DRIVER_OK && !(old & VIRTIO_S_DRIVER_OK))
		dev_kick_all(dev);
	return OVNIC_STATUS_OK;
}

/*
 * DEV_SUSPEND (ovnic_hw.h).  A core checks the flag once per poll before
 * it serves a device, a receive batch before it takes a receive queue, a
 * control-queue doorbell before it answers inline; all work inside an
 * epoch, so once the epoch turned no batch that
 * missed the flag is still running.  Each batch ends at a descriptor
 * boundary with its used entries published (net_tx.c, net_rx.c,
 * ctrl_vq.c): what is left is the notifications coalescing held back.
 */
int fw_dev_suspend(struct ovnic_dev *dev)
{
	if (dev->suspended)
		return OVNIC_STATUS_OK;
	fw_store_release(&dev->suspended, true);
	fw_epoch_sync(dev->pf);
	fw_coal_dev_suspended(dev);
	return OVNIC_STATUS_OK;
}

/*
 * DEV_RESUME: serve what was kicked meanwhile (kicks are only counted and
 * remembered while suspended), and what coalescing's timers asked.
 */
int fw_dev_resume(struct ovnic_dev *dev)
{
	if (!dev->suspended)
		return OVNIC_STATUS_BAD_PARAM;
	fw_store_release(&dev->suspended, false);
	if (fw_dev_running(dev))
		dev_kick_all(dev);
	fw_coal_dev_resumed(dev);
	return OVNIC_STATUS_OK;
}

int fw_dev_set_features(struct ovnic_dev *dev, u64 features)
{
	if (dev->st.status & VIRTIO_S_FEATURES_OK)
		return OVNIC_STATUS_BUSY;
	dev->driver_features = features;
	return OVNIC_STATUS_OK;
}

void fw_dev_set_link(struct ovnic_dev *dev, bool up)
{
	if (dev->link_up == up)
		return;
	/* Transmit and receive read it on any core. */
	fw_write_once(&dev->link_up, up);
	/* Ask the driver to announce itself once the link is back. */
	if (up && fw_dev_has(dev, VIRTIO_NET_F_GUEST_ANNOUNCE))
		fw_write_once(&dev->announce, true);
	if (fw_dev_has(dev, VIRTIO_NET_F_STATUS))
		fw_status_config_changed(&dev->st);
}

/*
 * Loopback is the host's, like the link state: a virtio reset keeps it.
 * Transmit bursts read it once per frame inside an epoch; waiting for the
 * epoch to turn means every frame sent after the command completes takes
 * the new path, and none of the old path is still in flight.
 */
int fw_dev_set_loopback(struct ovnic_dev *dev, u8 mode)
{
	if (mode != OVNIC_LOOPBACK_OFF && mode != OVNIC_LOOPBACK_ON)
		return OVNIC_STATUS_BAD_PARAM;
	if (dev->loopback == (mode == OVNIC_LOOPBACK_ON))
		return OVNIC_STATUS_OK;
	fw_write_once(&dev->loopback, mode == OVNIC_LOOPBACK_ON);
	fw_epoch_sync(dev->pf);
	return OVNIC_STATUS_OK;
}

/*
 * What the next driver finds: max_virtqueue_pairs (5.1.4) and the largest
 * queue size (2.6).  Only while reset, so no driver has read either and
 * no data path runs; the queues provisioned stay allocated.
 */
int fw_dev_set_queues(struct ovnic_dev *dev, u16 max_vqp, u16 max_queue_size)
{
	u16 provisioned = (dev->num_vqs - 1) / 2;

	if (fw_read_once(&dev->st.status))
		return OVNIC_STATUS_BUSY;
	if (max_vqp > provisioned ||
	    (max_vqp > 1 &&
	     !(dev->device_features & (1ull << VIRTIO_NET_F_MQ))))
		return OVNIC_STATUS_BAD_PARAM;
	if (max_queue_size &&
	    (max_queue_size < 2 || max_queue_size & (max_queue_size - 1) ||
	     max_queue_size > dev->queue_size_limit))
		return OVNIC_STATUS_BAD_PARAM;
	if (max_vqp)
		fw_write_once(&dev->max_vqp, max_vqp);
	if (max_queue_size)
		fw_write_once(&dev->max_queue_size, max_queue_size);
	dev->st.config_generation++;
	return OVNIC_STATUS_OK;
}

/*
 * VQ_MODIFY RESET of @vq, stopped by the caller (2.6.1).  Its batches
 * published what they used when they ended; coalescing drops what it held
 * back (the driver takes every buffer back after a reset) and restarts
 * from the global values at the next enable.
 */
void fw_dev_vq_reset(struct ovnic_vq *vq)
{
	fw_coal_vq_disable(vq);
	fw_vq_queue_reset(vq, vq->dev->max_queue_size);
}

/*
 * VQ_MODIFY of @vq, stopped by the caller when it disables a running
 * queue.  Coalescing restarts from the global values when the queue is
 * enabled (5.1.6.5.9, device requirements).
 */
int fw_dev_vq_modify(struct ovnic_vq *vq,
		     const struct ovnic_cmd_vq_modify *cmd)
{
	struct ovnic_dev *dev = vq->dev;
	u32 mask = ovnic_le32_to_cpu(cmd->modify_mask);
	int ret;

	if (mask & OVNIC_VQ_MODIFY_VECTOR &&
	    !fw_dev_vector_ok(dev, ovnic_le32_to_cpu(cmd->vector)))
		return OVNIC_STATUS_BAD_PARAM;
	ret = fw_vq_modify(vq, cmd, dev->max_queue_size);
	if (ret != OVNIC_STATUS_OK || !(mask & OVNIC_VQ_MODIFY_READY))
		return ret;
	if (cmd->ready && !vq->ready)
		fw_coal_vq_enable(vq);
	else if (!cmd->ready)
		fw_coal_vq_disable(vq);
	fw_vq_set_ready(vq, !!cmd->ready);
	/* Enabled while the device runs: whatever was kicked runs now. */
	if (vq->ready && dev->st.status & VIRTIO_S_DRIVER_OK)
		fw_dev_doorbell(dev, vq->qid);
	return OVNIC_STATUS_OK;
}
