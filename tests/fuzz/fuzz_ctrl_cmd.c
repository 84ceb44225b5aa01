// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * fuzz_ctrl_cmd: the control virtqueue (ctrl_vq.c) and the command classes
 * behind it (virtio 1.2 5.1.6.5: RX, MAC, VLAN, ANNOUNCE, MQ with RSS and
 * HASH_CONFIG, NOTF_COAL, HASH_TUNNEL, STATS), through a real control
 * queue of a device whose memory is an IOTLB region (MR_MAP).
 *
 * The input: a feature selection and a queue pair count, then operations.
 * Most are commands: class, command and data from the input, the
 * readable part (header and data) cut into 1-6 descriptors at points the
 * input chooses (the 2-byte header itself may be cut), 0-3 writable
 * descriptors of sizes the input chooses, direct or indirect.  One
 * variant builds a MAC table too large for the card's parse buffer.  The
 * others move the clock (coalescing timers) or reset the device.
 *
 * Checked, for every command:
 *   - it is answered in the same run (the driver busy-waits), with the
 *     head it was posted as, and the queue is not broken;
 *   - no writable byte: used length 0; else 1 <= used length <= the
 *     writable bytes, ack byte OK or ERR, ERR carries no result;
 *   - the card wrote nothing but the used length's first writable bytes:
 *     readable pieces, the rest of the writable ones and the gaps between
 *     them are as posted;
 *   - a class or command whose feature was not negotiated is ERR;
 *   - results: STATS_QUERY and VQ_GET 8 bytes; STATS_GET a whole number
 *     of replies, each with a size of at least its header (a 0 would hang
 *     Linux); anything else none;
 *   - state: after VQ_PAIRS_SET, RSS_CONFIG, HASH_CONFIG and
 *     HASH_TUNNEL_SET answered OK, RSS_QUERY and DEV_QUERY show what was
 *     sent; answered ERR, nothing of it changed.
 * And the card's platform checks (locks, vectors, leaks) at the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"

#define CC_BODY		(512u << 10)
#define CC_SCRATCH	(16u << 10)	/* where commands are laid out */
#define CC_GAP		16
#define CC_UNSET	0xee
#define CC_MAX_OPS	48
#define CC_MAX_RESETS	2
#define CC_IOVA		0x40000000ull
#define CC_MAX_RO	6
#define CC_MAX_WR	3
#define CC_STATS_HDR	8	/* struct virtio_net_stats_reply_hdr */

struct cc {
	struct fz_in *in;
	struct vd_card *c;
	struct fz_arena *a;
	struct vd_dev *d;
	uint8_t *scratch;	/* in the arena */
	uint8_t *want;		/* what scratch must hold after a command */
	uint8_t *cmd;		/* header and data being sent */
	unsigned int resets;
};

struct cc_piece {
	uint32_t off;		/* in scratch */
	uint32_t len;
	bool write;
};

/* ---- the feature each class and command needs ---- */

static int cc_feature(uint8_t cls, uint8_t cmd)
{
	switch (cls) {
	case VIRTIO_NET_CTRL_RX:
		return VIRTIO_NET_F_CTRL_RX;
	case VIRTIO_NET_CTRL_MAC:
		return cmd == VIRTIO_NET_CTRL_MAC_ADDR_SET ?
		       VIRTIO_NET_F_CTRL_MAC_ADDR : VIRTIO_NET_F_CTRL_RX;
	case VIRTIO_NET_CTRL_VLAN:
		return VIRTIO_NET_F_CTRL_VLAN;
	case VIRTIO_NET_CTRL_ANNOUNCE:
		return VIRTIO_NET_F_GUEST_ANNOUNCE;
	case VIRTIO_NET_CTRL_MQ:
		if (cmd == VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET)
			return VIRTIO_NET_F_MQ;
		if (cmd == VIRTIO_NET_CTRL_MQ_RSS_CONFIG)
			return VIRTIO_NET_F_RSS;
		if (cmd == VIRTIO_NET_CTRL_MQ_HASH_CONFIG)
			return VIRTIO_NET_F_HASH_REPORT;
		return -1;
	case VIRTIO_NET_CTRL_NOTF_COAL:
		return cmd < VIRTIO_NET_CTRL_NOTF_COAL_VQ_SET ?
		       VIRTIO_NET_F_NOTF_COAL : VIRTIO_NET_F_VQ_NOTF_COAL;
	case 7:		/* VIRTIO_NET_CTRL_HASH_TUNNEL */
		return VD_NET_F_HASH_TUNNEL;
	case VIRTIO_NET_CTRL_STATS:
		return VIRTIO_NET_F_DEVICE_STATS;
	default:
		return -1;	/* nothing makes it OK */
	}
}

static uint16_t le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)le16(p) | (uint32_t)le16(p + 2) << 16;
}

/* ---- state the commands change, seen through the mailbox ---- */

struct cc_state {
	struct ovnic_resp_rss_query rss;
	struct ovnic_resp_dev_query dev;
};

static void cc_state(struct cc *s, struct cc_state *st)
{
	fz_assert(vd_cmd_rss_query(s->c, 0, &st->rss) == OVNIC_STATUS_OK);
	fz_assert(vd_dev_query(s->d, &st->dev) == OVNIC_STATUS_OK);
}

static bool cc_changes_rss(uint8_t cls, uint8_t cmd)
{
	return (cls == VIRTIO_NET_CTRL_MQ &&
		cmd <= VIRTIO_NET_CTRL_MQ_HASH_CONFIG) || cls == 7;
}

/* What an OK'd steering command must have left, from its data. */
static void cc_check_rss(struct cc *s, uint8_t cls, uint8_t cmd,
			 const uint8_t *data, uint32_t len)
{
	struct cc_state st;
	uint32_t i, n;

	cc_state(s, &st);
	if (cls == 7) {
		fz_assert(len == 4);
		fz_assert(ovnic_le32_to_cpu(st.rss.guest_tunnel_types) ==
			  le32(data));
		return;
	}
	if (cmd == VIRTIO_NET_CTRL_MQ_VQ_PAIRS_SET) {
		fz_assert(len == 2);
		fz_assert(le16(data) >= 1 && le16(data) <= s->d->cfg.max_vqp);
		fz_assert(ovnic_le16_to_cpu(st.dev.curr_vqp) == le16(data));
		fz_assert(st.rss.steering == OVNIC_RSS_STEER_AUTO);
		return;
	}
	fz_assert(ovnic_le32_to_cpu(st.rss.hash_types) == le32(data));
	if (cmd == VIRTIO_NET_CTRL_MQ_HASH_CONFIG) {
		fz_assert(len >= 13u + data[12]);
		fz_assert(st.rss.steering == OVNIC_RSS_STEER_AUTO);
		fz_assert(st.rss.key_len == data[12]);
		fz_assert(!memcmp(st.rss.key, data + 13, data[12]));
		return;
	}
	/* RSS_CONFIG */
	n = le16(data + 4) + 1u;
	fz_assert(n <= OVNIC_RSS_TABLE_MAX && !(n & (n - 1)));
	fz_assert(len >= 8 + 2 * n + 3 + data[8 + 2 * n + 2]);
	fz_assert(st.rss.steering == OVNIC_RSS_STEER_TABLE);
	fz_assert(ovnic_le16_to_cpu(st.rss.table_len) == n);
	fz_assert(ovnic_le16_to_cpu(st.rss.unclassified_queue) ==
		  le16(data + 6));
	for (i = 0; i < n; i++) {
		fz_assert(ovnic_le16_to_cpu(st.rss.table[i]) ==
			  le16(data + 8 + 2 * i));
		fz_assert(le16(data + 8 + 2 * i) < s->d->cfg.max_vqp);
	}
	fz_assert(ovnic_le16_to_cpu(st.rss.max_tx_vq) ==
		  le16(data + 8 + 2 * n));
	fz_assert(ovnic_le16_to_cpu(st.dev.curr_vqp) ==
		  le16(data + 8 + 2 * n));
	fz_assert(st.rss.key_len == data[8 + 2 * n + 2]);
	fz_assert(!memcmp(st.rss.key, data + 8 + 2 * n + 3, st.rss.key_len));
}

/* STATS_GET's replies: whole, each at least a header (5.1.6.5.10.2). */
static void cc_check_stats(const uint8_t *r, uint32_t len)
{
	uint32_t off = 0;

	while (off < len) {
		uint16_t size;

		fz_assert(len - off >= CC_STATS_HDR);
		size = le16(r + off + 6);
		fz_assert(size >= CC_STATS_HDR &&
			  size % 8 == 0);
		fz_assert(size <= len - off);
		off += size;
	}
}

/* The result bytes an OK command wrote, checked by command. */
static void cc_check_result(uint8_t cls, uint8_t cmd, const uint8_t *r,
			    uint32_t len)
{
	if (cls == VIRTIO_NET_CTRL_STATS &&
	    cmd == VIRTIO_NET_CTRL_STATS_QUERY) {
		fz_assert(len == 8);
	} else if (cls == VIRTIO_NET_CTRL_STATS &&
		   cmd == VIRTIO_NET_CTRL_STATS_GET) {
		cc_check_stats(r, len);
	} else if (cls == VIRTIO_NET_CTRL_NOTF_COAL &&
		   cmd == VIRTIO_NET_CTRL_NOTF_COAL_VQ_GET) {
		fz_assert(len == 8);
	} else {
		fz_assert(len == 0);
	}
}

/* ---- one command ---- */

/* Header and data in s->cmd; returns the readable length. */
static uint32_t cc_build(struct cc *s, bool oversized)
{
	uint8_t h = fz_u8(s->in);
	uint32_t len, n_uc, n_mc, i;

	s->cmd[0] = h & 0x80 ? fz_u8(s->in) : h % 10;
	s->cmd[1] = h & 0x40 ? fz_u8(s->in) : fz_u8(s->in) % 4;
	if (!oversized) {
		len = fz_u16(s->in) % 600;
		fz_bytes(s->in, s->cmd + 2, len);
		return 2 + len;
	}
	/* A MAC table past the parse buffer: the card's fallback. */
	s->cmd[0] = VIRTIO_NET_CTRL_MAC;
	s->cmd[1] = VIRTIO_NET_CTRL_MAC_TABLE_SET;
	n_uc = fz_u16(s->in) % 1000;
	n_mc = fz_u16(s->in) % 1000;
	len = 2;
	memcpy(s->cmd + len, &n_uc, 4);
	len += 4;
	for (i = 0; i < 6 * n_uc; i++)
		s->cmd[len++] = (uint8_t)(i * 7) & 0xfe;
	memcpy(s->cmd + len, &n_mc, 4);
	len += 4;
	for (i = 0; i < 6 * n_mc; i++)
		s->cmd[len++] = (uint8_t)(i * 13) | 1;
	/* and now and then a count that lies */
	if (h & 0x20)
		s->cmd[2 + (h & 3)] ^= fz_u8(s->in);
	return len;
}

/* Lay out the pieces in scratch; returns how many. */
static unsigned int cc_layout(struct cc *s, uint32_t rlen,
			      struct cc_piece *p, uint32_t *wtotal)
{
	uint32_t off = 0, done = 0;
	unsigned int n = 0, nro = 1 + fz_u8(s->in) % CC_MAX_RO, i;
	unsigned int nwr = fz_u8(s->in) % (CC_MAX_WR + 1);

	memset(s->want, CC_UNSET ^ 0x5a, CC_SCRATCH);
	for (i = 0; i < nro; i++) {
		uint32_t take = rlen - done;

		if (i + 1 < nro && take)
			take = fz_u16(s->in) % (take + 1);
		p[n++] = (struct cc_piece){ off, take, false };
		memcpy(s->want + off, s->cmd + done, take);
		done += take;
		off += take + CC_GAP;
	}
	*wtotal = 0;
	for (i = 0; i < nwr; i++) {
		uint32_t len = fz_u8(s->in);

		if (len >= 200)
			len = 1 + fz_u16(s->in) % 1200;
		if (off + len > CC_SCRATCH)
			break;
		p[n++] = (struct cc_piece){ off, len, true };
		memset(s->want + off, CC_UNSET, len);
		*wtotal += len;
		off += len + CC_GAP;
	}
	fz_mem_write(s->scratch, s->want, CC_SCRATCH);
	return n;
}

/*
 * Bytes [0, used) of the writable part may have changed, as the used
 * length says; the rest of scratch is as posted.  Copies the writable
 * part's first @cap bytes to @out.
 */
static void cc_check_memory(struct cc *s, const struct cc_piece *p,
			    unsigned int n, uint32_t used, uint8_t *out,
			    uint32_t cap)
{
	static uint8_t now[CC_SCRATCH];
	uint32_t w = 0, j;
	unsigned int i;

	fz_mem_read(now, s->scratch, CC_SCRATCH);
	for (i = 0; i < n; i++) {
		if (!p[i].write)
			continue;
		for (j = 0; j < p[i].len; j++, w++) {
			if (w < used) {
				if (w < cap)
					out[w] = now[p[i].off + j];
				s->want[p[i].off + j] = now[p[i].off + j];
			}
		}
	}
	fz_assert(!memcmp(now, s->want, CC_SCRATCH));
}

static void cc_command(struct cc *s, bool oversized)
{
	struct cc_piece p[CC_MAX_RO + CC_MAX_WR];
	struct vd_seg seg[CC_MAX_RO + CC_MAX_WR];
	static uint8_t res[1 + 1200];
	struct vd_vq *q = vd_cvq(s->d);
	struct ovnic_resp_vq_query vq;
	struct cc_state before;
	uint32_t rlen, wtotal, used;
	bool indirect, valid;
	unsigned int n, i;
	uint8_t cls, cmd;
	struct vd_used u;
	int head, feat;

	rlen = cc_build(s, oversized);
	cls = s->cmd[0];
	cmd = s->cmd[1];
	indirect = fz_u8(s->in) & 1;
	n = cc_layout(s, rlen, p, &wtotal);
	for (i = 0; i < n; i++)
		seg[i] = (struct vd_seg){ s->scratch + p[i].off, p[i].len,
					  p[i].write };
	if (cc_changes_rss(cls, cmd))
		cc_state(s, &before);
	fz_trace("cmd %u/%u, %u bytes in %u pieces, %u writable%s\n", cls,
		 cmd, rlen, n, wtotal, indirect ? ", indirect" : "");

	head = vd_vq_add(q, seg, n, indirect ? VD_ADD_INDIRECT : 0);
	fz_assert(head >= 0);
	vd_vq_kick_force(q);
	fz_run(s->c);
	/* Answered at once, as what was posted. */
	fz_assert(vd_vq_get(q, &u) == 1);
	fz_assert(u.id == (uint32_t)head);
	fz_assert(!q->bad_used && !q->bad_len);
	fz_assert(vd_vq_query(q, &vq) == OVNIC_STATUS_OK && !vq.broken);
	fz_assert(!(vd_dev_status(s->d) & VIRTIO_CONFIG_S_NEEDS_RESET));

	used = u.len;
	valid = !indirect || vd_has(s->d, VIRTIO_RING_F_INDIRECT_DESC);
	cc_check_memory(s, p, n, used, res, sizeof(res));
	fz_trace("  used %u: ack %u\n", used, used ? res[0] : 0xff);
	if (!valid || !wtotal) {
		fz_assert(used == 0);	/* nowhere to put an ack */
		return;
	}
	fz_assert(used >= 1 && used <= wtotal);
	fz_assert(res[0] == VIRTIO_NET_OK || res[0] == VIRTIO_NET_ERR);
	feat = cc_feature(cls, cmd);
	if (res[0] == VIRTIO_NET_ERR) {
		fz_assert(used == 1);
		if (cc_changes_rss(cls, cmd)) {
			struct cc_state after;

			cc_state(s, &after);
			fz_assert(!memcmp(&before.rss, &after.rss,
					  sizeof(after.rss)));
			fz_assert(before.dev.curr_vqp == after.dev.curr_vqp);
		}
		return;
	}
	fz_assert(feat >= 0 && vd_has(s->d, (unsigned int)feat));
	cc_check_result(cls, cmd, res + 1, used - 1);
	if (cc_changes_rss(cls, cmd))
		cc_check_rss(s, cls, cmd, s->cmd + 2, rlen - 2);
}

/* ---- the device ---- */

static struct vd_dev *cc_device(struct cc *s)
{
	struct vd_dev_cfg cfg = { .dev_id = 0, .queue_size = 64 };
	uint16_t f = fz_u16(s->in);
	uint64_t want = VD_BIT(VIRTIO_F_VERSION_1) |
			VD_BIT(VIRTIO_F_ACCESS_PLATFORM) |
			VD_BIT(VIRTIO_NET_F_MAC) | VD_BIT(VIRTIO_NET_F_MTU) |
			VD_BIT(VIRTIO_NET_F_STATUS) |
			VD_BIT(VIRTIO_NET_F_CTRL_VQ);
	static const unsigned int bits[] = {
		VIRTIO_NET_F_CTRL_RX, VIRTIO_NET_F_CTRL_VLAN,
		VIRTIO_NET_F_GUEST_ANNOUNCE, VIRTIO_NET_F_MQ,
		VIRTIO_NET_F_CTRL_MAC_ADDR, VIRTIO_NET_F_NOTF_COAL,
		VIRTIO_NET_F_VQ_NOTF_COAL, VIRTIO_NET_F_DEVICE_STATS,
		VIRTIO_NET_F_RSS, VIRTIO_NET_F_HASH_REPORT,
		VD_NET_F_HASH_TUNNEL, VIRTIO_RING_F_INDIRECT_DESC,
		VIRTIO_RING_F_EVENT_IDX,
	};
	struct vd_dev *d;
	unsigned int i;
	int err;

	for (i = 0; i < FZ_ARRAY_SIZE(bits); i++)
		if (f & (1u << i))
			want |= VD_BIT(bits[i]);
	/* HASH_TUNNEL needs RSS or HASH_REPORT (virtio 1.4 5.1.3.1). */
	if (want & VD_BIT(VD_NET_F_HASH_TUNNEL) &&
	    !(want & (VD_BIT(VIRTIO_NET_F_RSS) |
		      VD_BIT(VIRTIO_NET_F_HASH_REPORT))))
		want |= VD_BIT(VIRTIO_NET_F_HASH_REPORT);
	cfg.features = want;
	cfg.max_vqp = 1 + fz_u8(s->in) % 4;

	d = vd_dev_new(s->c, &cfg, &err);
	fz_assert(d);
	/* The whole pool through one region; nothing identity. */
	fz_assert(vd_dev_mr_map(d, CC_IOVA, s->a->body, s->a->size,
				OVNIC_MR_PERM_READ |
				OVNIC_MR_PERM_WRITE) == 0);
	fz_assert(vd_dev_negotiate(d, want) == 0);
	fz_assert(vd_dev_setup_queues(d) == 0);
	fz_assert(vd_dev_driver_ok(d) == 0);
	return d;
}

static void cc_op(struct cc *s)
{
	uint8_t op = fz_u8(s->in);

	switch (op % 16) {
	case 13:
		cc_command(s, true);
		break;
	case 14:
		up_advance(s->c->plat, (uint64_t)fz_u32(s->in) << 4);
		fz_run(s->c);
		break;
	case 15:
		if (s->resets++ >= CC_MAX_RESETS)
			break;
		fz_trace("reset\n");
		fz_assert(vd_dev_reinit(s->d) == 0);
		break;
	default:
		cc_command(s, false);
		break;
	}
	fz_check_plat(s->c, true);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t want[CC_SCRATCH], cmd[2 + 8 + 6 * 2000];
	struct fz_in in = { data, size };
	struct cc s = { .in = &in, .want = want, .cmd = cmd };
	uint8_t mac[6];
	unsigned int n;

	s.a = fz_arena_get(CC_BODY);
	fz_arena_reset_guards(s.a);
	s.c = fz_card_new(NULL, s.a, true);
	fz_assert(s.c->card);
	/* A second device: its address is not for device 0 to take. */
	vd_mac(mac, 1, 1);
	fz_assert(vd_cmd_dev_create(s.c, 1, VD_F_CARD, mac, 1500, 1,
				    OVNIC_NO_VECTOR) == OVNIC_STATUS_OK);
	s.d = cc_device(&s);
	s.scratch = vd_dma_alloc(s.c, CC_SCRATCH);
	fz_assert(s.scratch);

	for (n = 0; n < CC_MAX_OPS && fz_more(&in); n++)
		cc_op(&s);

	fz_assert(fz_arena_guards_ok(s.a));
	vd_dev_destroy(s.d);
	fz_card_free(s.c);
	return 0;
}
