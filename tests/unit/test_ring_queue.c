// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * The card's queues around the ring walk: a frame too big, the poll
 * budget and resuming after it, bogus doorbells and kicks of a queue not
 * ready, several queue pairs and the cores they run on, disabling and
 * enabling a queue, the largest ring.
 */
#include "test_ring.h"

static void ring_tx_too_big(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[2048];
	uint32_t len;
	struct vd_used u;

	len = tx_frame(d, f, 1500, 1);	/* 1514: MTU-sized */
	ut_send(d, f, len);
	ut_expect_wire(e->c, f, len);
	len = tx_frame(d, f, 1600, 2);
	ut_send(d, f, len);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_DROP_TOO_BIG), 1);
	assert_int_equal(vd_vq_drain(tx), 2);
	/* the queue keeps going */
	len = tx_frame(d, f, 100, 3);
	ut_send(d, f, len);
	ut_expect_wire(e->c, f, len);
	assert_int_equal(vd_vq_get(tx, &u), 1);
}

/* A small budget: the core reports work left and is polled again. */
static void ring_budget_resume(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	int i;

	e->c->budget = 7;
	for (i = 0; i < 200; i++)
		assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, i), NULL) >=
			    0);
	assert_int_equal(vd_vq_kick(tx), 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 200);
	for (i = 0; i < 200; i++) {
		uint32_t len = tx_frame(d, f, 60, i);

		ut_expect_wire(e->c, f, len);
	}
	assert_int_equal(vd_vq_drain(tx), 200);
	assert_true(e->c->polls >= 200 / 7);
}

static uint64_t ring_wakes(struct up_plat *p)
{
	uint64_t n = 0;
	unsigned int i;

	for (i = 0; i < UP_MAX_CORES; i++)
		n += p->wake_count[i];
	return n;
}

/* @d sends a frame to the wire and receives one from it. */
static void ring_check_traffic(struct ut_env *e, struct vd_dev *d)
{
	static struct vd_rx_pkt pkt;
	struct vd_vq *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len;

	len = tx_frame(d, f, 60, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
	assert_int_equal(vd_rx_fill(rx, 1, 1526), 1);
	vd_vq_kick_run(rx);
	len = rx_frame(d, f, 60, 2);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
}

/*
 * Doorbells for queues or devices that don't exist change nothing: no
 * counter of a real queue (a kick counted on the wrong queue), no core
 * woken, no interrupt, no reset.
 */
static void ring_doorbell_bogus(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	uint32_t vals[] = { 3, 4, 64, 65, 1000, 0xffff, 0xffffffffu };
	uint64_t before[3][OVNIC_VQC_NUM], after[OVNIC_VQC_NUM];
	uint64_t wakes, irqs;
	unsigned int i, q;

	assert_int_equal(d->nvqs, 3);
	for (q = 0; q < d->nvqs; q++)
		assert_int_equal(vd_vq_stats(d->vq[q], before[q]), 0);
	wakes = ring_wakes(e->c->plat);
	irqs = e->c->plat->irq_total;
	for (i = 0; i < UT_ARRAY_SIZE(vals); i++) {
		ovnic_card_doorbell(e->c->card, 0, vals[i]);
		ovnic_card_doorbell(e->c->card, 5, vals[i] & 1);
		ovnic_card_doorbell(e->c->card, 0xffff, vals[i]);
		assert_int_equal(vd_card_run(e->c), 0);
	}
	for (q = 0; q < d->nvqs; q++) {
		assert_int_equal(vd_vq_stats(d->vq[q], after), 0);
		assert_memory_equal(after, before[q], sizeof(after));
	}
	assert_int_equal(ring_wakes(e->c->plat), wakes);
	assert_int_equal(e->c->plat->irq_total, irqs);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	ring_check_traffic(e, d);
}

/*
 * A queue kicked before it is ready is ignored, before DRIVER_OK and
 * after (DRIVER_OK kicks every queue itself): nothing is read from its
 * unset rings, which would break it, and once the driver enables it the
 * queue works.
 */
static void ring_kick_not_ready(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .dev_id = 0 };
	struct vd_dev *d;
	uint64_t irqs = e->c->plat->irq_total;
	struct ovnic_resp_vq_query vq;
	int err;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = vd_dev_new(e->c, &cfg, &err);
	assert_non_null(d);
	e->dev[0] = d;
	ovnic_card_doorbell(e->c->card, 0, 0);
	ovnic_card_doorbell(e->c->card, 0, 1);
	ovnic_card_doorbell(e->c->card, 0, 2);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);

	/* running, with the receive and control queues only */
	assert_int_equal(vd_dev_negotiate(d, VD_F_DEFAULT), 0);
	assert_int_equal(vd_dev_setup_queue(d, 0, VD_DEF_QUEUE_SIZE), 0);
	assert_int_equal(vd_dev_setup_queue(d, 2, VD_DEF_QUEUE_SIZE), 0);
	assert_int_equal(vd_dev_driver_ok(d), 0);
	ovnic_card_doorbell(e->c->card, 0, 1);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_cmd_vq_query(e->c, 0, 1, &vq), OVNIC_STATUS_OK);
	assert_int_equal(vq.ready, 0);
	assert_int_equal(vq.broken, 0);
	assert_int_equal(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET, 0);
	assert_int_equal(e->c->plat->irq_total, irqs);

	assert_int_equal(vd_dev_setup_queue(d, 1, VD_DEF_QUEUE_SIZE), 0);
	ring_check_traffic(e, d);
}

/* Every TX queue of a multiqueue device works; RX spreads over pairs. */
static void ring_multiqueue(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = 4 };
	struct vd_dev *d = ring_dev(e, &cfg);
	uint8_t f[256];
	unsigned int p, i, got = 0;
	uint32_t len;

	assert_true(vd_has(d, VIRTIO_NET_F_MQ));
	assert_int_equal(d->cvq_idx, 8);
	assert_int_equal(vd_ctrl_mq_pairs(d, 4), VIRTIO_NET_OK);
	for (p = 0; p < 4; p++) {
		struct vd_vq *tx = vd_txq(d, p);

		len = tx_frame(d, f, 60, p);
		vd_tx_post(tx, f, len, NULL);
		vd_vq_kick(tx);
		assert_int_equal(vd_card_run(e->c), 0);
		ut_expect_wire(e->c, f, len);
		assert_int_equal(vd_vq_drain(tx), 1);
		vd_rx_fill(vd_rxq(d, p), 64, 1526);
		vd_vq_kick_run(vd_rxq(d, p));
	}
	/* IPv4/UDP frames of 64 flows */
	for (i = 0; i < 64; i++) {
		static const uint8_t ip[] = {
			0x45, 0, 0, 28, 0, 0, 0, 0, 64, 17, 0, 0,
			10, 0, 0, 0, 10, 0, 1, 1, 0, 7, 0, 53,
		};

		len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0800, 28, 0);
		memcpy(f + 14, ip, sizeof(ip));
		f[14 + 15] = i;		/* saddr */
		f[14 + 20] = i;		/* sport */
		vd_wire_rx(e->c, f, len);
	}
	for (p = 0; p < 4; p++)
		got += vd_vq_drain(vd_rxq(d, p));
	assert_int_equal(got, 64);
}

/* set_vq_ready(false) stops a queue where it is; ready again resumes. */
static void ring_disable_enable(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = ring_dev(e, NULL);
	struct vd_vq *tx = vd_txq(d, 0);
	struct ovnic_cmd_vq_modify m = { 0 };
	struct ovnic_resp_vq_query vq;
	uint8_t f[3][128];
	uint32_t len[3];
	int i;

	len[0] = tx_frame(d, f[0], 60, 1);
	assert_int_equal(ut_send(d, f[0], len[0]), 0);
	ut_expect_wire(e->c, f[0], len[0]);
	m.qid = ovnic_cpu_to_le16(1);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	m.ready = 0;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), 0);
	for (i = 1; i < 3; i++) {
		len[i] = tx_frame(d, f[i], 60, i + 1);
		vd_tx_post(tx, f[i], len[i], NULL);
	}
	vd_vq_kick_force(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(vd_vq_query(tx, &vq), 0);
	assert_int_equal(vq.ready, 0);
	assert_int_equal(vq.avail_idx, 1);
	assert_int_equal(vq.used_idx, 1);
	m.ready = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), 0);
	vd_vq_kick_force(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	ut_expect_wire(e->c, f[1], len[1]);
	ut_expect_wire(e->c, f[2], len[2]);
	assert_int_equal(vd_vq_drain(tx), 3);
}

/* The largest ring the card allows. */
static void ring_max_size(void **state)
{
	struct ovnic_card_params p = { .max_devices = 2, .max_vqp = 1,
				       .max_queue_size = 32768,
				       .num_cores = 1 };
	struct vd_dev_cfg cfg = { .queue_size = 32768 };
	struct ut_env *e;
	struct vd_dev *d;
	uint8_t f[128];
	int i;

	ut_teardown(state);
	e = ut_env_new(&p);
	*state = e;
	d = ring_dev(e, &cfg);
	for (i = 0; i < 3000; i++)
		assert_true(vd_tx_post(vd_txq(d, 0), f,
				       tx_frame(d, f, 46, i), NULL) >= 0);
	assert_int_equal(vd_vq_kick_run(vd_txq(d, 0)), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 3000);
	assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 3000);
	vd_rx_fill(vd_rxq(d, 0), 1024, 256);
	vd_vq_kick_run(vd_rxq(d, 0));
	for (i = 0; i < 100; i++) {
		uint32_t len = rx_frame(d, f, 46, i);

		vd_wire_rx(e->c, f, len);
	}
	assert_int_equal(vd_vq_drain(vd_rxq(d, 0)), 100);
}

struct cores_row {
	const char *name;
	unsigned int cores;
	unsigned int devs;
};

static const struct cores_row cores_rows[] = {
	{ "1_core", 1, 2 },
	{ "3_cores", 3, 3 },
	{ "16_cores", 16, 4 },
};

/* Any number of cores: every queue of every device gets served. */
static void ring_cores(void **state)
{
	const struct cores_row *r = ((struct ut_env *)*state)->param;
	struct ovnic_card_params p = { .max_devices = 8, .max_vqp = 4,
				       .max_queue_size = 256,
				       .num_cores = r->cores };
	struct ut_env *e;
	struct vd_dev_cfg cfg = { .max_vqp = 4, .queue_size = 64 };
	unsigned int i, q;
	uint8_t f[128];

	/* replace the default card with one of r->cores cores */
	ut_teardown(state);
	e = ut_env_new(&p);
	*state = e;
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (i = 0; i < r->devs; i++)
		ut_dev(e, i, &cfg);
	for (i = 0; i < r->devs; i++) {
		struct vd_dev *d = e->dev[i];

		assert_int_equal(vd_ctrl_mq_pairs(d, 4), VIRTIO_NET_OK);
		for (q = 0; q < 4; q++) {
			uint32_t len = tx_frame(d, f, 50, i * 4 + q);

			vd_tx_post(vd_txq(d, q), f, len, NULL);
			vd_vq_kick(vd_txq(d, q));
		}
	}
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 4 * r->devs);
	for (i = 0; i < r->devs; i++)
		for (q = 0; q < 4; q++)
			assert_int_equal(vd_vq_drain(vd_txq(e->dev[i], q)), 1);
	for (i = r->cores; i < UP_MAX_CORES; i++)
		assert_int_equal(e->c->plat->wake_count[i], 0);
}


int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, ring_tx_too_big);
	UT_ADD(&l, ring_budget_resume);
	UT_ADD(&l, ring_doorbell_bogus);
	UT_ADD(&l, ring_kick_not_ready);
	UT_ADD(&l, ring_multiqueue);
	UT_ADD_TABLE(&l, ring_cores, cores_rows);
	UT_ADD(&l, ring_disable_enable);
	UT_ADD(&l, ring_max_size);
	return ut_run("ring_queue", &l);
}
