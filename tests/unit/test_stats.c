// SPDX-License-Identifier: GPL-2.0 OR BSD-3-Clause
/*
 * Device statistics (virtio 1.3 5.1.6.5.10): STATS_QUERY advertises the
 * types the card implements (CVQ, RX_BASIC, TX_BASIC), STATS_GET answers
 * each (queue, type) with a header of the exact size and the counters of
 * the data path, and any invalid entry fails the whole command.
 */
#include "unit.h"

#define RX_BASIC_LEN	(8 + 6 * 8)
#define TX_BASIC_LEN	(8 + 6 * 8)
#define CVQ_LEN		(8 + 2 * 8)
#define SUPPORTED	(VIRTIO_NET_STATS_TYPE_CVQ | \
			 VIRTIO_NET_STATS_TYPE_RX_BASIC | \
			 VIRTIO_NET_STATS_TYPE_TX_BASIC)

static const uint8_t far_mac[6] = { 0x02, 0, 0, 0, 0x99, 0x99 };

struct entry {
	uint16_t vq;
	uint64_t types;
};

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put_le64(uint8_t *p, uint64_t v)
{
	int i;

	for (i = 0; i < 8; i++)
		p[i] = v >> (8 * i);
}

static uint16_t get_le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint64_t get_le64(const uint8_t *p)
{
	uint64_t v = 0;
	int i;

	for (i = 7; i >= 0; i--)
		v = v << 8 | p[i];
	return v;
}

/* STATS_GET of @n entries into @out (@room bytes); returns the ack. */
static int stats_get(struct vd_dev *d, const struct entry *e, unsigned int n,
		     uint8_t *out, uint32_t room, uint32_t *got)
{
	uint8_t req[16 * 8] = { 0 };
	unsigned int i;

	assert_true(n <= 8);
	for (i = 0; i < n; i++) {
		put_le16(req + 16 * i, e[i].vq);
		put_le64(req + 16 * i + 8, e[i].types);
	}
	return vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS,
			      VIRTIO_NET_CTRL_STATS_GET, req, 16 * n, out,
			      room, got);
}

static struct vd_dev *stats_dev(struct ut_env *e, uint16_t max_vqp)
{
	struct vd_dev_cfg cfg = { .max_vqp = max_vqp };
	struct vd_dev *d;

	vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
	d = ut_dev(e, 0, &cfg);
	vd_rx_fill(vd_rxq(d, 0), 8, 1526);
	vd_vq_kick_run(vd_rxq(d, 0));
	return d;
}

/* A reply header says what follows: type, queue, exact size. */
static const uint8_t *expect_hdr(const uint8_t *p, uint8_t type, uint16_t vq,
				 uint16_t size)
{
	assert_int_equal(p[0], type);
	assert_int_equal(p[1], 0);
	assert_int_equal(get_le16(p + 2), vq);
	assert_int_equal(get_le16(p + 4), 0);
	assert_int_equal(get_le16(p + 6), size);
	return p + 8;
}

static void stats_query(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = stats_dev(e, 1);
	uint8_t out[16];
	uint32_t got = 0;

	memset(out, 0x5a, sizeof(out));
	assert_int_equal(vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS,
					VIRTIO_NET_CTRL_STATS_QUERY, NULL, 0,
					out, sizeof(out), &got),
			 VIRTIO_NET_OK);
	assert_int_equal(got, 8);
	assert_int_equal(get_le64(out), SUPPORTED);
	assert_int_equal(out[8], 0x5a);
	/* data where none belongs, no room for the result: ERR */
	assert_int_equal(vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS,
					VIRTIO_NET_CTRL_STATS_QUERY, "x", 1,
					out, sizeof(out), &got),
			 VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS,
					VIRTIO_NET_CTRL_STATS_QUERY, NULL, 0,
					out, 7, &got), VIRTIO_NET_ERR);
	assert_int_equal(vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS, 2, NULL, 0,
					out, sizeof(out), &got),
			 VIRTIO_NET_ERR);
}

/* Every counter of every type, against traffic counted here. */
static void stats_counters(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = stats_dev(e, 1);
	struct vd_vq *rx = vd_rxq(d, 0), *tx = vd_txq(d, 0);
	struct entry req[] = {
		{ 0, VIRTIO_NET_STATS_TYPE_RX_BASIC },
		{ 1, VIRTIO_NET_STATS_TYPE_TX_BASIC },
		{ 2, VIRTIO_NET_STATS_TYPE_CVQ },
	};
	uint8_t out[256], f[256];
	const uint8_t *p;
	uint64_t cvq_done;
	uint32_t rx_len, tx_len, got = 0;
	int i;

	/* 12 frames in for 8 buffers: 4 dropped for overrun */
	rx_len = vd_frame(f, d->mac, far_mac, VD_NO_VLAN, 0x88b5, 100, 1);
	for (i = 0; i < 12; i++)
		vd_wire_rx(e->c, f, rx_len);
	/* 2 frames out, one malformed (shorter than a header + Ethernet) */
	tx_len = vd_frame(f, far_mac, d->mac, VD_NO_VLAN, 0x88b5, 200, 2);
	assert_int_equal(ut_send(d, f, tx_len), 0);
	assert_int_equal(ut_send(d, f, tx_len), 0);
	assert_int_equal(ut_send(d, f, 10), 0);
	assert_int_equal(vd_ctrl_rx_mode(d, VIRTIO_NET_CTRL_RX_PROMISC, 1),
			 VIRTIO_NET_OK);
	assert_int_equal(vd_ctrl(d, VIRTIO_NET_CTRL_RX, 9, NULL, 0),
			 VIRTIO_NET_ERR);
	cvq_done = ut_ctr(vd_cvq(d), OVNIC_VQC_PACKETS);

	assert_int_equal(stats_get(d, req, 3, out, sizeof(out), &got),
			 VIRTIO_NET_OK);
	assert_int_equal(got, RX_BASIC_LEN + TX_BASIC_LEN + CVQ_LEN);
	p = expect_hdr(out, 0, 0, RX_BASIC_LEN);
	assert_int_equal(get_le64(p), ut_ctr(rx, OVNIC_VQC_KICKS));
	assert_int_equal(get_le64(p + 8), 8);
	assert_int_equal(get_le64(p + 16), 8 * rx_len);
	assert_int_equal(get_le64(p + 24), ut_ctr(rx, OVNIC_VQC_INTERRUPTS));
	assert_int_equal(get_le64(p + 24), 8);
	assert_int_equal(get_le64(p + 32), 4);
	assert_int_equal(get_le64(p + 40), 4);
	p = expect_hdr(out + RX_BASIC_LEN, 16, 1, TX_BASIC_LEN);
	assert_int_equal(get_le64(p), 3);
	assert_int_equal(get_le64(p + 8), 2);
	assert_int_equal(get_le64(p + 16), 2 * tx_len);
	assert_int_equal(get_le64(p + 24), ut_ctr(tx, OVNIC_VQC_INTERRUPTS));
	assert_int_equal(get_le64(p + 32), 1);
	assert_int_equal(get_le64(p + 40), 1);
	/* this command included: all so far plus it, two of them ERR */
	p = expect_hdr(out + RX_BASIC_LEN + TX_BASIC_LEN, 32, 2, CVQ_LEN);
	assert_int_equal(get_le64(p), cvq_done + 1);
	assert_int_equal(get_le64(p + 8), cvq_done + 1 - 1);
	up_wire_clear(e->c->plat);
}

/* Several types per entry: one reply each, by ascending type bit. */
static void stats_order_and_queues(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = stats_dev(e, 2);
	struct entry req[] = {
		{ 4, VIRTIO_NET_STATS_TYPE_CVQ },
		{ 3, VIRTIO_NET_STATS_TYPE_TX_BASIC },
		{ 2, VIRTIO_NET_STATS_TYPE_RX_BASIC },
		{ 0, 0 },		/* asks for nothing: no reply */
		{ 3, VIRTIO_NET_STATS_TYPE_TX_BASIC },
	};
	uint8_t out[512];
	uint32_t got = 0;
	const uint8_t *p = out;

	assert_int_equal(d->cvq_idx, 4);
	assert_int_equal(stats_get(d, req, UT_ARRAY_SIZE(req), out,
				   sizeof(out), &got), VIRTIO_NET_OK);
	assert_int_equal(got, CVQ_LEN + 2 * TX_BASIC_LEN + RX_BASIC_LEN);
	expect_hdr(p, 32, 4, CVQ_LEN);
	p += CVQ_LEN;
	expect_hdr(p, 16, 3, TX_BASIC_LEN);
	p += TX_BASIC_LEN;
	expect_hdr(p, 0, 2, RX_BASIC_LEN);
	p += RX_BASIC_LEN;
	expect_hdr(p, 16, 3, TX_BASIC_LEN);
}

/* A buffer too small: only whole replies, never a header of size 0. */
static void stats_small_buffer(void **state)
{
	struct ut_env *e = *state;
	struct vd_dev *d = stats_dev(e, 1);
	struct entry req[] = {
		{ 0, VIRTIO_NET_STATS_TYPE_RX_BASIC },
		{ 1, VIRTIO_NET_STATS_TYPE_TX_BASIC },
	};
	uint8_t out[128];
	uint32_t got = 0;

	memset(out, 0x5a, sizeof(out));
	assert_int_equal(stats_get(d, req, 2, out, RX_BASIC_LEN + 20, &got),
			 VIRTIO_NET_OK);
	assert_int_equal(got, RX_BASIC_LEN);
	expect_hdr(out, 0, 0, RX_BASIC_LEN);
	assert_int_equal(out[RX_BASIC_LEN], 0x5a);
	assert_int_equal(stats_get(d, req, 2, out, 10, &got), VIRTIO_NET_OK);
	assert_int_equal(got, 0);
}

struct bad_row {
	const char *name;
	struct entry e[3];
	unsigned int n;
	uint32_t raw_len;	/* nonzero: request of this length instead */
	uint16_t max_vqp;	/* 0: 1 */
};

#define T(x)	VIRTIO_NET_STATS_TYPE_##x

static const struct bad_row bad_rows[] = {
	{ "vq_past_cvq", { { 3, T(TX_BASIC) } }, 1 },
	{ "vq_0xffff", { { 0xffff, T(RX_BASIC) } }, 1 },
	{ "unknown_type", { { 0, 1ull << 5 } }, 1 },
	{ "unknown_high_type", { { 2, 1ull << 33 } }, 1 },
	{ "rx_type_on_tx", { { 1, T(RX_BASIC) } }, 1 },
	{ "tx_type_on_rx", { { 0, T(TX_BASIC) } }, 1 },
	{ "cvq_type_on_rx", { { 0, T(CVQ) } }, 1 },
	{ "rx_type_on_cvq", { { 2, T(RX_BASIC) } }, 1 },
	{ "rx_csum_not_offered", { { 0, T(RX_CSUM) } }, 1 },
	{ "rx_gso_not_offered", { { 0, T(RX_GSO) } }, 1 },
	{ "rx_speed_not_offered", { { 0, T(RX_SPEED) } }, 1 },
	{ "tx_csum_not_offered", { { 1, T(TX_CSUM) } }, 1 },
	{ "tx_gso_not_offered", { { 1, T(TX_GSO) } }, 1 },
	{ "tx_speed_not_offered", { { 1, T(TX_SPEED) } }, 1 },
	{ "one_bad_of_three", { { 0, T(RX_BASIC) }, { 1, T(TX_BASIC) },
				{ 1, T(RX_BASIC) } }, 3 },
	{ "good_and_unknown_bits", { { 0, T(RX_BASIC) | 1ull << 63 } }, 1 },
	{ "rx_queue_of_unused_pair", { { 2, T(RX_BASIC) } }, 1, 0, 2 },
	{ "empty_request", { { 0 } }, 0, 0 },
	{ "15_bytes", { { 0 } }, 0, 15 },
	{ "17_bytes", { { 0 } }, 0, 17 },
};

/* One invalid entry fails the whole command (device requirements): no replies. */
static void stats_bad_request(void **state)
{
	struct ut_env *e = *state;
	const struct bad_row *r = e->param;
	struct vd_dev *d;
	uint8_t out[256], req[32] = { 0 };
	uint32_t got = 0xdead;
	int ack;

	if (r->max_vqp) {
		/* two pairs but no MQ: queue 2 is the control queue */
		struct vd_dev_cfg cfg = {
			.max_vqp = r->max_vqp,
			.features = VD_F_DEFAULT & ~VD_BIT(VIRTIO_NET_F_MQ),
		};

		vd_reg_write(e->c, OVNIC_REG_WIRE_LINK, 1);
		d = ut_dev(e, 0, &cfg);
		assert_int_equal(d->cvq_idx, 2);
	} else {
		d = stats_dev(e, 1);
	}
	memset(out, 0x5a, sizeof(out));
	if (r->raw_len)
		ack = vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS,
				     VIRTIO_NET_CTRL_STATS_GET, req,
				     r->raw_len, out, sizeof(out), &got);
	else if (!r->n)
		ack = vd_ctrl_result(d, VIRTIO_NET_CTRL_STATS,
				     VIRTIO_NET_CTRL_STATS_GET, NULL, 0, out,
				     sizeof(out), &got);
	else
		ack = stats_get(d, r->e, r->n, out, sizeof(out), &got);
	assert_int_equal(ack, VIRTIO_NET_ERR);
	assert_int_equal(got, 0);
	assert_int_equal(out[0], 0x5a);
}

int main(void)
{
	struct ut_list l = { 0 };

	UT_ADD(&l, stats_query);
	UT_ADD(&l, stats_counters);
	UT_ADD(&l, stats_order_and_queues);
	UT_ADD(&l, stats_small_buffer);
	UT_ADD_TABLE(&l, stats_bad_request, bad_rows);
	return ut_run("stats", &l);
}
