// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Receive steering and hashing of a device, virtio 1.2:
 *   5.1.4       rss_max_key_size, rss_max_indirection_table_length,
 *               supported_hash_types (and virtio 1.4's
 *               supported_tunnel_types)
 *   5.1.6.4.3   hash calculation for incoming packets
 *   5.1.6.4.4   hash reporting (the header's hash_value and hash_report)
 *   5.1.6.5.5   multiqueue modes: the last VIRTIO_NET_CTRL_MQ command
 *               decides; VQ_PAIRS_SET and HASH_CONFIG select automatic
 *               steering, RSS_CONFIG the indirection table
 *   5.1.6.5.6   automatic receive steering, and its HASH_CONFIG
 *   5.1.6.5.7   RSS: RSS_CONFIG and the RSS processing rules
 * and virtio 1.4's "Inner Header Hash" (class VIRTIO_NET_CTRL_HASH_TUNNEL).
 *
 * What the driver programs is kept in a latch (struct fw_rss): any device
 * core and the wire choose a queue without a lock, and never see half of
 * an update.  Its only writer is the device's control queue, which runs on
 * one core, or a reset with the device quiesced.
 *
 * The hash types and key of RSS_CONFIG or HASH_CONFIG, whichever came
 * last, are used for hash reports in every mode and for the queue choice
 * in both modes.  Without them, automatic steering spreads flows with a
 * hash of its own over the same fields.  RSS_CONFIG's max_tx_vq sets the
 * number of queue pairs in use, as VQ_PAIRS_SET does, because Linux's
 * virtio_net sends only RSS_CONFIG when it changes the queue count.
 *
 * Inner header hash: a driver that negotiated VIRTIO_NET_F_HASH_TUNNEL
 * sets the types with HASH_TUNNEL_SET and nothing else applies to it.  For
 * any other driver the host's policy (mailbox RSS_SET_POLICY) decides.
 */
#include "device.h"
#include "ctrl_cmd.h"
#include "pkt_parse.h"

#define RSS_HDR_LEN	8u	/* hash_types, mask, unclassified_queue */
#define RSS_TRAILER_LEN	3u	/* max_tx_vq, hash_key_length */
#define HASH_CFG_LEN	13u	/* hash_types, reserved[4], key length */
#define RSS_Q_RESERVED	0x8000	/* bit 15 of a struct rss_rq_id */

/* ---- The latch ---- */

/* The copy readers don't use until rss_write_end(); starts as current. */
static struct fw_rss_cfg *rss_write_begin(struct fw_rss *rss)
{
	fw_atomic_add(&rss->seq, 1);	/* readers go to cfg[1] */
	fw_wmb();
	return &rss->cfg[0];
}

static void rss_write_end(struct fw_rss *rss)
{
	fw_wmb();
	fw_atomic_add(&rss->seq, 1);	/* readers go to cfg[0] */
	fw_wmb();
	fw_memcpy(&rss->cfg[1], &rss->cfg[0], sizeof(rss->cfg[1]));
}

/* 2.4 / 5.1.6.5.6: after reset only receiveq1, no hash, nothing inner. */
void fw_rss_reset(struct ovnic_dev *dev)
{
	struct fw_rss *rss = &dev->rss;

	fw_memset(rss->cfg, 0, sizeof(rss->cfg));
	rss->cfg[0].steering = OVNIC_RSS_STEER_AUTO;
	rss->cfg[1].steering = OVNIC_RSS_STEER_AUTO;
}

static void rss_set_key(struct fw_rss_cfg *c, const u8 *key, u8 len)
{
	if (c->key_len == len && !fw_memcmp(c->key, key, len))
		return;
	fw_memset(c->key, 0, sizeof(c->key));
	fw_memcpy(c->key, key, len);
	c->key_len = len;
	fw_toeplitz_init(&c->tz, c->key, len);
}

/* ---- Features and configuration space ---- */

/* 5.1.3.1: HASH_TUNNEL needs RSS or HASH_REPORT (CTRL_VQ is checked too). */
bool fw_rss_features_ok(u64 features)
{
	return !(features & (1ull << VIRTIO_NET_F_HASH_TUNNEL)) ||
	       features & ((1ull << VIRTIO_NET_F_RSS) |
			   (1ull << VIRTIO_NET_F_HASH_REPORT));
}

void fw_rss_config_fill(const struct ovnic_dev *dev,
			struct virtio_net_config *cfg)
{
	u64 f = dev->device_features;

	if (f & ((1ull << VIRTIO_NET_F_RSS) |
		 (1ull << VIRTIO_NET_F_HASH_REPORT))) {
		cfg->rss_max_key_size = OVNIC_RSS_KEY_MAX;
		cfg->supported_hash_types = ovnic_cpu_to_le32(FW_HASH_TYPES_ALL);
	}
	if (f & (1ull << VIRTIO_NET_F_RSS))
		cfg->rss_max_indirection_table_length =
			ovnic_cpu_to_le16(OVNIC_RSS_TABLE_MAX);
	if (f & (1ull << VIRTIO_NET_F_HASH_TUNNEL))
		cfg->supported_tunnel_types =
			ovnic_cpu_to_le32(FW_TUNNEL_TYPES_ALL);
}

/* ---- Control queue ---- */

/* 5.1.6.5.6 VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET */
static u8 mq_pairs_set(struct ovnic_dev *dev, const struct fw_ctrl_cmd *c)
{
	struct fw_rss_cfg *cfg;
	u16 pairs;

	if (!fw_dev_has(dev, VIRTIO_NET_F_MQ) || c->len != 2)
		return VIRTIO_NET_ERR;
	pairs = fw_get_le16(c->data);
	if (pairs < VIRTIO_NET_CTRL_MQ_VQ_PAIRS_MIN || pairs > dev->max_vqp)
		return VIRTIO_NET_ERR;
	cfg = rss_write_begin(&dev->rss);
	cfg->steering = OVNIC_RSS_STEER_AUTO;
	fw_write_once(&dev->curr_vqp, pairs);
	rss_write_end(&dev->rss);
	return VIRTIO_NET_OK;
}

/*
 * 5.1.6.5.7.1 VIRTIO_NET_CTRL_MQ_RSS_CONFIG: checked whole before anything
 * changes, so an ERR leaves the device as it was.  Bytes after the key are
 * ignored: Linux 6.12 sends sizeof() of its trailer struct, one byte of
 * padding more than the key.
 */
static u8 mq_rss_config(struct ovnic_dev *dev, const struct fw_ctrl_cmd *c)
{
	const u8 *d = c->data, *trailer;
	u32 types, entries, i;
	u16 unclassified, max_tx_vq;
	struct fw_rss_cfg *cfg;
	u8 key_len;

	if (!fw_dev_has(dev, VIRTIO_NET_F_RSS) || c->len < RSS_HDR_LEN)
		return VIRTIO_NET_ERR;
	types = fw_get_le32(d);
	entries = fw_get_le16(d + 4) + 1u;
	unclassified = fw_get_le16(d + 6);
	if (types & ~FW_HASH_TYPES_ALL || entries > OVNIC_RSS_TABLE_MAX ||
	    entries & (entries - 1) || unclassified >= dev->max_vqp)
		return VIRTIO_NET_ERR;
	if (c->len < RSS_HDR_LEN + 2 * entries + RSS_TRAILER_LEN)
		return VIRTIO_NET_ERR;
	trailer = d + RSS_HDR_LEN + 2 * entries;
	max_tx_vq = fw_get_le16(trailer);
	key_len = trailer[2];
	if (key_len > OVNIC_RSS_KEY_MAX || max_tx_vq < 1 ||
	    max_tx_vq > dev->max_vqp ||
	    c->len < RSS_HDR_LEN + 2 * entries + RSS_TRAILER_LEN + key_len)
		return VIRTIO_NET_ERR;
	/* Entries name receive queues (bits 1-16 of the vq index). */
	for (i = 0; i < entries; i++)
		if (fw_get_le16(d + RSS_HDR_LEN + 2 * i) >= dev->max_vqp)
			return VIRTIO_NET_ERR;

	cfg = rss_write_begin(&dev->rss);
	cfg->hash_types = types;
	cfg->steering = OVNIC_RSS_STEER_TABLE;
	cfg->table_mask = (u16)(entries - 1);
	cfg->unclassified = unclassified;
	cfg->max_tx_vq = max_tx_vq;
	for (i = 0; i < entries; i++)
		cfg->table[i] = fw_get_le16(d + RSS_HDR_LEN + 2 * i);
	rss_set_key(cfg, trailer + RSS_TRAILER_LEN, key_len);
	fw_write_once(&dev->curr_vqp, max_tx_vq);
	rss_write_end(&dev->rss);
	return VIRTIO_NET_OK;
}

/*
 * 5.1.6.5.6.4 VIRTIO_NET_CTRL_MQ_HASH_CONFIG.  The spec asks the driver
 * for zeroes in reserved[]; Linux 6.12 puts its queue count there (and a
 * padding byte after the key), so the card ignores them rather than refuse
 * the command.
 */
static u8 mq_hash_config(struct ovnic_dev *dev, const struct fw_ctrl_cmd *c)
{
	struct fw_rss_cfg *cfg;
	u32 types;
	u8 key_len;

	if (!fw_dev_has(dev, VIRTIO_NET_F_HASH_REPORT) ||
	    c->len < HASH_CFG_LEN)
		return VIRTIO_NET_ERR;
	types = fw_get_le32(c->data);
	key_len = c->data[HASH_CFG_LEN - 1];
	if (types & ~FW_HASH_TYPES_ALL || key_len > OVNIC_RSS_KEY_MAX ||
	    c->len < HASH_CFG_LEN + key_len)
		return VIRTIO_NET_ERR;
	cfg = rss_write_begin(&dev->rss);
	cfg->hash_types = types;
	cfg->steering = OVNIC_RSS_STEER_AUTO;
	rss_set_key(cfg, c->data + HASH_CFG_LEN, key_len);
	rss_write_end(&dev->rss);
	return VIRTIO_NET_OK;
}

/* 5.1.6.5.5 Device operation in multiqueue mode */
u8 fw_ctrl_mq(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	switch (c->cmd) {
	case VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET:
		return mq_pairs_set(dev, c);
	case VIRTIO_NET_CTRL_MQ_RSS_CONFIG:
		return mq_rss_config(dev, c);
	case VIRTIO_NET_CTRL_MQ_HASH_CONFIG:
		return mq_hash_config(dev, c);
	default:
		return VIRTIO_NET_ERR;
	}
}

/* virtio 1.4 VIRTIO_NET_CTRL_HASH_TUNNEL_SET: unsupported bits get ERR. */
u8 fw_ctrl_hash_tunnel(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	struct fw_rss_cfg *cfg;
	u32 types;

	if (!fw_dev_has(dev, VIRTIO_NET_F_HASH_TUNNEL) ||
	    c->cmd != VIRTIO_NET_CTRL_HASH_TUNNEL_SET || c->len != 4)
		return VIRTIO_NET_ERR;
	types = fw_get_le32(c->data);
	if (types & ~FW_TUNNEL_TYPES_ALL)
		return VIRTIO_NET_ERR;
	cfg = rss_write_begin(&dev->rss);
	cfg->tunnel_types = types;
	rss_write_end(&dev->rss);
	return VIRTIO_NET_OK;
}

/* ---- Data path ---- */

/*
 * 5.1.6.4.3.2-4: the hash of @fl under @types, or false when none of the
 * enabled types applies.
 */
static fw_latch_reader bool flow_hash(const struct fw_flow *fl, u32 types,
		      const struct fw_toeplitz *tz, struct fw_rx_hash *h)
{
	const u8 *src = fl->src, *dst = fl->dst;
	bool tcp = fl->l4 == FW_L4_TCP, udp = fl->l4 == FW_L4_UDP;
	u8 in[FW_HASH_INPUT_MAX];
	u32 alen, n;
	u16 rep;

	if (fl->l3 == FW_L3_IPV4) {
		alen = 4;
		if (tcp && types & VIRTIO_NET_HASH_TYPE_TCPv4)
			rep = VIRTIO_NET_HASH_REPORT_TCPv4;
		else if (udp && types & VIRTIO_NET_HASH_TYPE_UDPv4)
			rep = VIRTIO_NET_HASH_REPORT_UDPv4;
		else if (types & VIRTIO_NET_HASH_TYPE_IPv4)
			rep = VIRTIO_NET_HASH_REPORT_IPv4;
		else
			return false;
	} else if (fl->l3 == FW_L3_IPV6) {
		alen = 16;
		if (fl->ipv6_ext && tcp && types & VIRTIO_NET_HASH_TYPE_TCP_EX)
			rep = VIRTIO_NET_HASH_REPORT_TCPv6_EX;
		else if (fl->ipv6_ext && udp &&
			 types & VIRTIO_NET_HASH_TYPE_UDP_EX)
			rep = VIRTIO_NET_HASH_REPORT_UDPv6_EX;
		else if (fl->ipv6_ext && types & VIRTIO_NET_HASH_TYPE_IP_EX)
			rep = VIRTIO_NET_HASH_REPORT_IPv6_EX;
		else if (tcp && types & VIRTIO_NET_HASH_TYPE_TCPv6)
			rep = VIRTIO_NET_HASH_REPORT_TCPv6;
		else if (udp && types & VIRTIO_NET_HASH_TYPE_UDPv6)
			rep = VIRTIO_NET_HASH_REPORT_UDPv6;
		else if (types & VIRTIO_NET_HASH_TYPE_IPv6)
			rep = VIRTIO_NET_HASH_REPORT_IPv6;
		else
			return false;
		if (rep >= VIRTIO_NET_HASH_REPORT_IPv6_EX) {
			if (fl->has_home)
				src = fl->home;
			if (fl->has_rh2)
				dst = fl->rh2;
		}
	} else {
		return false;
	}
	fw_memcpy(in, src, alen);
	fw_memcpy(in + alen, dst, alen);
	n = 2 * alen;
	if (rep != VIRTIO_NET_HASH_REPORT_IPv4 &&
	    rep != VIRTIO_NET_HASH_REPORT_IPv6 &&
	    rep != VIRTIO_NET_HASH_REPORT_IPv6_EX) {
		fw_memcpy(in + n, fl->ports, 4);
		n += 4;
	}
	h->value = fw_toeplitz_hash(tz, in, n);
	h->report = rep;
	return true;
}

/* Automatic steering without a configured hash: addresses and ports. */
static u32 flow_spread(const struct fw_flow *fl)
{
	u32 alen = fl->l3 == FW_L3_IPV6 ? 16 : fl->l3 == FW_L3_IPV4 ? 4 : 0;
	u32 h = 2166136261u, i;

	for (i = 0; i < alen; i++)
		h = (h ^ fl->src[i] ^ (u32)fl->dst[i] << 8) * 16777619u;
	for (i = 0; i < 4; i++)
		h = (h ^ fl->ports[i]) * 16777619u;
	return h ^ h >> 16;
}

/*
 * One pass over the latch: the queue pair for @f, its hash in @hash.  Kept
 * out of line so that the common case, nothing to choose, stays cheap.
 */
static fw_noinline fw_latch_reader u16 rss_choose(struct ovnic_dev *dev,
						   const struct fw_rss_cfg *c,
						   u16 pairs,
						   const struct ovnic_frame *f,
						   struct fw_rx_hash *hash)
{
	struct fw_rss *rss = &dev->rss;
	struct fw_flow fl;
	u32 tunnels;
	bool hashed;

	tunnels = fw_dev_has(dev, VIRTIO_NET_F_HASH_TUNNEL) ? c->tunnel_types :
		  fw_read_once(&rss->policy_tunnel_types);
	fw_pkt_parse(f, tunnels, &fl);
	hashed = c->hash_types && flow_hash(&fl, c->hash_types, &c->tz, hash);
	if (c->steering == OVNIC_RSS_STEER_TABLE)
		return hashed ? c->table[hash->value & c->table_mask &
					 (OVNIC_RSS_TABLE_MAX - 1)] :
				c->unclassified;
	if (pairs > 1)
		return (u16)((hashed ? hash->value : flow_spread(&fl)) % pairs);
	return 0;
}

/*
 * The receive queue pair for @f and the hash to report.  5.1.6.5.7.2: with
 * the indirection table, a packet without a hash goes to the unclassified
 * queue; otherwise table[hash & mask].
 */
fw_latch_reader u16 fw_rss_steer(struct ovnic_dev *dev,
				  const struct ovnic_frame *f,
				  struct fw_rx_hash *hash)
{
	struct fw_rss *rss = &dev->rss;
	const struct fw_rss_cfg *c;
	u16 q, pairs;
	u32 seq;

	do {
		seq = fw_load_acquire(&rss->seq);
		c = &rss->cfg[seq & 1];
		pairs = fw_read_once(&dev->curr_vqp);
		if (!pairs || pairs > dev->max_vqp)
			pairs = 1;
		hash->value = 0;
		hash->report = VIRTIO_NET_HASH_REPORT_NONE;
		/* one queue, nothing to report: nothing to parse */
		if (c->steering == OVNIC_RSS_STEER_AUTO && pairs == 1 &&
		    !c->hash_types)
			q = 0;
		else
			q = rss_choose(dev, c, pairs, f, hash);
		fw_rmb();
	} while (fw_read_once(&rss->seq) != seq);
	/* A torn read was retried; this only keeps the index in range. */
	return q < dev->max_vqp ? q : 0;
}

/* ---- Mailbox: RSS_QUERY and RSS_SET_POLICY ---- */

fw_latch_reader int fw_rss_query(struct ovnic_dev *dev,
				 struct ovnic_resp_rss_query *r)
{
	bool guest_tunnel = fw_dev_has(dev, VIRTIO_NET_F_HASH_TUNNEL);
	struct fw_rss *rss = &dev->rss;
	const struct fw_rss_cfg *c;
	u32 seq, i, policy, flags = 0;

	if (fw_dev_has(dev, VIRTIO_NET_F_HASH_REPORT))
		flags |= OVNIC_RSS_F_HASH_REPORT;
	if (fw_dev_has(dev, VIRTIO_NET_F_RSS))
		flags |= OVNIC_RSS_F_RSS;
	if (guest_tunnel)
		flags |= OVNIC_RSS_F_HASH_TUNNEL;
	do {
		seq = fw_load_acquire(&rss->seq);
		c = &rss->cfg[seq & 1];
		policy = fw_read_once(&rss->policy_tunnel_types);
		r->hash_types = ovnic_cpu_to_le32(c->hash_types);
		r->guest_tunnel_types = ovnic_cpu_to_le32(c->tunnel_types);
		r->active_tunnel_types = ovnic_cpu_to_le32(guest_tunnel ?
							   c->tunnel_types :
							   policy);
		r->steering = c->steering;
		r->key_len = c->key_len;
		r->table_len = ovnic_cpu_to_le16(c->table_mask + 1u);
		r->unclassified_queue = ovnic_cpu_to_le16(c->unclassified);
		r->max_tx_vq = ovnic_cpu_to_le16(c->max_tx_vq);
		fw_memcpy(r->key, c->key, sizeof(r->key));
		for (i = 0; i < OVNIC_RSS_TABLE_MAX; i++)
			r->table[i] = ovnic_cpu_to_le16(c->table[i]);
		r->curr_vqp = ovnic_cpu_to_le16(fw_read_once(&dev->curr_vqp));
		fw_rmb();
	} while (fw_read_once(&rss->seq) != seq);
	r->supported_hash_types = ovnic_cpu_to_le32(FW_HASH_TYPES_ALL);
	r->supported_tunnel_types = ovnic_cpu_to_le32(FW_TUNNEL_TYPES_ALL);
	r->policy_tunnel_types = ovnic_cpu_to_le32(policy);
	r->flags = ovnic_cpu_to_le32(flags);
	return OVNIC_STATUS_OK;
}

int fw_rss_set_policy(struct ovnic_dev *dev,
		      const struct ovnic_cmd_rss_set_policy *cmd)
{
	u32 types = ovnic_le32_to_cpu(cmd->tunnel_types);

	if (types & ~FW_TUNNEL_TYPES_ALL)
		return OVNIC_STATUS_BAD_PARAM;
	fw_write_once(&dev->rss.policy_tunnel_types, types);
	return OVNIC_STATUS_OK;
}
