// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * A virtio-net device on the card: lifetime, device status and feature
 * negotiation (virtio 1.2 sections 2.1, 2.2, 3.1), reset (2.4) and the
 * network device configuration layout (5.1.4).
 */
#include "fw.h"

/* Features that only make sense with a control queue (5.1.3.1). */
#define NEEDS_CTRL_VQ ((1ull << VIRTIO_NET_F_CTRL_RX) | \
		       (1ull << VIRTIO_NET_F_CTRL_VLAN) | \
		       (1ull << VIRTIO_NET_F_GUEST_ANNOUNCE) | \
		       (1ull << VIRTIO_NET_F_MQ) | \
		       (1ull << VIRTIO_NET_F_CTRL_MAC_ADDR) | \
		       (1ull << VIRTIO_NET_F_DEVICE_STATS) | \
		       (1ull << VIRTIO_NET_F_VQ_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_NOTF_COAL) | \
		       (1ull << VIRTIO_NET_F_RSS) | \
		       (1ull << VIRTIO_NET_F_HASH_REPORT) | \
		       (1ull << VIRTIO_NET_F_HASH_TUNNEL))

/* The speed the card reports for its port, in Mbit/s. */
#define OVNIC_PORT_SPEED	100000

static bool mac_is_valid_unicast(const u8 *mac)
{
	static const u8 zero[6];

	return !(mac[0] & 1) && fw_memcmp(mac, zero, 6);
}

static void dev_free_rxqs(struct ovnic_dev *dev, u32 count)
{
	struct ovnic_platform *plat = &dev->card->plat;
	u32 i;

	for (i = 0; i < count; i++) {
		if (dev->vq[i].rx_lock)
			plat->lock_free(plat->ctx, dev->vq[i].rx_lock);
		if (dev->vq[i].rx_chain)
			plat->free(plat->ctx, dev->vq[i].rx_chain);
	}
}

int fw_dev_create(struct ovnic_card *card, u16 id,
		  const struct ovnic_cmd_dev_create *cmd)
{
	u64 features = ovnic_le64_to_cpu(cmd->device_features);
	u16 mtu = ovnic_le16_to_cpu(cmd->mtu);
	u16 max_vqp = ovnic_le16_to_cpu(cmd->max_vqp);
	struct ovnic_dev *dev;
	u32 i;

	if (features & ~card->features ||
	    !(features & (1ull << VIRTIO_F_VERSION_1)) ||
	    mtu < OVNIC_MTU_MIN || mtu > OVNIC_MTU_MAX ||
	    !max_vqp || max_vqp > card->params.max_vqp ||
	    !mac_is_valid_unicast(cmd->mac))
		return OVNIC_STATUS_BAD_PARAM;
	if (max_vqp > 1 && !(features & (1ull << VIRTIO_NET_F_MQ)))
		return OVNIC_STATUS_BAD_PARAM;
	if (features & NEEDS_CTRL_VQ &&
	    !(features & (1ull << VIRTIO_NET_F_CTRL_VQ)))
		return OVNIC_STATUS_BAD_PARAM;
	if (!fw_rss_features_ok(features))
		return OVNIC_STATUS_BAD_PARAM;

	if (!fw_fdb_available(card, cmd->mac, (u8)id))
		return OVNIC_STATUS_EXISTS;	/* another device's address */
	/* Only the queues provisioned: a device costs what it offers. */
	dev = card->plat.zalloc(card->plat.ctx, sizeof(*dev) +
				(2ul * max_vqp + 1) * sizeof(dev->vq[0]));
	if (!dev)
		return OVNIC_STATUS_NO_MEMORY;
	dev->card = card;
	dev->id = id;
	dev->max_vqp = max_vqp;
	dev->num_vqs = 2 * max_vqp + 1;
	dev->max_queue_size = (u16)card->params.max_queue_size;
	dev->mtu = mtu;
	dev->device_features = features;
	dev->config_vector = ovnic_le32_to_cpu(cmd->config_vector);
	dev->link_up = true;
	fw_memcpy(dev->mac, cmd->mac, 6);
	fw_memcpy(dev->cur_mac, cmd->mac, 6);
	for (i = 0; i < dev->num_vqs; i++) {
		dev->vq[i].dev = dev;
		dev->vq[i].qid = (u16)i;
		if (i % 2 == 0 && i + 1 < dev->num_vqs) {
			dev->vq[i].rx_lock = card->plat.lock_new(card->plat.ctx,
								 OVNIC_LOCK_RXQ);
			dev->vq[i].rx_chain = card->plat.zalloc(card->plat.ctx,
						sizeof(*dev->vq[i].rx_chain));
			if (!dev->vq[i].rx_lock || !dev->vq[i].rx_chain)
				goto err_rxq;
		}
	}
	if (fw_coal_dev_init(dev))
		goto err_rxq;
	fw_dev_reset(dev);
	fw_fdb_set(card, dev->mac, (u8)id);
	__atomic_store_n(&card->dev[id], dev, __ATOMIC_RELEASE);
	return OVNIC_STATUS_OK;

err_rxq:
	dev_free_rxqs(dev, dev->num_vqs);
	card->plat.free(card->plat.ctx, dev);
	return OVNIC_STATUS_NO_MEMORY;
}

/* Stop the data path on @dev and wait until no device core touches it. */
static void dev_quiesce(struct ovnic_dev *dev)
{
	u32 i;

	for (i = 0; i < dev->num_vqs; i++)
		fw_store_release(&dev->vq[i].ready, false);
	fw_store_release(&dev->status, 0);
	fw_epoch_sync(dev->card);
}

void fw_dev_destroy(struct ovnic_card *card, struct ovnic_dev *dev)
{
	u32 i;

	__atomic_store_n(&card->dev[dev->id], NULL, __ATOMIC_RELEASE);
	dev_quiesce(dev);
	fw_coal_dev_fini(dev);
	fw_fdb_purge_port(card, (u8)dev->id);
	for (i = 0; i < OVNIC_MAX_ASID; i++)
		fw_as_reset(card, &dev->as[i]);
	dev_free_rxqs(dev, dev->num_vqs);
	card->plat.free(card->plat.ctx, dev);
}

/* 2.4: back to the state after creation; the DMA window is kept. */
void fw_dev_reset(struct ovnic_dev *dev)
{
	struct ovnic_rx_filter *f = &dev->filter;
	u32 i;

	dev_quiesce(dev);
	for (i = 0; i < dev->num_vqs; i++)
		fw_vq_reset(&dev->vq[i]);
	fw_coal_dev_reset(dev);
	dev->driver_features = 0;
	dev->curr_vqp = 1;
	fw_rss_reset(dev);
	dev->announce = false;
	for (i = 0; i < f->uc_count; i++)
		if (fw_memcmp(f->uc[i], dev->mac, 6))
			fw_fdb_del(dev->card, f->uc[i], (u8)dev->id);
	f->uc_count = 0;
	fw_dev_set_mac(dev, dev->mac);
	/* Receive everything until the driver programs its filters. */
	fw_atomic_add(&f->seq, 1);
	fw_wmb();
	f->promisc = true;
	f->allmulti = true;
	f->uc_count = 0;
	f->mc_count = 0;
	f->uc_overflow = false;
	f->mc_overflow = false;
	fw_memset(f->vlans, 0, sizeof(f->vlans));
	fw_wmb();
	fw_atomic_add(&f->seq, 1);
	dev->config_generation++;
}

bool fw_dev_running(const struct ovnic_dev *dev)
{
	return (fw_load_acquire(&dev->status) &
		(VIRTIO_S_DRIVER_OK | VIRTIO_S_NEEDS_RESET | VIRTIO_S_FAILED))
		== VIRTIO_S_DRIVER_OK;
}

static bool features_acceptable(const struct ovnic_dev *dev, u64 f)
{
	if (f & ~dev->device_features)
		return false;
	if (!(f & (1ull << VIRTIO_F_VERSION_1)))
		return false;
	if (f & NEEDS_CTRL_VQ && !(f & (1ull << VIRTIO_NET_F_CTRL_VQ)))
		return false;
	return fw_rss_features_ok(f);
}

static void dev_kick_all(struct ovnic_dev *dev)
{
	struct ovnic_card *card = dev->card;
	u32 i;

	for (i = 1; i <= fw_dev_cvq(dev); i += i + 1u < fw_dev_cvq(dev) ? 2 : 1) {
		unsigned int core = fw_vq_core(card, dev, (u16)i);

		if (i % 2 == 0 && !fw_dev_has(dev, VIRTIO_NET_F_CTRL_VQ))
			break;
		fw_store_release(&dev->vq[i].kicked, 1);
		fw_atomic_or(&card->core[core].pending, 1ull << dev->id);
		card->plat.wake_core(card->plat.ctx, core);
	}
}

int fw_dev_set_status(struct ovnic_dev *dev, u8 status)
{
	u8 old = dev->status;

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
	status |= old & VIRTIO_S_NEEDS_RESET;
	fw_store_release(&dev->status, status);
	if (status & VIRTIO_S_DRIVER_OK && !(old & VIRTIO_S_DRIVER_OK))
		dev_kick_all(dev);
	return OVNIC_STATUS_OK;
}

int fw_dev_set_features(struct ovnic_dev *dev, u64 features)
{
	if (dev->status & VIRTIO_S_FEATURES_OK)
		return OVNIC_STATUS_BUSY;
	dev->driver_features = features;
	return OVNIC_STATUS_OK;
}

static u32 dev_config_size(void)
{
	return sizeof(struct virtio_net_config);
}

static void dev_config_fill(const struct ovnic_dev *dev,
			    struct virtio_net_config *cfg)
{
	u16 status = 0;

	fw_memset(cfg, 0, sizeof(*cfg));
	fw_memcpy(cfg->mac, dev->cur_mac, 6);
	if (dev->link_up)
		status |= VIRTIO_NET_S_LINK_UP;
	if (dev->announce)
		status |= VIRTIO_NET_S_ANNOUNCE;
	cfg->status = ovnic_cpu_to_le16(status);
	cfg->max_virtqueue_pairs = ovnic_cpu_to_le16(dev->max_vqp);
	cfg->mtu = ovnic_cpu_to_le16(dev->mtu);
	cfg->speed = ovnic_cpu_to_le32(OVNIC_PORT_SPEED);
	cfg->duplex = VIRTIO_NET_DUPLEX_FULL;
	fw_rss_config_fill(dev, cfg);
}

int fw_dev_config_read(struct ovnic_dev *dev, u32 off, u32 len, u8 *out)
{
	struct virtio_net_config cfg;

	if (len > OVNIC_CONFIG_CHUNK || off > dev_config_size() ||
	    len > dev_config_size() - off)
		return OVNIC_STATUS_BAD_PARAM;
	dev_config_fill(dev, &cfg);
	fw_memcpy(out, (u8 *)&cfg + off, len);
	return OVNIC_STATUS_OK;
}

/* Only the MAC is writable, as a legacy driver would set it (5.1.4.2). */
int fw_dev_config_write(struct ovnic_dev *dev, u32 off, u32 len,
			const u8 *in)
{
	u8 mac[6];

	if (len > OVNIC_CONFIG_CHUNK || off > 6 || len > 6 - off)
		return OVNIC_STATUS_NOT_SUPPORTED;
	fw_memcpy(mac, dev->cur_mac, 6);
	fw_memcpy(mac + off, in, len);
	return fw_dev_set_mac(dev, mac) ? OVNIC_STATUS_OK :
					  OVNIC_STATUS_NOT_SUPPORTED;
}

/*
 * The driver's MAC (config write or CTRL_MAC_ADDR_SET): refused when
 * another port owns the address; the old one is released unless it is the
 * provisioned address, which stays reserved for this device.
 */
bool fw_dev_set_mac(struct ovnic_dev *dev, const u8 *mac)
{
	struct ovnic_card *card = dev->card;
	u8 old[6];

	if (!fw_memcmp(mac, dev->cur_mac, 6))
		return true;
	if (!fw_fdb_available(card, mac, (u8)dev->id))
		return false;
	fw_memcpy(old, dev->cur_mac, 6);
	fw_atomic_add(&dev->filter.seq, 1);
	fw_wmb();
	fw_memcpy(dev->cur_mac, mac, 6);
	fw_wmb();
	fw_atomic_add(&dev->filter.seq, 1);
	if (fw_memcmp(old, dev->mac, 6))
		fw_fdb_del(card, old, (u8)dev->id);
	return fw_fdb_set(card, mac, (u8)dev->id);
}

u32 fw_dev_config_size(void)
{
	return dev_config_size();
}

/* Tell the driver the configuration changed (4.1.4.5 analogue). */
void fw_dev_config_changed(struct ovnic_dev *dev)
{
	dev->config_generation++;
	if (dev->status & VIRTIO_S_DRIVER_OK &&
	    dev->config_vector != OVNIC_NO_VECTOR)
		fw_raise_irq(dev->card, dev->config_vector);
}

void fw_dev_set_link(struct ovnic_dev *dev, bool up)
{
	if (dev->link_up == up)
		return;
	dev->link_up = up;
	/* Ask the driver to announce itself once the link is back. */
	if (up && fw_dev_has(dev, VIRTIO_NET_F_GUEST_ANNOUNCE))
		dev->announce = true;
	if (fw_dev_has(dev, VIRTIO_NET_F_STATUS))
		fw_dev_config_changed(dev);
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
	fw_epoch_sync(dev->card);
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

	if (fw_read_once(&dev->status))
		return OVNIC_STATUS_BUSY;
	if (max_vqp > provisioned ||
	    (max_vqp > 1 &&
	     !(dev->device_features & (1ull << VIRTIO_NET_F_MQ))))
		return OVNIC_STATUS_BAD_PARAM;
	if (max_queue_size &&
	    (max_queue_size < 2 || max_queue_size & (max_queue_size - 1) ||
	     max_queue_size > dev->card->params.max_queue_size))
		return OVNIC_STATUS_BAD_PARAM;
	if (max_vqp)
		fw_write_once(&dev->max_vqp, max_vqp);
	if (max_queue_size)
		fw_write_once(&dev->max_queue_size, max_queue_size);
	dev->config_generation++;
	return OVNIC_STATUS_OK;
}

void fw_dev_needs_reset(struct ovnic_dev *dev)
{
	u8 status = fw_read_once(&dev->status);

	if (status & VIRTIO_S_NEEDS_RESET)
		return;
	fw_atomic_or(&dev->status, VIRTIO_S_NEEDS_RESET);
	fw_dev_config_changed(dev);
}
