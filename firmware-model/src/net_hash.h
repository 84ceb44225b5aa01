/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Receive hashing and steering, virtio 1.2 sections 5.1.6.4.3 (hash
 * calculation), 5.1.6.4.4 (hash reporting), 5.1.6.5.6 (automatic receive
 * steering) and 5.1.6.5.7 (RSS), and virtio 1.4's "Inner Header Hash":
 *
 *   toeplitz.c   the Toeplitz hash, table driven
 *   pkt_parse.c  the header parser: Ethernet, IPv4, IPv6 and its extension
 *                headers, TCP, UDP and the nine tunnel types
 *   rss.c        a device's steering state, its control commands and the
 *                per-packet queue choice
 *
 * Included by fw.h, before struct ovnic_dev, which embeds struct fw_rss.
 */
#ifndef OVNIC_NET_HASH_H
#define OVNIC_NET_HASH_H

/* The card implements every hash type and tunnel type the spec defines. */
#define FW_HASH_TYPES_ALL	0x1ffu
#define FW_TUNNEL_TYPES_ALL	0x1ffu

/* The longest hash input: two IPv6 addresses and two ports. */
#define FW_HASH_INPUT_MAX	36

/* Toeplitz contributions of every 4-bit value at every input nibble. */
struct fw_toeplitz {
	u32 lut[2 * FW_HASH_INPUT_MAX][16];
};

#define FW_L3_NONE	0
#define FW_L3_IPV4	1
#define FW_L3_IPV6	2

#define FW_L4_NONE	0
#define FW_L4_TCP	1
#define FW_L4_UDP	2

/* What the parser found: the fields the hash types are computed over. */
struct fw_flow {
	u8 l3;			/* FW_L3_* */
	u8 l4;			/* FW_L4_*, NONE for fragments */
	bool ipv6_ext;		/* IPv6 with extension headers */
	bool has_home;		/* home address option present */
	bool has_rh2;		/* routing header type 2 present */
	u32 tunnel;		/* VIRTIO_NET_HASH_TUNNEL_TYPE_* hashed inside */
	u8 src[16];		/* IPv4 uses the first 4 bytes */
	u8 dst[16];
	u8 home[16];
	u8 rh2[16];
	u8 ports[4];		/* source, destination, network order */
};

/* One copy of the steering state that the data path reads. */
struct fw_rss_cfg {
	u32 hash_types;		/* enabled; 0: no hash */
	u32 tunnel_types;	/* the driver's HASH_TUNNEL_SET */
	u8 steering;		/* OVNIC_RSS_STEER_* */
	u8 key_len;
	u16 table_mask;
	u16 unclassified;	/* receive queue number */
	u16 max_tx_vq;
	u16 table[OVNIC_RSS_TABLE_MAX];	/* receive queue numbers */
	u8 key[OVNIC_RSS_KEY_MAX];
	struct fw_toeplitz tz;
};

/*
 * A latch: readers on any core (and the wire) use cfg[seq & 1] and retry
 * when seq moved; the one writer (the device's control queue, or reset
 * with the device quiesced) updates the copy nobody is directed to, so
 * readers never wait and never see a half-written table.
 */
struct fw_rss {
	u32 seq;
	u32 policy_tunnel_types;	/* host policy (RSS_SET_POLICY) */
	struct fw_rss_cfg cfg[2];
};

/* The hash of a received packet, for the header. */
struct fw_rx_hash {
	u32 value;
	u16 report;		/* VIRTIO_NET_HASH_REPORT_* */
};

struct ovnic_dev;
struct ovnic_frame;
struct fw_ctrl_cmd;
struct virtio_net_config;
struct ovnic_resp_rss_query;
struct ovnic_cmd_rss_set_policy;

/* toeplitz.c */
void fw_toeplitz_init(struct fw_toeplitz *tz, const u8 *key, u32 key_len);
u32 fw_toeplitz_hash(const struct fw_toeplitz *tz, const u8 *in, u32 len);

/* pkt_parse.c */
void fw_pkt_parse(const struct ovnic_frame *f, u32 tunnel_types,
		  struct fw_flow *fl);

/* rss.c */
void fw_rss_reset(struct ovnic_dev *dev);
u16 fw_rss_steer(struct ovnic_dev *dev, const struct ovnic_frame *f,
		 struct fw_rx_hash *hash);
u32 fw_net_hdr_len(const struct ovnic_dev *dev);
bool fw_rss_features_ok(u64 features);
void fw_rss_config_fill(const struct ovnic_dev *dev,
			struct virtio_net_config *cfg);
u8 fw_ctrl_mq(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);
u8 fw_ctrl_hash_tunnel(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);
int fw_rss_query(struct ovnic_dev *dev, struct ovnic_resp_rss_query *r);
int fw_rss_set_policy(struct ovnic_dev *dev,
		      const struct ovnic_cmd_rss_set_policy *cmd);

#endif /* OVNIC_NET_HASH_H */
