// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Queue reset (VIRTIO_F_RING_RESET, virtio 1.2 section 2.6.1) through
 * VQ_MODIFY RESET, on split and packed rings: one queue is reset and set
 * up again with another size and other ring memory while the rest of the
 * device carries traffic.  ovnic.ko offers no RING_RESET to vDPA (no op
 * carries it); this driver, as a PCI transport's would, does.
 */
#include "test_ring.h"

struct reset_row {
	const char *name;
	bool packed;
};

static const struct reset_row layouts[] = {
	{ "split", false },
	{ "packed", true },
};

/* Device @dev_id, negotiating @extra beyond the defaults. */
static struct vd_dev *reset_dev_at(struct ut_env *e, uint16_t dev_id,
				   uint64_t extra)
{
	const struct reset_row *r = e->param;
	struct vd_dev_cfg cfg = {
		.features = VD_F_DEFAULT | extra |
			    (r->packed ? VD_BIT(VIRTIO_F_RING_PACKED) : 0),
	};

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	return ut_dev(e, dev_id, &cfg);
}

static struct vd_dev *reset_dev(struct ut_env *e, uint64_t extra)
{
	return reset_dev_at(e, 0, extra);
}

static int queue_reset(struct ut_env *e, struct vd_dev *d, uint16_t qid,
		       uint32_t mask)
{
	struct ovnic_cmd_vq_modify m = {
		.qid = ovnic_cpu_to_le16(qid),
		.modify_mask = ovnic_cpu_to_le32(mask),
	};

	return vd_cmd_vq_modify(e->c, d->dev_id, &m);
}

/* The state after FEATURES_OK: not ready, the largest size, start. */
static void assert_reset_state(struct vd_vq *q, bool packed)
{
	struct ovnic_resp_dev_query dev;
	struct ovnic_resp_vq_query vq;
	uint16_t start = packed ? 0x8000 : 0;

	assert_int_equal(vd_cmd_dev_query(q->dev->card, q->dev->dev_id, &dev),
			 0);
	assert_int_equal(vd_vq_query(q, &vq), 0);
	assert_int_equal(vq.ready, 0);
	assert_int_equal(vq.broken, 0);
	assert_int_equal(ovnic_le16_to_cpu(vq.size),
			 ovnic_le16_to_cpu(dev.max_queue_size));
	assert_int_equal(ovnic_le16_to_cpu(vq.avail_idx), start);
	assert_int_equal(ovnic_le16_to_cpu(vq.used_idx), start);
}

/* Frames from the wire reach @d's receive queue 0. */
static void expect_rx(struct ut_env *e, struct vd_dev *d, uint8_t seed)
{
	static struct vd_rx_pkt pkt;
	struct vd_vq *rx = vd_rxq(d, 0);
	uint8_t f[256];
	uint32_t len = rx_frame(d, f, 80, seed);

	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(vd_rx_recv(rx, &pkt), 1);
	assert_int_equal(pkt.len, len);
	assert_memory_equal(pkt.data, f, len);
}

/*
 * The transmit queue is reset with frames posted and never served: they
 * never leave, the receive queue works meanwhile, and the queue set up
 * again on a smaller ring elsewhere carries frames; counters survive.
 */
static void reset_tx_while_rx_runs(void **state)
{
	struct ut_env *e = *state;
	const struct reset_row *r = e->param;
	struct vd_dev *d = reset_dev(e, VD_BIT(VIRTIO_F_RING_RESET));
	struct vd_vq *tx = vd_txq(d, 0);
	uint8_t f[256];
	uint32_t len;
	uint64_t sent;
	int i;

	assert_int_equal(vd_rx_fill(vd_rxq(d, 0), 8, 1526), 8);
	vd_vq_kick_run(vd_rxq(d, 0));
	len = tx_frame(d, f, 60, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);
	sent = ut_ctr(tx, OVNIC_VQC_PACKETS);
	for (i = 0; i < 3; i++)
		assert_true(vd_tx_post(tx, f, tx_frame(d, f, 60, 10 + i),
				       NULL) >= 0);
	assert_int_equal(queue_reset(e, d, 1, OVNIC_VQ_MODIFY_RESET), 0);
	assert_reset_state(tx, r->packed);
	vd_vq_kick_force(tx);
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	expect_rx(e, d, 2);

	assert_int_equal(vd_dev_setup_queue(d, 1, r->packed ? 100 : 64), 0);
	tx = vd_txq(d, 0);
	for (i = 0; i < 150; i++) {
		len = tx_frame(d, f, 60, 20 + i);
		assert_int_equal(ut_send(d, f, len), 0);
		ut_expect_wire(e->c, f, len);
		assert_int_equal(vd_vq_drain(tx), 1);
	}
	assert_int_equal(ut_ctr(tx, OVNIC_VQC_PACKETS), sent + 150);
	expect_rx(e, d, 3);
	ut_vq_clean(tx);
}

/*
 * The receive queue is reset mid-traffic: frames meanwhile are dropped and
 * counted; set up again, it receives; the transmit queue never stops.
 */
static void reset_rx_mid_traffic(void **state)
{
	struct ut_env *e = *state;
	const struct reset_row *r = e->param;
	struct vd_dev *d = reset_dev(e, VD_BIT(VIRTIO_F_RING_RESET));
	struct vd_vq *rx = vd_rxq(d, 0);
	uint64_t no_buffer;
	uint8_t f[256];
	uint32_t len;

	assert_int_equal(vd_rx_fill(rx, 4, 1526), 4);
	vd_vq_kick_run(rx);
	expect_rx(e, d, 1);
	assert_int_equal(queue_reset(e, d, 0, OVNIC_VQ_MODIFY_RESET), 0);
	assert_reset_state(rx, r->packed);
	no_buffer = ut_ctr(rx, OVNIC_VQC_DROP_NO_BUFFER);
	len = rx_frame(d, f, 80, 2);
	assert_int_equal(vd_wire_rx(e->c, f, len), 0);
	assert_int_equal(ut_ctr(rx, OVNIC_VQC_DROP_NO_BUFFER), no_buffer + 1);
	len = tx_frame(d, f, 60, 3);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);

	assert_int_equal(vd_dev_setup_queue(d, 0, 32), 0);
	rx = vd_rxq(d, 0);
	assert_int_equal(vd_rx_fill(rx, 32, 1526), 32);
	vd_vq_kick_run(rx);
	expect_rx(e, d, 4);
	expect_rx(e, d, 5);
	ut_vq_clean(rx);
}

/* Without the feature, or with other fields, RESET is refused. */
static void reset_refused(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = reset_dev(e, 0);
	uint8_t f[256];
	uint32_t len;

	assert_int_equal(queue_reset(e, d, 1, OVNIC_VQ_MODIFY_RESET),
			 OVNIC_STATUS_BAD_PARAM);
	d = reset_dev_at(e, 1, VD_BIT(VIRTIO_F_RING_RESET));
	assert_int_equal(queue_reset(e, d, 1, OVNIC_VQ_MODIFY_RESET |
					      OVNIC_VQ_MODIFY_READY),
			 OVNIC_STATUS_BAD_PARAM);
	assert_int_equal(queue_reset(e, d, 99, OVNIC_VQ_MODIFY_RESET),
			 OVNIC_STATUS_BAD_PARAM);
	/* refused means untouched: the queue still runs */
	len = tx_frame(d, f, 60, 1);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);
}

/*
 * A queue reset returns a broken queue to its start, but the device keeps
 * DEVICE_NEEDS_RESET (2.1.2): only a device reset recovers from it.
 */
static void reset_broken_queue(void **state)
{
	struct ut_env *e = *state;
	const struct reset_row *r = e->param;
	struct vd_dev *d = reset_dev(e, VD_BIT(VIRTIO_F_RING_RESET));
	struct ovnic_resp_vq_query vq;
	struct ovnic_cmd_vq_modify m = {
		.qid = ovnic_cpu_to_le16(1),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_ADDR),
		.desc_addr = ovnic_cpu_to_le64(0x7ff0000000000000ull),
		.driver_addr = ovnic_cpu_to_le64(0x7ff0000000001000ull),
		.device_addr = ovnic_cpu_to_le64(0x7ff0000000002000ull),
	};

	/* reset, moved where nothing is mapped, enabled: it breaks */
	assert_int_equal(queue_reset(e, d, 1, OVNIC_VQ_MODIFY_RESET), 0);
	assert_int_equal(vd_cmd_vq_modify(e->c, d->dev_id, &m), 0);
	m.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY);
	m.ready = 1;
	assert_int_equal(vd_cmd_vq_modify(e->c, d->dev_id, &m), 0);
	vd_vq_kick_force(vd_txq(d, 0));
	assert_int_equal(vd_card_run(e->c), 0);
	assert_int_equal(vd_vq_query(vd_txq(d, 0), &vq), 0);
	assert_int_equal(vq.broken, 1);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);

	assert_int_equal(queue_reset(e, d, 1, OVNIC_VQ_MODIFY_RESET), 0);
	assert_reset_state(vd_txq(d, 0), r->packed);
	assert_true(vd_dev_status(d) & VIRTIO_CONFIG_S_NEEDS_RESET);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD_TABLE(&l, reset_tx_while_rx_runs, layouts);
	UT_ADD_TABLE(&l, reset_rx_mid_traffic, layouts);
	UT_ADD_TABLE(&l, reset_refused, layouts);
	UT_ADD_TABLE(&l, reset_broken_queue, layouts);
	return ut_run("ring_reset", &l);
}
