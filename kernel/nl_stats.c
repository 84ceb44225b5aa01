// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink STATS_GET: the card's per-queue counters (VQ_STATS), one queue
 * at a time or summed by queue type for the whole device.
 *
 *	do, DEV_NAME:			the device's sums (STATS_RX/TX/CTRL)
 *	do, DEV_NAME + QUEUE_INDEX:	one queue (STATS)
 *	dump [DEV_NAME] [STATS_PER_QUEUE]: sums of every device, or every
 *					queue, of one device or all
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <uapi/linux/virtio_net.h>

#include "cmds.h"
#include "netlink.h"
#include "vdpa_core.h"

/* Card counter -> netlink counter. */
static const u8 ovnic_nl_stat_of[OVNIC_VQC_NUM] = {
	[OVNIC_VQC_PACKETS]		= OVNIC_NL_STAT_PACKETS,
	[OVNIC_VQC_BYTES]		= OVNIC_NL_STAT_BYTES,
	[OVNIC_VQC_DESCS]		= OVNIC_NL_STAT_DESCS,
	[OVNIC_VQC_KICKS]		= OVNIC_NL_STAT_KICKS,
	[OVNIC_VQC_INTERRUPTS]		= OVNIC_NL_STAT_INTERRUPTS,
	[OVNIC_VQC_DROP_NO_BUFFER]	= OVNIC_NL_STAT_DROP_NO_BUFFER,
	[OVNIC_VQC_DROP_TOO_BIG]	= OVNIC_NL_STAT_DROP_TOO_BIG,
	[OVNIC_VQC_DROP_BAD_DESC]	= OVNIC_NL_STAT_DROP_BAD_DESC,
	[OVNIC_VQC_DROP_BAD_ADDR]	= OVNIC_NL_STAT_DROP_BAD_ADDR,
	[OVNIC_VQC_DROP_FILTERED]	= OVNIC_NL_STAT_DROP_FILTERED,
	[OVNIC_VQC_CTRL_ERRORS]		= OVNIC_NL_STAT_CTRL_ERRORS,
	[OVNIC_VQC_COALESCED]		= OVNIC_NL_STAT_COALESCED,
	[OVNIC_VQC_DROP_SPOOFED]	= OVNIC_NL_STAT_DROP_SPOOFED,
	[OVNIC_VQC_DROP_BAD_OFFLOAD]	= OVNIC_NL_STAT_DROP_BAD_OFFLOAD,
	[OVNIC_VQC_CSUM_PARTIAL]		= OVNIC_NL_STAT_CSUM_PARTIAL,
	[OVNIC_VQC_CSUM_VALID]		= OVNIC_NL_STAT_CSUM_VALID,
	[OVNIC_VQC_GSO_PACKETS]		= OVNIC_NL_STAT_GSO_PACKETS,
	[OVNIC_VQC_GSO_BYTES]		= OVNIC_NL_STAT_GSO_BYTES,
	[OVNIC_VQC_GSO_SEGMENTS]		= OVNIC_NL_STAT_GSO_SEGMENTS,
	[OVNIC_VQC_GSO_SEGMENT_BYTES]	= OVNIC_NL_STAT_GSO_SEGMENT_BYTES,
	[OVNIC_VQC_GSO_NOSEG_PACKETS]	= OVNIC_NL_STAT_GSO_NOSEG_PACKETS,
	[OVNIC_VQC_GSO_NOSEG_BYTES]	= OVNIC_NL_STAT_GSO_NOSEG_BYTES,
	[OVNIC_VQC_BAD_NOTIFY]		= OVNIC_NL_STAT_BAD_NOTIFY,
};

/* What each queue of a device is, as the card uses it (virtio 5.1.2). */
struct ovnic_nl_queues {
	u16 num_vqs;
	u16 data_vqs;		/* 2 * pairs in use by the layout */
	int cvq;		/* index of the control queue, or -1 */
};

static int ovnic_nl_queues_of(struct ovnic_vdpa *ovd,
			      struct ovnic_nl_queues *q)
{
	struct ovnic_dev_info info;
	u16 pairs = 1;
	u64 features;
	int err;

	err = ovnic_cmd_dev_query(ovd->ad, ovd->dev_id, &info);
	if (err)
		return err;
	/*
	 * Queues keep their counters across a reset.  Until the driver
	 * negotiates again they are laid out as the device offers them, or
	 * the device's totals would drop by every queue past pair 0.
	 */
	features = info.driver_features ?: info.device_features;
	if (features & (BIT_ULL(VIRTIO_NET_F_MQ) | BIT_ULL(VIRTIO_NET_F_RSS)))
		pairs = info.max_vqp;
	q->num_vqs = min(info.num_vqs, ovd->num_vqs);
	q->data_vqs = min_t(u16, 2 * pairs, q->num_vqs);
	q->cvq = features & BIT_ULL(VIRTIO_NET_F_CTRL_VQ) &&
		 q->data_vqs < q->num_vqs ? q->data_vqs : -1;
	return 0;
}

static u8 ovnic_nl_queue_type(const struct ovnic_nl_queues *q, u16 qid)
{
	if (qid < q->data_vqs)
		return qid % 2 ? OVNIC_NL_QUEUE_TX : OVNIC_NL_QUEUE_RX;
	if (qid == q->cvq)
		return OVNIC_NL_QUEUE_CTRL;
	return OVNIC_NL_QUEUE_UNUSED;
}

static int ovnic_nl_put_counters(struct sk_buff *skb, int attr,
				 const u64 counter[OVNIC_VQC_NUM])
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(skb, attr);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < OVNIC_VQC_NUM; i++)
		if (nla_put_u64_64bit(skb, ovnic_nl_stat_of[i], counter[i],
				      OVNIC_NL_STAT_PAD))
			goto err_cancel;
	nla_nest_end(skb, nest);
	return 0;

err_cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

struct ovnic_nl_reply {
	u32 portid;
	u32 seq;
	int flags;
	struct netlink_ext_ack *extack;
};

static int ovnic_nl_queue_fill(struct sk_buff *skb, struct ovnic_vdpa *ovd,
			       const struct ovnic_nl_queues *q, u16 qid,
			       const struct ovnic_nl_reply *r)
{
	u64 counter[OVNIC_VQC_NUM];
	void *hdr;
	int err;

	err = ovnic_cmd_vq_stats(ovd->ad, ovd->dev_id, qid, counter);
	if (err) {
		NL_SET_ERR_MSG(r->extack, "the card did not answer VQ_STATS");
		return err;
	}
	hdr = genlmsg_put(skb, r->portid, r->seq, &ovnic_nl_family, r->flags,
			  OVNIC_NL_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (ovnic_nl_put_handle(skb, ovd) ||
	    nla_put_u16(skb, OVNIC_NL_A_STATS_QUEUE_INDEX, qid) ||
	    nla_put_u8(skb, OVNIC_NL_A_STATS_QUEUE_TYPE,
		       ovnic_nl_queue_type(q, qid)) ||
	    ovnic_nl_put_counters(skb, OVNIC_NL_A_STATS, counter)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* The sums of every receive, transmit and control queue of @ovd. */
static int ovnic_nl_dev_stats_fill(struct sk_buff *skb,
				   struct ovnic_vdpa *ovd,
				   const struct ovnic_nl_reply *r)
{
	u64 sum[OVNIC_NL_QUEUE_CTRL + 1][OVNIC_VQC_NUM] = {};
	u64 counter[OVNIC_VQC_NUM];
	struct ovnic_nl_queues q;
	void *hdr;
	u16 qid;
	int err, i;
	u8 type;

	err = ovnic_nl_queues_of(ovd, &q);
	if (err) {
		NL_SET_ERR_MSG(r->extack, "the card did not answer DEV_QUERY");
		return err;
	}
	for (qid = 0; qid < q.num_vqs; qid++) {
		type = ovnic_nl_queue_type(&q, qid);
		if (type == OVNIC_NL_QUEUE_UNUSED)
			continue;
		err = ovnic_cmd_vq_stats(ovd->ad, ovd->dev_id, qid, counter);
		if (err) {
			NL_SET_ERR_MSG(r->extack, "the card did not answer VQ_STATS");
			return err;
		}
		for (i = 0; i < OVNIC_VQC_NUM; i++)
			sum[type][i] += counter[i];
	}
	hdr = genlmsg_put(skb, r->portid, r->seq, &ovnic_nl_family, r->flags,
			  OVNIC_NL_CMD_STATS_GET);
	if (!hdr)
		return -EMSGSIZE;
	if (ovnic_nl_put_handle(skb, ovd) ||
	    ovnic_nl_put_counters(skb, OVNIC_NL_A_STATS_RX,
				  sum[OVNIC_NL_QUEUE_RX]) ||
	    ovnic_nl_put_counters(skb, OVNIC_NL_A_STATS_TX,
				  sum[OVNIC_NL_QUEUE_TX]) ||
	    (q.cvq >= 0 &&
	     ovnic_nl_put_counters(skb, OVNIC_NL_A_STATS_CTRL,
				   sum[OVNIC_NL_QUEUE_CTRL]))) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

int ovnic_nl_stats_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct ovnic_vdpa *ovd = ovnic_nl_info_dev(info);
	struct nlattr *qattr = info->attrs[OVNIC_NL_A_STATS_QUEUE_INDEX];
	struct ovnic_nl_reply r = {
		.portid	= info->snd_portid,
		.seq	= info->snd_seq,
		.extack	= info->extack,
	};
	struct ovnic_nl_queues q;
	struct sk_buff *msg;
	int err;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	if (!qattr) {
		err = ovnic_nl_dev_stats_fill(msg, ovd, &r);
		goto out;
	}
	err = ovnic_nl_queues_of(ovd, &q);
	if (err) {
		NL_SET_ERR_MSG(info->extack, "the card did not answer DEV_QUERY");
		goto out;
	}
	if (nla_get_u16(qattr) >= q.num_vqs) {
		NL_SET_ERR_MSG_ATTR_FMT(info->extack, qattr,
					"the device has queues 0 to %u",
					q.num_vqs - 1);
		err = -ERANGE;
		goto out;
	}
	err = ovnic_nl_queue_fill(msg, ovd, &q, nla_get_u16(qattr), &r);
out:
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

/*
 * Every queue of @ovd from the dump's ctx->queue on, one message each; a
 * full skb leaves ctx->queue at the first queue not in it.
 */
static int ovnic_nl_queues_dump(struct sk_buff *skb, struct ovnic_vdpa *ovd,
				struct ovnic_nl_dump_ctx *ctx,
				const struct ovnic_nl_reply *r)
{
	struct ovnic_nl_queues q;
	int err;

	err = ovnic_nl_queues_of(ovd, &q);
	if (err) {
		NL_SET_ERR_MSG(r->extack, "the card did not answer DEV_QUERY");
		return err;
	}
	for (; ctx->queue < q.num_vqs; ctx->queue++) {
		err = ovnic_nl_queue_fill(skb, ovd, &q, ctx->queue, r);
		if (err)
			return err;
	}
	return 0;
}

/* A dump of one device (DEV_NAME): found once, before the first round. */
int ovnic_nl_stats_get_start(struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	struct nlattr *name = info->attrs[OVNIC_NL_A_DEV_NAME];

	return name ? ovnic_nl_dump_filter(cb, name) : 0;
}

/*
 * Every device's sums, or every queue of every device (STATS_PER_QUEUE),
 * in card and slot order; a round that ends in the middle of a device's
 * queues goes on from the next one, if the device is still there (see
 * ovnic_nl_dump_dev()).
 */
int ovnic_nl_stats_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct genl_info *info = genl_info_dump(cb);
	bool per_queue = nla_get_flag(info->attrs[OVNIC_NL_A_STATS_PER_QUEUE]);
	struct ovnic_nl_dump_ctx *ctx = ovnic_nl_dump_ctx(cb);
	struct ovnic_nl_reply r = {
		.portid	= NETLINK_CB(cb->skb).portid,
		.seq	= cb->nlh->nlmsg_seq,
		.flags	= NLM_F_MULTI,
		.extack	= cb->extack,
	};
	struct ovnic_vdpa *ovd;
	int err = 0;

	ovnic_nl_dump_lock();
	while ((ovd = ovnic_nl_dump_dev(cb))) {
		if (per_queue)
			err = ovnic_nl_queues_dump(skb, ovd, ctx, &r);
		else
			err = ovnic_nl_dev_stats_fill(skb, ovd, &r);
		if (err)
			break;
		ovnic_nl_dump_dev_done(cb);
	}
	ovnic_nl_dump_unlock();
	if (err == -EMSGSIZE && skb->len)
		return skb->len;
	return err ?: skb->len;
}
