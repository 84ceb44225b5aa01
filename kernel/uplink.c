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
#include <linux/virtio_net.h>
#include <net/gso.h>

#include "cmds.h"
#include "ovnic.h"
#include "uplink.h"

#define OVNIC_UPLINK_MTU_MAX	9000

static bool uplink_burst = true;
module_param(uplink_burst, bool, 0644);
MODULE_PARM_DESC(uplink_burst,
		 "Hand frames sent on the uplink to the card in bursts while xmit_more says more follow (default: on)");

/* Pieces of one transmitted frame: the skb's head and page fragments. */
#define OVNIC_UPLINK_TX_PIECES	MIN(MAX_SKB_FRAGS + 1, OVNIC_WIRE_MAX_PIECES)
#define OVNIC_UPLINK_BURST	OVNIC_WIRE_BURST_MAX

/*
 * Frames the stack sent while netdev_xmit_more() said more follow, not
 * yet handed to the card: one burst per CPU, as xmit_more is per CPU and
 * the uplink transmits without a lock (lltx).  Only ovnic_uplink_xmit()
 * touches it, with bottom halves off, and it never returns with frames
 * held unless the stack promised another call (ovnic_uplink_stop() sends
 * what a stopped queue left).
 */
struct ovnic_uplink_burst {
	unsigned int n;
	struct sk_buff *skb[OVNIC_UPLINK_BURST];
	struct ovnic_wire_frame frame[OVNIC_UPLINK_BURST];
	const void *piece[OVNIC_UPLINK_BURST][OVNIC_UPLINK_TX_PIECES];
	ovnic_u32 piece_len[OVNIC_UPLINK_BURST][OVNIC_UPLINK_TX_PIECES];
};

struct ovnic_uplink {
	struct ovnic_adapter *ad;
	struct ovnic_uplink_burst __percpu *burst;
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

static void ovnic_uplink_tx_flush(struct net_device *netdev,
				  struct ovnic_uplink_burst *b);

static int ovnic_uplink_stop(struct net_device *netdev)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);
	struct ovnic_uplink *up = netdev_priv(netdev);
	int cpu;

	netif_stop_queue(netdev);
	/*
	 * A sender that saw the queue stop after it promised more frames
	 * (pktgen, a list) left them in its CPU's burst.  Once the
	 * transmits under way are done, nobody calls ovnic_uplink_xmit()
	 * on a stopped queue: send what they left.
	 */
	synchronize_net();
	local_bh_disable();
	for_each_possible_cpu(cpu)
		ovnic_uplink_tx_flush(netdev, per_cpu_ptr(up->burst, cpu));
	local_bh_enable();
	netif_carrier_off(netdev);
	ovnic_hw_reg_write(ad->hw, OVNIC_REG_WIRE_LINK, 0);
	return 0;
}

/*
 * What the card does with a frame the host sends, as its wire header asks
 * (ovnic_hw.h): any checksum from csum_start to the end (HW_CSUM's
 * semantics, not only TCP/UDP over IP), TCP segmentation over IPv4 and
 * IPv6 with ECN, UDP segmentation.  The GSO types are what
 * virtio_net_hdr_from_skb() can express; any other (tunnels, DODGY)
 * reaching ovnic_uplink_xmit() is segmented in software first.  FIXEDID
 * comes only with TSO_MANGLEID on (the core offers it with TSO): then the
 * card may give the segments the IPv4 IDs it likes.
 */
#define OVNIC_UPLINK_TX_OFFLOADS	(NETIF_F_HW_CSUM | NETIF_F_TSO |	\
					 NETIF_F_TSO6 | NETIF_F_TSO_ECN |	\
					 NETIF_F_GSO_UDP_L4)
#define OVNIC_UPLINK_GSO_TYPES		(SKB_GSO_TCPV4 | SKB_GSO_TCPV6 |	\
					 SKB_GSO_TCP_ECN | SKB_GSO_TCP_FIXEDID | \
					 SKB_GSO_UDP_L4)


/*
 * Whether the card can take @skb as its head and page fragments: not with
 * a fragment list (we don't advertise NETIF_F_FRAGLIST; the stack resolves
 * it except on paths that skip validate_xmit_skb()), more fragments than
 * the card takes, fragments the kernel cannot read (devmem), or a fragment
 * in high memory, which has no permanent kernel address (32-bit only: we
 * advertise NETIF_F_HIGHDMA only without CONFIG_HIGHMEM, so the stack
 * linearizes those first; this catches what bypasses it).
 */
static bool ovnic_uplink_sg_ok(const struct sk_buff *skb)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	unsigned int i;

	if (skb_has_frag_list(skb) || !skb_frags_readable(skb) ||
	    shinfo->nr_frags + 1 > OVNIC_UPLINK_TX_PIECES)
		return false;
	for (i = 0; i < shinfo->nr_frags; i++)
		if (PageHighMem(skb_frag_page(&shinfo->frags[i])))
			return false;
	return true;
}

/* @skb's head and fragments as pieces (ovnic_uplink_sg_ok() holds). */
static ovnic_u32 ovnic_uplink_pieces(const struct sk_buff *skb,
				     const void **piece, ovnic_u32 *piece_len)
{
	const struct skb_shared_info *shinfo = skb_shinfo(skb);
	ovnic_u32 n = 0;
	unsigned int i;

	if (skb_headlen(skb)) {
		piece[n] = skb->data;
		piece_len[n++] = skb_headlen(skb);
	}
	for (i = 0; i < shinfo->nr_frags; i++) {
		const skb_frag_t *frag = &shinfo->frags[i];

		if (!skb_frag_size(frag))
			continue;
		piece[n] = skb_frag_address(frag);
		piece_len[n++] = skb_frag_size(frag);
	}
	return n;
}

/*
 * The wire header of @skb, whose data starts at its Ethernet header: the
 * offsets count from there, as the card's do.  For a GSO frame hdr_len is
 * the exact length of the headers (Ethernet to the end of TCP or UDP, as
 * with VIRTIO_NET_F_GUEST_HDRLEN), not virtio_net_hdr_from_skb()'s hint.
 */
static int ovnic_uplink_tx_hdr(const struct sk_buff *skb,
			       struct ovnic_wire_hdr *hdr)
{
	struct virtio_net_hdr vh;
	u16 hdr_len;
	int err;

	/* No hardware-accelerated VLAN tag: we don't offer CTAG_TX. */
	err = virtio_net_hdr_from_skb(skb, &vh, true, false, 0);
	if (err)
		return err;
	hdr_len = __virtio16_to_cpu(true, vh.hdr_len);
	if (skb_is_gso(skb) && skb_transport_header_was_set(skb))
		hdr_len = skb_shinfo(skb)->gso_type & SKB_GSO_UDP_L4 ?
			  skb_transport_offset(skb) + sizeof(struct udphdr) :
			  skb_tcp_all_headers(skb);
	hdr->flags = vh.flags;
	hdr->gso_type = vh.gso_type;
	hdr->hdr_len = ovnic_cpu_to_le16(hdr_len);
	hdr->gso_size = ovnic_cpu_to_le16(__virtio16_to_cpu(true, vh.gso_size));
	hdr->csum_start = ovnic_cpu_to_le16(__virtio16_to_cpu(true,
							      vh.csum_start));
	hdr->csum_offset = ovnic_cpu_to_le16(__virtio16_to_cpu(true,
							       vh.csum_offset));
	return 0;
}

static void ovnic_uplink_tx_drop(struct net_device *netdev,
				 struct sk_buff *skb)
{
	DEV_STATS_INC(netdev, tx_dropped);
	dev_kfree_skb_any(skb);
}

/*
 * Describe @skb for the card in @frame, with @piece and @piece_len as its
 * piece arrays (OVNIC_UPLINK_TX_PIECES each).  A GSO frame here has passed
 * ovnic_uplink_gso_ok(); any other frame whose pieces don't fit is
 * linearized.  False when @skb can't go: counted and freed.
 */
static bool ovnic_uplink_tx_prepare(struct net_device *netdev,
				    struct sk_buff *skb,
				    struct ovnic_wire_frame *frame,
				    const void **piece, ovnic_u32 *piece_len)
{
	if ((!ovnic_uplink_sg_ok(skb) &&
	     (skb_is_gso(skb) || skb_linearize(skb))) ||
	    ovnic_uplink_tx_hdr(skb, &frame->hdr)) {
		ovnic_uplink_tx_drop(netdev, skb);
		return false;
	}
	frame->npieces = ovnic_uplink_pieces(skb, piece, piece_len);
	frame->piece = piece;
	frame->piece_len = piece_len;
	return true;
}

/*
 * The held frames to the card's port in one call; the card copies them
 * before it returns.  The burst never exceeds what the card takes.
 */
static void ovnic_uplink_tx_flush(struct net_device *netdev,
				  struct ovnic_uplink_burst *b)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);
	unsigned int i, n = b->n;
	u64 bytes = 0;

	if (!n)
		return;
	BUILD_BUG_ON(OVNIC_UPLINK_BURST > OVNIC_WIRE_BURST_MAX);
	ovnic_hw_wire_rx_sg_burst(ad->hw, b->frame, n);
	for (i = 0; i < n; i++) {
		bytes += b->skb[i]->len;
		dev_consume_skb_any(b->skb[i]);
	}
	dev_sw_netstats_tx_add(netdev, n, bytes);
	b->n = 0;
}

/* One frame into the burst @b, which goes to the card when full. */
static void ovnic_uplink_tx_add(struct net_device *netdev,
				struct ovnic_uplink_burst *b,
				struct sk_buff *skb)
{
	unsigned int i = b->n;

	if (!ovnic_uplink_tx_prepare(netdev, skb, &b->frame[i], b->piece[i],
				     b->piece_len[i]))
		return;
	b->skb[i] = skb;
	if (++b->n == OVNIC_UPLINK_BURST)
		ovnic_uplink_tx_flush(netdev, b);
}

/*
 * One frame straight to the card, past any burst: with uplink_burst off,
 * and from netpoll, which may interrupt a transmit on its CPU (interrupts
 * off) and must not touch that CPU's burst.
 */
static void ovnic_uplink_tx_one(struct net_device *netdev,
				struct sk_buff *skb)
{
	struct ovnic_adapter *ad = ovnic_uplink_adapter(netdev);
	ovnic_u32 piece_len[OVNIC_UPLINK_TX_PIECES];
	const void *piece[OVNIC_UPLINK_TX_PIECES];
	struct ovnic_wire_frame frame;
	unsigned int len = skb->len;

	if (!ovnic_uplink_tx_prepare(netdev, skb, &frame, piece, piece_len))
		return;
	ovnic_hw_wire_rx_sg_burst(ad->hw, &frame, 1);
	dev_sw_netstats_tx_add(netdev, 1, len);
	dev_consume_skb_any(skb);
}

/* Where a frame goes: the burst @b, or the card at once when NULL. */
static void ovnic_uplink_tx_frame(struct net_device *netdev,
				  struct ovnic_uplink_burst *b,
				  struct sk_buff *skb)
{
	if (b)
		ovnic_uplink_tx_add(netdev, b, skb);
	else
		ovnic_uplink_tx_one(netdev, skb);
}

/*
 * Whether the card takes GSO frame @skb as it is: a GSO type its header
 * expresses, no longer than the wire allows (netif_set_tso_max_size()
 * keeps the stack's below that, but a VLAN tag the stack inserts comes on
 * top), in pieces that fit.
 */
static bool ovnic_uplink_gso_ok(const struct sk_buff *skb)
{
	return !(skb_shinfo(skb)->gso_type & ~OVNIC_UPLINK_GSO_TYPES) &&
	       skb->len <= OVNIC_WIRE_GSO_MAX && ovnic_uplink_sg_ok(skb);
}

/* Segments GSO frame @skb in software and sends the segments. */
static void ovnic_uplink_tx_segment(struct net_device *netdev,
				    struct ovnic_uplink_burst *b,
				    struct sk_buff *skb)
{
	netdev_features_t features = netif_skb_features(skb);
	struct sk_buff *segs, *seg, *next;

	segs = skb_gso_segment(skb, features & ~NETIF_F_GSO_MASK);
	if (IS_ERR_OR_NULL(segs)) {
		ovnic_uplink_tx_drop(netdev, skb);
		return;
	}
	dev_consume_skb_any(skb);
	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		ovnic_uplink_tx_frame(netdev, b, seg);
	}
}

/*
 * While the stack says more frames follow (netdev_xmit_more()), they wait
 * in this CPU's burst; the call that ends the run, a full burst or a
 * stopped queue sends them to the card in one go, whose switch, receive
 * queue locks and interrupt decisions are then paid once per burst.
 */
static netdev_tx_t ovnic_uplink_xmit(struct sk_buff *skb,
				     struct net_device *netdev)
{
	struct ovnic_uplink *up = netdev_priv(netdev);
	struct ovnic_uplink_burst *b = NULL;

	if (likely(!irqs_disabled())) {
		b = this_cpu_ptr(up->burst);
		if (!READ_ONCE(uplink_burst)) {
			ovnic_uplink_tx_flush(netdev, b);
			b = NULL;
		}
	}
	if (skb_is_gso(skb) && !ovnic_uplink_gso_ok(skb))
		ovnic_uplink_tx_segment(netdev, b, skb);
	else
		ovnic_uplink_tx_frame(netdev, b, skb);
	/*
	 * A sender that finds the queue stopped or frozen (pktgen) calls no
	 * more, whatever it promised.
	 */
	if (b && (!netdev_xmit_more() ||
		  netif_xmit_frozen_or_stopped(netdev_get_tx_queue(netdev, 0))))
		ovnic_uplink_tx_flush(netdev, b);
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
 * Received frames up to this length are copied whole into the skb's linear
 * area; longer ones (jumbo and GSO frames) get a linear head of
 * OVNIC_UPLINK_RX_HEAD bytes, enough for their headers, and page fragments.
 */
#define OVNIC_UPLINK_RX_COPYBREAK	2048
#define OVNIC_UPLINK_RX_HEAD		256

static struct sk_buff *ovnic_uplink_rx_skb(struct net_device *netdev,
					   const void *const *piece,
					   const ovnic_u32 *piece_len,
					   ovnic_u32 npieces, unsigned int len)
{
	unsigned int linear, off = 0;
	struct sk_buff *skb;
	ovnic_u32 i;
	int err;

	if (len <= OVNIC_UPLINK_RX_COPYBREAK) {
		skb = netdev_alloc_skb_ip_align(netdev, len);
		if (!skb)
			return NULL;
		for (i = 0; i < npieces; i++)
			skb_put_data(skb, piece[i], piece_len[i]);
		return skb;	/* skb->dev set */
	}

	linear = OVNIC_UPLINK_RX_HEAD;
	skb = alloc_skb_with_frags(NET_SKB_PAD + NET_IP_ALIGN + linear,
				   len - linear, PAGE_ALLOC_COSTLY_ORDER, &err,
				   GFP_ATOMIC);
	if (!skb)
		return NULL;
	/* virtio_net_hdr_to_skb() may ask the device to parse the header. */
	skb->dev = netdev;
	skb_reserve(skb, NET_SKB_PAD + NET_IP_ALIGN);
	skb_put(skb, linear);
	skb->data_len = len - linear;
	skb->len = len;
	for (i = 0; i < npieces; i++) {
		/* Cannot fail: the pieces add up to skb->len. */
		skb_store_bits(skb, off, piece[i], piece_len[i]);
		off += piece_len[i];
	}
	return skb;
}

/*
 * A frame leaving the card's port, in pieces valid during the call, with
 * its offload state: a partial checksum or a GSO frame of up to
 * OVNIC_WIRE_GSO_MAX bytes is passed up as it is (the stack completes or
 * segments it where it must), DATA_VALID means the card checked the
 * checksum.  The header's offsets count from the Ethernet header, as
 * virtio_net_hdr_to_skb() does before eth_type_trans() pulls it.  Runs on
 * device cores with bottom halves off.
 */
void ovnic_uplink_wire_tx(struct ovnic_adapter *ad,
			  const struct ovnic_wire_hdr *hdr,
			  const void *const *piece,
			  const ovnic_u32 *piece_len, ovnic_u32 npieces)
{
	struct net_device *netdev = ad->uplink;
	struct virtio_net_hdr vh = {
		.flags		= hdr->flags,
		.gso_type	= hdr->gso_type,
		.hdr_len	= __cpu_to_virtio16(true,
					ovnic_le16_to_cpu(hdr->hdr_len)),
		.gso_size	= __cpu_to_virtio16(true,
					ovnic_le16_to_cpu(hdr->gso_size)),
		.csum_start	= __cpu_to_virtio16(true,
					ovnic_le16_to_cpu(hdr->csum_start)),
		.csum_offset	= __cpu_to_virtio16(true,
					ovnic_le16_to_cpu(hdr->csum_offset)),
	};
	unsigned int len = 0, max_len;
	struct sk_buff *skb;
	ovnic_u32 i;

	for (i = 0; i < npieces; i++)
		len += piece_len[i];
	if (!netif_running(netdev)) {
		DEV_STATS_INC(netdev, rx_dropped);
		return;
	}
	max_len = vh.gso_type == VIRTIO_NET_HDR_GSO_NONE ?
		  OVNIC_UPLINK_MTU_MAX + VLAN_ETH_HLEN : OVNIC_WIRE_GSO_MAX;
	if (len < ETH_HLEN || len > max_len) {
		DEV_STATS_INC(netdev, rx_length_errors);
		DEV_STATS_INC(netdev, rx_errors);
		return;
	}
	skb = ovnic_uplink_rx_skb(netdev, piece, piece_len, npieces, len);
	if (!skb) {
		DEV_STATS_INC(netdev, rx_dropped);
		return;
	}
	if ((vh.flags & VIRTIO_NET_HDR_F_DATA_VALID) &&
	    (netdev->features & NETIF_F_RXCSUM))
		skb->ip_summed = CHECKSUM_UNNECESSARY;
	/*
	 * A GSO frame without NEEDS_CSUM is checked by the flow dissector,
	 * which wants the network header and the protocol (found from the
	 * Ethernet header when skb->protocol is 0).
	 */
	skb_set_network_header(skb, ETH_HLEN);
	if (virtio_net_hdr_to_skb(skb, &vh, true)) {
		DEV_STATS_INC(netdev, rx_frame_errors);
		DEV_STATS_INC(netdev, rx_errors);
		kfree_skb(skb);
		return;
	}
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

	netdev->hw_features = NETIF_F_SG | NETIF_F_RXCSUM |
			      OVNIC_UPLINK_TX_OFFLOADS;
	netdev->features = netdev->hw_features;
	/* VLAN tags go into the frame: the header's offsets still hold. */
	netdev->vlan_features = NETIF_F_SG | OVNIC_UPLINK_TX_OFFLOADS;
	/* Fragments need a kernel address: see ovnic_uplink_sg_ok(). */
	if (!IS_ENABLED(CONFIG_HIGHMEM)) {
		netdev->features |= NETIF_F_HIGHDMA;
		netdev->vlan_features |= NETIF_F_HIGHDMA;
	}
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
	up->burst = alloc_percpu(struct ovnic_uplink_burst);
	if (!up->burst) {
		free_netdev(netdev);
		return -ENOMEM;
	}
	/*
	 * The stack keeps a GSO frame shorter than the TSO maximum; a VLAN
	 * tag it inserts afterwards must still fit the wire.
	 */
	netif_set_tso_max_size(netdev, OVNIC_WIRE_GSO_MAX - VLAN_HLEN);
	netif_set_tso_max_segs(netdev, OVNIC_WIRE_GSO_MAX_SEGS);
	eth_hw_addr_random(netdev);
	SET_NETDEV_DEV(netdev, ovnic_adapter_dev(ad));
	ad->uplink = netdev;
	return 0;
}

void ovnic_uplink_free(struct ovnic_adapter *ad)
{
	struct ovnic_uplink *up = netdev_priv(ad->uplink);

	free_percpu(up->burst);
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
