// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Device statistics (virtio 1.3 section 5.1.6.5.10, VIRTIO_NET_F_DEVICE_STATS).
 *
 * STATS_QUERY returns the types the card supports for the negotiated
 * features (5.1.6.5.10.1); STATS_GET takes a list of (vq_index,
 * types_bitmap) and answers, for each entry in order and each type in it
 * by ascending bit, one reply: struct virtio_net_stats_reply_hdr with the
 * reply's exact size, then its le64 counters (5.1.6.5.10.2).  One invalid
 * entry fails the whole command: a queue outside the range, a type the
 * card didn't advertise, or one not of that queue's kind.  Replies fill
 * the driver's buffer only with whole replies that fit.
 *
 * The card supports the types it has real counters for:
 *   CVQ       command_num, ok_num;
 *   RX_BASIC  notifications (kicks), packets, bytes, interrupts, drops (all
 *             reasons), drop_overruns (no receive buffer);
 *   TX_BASIC  notifications, packets, bytes, interrupts, drops (all
 *             reasons), drop_malformed (bad descriptors, addresses and
 *             offload requests);
 *   RX_CSUM   (GUEST_CSUM) csum_valid, needs_csum, csum_none, csum_bad: the
 *             card verifies no checksum, so none is counted bad;
 *   TX_CSUM   (CSUM) csum_none, needs_csum;
 *   RX_GSO    (a GUEST_TSO or USO) GSO frames delivered whole; the card
 *             coalesces nothing, so the coalesced counters stay 0;
 *   TX_GSO    (a HOST_TSO or USO) GSO frames sent, the segments the card cut
 *             from them and the frames every receiver took whole.
 * Each type is advertised only when its features were negotiated
 * (5.1.6.5.10.1).  RX/TX_SPEED count drops by a bitrate allowance: the
 * card enforces none, so it advertises neither (they would be zero by
 * construction) and a request for one fails.
 *
 * The counters are the per-queue ones of the data path (ovnic_vq_counter),
 * written by the queue's owner only; reading them takes no lock.
 */
#include "device.h"
#include "ctrl_cmd.h"
#include "device_stats.h"

#define STATS_ENTRY_LEN		16	/* le16 vq_index, le16 reserved[3],
					 * le64 types_bitmap[1]
					 */

enum stats_queue { STATS_Q_RX, STATS_Q_TX, STATS_Q_CVQ };

struct stats_type {
	u64 bit;
	u64 features;		/* any of them negotiated; 0: always */
	u8 reply_type;		/* VIRTIO_NET_STATS_TYPE_REPLY_* */
	u8 queue;		/* enum stats_queue */
	u8 ncounters;
	void (*fill)(const struct ovnic_vq *vq, u64 *out);
};

static u64 ctr(const struct ovnic_vq *vq, enum ovnic_vq_counter c)
{
	return fw_read_once(&vq->stats.c[c]);
}

/* The command being answered counts, and counts as OK (5.1.6.5.10.3). */
static void fill_cvq(const struct ovnic_vq *vq, u64 *out)
{
	u64 done = ctr(vq, OVNIC_VQC_PACKETS);

	out[0] = done + 1;
	out[1] = done - ctr(vq, OVNIC_VQC_CTRL_ERRORS) + 1;
}

static u64 drops_common(const struct ovnic_vq *vq)
{
	return ctr(vq, OVNIC_VQC_DROP_TOO_BIG) +
	       ctr(vq, OVNIC_VQC_DROP_BAD_DESC) +
	       ctr(vq, OVNIC_VQC_DROP_BAD_ADDR) +
	       ctr(vq, OVNIC_VQC_DROP_FILTERED);
}

static void fill_rx_basic(const struct ovnic_vq *vq, u64 *out)
{
	out[0] = ctr(vq, OVNIC_VQC_KICKS);
	out[1] = ctr(vq, OVNIC_VQC_PACKETS);
	out[2] = ctr(vq, OVNIC_VQC_BYTES);
	out[3] = ctr(vq, OVNIC_VQC_INTERRUPTS);
	out[4] = drops_common(vq) + ctr(vq, OVNIC_VQC_DROP_NO_BUFFER);
	out[5] = ctr(vq, OVNIC_VQC_DROP_NO_BUFFER);
}

static void fill_tx_basic(const struct ovnic_vq *vq, u64 *out)
{
	u64 bad_offload = ctr(vq, OVNIC_VQC_DROP_BAD_OFFLOAD);

	out[0] = ctr(vq, OVNIC_VQC_KICKS);
	out[1] = ctr(vq, OVNIC_VQC_PACKETS);
	out[2] = ctr(vq, OVNIC_VQC_BYTES);
	out[3] = ctr(vq, OVNIC_VQC_INTERRUPTS);
	out[4] = drops_common(vq) + bad_offload;
	out[5] = ctr(vq, OVNIC_VQC_DROP_BAD_DESC) +
		 ctr(vq, OVNIC_VQC_DROP_BAD_ADDR) + bad_offload;
}

static void fill_rx_csum(const struct ovnic_vq *vq, u64 *out)
{
	out[0] = ctr(vq, OVNIC_VQC_CSUM_VALID);
	out[1] = ctr(vq, OVNIC_VQC_CSUM_PARTIAL);
	out[2] = ctr(vq, OVNIC_VQC_PACKETS) - out[0] - out[1];
	out[3] = 0;
}

static void fill_rx_gso(const struct ovnic_vq *vq, u64 *out)
{
	out[0] = ctr(vq, OVNIC_VQC_GSO_PACKETS);
	out[1] = ctr(vq, OVNIC_VQC_GSO_BYTES);
	out[2] = 0;
	out[3] = 0;
}

static void fill_tx_csum(const struct ovnic_vq *vq, u64 *out)
{
	out[1] = ctr(vq, OVNIC_VQC_CSUM_PARTIAL);
	out[0] = ctr(vq, OVNIC_VQC_PACKETS) - out[1];
}

static void fill_tx_gso(const struct ovnic_vq *vq, u64 *out)
{
	out[0] = ctr(vq, OVNIC_VQC_GSO_PACKETS);
	out[1] = ctr(vq, OVNIC_VQC_GSO_BYTES);
	out[2] = ctr(vq, OVNIC_VQC_GSO_SEGMENTS);
	out[3] = ctr(vq, OVNIC_VQC_GSO_SEGMENT_BYTES);
	out[4] = ctr(vq, OVNIC_VQC_GSO_NOSEG_PACKETS);
	out[5] = ctr(vq, OVNIC_VQC_GSO_NOSEG_BYTES);
}

#define F(b)		(1ull << VIRTIO_NET_F_##b)

/* By ascending type bit: the order of the replies within an entry. */
static const struct stats_type stats_types[] = {
	{ VIRTIO_NET_STATS_TYPE_RX_BASIC, 0, 0, STATS_Q_RX, 6, fill_rx_basic },
	{ VIRTIO_NET_STATS_TYPE_RX_CSUM, F(GUEST_CSUM), 1, STATS_Q_RX, 4,
	  fill_rx_csum },
	{ VIRTIO_NET_STATS_TYPE_RX_GSO,
	  F(GUEST_TSO4) | F(GUEST_TSO6) | F(GUEST_USO4) | F(GUEST_USO6), 2,
	  STATS_Q_RX, 4, fill_rx_gso },
	{ VIRTIO_NET_STATS_TYPE_TX_BASIC, 0, 16, STATS_Q_TX, 6, fill_tx_basic },
	{ VIRTIO_NET_STATS_TYPE_TX_CSUM, F(CSUM), 17, STATS_Q_TX, 2,
	  fill_tx_csum },
	{ VIRTIO_NET_STATS_TYPE_TX_GSO,
	  F(HOST_TSO4) | F(HOST_TSO6) | F(HOST_USO), 18, STATS_Q_TX, 6,
	  fill_tx_gso },
	{ VIRTIO_NET_STATS_TYPE_CVQ, 0, 32, STATS_Q_CVQ, 2, fill_cvq },
};

static u32 stats_reply_len(const struct stats_type *t)
{
	return VIRTIO_NET_STATS_REPLY_HDR_LEN + 8u * t->ncounters;
}

/* The types valid for what was negotiated. */
static u64 stats_supported(const struct ovnic_dev *dev)
{
	u64 mask = 0;
	u32 i;

	for (i = 0; i < ARRAY_LEN(stats_types); i++)
		if (!stats_types[i].features ||
		    dev->driver_features & stats_types[i].features)
			mask |= stats_types[i].bit;
	return mask;
}

static u64 stats_queue_types(int queue)
{
	u64 mask = 0;
	u32 i;

	for (i = 0; i < ARRAY_LEN(stats_types); i++)
		if (stats_types[i].queue == queue)
			mask |= stats_types[i].bit;
	return mask;
}

/* The kind of queue @qid in the negotiated layout, or -1 out of range. */
static int stats_queue_of(const struct ovnic_dev *dev, u16 qid)
{
	if (qid == fw_dev_cvq(dev))
		return STATS_Q_CVQ;
	if (qid < fw_dev_cvq(dev))
		return qid % 2 ? STATS_Q_TX : STATS_Q_RX;
	return -1;
}

static u64 get_le64(const u8 *p)
{
	return (u64)fw_get_le32(p) | (u64)fw_get_le32(p + 4) << 32;
}

static u8 stats_query(const struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	if (c->len || c->result_room < 8)
		return VIRTIO_NET_ERR;
	fw_put_le64(c->result, stats_supported(dev));
	c->result_len = 8;
	return VIRTIO_NET_OK;
}

static bool stats_entry_valid(const struct ovnic_dev *dev, const u8 *e)
{
	int queue = stats_queue_of(dev, fw_get_le16(e));
	u64 bitmap = get_le64(e + 8);

	return queue >= 0 && !(bitmap & ~stats_supported(dev)) &&
	       !(bitmap & ~stats_queue_types(queue));
}

/* Write @t's reply for @qid at @out; returns its length. */
static u32 stats_reply(const struct ovnic_dev *dev, const struct stats_type *t,
		       u16 qid, u8 *out)
{
	u64 v[8];
	u32 len = stats_reply_len(t), i;

	out[0] = t->reply_type;
	out[1] = 0;
	fw_put_le16(out + 2, qid);
	fw_put_le16(out + 4, 0);
	fw_put_le16(out + 6, (u16)len);
	t->fill(&dev->vq[qid], v);
	for (i = 0; i < t->ncounters; i++)
		fw_put_le64(out + VIRTIO_NET_STATS_REPLY_HDR_LEN + 8 * i, v[i]);
	return len;
}

static u8 stats_get(const struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	u32 n = c->len / STATS_ENTRY_LEN, i, j, out = 0;

	if (!n || c->len % STATS_ENTRY_LEN)
		return VIRTIO_NET_ERR;
	for (i = 0; i < n; i++)
		if (!stats_entry_valid(dev, c->data + i * STATS_ENTRY_LEN))
			return VIRTIO_NET_ERR;
	for (i = 0; i < n; i++) {
		const u8 *e = c->data + i * STATS_ENTRY_LEN;
		u64 bitmap = get_le64(e + 8);

		for (j = 0; j < ARRAY_LEN(stats_types); j++) {
			const struct stats_type *t = &stats_types[j];

			if (!(bitmap & t->bit))
				continue;
			if (stats_reply_len(t) > c->result_room - out)
				goto full;
			out += stats_reply(dev, t, fw_get_le16(e),
					   c->result + out);
		}
	}
full:
	c->result_len = out;
	return VIRTIO_NET_OK;
}

u8 fw_ctrl_stats(struct ovnic_dev *dev, struct fw_ctrl_cmd *c)
{
	if (!fw_dev_has(dev, VIRTIO_NET_F_DEVICE_STATS))
		return VIRTIO_NET_ERR;
	switch (c->cmd) {
	case VIRTIO_NET_CTRL_STATS_QUERY:
		return stats_query(dev, c);
	case VIRTIO_NET_CTRL_STATS_GET:
		return stats_get(dev, c);
	default:
		return VIRTIO_NET_ERR;
	}
}
