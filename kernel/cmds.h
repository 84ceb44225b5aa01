/* SPDX-License-Identifier: GPL-2.0 */
/* One wrapper per card command; each returns 0 or a negative errno. */
#ifndef OVNIC_CMDS_H
#define OVNIC_CMDS_H

#include <linux/if_ether.h>
#include <linux/types.h>

#include "ovnic_hw.h"

struct device;
struct ovnic_adapter;

/*
 * What the command layer needs of its adapter: the card's bus and the
 * device to log failures against.  cmds_adapter.c gives them in the module;
 * tests/kshim in the userspace build of cmds.c.
 */
struct ovnic_hw *ovnic_cmds_hw(struct ovnic_adapter *ad);
struct device *ovnic_cmds_dev(struct ovnic_adapter *ad);

struct ovnic_dev_info {
	u64 device_features;
	u64 driver_features;
	u32 config_generation;
	u32 config_size;
	u16 num_vqs;		/* provisioned */
	u16 max_vqp;		/* queue pairs offered */
	u16 curr_vqp;		/* queue pairs the driver uses */
	u16 max_queue_size;	/* ring size offered */
	u8 status;
	bool link_up;
	bool loopback;		/* DEV_SET_LOOPBACK */
	bool suspended;		/* DEV_SUSPEND */
};

struct ovnic_vq_info {
	u16 size;
	u16 avail_idx;
	u16 used_idx;
	bool ready;
	bool broken;
};

/* RSS_QUERY, in CPU order: see struct ovnic_resp_rss_query. */
struct ovnic_rss_info {
	u32 hash_types;
	u32 supported_hash_types;
	u32 guest_tunnel_types;
	u32 policy_tunnel_types;
	u32 active_tunnel_types;
	u32 supported_tunnel_types;
	u32 flags;			/* OVNIC_RSS_F_* */
	u16 curr_vqp;
	u16 max_tx_vq;
	u16 unclassified_queue;
	u16 table_len;
	u8 steering;			/* OVNIC_RSS_STEER_* */
	u8 key_len;
	u8 key[OVNIC_RSS_KEY_MAX];
	u16 table[OVNIC_RSS_TABLE_MAX];
};

struct ovnic_dev_params {
	u64 features;
	u8 mac[6];
	u16 mtu;
	u16 max_vqp;
};

/* A device's coalescing policy (COAL_POLICY_SET/GET). */
struct ovnic_coal_params {
	u32 rx_usecs;
	u32 rx_frames;
	u32 tx_usecs;
	u32 tx_frames;
	u32 flags;		/* OVNIC_COAL_F_* */
	u32 irq_rate;		/* adaptive target, interrupts/s per queue */
};

/* A queue's coalescing state (COAL_VQ_QUERY). */
struct ovnic_coal_vq_info {
	u32 usecs;
	u32 frames;
	u32 pending;
	u32 rate_pps;
	u8 source;		/* enum ovnic_coal_source */
	bool active;
	bool timer_armed;
};

/* A device's MAC policy, the host's (DEV_SET/GET_MAC_POLICY, ovnic_hw.h). */
struct ovnic_mac_params {
	u8 flags;		/* OVNIC_MACP_* */
	u8 spoof;		/* OVNIC_SPOOF_* */
	u8 n_allowed;
	u8 allowed[OVNIC_MAC_ALLOWED_MAX][ETH_ALEN];
};

/* DEV_GET_MAC_POLICY: the policy and what the device owns now. */
struct ovnic_mac_info {
	struct ovnic_mac_params policy;
	u8 mac[ETH_ALEN];	/* the driver's current MAC */
	bool spoof_active;	/* sources checked now (what AUTO means) */
	u8 n_claimed;
	u8 claimed[OVNIC_MAC_OWNED_MAX][ETH_ALEN];	/* by the driver */
};

int ovnic_cmd_dev_create(struct ovnic_adapter *ad, u16 dev_id,
			 const struct ovnic_dev_params *params,
			 u32 config_vector);
int ovnic_cmd_dev_destroy(struct ovnic_adapter *ad, u16 dev_id);
int ovnic_cmd_dev_reset(struct ovnic_adapter *ad, u16 dev_id);
int ovnic_cmd_dev_set_status(struct ovnic_adapter *ad, u16 dev_id,
			     u8 status);
int ovnic_cmd_dev_suspend(struct ovnic_adapter *ad, u16 dev_id);
int ovnic_cmd_dev_resume(struct ovnic_adapter *ad, u16 dev_id);
int ovnic_cmd_dev_query(struct ovnic_adapter *ad, u16 dev_id,
			struct ovnic_dev_info *info);
int ovnic_cmd_dev_set_features(struct ovnic_adapter *ad, u16 dev_id,
			       u64 features);
int ovnic_cmd_dev_config_read(struct ovnic_adapter *ad, u16 dev_id,
			      u16 offset, void *buf, u16 len);
int ovnic_cmd_dev_config_write(struct ovnic_adapter *ad, u16 dev_id,
			       u16 offset, const void *buf, u16 len);
int ovnic_cmd_dev_set_link(struct ovnic_adapter *ad, u16 dev_id, bool up);
int ovnic_cmd_dev_set_loopback(struct ovnic_adapter *ad, u16 dev_id, bool on);
int ovnic_cmd_dev_set_mac(struct ovnic_adapter *ad, u16 dev_id,
			  const u8 mac[ETH_ALEN]);
int ovnic_cmd_dev_set_queues(struct ovnic_adapter *ad, u16 dev_id,
			     u16 max_vqp, u16 max_queue_size);
int ovnic_cmd_mac_policy_set(struct ovnic_adapter *ad, u16 dev_id,
			     const struct ovnic_mac_params *p);
int ovnic_cmd_mac_policy_get(struct ovnic_adapter *ad, u16 dev_id,
			     struct ovnic_mac_info *info);

int ovnic_cmd_vq_set_addr(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			  u64 desc, u64 driver, u64 device);
int ovnic_cmd_vq_set_size(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			  u16 size);
int ovnic_cmd_vq_set_ready(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			   bool ready, u32 vector, u8 asid);
int ovnic_cmd_vq_set_asid(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			  u8 asid);
int ovnic_cmd_vq_set_state(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			   u16 avail_idx, u16 used_idx);
int ovnic_cmd_vq_query(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
		       struct ovnic_vq_info *info);
int ovnic_cmd_vq_stats(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
		       u64 counter[OVNIC_VQC_NUM]);
int ovnic_cmd_port_stats(struct ovnic_adapter *ad, u64 to_wire[OVNIC_VQC_NUM],
			 u64 from_wire[OVNIC_VQC_NUM]);

int ovnic_cmd_mr_map(struct ovnic_adapter *ad, u16 dev_id, u32 asid,
		     u64 iova, u64 size, u64 pa, u32 perm);
int ovnic_cmd_mr_unmap(struct ovnic_adapter *ad, u16 dev_id, u32 asid,
		       u64 iova, u64 size);
int ovnic_cmd_mr_reset(struct ovnic_adapter *ad, u16 dev_id, u32 asid);
int ovnic_cmd_mr_identity(struct ovnic_adapter *ad, u16 dev_id, u32 asid);

int ovnic_cmd_coal_policy_set(struct ovnic_adapter *ad, u16 dev_id,
			      const struct ovnic_coal_params *p);
int ovnic_cmd_coal_policy_get(struct ovnic_adapter *ad, u16 dev_id,
			      struct ovnic_coal_params *p);
int ovnic_cmd_coal_vq_query(struct ovnic_adapter *ad, u16 dev_id, u16 qid,
			    struct ovnic_coal_vq_info *info);
int ovnic_cmd_rss_query(struct ovnic_adapter *ad, u16 dev_id,
			struct ovnic_rss_info *info);
int ovnic_cmd_rss_set_policy(struct ovnic_adapter *ad, u16 dev_id,
			     u32 tunnel_types);

#endif /* OVNIC_CMDS_H */
