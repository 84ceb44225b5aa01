/* SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause */
/*
 * Receive steering and hashing of a device (rss.c), virtio 1.2 sections
 * 5.1.6.4.3 (hash calculation), 5.1.6.4.4 (hash reporting), 5.1.6.5.6
 * (automatic receive steering) and 5.1.6.5.7 (RSS), and virtio 1.4's
 * "Inner Header Hash".
 */
#ifndef OVNIC_FW_RSS_H
#define OVNIC_FW_RSS_H

#include "frame.h"
#include "toeplitz.h"

/* The card implements every hash type and tunnel type the spec defines. */
#define FW_HASH_TYPES_ALL	0x1ffu
#define FW_TUNNEL_TYPES_ALL	0x1ffu

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
struct fw_ctrl_cmd;
struct virtio_net_config;

void fw_rss_reset(struct ovnic_dev *dev);
u16 fw_rss_steer(struct ovnic_dev *dev, const struct ovnic_frame *f,
		 struct fw_rx_hash *hash);
bool fw_rss_features_ok(u64 features);
void fw_rss_config_fill(const struct ovnic_dev *dev,
			struct virtio_net_config *cfg);
u8 fw_ctrl_mq(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);
u8 fw_ctrl_hash_tunnel(struct ovnic_dev *dev, struct fw_ctrl_cmd *c);
int fw_rss_query(struct ovnic_dev *dev, struct ovnic_resp_rss_query *r);
int fw_rss_set_policy(struct ovnic_dev *dev,
		      const struct ovnic_cmd_rss_set_policy *cmd);

#endif /* OVNIC_FW_RSS_H */
