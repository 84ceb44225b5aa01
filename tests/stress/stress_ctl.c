// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * stress: the host's control thread, on the mailbox: resets, queues
 * toggled, MAC config and policies, link, loopback, coalescing, memory
 * regions, a device destroyed and created again, statistics, the port's
 * link, memory hotplug.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "stress_ctl.h"
#include "stress_frame.h"

/* ---- the host's control thread ---- */

static void st_pause(struct st_drv *dr)
{
	__atomic_store_n(&dr->pause_req, 1, __ATOMIC_RELEASE);
	while (!__atomic_load_n(&dr->parked, __ATOMIC_ACQUIRE))
		st_usleep(50);
}

static void st_resume(struct st_drv *dr)
{
	__atomic_store_n(&dr->pause_req, 0, __ATOMIC_RELEASE);
}

static int st_mbox(struct st_test *t, const void *cmd, uint32_t cmd_len,
		   void *resp, uint32_t resp_len)
{
	t->mbox++;
	return sd_mbox(t->card, cmd, cmd_len, resp, resp_len);
}

static void st_expect(struct st_test *t, const char *what, unsigned int dev,
		      int got, int want)
{
	if (got != want)
		st_fail(t, "dev %u: %s: status %d, expected %d", dev, what, got,
			want);
}

/* Virtio reset and re-initialization, with the driver's cooperation. */
static void st_op_reset(struct st_test *t, unsigned int i)
{
	struct st_drv *dr = &t->drv[i];
	uint32_t r = st_rand(&t->rnd);
	struct ovnic_cmd_dev_set_queues sq = { .max_vqp = ST_VQP,
					       .max_queue_size = SD_QSIZE };
	struct ovnic_resp_hdr resp;
	bool early = r & 1;

	/* Half the time the card is reset under a driver still running. */
	if (early)
		st_expect(t, "reset", i, sd_mbox_bare(t->card,
			  OVNIC_CMD_DEV_RESET, (uint16_t)i), 0);
	st_pause(dr);
	if (!early) {
		if (r & 2)
			st_expect(t, "status 0", i,
				  sd_set_status(t->card, (uint16_t)i, 0), 0);
		else
			st_expect(t, "reset", i, sd_mbox_bare(t->card,
				  OVNIC_CMD_DEV_RESET, (uint16_t)i), 0);
	}
	sd_hdr(&sq.hdr, OVNIC_CMD_DEV_SET_QUEUES, (uint16_t)i);
	st_expect(t, "set queues", i, st_mbox(t, &sq, sizeof(sq), &resp,
					       sizeof(resp)), 0);
	st_expect(t, "restart", i, sd_dev_start(&dr->d), 0);
	st_resume(dr);
}

static void st_op_vq_toggle(struct st_test *t, unsigned int i)
{
	uint16_t qid = (uint16_t)(st_rand(&t->rnd) % (2 * ST_VQP + 1));

	st_expect(t, "vq off", i, sd_vq_ready(t->card, (uint16_t)i, qid, false),
		  0);
	if (st_rand(&t->rnd) & 1)
		st_usleep(200);
	st_expect(t, "vq on", i, sd_vq_ready(t->card, (uint16_t)i, qid, true),
		  0);
}

static void st_op_config_mac(struct st_test *t, unsigned int i)
{
	struct ovnic_cmd_dev_config cmd = { .length = ovnic_cpu_to_le16(6) };
	uint32_t r = st_rand(&t->rnd);
	unsigned int other = (i + 1 + r / 8 % (ST_DEVS - 1)) % ST_DEVS;
	struct ovnic_resp_hdr resp;
	int st, want = -1;

	switch (r % 4) {
	case 0:
		st_dev_mac(cmd.data, i);
		want = OVNIC_STATUS_OK;
		break;
	case 1:
		st_dev_mac(cmd.data, other);
		if (other != ST_VICTIM)
			want = OVNIC_STATUS_NOT_SUPPORTED;
		break;
	case 2:
		st_mac(cmd.data, 0xbb, (uint8_t)i, (uint8_t)(r / 8 % 4));
		break;
	default:
		st_mac(cmd.data, 0xcc, (uint8_t)i, (uint8_t)(r / 8 % 4));
		break;
	}
	sd_hdr(&cmd.hdr, OVNIC_CMD_DEV_CONFIG_WRITE, (uint16_t)i);
	st = st_mbox(t, &cmd, sizeof(cmd), &resp, sizeof(resp));
	if (want >= 0)
		st_expect(t, "config write of the MAC", i, st, want);
}

/* The MAC a device answers with must be one it owns. */
static void st_check_policy(struct st_test *t, unsigned int i,
			    const struct ovnic_resp_dev_mac_policy *g)
{
	const uint8_t *mac = g->mac;
	uint8_t own[6];
	bool owned;
	int owner;
	unsigned int k;

	st_dev_mac(own, i);
	owned = !memcmp(mac, own, 6);
	for (k = 0; k < g->policy.n_allowed && k < OVNIC_MAC_ALLOWED_MAX; k++)
		owned |= !memcmp(mac, g->policy.allowed[k], 6);
	for (k = 0; k < g->n_claimed && k < OVNIC_MAC_OWNED_MAX; k++)
		owned |= !memcmp(mac, g->claimed[k], 6);
	owner = st_mac_dev(mac);
	if (!owned || (owner >= 0 && owner != (int)i))
		st_fail(t, "dev %u: current MAC %02x:%02x:%02x:%02x:%02x:%02x not its own",
			i, mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	if (g->policy.n_allowed > OVNIC_MAC_ALLOWED_MAX ||
	    1u + g->policy.n_allowed + g->n_claimed > OVNIC_MAC_OWNED_MAX)
		st_fail(t, "dev %u: owns %u allowed + %u claimed addresses", i,
			g->policy.n_allowed, g->n_claimed);
	for (k = 0; k < g->n_claimed && k < OVNIC_MAC_OWNED_MAX; k++) {
		owner = st_mac_dev(g->claimed[k]);
		if (owner >= 0 && owner != (int)i)
			st_fail(t, "dev %u claimed dev %d's MAC", i, owner);
	}
}

static void st_op_mac_policy(struct st_test *t, unsigned int i)
{
	struct ovnic_cmd_dev_mac_policy cmd = { 0 };
	struct ovnic_resp_dev_mac_policy get;
	struct ovnic_cmd_hdr hdr;
	struct ovnic_resp_hdr resp;
	uint32_t r = st_rand(&t->rnd), k;
	bool steal = r % 8 == 0;
	int st;

	cmd.policy.flags = r & 2 ? OVNIC_MACP_ANY : 0;
	cmd.policy.spoof = (uint8_t)((r >> 2) % 3);
	cmd.policy.n_allowed = (uint8_t)((r >> 4) % 4);
	for (k = 0; k < cmd.policy.n_allowed; k++)
		st_mac(cmd.policy.allowed[k], 0xbb, (uint8_t)i, (uint8_t)k);
	if (steal) {	/* another device's MAC: refused, nothing changes */
		unsigned int other = (i + 1 + (r >> 8) % (ST_DEVS - 1)) %
				     ST_DEVS;

		st_dev_mac(cmd.policy.allowed[cmd.policy.n_allowed++], other);
		steal = other != ST_VICTIM;
	}
	sd_hdr(&cmd.hdr, OVNIC_CMD_DEV_SET_MAC_POLICY, (uint16_t)i);
	st = st_mbox(t, &cmd, sizeof(cmd), &resp, sizeof(resp));
	if (steal)
		st_expect(t, "policy with another's MAC", i, st,
			  OVNIC_STATUS_EXISTS);
	else if (st != OVNIC_STATUS_EXISTS)	/* a driver's claim may hold one */
		st_expect(t, "mac policy", i, st, 0);

	sd_hdr(&hdr, OVNIC_CMD_DEV_GET_MAC_POLICY, (uint16_t)i);
	st = st_mbox(t, &hdr, sizeof(hdr), &get, sizeof(get));
	st_expect(t, "get mac policy", i, st, 0);
	if (!st)
		st_check_policy(t, i, &get);
}

static void st_op_coal(struct st_test *t, unsigned int i)
{
	struct ovnic_cmd_coal_policy cmd = { 0 };
	struct ovnic_resp_coal_policy get;
	struct ovnic_resp_coal_vq vq;
	struct ovnic_cmd_vq q = { 0 };
	struct ovnic_resp_hdr resp;
	uint32_t r = st_rand(&t->rnd);

	cmd.policy.rx_usecs = ovnic_cpu_to_le32(r % 4 ? r % 64 : 0);
	cmd.policy.rx_frames = ovnic_cpu_to_le32((r >> 6) % 16);
	cmd.policy.tx_usecs = ovnic_cpu_to_le32((r >> 10) % 64);
	cmd.policy.tx_frames = ovnic_cpu_to_le32((r >> 16) % 16);
	cmd.policy.flags = ovnic_cpu_to_le32((r >> 20) % 4);
	cmd.policy.irq_rate = ovnic_cpu_to_le32(r & (1u << 24) ? 1000 : 0);
	sd_hdr(&cmd.hdr, OVNIC_CMD_COAL_POLICY_SET, (uint16_t)i);
	st_expect(t, "coal policy", i, st_mbox(t, &cmd, sizeof(cmd), &resp,
						sizeof(resp)), 0);
	sd_hdr(&cmd.hdr, OVNIC_CMD_COAL_POLICY_GET, (uint16_t)i);
	st_expect(t, "coal get", i, st_mbox(t, &cmd.hdr, sizeof(cmd.hdr), &get,
					    sizeof(get)), 0);
	q.qid = ovnic_cpu_to_le16((uint16_t)((r >> 25) % (2 * ST_VQP)));
	sd_hdr(&q.hdr, OVNIC_CMD_COAL_VQ_QUERY, (uint16_t)i);
	st_expect(t, "coal vq query", i, st_mbox(t, &q, sizeof(q), &vq,
						 sizeof(vq)), 0);
}

/*
 * The device behind a DMA window: regions come and go beside the live
 * ones, and sometimes under its buffers (counted drops, never a write
 * outside the window).
 */
static void st_op_mr(struct st_test *t)
{
	struct sd_dev *d = &t->drv[ST_MAPPED].d;
	uint32_t r = st_rand(&t->rnd);
	uint64_t off = (uint64_t)(r % 8) * (ST_SCRATCH / 8);
	uint64_t b_iova = SD_IOVA_BASE + d->ring_bytes;

	int st;

	switch ((r >> 4) % 3) {
	case 0:		/* EXISTS when mapped already */
		st = sd_mr_map(t->card, d->id, ST_SCRATCH_IOVA + off,
			       ST_SCRATCH / 8, t->scratch + off);
		if (st != OVNIC_STATUS_EXISTS)
			st_expect(t, "mr map", ST_MAPPED, st, 0);
		if (r & (1u << 10))
			st_expect(t, "mr unmap", ST_MAPPED,
				  sd_mr_unmap(t->card, d->id,
					      ST_SCRATCH_IOVA + off,
					      ST_SCRATCH / 8), 0);
		break;
	case 1:
		st_expect(t, "mr unmap scratch", ST_MAPPED,
			  sd_mr_unmap(t->card, d->id, ST_SCRATCH_IOVA,
				      ST_SCRATCH), 0);
		break;
	default:	/* the buffers, briefly */
		st_expect(t, "mr unmap buffers", ST_MAPPED,
			  sd_mr_unmap(t->card, d->id, b_iova, d->buf_bytes),
			  0);
		st_usleep(100);
		st_expect(t, "mr map buffers", ST_MAPPED,
			  sd_mr_map(t->card, d->id, b_iova, d->buf_bytes,
				    d->mem + d->ring_bytes), 0);
		break;
	}
}

static void st_op_destroy_create(struct st_test *t)
{
	struct st_drv *dr = &t->drv[ST_VICTIM];
	unsigned int q;

	st_pause(dr);
	st_expect(t, "destroy", ST_VICTIM, sd_mbox_bare(t->card,
		  OVNIC_CMD_DEV_DESTROY, ST_VICTIM), 0);
	st_usleep(st_rand(&t->rnd) % 2000);
	st_expect(t, "create", ST_VICTIM, sd_dev_create(&dr->d), 0);
	st_expect(t, "start", ST_VICTIM, sd_dev_start(&dr->d), 0);
	for (q = 0; q < SD_MAX_VQS; q++)
		memset(&t->seen[ST_VICTIM][q], 0, sizeof(t->seen[0][0]));
	st_resume(dr);
}

static void st_seen(struct st_test *t, const char *what, unsigned int i,
		    unsigned int q, uint64_t *seen, const ovnic_le64 *now)
{
	unsigned int c;

	for (c = 0; c < OVNIC_VQC_NUM; c++) {
		uint64_t v = ovnic_le64_to_cpu(now[c]);

		if (v < seen[c])
			st_fail(t, "%s %u/%u: counter %u went from %llu to %llu",
				what, i, q, c, (unsigned long long)seen[c],
				(unsigned long long)v);
		seen[c] = v;
	}
}

static void st_op_stats(struct st_test *t, unsigned int i)
{
	struct ovnic_resp_port_stats ps;
	struct ovnic_resp_vq_stats vs;
	struct ovnic_cmd_vq q = { 0 };
	struct ovnic_cmd_hdr hdr;
	unsigned int qid = st_rand(&t->rnd) % (2 * ST_VQP + 1);

	sd_hdr(&hdr, OVNIC_CMD_PORT_STATS, 0);
	if (!st_mbox(t, &hdr, sizeof(hdr), &ps, sizeof(ps))) {
		st_seen(t, "port out", 0, 0, t->port_seen[0], ps.to_wire);
		st_seen(t, "port in", 0, 0, t->port_seen[1], ps.from_wire);
	}
	q.qid = ovnic_cpu_to_le16((uint16_t)qid);
	sd_hdr(&q.hdr, OVNIC_CMD_VQ_STATS, (uint16_t)i);
	if (!st_mbox(t, &q, sizeof(q), &vs, sizeof(vs)))
		st_seen(t, "vq", i, qid, t->seen[i][qid].c, vs.counter);
}

/* Nothing this test does may break a queue. */
void st_op_query(struct st_test *t, unsigned int i)
{
	struct ovnic_resp_dev_query dq;
	struct ovnic_resp_vq_query vq;
	struct ovnic_resp_dev_config cfg;
	struct ovnic_cmd_dev_config rd = { .length = ovnic_cpu_to_le16(8) };
	struct ovnic_cmd_rss_set_policy rp = { 0 };
	struct ovnic_resp_rss_query rq;
	struct ovnic_resp_hdr resp;
	struct ovnic_cmd_vq q = { 0 };
	unsigned int qid;

	if (!sd_query(t->card, (uint16_t)i, &dq) &&
	    dq.status & VIRTIO_CONFIG_S_NEEDS_RESET)
		st_fail(t, "dev %u needs a reset (status %#x)", i, dq.status);
	for (qid = 0; qid < 2 * ST_VQP + 1; qid++) {
		q.qid = ovnic_cpu_to_le16((uint16_t)qid);
		sd_hdr(&q.hdr, OVNIC_CMD_VQ_QUERY, (uint16_t)i);
		if (!st_mbox(t, &q, sizeof(q), &vq, sizeof(vq)) && vq.broken)
			st_fail(t, "dev %u vq %u broken", i, qid);
	}
	sd_hdr(&rd.hdr, OVNIC_CMD_DEV_CONFIG_READ, (uint16_t)i);
	st_expect(t, "config read", i, st_mbox(t, &rd, sizeof(rd), &cfg,
					       sizeof(cfg)), 0);
	rp.tunnel_types = ovnic_cpu_to_le32(st_rand(&t->rnd) & 0x1ff);
	sd_hdr(&rp.hdr, OVNIC_CMD_RSS_SET_POLICY, (uint16_t)i);
	st_expect(t, "rss policy", i, st_mbox(t, &rp, sizeof(rp), &resp,
					      sizeof(resp)), 0);
	sd_hdr(&rp.hdr, OVNIC_CMD_RSS_QUERY, (uint16_t)i);
	st_expect(t, "rss query", i, st_mbox(t, &rp.hdr, sizeof(rp.hdr), &rq,
					     sizeof(rq)), 0);
}

static int st_vq_query(struct st_test *t, unsigned int i, uint16_t qid,
		       struct ovnic_resp_vq_query *out)
{
	struct ovnic_cmd_vq q = { .qid = ovnic_cpu_to_le16(qid) };

	sd_hdr(&q.hdr, OVNIC_CMD_VQ_QUERY, (uint16_t)i);
	return st_mbox(t, &q, sizeof(q), out, sizeof(*out));
}

/*
 * Suspend under traffic, the cores and the wire running: once DEV_SUSPEND
 * answers, every enabled queue stands at a descriptor boundary with what
 * it used published (VQ_QUERY's avail_idx == used_idx == the ring's
 * used->idx), and stays there while the driver kicks and the wire sends;
 * then resume.
 */
static void st_op_suspend(struct st_test *t, unsigned int i)
{
	struct ovnic_resp_vq_query before[SD_MAX_VQS], now;
	struct sd_dev *d = &t->drv[i].d;
	struct ovnic_resp_dev_query dq;
	uint16_t qid, nvqs = 2 * ST_VQP + 1;

	st_expect(t, "suspend", i, sd_mbox_bare(t->card, OVNIC_CMD_DEV_SUSPEND,
						(uint16_t)i), 0);
	if (sd_query(t->card, (uint16_t)i, &dq) || !dq.suspended)
		st_fail(t, "dev %u: not suspended after DEV_SUSPEND", i);
	for (qid = 0; qid < nvqs; qid++) {
		struct ovnic_resp_vq_query *q = &before[qid];
		uint16_t published;

		st_expect(t, "vq query", i, st_vq_query(t, i, qid, q), 0);
		if (!q->ready)
			continue;
		published = __atomic_load_n(&d->vq[qid].used->idx,
					    __ATOMIC_ACQUIRE);
		if (q->avail_idx != q->used_idx ||
		    published != ovnic_le16_to_cpu(q->used_idx))
			st_fail(t, "dev %u vq %u suspended at avail %u used %u, published %u",
				i, qid, ovnic_le16_to_cpu(q->avail_idx),
				ovnic_le16_to_cpu(q->used_idx), published);
	}
	st_usleep(200 + st_rand(&t->rnd) % 800);
	for (qid = 0; qid < nvqs; qid++) {
		st_expect(t, "vq query", i, st_vq_query(t, i, qid, &now), 0);
		if (before[qid].ready &&
		    (now.avail_idx != before[qid].avail_idx ||
		     now.used_idx != before[qid].used_idx))
			st_fail(t, "dev %u vq %u moved while suspended", i, qid);
	}
	st_expect(t, "resume", i, sd_mbox_bare(t->card, OVNIC_CMD_DEV_RESUME,
					       (uint16_t)i), 0);
}

static void st_op_simple(struct st_test *t, unsigned int op, unsigned int i)
{
	struct ovnic_cmd_dev_set_link link = { 0 };
	struct ovnic_cmd_dev_set_loopback lb = { 0 };
	struct ovnic_resp_hdr resp;
	uint32_t r = st_rand(&t->rnd);

	switch (op) {
	case 4:
		link.link_up = r % 3 != 0;
		sd_hdr(&link.hdr, OVNIC_CMD_DEV_SET_LINK, (uint16_t)i);
		st_expect(t, "link", i, st_mbox(t, &link, sizeof(link), &resp,
						sizeof(resp)), 0);
		break;
	case 5:
		lb.loopback = r % 3 == 0;
		sd_hdr(&lb.hdr, OVNIC_CMD_DEV_SET_LOOPBACK, (uint16_t)i);
		st_expect(t, "loopback", i, st_mbox(t, &lb, sizeof(lb), &resp,
						    sizeof(resp)), 0);
		break;
	case 11:
		ovnic_card_reg_write(t->card, OVNIC_REG_WIRE_LINK, 0);
		st_usleep(r % 500);
		ovnic_card_reg_write(t->card, OVNIC_REG_WIRE_LINK, 1);
		break;
	default:
		ovnic_card_host_memory_changed(t->card);
		break;
	}
}

static void st_control_op(struct st_test *t)
{
	static const unsigned char weight[] = {
		2, 4, 4, 4, 3, 2, 3, 4, 1, 4, 2, 1, 1, 3,
	};
	unsigned int sum = 0, op, pick, i = st_rand(&t->rnd) % ST_DEVS;

	for (op = 0; op < sizeof(weight); op++)
		sum += weight[op];
	pick = st_rand(&t->rnd) % sum;
	for (op = 0; pick >= weight[op]; op++)
		pick -= weight[op];
	t->ops[op]++;
	switch (op) {
	case 0:
		st_op_reset(t, i);
		break;
	case 1:
		st_op_vq_toggle(t, i);
		break;
	case 2:
		st_op_config_mac(t, i);
		break;
	case 3:
		st_op_mac_policy(t, i);
		break;
	case 6:
		st_op_coal(t, i);
		break;
	case 7:
		st_op_mr(t);
		break;
	case 8:
		st_op_destroy_create(t);
		break;
	case 9:
		st_op_stats(t, i);
		break;
	case 10:
		st_op_query(t, i);
		break;
	case 13:
		st_op_suspend(t, i);
		break;
	default:
		st_op_simple(t, op, i);
		break;
	}
}

/* Leave every device able to send and receive, for the drain. */
static void st_control_settle(struct st_test *t)
{
	struct ovnic_cmd_dev_set_link link = { .link_up = 1 };
	struct ovnic_cmd_dev_set_loopback lb = { 0 };
	struct ovnic_resp_hdr resp;
	uint16_t i;

	ovnic_card_reg_write(t->card, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < ST_DEVS; i++) {
		sd_hdr(&link.hdr, OVNIC_CMD_DEV_SET_LINK, i);
		st_mbox(t, &link, sizeof(link), &resp, sizeof(resp));
		sd_hdr(&lb.hdr, OVNIC_CMD_DEV_SET_LOOPBACK, i);
		st_mbox(t, &lb, sizeof(lb), &resp, sizeof(resp));
	}
}

void *st_control_thread(void *arg)
{
	struct st_test *t = arg;

	while (!st_stopping(t)) {
		st_control_op(t);
		st_usleep(200 + st_rand(&t->rnd) % 1000);
	}
	st_control_settle(t);
	return NULL;
}
