/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Virtio definitions the card needs, written from the virtio 1.2
 * specification (sections 2.1, 2.6, 2.7, 5.1) for a freestanding build,
 * plus what virtio 1.4 adds for the inner header hash (HASH_TUNNEL), which
 * Linux 6.12's headers don't have.
 * All fields are little-endian on the wire; the card runs little-endian
 * hosts only and converts with the ovnic_hw.h helpers where it matters.
 */
#ifndef OVNIC_VIRTIO_DEFS_H
#define OVNIC_VIRTIO_DEFS_H

#include "ovnic_hw.h"

/* 2.1 Device status field */
#define VIRTIO_S_ACKNOWLEDGE		0x01
#define VIRTIO_S_DRIVER			0x02
#define VIRTIO_S_DRIVER_OK		0x04
#define VIRTIO_S_FEATURES_OK		0x08
#define VIRTIO_S_NEEDS_RESET		0x40
#define VIRTIO_S_FAILED			0x80

/* 6 Reserved feature bits */
#define VIRTIO_F_INDIRECT_DESC		28
#define VIRTIO_F_EVENT_IDX		29
#define VIRTIO_F_VERSION_1		32
#define VIRTIO_F_ACCESS_PLATFORM	33
#define VIRTIO_F_RING_PACKED		34
#define VIRTIO_F_NOTIFICATION_DATA	38
#define VIRTIO_F_RING_RESET		40

/* 5.1.3 Network device feature bits */
#define VIRTIO_NET_F_CSUM		0
#define VIRTIO_NET_F_GUEST_CSUM		1
#define VIRTIO_NET_F_CTRL_GUEST_OFFLOADS 2
#define VIRTIO_NET_F_MTU		3
#define VIRTIO_NET_F_MAC		5
#define VIRTIO_NET_F_GUEST_TSO4		7
#define VIRTIO_NET_F_GUEST_TSO6		8
#define VIRTIO_NET_F_GUEST_ECN		9
#define VIRTIO_NET_F_GUEST_UFO		10
#define VIRTIO_NET_F_HOST_TSO4		11
#define VIRTIO_NET_F_HOST_TSO6		12
#define VIRTIO_NET_F_HOST_ECN		13
#define VIRTIO_NET_F_HOST_UFO		14
#define VIRTIO_NET_F_MRG_RXBUF		15
#define VIRTIO_NET_F_STATUS		16
#define VIRTIO_NET_F_CTRL_VQ		17
#define VIRTIO_NET_F_CTRL_RX		18
#define VIRTIO_NET_F_CTRL_VLAN		19
#define VIRTIO_NET_F_GUEST_ANNOUNCE	21
#define VIRTIO_NET_F_MQ			22
#define VIRTIO_NET_F_CTRL_MAC_ADDR	23
#define VIRTIO_NET_F_DEVICE_STATS	50
#define VIRTIO_NET_F_HASH_TUNNEL	51	/* virtio 1.4 */
#define VIRTIO_NET_F_VQ_NOTF_COAL	52
#define VIRTIO_NET_F_NOTF_COAL		53
#define VIRTIO_NET_F_GUEST_USO4		54	/* virtio 1.2 */
#define VIRTIO_NET_F_GUEST_USO6		55
#define VIRTIO_NET_F_HOST_USO		56
#define VIRTIO_NET_F_HASH_REPORT	57
#define VIRTIO_NET_F_GUEST_HDRLEN	59
#define VIRTIO_NET_F_RSS		60
#define VIRTIO_NET_F_SPEED_DUPLEX	63

/* 2.7.5 The virtqueue descriptor table */
#define VRING_DESC_F_NEXT		1
#define VRING_DESC_F_WRITE		2
#define VRING_DESC_F_INDIRECT		4

struct vring_desc {
	ovnic_le64 addr;
	ovnic_le32 len;
	ovnic_le16 flags;
	ovnic_le16 next;
};

/* 2.7.6 The virtqueue available ring */
#define VRING_AVAIL_F_NO_INTERRUPT	1

struct vring_avail {
	ovnic_le16 flags;
	ovnic_le16 idx;
	ovnic_le16 ring[];	/* then used_event */
};

/* 2.7.8 The virtqueue used ring */
#define VRING_USED_F_NO_NOTIFY		1

struct vring_used_elem {
	ovnic_le32 id;
	ovnic_le32 len;
};

struct vring_used {
	ovnic_le16 flags;
	ovnic_le16 idx;
	struct vring_used_elem ring[];	/* then avail_event */
};

static inline unsigned long vring_avail_bytes(unsigned int num)
{
	return 4 + 2ul * num + 2;
}

static inline unsigned long vring_used_bytes(unsigned int num)
{
	return 4 + 8ul * num + 2;
}

/* 2.7.7.2: notify when new_idx passed event_idx since old_idx. */
static inline int vring_need_event(ovnic_u16 event_idx, ovnic_u16 new_idx,
				   ovnic_u16 old_idx)
{
	return (ovnic_u16)(new_idx - event_idx - 1) <
	       (ovnic_u16)(new_idx - old_idx);
}

/* 2.8.13 Packed virtqueue: descriptors and event suppression */
#define VRING_PACKED_DESC_F_AVAIL	(1 << 7)
#define VRING_PACKED_DESC_F_USED	(1 << 15)
#define VRING_PACKED_WRAP		(1 << 15)	/* in off_wrap */

#define VRING_PACKED_EVENT_ENABLE	0
#define VRING_PACKED_EVENT_DISABLE	1
#define VRING_PACKED_EVENT_DESC		2	/* needs EVENT_IDX */

struct vring_packed_desc {
	ovnic_le64 addr;
	ovnic_le32 len;
	ovnic_le16 id;
	ovnic_le16 flags;
};

struct vring_packed_event {
	ovnic_le16 off_wrap;
	ovnic_le16 flags;
};

/* 5.1.4 Device configuration layout */
#define VIRTIO_NET_S_LINK_UP		1
#define VIRTIO_NET_S_ANNOUNCE		2

struct virtio_net_config {
	ovnic_u8 mac[6];
	ovnic_le16 status;
	ovnic_le16 max_virtqueue_pairs;
	ovnic_le16 mtu;
	ovnic_le32 speed;
	ovnic_u8 duplex;
	ovnic_u8 rss_max_key_size;
	ovnic_le16 rss_max_indirection_table_length;
	ovnic_le32 supported_hash_types;
	ovnic_le32 supported_tunnel_types;	/* virtio 1.4 */
} __attribute__((packed));

#define VIRTIO_NET_DUPLEX_FULL		1

/* 5.1.6 Device operation: the header in front of every packet */
struct virtio_net_hdr_v1 {
	ovnic_u8 flags;
	ovnic_u8 gso_type;
	ovnic_le16 hdr_len;
	ovnic_le16 gso_size;
	ovnic_le16 csum_start;
	ovnic_le16 csum_offset;
	ovnic_le16 num_buffers;
};

#define VIRTIO_NET_HDR_F_NEEDS_CSUM	1
#define VIRTIO_NET_HDR_F_DATA_VALID	2
#define VIRTIO_NET_HDR_F_RSC_INFO	4

#define VIRTIO_NET_HDR_GSO_NONE		0
#define VIRTIO_NET_HDR_GSO_TCPV4	1
#define VIRTIO_NET_HDR_GSO_UDP		3	/* UFO: never offered */
#define VIRTIO_NET_HDR_GSO_TCPV6	4
#define VIRTIO_NET_HDR_GSO_UDP_L4	5	/* USO */
#define VIRTIO_NET_HDR_GSO_ECN		0x80

/* With VIRTIO_NET_F_HASH_REPORT, in both directions (5.1.6). */
struct virtio_net_hdr_v1_hash {
	struct virtio_net_hdr_v1 hdr;
	ovnic_le32 hash_value;
	ovnic_le16 hash_report;
	ovnic_le16 padding_reserved;
};

/* 5.1.6.4.3.1 Supported/enabled hash types */
#define VIRTIO_NET_HASH_TYPE_IPv4	(1u << 0)
#define VIRTIO_NET_HASH_TYPE_TCPv4	(1u << 1)
#define VIRTIO_NET_HASH_TYPE_UDPv4	(1u << 2)
#define VIRTIO_NET_HASH_TYPE_IPv6	(1u << 3)
#define VIRTIO_NET_HASH_TYPE_TCPv6	(1u << 4)
#define VIRTIO_NET_HASH_TYPE_UDPv6	(1u << 5)
#define VIRTIO_NET_HASH_TYPE_IP_EX	(1u << 6)
#define VIRTIO_NET_HASH_TYPE_TCP_EX	(1u << 7)
#define VIRTIO_NET_HASH_TYPE_UDP_EX	(1u << 8)

/* 5.1.6.4.4 Hash reporting: TYPE_XXX == 1 << (REPORT_XXX - 1) */
#define VIRTIO_NET_HASH_REPORT_NONE	0
#define VIRTIO_NET_HASH_REPORT_IPv4	1
#define VIRTIO_NET_HASH_REPORT_TCPv4	2
#define VIRTIO_NET_HASH_REPORT_UDPv4	3
#define VIRTIO_NET_HASH_REPORT_IPv6	4
#define VIRTIO_NET_HASH_REPORT_TCPv6	5
#define VIRTIO_NET_HASH_REPORT_UDPv6	6
#define VIRTIO_NET_HASH_REPORT_IPv6_EX	7
#define VIRTIO_NET_HASH_REPORT_TCPv6_EX	8
#define VIRTIO_NET_HASH_REPORT_UDPv6_EX	9

/* virtio 1.4, Encapsulation types supported/enabled for inner header hash */
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2784	(1u << 0)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_2890	(1u << 1)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_7676	(1u << 2)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GRE_UDP	(1u << 3)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN	(1u << 4)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_VXLAN_GPE	(1u << 5)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_GENEVE	(1u << 6)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_IPIP	(1u << 7)
#define VIRTIO_NET_HASH_TUNNEL_TYPE_NVGRE	(1u << 8)

/* 5.1.6.5 Control virtqueue */
#define VIRTIO_NET_OK			0
#define VIRTIO_NET_ERR			1

#define VIRTIO_NET_CTRL_RX		0
#define VIRTIO_NET_CTRL_RX_PROMISC	0
#define VIRTIO_NET_CTRL_RX_ALLMULTI	1

#define VIRTIO_NET_CTRL_MAC		1
#define VIRTIO_NET_CTRL_MAC_TABLE_SET	0
#define VIRTIO_NET_CTRL_MAC_ADDR_SET	1

#define VIRTIO_NET_CTRL_VLAN		2
#define VIRTIO_NET_CTRL_VLAN_ADD	0
#define VIRTIO_NET_CTRL_VLAN_DEL	1

#define VIRTIO_NET_CTRL_ANNOUNCE	3
#define VIRTIO_NET_CTRL_ANNOUNCE_ACK	0

#define VIRTIO_NET_CTRL_GUEST_OFFLOADS	5
#define VIRTIO_NET_CTRL_GUEST_OFFLOADS_SET 0

#define VIRTIO_NET_CTRL_MQ		4
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET	0
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN	1
#define VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MAX	0x8000
#define VIRTIO_NET_CTRL_MQ_RSS_CONFIG	1
#define VIRTIO_NET_CTRL_MQ_HASH_CONFIG	2

/* virtio 1.4, Inner Header Hash */
#define VIRTIO_NET_CTRL_HASH_TUNNEL	7
#define VIRTIO_NET_CTRL_HASH_TUNNEL_SET	0

/* Notifications coalescing (virtio 1.3 5.1.6.5.9) */
#define VIRTIO_NET_CTRL_NOTF_COAL	6
#define VIRTIO_NET_CTRL_NOTF_COAL_TX_SET 0
#define VIRTIO_NET_CTRL_NOTF_COAL_RX_SET 1
#define VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET 2
#define VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET 3

/* Device statistics (virtio 1.3 5.1.6.5.10) */
#define VIRTIO_NET_CTRL_STATS		8
#define VIRTIO_NET_CTRL_STATS_QUERY	0
#define VIRTIO_NET_CTRL_STATS_GET	1

#define VIRTIO_NET_STATS_TYPE_RX_BASIC	(1ull << 0)
#define VIRTIO_NET_STATS_TYPE_RX_CSUM	(1ull << 1)
#define VIRTIO_NET_STATS_TYPE_RX_GSO	(1ull << 2)
#define VIRTIO_NET_STATS_TYPE_RX_SPEED	(1ull << 3)
#define VIRTIO_NET_STATS_TYPE_TX_BASIC	(1ull << 16)
#define VIRTIO_NET_STATS_TYPE_TX_CSUM	(1ull << 17)
#define VIRTIO_NET_STATS_TYPE_TX_GSO	(1ull << 18)
#define VIRTIO_NET_STATS_TYPE_TX_SPEED	(1ull << 19)
#define VIRTIO_NET_STATS_TYPE_CVQ	(1ull << 32)

/* struct virtio_net_stats_reply_hdr: type, reserved, le16 vq_index,
 * le16 reserved1, le16 size; the counters (le64) follow.
 */
#define VIRTIO_NET_STATS_REPLY_HDR_LEN	8

#endif /* OVNIC_VIRTIO_DEFS_H */
