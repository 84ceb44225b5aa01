// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Fair service on a device core: devices are tenants that share a core,
 * and none may starve another by keeping its rings full.  Each test floods
 * from N neighbours (always posted full again, as a busy guest keeps them)
 * and counts the polls, at the budget the kernel's cores use, until a
 * victim's single frame or control command is served.
 */
#include "unit.h"

#define POLL_BUDGET	64
#define QUANTUM		32	/* card.c: descriptors per device per round */
#define FLOOD_QSIZE	256

static const uint8_t far_mac[6] = { 0x02, 0xee, 0, 0, 0, 1 };

struct sched_row {
	const char *name;
	unsigned int neighbours;	/* flooding devices */
	unsigned int victim;		/* its device id */
	unsigned int victim_pairs;	/* its queue pairs */
	unsigned int victim_queue;	/* transmit queue it sends on */
	bool flood_own_queue0;		/* the victim floods its queue 0 */
};

static const struct sched_row rows[] = {
	{ "victim_last_of_8", 7, 7, 1, 0, false },
	{ "victim_first_of_8", 7, 0, 1, 0, false },
	{ "victim_middle_of_4", 3, 2, 1, 0, false },
	{ "own_queue_0_floods", 0, 0, 4, 3, true },
	{ "own_queue_0_and_7_neighbours", 7, 7, 4, 3, true },
};

/* One core for every device and queue: the worst sharing. */
static const struct ovnic_card_params one_core = {
	.max_devices = 8, .max_vqp = 4, .max_queue_size = 1024,
	.num_cores = 1,
};

/* Keep @q full of frames to the wire; reap what the card consumed. */
static void flood(struct vd_vq *q, const uint8_t *frame, uint32_t len)
{
	vd_vq_drain(q);
	while (vd_vq_free_descs(q) > 0)
		assert_true(vd_tx_post(q, frame, len, NULL) >= 0);
	vd_vq_kick_force(q);
}

/* Post a control command without running the card; returns its ack byte. */
static uint8_t *ctrl_post(struct vd_dev *d)
{
	struct vd_card *c = d->card;
	uint8_t *cmd = vd_dma_alloc(c, 3), *ack = vd_dma_alloc(c, 1);
	struct vd_seg seg[2] = {
		{ cmd, 3, false },
		{ ack, 1, true },
	};

	cmd[0] = VIRTIO_NET_CTRL_RX;
	cmd[1] = VIRTIO_NET_CTRL_RX_PROMISC;
	cmd[2] = 1;
	*ack = 0xee;
	assert_true(vd_vq_add(vd_cvq(d), seg, 2, 0) >= 0);
	vd_vq_kick_force(vd_cvq(d));
	return ack;
}

static void sched_victim(void **state)
{
	struct ut_env *e = *state;
	const struct sched_row *r = e->param;
	struct vd_dev *flooders[UT_MAX_DEVS], *v;
	unsigned int nflood = 0, i, polls, tx_polls = 0, ctrl_polls = 0;
	/* rounds of one quantum per device with work, plus one */
	unsigned int bound = (r->neighbours + 1) * QUANTUM / POLL_BUDGET + 2;
	uint8_t frame[128], *ack;
	uint32_t len;
	struct vd_vq *vq;

	ut_env_free(e);
	e = *state = ut_env_new(&one_core);
	e->param = r;
	len = vd_frame(frame, far_mac, far_mac, VD_NO_VLAN, 0x0800, 60, 1);
	for (i = 0; i < UT_MAX_DEVS && nflood < r->neighbours; i++) {
		struct vd_dev_cfg cfg = { .queue_size = FLOOD_QSIZE };

		if (i == r->victim)
			continue;
		flooders[nflood++] = ut_dev(e, (uint16_t)i, &cfg);
	}
	{
		struct vd_dev_cfg cfg = {
			.queue_size = FLOOD_QSIZE,
			.max_vqp = (uint16_t)r->victim_pairs,
		};

		v = ut_dev(e, (uint16_t)r->victim, &cfg);
	}
	if (r->victim_pairs > 1)
		assert_int_equal(vd_ctrl_mq_pairs(v, (uint16_t)r->victim_pairs),
				 VIRTIO_NET_OK);
	vq = vd_txq(v, r->victim_queue);

	/* Everyone floods, then the victim sends one frame and one command. */
	for (i = 0; i < nflood; i++)
		flood(vd_txq(flooders[i], 0), frame, len);
	if (r->flood_own_queue0)
		flood(vd_txq(v, 0), frame, len);
	assert_true(vd_tx_post(vq, frame, len, NULL) >= 0);
	vd_vq_kick_force(vq);
	ack = ctrl_post(v);

	/* long enough for every neighbour's share to show */
	for (polls = 1; polls <= 100; polls++) {
		ovnic_card_core_poll(e->c->card, 0, POLL_BUDGET);
		if (!tx_polls && vd_vq_used_pending(vq))
			tx_polls = polls;
		if (!ctrl_polls && *ack != 0xee)
			ctrl_polls = polls;
		/* the flood never ebbs */
		for (i = 0; i < nflood; i++)
			flood(vd_txq(flooders[i], 0), frame, len);
		if (r->flood_own_queue0)
			flood(vd_txq(v, 0), frame, len);
		up_wire_clear(e->c->plat);
	}
	print_message("%s: frame served after %u polls, command after %u (bound %u)\n",
		      r->name, tx_polls, ctrl_polls, bound);
	assert_true(tx_polls >= 1 && tx_polls <= bound);
	/* control queues go first, in the very next poll */
	assert_int_equal(ctrl_polls, 1);
	assert_int_equal(*ack, VIRTIO_NET_OK);
	/* and the neighbours were served too, not only the victim */
	for (i = 0; i < nflood; i++)
		assert_true(ut_ctr(vd_txq(flooders[i], 0), OVNIC_VQC_PACKETS) >
			    QUANTUM);
}

/*
 * Over many polls, devices that all flood get equal shares: no device gets
 * more than a quantum ahead of another.
 */
static void sched_equal_shares(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d[4];
	uint64_t sent[4], lo = UINT64_MAX, hi = 0;
	uint8_t frame[128];
	uint32_t len;
	unsigned int i, polls;

	ut_env_free(e);
	e = *state = ut_env_new(&one_core);
	len = vd_frame(frame, far_mac, far_mac, VD_NO_VLAN, 0x0800, 60, 2);
	for (i = 0; i < 4; i++) {
		struct vd_dev_cfg cfg = { .queue_size = FLOOD_QSIZE };

		d[i] = ut_dev(e, (uint16_t)i, &cfg);
	}
	for (polls = 0; polls < 200; polls++) {
		for (i = 0; i < 4; i++)
			flood(vd_txq(d[i], 0), frame, len);
		ovnic_card_core_poll(e->c->card, 0, POLL_BUDGET);
		up_wire_clear(e->c->plat);
	}
	for (i = 0; i < 4; i++) {
		sent[i] = ut_ctr(vd_txq(d[i], 0), OVNIC_VQC_PACKETS);
		lo = sent[i] < lo ? sent[i] : lo;
		hi = sent[i] > hi ? sent[i] : hi;
	}
	print_message("shares: %lu %lu %lu %lu\n", (unsigned long)sent[0],
		      (unsigned long)sent[1], (unsigned long)sent[2],
		      (unsigned long)sent[3]);
	assert_true(hi - lo <= QUANTUM);
	assert_true(lo >= 200 * POLL_BUDGET / 4 - QUANTUM);
}

/* A command flood on one control queue leaves others' commands prompt. */
static void sched_ctrl_flood(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *a, *b;
	uint8_t *acks[64], *victim;
	unsigned int i;

	ut_env_free(e);
	e = *state = ut_env_new(&one_core);
	a = ut_dev(e, 0, NULL);
	b = ut_dev(e, 1, NULL);
	for (i = 0; i < 64 && vd_vq_free_descs(vd_cvq(a)) >= 2; i++)
		acks[i] = ctrl_post(a);
	victim = ctrl_post(b);
	ovnic_card_core_poll(e->c->card, 0, POLL_BUDGET);
	assert_int_equal(*victim, VIRTIO_NET_OK);
	/* the flooder is served too, a little at a time */
	assert_int_equal(*acks[0], VIRTIO_NET_OK);
	assert_int_equal(vd_card_run(e->c), 0);
	while (i--)
		assert_int_equal(*acks[i], VIRTIO_NET_OK);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, sched_victim, rows);
	UT_ADD(&l, sched_equal_shares);
	UT_ADD(&l, sched_ctrl_flood);
	return ut_run("sched", &l);
}
