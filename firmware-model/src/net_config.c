// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The network device's configuration layout (virtio 1.2 section 5.1.4),
 * as the driver reads and writes it through the mailbox.
 */
#include "device.h"
#include "net_config.h"

/* The speed the card reports for its port, in Mbit/s. */
#define OVNIC_PORT_SPEED	100000

u32 fw_dev_config_size(void)
{
	return sizeof(struct virtio_net_config);
}

static void dev_config_fill(const struct ovnic_dev *dev,
			    struct virtio_net_config *cfg)
{
	u16 status = 0;

	fw_memset(cfg, 0, sizeof(*cfg));
	/* A device core may be changing it (CTRL_MAC_ADDR_SET). */
	fw_lock(dev->pf, dev->cfg_lock);
	fw_memcpy(cfg->mac, dev->cur_mac, 6);
	fw_unlock(dev->pf, dev->cfg_lock);
	if (dev->link_up)
		status |= VIRTIO_NET_S_LINK_UP;
	if (fw_read_once(&dev->announce))
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

	if (len > OVNIC_CONFIG_CHUNK || off > fw_dev_config_size() ||
	    len > fw_dev_config_size() - off)
		return OVNIC_STATUS_BAD_PARAM;
	dev_config_fill(dev, &cfg);
	fw_memcpy(out, (u8 *)&cfg + off, len);
	return OVNIC_STATUS_OK;
}

/*
 * Only the MAC is writable, as a legacy driver would set it (5.1.4.2).
 * The bytes not written are the current MAC's at the time of the write:
 * under the device lock, since the control queue may be changing it.
 */
int fw_dev_config_write(struct ovnic_dev *dev, u32 off, u32 len,
			const u8 *in)
{
	u8 mac[6];
	bool ok;

	if (len > OVNIC_CONFIG_CHUNK || off > 6 || len > 6 - off)
		return OVNIC_STATUS_NOT_SUPPORTED;
	fw_lock(dev->pf, dev->cfg_lock);
	fw_memcpy(mac, dev->cur_mac, 6);
	fw_memcpy(mac + off, in, len);
	ok = _fw_mac_set(dev, mac);
	fw_unlock(dev->pf, dev->cfg_lock);
	return ok ? OVNIC_STATUS_OK : OVNIC_STATUS_NOT_SUPPORTED;
}
