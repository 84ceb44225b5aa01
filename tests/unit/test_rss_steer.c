// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Receive steering: the indirection table and unclassified queue
 * (virtio 1.2 5.1.6.5.7), automatic steering and HASH_CONFIG (5.1.6.5.6),
 * from device to device, on loopback, over 32 pairs, to a queue not ready;
 * and the header on transmit.
 */
#include "test_rss.h"

/* ---- steering ---- */

/* 64 UDP flows land where the table says; a queue-free table sends none. */
static void steer_table(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	uint16_t table[16] = { 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1 };
	struct vd_rss rss = { .hash_types = HT(UDPv4), .table_len = 16,
			      .table = table, .unclassified = 2,
			      .max_tx_vq = 4, .key_len = 40, .key = pb_ms_key };
	unsigned int hits[NQ] = { 0 };
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;
	int q;

	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	for (n = 0; n < 64; n++) {
		fill_ip(&ip, false, 17, n);
		h = pb_expected_hash(&ip, HT(UDPv4), pb_ms_key, 40, &rep);
		len = ip_frame(f, d, &ip);
		q = send_check(e, d, f, len, h, rep);
		assert_int_equal(q, table[h & 15]);
		hits[q]++;
	}
	assert_int_equal(hits[0], 0);
	assert_int_equal(hits[2], 0);
	assert_true(hits[1] > 0 && hits[3] > 0);
	/* TCP is not enabled: unclassified, queue 2, no report */
	fill_ip(&ip, false, 6, 1);
	len = ip_frame(f, d, &ip);
	assert_int_equal(send_check(e, d, f, len, 0, 0), 2);
	/* nor is anything that isn't IP */
	len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x0806, 28, 1);
	assert_int_equal(send_check(e, d, f, len, 0, 0), 2);
}

/*
 * RSS_CONFIG's max_tx_vq sets the pairs in use (Linux relies on it);
 * VQ_PAIRS_SET after it is automatic steering again (5.1.6.5.5).
 */
static void steer_modes(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	uint16_t table[1] = { 3 };
	struct vd_rss rss = { .hash_types = T_ALL, .table_len = 1,
			      .table = table, .max_tx_vq = 2, .key_len = 40,
			      .key = pb_ms_key };
	struct ovnic_resp_rss_query qr;
	unsigned int hits[NQ] = { 0 };
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;

	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &qr), OVNIC_STATUS_OK);
	assert_int_equal(ovnic_le16_to_cpu(qr.curr_vqp), 2);
	assert_int_equal(qr.steering, OVNIC_RSS_STEER_TABLE);
	fill_ip(&ip, false, 6, 1);
	h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
	len = ip_frame(f, d, &ip);
	assert_int_equal(send_check(e, d, f, len, h, rep), 3);

	assert_int_equal(vd_ctrl_mq_pairs(d, 2), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_rss_query(e->c, 0, &qr), OVNIC_STATUS_OK);
	assert_int_equal(qr.steering, OVNIC_RSS_STEER_AUTO);
	/* the hash still reported, the queue now among the 2 pairs */
	for (n = 0; n < 64; n++) {
		fill_ip(&ip, false, 6, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		len = ip_frame(f, d, &ip);
		hits[send_check(e, d, f, len, h, rep)]++;
	}
	assert_true(hits[0] > 0 && hits[1] > 0);
	assert_int_equal(hits[2] + hits[3], 0);
}

/* Only HASH_REPORT: HASH_CONFIG, hashes reported, automatic steering. */
static void steer_hash_config(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_HR);
	unsigned int hits[NQ] = { 0 };
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;

	/* before HASH_CONFIG: reports NONE, only receiveq1 */
	fill_ip(&ip, true, 17, 1);
	len = ip_frame(f, d, &ip);
	assert_int_equal(send_check(e, d, f, len, 0, 0), 0);
	assert_int_equal(vd_ctrl_hash_config(d, HT(UDPv6) | HT(IPv6),
					     pb_ms_key, 40), VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl_mq_pairs(d, NQ), VIRTIO_NET_OK);
	for (n = 0; n < 64; n++) {
		fill_ip(&ip, true, 17, n);
		h = pb_expected_hash(&ip, HT(UDPv6) | HT(IPv6), pb_ms_key, 40,
				     &rep);
		len = ip_frame(f, d, &ip);
		hits[send_check(e, d, f, len, h, rep)]++;
	}
	for (n = 0; n < NQ; n++)
		assert_true(hits[n] > 0);
	/* RSS is not negotiated: RSS_CONFIG is refused */
	assert_int_equal(vd_ctrl_rss(d, &(struct vd_rss){ .table_len = 1,
							  .max_tx_vq = 1 }),
			 VIRTIO_NET_ERR);
}

/* Frames from another device of the card are steered as the wire's. */
static void steer_dev_to_dev(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	struct vd_dev *s = ut_dev(e, 1, NULL);
	uint8_t b[PB_MAX], f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;
	int q;

	rss_on(d, T_ALL);
	for (n = 0; n < 16; n++) {
		fill_ip(&ip, n & 1, 6, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		len = pb_ip(b, &ip, NULL, 0);
		len = pb_eth(f, d->mac, s->mac, 0xffff,
			     ip.v6 ? 0x86dd : 0x0800, b, len);
		assert_int_equal(ut_send(s, f, len), 0);
		assert_int_equal(vd_vq_drain(vd_txq(s, 0)), 1);
		q = recv_one(d);
		assert_int_equal(pkt.hash_report, rep);
		assert_int_equal(pkt.hash_value, h);
		assert_int_equal(q, (h & 127) % NQ);
	}
}

/*
 * Loopback (DEV_SET_LOOPBACK): a device's own frames come back steered,
 * hashed and reported exactly as the same frames from the wire, in the
 * same virtio-net header, through its 20-byte transmit headers
 * (HASH_REPORT) too.
 */
static void steer_loopback(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = rdev(e, 0, F_RSS);
	unsigned int hits = 0;
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	uint16_t n, rep;
	uint32_t h, len;
	int q, wq;

	rss_on(d, T_ALL);
	assert_int_equal(d->hdr_len, VD_NET_HDR_HASH_LEN);
	for (n = 0; n < 16; n++) {
		assert_int_equal(vd_cmd_set_loopback(e->c, 0,
						     OVNIC_LOOPBACK_OFF),
				 OVNIC_STATUS_OK);
		fill_ip(&ip, n & 1, n & 2 ? 17 : 6, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		len = ip_frame(f, d, &ip);
		wq = send_check(e, d, f, len, h, rep);
		assert_int_equal(vd_cmd_set_loopback(e->c, 0, OVNIC_LOOPBACK_ON),
				 OVNIC_STATUS_OK);
		assert_int_equal(ut_send(d, f, len), 0);
		assert_int_equal(vd_vq_drain(vd_txq(d, 0)), 1);
		q = recv_one(d);
		assert_int_equal(q, wq);
		assert_int_equal(pkt.len, len);
		assert_memory_equal(pkt.data, f, len);
		assert_int_equal(pkt.hash_report, rep);
		assert_int_equal(pkt.hash_value, h);
		assert_int_equal(pkt.hdr.flags, 0);
		assert_int_equal(pkt.hdr.gso_type, VIRTIO_NET_HDR_GSO_NONE);
		assert_int_equal(pkt.hdr.num_buffers, 1);
		assert_int_equal(pkt.used_len, d->hdr_len + len);
		hits |= 1u << q;
	}
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	/* the frames went over more than one queue */
	assert_true(hits & (hits - 1));
	assert_int_equal(ut_ctr(vd_txq(d, 0), OVNIC_VQC_PACKETS), 16);
}

/* The card's maximum: 32 queue pairs, a 128-entry table over all of them. */
static void steer_32_pairs(void **state)
{
	struct ovnic_card_params params = { .max_devices = 2, .max_vqp = 32,
					    .max_queue_size = 256,
					    .num_cores = 2 };
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = 32, .features = F_RSS,
				  .queue_size = 64 };
	uint16_t table[128];
	struct vd_rss rss = { .hash_types = T_ALL, .table_len = 128,
			      .table = table, .max_tx_vq = 32, .key_len = 40,
			      .key = pb_ms_key };
	unsigned int hits[32] = { 0 }, q, busy = 0;
	uint8_t f[PB_MAX];
	struct pb_ip ip;
	struct vd_dev *d;
	uint16_t n, rep;
	uint32_t h;

	ut_card_free(e->c);
	e->c = vd_card_new(&params);
	assert_non_null(e->c);
	d = ut_dev(e, 0, &cfg);
	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	for (q = 0; q < 32; q++) {
		vd_rx_fill(vd_rxq(d, q), 32, RX_BUF);
		vd_vq_kick_run(vd_rxq(d, q));
	}
	for (n = 0; n < 128; n++)
		table[n] = (uint16_t)(127 - n) % 32;
	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	for (n = 0; n < 256; n++) {
		fill_ip(&ip, n & 1, 17, n);
		h = pb_expected_hash(&ip, T_ALL, pb_ms_key, 40, &rep);
		wire_send(e, f, ip_frame(f, d, &ip));
		q = table[h & 127];
		assert_int_equal(vd_rx_recv(vd_rxq(d, q), &pkt), 1);
		assert_int_equal(pkt.hash_value, h);
		hits[q]++;
	}
	for (q = 0; q < 32; q++)
		busy += hits[q] > 0;
	assert_true(busy >= 28);
	/* 33 pairs does not exist: the last entry at 32 is refused */
	table[127] = 32;
	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_ERR);
}

/* A table entry naming a queue the driver never enabled: a counted drop. */
static void steer_queue_not_ready(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .max_vqp = NQ, .features = F_RSS };
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	uint16_t table[1] = { 3 };
	struct vd_rss rss = { .hash_types = T_ALL, .table_len = 1,
			      .table = table, .max_tx_vq = NQ, .key_len = 40,
			      .key = pb_ms_key };
	struct ovnic_cmd_vq_modify m = {
		.qid = ovnic_cpu_to_le16(6),
		.modify_mask = ovnic_cpu_to_le32(OVNIC_VQ_MODIFY_READY),
		.ready = 0,
	};
	uint8_t f[PB_MAX];
	struct pb_ip ip;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(vd_ctrl_rss(d, &rss), VIRTIO_NET_OK);
	assert_int_equal(vd_cmd_vq_modify(e->c, 0, &m), OVNIC_STATUS_OK);
	fill_ip(&ip, false, 6, 1);
	wire_send(e, f, ip_frame(f, d, &ip));
	assert_int_equal(ut_ctr(vd_rxq(d, 3), OVNIC_VQC_DROP_NO_BUFFER), 1);
	assert_int_equal(ut_ctr(vd_rxq(d, 3), OVNIC_VQC_PACKETS), 0);
}

/* ---- the header on transmit ---- */

/* With HASH_REPORT the driver's transmit header is 20 bytes too. */
static void tx_hash_header(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev_cfg cfg = { .features = F_HR };
	struct vd_dev *d = ut_dev(e, 0, &cfg);
	uint8_t f[200];
	uint32_t len;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	assert_int_equal(d->hdr_len, VD_NET_HDR_HASH_LEN);
	len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x0800, 100, 3);
	assert_int_equal(ut_send(d, f, len), 0);
	ut_expect_wire(e->c, f, len);
	/* a bare Ethernet header after the 20 bytes is a frame ... */
	assert_int_equal(ut_send(d, f, 14), 0);
	ut_expect_wire(e->c, f, 14);
	/* ... one byte less is not */
	assert_int_equal(ut_send(d, f, 13), 0);
	assert_int_equal(up_wire_pending(e->c->plat), 0);
	assert_int_equal(ut_ctr(vd_txq(d, 0), OVNIC_VQC_DROP_BAD_DESC), 1);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, steer_table);
	UT_ADD(&l, steer_modes);
	UT_ADD(&l, steer_hash_config);
	UT_ADD(&l, steer_dev_to_dev);
	UT_ADD(&l, steer_loopback);
	UT_ADD(&l, steer_32_pairs);
	UT_ADD(&l, steer_queue_not_ready);
	UT_ADD(&l, tx_hash_header);
	return ut_run("rss_steer", &l);
}
