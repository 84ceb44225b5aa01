// SPDX-License-Identifier: GPL-2.0
/*
 * The uplink: a netdev standing for the card's physical port.  What the
 * host sends on it arrives at the port from the network; what leaves the
 * port is received on it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/ethtool.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/skbuff.h>

#include "cmds.h"
#include "ovnic.h"
#include "uplink.h"

#define OVNIC_UPLINK_MTU_MAX	9000

struct ovnic_uplink {
	struct ovnic_adapter *ad;
};

static struct ovnic_adapter *ovnic_uplink_adapter(struct net_device *netdev)
{
	struct ovnic_uplink *up = netdev_priv(netdev);

	return up->ad;
}

static int ovnic_uplink_open(struct net_device *netdev)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);

	ovnic_hw_reg_write(ad->hw, OVNIC_REG_WIRE_LINK, 1);
	netif_carrier_on(netdev);
	netif_start_queue(netdev);
	return 0;
}

static int ovnic_uplink_stop(struct net_device *netdev)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);

	netif_stop_queue(netdev);
	netif_carrier_off(netdev);
	ovnic_hw_reg_write(ad->hw, OVNIC_REG_WIRE_LINK, 0);
	return 0;
}

/* The card copies the frame before ovnic_hw_wire_rx() returns. */
static netdev_tx_t ovnic_uplink_xmit(struct sk_buff *skb,
				     struct net_device *netdev)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);
	unsigned int len = skb->len;

	if (skb_linearize(skb)) {
		DEV_STATS_INC(netdev, tx_dropped);
		dev_kfree_skb_any(skb);
		return NETDEV_TX_OK;
	}
	ovnic_hw_wire_rx(ad->hw, skb->data, len);
	dev_sw_netstats_tx_add(netdev, 1, len);
	dev_consume_skb_any(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops ovnic_uplink_ops = {
	.ndo_open		= ovnic_uplink_open,
	.ndo_stop		= ovnic_uplink_stop,
	.ndo_start_xmit		= ovnic_uplink_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

/*
 * The card's own counters of its port (PORT_STATS), for `ethtool -S`:
 * "out" is what the card sent out of the port (received on this netdev),
 * "in" what arrived at the port (sent on this netdev), and what the port
 * refused.
 */
static const struct {
	const char *name;
	bool in;
	enum ovnic_vq_counter c;
} ovnic_port_stats[] = {
	{ "port_out_packets", false, OVNIC_VQC_PACKETS },
	{ "port_out_bytes", false, OVNIC_VQC_BYTES },
	{ "port_out_drop_link_down", false, OVNIC_VQC_DROP_FILTERED },
	{ "port_in_packets", true, OVNIC_VQC_PACKETS },
	{ "port_in_bytes", true, OVNIC_VQC_BYTES },
	{ "port_in_drop_bad_length", true, OVNIC_VQC_DROP_BAD_DESC },
	{ "port_in_drop_link_down", true, OVNIC_VQC_DROP_FILTERED },
};

static int ovnic_uplink_sset_count(struct net_device *netdev, int sset)
{
	return sset == ETH_SS_STATS ? ARRAY_SIZE(ovnic_port_stats) : -EOPNOTSUPP;
}

static void ovnic_uplink_get_strings(struct net_device *netdev, u32 sset,
				     u8 *data)
{
	unsigned int i;

	if (sset != ETH_SS_STATS)
		return;
	for (i = 0; i < ARRAY_SIZE(ovnic_port_stats); i++)
		ethtool_puts(&data, ovnic_port_stats[i].name);
}

static void ovnic_uplink_get_stats(struct net_device *netdev,
				   struct ethtool_stats *stats, u64 *data)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);
	u64 out[OVNIC_VQC_NUM], in[OVNIC_VQC_NUM];
	unsigned int i;

	/* On a mailbox failure (logged) the counters read as zero. */
	if (ovnic_cmd_port_stats(ad, out, in)) {
		memset(out, 0, sizeof(out));
		memset(in, 0, sizeof(in));
	}
	for (i = 0; i < ARRAY_SIZE(ovnic_port_stats); i++)
		data[i] = ovnic_port_stats[i].in ? in[ovnic_port_stats[i].c] :
						   out[ovnic_port_stats[i].c];
}

static void ovnic_uplink_get_drvinfo(struct net_device *netdev,
				     struct ethtool_drvinfo *info)
{
	strscpy(info->driver, KBUILD_MODNAME, sizeof(info->driver));
	strscpy(info->bus_info, dev_name(netdev->dev.parent),
		sizeof(info->bus_info));
}

static const struct ethtool_ops ovnic_uplink_ethtool_ops = {
	.get_drvinfo		= ovnic_uplink_get_drvinfo,
	.get_link		= ethtool_op_get_link,
	.get_sset_count		= ovnic_uplink_sset_count,
	.get_strings		= ovnic_uplink_get_strings,
	.get_ethtool_stats	= ovnic_uplink_get_stats,
};

/*
 * A frame leaving the card's port, in pieces valid during the call.  Runs
 * on device cores with bottom halves off.
 */
void ovnic_uplink_wire_tx(struct ovnic_adapter *ad,
			  const struct ovnic_wire_hdr *hdr,
			  const void *const *piece,
			  const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	struct net_device *netdev = ad->uplink;
	struct sk_buff *skb;
	unsigned int len = 0;
	ovnic_u32 i;

	for (i = 0; i < npieces; i++)
		len += piece_len[i];
	if (!netif_running(netdev)) {
		DEV_STATS_INC(netdev, rx_dropped);
		return;
	}
	if (len < ETH_HLEN || len > OVNIC_UPLINK_MTU_MAX + VLAN_ETH_HLEN) {
		DEV_STATS_INC(netdev, rx_length_errors);
		DEV_STATS_INC(netdev, rx_errors);
		return;
	}
	skb = netdev_alloc_skb_ip_align(netdev, len);
	if (!skb) {
		DEV_STATS_INC(netdev, rx_dropped);
		return;
	}
	for (i = 0; i < npieces; i++)
		skb_put_data(skb, piece[i], piece_len[i]);
	skb->protocol = eth_type_trans(skb, netdev);
	dev_sw_netstats_rx_add(netdev, len);
	netif_rx(skb);
}

static void ovnic_uplink_setup(struct net_device *netdev)
{
	ether_setup(netdev);
	netdev->netdev_ops = &ovnic_uplink_ops;
	netdev->ethtool_ops = &ovnic_uplink_ethtool_ops;
	netdev->needs_free_netdev = false;
	netdev->lltx = true;
	netdev->priv_flags |= IFF_NO_QUEUE;
	netdev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
	netdev->min_mtu = ETH_MIN_MTU;
	netdev->max_mtu = OVNIC_UPLINK_MTU_MAX;
}

int ovnic_uplink_alloc(struct ovnic_adapter *ad)
{
	struct net_device *netdev;
	struct ovnic_uplink *up;

	netdev = alloc_netdev(sizeof(*up), "ovnic%d", NET_NAME_ENUM,
			      ovnic_uplink_setup);
	if (!netdev)
		return -ENOMEM;
	up = netdev_priv(netdev);
	up->ad = ad;
	eth_hw_addr_random(netdev);
	SET_NETDEV_DEV(netdev, ovnic_adapter_dev(ad));
	ad->uplink = netdev;
	return 0;
}

void ovnic_uplink_free(struct ovnic_adapter *ad)
{
	free_netdev(ad->uplink);
	ad->uplink = NULL;
}

/* The card must be attached: the uplink reflects its state in WIRE_LINK. */
int ovnic_uplink_register(struct ovnic_adapter *ad)
{
	int err;

	netif_carrier_off(ad->uplink);
	ovnic_hw_reg_write(ad->hw, OVNIC_REG_WIRE_LINK, 0);
	err = register_netdev(ad->uplink);
	if (err)
		dev_err(ovnic_adapter_dev(ad), "cannot register the uplink: %pe\n",
			ERR_PTR(err));
	return err;
}

void ovnic_uplink_unregister(struct ovnic_adapter *ad)
{
	unregister_netdev(ad->uplink);
}
